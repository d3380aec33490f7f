/**
 * Builds data/lexicon/set-phrases.tsv (npm run build:set-phrases): the set
 * phrases that a weak news entry's word is part of ("navy blue", "a navy
 * blazer", "as mentioned above"), as allow rows, so that the matcher's
 * longest match takes the set phrase and the weak entry ("navy" → "military")
 * never fires inside it.
 *
 * A two-word phrase "w x" (or "x w") is a set phrase of the weak word w when,
 * in broad English (the *build* split of Wikipedia and Wikinews, see
 * tools/corpora.ts; dev and test are never read), it is frequent
 * (MIN_COUNT) and w's likely originals e are rare in the same place: the
 * count of "w x" is at least RATIO times that of "e x" (+1) for every e. A
 * farm that writes "navy" for "military" makes "navy ties", which English
 * does not say; English says "navy blue", and "military blue" is not what a
 * spinner started from.
 *
 * Only content-word neighbours count (no punctuation between), and a candidate that
 * is, contains or is contained in a phrase of a shipped list's entry (other
 * than the weak word's own) is left out, so that no allow row hides another entry. The output is sorted, so a
 * rebuild from the same data gives the same file. --check compares instead
 * of writing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatLexiconTsv, loadLexiconFile } from '../src/lexicon/format.js';
import type { Lexicon } from '../src/lexicon/index.js';
import { phraseTokens } from '../src/lexicon/phrase.js';
import { Gap, tokenize, tokenNorm, TokenKind } from '../src/text/tokenize.js';
import { REPO, requireSharedData, wikinewsDocuments, wikipediaDocuments, type CorpusDocument } from '../tools/corpora.js';

const { values } = parseArgs({ options: { check: { type: 'boolean' }, out: { type: 'string' } } });
requireSharedData();
const LEXICON_DIR = join(REPO, 'data', 'lexicon');
const OUT = values.out ?? join(LEXICON_DIR, 'set-phrases.tsv');
/** A set phrase is seen at least this often in the build split (about 35 M words)... */
const MIN_COUNT = 20;
/** ...and at least this many times as often as any likely original in the same place. */
const RATIO = 10;

/**
 * A set phrase pairs the weak word with a content word: after "which", "a",
 * "is" the original is rare only because it is a different part of speech or
 * less frequent ("which seriously damages" is what the seed page's source said).
 */
const FUNCTION_WORDS = new Set(
  ('a an the this that these those which who whom whose what where when why how and or but nor so yet if as than then ' +
    'of in on at to for by with from into onto over under about after before between through during without within ' +
    'i you he she it we they me him her us them my your his its our their is are was were be been being am ' +
    'has have had do does did will would shall should can could may might must not no also very more most less least ' +
    'such some any each every all both either neither other own same there here up down out off').split(' '),
);

const started = Date.now();
const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

const news = loadLexiconFile(join(LEXICON_DIR, 'news.json'));
const pps = loadLexiconFile(join(LEXICON_DIR, 'pps.tsv'));
const keyOf = (phrase: string): string | null => {
  const parsed = phraseTokens(phrase, { anyStart: true });
  return 'error' in parsed ? null : parsed.key;
};

/** Single-word weak entries and their likely originals (a multiword original counts by its word next to the neighbour). */
const weak = new Map<string, string[]>();
for (const entry of news.entries) {
  if (entry.tier !== 'weak') continue;
  const key = keyOf(entry.phrase);
  if (!key || key.includes(' ') || !/^\p{L}+$/u.test(key)) continue;
  weak.set(key, entry.expected.map((e) => e.toLowerCase().split(/\s+/)));
}
const watched = new Set<string>(weak.keys());
for (const originals of weak.values()) for (const words of originals) watched.add(words[0]!).add(words[words.length - 1]!);

/** `w>x`: x right after w; `x<w`: x right before w. */
const counts = new Map<string, number>();
const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
let documents = 0;
let words = 0;
const read = (docs: Iterable<CorpusDocument>) => {
  for (const doc of docs) {
    if (doc.split !== 'build') continue;
    documents++;
    const tokens = tokenize(`${doc.title}\n\n${doc.body}`);
    let previous = '';
    for (let i = 0; i < tokens.count; i++) {
      if (tokens.kinds[i] !== TokenKind.Word) {
        previous = '';
        continue;
      }
      words++;
      const norm = tokenNorm(tokens, i);
      // A neighbour is the next word with only spaces (no line break, no punctuation) between.
      const adjacent = previous !== '' && (tokens.gaps[i]! & (Gap.Newline | Gap.Paragraph)) === 0;
      if (adjacent && watched.has(previous)) bump(`${previous}>${norm}`);
      if (adjacent && watched.has(norm)) bump(`${previous}<${norm}`);
      previous = norm;
    }
  }
};
read(wikipediaDocuments());
log(`Wikipedia build split read: ${documents} documents, ${words} words`);
read(wikinewsDocuments());
log(`+ Wikinews build split: ${documents} documents, ${words} words; ${counts.size} neighbour pairs counted`);

// Phrases of every shipped entry: an allow row must not be, contain or sit inside one.
const entryKeys = [...news.entries, ...pps.entries].map((e) => keyOf(e.phrase)).filter((k): k is string => k !== null);
const clashes = (phrase: string, own: string) => entryKeys.some((k) => k !== own && (` ${k} `.includes(` ${phrase} `) || ` ${phrase} `.includes(` ${k} `)));

const allow = new Set<string>();
let clashing = 0;
for (const [key, count] of counts) {
  if (count < MIN_COUNT) continue;
  const right = key.indexOf('>');
  const w = right >= 0 ? key.slice(0, right) : key.slice(key.indexOf('<') + 1);
  const x = right >= 0 ? key.slice(right + 1) : key.slice(0, key.indexOf('<'));
  const originals = weak.get(w);
  if (!originals || !/^\p{L}+$/u.test(x) || FUNCTION_WORDS.has(x)) continue;
  const rival = Math.max(...originals.map((e) => (right >= 0 ? counts.get(`${e[e.length - 1]}>${x}`) : counts.get(`${x}<${e[0]}`)) ?? 0));
  if (count < RATIO * (rival + 1)) continue;
  const phrase = right >= 0 ? `${w} ${x}` : `${x} ${w}`;
  if (clashes(phrase, w)) { clashing++; continue; }
  allow.add(phrase);
}

const lexicon: Lexicon = {
  id: 'set-phrases',
  version: '2026-12-05',
  source:
    'Derived by scripts/build-set-phrases.ts from word-pair counts of the Wikipedia 2015 extract and Wikinews 2022 (build split of tools/corpora.ts): ' +
    'two-word set phrases of the news list\'s weak words, where the likely original is rare; no text is shipped, only the phrases',
  licence: 'CC BY-SA 4.0 (derived from Wikipedia and Wikinews counts)',
  entries: [],
  allow: [...allow].sort(),
};
const comments = [
  'Built by scripts/build-set-phrases.ts (npm run build:set-phrases) from ../shared/data; do not edit by hand.',
  `Read: ${documents} build-split documents, ${words} words. A phrase is kept when seen >= ${MIN_COUNT} times and >= ${RATIO} x (count of the likely original in its place + 1).`,
  `Allow rows: ${lexicon.allow.length} (${clashing} left out because they overlap a shipped entry).`,
];
const text = formatLexiconTsv(lexicon, comments);
for (const line of comments.slice(1)) log(line);
if (values.check) {
  if (readFileSync(OUT, 'utf8') !== text) {
    console.error(`${OUT} differs from a fresh build`);
    process.exit(1);
  }
  log(`${OUT} is up to date`);
} else {
  writeFileSync(OUT, text);
  log(`wrote ${OUT} (${lexicon.allow.length} allow rows)`);
}
