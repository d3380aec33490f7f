/**
 * When an aligned candidate counts as a source, and how strongly.
 *
 * The score is the share of the query's words found verbatim and in order in
 * the source, inside aligned passages, less two words for every name or
 * number in those passages that the source does not have. A spinner leaves
 * names and numbers alone (that is what makes them immutables), so a copy
 * keeps them all; a look-alike does not: templated wire stories ("X Corp is
 * raising 150 mln dlrs through an offering of notes due 1992...") share
 * their wording and differ exactly in the names and figures.
 *
 * Calibration (development data only: MPC pairs 1-100, BBC/Reuters dev-split
 * articles spun at 10-35%): copies score 0.6-0.9 at these rates and a
 * SpinBot paragraph rewritten beyond recognition 0.2-0.5; the best-scoring
 * unrelated document on the same topic stays below 0.2 (same-article
 * Wikipedia paragraphs, same-beat Reuters wires sharing no 8-word run).
 */
import type { Alignment, AlignedPassage } from './align.js';

/** A candidate is reported from this score on. */
export const MIN_SCORE = 0.2;
/** ...and only with at least this many matched words: three shared words are a phrase, not a copy. */
export const MIN_MATCHED = 4;
/**
 * A long dense passage is a copy whatever else the query holds (a copied
 * article inside a page of other material): this many matched words...
 */
export const PASSAGE_EVIDENCE = 40;
/** ...at this share of the passage's words. */
export const PASSAGE_DENSITY = 0.45;
/** What a name or number the source lacks costs, in matched words. */
const IMMUTABLE_COST = 2;

function evidence(matched: number, immutables: number, immutablesMatched: number): number {
  return matched - IMMUTABLE_COST * (immutables - immutablesMatched);
}

function strongPassage(passage: AlignedPassage): boolean {
  const words = evidence(passage.matched, passage.immutables, passage.immutablesMatched);
  return words >= PASSAGE_EVIDENCE && words >= PASSAGE_DENSITY * passage.queryWords;
}

/** The match score in [0, 1] (see above). */
export function matchScore(alignment: Alignment): number {
  if (alignment.queryWords === 0) return 0;
  const words = evidence(alignment.matched, alignment.immutables, alignment.immutablesMatched);
  return Math.min(1, Math.max(0, words / alignment.queryWords));
}

/** Whether the alignment shows a copy worth reporting. */
export function qualifies(alignment: Alignment, score = matchScore(alignment)): boolean {
  if (alignment.matched < MIN_MATCHED) return false;
  // Figures are immutables: when the aligned sentences disagree on more of them than they share, the
  // source tells of another item or event in the same words (a catalogue entry, a templated wire).
  if (alignment.conflictingFigures > 0 && alignment.conflictingFigures >= alignment.figures) return false;
  return score >= MIN_SCORE || alignment.passages.some(strongPassage);
}
