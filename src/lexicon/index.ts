/**
 * Lexicon: fingerprint data (tortured → original) and its compiled matcher.
 * OWNER: lexicon helper. Contract below is fixed; bodies are being written.
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
  /** Only match when the previous word (normalised) is one of these. */
  prev?: string[];
  /** Only match when the next word (normalised) is one of these. */
  next?: string[];
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

export function loadDefaultLexicons(): Lexicon[] {
  throw new Error('lexicon: not implemented yet');
}

export function loadLexiconFile(path: string): Lexicon {
  void path;
  throw new Error('lexicon: not implemented yet');
}

export function compileLexicons(lexicons: readonly Lexicon[]): CompiledLexicon {
  void lexicons;
  throw new Error('lexicon: not implemented yet');
}
