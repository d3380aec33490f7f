/**
 * Terms of art: the words and phrases of medicine, computing and science
 * that read as odd English to statistics of everyday prose ("depth of
 * field", "domain adaptation", "image reconstruction") but are exactly what
 * the writer meant. A spinner replaces ordinary words by ordinary synonyms;
 * it does not write an established multiword term by chance, nor a rare
 * technical word. So a span that spells a known term, as written, is not a
 * substitution, and the model neither reports it nor counts it as evidence.
 *
 * The terms are data/terms/technical.bin (built by `npm run build:technical`
 * from FOLDOC, MeSH, V.E.R.A. and keyphrase lists; see data/terms/README.md):
 * a sorted array of 32-bit keys of the terms' word hashes, no text.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeSections, encodeSections, invalidFile, readDataFile, type FileKind } from './format.js';
import { bitFilter, maybeIn, pairKey } from './hashtable.js';
import { Gap, TokenKind, type Tokens } from '../text/tokenize.js';

export const TECHNICAL_FILE: FileKind = { magic: 'UNSPINK1', what: 'technical terms file', rebuild: 'npm run build:technical' };
/** Longest term looked for, in words. */
export const TECHNICAL_MAX_WORDS = 5;
const SEED = 0x51ed270b;

/** The key of words [from, to) of `hashes`: their hashes folded in order (never 0). */
export function termKey(hashes: ArrayLike<number>, from: number, to: number): number {
  let key = SEED;
  for (let i = from; i < to; i++) key = pairKey(key, hashes[i]!);
  return key;
}

export function encodeTechnicalTerms(sortedKeys: Uint32Array): Uint8Array {
  return encodeSections(new Map([['keys', sortedKeys]]), TECHNICAL_FILE);
}

/** Bits of the membership filter per key (about 3% false positives with one probe). */
const FILTER_BITS_PER_KEY = 32;

export class TechnicalTerms {
  /**
   * A bit filter over the keys: most word runs are not terms, and this
   * answers that from a small array in cache instead of a binary search over
   * every key (the search runs only on a set bit).
   */
  private readonly filter: Uint32Array;

  constructor(private readonly keys: Uint32Array) {
    this.filter = bitFilter(keys, FILTER_BITS_PER_KEY, 1024);
  }

  get size(): number {
    return this.keys.length;
  }

  has(key: number): boolean {
    if (!maybeIn(this.filter, key)) return false;
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo < keys.length && keys[lo] === key;
  }

  /**
   * Marks the word tokens of [from, to) that stand in a known term as written: 2 inside a
   * term of two or more words, 1 for a one-word term (which the caller may
   * trust only for words rare in everyday English: "clitoris", not "window").
   * Words of a term are adjacent words, a hyphen between them allowed; any
   * other mark or a line break ends a term.
   */
  mark(tokens: Tokens, into?: Uint8Array, from = 0, to = tokens.count): Uint8Array {
    // `into` is indexed from `from`.
    const marks = into ?? new Uint8Array(to - from);
    const { kinds, hashes, gaps } = tokens;
    const run: number[] = [];
    const runHashes: number[] = [];
    // The keys of the runs of 1 … TECHNICAL_MAX_WORDS words from one start, each folded from the one before.
    const prefixKeys = new Uint32Array(TECHNICAL_MAX_WORDS + 1);
    const flush = () => {
      for (let a = 0; a < run.length; a++) {
        const longest = Math.min(TECHNICAL_MAX_WORDS, run.length - a);
        prefixKeys[0] = SEED;
        for (let n = 1; n <= longest; n++) prefixKeys[n] = pairKey(prefixKeys[n - 1]!, runHashes[a + n - 1]!);
        // Longest term starting here.
        for (let n = longest; n >= 1; n--) {
          if (!this.has(prefixKeys[n]!)) continue;
          const flag = n >= 2 ? 2 : 1;
          for (let j = a; j < a + n; j++) if (marks[run[j]! - from]! < flag) marks[run[j]! - from] = flag;
          break;
        }
      }
      run.length = 0;
      runHashes.length = 0;
    };
    for (let i = from; i < to; i++) {
      const kind = kinds[i];
      if (kind === TokenKind.Joiner) continue;
      if (kind !== TokenKind.Word || (run.length > 0 && gaps[i]! & Gap.Newline)) flush();
      if (kind === TokenKind.Word) {
        run.push(i);
        runHashes.push(hashes[i]!);
      }
    }
    flush();
    return marks;
  }
}

export function decodeTechnicalTerms(image: Uint8Array, source: string): TechnicalTerms {
  const sections = decodeSections(image, source, { kind: TECHNICAL_FILE });
  const keys = sections.get('keys');
  if (!(keys instanceof Uint32Array)) throw invalidFile(source, 'no keys section', TECHNICAL_FILE);
  return new TechnicalTerms(keys);
}

export const DEFAULT_TECHNICAL_PATH = fileURLToPath(new URL('../../data/terms/technical.bin', import.meta.url));

let cached: TechnicalTerms | null | undefined;

/** The shipped terms of art, or null when the file is not built. Loaded once. */
export function loadTechnicalTerms(): TechnicalTerms | null {
  if (cached === undefined) cached = existsSync(DEFAULT_TECHNICAL_PATH) ? decodeTechnicalTerms(readDataFile(DEFAULT_TECHNICAL_PATH, TECHNICAL_FILE), DEFAULT_TECHNICAL_PATH) : null;
  return cached;
}
