/**
 * The document's own vocabulary as evidence: which written words are the
 * topic of the text, and so not a spinner's substitution.
 *
 * A farm replaces a word by a synonym wherever it occurs, so a repeated odd
 * word is no proof of a clean page. What a spinner does not do is write the
 * topic's whole word family: an article on the clitoris says "clitoris",
 * "clitoral" and "clitorises"; one on horse breeding says "mare" and
 * "mares". A dictionary spinner maps each form on its own, to synonyms that
 * are not each other's relatives. So a word is the topic when
 *  - its family stands in the title (the first line, when it reads as one:
 *    farms copy titles as they are more often than bodies), or
 *  - its family occurs at least FAMILY_COUNT times in at least two forms.
 * A family is the words with the same Porter stem, or stems that differ only
 * in their last letter or a derivational tail ("clitori"/"clitor",
 * "embryo"/"embryon", "acquisit"/"acquir").
 */
import { stemmer } from 'stemmer';
import { Gap, TokenKind, type Tokens } from '../text/tokenize.js';

/** Occurrences of a family (all forms together) that make it the topic... */
export const FAMILY_COUNT = 3;
/** ...in at least this many different forms. */
export const FAMILY_FORMS = 2;
/** A first line of at most this many words, without a full stop at its end, is the title. */
const TITLE_WORDS = 25;
/** Stems this long share a family when they agree on all but their last letter (or more of a longer one). */
const FAMILY_PREFIX = 5;

/** Two stems of one family: the same, or agreeing up to the shorter one's last letter (and on FAMILY_PREFIX letters at least). */
export function sameFamily(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < FAMILY_PREFIX) return false;
  let common = 0;
  while (common < shorter && a.charCodeAt(common) === b.charCodeAt(common)) common++;
  return common >= FAMILY_PREFIX && common >= shorter - 1;
}

interface Family {
  /** Occurrences in the text. */
  count: number;
  /** Different written forms. */
  forms: Set<string>;
}

/** A text's word families: built once per document, asked once per scored word. */
export class DocumentVocabulary {
  /** Per stem: its occurrences and forms. */
  private readonly stems = new Map<string, Family>();
  /** Stems by their first FAMILY_PREFIX letters, to find relatives without comparing all pairs. */
  private readonly buckets = new Map<string, string[]>();
  private readonly title = new Set<string>();
  private readonly topic = new Map<string, boolean>();

  constructor(
    tokens: Tokens,
    /** The lower-cased form of word token i (the caller's cache). */
    form: (i: number) => string,
    /** The stem of a lower-cased form (the caller's cache). */
    stemOf: (form: string) => string,
    from = 0,
    to = tokens.count,
  ) {
    const { kinds, gaps } = tokens;
    for (let i = from; i < to; i++) {
      if (kinds[i] !== TokenKind.Word) continue;
      const word = form(i);
      const stem = stemOf(word);
      let family = this.stems.get(stem);
      if (!family) {
        this.stems.set(stem, (family = { count: 0, forms: new Set() }));
        if (stem.length >= FAMILY_PREFIX) {
          const key = stem.slice(0, FAMILY_PREFIX);
          const bucket = this.buckets.get(key);
          if (bucket) bucket.push(stem);
          else this.buckets.set(key, [stem]);
        }
      }
      family.count++;
      family.forms.add(word);
    }
    // The title: the text's first line, when it is short and not a sentence.
    if (from === 0) {
      let end = 0;
      let words = 0;
      while (end < tokens.count && !(end > 0 && gaps[end]! & Gap.Newline)) {
        if (kinds[end] === TokenKind.Word) words++;
        end++;
      }
      const last = tokens.text.slice(tokens.starts[Math.max(0, end - 1)] ?? 0, tokens.ends[Math.max(0, end - 1)] ?? 0);
      if (end < tokens.count && words > 0 && words <= TITLE_WORDS && !/[.!?]$/.test(last)) {
        for (let i = 0; i < end; i++) if (kinds[i] === TokenKind.Word) this.title.add(stemOf(form(i)));
      }
    }
  }

  /** The stems of `stem`'s family present in the text (itself included when present). */
  private relatives(stem: string): string[] {
    if (stem.length < FAMILY_PREFIX) return this.stems.has(stem) ? [stem] : [];
    return (this.buckets.get(stem.slice(0, FAMILY_PREFIX)) ?? []).filter((other) => sameFamily(stem, other));
  }

  /** Whether a word of this stem is the text's topic (see the file comment). */
  isTopic(stem: string): boolean {
    let known = this.topic.get(stem);
    if (known === undefined) {
      let count = 0;
      const forms = new Set<string>();
      let inTitle = this.title.has(stem);
      for (const other of this.relatives(stem)) {
        const family = this.stems.get(other)!;
        count += family.count;
        for (const f of family.forms) forms.add(f);
        if (this.title.has(other)) inTitle = true;
      }
      known = inTitle || (count >= FAMILY_COUNT && forms.size >= FAMILY_FORMS);
      this.topic.set(stem, known);
    }
    return known;
  }
}

/** Porter stems, cached (a word's stem never changes). */
const stems = new Map<string, string>();
const STEM_CACHE = 200_000;

export function stemOf(form: string): string {
  let stem = stems.get(form);
  if (stem === undefined) {
    stem = stemmer(form);
    if (stems.size >= STEM_CACHE) stems.clear();
    stems.set(form, stem);
  }
  return stem;
}
