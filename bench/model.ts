/**
 * The statistical model's own costs: loading the shipped file, and scanning
 * the ~16 MB Reuters benchmark text (one input, as `check` sees it), with the
 * time split between tokenizing and the model's passes. Peak RSS is the
 * process's, read at the end.
 *
 *   npx tsx bench/model.ts            (after npm run build:model)
 */
import { readFileSync, statSync } from 'node:fs';
import { DEFAULT_MODEL_PATH, loadModel } from '../src/model/index.js';
import { decodeModel } from '../src/model/model.js';
import { toSequence } from '../src/model/sequence.js';
import { tokenize } from '../src/text/tokenize.js';
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

const first = timed(() => loadModel(DEFAULT_MODEL_PATH));
const model = first.result;
const loadBest = bestOf(3, () => loadModel(DEFAULT_MODEL_PATH));
const readBest = bestOf(3, () => readFileSync(DEFAULT_MODEL_PATH));
const decodeBest = bestOf(3, () => decodeModel(readFileSync(DEFAULT_MODEL_PATH), DEFAULT_MODEL_PATH));

const bench = reutersBenchText();
const text = readFileSync(bench.path, 'utf8');
const megabytes = bench.bytes / 1e6;
const tokens = tokenize(text);
const skip = new Uint8Array(tokens.count);
const tokenizeMs = bestOf(2, () => tokenize(text));
const sequenceMs = bestOf(2, () => toSequence(tokens, model.data.vocabulary));
let findings = 0;
const scanMs = bestOf(2, () => { findings = model.scan(tokens, skip).length; });

const f = (n: number, digits = 1) => n.toFixed(digits);
console.log(`model file: ${f(statSync(DEFAULT_MODEL_PATH).size / 1e6)} MB`);
console.log(`load: first ${f(first.ms, 0)} ms, best of 3 ${f(loadBest, 0)} ms (read ${f(readBest, 0)} ms, decode + checksum ${f(decodeBest - readBest, 0)} ms, tables ${f(loadBest - decodeBest, 0)} ms)   target <= 300 ms`);
console.log(`text: ${f(megabytes)} MB of Reuters, ${tokens.count} tokens`);
console.log(`tokenize: ${f(tokenizeMs, 0)} ms (${f(megabytes / (tokenizeMs / 1000))} MB/s)`);
console.log(`model scan: ${f(scanMs, 0)} ms (${f(megabytes / (scanMs / 1000))} MB/s), of which word sequence ${f(sequenceMs, 0)} ms; ${findings} findings on clean text`);
console.log(`tokenize + scan: ${f(megabytes / ((tokenizeMs + scanMs) / 1000))} MB/s`);
console.log(`peak RSS: ${f(process.resourceUsage().maxRSS / 1024)} MB`);
