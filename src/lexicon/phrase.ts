/**
 * Lexicon phrases go through the same tokenizer as the text they are matched
 * against, so that a phrase token and a text token are equal exactly when
 * their normalised forms are (case folded, curly apostrophes straightened).
 */
import { Gap, hashWord, normalizeWord, tokenize, tokenText, TokenKind } from '../text/tokenize.js';

export function isAsciiAlnum(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
}

/** Whether `phrase` is ASCII words separated by single spaces or hyphens (always matchable). */
export function isPlainPhrase(phrase: string): boolean {
  let start = 0;
  for (let i = 0; i <= phrase.length; i++) {
    const code = i < phrase.length ? phrase.charCodeAt(i) : 0x20;
    if (isAsciiAlnum(code)) continue;
    if ((code !== 0x20 && code !== 0x2d) || i === start) return false;
    start = i + 1;
  }
  return true;
}

/** `phraseTokens` for ASCII words separated by single spaces or hyphens; null for anything else. */
function plainPhrase(phrase: string): PhraseTokens | null {
  const words: string[] = [];
  const hashes: number[] = [];
  let start = 0;
  for (let i = 0; i <= phrase.length; i++) {
    const code = i < phrase.length ? phrase.charCodeAt(i) : 0x20;
    if (isAsciiAlnum(code)) continue;
    if ((code !== 0x20 && code !== 0x2d) || i === start) return null;
    const word = phrase.slice(start, i).toLowerCase();
    words.push(word);
    hashes.push(hashWord(word));
    start = i + 1;
  }
  if (start !== phrase.length + 1) return null;
  return { words, hashes, key: words.join(' ') };
}

/** A phrase as the matcher sees it: normalised tokens and their hashes. */
export interface PhraseTokens {
  /** Normalised token texts; hyphens between words are left out (they are transparent). */
  words: string[];
  /** The tokenizer's hash of each token (0 for punctuation, as in the text). */
  hashes: number[];
  /** The tokens joined by single spaces: the phrase's identity across lists. */
  key: string;
}

/**
 * Splits a phrase into tokens, or says why it cannot be matched. Hyphens
 * between words are dropped, so "tv-for-pc" and "tv for pc" are one phrase.
 * Other punctuation ("p.c.") is kept and must appear in the text as written;
 * a phrase starts with a word or number, since that is where matching starts.
 */
export function phraseTokens(phrase: string, options: { anyStart?: boolean } = {}): PhraseTokens | { error: string } {
  // Most phrases are plain ASCII words with spaces or hyphens between them: for
  // those the tokenizer's answer is known (each word one token, hyphens joiners),
  // and lists of thousands of phrases load without a tokenizer run per phrase.
  const plain = plainPhrase(phrase);
  if (plain) return plain;
  if (/\n\s*\n/.test(phrase)) return { error: `phrase "${phrase.trim()}" spans a paragraph break` };
  const tokens = tokenize(phrase);
  const words: string[] = [];
  const hashes: number[] = [];
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kinds[i];
    if (kind === TokenKind.Joiner) continue;
    if (words.length === 0 && kind === TokenKind.Punct && !options.anyStart) {
      return { error: `phrase "${phrase}" starts with "${tokenText(tokens, i)}": a phrase starts with a word or number` };
    }
    if (words.length > 0 && (tokens.gaps[i]! & Gap.Paragraph) !== 0) return { error: `phrase "${phrase}" spans a paragraph break` };
    words.push(normalizeWord(tokenText(tokens, i)));
    hashes.push(tokens.hashes[i]!);
  }
  if (words.length === 0) return { error: 'empty phrase' };
  return { words, hashes, key: words.join(' ') };
}

/** Word classes that `prev`, `next`, `notPrev` and `notNext` understand besides literal words. */
export const NEIGHBOUR_CLASSES = ['<word>', '<cap>', '<lower>', '<num>', '<end>'] as const;

/** Why `item` cannot be a neighbour test (literal words, or a class), or null when it can. */
export function neighbourError(field: string, item: unknown): string | null {
  if (typeof item !== 'string') return `"${field}" must list strings`;
  if (isPlainPhrase(item) || (NEIGHBOUR_CLASSES as readonly string[]).includes(item)) return null;
  if (item.startsWith('<') && item.endsWith('>')) return `"${field}": unknown class "${item}" (known: ${NEIGHBOUR_CLASSES.join(' ')})`;
  const parsed = phraseTokens(item, { anyStart: true });
  if ('error' in parsed) return `"${field}": ${parsed.error}`;
  return null;
}
