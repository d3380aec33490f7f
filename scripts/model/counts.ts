/**
 * N-gram counts over the development documents, in the sequence the scanner
 * reads (`src/model/sequence.ts`). Only counts at or above a minimum
 * frequency leave this file: no sentence can be read back from them.
 */
import { pairKey, tripleKey } from '../../src/model/hashtable.js';
import { FIRST_WORD_ID, toSequence, type VocabularyTable } from '../../src/model/sequence.js';
import { TokenKind, tokenize, tokenNorm } from '../../src/text/tokenize.js';

/** How often each normalised word occurs (pass one: choosing the vocabulary). */
export function countWords(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const tokens = tokenize(text);
    for (let i = 0; i < tokens.count; i++) {
      if (tokens.kinds[i] !== TokenKind.Word) continue;
      const word = tokenNorm(tokens, i);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

export interface NgramCounts {
  /** Occurrences of each id as a context (followed by something). */
  contextCount: Uint32Array;
  /** Distinct ids seen after each id (all counts, before thresholding). */
  contextTypes: Uint32Array;
  /** Occurrences of each id anywhere in the sequences. */
  unigram: Uint32Array;
  /** pairKey(a, b) → [count, distinct followers of the pair]. */
  bigrams: Map<number, [number, number]>;
  /** tripleKey(a, b, c) → count. */
  trigrams: Map<number, number>;
  /** Sequence positions counted. */
  tokens: number;
}

/** Pass two: bigram and trigram counts over vocabulary ids. */
export function countNgrams(texts: Iterable<string>, vocabulary: VocabularyTable, size: number): NgramCounts {
  const unigram = new Uint32Array(size);
  const contextCount = new Uint32Array(size);
  const contextTypes = new Uint32Array(size);
  const bigrams = new Map<number, [number, number]>();
  const trigrams = new Map<number, number>();
  let total = 0;
  for (const text of texts) {
    const { ids, length } = toSequence(tokenize(text), vocabulary);
    total += length;
    for (let p = 0; p < length; p++) {
      const a = ids[p]!;
      unigram[a]!++;
      if (p + 1 >= length) continue;
      const b = ids[p + 1]!;
      contextCount[a]!++;
      const key = pairKey(a, b);
      let pair = bigrams.get(key);
      if (!pair) {
        pair = [0, 0];
        bigrams.set(key, pair);
        contextTypes[a]!++;
      }
      pair[0]++;
      if (p + 2 >= length) continue;
      const c = ids[p + 2]!;
      const tkey = tripleKey(a, b, c);
      const seen = trigrams.get(tkey);
      if (seen === undefined) {
        trigrams.set(tkey, 1);
        pair[1]++;
      } else {
        trigrams.set(tkey, seen + 1);
      }
    }
  }
  return { contextCount, contextTypes, unigram, bigrams, trigrams, tokens: total };
}

export { FIRST_WORD_ID };
