import { describe, expect, it } from 'vitest';
import { compileLexicons, type Lexicon, type LexiconEntry } from '../../src/lexicon/index.js';
import { hashWord, tokenize } from '../../src/text/tokenize.js';

function lexicon(id: string, entries: Array<Partial<LexiconEntry> & { phrase: string }>, allow: string[] = []): Lexicon {
  return {
    id,
    version: '1',
    source: 'test',
    licence: 'CC0-1.0',
    entries: entries.map((e) => ({ expected: ['x'], tier: 'strong', ...e })),
    allow,
  };
}

/** What each hit covers in the text, with its first expected phrase and list. */
function hits(lexicons: Lexicon[], text: string, skip?: (tokens: ReturnType<typeof tokenize>) => Uint8Array) {
  const tokens = tokenize(text);
  return compileLexicons(lexicons)
    .match(tokens, skip?.(tokens))
    .map((hit) => ({ text: text.slice(tokens.starts[hit.first], tokens.ends[hit.last]), expected: hit.entry.expected[0], list: hit.lexicon.id }));
}

const matched = (lexicons: Lexicon[], text: string) => hits(lexicons, text).map((h) => h.text);

describe('phrase matching', () => {
  const news = lexicon('news', [
    { phrase: 'chilly warfare', expected: ['cold war'] },
    { phrase: 'tv for pc', expected: ['tv'] },
    { phrase: 'china’s navy', expected: ["china's military"] },
  ]);

  it('ignores case', () => {
    expect(matched([news], 'a Chilly Warfare-era pact and a CHILLY WARFARE')).toEqual(['Chilly Warfare', 'CHILLY WARFARE']);
  });

  it('treats curly and straight apostrophes alike, in phrase and text', () => {
    expect(matched([news], "China's navy and China’s navy")).toEqual(["China's navy", 'China’s navy']);
    const straight = lexicon('s', [{ phrase: "china's navy" }]);
    expect(matched([straight], 'China’s navy')).toEqual(['China’s navy']);
  });

  it('treats hyphens, dashes and spaces between words alike', () => {
    expect(matched([news], 'tv-for-pc, tv–for–pc, tv for pc')).toEqual(['tv-for-pc', 'tv–for–pc', 'tv for pc']);
    const hyphenated = lexicon('h', [{ phrase: 'tv-for-pc' }]);
    expect(matched([hyphenated], 'a tv for pc')).toEqual(['tv for pc']);
  });

  it('matches across a line break but not across a paragraph break', () => {
    expect(matched([news], 'the Chilly\nWarfare era')).toEqual(['Chilly\nWarfare']);
    expect(matched([news], 'the Chilly\r\nWarfare era')).toEqual(['Chilly\r\nWarfare']);
    expect(matched([news], 'it was chilly\n\nWarfare followed')).toEqual([]);
  });

  it('stops at punctuation and at word boundaries', () => {
    expect(matched([news], 'chilly, warfare; chilly (warfare); chillywarfare; chilly warfares; unchilly warfare')).toEqual([]);
  });

  it('takes the longest phrase at a position and does not overlap', () => {
    const lists = [lexicon('l', [{ phrase: 'satellite tv' }, { phrase: 'satellite tv for pc' }, { phrase: 'tv for pc' }, { phrase: 'for pc agency' }])];
    expect(matched(lists, 'the satellite tv for pc agency')).toEqual(['satellite tv for pc']);
  });

  it('prefers the leftmost phrase, then continues after it', () => {
    const lists = [lexicon('l', [{ phrase: 'a b' }, { phrase: 'b c d' }, { phrase: 'd e' }])];
    expect(matched(lists, 'a b c d e')).toEqual(['a b', 'd e']);
  });

  it('falls back to a shorter phrase when the longer one is ruled out by its context', () => {
    const lists = [lexicon('l', [{ phrase: 'chinese language', expected: ['chinese'] }, { phrase: 'chinese language protection', expected: ['chinese defence'], next: ['minister'] }])];
    expect(hits(lists, 'the Chinese language Protection Minister').map((h) => h.expected)).toEqual(['chinese defence']);
    expect(hits(lists, 'the Chinese language Protection Act').map((h) => h.text)).toEqual(['Chinese language']);
  });

  it('matches punctuation inside a phrase literally', () => {
    const lists = [lexicon('l', [{ phrase: 'p.c.', expected: ['percent'], prev: ['<num>'] }])];
    expect(matched(lists, 'up 5 p.c. on the year, but the p.c. market')).toEqual(['p.c.']);
  });

  it('reports hits in text order', () => {
    const text = Array.from({ length: 50 }, (_, i) => (i % 2 ? 'tv for pc' : 'chilly warfare')).join(' and ');
    const found = hits([news], text);
    expect(found).toHaveLength(50);
    const tokens = tokenize(text);
    const firsts = compileLexicons([news]).match(tokens).map((h) => h.first);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
  });
});

describe('allowlist', () => {
  const lists = [
    lexicon('news', [{ phrase: 'chinese language', expected: ['chinese'] }, { phrase: 'learning algorithm', expected: ['learning method'] }], [
      'chinese language course',
      'machine learning',
    ]),
  ];

  it('suppresses an entry when the allow phrase is longer at the same position', () => {
    expect(matched(lists, 'a Chinese language course in Beijing')).toEqual([]);
    expect(matched(lists, 'the Chinese language Protection Minister')).toEqual(['Chinese language']);
  });

  it('suppresses entries that start inside the allowed span', () => {
    expect(matched(lists, 'a machine learning algorithm')).toEqual([]);
    expect(matched(lists, 'a learning algorithm')).toEqual(['learning algorithm']);
  });

  it('is never itself reported', () => {
    expect(matched([lexicon('a', [], ['machine learning'])], 'machine learning')).toEqual([]);
  });
});

describe('context rules', () => {
  it('prev / next with words and classes', () => {
    const lists = [lexicon('l', [{ phrase: 'go to', expected: ['visit'], prev: ['a', 'state'], notNext: ['<cap>', 'bed'] }])];
    expect(matched(lists, 'during a go to of the region; a state go to Beijing; they go to school; a go to bed')).toEqual(['go to']);
    const num = [lexicon('l', [{ phrase: 'months', next: ['<num>'] }, { phrase: 'weeks', prev: ['<end>'] }, { phrase: 'days', next: ['<lower>'] }])];
    expect(matched(num, 'months 3. weeks later. Then weeks. days Later, days later')).toEqual(['months', 'weeks', 'days']);
  });

  it('<end> covers punctuation, paragraph breaks and the edges of the text', () => {
    const lists = [lexicon('l', [{ phrase: 'navy', prev: ['<end>'], next: ['<end>'] }])];
    expect(matched(lists, 'navy')).toHaveLength(1);
    expect(matched(lists, 'the\n\nnavy\n\nthe')).toHaveLength(1);
    expect(matched(lists, 'ties, navy.')).toHaveLength(1);
    expect(matched(lists, 'the navy ties')).toHaveLength(0);
  });

  it('<word>, <cap> and multiword neighbour items', () => {
    const lists = [
      lexicon('l', [
        { phrase: 'information company', expected: ['news agency'], prev: ['state-run', 'the associated press'] },
        { phrase: 'minister', prev: ['<cap>'] },
        { phrase: 'warfare', next: ['<word>'] },
      ]),
    ];
    expect(matched(lists, 'the state-run information company; the run information company')).toEqual(['information company']);
    expect(matched(lists, 'said the Associated Press information company')).toEqual(['information company']);
    expect(matched(lists, 'Defence minister and defence minister')).toEqual(['minister']);
    expect(matched(lists, 'warfare 12 and warfare era')).toEqual(['warfare']);
  });

  it('notPrev / notNext', () => {
    const lists = [lexicon('l', [{ phrase: 'tv for pc', notPrev: ['satellite', 'watch'], notNext: ['<num>'] }])];
    expect(matched(lists, 'satellite tv for pc; watch tv for pc; tv for pc 2; the tv for pc agency')).toEqual(['tv for pc']);
  });

  it('lowercase only matches text without capitals', () => {
    const lists = [lexicon('l', [{ phrase: 'navy', expected: ['military'], lowercase: true }])];
    expect(matched(lists, 'the Navy said navy ties were NAVY')).toEqual(['navy']);
  });

  it('spaced only matches words written apart', () => {
    const lists = [lexicon('l', [{ phrase: 'chinese language', spaced: true }])];
    expect(matched(lists, 'a Chinese-language newspaper and the Chinese language minister')).toEqual(['Chinese language']);
  });

  it('requires: the document must contain one of the phrases, anywhere outside skipped text', () => {
    const lists = [lexicon('l', [{ phrase: 'profound learning', expected: ['deep learning'], requires: ['deep learning', 'neural network'] }])];
    expect(matched(lists, 'we use profound learning here')).toEqual([]);
    expect(matched(lists, 'we use profound learning here. Deep-learning models are popular.')).toEqual(['profound learning']);
    expect(matched(lists, 'A neural\nnetwork. We use profound learning.')).toEqual(['profound learning']);
    const text = 'We use profound learning.\n\nDeep learning is great.';
    const chrome = (tokens: ReturnType<typeof tokenize>) => {
      const skip = new Uint8Array(tokens.count);
      for (let i = 0; i < tokens.count; i++) if (tokens.starts[i]! >= text.indexOf('Deep')) skip[i] = 1;
      return skip;
    };
    expect(hits(lists, text, chrome)).toEqual([]);
  });

  it('unless: the document must not contain any of the phrases', () => {
    const lists = [lexicon('l', [{ phrase: 'surface highlights', expected: ['surface features'], unless: ['specular'] }])];
    expect(matched(lists, 'the surface highlights were extracted')).toEqual(['surface highlights']);
    expect(matched(lists, 'specular reflection makes surface highlights')).toEqual([]);
  });

  it('several entries for one phrase are tried in order', () => {
    const lists = [lexicon('l', [{ phrase: 'go to', expected: ['visit'], prev: ['a'] }, { phrase: 'go to', expected: ['travel to'], tier: 'weak' }])];
    expect(hits(lists, 'a go to; we go to').map((h) => h.expected)).toEqual(['visit', 'travel to']);
  });
});

describe('skip mask', () => {
  const lists = [lexicon('l', [{ phrase: 'chilly warfare' }])];
  const text = 'Chilly Warfare here. LEAVE A REPLY chilly warfare. Chilly warfare';
  it('never lets skipped tokens take part, wholly or partly', () => {
    const skipFrom = (from: number, to: number) => (tokens: ReturnType<typeof tokenize>) => {
      const skip = new Uint8Array(tokens.count);
      for (let i = 0; i < tokens.count; i++) if (tokens.starts[i]! >= from && tokens.starts[i]! < to) skip[i] = 1;
      return skip;
    };
    const chrome = text.indexOf('LEAVE');
    expect(hits(lists, text, skipFrom(chrome, text.lastIndexOf('.') + 1)).map((h) => h.text)).toEqual(['Chilly Warfare', 'Chilly warfare']);
    // Only the second word of the last phrase skipped: no partial match.
    const last = text.lastIndexOf('warfare');
    expect(hits(lists, text, skipFrom(last, text.length)).map((h) => h.text)).toEqual(['Chilly Warfare', 'chilly warfare']);
  });
});

describe('hash collisions', () => {
  // Two different words with one 32-bit FNV-1a hash (found by search; checked here).
  const a = 'yaczf';
  const b = 'glbpp';

  it('uses a real collision', () => {
    expect(a).not.toBe(b);
    expect(hashWord(a)).toBe(hashWord(b));
  });

  it('does not report a text word that only shares the hash', () => {
    const lists = [lexicon('l', [{ phrase: `${a} warfare` }, { phrase: `chilly ${a}` }, { phrase: a, expected: ['single'] }])];
    expect(matched(lists, `${b} warfare, chilly ${b}, ${b}`)).toEqual([]);
    expect(matched(lists, `${a} warfare, chilly ${a}, ${a}`)).toEqual([`${a} warfare`, `chilly ${a}`, a]);
  });

  it('keeps two phrase words with the same hash apart', () => {
    const lists = [lexicon('l', [{ phrase: `${a} tie`, expected: ['A'] }, { phrase: `${b} tie`, expected: ['B'] }, { phrase: `go ${a}`, expected: ['C'] }, { phrase: `go ${b}`, expected: ['D'] }])];
    expect(hits(lists, `${b} tie, ${a} tie, go ${b}, go ${a}`).map((h) => h.expected)).toEqual(['B', 'A', 'D', 'C']);
  });

  it('confirms neighbour words and context phrases by text too', () => {
    const lists = [lexicon('l', [{ phrase: 'navy', prev: [a] }, { phrase: 'army', requires: [a] }])];
    expect(matched(lists, `${b} navy army`)).toEqual([]);
    expect(matched(lists, `${a} navy army`)).toEqual(['navy', 'army']);
  });
});

describe('several lists', () => {
  const shipped = lexicon('pps', [{ phrase: 'chilly warfare', expected: ['cold war'] }, { phrase: 'navy', expected: ['military'] }], ['machine learning']);

  it('reports the list each hit came from', () => {
    const user = lexicon('mine', [{ phrase: 'tv for pc', expected: ['tv'] }]);
    expect(hits([shipped, user], 'navy tv for pc')).toEqual([
      { text: 'navy', expected: 'military', list: 'pps' },
      { text: 'tv for pc', expected: 'tv', list: 'mine' },
    ]);
  });

  it('lets the later list win for the same phrase, written any way', () => {
    const user = lexicon('mine', [{ phrase: 'Chilly-Warfare', expected: ['cold conflict'] }]);
    expect(hits([shipped, user], 'the chilly warfare')).toEqual([{ text: 'chilly warfare', expected: 'cold conflict', list: 'mine' }]);
    expect(hits([user, shipped], 'the chilly warfare')).toEqual([{ text: 'chilly warfare', expected: 'cold war', list: 'pps' }]);
  });

  it('lets a later allow row silence an earlier entry, and a later entry override an earlier allow row', () => {
    expect(matched([shipped, lexicon('mine', [], ['navy'])], 'navy')).toEqual([]);
    expect(matched([shipped, lexicon('mine', [{ phrase: 'machine learning' }])], 'machine learning')).toEqual(['machine learning']);
  });

  it('compiles the same lists twice into independent matchers', () => {
    const one = compileLexicons([shipped]);
    const two = compileLexicons([shipped, lexicon('mine', [], ['navy'])]);
    const tokens = tokenize('navy');
    expect(one.match(tokens)).toHaveLength(1);
    expect(two.match(tokens)).toHaveLength(0);
    expect(one.match(tokens)).toHaveLength(1);
  });
});

describe('invalid lexicon objects', () => {
  it('are refused with a one-line lexicon-invalid error', () => {
    for (const bad of [
      lexicon('bad', [{ phrase: '...' }]),
      lexicon('bad', [{ phrase: 'navy', prev: ['<nope>'] }]),
      lexicon('bad', [{ phrase: 'navy', requires: [] }]),
      lexicon('bad', [], ['']),
    ]) {
      expect(() => compileLexicons([bad])).toThrow(expect.objectContaining({ code: 'lexicon-invalid', message: expect.stringMatching(/^lexicon bad: [^\n]+$/) }));
    }
  });
});
