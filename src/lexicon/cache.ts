/**
 * The shipped lexicons, compiled once at build time.
 *
 * Compiling the ~10,000 shipped phrases (parsing, tokenizing, building the
 * tries) is the largest share of start-up. `npm ci` / `npm run build` write
 * the compiled matcher next to this module as a structured clone
 * (`dist/lexicon/defaults.compiled`), keyed by a hash of the lexicon files
 * and of the matcher's own code. At run time a matching file is read back in
 * a fraction of the time; a missing, stale or damaged one is ignored and the
 * lexicons are compiled as usual. Nothing is written at run time.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLexiconPaths, loadDefaultLexicons } from './defaults.js';
import { compileLexicons, matcherFromState, matcherState, MATCHER_STATE_VERSION } from './matcher.js';
import type { CompiledLexicon } from './index.js';

const MAGIC = 'unspin-compiled-lexicons/1';
export const DEFAULT_CACHE_PATH = fileURLToPath(new URL('./defaults.compiled', import.meta.url));

/** The code whose output the cache holds: a change to any of it makes the cache stale. */
const CODE = ['matcher', 'trie', 'phrase', 'format', 'json', 'cache'].map((name) => new URL(`./${name}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

function cacheKey(): Buffer {
  const hash = createHash('sha1').update(`${MAGIC}\0${MATCHER_STATE_VERSION}\0${process.versions.v8}\0`);
  for (const url of CODE) hash.update(readFileSync(url));
  for (const path of defaultLexiconPaths()) hash.update(basename(path)).update('\0').update(readFileSync(path));
  return hash.digest();
}

const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest();

/** Layout: sha1 key of the inputs (20 bytes), sha1 of the payload (20 bytes), the payload. */
function readCache(path: string, key: Buffer): CompiledLexicon | null {
  let image: Buffer;
  try {
    image = readFileSync(path);
  } catch {
    return null;
  }
  if (image.length <= 40 || !image.subarray(0, 20).equals(key)) return null;
  const payload = image.subarray(40);
  if (!sha1(payload).equals(image.subarray(20, 40))) return null;
  try {
    return matcherFromState(deserialize(payload));
  } catch {
    return null;
  }
}

/** The shipped lexicons compiled: from the build's cache when it is current, else compiled now. */
export function compileDefaultLexicons(path = DEFAULT_CACHE_PATH): CompiledLexicon {
  let key: Buffer | null = null;
  try {
    key = cacheKey();
  } catch {
    // Unreadable code or data files: compiling below reports the real problem.
  }
  const cached = key && readCache(path, key);
  return cached ?? compileLexicons(loadDefaultLexicons());
}

/** Writes the cache for the current lexicon files and code (run by the build). */
export function writeDefaultLexiconCache(path = DEFAULT_CACHE_PATH): { path: string; bytes: number } {
  const compiled = compileLexicons(loadDefaultLexicons());
  const payload = serialize(matcherState(compiled));
  const image = Buffer.concat([cacheKey(), sha1(payload), payload]);
  writeFileSync(path, image);
  return { path, bytes: image.length };
}
