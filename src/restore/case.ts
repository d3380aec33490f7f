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
 *    words after the first and numbers ("Chilly Warfare", "Ministry of
 *    Protection", "2 Worldwide Locations"),
 *  - `capitalized`: the first letter is a capital ("Briefly", "Chinese language"),
 *  - `as-given`: anything else, lower case included.
 */
export function casePattern(actual: string): CasePattern {
  const words = actual.match(WORD_RE) ?? [];
  if (words.length === 0) return 'as-given';
  const capitals = actual.match(/\p{Lu}/gu)?.length ?? 0;
  if (capitals >= 2 && !LOWER_RE.test(actual)) return 'upper';
  const capitalised = words.filter(startsUpper).length;
  const titled = words.every((word, i) => startsUpper(word) || /^\p{N}/u.test(word) || (i > 0 && MINOR_WORDS.has(word.toLowerCase())));
  if (words.length >= 2 && capitalised >= 1 && titled) return 'title';
  if (!startsUpper(words[0]!)) return 'as-given';
  return 'capitalized';
}

/** `suggestion` in the case pattern of `actual`. */
export function matchCase(actual: string, suggestion: string): string {
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
