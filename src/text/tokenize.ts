/**
 * A single-pass tokenizer with exact character offsets.
 *
 * Tokens are stored as parallel typed arrays rather than objects: a 16 MB
 * crawl shard has ~3M tokens, and objects would cost both time and memory.
 * Each word also gets a 32-bit FNV-1a hash of its *normalised* form
 * (lower-cased, curly apostrophes folded to '), so matchers can compare
 * words as integers and only touch strings to confirm a hit.
 */

export const TokenKind = {
  Word: 1,
  Number: 2,
  Punct: 3,
  /** A hyphen or dash written between two word characters ("Cold-War", "dual–use"). */
  Joiner: 4,
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** Bits of `Tokens.gaps`: what separates a token from the one before it. */
export const Gap = {
  Space: 1,
  Newline: 2,
  /** A blank line (two or more line breaks): a paragraph boundary. */
  Paragraph: 4,
} as const;

export interface Tokens {
  /** The text the offsets index into. */
  readonly text: string;
  readonly count: number;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly kinds: Uint8Array;
  readonly gaps: Uint8Array;
  /** FNV-1a of the normalised form; 0 for punctuation. */
  readonly hashes: Uint32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

// Character classes, filled lazily for the whole BMP so that the hot loop is a
// table lookup. Astral code points (emoji, rare scripts) are treated as symbols.
const CLASS_OTHER = 0;
const CLASS_LETTER = 1;
const CLASS_DIGIT = 2;
const CLASS_SPACE = 3;
const CLASS_NEWLINE = 4;
const CLASS_APOSTROPHE = 5;
const CLASS_HYPHEN = 6;
const CLASS_UNKNOWN = 255;

const charClass = new Uint8Array(0x10000).fill(CLASS_UNKNOWN);
/** Case-folded code unit for every BMP character (0 = not yet computed). */
const foldTable = new Uint16Array(0x10000);

// The hot loop reads these for ASCII, the bulk of English text, without a call.
const ASCII_CLASS = new Uint8Array(128);
const ASCII_FOLD = new Uint8Array(128);

const LETTER_RE = /[\p{L}\p{M}]/u;
const DIGIT_RE = /\p{Nd}/u;
const SPACE_RE = /\s/u;

function classify(code: number): number {
  let cls = charClass[code]!;
  if (cls !== CLASS_UNKNOWN) return cls;
  const ch = String.fromCharCode(code);
  if (code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029 || code === 0x0b || code === 0x0c || code === 0x85) {
    cls = CLASS_NEWLINE;
  } else if (code === 0x27 || code === 0x2019 || code === 0x2018 || code === 0x02bc) {
    cls = CLASS_APOSTROPHE;
  } else if (code === 0x2d || code === 0x2010 || code === 0x2011 || code === 0x2012 || code === 0x2013 || code === 0x2014 || code === 0x2212) {
    cls = CLASS_HYPHEN;
  } else if (SPACE_RE.test(ch) || code === 0xad /* soft hyphen is invisible */ || code === 0x200b) {
    cls = CLASS_SPACE;
  } else if (code >= 0x30 && code <= 0x39 || DIGIT_RE.test(ch)) {
    cls = CLASS_DIGIT;
  } else if (LETTER_RE.test(ch)) {
    cls = CLASS_LETTER;
  } else {
    cls = CLASS_OTHER;
  }
  charClass[code] = cls;
  return cls;
}

for (let code = 0; code < 128; code++) {
  ASCII_CLASS[code] = classify(code);
  ASCII_FOLD[code] = code >= 0x41 && code <= 0x5a ? code + 32 : code;
}

/** Case-folded, apostrophe-normalised code unit. */
export function foldCode(code: number): number {
  let folded = foldTable[code]!;
  if (folded !== 0) return folded;
  if (code >= 0x41 && code <= 0x5a) folded = code + 32;
  else if (code < 0x80) folded = code;
  else if (code === 0x2019 || code === 0x2018 || code === 0x02bc) folded = 0x27;
  else {
    const lower = String.fromCharCode(code).toLowerCase();
    // Some capitals lower-case to two code units (İ → i̇): keep the first, which is the base letter.
    folded = lower.charCodeAt(0);
  }
  foldTable[code] = folded;
  return folded;
}

/** The normalised form that `hashes` are computed over. */
export function normalizeWord(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) out += String.fromCharCode(foldCode(word.charCodeAt(i)));
  return out;
}

/** FNV-1a of a word's normalised form; equal to the tokenizer's hash for that word. */
export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) {
    h ^= foldCode(word.charCodeAt(i));
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

export function tokenize(text: string): Tokens {
  const length = text.length;
  // Upper bound on token count is the text length; start from a guess and grow.
  let capacity = Math.max(16, (length >> 2) + 16);
  let starts = new Uint32Array(capacity);
  let ends = new Uint32Array(capacity);
  let kinds = new Uint8Array(capacity);
  let gaps = new Uint8Array(capacity);
  let hashes = new Uint32Array(capacity);
  let count = 0;
  let gap = 0;
  let newlines = 0;

  const grow = () => {
    capacity *= 2;
    const s = new Uint32Array(capacity); s.set(starts); starts = s;
    const e = new Uint32Array(capacity); e.set(ends); ends = e;
    const k = new Uint8Array(capacity); k.set(kinds); kinds = k;
    const g = new Uint8Array(capacity); g.set(gaps); gaps = g;
    const h = new Uint32Array(capacity); h.set(hashes); hashes = h;
  };

  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === 0x20) { gap |= Gap.Space; i++; continue; }
    const cls = code < 128 ? ASCII_CLASS[code]! : classify(code);
    if (cls === CLASS_SPACE) { gap |= Gap.Space; i++; continue; }
    if (cls === CLASS_NEWLINE) {
      // \r\n counts as one line break.
      if (!(code === 0x0d && text.charCodeAt(i + 1) === 0x0a)) newlines++;
      gap |= newlines >= 2 ? Gap.Paragraph | Gap.Newline : Gap.Newline;
      i++;
      continue;
    }
    if (count === capacity) grow();
    const start = i;
    let kind: number = TokenKind.Punct;
    let h = 0;
    if (cls === CLASS_LETTER || cls === CLASS_DIGIT) {
      kind = cls === CLASS_DIGIT ? TokenKind.Number : TokenKind.Word;
      h = FNV_OFFSET;
      h = Math.imul(h ^ (code < 128 ? ASCII_FOLD[code]! : foldCode(code)), FNV_PRIME);
      i++;
      while (i < length) {
        const c = text.charCodeAt(i);
        // Lower-case ASCII letters are most of any English text: no table, no folding.
        if (c >= 0x61 && c <= 0x7a) {
          kind = TokenKind.Word;
          h = Math.imul(h ^ c, FNV_PRIME);
          i++;
          continue;
        }
        const k = c < 128 ? ASCII_CLASS[c]! : classify(c);
        if (k === CLASS_LETTER || k === CLASS_DIGIT) {
          if (k === CLASS_LETTER) kind = TokenKind.Word;
          h = Math.imul(h ^ (c < 128 ? ASCII_FOLD[c]! : foldCode(c)), FNV_PRIME);
          i++;
          continue;
        }
        // An apostrophe inside a word ("China’s", "don't") belongs to it.
        if (k === CLASS_APOSTROPHE && i + 1 < length && classify(text.charCodeAt(i + 1)) === CLASS_LETTER) {
          h = Math.imul(h ^ 0x27, FNV_PRIME);
          i++;
          continue;
        }
        // Digit grouping and decimals stay inside numbers ("1,000.5").
        if ((c === 0x2c || c === 0x2e) && kind === TokenKind.Number && i + 1 < length && classify(text.charCodeAt(i + 1)) === CLASS_DIGIT) {
          h = Math.imul(h ^ c, FNV_PRIME);
          i++;
          continue;
        }
        break;
      }
      h >>>= 0;
    } else if (cls === CLASS_HYPHEN) {
      const prev = i > 0 ? classify(text.charCodeAt(i - 1)) : CLASS_SPACE;
      const next = i + 1 < length ? classify(text.charCodeAt(i + 1)) : CLASS_SPACE;
      const joins = (prev === CLASS_LETTER || prev === CLASS_DIGIT) && (next === CLASS_LETTER || next === CLASS_DIGIT);
      kind = joins ? TokenKind.Joiner : TokenKind.Punct;
      i++;
    } else {
      kind = TokenKind.Punct;
      // Keep surrogate pairs whole so that offsets never split a character.
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) i++;
      }
      i++;
    }
    starts[count] = start;
    ends[count] = i;
    kinds[count] = kind;
    gaps[count] = gap;
    hashes[count] = h;
    count++;
    gap = 0;
    newlines = 0;
  }
  return {
    text,
    count,
    starts: starts.subarray(0, count),
    ends: ends.subarray(0, count),
    kinds: kinds.subarray(0, count),
    gaps: gaps.subarray(0, count),
    hashes: hashes.subarray(0, count),
  };
}

/** The raw text of token `i`. */
export function tokenText(tokens: Tokens, i: number): string {
  return tokens.text.slice(tokens.starts[i], tokens.ends[i]);
}

/** The normalised (lower-cased, apostrophe-folded) text of token `i`. */
export function tokenNorm(tokens: Tokens, i: number): string {
  return normalizeWord(tokenText(tokens, i));
}

export function isWordLike(tokens: Tokens, i: number): boolean {
  const kind = tokens.kinds[i];
  return kind === TokenKind.Word || kind === TokenKind.Number;
}
