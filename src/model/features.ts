/**
 * The evidence the model weighs at one word: how much better a candidate
 * original fits the slot than the word written there.
 *
 * For a slot holding w with neighbours l2 l1 _ r1 r2, the fit of a word x is
 * the trigram log-probability of the words the slot touches:
 *
 *   S(x) = ln P(x | l2 l1) + ln P(r1 | l1 x) + ln P(r2 | x r1)
 *
 * and a candidate original c explains the slot by the noisy channel
 * S(c) + ln P(w | c) − S(w): the spinner wrote w for c. The features below
 * split that into parts whose reliability differs (context fit against
 * plain frequency, seen against unseen pairs) and add what the document
 * says: a farm replaces a word everywhere, so the original is missing from
 * the page while its substitute recurs.
 */
import type { ModelData } from './model.js';
import { NOT_PROBED } from './ngram.js';
import { FIRST_WORD_ID, Special, wordId, type Sequence, type VocabularyTable } from './sequence.js';
import { TokenKind, type Tokens } from '../text/tokenize.js';

export const Feature = {
  Bias: 0,
  /** ln Σ_c exp(S(c) − S(w) + ln P(w|c)): the channel likelihood ratio, unnormalised. */
  Channel: 1,
  /** The best candidate's S(c) − S(w) + ln P(w|c). */
  Best: 2,
  /** The best candidate's context gain beyond its frequency: S(c) − S(w) − (ln P1(c) − ln P1(w)). */
  Context: 3,
  /** ln P1(c) − ln P1(w). */
  Frequency: 4,
  /** ln P(w | c) of the best candidate. */
  ChannelPrior: 5,
  /** ln(1 + c(l1 w)) + ln(1 + c(w r1)): how attested the written word is here. */
  SeenWritten: 6,
  /** The same for the best candidate. */
  SeenCandidate: 7,
  /** ln P1(w). */
  Rarity: 8,
  /** Other occurrences of w in the document, ln(1 + n). */
  Recurs: 9,
  /** 1 when the best candidate occurs in the document. */
  CandidatePresent: 10,
  /** 1 when the word is capitalised. */
  Capitalised: 11,
  /** 1 when the word starts its sentence or line. */
  SentenceStart: 12,
  /** Candidate fit if every other candidate is wrong: max over c of context gain only. */
  ContextMax: 13,
  /**
   * How much better the word and its neighbour are explained as substituted
   * together than either alone ("chilly warfare" → "cold war": neither
   * "cold warfare" nor "chilly war" is English, "cold war" is). Filled in by
   * `pairGain` once both neighbours are scored.
   */
  PairGain: 14,
  /** Word vectors: how much better the best candidate fits the words around the slot (cosine gain). */
  VectorContext: 15,
  /** Cosine of the written word and the best candidate. */
  VectorSimilarity: 16,
  /** Cosine of the written word and the words around it. */
  VectorFit: 17,
  /** ln(1 + how often the written word occurs in the news corpus): news words are rarely a spinner's. */
  NewsCount: 18,
  /**
   * The mean evidence (first-stage ln likelihood ratio) of the other
   * occurrences of the same written word in the section: a farm substitutes
   * a word everywhere, so its evidence adds up across occurrences. Filled in
   * by the scanner after a first pass; 0 when the word occurs once.
   */
  TypeEvidence: 19,
} as const;
export const FEATURES = 20;

/** Candidates of one slot, best first (reused between slots: copy what you keep). */
export class SlotCandidates {
  ids = new Uint32Array(64);
  scores = new Float64Array(64);
  /** ln P(w | c) of each candidate. */
  channels = new Float64Array(64);
  count = 0;
  /** The candidate judged best after the trigram check. */
  best = -1;
  /** Scratch: the context vector. */
  context = new Float32Array(128);
  /**
   * Per candidate in list order (`order[j]` is the list index of the j-th
   * best): its two bigrams around the slot and their table slots, kept from
   * the bigram pass so that the trigram pass and the features do not look
   * the same pairs up again.
   */
  order = new Int32Array(64);
  left = new Float64Array(64);
  right = new Float64Array(64);
  leftSlot = new Int32Array(64);
  rightSlot = new Int32Array(64);
  /** Scratch for the word vectors of the context window. */
  rows = new Int32Array(2 * VECTOR_WINDOW + 1);
  rowScales = new Float64Array(2 * VECTOR_WINDOW + 1);
}

/** Context words for the vectors: this far either side of the slot... */
const VECTOR_WINDOW = 5;
/** ...leaving out the most frequent words (function words carry no topic). */
const VECTOR_SKIP_COMMON = 150;

/** Cosine of word `id` with a vector of length `norm`; NaN when the word has no vector. */
function cosineWith(data: ModelData, id: number, vector: Float32Array, norm: number): number {
  const row = data.vectorRows[id]!;
  if (row < 0 || norm === 0) return NaN;
  const D = data.dimensions;
  const base = row * D;
  let dot = 0;
  for (let d = 0; d < D; d++) dot += data.vectorValues[base + d]! * vector[d]!;
  return (dot * data.vectorScales[row]!) / norm;
}

/**
 * For a phrase at [p, p + n): the candidate's cosine with the words around
 * the phrase minus the phrase words' mean cosine with them (NaN when
 * vectors are missing). `scratch` holds the context vector.
 */
export function phraseContextFit(data: ModelData, sequence: Sequence, p: number, n: number, candidate: number, scratch: Float32Array): number {
  const D = data.dimensions;
  if (D === 0) return NaN;
  scratch.fill(0, 0, D);
  let any = false;
  for (let q = Math.max(0, p - VECTOR_WINDOW); q <= Math.min(sequence.length - 1, p + n - 1 + VECTOR_WINDOW); q++) {
    if (q >= p && q < p + n) continue;
    const id = sequence.ids[q]!;
    if (id < FIRST_WORD_ID + VECTOR_SKIP_COMMON) continue;
    const row = data.vectorRows[id]!;
    if (row < 0) continue;
    const scale = data.vectorScales[row]!;
    for (let d = 0; d < D; d++) scratch[d]! += data.vectorValues[row * D + d]! * scale;
    any = true;
  }
  if (!any) return NaN;
  let norm = 0;
  for (let d = 0; d < D; d++) norm += scratch[d]! * scratch[d]!;
  norm = Math.sqrt(norm);
  const fit = cosineWith(data, candidate, scratch, norm);
  let sum = 0;
  let words = 0;
  for (let j = 0; j < n; j++) {
    const c = cosineWith(data, sequence.ids[p + j]!, scratch, norm);
    if (c === c) { sum += c; words++; }
  }
  return words === 0 ? NaN : fit - sum / words;
}

/** Per-document counts of ids, reusable across calls. */
export class DocumentCounts {
  private counts: Uint32Array;
  private touched: number[] = [];
  constructor(size: number) {
    this.counts = new Uint32Array(size);
  }
  fill(sequence: Sequence): void {
    this.clear();
    this.add(sequence.ids, 0, sequence.length);
  }
  /** Forgets every count (costs what was counted, not the vocabulary). */
  clear(): void {
    for (const id of this.touched) this.counts[id] = 0;
    this.touched.length = 0;
  }
  /** Counts the vocabulary id of every word token in [from, to): what a sequence of those tokens holds, words only. */
  addWords(tokens: Tokens, vocabulary: VocabularyTable, from: number, to: number): void {
    const { kinds, hashes } = tokens;
    const counts = this.counts;
    for (let i = from; i < to; i++) {
      if (kinds[i] !== TokenKind.Word) continue;
      const id = wordId(vocabulary, hashes[i]!);
      if (counts[id] === 0) this.touched.push(id);
      counts[id]!++;
    }
  }
  /** Counts ids[from .. to). */
  add(ids: ArrayLike<number>, from: number, to: number): void {
    const counts = this.counts;
    for (let p = from; p < to; p++) {
      const id = ids[p]!;
      if (counts[id] === 0) this.touched.push(id);
      counts[id]!++;
    }
  }
  get(id: number): number {
    return this.counts[id]!;
  }
}

const neighbour = (sequence: Sequence, p: number) => (p >= 0 && p < sequence.length ? sequence.ids[p]! : Special.Boundary);

/** Trigram fit of x at position p: see the file comment. */
export function slotFit(data: ModelData, sequence: Sequence, p: number, x: number): number {
  const lm = data.ngrams;
  const l2 = neighbour(sequence, p - 2);
  const l1 = neighbour(sequence, p - 1);
  const r1 = neighbour(sequence, p + 1);
  const r2 = neighbour(sequence, p + 2);
  return lm.logTrigram(l2, l1, x) + lm.logTrigram(l1, x, r1) + lm.logTrigram(x, r1, r2);
}

/** Candidates checked with the full trigram fit after the bigram pass. */
const TRIGRAM_CHECKED = 2;
/** Weight of a candidate's cosine with the context when choosing the original (ln units per unit of cosine). */
const RESTORE_VECTOR = 10;
/** ln of how much more likely than chance both neighbours make a word for it to count as attested. */
const ATTESTED = 99;
/** Below this bigram-pass score (ln) no candidate is close, and the trigram pass is skipped. */
const QUIET = -3;
/** Candidates scored per slot, best static prior first (the tail rarely wins and costs as much). */
const PASS1 = 10;

/**
 * Fills `out` with the features of the word at sequence position p and
 * `candidates` with its originals, best first; returns false when the word
 * has no candidates (no thesaurus would have produced it).
 *
 * Two passes keep this cheap: every candidate is scored on the two bigrams
 * around the slot (the pairs' table slots are kept for what follows), and
 * only the leaders get the trigram fit and the word vectors.
 */
export function slotFeatures(
  data: ModelData,
  sequence: Sequence,
  p: number,
  counts: DocumentCounts,
  capitalised: boolean,
  sentenceStart: boolean,
  out: Float64Array,
  candidates: SlotCandidates,
): boolean {
  const ids = sequence.ids;
  const w = ids[p]!;
  if (w < FIRST_WORD_ID) return false;
  const from = data.candidateOffsets[w]!;
  const to = Math.min(data.candidateOffsets[w + 1]!, from + PASS1);
  if (from === to) return false;
  const lm = data.ngrams;
  const logP1 = lm.tables.logUnigram;
  const l1 = neighbour(sequence, p - 1);
  const r1 = neighbour(sequence, p + 1);
  const logP1w = logP1[w]!;
  const logP1r1 = logP1[r1]!;
  const leftSlotW = lm.tables.contextCount[l1] === 0 ? NOT_PROBED : lm.pairSlot(l1, w);
  const rightSlotW = lm.tables.contextCount[w] === 0 ? NOT_PROBED : lm.pairSlot(w, r1);
  const leftW = lm.logBigramAt(l1, logP1w, leftSlotW, w);
  const rightW = lm.logBigramAt(w, logP1r1, rightSlotW, r1);
  // A word that both its neighbours strongly expect is not scored at all:
  // that is most words of clean text, and no candidate beats it there.
  if (leftW - logP1w > ATTESTED && rightW - logP1r1 > ATTESTED) return false;
  const fitW = leftW + rightW;

  // Pass 1: bigram fit of every candidate, kept sorted by insertion.
  const { ids: sorted, scores, channels, order, left, right, leftSlot, rightSlot } = candidates;
  const contextCount = lm.tables.contextCount;
  const leftIsContext = contextCount[l1] !== 0;
  let n = 0;
  let top = -Infinity;
  let sum = 0;
  let contextMax = -Infinity;
  for (let k = from; k < to; k++) {
    const c = data.candidateIds[k]!;
    const logP1c = logP1[c]!;
    const i = k - from;
    const ls = leftIsContext ? lm.pairSlot(l1, c) : NOT_PROBED;
    const rs = contextCount[c] !== 0 ? lm.pairSlot(c, r1) : NOT_PROBED;
    const lc = lm.logBigramAt(l1, logP1c, ls, c);
    const rc = lm.logBigramAt(c, logP1r1, rs, r1);
    left[i] = lc;
    right[i] = rc;
    leftSlot[i] = ls;
    rightSlot[i] = rs;
    const gain = lc + rc - fitW;
    const channel = data.candidateLogChannel[k]!;
    const score = gain + channel;
    const context = gain - (logP1c - logP1w);
    if (context > contextMax) contextMax = context;
    if (score > top) {
      sum = sum * Math.exp(top - score) + 1;
      top = score;
    } else {
      sum += Math.exp(score - top);
    }
    let j = n++;
    while (j > 0 && scores[j - 1]! < score) {
      scores[j] = scores[j - 1]!;
      channels[j] = channels[j - 1]!;
      sorted[j] = sorted[j - 1]!;
      order[j] = order[j - 1]!;
      j--;
    }
    scores[j] = score;
    channels[j] = channel;
    sorted[j] = c;
    order[j] = i;
  }
  candidates.count = n;

  // Pass 2: the trigram fit decides between the leaders (when any is close to winning).
  const checked = top < QUIET ? 0 : Math.min(TRIGRAM_CHECKED, n);
  let best = checked > 0 ? -1 : 0;
  let bestGain = checked > 0 ? -Infinity : top;
  let fitWritten = NaN;
  let fitBest = NaN;
  let similarity = NaN;
  let vectors = false;
  if (checked > 0) {
    const l2 = neighbour(sequence, p - 2);
    const r2 = neighbour(sequence, p + 2);
    // The two outer trigrams share their context pair with every candidate.
    const outerLeft = lm.pairSlot(l2, l1);
    const outerRight = lm.logBigram(r1, r2);
    // S(x) = ln P(x | l2 l1) + ln P(r1 | l1 x) + ln P(r2 | x r1), from the bigrams of pass 1.
    const fit = (x: number, lx: number, rx: number, ls: number, rs: number) => {
      if (ls === NOT_PROBED) ls = lm.pairSlot(l1, x);
      if (rs === NOT_PROBED) rs = lm.pairSlot(x, r1);
      return lm.logTrigramAt(outerLeft, l2, l1, x, lx) + lm.logTrigramAt(ls, l1, x, r1, rx) + lm.logTrigramAt(rs, x, r1, r2, outerRight);
    };
    const fitW3 = fit(w, leftW, rightW, leftSlotW, rightSlotW);
    // The words around the slot also say which original fits: the candidates' vector fit joins the choice.
    const fits = contextFits(data, sequence, p, w, sorted[0]!, checked > 1 ? sorted[1]! : -1, candidates);
    vectors = data.dimensions > 0;
    let bestChoice = -Infinity;
    for (let j = 0; j < checked; j++) {
      const i = order[j]!;
      const gain = fit(sorted[j]!, left[i]!, right[i]!, leftSlot[i]!, rightSlot[i]!) - fitW3;
      const fitC = j === 0 ? fits.first : fits.second;
      const choice = gain + channels[j]! + (fitC === fitC ? RESTORE_VECTOR * fitC : 0);
      if (choice > bestChoice) {
        bestChoice = choice;
        bestGain = gain + channels[j]!;
        best = j;
      }
    }
    fitWritten = fits.written;
    fitBest = best === 0 ? fits.first : fits.second;
    similarity = best === 0 ? fits.similarFirst : fits.similarSecond;
  }
  const c = sorted[best]!;
  if (best > 0) {
    // Move the trigram winner to the front.
    const s0 = scores[best]!;
    const ch0 = channels[best]!;
    const o0 = order[best]!;
    for (let j = best; j > 0; j--) { sorted[j] = sorted[j - 1]!; scores[j] = scores[j - 1]!; channels[j] = channels[j - 1]!; order[j] = order[j - 1]!; }
    sorted[0] = c;
    scores[0] = s0;
    channels[0] = ch0;
    order[0] = o0;
  }
  candidates.best = c;
  const channelPrior = channels[0]!;
  const i0 = order[0]!;

  out.fill(0);
  out[Feature.Bias] = 1;
  out[Feature.Channel] = top + Math.log(sum);
  out[Feature.Best] = bestGain;
  out[Feature.Context] = bestGain - channelPrior - (logP1[c]! - logP1w);
  out[Feature.Frequency] = logP1[c]! - logP1w;
  out[Feature.ChannelPrior] = channelPrior;
  out[Feature.SeenWritten] = Math.log1p(lm.bigramCountAt(l1, w, leftSlotW)) + Math.log1p(lm.bigramCountAt(w, r1, rightSlotW));
  out[Feature.SeenCandidate] = Math.log1p(lm.bigramCountAt(l1, c, leftSlot[i0]!)) + Math.log1p(lm.bigramCountAt(c, r1, rightSlot[i0]!));
  out[Feature.Rarity] = logP1w;
  out[Feature.Recurs] = Math.log1p(counts.get(w) - 1);
  out[Feature.CandidatePresent] = counts.get(c) > 0 ? 1 : 0;
  out[Feature.Capitalised] = capitalised ? 1 : 0;
  out[Feature.SentenceStart] = sentenceStart ? 1 : 0;
  out[Feature.ContextMax] = contextMax;
  out[Feature.NewsCount] = Math.log1p(lm.tables.contextCount[w]!);
  if (vectors) {
    // A missing vector is no evidence either way.
    out[Feature.VectorContext] = fitWritten === fitWritten && fitBest === fitBest ? fitBest - fitWritten : 0;
    out[Feature.VectorSimilarity] = similarity === similarity ? similarity : 0;
    out[Feature.VectorFit] = fitWritten === fitWritten ? fitWritten : 0;
  }
  return true;
}

/** Cosines of a slot's written word and its two leading candidates with the words around it (NaN: no vector). */
interface ContextFits {
  /** Length of the context vector (0 when no context word has a vector). */
  norm: number;
  written: number;
  first: number;
  second: number;
  /** Cosine of the written word with each candidate. */
  similarFirst: number;
  similarSecond: number;
}

const fits: ContextFits = { norm: 0, written: NaN, first: NaN, second: NaN, similarFirst: NaN, similarSecond: NaN };

/**
 * The context vector is the sum of the unit vectors of the content words
 * within VECTOR_WINDOW of p; all five cosines come from one pass over its
 * dimensions. The sum is rounded to single precision after each word, as a
 * Float32Array accumulates it, and each dot product is summed in dimension
 * order, so the results do not depend on how the loop is arranged.
 */
function contextFits(data: ModelData, sequence: Sequence, p: number, w: number, first: number, second: number, scratch: SlotCandidates): ContextFits {
  fits.norm = 0;
  fits.written = fits.first = fits.second = fits.similarFirst = fits.similarSecond = NaN;
  const D = data.dimensions;
  if (D === 0) return fits;
  const { vectorRows, vectorValues: values, vectorScales } = data;
  const { rows, rowScales } = scratch;
  let count = 0;
  const fromQ = Math.max(0, p - VECTOR_WINDOW);
  const toQ = Math.min(sequence.length - 1, p + VECTOR_WINDOW);
  for (let q = fromQ; q <= toQ; q++) {
    if (q === p) continue;
    const id = sequence.ids[q]!;
    if (id < FIRST_WORD_ID + VECTOR_SKIP_COMMON) continue;
    const row = vectorRows[id]!;
    if (row < 0) continue;
    rows[count] = row * D;
    rowScales[count] = vectorScales[row]!;
    count++;
  }
  const rowW = vectorRows[w]!;
  const row1 = vectorRows[first]!;
  const row2 = second < 0 ? -1 : vectorRows[second]!;
  // Rows of missing vectors read as zeros (row 0 is harmless: its results are discarded).
  const baseW = rowW < 0 ? 0 : rowW * D;
  const base1 = row1 < 0 ? 0 : row1 * D;
  const base2 = row2 < 0 ? 0 : row2 * D;
  let norm = 0;
  let dotW = 0;
  let dot1 = 0;
  let dot2 = 0;
  let sim1 = 0;
  let sim2 = 0;
  for (let d = 0; d < D; d++) {
    let x = 0;
    for (let r = 0; r < count; r++) x = Math.fround(x + values[rows[r]! + d]! * rowScales[r]!);
    const vw = values[baseW + d]!;
    norm += x * x;
    dotW += vw * x;
    dot1 += values[base1 + d]! * x;
    dot2 += values[base2 + d]! * x;
    sim1 += vw * values[base1 + d]!;
    sim2 += vw * values[base2 + d]!;
  }
  if (rowW >= 0 && row1 >= 0) fits.similarFirst = sim1 * vectorScales[rowW]! * vectorScales[row1]!;
  if (rowW >= 0 && row2 >= 0) fits.similarSecond = sim2 * vectorScales[rowW]! * vectorScales[row2]!;
  if (count === 0) return fits;
  norm = Math.sqrt(norm);
  fits.norm = norm;
  if (norm === 0) return fits;
  if (rowW >= 0) fits.written = (dotW * vectorScales[rowW]!) / norm;
  if (row1 >= 0) fits.first = (dot1 * vectorScales[row1]!) / norm;
  if (row2 >= 0) fits.second = (dot2 * vectorScales[row2]!) / norm;
  return fits;
}

/** A slot's best candidates as the pair check needs them: ids[offset .. offset + count). */
export interface PairSide {
  written: number;
  ids: ArrayLike<number>;
  channels: ArrayLike<number>;
  offset: number;
  count: number;
}

export interface PairResult {
  /** Best joint score minus the best single-substitution score (≤ 0 when no pair beats a single). */
  gain: number;
  left: number;
  right: number;
}

/**
 * Scores substituting the words at positions p and p + 1 together, against
 * substituting only one of them, over their best few candidates each.
 */
export function pairGain(data: ModelData, sequence: Sequence, p: number, a: PairSide, b: PairSide, out: PairResult): void {
  const lm = data.ngrams;
  const l2 = neighbour(sequence, p - 2);
  const l1 = neighbour(sequence, p - 1);
  const r1 = neighbour(sequence, p + 2);
  const r2 = neighbour(sequence, p + 3);
  const ao = a.offset;
  const bo = b.offset;
  // The outer trigrams depend on one side only: each is computed once per word (index 0: the written one).
  const outerA = pairOuter;
  const outerB = pairOuter2;
  outerA[0] = lm.logTrigram(l2, l1, a.written);
  for (let i = 0; i < a.count; i++) outerA[i + 1] = lm.logTrigram(l2, l1, a.ids[ao + i]!);
  outerB[0] = lm.logTrigram(b.written, r1, r2);
  for (let j = 0; j < b.count; j++) outerB[j + 1] = lm.logTrigram(b.ids[bo + j]!, r1, r2);
  // ln P(x | l2 l1) + ln P(y | l1 x) + ln P(r1 | x y) + ln P(r2 | y r1), summed in that order.
  const fit = (i: number, x: number, j: number, y: number) => outerA[i]! + lm.logTrigram(l1, x, y) + lm.logTrigram(x, y, r1) + outerB[j]!;
  const written = fit(0, a.written, 0, b.written);
  let single = 0;
  for (let i = 0; i < a.count; i++) single = Math.max(single, fit(i + 1, a.ids[ao + i]!, 0, b.written) - written + a.channels[ao + i]!);
  for (let j = 0; j < b.count; j++) single = Math.max(single, fit(0, a.written, j + 1, b.ids[bo + j]!) - written + b.channels[bo + j]!);
  let best = -Infinity;
  out.left = -1;
  out.right = -1;
  for (let i = 0; i < a.count; i++) {
    for (let j = 0; j < b.count; j++) {
      const score = fit(i + 1, a.ids[ao + i]!, j + 1, b.ids[bo + j]!) - written + a.channels[ao + i]! + b.channels[bo + j]!;
      if (score > best) {
        best = score;
        out.left = a.ids[ao + i]!;
        out.right = b.ids[bo + j]!;
      }
    }
  }
  out.gain = best - single;
}

/** Scratch for `pairGain` (a side has at most a few candidates). */
const pairOuter = new Float64Array(16);
const pairOuter2 = new Float64Array(16);
