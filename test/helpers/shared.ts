/**
 * Where the public data lives for tests and benchmarks. The product never
 * reads it; tests that need it are skipped, loudly, when it is absent.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = resolve(process.env.UNSPIN_SHARED_DIR ?? join(REPO, '..', 'shared'));
export const SHARED_DATA = join(SHARED, 'data');
export const hasShared = existsSync(join(SHARED_DATA, 'README.md'));
export const SEED = join(REPO, 'examples', 'spun-news-article.txt');
export const BIN = join(REPO, 'bin', 'unspin.js');

if (!hasShared) {
  console.warn(`[unspin tests] public data not found at ${SHARED_DATA}: data-dependent tests are skipped (set UNSPIN_SHARED_DIR)`);
}
