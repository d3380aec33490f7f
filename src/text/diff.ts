/**
 * Word-level alignment of two texts.
 *
 * Both texts are tokenized (words, numbers and punctuation all count, so that
 * commas and full stops anchor the alignment), tokens are compared on their
 * normalised form (case-insensitive, curly apostrophes folded), and the token
 * sequences are diffed:
 *
 *  1. on long ranges, patience diff first: tokens that occur exactly once in
 *     both ranges (with a neighbour that agrees) are unambiguous anchors; their
 *     longest common subsequence splits the problem into small gaps (names,
 *     numbers and rare words survive spinning, so anchors come every few words);
 *  2. Myers' O(ND) diff, in its linear-space divide-and-conquer form, on short
 *     ranges and inside the gaps: it finds a minimal edit;
 *  3. a cost cap on Myers (as in git's xdiff): past it the search splits at
 *     the furthest-reaching path instead of the optimal one, so two unrelated
 *     long texts still align in bounded time and memory.
 *
 * Between two equal tokens, everything removed and added forms one 'changed'
 * block, so multiword substitutions come out whole ("cold war" ↔ "chilly
 * warfare", "satellite" ↔ "satellite tv for pc").
 */
import { normalizeWord, tokenize, type Tokens } from './tokenize.js';

export interface AlignedBlock {
  kind: 'same' | 'changed';
  /** Character range [start, end) in `a`; empty for an insertion. */
  a: [number, number];
  /** Character range [start, end) in `b`; empty for a deletion. */
  b: [number, number];
}

/** A block as token index ranges [start, end) into both token sequences. */
export interface TokenBlock {
  kind: 'same' | 'changed';
  a: [number, number];
  b: [number, number];
}

/**
 * Aligns `a` with `b`. The blocks cover every token of both texts, in order;
 * ranges exclude the whitespace around them. A 'same' block's tokens are equal
 * up to case and apostrophe style, so its two ranges can differ in exactly
 * those respects (and in the whitespace between its tokens).
 */
export function alignTexts(a: string, b: string): AlignedBlock[] {
  const ta = tokenize(a);
  const tb = tokenize(b);
  return alignTokens(ta, tb).map((block) => {
    const [ra, rb] = blockRanges(ta, tb, block);
    return { kind: block.kind, a: ra, b: rb };
  });
}

/**
 * The character ranges of a token block in both texts. A non-empty side spans
 * its first to last token. An empty side (an insertion or deletion) sits at
 * one end of the whitespace between its neighbours, whichever leaves the
 * whitespace on both sides of the block matching the other text's: "{hardware}
 * captured" → "hardware captured" deletes "}" right after "hardware", so both
 * texts keep their space before "captured".
 */
export function blockRanges(ta: Tokens, tb: Tokens, block: TokenBlock): [[number, number], [number, number]] {
  const spanA = tokenSpan(ta, block.a);
  const spanB = tokenSpan(tb, block.b);
  if (spanA) return [spanA, spanB ?? emptyAt(tb, block.b[0], ta, block.a)];
  if (spanB) return [emptyAt(ta, block.a[0], tb, block.b), spanB];
  return [[0, 0], [0, 0]];
}

function tokenSpan(tokens: Tokens, [from, to]: [number, number]): [number, number] | null {
  return from < to ? [tokens.starts[from]!, tokens.ends[to - 1]!] : null;
}

/** The text between token `at - 1` and token `at` (from the text's start or to its end at the edges). */
function gapBefore(tokens: Tokens, at: number): string {
  const from = at > 0 ? tokens.ends[at - 1]! : 0;
  const to = at < tokens.count ? tokens.starts[at]! : tokens.text.length;
  return tokens.text.slice(from, to);
}

/**
 * Where an empty range before token `at` goes: right after the previous
 * token or right before the next one, whichever makes the whitespace around
 * the block agree with the whitespace around the other side's tokens.
 */
function emptyAt(tokens: Tokens, at: number, other: Tokens, [from, to]: [number, number]): [number, number] {
  const afterPrevious = at > 0 ? tokens.ends[at - 1]! : 0;
  const beforeNext = at < tokens.count ? tokens.starts[at]! : tokens.text.length;
  const gap = gapBefore(tokens, at);
  const otherBefore = gapBefore(other, from);
  const otherAfter = gapBefore(other, to);
  const scoreNext = Number(otherBefore === gap) + Number(otherAfter === '');
  const scorePrevious = Number(otherBefore === '') + Number(otherAfter === gap);
  const position = scorePrevious > scoreNext || at === tokens.count ? afterPrevious : beforeNext;
  return [position, position];
}

/** Aligns two token sequences; see `alignTexts`. */
export function alignTokens(ta: Tokens, tb: Tokens): TokenBlock[] {
  const { a, b, distinct } = internKeys(ta, tb);
  const changedA = new Uint8Array(a.length).fill(1);
  const changedB = new Uint8Array(b.length).fill(1);
  new Aligner(a, b, changedA, changedB, distinct).run();
  return collectBlocks(changedA, changedB);
}

/** Maps every token to a small integer; equal integers mean equal normalised tokens. */
function internKeys(ta: Tokens, tb: Tokens): { a: Int32Array; b: Int32Array; distinct: number } {
  const ids = new Map<string, number>();
  const keysOf = (tokens: Tokens): Int32Array => {
    const keys = new Int32Array(tokens.count);
    for (let i = 0; i < tokens.count; i++) {
      const norm = normalizeWord(tokens.text.slice(tokens.starts[i], tokens.ends[i]));
      let id = ids.get(norm);
      if (id === undefined) {
        id = ids.size;
        ids.set(norm, id);
      }
      keys[i] = id;
    }
    return keys;
  };
  const a = keysOf(ta);
  const b = keysOf(tb);
  return { a, b, distinct: ids.size };
}

/** Runs of unchanged tokens pair up one to one, in order; everything between them is one change. */
function collectBlocks(changedA: Uint8Array, changedB: Uint8Array): TokenBlock[] {
  const blocks: TokenBlock[] = [];
  const n = changedA.length;
  const m = changedB.length;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const i0 = i;
    const j0 = j;
    if (i < n && j < m && changedA[i] === 0 && changedB[j] === 0) {
      while (i < n && j < m && changedA[i] === 0 && changedB[j] === 0) { i++; j++; }
      blocks.push({ kind: 'same', a: [i0, i], b: [j0, j] });
    } else {
      while (i < n && changedA[i] === 1) i++;
      while (j < m && changedB[j] === 1) j++;
      blocks.push({ kind: 'changed', a: [i0, i], b: [j0, j] });
    }
  }
  return blocks;
}

/**
 * Patience anchoring only pays on long ranges: there it turns one large Myers
 * problem into many small ones (5x faster on a 1 MB document). On short ranges
 * Myers alone is fast, and it is optimal, while a unique-in-both function word
 * ("up" in "match up" / "build up") can mislead patience.
 */
const PATIENCE_MIN_TOKENS = 1024;
/** Patience recursion depth after which Myers takes over (repetitive text can make patience quadratic). */
const PATIENCE_MAX_DEPTH = 8;
/** Myers' edit-distance budget per split, as in xdiff: at least this, or sqrt of the range size. */
const MYERS_MIN_COST = 256;

class Aligner {
  /** Scratch counts indexed by token key, kept at zero between uses. */
  private readonly countA: Int32Array;
  private readonly countB: Int32Array;
  private readonly positionB: Int32Array;

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly changedA: Uint8Array,
    private readonly changedB: Uint8Array,
    distinct: number,
  ) {
    this.countA = new Int32Array(distinct);
    this.countB = new Int32Array(distinct);
    this.positionB = new Int32Array(distinct);
  }

  run(): void {
    // An explicit stack instead of recursion: long documents must not overflow the call stack.
    const stack: Array<[number, number, number, number, number]> = [[0, this.a.length, 0, this.b.length, 0]];
    while (stack.length > 0) {
      let [aLo, aHi, bLo, bHi, depth] = stack.pop()!;
      [aLo, aHi, bLo, bHi] = this.trim(aLo, aHi, bLo, bHi);
      if (aLo === aHi || bLo === bHi) continue;
      const anchors = aHi - aLo + (bHi - bLo) >= PATIENCE_MIN_TOKENS && depth < PATIENCE_MAX_DEPTH
        ? this.uniqueAnchors(aLo, aHi, bLo, bHi)
        : null;
      if (!anchors || anchors.length === 0) {
        this.myers(aLo, aHi, bLo, bHi);
        continue;
      }
      let prevA = aLo;
      let prevB = bLo;
      for (let k = 0; k < anchors.length; k += 2) {
        const i = anchors[k]!;
        const j = anchors[k + 1]!;
        this.changedA[i] = 0;
        this.changedB[j] = 0;
        stack.push([prevA, i, prevB, j, depth + 1]);
        prevA = i + 1;
        prevB = j + 1;
      }
      stack.push([prevA, aHi, prevB, bHi, depth + 1]);
    }
  }

  /** Marks the common prefix and suffix as unchanged and returns the range between them. */
  private trim(aLo: number, aHi: number, bLo: number, bHi: number): [number, number, number, number] {
    const { a, b } = this;
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
      this.changedA[aLo++] = 0;
      this.changedB[bLo++] = 0;
    }
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
      this.changedA[--aHi] = 0;
      this.changedB[--bHi] = 0;
    }
    return [aLo, aHi, bLo, bHi];
  }

  /**
   * Patience step: the tokens unique in both ranges, paired, then the longest
   * chain of pairs increasing in both texts. Returns flat [i0, j0, i1, j1, ...].
   */
  private uniqueAnchors(aLo: number, aHi: number, bLo: number, bHi: number): number[] {
    const { a, b, countA, countB, positionB } = this;
    for (let i = aLo; i < aHi; i++) countA[a[i]!]!++;
    for (let j = bLo; j < bHi; j++) {
      countB[b[j]!]!++;
      positionB[b[j]!] = j;
    }
    const pairsA: number[] = [];
    const pairsB: number[] = [];
    for (let i = aLo; i < aHi; i++) {
      const key = a[i]!;
      if (countA[key] !== 1 || countB[key] !== 1) continue;
      const j = positionB[key]!;
      // A lone coincidence is a poor anchor: insist that a neighbour agrees too.
      const before = i > aLo && j > bLo && a[i - 1] === b[j - 1];
      const after = i + 1 < aHi && j + 1 < bHi && a[i + 1] === b[j + 1];
      if (!before && !after) continue;
      pairsA.push(i);
      pairsB.push(j);
    }
    for (let i = aLo; i < aHi; i++) countA[a[i]!] = 0;
    for (let j = bLo; j < bHi; j++) countB[b[j]!] = 0;
    if (pairsA.length === 0) return [];

    // Longest increasing subsequence of pairsB (pairsA is already increasing), by patience sorting.
    const tails: number[] = []; // index into pairs of the smallest tail of each pile length
    const previous = new Int32Array(pairsA.length).fill(-1);
    for (let p = 0; p < pairsB.length; p++) {
      const value = pairsB[p]!;
      let lo = 0;
      let hi = tails.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (pairsB[tails[mid]!]! < value) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0) previous[p] = tails[lo - 1]!;
      tails[lo] = p;
    }
    const chain: number[] = new Array(tails.length * 2);
    let p = tails[tails.length - 1]!;
    for (let k = tails.length - 1; k >= 0; k--) {
      chain[2 * k] = pairsA[p]!;
      chain[2 * k + 1] = pairsB[p]!;
      p = previous[p]!;
    }
    return chain;
  }

  /** Myers' linear-space diff of one range, divide and conquer on an explicit stack. */
  private myers(aLo: number, aHi: number, bLo: number, bHi: number): void {
    const stack: Array<[number, number, number, number]> = [[aLo, aHi, bLo, bHi]];
    while (stack.length > 0) {
      let [x0, x1, y0, y1] = stack.pop()!;
      [x0, x1, y0, y1] = this.trim(x0, x1, y0, y1);
      if (x0 === x1 || y0 === y1) continue;
      if (!this.shareAnyToken(x0, x1, y0, y1)) continue; // a pure substitution: all of it stays changed
      const split = this.middleSnake(x0, x1, y0, y1);
      if (!split) continue;
      const [splitA, splitB] = split;
      stack.push([splitA, x1, splitB, y1]);
      stack.push([x0, splitA, y0, splitB]);
    }
  }

  /** Most gaps in spun text are substitutions with nothing in common; say so in linear time. */
  private shareAnyToken(aLo: number, aHi: number, bLo: number, bHi: number): boolean {
    const { a, b, countA } = this;
    for (let i = aLo; i < aHi; i++) countA[a[i]!] = 1;
    let shared = false;
    for (let j = bLo; j < bHi && !shared; j++) if (countA[b[j]!] === 1) shared = true;
    for (let i = aLo; i < aHi; i++) countA[a[i]!] = 0;
    return shared;
  }

  /**
   * Finds a split point (x, y) on an optimal edit path (Myers 1986, section 4b),
   * searching forward from the start and backward from the end until the paths
   * overlap. Both ends are trimmed, so the texts differ at both ends. Past the
   * cost cap, splits at the path that got furthest instead.
   */
  private middleSnake(aLo: number, aHi: number, bLo: number, bHi: number): [number, number] | null {
    const { a, b } = this;
    const n = aHi - aLo;
    const m = bHi - bLo;
    const maxD = Math.ceil((n + m) / 2);
    const costCap = Math.max(MYERS_MIN_COST, Math.ceil(Math.sqrt(n + m)));
    const limit = Math.min(maxD, costCap);
    const offset = limit + 1;
    const size = 2 * offset + 1;
    // forward[k] = furthest x on diagonal k (= x - y) from the start; backward[k] likewise from the end.
    const forward = new Int32Array(size).fill(-1);
    const backward = new Int32Array(size).fill(-1);
    forward[offset + 1] = 0;
    backward[offset + 1] = 0;
    const delta = n - m;
    const oddDelta = (delta & 1) !== 0;
    // Diagonals that ran off the grid are not extended again.
    let kfStart = 0;
    let kfEnd = 0;
    let kbStart = 0;
    let kbEnd = 0;

    for (let d = 0; d < limit; d++) {
      for (let k = -d + kfStart; k <= d - kfEnd; k += 2) {
        const at = offset + k;
        let x = k === -d || (k !== d && forward[at - 1]! < forward[at + 1]!) ? forward[at + 1]! : forward[at - 1]! + 1;
        let y = x - k;
        while (x < n && y < m && a[aLo + x] === b[bLo + y]) { x++; y++; }
        forward[at] = x;
        if (x > n) kfEnd += 2;
        else if (y > m) kfStart += 2;
        else if (oddDelta) {
          const back = offset + delta - k;
          if (back >= 0 && back < size && backward[back] !== -1 && x >= n - backward[back]!) return [aLo + x, bLo + y];
        }
      }
      for (let k = -d + kbStart; k <= d - kbEnd; k += 2) {
        const at = offset + k;
        let x = k === -d || (k !== d && backward[at - 1]! < backward[at + 1]!) ? backward[at + 1]! : backward[at - 1]! + 1;
        let y = x - k;
        while (x < n && y < m && a[aHi - x - 1] === b[bHi - y - 1]) { x++; y++; }
        backward[at] = x;
        if (x > n) kbEnd += 2;
        else if (y > m) kbStart += 2;
        else if (!oddDelta) {
          const fwd = offset + delta - k;
          if (fwd >= 0 && fwd < size && forward[fwd] !== -1) {
            const fx = forward[fwd]!;
            const fy = fx - (fwd - offset);
            if (fx >= n - x) return [aLo + fx, bLo + fy];
          }
        }
      }
    }
    return this.furthestSplit(forward, backward, offset, limit, aLo, aHi, bLo, bHi);
  }

  /**
   * The cost cap was reached: split where a path made the most progress
   * (xdiff's heuristic). Null, leaving the range changed, if none did.
   */
  private furthestSplit(
    forward: Int32Array, backward: Int32Array, offset: number, d: number,
    aLo: number, aHi: number, bLo: number, bHi: number,
  ): [number, number] | null {
    const n = aHi - aLo;
    const m = bHi - bLo;
    let best = 0;
    let split: [number, number] | null = null;
    for (let k = -d; k <= d; k++) {
      const fx = forward[offset + k]!;
      if (fx >= 0) {
        const fy = fx - k;
        if (fx <= n && fy >= 0 && fy <= m && fx + fy > best && fx + fy < n + m) {
          best = fx + fy;
          split = [aLo + fx, bLo + fy];
        }
      }
      const bx = backward[offset + k]!;
      if (bx >= 0) {
        const by = bx - k;
        if (bx <= n && by >= 0 && by <= m && bx + by > best && bx + by < n + m) {
          best = bx + by;
          split = [aHi - bx, bHi - by];
        }
      }
    }
    return split;
  }
}
