import { describe, expect, it } from 'vitest';
import { findSpintax } from '../../src/detect/spintax.js';
import { tokenize } from '../../src/text/tokenize.js';

function spintax(text: string, skipFrom = -1) {
  const tokens = tokenize(text);
  const skip = new Uint8Array(tokens.count);
  if (skipFrom >= 0) for (let i = 0; i < tokens.count; i++) if (tokens.starts[i]! >= skipFrom) skip[i] = 1;
  return findSpintax(tokens, skip).map((s) => [text.slice(tokens.starts[s.first]!, tokens.ends[s.last]!), s.alternatives]);
}

describe('stray spintax', () => {
  it('finds single and multiple choices, and a second group after the first', () => {
    expect(spintax('captured in Russian {hardware} and a {good|great|fine} deal of {state of the art|modern} kit')).toEqual([
      ['{hardware}', ['hardware']],
      ['{good|great|fine}', ['good', 'great', 'fine']],
      ['{state of the art|modern}', ['state of the art', 'modern']],
    ]);
  });

  it('leaves code, JSON, empty braces and groups across lines alone', () => {
    expect(spintax('if (x) { return y; } and {"a": 1} or {} or {word\nbroken}')).toEqual([]);
  });

  it('leaves TeX markup in abstracts alone: commands, sub- and superscripts, accents', () => {
    expect(spintax('combines \\textit{formal methods} with a rate of T^{d} on $\\mathcal{D}_i$, na\\"{i}ve')).toEqual([]);
    expect(spintax('a {good|great} result (and a {fine} one)')).toEqual([
      ['{good|great}', ['good', 'great']],
      ['{fine}', ['fine']],
    ]);
  });

  it('never reports inside skipped text', () => {
    const text = 'fine {prose} here\nLEAVE A {REPLY}';
    expect(spintax(text, text.indexOf('LEAVE'))).toEqual([['{prose}', ['prose']]]);
  });
});

describe('braces around numbers alone', () => {
  it('are notation, not a template: a Wikipedia article on polytopes has no spintax', async () => {
    const { createChecker } = await import('../../src/index.js');
    const checker = createChecker({ model: false });
    const text = 'The 600-cell has Schläfli symbol {3,3,5}, its dual {5,3,3}; the square is {4}. A farm wrote {great|good} results.';
    expect(checker.check(text).findings.map((f) => f.actual)).toEqual(['{great|good}']);
    // A held-out Wikipedia article (bipyramids): one or two letters in braces are a variable, a protected word is not.
    const bipyramid = 'A right bipyramid can be represented as { }+P for internal polygon P, and a regular n-bipyramid { } + {n}, with {ij} and {x}. A farm kept {hardware}.';
    expect(checker.check(bipyramid).findings.map((f) => f.actual)).toEqual(['{hardware}']);
    // Music in LilyPond inside a Wikipedia article (dev split): notes and durations, not a template.
    const score = 'The opening bars: \\new Staff { \\clef bass { c1 } { e1 c } { c1 c c } } and a farm kept {good|great} results.';
    expect(checker.check(score).findings.map((f) => f.actual)).toEqual(['{good|great}']);
  });
});
