/**
 * Labelled slot features from development documents, spun by the synthetic
 * spinner fixture and clean: the data the scorer is fitted on and measured
 * with while tuning (build time only).
 */
import { loadSpinner } from '../../bench/fixtures/spinner.js';
import { wordOf } from '../../src/model/model.js';
import type { StatisticalModel } from '../../src/model/scan.js';
import { alignTexts } from '../../src/text/diff.js';
import { tokenize } from '../../src/text/tokenize.js';
import { mpcPairs } from '../../tools/corpora.js';

export interface LabelledSlot {
  features: Float64Array;
  /** 1 when the word was put there by the spinner. */
  label: number;
  /** Index of the document in the batch (documents are spun or clean). */
  document: number;
  token: number;
  /** Best candidate restores the original. */
  restores: boolean;
  /** The written word's id. */
  word: number;
}

export interface SpinSetting {
  rate: number;
  seed: number;
}

export interface LabelledDocument {
  text: string;
  spun: boolean;
  /** [start, end, original] of each substitution. */
  edits: Array<[number, number, string]>;
  words: number;
}

/**
 * MPC SpinBot development pairs (file lines 1-100 only): each original as a
 * clean document, each differing spun paragraph as a spun one, its edits
 * from a word alignment of the pair.
 */
export function mpcDocuments(lines: (line: number) => boolean = () => true): LabelledDocument[] {
  const out: LabelledDocument[] = [];
  for (const pair of mpcPairs()) {
    if (pair.split !== 'dev' || !lines(pair.line)) continue;
    out.push({ text: pair.original, spun: false, edits: [], words: 0 });
    if (pair.spun === pair.original) continue;
    const edits: Array<[number, number, string]> = alignTexts(pair.original, pair.spun)
      .filter((block) => block.kind === 'changed' && block.b[1] > block.b[0])
      .map((block) => [block.b[0], block.b[1], pair.original.slice(block.a[0], block.a[1])]);
    out.push({ text: pair.spun, spun: true, edits, words: 0 });
  }
  return out;
}

/** Spins each text with each setting (one farm per seed), plus the texts themselves clean. */
export function labelledDocuments(texts: readonly string[], settings: readonly SpinSetting[]): LabelledDocument[] {
  const spinner = loadSpinner();
  const out: LabelledDocument[] = [];
  texts.forEach((text, index) => {
    out.push({ text, spun: false, edits: [], words: 0 });
    const setting = settings[index % settings.length]!;
    const spun = spinner.spin(text, setting);
    out.push({ text: spun.text, spun: true, edits: spun.edits.map((e) => [e.start, e.end, e.original]), words: spun.words });
  });
  return out;
}

export function labelledSlots(model: StatisticalModel, documents: readonly LabelledDocument[]): LabelledSlot[] {
  const slots: LabelledSlot[] = [];
  documents.forEach((doc, d) => {
    const tokens = tokenize(doc.text);
    const scan = model.assess(tokens, new Uint8Array(tokens.count), true);
    let e = 0;
    for (let k = 0; k < scan.count; k++) {
      const i = scan.tokens[k]!;
      const start = tokens.starts[i]!;
      while (e < doc.edits.length && doc.edits[e]![1] <= start) e++;
      const edit = doc.edits[e];
      const inside = edit !== undefined && edit[0] <= start && start < edit[1];
      const best = scan.candidates[k * 3]!;
      const restores = inside && best !== 0 && wordOf(model.data, best) === edit[2].toLowerCase();
      const features = scan.features![k]!;
      for (let f = 0; f < features.length; f++) if (!Number.isFinite(features[f]!)) features[f] = 0;
      slots.push({ features, label: inside ? 1 : 0, document: d, token: i, restores, word: scan.words[k]! });
    }
  });
  return slots;
}

export interface LabelledPhrase {
  features: Float64Array;
  /** 1 when the phrase overlaps a substitution. */
  label: number;
  document: number;
}

/** The multiword-phrase slots of each document, labelled by overlap with its substitutions. */
export function labelledPhrases(model: StatisticalModel, documents: readonly LabelledDocument[]): LabelledPhrase[] {
  const out: LabelledPhrase[] = [];
  documents.forEach((doc, d) => {
    const tokens = tokenize(doc.text);
    const scan = model.assess(tokens, new Uint8Array(tokens.count), true);
    scan.phrases.forEach((slot, j) => {
      const [first, last] = scan.phraseTokens[j]!;
      const start = tokens.starts[first]!;
      const end = tokens.ends[last]!;
      const label = doc.edits.some(([s, e]) => s < end && start < e) ? 1 : 0;
      out.push({ features: slot.features, label, document: d });
    });
  });
  return out;
}
