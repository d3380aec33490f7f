// Build step (npm run build / npm ci): compiles the shipped lexicons once and
// writes dist/lexicon/defaults.compiled, which check reads at start-up
// instead of compiling ~10,000 phrases (see src/lexicon/cache.ts).
import { writeDefaultLexiconCache } from '../dist/lexicon/cache.js';

try {
  const { bytes } = writeDefaultLexiconCache();
  console.log(`compiled lexicons cached (${(bytes / 1e6).toFixed(1)} MB)`);
} catch (error) {
  // Not fatal: without the cache, check compiles the lexicons when it starts.
  console.warn(`lexicon cache not written: ${String(error && error.message || error).split('\n')[0]}`);
}
