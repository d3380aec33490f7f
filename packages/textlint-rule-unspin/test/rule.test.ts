/**
 * textlint-rule-unspin under textlint 15 (the current major), used as a user
 * would: through textlint's own API and its command line, from ESM and from
 * CommonJS. Its findings must be those of `unspin check`, and `textlint --fix`
 * must write what `unspin restore` prints.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createLinter, loadTextlintrc } from 'textlint';
import { describe, expect, it } from 'vitest';
import { bbcArticles, REPO, SEED, unspin, unspinCheck, type CliFinding } from '../../test-helpers/integration.js';

const require = createRequire(import.meta.url);
const TEXTLINT_BIN = join(require.resolve('textlint/package.json'), '..', 'bin', 'textlint.js');
const dir = mkdtempSync(join(tmpdir(), 'textlint-rule-unspin-'));

async function linterWith(options: object | true, name = 'textlintrc.json') {
  const configFilePath = join(dir, name);
  writeFileSync(configFilePath, JSON.stringify({ rules: { unspin: options } }));
  const descriptor = await loadTextlintrc({ configFilePath, node_modulesDir: join(REPO, 'node_modules') });
  return createLinter({ descriptor });
}

/** textlint's message for a finding: its span, and the first suggestion out of the message text. */
function asFinding(message: { range: readonly [number, number]; message: string; ruleId: string }) {
  const likely = /: likely "(.*?)"(?: or "| \()/.exec(message.message);
  return { start: message.range[0], end: message.range[1], expected: likely ? likely[1] : undefined };
}

function expectedSpans(findings: readonly CliFinding[], min = 0) {
  return findings
    .filter((f) => f.confidence >= min)
    .map((f) => ({ start: f.start, end: f.end, expected: f.expected[0] }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

function textlint(args: string[], cwd = dir) {
  const run = spawnSync(process.execPath, [TEXTLINT_BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const bbc = bbcArticles(40);

describe('textlint-rule-unspin', () => {
  it('reports what unspin check finds on the seed page and on 40 clean BBC articles: same spans, same first suggestion', async () => {
    if (bbc.length === 0) console.warn('[unspin tests] public data absent: the BBC articles are skipped');
    const files = [SEED, ...bbc];
    const expected = unspinCheck(files);
    const linter = await linterWith(true);
    const results = await linter.lintFiles(files);
    expect(results).toHaveLength(files.length);
    for (const [i, file] of files.entries()) {
      const result = results.find((r) => r.filePath === file)!;
      expect(result, file).toBeDefined();
      expect(result.messages.every((m) => m.ruleId === 'unspin')).toBe(true);
      const got = result.messages.map(asFinding).sort((a, b) => a.start - b.start || a.end - b.end);
      expect(got, basename(file)).toEqual(expectedSpans(expected[i]!.findings));
    }
    // The seed page is the spun one: many findings, nearly all with a fix.
    const seed = results.find((r) => r.filePath === SEED)!;
    expect(seed.messages.length).toBeGreaterThan(100);
    expect(seed.messages.filter((m) => m.fix).length).toBeGreaterThan(seed.messages.length * 0.9);
  });

  it('textlint --fix writes what unspin restore prints (seed page)', () => {
    const copy = join(dir, 'spun-news-article.txt');
    copyFileSync(SEED, copy);
    const fixed = textlint(['--rule', 'unspin', '--fix', copy]);
    expect(fixed.stderr).toBe('');
    const restored = unspin(['restore', SEED]).stdout;
    const after = readFileSync(copy, 'utf8');
    expect(after).not.toBe(readFileSync(SEED, 'utf8'));
    // `unspin restore` ends its output with a line break when the text has none.
    expect(after.endsWith('\n') ? after : after + '\n').toBe(restored);
    // And nothing left to fix: a second run reports no fixable finding of the first.
    const again = textlint(['--rule', 'unspin', '--format', 'json', copy]);
    const remaining = JSON.parse(again.stdout)[0].messages as Array<{ fix?: unknown }>;
    expect(remaining.length).toBeLessThan(20);
  });

  it('reports on the command line with exit status 1 and 0 on clean text', () => {
    const spun = textlint(['--rule', 'unspin', '--format', 'json', SEED]);
    expect(spun.code).toBe(1);
    const messages = JSON.parse(spun.stdout)[0].messages;
    expect(messages[0].message).toMatch(/^Tortured phrase ".+": likely ".+" \(lexicon\/\w+, confidence \d\.\d\d\)$/);
    const clean = join(dir, 'clean.txt');
    writeFileSync(clean, 'The central bank said on Tuesday that inflation had eased in the third quarter.\n');
    expect(textlint(['--rule', 'unspin', clean]).code).toBe(0);
  });

  it('leaves out findings under minConfidence', async () => {
    const expected = unspinCheck([SEED])[0]!;
    const linter = await linterWith({ minConfidence: 0.9 }, 'min.json');
    const [result] = await linter.lintFiles([SEED]);
    const got = result!.messages.map(asFinding).sort((a, b) => a.start - b.start || a.end - b.end);
    expect(got).toEqual(expectedSpans(expected.findings, 0.9));
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(expected.findings.length);
  });

  it('reads extra lexicon files, relative to the textlint config', async () => {
    writeFileSync(join(dir, 'house.json'), JSON.stringify({
      format: 'unspin-lexicon/1', id: 'house', version: '1', source: 'test', licence: 'CC0-1.0',
      entries: [{ phrase: 'quarterly gain', expected: ['quarterly profit'], tier: 'strong' }],
    }));
    const text = 'The firm reported a quarterly gain of 3% on Tuesday, its first in a year.\n';
    const plain = await (await linterWith(true, 'plain.json')).lintText(text, join(dir, 'a.txt'));
    expect(plain.messages.map((m) => m.message).join('\n')).not.toContain('quarterly gain');
    const linter = await linterWith({ lexicons: ['house.json'] }, 'house-rc.json');
    const result = await linter.lintText(text, join(dir, 'a.txt'));
    const found = result.messages.find((m) => m.message.includes('"quarterly gain"'));
    expect(found?.message).toContain('likely "quarterly profit" (lexicon/house');
    expect(text.slice(...found!.range)).toBe('quarterly gain');
    const fixed = await linter.fixText(text, join(dir, 'a.txt'));
    expect(fixed.output).toContain('reported a quarterly profit of 3%');
  });

  it('reads only the prose of a Markdown file: code is never flagged, offsets are the file’s', async () => {
    const markdown = [
      '# Relations',
      '',
      'Ties go back to the Chilly Warfare era, the minister said.',
      '',
      '```',
      'the Chilly Warfare era',
      '```',
      '',
      'See `Chilly Warfare` in the [Chilly Warfare archive](https://example.com/Chilly-Warfare).',
      '',
    ].join('\n');
    const linter = await linterWith(true, 'md.json');
    const result = await linter.lintText(markdown, join(dir, 'page.md'));
    const spans = result.messages.map((m) => markdown.slice(...m.range));
    expect(spans).toEqual(['Chilly Warfare', 'Chilly Warfare']);
    const lines = result.messages.map((m) => m.loc.start.line);
    expect(lines).toEqual([3, 9]);
    const fixed = await linter.fixText(markdown, join(dir, 'page.md'));
    expect(fixed.output).toContain('back to the Cold War era');
    expect(fixed.output).toContain('```\nthe Chilly Warfare era\n```');
    expect(fixed.output).toContain('(https://example.com/Chilly-Warfare)');
  });

  it('refuses a bad option with a clear message', async () => {
    const linter = await linterWith({ minConfidence: 2 }, 'bad.json');
    await expect(linter.lintText('Some text here.\n', join(dir, 'b.txt'))).rejects.toThrow(/minConfidence must be a number between 0 and 1/);
  });

  it('works for CommonJS consumers (require of the rule and of textlint)', () => {
    const script = join(dir, 'consumer.cjs');
    writeFileSync(join(dir, 'cjs-rc.json'), JSON.stringify({ rules: { unspin: true } }));
    writeFileSync(script, `
      const rule = require('textlint-rule-unspin');
      if (typeof rule.default.linter !== 'function' || typeof rule.default.fixer !== 'function') throw new Error('no rule');
      const { createLinter, loadTextlintrc } = require('textlint');
      const [configFilePath, node_modulesDir, text] = process.argv.slice(2);
      loadTextlintrc({ configFilePath, node_modulesDir })
        .then((descriptor) => createLinter({ descriptor }).lintText(text, 'page.txt'))
        .then((result) => console.log(JSON.stringify(result.messages.map((m) => m.range))));
    `);
    const text = 'Tension between the 2 international locations rose over the Chilly Warfare records.';
    const run = spawnSync(process.execPath, [script, join(dir, 'cjs-rc.json'), join(REPO, 'node_modules'), text], {
      cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_PATH: join(REPO, 'node_modules') },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const spans = (JSON.parse(run.stdout) as Array<[number, number]>).map((range) => text.slice(...range));
    expect(spans).toEqual(expect.arrayContaining(['international locations', 'Chilly Warfare']));
  });
});
