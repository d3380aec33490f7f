/**
 * Lexicon: fingerprint data (tortured → original) and its compiled matcher.
 *
 * Lists are files (`data/lexicon/README.md` documents both formats) loaded by
 * `loadLexiconFile`, or objects built by the caller. `compileLexicons` turns
 * any number of them into one matcher; a phrase defined by several lists takes
 * the definition of the last one, so user lists override the shipped ones.
 */
import type { Tokens } from '../text/tokenize.js';

export interface LexiconEntry {
  /** The tortured phrase as written in the list (words; hyphens and spaces are interchangeable). */
  phrase: string;
  /** Original wording, best first. */
  expected: string[];
  /**
   * `strong`: the phrase is itself evidence (rare in natural English).
   * `weak`: an ordinary word or phrase that a spinner also produces; it is reported only
   * when the document carries strong evidence too (a farm substitutes consistently).
   */
  tier: 'strong' | 'weak';
  /**
   * Only match when the previous word (normalised) is one of these. An item may be several
   * tokens ("state-run", "the associated press"): they must all stand right before the match.
   * Besides words, the classes `<word>`, `<cap>` (starts upper-case), `<lower>`, `<num>` and
   * `<end>` (punctuation, a paragraph break, or the start or end of the text) are understood.
   */
  prev?: string[];
  /** Only match when the next word (normalised) is one of these (same classes as `prev`). */
  next?: string[];
  /** Do not match when the previous word is one of these (same classes as `prev`). */
  notPrev?: string[];
  /** Do not match when the next word is one of these (same classes as `prev`). */
  notNext?: string[];
  /** Only match text written without capitals ("navy", not the proper noun "Navy"). */
  lowercase?: boolean;
  /** Only match words written apart, not hyphenated ("Chinese language", not "Chinese-language newspaper"). */
  spaced?: boolean;
  /** Only match when the document also contains one of these phrases (outside skipped text). */
  requires?: string[];
  /** Do not match when the document contains one of these phrases (outside skipped text). */
  unless?: string[];
  /** Learned lists: how often the substitution was seen, and its confidence. */
  count?: number;
  confidence?: number;
}

export interface Lexicon {
  /** Short id reported as a finding's `source`, e.g. `pps`, `news`. */
  id: string;
  version: string;
  /** Provenance in words: who made the list and where it was taken from. */
  source: string;
  licence: string;
  entries: LexiconEntry[];
  /** Phrases of ordinary English that must never be flagged ("machine learning", "chinese language course"). */
  allow: string[];
}

export interface LexiconHit {
  /** Token index of the first word. */
  first: number;
  /** Token index of the last word (inclusive). */
  last: number;
  entry: LexiconEntry;
  lexicon: Lexicon;
}

export interface CompiledLexicon {
  readonly lexicons: readonly Lexicon[];
  /** Longest-first, non-overlapping hits, in text order. `skip[i] = 1` excludes token i. */
  match(tokens: Tokens, skip?: Uint8Array): LexiconHit[];
}

export { loadDefaultLexicons, defaultLexiconPaths } from './defaults.js';
export { loadLexiconFile, parseLexicon, formatLexiconTsv, LEXICON_FORMAT } from './format.js';
export { compileLexicons } from './matcher.js';
export { compileDefaultLexicons, writeDefaultLexiconCache } from './cache.js';
