/**
 * What the integration packages are compared with: `unspin check` (the built
 * CLI) on the seed page and on a few clean BBC articles from the public data.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, hasShared, REPO, SEED, SHARED_DATA } from '../../test/helpers/shared.js';
import { isTestDocument } from '../../tools/corpora.js';

export { REPO, SEED, BIN, hasShared };

export interface CliFinding {
  start: number;
  end: number;
  actual: string;
  expected: string[];
  confidence: number;
  rule: string;
  source?: string;
}

export interface CliResult {
  input: string;
  verdict: { spun: boolean; score: number };
  findings: CliFinding[];
  restored: string;
}

/** Runs the built CLI; throws with its standard error when it fails for another reason than a verdict. */
export function unspin(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 64 << 20 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`unspin ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `unspin check --format jsonl` over the given files, one result per file, in order. */
export function unspinCheck(files: readonly string[]): CliResult[] {
  return unspin(['check', '--format', 'jsonl', ...files]).stdout.trim().split('\n').map((line) => JSON.parse(line) as CliResult);
}

/**
 * The first `count` BBC business articles of the development split that are
 * valid UTF-8 (a few of the corpus files are Latin-1, which unspin refuses as
 * a linter would not). Empty when the public data is absent.
 */
export function bbcArticles(count: number): string[] {
  if (!hasShared) return [];
  const folder = join(SHARED_DATA, 'bbc-news', 'bbc', 'business');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const chosen: string[] = [];
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.txt')).sort()) {
    if (isTestDocument(`bbc/business/${name.replace(/\.txt$/, '')}`)) continue;
    const path = join(folder, name);
    try {
      utf8.decode(readFileSync(path));
    } catch {
      continue;
    }
    chosen.push(path);
    if (chosen.length === count) break;
  }
  return chosen;
}
