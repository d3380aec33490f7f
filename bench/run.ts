/**
 * `npm run bench`: every benchmark of the project, one after the other (never
 * in parallel: these machines have two cores and ratios must be measured side
 * by side on a quiet machine), each in its own process so that one section's
 * memory and JIT state do not colour the next.
 *
 *   npm run bench                       all sections
 *   npm run bench -- --only check,trace some of them
 *   npm run bench -- --million          include the 1M-document trace index
 *
 * The output of each section is printed as it comes and collected in
 * bench/out/latest.txt with the date and commit.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasSharedData, REPO } from '../tools/corpora.js';

interface Section {
  name: string;
  script: string;
  what: string;
  args?: string[];
}

const SECTIONS: Section[] = [
  { name: 'check', script: 'bench/check.ts', what: 'check throughput vs grep -F, start-up, peak RSS (issue 2)' },
  { name: 'lexicon', script: 'bench/lexicon.ts', what: 'the lexicon pass alone vs grep -F, load and compile time' },
  { name: 'model', script: 'bench/model.ts', what: 'model load time and scan throughput, where the time goes (issue 3)' },
  { name: 'align', script: 'bench/align.ts', what: 'word alignment, restoration and report rendering' },
  { name: 'trace', script: 'bench/trace/run.ts', what: 'trace recall@1 vs MinHash/ssdeep/TLSH, index build rate, query latency, scale, learning curve (issue 4)' },
  { name: 'long', script: 'bench/long.ts', what: 'long inputs: all BBC joined (verdict, findings), a 100 MB single line (time, peak RSS) (issue 10)' },
  { name: 'scan', script: 'bench/scan/run.ts', what: 'scan throughput on a BBC + Reuters WARC.gz (1 and 2 threads), the cascade on a 95/5 mix, peak RSS over 1 GB (issue 11)' },
  { name: 'server', script: 'bench/server.ts', what: 'HTTP load run: 50 connections, 30 s, seed-sized documents (issue 5)' },
];

const argv = process.argv.slice(2);
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : null;
const unknown = only ? [...only].filter((name) => !SECTIONS.some((s) => s.name === name)) : [];
if (unknown.length > 0) {
  console.error(`bench: unknown section ${unknown.join(', ')} (sections: ${SECTIONS.map((s) => s.name).join(', ')})`);
  process.exit(2);
}
if (!hasSharedData()) {
  console.error('bench: the public data (../shared/data) is needed for the benchmarks; set UNSPIN_SHARED_DIR');
  process.exit(2);
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const report: string[] = [`unspin benchmarks, ${new Date().toISOString()}, commit ${commit}, node ${process.version}`];
console.log(report[0]);
let failed = 0;
for (const section of SECTIONS) {
  if (only && !only.has(section.name)) continue;
  const args = section.name === 'trace' && argv.includes('--million') ? ['--million'] : [];
  const header = `\n== ${section.name}: ${section.what}`;
  console.log(header);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, section.script), ...args], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(run.stdout ?? '');
  const status = run.status === 0 ? `(${seconds} s)` : `FAILED with exit ${run.status ?? run.signal} after ${seconds} s`;
  console.log(status);
  if (run.status !== 0) failed++;
  report.push(header, (run.stdout ?? '').trimEnd(), status);
}
mkdirSync(join(REPO, 'bench', 'out'), { recursive: true });
writeFileSync(join(REPO, 'bench', 'out', 'latest.txt'), report.join('\n') + '\n');
process.exitCode = failed > 0 ? 1 : 0;
