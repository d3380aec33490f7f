import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applySuggestions, articleFor, casePattern, matchCase, planReplacements, selectFindings, wordDiff, type DiffPart } from '../../src/restore/index.js';
import type { Finding } from '../../src/types.js';
import { mpcPairs } from '../../tools/corpora.js';
import { hasShared, SEED } from '../helpers/shared.js';

const seed = readFileSync(SEED, 'utf8');

/** A finding over the `nth` occurrence of `phrase` in `text` at or after `from`. */
function at(text: string, phrase: string, expected: string[], options: { from?: number; nth?: number } = {}): Finding {
  let start = text.indexOf(phrase, options.from ?? 0);
  for (let k = 0; k < (options.nth ?? 0) && start >= 0; k++) start = text.indexOf(phrase, start + 1);
  if (start < 0) throw new Error(`test setup: '${phrase}' not in text`);
  return { start, end: start + phrase.length, actual: phrase, expected, confidence: 0.9, rule: 'lexicon', source: 'news' };
}

/** `text` with [start, end) replaced, for building expectations independently of restore. */
function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

const joinKinds = (parts: DiffPart[], skip: DiffPart['kind']) => parts.filter((part) => part.kind !== skip).map((part) => part.text).join('');

describe('applySuggestions on the seed page', () => {
  it('restores multiword spans in the case of the words they replace', () => {
    const minister = seed.indexOf('Chinese language Protection Minister');
    const restored = applySuggestions(seed, [
      at(seed, 'Chinese language', ['chinese'], { from: minister }),
      at(seed, 'Protection', ['defense'], { from: minister }),
      at(seed, '{hardware}', ['hardware']),
      at(seed, 'Chilly Warfare', ['cold war']),
      at(seed, 'satellite tv for pc', ['satellite']),
      at(seed, 'navy ties', ['military ties']),
      at(seed, '2 international locations', ['two countries']),
    ]);
    expect(restored).toContain('greets Chinese Defense Minister Li Shangfu');
    expect(restored).toContain('Russian hardware captured');
    expect(restored).toContain('goes past the Cold War-era navy');
    expect(restored).toContain('Chinese language satellite agency Spacety');
    expect(restored).toContain('deepening military ties between the two countries.');
  });

  it('keeps everything outside the spans byte-identical', () => {
    const findings = [
      at(seed, 'navy', ['military'], { nth: 2 }),
      at(seed, 'Chilly Warfare', ['cold war']),
      at(seed, 'mentioned', ['said'], { nth: 0 }),
      at(seed, 'mentioned', ['said'], { nth: 3 }),
      at(seed, 'protection chief', ['defense chief']),
    ].sort((x, y) => x.start - y.start);
    let expected = seed;
    for (const finding of [...findings].reverse()) expected = splice(expected, finding.start, finding.end, finding.actual === 'Chilly Warfare' ? 'Cold War' : finding.expected[0]!);
    expect(applySuggestions(seed, findings)).toBe(expected);
  });

  it('keeps the text unchanged without findings, and skips findings without a suggestion', () => {
    expect(applySuggestions(seed, [])).toBe(seed);
    expect(applySuggestions(seed, [at(seed, 'navy ties', [])])).toBe(seed);
    expect(applySuggestions(seed, [at(seed, 'navy ties', ['  '])])).toBe(seed);
  });

  it('ignores findings whose offsets fall outside the text', () => {
    const bogus: Finding = { start: seed.length - 2, end: seed.length + 10, actual: 'x', expected: ['y'], confidence: 1, rule: 'lexicon' };
    const reversed: Finding = { start: 20, end: 10, actual: 'x', expected: ['y'], confidence: 1, rule: 'lexicon' };
    expect(applySuggestions(seed, [bogus, reversed])).toBe(seed);
  });

  it('of overlapping findings applies the earlier, then the longer one', () => {
    const minister = seed.indexOf('Chinese language Protection Minister');
    const early = at(seed, 'Chinese language', ['chinese'], { from: minister });
    const late = at(seed, 'language Protection Minister', ['defense minister'], { from: minister });
    expect(applySuggestions(seed, [late, early])).toContain('greets Chinese Protection Minister Li');

    const lower = seed.indexOf('Chinese language protection minister');
    const short = at(seed, 'Chinese language', ['chinese'], { from: lower });
    const long = at(seed, 'Chinese language protection minister', ['chinese defense minister'], { from: lower });
    expect(applySuggestions(seed, [short, long])).toContain('the primary Chinese defense minister to set foot');

    // A finding without a suggestion does not block an overlapping one that has one.
    const mute = { ...long, expected: [] };
    expect(applySuggestions(seed, [mute, short])).toContain('the primary Chinese protection minister to set foot');
  });

  it('fixes "a"/"an" before a replacement whose sound differs, keeping its case', () => {
    const restored = applySuggestions(seed, [at(seed, 'world', ['international'], { from: seed.indexOf('a world arrest') })]);
    expect(restored).toContain('the topic of an international arrest warrant');

    const reverse = applySuggestions(seed, [at(seed, 'additional', ['further'])]);
    expect(reverse).toContain('in a further signal of deepening');

    const sentence = 'A European ally. An unit of work. A world tour.';
    expect(applySuggestions(sentence, [at(sentence, 'European', ['american'])])).toBe('An American ally. An unit of work. A world tour.');
    // The writer's article did not suit "unit" to begin with: leave it as written.
    expect(applySuggestions(sentence, [at(sentence, 'unit', ['item'])])).toBe('A European ally. An item of work. A world tour.');
    expect(applySuggestions(sentence, [at(sentence, 'world', ['international'])])).toBe('A European ally. An unit of work. An international tour.');
    // Not an article: the tail of a word, or a letter in a list.
    const tail = 'Sinan world. Plan a: world tour.';
    expect(applySuggestions(tail, [at(tail, 'world', ['international']), at(tail, 'world', ['international'], { nth: 1 })])).toBe('Sinan international. Plan a: international tour.');
  });

  it('marks only the restored words in a word diff of the seed against its restoration', () => {
    const findings = [at(seed, 'navy ties', ['military ties']), at(seed, '{hardware}', ['hardware']), at(seed, 'satellite tv for pc', ['satellite'])];
    const restored = applySuggestions(seed, findings);
    const parts = wordDiff(seed, restored);
    expect(joinKinds(parts, 'added')).toBe(seed);
    expect(joinKinds(parts, 'removed')).toBe(restored);
    const changes = parts.filter((part) => part.kind !== 'same').map((part) => `${part.kind === 'removed' ? '-' : '+'}${part.text}`);
    expect(changes).toEqual(['-navy', '+military', '-{', '-}', '-tv for pc ']);
  });
});

describe('planReplacements', () => {
  it('lists each edit with the finding that caused it, and the article it adjusted', () => {
    const text = 'It was a world first.';
    const finding = at(text, 'world', ['international']);
    const edits = planReplacements(text, [finding]);
    expect(edits).toEqual([
      { start: 7, end: 8, actual: 'a', text: 'an' },
      { start: 9, end: 14, actual: 'world', text: 'international', finding },
    ]);
  });
});

describe('selectFindings', () => {
  it('sorts findings and drops overlaps and invalid ranges', () => {
    const text = 'one two three four';
    const f = (start: number, end: number, expected = ['x']): Finding => ({ start, end, actual: text.slice(start, end), expected, confidence: 1, rule: 'r' });
    expect(selectFindings(text, [f(8, 13), f(4, 7), f(0, 7), f(6, 10), f(14, 40), f(3, 3)]).map((x) => [x.start, x.end])).toEqual([[0, 7], [8, 13]]);
    expect(selectFindings(text, [f(0, 3, []), f(0, 7)], { withSuggestion: true }).map((x) => [x.start, x.end])).toEqual([[0, 7]]);
  });
});

describe('matchCase', () => {
  it('follows the case pattern of the replaced words', () => {
    expect(matchCase('Protection', 'defense')).toBe('Defense');
    expect(matchCase('Chinese language', 'chinese')).toBe('Chinese');
    expect(matchCase('Chilly Warfare', 'cold war')).toBe('Cold War');
    expect(matchCase('Ministry of Protection', 'ministry of defense')).toBe('Ministry of Defense');
    expect(matchCase('LEAVE A REPLY', 'leave a comment')).toBe('LEAVE A COMMENT');
    expect(matchCase('navy', 'military')).toBe('military');
    expect(matchCase('{hardware}', 'hardware')).toBe('hardware');
    expect(matchCase('“Briefly', 'in brief')).toBe('In brief');
    expect(matchCase('Briefly', '“in brief')).toBe('“In brief');
  });

  it('keeps the writer’s words and capitals where the suggestion shares them, and changes only the replaced words', () => {
    expect(matchCase('We’ve a', 'we have a')).toBe('We have a');
    expect(matchCase('Protection Minister', 'defense minister')).toBe('Defense Minister');
    expect(matchCase('protection chief', 'defense chief')).toBe('defense chief');
    expect(matchCase('in latest months', 'in recent months')).toBe('in recent months');
    expect(matchCase('In Latest Months', 'in recent months')).toBe('In Recent Months');
    expect(matchCase('As of late', 'these days')).toBe('These days');
    expect(matchCase('Do you may have', 'do you have')).toBe('Do you have');
    expect(casePattern('We’ve a')).toBe('capitalized');
  });

  it('keeps the capitalisation of a whole restored sentence exactly, outside the replaced words', () => {
    const text = 'Chilly warfare returns, the protection minister mentioned. “We’ve a plan,” he mentioned.';
    const at = (phrase: string) => text.indexOf(phrase);
    const finding = (phrase: string, expected: string): Finding => ({ start: at(phrase), end: at(phrase) + phrase.length, actual: phrase, expected: [expected], confidence: 0.9, rule: 'lexicon' });
    const restored = applySuggestions(text, [finding('Chilly warfare', 'cold war'), finding('protection minister', 'defense minister'), finding('We’ve a', 'we have a')]);
    expect(restored).toBe('Cold war returns, the defense minister mentioned. “We have a plan,” he mentioned.');
  });

  it('never lowers a capital the suggestion carries', () => {
    expect(matchCase('us authorities', 'U.S. government')).toBe('U.S. government');
    expect(matchCase('chinese language', 'Chinese')).toBe('Chinese');
    expect(matchCase('Chilly Warfare', 'Cold War')).toBe('Cold War');
    expect(matchCase('Protection', 'McDonald')).toBe('McDonald');
  });

  it('reads a single capital as capitalised, not as all caps', () => {
    expect(casePattern('A')).toBe('capitalized');
    expect(casePattern('US')).toBe('upper');
    expect(casePattern('2 international locations')).toBe('as-given');
    expect(matchCase('2 Worldwide Locations', 'two countries')).toBe('Two Countries');
  });
});

describe('articleFor', () => {
  it('goes by sound, not spelling', () => {
    const cases: Array<[string, string]> = [
      ['international', 'an'], ['world', 'a'], ['hour', 'an'], ['honest man', 'an'], ['house', 'a'],
      ['university', 'a'], ['unidentified', 'an'], ['unusual', 'an'], ['user', 'a'], ['umbrella', 'an'],
      ['European', 'a'], ['one-off', 'a'], ['onerous', 'an'], ['FBI agent', 'an'], ['NATO summit', 'a'], ['UN body', 'a'],
      ['8-year-old', 'an'], ['80-page', 'an'], ['11-year-old', 'an'], ['18,000-seat', 'an'], ['1,100', 'a'], ['110', 'a'], ['2', 'a'],
      ['“exclusive” deal', 'an'], ['', 'a'],
    ];
    for (const [phrase, article] of cases) expect([phrase, articleFor(phrase)]).toEqual([phrase, article]);
  });
});

describe('wordDiff', () => {
  it('keeps whitespace with the unchanged text around a deleted token', () => {
    const parts = wordDiff('Russian {hardware} captured', 'Russian hardware captured');
    expect(parts).toEqual([
      { kind: 'same', text: 'Russian ' },
      { kind: 'removed', text: '{' },
      { kind: 'same', text: 'hardware' },
      { kind: 'removed', text: '}' },
      { kind: 'same', text: ' captured' },
    ]);
  });

  it('shows a change of case or spacing alone as a change, so the identities hold', () => {
    const parts = wordDiff('the Cold  war', 'The cold war');
    expect(joinKinds(parts, 'added')).toBe('the Cold  war');
    expect(joinKinds(parts, 'removed')).toBe('The cold war');
    expect(parts.filter((part) => part.kind === 'removed').map((part) => part.text)).toEqual(['the', 'Cold  ']);
  });

  it('handles empty sides', () => {
    expect(wordDiff('', '')).toEqual([]);
    expect(wordDiff('', 'new text\n')).toEqual([{ kind: 'added', text: 'new text\n' }]);
    expect(wordDiff('old', '')).toEqual([{ kind: 'removed', text: 'old' }]);
  });
});

describe.skipIf(!hasShared)('wordDiff on the MPC SpinBot pairs', () => {
  it('reconstructs both sides of all 200 pairs, in both directions', () => {
    const pairs = mpcPairs();
    expect(pairs.length).toBe(200);
    const broken: number[] = [];
    for (const pair of pairs) {
      for (const [before, after] of [[pair.original, pair.spun], [pair.spun, pair.original]] as const) {
        const parts = wordDiff(before, after);
        if (joinKinds(parts, 'added') !== before || joinKinds(parts, 'removed') !== after) broken.push(pair.line);
        if (parts.some((part, i) => part.text === '' || (i > 0 && parts[i - 1]!.kind === part.kind))) broken.push(pair.line);
      }
    }
    expect(broken).toEqual([]);
  });

  it('shows "rear admiral" → "back naval commander" as one removal and one addition (pair line 2)', () => {
    const pair = mpcPairs().find((p) => p.line === 2)!;
    const parts = wordDiff(pair.original, pair.spun);
    const index = parts.findIndex((part) => part.kind === 'removed' && part.text === 'rear admiral');
    expect(index).toBeGreaterThan(0);
    expect(parts[index + 1]).toEqual({ kind: 'added', text: 'back naval commander' });
  });
});
