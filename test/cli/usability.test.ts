/**
 * The command line as a new user meets it (issue 12): a typo gets a
 * suggestion, --version is in the help, --quiet keeps standard output empty,
 * and a run over many inputs shows a clean input on one line and closes with
 * a count. Runs the built CLI (bin/unspin.js → dist/).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO } from '../helpers/shared.js';
import { closest, editDistance } from '../../src/cli/suggest.js';

function unspin(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const SEED = 'examples/spun-news-article.txt';
const dir = mkdtempSync(join(tmpdir(), 'unspin-usability-'));
const clean = join(dir, 'clean.txt');
writeFileSync(clean, 'The central bank said on Tuesday that inflation had eased in the third quarter, and officials expect growth to pick up next year.\n');
const missing = join(dir, 'missing.txt');

describe('did you mean', () => {
  it('suggests the command a typo was meant to be', () => {
    const { code, stdout, stderr } = unspin(['chek', SEED]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("unspin: unknown command 'chek' (did you mean 'check'?)\n");
    expect(unspin(['trcae']).stderr).toContain("did you mean 'trace'?");
  });

  it('suggests nothing for a word that is no typo of a command', () => {
    const { code, stderr } = unspin(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toBe("unspin: unknown command 'frobnicate' (try 'unspin --help')\n");
  });

  it('suggests the option a mistyped flag was meant to be', () => {
    const { code, stderr } = unspin(['check', '--formt', 'json', SEED]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual(["unspin check: unknown option '--formt' (did you mean '--format'?)"]);
  });

  it('measures typos as edits, a swap of neighbours being one', () => {
    expect(editDistance('chek', 'check')).toBe(1);
    expect(editDistance('chekc', 'check')).toBe(1);
    expect(editDistance('learn', 'serve')).toBeGreaterThan(2);
    expect(closest('serv', ['check', 'serve'])).toBe('serve');
    expect(closest('idx', ['check', 'index'])).toBeUndefined();
  });
});

describe('--help and --version', () => {
  it('lists --version in the help and prints the package version', () => {
    const help = unspin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^\s+-v, --version\s+print the version$/m);
    const version = unspin(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version}\n`);
  });
});

describe('--quiet', () => {
  it('prints nothing and says by the exit status whether the input was spun', () => {
    const spun = unspin(['check', '--quiet', '--no-model', '--format', 'text', SEED]);
    expect(spun).toEqual({ code: 1, stdout: '', stderr: '' });
    const fine = unspin(['check', '-q', '--no-model', clean]);
    expect(fine).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('still reports a bad input on standard error', () => {
    const { code, stdout, stderr } = unspin(['check', '-q', '--no-model', missing]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('missing.txt');
  });

  it('still writes the report asked for with --output', () => {
    const out = join(dir, 'quiet.json');
    const { code, stdout } = unspin(['check', '-q', '--no-model', '--format', 'json', '-o', out, SEED]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).verdict.spun).toBe(true);
  });
});

describe('a run over many inputs', () => {
  it('shows a clean input on one line, a spun one in full, and closes with the counts', () => {
    const { code, stdout, stderr } = unspin(['check', '--no-model', '--format', 'text', clean, SEED, clean, missing]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    const lines = stdout.split('\n');
    // The clean input: its name and verdict on one line, nothing else about it.
    expect(lines[0]).toMatch(new RegExp(`^${clean.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  not spun \\(score \\d\\.\\d\\d\\): `));
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe(SEED);
    expect(stdout).toMatch(/^\s+6:\d+\s+navy\s+→\s+military/m);
    expect(stdout.split(clean).length - 1).toBe(2);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('4 inputs: 1 spun, 2 not spun, 1 error');
  });

  it('keeps the full report for a single clean input, with no closing count', () => {
    const { code, stdout } = unspin(['check', '--no-model', '--format', 'text', clean]);
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 2)).toEqual([clean, expect.stringMatching(/^\s+not spun \(score/)]);
    expect(stdout).not.toMatch(/inputs:/);
  });
});

describe('on a terminal', () => {
  it('check FILES... defaults to the text report: one line per clean input and a closing count', async () => {
    const { main } = await import('../../dist/cli/main.js');
    const { PassThrough } = await import('node:stream');
    const capture = () => {
      const stream = Object.assign(new PassThrough(), { isTTY: true });
      let text = '';
      stream.on('data', (chunk) => (text += chunk));
      return { stream, text: () => text };
    };
    const out = capture();
    const err = capture();
    const code = await main(['check', '--no-model', clean, clean], { stdout: out.stream, stderr: err.stream, env: { NO_COLOR: '1' } });
    expect(code).toBe(0);
    expect(err.text()).toBe('');
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/ {2}not spun \(score \d\.\d\d\): 0 tortured phrases$/);
    expect(lines[1]).toBe(lines[0]);
    expect(lines[2]).toBe('');
    expect(lines[3]).toBe('2 inputs: 0 spun, 2 not spun, 0 errors');
  });
});
