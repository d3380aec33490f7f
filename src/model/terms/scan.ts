/**
 * The term restorer: finds tortured science terms that no list contains
 * ("counterfeit neural organization") and restores the term a paper mill
 * started from ("artificial neural network").
 *
 * A paper mill runs a synonym spinner over established terms, word by word.
 * So a written span is suspicious when its words, each read either as
 * itself or as an original the spinner replaces by it, spell out a known
 * term ("artificial neural network"), while the span as written is not a
 * term and not ordinary English. Where no known term fits, a *free* reading
 * (each word kept or read by one of its most frequent learned substitutions:
 * "attractive nanocomposite" → "magnetic nanocomposite") is judged by its
 * features alone. Every candidate is scored by a logistic model over those
 * features (fitted on development data, see `WEIGHTS`); the best
 * non-overlapping candidates above the report threshold become findings.
 *
 * Cost: only runs holding an *anchor* (a word with a learned substitution
 * that could be reported, see `substitutionScore`) are searched; the term
 * search follows only prefixes of known terms, and a free reading is scored
 * from precomputed parts and dropped before any table lookup when even its
 * best context could not lift it to the threshold. Nothing is allocated per
 * token, only per reported candidate.
 */
import type { LanguageModel, ModelFinding } from '../index.js';
import { Gap, TokenKind, normalizeWord, type Tokens } from '../../text/tokenize.js';
import { extendKey, findSlot, SEQUENCE_SEED, sequenceKey } from './hash.js';
import { SubstitutionKind, TermSource, WordFlag, type TermTables } from './tables.js';

/** Written words in one span at most. */
const MAX_SPAN = 5;
/** Restored words in one span at most. */
const MAX_OUTPUT = 7;

/**
 * What the scorer looks at in a candidate restoration. Per changed word:
 * how it was read (a substitution learned from the training pairs, learned
 * for another inflection, or a thesaurus relation only), how often and with
 * what share of the written word's learned substitutions; for the span: how
 * established the restored term is, whether the written words already read
 * as English, how common the written words are.
 */
export const Feature = {
  /** Changed words read by a learned substitution. */
  learned: 0,
  /** Sum over them of ln(1 + pairs that showed it). */
  learnedEvidence: 1,
  /** Sum over them of ln(share of the written word's learned substitutions). */
  learnedShare: 2,
  /** Changed words read by a substitution learned for another inflection. */
  inflected: 3,
  /** Changed words read by a thesaurus relation only. */
  thesaurus: 4,
  /** The restoration is an expected phrase of the training pairs. */
  ppsTerm: 5,
  /** ln(1 + training pairs that restore to it). */
  ppsTermWeight: 6,
  /** The restoration is a known term of another list (none is shipped: MyThes head words count as ordinary English instead). */
  thesaurusTerm: 7,
  /** The restoration is no known term (a free reading of learned substitutions). */
  composed: 8,
  /** Written word pairs attested in ordinary English. */
  plainPairs: 9,
  /** Written words kept as they are. */
  kept: 10,
  /** Sum of the Zipf frequencies of the changed written words (common words are weaker evidence). */
  changedZipf: 11,
  /** Written words kept that the vocabulary does not know (rare technical words, names). */
  keptUnknown: 12,
  /** In a free reading: restored word pairs that occur inside known terms, and those that do not. */
  pairSupported: 13,
  pairUnsupported: 14,
  /** Sum over restored (changed) words of ln(1 + PPS terms containing the word). */
  restoredTermWords: 15,
  /** The same over the kept words: the span's context is science. */
  keptTermWords: 16,
  /** The same over the changed written words: a common term word is weaker evidence of torture. */
  writtenTermWords: 17,
  /** Sum over changed written words of ln(1 + training pairs that showed the word written for another). */
  torturedness: 18,
  /** Written words that start with a capital (names, headlines: tortured terms are written in lower case). */
  capitalized: 19,
  /** The last written and the last restored word disagree in number ("mind waves" read as "brain wave"). */
  numberMismatch: 20,
  /** Constant 1. */
  bias: 21,
} as const;
export const FEATURES = 22;

/**
 * The scorer: ln odds that a candidate is a true restoration, a weighted sum
 * of its features. Fitted by logistic regression on the development fold of
 * the PPS training pairs against clean development text (scripts/build-terms.ts
 * --dev prints the fit); the finding's confidence is the logistic of the score.
 */
export const WEIGHTS: readonly number[] = [
  /* learned */ 1.391, /* learnedEvidence */ 0.724, /* learnedShare */ 0.67, /* inflected */ -0.042,
  /* thesaurus */ 0.538, /* ppsTerm */ -0.299, /* ppsTermWeight */ 0.634, /* thesaurusTerm */ 0, /* composed */ 0.299,
  /* plainPairs */ -1.379, /* kept */ 0.207, /* changedZipf */ -0.329, /* keptUnknown */ 0.183,
  /* pairSupported */ 0.202, /* pairUnsupported */ -3.192, /* restoredTermWords */ 0.018, /* keptTermWords */ 0.247,
  /* writtenTermWords */ -0.535, /* torturedness */ -0.008, /* capitalized */ -2.314, /* numberMismatch */ -0.225,
  /* bias */ -1.629,
];

/**
 * Candidates whose confidence is below this are not reported: the lowest
 * threshold that kept false alarms on clean development text (a quarter of
 * the Reuters development split) under 0.04 per 1,000 words. The confidence
 * is fitted on a mix dominated by clean text, so it is conservative for a
 * text that is a tortured phrase and little else.
 */
export const REPORT_CONFIDENCE = 0.198;

export interface TermCandidate {
  /** Token indices of the first and last written word. */
  first: number;
  last: number;
  /** Restored word ids. */
  ids: number[];
  /** The known term it forms, or -1 for a composed restoration. */
  term: number;
  features: Float64Array;
  /** ln odds (the weighted sum of the features). */
  score: number;
}

/** How a written word (or phrase) was read in a candidate restoration. */
const Reading = {
  Kept: 0,
  Learned: SubstitutionKind.Learned,
  Inflected: SubstitutionKind.Inflected,
  Thesaurus: SubstitutionKind.Thesaurus,
  /** A learned several-word rewrite. */
  Phrase: 4,
} as const;

/** Learned substitutions a free reading tries per written word (the most frequent). */
const FREE_OPTIONS = 3;
/** The anchor filter's bits (a mask over the low bits of a word's hash). */
const ANCHOR_BITS_MASK = 0x3ffff;
/**
 * A word is an anchor when one of its learned substitutions brings at least
 * this much to a candidate's score on its own (see `substitutionScore`).
 */
export const ANCHOR_FLOOR = 0;
/** Words in a free reading's window at most. */
const FREE_WINDOW = 4;
/** Longest written phrase of a learned phrase rewrite. */
const MAX_PHRASE_IN = 3;

export class TermModel implements LanguageModel {
  readonly tables: TermTables;
  private words: string[] | null = null;
  private termTexts: string[] | null = null;

  // The current run of connected words (no punctuation between them).
  private runTokens = new Int32Array(64);
  private runIds = new Int32Array(64);
  private runStarts = new Int32Array(64);
  private tokens: Tokens | null = null;
  private runLength = 0;

  // Depth-first search state: the restored ids so far and, per reading step, how the written words were read.
  private readonly output = new Int32Array(MAX_OUTPUT);
  private readonly readKind = new Uint8Array(MAX_SPAN);
  private readonly readWeight = new Float64Array(MAX_SPAN);
  private readonly readShare = new Float64Array(MAX_SPAN);
  private readonly readFrom = new Int32Array(MAX_SPAN);
  /** Restored words produced before each reading step. */
  private readonly readOutput = new Int32Array(MAX_SPAN + 1);
  private searchStart = 0;
  private text = '';
  private candidates: TermCandidate[] = [];

  private readonly weights: readonly number[];
  private readonly features = new Float64Array(FEATURES);
  /** Keep every candidate, reportable or not (for fitting the scorer). */
  private readonly collect: boolean;
  /** The ln odds from which a candidate is reported. */
  private readonly minimum: number;

  /** Per word: the sum of its learned substitutions' counts. */
  private readonly learnedTotal: Uint32Array;
  /** Per learned substitution: what it brings to a score on its own (`substitutionScore`). */
  private readonly subScore: Float64Array;
  /** Per word: what keeping it brings to a free reading's score. */
  private readonly keptScore: Float64Array;
  /** The most the span-level features of a free reading can add (see the constructor). */
  private freeBound = 0;
  /** Per word: 1 when the word, or an original it may stand for, begins a term (or a phrase rewrite). */
  private readonly canStart: Uint8Array;
  /** Per word: 1 when some learned substitution of it may be reported (see `substitutionScore`). */
  private readonly anchor: Uint8Array;
  private readonly anchorBits = new Uint32Array((ANCHOR_BITS_MASK + 1) >>> 5);

  /** `weights`, `reportConfidence` and `anchorFloor` replace the shipped scorer's (for tuning). */
  constructor(tables: TermTables, options: { weights?: readonly number[]; reportConfidence?: number; anchorFloor?: number; collect?: boolean } = {}) {
    this.tables = tables;
    this.collect = options.collect ?? false;
    this.weights = options.weights ?? WEIGHTS;
    const confidence = options.reportConfidence ?? REPORT_CONFIDENCE;
    this.minimum = Math.log(confidence / (1 - confidence));
    const { subStart, subWeight, subKind, wordHash } = tables;
    const words = wordHash.length;
    this.learnedTotal = new Uint32Array(words);
    this.anchor = new Uint8Array(words);
    for (let id = 0; id < words; id++) {
      let total = 0;
      for (let s = subStart[id]!; s < subStart[id + 1]!; s++) if (subKind[s] !== SubstitutionKind.Thesaurus) total += subWeight[s]!;
      this.learnedTotal[id] = total;
    }
    // Bias, the free-reading flag and the features that can only help, at their best.
    const w = this.weights;
    this.freeBound = w[Feature.bias]! + w[Feature.composed]! +
      Math.max(0, w[Feature.pairSupported]!, w[Feature.pairUnsupported]!) * (FREE_WINDOW - 1) +
      Math.max(0, w[Feature.plainPairs]!) * (FREE_WINDOW - 1) + Math.max(0, w[Feature.capitalized]!) * FREE_WINDOW +
      Math.max(0, w[Feature.numberMismatch]!);
    // A search starts only at a word that itself, or read as one of its originals, can begin a term.
    const termFirst = new Uint8Array(words);
    for (let t = 0; t + 1 < tables.termStart.length; t++) termFirst[tables.termIds[tables.termStart[t]!]!] = 1;
    this.canStart = new Uint8Array(words);
    for (let id = 0; id < words; id++) {
      let can = termFirst[id]!;
      for (let s = subStart[id]!; s < subStart[id + 1]! && can === 0; s++) can = termFirst[tables.subTarget[s]!]!;
      if ((tables.wordFlags[id]! & WordFlag.PhraseStart) !== 0) can = 1;
      this.canStart[id] = can;
    }
    this.subScore = new Float64Array(tables.subTarget.length);
    this.keptScore = new Float64Array(words);
    for (let id = 0; id < words; id++) {
      this.keptScore[id] = this.weights[Feature.kept]! + this.weights[Feature.keptTermWords]! * Math.log(1 + tables.wordTerms[id]!);
      let best = -Infinity;
      for (let s = subStart[id]!; s < subStart[id + 1]!; s++) {
        if (subKind[s] === SubstitutionKind.Thesaurus) continue;
        this.subScore[s] = this.substitutionScore(id, s);
        best = Math.max(best, this.subScore[s]!);
      }
      if (best < (options.anchorFloor ?? ANCHOR_FLOOR)) continue;
      this.anchor[id] = 1;
      // A cheap first test on the token's hash, so that most words are never looked up.
      const bit = wordHash[id]! & ANCHOR_BITS_MASK;
      this.anchorBits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  /**
   * The part of a candidate's score that one learned substitution of written
   * word `id` brings, whatever its context: an anchor is a word for which
   * some substitution could, with good context, reach the report threshold.
   */
  private substitutionScore(id: number, s: number): number {
    const { subWeight, subKind, subTarget, wordZipf, wordTerms, wordTortured } = this.tables;
    const w = this.weights;
    const count = subWeight[s]!;
    return (subKind[s] === SubstitutionKind.Inflected ? w[Feature.inflected]! : w[Feature.learned]!) +
      w[Feature.learnedEvidence]! * Math.log(1 + count) +
      w[Feature.learnedShare]! * Math.log((count + 0.5) / (this.learnedTotal[id]! + 1)) +
      w[Feature.changedZipf]! * (wordZipf[id]! / 10) +
      w[Feature.writtenTermWords]! * Math.log(1 + wordTerms[id]!) +
      w[Feature.torturedness]! * Math.log(1 + wordTortured[id]!) +
      w[Feature.restoredTermWords]! * Math.log(1 + wordTerms[subTarget[s]!]!);
  }

  /** The id of a word hash, or -1. */
  wordId(hash: number): number {
    if (hash === 0) return -1;
    const slot = findSlot(this.tables.wordSlots, hash);
    return slot < 0 ? -1 : this.tables.wordId[slot]!;
  }

  /** Whether the word of this hash is a function word ("of", "the", "with"): the words that split free readings. */
  isFunctionWord(hash: number): boolean {
    const id = this.wordId(hash);
    return id >= 0 && (this.tables.wordFlags[id]! & WordFlag.Function) !== 0;
  }

  word(id: number): string {
    this.words ??= new TextDecoder().decode(this.tables.wordText).split('\n');
    return this.words[id]!;
  }

  termText(term: number): string {
    this.termTexts ??= new TextDecoder().decode(this.tables.termText).split('\n');
    return this.termTexts[term]!;
  }

  /** The term whose ids are `ids`, or -1. */
  findTerm(ids: ArrayLike<number>, from = 0, to = ids.length): number {
    const { termSlots, termIndex, termStart, termIds } = this.tables;
    const slot = findSlot(termSlots, sequenceKey(ids, from, to));
    if (slot < 0) return -1;
    const term = termIndex[slot]!;
    const at = termStart[term]!;
    if (termStart[term + 1]! - at !== to - from) return -1;
    for (let i = from; i < to; i++) if (termIds[at + i - from] !== ids[i]) return -1;
    return term;
  }

  scan(tokens: Tokens, skip: Uint8Array): ModelFinding[] {
    return this.select(tokens, this.findCandidates(tokens, skip));
  }

  /** Every candidate restoration, scored (`scan` reports the best non-overlapping ones). */
  findCandidates(tokens: Tokens, skip: Uint8Array): TermCandidate[] {
    this.candidates = [];
    this.tokens = tokens;
    this.text = tokens.text;
    const { kinds, gaps, hashes, count } = tokens;
    const bits = this.anchorBits;
    this.runLength = 0;
    let anchored = false;
    for (let i = 0; i < count; i++) {
      const kind = kinds[i]!;
      // A hyphen between two words joins them ("fine-tuning"): the run goes on.
      if (kind === TokenKind.Joiner) continue;
      const word = (kind === TokenKind.Word || kind === TokenKind.Number) && skip[i] === 0;
      if (!word || (gaps[i]! & Gap.Paragraph) !== 0) {
        if (anchored) this.endRun();
        this.runLength = 0;
        anchored = false;
      }
      if (!word) continue;
      if (this.runLength === this.runTokens.length) this.growRun();
      this.runTokens[this.runLength++] = i;
      const bit = hashes[i]! & ANCHOR_BITS_MASK;
      if ((bits[bit >>> 5]! & (1 << (bit & 31))) !== 0) anchored = true;
    }
    if (anchored) this.endRun();
    this.runLength = 0;
    return this.candidates;
  }

  private growRun(): void {
    const size = this.runTokens.length * 2;
    const tokens = new Int32Array(size); tokens.set(this.runTokens); this.runTokens = tokens;
    this.runIds = new Int32Array(size);
    this.runStarts = new Int32Array(size);
  }

  /** Searches a run of connected words that holds a word whose hash may be an anchor's. */
  private endRun(): void {
    const length = this.runLength;
    const tokens = this.tokens!;
    const ids = this.runIds;
    const flags = this.tables.wordFlags;
    const anchor = this.anchor;
    let anchors = 0;
    for (let k = 0; k < length; k++) {
      const token = this.runTokens[k]!;
      const id = this.wordId(tokens.hashes[token]!);
      ids[k] = id;
      this.runStarts[k] = tokens.starts[token]!;
      if (id >= 0 && anchor[id] === 1) anchors++;
    }
    if (anchors === 0) return;
    // Known terms: search from every start that has an anchor within reach.
    let lastAnchor = -1;
    for (let k = length - 1; k >= 0; k--) {
      const id = ids[k]!;
      if (id < 0) continue;
      if (anchor[id] === 1) lastAnchor = k;
      if (lastAnchor < 0 || lastAnchor - k >= MAX_SPAN || this.canStart[id] === 0 || (flags[id]! & WordFlag.Function) !== 0) continue;
      this.searchStart = k;
      this.extend(k, length, 0, 0, SEQUENCE_SEED, 0);
    }
    // Free readings: a short stretch of content words (between function words) whole; in a longer one,
    // each anchor with a word of context on either side.
    let segment = 0;
    for (let k = 0; k <= length; k++) {
      if (k < length && (ids[k]! < 0 || (flags[ids[k]!]! & WordFlag.Function) === 0)) continue;
      if (k - segment >= 2) {
        if (k - segment <= FREE_WINDOW) {
          let anchored = false;
          for (let i = segment; i < k; i++) if (ids[i]! >= 0 && anchor[ids[i]!] === 1) anchored = true;
          if (anchored) {
            this.searchStart = segment;
            this.freeReadings(segment, k, 0, 0);
          }
        } else {
          for (let a = segment; a < k; a++) {
            if (ids[a]! < 0 || anchor[ids[a]!] !== 1) continue;
            this.searchStart = Math.max(segment, a - 1);
            this.freeReadings(this.searchStart, Math.min(k, a + 2), 0, 0);
          }
        }
      }
      segment = k + 1;
    }
  }

  /**
   * Every reading of the window [searchStart, end) in which each word is kept
   * or read by one of its most frequent learned substitutions; each with a
   * change becomes a candidate judged by its word pairs.
   */
  private freeReadings(position: number, end: number, steps: number, changed: number, bound = this.freeBound): void {
    this.readOutput[steps] = steps;
    if (position === end) {
      // `bound` is what the readings bring plus the best the span could add: most readings stop here.
      if (changed > 0 && (bound >= this.minimum || this.collect)) this.record(end, steps, steps, 0, true);
      return;
    }
    const written = this.runIds[position]!;
    this.readFrom[steps] = position;
    this.readKind[steps] = Reading.Kept;
    this.output[steps] = written;
    this.freeReadings(position + 1, end, steps + 1, changed, bound + (written < 0 ? this.weights[Feature.keptUnknown]! : this.keptScore[written]!));
    if (written < 0) return;
    const { subStart, subTarget, subWeight, subKind } = this.tables;
    const from = subStart[written]!;
    const to = subStart[written + 1]!;
    const learnedTotal = this.learnedTotal[written]!;
    for (let s = from, tried = 0; s < to && tried < FREE_OPTIONS; s++, tried++) {
      const kind = subKind[s]!;
      if (kind === SubstitutionKind.Thesaurus) break;
      this.readFrom[steps] = position;
      this.readKind[steps] = kind;
      this.readWeight[steps] = subWeight[s]!;
      this.readShare[steps] = (subWeight[s]! + 0.5) / (learnedTotal + 1);
      this.output[steps] = subTarget[s]!;
      this.freeReadings(position + 1, end, steps + 1, changed + 1, bound + this.subScore[s]!);
    }
  }

  /**
   * Reads the written word at `position` every way it may be read (as itself,
   * by a substitution, by a phrase rewrite starting there) and goes on while
   * the restored words stay a prefix of a known term.
   */
  private extend(position: number, length: number, steps: number, produced: number, key: number, changed: number): void {
    this.readOutput[steps] = produced;
    if (changed > 0 && produced >= 2) this.record(position, steps, produced, key, false);
    if (position === length || position - this.searchStart === MAX_SPAN || steps === MAX_SPAN) return;
    const written = this.runIds[position]!;
    if (written < 0) return;
    this.readFrom[steps] = position;
    this.readKind[steps] = Reading.Kept;
    this.step(position + 1, length, steps, produced, key, changed, written);
    const { subStart, subTarget, subWeight, subKind } = this.tables;
    const from = subStart[written]!;
    const to = subStart[written + 1]!;
    const learnedTotal = this.learnedTotal[written]!;
    for (let s = from; s < to; s++) {
      const kind = subKind[s]!;
      const thesaurus = kind === SubstitutionKind.Thesaurus;
      this.readFrom[steps] = position;
      this.readKind[steps] = kind;
      this.readWeight[steps] = thesaurus ? 0 : subWeight[s]!;
      this.readShare[steps] = thesaurus ? 0 : (subWeight[s]! + 0.5) / (learnedTotal + 1);
      this.step(position + 1, length, steps, produced, key, changed + 1, subTarget[s]!);
    }
    if ((this.tables.wordFlags[written]! & WordFlag.PhraseStart) !== 0) this.phraseRewrites(position, length, steps, produced, key, changed);
  }

  /** Learned rewrites of the written phrase starting at `position` ("bringing into harmony" → "tuning"). */
  private phraseRewrites(position: number, length: number, steps: number, produced: number, key: number, changed: number): void {
    const { phraseSlots, phraseFirst, phraseInLength, phraseCount, phraseOutStart, phraseWeight } = this.tables;
    let writtenKey = extendKey(SEQUENCE_SEED, this.runIds[position]!);
    for (let end = position + 1; end < length && end - position < MAX_PHRASE_IN && end - this.searchStart < MAX_SPAN; end++) {
      const id = this.runIds[end]!;
      if (id < 0) return;
      writtenKey = extendKey(writtenKey, id);
      const slot = findSlot(phraseSlots, writtenKey);
      if (slot < 0 || phraseInLength[slot] !== end - position + 1) continue;
      const first = phraseFirst[slot]!;
      const last = first + phraseCount[slot]!;
      let total = 0;
      for (let r = first; r < last; r++) total += phraseWeight[r]!;
      for (let r = first; r < last; r++) {
        this.readFrom[steps] = position;
        this.readKind[steps] = Reading.Phrase;
        this.readWeight[steps] = phraseWeight[r]!;
        this.readShare[steps] = (phraseWeight[r]! + 0.5) / (total + 1);
        this.stepMany(end + 1, length, steps, produced, key, changed + 1, phraseOutStart[r]!, phraseOutStart[r + 1]!);
      }
    }
  }

  /** Adds one restored word and searches on from `next` while the restoration is a term's prefix. */
  private step(next: number, length: number, steps: number, produced: number, key: number, changed: number, target: number): void {
    if (produced === MAX_OUTPUT) return;
    const nextKey = extendKey(key, target);
    if (findSlot(this.tables.prefixSlots, nextKey) < 0) return;
    this.output[produced] = target;
    this.extend(next, length, steps + 1, produced + 1, nextKey, changed);
  }

  /** `step` for the several restored words of a phrase rewrite. */
  private stepMany(next: number, length: number, steps: number, produced: number, key: number, changed: number, from: number, to: number): void {
    let nextKey = key;
    for (let i = from; i < to; i++) {
      if (produced === MAX_OUTPUT) return;
      const target = this.tables.phraseOut[i]!;
      nextKey = extendKey(nextKey, target);
      if (findSlot(this.tables.prefixSlots, nextKey) < 0) return;
      this.output[produced++] = target;
    }
    this.extend(next, length, steps + 1, produced, nextKey, changed);
  }

  private record(end: number, steps: number, produced: number, key: number, free: boolean): void {
    // The restored words' key is at hand: most prefixes are no whole term, and one probe says so.
    const term = key !== 0 && findSlot(this.tables.termSlots, key) >= 0 ? this.findTerm(this.output, 0, produced) : -1;
    if (term < 0 && !free) return;
    const { termSource, termWeight, wordZipf, plainSlots, pairSlots, wordTerms, wordTortured, wordFlags } = this.tables;
    const ids = this.runIds;
    const start = this.searchStart;
    const w = this.weights;

    // First what the readings themselves say (cheap), then, if the candidate can still be reported, its context.
    const features = this.features.fill(0);
    let changedWords = 0;
    let zipfSum = 0;
    let firstChanged = -1;
    let lastChanged = -1;
    for (let s = 0; s < steps; s++) {
      const kind = this.readKind[s]!;
      const at = this.readFrom[s]!;
      const until = s + 1 < steps ? this.readFrom[s + 1]! : end;
      if (kind === Reading.Kept) {
        const id = ids[at]!;
        if (id < 0) features[Feature.keptUnknown]!++;
        else {
          features[Feature.kept]!++;
          features[Feature.keptTermWords]! += Math.log(1 + wordTerms[id]!);
        }
        continue;
      }
      if (firstChanged < 0) firstChanged = at;
      lastChanged = until - 1;
      for (let i = at; i < until; i++) {
        const id = ids[i]!;
        if ((wordFlags[id]! & WordFlag.Function) !== 0) continue;
        changedWords++;
        zipfSum += wordZipf[id]! / 10;
        features[Feature.writtenTermWords]! += Math.log(1 + wordTerms[id]!);
        features[Feature.torturedness]! += Math.log(1 + wordTortured[id]!);
      }
      const outputEnd = s + 1 < steps ? this.readOutput[s + 1]! : produced;
      for (let o = this.readOutput[s]!; o < outputEnd; o++) features[Feature.restoredTermWords]! += Math.log(1 + wordTerms[this.output[o]!]!);
      if (kind === Reading.Thesaurus) { features[Feature.thesaurus]!++; continue; }
      if (kind === Reading.Inflected) features[Feature.inflected]!++;
      else features[Feature.learned]!++;
      features[Feature.learnedEvidence]! += Math.log(1 + this.readWeight[s]!);
      features[Feature.learnedShare]! += Math.log(this.readShare[s]!);
    }
    if (term >= 0 && (termSource[term]! & TermSource.Pps) !== 0) {
      features[Feature.ppsTerm] = 1;
      features[Feature.ppsTermWeight] = Math.log(1 + termWeight[term]!);
    } else if (term >= 0) {
      features[Feature.thesaurusTerm] = 1;
    } else {
      features[Feature.composed] = 1;
    }
    for (let i = start; i < end; i++) {
      const code = this.text.charCodeAt(this.runStarts[i]!);
      if (code >= 0x41 && code <= 0x5a) features[Feature.capitalized]!++;
    }
    features[Feature.changedZipf] = zipfSum;
    const lastWritten = ids[end - 1]!;
    const lastRestored = this.output[produced - 1]!;
    if (lastWritten >= 0 && lastRestored >= 0 && ((wordFlags[lastWritten]! ^ wordFlags[lastRestored]!) & WordFlag.Plural) !== 0) features[Feature.numberMismatch] = 1;
    features[Feature.bias] = 1;
    let score = 0;
    for (let f = 0; f < FEATURES; f++) score += w[f]! * features[f]!;
    // The context features still to come can only lower the score (while their weights are negative).
    const contextGain = Math.max(0, w[Feature.plainPairs]!) * steps + Math.max(0, w[Feature.pairSupported]!, w[Feature.pairUnsupported]!) * produced;
    if (score + contextGain < this.minimum && !this.collect) return;

    // The written words must not read as English already: not a known term, not an attested sequence.
    let written = SEQUENCE_SEED;
    for (let i = start; i < end; i++) {
      if (ids[i]! < 0) { written = 0; break; }
      written = extendKey(written, ids[i]!);
    }
    if (written !== 0 && (this.findTerm(ids, start, end) >= 0 || findSlot(plainSlots, written) >= 0)) return;
    if (term < 0) {
      for (let i = 0; i + 1 < produced; i++) {
        const a = this.output[i]!;
        const b = this.output[i + 1]!;
        const supported = a >= 0 && b >= 0 && findSlot(pairSlots, extendKey(extendKey(SEQUENCE_SEED, a), b)) >= 0;
        const feature = supported ? Feature.pairSupported : Feature.pairUnsupported;
        features[feature]!++;
        score += w[feature]!;
      }
    }
    // Written pairs that read as English (only across readings: "getting to know", rewritten whole, is English inside).
    for (let r = 1; r < steps; r++) {
      const i = this.readFrom[r]! - 1;
      if (ids[i]! >= 0 && ids[i + 1]! >= 0 && findSlot(plainSlots, extendKey(extendKey(SEQUENCE_SEED, ids[i]!), ids[i + 1]!)) >= 0) {
        features[Feature.plainPairs]!++;
        score += w[Feature.plainPairs]!;
      }
    }
    if (score < this.minimum && !this.collect) return;
    // A known term is reported whole; a free reading only where it changes words (the rest was context).
    const whole = term >= 0;
    const outFrom = whole ? 0 : this.outputIndex(firstChanged, steps, produced);
    const outTo = whole ? produced : this.outputIndex(lastChanged + 1, steps, produced);
    for (let i = outFrom; i < outTo; i++) if (this.output[i]! < 0) return;
    this.candidates.push({
      first: this.runTokens[whole ? start : firstChanged]!,
      last: this.runTokens[whole ? end - 1 : lastChanged]!,
      ids: Array.from(this.output.subarray(outFrom, outTo)),
      term,
      features: features.slice(),
      score,
    });
  }

  /** The index in `output` of the first word restored from written position `position` or later. */
  private outputIndex(position: number, steps: number, produced: number): number {
    for (let s = 0; s < steps; s++) if (this.readFrom[s]! >= position) return this.readOutput[s]!;
    return produced;
  }

  /** The best non-overlapping candidates, as findings in text order. */
  private select(tokens: Tokens, candidates: TermCandidate[]): ModelFinding[] {
    const reported = candidates.filter((c) => c.score >= this.minimum && this.writtenAsRead(tokens, c));
    reported.sort((a, b) => b.score - a.score || (b.last - b.first) - (a.last - a.first) || a.first - b.first);
    const taken: TermCandidate[] = [];
    for (const candidate of reported) {
      if (taken.some((t) => t.first <= candidate.last && candidate.first <= t.last)) continue;
      taken.push(candidate);
    }
    taken.sort((a, b) => a.first - b.first);
    return taken.map((best) => {
      const expected: string[] = [];
      for (const c of reported) {
        if (c.first !== best.first || c.last !== best.last) continue;
        const text = this.restoration(c, tokens);
        if (!expected.includes(text)) expected.push(text);
        if (expected.length === 3) break;
      }
      return { first: best.first, last: best.last, expected, confidence: 1 / (1 + Math.exp(-best.score)) };
    });
  }

  /** The restored words as they are written: a known term in its own spelling ("fine-tuning"). */
  restoration(candidate: TermCandidate, tokens: Tokens): string {
    // Word for word, the writer's hyphens and spaces stand ("k-closest neighbors" → "k-nearest neighbors").
    let written = 0;
    let out = '';
    for (let i = candidate.first; i <= candidate.last; i++) {
      const kind = tokens.kinds[i];
      if (kind === TokenKind.Joiner) { out += '-'; continue; }
      if (written === candidate.ids.length) { written = -1; break; }
      if (written > 0 && tokens.kinds[i - 1] !== TokenKind.Joiner) out += ' ';
      out += this.word(candidate.ids[written++]!);
    }
    if (written === candidate.ids.length) return out;
    return candidate.term >= 0 ? this.termText(candidate.term) : candidate.ids.map((id) => this.word(id)).join(' ');
  }

  /** Guards against two words sharing a 32-bit hash: the written words must be the vocabulary's. */
  private writtenAsRead(tokens: Tokens, candidate: TermCandidate): boolean {
    for (let i = candidate.first; i <= candidate.last; i++) {
      const kind = tokens.kinds[i];
      if (kind !== TokenKind.Word && kind !== TokenKind.Number) continue;
      const id = this.wordId(tokens.hashes[i]!);
      if (id < 0 || this.word(id) !== normalizeWord(tokens.text.slice(tokens.starts[i], tokens.ends[i]))) return false;
    }
    return true;
  }
}
