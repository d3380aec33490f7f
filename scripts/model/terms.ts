/**
 * Established multiword terms and a paper mill's word substitutions, for
 * recognising a tortured phrase: an established term ("artificial
 * intelligence", "cold war") rewritten word by word with synonyms
 * ("counterfeit consciousness", "chilly warfare").
 *
 * Terms: the expected phrases of the PPS *training* pairs (the test split is
 * never read) and MyThes' multiword head words. Word substitutions: the
 * PPS training pairs aligned word by word where tortured and expected
 * phrases have the same length ("profound learning" / "deep learning" gives
 * profound → deep). Build time only.
 */
import { createHash } from 'node:crypto';
import { ppsPairs } from '../../tools/corpora.js';
import { insertSlot, tableSize } from '../../src/model/hashtable.js';
import { phraseKey, TermSource, type TermTables as ShippedTermTables } from '../../src/model/phrases.js';
import { isPlainWord } from './relations.js';
import type { ThesaurusSense } from './sources.js';

/** The tables the model file ships, and what the build reports of them. */
export interface TermTables extends ShippedTermTables {
  stats: { terms: number; prefixes: number; learnedPairs: number };
}

const MAX_TERM_WORDS = 4;

/** Tuning aid: the half of the training pairs (by sha1 of the phrase) held out from the terms. */
export function isPpsTuningPair(tortured: string): boolean {
  return createHash('sha1').update(tortured, 'utf8').digest()[2]! % 2 === 1;
}

/** `tuning`: leave out the tuning half of the training pairs, to measure restoration on it. */
export function buildTerms(mythes: ReadonlyMap<string, readonly ThesaurusSense[]>, index: ReadonlyMap<string, number>, size: number, tuning = false): TermTables {
  const train = ppsPairs().filter((pair) => pair.split === 'train' && !(tuning && isPpsTuningPair(pair.tortured)));
  const ids = (phrase: string): number[] | null => {
    const words = phrase.split(' ');
    if (words.length < 2 || words.length > MAX_TERM_WORDS) return null;
    const out: number[] = [];
    for (const word of words) {
      const id = index.get(word);
      if (id === undefined || !isPlainWord(word)) return null;
      out.push(id);
    }
    return out;
  };

  const terms = new Map<number, { ids: number[]; source: number }>();
  const addTerm = (phrase: string, source: number) => {
    const list = ids(phrase);
    if (!list) return;
    const key = phraseKey(list, list.length);
    const known = terms.get(key);
    if (known) known.source |= source;
    else terms.set(key, { ids: list, source });
  };
  for (const pair of train) for (const expected of pair.expected) addTerm(expected, TermSource.Pps);
  for (const head of mythes.keys()) if (/^[a-z]+( [a-z]+){1,2}$/.test(head)) addTerm(head, TermSource.Thesaurus);

  const termFirst = new Uint8Array(size);
  for (const { ids: list } of terms.values()) termFirst[list[0]!] = 1;
  const prefixes = new Set<number>();
  for (const { ids: list } of terms.values()) for (let n = 1; n < list.length; n++) prefixes.add(phraseKey(list, n));

  const sortedTerms = [...terms].sort((a, b) => a[0] - b[0]);
  const termKeys = new Uint32Array(tableSize(sortedTerms.length));
  const termSources = new Uint8Array(termKeys.length);
  for (const [key, { source }] of sortedTerms) termSources[insertSlot(termKeys, key)] |= source;
  const prefixKeys = new Uint32Array(tableSize(prefixes.size));
  for (const key of [...prefixes].sort((a, b) => a - b)) insertSlot(prefixKeys, key);

  // Word substitutions learned from the training pairs: written (tortured) word → original, with counts.
  const learned = new Map<number, Map<number, number>>();
  for (const pair of train) {
    const tortured = pair.tortured.split(' ');
    for (const expected of pair.expected) {
      const words = expected.split(' ');
      if (words.length !== tortured.length) continue;
      tortured.forEach((word, i) => {
        const original = words[i]!;
        const w = index.get(word);
        const c = index.get(original);
        if (word === original || w === undefined || c === undefined || !isPlainWord(word) || !isPlainWord(original)) return;
        let map = learned.get(w);
        if (!map) learned.set(w, (map = new Map()));
        map.set(c, (map.get(c) ?? 0) + 1);
      });
      break;
    }
  }
  const learnedOffsets = new Uint32Array(size + 1);
  const learnedIds: number[] = [];
  const learnedCounts: number[] = [];
  for (let w = 0; w < size; w++) {
    learnedOffsets[w] = learnedIds.length;
    const map = learned.get(w);
    if (!map) continue;
    for (const [c, n] of [...map].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
      learnedIds.push(c);
      learnedCounts.push(Math.min(n, 0xffff));
    }
  }
  learnedOffsets[size] = learnedIds.length;
  return {
    termFirst,
    termKeys,
    termSources,
    prefixKeys,
    learnedOffsets,
    learnedIds: Uint32Array.from(learnedIds),
    learnedCounts: Uint16Array.from(learnedCounts),
    stats: { terms: terms.size, prefixes: prefixes.size, learnedPairs: learnedIds.length },
  };
}
