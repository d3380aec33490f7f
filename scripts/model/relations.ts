/**
 * Substitution relations: which words a spinner could have written in place
 * of which originals, with the channel probability P(written | original).
 *
 * A dictionary spinner picks among the listed synonyms of the original, so
 * an original with few synonyms is rewritten to each of them more often:
 * P(w | c) ≈ 1 / |synonyms(c)|, averaged over the two thesauri. MyThes lists
 * lemmas, so its pairs are carried over to plural and verb forms that exist
 * in the vocabulary ("find → discover" gives "finding → discovering").
 */
import { inflect, NOUN_INFLECTIONS, VERB_INFLECTIONS } from './morph.js';
import type { ThesaurusSense } from './sources.js';

/** original → written → channel probability. */
export type Relations = Map<string, Map<string, number>>;

/** Single words of two letters or more (letters and inner apostrophes): what a one-token slot can hold; "x" or "a" is no one's synonym. */
export const isPlainWord = (word: string) => /^[a-z][a-z']*[a-z]$/.test(word);

/** Function words are not substituted by the spinners this model is for, and never proposed. */
export const STOPWORDS = new Set(
  `a an the and or but nor so yet for of to in on at by with from into onto upon over under about above below
  between among through during before after since until than as if then else when where while whether because though although
  i me my mine we us our ours you your yours he him his she her hers it its they them their theirs this that these those
  who whom whose which what whatever whoever is am are was were be been being do does did done doing have has had having
  will would shall should can could may might must not no nor only very too also just there here s t d ll m re ve
  all any both each either neither every some such own same other another more most less least much many few
  one two three four five six seven eight nine ten
  up down out off again further once
  mr mrs ms dr`.split(/\s+/),
);

function add(relations: Relations, original: string, written: string, p: number): void {
  if (original === written || STOPWORDS.has(original) || STOPWORDS.has(written)) return;
  let map = relations.get(original);
  if (!map) relations.set(original, (map = new Map()));
  map.set(written, (map.get(written) ?? 0) + p);
}

/**
 * True when b is only another form or spelling of a ("war"/"wars",
 * "defence"/"defense"): a synonym dictionary does not offer those, and in
 * clean text they are the commonest near-misses of a language model.
 */
export function isVariant(a: string, b: string): boolean {
  const stemA = stem(a);
  const stemB = stem(b);
  if (stemA === stemB || stem(stemA) === stem(stemB)) return true;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  // Spelling variants differ in one or two letters near the end ("defence"/"defense").
  return common >= 4 && common >= Math.min(a.length, b.length) - 2 && Math.abs(a.length - b.length) <= 1;
}

const SUFFIXES = ['ments', 'ment', 'ings', 'ing', 'ies', 'ied', 'ers', 'er', 'est', 'ed', 'es', 'ly', 's', 'd', 'e', 'y'];

/** A crude stem: enough to see that "discovering" and "discovered" are one word. */
function stem(word: string): string {
  for (const suffix of SUFFIXES) if (word.length - suffix.length >= 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  return word;
}

/**
 * Thesaurus lists are ordered best first and spinners favour the top of
 * them, so the k-th synonym (from 0) gets weight 1/sqrt(k + 1).
 */
const rankWeight = (k: number) => 1 / Math.sqrt(k + 1);

export function buildRelations(
  ppdb: ReadonlyMap<string, readonly string[]>,
  mythes: ReadonlyMap<string, readonly ThesaurusSense[]>,
  known: (word: string) => boolean,
): Relations {
  const relations: Relations = new Map();
  const heads = new Set<string>([...ppdb.keys(), ...mythes.keys()]);
  for (const head of heads) {
    if (!isPlainWord(head) || !known(head) || STOPWORDS.has(head)) continue;
    // One list per head: PPDB's paraphrases (already inflected forms), then MyThes' synonyms.
    const list: string[] = [];
    const posOf = new Map<string, Set<string>>();
    const consider = (word: string, pos?: string) => {
      if (!isPlainWord(word) || !known(word) || word === head || isVariant(head, word)) return;
      if (pos) {
        let set = posOf.get(word);
        if (!set) posOf.set(word, (set = new Set()));
        set.add(pos);
      }
      if (!list.includes(word)) list.push(word);
    };
    for (const word of ppdb.get(head) ?? []) consider(word);
    for (const sense of mythes.get(head) ?? []) for (const word of [...sense.synonyms, ...sense.similar]) consider(word, sense.pos);
    if (list.length === 0) continue;
    let total = 0;
    for (let k = 0; k < list.length; k++) total += rankWeight(k);
    list.forEach((word, k) => {
      const p = rankWeight(k) / total;
      add(relations, head, word, p);
      // MyThes lists lemmas: carry the pair over to plural and verb forms.
      const pos = posOf.get(word);
      if (!pos) return;
      const slots = [...(pos.has('noun') ? NOUN_INFLECTIONS : []), ...(pos.has('verb') ? VERB_INFLECTIONS : [])];
      for (const slot of slots) {
        const fromForm = inflect(head, slot).find(known);
        const toForm = inflect(word, slot).find(known);
        if (fromForm && toForm && fromForm !== head && toForm !== word && !isVariant(fromForm, toForm)) add(relations, fromForm, toForm, p);
      }
    });
  }
  return relations;
}

/** Written word → [original, channel probability], all originals. */
export function reverseRelations(relations: Relations): Map<string, Array<[string, number]>> {
  const reverse = new Map<string, Array<[string, number]>>();
  for (const [original, map] of relations) {
    for (const [written, p] of map) {
      let list = reverse.get(written);
      if (!list) reverse.set(written, (list = []));
      list.push([original, p]);
    }
  }
  return reverse;
}

/** Share of a head's substitutions that are multiword, when it has multiword synonyms (spinners mostly swap word for word). */
const MULTIWORD_SHARE = 0.15;

/**
 * Multiword substitutions: written phrase ("pull through", "like-minded")
 * → single-word originals, with channel probabilities. PPDB joins its
 * multiword paraphrases with hyphens; MyThes writes them with spaces; the
 * scanner reads both as the same word sequence.
 */
export function buildPhraseRelations(
  ppdb: ReadonlyMap<string, readonly string[]>,
  mythes: ReadonlyMap<string, readonly ThesaurusSense[]>,
  known: (word: string) => boolean,
): Map<string, Array<[string, number]>> {
  const reverse = new Map<string, Array<[string, number]>>();
  const heads = new Set<string>([...ppdb.keys(), ...mythes.keys()]);
  for (const head of heads) {
    if (!isPlainWord(head) || !known(head) || STOPWORDS.has(head)) continue;
    const list: string[] = [];
    const consider = (phrase: string) => {
      const words = phrase.split(/[- ]/);
      if (words.length < 2 || words.length > 3 || !words.every((w) => isPlainWord(w) && known(w))) return;
      // A phrase holding its own original ("military-to-military", "late-onset") elaborates the word
      // rather than replacing it, and is far more often a genuine compound than a spinner's.
      if (words.includes(head)) return;
      const key = words.join(' ');
      if (!list.includes(key)) list.push(key);
    };
    for (const word of ppdb.get(head) ?? []) if (word.includes('-')) consider(word);
    for (const sense of mythes.get(head) ?? []) for (const word of [...sense.synonyms, ...sense.similar]) if (/[- ]/.test(word)) consider(word);
    if (list.length === 0) continue;
    let total = 0;
    for (let k = 0; k < list.length; k++) total += rankWeight(k);
    list.forEach((phrase, k) => {
      let entries = reverse.get(phrase);
      if (!entries) reverse.set(phrase, (entries = []));
      entries.push([head, (MULTIWORD_SHARE * rankWeight(k)) / total]);
    });
  }
  return reverse;
}
