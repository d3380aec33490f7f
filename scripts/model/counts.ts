/**
 * N-gram counts over the build documents, in the sequence the scanner reads
 * (`src/model/sequence.ts`). Only counts at or above a minimum frequency
 * leave the build: no sentence can be read back from them.
 *
 * Broad English is ~45 M words, too many distinct pairs and triples for JS
 * Maps (which stop at 2^24 entries and cost ~80 bytes each). So the build
 * reads every document once, keeps its sequence as 32-bit word hashes in
 * one typed array (`HashCorpus`), and counts in open-addressing tables over
 * typed arrays (`CountTable`), 8-12 bytes per distinct key.
 */
import { findSlot, pairKey, tripleKey } from '../../src/model/hashtable.js';
import { FIRST_WORD_ID, punctuationId, Special, toSequence, wordId, type VocabularyTable } from '../../src/model/sequence.js';
import { Gap, TokenKind, tokenize, tokenNorm } from '../../src/text/tokenize.js';

/** A growable open-addressing table: 32-bit keys (0 = empty) → a count and, optionally, a second number. */
export class CountTable {
  keys: Uint32Array;
  counts: Uint32Array;
  extra: Uint32Array | null;
  size = 0;

  constructor(capacityLog2: number, withExtra: boolean) {
    this.keys = new Uint32Array(1 << capacityLog2);
    this.counts = new Uint32Array(1 << capacityLog2);
    this.extra = withExtra ? new Uint32Array(1 << capacityLog2) : null;
  }

  /** Adds one to `key`'s count; returns its slot, negated minus one when the key is new. */
  increment(key: number): number {
    if (this.size * 2 >= this.keys.length) this.grow();
    const keys = this.keys;
    const mask = keys.length - 1;
    let slot = key & mask;
    for (;;) {
      const stored = keys[slot]!;
      if (stored === key) {
        this.counts[slot]!++;
        return slot;
      }
      if (stored === 0) {
        keys[slot] = key;
        this.counts[slot] = 1;
        this.size++;
        return -slot - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The slot holding `key`, or -1. */
  find(key: number): number {
    return findSlot(this.keys, key);
  }

  private grow(): void {
    const { keys, counts, extra } = this;
    const size = keys.length * 2;
    this.keys = new Uint32Array(size);
    this.counts = new Uint32Array(size);
    this.extra = extra ? new Uint32Array(size) : null;
    const mask = size - 1;
    for (let old = 0; old < keys.length; old++) {
      const key = keys[old]!;
      if (key === 0) continue;
      let slot = key & mask;
      while (this.keys[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.counts[slot] = counts[old]!;
      if (extra) this.extra![slot] = extra[old]!;
    }
  }

  /** Number of keys whose count is at least each threshold 1..max (index t → keys with count ≥ t). */
  histogram(max: number): number[] {
    const out = new Array<number>(max + 1).fill(0);
    for (let slot = 0; slot < this.keys.length; slot++) {
      if (this.keys[slot] === 0) continue;
      out[Math.min(this.counts[slot]!, max)]!++;
    }
    for (let t = max - 1; t >= 0; t--) out[t]! += out[t + 1]!;
    return out;
  }
}

/** Marks the end of a document in a `HashCorpus` (never a word hash: those are remapped). */
const END = 0xffffffff;

/**
 * Documents as sequences of codes: the specials of `src/model/sequence.ts`
 * (< FIRST_WORD_ID) and, for words, the tokenizer's hash of the normalised
 * word; documents end with END. Mapping the hashes through a vocabulary gives
 * exactly the ids `toSequence` gives (a test checks this).
 */
export class HashCorpus {
  codes = new Uint32Array(1 << 20);
  length = 0;
  documents = 0;

  private push(code: number): void {
    if (this.length === this.codes.length) {
      const bigger = new Uint32Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.length++] = code;
  }

  /** Appends a document; `onWord(hash, tokens, i)` sees every word token (for counting words). */
  add(text: string, onWord?: (hash: number, norm: () => string) => void): void {
    const tokens = tokenize(text);
    const { kinds, gaps, hashes, starts, count } = tokens;
    let last = -1;
    const mark = (id: number) => {
      // A run of the same mark is one mark (as in toSequence).
      if (last === id) return;
      this.push(id);
      last = id;
    };
    mark(Special.Boundary);
    for (let i = 0; i < count; i++) {
      const kind = kinds[i]!;
      if (gaps[i]! & Gap.Newline) mark(Special.Boundary);
      if (kind === TokenKind.Word) {
        let hash = hashes[i]!;
        // Hashes that would read as a special or the end mark are unknown words (wordId gives Unknown for 0).
        if (hash < FIRST_WORD_ID || hash === END) hash = 0;
        this.push(hash);
        last = -1;
        if (onWord) onWord(hash, () => tokenNorm(tokens, i));
      } else if (kind === TokenKind.Number) {
        mark(Special.Number);
      } else if (kind === TokenKind.Punct) {
        mark(punctuationId(tokens.text.charCodeAt(starts[i]!)));
      }
    }
    mark(Special.Boundary);
    this.push(END);
    this.documents++;
  }

  /** Each document's ids under `vocabulary`, as `toSequence` would give them (in one buffer, reused from one document to the next). */
  *sequences(vocabulary: VocabularyTable): Generator<{ ids: Uint32Array; length: number }> {
    const ids = new Uint32Array(1 << 16);
    let buffer = ids;
    let length = 0;
    for (let p = 0; p < this.length; p++) {
      const code = this.codes[p]!;
      if (code === END) {
        yield { ids: buffer, length };
        length = 0;
        continue;
      }
      if (length === buffer.length) {
        const bigger = new Uint32Array(buffer.length * 2);
        bigger.set(buffer);
        buffer = bigger;
      }
      buffer[length++] = code < FIRST_WORD_ID ? code : wordId(vocabulary, code);
    }
  }
}

/** Normalised words and how often each occurs, counted by hash (first spelling seen kept). */
export class WordCounter {
  private readonly table = new CountTable(20, false);
  private readonly spelling = new Map<number, string>();

  readonly onWord = (hash: number, norm: () => string): void => {
    if (hash === 0) return;
    if (this.table.increment(hash) < 0) this.spelling.set(hash, norm());
  };

  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [hash, word] of this.spelling) out.set(word, (out.get(word) ?? 0) + this.table.counts[this.table.find(hash)]!);
    return out;
  }
}

export interface NgramCounts {
  /** Occurrences of each id as a context (followed by something). */
  contextCount: Uint32Array;
  /** Distinct ids seen after each id (all counts, before thresholding). */
  contextTypes: Uint32Array;
  /** Occurrences of each id anywhere in the sequences. */
  unigram: Uint32Array;
  /** pairKey(a, b) → count, and (extra) distinct followers of the pair. */
  bigrams: CountTable;
  /** tripleKey(a, b, c) → count. */
  trigrams: CountTable;
  /** Sequence positions counted. */
  tokens: number;
}

/** Bigram and trigram counts over vocabulary ids; `add` more documents to the same counts. */
export class NgramCounter implements NgramCounts {
  readonly unigram: Uint32Array;
  readonly contextCount: Uint32Array;
  readonly contextTypes: Uint32Array;
  readonly bigrams = new CountTable(22, true);
  readonly trigrams = new CountTable(23, false);
  tokens = 0;

  constructor(size: number) {
    this.unigram = new Uint32Array(size);
    this.contextCount = new Uint32Array(size);
    this.contextTypes = new Uint32Array(size);
  }

  add(ids: Uint32Array, length: number): void {
    const { unigram, contextCount, contextTypes, bigrams, trigrams } = this;
    this.tokens += length;
    for (let p = 0; p < length; p++) {
      const a = ids[p]!;
      unigram[a]!++;
      if (p + 1 >= length) continue;
      const b = ids[p + 1]!;
      contextCount[a]!++;
      let pair = bigrams.increment(pairKey(a, b));
      if (pair < 0) {
        pair = -pair - 1;
        contextTypes[a]!++;
      }
      if (p + 2 >= length) continue;
      // A new triple is a new follower of its pair (whose slot stays put: only the pair table's own inserts move slots).
      if (trigrams.increment(tripleKey(a, b, ids[p + 2]!)) < 0) bigrams.extra![pair]!++;
    }
  }

  /** A copy of the per-id arrays, for assembling a model while counting goes on. */
  snapshot(): NgramCounts {
    return {
      unigram: this.unigram.slice(),
      contextCount: this.contextCount.slice(),
      contextTypes: this.contextTypes.slice(),
      bigrams: this.bigrams,
      trigrams: this.trigrams,
      tokens: this.tokens,
    };
  }
}

/** Counts over texts in one go (tests and small builds). */
export function countNgrams(texts: Iterable<string>, vocabulary: VocabularyTable, size: number): NgramCounts {
  const counter = new NgramCounter(size);
  for (const text of texts) {
    const { ids, length } = toSequence(tokenize(text), vocabulary);
    counter.add(ids, length);
  }
  return counter;
}

export { FIRST_WORD_ID };
