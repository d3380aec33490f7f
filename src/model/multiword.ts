/**
 * Multiword substitutions: a spinner that writes "pull through" for
 * "survive" or "like-minded" for "like" leaves a phrase where a word stood.
 * A phrase slot is a run of two or three words that some thesaurus offers as
 * a synonym of a single word; it is weighed like a word slot, on a smaller
 * set of features with weights of its own (fitted by the build).
 */
import { Calibration, PHRASE_FEATURES } from './calibration.js';
import type { DocumentCounts } from './features.js';
import { findSlot } from './hashtable.js';
import type { ModelData } from './model.js';
import { phraseKey } from './phrases.js';
import { FIRST_WORD_ID, Special, type Sequence } from './sequence.js';

export interface PhraseTables {
  /** Per word id: 1 when some written phrase starts with it. */
  first: Uint8Array;
  keys: Uint32Array;
  /** Per table slot: its originals are ids[offsets[slot] .. offsets[slot + 1]). */
  offsets: Uint32Array;
  ids: Uint32Array;
  /** ln P(phrase | original). */
  logChannel: Float32Array;
}

export const PhraseFeature = {
  Bias: 0,
  /** Best original's bigram gain over the written phrase, plus its channel ln probability. */
  Best: 1,
  /** ln(1 + the rarest word pair inside the written phrase's corpus count): set phrases are English. */
  Attested: 2,
  /** 1 when the best original occurs in the document. */
  CandidatePresent: 3,
  /** ln P1 of the best original. */
  Frequency: 4,
  /** Word vectors: the original's fit to the context minus the phrase words' mean fit. */
  VectorContext: 5,
  /** 1 when the phrase starts with a capital. */
  Capitalised: 6,
} as const;

export interface PhraseSlot {
  /** Sequence position of the first word. */
  position: number;
  length: number;
  /** The best original's id. */
  best: number;
  /** ln likelihood ratio of "substituted". */
  logRatio: number;
  features: Float64Array;
}

const MAX_WORDS = 3;
const neighbour = (sequence: Sequence, p: number) => (p >= 0 && p < sequence.length ? sequence.ids[p]! : Special.Boundary);

export { PHRASE_FEATURES };

/** Written phrases of the text that a thesaurus offers for a single word, scored (`keepAll`: also the unlikely ones, for fitting). */
export function phraseSlots(
  data: ModelData,
  sequence: Sequence,
  counts: DocumentCounts,
  capitalised: (position: number) => boolean,
  contextFit: (position: number, length: number, candidate: number) => number,
  keepAll = false,
  from = 0,
  to = sequence.length,
): PhraseSlot[] {
  const tables = data.phrases;
  const lm = data.ngrams;
  const logP1 = lm.tables.logUnigram;
  const calibration = data.calibration;
  const base = calibration[Calibration.PhraseBase]!;
  const clip = calibration[Calibration.MaxLogRatio]!;
  const slots: PhraseSlot[] = [];
  for (let p = from; p < to && p + 1 < sequence.length; p++) {
    const first = sequence.ids[p]!;
    if (first < FIRST_WORD_ID || tables.first[first] === 0) continue;
    for (let n = MAX_WORDS; n >= 2; n--) {
      if (p + n > sequence.length) continue;
      let words = true;
      for (let j = 1; j < n; j++) if (sequence.ids[p + j]! < FIRST_WORD_ID) words = false;
      if (!words) continue;
      const slot = findSlot(tables.keys, phraseKey(sequence.ids.subarray(p, p + n), n));
      if (slot < 0) continue;
      const l1 = neighbour(sequence, p - 1);
      const r1 = neighbour(sequence, p + n);
      let written = lm.logBigram(l1, first) + lm.logBigram(sequence.ids[p + n - 1]!, r1);
      let rarest = Infinity;
      for (let j = 1; j < n; j++) {
        written += lm.logBigram(sequence.ids[p + j - 1]!, sequence.ids[p + j]!);
        rarest = Math.min(rarest, lm.bigramCount(sequence.ids[p + j - 1]!, sequence.ids[p + j]!));
      }
      let best = -1;
      let bestScore = -Infinity;
      for (let k = tables.offsets[slot]!; k < tables.offsets[slot + 1]!; k++) {
        const c = tables.ids[k]!;
        const score = lm.logBigram(l1, c) + lm.logBigram(c, r1) - written + tables.logChannel[k]!;
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      if (best < 0) continue;
      const features = new Float64Array(PHRASE_FEATURES);
      features[PhraseFeature.Bias] = 1;
      features[PhraseFeature.Best] = bestScore;
      features[PhraseFeature.Attested] = Math.log1p(rarest);
      features[PhraseFeature.CandidatePresent] = counts.get(best) > 0 ? 1 : 0;
      features[PhraseFeature.Frequency] = logP1[best]!;
      const vector = contextFit(p, n, best);
      features[PhraseFeature.VectorContext] = vector === vector ? vector : 0;
      features[PhraseFeature.Capitalised] = capitalised(p) ? 1 : 0;
      let z = 0;
      for (let f = 0; f < PHRASE_FEATURES; f++) z += calibration[Calibration.PhraseWeights + f]! * features[f]!;
      const logRatio = Math.max(-clip, Math.min(clip, z - base));
      // A phrase no likelier substituted than not is never reported: keep it only when fitting.
      if (keepAll || logRatio > 0) slots.push({ position: p, length: n, best, logRatio, features });
      break;
    }
  }
  return slots;
}
