/**
 * Builds data/lexicon/pps.tsv (npm run build:lexicon) from the Problematic
 * Paper Screener pairs in ../shared/data/pps-tortured-phrases.
 *
 *  - Only the training split is read into the list (tools/corpora.ts fixes the
 *    split: sha1 of the lower-cased tortured phrase, first byte mod 5 is 0 for test).
 *  - PPS fingerprints carry context ("surface region" AND "surface area",
 *    "surface highlights" NOT specular): it becomes `requires` / `unless`, and a
 *    fingerprint whose context the matcher cannot express is left out rather
 *    than shipped without the context that keeps it from crying wolf.
 *  - A tortured phrase that ordinary English produces is not evidence: phrases
 *    found in clean news (the Reuters development split; BBC is the held-out
 *    clean set and is not read), among Google Books' most frequent n-grams, or
 *    single common words are dropped.
 *  - The expected phrases of the list that are ordinary multiword terms
 *    ("machine learning", "artificial intelligence") become allow rows.
 *
 * The output is sorted, so a rebuild from the same data gives the same file.
 * Run with --check to compare against the committed file instead of writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatLexiconTsv } from '../src/lexicon/format.js';
import type { Lexicon, LexiconEntry } from '../src/lexicon/index.js';
import { compileLexicons } from '../src/lexicon/matcher.js';
import { phraseTokens, type PhraseTokens } from '../src/lexicon/phrase.js';
import { Gap, tokenize, tokenNorm, TokenKind, type Tokens } from '../src/text/tokenize.js';
import { cleanExpected, DATA, isPpsTestPhrase, ppsPairs, REPO, requireSharedData, reutersDocuments, type PpsPair } from '../tools/corpora.js';

const { values } = parseArgs({ options: { check: { type: 'boolean' }, out: { type: 'string' } } });
requireSharedData();
const OUT = values.out ?? join(REPO, 'data', 'lexicon', 'pps.tsv');
const PPS_DIR = join(DATA, 'pps-tortured-phrases');
/** A single word this common (wordfreq Zipf scale) is ordinary English on its own. */
const COMMON_WORD_ZIPF = 2.5;

// ---------------------------------------------------------------- fingerprints

interface Fingerprint {
  /** Context phrases, each group satisfied by any one of its phrases. */
  groups: string[][];
  unless: string[];
  proximity: boolean;
  /** Why the context cannot be written as `requires` / `unless`, if it cannot. */
  inexpressible?: string;
}

/** Parses a PPS fingerprint query: `"a b" AND ("c" OR "d") NOT "e"`, `"a b"~10`, bare words, `optimiz*`. */
function parseFingerprint(raw: string): Fingerprint {
  const lexed = [...raw.matchAll(/"([^"]*)"(~\d+)?|\(|\)|[^\s()"]+/g)];
  const result: Fingerprint = { groups: [], unless: [], proximity: false };
  let i = 0;
  const term = (): string | null => {
    const t = lexed[i];
    if (!t) return null;
    const text = t[1] ?? t[0];
    if (t[1] === undefined && /^(AND|OR|NOT|\(|\))$/.test(text)) return null;
    i++;
    if (text.includes('*')) result.inexpressible ??= 'wildcard term';
    return text.trim().toLowerCase();
  };
  if (lexed[0]?.[2]) result.proximity = true;
  i = 1;
  while (i < lexed.length) {
    const op = lexed[i]![0];
    if (op === 'AND' || op === 'NOT' || op === 'OR') i++;
    if (op === 'OR') {
      // `"a" OR "b" AND "c"`: alternative heads with an ambiguous precedence.
      result.inexpressible ??= 'OR between tortured phrases';
      term();
      continue;
    }
    if (lexed[i]?.[0] === '(') {
      i++;
      const group: string[] = [];
      while (i < lexed.length && lexed[i]![0] !== ')') {
        if (lexed[i]![0] === 'OR') { i++; continue; }
        if (lexed[i]![0] === '(' || lexed[i]![0] === 'AND') { result.inexpressible ??= 'nested context'; i++; continue; }
        const t = term();
        if (t) group.push(t);
        else i++;
      }
      i++;
      if (op === 'NOT') result.unless.push(...group);
      else result.groups.push(group);
      continue;
    }
    const t = term();
    if (t === null) { i++; continue; }
    if (op === 'NOT') result.unless.push(t);
    else result.groups.push([t]); // AND, or a bare word (implicit AND)
  }
  if (result.groups.length > 1) result.inexpressible ??= 'several AND terms (requires expresses one any-of group)';
  return result;
}

interface FingerprintInfo {
  /** Every fingerprint PPS has for the phrase: any one of them matching flags it. */
  fingerprints: Fingerprint[];
  /** The expected text of each fingerprint, raw ("differential equation AND 2nd order"). */
  expectedRaw: string[];
  /** Papers the first (most matched) fingerprint found. */
  papers: number;
}

/**
 * All of a phrase's fingerprints are kept: PPS lists "differential condition"
 * eleven times, AND "first request", AND "second request", ..., and the phrase
 * is flagged when any one of them holds, i.e. when any of the context terms is
 * in the paper. Keeping only the first would lose the other context terms, and
 * then "second request" would look like a fingerprint of its own.
 */
function readFingerprints(): Map<string, FingerprintInfo> {
  const byPhrase = new Map<string, FingerprintInfo>();
  const lines = readFileSync(join(PPS_DIR, 'pps_pairs_parsed.tsv'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const cells = line.split('\t');
    if (cells.length < 3) continue;
    const phrase = cells[0]!.replace(/\s+/g, ' ').trim().toLowerCase();
    const raw = cells[cells.length - 1]!;
    const papers = Number(cells[2]!.replace(/,/g, '')) || 0;
    const info = byPhrase.get(phrase) ?? { fingerprints: [], expectedRaw: [], papers };
    info.fingerprints.push(parseFingerprint(raw));
    info.expectedRaw.push(cells[1]!);
    byPhrase.set(phrase, info);
  }
  return byPhrase;
}

/**
 * The fingerprints of one phrase as one rule: plain when any of them is plain
 * (nothing else needs to hold), else `requires` any term of their context
 * groups (each fingerprint is "phrase AND one group"), `unless` any NOT term.
 */
function combineFingerprints(list: readonly Fingerprint[]): Fingerprint {
  const inexpressible = list.find((f) => f.inexpressible)?.inexpressible;
  if (inexpressible) return { groups: [], unless: [], proximity: false, inexpressible };
  if (list.some((f) => f.proximity)) return { groups: [], unless: [], proximity: true };
  if (list.some((f) => f.groups.length === 0 && f.unless.length === 0)) return { groups: [], unless: [], proximity: false };
  const withContext = list.filter((f) => f.groups.length > 0);
  if (withContext.length > 0 && withContext.length < list.length) {
    // "phrase NOT x" beside "phrase AND y": an OR of different shapes.
    return { groups: [], unless: [], proximity: false, inexpressible: 'fingerprints of different shapes for one phrase' };
  }
  const groups = withContext.length > 0 ? [[...new Set(withContext.flatMap((f) => f.groups[0]!))]] : [];
  return { groups, unless: [...new Set(list.flatMap((f) => f.unless))], proximity: false };
}

/**
 * An AND fingerprint whose context term is tortured too: "differential
 * condition" AND "second request" → "differential equation AND 2nd order".
 * The expected text has one part per quoted phrase, in order; each phrase is
 * then a tortured phrase in its own right, restored to its part, and flagged
 * only beside the other (`requires`), as PPS flags it.
 */
interface TorturedContext {
  expected: Set<string>;
  /** The phrases it must stand beside. */
  partners: Set<string>;
}

function andParts(expectedRaw: string): string[] {
  return expectedRaw.split(/\s+AND\s+/).map((part) => part.trim()).filter((part) => part !== '');
}

// ---------------------------------------------------------------- ordinary English

function readGoogleNgrams(): Set<string> {
  const keys = new Set<string>();
  for (let n = 1; n <= 5; n++) {
    const lines = readFileSync(join(DATA, 'google-books-ngrams-en', `${n}grams_english.csv`), 'utf8').split('\n').slice(1);
    for (const line of lines) {
      const ngram = line.replace(/,\d+(?:,[\d.]+)?\s*$/, '').replace(/^"|"$/g, '');
      const parsed = phraseTokens(ngram, { anyStart: true });
      if (!('error' in parsed)) keys.add(parsed.key);
    }
  }
  return keys;
}

function readCommonWords(): Set<string> {
  const words = new Set<string>();
  for (const line of readFileSync(join(DATA, 'wordfreq-en', 'wordfreq_large_en.tsv'), 'utf8').split('\n').slice(1)) {
    const [word, zipf] = line.split('\t');
    if (word && Number(zipf) >= COMMON_WORD_ZIPF) words.add(word);
  }
  return words;
}

/**
 * Every occurrence (overlapping ones too) of the candidate phrases in the
 * Reuters development documents, by phrase key; and the word count read.
 */
function reutersOccurrences(candidates: readonly PhraseTokens[]): { found: Map<string, number>; words: number; documents: number } {
  const full = new Set(candidates.map((c) => c.key));
  const prefixes = new Set<string>();
  for (const c of candidates) for (let n = 1; n < c.words.length; n++) prefixes.add(c.words.slice(0, n).join(' '));
  const found = new Map<string, number>();
  let words = 0;
  let documents = 0;
  for (const doc of reutersDocuments()) {
    if (doc.split !== 'dev') continue;
    documents++;
    const tokens = tokenize(`${doc.title}\n\n${doc.body}`);
    const norms = new Array<string>(tokens.count);
    for (let i = 0; i < tokens.count; i++) {
      if (tokens.kinds[i] === TokenKind.Word) words++;
      norms[i] = tokenNorm(tokens, i);
    }
    for (let i = 0; i < tokens.count; i++) {
      const kind = tokens.kinds[i];
      if (kind !== TokenKind.Word && kind !== TokenKind.Number) continue;
      let key = norms[i]!;
      let j = i;
      for (;;) {
        if (full.has(key)) found.set(key, (found.get(key) ?? 0) + 1);
        if (!prefixes.has(key)) break;
        j = following(tokens, j);
        if (j < 0) break;
        key += ` ${norms[j]}`;
      }
    }
  }
  return { found, words, documents };
}

/** The next token a phrase can continue with (the matcher's rule: hyphens looked through, paragraphs end it). */
function following(tokens: Tokens, j: number): number {
  let k = j + 1;
  if (k < tokens.count && tokens.kinds[k] === TokenKind.Joiner) k++;
  if (k >= tokens.count || (tokens.gaps[k]! & Gap.Paragraph) !== 0) return -1;
  return k;
}

/** Hits per 1,000 words of a lexicon over the Reuters development documents, as `check` would match it. */
function cleanNewsRate(lexicon: Lexicon): { hits: number; words: number; perThousand: number } {
  const matcher = compileLexicons([lexicon]);
  let hits = 0;
  let words = 0;
  for (const doc of reutersDocuments()) {
    if (doc.split !== 'dev') continue;
    const tokens = tokenize(`${doc.title}\n\n${doc.body}`);
    for (let i = 0; i < tokens.count; i++) if (tokens.kinds[i] === TokenKind.Word) words++;
    hits += matcher.match(tokens).length;
  }
  return { hits, words, perThousand: (hits / Math.max(words, 1)) * 1000 };
}

// ---------------------------------------------------------------- build

const started = Date.now();
const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

const pairs = ppsPairs();
const train = pairs.filter((p) => p.split === 'train');
log(`PPS pairs read: ${pairs.length} (train ${train.length}, test ${pairs.length - train.length})`);

const fingerprints = new Map([...readFingerprints()].map(([phrase, info]) => [phrase, { ...info, fingerprint: combineFingerprints(info.fingerprints) }]));
const contextTerms = new Set<string>();
for (const { fingerprints: list } of fingerprints.values()) {
  for (const fingerprint of list) {
    for (const group of fingerprint.groups) for (const term of group) contextTerms.add(term);
    for (const term of fingerprint.unless) contextTerms.add(term);
  }
}
/** Context terms that are tortured phrases themselves (see `TorturedContext`), and each head's own part of the expected text. */
const torturedContext = new Map<string, TorturedContext>();
const headExpected = new Map<string, string[]>();
for (const [phrase, info] of fingerprints) {
  if (info.fingerprint.inexpressible || info.fingerprint.proximity) continue;
  info.fingerprints.forEach((fingerprint, k) => {
    const parts = andParts(info.expectedRaw[k]!);
    if (parts.length !== 2 || fingerprint.groups.length !== 1 || fingerprint.groups[0]!.length !== 1) return;
    const term = fingerprint.groups[0]![0]!;
    const context = torturedContext.get(term) ?? { expected: new Set<string>(), partners: new Set<string>() };
    context.expected.add(parts[1]!);
    context.partners.add(phrase);
    torturedContext.set(term, context);
    headExpected.set(phrase, [...(headExpected.get(phrase) ?? []), parts[0]!]);
  });
}
/** A context term ("machine learning" in `"discriminatory schooling" AND "machine learning"`) that a snapshot split off as an entry. */
const isSplitArtefact = (phrase: string) => !fingerprints.has(phrase) && contextTerms.has(phrase);

/** Every real PPS tortured phrase, either split, as matcher keys: none of them may become an allow row. */
const tortured = new Set(
  pairs.filter((p) => !isSplitArtefact(p.tortured) || torturedContext.has(p.tortured)).map((p) => phraseTokens(p.tortured, { anyStart: true })).flatMap((t) => ('error' in t ? [] : [t.key])),
);

const REASON_COMMON_WORD = `a single common English word (wordfreq Zipf >= ${COMMON_WORD_ZIPF})`;
const REASON_NGRAM = 'among the most frequent Google Books n-grams';
const REASON_NEWS = 'occurs in clean news (Reuters development split)';
const dropped = new Map<string, string[]>();
const drop = (reason: string, phrase: string) => {
  const list = dropped.get(reason) ?? [];
  list.push(phrase);
  dropped.set(reason, list);
};

/**
 * PPS sometimes gives the whole original term for a fingerprint that covers only part of
 * it ("palindromic rehashes" → "clustered regularly interspaced short palindromic repeats").
 * Replacing the matched span with the whole term would repeat the words around it, so the
 * expected phrase is cut where the fingerprint's first (or last) word lines up with it,
 * unless the words cut away also occur in the fingerprint (then the term was reordered,
 * "mitigating the virus spread" → "reducing the spread of the virus", and stays whole).
 */
function fitExpected(tortured: string, expected: string): string {
  const t = tortured.split(' ');
  let e = expected.split(' ');
  if (e.length <= t.length) return expected;
  const inTortured = (words: string[]) => words.some((w) => t.includes(w));
  const first = e.indexOf(t[0]!);
  if (first > 0 && !inTortured(e.slice(0, first))) e = e.slice(first);
  const last = e.lastIndexOf(t[t.length - 1]!);
  if (last >= 0 && last < e.length - 1 && !inTortured(e.slice(last + 1))) e = e.slice(0, last + 1);
  return e.join(' ');
}

interface Candidate {
  pair: PpsPair;
  phrase: string;
  tokens: PhraseTokens;
  entry: LexiconEntry;
}
// The split rule hashes the phrase as written, but the matcher treats "0.33-birthday" and
// "0.33 birthday" alike: a training phrase that matches like a test phrase would leak it.
const testKeys = new Set(pairs.filter((p) => p.split === 'test').flatMap((p) => {
  const parsed = phraseTokens(p.tortured, { anyStart: true });
  return 'error' in parsed ? [] : [parsed.key];
}));
const candidates: Candidate[] = [];
const seenKeys = new Set<string>();
for (const pair of [...train].sort((a, b) => (a.tortured < b.tortured ? -1 : a.tortured > b.tortured ? 1 : 0))) {
  const info = fingerprints.get(pair.tortured);
  const asContext = isSplitArtefact(pair.tortured) ? torturedContext.get(pair.tortured) : undefined;
  if (isSplitArtefact(pair.tortured) && !asContext) { drop('a context term of another fingerprint, split off as an entry by the torturedcheck snapshot', pair.tortured); continue; }
  if (info?.fingerprint.proximity) { drop('a proximity fingerprint (words near each other, not a phrase)', pair.tortured); continue; }
  if (info?.fingerprint.inexpressible) { drop(`context the matcher cannot express (${info.fingerprint.inexpressible})`, pair.tortured); continue; }

  // "synthetic intelligence (ai)": the acronym in brackets is the paper's own, not part of the torture.
  let phrase = pair.tortured;
  const bare = phrase.replace(/\s*\([^()]*\)\s*$/, '').trim();
  if (bare !== phrase && bare.length > 0) {
    if (isPpsTestPhrase(bare)) { drop('the phrase without its bracketed acronym is a test-split phrase', pair.tortured); continue; }
    phrase = bare;
  }
  const tokens = phraseTokens(phrase);
  if ('error' in tokens) { drop('not matchable as a phrase (starts with punctuation)', pair.tortured); continue; }

  // An AND fingerprint's expected text names both phrases' originals ("differential equation AND 2nd order"): each phrase takes its own part.
  const ownExpected = asContext ? [...asContext.expected] : headExpected.get(pair.tortured) ?? pair.expected;
  const expected = [...new Set(ownExpected.flatMap((e) => (asContext || headExpected.has(pair.tortured) ? cleanExpected(e) : [e])).map((e) => fitExpected(phrase, e)))]
    // A "correction" that is the phrase itself (PPS lists "hidden markov model" → "hidden markov model") would flag the right term.
    .filter((e) => e.toLowerCase() !== phrase.toLowerCase());
  if (expected.length === 0) { drop(ownExpected.length > 0 ? 'the expected phrase is the phrase itself' : 'no usable expected phrase', pair.tortured); continue; }
  const entry: LexiconEntry = { phrase, expected, tier: 'strong' };
  const fingerprint = info?.fingerprint;
  const usable = (list: readonly string[]) => list.filter((p) => !('error' in phraseTokens(p)));
  // A tortured context term of a test-split phrase stays out of the rule, so that no test phrase ships in any form.
  const shippable = (term: string) => !(torturedContext.has(term) && isPpsTestPhrase(term));
  if (asContext) {
    // Flagged only beside the phrase it was fingerprinted with, never on its own.
    const partners = [...asContext.partners].filter((p) => !isPpsTestPhrase(p)).sort();
    if (partners.length === 0) { drop('a tortured context term whose partner phrases are all test-split', pair.tortured); continue; }
    entry.requires = partners;
  } else if (fingerprint && fingerprint.groups.length === 1) {
    const terms = fingerprint.groups[0]!.filter(shippable);
    const requires = usable(terms);
    if (requires.length === 0 || requires.length !== terms.length) { drop('context the matcher cannot express (a context term is not a phrase)', pair.tortured); continue; }
    entry.requires = requires;
  }
  if (fingerprint && fingerprint.unless.length > 0) entry.unless = usable(fingerprint.unless);
  if (testKeys.has(tokens.key)) { drop('matches like a test-split phrase (hyphen and space variants are one phrase to the matcher)', pair.tortured); continue; }
  if (seenKeys.has(tokens.key)) { drop('a duplicate of another entry once brackets and hyphens are normalised', pair.tortured); continue; }
  seenKeys.add(tokens.key);
  if (info && info.papers > 0) entry.count = info.papers;
  candidates.push({ pair, phrase, tokens, entry });
}
log(`candidates after fingerprint checks: ${candidates.length}`);

const beforeFilter: Lexicon = { id: 'pps-unfiltered', version: '0', source: 'build', licence: 'CC-BY-4.0', entries: candidates.map((c) => c.entry), allow: [] };

const commonWords = readCommonWords();
const ngrams = readGoogleNgrams();
const { found, words: reutersWords, documents: reutersDocs } = reutersOccurrences(candidates.map((c) => c.tokens));
log(`Reuters dev: ${reutersDocs} documents, ${reutersWords} words; ${found.size} candidate phrases occur`);

// The three ordinary-English filters are always reported, even when one drops nothing.
for (const reason of [REASON_COMMON_WORD, REASON_NGRAM, REASON_NEWS]) dropped.set(reason, []);
const kept: Candidate[] = [];
for (const candidate of candidates) {
  const { tokens } = candidate;
  if (tokens.words.length === 1 && commonWords.has(tokens.key)) { drop(REASON_COMMON_WORD, candidate.phrase); continue; }
  if (ngrams.has(tokens.key)) { drop(REASON_NGRAM, candidate.phrase); continue; }
  if (found.has(tokens.key)) { drop(REASON_NEWS, candidate.phrase); continue; }
  kept.push(candidate);
}

// Allow rows: the list's own expected phrases that are multiword ordinary terms.
const allow = new Set<string>();
for (const pair of train) {
  for (const expected of pair.expected) {
    const parsed = phraseTokens(expected);
    if ('error' in parsed || parsed.words.length < 2) continue;
    if (parsed.words.some((w) => !/^[\p{L}\p{N}']+$/u.test(w))) continue; // plain words only
    if (tortured.has(parsed.key) || seenKeys.has(parsed.key) || testKeys.has(parsed.key)) continue;
    allow.add(parsed.key);
  }
}

const entries = kept.map((c) => c.entry);
const lexicon: Lexicon = {
  id: 'pps',
  version: '2026-03-06.train',
  source:
    'Problematic Paper Screener tortured-phrase fingerprints by Guillaume Cabanac, Cyril Labbé and Alexander Magazinov (arXiv:2107.06751, https://dbrech.irit.fr/pls/apex/f?p=9999:5:::NO:::), ' +
    'from the snapshots giladfeldman/torturedcheck src/data/tortured-phrases.json @3571a95 (2026-03-06) and hahuyhoang411/tortured-phrase data/tortured.csv @d096655 (2025-11-13); training split only',
  licence: 'CC BY 4.0 (as declared for the PPS data by the torturedcheck repository)',
  entries,
  allow: [...allow].sort(),
};

const example = (list: string[]) => (list.length > 0 && list.length <= 8 ? `: ${list.join(', ')}` : '');
const dropLines = [...dropped].map(([reason, list]) => `  ${list.length} ${reason}${[REASON_COMMON_WORD, REASON_NEWS].includes(reason) ? example(list) : ''}`);
const comments = [
  'Built by scripts/build-lexicon.ts (npm run build:lexicon) from ../shared/data/pps-tortured-phrases; do not edit by hand.',
  `PPS pairs read: ${pairs.length}; test split (never shipped): ${pairs.length - train.length}; training split: ${train.length}.`,
  `Dropped from the training split: ${train.length - entries.length}`,
  ...dropLines,
  `Shipped: ${entries.length} strong entries (requires: ${entries.filter((e) => e.requires).length}, unless: ${entries.filter((e) => e.unless).length}), ${lexicon.allow.length} allow rows (the list's own multiword expected phrases).`,
  'count = papers the PPS fingerprint matched in Dimensions at export time.',
  'Columns: phrase, expected (| separated, best first), tier, count, constraints.',
];
const text = formatLexiconTsv(lexicon, comments);

const before = cleanNewsRate(beforeFilter);
const after = cleanNewsRate({ ...lexicon, id: 'pps' });
log(`clean news (Reuters dev, ${before.words} words): ${before.hits} hits = ${before.perThousand.toFixed(3)}/1,000 words before the filters, ${after.hits} = ${after.perThousand.toFixed(3)}/1,000 words shipped`);
for (const line of comments.slice(1)) log(line);

if (values.check) {
  const committed = readFileSync(OUT, 'utf8');
  if (committed !== text) {
    console.error(`${OUT} differs from a fresh build`);
    process.exit(1);
  }
  log(`${OUT} is up to date`);
} else {
  writeFileSync(OUT, text);
  log(`wrote ${OUT} (${entries.length} entries, ${lexicon.allow.length} allow rows)`);
}
