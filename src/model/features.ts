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
import { FIRST_WORD_ID, Special, type Sequence } from './sequence.js';

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
}

/** Context words for the vectors: this far either side of the slot... */
const VECTOR_WINDOW = 5;
/** ...leaving out the most frequent words (function words carry no topic). */
const VECTOR_SKIP_COMMON = 150;

/** Sum of the unit vectors of the content words around position p into `out`; returns its length (0 when none). */
function contextVector(data: ModelData, sequence: Sequence, p: number, out: Float32Array): number {
  const D = data.dimensions;
  out.fill(0, 0, D);
  let any = false;
  const from = Math.max(0, p - VECTOR_WINDOW);
  const to = Math.min(sequence.length - 1, p + VECTOR_WINDOW);
  for (let q = from; q <= to; q++) {
    if (q === p) continue;
    const id = sequence.ids[q]!;
    if (id < FIRST_WORD_ID + VECTOR_SKIP_COMMON) continue;
    const row = data.vectorRows[id]!;
    if (row < 0) continue;
    const scale = data.vectorScales[row]!;
    const base = row * D;
    for (let d = 0; d < D; d++) out[d]! += data.vectorValues[base + d]! * scale;
    any = true;
  }
  if (!any) return 0;
  let norm = 0;
  for (let d = 0; d < D; d++) norm += out[d]! * out[d]!;
  return Math.sqrt(norm);
}

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

function cosine(data: ModelData, a: number, b: number): number {
  const ra = data.vectorRows[a]!;
  const rb = data.vectorRows[b]!;
  if (ra < 0 || rb < 0) return NaN;
  const D = data.dimensions;
  let dot = 0;
  for (let d = 0; d < D; d++) dot += data.vectorValues[ra * D + d]! * data.vectorValues[rb * D + d]!;
  return dot * data.vectorScales[ra]! * data.vectorScales[rb]!;
}

/** Per-document counts of ids, reusable across calls. */
export class DocumentCounts {
  private counts: Uint32Array;
  private touched: number[] = [];
  constructor(size: number) {
    this.counts = new Uint32Array(size);
  }
  fill(sequence: Sequence): void {
    for (const id of this.touched) this.counts[id] = 0;
    this.touched.length = 0;
    for (let p = 0; p < sequence.length; p++) {
      const id = sequence.ids[p]!;
      if (this.counts[id] === 0) this.touched.push(id);
      this.counts[id]!++;
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
 * around the slot (most of those pairs were never seen, which costs no table
 * probe), and only the leaders get the trigram fit.
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
  const w = sequence.ids[p]!;
  if (w < FIRST_WORD_ID) return false;
  const from = data.candidateOffsets[w]!;
  const to = Math.min(data.candidateOffsets[w + 1]!, from + PASS1);
  if (from === to) return false;
  const lm = data.ngrams;
  const logP1 = lm.tables.logUnigram;
  const l1 = neighbour(sequence, p - 1);
  const r1 = neighbour(sequence, p + 1);
  const leftW = lm.logBigram(l1, w);
  const rightW = lm.logBigram(w, r1);
  // A word that both its neighbours strongly expect is not scored at all:
  // that is most words of clean text, and no candidate beats it there.
  if (leftW - logP1[w]! > ATTESTED && rightW - logP1[r1]! > ATTESTED) return false;
  const fitW = leftW + rightW;

  // Pass 1: bigram fit of every candidate, kept sorted by insertion.
  let n = 0;
  let top = -Infinity;
  let sum = 0;
  let contextMax = -Infinity;
  const { ids, scores, channels } = candidates;
  for (let k = from; k < to; k++) {
    const c = data.candidateIds[k]!;
    const gain = lm.logBigram(l1, c) + lm.logBigram(c, r1) - fitW;
    const channel = data.candidateLogChannel[k]!;
    const score = gain + channel;
    const context = gain - (logP1[c]! - logP1[w]!);
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
      ids[j] = ids[j - 1]!;
      j--;
    }
    scores[j] = score;
    channels[j] = channel;
    ids[j] = c;
  }
  candidates.count = n;

  // Pass 2: the trigram fit decides between the leaders (when any is close to winning).
  const checked = top < QUIET ? 0 : Math.min(TRIGRAM_CHECKED, n);
  const fitW3 = checked > 0 ? slotFit(data, sequence, p, w) : 0;
  let best = checked > 0 ? -1 : 0;
  let bestGain = checked > 0 ? -Infinity : top;
  let bestChoice = -Infinity;
  // The words around the slot also say which original fits: the candidates' vector fit joins the choice.
  const contextNorm = checked > 0 && data.dimensions > 0 ? contextVector(data, sequence, p, candidates.context) : 0;
  for (let j = 0; j < checked; j++) {
    const c = ids[j]!;
    const gain = slotFit(data, sequence, p, c) - fitW3;
    const fit = contextNorm > 0 ? cosineWith(data, c, candidates.context, contextNorm) : NaN;
    const choice = gain + channels[j]! + (fit === fit ? RESTORE_VECTOR * fit : 0);
    if (choice > bestChoice) {
      bestChoice = choice;
      bestGain = gain + channels[j]!;
      best = j;
    }
  }
  const c = ids[best]!;
  if (best > 0) {
    // Move the trigram winner to the front.
    const s0 = scores[best]!;
    const ch0 = channels[best]!;
    for (let j = best; j > 0; j--) { ids[j] = ids[j - 1]!; scores[j] = scores[j - 1]!; channels[j] = channels[j - 1]!; }
    ids[0] = c;
    scores[0] = s0;
    channels[0] = ch0;
  }
  candidates.best = c;
  const channelPrior = channels[0]!;

  out.fill(0);
  out[Feature.Bias] = 1;
  out[Feature.Channel] = top + Math.log(sum);
  out[Feature.Best] = bestGain;
  out[Feature.Context] = bestGain - channelPrior - (logP1[c]! - logP1[w]!);
  out[Feature.Frequency] = logP1[c]! - logP1[w]!;
  out[Feature.ChannelPrior] = channelPrior;
  out[Feature.SeenWritten] = Math.log1p(lm.bigramCount(l1, w)) + Math.log1p(lm.bigramCount(w, r1));
  out[Feature.SeenCandidate] = Math.log1p(lm.bigramCount(l1, c)) + Math.log1p(lm.bigramCount(c, r1));
  out[Feature.Rarity] = logP1[w]!;
  out[Feature.Recurs] = Math.log1p(counts.get(w) - 1);
  out[Feature.CandidatePresent] = counts.get(c) > 0 ? 1 : 0;
  out[Feature.Capitalised] = capitalised ? 1 : 0;
  out[Feature.SentenceStart] = sentenceStart ? 1 : 0;
  out[Feature.ContextMax] = contextMax;
  out[Feature.NewsCount] = Math.log1p(lm.tables.contextCount[w]!);
  if (checked > 0 && data.dimensions > 0) {
    const norm = contextNorm;
    const fitWritten = cosineWith(data, w, candidates.context, norm);
    const fitCandidate = cosineWith(data, c, candidates.context, norm);
    const similarity = cosine(data, w, c);
    // A missing vector is no evidence either way.
    out[Feature.VectorContext] = fitWritten === fitWritten && fitCandidate === fitCandidate ? fitCandidate - fitWritten : 0;
    out[Feature.VectorSimilarity] = similarity === similarity ? similarity : 0;
    out[Feature.VectorFit] = fitWritten === fitWritten ? fitWritten : 0;
  }
  return true;
}

/** A slot's best candidates as the pair check needs them. */
export interface PairSide {
  written: number;
  ids: ArrayLike<number>;
  channels: ArrayLike<number>;
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
  const fit = (x: number, y: number) =>
    lm.logTrigram(l2, l1, x) + lm.logTrigram(l1, x, y) + lm.logTrigram(x, y, r1) + lm.logTrigram(y, r1, r2);
  const written = fit(a.written, b.written);
  let single = 0;
  for (let i = 0; i < a.count; i++) single = Math.max(single, fit(a.ids[i]!, b.written) - written + a.channels[i]!);
  for (let j = 0; j < b.count; j++) single = Math.max(single, fit(a.written, b.ids[j]!) - written + b.channels[j]!);
  let best = -Infinity;
  out.left = -1;
  out.right = -1;
  for (let i = 0; i < a.count; i++) {
    for (let j = 0; j < b.count; j++) {
      const score = fit(a.ids[i]!, b.ids[j]!) - written + a.channels[i]! + b.channels[j]!;
      if (score > best) {
        best = score;
        out.left = a.ids[i]!;
        out.right = b.ids[j]!;
      }
    }
  }
  out.gain = best - single;
}
