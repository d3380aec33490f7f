/**
 * Long inputs (issue 10): the CLI on joined files, in a fresh process each,
 * peak RSS from `/usr/bin/time -v`.
 *
 *  - all 2,225 BBC articles joined into one file, twice: as `cat` joins the
 *    raw files, and as title + body joined by blank lines; the target is
 *    "not spun" with at most 0.5 findings per 1,000 words;
 *  - a 100 MB single-line input (Reuters text with its line breaks made
 *    spaces, repeated) with `--max-bytes 200000000`, lexicons only and with
 *    the model: it must complete; peak RSS against the input size (target
 *    ≤ 3× the input plus the model for the lexicon path).
 *
 *   npx tsx bench/long.ts [--mb 100] [--skip-model]
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bbcDocuments, DATA, REPO } from '../tools/corpora.js';
import { reutersBenchText } from './lib/reuters-text.js';

const argv = process.argv.slice(2);
const mbAt = argv.indexOf('--mb');
const MB = mbAt >= 0 ? Number(argv[mbAt + 1]) : 100;
const skipModel = argv.includes('--skip-model');

interface Run {
  seconds: number;
  peakRssMB: number;
  status: number | null;
  json?: { verdict: { spun: boolean; score: number; sections?: { count: number; spun: number; share: number } }; findings: unknown[] };
  error?: string;
}

/** The CLI on one file under /usr/bin/time -v: its JSON report (when asked), its time and its peak RSS. */
function cli(args: string[], parse: boolean): Run {
  const started = performance.now();
  const out = spawnSync('/usr/bin/time', ['-v', process.execPath, join(REPO, 'bin', 'unspin.js'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', parse ? 'pipe' : 'ignore', 'pipe'],
  });
  const seconds = (performance.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(out.stderr ?? '');
  const run: Run = { seconds, peakRssMB: rss ? Number(rss[1]) / 1024 : NaN, status: out.status };
  if (out.status !== 0 && out.status !== 1) run.error = (out.stderr ?? '').split('\n').find((l) => l.trim() && !l.startsWith('\t')) ?? `exit ${out.status}`;
  if (parse && out.stdout) run.json = JSON.parse(out.stdout);
  return run;
}

const words = (text: string) => (text.match(/[\p{L}\p{N}]+/gu) ?? []).length;
const fmt = (x: number, digits = 2) => x.toFixed(digits);

const work = mkdtempSync(join(tmpdir(), 'unspin-long-'));
try {
  // All BBC articles joined: as `cat` joins the raw files, and as title + body with blank lines between.
  const root = join(DATA, 'bbc-news', 'bbc');
  const raw: string[] = [];
  for (const topic of readdirSync(root).sort()) {
    if (topic.includes('.') || !statSync(join(root, topic)).isDirectory()) continue;
    for (const file of readdirSync(join(root, topic)).filter((f) => f.endsWith('.txt')).sort()) raw.push(readFileSync(join(root, topic, file), 'latin1'));
  }
  const joined = {
    cat: raw.join(''),
    blank: [...bbcDocuments()].map((d) => `${d.title}\n\n${d.body}`).join('\n\n'),
  };
  for (const [how, text] of Object.entries(joined)) {
    const path = join(work, `bbc-${how}.txt`);
    const fd = openSync(path, 'w');
    writeSync(fd, text);
    closeSync(fd);
    const run = cli(['check', '--format', 'json', path], true);
    const n = words(text);
    const findings = run.json?.findings.length ?? NaN;
    const sections = run.json?.verdict.sections;
    console.log(
      `BBC ${raw.length} articles joined (${how === 'cat' ? 'cat of the files' : 'title + body, blank lines'}), ${fmt(Buffer.byteLength(text) / 1e6, 1)} MB, ${n} words: ` +
        `${run.json?.verdict.spun ? 'spun' : 'not spun'} (score ${run.json?.verdict.score}), ${findings} findings = ${fmt((findings * 1000) / n)} per 1,000 words, ` +
        `sections ${sections ? `${sections.spun}/${sections.count} spun` : '1'}; ${fmt(run.seconds, 1)} s, peak RSS ${fmt(run.peakRssMB, 0)} MB` +
        (run.error ? `; ERROR ${run.error}` : ''),
    );
  }

  // One line of MB megabytes: Reuters text, line breaks made spaces, repeated.
  const unit = readFileSync(reutersBenchText().path, 'utf8').replace(/\s*\n\s*/g, ' ');
  const line = join(work, 'one-line.txt');
  const fd = openSync(line, 'w');
  let written = 0;
  const target = MB * 1e6;
  while (written < target) {
    const piece = Buffer.from(unit.slice(0, Math.min(unit.length, target - written)), 'utf8');
    writeSync(fd, piece);
    written += piece.length;
  }
  closeSync(fd);
  const inputMB = written / 2 ** 20;
  for (const model of skipModel ? [false] : [false, true]) {
    const args = ['check', '--format', 'json', '--max-bytes', '200000000', ...(model ? [] : ['--no-model']), line];
    const run = cli(args, false);
    console.log(
      `${fmt(written / 1e6, 0)} MB single line, ${model ? 'with the model' : 'lexicons only (--no-model)'}: ` +
        `${run.status === 0 || run.status === 1 ? 'completed' : 'FAILED'} (exit ${run.status}) in ${fmt(run.seconds, 1)} s = ${fmt(written / 1e6 / run.seconds, 1)} MB/s; ` +
        `peak RSS ${fmt(run.peakRssMB, 0)} MB = ${fmt(run.peakRssMB / inputMB)}x the input` +
        (run.error ? `; ERROR ${run.error}` : ''),
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
