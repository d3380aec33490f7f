/**
 * The compiled matcher: every list's phrases in one word trie, matched
 * leftmost-longest in a single pass over the tokens.
 *
 * At each word the trie is followed as far as the text allows; the longest
 * phrase found there whose conditions hold wins, and matching resumes after
 * it. Allow phrases take part in the same contest, so "chinese language
 * course" (allowed) outlasts the entry "chinese language" and nothing is
 * reported for its span.
 */
import { UnspinError } from '../errors.js';
import { Gap, TokenKind, foldCode, type Tokens } from '../text/tokenize.js';
import type { CompiledLexicon, Lexicon, LexiconEntry, LexiconHit } from './index.js';
import { NEIGHBOUR_CLASSES, neighbourError, phraseTokens, type PhraseTokens } from './phrase.js';
import { pairSlot, ROOT, sameWord, WordTrie } from './trie.js';

// Neighbour classes understood by prev / next / notPrev / notNext.
const CLASS_WORD = 1;
const CLASS_CAP = 2;
const CLASS_LOWER = 4;
const CLASS_NUM = 8;
const CLASS_END = 16;
const CLASSES: Record<(typeof NEIGHBOUR_CLASSES)[number], number> = { '<word>': CLASS_WORD, '<cap>': CLASS_CAP, '<lower>': CLASS_LOWER, '<num>': CLASS_NUM, '<end>': CLASS_END };

/**
 * A compiled prev/next list: classes as bits, tested on the adjacent token;
 * literal items as token sequences ("state-run", "the associated press") that
 * must stand right before (prev) or after (next) the match.
 */
interface NeighbourTest {
  classes: number;
  /** One-token items by hash (lists of a hundred words are common: one lookup, not a hundred compares). */
  words: Map<number, string[]>;
  /** Items of several tokens. */
  sequences: PhraseTokens[];
}

interface CompiledEntry {
  entry: LexiconEntry;
  lexicon: Lexicon;
  prev: NeighbourTest | null;
  next: NeighbourTest | null;
  notPrev: NeighbourTest | null;
  notNext: NeighbourTest | null;
  lowercase: boolean;
  spaced: boolean;
  /** Context phrase ids (see `contextTrie`). */
  requires: number[] | null;
  unless: number[] | null;
}

/** What a phrase means once all lists are merged: allowed, or one or more entries tried in list order. */
interface Definition {
  /** Index of the list that defined it. */
  owner: number;
  allow: boolean;
  entries: CompiledEntry[];
}

function invalid(lexicon: Lexicon, where: string, message: string): UnspinError {
  return new UnspinError('lexicon-invalid', `lexicon ${lexicon.id}: ${where}: ${message}`);
}

type Tokenized = PhraseTokens | { error: string };

/** Builds the matcher for `lexicons`, in order: for a phrase in several lists, the last list wins. */
export function compileLexicons(lexicons: readonly Lexicon[]): CompiledLexicon {
  // Neighbour lists and context phrases repeat across entries: tokenize each once.
  const memo = new Map<string, Tokenized>();
  const tokensOf = (text: string, anyStart: boolean): Tokenized => {
    const memoKey = anyStart ? `<${text}` : text;
    let parsed = memo.get(memoKey);
    if (!parsed) memo.set(memoKey, (parsed = phraseTokens(text, { anyStart })));
    return parsed;
  };

  // Curated lists repeat long neighbour lists entry after entry: compile each distinct list once.
  const compiledLists = new Map<string, NeighbourTest>();
  const compileNeighbours = (lexicon: Lexicon, where: string, field: string, list: readonly string[] | undefined): NeighbourTest | null => {
    if (list === undefined || (Array.isArray(list) && list.length === 0 && field.startsWith('not'))) return null;
    if (!Array.isArray(list) || list.length === 0) throw invalid(lexicon, where, `"${field}" must be a non-empty list of words or classes`);
    const listKey = list.every((item) => typeof item === 'string') ? list.join('\u0000') : null;
    const known = listKey === null ? undefined : compiledLists.get(listKey);
    if (known) return known;
    const test: NeighbourTest = { classes: 0, words: new Map(), sequences: [] };
    if (listKey !== null) compiledLists.set(listKey, test);
    for (const item of list) {
      const cls = CLASSES[item as keyof typeof CLASSES];
      if (cls !== undefined) { test.classes |= cls; continue; }
      const parsed = typeof item === 'string' && !/^<.*>$/.test(item) ? tokensOf(item, true) : null;
      if (parsed === null || 'error' in parsed) throw invalid(lexicon, where, neighbourError(field, item) ?? `"${field}": bad item`);
      if (parsed.words.length > 1) { test.sequences.push(parsed); continue; }
      const sameHash = test.words.get(parsed.hashes[0]!);
      if (sameHash) sameHash.push(parsed.words[0]!);
      else test.words.set(parsed.hashes[0]!, [parsed.words[0]!]);
    }
    return test;
  };

  // A phrase is identified by its node in the trie: equal token sequences end at the same node.
  const trie = new WordTrie();
  const contextTrie = new WordTrie();
  const contextIdAt = new Map<number, number>();

  const contextIdsOf = (lexicon: Lexicon, where: string, field: string, list: readonly string[] | undefined): number[] | null => {
    if (list === undefined || (Array.isArray(list) && list.length === 0 && field === 'unless')) return null;
    if (!Array.isArray(list) || list.length === 0) throw invalid(lexicon, where, `"${field}" must be a non-empty list of phrases`);
    return list.map((phrase) => {
      const parsed = typeof phrase === 'string' ? tokensOf(phrase, false) : { error: 'not a string' };
      if ('error' in parsed) throw invalid(lexicon, where, `"${field}": ${parsed.error}`);
      const node = contextTrie.insert(parsed.words, parsed.hashes);
      let id = contextIdAt.get(node);
      if (id === undefined) contextIdAt.set(node, (id = contextIdAt.size));
      return id;
    });
  };

  // The definition of each phrase, by its trie node. A list replaces what earlier lists said about a
  // phrase (user lists come last and win); within one list, entries for a phrase add up.
  const definitionOf: Array<Definition | undefined> = [];
  const order: number[] = [];
  lexicons.forEach((lexicon, owner) => {
    const define = (phrase: unknown, where: () => string): Definition => {
      const node = typeof phrase === 'string' ? trie.insertPhrase(phrase) : { error: 'phrase must be a string' };
      if (typeof node !== 'number') throw invalid(lexicon, where(), node.error);
      // Grown one by one so that the array stays dense (a far write would make it a dictionary).
      while (definitionOf.length <= node) definitionOf.push(undefined);
      let definition = definitionOf[node];
      if (definition === undefined || definition.owner !== owner) {
        if (definition === undefined) order.push(node);
        definitionOf[node] = definition = { owner, allow: false, entries: [] };
      }
      return definition;
    };
    const entries = lexicon.entries;
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index]!;
      const where = () => `entry ${index + 1}`;
      const definition = define(entry.phrase, where);
      const plain =
        entry.prev === undefined && entry.next === undefined && entry.notPrev === undefined && entry.notNext === undefined && entry.requires === undefined && entry.unless === undefined;
      definition.entries.push({
        entry,
        lexicon,
        prev: plain ? null : compileNeighbours(lexicon, where(), 'prev', entry.prev),
        next: plain ? null : compileNeighbours(lexicon, where(), 'next', entry.next),
        notPrev: plain ? null : compileNeighbours(lexicon, where(), 'notPrev', entry.notPrev),
        notNext: plain ? null : compileNeighbours(lexicon, where(), 'notNext', entry.notNext),
        lowercase: entry.lowercase === true,
        spaced: entry.spaced === true,
        requires: plain ? null : contextIdsOf(lexicon, where(), 'requires', entry.requires),
        unless: plain ? null : contextIdsOf(lexicon, where(), 'unless', entry.unless),
      });
    }
    const allow = lexicon.allow;
    for (let index = 0; index < allow.length; index++) {
      // Within one list an allow phrase outranks an entry for the same words: the list says it is ordinary.
      define(allow[index], () => `allow ${index + 1}`).allow = true;
    }
  });

  trie.freeze();
  const definitions: Definition[] = [];
  const terminal = new Int32Array(trie.size).fill(-1);
  for (const node of order) terminal[node] = definitions.push(definitionOf[node]!) - 1;

  contextTrie.freeze();
  const contextTerminal = new Int32Array(contextTrie.size).fill(-1);
  for (const [node, id] of contextIdAt) contextTerminal[node] = id;

  return new Matcher(lexicons, trie, terminal, definitions, contextTrie, contextTerminal, contextIdAt.size);
}

/**
 * Version of the compiled shape that `matcherState` hands out: bump it when
 * `Matcher`, `WordTrie` or the compiled entries change their fields, so that a
 * cache written by an older build is not read by a newer one.
 */
export const MATCHER_STATE_VERSION = 1;

/** Everything a compiled matcher holds, as plain data a structured clone can carry. */
export function matcherState(compiled: CompiledLexicon): object {
  if (!(compiled instanceof Matcher)) throw new Error('matcherState: not a compiled lexicon');
  return compiled.state();
}

/** The matcher `matcherState` described; throws when the state is not one. */
export function matcherFromState(state: object): CompiledLexicon {
  const s = state as ReturnType<Matcher['state']>;
  const trieOk = (t: unknown) => {
    const trie = t as Record<string, unknown> | null;
    return trie !== null && typeof trie === 'object' && Number.isInteger(trie.size) && Array.isArray(trie.words) &&
      (trie.words as unknown[]).length === trie.size && trie.slotParent instanceof Int32Array && trie.slotHash instanceof Uint32Array &&
      trie.slotChild instanceof Int32Array && trie.parentOf instanceof Int32Array && trie.sibling instanceof Int32Array &&
      trie.startFilter instanceof Uint8Array && trie.frozen === true;
  };
  const ok =
    s !== null && typeof s === 'object' && Array.isArray(s.lexicons) && Array.isArray(s.definitions) &&
    trieOk(s.trie) && trieOk(s.contextTrie) && s.terminal instanceof Int32Array && s.contextTerminal instanceof Int32Array &&
    s.terminal.length === (s.trie as unknown as { size: number }).size && Number.isInteger(s.contextCount);
  if (!ok) throw new Error('not a compiled lexicon');
  return Matcher.restore(s);
}

class Matcher implements CompiledLexicon {
  /** Scratch for the path being followed: node and token index per word. */
  private readonly pathNodes: Int32Array;
  private readonly pathTokens: Int32Array;
  /** First words that are phrases by themselves, and first word pairs of longer ones (see `WordTrie.firstWordFilters`). */
  private readonly soloStart: Uint8Array;
  private readonly pairStart: Uint8Array;

  constructor(
    readonly lexicons: readonly Lexicon[],
    private readonly trie: WordTrie,
    private readonly terminal: Int32Array,
    private readonly definitions: readonly Definition[],
    private readonly contextTrie: WordTrie,
    private readonly contextTerminal: Int32Array,
    private readonly contextCount: number,
  ) {
    const depth = Math.max(trie.depth, contextTrie.depth, 1);
    this.pathNodes = new Int32Array(depth);
    this.pathTokens = new Int32Array(depth);
    const filters = trie.firstWordFilters((node) => terminal[node]! >= 0);
    this.soloStart = filters.solo;
    this.pairStart = filters.pairs;
  }

  state() {
    const { lexicons, trie, terminal, definitions, contextTrie, contextTerminal, contextCount } = this;
    return { lexicons, trie, terminal, definitions, contextTrie, contextTerminal, contextCount };
  }

  static restore(state: ReturnType<Matcher['state']>): Matcher {
    return new Matcher(
      state.lexicons,
      WordTrie.restore(state.trie),
      state.terminal,
      state.definitions,
      WordTrie.restore(state.contextTrie),
      state.contextTerminal,
      state.contextCount,
    );
  }

  match(tokens: Tokens, skip?: Uint8Array): LexiconHit[] {
    const hits: LexiconHit[] = [];
    const { count, kinds } = tokens;
    const trie = this.trie;
    const terminal = this.terminal;
    const pathNodes = this.pathNodes;
    const pathTokens = this.pathTokens;
    const maxDepth = trie.depth;
    // Which context phrases (requires / unless) the document holds: computed on first need.
    let presence: Uint8Array | null = null;
    const present = (id: number): boolean => {
      presence ??= this.scanContext(tokens, skip);
      return presence[id] === 1;
    };

    const hashes = tokens.hashes;
    const startFilter = trie.startFilter;
    const soloStart = this.soloStart;
    const pairStart = this.pairStart;
    let i = 0;
    while (i < count) {
      // Punctuation hashes to 0 and no phrase starts with it; most words start no phrase either.
      const hash = hashes[i]!;
      if (startFilter[hash & 0xffff] === 0) { i++; continue; }
      const kind = kinds[i];
      if ((kind !== TokenKind.Word && kind !== TokenKind.Number) || (skip !== undefined && skip[i] === 1)) { i++; continue; }
      // "the", "of", "to" start a few phrases each: the next word usually rules them all out.
      if (soloStart[hash & 0xffff] === 0) {
        const j = nextToken(tokens, skip, i);
        if (j < 0 || pairStart[pairSlot(hash, hashes[j]!)] === 0) { i++; continue; }
      }
      let node = trie.step(ROOT, tokens, i);
      if (node < 0) { i++; continue; }

      // Follow the trie as far as the text goes.
      pathNodes[0] = node;
      pathTokens[0] = i;
      let depth = 1;
      while (depth < maxDepth) {
        const j = nextToken(tokens, skip, pathTokens[depth - 1]!);
        if (j < 0) break;
        node = trie.step(node, tokens, j);
        if (node < 0) break;
        pathNodes[depth] = node;
        pathTokens[depth] = j;
        depth++;
      }

      // Longest phrase first; a phrase whose conditions fail gives way to a shorter one.
      let resume = -1;
      for (let d = depth - 1; d >= 0 && resume < 0; d--) {
        const index = terminal[pathNodes[d]!]!;
        if (index < 0 || !trie.confirm(pathNodes[d]!, tokens, pathTokens, d + 1)) continue;
        const definition = this.definitions[index]!;
        const last = pathTokens[d]!;
        if (definition.allow) { resume = last + 1; break; }
        for (const compiled of definition.entries) {
          if (accepts(compiled, tokens, skip, i, last, present)) {
            hits.push({ first: i, last, entry: compiled.entry, lexicon: compiled.lexicon });
            resume = last + 1;
            break;
          }
        }
      }
      i = resume < 0 ? i + 1 : resume;
    }
    return hits;
  }

  /** Marks every context phrase that occurs anywhere in the non-skipped text. */
  private scanContext(tokens: Tokens, skip: Uint8Array | undefined): Uint8Array {
    const presence = new Uint8Array(this.contextCount);
    const trie = this.contextTrie;
    const terminal = this.contextTerminal;
    const path = new Int32Array(Math.max(trie.depth, 1));
    const { count, kinds, hashes } = tokens;
    const startFilter = trie.startFilter;
    for (let i = 0; i < count; i++) {
      if (startFilter[hashes[i]! & 0xffff] === 0) continue;
      const kind = kinds[i];
      if ((kind !== TokenKind.Word && kind !== TokenKind.Number) || (skip !== undefined && skip[i] === 1)) continue;
      let node = trie.step(ROOT, tokens, i);
      let depth = 0;
      let j = i;
      while (node >= 0) {
        path[depth++] = j;
        const id = terminal[node]!;
        if (id >= 0 && presence[id] === 0 && trie.confirm(node, tokens, path, depth)) presence[id] = 1;
        if (depth === path.length) break;
        j = nextToken(tokens, skip, j);
        if (j < 0) break;
        node = trie.step(node, tokens, j);
      }
    }
    return presence;
  }
}

/**
 * The token that can continue a phrase after token `j`, or -1. Hyphens between
 * words are looked through; a paragraph break, the end of the text or a skipped
 * token ends the phrase. Punctuation is returned (a phrase may contain it, as
 * "p.c." does) and ends the match when the phrase does not.
 */
function nextToken(tokens: Tokens, skip: Uint8Array | undefined, j: number): number {
  const { count, kinds } = tokens;
  let k = j + 1;
  if (k < count && kinds[k] === TokenKind.Joiner) {
    if (skip !== undefined && skip[k] === 1) return -1;
    k++;
  }
  if (k >= count || kinds[k] === TokenKind.Joiner) return -1;
  if ((tokens.gaps[k]! & Gap.Paragraph) !== 0) return -1;
  if (skip !== undefined && skip[k] === 1) return -1;
  return k;
}

/** The token before `first` (a hyphen looked through), or -1 at a boundary. */
function tokenBefore(tokens: Tokens, skip: Uint8Array | undefined, first: number): number {
  if ((tokens.gaps[first]! & Gap.Paragraph) !== 0) return -1;
  let p = first - 1;
  if (p >= 0 && tokens.kinds[p] === TokenKind.Joiner) p--;
  if (p < 0 || (skip !== undefined && skip[p] === 1)) return -1;
  return p;
}

/** The token after `last` (a hyphen looked through), or -1 at a boundary. */
function tokenAfter(tokens: Tokens, skip: Uint8Array | undefined, last: number): number {
  let n = last + 1;
  if (n < tokens.count && tokens.kinds[n] === TokenKind.Joiner) n++;
  if (n >= tokens.count || (skip !== undefined && skip[n] === 1)) return -1;
  if ((tokens.gaps[n]! & Gap.Paragraph) !== 0) return -1;
  return n;
}

function isUpper(code: number): boolean {
  const folded = foldCode(code);
  return folded !== code && folded !== 0x27;
}

function isLower(code: number): boolean {
  if (code >= 0x61 && code <= 0x7a) return true;
  if (code < 0x80) return false;
  const ch = String.fromCharCode(code);
  return ch.toUpperCase() !== ch;
}

function classesMatch(classes: number, tokens: Tokens, t: number): boolean {
  if (classes === 0) return false;
  if (t < 0) return (classes & CLASS_END) !== 0;
  const kind = tokens.kinds[t];
  if (kind === TokenKind.Punct) return (classes & CLASS_END) !== 0;
  if (kind === TokenKind.Number) return (classes & CLASS_NUM) !== 0;
  if ((classes & CLASS_WORD) !== 0) return true;
  const firstChar = tokens.text.charCodeAt(tokens.starts[t]!);
  if ((classes & CLASS_CAP) !== 0 && isUpper(firstChar)) return true;
  return (classes & CLASS_LOWER) !== 0 && isLower(firstChar);
}

function tokenIs(tokens: Tokens, t: number, hash: number, word: string): boolean {
  return tokens.hashes[t] === hash && sameWord(tokens, t, word);
}

function wordsMatch(words: Map<number, string[]>, tokens: Tokens, t: number): boolean {
  if (t < 0 || words.size === 0) return false;
  const candidates = words.get(tokens.hashes[t]!);
  return candidates !== undefined && candidates.some((word) => sameWord(tokens, t, word));
}

/** Whether `item`'s tokens stand immediately before token `first`. */
function sequenceBefore(item: PhraseTokens, tokens: Tokens, skip: Uint8Array | undefined, first: number): boolean {
  let t = first;
  for (let k = item.words.length - 1; k >= 0; k--) {
    t = tokenBefore(tokens, skip, t);
    if (t < 0 || !tokenIs(tokens, t, item.hashes[k]!, item.words[k]!)) return false;
  }
  return true;
}

/** Whether `item`'s tokens stand immediately after token `last`. */
function sequenceAfter(item: PhraseTokens, tokens: Tokens, skip: Uint8Array | undefined, last: number): boolean {
  let t = last;
  for (let k = 0; k < item.words.length; k++) {
    t = tokenAfter(tokens, skip, t);
    if (t < 0 || !tokenIs(tokens, t, item.hashes[k]!, item.words[k]!)) return false;
  }
  return true;
}

function before(test: NeighbourTest, tokens: Tokens, skip: Uint8Array | undefined, first: number): boolean {
  const t = tokenBefore(tokens, skip, first);
  if (classesMatch(test.classes, tokens, t) || wordsMatch(test.words, tokens, t)) return true;
  return test.sequences.length > 0 && test.sequences.some((item) => sequenceBefore(item, tokens, skip, first));
}

function after(test: NeighbourTest, tokens: Tokens, skip: Uint8Array | undefined, last: number): boolean {
  const t = tokenAfter(tokens, skip, last);
  if (classesMatch(test.classes, tokens, t) || wordsMatch(test.words, tokens, t)) return true;
  return test.sequences.length > 0 && test.sequences.some((item) => sequenceAfter(item, tokens, skip, last));
}

function hasCapital(tokens: Tokens, first: number, last: number): boolean {
  const text = tokens.text;
  for (let c = tokens.starts[first]!, end = tokens.ends[last]!; c < end; c++) {
    if (isUpper(text.charCodeAt(c))) return true;
  }
  return false;
}

function hasJoiner(tokens: Tokens, first: number, last: number): boolean {
  for (let t = first + 1; t < last; t++) if (tokens.kinds[t] === TokenKind.Joiner) return true;
  return false;
}

function accepts(
  compiled: CompiledEntry,
  tokens: Tokens,
  skip: Uint8Array | undefined,
  first: number,
  last: number,
  present: (id: number) => boolean,
): boolean {
  if (compiled.lowercase && hasCapital(tokens, first, last)) return false;
  if (compiled.spaced && hasJoiner(tokens, first, last)) return false;
  if (compiled.prev && !before(compiled.prev, tokens, skip, first)) return false;
  if (compiled.notPrev && before(compiled.notPrev, tokens, skip, first)) return false;
  if (compiled.next && !after(compiled.next, tokens, skip, last)) return false;
  if (compiled.notNext && after(compiled.notNext, tokens, skip, last)) return false;
  if (compiled.requires && !compiled.requires.some(present)) return false;
  if (compiled.unless && compiled.unless.some(present)) return false;
  return true;
}
