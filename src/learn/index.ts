/**
 * Learning a farm's dictionary from aligned (original, spun) pairs.
 *
 * Each pair is aligned word by word (`src/text/diff.ts`); every changed run
 * of at most four words on each side ("cold war" → "chilly warfare",
 * "satellite" → "satellite tv for pc") is a substitution, and a run with as
 * many words on both sides also gives its word pairs (neighbouring
 * substitutions come out of a diff as one run). Counted across
 * pairs, they become a user lexicon in the `unspin-lexicon/1` format that
 * `check --lexicon FILE` reads, each entry with its count and confidence:
 *
 *  - confidence = substitutions / (substitutions + uses of the phrase in the
 *    originals + 1): how often the phrase, when a farm writes it, stands
 *    for something else (the +1 keeps a single sighting modest);
 *  - `strong` (evidence on its own) when the phrase is not ordinary English
 *    (data/learn: wordfreq, Google Books n-grams) and never occurs in an
 *    original;
 *  - `weak` (reported only beside strong evidence, see src/detect) for
 *    ordinary words and phrases, however often seen: a common word seen once
 *    is weak evidence and its confidence says so (0.5 at most); `lowercase`
 *    when the farm's word was only seen in lower case;
 *  - every entry carries its originals as `unless`: a farm replaces every
 *    "said", so a page that still says "said" was not spun by it (this is
 *    what keeps "at that point" → "then" quiet in clean text);
 *  - dropped: phrases the originals use as often as the farm does, numbers,
 *    pure function words, and changes of more than four words (rewrites,
 *    not substitutions).
 */
import { alignTokens } from '../text/diff.js';
import { hashWord, normalizeWord, tokenize, TokenKind, type Tokens } from '../text/tokenize.js';
import { isSkeletonWord } from '../trace/features.js';
import type { Lexicon, LexiconEntry } from '../lexicon/index.js';
import { loadEnglish, type English } from './english.js';

/** Longest phrase learned, in words, on either side. */
export const MAX_PHRASE_WORDS = 4;
/** At most this many originals are kept per phrase, best first. */
const MAX_EXPECTED = 3;

export interface Substitution {
  /** Normalised (lower-case, single-spaced) phrase the copy has. */
  spun: string;
  /** Normalised phrase the original has. */
  original: string;
  /** Whether the copy wrote it with a capital (sentence start, title). */
  capitalised: boolean;
}

interface Phrase {
  text: string;
  words: number;
  capitalised: boolean;
}

/**
 * The words of tokens [from, to) as a phrase, or null when the run is not a
 * phrase a lexicon could hold (punctuation inside, no words, too long).
 */
function wordsOf(tokens: Tokens, from: number, to: number): Array<{ word: string; at: number }> | null {
  const words: Array<{ word: string; at: number }> = [];
  for (let i = from; i < to; i++) {
    const kind = tokens.kinds[i];
    if (kind === TokenKind.Joiner) continue;
    if (kind !== TokenKind.Word && kind !== TokenKind.Number) return null;
    words.push({ word: normalizeWord(tokens.text.slice(tokens.starts[i], tokens.ends[i])), at: tokens.starts[i]! });
  }
  return words;
}

function phraseOf(tokens: Tokens, words: ReadonlyArray<{ word: string; at: number }>): Phrase | null {
  if (words.length === 0 || words.length > MAX_PHRASE_WORDS) return null;
  const first = tokens.text.charAt(words[0]!.at);
  return { text: words.map((w) => w.word).join(' '), words: words.length, capitalised: first !== first.toLowerCase() };
}

const isFunctionWord = (word: string) => isSkeletonWord(hashWord(word));

/**
 * A diff runs neighbouring changes together: "a firm" → "an unfaltering" is
 * one change. Function words that both sides start or end with are the
 * article or preposition around the substitution, not part of it.
 */
function trimBoth<T extends { word: string }>(a: T[], b: T[]): [T[], T[]] {
  let start = 0;
  while (start < a.length - 1 && start < b.length - 1 && isFunctionWord(a[start]!.word) && isFunctionWord(b[start]!.word)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA - 1 > start && endB - 1 > start && isFunctionWord(a[endA - 1]!.word) && isFunctionWord(b[endB - 1]!.word)) {
    endA--;
    endB--;
  }
  return [a.slice(start, endA), b.slice(start, endB)];
}

/** Whether a phrase can be a learned entry at all. */
function learnable(spun: Phrase, original: Phrase): boolean {
  if (spun.text === original.text) return false;
  // Figures and bare function words ("the" → "a") are noise a lexicon must not match.
  if (/\d/.test(spun.text)) return false;
  if (spun.text.split(' ').every(isFunctionWord)) return false;
  return true;
}

/** The substitutions that turn `original` into `spun`, in order. */
export function extractSubstitutions(original: string, spun: string): Substitution[] {
  const a = tokenize(original);
  const b = tokenize(spun);
  const out: Substitution[] = [];
  for (const block of alignTokens(a, b)) {
    if (block.kind !== 'changed') continue;
    const wordsA = wordsOf(a, block.a[0], block.a[1]);
    const wordsB = wordsOf(b, block.b[0], block.b[1]);
    if (!wordsA || !wordsB) continue;
    const [trimmedA, trimmedB] = trimBoth(wordsA, wordsB);
    const from = phraseOf(a, trimmedA);
    const to = phraseOf(b, trimmedB);
    if (!from || !to || !learnable(to, from)) continue;
    out.push({ spun: to.text, original: from.text, capitalised: to.capitalised });
    // Neighbouring substitutions come out of the diff as one change ("military said" → "navy mentioned").
    // When both sides have as many words, each word pair is learned too: a dictionary spinner works word by word.
    if (trimmedA.length >= 2 && trimmedA.length === trimmedB.length) {
      for (let k = 0; k < trimmedA.length; k++) {
        const one = phraseOf(a, [trimmedA[k]!]);
        const other = phraseOf(b, [trimmedB[k]!]);
        if (one && other && learnable(other, one)) out.push({ spun: other.text, original: one.text, capitalised: other.capitalised });
      }
    }
  }
  return out;
}

interface Tally {
  count: number;
  pairs: Set<number>;
  originals: Map<string, number>;
  capitalised: number;
}

export interface LearnSummary {
  pairs: number;
  substitutions: number;
  entries: number;
  strong: number;
  weak: number;
}

export interface LexiconOptions {
  id?: string;
  version?: string;
  source?: string;
  licence?: string;
  /** Keep only entries seen at least this often (default 1). */
  minCount?: number;
}

/** Counts substitutions over many pairs, then writes them out as a lexicon. */
export class SubstitutionLearner {
  private readonly tallies = new Map<string, Tally>();
  /** The originals' words, kept to count how often each learned phrase occurs naturally. */
  private readonly originals: string[][] = [];
  private pairCount = 0;
  private substitutionCount = 0;

  constructor(private readonly english: English = loadEnglish()) {}

  get pairs(): number {
    return this.pairCount;
  }

  /** Learns from one pair of texts (the whole of both). */
  addPair(original: string, spun: string): Substitution[] {
    const found = extractSubstitutions(original, spun);
    this.record(found, original);
    return found;
  }

  /** Learns from the aligned passages of a traced copy: `passages` pair ranges of `spun` with ranges of `original`. */
  addPassages(original: string, spun: string, passages: ReadonlyArray<{ query: [number, number]; source: [number, number] }>): Substitution[] {
    const found: Substitution[] = [];
    for (const p of passages) found.push(...extractSubstitutions(original.slice(p.source[0], p.source[1]), spun.slice(p.query[0], p.query[1])));
    this.record(found, passages.map((p) => original.slice(p.source[0], p.source[1])).join('\n\n'));
    return found;
  }

  private record(found: readonly Substitution[], original: string): void {
    const pair = this.pairCount++;
    const tokens = tokenize(original);
    const words: string[] = [];
    for (let i = 0; i < tokens.count; i++) {
      const kind = tokens.kinds[i];
      if (kind === TokenKind.Word || kind === TokenKind.Number) words.push(normalizeWord(tokens.text.slice(tokens.starts[i], tokens.ends[i])));
      else if (kind !== TokenKind.Joiner) words.push('\u0000');
    }
    this.originals.push(words);
    for (const s of found) {
      let tally = this.tallies.get(s.spun);
      if (!tally) this.tallies.set(s.spun, (tally = { count: 0, pairs: new Set(), originals: new Map(), capitalised: 0 }));
      tally.count++;
      tally.pairs.add(pair);
      tally.originals.set(s.original, (tally.originals.get(s.original) ?? 0) + 1);
      if (s.capitalised) tally.capitalised++;
      this.substitutionCount++;
    }
  }

  /** How often each learned phrase occurs in the originals (where nobody substituted anything). */
  private naturalUses(): Map<string, number> {
    const uses = new Map<string, number>();
    for (const words of this.originals) {
      for (let i = 0; i < words.length; i++) {
        let gram = '';
        for (let n = 1; n <= MAX_PHRASE_WORDS && i + n <= words.length; n++) {
          const word = words[i + n - 1]!;
          if (word === '\u0000') break;
          gram = n === 1 ? word : `${gram} ${word}`;
          if (this.tallies.has(gram)) uses.set(gram, (uses.get(gram) ?? 0) + 1);
        }
      }
    }
    return uses;
  }

  entries(minCount = 1): LexiconEntry[] {
    const natural = this.naturalUses();
    const entries: LexiconEntry[] = [];
    for (const [phrase, tally] of this.tallies) {
      if (tally.count < minCount) continue;
      const uses = natural.get(phrase) ?? 0;
      if (uses >= tally.count) continue;
      const multiword = phrase.includes(' ');
      const common = multiword ? this.english.isCommonPhrase(phrase) : this.english.isCommonWord(phrase);
      // What ordinary English does not say ("chilly warfare", "bagman" for "dealer") is evidence from its first sighting.
      const strong = !common && uses === 0;
      const expected = [...tally.originals].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, MAX_EXPECTED).map(([o]) => o);
      const entry: LexiconEntry = {
        phrase,
        expected,
        tier: strong ? 'strong' : 'weak',
        count: tally.count,
        confidence: Math.round((100 * tally.count) / (tally.count + uses + 1)) / 100,
      };
      // A farm replaces every occurrence: a page that still has the original word was not spun by it.
      entry.unless = expected;
      if (!strong && tally.capitalised === 0) entry.lowercase = true;
      entries.push(entry);
    }
    return entries.sort((x, y) => (y.count ?? 0) - (x.count ?? 0) || (x.phrase < y.phrase ? -1 : 1));
  }

  lexicon(options: LexiconOptions = {}): Lexicon & { format: string } {
    const entries = this.entries(options.minCount);
    return {
      format: 'unspin-lexicon/1',
      id: options.id ?? 'learned',
      version: options.version ?? new Date().toISOString().slice(0, 10),
      source: options.source ?? `learned by unspin learn from ${this.pairCount} (original, spun) pairs, ${this.substitutionCount} substitutions`,
      licence: options.licence ?? 'as the pairs it was learned from',
      entries,
      allow: [],
    };
  }

  summary(minCount = 1): LearnSummary {
    const entries = this.entries(minCount);
    const strong = entries.filter((e) => e.tier === 'strong').length;
    return { pairs: this.pairCount, substitutions: this.substitutionCount, entries: entries.length, strong, weak: entries.length - strong };
  }
}

/** Serialises a learned lexicon as `check --lexicon` reads it: one entry per line, so that diffs stay readable. */
export function formatLexicon(lexicon: Lexicon & { format: string }): string {
  const head = { format: lexicon.format, id: lexicon.id, version: lexicon.version, source: lexicon.source, licence: lexicon.licence };
  const headJson = JSON.stringify(head, null, 2).slice(0, -2);
  const entries = lexicon.entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
  return `${headJson},\n  "entries": [\n${entries}\n  ],\n  "allow": ${JSON.stringify(lexicon.allow)}\n}\n`;
}
