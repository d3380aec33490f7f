/**
 * Sets the cascade screen's density threshold (src/scan/screen.ts) on
 * DEVELOPMENT splits only: clean Wikinews and Wikipedia dev articles (text
 * the model's counts never saw, as a crawl's would be) and every other one
 * of them spun by the fixture spinner (10/20/35%, seven farms), each judged
 * by the full model. Prints, for each share of the model's spun verdicts to
 * keep, the density threshold and the share of clean documents the screen
 * would then clear, per domain and pooled.
 *
 *   npx tsx bench/scan/calibrate.ts [--docs 1200]
 *
 * The BBC/Reuters dev halves are not used: their word pairs are in the
 * model's counts, so the screen reads them as more familiar than any crawl.
 */
import { wikinewsDocuments, wikipediaDocuments, type CorpusDocument } from '../../tools/corpora.js';
import { loadSpinner } from '../fixtures/spinner.js';
import { createChecker } from '../../src/index.js';
import { detect } from '../../src/detect/index.js';
import { extract } from '../../src/extract/index.js';
import { tokenize } from '../../src/text/tokenize.js';
import { MAX_SUSPECTS_PER_1000, prepareScreen, suspectDensity } from '../../src/scan/screen.js';

const at = process.argv.indexOf('--docs');
const DOCS = at >= 0 ? Number(process.argv[at + 1]) : 1200;
const checker = createChecker();
const spinner = loadSpinner();
prepareScreen();

interface Densities {
  spun: number[];
  clean: number[];
  screenMs: number;
  modelMs: number;
}

function measure(docs: Iterable<CorpusDocument>, chars: number): Densities {
  const out: Densities = { spun: [], clean: [], screenMs: 0, modelMs: 0 };
  let n = 0;
  for (const d of docs) {
    if (d.split !== 'dev' || d.body.length < 500) continue;
    if (n >= DOCS) break;
    // Long encyclopedia articles are cut to a news article's length: the bench screens pages, not books.
    const body = d.body.slice(0, chars);
    const variants = [body];
    if (n % 2 === 0) variants.push(spinner.spin(body, { rate: [0.1, 0.2, 0.35][(n >> 1) % 3]!, seed: 1 + ((n >> 1) % 7) }).text);
    n++;
    for (const text of variants) {
      const article = extract(text, { kind: 'text' });
      const tokens = tokenize(article.text);
      let t = performance.now();
      const density = suspectDensity(tokens)!;
      out.screenMs += performance.now() - t;
      t = performance.now();
      const full = detect(article, tokens, { lexicon: checker.lexicon, model: checker.model });
      out.modelMs += performance.now() - t;
      if (full.verdict.spun) out.spun.push(density);
      else if (text === body) out.clean.push(density);
    }
  }
  return out;
}

function report(label: string, r: Densities): void {
  const spun = [...r.spun].sort((a, b) => a - b);
  const count = r.spun.length + r.clean.length;
  console.log(`${label}: ${r.clean.length} clean (model: not spun), ${r.spun.length} judged spun by the model; screen ${((1000 * r.screenMs) / count).toFixed(0)} µs/doc, lexicons + model ${((1000 * r.modelMs) / count).toFixed(0)} µs/doc`);
  for (const keep of [0.95, 0.97, 0.99]) {
    const threshold = spun[Math.min(spun.length - 1, Math.floor((1 - keep) * spun.length))]!;
    const cleared = r.clean.filter((d) => d < threshold).length / r.clean.length;
    console.log(`  keep ${(keep * 100).toFixed(0)}%: clear below ${threshold.toFixed(1)} suspects/1000 words -> clears ${(cleared * 100).toFixed(1)}% of clean documents`);
  }
  const kept = r.spun.filter((d) => d >= MAX_SUSPECTS_PER_1000).length / r.spun.length;
  const cleared = r.clean.filter((d) => d < MAX_SUSPECTS_PER_1000).length / r.clean.length;
  console.log(`  the shipped threshold (${MAX_SUSPECTS_PER_1000}): keeps ${(kept * 100).toFixed(1)}% of the model's spun verdicts, clears ${(cleared * 100).toFixed(1)}% of clean documents`);
}

const news = measure(wikinewsDocuments(), Infinity);
const encyclopedia = measure(wikipediaDocuments(), 4000);
report('Wikinews dev', news);
report('Wikipedia dev (first 4,000 characters)', encyclopedia);
report('pooled', { spun: [...news.spun, ...encyclopedia.spun], clean: [...news.clean, ...encyclopedia.clean], screenMs: news.screenMs + encyclopedia.screenMs, modelMs: news.modelMs + encyclopedia.modelMs });
