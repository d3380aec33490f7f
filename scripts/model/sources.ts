/**
 * Readers for the public sources the model is built from (build time only).
 * Each returns plain data; nothing here is shipped as text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA } from '../../tools/corpora.js';

export interface WordFrequency {
  word: string;
  /** Relative frequency in wordfreq's blend of corpora. */
  freq: number;
}

/** wordfreq "large" English list, most frequent first (CC BY-SA 4.0, Robyn Speer). */
export function readWordfreq(): WordFrequency[] {
  const lines = readFileSync(join(DATA, 'wordfreq-en', 'wordfreq_large_en.tsv'), 'utf8').split('\n').slice(1);
  const out: WordFrequency[] = [];
  for (const line of lines) {
    const [word, , freq] = line.split('\t');
    if (!word || !freq) continue;
    out.push({ word, freq: Number(freq) });
  }
  return out;
}

/** PPDB-XL lexical neighbours: head → paraphrases, in the file's order (CC BY 3.0). */
export function readPpdb(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of readFileSync(join(DATA, 'ppdb-xl-lexicon', 'ppdb-xl.txt'), 'utf8').split('\n')) {
    const [head, ...rest] = line.trim().split(/\s+/);
    if (!head || rest.length === 0) continue;
    // Multiword paraphrases are hyphen-joined in this file.
    const list = map.get(head) ?? [];
    for (const word of rest) if (word !== head && !list.includes(word)) list.push(word);
    map.set(head, list);
  }
  return map;
}

export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';

export interface ThesaurusSense {
  pos: PartOfSpeech;
  /** Plain synonyms (lower-cased), in the file's order. */
  synonyms: string[];
  /** "(similar term)" and "(related term)" entries: looser, but spinners use them too. */
  similar: string[];
}

/** MyThes en_US v2 (WordNet-derived): head → senses. Hypernyms and antonyms are dropped. */
export function readMythes(): Map<string, ThesaurusSense[]> {
  const lines = readFileSync(join(DATA, 'thesaurus-en', 'mythes_th_en_US_v2.dat'), 'utf8').split('\n');
  const map = new Map<string, ThesaurusSense[]>();
  let i = 1;
  while (i < lines.length) {
    const header = lines[i++]!;
    const bar = header.lastIndexOf('|');
    if (bar < 0) continue;
    const head = header.slice(0, bar).toLowerCase();
    const n = Number(header.slice(bar + 1));
    const senses: ThesaurusSense[] = [];
    for (let k = 0; k < n && i < lines.length; k++) {
      const [posField, ...items] = lines[i++]!.split('|');
      const pos = posField?.replace(/[()]/g, '') as PartOfSpeech;
      if (pos !== 'noun' && pos !== 'verb' && pos !== 'adj' && pos !== 'adv') continue;
      const synonyms: string[] = [];
      const similar: string[] = [];
      for (const item of items) {
        const annotation = /\(([a-z ]+)\)\s*$/.exec(item);
        const word = item.replace(/\s*\([a-z ]+\)\s*$/, '').trim().toLowerCase();
        if (!word || word === head) continue;
        if (!annotation) synonyms.push(word);
        else if (annotation[1] === 'similar term' || annotation[1] === 'related term') similar.push(word);
      }
      senses.push({ pos, synonyms, similar });
    }
    const known = map.get(head);
    if (known) known.push(...senses);
    else map.set(head, senses);
  }
  return map;
}

/** Google Books most frequent 1–5-grams with counts (CC BY 3.0). */
export function readBookNgrams(): Array<{ words: string[]; count: number }> {
  const out: Array<{ words: string[]; count: number }> = [];
  for (let n = 2; n <= 5; n++) {
    const lines = readFileSync(join(DATA, 'google-books-ngrams-en', `${n}grams_english.csv`), 'utf8').split('\n').slice(1);
    for (const line of lines) {
      const comma = line.lastIndexOf(',');
      if (comma < 0) continue;
      let phrase = line.slice(0, comma);
      if (phrase.startsWith('"') && phrase.endsWith('"')) phrase = phrase.slice(1, -1).replace(/""/g, '"');
      const count = Number(line.slice(comma + 1));
      if (!Number.isFinite(count)) continue;
      out.push({ words: phrase.toLowerCase().split(' '), count });
    }
  }
  return out;
}
