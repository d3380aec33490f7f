/**
 * Passage alignment of a (possibly spun) query against a candidate source, in
 * the seed → extend → merge shape of the PAN text-alignment systems:
 *
 *  1. seeds: words the two texts share exactly, content words on their own and
 *     function words only beside another match (a spinner that swaps a third
 *     of the words leaves the other two thirds, in order);
 *  2. extension: seeds are chained, in order in both texts, across gaps of a
 *     few substituted words (a chain pays for the words it skips, so scattered
 *     chance matches between two articles on one topic never add up);
 *  3. merging: chains that follow each other closely in both texts join.
 *
 * Inside a passage, the words between two anchors are aligned by a small LCS:
 * what stays unmatched is a substitution (several words on either side, as
 * in "satellite" → "satellite tv for pc").
 */
import { Gap, hashWord, TokenKind, type Tokens } from '../text/tokenize.js';
import { isImmutable, isSkeletonWord, wordIndices } from './features.js';

/** A run of words in a passage: identical in both texts, or substituted. */
export interface AlignedSegment {
  kind: 'same' | 'changed';
  /** Character range in the query (empty for a word the copy dropped). */
  query: [number, number];
  /** Character range in the source (empty for words the copy added). */
  source: [number, number];
}

export interface AlignedPassage {
  /** Character range in the query text. */
  query: [number, number];
  /** Character range in the source text. */
  source: [number, number];
  /** Query words inside the passage. */
  queryWords: number;
  /** Source words inside the passage. */
  sourceWords: number;
  /** Query words matched exactly to a source word. */
  matched: number;
  /** Names and numbers among the query words (what a spinner leaves alone). */
  immutables: number;
  /** Of those, how many are matched exactly. */
  immutablesMatched: number;
  /**
   * Figures written in the passage's sentences (the whole sentences around it) that the
   * source's sentences around it also write, and those it does not: a spinner never changes
   * a figure, so "Stela 35 ... at the base of Structure 8" is not a copy of "Stela 34 ... at
   * the base of Structure 8".
   */
  figures: number;
  conflictingFigures: number;
  /** Word-level alignment, when asked for. */
  segments?: AlignedSegment[];
}

export interface Alignment {
  passages: AlignedPassage[];
  /** Words in the query (outside skipped tokens). */
  queryWords: number;
  /** Words in the source. */
  sourceWords: number;
  /** Query words inside passages. */
  covered: number;
  /** Query words matched exactly inside passages. */
  matched: number;
  /** Names and numbers inside passages, and how many of them are matched: a copy keeps them, a look-alike (a templated wire story) does not. */
  immutables: number;
  immutablesMatched: number;
  /** Figures of the passages' sentences found in the source's, and those not found (see AlignedPassage). */
  figures: number;
  conflictingFigures: number;
  /** Share of the query's words inside aligned passages. */
  coverage: number;
}

export interface AlignOptions {
  /** Query tokens to leave out (page chrome). */
  skip?: Uint8Array;
  /** Also return the word-level segments of each passage. */
  segments?: boolean;
}

/** Longest run of unmatched words a chain bridges, in either text. */
const MAX_GAP = 16;
/** How far a chain may drift between the texts from one seed to the next (multiword substitutions). */
const MAX_SKEW = 6;
/** What each skipped word costs a chain, against +1 per matched word. */
const GAP_COST = 0.5;
/** A chain must earn this much to become a passage: a shared 2–3 word phrase is not a copy. */
const MIN_CHAIN_SCORE = 4;
/** A word seen more often than this in the source seeds nothing. */
const MAX_OCCURRENCES = 48;
/** At most this many passages per pair. */
const MAX_PASSAGES = 64;

interface Words {
  /** Token index of each word. */
  index: Uint32Array;
  hash: Uint32Array;
}

function words(tokens: Tokens, skip?: Uint8Array): Words {
  const index = wordIndices(tokens, skip);
  const hash = new Uint32Array(index.length);
  for (let k = 0; k < index.length; k++) hash[k] = tokens.hashes[index[k]!]!;
  return { index, hash };
}

/**
 * Seeds: (query word, source word) pairs that match exactly and carry
 * information: a content word, or a function word beside a matching word in
 * both texts ("of the" inside "rear admiral of the fleet"). A lone "the" that
 * happens to match would chain any two English texts together.
 */
function findSeeds(q: Words, s: Words): { sq: Int32Array; ss: Int32Array; count: number } {
  const n = s.hash.length;
  const head = new Map<number, number>();
  const seen = new Map<number, number>();
  const next = new Int32Array(Math.max(n, 1)).fill(-1);
  // Walk backwards so that each word's list comes out in ascending source order.
  for (let j = n - 1; j >= 0; j--) {
    const h = s.hash[j]!;
    const first = head.get(h);
    if (first !== undefined) next[j] = first;
    head.set(h, j);
    seen.set(h, (seen.get(h) ?? 0) + 1);
  }
  let capacity = 256;
  let sq = new Int32Array(capacity);
  let ss = new Int32Array(capacity);
  let count = 0;
  const m = q.hash.length;
  for (let k = 0; k < m; k++) {
    const h = q.hash[k]!;
    let j = head.get(h);
    if (j === undefined || seen.get(h)! > MAX_OCCURRENCES) continue;
    const content = !isSkeletonWord(h);
    for (; j !== -1; j = next[j]!) {
      if (!content) {
        const before = k > 0 && j > 0 && q.hash[k - 1] === s.hash[j - 1];
        const after = k + 1 < m && j + 1 < n && q.hash[k + 1] === s.hash[j + 1];
        if (!before && !after) continue;
      }
      if (count === capacity) {
        capacity *= 2;
        const nq = new Int32Array(capacity); nq.set(sq); sq = nq;
        const ns = new Int32Array(capacity); ns.set(ss); ss = ns;
      }
      sq[count] = k;
      ss[count] = j;
      count++;
    }
  }
  return { sq, ss, count };
}

/**
 * Best chain ending at each live seed. A link p → k keeps both texts in order,
 * bridges at most MAX_GAP words, drifts at most MAX_SKEW, and earns +1 for the
 * matched word minus GAP_COST per word skipped (in the text that skips more).
 */
function chainScores(sq: Int32Array, ss: Int32Array, count: number, live: Uint8Array, best: Float64Array, previous: Int32Array): void {
  let windowStart = 0;
  for (let k = 0; k < count; k++) {
    best[k] = -1;
    previous[k] = -1;
    if (!live[k]) continue;
    const qk = sq[k]!;
    const sk = ss[k]!;
    while (windowStart < k && sq[windowStart]! < qk - MAX_GAP - 1) windowStart++;
    let score = 1;
    let from = -1;
    for (let p = windowStart; p < k; p++) {
      if (!live[p]) continue;
      const dq = qk - sq[p]!;
      const ds = sk - ss[p]!;
      if (dq <= 0 || ds <= 0) continue;
      if (dq > MAX_GAP + 1 || ds > MAX_GAP + 1 || Math.abs(dq - ds) > MAX_SKEW) continue;
      const candidate = best[p]! + 1 - GAP_COST * (Math.max(dq, ds) - 1);
      if (candidate > score) {
        score = candidate;
        from = p;
      }
    }
    best[k] = score;
    previous[k] = from;
  }
}

/** Longest common subsequence of two short hash runs, as matched index pairs (a-relative, b-relative). */
function lcsPairs(a: Uint32Array, aFrom: number, aTo: number, b: Uint32Array, bFrom: number, bTo: number): Array<[number, number]> {
  const n = aTo - aFrom;
  const m = bTo - bFrom;
  if (n === 0 || m === 0) return [];
  const table = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] = a[aFrom + i] === b[bFrom + j]
        ? table[(i + 1) * (m + 1) + j + 1]! + 1
        : Math.max(table[(i + 1) * (m + 1) + j]!, table[i * (m + 1) + j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[aFrom + i] === b[bFrom + j]) {
      pairs.push([aFrom + i, bFrom + j]);
      i++;
      j++;
    } else if (table[(i + 1) * (m + 1) + j]! >= table[i * (m + 1) + j + 1]!) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

interface Chain {
  /** Matched word pairs (query word, source word), ascending in both. */
  pairs: Array<[number, number]>;
}

/** Refines a chain of seeds into word pairs: the seeds themselves plus an LCS of each gap between them. */
function refine(seedQ: number[], seedS: number[], q: Words, s: Words): Chain {
  const pairs: Array<[number, number]> = [];
  for (let k = 0; k < seedQ.length; k++) {
    const qk = seedQ[k]!;
    const sk = seedS[k]!;
    if (k > 0) {
      const lastQ = seedQ[k - 1]!;
      const lastS = seedS[k - 1]!;
      if (qk > lastQ + 1 && sk > lastS + 1) for (const pair of lcsPairs(q.hash, lastQ + 1, qk, s.hash, lastS + 1, sk)) pairs.push(pair);
    }
    pairs.push([qk, sk]);
  }
  return { pairs };
}

/** Does token i end a sentence (. ! ?), or does token i + 1 start a new line? */
function endsSentence(tokens: Tokens, i: number): boolean {
  if (i + 1 < tokens.count && tokens.gaps[i + 1]! & Gap.Newline) return true;
  if (tokens.kinds[i] !== TokenKind.Punct) return false;
  const c = tokens.text.charCodeAt(tokens.starts[i]!);
  return c === 0x2e || c === 0x21 || c === 0x3f;
}

/** Token range [from, to] of the whole sentences around tokens first..last. */
function sentenceSpan(tokens: Tokens, first: number, last: number): [number, number] {
  let from = first;
  while (from > 0 && !endsSentence(tokens, from - 1)) from--;
  let to = last;
  while (to + 1 < tokens.count && !endsSentence(tokens, to)) to++;
  return [from, to];
}

/** Spinners write "2" for "two": number words count as their figures. */
const NUMBER_WORDS = new Map(
  ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty']
    .map((word, n) => [hashWord(word), String(n)] as const),
);

/** The figures written in tokens [from, to]: digits without grouping commas, and small number words. */
function figuresOf(tokens: Tokens, [from, to]: [number, number]): Set<string> {
  const out = new Set<string>();
  for (let i = from; i <= to; i++) {
    if (tokens.kinds[i] === TokenKind.Number) out.add(tokens.text.slice(tokens.starts[i], tokens.ends[i]).replace(/,/g, ''));
    else if (tokens.kinds[i] === TokenKind.Word) {
      const n = NUMBER_WORDS.get(tokens.hashes[i]!);
      if (n !== undefined) out.add(n);
    }
  }
  return out;
}

function charRange(tokens: Tokens, w: Words, from: number, to: number): [number, number] {
  // [from, to) in word positions → characters; an empty run sits at the next word's start.
  if (to > from) return [tokens.starts[w.index[from]!]!, tokens.ends[w.index[to - 1]!]!];
  if (from < w.index.length) {
    const at = tokens.starts[w.index[from]!]!;
    return [at, at];
  }
  const at = w.index.length > 0 ? tokens.ends[w.index[w.index.length - 1]!]! : 0;
  return [at, at];
}

function segmentsOf(chain: Chain, query: Tokens, q: Words, source: Tokens, s: Words): AlignedSegment[] {
  const segments: AlignedSegment[] = [];
  const { pairs } = chain;
  let k = 0;
  while (k < pairs.length) {
    // A run of consecutive matched words.
    let end = k;
    while (end + 1 < pairs.length && pairs[end + 1]![0] === pairs[end]![0] + 1 && pairs[end + 1]![1] === pairs[end]![1] + 1) end++;
    segments.push({
      kind: 'same',
      query: charRange(query, q, pairs[k]![0], pairs[end]![0] + 1),
      source: charRange(source, s, pairs[k]![1], pairs[end]![1] + 1),
    });
    if (end + 1 < pairs.length) {
      const qFrom = pairs[end]![0] + 1;
      const qTo = pairs[end + 1]![0];
      const sFrom = pairs[end]![1] + 1;
      const sTo = pairs[end + 1]![1];
      segments.push({ kind: 'changed', query: charRange(query, q, qFrom, qTo), source: charRange(source, s, sFrom, sTo) });
    }
    k = end + 1;
  }
  return segments;
}

/** Aligns `query` against `source`: passages, their word-level matches and the query's coverage. */
export function alignTokens(query: Tokens, source: Tokens, options: AlignOptions = {}): Alignment {
  const q = words(query, options.skip);
  const s = words(source);
  const queryWords = q.hash.length;
  const sourceWords = s.hash.length;
  const empty: Alignment = { passages: [], queryWords, sourceWords, covered: 0, matched: 0, immutables: 0, immutablesMatched: 0, figures: 0, conflictingFigures: 0, coverage: 0 };
  if (queryWords < 2 || sourceWords < 2) return empty;

  const { sq, ss, count } = findSeeds(q, s);
  if (count === 0) return empty;
  const live = new Uint8Array(count).fill(1);
  const best = new Float64Array(count);
  const previous = new Int32Array(count);
  const chains: Array<{ seedQ: number[]; seedS: number[] }> = [];

  for (let round = 0; round < MAX_PASSAGES; round++) {
    chainScores(sq, ss, count, live, best, previous);
    let top = -1;
    for (let k = 0; k < count; k++) if (live[k] && (top < 0 || best[k]! > best[top]!)) top = k;
    if (top < 0 || best[top]! < MIN_CHAIN_SCORE) break;
    const seedQ: number[] = [];
    const seedS: number[] = [];
    for (let k = top; k !== -1; k = previous[k]!) {
      seedQ.push(sq[k]!);
      seedS.push(ss[k]!);
    }
    seedQ.reverse();
    seedS.reverse();
    chains.push({ seedQ, seedS });
    // A word belongs to one passage: retire every seed inside this chain's span, in either text.
    const q0 = seedQ[0]!, q1 = seedQ[seedQ.length - 1]!;
    const s0 = seedS[0]!, s1 = seedS[seedS.length - 1]!;
    for (let k = 0; k < count; k++) {
      if (!live[k]) continue;
      const a = sq[k]!, b = ss[k]!;
      if ((a >= q0 && a <= q1) || (b >= s0 && b <= s1)) live[k] = 0;
    }
  }

  // Merge chains that follow each other in both texts within a gap a chain could have bridged.
  chains.sort((x, y) => x.seedQ[0]! - y.seedQ[0]!);
  const merged: Array<{ seedQ: number[]; seedS: number[] }> = [];
  for (const chain of chains) {
    const last = merged[merged.length - 1];
    if (last) {
      const dq = chain.seedQ[0]! - last.seedQ[last.seedQ.length - 1]!;
      const ds = chain.seedS[0]! - last.seedS[last.seedS.length - 1]!;
      if (dq > 0 && ds > 0 && dq <= 2 * MAX_GAP && ds <= 2 * MAX_GAP && Math.abs(dq - ds) <= 2 * MAX_SKEW) {
        last.seedQ.push(...chain.seedQ);
        last.seedS.push(...chain.seedS);
        continue;
      }
    }
    merged.push({ seedQ: [...chain.seedQ], seedS: [...chain.seedS] });
  }

  const passages: AlignedPassage[] = [];
  let covered = 0;
  let matched = 0;
  let immutables = 0;
  let immutablesMatched = 0;
  let figures = 0;
  let conflictingFigures = 0;
  for (const chain of merged) {
    const refined = refine(chain.seedQ, chain.seedS, q, s);
    const first = refined.pairs[0]!;
    const last = refined.pairs[refined.pairs.length - 1]!;
    let names = 0;
    for (let k = first[0]; k <= last[0]; k++) if (isImmutable(query, q.index[k]!)) names++;
    let namesMatched = 0;
    for (const [k] of refined.pairs) if (isImmutable(query, q.index[k]!)) namesMatched++;
    const written = figuresOf(query, sentenceSpan(query, q.index[first[0]]!, q.index[last[0]]!));
    const inSource = figuresOf(source, sentenceSpan(source, s.index[first[1]]!, s.index[last[1]]!));
    let agreeing = 0;
    for (const figure of written) if (inSource.has(figure)) agreeing++;
    const passage: AlignedPassage = {
      query: charRange(query, q, first[0], last[0] + 1),
      source: charRange(source, s, first[1], last[1] + 1),
      queryWords: last[0] + 1 - first[0],
      sourceWords: last[1] + 1 - first[1],
      matched: refined.pairs.length,
      immutables: names,
      immutablesMatched: namesMatched,
      figures: agreeing,
      conflictingFigures: written.size - agreeing,
    };
    if (options.segments) passage.segments = segmentsOf(refined, query, q, source, s);
    passages.push(passage);
    covered += passage.queryWords;
    matched += passage.matched;
    immutables += names;
    immutablesMatched += namesMatched;
    figures += passage.figures;
    conflictingFigures += passage.conflictingFigures;
  }
  return { passages, queryWords, sourceWords, covered, matched, immutables, immutablesMatched, figures, conflictingFigures, coverage: covered / queryWords };
}
