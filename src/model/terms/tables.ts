/**
 * The tables of the terms file, as the build writes them and the scanner
 * reads them. Words are numbered; everything else refers to word ids.
 *
 *  - vocabulary: each word's FNV hash (the tokenizer's `hashes`), an
 *    open-addressing table from hash to id, per-word flags, and the words
 *    themselves as UTF-8 (only read to spell out a restoration);
 *  - substitutions: per written word, the originals a paper mill was seen to
 *    replace by it (learned from the PPS training pairs, with counts) and the
 *    originals a thesaurus-driven spinner could have started from;
 *  - phrase substitutions: learned several-word rewrites ("bringing into
 *    harmony" → "tuning"), keyed by the written phrase;
 *  - terms: the established terms a restoration must form ("artificial
 *    intelligence"), their prefixes (to prune the search), and the word pairs
 *    they contain (to recognise a term no list holds);
 *  - plain: word sequences attested in ordinary English, which are never
 *    flagged however odd their words look.
 */
import { decodeSections, encodeSections, invalidFile, type DecodeOptions, type FileKind, type SectionArray } from '../format.js';

/** The terms file: the model's binary container, as a kind of its own. */
export const TERMS_FILE: FileKind = { magic: 'UNSPINT2', what: 'terms file', rebuild: 'npm run build:terms' };
const invalid = (source: string, why: string) => invalidFile(source, why, TERMS_FILE);

export const WordFlag = {
  /** The word was seen written for another in the PPS training pairs: a window must contain one. */
  Anchor: 1,
  /** A function word: never substituted, never at the edge of a term. */
  Function: 2,
  /** The first word of a learned phrase rewrite's written phrase. */
  PhraseStart: 4,
  /** The word looks like a plural (ends in s, not ss or us). */
  Plural: 8,
} as const;

export const SubstitutionKind = {
  /** Seen in the PPS training pairs (weight: how many pairs). */
  Learned: 1,
  /** Learned for another form of the word ("organizations" → "networks" teaches organization → network). */
  Inflected: 2,
  /** A thesaurus lists the written word as a synonym of the original (weight: how many thesauri, and rank). */
  Thesaurus: 3,
} as const;

export const TermSource = {
  /** An expected phrase of the PPS training pairs. */
  Pps: 1,
  /** A term from another list (a MyThes multiword head word); the shipped file has none. */
  Thesaurus: 2,
} as const;

export interface TermTables {
  /** Build parameters and counts (JSON in the file). */
  meta: Record<string, unknown>;
  /** Words joined by '\n', in id order. */
  wordText: Uint8Array;
  wordHash: Uint32Array;
  /** Open-addressing table of word hashes; `wordId[slot]` is the id. */
  wordSlots: Uint32Array;
  wordId: Uint32Array;
  wordFlags: Uint8Array;
  /** Per word: wordfreq's Zipf frequency × 10 (0: not in wordfreq). */
  wordZipf: Uint8Array;
  /** Per word: how many PPS terms contain it. */
  wordTerms: Uint16Array;
  /** Per word: how many training pairs showed it written for another word. */
  wordTortured: Uint16Array;
  /** Substitutions of word id w are entries subStart[w] .. subStart[w+1]-1. */
  subStart: Uint32Array;
  subTarget: Uint32Array;
  subWeight: Uint16Array;
  subKind: Uint8Array;
  /** Phrase rewrites keyed by the written phrase's key. */
  phraseSlots: Uint32Array;
  /** Per slot: first rewrite index, the written phrase's length in words, and how many rewrites it has. */
  phraseFirst: Uint32Array;
  phraseInLength: Uint8Array;
  phraseCount: Uint8Array;
  /** Per rewrite (ordered by slot): its output ids are phraseOut[phraseOutStart[r] .. phraseOutStart[r+1]-1]. */
  phraseOutStart: Uint32Array;
  phraseOut: Uint32Array;
  phraseWeight: Uint16Array;
  /** Open-addressing table of term keys; `termIndex[slot]` is the term. */
  termSlots: Uint32Array;
  termIndex: Uint32Array;
  /** Term t's ids are termIds[termStart[t] .. termStart[t+1]-1]. */
  termStart: Uint32Array;
  termIds: Uint32Array;
  /** How many PPS training pairs restore to the term (0 for thesaurus terms). */
  termWeight: Uint16Array;
  termSource: Uint8Array;
  /** Each term as written ("fine-tuning"), joined by '\n'. */
  termText: Uint8Array;
  /** Keys of every proper prefix of every term. */
  prefixSlots: Uint32Array;
  /** Word pairs inside terms, keyed by `sequenceKey([a, b])`; `pairCount[slot]` counts the terms. */
  pairSlots: Uint32Array;
  pairCount: Uint16Array;
  /** Sequences attested in ordinary English (news, Google Books n-grams). */
  plainSlots: Uint32Array;
}

const SECTIONS = [
  'wordText', 'wordHash', 'wordSlots', 'wordId', 'wordFlags', 'wordZipf', 'wordTerms', 'wordTortured',
  'subStart', 'subTarget', 'subWeight', 'subKind',
  'phraseSlots', 'phraseFirst', 'phraseInLength', 'phraseCount', 'phraseOutStart', 'phraseOut', 'phraseWeight',
  'termSlots', 'termIndex', 'termStart', 'termIds', 'termWeight', 'termSource', 'termText',
  'prefixSlots', 'pairSlots', 'pairCount', 'plainSlots',
] as const;

export function encodeTables(tables: TermTables): Uint8Array {
  const sections = new Map<string, SectionArray>();
  sections.set('meta', new TextEncoder().encode(JSON.stringify(tables.meta)));
  for (const name of SECTIONS) sections.set(name, tables[name]);
  return encodeSections(sections, TERMS_FILE);
}

export function decodeTables(image: Uint8Array, source: string, options: Pick<DecodeOptions, 'verify'> = {}): TermTables {
  const sections = decodeSections(image, source, { ...options, kind: TERMS_FILE });
  const read = <T extends SectionArray>(name: string, type: new (...args: never[]) => T): T => {
    const array = sections.get(name);
    if (!(array instanceof type)) throw invalid(source, `section ${name} missing`);
    return array;
  };
  const tables = { meta: JSON.parse(new TextDecoder().decode(read('meta', Uint8Array))) as Record<string, unknown> } as TermTables;
  const types: Record<(typeof SECTIONS)[number], new (...args: never[]) => SectionArray> = {
    wordText: Uint8Array, wordHash: Uint32Array, wordSlots: Uint32Array, wordId: Uint32Array, wordFlags: Uint8Array, wordZipf: Uint8Array, wordTerms: Uint16Array, wordTortured: Uint16Array,
    subStart: Uint32Array, subTarget: Uint32Array, subWeight: Uint16Array, subKind: Uint8Array,
    phraseSlots: Uint32Array, phraseFirst: Uint32Array, phraseInLength: Uint8Array, phraseCount: Uint8Array, phraseOutStart: Uint32Array, phraseOut: Uint32Array, phraseWeight: Uint16Array,
    termSlots: Uint32Array, termIndex: Uint32Array, termStart: Uint32Array, termIds: Uint32Array, termWeight: Uint16Array, termSource: Uint8Array, termText: Uint8Array,
    prefixSlots: Uint32Array, pairSlots: Uint32Array, pairCount: Uint16Array, plainSlots: Uint32Array,
  };
  for (const name of SECTIONS) (tables as unknown as Record<string, SectionArray>)[name] = read(name, types[name]);
  const words = tables.wordHash.length;
  const terms = tables.termWeight.length;
  if (tables.wordFlags.length !== words || tables.wordZipf.length !== words || tables.wordTerms.length !== words || tables.wordTortured.length !== words || tables.subStart.length !== words + 1 || tables.subStart[words] !== tables.subTarget.length ||
      tables.termStart.length !== terms + 1 || tables.termStart[terms] !== tables.termIds.length || tables.wordId.length !== tables.wordSlots.length ||
      tables.termIndex.length !== tables.termSlots.length || tables.pairCount.length !== tables.pairSlots.length) {
    throw invalid(source, 'inconsistent sections');
  }
  return tables;
}
