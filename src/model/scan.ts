/**
 * The scanner: tokens in, suspicious spans with their likely originals out.
 *
 * One pass scores every slot into flat typed arrays (no objects per word),
 * the document posterior is computed over the slots of each section of the
 * text, and only the slots that clear the report threshold become findings.
 */
import { Calibration, documentPosterior, documentProbability } from './calibration.js';
import { DocumentCounts, Feature, FEATURES, pairGain, phraseContextFit, SlotCandidates, slotFeatures, type PairResult, type PairSide } from './features.js';
import { wordOf, type ModelData } from './model.js';
import { allocateNew, positionOf, Special, toSequence, wordId, type Allocate, type NumericArray, type Sequence } from './sequence.js';
import { findTortured, type TermMatch } from './phrases.js';
import { phraseSlots, type PhraseSlot } from './multiword.js';
import type { LanguageModel, ModelAssessment, ModelFinding } from './index.js';
import { TokenKind, tokenNorm, type Tokens } from '../text/tokenize.js';
import { loadTechnicalTerms, type TechnicalTerms } from './technical.js';
import { DocumentVocabulary, stemOf } from './vocabulary.js';

/** Tokens per range when scanning a long input (about 1 MB of text). */
const CHUNK_TOKENS = 200_000;
/**
 * Word tokens a range's sequence window reaches beyond the range on each
 * side: more than any context the scorer reads (five positions for the word
 * vectors, a phrase's three words and the two after it).
 */
const WINDOW_WORDS = 16;

/** Suggestions reported per finding. */
const SUGGESTIONS = 3;
/**
 * Slots judged together as one "document". A farm spins whole pages, but a
 * long input (a crawl shard, a book) can hold a spun page among clean ones,
 * so the evidence is pooled over sections of this many scored slots
 * (about 1,000 words) rather than over the whole input.
 */
const SECTION_SLOTS = 512;
/** Words reported per spun section as its drivers, when none of its words cleared the report threshold. */
const DRIVERS = 5;
/** Neighbours are checked as a pair only when both already look suspicious on their own (ln LR). */
const PAIR_FROM = -1;
/** An input of at most this many words is a phrase: judged on phrase evidence alone. */
const PHRASE_WORDS = 6;
/** The substitution rate a multiword phrase's posterior assumes in a spun section. */
const PHRASE_RATE = 0.15;
/**
 * A one-word term of art (technical.ts) is trusted only when the word is
 * this rare in everyday English (ln unigram probability, 5 per million
 * words; chosen on the dev splits): "clitoris", "stochastic" and
 * "regularization" are terms; "warfare" (MeSH has it) is also a thesaurus's
 * synonym of a common word ("chilly warfare" for "cold war").
 */
const RARE_TERM_LOGP = Math.log(5e-6);

export interface DocumentScan {
  /** Number of scored slots. */
  count: number;
  /** Per slot: token index. */
  tokens: Uint32Array;
  /** Per slot: the written word's id. */
  words: Uint32Array;
  /** Per slot: 1 when the caller asked for the token not to be flagged (it still counts as evidence). */
  skipped: Uint8Array;
  /**
   * Per slot: 1 when the word is the writer's own beyond doubt (a name, a term
   * of art, the text's topic): never reported, and no evidence of spinning.
   */
  neutral: Uint8Array;
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

/** Whether the word at `at` starts with a capital letter (any script). */
export function isCapitalised(text: string, at: number): boolean {
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
  allocate: Allocate = allocateNew,
): { confidence: Float64Array; sectionSpun: Float64Array; logBayesFactor: number } {
  const count = logRatios.length;
  const confidence = allocate('confidence', Float64Array, count);
  const sectionSpun = allocate('sectionSpun', Float64Array, count);
  // A section's posteriors, before they are scaled by its verdict (a section is at most 1.5 SECTION_SLOTS).
  const slots = allocate('section.slots', Float64Array, 2 * SECTION_SLOTS);
  let logBayesFactor = count === 0 ? 0 : -Infinity;
  for (let from = 0; from < count; ) {
    let to = Math.min(count, from + SECTION_SLOTS);
    // A short tail joins the section before it.
    if (count - to < SECTION_SLOTS / 2) to = count;
    const section = logRatios.subarray(from, to);
    const posterior = documentPosterior(section, section.length, calibration, open?.subarray(from, to), weights?.subarray(from, to), slots);
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
  /** The scorer's weights, read once from the calibration (the same numbers, as doubles). */
  private readonly weights: Float64Array;
  private readonly firstStageWeights: Float64Array;
  /** Scratch per word id for the type evidence of a section: sum of first-stage evidence and occurrences. */
  private readonly typeSums: Float64Array;
  private readonly typeCounts: Uint32Array;
  private readonly pairSides: [PairSide, PairSide];

  /** Word tokens a range's window reaches beyond it (WINDOW_WORDS; a larger reach reads the same, only slower). */
  private readonly windowWords: number;

  /** Terms of art that are never a substitution (null: none shipped). */
  private readonly technical: TechnicalTerms | null;

  constructor(readonly data: ModelData, options: { windowWords?: number; technical?: TechnicalTerms | null } = {}) {
    this.windowWords = options.windowWords ?? WINDOW_WORDS;
    this.technical = options.technical === undefined ? loadTechnicalTerms() : options.technical;
    const V = data.candidateOffsets.length - 1;
    this.counts = new DocumentCounts(V);
    this.weights = Float64Array.from(data.calibration.subarray(Calibration.Weights, Calibration.Weights + FEATURES));
    this.firstStageWeights = Float64Array.from(data.calibration.subarray(Calibration.FirstStage, Calibration.FirstStage + FEATURES));
    this.typeSums = new Float64Array(V);
    this.typeCounts = new Uint32Array(V);
    const side = (): PairSide => ({ written: 0, ids: new Uint32Array(0), channels: new Float32Array(0), offset: 0, count: 0 });
    this.pairSides = [side(), side()];
  }

  /**
   * Every scorable slot of the text with its evidence and confidence (the
   * whole input as one range: for fitting and inspection; `assessDocument`
   * is what a check runs). Skipped tokens are scored too: a lexicon hit is
   * a substitution the section's verdict should hear about, even though it
   * is not the model's to report.
   */
  assess(tokens: Tokens, skip: Uint8Array, keepFeatures = false): DocumentScan {
    const sequence = toSequence(tokens, this.data.vocabulary);
    this.counts.fill(sequence);
    return this.assessRange(tokens, skip, sequence, 0, tokens.count, keepFeatures);
  }

  scan(tokens: Tokens, skip: Uint8Array): ModelFinding[] {
    return this.assessDocument(tokens, skip).findings;
  }

  /** The stored count of the word pair at tokens `left`, `right` (counts below the build's minimum are 0). */
  pairCount(tokens: Tokens, left: number, right: number): number {
    const id = (i: number) => (tokens.kinds[i] === TokenKind.Number ? Special.Number : wordId(this.data.vocabulary, tokens.hashes[i]!));
    const v = id(left);
    const w = id(right);
    return v === Special.Unknown || w === Special.Unknown ? 0 : this.data.ngrams.bigramCount(v, w);
  }

  /**
   * Long inputs are scanned in ranges of CHUNK_TOKENS tokens, each over a
   * sequence window of its own, so that memory stays proportional to a
   * range, not to the input; sections never span two ranges, and the
   * document probability is that of the most spun section. Word counts
   * (does a candidate occur in the document?) are the whole input's.
   */
  assessDocument(tokens: Tokens, skip: Uint8Array): ModelAssessment {
    if (tokens.count <= CHUNK_TOKENS) {
      const scan = this.assess(tokens, skip);
      const findings = this.findingsOf(skip, scan);
      return { findings, spun: Math.round(scan.spun * 1000) / 1000, drivers: driversOf(this.data, scan, findings) };
    }
    const vocabulary = this.data.vocabulary;
    // One set of buffers for every range: a range's scan is read before the next one is made.
    const scratch = new Scratch();
    const allocate: Allocate = (name, Type, length) => scratch.take(name, Type, length);
    this.counts.clear();
    this.counts.addWords(tokens, vocabulary, 0, tokens.count);
    const findings: ModelFinding[] = [];
    let drivers: ModelFinding[] = [];
    let logBayesFactor = -Infinity;
    for (let from = 0; from < tokens.count; from += CHUNK_TOKENS) {
      const to = Math.min(tokens.count, from + CHUNK_TOKENS);
      const window = toSequence(tokens, vocabulary, wordsBefore(tokens, from, this.windowWords), wordsAfter(tokens, to, this.windowWords), allocate);
      const scan = this.assessRange(tokens, skip, window, from, to, false, allocate);
      const found = this.findingsOf(skip, scan);
      for (const finding of found) findings.push(finding);
      if (scan.logBayesFactor > logBayesFactor) drivers = driversOf(this.data, scan, found);
      logBayesFactor = Math.max(logBayesFactor, scan.logBayesFactor);
    }
    const spun = documentProbability(logBayesFactor, this.data.calibration);
    return { findings, spun: Math.round(spun * 1000) / 1000, drivers };
  }

  /** Scores the slots of tokens [fromToken, toToken) over `sequence`, which covers them (and their context). */
  private assessRange(tokens: Tokens, skip: Uint8Array, sequence: Sequence, fromToken: number, toToken: number, keepFeatures: boolean, allocate: Allocate = allocateNew): DocumentScan {
    const { data, candidates, features, weights, firstStageWeights } = this;
    const calibration = data.calibration;
    const windowEnd = sequence.firstToken + sequence.positionOf.length;
    // The sequence positions of the range: from its first word to the first word after it.
    const positionAt = (token: number) => {
      for (let i = token; i < windowEnd; i++) if (positionOf(sequence, i) >= 0) return positionOf(sequence, i);
      return sequence.length;
    };
    const pFrom = fromToken === 0 ? 0 : positionAt(fromToken);
    const pTo = toToken >= tokens.count ? sequence.length : positionAt(toToken);
    const base = calibration[Calibration.BaseLogit]!;
    const clip = calibration[Calibration.MaxLogRatio]!;
    // Only words with candidate originals become slots: size the arrays for those.
    let capacity = 0;
    for (let p = pFrom; p < pTo; p++) {
      const id = sequence.ids[p]!;
      if (data.candidateOffsets[id + 1]! > data.candidateOffsets[id]!) capacity++;
    }
    const slotTokens = allocate('slotTokens', Uint32Array, capacity);
    const logRatios = allocate('logRatios', Float64Array, capacity);
    const slotCandidates = allocate('slotCandidates', Uint32Array, capacity * SUGGESTIONS);
    const slotChannels = allocate('slotChannels', Float32Array, capacity * SUGGESTIONS);
    const positions = allocate('positions', Int32Array, capacity);
    const slotWords = allocate('slotWords', Uint32Array, capacity);
    const firstStage = allocate('firstStage', Float32Array, capacity);
    const firstBase = calibration[Calibration.FirstStageBase]!;
    const kept: Float64Array[] | undefined = keepFeatures ? [] : undefined;
    let count = 0;
    const skipped = allocate('skipped', Uint8Array, capacity);
    const neutral = allocate('neutral', Uint8Array, capacity);
    // What the writer's own words are: terms of art, and the document's topic (vocabulary.ts).
    const termMarks = allocate('termMarks', Uint8Array, toToken - fromToken);
    this.technical?.mark(tokens, termMarks, fromToken, toToken);
    const forms = (i: number) => tokenNorm(tokens, i);
    const vocabularyOf = new DocumentVocabulary(tokens, forms, stemOf, fromToken, toToken);
    // Tokens of neutral slots (and of multiword terms), for the phrase and term findings below.
    const neutralTokens = allocate('neutralTokens', Uint8Array, toToken - fromToken);
    for (let t = 0; t < termMarks.length; t++) if (termMarks[t] === 2) neutralTokens[t] = 1;
    const logP1 = data.ngrams.tables.logUnigram;
    for (let i = fromToken; i < toToken; i++) {
      const p = positionOf(sequence, i);
      if (p < 0 || isAllCaps(tokens.text, tokens.starts[i]!, tokens.ends[i]!)) continue;
      const sentenceStart = sequence.ids[p - 1] === Special.Boundary;
      const capitalised = isCapitalised(tokens.text, tokens.starts[i]!);
      if (!slotFeatures(data, sequence, p, this.counts, capitalised, sentenceStart, features, candidates)) continue;
      let z = 0;
      let z1 = 0;
      for (let k = 0; k < FEATURES; k++) {
        const x = features[k]!;
        if (x !== x) features[k] = 0;
        z += weights[k]! * features[k]!;
        z1 += firstStageWeights[k]! * features[k]!;
      }
      slotTokens[count] = i;
      skipped[count] = skip[i] === 1 ? 1 : 0;
      logRatios[count] = z - base;
      firstStage[count] = clamp(z1 - firstBase, clip);
      const mark = termMarks[i - fromToken]!;
      if (
        // A capital in mid-sentence is a name ("Battlefront", "Star Wars"): spinners leave names alone.
        (capitalised && !sentenceStart) ||
        // A term of art as written: a multiword term, or a one-word term rare in everyday English.
        mark === 2 ||
        (mark === 1 && logP1[sequence.ids[p]!]! < RARE_TERM_LOGP) ||
        // The document's topic: its word family is in the title, or recurs in several forms.
        vocabularyOf.isTopic(stemOf(forms(i)))
      ) {
        neutral[count] = 1;
        neutralTokens[i - fromToken] = 1;
        if (logRatios[count]! > 0) logRatios[count] = 0;
        if (firstStage[count]! > 0) firstStage[count] = 0;
      }
      positions[count] = p;
      slotWords[count] = sequence.ids[p]!;
      for (let k = 0; k < SUGGESTIONS && k < candidates.count; k++) {
        slotCandidates[count * SUGGESTIONS + k] = candidates.ids[k]!;
        slotChannels[count * SUGGESTIONS + k] = candidates.channels[k]!;
      }
      kept?.push(features.slice());
      count++;
    }
    // A farm substitutes a word everywhere: each slot hears the first-stage evidence of the word's other occurrences.
    const typeWeight = weights[Feature.TypeEvidence]!;
    const evidenceWeights = allocate('evidenceWeights', Float64Array, count);
    const { typeSums, typeCounts } = this;
    for (let from = 0; from < count; from += SECTION_SLOTS) {
      const to = Math.min(count, from + SECTION_SLOTS);
      for (let k = from; k < to; k++) {
        const id = slotWords[k]!;
        typeSums[id]! += firstStage[k]!;
        typeCounts[id]!++;
      }
      for (let k = from; k < to; k++) {
        const id = slotWords[k]!;
        const n = typeCounts[id]!;
        const others = n > 1 ? (typeSums[id]! - firstStage[k]!) / (n - 1) : 0;
        evidenceWeights[k] = 1 / n;
        logRatios[k] = clamp(logRatios[k]! + typeWeight * others, clip);
        if (kept) kept[k]![Feature.TypeEvidence] = others;
      }
      for (let k = from; k < to; k++) {
        typeSums[slotWords[k]!] = 0;
        typeCounts[slotWords[k]!] = 0;
      }
    }
    // Neighbouring suspects are checked together: an idiom spun word by word is clearer as a whole.
    const pairLeft = allocate('pairLeft', Uint32Array, count);
    const pairRight = allocate('pairRight', Uint32Array, count);
    const pairWeight = weights[Feature.PairGain]!;
    const pair: PairResult = { gain: 0, left: -1, right: -1 };
    const side = (s: PairSide, k: number) => {
      s.written = slotWords[k]!;
      s.ids = slotCandidates;
      s.channels = slotChannels;
      s.offset = k * SUGGESTIONS;
      s.count = slotCandidates[k * SUGGESTIONS + 2] ? 3 : slotCandidates[k * SUGGESTIONS + 1] ? 2 : 1;
      return s;
    };
    const [sideA, sideB] = this.pairSides;
    for (let k = 0; k + 1 < count; k++) {
      if (positions[k + 1] !== positions[k]! + 1 || logRatios[k]! < PAIR_FROM || logRatios[k + 1]! < PAIR_FROM) continue;
      pairGain(data, sequence, positions[k]!, side(sideA, k), side(sideB, k + 1), pair);
      if (pair.gain <= 0) continue;
      pairLeft[k] = pair.left;
      pairRight[k] = pair.right;
      for (let j = k; j <= k + 1; j++) {
        const raised = logRatios[j]! + pairWeight * pair.gain;
        logRatios[j] = raised > clip ? clip : raised < -clip ? -clip : raised;
        if (kept) kept[j]![Feature.PairGain] = Math.max(kept[j]![Feature.PairGain]!, pair.gain);
      }
    }
    let words = 0;
    for (let i = 0; i < tokens.count && words <= PHRASE_WORDS; i++) if (tokens.kinds[i] === TokenKind.Word) words++;
    const phrase = words <= PHRASE_WORDS;
    const open = allocate('open', Uint8Array, count);
    for (let k = 0; k < count; k++) open[k] = skipped[k] === 1 ? 0 : 1;
    const { confidence, sectionSpun, logBayesFactor } = sectionConfidence(logRatios.subarray(0, count), calibration, open, evidenceWeights, allocate);
    // Tortured phrases are looked for (and reported) where the section is judged spun, or when the input is a phrase on its own.
    let spunAt: Uint8Array | null = null;
    if (!phrase) {
      // Indexed from pFrom: the range's positions only.
      spunAt = allocate('spunAt', Uint8Array, pTo - pFrom);
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
    // Phrases and terms that touch a name, a term of art or the topic are not reported either.
    const touchesNeutral = ([first, last]: [number, number]) => {
      for (let t = first; t <= last; t++) if (t >= fromToken && t < toToken && neutralTokens[t - fromToken] === 1) return true;
      return false;
    };
    phraseTokens.forEach((span, j) => {
      if (touchesNeutral(span)) phraseConfidence[j] = 0;
    });
    termTokens.forEach((span, t) => {
      if (touchesNeutral(span)) reportTerms[t] = false;
    });
    // Words of a reported tortured phrase are reported with it, not on their own.
    const inTerm = allocate('inTerm', Uint8Array, count);
    for (let k = 0, t = 0; k < count && t < terms.length; ) {
      const match = terms[t]!;
      if (!reportTerms[t] || positions[k]! >= match.position + match.length) t++;
      else if (positions[k]! < match.position) k++;
      else inTerm[k++] = 1;
    }
    const spun = documentProbability(logBayesFactor, calibration);
    return { neutral: neutral.subarray(0, count), sectionSpun, logBayesFactor, phrases, phraseConfidence, phraseTokens, count, tokens: slotTokens, words: slotWords.subarray(0, count), skipped, logRatios, pairLeft, pairRight, spun, terms, reportTerms, inTerm, termTokens, candidates: slotCandidates, confidence, ...(kept ? { features: kept } : {}) };
  }

  private findingsOf(skip: Uint8Array, scan: DocumentScan): ModelFinding[] {
    const reportFrom = this.data.calibration[Calibration.ReportFrom]!;
    const minLogRatio = this.data.calibration[Calibration.MinLogRatio]!;
    const sectionFrom = this.data.calibration[Calibration.SectionFrom]!;
    // Tokens already reported inside a phrase or a term (few: a set, not an array the size of the input).
    const covered = new Set<number>();
    const cover = (first: number, last: number) => {
      for (let i = first; i <= last; i++) if (skip[i] === 1 || covered.has(i)) return false;
      for (let i = first; i <= last; i++) covered.add(i);
      return true;
    };
    const reported = (k: number) =>
      scan.confidence[k]! >= reportFrom &&
      scan.sectionSpun[k]! >= sectionFrom && scan.logRatios[k]! >= minLogRatio && scan.skipped[k] === 0 && scan.neutral[k] === 0 && scan.inTerm[k] === 0 && !covered.has(scan.tokens[k]!);
    const findings: ModelFinding[] = [];
    // Multiword substitutions first: their words are not reported again on their own.
    scan.phrases.forEach((slot, j) => {
      const confidence = scan.phraseConfidence[j]!;
      if (!(confidence >= reportFrom)) return;
      const [first, last] = scan.phraseTokens[j]!;
      if (!cover(first, last)) return;
      findings.push({ first, last, expected: [wordOf(this.data, slot.best)], confidence: Math.round(confidence * 1000) / 1000 });
    });
    const termConfidence = this.data.calibration[Calibration.TermConfidence]!;
    scan.terms.forEach((match, t) => {
      if (!scan.reportTerms[t]) return;
      const [first, last] = scan.termTokens[t]!;
      if (!cover(first, last)) return;
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

/**
 * The drivers of the most spun-looking section (the one the document
 * probability is that of), when the model reported no word in it: its open
 * slots (not skipped, not inside a term) whose evidence points to a
 * substitution (ln LR > 0), strongest confidence first, at most DRIVERS.
 * Their confidence is what it is: below the report threshold.
 */
function driversOf(data: ModelData, scan: DocumentScan, findings: readonly ModelFinding[]): ModelFinding[] {
  let best = -1;
  let bestFrom = 0;
  let bestTo = 0;
  for (let from = 0; from < scan.count; ) {
    // The sections of sectionConfidence: SECTION_SLOTS slots, a short tail joined to the one before it.
    let to = Math.min(scan.count, from + SECTION_SLOTS);
    if (scan.count - to < SECTION_SLOTS / 2) to = scan.count;
    if (scan.sectionSpun[from]! > best) [best, bestFrom, bestTo] = [scan.sectionSpun[from]!, from, to];
    from = to;
  }
  if (best < 0) return [];
  const firstToken = scan.tokens[bestFrom]!;
  const lastToken = scan.tokens[bestTo - 1]!;
  if (findings.some((f) => f.last >= firstToken && f.first <= lastToken)) return [];
  const open: number[] = [];
  for (let k = bestFrom; k < bestTo; k++) if (scan.skipped[k] === 0 && scan.inTerm[k] === 0 && scan.logRatios[k]! > 0) open.push(k);
  open.sort((a, b) => scan.confidence[b]! - scan.confidence[a]! || a - b);
  const drivers: ModelFinding[] = [];
  for (const k of open.slice(0, DRIVERS)) {
    const expected: string[] = [];
    for (let j = 0; j < SUGGESTIONS; j++) {
      const id = scan.candidates[k * SUGGESTIONS + j]!;
      if (id !== 0) expected.push(wordOf(data, id));
    }
    drivers.push({ first: scan.tokens[k]!, last: scan.tokens[k]!, expected, confidence: Math.round(scan.confidence[k]! * 1000) / 1000 });
  }
  return drivers.sort((a, b) => a.first - b.first);
}

/** Typed arrays by name, reused: `take` hands out a zero-filled view, growing the buffer when it is too short. */
class Scratch {
  private readonly buffers = new Map<string, NumericArray>();
  take<T extends NumericArray>(name: string, Type: { new (length: number): T }, length: number): T {
    let buffer = this.buffers.get(name) as T | undefined;
    if (!buffer || buffer.length < length) {
      buffer = new Type(Math.max(length, Math.ceil((buffer?.length ?? 0) * 1.25)));
      this.buffers.set(name, buffer);
    }
    return buffer.subarray(0, length).fill(0) as T;
  }
}

/** The first token of a window that reaches `words` word tokens before token `at` (or the start). */
function wordsBefore(tokens: Tokens, at: number, words: number): number {
  let i = at;
  while (i > 0 && words > 0) if (tokens.kinds[--i] === TokenKind.Word) words--;
  return i;
}

/** The end of a window that reaches `words` word tokens at or after token `at` (or the end). */
function wordsAfter(tokens: Tokens, at: number, words: number): number {
  let i = at;
  while (i < tokens.count && words > 0) if (tokens.kinds[i++] === TokenKind.Word) words--;
  return i;
}
