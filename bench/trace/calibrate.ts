/**
 * Where the trace threshold sits on development data: for every dev query, the
 * best candidate's alignment measures, so that a rule can be judged on many
 * more unrelated queries than the table's 200. Dev split only; never run on test.
 *
 *   npx tsx bench/trace/calibrate.ts [--news N] [--work DIR] [--rows]
 *
 * Sets: recall-mpc (MPC dev spun paragraphs, own original present), unrelated-mpc
 * (the same, own original removed, siblings present), unrelated-news (N dev news
 * articles spun at 10/20/35%, originals removed), and recall-para / unrelated-para
 * (150 dev BBC articles indexed paragraph by paragraph; two spun paragraphs of
 * each searched with and without their own paragraph). --rows prints every row.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openIndex } from '../../dist/trace/index.js';
import { alignTokens } from '../../dist/trace/align.js';
import { matchScore, qualifies } from '../../dist/trace/match.js';
import { tokenize } from '../../dist/text/tokenize.js';
import { mpcPairs } from '../../tools/corpora.js';
import { loadSpinner } from '../fixtures/spinner.js';
import { isNews, referenceDocuments, sharingDocuments, RATES, type ReferenceDocument } from './corpus.js';
import { buildIndex } from './trace.js';

const args = process.argv.slice(2);
const newsAt = args.indexOf('--news');
const NEWS = newsAt >= 0 ? Number(args[newsAt + 1]) : 1000;
const workAt = args.indexOf('--work');
const workDir = workAt >= 0 ? args[workAt + 1]! : mkdtempSync(join(tmpdir(), 'unspin-trace-calibrate-'));
mkdirSync(workDir, { recursive: true });

const docs = referenceDocuments();
const sharing = sharingDocuments(docs);
const byId = new Map(docs.map((d) => [d.id, d]));
const { index } = buildIndex(join(workDir, 'reference.db'), docs);
// The private candidate search, reached for measurement only.
const raw = index as unknown as { features(tokens: unknown): Iterable<string>; statements: { postings: { all(f: string, n: number): number[] }; byDoc: { get(doc: number): { id: string; text: string } | undefined } }; counter(name: string): number; flushPostings(): void };

interface Row { kind: string; id: string; best?: string; score: number; matched: number; qualifies: boolean; right: boolean; queryWords: number }

function candidates(text: string, removed: ReadonlySet<string>): Row[] {
  raw.flushPostings();
  const tokens = tokenize(text);
  const total = Math.max(raw.counter('documents'), 1);
  const scores = new Map<number, number>();
  for (const feature of raw.features(tokens)) {
    const list = raw.statements.postings.all(feature, 5001);
    if (list.length === 0 || list.length > 5000) continue;
    const weight = Math.log(1 + total / list.length);
    for (const doc of list) scores.set(doc, (scores.get(doc) ?? 0) + weight);
  }
  const ranked = [...scores].sort((a, b) => b[1] - a[1]).slice(0, 20);
  const rows: Row[] = [];
  for (const [doc] of ranked) {
    const row = raw.statements.byDoc.get(doc);
    if (!row || removed.has(row.id)) continue;
    const alignment = alignTokens(tokens, tokenize(row.text));
    const score = matchScore(alignment);
    rows.push({ kind: '', id: '', best: row.id, score, matched: alignment.matched, qualifies: qualifies(alignment, score), right: false, queryWords: alignment.queryWords });
  }
  return rows.sort((a, b) => Number(b.qualifies) - Number(a.qualifies) || b.score - a.score);
}

const out: Row[] = [];
const spinner = loadSpinner();
for (const p of mpcPairs()) {
  if (p.split !== 'dev' || p.identical) continue;
  const hit = candidates(p.spun, new Set());
  const own = hit.find((r) => r.best === `mpc/${p.line}`);
  out.push({ ...(own ?? { score: 0, matched: 0, qualifies: false, queryWords: 0 }), kind: 'recall-mpc', id: `mpc/${p.line}`, right: true });
  if (sharing.has(`mpc/${p.line}`)) continue;
  const other = candidates(p.spun, new Set([`mpc/${p.line}`]))[0];
  out.push({ ...(other ?? { score: 0, matched: 0, qualifies: false, queryWords: 0 }), kind: 'unrelated-mpc', id: `mpc/${p.line}`, right: false });
}
const news = docs.filter((d: ReferenceDocument) => isNews(d.id) && d.split === 'dev' && !sharing.has(d.id) && d.text.split(/\s+/).length >= 100);
const chosen = news.filter((_, k) => k % Math.max(1, Math.floor(news.length / NEWS)) === 0).slice(0, NEWS);
for (const d of chosen) index.remove(d.id);
chosen.forEach((d, k) => {
  const rate = RATES[k % RATES.length]!;
  const spun = spinner.spin(d.text, { rate, seed: 1 + (k % 7) }).text;
  const best = candidates(spun, new Set())[0];
  out.push({ ...(best ?? { score: 0, matched: 0, qualifies: false, queryWords: 0 }), kind: 'unrelated-news', id: d.id, right: false });
});
for (const d of chosen) {
  const doc = byId.get(d.id)!;
  index.add({ id: doc.id, text: doc.text, title: doc.title });
}

// Same-topic look-alikes, as MPC's sibling paragraphs are: dev BBC articles indexed paragraph by paragraph,
// each query a spun paragraph searched once with its own paragraph present (recall) and once without it,
// its siblings (same story, same names) still there (unrelated).
const PARAGRAPH_ARTICLES = 150;
const articles = docs
  .filter((d) => d.id.startsWith('bbc/') && d.split === 'dev' && !sharing.has(d.id))
  .map((d) => ({ d, paragraphs: d.text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.split(/\s+/).length >= 25) }))
  .filter((a) => a.paragraphs.length >= 4);
const picked = articles.filter((_, k) => k % Math.max(1, Math.floor(articles.length / PARAGRAPH_ARTICLES)) === 0).slice(0, PARAGRAPH_ARTICLES);
picked.forEach(({ d, paragraphs }, k) => {
  index.remove(d.id);
  const ids = paragraphs.map((_, j) => `para/${d.id}/${j}`);
  index.transaction(() => paragraphs.forEach((text, j) => index.add({ id: ids[j]!, text })));
  for (const j of [1, 2]) {
    const rate = j === 1 ? 0.2 : 0.35;
    const spun = spinner.spin(paragraphs[j]!, { rate, seed: 1 + ((k + j) % 7) }).text;
    const own = candidates(spun, new Set()).find((r) => r.best === ids[j]);
    out.push({ ...(own ?? { score: 0, matched: 0, qualifies: false, queryWords: 0 }), kind: 'recall-para', id: ids[j]!, right: true });
    const other = candidates(spun, new Set([ids[j]!]))[0];
    out.push({ ...(other ?? { score: 0, matched: 0, qualifies: false, queryWords: 0 }), kind: 'unrelated-para', id: ids[j]!, right: false });
  }
  index.transaction(() => ids.forEach((id) => index.remove(id)));
  index.add({ id: d.id, text: d.text, title: d.title });
});
index.close();
if (workAt < 0) rmSync(workDir, { recursive: true, force: true });

console.log(`trace calibration, dev split only: ${docs.length} reference documents; a query qualifies by the shipped rule (src/trace/match.ts)`);
for (const kind of ['recall-mpc', 'unrelated-mpc', 'unrelated-news', 'recall-para', 'unrelated-para']) {
  const rows = out.filter((r) => r.kind === kind);
  const q = rows.filter((r) => r.qualifies).length;
  console.log(`${kind.padEnd(16)} n=${rows.length} qualifying ${q}`);
  const thresholds = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4];
  console.log('  score >= ' + thresholds.map((t) => `${t}:${rows.filter((r) => r.qualifies && r.score >= t).length}`).join(' '));
}
if (args.includes('--rows')) console.log(JSON.stringify(out));
