/**
 * The scanner: tokens in, suspicious spans with their likely originals out.
 *
 * One pass scores every slot into flat typed arrays (no objects per word),
 * the document posterior is computed over the slots of each section of the
 * text, and only the slots that clear the report threshold become findings.
 */
import { Calibration, documentPosterior, documentProbability } from './calibration.js';
import { DocumentCounts, Feature, FEATURES, pairGain, SlotCandidates, slotFeatures, type PairResult } from './features.js';
import { wordOf, type ModelData } from './model.js';
import { Special, toSequence, type Sequence } from './sequence.js';
import { findTortured, type TermMatch } from './phrases.js';
import { phraseSlots, type PhraseSlot } from './multiword.js';
import { phraseContextFit } from './features.js';
import type { LanguageModel, ModelAssessment, ModelFinding } from './index.js';
import { TokenKind, type Tokens } from '../text/tokenize.js';

/** A contiguous range of tokens scanned on its own, with the whole input's word sequence. */
export interface TokenRange {
  sequence: Sequence;
  from: number;
  to: number;
}

/** Tokens per range when scanning a long input (about 1 MB of text). */
const CHUNK_TOKENS = 200_000;

/** Suggestions reported per finding. */
const SUGGESTIONS = 3;
/**
 * Slots judged together as one "document". A farm spins whole pages, but a
 * long input (a crawl shard, a book) can hold a spun page among clean ones,
 * so the evidence is pooled over sections of this many scored slots
 * (about 1,000 words) rather than over the whole input.
 */
const SECTION_SLOTS = 512;
/** Neighbours are checked as a pair only when both already look suspicious on their own (ln LR). */
const PAIR_FROM = -1;
/** An input of at most this many words is a phrase: judged on phrase evidence alone. */
const PHRASE_WORDS = 6;
/** The substitution rate a multiword phrase's posterior assumes in a spun section. */
const PHRASE_RATE = 0.15;

export interface DocumentScan {
  /** Number of scored slots. */
  count: number;
  /** Per slot: token index. */
  tokens: Uint32Array;
  /** Per slot: the written word's id. */
  words: Uint32Array;
  /** Per slot: 1 when the caller asked for the token not to be flagged (it still counts as evidence). */
  skipped: Uint8Array;
  /** Per slot: clipped ln likelihood ratio of "substituted". */
  logRatios: Float64Array;
  /** Per slot: best candidate ids (SUGGESTIONS per slot; 0 = none). */
  candidates: Uint32Array;
  /** Per slot: P(section spun) · P(substituted | section spun). */
  confidence: Float64Array;
  /** Per slot: P(section spun). */
  sectionSpun: Float64Array;
  /** The calibrated probability that the text is spun (its most spun-looking section). */
  spun: number;
  /** ln Bayes factor of the most spun-looking section. */
  logBayesFactor: number;
  /** Tortured phrases: known terms rewritten word by word. */
  terms: TermMatch[];
  /** Per slot: 1 when it lies inside a tortured phrase (reported with the phrase). */
  inTerm: Uint8Array;
  /** Multiword phrases a thesaurus offers for a single word, scored. */
  phrases: PhraseSlot[];
  /** Per phrase slot: P(section spun) · P(substituted | spun). */
  phraseConfidence: Float64Array;
  /** Per phrase slot: [first, last] token indices. */
  phraseTokens: Array<[number, number]>;
  /** Per term match: whether it is reported (its section judged spun, or the input is a phrase). */
  reportTerms: boolean[];
  /** Token range of each term match, [first, last] token indices. */
  termTokens: Array<[number, number]>;
  /** Per slot: when > 0, the slot and the next one are best restored together as these two ids. */
  pairLeft: Uint32Array;
  pairRight: Uint32Array;
  /** Per slot: its feature vector (only when asked for). */
  features?: Float64Array[];
}

const clamp = (x: number, limit: number) => (x > limit ? limit : x < -limit ? -limit : x === x ? x : 0);

/** Two or more capitals in a row: an acronym or a shouted name ("NATO", "PAVEL"), never a spinner's word. */
function isAllCaps(text: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!(code >= 0x41 && code <= 0x5a) && code !== 0x27 && code !== 0x2019) return false;
  }
  return true;
}

function isCapitalised(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code >= 0x41 && code <= 0x5a) return true;
  if (code < 0x80) return false;
  const ch = String.fromCharCode(code);
  return ch !== ch.toLowerCase();
}

/**
 * P(section spun) · P(slot substituted | section spun) for each slot, by
 * sections of SECTION_SLOTS, and the largest section Bayes factor.
 */
export function sectionConfidence(
  logRatios: Float64Array,
  calibration: Float32Array,
  open?: Uint8Array,
  weights?: Float64Array,
): { confidence: Float64Array; sectionSpun: Float64Array; logBayesFactor: number } {
  const count = logRatios.length;
  const confidence = new Float64Array(count);
  const sectionSpun = new Float64Array(count);
  let logBayesFactor = count === 0 ? 0 : -Infinity;
  for (let from = 0; from < count; ) {
    let to = Math.min(count, from + SECTION_SLOTS);
    // A short tail joins the section before it.
    if (count - to < SECTION_SLOTS / 2) to = count;
    const section = logRatios.subarray(from, to);
    const posterior = documentPosterior(section, section.length, calibration, open?.subarray(from, to), weights?.subarray(from, to));
    for (let k = 0; k < section.length; k++) {
      confidence[from + k] = posterior.spun * posterior.slots[k]!;
      sectionSpun[from + k] = posterior.spun;
    }
    logBayesFactor = Math.max(logBayesFactor, posterior.logBayesFactor);
    from = to;
  }
  return { confidence, sectionSpun, logBayesFactor };
}

export class StatisticalModel implements LanguageModel {
  private readonly counts: DocumentCounts;
  private readonly candidates = new SlotCandidates();
  private readonly features = new Float64Array(FEATURES);

  constructor(readonly data: ModelData) {
    this.counts = new DocumentCounts(data.candidateOffsets.length - 1);
  }

  /**
   * Every scorable slot of the text with its evidence and confidence. Skipped
   * tokens are scored too: a lexicon hit is a substitution the section's
   * verdict should hear about, even though it is not the model's to report.
   */
  assess(tokens: Tokens, skip: Uint8Array, keepFeatures = false, range?: TokenRange): DocumentScan {
    const { data, candidates, features } = this;
    const calibration = data.calibration;
    let sequence: Sequence;
    if (range) {
      sequence = range.sequence;
    } else {
      sequence = toSequence(tokens, data.vocabulary);
      this.counts.fill(sequence);
    }
    const fromToken = range?.from ?? 0;
    const toToken = range?.to ?? tokens.count;
    // The sequence positions of the range: from its first word to the first word after it.
    const positionAt = (token: number, fallback: number) => {
      for (let i = token; i < tokens.count; i++) if (sequence.positionOf[i]! >= 0) return sequence.positionOf[i]!;
      return fallback;
    };
    const pFrom = fromToken === 0 ? 0 : positionAt(fromToken, sequence.length);
    const pTo = toToken >= tokens.count ? sequence.length : positionAt(toToken, sequence.length);
    const base = calibration[Calibration.BaseLogit]!;
    const clip = calibration[Calibration.MaxLogRatio]!;
    // Only words with candidate originals become slots: size the arrays for those.
    let capacity = 0;
    for (let p = pFrom; p < pTo; p++) {
      const id = sequence.ids[p]!;
      if (data.candidateOffsets[id + 1]! > data.candidateOffsets[id]!) capacity++;
    }
    const slotTokens = new Uint32Array(capacity);
    const logRatios = new Float64Array(capacity);
    const slotCandidates = new Uint32Array(capacity * SUGGESTIONS);
    const slotChannels = new Float32Array(capacity * SUGGESTIONS);
    const positions = new Int32Array(capacity);
    const firstStage = new Float32Array(capacity);
    const firstBase = calibration[Calibration.FirstStageBase]!;
    const kept: Float64Array[] | undefined = keepFeatures ? [] : undefined;
    let count = 0;
    const skipped = new Uint8Array(capacity);
    for (let i = fromToken; i < toToken; i++) {
      const p = sequence.positionOf[i]!;
      if (p < 0 || isAllCaps(tokens.text, tokens.starts[i]!, tokens.ends[i]!)) continue;
      const sentenceStart = sequence.ids[p - 1] === Special.Boundary;
      if (!slotFeatures(data, sequence, p, this.counts, isCapitalised(tokens.text, tokens.starts[i]!), sentenceStart, features, candidates)) continue;
      let z = 0;
      let z1 = 0;
      for (let k = 0; k < FEATURES; k++) {
        const x = features[k]!;
        if (x !== x) features[k] = 0;
        z += calibration[Calibration.Weights + k]! * features[k]!;
        z1 += calibration[Calibration.FirstStage + k]! * features[k]!;
      }
      slotTokens[count] = i;
      skipped[count] = skip[i] === 1 ? 1 : 0;
      logRatios[count] = z - base;
      firstStage[count] = clamp(z1 - firstBase, clip);
      positions[count] = p;
      for (let k = 0; k < SUGGESTIONS && k < candidates.count; k++) {
        slotCandidates[count * SUGGESTIONS + k] = candidates.ids[k]!;
        slotChannels[count * SUGGESTIONS + k] = candidates.channels[k]!;
      }
      kept?.push(features.slice());
      count++;
    }
    // A farm substitutes a word everywhere: each slot hears the first-stage evidence of the word's other occurrences.
    const typeWeight = calibration[Calibration.Weights + Feature.TypeEvidence]!;
    const evidenceWeights = new Float64Array(count);
    for (let from = 0; from < count; from += SECTION_SLOTS) {
      const to = Math.min(count, from + SECTION_SLOTS);
      const sums = new Map<number, { sum: number; n: number }>();
      for (let k = from; k < to; k++) {
        const id = sequence.ids[positions[k]!]!;
        const entry = sums.get(id);
        if (entry) { entry.sum += firstStage[k]!; entry.n++; } else sums.set(id, { sum: firstStage[k]!, n: 1 });
      }
      for (let k = from; k < to; k++) {
        const entry = sums.get(sequence.ids[positions[k]!]!)!;
        const others = entry.n > 1 ? (entry.sum - firstStage[k]!) / (entry.n - 1) : 0;
        evidenceWeights[k] = 1 / entry.n;
        logRatios[k] = clamp(logRatios[k]! + typeWeight * others, clip);
        if (kept) kept[k]![Feature.TypeEvidence] = others;
      }
    }
    // Neighbouring suspects are checked together: an idiom spun word by word is clearer as a whole.
    const pairLeft = new Uint32Array(count);
    const pairRight = new Uint32Array(count);
    const pairWeight = calibration[Calibration.Weights + Feature.PairGain]!;
    const pair: PairResult = { gain: 0, left: -1, right: -1 };
    const side = (k: number) => ({
      written: sequence.ids[positions[k]!]!,
      ids: slotCandidates.subarray(k * SUGGESTIONS, (k + 1) * SUGGESTIONS),
      channels: slotChannels.subarray(k * SUGGESTIONS, (k + 1) * SUGGESTIONS),
      count: slotCandidates[k * SUGGESTIONS + 2] ? 3 : slotCandidates[k * SUGGESTIONS + 1] ? 2 : 1,
    });
    for (let k = 0; k + 1 < count; k++) {
      if (positions[k + 1] !== positions[k]! + 1 || logRatios[k]! < PAIR_FROM || logRatios[k + 1]! < PAIR_FROM) continue;
      pairGain(data, sequence, positions[k]!, side(k), side(k + 1), pair);
      if (pair.gain <= 0) continue;
      pairLeft[k] = pair.left;
      pairRight[k] = pair.right;
      for (const j of [k, k + 1]) {
        const raised = logRatios[j]! + pairWeight * pair.gain;
        logRatios[j] = raised > clip ? clip : raised < -clip ? -clip : raised;
        if (kept) kept[j]![Feature.PairGain] = Math.max(kept[j]![Feature.PairGain]!, pair.gain);
      }
    }
    let words = 0;
    for (let i = 0; i < tokens.count && words <= PHRASE_WORDS; i++) if (tokens.kinds[i] === TokenKind.Word) words++;
    const phrase = words <= PHRASE_WORDS;
    const open = new Uint8Array(count);
    for (let k = 0; k < count; k++) open[k] = skipped[k] === 1 ? 0 : 1;
    const { confidence, sectionSpun, logBayesFactor } = sectionConfidence(logRatios.subarray(0, count), calibration, open, evidenceWeights);
    // Tortured phrases are looked for (and reported) where the section is judged spun, or when the input is a phrase on its own.
    let spunAt: Uint8Array | null = null;
    if (!phrase) {
      // Indexed from pFrom: the range's positions only.
      spunAt = new Uint8Array(pTo - pFrom);
      let from = pFrom;
      for (let k = 0; k < count; k++) {
        const to = k + 1 < count ? positions[k + 1]! : pTo;
        if (sectionSpun[k]! >= 0.5) spunAt.fill(1, from - pFrom, to - pFrom);
        from = to;
      }
    }
    const terms = findTortured(data, data.terms, sequence, phrase, spunAt, pFrom, pTo);
    // Multiword substitutions, judged with the section's verdict like single words.
    const phrases = phraseSlots(
      data,
      sequence,
      this.counts,
      (p) => isCapitalised(tokens.text, tokens.starts[sequence.tokenAt[p]!]!),
      (p, n, c) => phraseContextFit(data, sequence, p, n, c, candidates.context),
      keepFeatures,
      pFrom,
      pTo,
    );
    const phraseTokens: Array<[number, number]> = phrases.map((m) => [sequence.tokenAt[m.position]!, sequence.tokenAt[m.position + m.length - 1]!]);
    const phraseConfidence = new Float64Array(phrases.length);
    phrases.forEach((slot, j) => {
      let lo = 0;
      let hi = count;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (positions[mid]! < slot.position) lo = mid + 1;
        else hi = mid;
      }
      const section = count === 0 ? 0 : sectionSpun[Math.min(lo, count - 1)]!;
      const odds = (PHRASE_RATE / (1 - PHRASE_RATE)) * Math.exp(slot.logRatio);
      phraseConfidence[j] = section >= calibration[Calibration.SectionFrom]! ? (section * odds) / (1 + odds) : 0;
    });
    const reportTerms = terms.map(() => true);
    const termTokens: Array<[number, number]> = terms.map((m) => [sequence.tokenAt[m.position]!, sequence.tokenAt[m.position + m.length - 1]!]);
    // Words of a reported tortured phrase are reported with it, not on their own.
    const inTerm = new Uint8Array(count);
    for (let k = 0, t = 0; k < count && t < terms.length; ) {
      const match = terms[t]!;
      if (!reportTerms[t] || positions[k]! >= match.position + match.length) t++;
      else if (positions[k]! < match.position) k++;
      else inTerm[k++] = 1;
    }
    const spun = documentProbability(logBayesFactor, calibration);
    const slotWords = Uint32Array.from(positions.subarray(0, count), (p) => sequence.ids[p]!);
    return { sectionSpun, logBayesFactor, phrases, phraseConfidence, phraseTokens, count, tokens: slotTokens, words: slotWords, skipped, logRatios, pairLeft, pairRight, spun, terms, reportTerms, inTerm, termTokens, candidates: slotCandidates, confidence, ...(kept ? { features: kept } : {}) };
  }

  scan(tokens: Tokens, skip: Uint8Array): ModelFinding[] {
    return this.assessDocument(tokens, skip).findings;
  }

  /**
   * Long inputs are scanned in ranges of CHUNK_TOKENS tokens, so that memory
   * stays proportional to a range, not to the input; sections never span two
   * ranges, and the document probability is that of the most spun section.
   */
  assessDocument(tokens: Tokens, skip: Uint8Array): ModelAssessment {
    if (tokens.count <= CHUNK_TOKENS) {
      const scan = this.assess(tokens, skip);
      return { findings: this.findingsOf(tokens, skip, scan), spun: Math.round(scan.spun * 1000) / 1000 };
    }
    const sequence = toSequence(tokens, this.data.vocabulary);
    this.counts.fill(sequence);
    const findings: ModelFinding[] = [];
    let logBayesFactor = -Infinity;
    for (let from = 0; from < tokens.count; from += CHUNK_TOKENS) {
      const to = Math.min(tokens.count, from + CHUNK_TOKENS);
      const scan = this.assess(tokens, skip, false, { sequence, from, to });
      for (const finding of this.findingsOf(tokens, skip, scan)) findings.push(finding);
      logBayesFactor = Math.max(logBayesFactor, scan.logBayesFactor);
    }
    const spun = documentProbability(logBayesFactor, this.data.calibration);
    return { findings, spun: Math.round(spun * 1000) / 1000 };
  }

  private findingsOf(tokens: Tokens, skip: Uint8Array, scan: DocumentScan): ModelFinding[] {
    const reportFrom = this.data.calibration[Calibration.ReportFrom]!;
    const minLogRatio = this.data.calibration[Calibration.MinLogRatio]!;
    const sectionFrom = this.data.calibration[Calibration.SectionFrom]!;
    const reported = (k: number) =>
      scan.confidence[k]! >= reportFrom &&
      scan.sectionSpun[k]! >= sectionFrom && scan.logRatios[k]! >= minLogRatio && scan.skipped[k] === 0 && scan.inTerm[k] === 0 && covered[scan.tokens[k]!] === 0;
    const findings: ModelFinding[] = [];
    // Multiword substitutions first: their words are not reported again on their own.
    const covered = new Uint8Array(tokens.count);
    scan.phrases.forEach((slot, j) => {
      const confidence = scan.phraseConfidence[j]!;
      if (!(confidence >= reportFrom)) return;
      const [first, last] = scan.phraseTokens[j]!;
      for (let i = first; i <= last; i++) if (skip[i] === 1 || covered[i] === 1) return;
      covered.fill(1, first, last + 1);
      findings.push({ first, last, expected: [wordOf(this.data, slot.best)], confidence: Math.round(confidence * 1000) / 1000 });
    });
    const termConfidence = this.data.calibration[Calibration.TermConfidence]!;
    scan.terms.forEach((match, t) => {
      if (!scan.reportTerms[t]) return;
      const [first, last] = scan.termTokens[t]!;
      for (let i = first; i <= last; i++) if (skip[i] === 1 || covered[i] === 1) return;
      covered.fill(1, first, last + 1);
      const expected = match.ids.map((id) => wordOf(this.data, id)).join(' ');
      findings.push({ first, last, expected: [expected], confidence: Math.round(termConfidence * 1000) / 1000 });
    });
    for (let k = 0; k < scan.count; k++) {
      if (!reported(k)) continue;
      const confidence = Math.round(scan.confidence[k]! * 1000) / 1000;
      const token = scan.tokens[k]!;
      if (scan.pairLeft[k] !== 0 && k + 1 < scan.count && reported(k + 1)) {
        // Both words of a pair: one finding, restored as a whole ("Chilly Warfare" → "cold war").
        const both = Math.round(Math.min(scan.confidence[k]!, scan.confidence[k + 1]!) * 1000) / 1000;
        findings.push({ first: token, last: scan.tokens[k + 1]!, expected: [`${wordOf(this.data, scan.pairLeft[k]!)} ${wordOf(this.data, scan.pairRight[k]!)}`], confidence: both });
        k++;
        continue;
      }
      const expected: string[] = [];
      for (let j = 0; j < SUGGESTIONS; j++) {
        const id = scan.candidates[k * SUGGESTIONS + j]!;
        if (id !== 0) expected.push(wordOf(this.data, id));
      }
      findings.push({ first: token, last: token, expected, confidence });
    }
    findings.sort((a, b) => a.first - b.first);
    return findings;
  }
}
