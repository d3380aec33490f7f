/**
 * The substitutions inside an aligned passage: each run of words the copy
 * wrote differently from its source ("Chilly Warfare" for "Cold War"), with
 * offsets in both texts. Taken from the passage's word-level segments, so it
 * needs a search made with `details`.
 */
import type { AlignedSegment } from './align.js';

export interface Substitution {
  /** Character range in the copy (empty when the copy dropped the source's words). */
  query: [number, number];
  /** Character range in the source (empty when the copy added words). */
  source: [number, number];
  /** The copy's words, exactly as written there. */
  actual: string;
  /** The source's words there: what the copy most likely replaced (absent when the source's text is not kept). */
  expected?: string;
}

/** The `changed` segments of a passage as substitutions, in the copy's order. */
export function listSubstitutions(segments: readonly AlignedSegment[] | undefined, queryText: string, sourceText: string | undefined): Substitution[] {
  const out: Substitution[] = [];
  for (const segment of segments ?? []) {
    if (segment.kind !== 'changed') continue;
    const substitution: Substitution = {
      query: [segment.query[0], segment.query[1]],
      source: [segment.source[0], segment.source[1]],
      actual: queryText.slice(segment.query[0], segment.query[1]),
    };
    if (sourceText !== undefined) substitution.expected = sourceText.slice(segment.source[0], segment.source[1]);
    out.push(substitution);
  }
  return out;
}
