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

export const ROOT = 0;

export class WordTrie {
  /** Node count, the root included. */
  size = 1;
  /** Longest path from the root, in words. */
  depth = 0;

  // Per node, indexed by node id. Grown as arrays while building, frozen to typed arrays.
  private readonly words: string[] = [''];
  private readonly parents: number[] = [-1];
  private readonly edgeHashes: number[] = [0];
  private readonly byKey = new Map<string, number>();

  private parentOf = new Int32Array(0);
  private sibling = new Int32Array(0);
  private slotParent = new Int32Array(0);
  private slotHash = new Uint32Array(0);
  private slotChild = new Int32Array(0);
  private mask = 0;
  private frozen = false;

  /** Adds a phrase (normalised words and their hashes); returns its last node. */
  insert(words: readonly string[], hashes: readonly number[]): number {
    if (this.frozen) throw new Error('WordTrie: insert after freeze');
    let node = ROOT;
    for (let i = 0; i < words.length; i++) {
      const key = `${node} ${words[i]}`;
      let child = this.byKey.get(key);
      if (child === undefined) {
        child = this.size++;
        this.words.push(words[i]!);
        this.parents.push(node);
        this.edgeHashes.push(hashes[i]! >>> 0);
        this.byKey.set(key, child);
      }
      node = child;
    }
    if (words.length > this.depth) this.depth = words.length;
    return node;
  }

  /** Builds the lookup table; the trie is read-only afterwards. */
  freeze(): this {
    const edges = this.size - 1;
    let capacity = 16;
    while (capacity < edges * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.slotParent = new Int32Array(capacity).fill(-1);
    this.slotHash = new Uint32Array(capacity);
    this.slotChild = new Int32Array(capacity);
    this.sibling = new Int32Array(this.size).fill(-1);
    this.parentOf = Int32Array.from(this.parents);
    for (let child = 1; child < this.size; child++) {
      const parent = this.parents[child]!;
      const hash = this.edgeHashes[child]!;
      let slot = slotOf(parent, hash, this.mask);
      while (this.slotParent[slot] !== -1) {
        if (this.slotParent[slot] === parent && this.slotHash[slot] === hash) break;
        slot = (slot + 1) & this.mask;
      }
      if (this.slotParent[slot] === -1) {
        this.slotParent[slot] = parent;
        this.slotHash[slot] = hash;
        this.slotChild[slot] = child;
      } else {
        // A true hash collision between two phrase words under one node: chain them.
        let last = this.slotChild[slot]!;
        while (this.sibling[last] !== -1) last = this.sibling[last]!;
        this.sibling[last] = child;
      }
    }
    this.byKey.clear();
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
}

function slotOf(node: number, hash: number, mask: number): number {
  const h = Math.imul(hash ^ Math.imul(node, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
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
