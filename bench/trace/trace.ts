/**
 * Tracing accuracy and speed, unspin beside word-shingle MinHash, ssdeep and
 * TLSH, measured in one run on the same reference and queries (see
 * `corpus.ts` for exactly how each set is built).
 *
 * For every method, a query's answer is its best candidate if that clears the
 * method's reporting threshold, else "no match":
 *  - unspin: its own rule (src/trace/match.ts), fixed on development data;
 *  - MinHash (brute force and LSH) and TLSH: the loosest threshold that keeps false matches on the
 *    *dev* split's unrelated queries at or under 1% (set here, every run,
 *    never on the test split); ssdeep: any match it reports (score > 0), and
 *    also the dev-calibrated threshold.
 * recall@1 = share of queries whose answer is the source (or a near-copy of
 * it; strict = the source's own id). False matches = share of unrelated
 * queries that get any answer.
 *
 *   npx tsx bench/trace/trace.ts [--no-peers] [--dev] [--work DIR] [--json]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { openIndex, type ReferenceIndex } from '../../dist/trace/index.js';
import { REPO } from '../../tools/corpora.js';
import { hasTool, minhashBaseline, ssdeepBaseline, tlshBaseline, type Baseline, type Ranked } from './baselines.js';
import { buildQueries, referenceDocuments, sharingDocuments, sourceJudge, type Query, type ReferenceDocument } from './corpus.js';

export interface MethodRow {
  method: string;
  threshold: string;
  /** recall@1 per recall set (near-copy aware), and strict. */
  recall: Record<string, { n: number; hits: number; strict: number }>;
  falseMatches: { n: number; matched: number };
}

export interface BuildRate {
  seconds: number;
  docsPerSecond: number;
  /** Documents per CPU second: the rate on one core, whatever else the machine runs. */
  docsPerCpuSecond: number;
}

export interface TraceBench {
  documents: number;
  build: { library: BuildRate; cli: BuildRate };
  query: { p50: number; p99: number; n: number };
  rows: MethodRow[];
  sets: Record<string, number>;
  notes: string[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** Adds every document in batches of 1,000, as `unspin index add` does; wall-clock and CPU seconds. */
export function buildIndex(path: string, docs: readonly ReferenceDocument[], cacheMiB?: number): { index: ReferenceIndex; seconds: number; cpuSeconds: number } {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const index = openIndex(path, { create: true, cacheMiB });
  const started = performance.now();
  const cpu = process.cpuUsage();
  index.begin();
  docs.forEach((d, i) => {
    index.add({ id: d.id, text: d.text, title: d.title });
    if (i % 1000 === 999) {
      index.commit();
      index.begin();
    }
  });
  index.commit();
  const used = process.cpuUsage(cpu);
  return { index, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

interface Answer {
  id?: string;
}

function tally(method: string, threshold: string, recallQueries: readonly Query[], recallAnswers: readonly Answer[], unrelatedAnswers: readonly Answer[], judge: (c: string | undefined, s: string) => boolean): MethodRow {
  const recall: MethodRow['recall'] = {};
  recallQueries.forEach((q, k) => {
    const sets = [q.set, ...(q.set === 'mpc' && q.line !== undefined && q.line > 100 ? ['mpc (test half)'] : [])];
    for (const set of sets) {
      const row = (recall[set] ??= { n: 0, hits: 0, strict: 0 });
      row.n++;
      const id = recallAnswers[k]!.id;
      if (judge(id, q.source)) row.hits++;
      if (id === q.source) row.strict++;
    }
  });
  return { method, threshold, recall, falseMatches: { n: unrelatedAnswers.length, matched: unrelatedAnswers.filter((a) => a.id !== undefined).length } };
}

/** unspin's answers; unrelated queries run with their sources removed (MPC one at a time, news all at once). */
function unspinAnswers(index: ReferenceIndex, docs: readonly ReferenceDocument[], recall: readonly Query[], unrelated: readonly Query[]): { recall: Answer[]; unrelated: Answer[]; times: number[] } {
  const times: number[] = [];
  const search = (text: string): Answer => {
    const started = performance.now();
    const matches = index.search(text, { limit: 1 });
    times.push(performance.now() - started);
    return { id: matches[0]?.id };
  };
  const recallAnswers = recall.map((q) => search(q.text));
  const byId = new Map(docs.map((d) => [d.id, d]));
  const readd = (id: string) => {
    const d = byId.get(id)!;
    index.add({ id: d.id, text: d.text, title: d.title });
  };
  const unrelatedAnswers: Answer[] = new Array(unrelated.length);
  const news = unrelated.map((q, k) => [q, k] as const).filter(([q]) => q.set === 'unrelated-news');
  for (const [q] of news) index.remove(q.source);
  for (const [q, k] of news) unrelatedAnswers[k] = search(q.text);
  index.transaction(() => news.forEach(([q]) => readd(q.source)));
  unrelated.forEach((q, k) => {
    if (q.set !== 'unrelated-mpc') return;
    index.remove(q.source);
    unrelatedAnswers[k] = search(q.text);
    readd(q.source);
  });
  return { recall: recallAnswers, unrelated: unrelatedAnswers, times };
}

/** The best candidate that is not a removed source. */
function bestExcluding(list: readonly Ranked[], removed: ReadonlySet<string>): Ranked | undefined {
  return list.find((r) => !removed.has(r.id));
}

function removedFor(q: Query, unrelated: readonly Query[]): Set<string> {
  return q.set === 'unrelated-mpc' ? new Set([q.source]) : new Set(unrelated.filter((u) => u.set === 'unrelated-news').map((u) => u.source));
}

/** The loosest threshold with at most 1% of `similarities` (best unrelated candidates) at or above it. */
function calibrate(similarities: readonly number[]): number {
  const sorted = [...similarities].sort((a, b) => b - a);
  const allowed = Math.floor(sorted.length * 0.01);
  // Strictly above the (allowed+1)-th highest unrelated similarity.
  const limit = sorted[allowed];
  return limit === undefined ? -Infinity : limit + 1e-9;
}

function peerRows(peer: Baseline, dev: { recall: Query[]; unrelated: Query[] }, test: { recall: Query[]; unrelated: Query[] }, judge: (c: string | undefined, s: string) => boolean, native?: number): MethodRow[] {
  const devUnrelated = peer.rank(dev.unrelated.map((q) => q.text), 50);
  const devBest = dev.unrelated.map((q, k) => bestExcluding(devUnrelated[k]!, removedFor(q, dev.unrelated))?.similarity ?? -Infinity);
  const threshold = calibrate(devBest.filter(Number.isFinite));
  const recallRanked = peer.rank(test.recall.map((q) => q.text), 5);
  const unrelatedRanked = peer.rank(test.unrelated.map((q) => q.text), 50);
  const rows: MethodRow[] = [];
  const variants: Array<[string, number]> = native === undefined ? [] : [['any match it reports', native]];
  variants.push([`dev-calibrated (${Number.isFinite(threshold) ? round(threshold) : 'none'})`, threshold]);
  for (const [label, t] of variants) {
    const recallAnswers = recallRanked.map((list) => ({ id: list[0] && list[0].similarity >= t ? list[0].id : undefined }));
    const unrelatedAnswers = test.unrelated.map((q, k) => {
      const best = bestExcluding(unrelatedRanked[k]!, removedFor(q, test.unrelated));
      return { id: best && best.similarity >= t ? best.id : undefined };
    });
    rows.push(tally(peer.name, label, test.recall, recallAnswers, unrelatedAnswers, judge));
  }
  // Ranking alone, no threshold: what the peer could do at best.
  rows.push(tally(peer.name, 'rank only (no threshold)', test.recall, recallRanked.map((list) => ({ id: list[0]?.id })), test.unrelated.map((q, k) => ({ id: bestExcluding(unrelatedRanked[k]!, removedFor(q, test.unrelated))?.id })), judge));
  return rows;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Builds the index through the CLI from a JSONL file: the product's own path, JSON parsing and process
 * start included. CPU seconds come from the shell's `times` (user + system of the child).
 */
function cliBuild(workDir: string, docs: readonly ReferenceDocument[]): { seconds: number; cpuSeconds: number } {
  const jsonl = join(workDir, 'reference.jsonl');
  writeFileSync(jsonl, docs.map((d) => JSON.stringify({ id: d.id, title: d.title, text: d.text })).join('\n') + '\n');
  const path = join(workDir, 'cli.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const started = performance.now();
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const out = execFileSync('sh', ['-c', `${quote(process.execPath)} ${quote(join(REPO, 'bin', 'unspin.js'))} index add --index ${quote(path)} ${quote(jsonl)} >/dev/null; times`]).toString();
  const seconds = (performance.now() - started) / 1000;
  const children = out.trim().split('\n').pop() ?? '';
  const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return { seconds, cpuSeconds };
}

export async function benchTrace(options: { peers?: boolean; workDir?: string; split?: 'dev' | 'test' } = {}): Promise<TraceBench> {
  const split = options.split ?? 'test';
  const workDir = options.workDir ?? join(tmpdir(), 'unspin-bench-trace');
  mkdirSync(workDir, { recursive: true });
  const docs = referenceDocuments();
  const sharing = sharingDocuments(docs);
  const judge = sourceJudge(docs);
  const notes: string[] = [];

  const { index, seconds, cpuSeconds } = buildIndex(join(workDir, 'reference.db'), docs);
  const cli = cliBuild(workDir, docs);

  // The reported table runs on the test split; '--split dev' runs the calibration split instead (for tuning).
  const test = buildQueries(docs, split, { allMpc: split === 'test', sharing });
  const dev = buildQueries(docs, 'dev', { sharing });
  if (split === 'dev') notes.push('dev split: calibration data, not the reported numbers');
  const sets: Record<string, number> = {};
  for (const q of [...test.recall, ...test.unrelated]) sets[q.set] = (sets[q.set] ?? 0) + 1;

  const ours = unspinAnswers(index, docs, test.recall, test.unrelated);
  index.close();
  const times = [...ours.times].sort((a, b) => a - b);
  const rows: MethodRow[] = [tally('unspin', 'built-in (score ≥ 0.2)', test.recall, ours.recall, ours.unrelated, judge)];

  if (options.peers !== false) {
    rows.push(...peerRows(minhashBaseline(docs, 'brute'), dev, test, judge));
    rows.push(...peerRows(minhashBaseline(docs, 'lsh'), dev, test, judge));
    if (hasTool('ssdeep')) rows.push(...peerRows(ssdeepBaseline(docs, workDir), dev, test, judge, 1));
    else notes.push('ssdeep not installed (apt-get install ssdeep): skipped');
    if (hasTool('tlsh')) rows.push(...peerRows(tlshBaseline(docs, workDir), dev, test, judge));
    else notes.push('tlsh not installed (apt-get install tlsh-tools): skipped');
  }
  return {
    documents: docs.length,
    build: {
      library: { seconds: round(seconds), docsPerSecond: Math.round(docs.length / seconds), docsPerCpuSecond: Math.round(docs.length / cpuSeconds) },
      cli: { seconds: round(cli.seconds), docsPerSecond: Math.round(docs.length / cli.seconds), docsPerCpuSecond: Math.round(docs.length / cli.cpuSeconds) },
    },
    query: { p50: round(percentile(times, 0.5)), p99: round(percentile(times, 0.99)), n: times.length },
    rows,
    sets,
    notes,
  };
}

export function formatTraceBench(b: TraceBench): string {
  const setNames = ['seed page', 'mpc', 'mpc (test half)', 'news@10%', 'news@20%', 'news@35%'];
  const lines = [
    `trace: reference ${b.documents} documents (BBC + Reuters + 200 MPC originals + the seed page's original)`,
    `  index build: ${b.build.library.docsPerSecond} docs/s in-process (${b.build.library.seconds} s; ${b.build.library.docsPerCpuSecond} per CPU second), ` +
      `${b.build.cli.docsPerSecond} docs/s via 'unspin index add' on JSONL (${b.build.cli.seconds} s; ${b.build.cli.docsPerCpuSecond} per CPU second)`,
    `  query: p50 ${b.query.p50} ms, p99 ${b.query.p99} ms over ${b.query.n} searches`,
    `  sets: ${Object.entries(b.sets).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    `  ${'method'.padEnd(40)} ${'threshold'.padEnd(30)} ${setNames.map((s) => s.padStart(16)).join('')} ${'false matches'.padStart(16)}`,
  ];
  for (const row of b.rows) {
    const cells = setNames.map((s) => {
      const r = row.recall[s];
      return (r ? `${(r.hits / r.n).toFixed(3)} (${(r.strict / r.n).toFixed(2)})` : '-').padStart(16);
    });
    const fm = `${row.falseMatches.matched}/${row.falseMatches.n} ${((100 * row.falseMatches.matched) / Math.max(1, row.falseMatches.n)).toFixed(1)}%`;
    lines.push(`  ${row.method.padEnd(40)} ${row.threshold.padEnd(30)} ${cells.join('')} ${fm.padStart(16)}`);
  }
  lines.push('  (recall@1, near-copy aware; strict in brackets)');
  for (const note of b.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const workAt = args.indexOf('--work');
  const result = await benchTrace({ peers: !args.includes('--no-peers'), workDir: workAt >= 0 ? args[workAt + 1] : undefined, split: args.includes('--dev') ? 'dev' : 'test' });
  console.log(formatTraceBench(result));
  if (args.includes('--json')) console.log(JSON.stringify(result));
}
