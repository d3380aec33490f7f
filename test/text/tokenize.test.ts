import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Gap, hashWord, tokenize, tokenNorm, tokenText, TokenKind } from '../../src/text/tokenize.js';
import { SEED } from '../helpers/shared.js';

describe('tokenize', () => {
  it('gives exact offsets for every token of the seed page', () => {
    const text = readFileSync(SEED, 'utf8');
    const tokens = tokenize(text);
    expect(tokens.count).toBeGreaterThan(1000);
    let previousEnd = 0;
    for (let i = 0; i < tokens.count; i++) {
      const start = tokens.starts[i]!;
      const end = tokens.ends[i]!;
      expect(start).toBeGreaterThanOrEqual(previousEnd);
      // Only whitespace lies between tokens.
      expect(text.slice(previousEnd, start).trim()).toBe('');
      previousEnd = end;
    }
    expect(text.slice(previousEnd).trim()).toBe('');
  });

  it('keeps apostrophes inside words and folds curly ones', () => {
    const tokens = tokenize('Russia’s navy; don\'t');
    expect(tokenText(tokens, 0)).toBe('Russia’s');
    expect(tokenNorm(tokens, 0)).toBe("russia's");
    expect(tokens.hashes[0]).toBe(hashWord("russia's"));
    expect(tokens.hashes[0]).toBe(hashWord('RUSSIA’S'));
    expect(tokenText(tokens, 3)).toBe("don't");
  });

  it('marks hyphens between words as joiners and stand-alone dashes as punctuation', () => {
    const tokens = tokenize('Chilly Warfare-era — dual–use');
    const kinds = Array.from({ length: tokens.count }, (_, i) => [tokenText(tokens, i), tokens.kinds[i]]);
    expect(kinds).toEqual([
      ['Chilly', TokenKind.Word],
      ['Warfare', TokenKind.Word],
      ['-', TokenKind.Joiner],
      ['era', TokenKind.Word],
      ['—', TokenKind.Punct],
      ['dual', TokenKind.Word],
      ['–', TokenKind.Joiner],
      ['use', TokenKind.Word],
    ]);
  });

  it('keeps numbers with grouping whole and records line and paragraph breaks', () => {
    const tokens = tokenize('It cost 1,000.50 dollars.\n\nNext line\nhere');
    expect(tokenText(tokens, 2)).toBe('1,000.50');
    expect(tokens.kinds[2]).toBe(TokenKind.Number);
    const next = 5;
    expect(tokenText(tokens, next)).toBe('Next');
    expect(tokens.gaps[next]! & Gap.Paragraph).toBeTruthy();
    expect(tokens.gaps[next + 2]! & Gap.Newline).toBeTruthy();
    expect(tokens.gaps[next + 2]! & Gap.Paragraph).toBeFalsy();
  });

  it('never splits a surrogate pair', () => {
    const tokens = tokenize('ok 😀 fine');
    expect(tokenText(tokens, 1)).toBe('😀');
  });
});
