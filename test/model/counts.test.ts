/**
 * The model build's counting (scripts/model/counts.ts) must count exactly the
 * sequence the scanner reads back (src/model/sequence.ts), and its typed-array
 * tables must agree with a plain count.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CountTable, HashCorpus, NgramCounter, WordCounter } from '../../scripts/model/counts.js';
import { pairKey, tripleKey } from '../../src/model/hashtable.js';
import { derivedTables } from '../../src/model/ngram.js';
import { loadDefaultModel, type StatisticalModel } from '../../src/model/index.js';
import { toSequence } from '../../src/model/sequence.js';
import { tokenize } from '../../src/text/tokenize.js';
import { SEED } from '../helpers/shared.js';

const model = loadDefaultModel() as StatisticalModel;
const seed = readFileSync(SEED, 'utf8');
const texts = [
  seed,
  'The U.S. Navy said... "It is 42,000 tonnes," he said; cold-war ties -- and more!!\n\nA second paragraph, with  spaces.',
  '',
];

describe('model build counts', () => {
  it('reads documents into the ids toSequence gives', () => {
    const corpus = new HashCorpus();
    for (const text of texts) corpus.add(text);
    // The generator reuses its buffer: copy each sequence before the next.
    const got: number[][] = [];
    for (const { ids, length } of corpus.sequences(model.data.vocabulary)) got.push(Array.from(ids.subarray(0, length)));
    const want = texts.map((text) => {
      const { ids, length } = toSequence(tokenize(text), model.data.vocabulary);
      return Array.from(ids.subarray(0, length));
    });
    expect(got).toEqual(want);
    expect(got[0]!.length).toBeGreaterThan(1000);
  });

  it('counts pairs, triples and distinct followers as a plain count does', () => {
    const corpus = new HashCorpus();
    corpus.add(seed);
    const [{ ids, length }] = [...corpus.sequences(model.data.vocabulary)];
    const counter = new NgramCounter(model.data.ngrams.tables.logUnigram.length);
    counter.add(ids!, length!);
    const pairs = new Map<number, number>();
    const triples = new Map<number, number>();
    const followers = new Map<number, Set<number>>();
    for (let p = 0; p + 1 < length!; p++) {
      const key = pairKey(ids![p]!, ids![p + 1]!);
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
      if (p + 2 >= length!) continue;
      const triple = tripleKey(ids![p]!, ids![p + 1]!, ids![p + 2]!);
      triples.set(triple, (triples.get(triple) ?? 0) + 1);
      if (!followers.has(key)) followers.set(key, new Set());
      followers.get(key)!.add(triple);
    }
    expect(counter.bigrams.size).toBe(pairs.size);
    expect(counter.trigrams.size).toBe(triples.size);
    for (const [key, n] of pairs) {
      const slot = counter.bigrams.find(key);
      expect(counter.bigrams.counts[slot]).toBe(n);
      expect(counter.bigrams.extra![slot]).toBe(followers.get(key)?.size ?? 0);
    }
    for (const [key, n] of triples) expect(counter.trigrams.counts[counter.trigrams.find(key)]).toBe(n);
  });

  it('keeps counts when a table grows', () => {
    const table = new CountTable(4, false);
    for (let k = 1; k <= 1000; k++) for (let n = 0; n < k % 7 + 1; n++) table.increment(Math.imul(k, 0x9e3779b1) >>> 0 || 1);
    expect(table.size).toBe(1000);
    expect(table.keys.length).toBeGreaterThanOrEqual(2048);
    for (let k = 1; k <= 1000; k++) expect(table.counts[table.find(Math.imul(k, 0x9e3779b1) >>> 0 || 1)]).toBe(k % 7 + 1);
    expect(table.histogram(8)[7]).toBe([...Array(1000).keys()].filter((k) => (k + 1) % 7 + 1 >= 7).length);
  });

  it('counts words by their normalised form', () => {
    const words = new WordCounter();
    new HashCorpus().add('Said said SAID, Navy navy.', words.onWord);
    const counts = words.counts();
    expect(counts.get('said')).toBe(3);
    expect(counts.get('navy')).toBe(2);
  });

  it('gives every context a finite back-off, even one whose only follower shared a hashed pair key', () => {
    const { logBackoff } = derivedTables({
      contextCount: Uint32Array.from([0, 1, 10]),
      contextTypes: Uint32Array.from([0, 0, 4]),
      bigramKeys: new Uint32Array(16),
      trigramKeys: new Uint32Array(16),
    });
    expect(Array.from(logBackoff).every(Number.isFinite)).toBe(true);
    expect(logBackoff[2]).toBeCloseTo(Math.log((0.75 * 4) / 10), 6);
  });
});
