/**
 * The document verdict: how much of the text is evidence of spinning.
 *
 * A raw count would punish long articles and forgive short ones, so the score
 * multiplies two saturating terms:
 *  - diversity: the summed confidence of *distinct* tortured phrases (a farm
 *    leaves many different ones; one odd phrase repeated is one piece of evidence),
 *  - density: that evidence per 1,000 words, with a floor of 150 words so that
 *    a two-line text cannot reach a high density from a single phrase.
 * A long clean article with one odd phrase has low density and low diversity,
 * so it stays far below the threshold.
 *
 * When the statistical model ran, its own calibrated document probability
 * joins in (see `judge`).
 */
import type { Finding, Verdict } from '../types.js';

/** `spun` is reported from this score on. */
export const SPUN_THRESHOLD = 0.5;

/** Evidence (summed confidence) at which the diversity term reaches 1 − 1/e. */
const DIVERSITY_SCALE = 1.5;
/** Evidence per 1,000 words at which the density term reaches one half. */
const DENSITY_HALF = 4;
const MIN_WORDS = 150;

export interface VerdictInput {
  findings: readonly Finding[];
  /** Words analysed (chrome excluded). */
  words: number;
  /**
   * The statistical model's calibrated probability that the document is spun
   * (`ModelAssessment.spun`), when the model ran. It weighs every word the
   * model scored, not only the findings it reported, so it replaces the
   * model findings' share of the evidence below.
   */
  modelSpun?: number;
}

export function evidence(findings: readonly Finding[]): number {
  const best = new Map<string, number>();
  for (const finding of findings) {
    const key = finding.actual.toLowerCase().replace(/\s+/g, ' ');
    best.set(key, Math.max(best.get(key) ?? 0, finding.confidence));
  }
  let sum = 0;
  for (const confidence of best.values()) sum += confidence;
  return sum;
}

/** The lists' score: diversity × density of the findings' evidence (see the file comment). */
function listScore(findings: readonly Finding[], words: number): number {
  const total = evidence(findings);
  if (total === 0) return 0;
  const diversity = 1 - Math.exp(-total / DIVERSITY_SCALE);
  const rate = (total / Math.max(words, MIN_WORDS)) * 1000;
  const density = rate / (rate + DENSITY_HALF);
  return diversity * density;
}

/**
 * With the model's document probability, the two are independent witnesses
 * (the lists know yesterday's farms, the model knows English) and are
 * combined as a noisy OR: the document is clean only if both say so.
 */
export function judge({ findings, words, modelSpun }: VerdictInput, threshold = SPUN_THRESHOLD): Verdict {
  let score: number;
  if (modelSpun === undefined) {
    score = listScore(findings, words);
  } else {
    // The context model's findings are already inside its probability; other
    // evidence (lists, spintax, restored terms) is independent of it.
    const lists = listScore(findings.filter((f) => !(f.rule === 'model' && f.source === 'context')), words);
    score = 1 - (1 - lists) * (1 - Math.min(Math.max(modelSpun, 0), 1));
  }
  score = Math.round(score * 1000) / 1000;
  return { spun: score >= threshold, score };
}
