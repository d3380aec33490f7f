/**
 * How tracing grows with the index: the 21k-document reference, then 100k
 * and (with --million) 1M documents, the extra ones synthetic.
 *
 * Synthetic documents recombine real sentences: each takes 3-6 paragraphs of
 * 2-4 sentences drawn at random (fixed seed) from every BBC and Reuters
 * sentence. That is the hard case for a tracer, not the easy one: every
 * sentence of a query's source also sits, word for word, in dozens of
 * synthetic documents (about 20 each at 1M), so features get common and
 * partial matches abound. The sentences of the unrelated queries' sources are
 * withheld from the pool (else a synthetic document would quote them, and be
 * a true partial source). Nothing generated is kept outside the index file.
 * Batches of 20,000 documents and a 1 GiB page cache, as a bulk load would use.
 *
 * At each size: build rate for the added documents, query p50/p99, recall@1
 * (MPC SpinBot paragraphs and test-split news spun at 35%, as in trace.ts)
 * and false matches on the unrelated queries (sources removed).
 *
 *   npx tsx bench/trace/scale.ts [--million] [--work DIR]
 */
import { mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReferenceIndex } from '../../dist/trace/index.js';
import { buildQueries, isNews, referenceDocuments, sharingDocuments, sourceJudge, type Query, type ReferenceDocument } from './corpus.js';
import { buildIndex } from './trace.js';
import { random } from '../fixtures/spinner.js';

export interface ScaleRow {
  documents: number;
  /** Rate of the documents added to reach this size. */
  buildDocsPerSecond: number;
  bytes: number;
  p50: number;
  p99: number;
  recall: Record<string, number>;
  falseMatches: number;
  unrelated: number;
}

/** Every sentence of the news documents, except those of `withheld` (the unrelated queries' sources: no synthetic document may quote them). */
function sentencePool(docs: readonly ReferenceDocument[], withheld: ReadonlySet<string>): string[] {
  const pool: string[] = [];
  for (const d of docs) {
    if (!isNews(d.id) || withheld.has(d.id)) continue;
    for (const paragraph of d.text.split(/\n\s*\n/).slice(1)) {
      for (const sentence of paragraph.split(/(?<=[.!?]["”]?)\s+(?=["“]?[A-Z])/)) if (sentence.split(' ').length >= 5) pool.push(sentence.trim());
    }
  }
  return pool;
}

function* syntheticDocuments(pool: readonly string[], from: number, count: number): Generator<{ id: string; text: string }> {
  const next = random(0x5eed + from);
  const pick = () => pool[Math.floor(next() * pool.length)]!;
  for (let k = from; k < from + count; k++) {
    const paragraphs: string[] = [];
    const n = 3 + Math.floor(next() * 4);
    for (let p = 0; p < n; p++) {
      const sentences: string[] = [];
      const m = 2 + Math.floor(next() * 3);
      for (let s = 0; s < m; s++) sentences.push(pick());
      paragraphs.push(sentences.join(' '));
    }
    yield { id: `synthetic/${k}`, text: `Synthetic ${k}\n\n${paragraphs.join('\n\n')}` };
  }
}

function measure(index: ReferenceIndex, docs: readonly ReferenceDocument[], recall: readonly Query[], unrelated: readonly Query[], judge: (c: string | undefined, s: string) => boolean): Omit<ScaleRow, 'documents' | 'buildDocsPerSecond' | 'bytes'> {
  const times: number[] = [];
  const search = (text: string) => {
    const started = performance.now();
    const best = index.search(text, { limit: 1 })[0]?.id;
    times.push(performance.now() - started);
    return best;
  };
  const hits: Record<string, [number, number]> = {};
  for (const q of recall) {
    const row = (hits[q.set] ??= [0, 0]);
    row[1]++;
    if (judge(search(q.text), q.source)) row[0]++;
  }
  const byId = new Map(docs.map((d) => [d.id, d]));
  let falseMatches = 0;
  const news = unrelated.filter((q) => q.set === 'unrelated-news');
  index.transaction(() => news.forEach((q) => index.remove(q.source)));
  for (const q of news) if (search(q.text) !== undefined) falseMatches++;
  index.transaction(() => news.forEach((q) => index.add({ id: q.source, text: byId.get(q.source)!.text, title: byId.get(q.source)!.title })));
  for (const q of unrelated) {
    if (q.set !== 'unrelated-mpc') continue;
    index.remove(q.source);
    if (search(q.text) !== undefined) falseMatches++;
    index.add({ id: q.source, text: byId.get(q.source)!.text });
  }
  times.sort((a, b) => a - b);
  const recallRates: Record<string, number> = {};
  for (const [set, [hit, n]] of Object.entries(hits)) recallRates[set] = Math.round((1000 * hit) / n) / 1000;
  return {
    p50: Math.round(times[Math.floor(times.length / 2)]! * 100) / 100,
    p99: Math.round(times[Math.floor(times.length * 0.99)]! * 100) / 100,
    recall: recallRates,
    falseMatches,
    unrelated: unrelated.length,
  };
}

export async function benchTraceScale(options: { million?: boolean; workDir?: string } = {}): Promise<ScaleRow[]> {
  const workDir = options.workDir ?? join(tmpdir(), 'unspin-bench-trace');
  mkdirSync(workDir, { recursive: true });
  const docs = referenceDocuments();
  const judge = sourceJudge(docs);
  const { recall, unrelated } = buildQueries(docs, 'test', { allMpc: true, sharing: sharingDocuments(docs) });
  const queries = recall.filter((q) => q.set === 'mpc' || q.set === 'news@35%');
  const path = join(workDir, 'scale.db');
  // A large page cache: the postings B-tree outgrows the default 64 MiB long before 1M documents.
  const { index, seconds } = buildIndex(path, docs, 1024);
  const bytes = () => statSync(path).size + (() => { try { return statSync(path + '-wal').size; } catch { return 0; } })();
  const rows: ScaleRow[] = [{ documents: docs.length, buildDocsPerSecond: Math.round(docs.length / seconds), bytes: bytes(), ...measure(index, docs, queries, unrelated, judge) }];
  const pool = sentencePool(docs, new Set(unrelated.map((q) => q.source)));
  const sizes = options.million ? [100_000, 1_000_000] : [100_000];
  let total = docs.length;
  for (const size of sizes) {
    const started = performance.now();
    const adding = size - total;
    index.begin();
    let inBatch = 0;
    for (const doc of syntheticDocuments(pool, total, adding)) {
      index.add(doc);
      if (++inBatch === 20_000) {
        index.commit();
        index.begin();
        inBatch = 0;
      }
    }
    index.commit();
    const rate = adding / ((performance.now() - started) / 1000);
    total = size;
    rows.push({ documents: total, buildDocsPerSecond: Math.round(rate), bytes: bytes(), ...measure(index, docs, queries, unrelated, judge) });
  }
  index.close();
  return rows;
}

export function formatTraceScale(rows: readonly ScaleRow[]): string {
  const lines = ['trace at scale (synthetic documents recombine real sentences; queries: MPC 195, news@35% 200, unrelated 200)'];
  lines.push(`  ${'documents'.padStart(10)} ${'build docs/s'.padStart(13)} ${'index MB'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'recall mpc'.padStart(11)} ${'recall 35%'.padStart(11)} ${'false'.padStart(9)}`);
  for (const r of rows) {
    lines.push(
      `  ${r.documents.toLocaleString('en').padStart(10)} ${r.buildDocsPerSecond.toLocaleString('en').padStart(13)} ${(r.bytes / 1e6).toFixed(0).padStart(9)} ${r.p50.toFixed(2).padStart(7)} ${r.p99.toFixed(2).padStart(7)} ${(r.recall['mpc'] ?? NaN).toFixed(3).padStart(11)} ${(r.recall['news@35%'] ?? NaN).toFixed(3).padStart(11)} ${`${r.falseMatches}/${r.unrelated}`.padStart(9)}`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const workAt = args.indexOf('--work');
  const rows = await benchTraceScale({ million: args.includes('--million'), workDir: workAt >= 0 ? args[workAt + 1] : undefined });
  console.log(formatTraceScale(rows));
}
