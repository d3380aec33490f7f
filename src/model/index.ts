/**
 * The statistical model of natural English (issue 3). OWNER: model helper.
 * The detector asks it for substitutions that no list contains.
 */
import type { Tokens } from '../text/tokenize.js';

export interface ModelFinding {
  /** Token index of the first word of the suspicious span. */
  first: number;
  /** Token index of the last word (inclusive). */
  last: number;
  /** Likely originals, best first (at most three). */
  expected: string[];
  /** Calibrated probability that the span is a substitution. */
  confidence: number;
}

export interface LanguageModel {
  /** Suspicious spans in text order. `skip[i] = 1` marks tokens that must not be flagged (chrome, quotes, lexicon hits). */
  scan(tokens: Tokens, skip: Uint8Array): ModelFinding[];
}

/** The shipped model, or null when it is not built. */
export function loadDefaultModel(): LanguageModel | null {
  return null;
}
