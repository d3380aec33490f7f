/**
 * Sets the cascade screen's density threshold (src/scan/screen.ts) on a
 * DEVELOPMENT split only: clean Wikinews dev articles and the same spun by
 * the fixture spinner (10/20/35%), judged by the full model.
 * Prints, for each share of the model's spun verdicts to keep, the density
 * threshold and the share of clean documents the screen would clear.
 *
 *   npx tsx bench/scan/calibrate.ts
 */
import { wikinewsDocuments } from '../../tools/corpora.js';
import { loadSpinner } from '../fixtures/spinner.js';
import { createChecker } from '../../src/index.js';
import { detect } from '../../src/detect/index.js';
import { extract } from '../../src/extract/index.js';
import { tokenize } from '../../src/text/tokenize.js';
import { suspectDensity } from '../../src/scan/screen.js';

const checker = createChecker();
const spinner = loadSpinner();
// Wikinews' dev split: news the model's tables never counted (its n-gram counts include the BBC and
// Reuters dev splits, so the screen reads those as more familiar than any crawl would be).
const docs = [...wikinewsDocuments()].filter((d) => d.split === 'dev' && d.body.length >= 500);
const spun: number[] = [];
const clean: number[] = [];
let screenMs = 0;
let modelMs = 0;
let k = 0;
let sampled = 0;
for (const d of docs) {
  // Every 4th dev article, clean; every other one of those also spun, the rate and farm rotating.
  if (k++ % 4 !== 0) continue;
  const n = sampled++;
  const variants = [d.body];
  if (n % 2 === 0) variants.push(spinner.spin(d.body, { rate: [0.1, 0.2, 0.35][(n >> 1) % 3]!, seed: 1 + ((n >> 1) % 7) }).text);
  for (const text of variants) {
    const article = extract(text, { kind: 'text' });
    const tokens = tokenize(article.text);
    let t = performance.now();
    const density = suspectDensity(tokens)!;
    screenMs += performance.now() - t;
    t = performance.now();
    const full = detect(article, tokens, { lexicon: checker.lexicon, model: checker.model });
    modelMs += performance.now() - t;
    if (full.verdict.spun) spun.push(density);
    else if (text === d.body) clean.push(density);
  }
}
spun.sort((a, b) => a - b);
console.log(`dev documents: ${clean.length} clean (model: not spun), ${spun.length} judged spun by the model`);
console.log(`screen ${(screenMs / (clean.length + spun.length)).toFixed(2)} ms/doc, lexicons + model ${(modelMs / (clean.length + spun.length)).toFixed(2)} ms/doc`);
for (const keep of [0.95, 0.97, 0.99, 1]) {
  const threshold = spun[Math.min(spun.length - 1, Math.floor((1 - keep) * spun.length))]!;
  const cleared = clean.filter((d) => d < threshold).length / clean.length;
  console.log(`keep ${(keep * 100).toFixed(0)}%: clear below ${threshold.toFixed(1)} suspects/1000 words -> clears ${(cleared * 100).toFixed(1)}% of clean documents`);
}
