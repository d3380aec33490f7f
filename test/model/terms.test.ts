/**
 * The term restorer (src/model/terms): tortured science terms that no list
 * contains, restored from what the PPS training pairs taught about paper
 * mills' word substitutions.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/detect/index.js';
import { UnspinError } from '../../src/errors.js';
import { compileLexicons, loadDefaultLexicons } from '../../src/lexicon/index.js';
import { DEFAULT_TERMS_PATH, loadTermModel, loadTermModelFile, withTerms } from '../../src/model/terms/index.js';
import { loadDefaultModel, type LanguageModel } from '../../src/model/index.js';
import { applySuggestions } from '../../src/restore/index.js';
import { SubstitutionKind } from '../../src/model/terms/tables.js';
import { hashWord, tokenize } from '../../src/text/tokenize.js';
import { hasShared, REPO, SEED } from '../helpers/shared.js';
import { ppsPairs } from '../../tools/corpora.js';

const model = loadTermModel();

/** The term restorer alone: findings as `actual → expected[0]`, and the restored text. */
function scan(text: string) {
  const tokens = tokenize(text);
  const findings = model!.scan(tokens, new Uint8Array(tokens.count));
  const asFindings = findings.map((f) => ({
    start: tokens.starts[f.first]!,
    end: tokens.ends[f.last]!,
    actual: text.slice(tokens.starts[f.first], tokens.ends[f.last]),
    expected: f.expected,
    confidence: f.confidence,
    rule: 'model',
  }));
  return { findings: asFindings, restored: applySuggestions(text, asFindings) };
}

/** Phrases of the shipped lexicon (PPS training split), normalised. */
const shippedPhrases = new Set(
  readFileSync(join(REPO, 'data', 'lexicon', 'pps.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t')[0]!.replace(/-/g, ' ')),
);

describe('term restorer data', () => {
  it('is shipped and loads as a LanguageModel', () => {
    expect(model).not.toBeNull();
    expect(typeof model!.scan).toBe('function');
    const meta = model!.tables.meta;
    expect(meta.format).toBe('unspin-terms/1');
    expect(meta.built).toBe('all PPS training pairs');
    expect(Number(meta.terms)).toBeGreaterThan(3000);
    expect(Number(meta.learnedWords)).toBeGreaterThan(2000);
  });

  it.skipIf(!hasShared)('knows only terms of the PPS training split (the test split is never read)', () => {
    const normalise = (phrase: string) => phrase.toLowerCase().replace(/[-\s]+/g, ' ').trim();
    const pairs = ppsPairs();
    const training = new Set(pairs.filter((p) => p.split === 'train').flatMap((p) => p.expected.map(normalise)));
    const testOnly = new Set(pairs.filter((p) => p.split === 'test').flatMap((p) => p.expected.map(normalise)).filter((e) => !training.has(e)));
    const terms = new TextDecoder().decode(model!.tables.termText).split('\n').map(normalise);
    expect(terms.length).toBe(model!.tables.termWeight.length);
    expect(testOnly.size).toBeGreaterThan(100);
    expect(terms.filter((term) => testOnly.has(term))).toEqual([]);
    expect(terms.filter((term) => !training.has(term))).toEqual([]);
  });

  it('refuses a damaged file with a one-line model-invalid error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unspin-terms-'));
    const truncated = join(dir, 'terms.bin');
    const image = readFileSync(DEFAULT_TERMS_PATH);
    writeFileSync(truncated, image.subarray(0, image.length >> 1));
    expect(() => loadTermModelFile(truncated)).toThrow(UnspinError);
    const flipped = Buffer.from(image);
    flipped[flipped.length - 9] ^= 0xff;
    writeFileSync(truncated, flipped);
    expect(() => loadTermModelFile(truncated, { verify: true })).toThrow(/checksum/);
    expect(() => loadTermModelFile(join(dir, 'missing.bin'))).toThrow(/cannot read terms file/);
  });
});

describe('restoring tortured terms', () => {
  it.each([
    ['profound learning', 'deep learning'],
    ['counterfeit consciousness', 'artificial intelligence'],
    ['irregular woodland', 'random forest'],
    ['backing vector machine', 'support vector machine'],
  ])('restores the training phrase "%s" to "%s" without the lexicon', (tortured, original) => {
    const { findings, restored } = scan(tortured);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.actual).toBe(tortured);
    expect(restored).toBe(original);
  });

  it('learned word substitutions from the training pairs, inflections carried over', () => {
    const originals = (written: string) => {
      const { subStart, subTarget, subKind } = model!.tables;
      const id = model!.wordId(hashWord(written));
      const found: string[] = [];
      for (let s = subStart[id]!; s < subStart[id + 1]!; s++) if (subKind[s] !== SubstitutionKind.Thesaurus) found.push(model!.word(subTarget[s]!));
      return found;
    };
    expect(originals('organization')).toContain('network');
    expect(originals('organizations')).toContain('networks');
    expect(originals('calculation')[0]).toBe('algorithm');
    expect(originals('acknowledgment')[0]).toBe('recognition');
  });

  it.each([
    ['profound learning calculation', 'deep learning algorithm'],
    ['profound convolutional neural organization', 'deep convolutional neural network'],
    ['picture acknowledgment framework', 'image recognition system'],
    ['discourse acknowledgment calculation', 'speech recognition algorithm'],
  ])('restores "%s", a combination no list holds, to "%s"', (tortured, original) => {
    expect(shippedPhrases.has(tortured)).toBe(false);
    expect(scan(tortured).restored).toBe(original);
  });

  it('restores inside a sentence, keeping the words around it', () => {
    const text = 'In this paper, we study the profound learning calculation of the proposed system.';
    const { findings, restored } = scan(text);
    expect(findings.map((f) => f.actual)).toEqual(['profound learning calculation']);
    expect(restored).toBe('In this paper, we study the deep learning algorithm of the proposed system.');
    expect(findings[0]!.confidence).toBeGreaterThan(0.5);
    expect(findings[0]!.confidence).toBeLessThanOrEqual(1);
  });

  it('restores most training phrases of the shipped list from the phrase alone', () => {
    let exact = 0;
    let total = 0;
    for (const line of readFileSync(join(REPO, 'data', 'lexicon', 'pps.tsv'), 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [phrase, expected, tier] = line.split('\t');
      if (tier !== 'strong') continue;
      total++;
      if (expected!.split('|').includes(scan(phrase!).restored)) exact++;
    }
    // Measured 2026-11: about half; a scorer or data regression shows here first.
    expect(exact / total).toBeGreaterThan(0.4);
  });

  it('never flags text it was told to skip', () => {
    const text = 'profound learning calculation';
    const tokens = tokenize(text);
    expect(model!.scan(tokens, new Uint8Array(tokens.count).fill(1))).toEqual([]);
  });
});

describe('clean text', () => {
  it.each([
    'We trained a deep neural network with stochastic gradient descent.',
    'The support vector machine and the random forest were compared on the test set.',
    'Artificial intelligence and machine learning are changing how hospitals read medical images.',
    'The central bank raised its prime rate as foreign trade and industrial output grew.',
    'Recent work on data mining has attracted considerable attention.',
  ])('gives no finding in "%s"', (text) => {
    expect(scan(text).findings).toEqual([]);
  });

  it('raises at most a couple of findings on the seed news page, whose spinner is not a paper mill', () => {
    expect(scan(readFileSync(SEED, 'utf8')).findings.length).toBeLessThanOrEqual(2);
  });

  it('works inside detect() beside the lexicon, which keeps the spans it explains', () => {
    const lexicon = compileLexicons(loadDefaultLexicons());
    const text = 'We propose a profound learning calculation for irregular woodland pruning.';
    const tokens = tokenize(text);
    const { findings } = detect({ text, kind: 'text', excluded: [] }, tokens, { lexicon, model });
    expect(applySuggestions(text, findings)).toBe('We propose a deep learning algorithm for random forest pruning.');
    for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.actual);
  });
});

describe('beside another model', () => {
  it('reports its terms and leaves the rest to the other model, which never sees the terms\' spans', () => {
    const text = 'We propose a profound learning calculation for crop checking.';
    const tokens = tokenize(text);
    const seen: Uint8Array[] = [];
    const other = {
      scan(_tokens: typeof tokens, skip: Uint8Array) {
        seen.push(skip);
        const last = tokens.count - 2; // "checking"
        return [{ first: last, last, expected: ['monitoring'], confidence: 0.9 }];
      },
    };
    const combined = withTerms(model!, other);
    const findings = combined.scan(tokens, new Uint8Array(tokens.count));
    expect(findings.map((f) => text.slice(tokens.starts[f.first], tokens.ends[f.last]))).toEqual(['profound learning calculation', 'checking']);
    const profound = text.indexOf('profound');
    const first = Array.from(tokens.starts).indexOf(profound);
    expect(seen[0]![first]).toBe(1);
    expect(seen[0]![tokens.count - 2]).toBe(0);
    const alone = withTerms(model!, null).scan(tokens, new Uint8Array(tokens.count));
    expect(alone.map((f) => [f.first, f.last, f.expected[0], f.source])).toEqual(
      model!.scan(tokens, new Uint8Array(tokens.count)).map((f) => [f.first, f.last, f.expected[0], 'terms']),
    );
    expect(combined.assessDocument).toBeUndefined();

    const assessing = withTerms(model!, { ...other, assessDocument: (t, skip) => ({ findings: other.scan(t, skip), spun: 0.3 }) });
    const assessment = assessing.assessDocument!(tokens, new Uint8Array(tokens.count));
    expect(assessment.spun).toBe(0.3);
    expect(assessment.findings.map((f) => f.expected[0])).toEqual(['deep learning algorithm', 'monitoring']);
  });
});

describe('spans that already read as English', () => {
  // Only the context model's word-pair counts, none of its findings: what the term restorer is told.
  const context = loadDefaultModel();
  const countsOnly: LanguageModel = { scan: () => [], pairCount: (tokens, left, right) => context!.pairCount!(tokens, left, right) };
  const found = (model: LanguageModel, text: string) => {
    const tokens = tokenize(text);
    return model.scan(tokens, new Uint8Array(tokens.count)).map((f) => `${text.slice(tokens.starts[f.first], tokens.ends[f.last])} → ${f.expected[0]}`);
  };

  it('are left alone when they and the content words beside them are word pairs broad English writes', () => {
    expect(context?.pairCount).toBeDefined();
    // Sentences of the kind the clean development documents held (Wikipedia, Wikinews, abstracts).
    const clean = [
      'Samples of brain tissue were taken from the patients.',
      'The agency declared a health emergency in the region.',
      'We train the network in an end-to-end fashion on images.',
    ];
    for (const text of clean) {
      // The restorer on its own reads each as a tortured term; with the counts it is the writer's English.
      expect(found(withTerms(model!, null), text)).toHaveLength(1);
      expect(found(withTerms(model!, countsOnly), text)).toEqual([]);
    }
  });

  it('still restores tortured terms, alone and in a sentence', () => {
    const combined = withTerms(model!, countsOnly);
    expect(found(combined, 'profound learning')).toEqual(['profound learning → deep learning']);
    expect(found(combined, 'In this paper, we study the profound learning of the proposed system.')).toEqual(['profound learning → deep learning']);
    expect(found(combined, 'Recent work on irregular woodland has attracted considerable attention.')).toEqual(['irregular woodland → random forest']);
    expect(found(combined, 'The counterfeit consciousness is discussed in detail in the next section.')).toEqual(['counterfeit consciousness → artificial intelligence']);
    // Held together by function words: "to noise" and "of administration" are pairs English writes with anything.
    expect(found(combined, 'sign to noise')).toEqual(['sign to noise → signal to noise']);
    expect(found(combined, 'refusal of administration')).toEqual(['refusal of administration → denial of service']);
  });

  it('counts word pairs from the shipped statistics', () => {
    const tokens = tokenize('brain tissue, profound learning');
    expect(context!.pairCount!(tokens, 0, 1)).toBeGreaterThan(10);
    expect(context!.pairCount!(tokens, 3, 4)).toBe(0);
  });
});

