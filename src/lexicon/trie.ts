/**
 * A word trie whose edges are looked up by (node, word hash) in one
 * open-addressed table of typed arrays: the hot path of matching is integer
 * arithmetic, with no string built per token.
 *
 * Hashes are only a filter. Two different words can share a 32-bit hash, so a
 * path found through the table is confirmed word by word (`confirm`) before it
 * counts, and two phrase words with the same hash under the same node are
 * chained (`sibling`) and told apart by their text.
 */
import { foldCode, type Tokens } from '../text/tokenize.js';
import { isAsciiAlnum, phraseTokens } from './phrase.js';

export const ROOT = 0;

// FNV-1a, as the tokenizer hashes words (`hashWord`); phrases are hashed here in
// place, without cutting out each word first. The matcher tests fail if the two differ.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class WordTrie {
  /** Node count, the root included. */
  size = 1;
  /** Longest path from the root, in words. */
  depth = 0;

  // Per node, indexed by node id: the word on the edge into it, its parent, and the
  // next child of the same parent whose word has the same hash (a collision chain).
  private readonly words: string[] = [''];
  private readonly parents: number[] = [-1];
  private readonly siblings: number[] = [-1];
  private parentOf = new Int32Array(0);
  private sibling = new Int32Array(0);

  // The edge table: open addressing on (parent, hash), linear probing, at most half full.
  private slotParent = new Int32Array(1024).fill(-1);
  private slotHash = new Uint32Array(1024);
  private slotChild = new Int32Array(1024);
  private mask = 1023;
  private frozen = false;

  /** Adds a phrase (normalised words and their hashes); returns its last node. */
  insert(words: readonly string[], hashes: readonly number[]): number {
    if (this.frozen) throw new Error('WordTrie: insert after freeze');
    let node = ROOT;
    for (let i = 0; i < words.length; i++) node = this.child(node, hashes[i]! >>> 0, words[i]!);
    if (words.length > this.depth) this.depth = words.length;
    return node;
  }

  /**
   * Adds a phrase given as text; returns its last node, or why it cannot be
   * matched. Plain ASCII phrases (most of any list) go straight in, word by
   * word, without building token arrays first.
   */
  insertPhrase(phrase: string): number | { error: string } {
    if (this.frozen) throw new Error('WordTrie: insert after freeze');
    let node = ROOT;
    let words = 0;
    let start = 0;
    let hash = FNV_OFFSET;
    for (let i = 0; i <= phrase.length; i++) {
      const code = i < phrase.length ? phrase.charCodeAt(i) : 0x20;
      if (isAsciiAlnum(code)) {
        hash = Math.imul(hash ^ foldCode(code), FNV_PRIME);
        continue;
      }
      if ((code !== 0x20 && code !== 0x2d) || i === start) {
        // Not plain: the tokenizer decides. (Nodes already added for a prefix are harmless.)
        const parsed = phraseTokens(phrase);
        return 'error' in parsed ? parsed : this.insert(parsed.words, parsed.hashes);
      }
      node = this.childOfSlice(node, hash >>> 0, phrase, start, i);
      words++;
      start = i + 1;
      hash = FNV_OFFSET;
    }
    if (words > this.depth) this.depth = words;
    return node;
  }

  /** `child` for the word `text[start, end)`, compared in place; the word is copied only for a new node. */
  private childOfSlice(node: number, hash: number, text: string, start: number, end: number): number {
    let slot = slotOf(node, hash, this.mask);
    while (this.slotParent[slot] !== -1) {
      if (this.slotParent[slot] === node && this.slotHash[slot] === hash) {
        for (let child = this.slotChild[slot]!; child !== -1; child = this.siblings[child]!) {
          if (sameSlice(text, start, end, this.words[child]!)) return child;
        }
        break;
      }
      slot = (slot + 1) & this.mask;
    }
    return this.child(node, hash, text.slice(start, end).toLowerCase());
  }

  /** The child of `node` for `word`, created when missing. */
  private child(node: number, hash: number, word: string): number {
    let slot = slotOf(node, hash, this.mask);
    while (this.slotParent[slot] !== -1) {
      if (this.slotParent[slot] === node && this.slotHash[slot] === hash) {
        // Same hash under this node: the word itself decides (a true collision is chained).
        let child = this.slotChild[slot]!;
        for (;;) {
          if (this.words[child] === word) return child;
          if (this.siblings[child] === -1) break;
          child = this.siblings[child]!;
        }
        const added = this.addNode(node, word);
        this.siblings[child] = added;
        return added;
      }
      slot = (slot + 1) & this.mask;
    }
    const added = this.addNode(node, word);
    this.slotParent[slot] = node;
    this.slotHash[slot] = hash;
    this.slotChild[slot] = added;
    if (this.size * 2 > this.mask) this.grow();
    return added;
  }

  private addNode(parent: number, word: string): number {
    this.words.push(word);
    this.parents.push(parent);
    this.siblings.push(-1);
    return this.size++;
  }

  private grow(): void {
    const oldParent = this.slotParent;
    const oldHash = this.slotHash;
    const oldChild = this.slotChild;
    const capacity = oldParent.length * 2;
    this.mask = capacity - 1;
    this.slotParent = new Int32Array(capacity).fill(-1);
    this.slotHash = new Uint32Array(capacity);
    this.slotChild = new Int32Array(capacity);
    for (let old = 0; old < oldParent.length; old++) {
      if (oldParent[old] === -1) continue;
      let slot = slotOf(oldParent[old]!, oldHash[old]!, this.mask);
      while (this.slotParent[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slotParent[slot] = oldParent[old]!;
      this.slotHash[slot] = oldHash[old]!;
      this.slotChild[slot] = oldChild[old]!;
    }
  }

  /**
   * One byte per value of a hash's low 16 bits: 1 when some phrase starts with
   * a word of such a hash. Most text words start no phrase, and this rules them
   * out with one array read instead of a table probe.
   */
  readonly startFilter = new Uint8Array(0x10000);

  /** Ends building; the trie is read-only afterwards. */
  freeze(): this {
    this.parentOf = new Int32Array(this.parents);
    this.sibling = new Int32Array(this.siblings);
    for (let slot = 0; slot <= this.mask; slot++) {
      if (this.slotParent[slot] === ROOT) this.startFilter[this.slotHash[slot]! & 0xffff] = 1;
    }
    this.frozen = true;
    return this;
  }

  /**
   * The child of `node` along token `i`, or -1. Unchained children are not
   * compared by text here (that is `confirm`'s job, once per candidate hit).
   */
  step(node: number, tokens: Tokens, i: number): number {
    const hash = tokens.hashes[i]!;
    const mask = this.mask;
    let slot = slotOf(node, hash, mask);
    for (;;) {
      const parent = this.slotParent[slot]!;
      if (parent === -1) return -1;
      if (parent === node && this.slotHash[slot] === hash) break;
      slot = (slot + 1) & mask;
    }
    let child = this.slotChild[slot]!;
    if (this.sibling[child] === -1) return child;
    while (child !== -1) {
      if (sameWord(tokens, i, this.words[child]!)) return child;
      child = this.sibling[child]!;
    }
    return -1;
  }

  /**
   * True when the words on the path to `node` equal the normalised tokens
   * `path[0..length)`: the hashes already agree, this rules out collisions.
   */
  confirm(node: number, tokens: Tokens, path: Int32Array, length: number): boolean {
    for (let d = length - 1; d >= 0; d--) {
      if (node <= ROOT || !sameWord(tokens, path[d]!, this.words[node]!)) return false;
      node = this.parentOf[node]!;
    }
    return node === ROOT;
  }

  /** The normalised word on the edge into `node`. */
  wordOf(node: number): string {
    return this.words[node]!;
  }

  /**
   * Filters over the first words of phrases, for a matcher to skip most
   * tokens that pass `startFilter` (the, of, to: a few phrases start with
   * them, so most text does): `solo` marks first words that are a whole
   * phrase by themselves (`isPhrase(node)`), `pairs` marks the first two
   * words of every longer phrase, by `pairSlot(hash1, hash2)`.
   */
  firstWordFilters(isPhrase: (node: number) => boolean): { solo: Uint8Array; pairs: Uint8Array } {
    const solo = new Uint8Array(0x10000);
    const pairs = new Uint8Array(PAIR_FILTER_SIZE);
    // Per node: the hash of its word when it hangs from the root (typed arrays: this runs at every start-up).
    const isFirst = new Uint8Array(this.size + 1);
    const rootHash = new Uint32Array(this.size + 1);
    for (let slot = 0; slot <= this.mask; slot++) {
      if (this.slotParent[slot] !== ROOT) continue;
      for (let child = this.slotChild[slot]!; child !== -1; child = this.sibling[child]!) {
        isFirst[child] = 1;
        rootHash[child] = this.slotHash[slot]!;
        if (isPhrase(child)) solo[this.slotHash[slot]! & 0xffff] = 1;
      }
    }
    for (let slot = 0; slot <= this.mask; slot++) {
      const parent = this.slotParent[slot]!;
      if (parent >= 0 && isFirst[parent] === 1) pairs[pairSlot(rootHash[parent]!, this.slotHash[slot]!)] = 1;
    }
    return { solo, pairs };
  }

  /** A frozen trie rebuilt from a structured clone of one (see `matcherState`). */
  static restore(state: object): WordTrie {
    // The constructor creates every field first, so the restored object keeps the class's shape.
    return Object.assign(new WordTrie(), state);
  }
}

const PAIR_FILTER_SIZE = 1 << 18;

/** Where two consecutive words' hashes fall in a pair filter (see `firstWordFilters`). */
export function pairSlot(first: number, second: number): number {
  const h = Math.imul(first ^ Math.imul(second, 0x27d4eb2d), 0x165667b1);
  return (h ^ (h >>> 14)) & (PAIR_FILTER_SIZE - 1);
}

function slotOf(node: number, hash: number, mask: number): number {
  const h = Math.imul(hash ^ Math.imul(node, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}

/** Whether `text[start, end)` normalises to `word`. */
function sameSlice(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) {
    if (foldCode(text.charCodeAt(start + k)) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** Whether token `i` normalises to `word` (normalisation keeps the length). */
export function sameWord(tokens: Tokens, i: number, word: string): boolean {
  const start = tokens.starts[i]!;
  const length = tokens.ends[i]! - start;
  if (length !== word.length) return false;
  const text = tokens.text;
  for (let k = 0; k < length; k++) {
    if (foldCode(text.charCodeAt(start + k)) !== word.charCodeAt(k)) return false;
  }
  return true;
}
