/**
 * The word sequence the n-gram statistics are counted over, and read back
 * with: the build script and the scanner share this mapping, so a count
 * means the same thing on both sides.
 *
 * Words become vocabulary ids; numbers, commas, other punctuation and
 * sentence or line boundaries become one shared id each (a spinner rewrites
 * words, and "said ," is as telling a context as "said he"). Intra-word
 * hyphens are transparent ("Cold-War" is read as "cold war"), and runs of
 * the same mark collapse ("U.S." does not leave two boundaries in a row).
 */
import { findSlot } from './hashtable.js';
import { Gap, TokenKind, type Tokens } from '../text/tokenize.js';

export const Special = {
  /** A word outside the vocabulary. */
  Unknown: 0,
  /** Start or end of a sentence, line or document. */
  Boundary: 1,
  Number: 2,
  Comma: 3,
  /** Any other punctuation: quotes, brackets, dashes, symbols. */
  Punct: 4,
} as const;
/** Ids below this are the specials above; words start here. */
export const FIRST_WORD_ID = 5;

/** Vocabulary lookup: FNV hash of a normalised word → word id. */
export interface VocabularyTable {
  /** Open-addressing keys: the word hashes (0 = empty). */
  readonly keys: Uint32Array;
  /** Word id per slot. */
  readonly ids: Uint32Array;
}

export function wordId(vocabulary: VocabularyTable, hash: number): number {
  if (hash === 0) return Special.Unknown;
  const slot = findSlot(vocabulary.keys, hash);
  return slot < 0 ? Special.Unknown : vocabulary.ids[slot]!;
}

export interface Sequence {
  /** Ids in reading order, framed by a boundary at each end. */
  readonly ids: Uint32Array;
  readonly length: number;
  /** The token each position came from, or -1 for an inserted boundary. */
  readonly tokenAt: Int32Array;
  /** The first token read (the sequence may cover a window of the tokens). */
  readonly firstToken: number;
  /** The position of each word token of the window (`positionOf[i - firstToken]`), or -1 (punctuation, joiners). */
  readonly positionOf: Int32Array;
}

/** A typed-array constructor the scanner allocates from. */
export type NumericArray = Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * Makes a zero-filled typed array for `name`: a new one, or (scanning a long
 * input range by range) a view of a buffer reused from one range to the next.
 */
export type Allocate = <T extends NumericArray>(name: string, Type: { new (length: number): T }, length: number) => T;

export const allocateNew: Allocate = (_name, Type, length) => new Type(length);

/** The position of token i in the sequence, or -1. */
export function positionOf(sequence: Sequence, i: number): number {
  return sequence.positionOf[i - sequence.firstToken]!;
}

const FULL_STOP = 0x2e;
const COMMA = 0x2c;

/** The id a punctuation mark takes in the sequence (the build's counter reads marks with it too). */
export function punctuationId(code: number): number {
  switch (code) {
    case FULL_STOP:
    case 0x21: // !
    case 0x3f: // ?
    case 0x3b: // ;
    case 0x3a: // :
    case 0x2026: // …
      return Special.Boundary;
    case COMMA:
      return Special.Comma;
    default:
      return Special.Punct;
  }
}

/**
 * Maps a token stream (or the window [from, to) of it) to its n-gram
 * sequence. A window starts and ends with a boundary of its own; from its
 * first word token on, its positions read exactly as the whole stream's.
 */
export function toSequence(tokens: Tokens, vocabulary: VocabularyTable, from = 0, to = tokens.count, allocate: Allocate = allocateNew): Sequence {
  const { kinds, gaps, hashes, starts, text } = tokens;
  let breaks = 0;
  for (let i = from; i < to; i++) if (gaps[i]! & Gap.Newline) breaks++;
  const ids = allocate('sequence.ids', Uint32Array, to - from + breaks + 2);
  const tokenAt = allocate('sequence.tokenAt', Int32Array, ids.length);
  const positionOf = allocate('sequence.positionOf', Int32Array, to - from).fill(-1);
  let length = 0;
  const push = (id: number, token: number) => {
    // A run of the same mark is one mark; two words in a row are two words.
    if (id < FIRST_WORD_ID && id !== Special.Unknown && length > 0 && ids[length - 1] === id) return;
    ids[length] = id;
    tokenAt[length] = token;
    length++;
  };
  push(Special.Boundary, -1);
  for (let i = from; i < to; i++) {
    const kind = kinds[i]!;
    if (gaps[i]! & Gap.Newline) push(Special.Boundary, -1);
    if (kind === TokenKind.Word) {
      // A word is always a new position.
      positionOf[i - from] = length;
      push(wordId(vocabulary, hashes[i]!), i);
    } else if (kind === TokenKind.Number) {
      push(Special.Number, i);
    } else if (kind === TokenKind.Punct) {
      push(punctuationId(text.charCodeAt(starts[i]!)), i);
    }
    // Joiners are transparent.
  }
  push(Special.Boundary, -1);
  return { ids, length, tokenAt, firstToken: from, positionOf };
}
