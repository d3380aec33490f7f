/**
 * The lexicon pass against `LC_ALL=C grep -F -f`, side by side in one run.
 *
 * Both get the same ≥ 10 MB of lower-cased Reuters text (every story body,
 * joined by blank lines, from tools/corpora.ts) and the same phrases (every
 * entry and allow phrase of the shipped lexicons). grep only finds lines that
 * contain a phrase; we tokenize and run the compiled matcher, which also checks
 * token boundaries, hyphen variants, context rules and the allowlist. Best of
 * three runs each. Also measured: loading and compiling the shipped lexicons,
 * the part of CLI start-up that is the lexicon's.
 *
 *   npx tsx bench/lexicon.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileLexicons, loadDefaultLexicons, type Lexicon } from '../src/lexicon/index.js';
import { tokenize } from '../src/text/tokenize.js';
import { requireSharedData, reutersDocuments } from '../tools/corpora.js';

export interface LexiconBench {
  ourMBps: number;
  grepMBps: number;
  ratio: number;
  megabytes: number;
  phrases: number;
  /** Our throughput when reading and decoding the file is counted too, as it is for grep. */
  ourWithReadMBps: number;
  /** The two halves of ours: the tokenizer alone, and the matcher alone over ready tokens. */
  tokenizeMBps: number;
  matchMBps: number;
  hits: number;
  /** Loading and compiling the shipped lexicons: first call in this process, and best of three after. */
  loadCompileMs: { first: number; best: number };
}

const MIN_BYTES = 10_000_000;

function seconds(fn: () => void): number {
  const started = performance.now();
  fn();
  return (performance.now() - started) / 1000;
}

function bestOf<T>(runs: number, fn: () => T): { seconds: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let r = 0; r < runs; r++) {
    const took = seconds(() => { result = fn(); });
    best = Math.min(best, took);
  }
  return { seconds: best, result };
}

/** Every Reuters body, joined by blank lines and lower-cased, repeated if needed to reach 10 MB. */
function benchText(): string {
  const bodies: string[] = [];
  for (const doc of reutersDocuments()) bodies.push(doc.body);
  let text = bodies.join('\n\n').toLowerCase();
  while (Buffer.byteLength(text) < MIN_BYTES) text = `${text}\n\n${text}`;
  return text;
}

function allPhrases(lexicons: readonly Lexicon[]): string[] {
  const phrases = new Set<string>();
  for (const lexicon of lexicons) {
    for (const entry of lexicon.entries) phrases.add(entry.phrase.toLowerCase());
    for (const phrase of lexicon.allow) phrases.add(phrase.toLowerCase());
  }
  return [...phrases].sort();
}

export async function benchLexicon(): Promise<LexiconBench> {
  requireSharedData();
  const first = seconds(() => compileLexicons(loadDefaultLexicons()));
  const loadCompile = bestOf(3, () => compileLexicons(loadDefaultLexicons()));
  const lexicons = loadDefaultLexicons();
  const matcher = compileLexicons(lexicons);

  const dir = mkdtempSync(join(tmpdir(), 'unspin-bench-lexicon-'));
  try {
    const text = benchText();
    const textPath = join(dir, 'reuters.lower.txt');
    const phrasesPath = join(dir, 'phrases.txt');
    writeFileSync(textPath, text);
    const phrases = allPhrases(lexicons);
    writeFileSync(phrasesPath, `${phrases.join('\n')}\n`);
    const megabytes = Buffer.byteLength(text) / 1e6;

    // Interleaved, so that both sides see the same load on a shared machine.
    const grep = { seconds: Infinity };
    const ours = { seconds: Infinity, result: 0 };
    const withRead = { seconds: Infinity };
    const tokenizeOnly = { seconds: Infinity };
    const matchOnly = { seconds: Infinity };
    const tokens = tokenize(text);
    for (let run = 0; run < 3; run++) {
      grep.seconds = Math.min(grep.seconds, seconds(() => {
        try {
          execFileSync('grep', ['-F', '-c', '-f', phrasesPath, textPath], { env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'ignore'] });
        } catch {
          // grep exits 1 when no line matched: still a measurement.
        }
      }));
      ours.seconds = Math.min(ours.seconds, seconds(() => { ours.result = matcher.match(tokenize(text)).length; }));
      withRead.seconds = Math.min(withRead.seconds, seconds(() => matcher.match(tokenize(readFileSync(textPath, 'utf8')))));
      tokenizeOnly.seconds = Math.min(tokenizeOnly.seconds, seconds(() => tokenize(text)));
      matchOnly.seconds = Math.min(matchOnly.seconds, seconds(() => matcher.match(tokens)));
    }

    const ourMBps = megabytes / ours.seconds;
    const grepMBps = megabytes / grep.seconds;
    return {
      ourMBps,
      grepMBps,
      ratio: ourMBps / grepMBps,
      megabytes,
      phrases: phrases.length,
      ourWithReadMBps: megabytes / withRead.seconds,
      tokenizeMBps: megabytes / tokenizeOnly.seconds,
      matchMBps: megabytes / matchOnly.seconds,
      hits: ours.result,
      loadCompileMs: { first: first * 1000, best: loadCompile.seconds * 1000 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchLexicon();
  console.log(`lexicon pass over ${r.megabytes.toFixed(1)} MB of lower-cased Reuters text, ${r.phrases} phrases (best of 3):`);
  console.log(`  grep -F -f (LC_ALL=C)   ${r.grepMBps.toFixed(1)} MB/s`);
  console.log(`  tokenize + match        ${r.ourMBps.toFixed(1)} MB/s  (${r.hits} hits)   ratio ${r.ratio.toFixed(2)}x  (target >= 1.0x)`);
  console.log(`  read + tokenize + match ${r.ourWithReadMBps.toFixed(1)} MB/s`);
  console.log(`  of which: tokenize alone ${r.tokenizeMBps.toFixed(1)} MB/s, match alone ${r.matchMBps.toFixed(1)} MB/s`);
  console.log(`  load + compile shipped lexicons: ${r.loadCompileMs.first.toFixed(0)} ms first call, ${r.loadCompileMs.best.toFixed(0)} ms best of 3`);
}
