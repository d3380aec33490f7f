/**
 * Tortured phrases: an established term rewritten word by word with
 * synonyms ("counterfeit consciousness" for "artificial intelligence",
 * "Chilly Warfare" for "Cold War"). A word-by-word synonym of a known term
 * that is not itself attested English is the signature of a spinner, and
 * the term is the restoration. In running text plenty of ordinary word
 * pairs also have some synonym pair that names something, so the scanner
 * reports these only where the section is judged spun, or when the input
 * is a phrase on its own (where no document evidence can exist).
 *
 * Each written word may stand for itself, for an original a paper mill was
 * seen to replace by it (learned from the PPS training pairs), or for a
 * thesaurus candidate; a depth-first walk over those options follows only
 * prefixes of known terms, so it costs a lookup or two per word.
 */
import { findSlot, pairKey } from './hashtable.js';
import type { ModelData } from './model.js';
import { FIRST_WORD_ID, type Sequence } from './sequence.js';

export const TermSource = {
  /** An expected phrase of the PPS training pairs. */
  Pps: 1,
  /** A MyThes multiword head word. */
  Thesaurus: 2,
} as const;

/** Key of the first n ids of a phrase, as the term and prefix tables store it. */
export function phraseKey(ids: ArrayLike<number>, n: number): number {
  let key = pairKey(0x3c6ef372, ids[0]!);
  for (let i = 1; i < n; i++) key = pairKey(key, ids[i]!);
  return key;
}

export interface TermTables {
  /** Per word id: 1 when some term starts with it (a cheap first filter). */
  termFirst: Uint8Array;
  termKeys: Uint32Array;
  termSources: Uint8Array;
  prefixKeys: Uint32Array;
  learnedOffsets: Uint32Array;
  learnedIds: Uint32Array;
  learnedCounts: Uint16Array;
}

export interface TermMatch {
  /** Sequence position of the first word. */
  position: number;
  /** The term's `TermSource` bits (0 when not a known term). */
  source: number;
  length: number;
  /** The term's word ids. */
  ids: number[];
  score: number;
}

const MAX_WORDS = 4;
/** Thesaurus candidates tried per word (the learned substitutions are all tried). */
const THESAURUS_OPTIONS = 16;
/**
 * Scores are ln probabilities that a written word stands for an option:
 * itself with probability KEEP; otherwise an original a paper mill was seen
 * to replace by it (in proportion to how often), or, less likely, a
 * thesaurus candidate (by its channel probability).
 */
const KEEP = Math.log(0.6);
const LEARNED = Math.log(0.35);
const THESAURUS = Math.log(0.05);
/** A term from the PPS expected phrases is likelier to be the original than a MyThes head word. */
const PPS_TERM_BONUS = 1.5;
/** Pairs seen this often in the news corpus are English as written. */
const ATTESTED_PAIR = 2;

interface Walk {
  /** The input is a phrase on its own (any known term will do). */
  phrase: boolean;
  data: ModelData;
  terms: TermTables;
  sequence: Sequence;
  start: number;
  chosen: number[];
  best: TermMatch | null;
}

/**
 * Depth-first over the options of the word at `start + depth`, following
 * term prefixes only. `thesaurus`: a change so far came from a thesaurus
 * candidate. In running text only a paper-mill (PPS) term reached through
 * learned substitutions is accepted: plenty of ordinary word pairs have
 * some synonym pair that names something ("dual-use" → "double take"), and
 * idioms spun word by word ("Chilly Warfare") are the pair check's
 * (`pairGain` in features.ts), which weighs the news statistics.
 */
function visit(walk: Walk, depth: number, key: number, changed: number, score: number, thesaurus = false): void {
  const { data, terms, sequence, start, chosen } = walk;
  const position = start + depth;
  if (position >= sequence.length) return;
  const written = sequence.ids[position]!;
  if (written < FIRST_WORD_ID) return;
  const consider = (option: number, gain: number, viaThesaurus = false) => {
    if (depth === 0 && terms.termFirst[option] === 0) return;
    const usedThesaurus = thesaurus || viaThesaurus;
    const next = depth === 0 ? phraseKey([option], 1) : pairKey(key, option);
    chosen[depth] = option;
    const nowChanged = changed + (option === written ? 0 : 1);
    if (depth >= 1 && nowChanged > 0) {
      const slot = findSlot(terms.termKeys, next);
      const source = slot >= 0 ? terms.termSources[slot]! : 0;
      const acceptable = source !== 0 && (walk.phrase || (source & TermSource.Pps && !usedThesaurus));
      if (acceptable) {
        const total = score + gain + (source & TermSource.Pps ? PPS_TERM_BONUS : 0);
        if (!walk.best || total > walk.best.score || (total === walk.best.score && depth + 1 > walk.best.length)) {
          walk.best = { position: start, length: depth + 1, ids: chosen.slice(0, depth + 1), score: total, source };
        }
      }
    }
    if (depth + 1 < MAX_WORDS && findSlot(terms.prefixKeys, next) >= 0) visit(walk, depth + 1, next, nowChanged, score + gain, usedThesaurus);
  };
  consider(written, KEEP);
  const { learnedOffsets, learnedIds, learnedCounts } = terms;
  let total = 0;
  for (let k = learnedOffsets[written]!; k < learnedOffsets[written + 1]!; k++) total += learnedCounts[k]!;
  for (let k = learnedOffsets[written]!; k < learnedOffsets[written + 1]!; k++) {
    consider(learnedIds[k]!, LEARNED + Math.log(learnedCounts[k]! / total));
  }
  // In running text a term reached through the thesaurus is never accepted, so its options are not walked.
  if (!walk.phrase) return;
  const from = data.candidateOffsets[written]!;
  const to = Math.min(data.candidateOffsets[written + 1]!, from + THESAURUS_OPTIONS);
  for (let k = from; k < to; k++) consider(data.candidateIds[k]!, THESAURUS + data.candidateLogChannel[k]!, true);
}

/**
 * True when the written phrase reads as English already: a term itself, or
 * a word pair of it seen in the corpus (at least twice for a phrase on its
 * own, at all in running text).
 */
function attested(data: ModelData, terms: TermTables, sequence: Sequence, match: TermMatch, phrase: boolean): boolean {
  const enough = phrase ? ATTESTED_PAIR : 1;
  const written = sequence.ids.subarray(match.position, match.position + match.length);
  if (findSlot(terms.termKeys, phraseKey(written, written.length)) >= 0) return true;
  for (let i = 0; i + 1 < written.length; i++) {
    if (data.ngrams.bigramCount(written[i]!, written[i + 1]!) >= enough) return true;
  }
  return false;
}

/** A learned substitution trusted without a known term: seen this often, and this large a share of the word's. */
const LEARNED_TRUSTED_COUNT = 2;
const LEARNED_TRUSTED_SHARE = 0.5;

/** The word's most frequent learned original when it is trusted on its own, else -1. */
function trustedOriginal(terms: TermTables, written: number, minCount: number): number {
  const from = terms.learnedOffsets[written]!;
  const to = terms.learnedOffsets[written + 1]!;
  if (from === to) return -1;
  let total = 0;
  for (let k = from; k < to; k++) total += terms.learnedCounts[k]!;
  const top = terms.learnedCounts[from]!;
  return top >= minCount && top / total >= LEARNED_TRUSTED_SHARE ? terms.learnedIds[from]! : -1;
}

/**
 * Without a known term: a run of two or more words, not attested as
 * written, in which paper-mill substitutions seen repeatedly in the
 * training pairs explain at least one word and the others stand as they are.
 */
function learnedRun(data: ModelData, terms: TermTables, sequence: Sequence, p: number, leading: boolean): TermMatch | null {
  const ids: number[] = [];
  let changed = 0;
  for (let q = p; q < sequence.length && q - p < MAX_WORDS; q++) {
    const written = sequence.ids[q]!;
    if (written < FIRST_WORD_ID) break;
    // A phrase on its own has nothing else to go by: one sighting of a substitution will do.
    const original = trustedOriginal(terms, written, leading ? 1 : LEARNED_TRUSTED_COUNT);
    ids.push(original >= 0 ? original : written);
    if (original >= 0) changed++;
  }
  // Trim words left as written at the end: the run ends at its last substitution.
  while (ids.length > 0 && ids[ids.length - 1] === sequence.ids[p + ids.length - 1]) ids.pop();
  if (changed === 0 || ids.length < 2 || (!leading && ids[0] === sequence.ids[p])) return null;
  return { position: p, length: ids.length, ids, score: 0, source: 0 };
}

/** Options tried per word by the phrase decoder. */
const DECODER_OPTIONS = 12;
/** ln gain over the words as written that the decoder needs to propose a restoration. */
const DECODER_GAIN = 2;
/** Weight of the n-gram statistics against the substitution probabilities in the decoder. */
const DECODER_LM = 1;

/**
 * For a phrase on its own with no known term in reach: the likeliest
 * original word sequence under the n-gram statistics (which include the
 * PPS training terms) and the substitution probabilities, by Viterbi over
 * each word's options.
 */
function decodePhrase(data: ModelData, terms: TermTables, sequence: Sequence, p: number): TermMatch | null {
  let q = p;
  while (q < sequence.length && q - p < MAX_WORDS && sequence.ids[q]! >= FIRST_WORD_ID) q++;
  const n = q - p;
  if (n < 2) return null;
  const lm = data.ngrams;
  const options: Array<Array<{ id: number; score: number }>> = [];
  for (let i = 0; i < n; i++) {
    const written = sequence.ids[p + i]!;
    const list = [{ id: written, score: KEEP }];
    const { learnedOffsets, learnedIds, learnedCounts } = terms;
    let total = 0;
    for (let k = learnedOffsets[written]!; k < learnedOffsets[written + 1]!; k++) total += learnedCounts[k]!;
    for (let k = learnedOffsets[written]!; k < learnedOffsets[written + 1]!; k++) list.push({ id: learnedIds[k]!, score: LEARNED + Math.log(learnedCounts[k]! / total) });
    const from = data.candidateOffsets[written]!;
    for (let k = from; k < Math.min(data.candidateOffsets[written + 1]!, from + THESAURUS_OPTIONS); k++) {
      list.push({ id: data.candidateIds[k]!, score: THESAURUS + data.candidateLogChannel[k]! });
    }
    options.push(list.slice(0, DECODER_OPTIONS + 1));
  }
  const before = p > 0 ? sequence.ids[p - 1]! : 1;
  const after = q < sequence.length ? sequence.ids[q]! : 1;
  // best[i][j]: best score of a path ending in option j of word i; from[i][j]: its predecessor.
  const bigram = (a: number, b: number) => DECODER_LM * lm.logBigram(a, b);
  let best = options[0]!.map((o) => o.score + bigram(before, o.id));
  const back: number[][] = [];
  for (let i = 1; i < n; i++) {
    const next: number[] = [];
    const from: number[] = [];
    for (const o of options[i]!) {
      let top = -Infinity;
      let arg = 0;
      options[i - 1]!.forEach((prev, j) => {
        const score = best[j]! + bigram(prev.id, o.id);
        if (score > top) { top = score; arg = j; }
      });
      next.push(top + o.score);
      from.push(arg);
    }
    back.push(from);
    best = next;
  }
  let end = 0;
  let top = -Infinity;
  options[n - 1]!.forEach((o, j) => {
    const score = best[j]! + bigram(o.id, after);
    if (score > top) { top = score; end = j; }
  });
  const path = new Array<number>(n);
  path[n - 1] = end;
  for (let i = n - 1; i > 0; i--) path[i - 1] = back[i - 1]![path[i]!]!;
  let written = bigram(before, options[0]![0]!.id) + KEEP * n + bigram(options[n - 1]![0]!.id, after);
  for (let i = 1; i < n; i++) written += bigram(options[i - 1]![0]!.id, options[i]![0]!.id);
  if (path.every((j) => j === 0) || top - written < DECODER_GAIN) return null;
  return { position: p, length: n, ids: path.map((j, i) => options[i]![j]!.id), score: top - written, source: 0 };
}

/**
 * Non-overlapping tortured-phrase matches, in text order. `phrase`: the
 * input is a phrase on its own (a run may then start with a word left as
 * written). `from`/`to`: the range of positions a match may start in;
 * `within`: which of them to look at, indexed from `from` (all when null).
 */
export function findTortured(
  data: ModelData,
  terms: TermTables,
  sequence: Sequence,
  phrase = false,
  within: Uint8Array | null = null,
  from = 0,
  to = sequence.length,
): TermMatch[] {
  const matches: TermMatch[] = [];
  const walk: Walk = { phrase, data, terms, sequence, start: 0, chosen: new Array<number>(MAX_WORDS), best: null };
  for (let p = from; p < to; p++) {
    if (sequence.ids[p]! < FIRST_WORD_ID || (within && within[p - from] === 0)) continue;
    walk.start = p;
    walk.best = null;
    visit(walk, 0, 0, 0, 0);
    let best = walk.best as TermMatch | null;
    // A phrase on its own: a paper-mill term is the likeliest original; failing that, the decoder weighs every option.
    if (phrase && !(best && best.source & TermSource.Pps)) best = decodePhrase(data, terms, sequence, p) ?? best;
    // Learned substitutions without a term are too common in running text ("firm" → "company").
    if (phrase) best ??= learnedRun(data, terms, sequence, p, phrase);
    if (!best || attested(data, terms, sequence, best, phrase)) continue;
    matches.push(best);
    p += best.length - 1;
  }
  return matches;
}
