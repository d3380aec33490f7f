/**
 * The statistical model's own costs, measured on the compiled product
 * (dist/, as `npm run bench` builds it):
 *
 *  - loading the shipped file, in a fresh process (what every `unspin check`
 *    pays) and warm, with and without the full checksum (`verify`);
 *  - scanning the ~16 MB Reuters benchmark text as one input (as `check`
 *    sees it), and the peak RSS of that process;
 *  - a batch of small documents: the 2,225 BBC articles one by one, the
 *    model alone and the whole check with and without it;
 *  - with --profile, where the scan's time goes: the functions with the most
 *    self time in a CPU profile of one scan.
 *
 *   npx tsc -p . && npx tsx bench/model.ts [--profile]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChecker } from '../dist/index.js';
import { DEFAULT_MODEL_PATH, loadModel } from '../dist/model/index.js';
import { toSequence } from '../dist/model/sequence.js';
import { tokenize } from '../dist/text/tokenize.js';
import { bbcDocuments, REPO } from '../tools/corpora.js';
import { reutersBenchText } from './lib/reuters-text.js';

function timed<T>(fn: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = fn();
  return { ms: performance.now() - started, result };
}

function bestOf(runs: number, fn: () => unknown): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) best = Math.min(best, timed(fn).ms);
  return best;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const f = (n: number, digits = 1) => n.toFixed(digits);

/** Milliseconds to load the model in a fresh node process (its own JIT, nothing cached), median of five. */
function coldLoadMs(verify: boolean): number {
  const script = `const t = performance.now(); (await import(${JSON.stringify(join(REPO, 'dist', 'model', 'index.js'))})).loadModel(${JSON.stringify(DEFAULT_MODEL_PATH)}, { verify: ${verify} }); console.log(performance.now() - t);`;
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) runs.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()));
  return median(runs);
}

if (process.argv.includes('--profile')) {
  // One scan under the CPU profiler, in a child process; the top self-time functions.
  const dir = mkdtempSync(join(tmpdir(), 'unspin-profile-'));
  const bench = reutersBenchText();
  const script = `
    const { loadModel, DEFAULT_MODEL_PATH } = await import(${JSON.stringify(join(REPO, 'dist', 'model', 'index.js'))});
    const { tokenize } = await import(${JSON.stringify(join(REPO, 'dist', 'text', 'tokenize.js'))});
    const model = loadModel(DEFAULT_MODEL_PATH);
    const tokens = tokenize((await import('node:fs')).readFileSync(${JSON.stringify(bench.path)}, 'utf8'));
    model.assessDocument(tokens, new Uint8Array(tokens.count));`;
  execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--input-type=module', '-e', script]);
  const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8')) as {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
    samples: number[];
    timeDeltas: number[];
  };
  rmSync(dir, { recursive: true, force: true });
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.split('/dist/')[1] ?? url.split('/').pop() ?? ''}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  console.log(`where the time of one scan of ${f(bench.bytes / 1e6)} MB goes (self time, CPU profile; functions inlined into a caller count as the caller):`);
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 14)) {
    console.log(`  ${f(us / 1000, 0).padStart(6)} ms  ${f((100 * us) / total).padStart(5)}%  ${name}`);
  }
  process.exit(0);
}

// Loading.
const coldMs = coldLoadMs(false);
const coldVerifyMs = coldLoadMs(true);
const model = loadModel(DEFAULT_MODEL_PATH);
const loadBest = bestOf(3, () => loadModel(DEFAULT_MODEL_PATH));
const readBest = bestOf(3, () => readFileSync(DEFAULT_MODEL_PATH));
const verifyBest = bestOf(3, () => loadModel(DEFAULT_MODEL_PATH, { verify: true }));
console.log(`model file: ${f(statSync(DEFAULT_MODEL_PATH).size / 1e6)} MB`);
console.log(`load, fresh process: ${f(coldMs, 0)} ms (median of 5; with the full checksum ${f(coldVerifyMs, 0)} ms)   target <= 300 ms`);
console.log(`load, warm: best of 3 ${f(loadBest, 0)} ms (reading the file ${f(readBest, 0)} ms; with the full checksum ${f(verifyBest, 0)} ms)`);

// One long input.
const bench = reutersBenchText();
const text = readFileSync(bench.path, 'utf8');
const megabytes = bench.bytes / 1e6;
const tokenized = timed(() => tokenize(text));
const tokens = tokenized.result;
const skip = new Uint8Array(tokens.count);
let findings = 0;
const scanMs = bestOf(2, () => { findings = model.scan(tokens, skip).length; });
// Read before the timings below allocate what a check does not.
const peakMB = process.resourceUsage().maxRSS / 1024;
const tokenizeMs = Math.min(tokenized.ms, bestOf(1, () => tokenize(text)));
const sequenceMs = bestOf(2, () => toSequence(tokens, model.data.vocabulary));
console.log(`text: ${f(megabytes)} MB of Reuters, ${tokens.count} tokens`);
console.log(`tokenize: ${f(tokenizeMs, 0)} ms (${f(megabytes / (tokenizeMs / 1000))} MB/s)`);
console.log(`model scan: ${f(scanMs, 0)} ms (${f(megabytes / (scanMs / 1000))} MB/s); the word sequence alone takes ${f(sequenceMs, 0)} ms; ${findings} findings on clean text`);
console.log(`tokenize + scan: ${f(megabytes / ((tokenizeMs + scanMs) / 1000))} MB/s`);
console.log(`peak RSS (model, text, tokens, two scans): ${f(peakMB)} MB`);

// Many small documents.
const articles = [...bbcDocuments()].map((doc) => `${doc.title}\n\n${doc.body}`);
const articleTokens = articles.map((article) => tokenize(article));
const perSecond = (ms: number) => (articles.length / ms) * 1000;
const modelMs = bestOf(2, () => { for (const t of articleTokens) model.assessDocument(t, new Uint8Array(t.count)); });
const withModel = createChecker({ model: true });
const withoutModel = createChecker({ model: false });
const checkMs = bestOf(2, () => { for (const article of articles) withModel.check(article, { kind: 'text' }); });
const checkListsMs = bestOf(2, () => { for (const article of articles) withoutModel.check(article, { kind: 'text' }); });
console.log(`BBC, ${articles.length} articles one by one (best of 2):`);
console.log(`  model alone (assessDocument)   ${f(perSecond(modelMs), 0)} articles/s   ${f(modelMs / articles.length, 2)} ms/article`);
console.log(`  check, lexicons + model        ${f(perSecond(checkMs), 0)} articles/s   ${f(checkMs / articles.length, 2)} ms/article`);
console.log(`  check, lexicons only           ${f(perSecond(checkListsMs), 0)} articles/s   ${f(checkListsMs / articles.length, 2)} ms/article`);
