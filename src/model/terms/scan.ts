/**
 * The term restorer: finds tortured science terms that no list contains
 * ("counterfeit neural organization") and restores the term a paper mill
 * started from ("artificial neural network").
 *
 * A paper mill runs a synonym spinner over established terms, word by word.
 * So a written span is suspicious when its words, each read either as
 * itself or as an original the spinner replaces by it, spell out a known
 * term ("artificial neural network"), while the span as written is not a
 * term and not ordinary English. Where no known term fits, a span whose
 * restored word pairs all occur inside known terms ("cross entropy" +
 * "entropy function") is the weaker, composed reading.
 *
 * Cost: only windows holding an *anchor* (a word the PPS training pairs saw
 * a mill write for another) are searched, and the search from each start
 * follows only prefixes of known terms (or pairs inside terms), so a window
 * costs a handful of integer probes. Nothing is allocated per token.
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
 * The scorer's weights (ln odds). A candidate's score adds, per changed word,
 * how sure the substitution is, and for the whole span how established the
 * restored term is; the finding's confidence is a logistic of the score.
 * Set on the development fold of the PPS training pairs and clean
 * development text (see scripts/build-terms.ts --dev).
 */
export const WEIGHTS = {
  /** A substitution seen in the training pairs, before its share of the written word's substitutions. */
  learned: 2.0,
  /** The same, learned for another inflection of the word. */
  inflected: 1.2,
  /** A thesaurus relation only (the written word is a synonym of the original). */
  thesaurus: -1.5,
  /** A restoration that is an expected phrase of the PPS pairs (plus ln of how many pairs restore to it). */
  ppsTerm: 1.0,
  /** A restoration that is only a MyThes head word. */
  thesaurusTerm: -0.5,
  /** A restoration composed of word pairs seen inside terms, but not itself a known term. */
  composed: -1.5,
  /** A changed word that forms a pair attested in ordinary English with a written neighbour. */
  plainNeighbour: -2.5,
  /** Bias of the logistic that turns a score into a confidence. */
  bias: -1.0,
  /** Scores below this are not reported. */
  report: 1.0,
};

export interface TermCandidate {
  /** Token indices of the first and last written word. */
  first: number;
  last: number;
  /** Restored word ids. */
  ids: number[];
  /** The known term it forms, or -1 for a composed restoration. */
  term: number;
  score: number;
}

export class TermModel implements LanguageModel {
  readonly tables: TermTables;
  private words: string[] | null = null;
  private termTexts: string[] | null = null;

  // The current run of connected words (no punctuation between them).
  private runTokens = new Int32Array(64);
  private runIds = new Int32Array(64);
  private runLength = 0;

  // Depth-first search state: the restored ids so far and, per written word, how it was read.
  private readonly output = new Int32Array(MAX_OUTPUT);
  private searchStart = 0;
  private candidates: TermCandidate[] = [];

  constructor(tables: TermTables) {
    this.tables = tables;
  }

  /** The id of a word hash, or -1. */
  wordId(hash: number): number {
    if (hash === 0) return -1;
    const slot = findSlot(this.tables.wordSlots, hash);
    return slot < 0 ? -1 : this.tables.wordId[slot]!;
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
  findTerm(ids: ArrayLike<number>, length = ids.length): number {
    const { termSlots, termIndex, termStart, termIds } = this.tables;
    const slot = findSlot(termSlots, sequenceKey(ids, 0, length));
    if (slot < 0) return -1;
    const term = termIndex[slot]!;
    const from = termStart[term]!;
    if (termStart[term + 1]! - from !== length) return -1;
    for (let i = 0; i < length; i++) if (termIds[from + i] !== ids[i]) return -1;
    return term;
  }

  scan(tokens: Tokens, skip: Uint8Array): ModelFinding[] {
    return this.select(tokens, this.findCandidates(tokens, skip));
  }

  /** Every candidate restoration, scored (for tuning; `scan` keeps the best non-overlapping ones). */
  findCandidates(tokens: Tokens, skip: Uint8Array): TermCandidate[] {
    this.candidates = [];
    const { kinds, gaps, hashes, count } = tokens;
    this.runLength = 0;
    for (let i = 0; i < count; i++) {
      const kind = kinds[i]!;
      // A hyphen between two words joins them ("fine-tuning"): the run goes on.
      if (kind === TokenKind.Joiner) continue;
      const word = (kind === TokenKind.Word || kind === TokenKind.Number) && skip[i] === 0;
      if (!word || (gaps[i]! & Gap.Paragraph) !== 0) this.endRun(tokens);
      if (word) this.pushRun(i, this.wordId(hashes[i]!));
    }
    this.endRun(tokens);
    return this.candidates;
  }

  private pushRun(token: number, id: number): void {
    if (this.runLength === this.runTokens.length) {
      const tokens = new Int32Array(this.runLength * 2); tokens.set(this.runTokens); this.runTokens = tokens;
      const ids = new Int32Array(this.runLength * 2); ids.set(this.runIds); this.runIds = ids;
    }
    this.runTokens[this.runLength] = token;
    this.runIds[this.runLength] = id;
    this.runLength++;
  }

  private endRun(tokens: Tokens): void {
    const length = this.runLength;
    this.runLength = 0;
    if (length === 0) return;
    const flags = this.tables.wordFlags;
    // Search from every start that has an anchor within reach.
    let lastAnchor = -1;
    for (let k = length - 1; k >= 0; k--) {
      const id = this.runIds[k]!;
      if (id >= 0 && (flags[id]! & WordFlag.Anchor) !== 0) lastAnchor = k;
      if (lastAnchor < 0 || lastAnchor - k >= MAX_SPAN || id < 0 || (flags[id]! & WordFlag.Function) !== 0) continue;
      this.searchStart = k;
      this.extend(tokens, k, length, 0, SEQUENCE_SEED, 0, 0, 0, true);
    }
  }

  /**
   * Reads the written word at `position` every way it may be read and goes on
   * while the restored words stay a prefix of a known term (`prefix`) or a
   * chain of pairs seen inside terms (`chain`, learned readings only).
   */
  private extend(tokens: Tokens, position: number, length: number, produced: number, key: number,
    changed: number, score: number, thesaurusChanges: number, chain: boolean): void {
    if (changed > 0 && position - this.searchStart >= 1 && produced >= 2) this.record(tokens, position, produced, key, score, thesaurusChanges, chain);
    if (position === length || position - this.searchStart === MAX_SPAN) return;
    const written = this.runIds[position]!;
    if (written < 0) return;
    const { subStart, subTarget, subWeight, subKind } = this.tables;
    this.tryReading(tokens, position, length, produced, key, changed, score, thesaurusChanges, chain, written, 0, 0);
    const from = subStart[written]!;
    const to = subStart[written + 1]!;
    if (from === to) return;
    let learnedTotal = 0;
    for (let s = from; s < to; s++) if (subKind[s] !== SubstitutionKind.Thesaurus) learnedTotal += subWeight[s]!;
    for (let s = from; s < to; s++) {
      const kind = subKind[s]!;
      const gain = kind === SubstitutionKind.Thesaurus
        ? WEIGHTS.thesaurus
        : (kind === SubstitutionKind.Learned ? WEIGHTS.learned : WEIGHTS.inflected) + Math.log((subWeight[s]! + 0.5) / (learnedTotal + 1));
      this.tryReading(tokens, position, length, produced, key, changed + 1, score + gain,
        thesaurusChanges + (kind === SubstitutionKind.Thesaurus ? 1 : 0), chain && kind !== SubstitutionKind.Thesaurus, subTarget[s]!, kind, gain);
    }
  }

  private tryReading(tokens: Tokens, position: number, length: number, produced: number, key: number,
    changed: number, score: number, thesaurusChanges: number, chain: boolean, target: number, _kind: number, _gain: number): void {
    if (produced === MAX_OUTPUT) return;
    // key 0: the restored words so far are no term's prefix (only a chain).
    const next = key === 0 ? 0 : extendKey(key, target);
    const prefix = next !== 0 && findSlot(this.tables.prefixSlots, next) >= 0;
    let chained = false;
    if (chain) {
      chained = produced === 0 || findSlot(this.tables.pairSlots, extendKey(extendKey(SEQUENCE_SEED, this.output[produced - 1]!), target)) >= 0;
    }
    if (!prefix && !chained) return;
    this.output[produced] = target;
    this.extend(tokens, position + 1, length, produced + 1, prefix ? next : 0, changed, score, thesaurusChanges, chained);
  }

  private record(tokens: Tokens, end: number, produced: number, key: number, score: number, thesaurusChanges: number, chain: boolean): void {
    const term = key !== 0 ? this.findTerm(this.output, produced) : -1;
    if (term < 0 && !chain) return;
    if (term < 0 && thesaurusChanges > 0) return;
    const first = this.runTokens[this.searchStart]!;
    const last = this.runTokens[end - 1]!;
    let total = score;
    if (term >= 0) {
      total += this.tables.termSource[term]! & TermSource.Pps
        ? WEIGHTS.ppsTerm + Math.log(1 + this.tables.termWeight[term]!)
        : WEIGHTS.thesaurusTerm;
    } else {
      total += WEIGHTS.composed;
    }
    total += this.writtenPenalty(end);
    if (!Number.isFinite(total)) return;
    this.candidates.push({ first, last, ids: Array.from(this.output.subarray(0, produced)), term, score: total });
    void tokens;
  }

  /**
   * The written span must not read as English already: not a known term, not
   * an attested sequence. A changed word that forms an attested pair with a
   * written neighbour weakens the reading.
   */
  private writtenPenalty(end: number): number {
    const start = this.searchStart;
    const ids = this.runIds;
    const { plainSlots, prefixSlots } = this.tables;
    if (this.findTerm(ids.subarray(start, end)) >= 0) return -Infinity;
    let key = SEQUENCE_SEED;
    for (let i = start; i < end; i++) key = extendKey(key, ids[i]!);
    if (findSlot(plainSlots, key) >= 0) return -Infinity;
    void prefixSlots;
    let penalty = 0;
    for (let i = start; i + 1 < end; i++) {
      if (findSlot(plainSlots, extendKey(extendKey(SEQUENCE_SEED, ids[i]!), ids[i + 1]!)) >= 0) penalty += WEIGHTS.plainNeighbour;
    }
    return penalty;
  }

  /** The best non-overlapping candidates, as findings in text order. */
  private select(tokens: Tokens, candidates: TermCandidate[]): ModelFinding[] {
    const reported = candidates.filter((c) => c.score >= WEIGHTS.report && this.writtenAsRead(tokens, c));
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
        const text = c.term >= 0 ? this.termText(c.term) : c.ids.map((id) => this.word(id)).join(' ');
        if (!expected.includes(text)) expected.push(text);
        if (expected.length === 3) break;
      }
      return { first: best.first, last: best.last, expected, confidence: 1 / (1 + Math.exp(-(best.score + WEIGHTS.bias))) };
    });
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
