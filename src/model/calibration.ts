/**
 * How a slot's features become a confidence, with every number fitted on
 * development data by the build script and stored in the model file.
 *
 * 1. A logistic regression turns a slot's features into the odds that the
 *    word was substituted, at the base rate of the data it was fitted on;
 *    dividing that base rate out leaves a likelihood ratio LR_i.
 * 2. A document is either clean or spun at some rate π. Its evidence for
 *    "spun" is  Σ_i ln(1 − π + π·LR_i)  (each slot is substituted with
 *    probability π), averaged over a grid of rates and tempered, because
 *    neighbouring slots are not independent witnesses.
 * 3. A slot's confidence is P(document spun) · P(slot substituted | spun).
 *
 * So one odd word in a clean article stays quiet (the document has no case
 * for being spun), while the same word in a page full of them is reported.
 */
import { FEATURES } from './features.js';

/** Features of a multiword-phrase slot (see `multiword.ts`). */
export const PHRASE_FEATURES = 7;

export const Calibration = {
  /** Logistic weights, one per feature. */
  Weights: 0,
  /** Logit of the substitution rate among the slots the logistic was fitted on. */
  BaseLogit: FEATURES,
  /** Prior log-odds that a document is spun. */
  PriorLogOdds: FEATURES + 1,
  /** Multiplier on the summed document evidence (≤ 1: slots are correlated). */
  Temperature: FEATURES + 2,
  /** Confidence from which a slot is reported. */
  ReportFrom: FEATURES + 3,
  /** |ln LR| is clipped here so that no single slot decides a document. */
  MaxLogRatio: FEATURES + 4,
  /**
   * A slot is reported only when its own ln LR reaches this: in a page full
   * of substitutions the prior alone would otherwise carry a merely unusual
   * word over the threshold.
   */
  MinLogRatio: FEATURES + 5,
  /**
   * The document's own probability of being spun, for the verdict:
   * σ(DocumentBias + DocumentSlope · ln Bayes factor), fitted on development
   * documents half spun, half clean (so 0.8 means about 80% of such
   * documents were spun there).
   */
  DocumentBias: FEATURES + 6,
  DocumentSlope: FEATURES + 7,
  /** Confidence of a tortured phrase (a known term rewritten word by word). */
  TermConfidence: FEATURES + 8,
  /** First-stage weights (without `Feature.TypeEvidence`), whose ln LRs feed that feature. */
  FirstStage: FEATURES + 9,
  /** Logit of the base rate of the first stage. */
  FirstStageBase: 2 * FEATURES + 9,
  /** Weights of the multiword-phrase scorer (`multiword.ts`), one per phrase feature. */
  PhraseWeights: 2 * FEATURES + 10,
  /** Logit of the base rate the phrase scorer was fitted at. */
  PhraseBase: 2 * FEATURES + 10 + PHRASE_FEATURES,
  /** Words are reported only in sections at least this likely spun (a clean page's borderline section stays quiet). */
  SectionFrom: 2 * FEATURES + 11 + PHRASE_FEATURES,
} as const;
export const CALIBRATION_LENGTH = 2 * FEATURES + 12 + PHRASE_FEATURES;

/** Spin rates the document evidence is averaged over (uniform prior). */
export const RATE_GRID: readonly number[] = [0.02, 0.04, 0.07, 0.1, 0.15, 0.2, 0.3, 0.4];

export interface DocumentPosterior {
  /** P(document spun | slots). */
  spun: number;
  /** ln P(slots | spun) / P(slots | clean), tempered. */
  logBayesFactor: number;
  /** P(slot substituted | document spun), per slot. */
  slots: Float64Array;
}

/**
 * Tempered ln P(slots | rate π) − ln P(slots | clean) for each π of the grid,
 * over the slots `use` admits, from the slots' likelihood ratios exp(ln LR).
 */
function rateEvidence(ratios: Float64Array, count: number, temperature: number, use?: Uint8Array, weights?: Float64Array): Float64Array {
  const evidence = new Float64Array(RATE_GRID.length);
  for (let g = 0; g < RATE_GRID.length; g++) {
    const pi = RATE_GRID[g]!;
    let sum = 0;
    for (let i = 0; i < count; i++) if (!use || use[i] === 1) sum += (weights ? weights[i]! : 1) * Math.log(1 - pi + pi * ratios[i]!);
    evidence[g] = sum * temperature;
  }
  return evidence;
}

/**
 * Step 2 and 3 above, from the slots' log likelihood ratios. `open` marks
 * the slots still to be explained (not already reported by a list): the
 * substitution rate a slot's posterior assumes is estimated on those alone,
 * so that a page whose substitutions the lists have found does not lend its
 * high rate to the ordinary words that remain (explaining away). `slotWeights`
 * scale each slot's evidence: the scanner gives the n occurrences of a word
 * 1/n each, since a farm's consistent substitution (or a page that repeats
 * a word) is one decision, not n independent ones.
 */
export function documentPosterior(
  logRatios: Float64Array,
  count: number,
  calibration: Float32Array,
  open?: Uint8Array,
  slotWeights?: Float64Array,
  /** Where to write the slots' posteriors (count long); a new array by default. */
  into?: Float64Array,
): DocumentPosterior {
  const temperature = calibration[Calibration.Temperature]!;
  // Each slot's likelihood ratio, once (every rate of the grid needs it, twice).
  if (ratioScratch.length < count) ratioScratch = new Float64Array(Math.max(count, 2 * ratioScratch.length));
  const ratios = ratioScratch;
  for (let i = 0; i < count; i++) ratios[i] = Math.exp(logRatios[i]!);
  const evidence = rateEvidence(ratios, count, temperature, undefined, slotWeights);
  let top = -Infinity;
  for (const e of evidence) top = Math.max(top, e);
  let total = 0;
  for (let g = 0; g < RATE_GRID.length; g++) total += Math.exp(evidence[g]! - top);
  const logBayesFactor = count === 0 ? 0 : top + Math.log(total / RATE_GRID.length);
  // The rate for the slots' posteriors: from the open slots when some are closed.
  let closed = false;
  if (open) for (let i = 0; i < count && !closed; i++) closed = open[i] === 0;
  const rates = closed ? rateEvidence(ratios, count, temperature, open, slotWeights) : evidence;
  top = -Infinity;
  for (const e of rates) top = Math.max(top, e);
  total = 0;
  const weights = new Float64Array(RATE_GRID.length);
  for (let g = 0; g < RATE_GRID.length; g++) total += weights[g] = Math.exp(rates[g]! - top);
  const spun = 1 / (1 + Math.exp(-(calibration[Calibration.PriorLogOdds]! + logBayesFactor)));
  const slots = into ? into.fill(0, 0, count) : new Float64Array(count);
  for (let g = 0; g < RATE_GRID.length; g++) {
    const pi = RATE_GRID[g]!;
    const w = weights[g]! / total;
    for (let i = 0; i < count; i++) {
      const odds = (pi / (1 - pi)) * ratios[i]!;
      slots[i]! += (w * odds) / (1 + odds);
    }
  }
  return { spun, logBayesFactor, slots };
}

/** Scratch for `documentPosterior` (a section at a time: reused, not allocated per section). */
let ratioScratch = new Float64Array(1024);

/** The calibrated document probability from the strongest section's Bayes factor. */
export function documentProbability(logBayesFactor: number, calibration: Float32Array): number {
  return 1 / (1 + Math.exp(-(calibration[Calibration.DocumentBias]! + calibration[Calibration.DocumentSlope]! * logBayesFactor)));
}
