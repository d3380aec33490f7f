/**
 * Issue 9 item 5: does the replaced-token detector, as a verifier of the
 * statistical model's slots, beat the statistical model alone? Measured on
 * DEVELOPMENT data only, with the real detection stages (lexicons, document
 * consistency, verdict, restoration choice) around the model:
 *   - clean: dev-split documents of Wikipedia (first 10,000 characters),
 *     Wikinews and the science abstracts, after the first 300 of each (the
 *     statistical model's scorer was fitted on those): findings per 1,000
 *     words, share judged spun, documents with more than 5 findings;
 *   - the same documents spun at 10% by the fixture spinner, with the
 *     held-out dictionary (Aiksaurus, which neither model was built or
 *     trained with) and with the thesauri (PPDB + MyThes: the statistical
 *     model reverses them and the detector was trained on their spins);
 *   - MPC SpinBot development half (lines 1-100);
 *   - speed: the detector's time per 1,000 words (onnxruntime-node, one thread).
 *
 *   npx tsx scripts/neural/dev-eval.ts RUN_DIR [--part tune|measure] [--grid '[{"weight":0.5,"offset":-2}]']
 *
 * `tune` reads dev documents 300-449 of each domain, `measure` 450-749: the
 * combination is chosen on the first and reported on the second.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSpinner } from '../../bench/fixtures/spinner.js';
import { countWords, type TextChecker } from '../../eval/harness.js';
import { measureMpcHalf, prepareMpc } from '../../eval/sections/mpc.js';
import { measureSynthetic, spinSamples } from '../../eval/sections/synthetic.js';
import { detectArticle } from '../../src/detect/index.js';
import { sectionRanges } from '../../src/detect/sections.js';
import { extract } from '../../src/extract/index.js';
import { compileDefaultLexicons } from '../../src/lexicon/index.js';
import { avoidedPair } from '../../src/model/grammar.js';
import { loadDefaultModel, StatisticalModel } from '../../src/model/index.js';
import { loadTermModel, withTerms } from '../../src/model/terms/index.js';
import { applySuggestions, chooseRestorations } from '../../src/restore/index.js';
import { positionOf, toSequence } from '../../src/model/sequence.js';
import { tokenize } from '../../src/text/tokenize.js';
import { auroc } from '../../eval/metrics.js';
import type { CheckResult } from '../../src/types.js';
import { broadDocuments, DOMAINS, mpcPairs } from '../../tools/corpora.js';
import { NeuralDetector } from './detector.js';
import { VerifiedModel, type Combination } from './verified.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { part: { type: 'string', default: 'tune' }, grid: { type: 'string' }, out: { type: 'string' }, docs: { type: 'string' }, mpc: { type: 'string', default: '100' } } });
const run = positionals[0] ?? '/tmp/neural/run';
const part = values.part === 'measure' ? { from: 450, to: 750 } : { from: 300, to: 450 };
// A smoke run: fewer documents (`--docs 5 --mpc 5`).
if (values.docs) part.to = part.from + Number(values.docs);
const grid: Array<Partial<Combination>> = values.grid ? JSON.parse(values.grid) : [{ weight: 0 }, { weight: 0.5, offset: -1.7 }, { weight: 1, offset: -1.7 }];

const stat = loadDefaultModel();
if (!(stat instanceof StatisticalModel)) throw new Error('the shipped model is needed (data/model/model.bin)');
const detector = await NeuralDetector.load(join(run, 'detector.onnx'), join(run, 'vocab.txt'), stat.data);
const verified = new VerifiedModel(stat, detector);
const terms = loadTermModel();
const model = terms ? withTerms(terms, verified) : verified;
const lexicon = compileDefaultLexicons();
const fitsNot = (left: string, right: string) => avoidedPair(stat.data, left, right);
const checker: TextChecker = {
  check(input: unknown): CheckResult {
    const text = typeof input === 'string' ? input : (input as { text: string }).text;
    const article = extract(text, { kind: 'text' });
    const detection = detectArticle(article, { lexicon, model, threshold: 0.5 });
    const findings = chooseRestorations(article.text, detection.findings, fitsNot);
    const result: CheckResult = { input: '<dev>', verdict: detection.verdict, findings, restored: applySuggestions(article.text, findings) };
    if (article.text !== text) result.text = article.text;
    return result;
  },
} as TextChecker;

/** A paragraph-aligned head of a long article (as the statistical model's calibration reads Wikipedia). */
const head = (body: string, limit = 10_000) => {
  if (body.length <= limit) return body;
  const cut = body.lastIndexOf('\n\n', limit);
  return body.slice(0, cut > 2000 ? cut : limit);
};

let detectorMs = 0;
let detectorWords = 0;
let statisticalMs = 0;
async function prepare(text: string): Promise<void> {
  const article = extract(text, { kind: 'text' });
  // Every section as detectArticle cuts it (a long input is judged section by section).
  const ranges = sectionRanges(article.text, article.excluded);
  const started = performance.now();
  const sections = ranges.map(({ start, end }) => tokenize(ranges.length === 1 ? article.text : article.text.slice(start, end)));
  for (const tokens of sections) await verified.prepare(tokens);
  detectorMs += performance.now() - started;
  // The statistical model on the same sections, for comparison.
  const statStarted = performance.now();
  for (const tokens of sections) stat.assessDocument(tokens, new Uint8Array(tokens.count));
  statisticalMs += performance.now() - statStarted;
  detectorWords += countWords(article.text);
}

const samples: Record<string, { heldOut: ReturnType<typeof spinSamples>; thesauri: ReturnType<typeof spinSamples> }> = {};
const heldOut = loadSpinner(undefined, 'held-out');
const thesauri = loadSpinner(undefined, 'thesauri');
for (const domain of DOMAINS) {
  const docs: Array<{ id: string; text: string }> = [];
  let seen = 0;
  for (const doc of broadDocuments(domain)) {
    if (doc.split !== 'dev' || doc.body.length < 400) continue;
    if (seen++ < part.from) continue;
    docs.push({ id: doc.id, text: `${doc.title}\n\n${head(doc.body)}` });
    if (seen >= part.to) break;
  }
  samples[domain] = { heldOut: spinSamples(docs, heldOut, [0.1]), thesauri: spinSamples(docs, thesauri, [0.1]) };
}
const mpc = prepareMpc(mpcPairs().filter((p) => p.line <= Math.min(100, Number(values.mpc))));
for (const { heldOut: h, thesauri: t } of Object.values(samples)) {
  for (const s of [...h, ...t]) {
    await prepare(s.text);
    for (const spun of s.spun) await prepare(spun.text);
  }
}
for (const { pair } of mpc) {
  await prepare(pair.original);
  await prepare(pair.spun);
}
const speed = { detectorMsPer1000Words: (detectorMs * 1000) / detectorWords, statisticalMsPer1000Words: (statisticalMs * 1000) / detectorWords, words: detectorWords };
console.log(`detector: ${speed.detectorMsPer1000Words.toFixed(1)} ms per 1,000 words, statistical model ${speed.statisticalMsPer1000Words.toFixed(1)} ms, over ${detectorWords} words`);

// Slot level: how well each score ranks the spinner's words above the writer's among the
// statistical model's slots (words with candidate originals), on the spun documents.
const slotLevel: Record<string, Record<string, number>> = {};
for (const domain of DOMAINS) {
  for (const [dictionary, list] of Object.entries(samples[domain]!)) {
    const stats: number[][] = [[], []];
    const neural: number[][] = [[], []];
    const both: Record<string, number[][]> = { '0.25': [[], []], '0.5': [[], []], '1': [[], []] };
    for (const sample of list) {
      const spun = sample.spun[0]!;
      const tokens = tokenize(spun.text);
      const scan = stat.assess(tokens, new Uint8Array(tokens.count));
      const logits = await detector.score(toSequence(tokens, stat.data.vocabulary));
      const sequence = toSequence(tokens, stat.data.vocabulary);
      let e = 0;
      for (let k = 0; k < scan.count; k++) {
        if (scan.neutral[k] === 1) continue;
        const t = scan.tokens[k]!;
        const start = tokens.starts[t]!;
        while (e < spun.edits.length && spun.edits[e]!.end <= start) e++;
        const label = e < spun.edits.length && spun.edits[e]!.start < tokens.ends[t]! ? 0 : 1;
        const lr = scan.logRatios[k]!;
        const z = logits[positionOf(sequence, t)]!;
        stats[label]!.push(lr);
        neural[label]!.push(z);
        for (const w of Object.keys(both)) both[w]![label]!.push(lr + Number(w) * (z + 1.7));
      }
    }
    const entry: Record<string, number> = { slots: stats[0]!.length + stats[1]!.length, spinnerWords: stats[0]!.length, statistical: auroc(stats[0]!, stats[1]!), detector: auroc(neural[0]!, neural[1]!) };
    for (const [w, pair] of Object.entries(both)) entry[`combined w=${w}`] = auroc(pair[0]!, pair[1]!);
    slotLevel[`${domain}/${dictionary}`] = entry;
    console.log(`slots ${domain}/${dictionary}:`, Object.entries(entry).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`).join(', '));
  }
}

const results: unknown[] = [];
for (const change of grid) {
  verified.combination = { weight: 0, offset: 0, mode: 'evidence', ...change };
  verified.missed = 0;
  const started = performance.now();
  const row: Record<string, unknown> = { combination: verified.combination };
  const parts: string[] = [];
  for (const domain of DOMAINS) {
    const h = measureSynthetic(checker, samples[domain]!.heldOut, [0.1]);
    const t = measureSynthetic(checker, samples[domain]!.thesauri, [0.1]);
    const r = (m: typeof h) => m.rates[0]!;
    row[domain] = {
      documents: h.documents,
      clean: h.originals,
      heldOut: { precision: r(h).span.precision, recall: r(h).span.recall, auroc: r(h).auroc },
      thesauri: { precision: r(t).span.precision, recall: r(t).span.recall, auroc: r(t).auroc },
    };
    parts.push(
      `${domain}: clean ${h.originals.findingsPer1000Words.toFixed(2)}/1000w spun ${(100 * h.originals.shareJudgedSpun).toFixed(1)}% | ` +
        `held-out P ${r(h).span.precision.toFixed(3)} R ${r(h).span.recall.toFixed(3)} AUROC ${r(h).auroc.toFixed(3)} | ` +
        `thesauri P ${r(t).span.precision.toFixed(3)} R ${r(t).span.recall.toFixed(3)} AUROC ${r(t).auroc.toFixed(3)}`,
    );
  }
  const m = measureMpcHalf(checker, mpc);
  row['mpcDev'] = { document: m.document, span: { precision: m.span.precision, recall: m.span.recall }, originalsJudgedSpun: m.originals - m.originalsNotJudgedSpun };
  parts.push(`MPC dev: F1 ${m.document.f1.toFixed(3)} (P ${m.document.precision.toFixed(3)} R ${m.document.recall.toFixed(3)}), originals judged spun ${m.originals - m.originalsNotJudgedSpun}, span P ${m.span.precision.toFixed(3)} R ${m.span.recall.toFixed(3)}`);
  row['missed'] = verified.missed;
  row['seconds'] = Math.round((performance.now() - started) / 1000);
  results.push(row);
  console.log(JSON.stringify(verified.combination), `(missed ${verified.missed}, ${row['seconds']} s)\n  ` + parts.join('\n  '));
}
if (values.out) writeFileSync(values.out, JSON.stringify({ part: values.part, speed, slotLevel, results }, null, 1));
