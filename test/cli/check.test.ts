/**
 * The command line as a user meets it: `unspin check` and `unspin restore` on
 * the seed page and on clean text, every report format, and the exit codes.
 * Runs the built CLI (bin/unspin.js → dist/), so `npm test` builds first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO, SEED } from '../helpers/shared.js';

function unspin(args: string[], input?: string, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const CLEAN = 'The central bank said on Tuesday that inflation had eased in the third quarter, and officials expect growth to pick up next year.\n';
const dir = mkdtempSync(join(tmpdir(), 'unspin-cli-'));
const cleanFile = join(dir, 'clean.txt');
writeFileSync(cleanFile, CLEAN);

describe('unspin check', () => {
  it('judges the seed page spun, exits 1 and writes contract v1 JSON', () => {
    const { code, stdout, stderr } = unspin(['check', '--format', 'json', '--no-model', 'examples/spun-news-article.txt']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(['input', 'verdict', 'findings', 'restored']);
    expect(result.input).toBe('examples/spun-news-article.txt');
    expect(result.verdict.spun).toBe(true);
    expect(result.findings.length).toBeGreaterThanOrEqual(120);
    const text = readFileSync(SEED, 'utf8');
    for (const f of result.findings) {
      expect(Object.keys(f).slice(0, 6)).toEqual(['start', 'end', 'actual', 'expected', 'confidence', 'rule']);
      expect(text.slice(f.start, f.end)).toBe(f.actual);
    }
  });

  it('exits 0 on clean text', () => {
    const { code, stdout } = unspin(['check', '--format', 'json', cleanFile]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).verdict.spun).toBe(false);
  });

  it('reads standard input with -', () => {
    const { code, stdout } = unspin(['check', '--format', 'json', '--no-model', '-'], readFileSync(SEED, 'utf8'));
    expect(code).toBe(1);
    expect(JSON.parse(stdout).input).toBe('-');
  });

  it('writes one JSONL object per input, in input order, and an error object for a failed input', () => {
    const { code, stdout, stderr } = unspin(['check', '--format', 'jsonl', '--no-model', cleanFile, 'examples/spun-news-article.txt', join(dir, 'missing.txt')]);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.input)).toEqual([cleanFile, 'examples/spun-news-article.txt', join(dir, 'missing.txt')]);
    expect(lines[0].verdict.spun).toBe(false);
    expect(lines[1].verdict.spun).toBe(true);
    expect(lines[2].error.code).toBeTruthy();
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(code).toBe(2);
  });

  it('prints a linter-style text report with line:col and a summary', () => {
    const { code, stdout } = unspin(['check', '--format', 'text', '--no-model', 'examples/spun-news-article.txt']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^\s+6:\d+\s+navy\s+→\s+military/m);
    expect(stdout).toMatch(/spun \(score/);
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('writes a standalone HTML report to a file', () => {
    const out = join(dir, 'report.html');
    const { code } = unspin(['check', '--format', 'html', '--no-model', '-o', out, 'examples/spun-news-article.txt']);
    expect(code).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/i);
    expect((html.match(/<mark/g) ?? []).length).toBeGreaterThanOrEqual(120);
  });

  it('refuses json for several inputs and unknown flags, with exit 2 and one line', () => {
    for (const args of [['check', '--format', 'json', cleanFile, cleanFile], ['check', '--bogus', cleanFile], ['check'], ['check', '--format', 'yaml', cleanFile]]) {
      const { code, stderr } = unspin(args);
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('unspin restore', () => {
  it('prints the restored article', () => {
    const { code, stdout } = unspin(['restore', '--no-model', 'examples/spun-news-article.txt']);
    expect(code).toBe(0);
    expect(stdout).toContain('Chinese Defense Minister Li Shangfu');
    expect(stdout).toContain('between the two countries');
  });

  it('shows a word diff with --diff', () => {
    const { code, stdout } = unspin(['restore', '--diff', '--no-model', 'examples/spun-news-article.txt']);
    expect(code).toBe(0);
    expect(stdout).toContain('[-navy-]{+military+}');
  });
});
