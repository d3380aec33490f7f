/**
 * Builds data/terms/terms.bin (npm run build:terms): what the term restorer
 * (src/model/terms) knows about paper mills' tortured terms.
 *
 *  - Word substitutions learned from the PPS **training** pairs (the test
 *    split is never read): each tortured phrase is aligned word by word with
 *    its expected phrase ("profound learning" / "deep learning" teaches
 *    profound → deep), unequal stretches become phrase rewrites ("bringing
 *    into harmony" → "tuning"), and a pair learned for one inflection is
 *    carried over to the other ("organizations" → "networks" teaches
 *    organization → network).
 *  - Thesauri read backwards (MyThes, PPDB-XL): a spinner replaced an
 *    original by one of its synonyms, so the originals of a written word are
 *    the words whose synonym lists hold it.
 *  - Known terms: the training pairs' expected phrases.
 *  - Ordinary English: Google Books' most frequent n-grams, MyThes multiword
 *    head words, and word pairs seen at least twice in the BBC and Reuters
 *    development splits (hashes only; in --dev, only half of the Reuters
 *    documents count, the rest is clean text to fit and measure on).
 *
 * Usage:
 *   npm run build:terms                     writes data/terms/terms.bin
 *   npx tsx scripts/build-terms.ts --dev    holds the development fold out of the
 *       training pairs (first byte of sha1(phrase) % 5 === 1), builds from the
 *       rest into a scratch file, fits the scorer and its report threshold and
 *       measures restoration on the fold and false alarms on clean development
 *       text (Reuters dev split, MPC lines 1-100); --anchor-floor and
 *       --thesaurus-options try other settings of the scan and the build
 *
 * The build is deterministic: the same data gives the same file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { claimSlot, extendKey, findSlot, keySet, SEQUENCE_SEED, sequenceKey, tableSize } from '../src/model/terms/hash.js';
import { encodeTables, SubstitutionKind, TermSource, WordFlag, type TermTables } from '../src/model/terms/tables.js';
import { hashWord, tokenize, TokenKind, tokenNorm } from '../src/text/tokenize.js';
import { bbcDocuments, DATA, mpcPairs, ppsPairs, ppsPhraseWords as phraseWords, REPO, requireSharedData, reutersDocuments, type PpsPair } from '../tools/corpora.js';
import { detect } from '../src/detect/index.js';
import { compileLexicons, loadDefaultLexicons } from '../src/lexicon/index.js';
import type { LanguageModel } from '../src/model/index.js';
import { loadTermModelFile, TermModel, type TermCandidate } from '../src/model/terms/index.js';
import { Feature, FEATURES } from '../src/model/terms/scan.js';
import { applySuggestions } from '../src/restore/index.js';
import { normalizeForMatch } from '../eval/metrics.js';
import { CARRIERS } from '../eval/sections/pps.js';

const { values } = parseArgs({ options: { dev: { type: 'boolean' }, out: { type: 'string' }, 'anchor-floor': { type: 'string' }, 'thesaurus-options': { type: 'string' } } });
requireSharedData();
const DEV = values.dev === true;
const OUT = values.out ?? (DEV ? join(tmpdir(), 'unspin-terms-dev', 'terms.bin') : join(REPO, 'data', 'terms', 'terms.bin'));

/** Thesaurus originals kept per written word (best first). */
const THESAURUS_OPTIONS = Number(values['thesaurus-options'] ?? 4);
/** Words in a term at most. */
const MAX_TERM_WORDS = 6;
/** A word pair seen this often in the BBC development split is ordinary English. */
const PLAIN_PAIR_COUNT = 2;

// ---------------------------------------------------------------- words

/** Never substituted, never a term's first or last word. */
const FUNCTION_WORDS = new Set(
  ('a an the and or nor but of in on at to for by with as from via into onto upon over under about than then that this these those ' +
    'is are was were be been being am do does did has have had it its it\'s they them their we our you your he she his her i me my ' +
    'not no so if than which who whom whose what when where why how all any each both either neither such very can could may might ' +
    'must shall should will would also there here out up off down').split(' '),
);


const isPlainWord = (word: string) => /^[a-z][a-z']*$/.test(word) && !FUNCTION_WORDS.has(word);

function readWordfreq(): Map<string, number> {
  const zipf = new Map<string, number>();
  const lines = readFileSync(join(DATA, 'wordfreq-en', 'wordfreq_large_en.tsv'), 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const [word, value] = lines[i]!.split('\t');
    if (word && value) zipf.set(word, Number(value));
  }
  return zipf;
}

function plural(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

function singular(word: string): string | null {
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^su]s$/.test(word)) return word.slice(0, -1);
  return null;
}

// ---------------------------------------------------------------- PPS pairs

/**
 * Reuters development documents in --dev: half give word-pair counts, a
 * quarter are the clean negatives the scorer is fitted on, a quarter the
 * clean text its false alarms are reported on. (BBC documents always count.)
 */
function reutersPart(id: string): 'counts' | 'fit' | 'report' {
  if (!id.startsWith('reuters/')) return 'counts';
  const part = createHash('sha1').update(id, 'utf8').digest()[1]! % 4;
  return part < 2 ? 'counts' : part === 2 ? 'fit' : 'report';
}

function fold(pair: PpsPair): number {
  return createHash('sha1').update(pair.tortured, 'utf8').digest()[0]! % 5;
}

const train = ppsPairs().filter((pair) => pair.split === 'train');
const devFold = DEV ? train.filter((pair) => fold(pair) === 1) : [];
const learnFrom = DEV ? train.filter((pair) => fold(pair) !== 1) : train;

interface Counter<K> { get(key: K): number | undefined; set(key: K, value: number): unknown }
const bump = <K>(map: Counter<K>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

/** Written word → original word → pairs that show it. */
const learned = new Map<string, Map<string, number>>();
/** Written phrase → original phrase → pairs (words joined by spaces). */
const phraseRewrites = new Map<string, Map<string, number>>();

function learnWord(written: string, original: string): void {
  if (written === original || !isPlainWord(written) || !/^[a-z0-9][a-z0-9']*$/.test(original)) return;
  let originals = learned.get(written);
  if (!originals) learned.set(written, (originals = new Map()));
  bump(originals, original);
}

function learnPhrase(written: string[], original: string[]): void {
  if (written.length > 3 || original.length > 3 || written.length === 0 || original.length === 0) return;
  if (!written.some(isPlainWord)) return;
  const key = written.join(' ');
  let originals = phraseRewrites.get(key);
  if (!originals) phraseRewrites.set(key, (originals = new Map()));
  bump(originals, original.join(' '));
}

/** Aligns a tortured phrase with an original: equal words anchor, the stretches between them pair up. */
function align(written: string[], original: string[]): void {
  if (written.length === original.length) {
    written.forEach((word, i) => learnWord(word, original[i]!));
    return;
  }
  // Longest common subsequence of equal words.
  const n = written.length;
  const m = original.length;
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = written[i] === original[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  let gapI = 0;
  let gapJ = 0;
  const closeGap = () => {
    const a = written.slice(gapI, i);
    const b = original.slice(gapJ, j);
    if (a.length === b.length) a.forEach((word, k) => learnWord(word, b[k]!));
    else learnPhrase(a, b);
  };
  while (i < n && j < m) {
    if (written[i] === original[j]) {
      closeGap();
      i++; j++;
      gapI = i; gapJ = j;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
    else j++;
  }
  i = n; j = m;
  closeGap();
}

/** Term text → how many training pairs restore to it. */
const ppsTerms = new Map<string, number>();
for (const pair of learnFrom) {
  const written = phraseWords(pair.tortured);
  if (!written) continue;
  for (const expected of pair.expected) {
    const original = phraseWords(expected);
    if (!original) continue;
    align(written, original);
    if (original.length >= 2 && original.length <= MAX_TERM_WORDS) bump(ppsTerms, expected.replace(/\s+/g, ' ').trim());
  }
}

const zipf = readWordfreq();
const known = (word: string) => (zipf.get(word) ?? 0) >= 1;

// A substitution learned for one form of a word holds for its other number.
const inflected = new Map<string, Map<string, number>>();
for (const [written, originals] of learned) {
  for (const [original, count] of originals) {
    const forms: Array<[string | null, string | null]> = [[plural(written), plural(original)], [singular(written), singular(original)]];
    for (const [w, o] of forms) {
      if (!w || !o || !known(w) || !known(o) || learned.get(w)?.has(o)) continue;
      let map = inflected.get(w);
      if (!map) inflected.set(w, (map = new Map()));
      bump(map, o, count);
    }
  }
}

// ---------------------------------------------------------------- thesauri

interface ThesaurusEntry { head: string; synonyms: Map<string, number> }

/** MyThes: head → synonyms with a rank weight (plain synonyms before "similar" ones). */
function readMythes(): ThesaurusEntry[] {
  const lines = readFileSync(join(DATA, 'thesaurus-en', 'mythes_th_en_US_v2.dat'), 'utf8').split('\n');
  const entries: ThesaurusEntry[] = [];
  let current: ThesaurusEntry | null = null;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('(')) {
      if (!current) continue;
      const parts = line.split('|').slice(1);
      for (const part of parts) {
        const annotation = /\(([^)]*)\)\s*$/.exec(part)?.[1];
        if (annotation === 'antonym' || annotation === 'generic term' || annotation === 'related term') continue;
        const synonym = part.replace(/\s*\([^)]*\)\s*$/, '').trim();
        const weight = annotation === 'similar term' ? 1 : 2;
        if (synonym && (current.synonyms.get(synonym) ?? 0) < weight) current.synonyms.set(synonym, weight);
      }
      continue;
    }
    const head = /^(.+)\|\d+$/.exec(line);
    if (head) entries.push((current = { head: head[1]!, synonyms: new Map() }));
  }
  return entries;
}

/** PPDB-XL lexical paraphrases: head → paraphrases. */
function readPpdb(): ThesaurusEntry[] {
  const entries: ThesaurusEntry[] = [];
  for (const line of readFileSync(join(DATA, 'ppdb-xl-lexicon', 'ppdb-xl.txt'), 'utf8').split('\n')) {
    const [head, ...paraphrases] = line.trim().split(' ');
    if (!head) continue;
    entries.push({ head, synonyms: new Map(paraphrases.map((p) => [p.replace(/-/g, ' '), 1])) });
  }
  return entries;
}

const mythes = readMythes();
const ppdb = readPpdb();

// ---------------------------------------------------------------- terms

interface Term { words: string[]; text: string; weight: number; source: number }
const terms = new Map<string, Term>();
function addTerm(text: string, source: number, weight: number): void {
  const words = phraseWords(text);
  if (!words || words.length < 2 || words.length > MAX_TERM_WORDS) return;
  if (FUNCTION_WORDS.has(words[0]!) || FUNCTION_WORDS.has(words[words.length - 1]!)) return;
  const key = words.join(' ');
  const known = terms.get(key);
  if (known) {
    known.source |= source;
    known.weight += weight;
    // Prefer the PPS spelling ("fine-tuning") for the restoration.
    if (source === TermSource.Pps && (known.source & TermSource.Pps) === 0) known.text = text;
    return;
  }
  terms.set(key, { words, text: text.toLowerCase(), weight, source });
}
for (const [text, count] of [...ppsTerms].sort((a, b) => (a[0] < b[0] ? -1 : 1))) addTerm(text, TermSource.Pps, count);
const mythesHeads = mythes.map((e) => e.head).filter((head) => /^[a-z][a-z' -]*[a-z]$/.test(head) && /[ -]/.test(head));

/** How many terms each word occurs in, and how many PPS terms (priors for thesaurus originals). */
const termWordCount = new Map<string, number>();
const ppsWordCount = new Map<string, number>();
for (const term of terms.values()) {
  for (const word of new Set(term.words)) {
    bump(termWordCount, word);
    if (term.source & TermSource.Pps) bump(ppsWordCount, word);
  }
}

// Reverse thesaurus: written word → original (a term word) → weight.
const reverse = new Map<string, Map<string, number>>();
function addReverse(entries: ThesaurusEntry[], scale: number): void {
  for (const { head, synonyms } of entries) {
    const original = head.toLowerCase();
    // Only the words of science terms are originals worth restoring.
    if (!ppsWordCount.has(original) || !isPlainWord(original)) continue;
    for (const [synonym, weight] of synonyms) {
      const written = synonym.toLowerCase();
      if (written === original || !isPlainWord(written)) continue;
      let map = reverse.get(written);
      if (!map) reverse.set(written, (map = new Map()));
      bump(map, original, weight * scale);
    }
  }
}
addReverse(mythes, 1);
addReverse(ppdb, 1);
// Thesauri list base forms; a plural written word stands for a plural original.
for (const [written, originals] of [...reverse]) {
  const pluralWritten = plural(written);
  if (!known(pluralWritten) || reverse.has(pluralWritten)) continue;
  const map = new Map<string, number>();
  for (const [original, weight] of originals) {
    const pluralOriginal = plural(original);
    if (termWordCount.has(pluralOriginal) && known(pluralOriginal)) map.set(pluralOriginal, weight);
  }
  if (map.size > 0) reverse.set(pluralWritten, map);
}

// ---------------------------------------------------------------- vocabulary

const vocabulary = new Set<string>();
for (const term of terms.values()) for (const word of term.words) vocabulary.add(word);
for (const map of [learned, inflected]) {
  for (const [written, originals] of map) {
    vocabulary.add(written);
    for (const original of originals.keys()) vocabulary.add(original);
  }
}
for (const [written, originals] of reverse) {
  if (originals.size > 0) vocabulary.add(written);
}
for (const [written, originals] of phraseRewrites) {
  for (const word of written.split(' ')) vocabulary.add(word);
  for (const original of originals.keys()) for (const word of original.split(' ')) vocabulary.add(word);
}
const words = [...vocabulary].filter((word) => hashWord(word) !== 0).sort();
const ids = new Map(words.map((word, id) => [word, id]));
const idsOf = (list: readonly string[]) => list.map((word) => ids.get(word)!);

const wordHash = new Uint32Array(words.map(hashWord));
const wordSlots = new Uint32Array(tableSize(words.length));
const wordId = new Uint32Array(wordSlots.length);
const hashCollisions: string[] = [];
words.forEach((word, id) => {
  // Two words with one hash: the later one is left out of the lookup (the scanner re-reads words it reports).
  if (findSlot(wordSlots, wordHash[id]!) >= 0) { hashCollisions.push(word); return; }
  wordId[claimSlot(wordSlots, wordHash[id]!)] = id;
});

// ---------------------------------------------------------------- substitutions

const wordFlags = new Uint8Array(words.length);
words.forEach((word, id) => {
  if (FUNCTION_WORDS.has(word)) wordFlags[id]! |= WordFlag.Function;
  if (/[^su]s$/.test(word)) wordFlags[id]! |= WordFlag.Plural;
});
const subStart = new Uint32Array(words.length + 1);
const subTarget: number[] = [];
const subWeight: number[] = [];
const subKind: number[] = [];
const byWeight = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
words.forEach((word, id) => {
  subStart[id] = subTarget.length;
  const seen = new Set<string>();
  const add = (original: string, weight: number, kind: number) => {
    if (seen.has(original) || !ids.has(original)) return;
    seen.add(original);
    subTarget.push(ids.get(original)!);
    subWeight.push(Math.min(weight, 0xffff));
    subKind.push(kind);
  };
  for (const [original, count] of [...(learned.get(word) ?? [])].sort(byWeight)) add(original, count, SubstitutionKind.Learned);
  for (const [original, count] of [...(inflected.get(word) ?? [])].sort(byWeight)) add(original, count, SubstitutionKind.Inflected);
  if (seen.size > 0) wordFlags[id]! |= WordFlag.Anchor;
  // Thesaurus originals: words of science terms first (the originals paper mills torture), then those listed by more thesauri.
  const thesaurus = [...(reverse.get(word) ?? [])]
    .map(([original, weight]): [string, number] => [original, Math.min(ppsWordCount.get(original) ?? 0, 20) * 1000 + weight * 100 + Math.min(99, termWordCount.get(original) ?? 0)])
    .sort(byWeight)
    .slice(0, THESAURUS_OPTIONS);
  for (const [original, weight] of thesaurus) add(original, Math.min(weight, 0xffff), SubstitutionKind.Thesaurus);
});
subStart[words.length] = subTarget.length;

// Phrase rewrites.
const phraseEntries = [...phraseRewrites].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const phraseSlots = new Uint32Array(tableSize(phraseEntries.length));
const phraseFirst = new Uint32Array(phraseSlots.length);
const phraseInLength = new Uint8Array(phraseSlots.length);
const phraseCount = new Uint8Array(phraseSlots.length);
const phraseOutStart: number[] = [];
const phraseOut: number[] = [];
const phraseWeight: number[] = [];
for (const [written, originals] of phraseEntries) {
  wordFlags[ids.get(written.split(' ')[0]!)!]! |= WordFlag.PhraseStart;
  const slot = claimSlot(phraseSlots, sequenceKey(idsOf(written.split(' '))));
  phraseFirst[slot] = phraseWeight.length;
  phraseInLength[slot] = written.split(' ').length;
  const rewrites = [...originals].sort(byWeight).slice(0, 255);
  phraseCount[slot] = rewrites.length;
  for (const [original, count] of rewrites) {
    phraseOutStart.push(phraseOut.length);
    phraseOut.push(...idsOf(original.split(' ')));
    phraseWeight.push(count);
  }
}
phraseOutStart.push(phraseOut.length);

// ---------------------------------------------------------------- term tables

const termList = [...terms.values()].sort((a, b) => (a.words.join(' ') < b.words.join(' ') ? -1 : 1));
const termSlots = new Uint32Array(tableSize(termList.length));
const termIndex = new Uint32Array(termSlots.length);
const termStart = new Uint32Array(termList.length + 1);
const termIds: number[] = [];
const prefixKeys = new Set<number>();
const pairCounts = new Map<number, number>();
termList.forEach((term, index) => {
  const list = idsOf(term.words);
  termStart[index] = termIds.length;
  termIds.push(...list);
  termIndex[claimSlot(termSlots, sequenceKey(list))] = index;
  let key = SEQUENCE_SEED;
  for (const id of list) prefixKeys.add((key = extendKey(key, id)));
  for (let i = 0; i + 1 < list.length; i++) bump(pairCounts, sequenceKey([list[i]!, list[i + 1]!]));
});
termStart[termList.length] = termIds.length;
const pairSlots = new Uint32Array(tableSize(pairCounts.size));
const pairCount = new Uint16Array(pairSlots.length);
for (const [key, count] of [...pairCounts].sort((a, b) => a[0] - b[0])) pairCount[claimSlot(pairSlots, key)] = Math.min(count, 0xffff);

// ---------------------------------------------------------------- ordinary English

const plainKeys = new Set<number>();
const sequenceOf = (list: readonly string[]): number | null => {
  let key = SEQUENCE_SEED;
  for (const word of list) {
    const id = ids.get(word);
    if (id === undefined) return null;
    key = extendKey(key, id);
  }
  return key;
};
for (const n of [2, 3, 4, 5]) {
  const lines = readFileSync(join(DATA, 'google-books-ngrams-en', `${n}grams_english.csv`), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const ngram = line.slice(0, line.lastIndexOf(','));
    const list = phraseWords(ngram);
    const key = list && sequenceOf(list);
    if (key) plainKeys.add(key);
  }
}
// Word pairs of clean news, where one of the two words has substitutions (only those pairs are ever asked about).
const newsPairs = new Map<number, number>();
for (const document of [...bbcDocuments(), ...reutersDocuments()]) {
  if (document.split !== 'dev' || (DEV && reutersPart(document.id) !== 'counts')) continue;
  const tokens = tokenize(`${document.title}\n\n${document.body}`);
  let previous = -1;
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kinds[i];
    if (kind === TokenKind.Joiner) continue;
    const id = kind === TokenKind.Word || kind === TokenKind.Number ? ids.get(tokenNorm(tokens, i)) ?? -1 : -1;
    if (previous >= 0 && id >= 0 && (subStart[previous + 1]! > subStart[previous]! || subStart[id + 1]! > subStart[id]!)) {
      bump(newsPairs, sequenceKey([previous, id]));
    }
    previous = id;
  }
}
for (const [key, count] of newsPairs) if (count >= PLAIN_PAIR_COUNT) plainKeys.add(key);
// MyThes head words are English as written.
for (const head of mythesHeads) {
  const list = phraseWords(head);
  const key = list && sequenceOf(list);
  if (key) plainKeys.add(key);
}
const plainSlots = keySet([...plainKeys].sort((a, b) => a - b), plainKeys.size);

// ---------------------------------------------------------------- write

const encoder = new TextEncoder();
const tables: TermTables = {
  meta: {
    format: 'unspin-terms/1',
    news: DEV ? 'BBC development split, half of the Reuters development split' : 'BBC and Reuters development splits',
    built: DEV ? 'development (fold 1 of the training pairs held out)' : 'all PPS training pairs',
    trainingPairs: learnFrom.length,
    words: words.length,
    learnedWords: learned.size,
    inflectedWords: inflected.size,
    thesaurusWords: reverse.size,
    phraseRewrites: phraseEntries.length,
    terms: termList.length,
    ppsTerms: termList.filter((t) => t.source & TermSource.Pps).length,
    plainSequences: plainKeys.size,
    hashCollisions,
  },
  wordText: encoder.encode(words.join('\n')),
  wordHash,
  wordSlots,
  wordId,
  wordFlags,
  wordZipf: new Uint8Array(words.map((word) => Math.round(10 * (zipf.get(word) ?? 0)))),
  wordTerms: new Uint16Array(words.map((word) => Math.min(ppsWordCount.get(word) ?? 0, 0xffff))),
  wordTortured: new Uint16Array(words.map((word) => {
    let total = 0;
    for (const count of learned.get(word)?.values() ?? []) total += count;
    return Math.min(total, 0xffff);
  })),
  subStart,
  subTarget: new Uint32Array(subTarget),
  subWeight: new Uint16Array(subWeight),
  subKind: new Uint8Array(subKind),
  phraseSlots,
  phraseFirst,
  phraseInLength,
  phraseCount,
  phraseOutStart: new Uint32Array(phraseOutStart),
  phraseOut: new Uint32Array(phraseOut),
  phraseWeight: new Uint16Array(phraseWeight.map((w) => Math.min(w, 0xffff))),
  termSlots,
  termIndex,
  termStart,
  termIds: new Uint32Array(termIds),
  termWeight: new Uint16Array(termList.map((t) => Math.min(t.weight, 0xffff))),
  termSource: new Uint8Array(termList.map((t) => t.source)),
  termText: encoder.encode(termList.map((t) => t.text).join('\n')),
  prefixSlots: keySet([...prefixKeys].sort((a, b) => a - b), prefixKeys.size),
  pairSlots,
  pairCount,
  plainSlots,
};
const image = encodeTables(tables);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, image);
console.log(`wrote ${OUT}: ${(image.length / 1e6).toFixed(2)} MB`, JSON.stringify(tables.meta));

if (DEV) developmentReport(OUT, devFold);

// ---------------------------------------------------------------- development report

interface Labelled { candidates: TermCandidate[]; positive: boolean[]; words: number }

/** Logistic regression by Newton's method with a small ridge on every weight but the bias; deterministic. */
function fitLogistic(rows: Array<{ features: Float64Array; label: number; weight: number }>): number[] {
  const n = FEATURES;
  const w = new Array<number>(n).fill(0);
  const ridge = 1;
  for (let iteration = 0; iteration < 30; iteration++) {
    const gradient = new Array<number>(n).fill(0);
    const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const { features, label, weight } of rows) {
      let z = 0;
      for (let f = 0; f < n; f++) z += w[f]! * features[f]!;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - label) * weight;
      const h = p * (1 - p) * weight;
      for (let f = 0; f < n; f++) {
        if (features[f] === 0) continue;
        gradient[f]! += g * features[f]!;
        for (let k = 0; k < n; k++) hessian[f]![k]! += h * features[f]! * features[k]!;
      }
    }
    for (let f = 0; f < n; f++) {
      if (f === Feature.bias) continue;
      gradient[f]! += ridge * w[f]!;
      hessian[f]![f]! += ridge;
    }
    for (let f = 0; f < n; f++) hessian[f]![f]! += 1e-9;
    const delta = solve(hessian, gradient);
    let change = 0;
    for (let f = 0; f < n; f++) { w[f]! -= delta[f]!; change = Math.max(change, Math.abs(delta[f]!)); }
    if (change < 1e-6) break;
  }
  return w.map((x) => Math.round(x * 1000) / 1000);
}

/** Solves A x = b by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Findings the scan would report from these candidates: best first, no two overlapping. */
function selected(candidates: readonly TermCandidate[], weights: readonly number[], minimum: number): number[] {
  const scored = candidates.map((c, index) => {
    let score = 0;
    for (let f = 0; f < FEATURES; f++) score += weights[f]! * c.features[f]!;
    return { c, index, score };
  }).filter((x) => x.score >= minimum);
  scored.sort((a, b) => b.score - a.score || (b.c.last - b.c.first) - (a.c.last - a.c.first) || a.c.first - b.c.first);
  const taken: typeof scored = [];
  for (const x of scored) if (!taken.some((t) => t.c.first <= x.c.last && x.c.first <= t.c.last)) taken.push(x);
  return taken.map((x) => x.index);
}

/**
 * Fits the scorer on the held-out development fold (positives: candidates
 * that restore a fold phrase exactly; negatives: wrong restorations of fold
 * phrases and every candidate in the "fit" quarter of the Reuters
 * development split and the MPC development originals), picks the report
 * threshold that keeps false alarms on the fit quarter under the budget, and
 * measures restoration on the fold and false alarms on the "report" quarter,
 * the way `npm run eval` measures the test split.
 */
function developmentReport(path: string, fold: readonly PpsPair[]): void {
  const tables = loadTermModelFile(path).tables;
  const anchorFloor = values['anchor-floor'] === undefined ? undefined : Number(values['anchor-floor']);
  const probe = new TermModel(tables, { collect: true, anchorFloor });
  const label = (text: string, expected: readonly string[]): Labelled => {
    const tokens = tokenize(text);
    const candidates = probe.findCandidates(tokens, new Uint8Array(tokens.count)).slice();
    const wanted = new Set(expected.map(normalizeForMatch));
    const positive = candidates.map((c) => {
      const start = tokens.starts[c.first]!;
      const end = tokens.ends[c.last]!;
      return wanted.has(normalizeForMatch(text.slice(0, start) + probe.restoration(c, tokens) + text.slice(end)));
    });
    let words = 0;
    for (let i = 0; i < tokens.count; i++) if (tokens.kinds[i] === TokenKind.Word) words++;
    return { candidates, positive, words };
  };
  const foldSets = fold.map((pair) => label(pair.tortured, pair.expected));
  const reuters = [...reutersDocuments()].filter((d) => d.split === 'dev');
  const cleanSet = (texts: string[]) => texts.map((text) => label(text, []));
  const fitClean = cleanSet([
    ...reuters.filter((d) => reutersPart(d.id) === 'fit').map((d) => `${d.title}\n\n${d.body}`),
    ...mpcPairs().filter((p) => p.split === 'dev').map((p) => p.original),
  ]);
  const reportClean = cleanSet(reuters.filter((d) => reutersPart(d.id) === 'report').map((d) => `${d.title}\n\n${d.body}`));

  const rows: Array<{ features: Float64Array; label: number; weight: number }> = [];
  for (const set of [...foldSets, ...fitClean]) set.candidates.forEach((c, i) => rows.push({ features: c.features, label: set.positive[i] ? 1 : 0, weight: 1 }));
  const positives = rows.filter((r) => r.label === 1).length;
  console.log(`fit on ${positives} positive and ${rows.length - positives} negative candidates`);
  const weights = fitLogistic(rows);
  console.log(`weights: [${weights.join(', ')}]`);

  const wordsOf = (sets: Labelled[]) => sets.reduce((sum, s) => sum + s.words, 0);
  const alarms = (sets: Labelled[], minimum: number) => sets.reduce((sum, s) => sum + selected(s.candidates, weights, minimum).length, 0);
  const exact = (minimum: number) => foldSets.filter((s) => {
    const chosen = selected(s.candidates, weights, minimum);
    return chosen.length === 1 && s.positive[chosen[0]!];
  }).length;
  // The lowest threshold whose false alarms on the fit quarter stay under the budget (0.04 per 1,000 words).
  const budget = (0.04 * wordsOf(fitClean)) / 1000;
  let minimum = 0;
  for (let m = -2; m <= 8; m += 0.1) {
    if (alarms(fitClean, m) <= budget) { minimum = m; break; }
  }
  const confidence = 1 / (1 + Math.exp(-minimum));
  console.log(`report threshold: ln odds ${minimum.toFixed(2)} (confidence ${confidence.toFixed(3)}); ` +
    `fold exact ${exact(minimum)}/${fold.length}; fit-quarter alarms ${alarms(fitClean, minimum)} in ${wordsOf(fitClean)} words`);
  for (let m = minimum - 0.6; m <= minimum + 0.61; m += 0.2) {
    console.log(`  at ${m.toFixed(2)}: fold exact ${exact(m)}, fit alarms ${alarms(fitClean, m)}, report alarms ${alarms(reportClean, m)}`);
  }

  // The whole product path with the fitted scorer: detect() with and without the lexicon.
  const model = new TermModel(tables, { weights, reportConfidence: confidence, anchorFloor });
  const foldPhrases = new Set(fold.map((pair) => phraseWords(pair.tortured)?.join(' ')));
  // The shipped lexicon holds the fold: without it, the fold's phrases are as new to unspin as the test split's.
  const lexicons = loadDefaultLexicons().map((lexicon) => ({
    ...lexicon,
    entries: lexicon.entries.filter((entry) => !foldPhrases.has(phraseWords(entry.phrase)?.join(' '))),
  }));
  const configurations = [
    { name: 'terms alone', lexicon: compileLexicons([]), model: model as LanguageModel | null },
    { name: 'lexicon without the fold', lexicon: compileLexicons(lexicons), model: null },
    { name: 'lexicon without the fold + terms', lexicon: compileLexicons(lexicons), model },
  ];
  const check = (configuration: (typeof configurations)[number], text: string) => {
    const tokens = tokenize(text);
    const { findings, words } = detect({ text, kind: 'text', excluded: [] }, tokens, { lexicon: configuration.lexicon, model: configuration.model });
    return { findings, words, restored: applySuggestions(text, findings) };
  };
  const lines: string[] = [];
  const percent = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}% (${n}/${of})`;
  for (const configuration of configurations) {
    let exactAlone = 0;
    let detectedAlone = 0;
    let exactCarrier = 0;
    let detectedCarrier = 0;
    for (const pair of fold) {
      const expected = new Set(pair.expected.map(normalizeForMatch));
      const alone = check(configuration, pair.tortured);
      const ok = expected.has(normalizeForMatch(alone.restored));
      if (alone.findings.length > 0) detectedAlone++;
      if (ok) exactAlone++;
      if (configuration.name === 'terms alone') lines.push([ok ? 'OK' : alone.findings.length ? 'WRONG' : 'MISS', pair.tortured, alone.restored, pair.expected.join(' | ')].join('\t'));
      for (const carrier of CARRIERS) {
        const at = carrier.indexOf('{phrase}');
        const result = check(configuration, carrier.replace('{phrase}', pair.tortured));
        if (result.findings.some((f) => f.start < at + pair.tortured.length && at < f.end)) detectedCarrier++;
        const sentence = normalizeForMatch(result.restored);
        if (pair.expected.some((e) => normalizeForMatch(carrier.replace('{phrase}', e)) === sentence)) exactCarrier++;
      }
    }
    console.log(`${configuration.name}: exact alone ${percent(exactAlone, fold.length)}, in a carrier ${percent(exactCarrier, fold.length * CARRIERS.length)}; ` +
      `detected alone ${percent(detectedAlone, fold.length)}, in a carrier ${percent(detectedCarrier, fold.length * CARRIERS.length)}`);
  }
  const report = join(dirname(path), 'development-fold.tsv');
  writeFileSync(report, `${lines.join('\n')}\n`);

  // False alarms of the term restorer alone on clean development text.
  const alone = configurations[0]!;
  const found: string[] = [];
  const measure = (name: string, texts: Iterable<string>) => {
    let words = 0;
    let findings = 0;
    for (const text of texts) {
      const result = check(alone, text);
      words += result.words;
      findings += result.findings.length;
      for (const f of result.findings) found.push(`${name}\t${f.actual}\t${f.expected.join(' | ')}\t${f.confidence.toFixed(2)}`);
    }
    console.log(`clean ${name}: ${findings} findings in ${words} words = ${((1000 * findings) / words).toFixed(3)} per 1,000 words`);
  };
  const text = (d: { title: string; body: string }) => `${d.title}\n\n${d.body}`;
  measure('Reuters dev, report quarter (held out of counts and fit)', reuters.filter((d) => reutersPart(d.id) === 'report').map(text));
  measure('Reuters dev, fit quarter', reuters.filter((d) => reutersPart(d.id) === 'fit').map(text));
  measure('Reuters dev, all', reuters.map(text));
  measure('MPC originals, lines 1-100', mpcPairs().filter((p) => p.split === 'dev').map((p) => p.original));
  writeFileSync(join(dirname(path), 'clean-alarms.tsv'), `${found.join('\n')}\n`);
  console.log(`per-pair results: ${report}; clean-text findings: ${join(dirname(path), 'clean-alarms.tsv')}`);
}
