/**
 * Tortured science terms that no list contains (issue 3): a detector that
 * implements `LanguageModel` and restores "counterfeit consciousness" to
 * "artificial intelligence" from what it learned of paper mills' word
 * substitutions, thesauri read backwards, and a vocabulary of real terms.
 *
 * The data is data/terms/terms.bin, rebuilt by `npm run build:terms`
 * (scripts/build-terms.ts; sources and licences in data/terms/README.md).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readDataFile } from '../format.js';
import { decodeTables, TERMS_FILE } from './tables.js';
import { TermModel } from './scan.js';

export { TermModel, WEIGHTS, type TermCandidate } from './scan.js';
export { decodeTables, encodeTables, type TermTables } from './tables.js';
export { tagModel, withTerms } from './combine.js';

/** Where the shipped terms file is (works from src/ under vitest and from dist/). */
export const DEFAULT_TERMS_PATH = fileURLToPath(new URL('../../../data/terms/terms.bin', import.meta.url));

/**
 * Loads a terms file; a foreign or truncated file (and with `verify`, any
 * damaged byte) is a one-line `model-invalid` error.
 */
export function loadTermModelFile(path: string, options: { verify?: boolean } = {}): TermModel {
  return new TermModel(decodeTables(readDataFile(path, TERMS_FILE), path, options));
}

let cached: TermModel | null | undefined;

/** The shipped term restorer, or null when its data is not built. Loaded once. */
export function loadTermModel(): TermModel | null {
  if (cached === undefined) cached = existsSync(DEFAULT_TERMS_PATH) ? loadTermModelFile(DEFAULT_TERMS_PATH) : null;
  return cached;
}
