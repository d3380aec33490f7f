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

export function judge({ findings, words }: VerdictInput, threshold = SPUN_THRESHOLD): Verdict {
  const total = evidence(findings);
  if (total === 0) return { spun: false, score: 0 };
  const diversity = 1 - Math.exp(-total / DIVERSITY_SCALE);
  const rate = (total / Math.max(words, MIN_WORDS)) * 1000;
  const density = rate / (rate + DENSITY_HALF);
  const score = Math.round(diversity * density * 1000) / 1000;
  return { spun: score >= threshold, score };
}
