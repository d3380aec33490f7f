/**
 * The model as loaded: the file's sections wired into lookups. Nothing is
 * decoded at load time; words are turned back into strings only when a
 * finding reports them.
 */
import { decodeSections, invalidFile, type DecodeOptions, type SectionArray } from './format.js';
import { FILTER_BITS_PER_SLOT, NgramModel } from './ngram.js';
import type { TermTables } from './phrases.js';
import type { PhraseTables } from './multiword.js';
import { wordId, type VocabularyTable } from './sequence.js';
import { UnspinError } from '../errors.js';
import { hashWord } from '../text/tokenize.js';

export interface ModelData {
  vocabulary: VocabularyTable;
  wordOffsets: Uint32Array;
  wordText: Uint8Array;
  ngrams: NgramModel;
  /** Candidate originals of written word w: ids[offsets[w] .. offsets[w + 1]). */
  candidateOffsets: Uint32Array;
  candidateIds: Uint32Array;
  /** ln P(w | c): how often a spinner writes w for c (in thousandths). */
  candidateLogChannel: Float32Array;
  /** Unit word vectors (GloVe 6B 100-d), one byte per dimension: row of each id or -1, bytes, scale per row. */
  vectorRows: Int32Array;
  vectorValues: Int8Array;
  vectorScales: Float32Array;
  dimensions: number;
  /** Multiword written phrases → single-word originals (see `multiword.ts`). */
  phrases: PhraseTables;
  /** Known multiword terms and learned word substitutions (see `phrases.ts`). */
  terms: TermTables;
  /** Fitted coefficients of the scorer (see `calibration.ts`). */
  calibration: Float32Array;
  /** Build facts (sources, parameters), as written by the build script. */
  meta: Record<string, unknown>;
}

type Constructor<T> = { new (...args: never[]): T; name: string };


function take<T extends SectionArray>(sections: Map<string, SectionArray>, name: string, type: Constructor<T>, source: string): T {
  const section = sections.get(name);
  if (!(section instanceof type)) {
    throw invalidFile(source, `section ${name} missing`);
  }
  return section;
}

export function modelFromSections(sections: Map<string, SectionArray>, source: string): ModelData {
  const u32 = (name: string) => take(sections, name, Uint32Array, source);
  const f32 = (name: string) => take(sections, name, Float32Array, source);
  const u8 = (name: string) => take(sections, name, Uint8Array, source);
  const u16 = (name: string) => take(sections, name, Uint16Array, source);
  const vectorRows = take(sections, 'vec.rows', Int32Array, source);
  const vectorValues = take(sections, 'vec.values', Int8Array, source);
  const vectorScales = f32('vec.scales');
  let meta: Record<string, unknown> = {};
  try {
    meta = JSON.parse(new TextDecoder().decode(u8('meta'))) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof UnspinError) throw error;
    throw invalidFile(source, 'unreadable meta');
  }
  const data: ModelData = {
    vocabulary: { keys: u32('vocab.keys'), ids: u32('vocab.ids') },
    wordOffsets: u32('vocab.offsets'),
    wordText: u8('vocab.text'),
    ngrams: new NgramModel({
      logUnigram: f32('uni.logp'),
      contextCount: u32('uni.ctx'),
      contextTypes: u32('uni.types'),
      bigramKeys: u32('bi.keys'),
      bigramCounts: u16('bi.counts'),
      bigramTypes: u16('bi.types'),
      trigramKeys: u32('tri.keys'),
      trigramCounts: u16('tri.counts'),
      logBackoff: f32('uni.backoff'),
      bigramFilter: u32('bi.filter'),
      trigramFilter: u32('tri.filter'),
    }),
    candidateOffsets: u32('cand.offsets'),
    candidateIds: u32('cand.ids'),
    candidateLogChannel: f32('cand.logp'),
    vectorRows,
    vectorValues,
    vectorScales,
    dimensions: vectorScales.length > 0 ? vectorValues.length / vectorScales.length : 0,
    phrases: {
      first: u8('mw.first'),
      keys: u32('mw.keys'),
      offsets: u32('mw.offsets'),
      ids: u32('mw.ids'),
      logChannel: f32('mw.logp'),
    },
    terms: {
      termFirst: u8('term.first'),
      termKeys: u32('term.keys'),
      termSources: u8('term.sources'),
      prefixKeys: u32('term.prefixes'),
      learnedOffsets: u32('learn.offsets'),
      learnedIds: u32('learn.ids'),
      learnedCounts: u16('learn.counts'),
    },
    calibration: f32('calib'),
    meta,
  };
  const V = data.wordOffsets.length - 1;
  const powerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;
  const consistent =
    V > 0 &&
    data.ngrams.tables.logUnigram.length === V &&
    data.ngrams.tables.logBackoff.length === V &&
    filterFits(data.ngrams.tables.bigramFilter, data.ngrams.tables.bigramKeys) &&
    filterFits(data.ngrams.tables.trigramFilter, data.ngrams.tables.trigramKeys) &&
    data.ngrams.tables.contextCount.length === V &&
    data.candidateOffsets.length === V + 1 &&
    data.candidateIds.length === data.candidateLogChannel.length &&
    data.candidateOffsets[V] === data.candidateIds.length &&
    data.wordOffsets[V] === data.wordText.length &&
    data.vectorRows.length === V &&
    data.terms.termFirst.length === V &&
    data.phrases.first.length === V &&
    powerOfTwo(data.phrases.keys.length) &&
    data.phrases.offsets.length === data.phrases.keys.length + 1 &&
    data.phrases.offsets[data.phrases.keys.length] === data.phrases.ids.length &&
    data.phrases.ids.length === data.phrases.logChannel.length &&
    data.terms.learnedOffsets.length === V + 1 &&
    data.terms.learnedOffsets[V] === data.terms.learnedIds.length &&
    data.terms.learnedIds.length === data.terms.learnedCounts.length &&
    data.terms.termSources.length === data.terms.termKeys.length &&
    powerOfTwo(data.terms.termKeys.length) &&
    powerOfTwo(data.terms.prefixKeys.length) &&
    Number.isInteger(data.dimensions) &&
    powerOfTwo(data.vocabulary.keys.length) &&
    powerOfTwo(data.ngrams.tables.bigramKeys.length) &&
    powerOfTwo(data.ngrams.tables.trigramKeys.length) &&
    data.ngrams.tables.bigramCounts.length === data.ngrams.tables.bigramKeys.length &&
    data.ngrams.tables.bigramTypes.length === data.ngrams.tables.bigramKeys.length &&
    data.ngrams.tables.trigramCounts.length === data.ngrams.tables.trigramKeys.length &&
    data.vectorValues.length === data.vectorScales.length * data.dimensions;
  if (!consistent) throw invalidFile(source, 'inconsistent sections');
  return data;
}

/** A bit filter of a power-of-two number of bits, at least FILTER_BITS_PER_SLOT per table slot (`ngram.ts`). */
function filterFits(filter: Uint32Array, keys: Uint32Array): boolean {
  const bits = filter.length * 32;
  return bits >= 32 && (bits & (bits - 1)) === 0 && bits >= keys.length * FILTER_BITS_PER_SLOT;
}

export function decodeModel(image: Uint8Array, source: string, options: DecodeOptions = {}): ModelData {
  return modelFromSections(decodeSections(image, source, options), source);
}

const decoder = new TextDecoder();

/** The word an id stands for. */
export function wordOf(data: ModelData, id: number): string {
  return decoder.decode(data.wordText.subarray(data.wordOffsets[id], data.wordOffsets[id + 1]));
}

/** The id of a word (any case), or 0 when it is not in the vocabulary. */
export function idOf(data: ModelData, word: string): number {
  return wordId(data.vocabulary, hashWord(word));
}

/** The candidate originals of a written word, best static prior first (for inspection and tests). */
export function candidatesOf(data: ModelData, word: string): string[] {
  const id = idOf(data, word);
  if (id === 0) return [];
  const out: string[] = [];
  for (let k = data.candidateOffsets[id]!; k < data.candidateOffsets[id + 1]!; k++) out.push(wordOf(data, data.candidateIds[k]!));
  return out;
}
