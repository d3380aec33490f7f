/**
 * Runs one measurement in a fresh process so that its peak RSS is its own:
 *   tsx bench/check-child.ts <mode> <file>
 * mode: lexicon (tokenize + lexicon match), check-lexicon (whole check, model off), check (whole check, model on).
 * Prints one JSON line: {mode, seconds, megabytes, maxRssMB, findings}.
 */
import { readFileSync } from 'node:fs';
import { createChecker } from '../dist/index.js';
import { tokenize } from '../dist/text/tokenize.js';

const [mode = 'check', file = ''] = process.argv.slice(2);
const bytes = readFileSync(file);
const runs = Number(process.env.BENCH_RUNS ?? 3);
let best = Infinity;
let findings = 0;
const checker = createChecker({ model: mode === 'check' });
for (let r = 0; r < runs; r++) {
  const started = performance.now();
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  if (mode === 'lexicon') {
    const tokens = tokenize(text);
    findings = checker.lexicon.match(tokens).length;
  } else {
    findings = checker.check(text, { kind: 'text' }).findings.length;
  }
  best = Math.min(best, (performance.now() - started) / 1000);
}
console.log(JSON.stringify({ mode, seconds: best, megabytes: bytes.length / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024, findings }));
