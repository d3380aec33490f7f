import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compileLexicons,
  defaultLexiconPaths,
  formatLexiconTsv,
  loadDefaultLexicons,
  loadLexiconFile,
  parseLexicon,
  type Lexicon,
} from '../../src/lexicon/index.js';
import { UnspinError } from '../../src/errors.js';
import { tokenize } from '../../src/text/tokenize.js';
import { REPO } from '../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'unspin-lexicon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const HEADER = '# format: unspin-lexicon/1\n# id: mine\n# version: 1\n# source: me\n# licence: CC0-1.0\n';

function jsonLexicon(entries: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: 'unspin-lexicon/1', id: 'mine', version: '1', source: 'me', licence: 'CC0-1.0', entries, ...extra }, null, 2);
}

/** Loads `path` expecting a lexicon-invalid error; returns its message. */
function failure(path: string): string {
  try {
    loadLexiconFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(UnspinError);
    expect((error as UnspinError).code).toBe('lexicon-invalid');
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith(`${path}: `)).toBe(true);
    return message.slice(path.length + 2);
  }
  throw new Error(`${path} loaded without error`);
}

describe('JSON lexicons', () => {
  it('load with every documented field', () => {
    const path = file(
      'full.json',
      jsonLexicon(
        [
          { phrase: 'navy', expected: ['military'], tier: 'weak', lowercase: true, count: 12, confidence: 0.7, note: 'farm favourite' },
          { phrase: 'go to', expected: ['visit'], tier: 'strong', prev: ['a', '<end>'], notNext: ['<cap>'], next: ['<word>'], notPrev: [] },
          { phrase: 'profound learning', expected: ['deep learning'], tier: 'strong', requires: ['deep learning'], unless: ['profound learning disability'], spaced: true },
        ],
        { allow: ['machine learning'] },
      ),
    );
    const lexicon = loadLexiconFile(path);
    expect(lexicon).toMatchObject({ id: 'mine', version: '1', source: 'me', licence: 'CC0-1.0', allow: ['machine learning'] });
    expect(lexicon.entries).toHaveLength(3);
    expect(lexicon.entries[0]).toEqual({ phrase: 'navy', expected: ['military'], tier: 'weak', lowercase: true, count: 12, confidence: 0.7 });
    expect(lexicon.entries[1]!.notPrev).toBeUndefined();
    expect(lexicon.entries[2]).toMatchObject({ requires: ['deep learning'], unless: ['profound learning disability'], spaced: true });
  });

  it('report a syntax error with its line', () => {
    const path = file('syntax.json', '{\n  "format": "unspin-lexicon/1",\n  "id": "x"\n  "version": "1"\n}');
    expect(failure(path)).toMatch(/^line 4: invalid JSON: /);
  });

  it('report a bad entry on the line where the entry starts', () => {
    const text = jsonLexicon([
      { phrase: 'navy', expected: ['military'], tier: 'weak' },
      { phrase: 'army', expected: ['military'], tier: 'medium' },
    ]);
    const line = text.split('\n').findIndex((l) => l.includes('"army"')); // 0-based index of the phrase = 1-based line of the entry's "{"
    expect(text.split('\n')[line - 1]!.trim()).toBe('{');
    expect(failure(file('tier.json', text))).toBe(`line ${line}: "tier" of "army" must be "strong" or "weak"`);
  });

  it('refuse unknown fields, bad classes, bad phrases and missing headers', () => {
    expect(failure(file('field.json', jsonLexicon([{ phrase: 'navy', expected: ['military'], tier: 'weak', nextt: ['x'] }])))).toMatch(/unknown field "nextt"/);
    expect(failure(file('class.json', jsonLexicon([{ phrase: 'navy', expected: ['military'], tier: 'weak', prev: ['<noun>'] }])))).toMatch(/unknown class "<noun>"/);
    expect(failure(file('punct.json', jsonLexicon([{ phrase: '(navy)', expected: ['military'], tier: 'weak' }])))).toMatch(/starts with "\("/);
    expect(failure(file('empty-phrase.json', jsonLexicon([{ phrase: '  ', expected: ['military'], tier: 'weak' }])))).toMatch(/empty phrase/);
    expect(failure(file('expected.json', jsonLexicon([{ phrase: 'navy', expected: 'military', tier: 'weak' }])))).toMatch(/"expected" of "navy" must be a list/);
    expect(failure(file('requires.json', jsonLexicon([{ phrase: 'navy', expected: [], tier: 'weak', requires: [] }])))).toMatch(/"requires" of "navy" is empty/);
    expect(failure(file('confidence.json', jsonLexicon([{ phrase: 'navy', expected: [], tier: 'weak', confidence: 2 }])))).toMatch(/"confidence" of "navy" must be a number from 0 to 1/);
    expect(failure(file('format.json', JSON.stringify({ format: 'other/2', id: 'x', version: '1', source: 's', licence: 'l', entries: [] })))).toBe('line 1: "format" must be "unspin-lexicon/1"');
    expect(failure(file('licence.json', JSON.stringify({ format: 'unspin-lexicon/1', id: 'x', version: '1', source: 's', entries: [] })))).toBe('line 1: "licence" must be a non-empty string');
    expect(failure(file('array.json', '[]'))).toMatch(/^line 1: not a lexicon: expected a JSON object/);
    expect(failure(file('string.json', '{"format": "unspin-lexicon/1", "id": 1}'))).toBe('line 1: "id" must be a non-empty string');
    const allowText = jsonLexicon([], { allow: ['fine', '...'] });
    expect(failure(file('allow.json', allowText))).toBe(`line ${allowText.split('\n').findIndex((l) => l.includes('"..."')) + 1}: allow: phrase "..." starts with ".": a phrase starts with a word or number`);
  });
});

describe('TSV lexicons', () => {
  it('load rows, constraints and allow rows', () => {
    const path = file(
      'list.tsv',
      `${HEADER}# a comment\n\nchilly warfare\tcold war\tstrong\t12\nnavy\tmilitary|army\tweak\t\tlowercase; prev=the|<end>; requires=ships\nmachine learning\t\tallow\n`,
    );
    const lexicon = loadLexiconFile(path);
    expect(lexicon.id).toBe('mine');
    expect(lexicon.entries).toEqual([
      { phrase: 'chilly warfare', expected: ['cold war'], tier: 'strong', count: 12 },
      { phrase: 'navy', expected: ['military', 'army'], tier: 'weak', lowercase: true, prev: ['the', '<end>'], requires: ['ships'] },
    ]);
    expect(lexicon.allow).toEqual(['machine learning']);
  });

  it('report bad rows with their line', () => {
    expect(failure(file('cols.tsv', `${HEADER}chilly warfare\tcold war\n`))).toMatch(/^line 6: expected 3 to 5 tab-separated columns/);
    expect(failure(file('tier.tsv', `${HEADER}\nchilly warfare\tcold war\tsevere\n`))).toBe('line 7: "tier" of "chilly warfare" must be "strong" or "weak"');
    expect(failure(file('count.tsv', `${HEADER}chilly warfare\tcold war\tstrong\tmany\n`))).toBe('line 6: "count" of "chilly warfare" must be a number >= 0');
    expect(failure(file('constraint.tsv', `${HEADER}chilly warfare\tcold war\tstrong\t\tbefore=a\n`))).toMatch(/^line 6: unknown constraint "before"/);
    expect(failure(file('noheader.tsv', 'chilly warfare\tcold war\tstrong\n'))).toMatch(/^line 1: not a lexicon/);
    expect(failure(file('noid.tsv', '# format: unspin-lexicon/1\nchilly warfare\tcold war\tstrong\n'))).toBe('line 1: missing header line "# id: ..."');
    expect(failure(file('version.tsv', '# format: unspin-lexicon/2\n'))).toMatch(/^line 1: unsupported format "unspin-lexicon\/2"/);
  });

  it('round-trip through formatLexiconTsv', () => {
    const lexicon: Lexicon = {
      id: 'learned',
      version: '3',
      source: 'learned from pairs',
      licence: 'CC0-1.0',
      entries: [
        { phrase: 'chilly warfare', expected: ['cold war', 'cold-war'], tier: 'strong', count: 4, confidence: 0.9 },
        { phrase: 'navy', expected: ['military'], tier: 'weak', lowercase: true, spaced: true, prev: ['the'], next: ['<word>'], notPrev: ['us'], notNext: ['seal'], requires: ['warships'], unless: ['admiral'] },
        { phrase: 'oddity', expected: [], tier: 'strong' },
      ],
      allow: ['navy seal'],
    };
    const text = formatLexiconTsv(lexicon, ['made by a test']);
    expect(text).toContain('# made by a test\n');
    expect(parseLexicon(text, 'x.tsv')).toEqual(lexicon);
  });
});

describe('files that are not lexicons', () => {
  it('give one-line errors', () => {
    expect(failure(join(dir, 'missing.json'))).toBe('cannot read lexicon: no such file');
    expect(failure(dir)).toBe('cannot read lexicon: is a directory');
    expect(failure(file('binary.tsv', Buffer.from([0x23, 0x00, 0x01, 0x02])))).toBe('not a text file');
    expect(failure(file('latin1.tsv', Buffer.from('# format: unspin-lexicon/1\ncaf\xe9\tcoffee\tstrong\n', 'latin1')))).toBe('not valid UTF-8');
    expect(failure(file('empty.tsv', ''))).toMatch(/^line 1: not a lexicon/);
  });
});

describe('shipped lexicons', () => {
  it('load from the package, in the order of defaults.json, afresh on each call', () => {
    const paths = defaultLexiconPaths();
    expect(paths.map((p) => p.split('/').pop())).toEqual(['pps.tsv', 'news.json', 'set-phrases.tsv']);
    const first = loadDefaultLexicons();
    const second = loadDefaultLexicons();
    expect(first.map((l) => l.id)).toEqual(['pps', 'news', 'set-phrases']);
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]!.entries.length).toBe(first[0]!.entries.length);
    for (const lexicon of first) {
      expect(lexicon.source.length).toBeGreaterThan(20);
      expect(lexicon.licence.length).toBeGreaterThan(3);
    }
  });

  it('do not depend on the working directory', () => {
    const cwd = process.cwd();
    try {
      process.chdir(dir);
    } catch {
      return; // worker threads cannot change directory; the path comes from import.meta.url either way
    }
    try {
      expect(loadDefaultLexicons().map((l) => l.id)).toEqual(['pps', 'news', 'set-phrases']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('compile together and mark the seed page', () => {
    const matcher = compileLexicons(loadDefaultLexicons());
    const text = 'the Chinese language Protection Minister spoke of navy ties since the Chilly Warfare. Machine learning and a Chinese language course are fine.';
    const tokens = tokenize(text);
    const found = matcher.match(tokens).map((h) => text.slice(tokens.starts[h.first], tokens.ends[h.last]));
    expect(found).toContain('Chilly Warfare');
    expect(found.some((f) => /machine|course/i.test(f))).toBe(false);
  });
});

describe('data/lexicon/README.md', () => {
  it('documents examples that load', () => {
    const readme = readFileSync(join(REPO, 'data', 'lexicon', 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```(json)?\n([\s\S]*?)```/g)].map((m) => m[2]!);
    const json = blocks.find((b) => b.trimStart().startsWith('{'))!;
    const tsv = blocks.find((b) => b.startsWith('# format'))!;
    expect(parseLexicon(json, 'README.json').entries.map((e) => e.phrase)).toEqual(['satellite tv for pc', 'navy', 'go to']);
    const fromTsv = parseLexicon(tsv, 'README.tsv');
    expect(fromTsv.entries[1]).toMatchObject({ phrase: 'profound learning', requires: ['deep learning'] });
    expect(fromTsv.allow).toEqual(['machine learning']);
  });
});
