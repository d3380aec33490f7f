/**
 * `npm run eval`: measures unspin on the public data with its fixed splits,
 * lexicons only and with the statistical model, prints one table and writes
 * eval/results.json (whose `configuration` says whether it was a --quick or
 * --only run).
 *
 *   npm run eval                      # everything (~minutes)
 *   npm run eval -- --quick           # a small sample of every section
 *   npm run eval -- --only mpc        # one section: clean, mpc, pps, synthetic, crossdomain, seed
 *
 * See eval/README.md for what each dataset, split and metric means.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { createChecker, SPUN_THRESHOLD } from '../src/index.js';
import { hasSharedData, REPO, DATA } from '../tools/corpora.js';
import { CONFIG_IDS, type Config, type ConfigId, type EvalContext, type SectionResult } from './harness.js';
import { runClean } from './sections/clean.js';
import { runCrossDomain } from './sections/crossdomain.js';
import { runMpc } from './sections/mpc.js';
import { runPps } from './sections/pps.js';
import { runSeed } from './sections/seed.js';
import { runSynthetic } from './sections/synthetic.js';
import { renderTable } from './table.js';

/** A section may report several results (the clean-text section: one per corpus). */
const SECTIONS: Record<string, (ctx: EvalContext) => SectionResult | SectionResult[]> = {
  mpc: runMpc,
  pps: runPps,
  synthetic: runSynthetic,
  crossdomain: runCrossDomain,
  clean: runClean,
  seed: runSeed,
};

function fail(message: string): never {
  process.stderr.write(`unspin eval: ${message}\n`);
  process.exit(2);
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** The shipped data the numbers depend on, fingerprinted: it may differ from the commit while others work. */
function dataFingerprints(): Array<{ path: string; bytes: number; sha1: string }> {
  const out: Array<{ path: string; bytes: number; sha1: string }> = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ path: relative(REPO, path), bytes: statSync(path).size, sha1: createHash('sha1').update(readFileSync(path)).digest('hex') });
    }
  };
  walk(join(REPO, 'data'));
  return out;
}

function buildConfig(id: ConfigId): Config {
  const options = { model: id === 'model' };
  try {
    const checker = createChecker(options);
    return { id, options, checker, modelLoaded: checker.model !== null };
  } catch (error) {
    return { id, options, checker: null, error: error instanceof Error ? error.message.split('\n')[0] : String(error), modelLoaded: false };
  }
}

function main(): void {
  let values: { quick?: boolean; only?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { quick: { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`usage: npm run eval -- [--quick] [--only ${Object.keys(SECTIONS).join('|')}]\n`);
    return;
  }
  if (values.only !== undefined && !(values.only in SECTIONS)) fail(`unknown section "${values.only}" (one of: ${Object.keys(SECTIONS).join(', ')})`);
  if (!hasSharedData()) fail(`public data not found at ${DATA} (set UNSPIN_SHARED_DIR to the folder holding data/)`);

  const started = performance.now();
  const configs = CONFIG_IDS.map(buildConfig);
  const ctx: EvalContext = { configs, quick: values.quick === true };
  const chosen = values.only ? [values.only] : Object.keys(SECTIONS);
  const sections: SectionResult[] = [];
  for (const name of chosen) {
    const sectionStarted = performance.now();
    process.stderr.write(`eval: ${name}...`);
    try {
      const result = SECTIONS[name]!(ctx);
      sections.push(...(Array.isArray(result) ? result : [result]));
    } catch (error) {
      // A data problem in one section (a missing file) should not lose the others.
      const text = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      sections.push({ id: name, title: name, rows: [], outcomes: {} as SectionResult['outcomes'], setup: {}, unavailable: `failed: ${text}` });
    }
    process.stderr.write(` ${((performance.now() - sectionStarted) / 1000).toFixed(1)} s\n`);
  }
  const seconds = (performance.now() - started) / 1000;

  const commit = git('rev-parse', 'HEAD');
  const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
  const modelNote = configs.find((c) => c.id === 'model')?.modelLoaded ? '' : '  (+ model: no model is built yet, so it equals lexicon only)';
  const partial = values.quick === true || values.only !== undefined;
  process.stdout.write(
    `unspin eval  ${new Date().toISOString().slice(0, 10)}  commit ${commit.slice(0, 10)}${dirty ? ' (uncommitted changes)' : ''}` +
      `  ${partial ? `partial run${values.quick ? ' --quick' : ''}${values.only ? ` --only ${values.only}` : ''}` : 'full run'}` +
      `  threshold ${SPUN_THRESHOLD}  ${seconds.toFixed(0)} s${modelNote}\n\n`,
  );
  process.stdout.write(renderTable(sections) + '\n');

  const results = {
    date: new Date().toISOString(),
    commit,
    uncommittedChanges: dirty,
    command: `npm run eval${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
    configuration: {
      quick: ctx.quick,
      only: values.only ?? null,
      spunThreshold: SPUN_THRESHOLD,
      node: process.version,
      configs: configs.map((c) => ({ id: c.id, createCheckerOptions: c.options, modelLoaded: c.modelLoaded, ...(c.error ? { error: c.error } : {}) })),
      shippedData: dataFingerprints(),
    },
    seconds: Math.round(seconds * 10) / 10,
    sections: Object.fromEntries(sections.map((s) => [s.id, { title: s.title, setup: s.setup, ...(s.unavailable ? { unavailable: s.unavailable } : {}), rows: s.rows, ...(s.details ? { details: s.details } : {}), outcomes: s.outcomes }])),
  };
  const out = join(REPO, 'eval', 'results.json');
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nwritten: ${out.slice(REPO.length + 1)}\n`);
}

main();
