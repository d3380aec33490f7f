/**
 * `check` throughput, start-up and memory, side by side with grep in one run.
 *
 * The targets: the lexicon pass at ≥ 1.0× `LC_ALL=C grep -F -f` over
 * the same lower-cased text with the same phrases, the whole `check` ≥ 0.5×,
 * start-up to first output ≤ 300 ms, peak RSS ≤ 300 MB.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadDefaultLexicons } from '../dist/lexicon/index.js';
import { REPO } from '../tools/corpora.js';
import { reutersBenchText } from './lib/reuters-text.js';

export interface CheckBench {
  megabytes: number;
  phrases: number;
  grepMBps: number;
  lexiconMBps: number;
  checkLexiconMBps: number;
  checkMBps: number;
  lexiconRatio: number;
  checkLexiconRatio: number;
  checkRatio: number;
  startupMs: { median: number; min: number; max: number };
  peakRssMB: { lexicon: number; checkLexicon: number; check: number };
}

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return (performance.now() - started) / 1000;
}

function grepSeconds(phrasesPath: string, lowerPath: string): number {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    best = Math.min(best, time(() => {
      try {
        execFileSync('grep', ['-F', '-c', '-f', phrasesPath, lowerPath], { env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'ignore'] });
      } catch {
        // grep exits 1 when nothing matched: still a measurement.
      }
    }));
  }
  return best;
}

/** One measurement in a fresh process: the best of `runs` timings, and that process's peak RSS. */
function child(mode: string, file: string, runs: number): { seconds: number; megabytes: number; maxRssMB: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(REPO, 'bench', 'check-child.ts'), mode, file], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: { ...process.env, BENCH_RUNS: String(runs) },
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Throughput from three runs in one process; memory from a process that checks the text once, as the CLI does. */
function measure(mode: string, file: string): { seconds: number; maxRssMB: number } {
  return { seconds: child(mode, file, 3).seconds, maxRssMB: child(mode, file, 1).maxRssMB };
}

/** Milliseconds from spawning the CLI to its first byte on stdout. */
function firstOutputMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(process.execPath, [join(REPO, 'bin', 'unspin.js'), 'check', '--format', 'json', join(REPO, 'examples', 'spun-news-article.txt')], { cwd: REPO });
    let done = false;
    proc.stdout.once('data', () => {
      done = true;
      resolve(performance.now() - started);
    });
    proc.on('error', reject);
    proc.on('close', () => { if (!done) reject(new Error('the CLI wrote nothing')); });
  });
}

export async function benchCheck(): Promise<CheckBench> {
  const { path, lowerPath, bytes } = reutersBenchText();
  const dir = mkdtempSync(join(tmpdir(), 'unspin-bench-'));
  const phrases = new Set<string>();
  for (const lexicon of loadDefaultLexicons()) for (const entry of lexicon.entries) phrases.add(entry.phrase.toLowerCase());
  const phrasesPath = join(dir, 'phrases.txt');
  writeFileSync(phrasesPath, [...phrases].join('\n') + '\n');

  const megabytes = bytes / 1e6;
  let grepMBps: number;
  try {
    grepMBps = megabytes / grepSeconds(phrasesPath, lowerPath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const lexicon = measure('lexicon', lowerPath);
  const checkLexicon = measure('check-lexicon', path);
  const check = measure('check', path);
  const startups: number[] = [];
  for (let r = 0; r < 7; r++) startups.push(await firstOutputMs());
  startups.sort((a, b) => a - b);
  return {
    megabytes,
    phrases: phrases.size,
    grepMBps,
    lexiconMBps: megabytes / lexicon.seconds,
    checkLexiconMBps: megabytes / checkLexicon.seconds,
    checkMBps: megabytes / check.seconds,
    lexiconRatio: megabytes / lexicon.seconds / grepMBps,
    checkLexiconRatio: megabytes / checkLexicon.seconds / grepMBps,
    checkRatio: megabytes / check.seconds / grepMBps,
    startupMs: { median: startups[3]!, min: startups[0]!, max: startups[6]! },
    peakRssMB: { lexicon: lexicon.maxRssMB, checkLexicon: checkLexicon.maxRssMB, check: check.maxRssMB },
  };
}

export function formatCheckBench(b: CheckBench): string {
  const f = (n: number) => n.toFixed(1);
  return [
    `check throughput on ${f(b.megabytes)} MB of Reuters text (${b.phrases} lexicon phrases), best of 3, one run:`,
    `  LC_ALL=C grep -F -f (lower-cased text)   ${f(b.grepMBps)} MB/s   1.00x`,
    `  lexicon pass (tokenize + match)          ${f(b.lexiconMBps)} MB/s   ${b.lexiconRatio.toFixed(2)}x   (target >= 1.0x)   peak RSS ${f(b.peakRssMB.lexicon)} MB`,
    `  check, lexicons only (--no-model)        ${f(b.checkLexiconMBps)} MB/s   ${b.checkLexiconRatio.toFixed(2)}x   peak RSS ${f(b.peakRssMB.checkLexicon)} MB`,
    `  check, lexicons + model (default)        ${f(b.checkMBps)} MB/s   ${b.checkRatio.toFixed(2)}x   (target >= 0.5x)   peak RSS ${f(b.peakRssMB.check)} MB   (target <= 300 MB)`,
    `  start-up to first output (seed page)     median ${b.startupMs.median.toFixed(0)} ms (min ${b.startupMs.min.toFixed(0)}, max ${b.startupMs.max.toFixed(0)}; target <= 300 ms)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatCheckBench(await benchCheck()));
}
