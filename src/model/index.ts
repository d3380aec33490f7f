/**
 * The statistical model of natural English (issue 3). OWNER: model helper.
 * The detector asks it for substitutions that no list contains.
 *
 * The shipped model lives in data/model/model.bin (built by
 * `npm run build:model`, see data/model/README.md): n-gram statistics,
 * thesaurus relations read backwards (written word → the originals a
 * spinner could have started from) and a scorer calibrated on development
 * data. Loading maps the file's sections as typed arrays; nothing is parsed.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MODEL_FILE, readDataFile } from './format.js';
import { decodeModel } from './model.js';
import { StatisticalModel } from './scan.js';
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
  /** Which model found it, reported as the finding's `source` (`context`, `terms`). */
  source?: string;
}

export interface ModelAssessment {
  /** As `scan` returns them. */
  findings: ModelFinding[];
  /**
   * The model's calibrated probability that the text is spun, from every
   * word it scored (also those it does not report): for the verdict, which
   * would otherwise only see the findings that cleared the report threshold.
   */
  spun: number;
  /**
   * The words that weigh most in the sections the model calls spun but that
   * did not clear the report threshold (strongest first, a few per section):
   * shown as low-confidence findings when nothing else explains a verdict.
   */
  drivers?: ModelFinding[];
}

export interface LanguageModel {
  /** Suspicious spans in text order. `skip[i] = 1` marks tokens that must not be flagged (chrome, quotes, lexicon hits). */
  scan(tokens: Tokens, skip: Uint8Array): ModelFinding[];
  /** `scan` plus the document probability (additive to contract v1 of this interface; optional for other models). */
  assessDocument?(tokens: Tokens, skip: Uint8Array): ModelAssessment;
  /**
   * How often broad English writes word token `left` directly followed by
   * word token `right` (0: not seen often enough to be stored). Optional: the
   * statistical model answers from its word-pair counts.
   */
  pairCount?(tokens: Tokens, left: number, right: number): number;
}

export { StatisticalModel } from './scan.js';

/** Where the shipped model file is (works from src/ under vitest and from dist/). */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../../data/model/model.bin', import.meta.url));

export interface LoadOptions {
  /**
   * Check the checksum over every byte as well as the structure (a full pass
   * over the file, so not done on every start; tests and the build do it).
   */
  verify?: boolean;
}

/** Loads a model file; a foreign, truncated or (with `verify`) damaged file is a one-line `model-invalid` error. */
export function loadModel(path: string, options: LoadOptions = {}): StatisticalModel {
  return new StatisticalModel(decodeModel(readDataFile(path, MODEL_FILE), path, options));
}

let cached: StatisticalModel | null | undefined;

/** The shipped model, or null when it is not built (unspin then works with its lexicons alone). */
export function loadDefaultModel(): LanguageModel | null {
  if (cached === undefined) cached = existsSync(DEFAULT_MODEL_PATH) ? loadModel(DEFAULT_MODEL_PATH) : null;
  return cached;
}
