/**
 * Document consistency: when an ordinary word is a farm's substitution.
 *
 * Weak lexicon entries are words natural English uses all the time ("navy",
 * "mentioned", "latest"). One of them alone proves nothing. It becomes
 * evidence when three things hold together:
 *  1. the page already shows a farm at work (enough distinct strong evidence),
 *  2. the word stands in running prose, not in a heading: farms tend to leave
 *     titles and captions' headlines alone, so headings keep original words,
 *  3. none of its likely originals stands elsewhere in the prose: a farm
 *     replaces *every* "said", so a page that still says "said" wrote
 *     "mentioned" itself,
 *  4. it is not part of a name: a capitalised word inside a sentence ("the
 *     U.S. Navy", "the Royal Navy", "Safety First") names something, and
 *     spinners leave names alone, or rewrite them into the strong entries'
 *     artefacts ("Protection Ministry"), not into an ordinary word.
 * Set phrases ("navy blue", "royal navy") are the lexicon's allow rows:
 * the longer allowed phrase wins the match, so the weak entry never fires there.
 * And the shipped news list's weak entries speak only in news-register text
 * (`isNewsRegister`): they were written down from news farms, and in an
 * encyclopedia article or an abstract "elements", "function" and "objects"
 * are simply the right words.
 */
import type { LexiconHit } from '../lexicon/index.js';
import { Gap, TokenKind, tokenize, tokenNorm, type Tokens } from '../text/tokenize.js';
import { DocumentVocabulary, stemOf } from '../model/vocabulary.js';

/** Strong evidence that opens the gate: at least this many distinct phrases... */
export const FARM_MIN_DISTINCT = 3;
/** ...at a density of at least this many per 1,000 words. */
export const FARM_MIN_RATE = 5;

export function farmAtWork(distinctStrong: number, words: number): boolean {
  return distinctStrong >= FARM_MIN_DISTINCT && (distinctStrong / Math.max(words, 1)) * 1000 >= FARM_MIN_RATE;
}

/**
 * A heading line: short, no sentence punctuation at its end, and most of its
 * longer words capitalised ("China Defense Official Meets Russia's Putin").
 */
function isHeadingLine(text: string, start: number, end: number): boolean {
  const line = text.slice(start, end).trim();
  if (line.length === 0 || line.length > 160) return false;
  if (/[.!?:;,"”’)]$/.test(line)) return false;
  const words = line.split(/\s+/).filter((w) => /^\p{L}{4,}/u.test(w));
  if (words.length < 2) return false;
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised / words.length >= 0.75;
}

/** The lexicon whose weak entries are news register ("navy" for "military", "mentioned" for "said"). */
export const NEWS_LEXICON = 'news';

/**
 * Words of reporting clauses, with the forms news farms turn "said" into
 * (the weak entries "mentioned", "stated"): news quotes and attributes, an
 * encyclopedia or an abstract rarely does.
 */
const REPORTING = new Set(
  'said says say told tells according spokesman spokeswoman spokesperson added announced reported confirmed declared insisted explained acknowledged mentioned stated instructed advised informed'.split(' '),
);
/**
 * Reporting words per 1,000 words (at least 150 words counted) from which a
 * text is news. Measured on development documents: about 80% of BBC and
 * Reuters articles and 63% of Wikinews reach it, 8% of Wikipedia articles and
 * 4% of science abstracts; the seed page has 14.
 */
export const NEWS_REPORTING_RATE = 5;

/** Whether the prose reads as news: enough reporting clauses for its length. */
export function isNewsRegister(tokens: Tokens, skip: Uint8Array): boolean {
  let words = 0;
  let reporting = 0;
  for (let i = 0; i < tokens.count; i++) {
    if (skip[i] || tokens.kinds[i] !== TokenKind.Word) continue;
    words++;
    if (REPORTING.has(tokenNorm(tokens, i))) reporting++;
  }
  return (reporting * 1000) / Math.max(words, 150) >= NEWS_REPORTING_RATE;
}

/** Marks the tokens that sit on heading lines. */
function headingMask(tokens: Tokens): Uint8Array {
  const mask = new Uint8Array(tokens.count);
  const { text, starts, gaps } = tokens;
  let lineFirst = 0;
  for (let i = 1; i <= tokens.count; i++) {
    if (i === tokens.count || gaps[i]! & Gap.Newline) {
      const lineStart = starts[lineFirst]!;
      const lineEnd = i === tokens.count ? text.length : starts[i]!;
      if (isHeadingLine(text, lineStart, lineEnd)) mask.fill(1, lineFirst, i);
      lineFirst = i;
    }
  }
  return mask;
}

function isStandaloneWord(tokens: Tokens, i: number): boolean {
  const { kinds } = tokens;
  if (kinds[i] !== TokenKind.Word && kinds[i] !== TokenKind.Number) return false;
  // "military" inside "military-technical" is a compound the spinner could not touch.
  if (i > 0 && kinds[i - 1] === TokenKind.Joiner) return false;
  if (i + 1 < tokens.count && kinds[i + 1] === TokenKind.Joiner) return false;
  return true;
}

function phraseHashes(phrase: string): number[] {
  const tokens = tokenize(phrase);
  const hashes: number[] = [];
  for (let i = 0; i < tokens.count; i++) if (tokens.kinds[i] !== TokenKind.Joiner) hashes.push(tokens.hashes[i]!);
  return hashes;
}

/** The weak hits that document consistency supports, in text order. */
export function acceptWeakHits(tokens: Tokens, skip: Uint8Array, hits: readonly LexiconHit[]): LexiconHit[] {
  let weak = hits.filter((hit) => hit.entry.tier === 'weak');
  if (weak.length > 0 && weak.some((hit) => hit.lexicon.id === NEWS_LEXICON) && !isNewsRegister(tokens, skip)) {
    weak = weak.filter((hit) => hit.lexicon.id !== NEWS_LEXICON);
  }
  if (weak.length === 0) return [];
  const headings = headingMask(tokens);

  // Prose words outside every lexicon hit: where an original would still show.
  const inHit = new Uint8Array(tokens.count);
  for (const hit of hits) inHit.fill(1, hit.first, hit.last + 1);
  const positions = new Map<number, number[]>();
  const prose: number[] = [];
  for (let i = 0; i < tokens.count; i++) {
    if (skip[i] || inHit[i] || headings[i] || !isStandaloneWord(tokens, i)) continue;
    prose.push(i);
    const hash = tokens.hashes[i]!;
    const list = positions.get(hash);
    if (list) list.push(prose.length - 1);
    else positions.set(hash, [prose.length - 1]);
  }
  const present = (phrase: string): boolean => {
    const hashes = phraseHashes(phrase);
    if (hashes.length === 0) return false;
    for (const at of positions.get(hashes[0]!) ?? []) {
      let k = 1;
      while (k < hashes.length && at + k < prose.length && tokens.hashes[prose[at + k]!] === hashes[k]) k++;
      if (k === hashes.length) return true;
    }
    return false;
  };

  const verdictByEntry = new Map<object, boolean>();
  return weak.filter((hit) => {
    if (headings[hit.first]) return false;
    if (isNamePart(tokens, hit.first)) return false;
    let supported = verdictByEntry.get(hit.entry);
    if (supported === undefined) {
      supported = !hit.entry.expected.some(present);
      verdictByEntry.set(hit.entry, supported);
    }
    return supported;
  });
}

/** Abbreviations whose full stop does not end a sentence ("Gen. Milley", "St. Louis"). */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'mt', 'gen', 'col', 'lt', 'sgt', 'capt', 'cmdr', 'adm', 'gov', 'sen', 'rep', 'rev', 'jr', 'sr', 'no', 'vs', 'etc', 'inc', 'corp', 'co', 'ltd']);

/**
 * Whether the word at token `i` is capitalised where a sentence does not
 * start: then it is (part of) a name. A word in capitals throughout ("NAVY")
 * is a shouted line, not a name; one at the start of a line, or after a colon
 * or a sentence's end (quotes and brackets looked through: `plan,” Navy` is a
 * name, `“We’ve` is not) is capitalised for the sentence. A full stop after a
 * single letter ("U.S.", "J.") or a known abbreviation does not end one.
 */
export function isNamePart(tokens: Tokens, i: number): boolean {
  const { text } = tokens;
  const word = text.slice(tokens.starts[i], tokens.ends[i]);
  if (!/^\p{Lu}/u.test(word) || !/\p{Ll}/u.test(word)) return false;
  let k = tokens.starts[i]! - 1;
  while (k >= 0 && /[\s"“”‘’'()\[\]«»*_—–-]/u.test(text[k]!)) {
    if (text[k] === '\n') return false;
    k--;
  }
  if (k < 0) return false;
  const before = text[k]!;
  if (before === ':' || before === '!' || before === '?' || before === '…') return false;
  if (before !== '.') return true;
  // A full stop: the end of a sentence unless it closes an initial or an abbreviation.
  let w = k;
  while (w > 0 && /\p{L}/u.test(text[w - 1]!)) w--;
  const abbreviated = text.slice(w, k);
  return abbreviated.length === 1 || ABBREVIATIONS.has(abbreviated.toLowerCase());
}

/** The words an entry adds to its original, lower-cased ("chinese language" → "chinese": ["language"]), or null. */
function addedWords(phrase: string, expected: string): string[] | null {
  const p = phrase.toLowerCase().split(/\s+/);
  const e = expected.toLowerCase().split(/\s+/);
  if (e.length >= p.length) return null;
  if (p.slice(0, e.length).join(' ') === e.join(' ')) return p.slice(e.length);
  if (p.slice(p.length - e.length).join(' ') === e.join(' ')) return p.slice(0, p.length - e.length);
  return null;
}

/**
 * Some strong entries are their original plus a word: a farm writes
 * "Chinese language" for "Chinese", "insurance policies" for "policies". In
 * a page about something else that is the farm's artefact; in a page whose
 * topic is the added word (its family in the title, or written at least 3
 * times in at least 2 forms: "language" and "languages", see
 * `DocumentVocabulary`) it is the writer's own phrase: "the Greek language
 * entered a state of diglossia" in an article on Greek. A farm leaves one
 * form, the one its entry writes (the seed page says "language" 10 times,
 * never "languages"). On the Wikipedia and Wikinews development splits
 * these entries gave 14 of the lists' false findings.
 */
export function withoutTopicalAdditions(tokens: Tokens, hits: readonly LexiconHit[]): LexiconHit[] {
  const added = hits.map((hit) => (hit.entry.tier === 'strong' ? hit.entry.expected.map((e) => addedWords(hit.entry.phrase, e)).find((w) => w !== null) ?? null : null));
  if (added.every((words) => words === null)) return [...hits];
  const vocabulary = new DocumentVocabulary(tokens, (i) => tokenNorm(tokens, i), stemOf);
  return hits.filter((_, h) => {
    const words = added[h];
    return !words || !words.every((word) => vocabulary.isTopic(stemOf(word)));
  });
}

