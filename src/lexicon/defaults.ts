/**
 * The lexicons shipped in `data/lexicon`, found from this module's own
 * location (src/lexicon under vitest and tsx, dist/lexicon once built: both
 * two levels below the package root), never from the working directory.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnspinError } from '../errors.js';
import type { Lexicon } from './index.js';
import { loadLexiconFile } from './format.js';

const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'lexicon');

/** The shipped lexicon files, in the order `data/lexicon/defaults.json` lists them. */
export function defaultLexiconPaths(): string[] {
  const manifestPath = join(DATA_DIR, 'defaults.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new UnspinError('lexicon-invalid', `${manifestPath}: cannot read the list of default lexicons (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
  const files = (manifest as { lexicons?: unknown } | null)?.lexicons;
  if (!Array.isArray(files) || files.some((f) => typeof f !== 'string' || f.includes('/') || f.includes('\\'))) {
    throw new UnspinError('lexicon-invalid', `${manifestPath}: "lexicons" must list file names in data/lexicon`);
  }
  return files.map((file: string) => join(DATA_DIR, file));
}

/** Loads the shipped lexicons afresh on every call (each caller may compile its own matcher). */
export function loadDefaultLexicons(): Lexicon[] {
  return defaultLexiconPaths().map(loadLexiconFile);
}
