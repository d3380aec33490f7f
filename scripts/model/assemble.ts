/**
 * Turns the counted statistics and thesaurus relations into the model
 * file's sections (see `src/model/model.ts` for how they are read).
 */
import { insertSlot, pairKey, tableSize, tripleKey } from '../../src/model/hashtable.js';
import { derivedTables } from '../../src/model/ngram.js';
import { FIRST_WORD_ID, Special, type VocabularyTable } from '../../src/model/sequence.js';
import type { SectionArray } from '../../src/model/format.js';
import { hashWord } from '../../src/text/tokenize.js';
import type { CountTable, NgramCounts } from './counts.js';
import { buildPhraseRelations, buildRelations, isPlainWord, reverseRelations } from './relations.js';
import { phraseKey } from '../../src/model/phrases.js';
import type { ThesaurusSense, WordFrequency } from './sources.js';
import { quantisedVectors, type VectorSource } from './vectors.js';
import { buildTerms } from './terms.js';

export interface VocabularyInputs {
  wordfreq: readonly WordFrequency[];
  ppdb: ReadonlyMap<string, readonly string[]>;
  mythes: ReadonlyMap<string, readonly ThesaurusSense[]>;
  /** How often each normalised word occurs in the counted documents. */
  corpusWords: ReadonlyMap<string, number>;
}

export interface BuildInputs {
  ppdb: ReadonlyMap<string, readonly string[]>;
  mythes: ReadonlyMap<string, readonly ThesaurusSense[]>;
  vectors: VectorSource;
  vocabulary: ChosenVocabulary;
  /** N-gram counts over `vocabulary`'s ids (only read). */
  counts: NgramCounts;
}

export interface BuildParameters {
  /** Smallest count of a pair or triple that is kept. */
  minCount: number;
  /** At most this many pairs and triples are kept: the count threshold rises until they fit (the file's size budget). */
  maxBigrams: number;
  maxTrigrams: number;
  /** Words the corpus repeats at least this often are in the vocabulary. */
  minCorpusCount: number;
  /** wordfreq words at or above this Zipf value are in the vocabulary whatever else holds. */
  minZipf: number;
  /** Candidate originals kept per written word. */
  candidates: number;
  /** Words with vectors: this many of the most frequent, plus every written word and candidate. */
  vectorWords: number;
}

/**
 * Table budgets: a table holds at most 0.7 of a power of two. 2.9 M pairs fit 2^22 slots (38 MB with the bit
 * filter) and 1.46 M triples 2^21 (15 MB); with the vocabulary, vectors and candidates the file stays under 80 MB
 * (issue 9), the term restorer's terms.bin beside it included.
 */
export const DEFAULT_PARAMETERS: BuildParameters = {
  minCount: 2,
  maxBigrams: 2_900_000,
  maxTrigrams: 1_460_000,
  minCorpusCount: 3,
  minZipf: 2,
  candidates: 16,
  vectorWords: 30000,
};

/** Originals kept per written phrase. */
const PHRASE_CANDIDATES = 6;

/** ln P(w | c) is stored in thousandths. */
const CHANNEL_SCALE = 1000;

/** Fill of the n-gram tables. */
const TABLE_LOAD = 0.7;

export interface Vocabulary extends VocabularyTable {
  words: string[];
  index: Map<string, number>;
}

export interface ChosenVocabulary extends Vocabulary {
  collisions: number;
  /** P1(word): wordfreq, or a discounted corpus frequency for words wordfreq lacks. */
  unigramOf: (word: string) => number;
}

export interface BuiltModel {
  vocabulary: Vocabulary;
  sections: Map<string, SectionArray>;
  stats: Record<string, number>;
}

function buildVocabulary(words: string[]): { table: VocabularyTable; collisions: number } {
  const size = tableSize(words.length, 0.6);
  const keys = new Uint32Array(size);
  const ids = new Uint32Array(size);
  let collisions = 0;
  for (let id = FIRST_WORD_ID; id < words.length; id++) {
    const hash = hashWord(words[id]!);
    if (hash === 0) continue;
    const slot = insertSlot(keys, hash);
    // Two words with one hash: the more frequent (earlier) one keeps it.
    if (ids[slot] !== 0) { collisions++; continue; }
    ids[slot] = id;
  }
  return { table: { keys, ids }, collisions };
}

/** Vocabulary: common English, every word the corpus repeats, and every thesaurus word wordfreq knows; most probable first. */
export function chooseVocabulary(inputs: VocabularyInputs, parameters: BuildParameters = DEFAULT_PARAMETERS): ChosenVocabulary {
  const freq = new Map<string, number>();
  for (const { word, freq: f } of inputs.wordfreq) if (!freq.has(word)) freq.set(word, f);
  let corpusTotal = 0;
  for (const n of inputs.corpusWords.values()) corpusTotal += n;
  const minFreq = 10 ** (parameters.minZipf - 9);
  const chosen = new Set<string>();
  for (const [word, f] of freq) if (f >= minFreq) chosen.add(word);
  for (const [word, n] of inputs.corpusWords) if (n >= parameters.minCorpusCount) chosen.add(word);
  const thesaurusWord = (word: string) => {
    if (isPlainWord(word) && freq.has(word)) chosen.add(word);
  };
  for (const [head, list] of inputs.ppdb) { thesaurusWord(head); list.forEach(thesaurusWord); }
  for (const [head, senses] of inputs.mythes) {
    thesaurusWord(head);
    for (const sense of senses) { sense.synonyms.forEach(thesaurusWord); sense.similar.forEach(thesaurusWord); }
  }
  const unigramOf = (word: string) => freq.get(word) ?? ((inputs.corpusWords.get(word) ?? 0) / Math.max(corpusTotal, 1)) * 0.3;
  const ordered = [...chosen].filter((w) => w.length > 0).sort((a, b) => unigramOf(b) - unigramOf(a) || (a < b ? -1 : a > b ? 1 : 0));
  const words = ['<unk>', '<s>', '<num>', '<,>', '<p>', ...ordered];
  const index = new Map<string, number>();
  words.forEach((w, id) => { if (id >= FIRST_WORD_ID) index.set(w, id); });
  const { table, collisions } = buildVocabulary(words);
  return { ...table, words, index, collisions, unigramOf };
}

/** The smallest count ≥ minCount at which at most `budget` keys remain, and those keys in ascending order. */
function keptKeys(table: CountTable, minCount: number, budget: number): { threshold: number; keys: Uint32Array } {
  const histogram = table.histogram(1 << 16);
  let threshold = minCount;
  while (threshold < histogram.length - 1 && histogram[threshold]! > budget) threshold++;
  const keys = new Uint32Array(histogram[threshold]!);
  let n = 0;
  for (let slot = 0; slot < table.keys.length; slot++) if (table.keys[slot] !== 0 && table.counts[slot]! >= threshold) keys[n++] = table.keys[slot]!;
  return { threshold, keys: keys.sort() };
}

export function assemble(inputs: BuildInputs, parameters: BuildParameters = DEFAULT_PARAMETERS): BuiltModel {
  const { vocabulary, counts } = inputs;
  const { words, index, unigramOf } = vocabulary;
  const V = words.length;

  // Unigram log-probabilities: wordfreq for words (scaled to the share of word positions), the corpus for specials.
  const logUnigram = new Float32Array(V);
  let specialTotal = 0;
  for (let id = 0; id < FIRST_WORD_ID; id++) specialTotal += counts.unigram[id]!;
  const wordShare = 1 - specialTotal / counts.tokens;
  for (let id = 0; id < V; id++) {
    const p = id < FIRST_WORD_ID ? Math.max(counts.unigram[id]!, 1) / counts.tokens : unigramOf(words[id]!) * wordShare;
    logUnigram[id] = Math.log(Math.max(p, 1e-10));
  }

  // Pairs and triples at or above the minimum count, within the budget.
  // Counts saturate at 65,535: past that a pair's probability no longer moves.
  const saturate = (n: number) => Math.min(n, 0xffff);
  const keptBigrams = keptKeys(counts.bigrams, parameters.minCount, parameters.maxBigrams);
  const bigramKeys = new Uint32Array(tableSize(keptBigrams.keys.length, TABLE_LOAD));
  const bigramCounts = new Uint16Array(bigramKeys.length);
  const bigramTypes = new Uint16Array(bigramKeys.length);
  for (const key of keptBigrams.keys) {
    const from = counts.bigrams.find(key);
    const slot = insertSlot(bigramKeys, key);
    bigramCounts[slot] = saturate(counts.bigrams.counts[from]!);
    bigramTypes[slot] = saturate(counts.bigrams.extra![from]!);
  }
  const keptTrigrams = keptKeys(counts.trigrams, parameters.minCount, parameters.maxTrigrams);
  const trigramKeys = new Uint32Array(tableSize(keptTrigrams.keys.length, TABLE_LOAD));
  const trigramCounts = new Uint16Array(trigramKeys.length);
  for (const key of keptTrigrams.keys) {
    trigramCounts[insertSlot(trigramKeys, key)] = saturate(counts.trigrams.counts[counts.trigrams.find(key)]!);
  }

  // Candidate originals per written word, best static prior first: P1(c) · P(w | c).
  const known = (word: string) => index.has(word);
  const relations = buildRelations(inputs.ppdb, inputs.mythes, known);
  const reverse = reverseRelations(relations);
  const candidateOffsets = new Uint32Array(V + 1);
  const candidateIds: number[] = [];
  const candidateLogChannel: number[] = [];
  for (let id = 0; id < V; id++) {
    candidateOffsets[id] = candidateIds.length;
    const list = id >= FIRST_WORD_ID ? reverse.get(words[id]!) : undefined;
    if (!list) continue;
    const ranked = list
      .map(([original, p]) => ({ c: index.get(original)!, p }))
      .filter(({ c }) => c !== undefined && c !== id)
      .sort((a, b) => logUnigram[b.c]! + Math.log(b.p) - (logUnigram[a.c]! + Math.log(a.p)) || a.c - b.c)
      .slice(0, parameters.candidates);
    for (const { c, p } of ranked) {
      candidateIds.push(c);
      candidateLogChannel.push(Math.log(p));
    }
  }
  candidateOffsets[V] = candidateIds.length;

  // Word vectors: context words are mostly frequent; written words and their candidates all count.
  const isCandidate = new Uint8Array(V);
  for (const c of candidateIds) isCandidate[c] = 1;
  const vectors = quantisedVectors(inputs.vectors, words, (id) =>
    id >= FIRST_WORD_ID && (id < FIRST_WORD_ID + parameters.vectorWords || isCandidate[id] === 1 || candidateOffsets[id + 1]! > candidateOffsets[id]!));

  // Multiword written phrases → single-word originals, in a table keyed by the phrase's ids.
  const phraseReverse = buildPhraseRelations(inputs.ppdb, inputs.mythes, known);
  const phraseEntries = [...phraseReverse]
    .map(([phrase, list]) => {
      const ids = phrase.split(' ').map((w) => index.get(w)!);
      const ranked = list
        .map(([original, p]) => ({ c: index.get(original)!, p }))
        .sort((a, b) => logUnigram[b.c]! + Math.log(b.p) - (logUnigram[a.c]! + Math.log(a.p)) || a.c - b.c)
        .slice(0, PHRASE_CANDIDATES);
      return { key: phraseKey(ids, ids.length), first: ids[0]!, ranked };
    })
    .sort((a, b) => a.key - b.key);
  const phraseKeys = new Uint32Array(tableSize(phraseEntries.length));
  const phraseFirst = new Uint8Array(V);
  const bySlot = new Map<number, { c: number; p: number }[]>();
  for (const entry of phraseEntries) {
    const slot = insertSlot(phraseKeys, entry.key);
    bySlot.set(slot, [...(bySlot.get(slot) ?? []), ...entry.ranked]);
    phraseFirst[entry.first] = 1;
  }
  const phraseOffsets = new Uint32Array(phraseKeys.length + 1);
  const phraseIds: number[] = [];
  const phraseLogChannel: number[] = [];
  for (let slot = 0; slot < phraseKeys.length; slot++) {
    phraseOffsets[slot] = phraseIds.length;
    for (const { c, p } of bySlot.get(slot) ?? []) {
      phraseIds.push(c);
      phraseLogChannel.push(Math.max(-32768, Math.round(Math.log(p) * CHANNEL_SCALE)));
    }
  }
  phraseOffsets[phraseKeys.length] = phraseIds.length;

  const terms = buildTerms(inputs.mythes, index, V, process.env.UNSPIN_PPS_TUNING === '1');

  // Words as UTF-8, for reporting restorations.
  const encoder = new TextEncoder();
  const encoded = words.map((w) => encoder.encode(w));
  const wordOffsets = new Uint32Array(V + 1);
  let total = 0;
  encoded.forEach((bytes, id) => { wordOffsets[id] = total; total += bytes.length; });
  wordOffsets[V] = total;
  const wordText = new Uint8Array(total);
  encoded.forEach((bytes, id) => wordText.set(bytes, wordOffsets[id]!));

  const derived = derivedTables({ contextCount: counts.contextCount, contextTypes: counts.contextTypes, bigramKeys, trigramKeys });
  const sections = new Map<string, SectionArray>([
    ['vocab.keys', vocabulary.keys],
    ['vocab.ids', vocabulary.ids],
    ['vocab.offsets', wordOffsets],
    ['vocab.text', wordText],
    ['uni.logp', logUnigram],
    ['uni.ctx', counts.contextCount],
    ['uni.types', counts.contextTypes],
    ['bi.keys', bigramKeys],
    ['bi.counts', bigramCounts],
    ['bi.types', bigramTypes],
    ['tri.keys', trigramKeys],
    ['tri.counts', trigramCounts],
    // Computed from the tables above, stored so that loading computes nothing.
    ['uni.backoff', derived.logBackoff],
    ['bi.filter', derived.bigramFilter],
    ['tri.filter', derived.trigramFilter],
    ['cand.offsets', candidateOffsets],
    ['cand.ids', Uint32Array.from(candidateIds)],
    // Channel log-probabilities in thousandths, stored as the single-precision numbers the scanner reads.
    ['cand.logp', Float32Array.from(candidateLogChannel, (p) => Math.max(-32768, Math.round(p * CHANNEL_SCALE)) / CHANNEL_SCALE)],
    ['vec.rows', vectors.rows],
    ['vec.values', vectors.values],
    ['vec.scales', vectors.scales],
    ['mw.first', phraseFirst],
    ['mw.keys', phraseKeys],
    ['mw.offsets', phraseOffsets],
    ['mw.ids', Uint32Array.from(phraseIds)],
    ['mw.logp', Float32Array.from(phraseLogChannel, (p) => p / CHANNEL_SCALE)],
    ['term.first', terms.termFirst],
    ['term.keys', terms.termKeys],
    ['term.sources', terms.termSources],
    ['term.prefixes', terms.prefixKeys],
    ['learn.offsets', terms.learnedOffsets],
    ['learn.ids', terms.learnedIds],
    ['learn.counts', terms.learnedCounts],
  ]);
  return {
    vocabulary,
    sections,
    stats: {
      vocabulary: V,
      vocabularyCollisions: vocabulary.collisions,
      corpusTokens: counts.tokens,
      distinctBigrams: counts.bigrams.size,
      distinctTrigrams: counts.trigrams.size,
      bigramMinCount: keptBigrams.threshold,
      trigramMinCount: keptTrigrams.threshold,
      bigrams: keptBigrams.keys.length,
      trigrams: keptTrigrams.keys.length,
      writtenWordsWithCandidates: reverse.size,
      candidateEntries: candidateIds.length,
      vectors: vectors.scales.length,
      ...terms.stats,
      writtenPhrases: phraseEntries.length,
    },
  };
}

export { pairKey, tripleKey, Special };
