/**
 * Search features: what a reference document and a spun copy of it still share.
 *
 * A spinner swaps content words for synonyms, so most word n-grams of a copy
 * are new. What it leaves behind, in order, is the document's skeleton: the
 * function words ("of the ... in a ... to"), the numbers and the names
 * (DSpin's "immutables", Zhang, Wang & Voelker 2014; Stamatatos 2011's
 * stopword n-grams). Three families of hashed features are drawn from a text:
 *
 *  - skeleton 4-grams: consecutive function words and numbers, content words
 *    dropped, so a substitution between them changes nothing;
 *  - name bigrams: successive capitalised words and numbers that are not
 *    sentence-initial ("Li Shangfu", "Putin ... Moscow"), whatever lies between;
 *  - word bigrams: of every word, for the share a spinner leaves untouched
 *    (at 35% of words substituted, 42% of bigrams survive).
 *
 * Features are sampled by hash (the same ones are kept in every text, so a
 * shared feature is kept on both sides or on neither): that halves the index
 * while a news-length document still keeps a hundred or so.
 */
import { Gap, hashWord, TokenKind, type Tokens } from '../text/tokenize.js';

/**
 * Closed-class words that spinners leave alone. Words a spinner does swap
 * ("also" → "additionally", "during" → "amid", "about" → "around") are left
 * out on purpose: they would break the skeleton instead of carrying it.
 */
export const SKELETON_WORDS = [
  'a', 'an', 'the',
  'of', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'to', 'into', 'as',
  'and', 'or', 'but', 'nor', 'if', 'than', 'then',
  'that', 'this', 'these', 'those', 'which', 'who', 'whom', 'whose', 'what', 'when', 'where', 'how',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am',
  'has', 'have', 'had', 'do', 'does', 'did',
  'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must',
  'i', 'me', 'my', 'we', 'us', 'our', 'you', 'your', 'he', 'him', 'his', 'she', 'her',
  'it', 'its', 'they', 'them', 'their', 'there', 'not', 'no',
] as const;

const SKELETON = new Set<number>(SKELETON_WORDS.map((word) => hashWord(word)));

/** Bumped whenever the features of a text change: an index records the version it was built with. */
export const FEATURES_VERSION = 1;

const SKELETON_N = 4;
/** Family tags keep the three hash spaces apart. */
const TAG_SKELETON = 0x5f3759df;
const TAG_NAMES = 0x2545f491;
const TAG_WORDS = 0x6a09e667;

/** A good 32-bit mixer (murmur3's finaliser over a multiply-xor step). */
export function mix(h: number, value: number): number {
  let x = Math.imul(h ^ value, 0x9e3779b1);
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  return x >>> 0;
}

export function isSkeletonWord(hash: number): boolean {
  return SKELETON.has(hash);
}

/** Word-like tokens (words and numbers) that are not masked out, in text order. */
export function wordIndices(tokens: Tokens, skip?: Uint8Array): Uint32Array {
  const out = new Uint32Array(tokens.count);
  let n = 0;
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kinds[i];
    if ((kind === TokenKind.Word || kind === TokenKind.Number) && !(skip && skip[i])) out[n++] = i;
  }
  return out.subarray(0, n);
}

/** Does the token start a sentence (first token, after . ! ? or a line break)? */
function sentenceInitial(tokens: Tokens, i: number): boolean {
  if (i === 0 || tokens.gaps[i]! & Gap.Newline) return true;
  const previous = tokens.text.charCodeAt(tokens.starts[i - 1]!);
  return previous === 0x2e || previous === 0x21 || previous === 0x3f || previous === 0x22 || previous === 0x201c || previous === 0x3a;
}

function isCapitalised(tokens: Tokens, i: number): boolean {
  const first = tokens.text.charAt(tokens.starts[i]!);
  return first !== first.toLowerCase();
}

/** A number, or a capitalised word inside a sentence that is not a function word: a name, in all likelihood. */
export function isImmutable(tokens: Tokens, i: number): boolean {
  if (tokens.kinds[i] === TokenKind.Number) return true;
  return isCapitalised(tokens, i) && !sentenceInitial(tokens, i) && !SKELETON.has(tokens.hashes[i]!);
}

export interface FeatureOptions {
  /** Keep a feature when `hash % sample === 0` (1 keeps all). */
  sample?: number;
  /** Tokens to leave out (page chrome). */
  skip?: Uint8Array;
}

export const DEFAULT_SAMPLE = 2;

/**
 * The distinct search features of a text, sorted, as signed 32-bit integers
 * (SQLite stores those in four bytes; unsigned values above 2^31 take six).
 */
export function textFeatures(tokens: Tokens, options: FeatureOptions = {}): Int32Array {
  const sample = options.sample ?? DEFAULT_SAMPLE;
  const words = wordIndices(tokens, options.skip);
  const out: number[] = [];
  const keep = (h: number) => {
    if (h % sample === 0) out.push(h | 0);
  };
  const { hashes, kinds } = tokens;

  // Skeleton n-grams, over a rolling window of the last N skeleton tokens.
  const window = new Uint32Array(SKELETON_N);
  let filled = 0;
  // Name bigrams run over the sequence of names and numbers, whatever lies between them.
  let previousName = 0;
  let previousWord = 0;
  for (let w = 0; w < words.length; w++) {
    const i = words[w]!;
    const hash = hashes[i]!;
    const isNumber = kinds[i] === TokenKind.Number;

    if (isNumber || SKELETON.has(hash)) {
      window.copyWithin(0, 1);
      window[SKELETON_N - 1] = hash;
      if (++filled >= SKELETON_N) {
        let h = TAG_SKELETON;
        for (let k = 0; k < SKELETON_N; k++) h = mix(h, window[k]!);
        keep(h);
      }
    }

    if (isImmutable(tokens, i)) {
      if (previousName !== 0) keep(mix(mix(TAG_NAMES, previousName), hash));
      previousName = hash;
    }

    if (w > 0) keep(mix(mix(TAG_WORDS, previousWord), hash));
    previousWord = hash;
  }

  const sorted = Int32Array.from(out).sort();
  // Deduplicate in place.
  let n = 0;
  for (let k = 0; k < sorted.length; k++) {
    if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[n++] = sorted[k]!;
  }
  return sorted.slice(0, n);
}
