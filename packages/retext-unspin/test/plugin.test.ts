/**
 * retext-unspin under unified 11 / retext 9 (the current majors), used as a
 * user would, from ESM and from CommonJS. Its messages must be the findings
 * of `unspin check` (same spans, same first suggestion), plus one
 * document-level message exactly when `unspin check` judges the page spun.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { retext } from 'retext';
import retextEnglish from 'retext-english';
import remarkParse from 'remark-parse';
import remarkRetext from 'remark-retext';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';
import { describe, expect, it } from 'vitest';
import retextUnspin from 'retext-unspin';
import { bbcArticles, REPO, SEED, unspinCheck, type CliFinding } from '../../test-helpers/integration.js';

const dir = mkdtempSync(join(tmpdir(), 'retext-unspin-'));
const bbc = bbcArticles(40);

function spans(findings: readonly CliFinding[], min = 0) {
  return findings
    .filter((f) => f.confidence >= min)
    .map((f) => ({ start: f.start, end: f.end, actual: f.actual, expected: f.expected[0] }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

function phraseMessages(file: VFile) {
  return file.messages
    .filter((m) => m.ruleId !== 'spun')
    .map((m) => ({ start: m.place && 'start' in m.place ? m.place.start.offset : undefined, end: m.place && 'end' in m.place ? m.place.end.offset : undefined, actual: m.actual, expected: m.expected?.[0] }))
    .sort((a, b) => a.start! - b.start! || a.end! - b.end!);
}

describe('retext-unspin', () => {
  it('marks what unspin check finds on the seed page and on 40 clean BBC articles: same spans, same first suggestion, same verdict', async () => {
    if (bbc.length === 0) console.warn('[unspin tests] public data absent: the BBC articles are skipped');
    const files = [SEED, ...bbc];
    const expected = unspinCheck(files);
    const processor = retext().use(retextUnspin);
    for (const [i, path] of files.entries()) {
      const file = await processor.process(new VFile({ path, value: readFileSync(path, 'utf8') }));
      expect(phraseMessages(file), basename(path)).toEqual(spans(expected[i]!.findings));
      for (const message of file.messages) expect(message.source).toBe('unspin');
      const documentLevel = file.messages.filter((m) => m.ruleId === 'spun');
      expect(documentLevel.length, basename(path)).toBe(expected[i]!.verdict.spun ? 1 : 0);
      expect(file.data.unspin?.verdict.spun).toBe(expected[i]!.verdict.spun);
      expect(file.data.unspin?.restored).toBe(expected[i]!.restored);
    }
  });

  it('gives each phrase message its place, rule and note, and the document message no place', async () => {
    const file = await retext().use(retextUnspin).process(new VFile({ path: SEED, value: readFileSync(SEED, 'utf8') }));
    const text = String(file);
    const first = file.messages.find((m) => m.ruleId !== 'spun')!;
    expect(first.ruleId).toMatch(/^(lexicon|spintax|model)$/);
    expect(first.place && 'start' in first.place).toBe(true);
    const place = first.place as { start: { line: number; column: number; offset: number }; end: { offset: number } };
    expect(text.slice(place.start.offset, place.end.offset)).toBe(first.actual);
    expect(text.split('\n')[place.start.line - 1]!.slice(place.start.column - 1)).toMatch(new RegExp(`^${first.actual!.split(/\s+/)[0]}`));
    expect(first.note).toMatch(/confidence \d\.\d\d$/);
    const spun = file.messages.find((m) => m.ruleId === 'spun')!;
    expect(spun.place).toBeUndefined();
    expect(spun.reason).toMatch(/^Document judged spun \(score \d\.\d\d\): [\d,]+ tortured phrases$/);
    // vfile-reporter shows them as any other plugin's warnings.
    const report = reporter(file);
    expect(report).toContain('Tortured phrase');
    expect(report).toContain('unspin');
  });

  it('leaves out findings under minConfidence, and reads extra lexicons', async () => {
    const expected = unspinCheck([SEED])[0]!;
    const file = await retext().use(retextUnspin, { minConfidence: 0.9 }).process(readFileSync(SEED, 'utf8'));
    const got = phraseMessages(file);
    expect(got).toEqual(spans(expected.findings, 0.9));
    expect(got.length).toBeGreaterThan(0);

    const lexicon = {
      format: 'unspin-lexicon/1', id: 'house', version: '1', source: 'test', licence: 'CC0-1.0',
      entries: [{ phrase: 'quarterly gain', expected: ['quarterly profit'], tier: 'strong' as const }],
      allow: [],
    };
    const path = join(dir, 'house.json');
    writeFileSync(path, JSON.stringify(lexicon));
    const text = 'The firm reported a quarterly gain of 3% on Tuesday, its first in a year.';
    for (const lexicons of [[path], [lexicon]]) {
      const out = await retext().use(retextUnspin, { lexicons }).process(text);
      const message = out.messages.find((m) => m.actual === 'quarterly gain');
      expect(message?.expected).toEqual(['quarterly profit']);
    }
  });

  it('reads only the prose of Markdown through remark-retext: code is never flagged, places are the file’s', async () => {
    const markdown = [
      'Ties go back to the Chilly Warfare era, the minister said.',
      '',
      '```',
      'the Chilly Warfare era',
      '```',
      '',
      'See `Chilly Warfare` in the [Chilly Warfare archive](https://example.com/Chilly-Warfare).',
      '',
    ].join('\n');
    // Bridge mode, as remark-retext documents it; fenced code marked as source, as inline code is by default.
    const processor = unified().use(remarkParse).use(remarkRetext, unified().use(retextEnglish).use(retextUnspin), { source: ['code'] });
    const vfile = new VFile(markdown);
    await processor.run(processor.parse(vfile), vfile);
    const found = vfile.messages.filter((m) => m.ruleId !== 'spun').map((m) => [(m.place as { start: { line: number } }).start.line, m.actual]);
    expect(found).toEqual([[1, 'Chilly Warfare'], [7, 'Chilly Warfare']]);
  });

  it('refuses a bad option with a clear message', () => {
    expect(() => retext().use(retextUnspin, { minConfidence: -1 }).freeze()).toThrow(/minConfidence must be a number between 0 and 1/);
  });

  it('works for CommonJS consumers (require of unified, retext and the plugin)', () => {
    const script = join(dir, 'consumer.cjs');
    writeFileSync(script, `
      const { retext } = require('retext');
      const retextUnspin = require('retext-unspin').default;
      const file = retext().use(retextUnspin).processSync(process.argv[2]);
      console.log(JSON.stringify(file.messages.map((m) => m.actual)));
    `);
    const text = 'Tension between the 2 international locations rose over the Chilly Warfare records.';
    const run = spawnSync(process.execPath, [script, text], {
      cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_PATH: join(REPO, 'node_modules') },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expect.arrayContaining(['international locations', 'Chilly Warfare']));
  });
});
