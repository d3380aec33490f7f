/**
 * Does a word fit next to its neighbour at all? A small test of part of
 * speech and inflection from the n-gram counts, for restoration to choose
 * among candidates: "can handle and leadership the exports" puts a noun where
 * a verb goes, and English never writes "leadership the", although both words
 * are common. Under independence the pair (a, b) would be seen about
 * c(a) · P(b) times in the counted text; a pair that was expected often
 * enough and is not in the table (the table keeps pairs seen at least twice,
 * so "not in it" means at most once) is one English avoids. With an expected
 * count of 4.75, seeing it at most once has a probability under 5%.
 */
import { idOf, type ModelData } from './model.js';

/** Expected count from which a missing pair counts as avoided (P(X ≤ 1) < 0.05 for a Poisson count). */
export const AVOIDED_FROM = 4.75;
/**
 * With broad statistics (41 M words) even an avoided pair turns up now and
 * then ("under his leadership the party…", a comma dropped): a pair seen less
 * than this share of what independence predicts is avoided too. Nouns before
 * "the" sit far below it (leadership 0.10, exports 0.04), verbs far above it
 * (manage 5.4, handle 4.1, help 1.5).
 */
export const AVOIDED_SHARE = 0.15;

/** Whether English avoids writing `left` right before `right` (false when either word is unknown or the evidence is thin). */
export function avoidedPair(data: ModelData, left: string, right: string): boolean {
  const a = idOf(data, left);
  const b = idOf(data, right);
  if (a === 0 || b === 0) return false;
  const t = data.ngrams.tables;
  const expected = t.contextCount[a]! * Math.exp(t.logUnigram[b]!);
  if (expected < AVOIDED_FROM) return false;
  return data.ngrams.bigramCount(a, b) < expected * AVOIDED_SHARE;
}
