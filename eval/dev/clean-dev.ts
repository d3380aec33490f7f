/**
 * Development measurement (never a test split): clean text of every domain,
 * on the DEV splits (tools/corpora.ts) — the documents the decision rules
 * are chosen on. Prints, per corpus, findings per 1,000 words, documents
 * judged spun, documents with more than 5 findings, the phrases that cry
 * wolf most and the worst documents.
 *   Run: npx tsx eval/dev/clean-dev.ts [bbc,reuters,wikipedia,wikinews,science] [--json out.json] [--threshold t]
 */
import { writeFileSync } from 'node:fs';
import { createChecker } from '../../src/index.js';
import { bbcDocuments, broadDocuments, reutersDocuments } from '../../tools/corpora.js';
import { measureClean, type CleanDocument } from '../sections/clean.js';

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const thresholdAt = args.indexOf('--threshold');
const threshold = thresholdAt >= 0 ? Number(args[thresholdAt + 1]) : undefined;
const only = args.find((a, i) => !a.startsWith('--') && (jsonAt < 0 || i !== jsonAt + 1) && (thresholdAt < 0 || i !== thresholdAt + 1))?.split(',');
const want = (id: string) => !only || only.includes(id);

function every<T>(items: Iterable<T>, stride: number, keep: (t: T) => boolean): T[] {
  const out: T[] = [];
  let i = 0;
  for (const item of items) if (keep(item) && i++ % stride === 0) out.push(item);
  return out;
}
const dev = (d: CleanDocument) => d.split === 'dev';

const corpora: Array<[string, () => CleanDocument[]]> = [
  ['bbc', () => every(bbcDocuments(), 1, dev)],
  ['reuters', () => every(reutersDocuments(), 3, dev)],
  ['wikipedia', () => every(broadDocuments('wikipedia'), 8, dev)],
  ['wikinews', () => every(broadDocuments('wikinews'), 1, dev)],
  ['science', () => every(broadDocuments('science'), 1, dev)],
];

const checker = createChecker(threshold === undefined ? {} : { threshold });
const out: Record<string, unknown> = {};
for (const [id, read] of corpora) {
  if (!want(id)) continue;
  const docs = read();
  const m = measureClean(checker, docs);
  out[id] = m;
  const a = m.all;
  console.log(`\n== ${id} dev: ${a.documents} documents, ${a.words} words: ${a.findingsPer1000Words.toFixed(3)} findings/1000 words, ${a.findings} findings, judged spun ${a.judgedSpun}, > 5 findings ${a.manyFindings}`);
  console.log('  top false findings:');
  for (const f of m.topFalseFindings) console.log(`    ${f.count}× (${f.documents} docs) [${f.rule}${f.source ? `/${f.source}` : ''}] ${f.actual} → ${f.expected}`);
  console.log('  worst documents:');
  for (const d of m.worstDocuments) console.log(`    ${d.id} (${d.words} w, score ${d.score.toFixed(3)}${d.spun ? ', SPUN' : ''}): ${d.findings}: ${d.phrases.map((p) => `${p.phrase}${p.count > 1 ? ` ×${p.count}` : ''}`).join('; ')}`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(out, null, 1));
