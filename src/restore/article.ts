/**
 * The indefinite article before a replaced word: "a world arrest warrant"
 * restored to "an international arrest warrant", and back. English chooses
 * "a" or "an" by sound, not spelling, so the rules below follow sound for the
 * common exceptions (an hour, a university, a one-off, an 18-year-old, an FBI).
 */

export type Article = 'a' | 'an';

/** Words that open with a vowel letter but a consonant sound ("a unit", "a European", "a one-time"). */
const CONSONANT_SOUND_RE = /^(?:uni(?![dmn])|u[bcfgklmprstvz][aeiou]|eu|ewe|one(?!r)|once|ouija|y[aeiou])/;
/** Words that open with a silent h ("an hour", "an honest"). */
const VOWEL_SOUND_RE = /^(?:hour|honest|honor|honour|heir)/;
/** Letters whose spoken name opens with a vowel sound: an FBI, an MP, an NGO, an X-ray. */
const VOWEL_LETTER_NAMES = 'aefhilmnorsx';

/** The article a phrase takes, judged from its first word. */
export function articleFor(phrase: string): Article {
  const word = phrase.trim().match(/^[^\p{L}\p{N}]*([\p{L}\p{N}][\p{L}\p{N},.]*)/u)?.[1] ?? '';
  if (word === '') return 'a';
  if (/^\p{N}/u.test(word)) return numberArticle(word);
  const letters = word.replace(/[.,]/g, '');
  // Short all-capital words without vowels are spelt out letter by letter (FBI, MP, NGO are read as letters too).
  if (letters.length >= 2 && letters.length <= 4 && letters === letters.toUpperCase() && (!/[AEIOU]/.test(letters) || letters.length <= 3)) {
    return VOWEL_LETTER_NAMES.includes(letters[0]!.toLowerCase()) ? 'an' : 'a';
  }
  const lower = letters.toLowerCase();
  if (VOWEL_SOUND_RE.test(lower)) return 'an';
  if (CONSONANT_SOUND_RE.test(lower)) return 'a';
  return /^[aeiou]/.test(lower) ? 'an' : 'a';
}

/** "an 8", "an 80-page", "an 11-year-old", "an 18,000-seat"; "a 1,100" is "a thousand one hundred". */
function numberArticle(word: string): Article {
  // The integer part, digit grouping removed: "18,000.5" → "18000".
  const digits = word.split('.')[0]!.replace(/,/g, '').match(/^\d+/)?.[0] ?? '';
  if (digits.startsWith('8')) return 'an';
  if ((digits.startsWith('11') || digits.startsWith('18')) && (digits.length - 2) % 3 === 0) return 'an';
  return 'a';
}

/**
 * The article to write before `replacement` in place of `written`, which
 * stood before `actual`. Changes it only when the writer's article suited the
 * replaced words and the replacement sounds different, so that a deliberate or
 * already-wrong choice is left as the writer had it. Keeps the article's case.
 */
export function adjustArticle(written: string, actual: string, replacement: string): string {
  const lower = written.toLowerCase();
  if (lower !== 'a' && lower !== 'an') return written;
  const before = articleFor(actual);
  const after = articleFor(replacement);
  if (lower !== before || before === after) return written;
  if (written === written.toUpperCase() && (written.length > 1 || isShouted(replacement))) return after.toUpperCase();
  return written[0] === written[0]!.toUpperCase() ? after[0]!.toUpperCase() + after.slice(1) : after;
}

function isShouted(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase();
}
