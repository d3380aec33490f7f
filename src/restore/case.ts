/**
 * Case matching: a suggestion takes the case pattern of the words it replaces,
 * so that "Protection" → "defense" restores to "Defense" and "Chilly Warfare"
 * → "cold war" to "Cold War". Letters are only ever raised, never lowered: a
 * capital the suggestion carries itself ("U.S.", "Chinese") always survives.
 */

/** Words that stay lower case inside a title ("Minister of Defense"). */
const MINOR_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'nor', 'but', 'of', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'as', 'from', 'via']);

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’]*/gu;
const UPPER_RE = /\p{Lu}/u;
const LOWER_RE = /\p{Ll}/u;

export type CasePattern = 'upper' | 'title' | 'capitalized' | 'as-given';

/**
 * How `actual` is capitalised:
 *  - `upper`: two or more capitals and no lower-case letter ("NAVY TIES"),
 *  - `title`: two or more words, each starting with a capital, except minor
 *    words after the first and numbers, and some word after the first
 *    capitalised ("Chilly Warfare", "Ministry of Protection", "2 Worldwide
 *    Locations"; not "We’ve a"),
 *  - `capitalized`: the first letter is a capital ("Briefly", "Chinese language"),
 *  - `as-given`: anything else, lower case included.
 */
export function casePattern(actual: string): CasePattern {
  const words = actual.match(WORD_RE) ?? [];
  if (words.length === 0) return 'as-given';
  const capitals = actual.match(/\p{Lu}/gu)?.length ?? 0;
  if (capitals >= 2 && !LOWER_RE.test(actual)) return 'upper';
  // A capital on the first word alone is the sentence's ("We’ve a", "As of late"), not a title's.
  const laterCapital = words.some((word, i) => i > 0 && startsUpper(word));
  const titled = words.every((word, i) => startsUpper(word) || /^\p{N}/u.test(word) || (i > 0 && MINOR_WORDS.has(word.toLowerCase())));
  if (words.length >= 2 && laterCapital && titled) return 'title';
  if (!startsUpper(words[0]!)) return 'as-given';
  return 'capitalized';
}

/**
 * `suggestion` written in place of `actual`: the words both share at their
 * start and end stay exactly as the writer wrote them, and only the words in
 * between change, in the case pattern of the words they replace ("We’ve a" →
 * "We have a", "Protection Minister" → "Defense Minister"). When nothing is
 * shared, or one side has nothing left in between (a pure insertion or
 * deletion), the whole suggestion takes the case pattern of `actual`.
 */
export function matchCase(actual: string, suggestion: string): string {
  const a = wordSpans(actual);
  const b = wordSpans(suggestion);
  let head = 0;
  while (head < a.length && head < b.length && sameWord(a[head]!.word, b[head]!.word)) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && sameWord(a[a.length - 1 - tail]!.word, b[b.length - 1 - tail]!.word)) tail++;
  if (head + tail === 0 || head + tail === a.length || head + tail === b.length) return casedAs(actual, suggestion);
  const aFirst = a[head]!.start;
  const aEnd = a[a.length - 1 - tail]!.end;
  const middle = suggestion.slice(b[head]!.start, b[b.length - 1 - tail]!.end);
  return actual.slice(0, aFirst) + casedAs(actual.slice(aFirst, aEnd), middle) + actual.slice(aEnd);
}

interface WordSpan {
  word: string;
  start: number;
  end: number;
}

function wordSpans(text: string): WordSpan[] {
  return [...text.matchAll(WORD_RE)].map((m) => ({ word: m[0], start: m.index!, end: m.index! + m[0].length }));
}

/** The same word whatever its case or apostrophe. */
function sameWord(x: string, y: string): boolean {
  return x.toLowerCase().replace(/’/g, "'") === y.toLowerCase().replace(/’/g, "'");
}

/** `suggestion` in the case pattern of `actual`, as a whole. */
function casedAs(actual: string, suggestion: string): string {
  switch (casePattern(actual)) {
    case 'upper':
      return suggestion.toUpperCase();
    case 'title':
      return suggestion.replace(WORD_RE, (word, offset: number) =>
        offset > 0 && MINOR_WORDS.has(word.toLowerCase()) ? word : capitalizeFirst(word));
    case 'capitalized':
      return capitalizeFirst(suggestion);
    case 'as-given':
      return suggestion;
  }
}

/** Whether a word opens with a capital letter (a digit is not one). */
function startsUpper(word: string): boolean {
  return UPPER_RE.test(word.charAt(0));
}

/**
 * Raises the first letter of the first word, past any opening quote or
 * bracket; a text that opens with a digit ("2 countries") is left alone.
 */
export function capitalizeFirst(text: string): string {
  return text.replace(/^([^\p{L}\p{N}]*)(\p{L})/u, (_, lead: string, letter: string) => lead + letter.toUpperCase());
}
