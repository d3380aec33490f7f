/**
 * The build's compiled-lexicon cache must give exactly what compiling gives,
 * and be ignored (never trusted) when it is stale or damaged.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDefaultLexicons, compileLexicons, loadDefaultLexicons, writeDefaultLexiconCache } from '../../src/lexicon/index.js';
import { tokenize } from '../../src/text/tokenize.js';
import { SEED } from '../helpers/shared.js';

const text = readFileSync(SEED, 'utf8') + '\n\nWe trained a profound learning model with an irregular woodland classifier, in latest months.';
const tokens = tokenize(text);
const summary = (hits: ReturnType<ReturnType<typeof compileLexicons>['match']>) =>
  hits.map((hit) => [hit.first, hit.last, hit.entry.phrase, hit.entry.expected[0], hit.lexicon.id]);

describe('compiled lexicon cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unspin-lexicon-cache-'));
  const path = join(dir, 'defaults.compiled');
  const expected = summary(compileLexicons(loadDefaultLexicons()).match(tokens));

  it('matches exactly what a fresh compile matches', () => {
    writeDefaultLexiconCache(path);
    const cached = compileDefaultLexicons(path);
    expect(expected.length).toBeGreaterThan(150);
    expect(summary(cached.match(tokens))).toEqual(expected);
    expect(cached.lexicons.map((l) => l.id)).toEqual(['pps', 'news', 'set-phrases']);
  });

  it('ignores a cache written for other lexicons or code, and a damaged one', () => {
    const image = readFileSync(path);
    const stale = Buffer.from(image);
    stale[0] = stale[0]! ^ 0xff;
    writeFileSync(path, stale);
    expect(summary(compileDefaultLexicons(path).match(tokens))).toEqual(expected);

    writeFileSync(path, image.subarray(0, 40));
    expect(summary(compileDefaultLexicons(path).match(tokens))).toEqual(expected);

    expect(summary(compileDefaultLexicons(join(dir, 'missing')).match(tokens))).toEqual(expected);
  });
});

describe('compiled lexicon cache, damaged inside', () => {
  it('falls back to compiling when any byte of the file is damaged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unspin-lexicon-cache-'));
    const path = join(dir, 'defaults.compiled');
    writeDefaultLexiconCache(path);
    const image = readFileSync(path);
    for (const at of [25, 45, Math.floor(image.length / 2), image.length - 3]) {
      const damaged = Buffer.from(image);
      damaged[at] = damaged[at]! ^ 0x5a;
      writeFileSync(path, damaged);
      const lexicon = compileDefaultLexicons(path);
      expect(summary(lexicon.match(tokens))).toEqual(summary(compileLexicons(loadDefaultLexicons()).match(tokens)));
    }
  });
});
