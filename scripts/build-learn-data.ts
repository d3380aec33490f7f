/**
 * Builds the word and phrase lists `unspin learn` uses to tell a spinner's
 * odd choice ("unfaltering", "chilly warfare") from ordinary English
 * ("mentioned", "in the past"): data/learn/common-words.txt and
 * data/learn/common-phrases.txt. See data/learn/README.md for sources and
 * licences.
 *
 *   npx tsx scripts/build-learn-data.ts [--check]
 *
 * --check rebuilds in memory and fails when the files differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, REPO, requireSharedData } from '../tools/corpora.js';

/** Words at least this frequent (wordfreq's Zipf scale: 3 = once per million words) are ordinary English. */
const MIN_ZIPF = 3.0;

requireSharedData();
const check = process.argv.includes('--check');

const wordfreq = readFileSync(join(DATA, 'wordfreq-en', 'wordfreq_large_en.tsv'), 'utf8').split('\n').slice(1);
const words = new Set<string>();
for (const line of wordfreq) {
  const [word, zipf] = line.split('\t');
  if (word && Number(zipf) >= MIN_ZIPF && /^[\p{L}'’-]+$/u.test(word)) words.add(word.replace(/’/g, "'"));
}
const wordsFile =
  `# Ordinary English words: wordfreq 3.1 large_en (Robyn Speer), Zipf >= ${MIN_ZIPF}, letters only.\n` +
  `# Licence: CC BY-SA 4.0 (wordfreq data). Rebuilt by scripts/build-learn-data.ts.\n` +
  [...words].sort().join('\n') +
  '\n';

const phrases = new Set<string>();
for (const n of [2, 3, 4, 5]) {
  const rows = readFileSync(join(DATA, 'google-books-ngrams-en', `${n}grams_english.csv`), 'utf8').split('\n').slice(1);
  for (const row of rows) {
    const phrase = row.slice(0, row.lastIndexOf(',')).trim().toLowerCase();
    if (phrase.includes(' ') && /^[\p{L}' -]+$/u.test(phrase)) phrases.add(phrase.replace(/\s+/g, ' '));
  }
}
const phrasesFile =
  `# Frequent English 2- to 5-word phrases: Google Books Ngram v3 (2010-2019) via orgtre/google-books-ngram-frequency @e20471c.\n` +
  `# Licence: CC BY 3.0. Rebuilt by scripts/build-learn-data.ts.\n` +
  [...phrases].sort().join('\n') +
  '\n';

const outputs: Array<[string, string]> = [
  [join(REPO, 'data', 'learn', 'common-words.txt'), wordsFile],
  [join(REPO, 'data', 'learn', 'common-phrases.txt'), phrasesFile],
];
let stale = false;
for (const [path, content] of outputs) {
  if (check) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== content) {
      console.error(`${path} is not what the sources give; run npx tsx scripts/build-learn-data.ts`);
      stale = true;
    }
  } else {
    writeFileSync(path, content);
    console.log(`wrote ${path}: ${content.split('\n').length - 3} rows`);
  }
}
if (stale) process.exit(1);
