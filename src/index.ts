/**
 * The unspin library API.
 *
 *   import { check, restore } from 'unspin';
 *   const result = check(pageText);          // contract v1: verdict, findings, restored
 *   const clean = restore(pageText);          // the restored article text
 *
 * `createChecker` compiles the lexicons and loads the model once, for callers
 * that check many documents.
 */
import { extract, type Article } from './extract/index.js';
import { compileDefaultLexicons, compileLexicons, loadDefaultLexicons, loadLexiconFile, type CompiledLexicon, type Lexicon } from './lexicon/index.js';
import { loadDefaultModel, type LanguageModel } from './model/index.js';
import { loadTermModel, tagModel, withTerms } from './model/terms/index.js';
import { detectArticle } from './detect/index.js';
import { applySuggestions, chooseRestorations, type PairJudge } from './restore/index.js';
import { StatisticalModel } from './model/index.js';
import { avoidedPair } from './model/grammar.js';
import type { CheckResult, Range } from './types.js';
import { checkerOptions, checkInput, checkOptions, type CancelSignal } from './arguments.js';
import { UnspinError } from './errors.js';

export type { CheckResult, Finding, Verdict, Range } from './types.js';
export type { Article } from './extract/index.js';
export type { Lexicon, LexiconEntry } from './lexicon/index.js';
export { SPUN_THRESHOLD } from './detect/verdict.js';
export { UnspinError } from './errors.js';
export type { ErrorCode } from './errors.js';
export type { CancelSignal } from './arguments.js';
/** The edits `restore` makes (each finding's suggestion, and an "a"/"an" before it): for editors and linters that apply fixes. */
export { planReplacements, type Replacement } from './restore/index.js';

export interface CheckerOptions {
  /** Extra lexicons (file paths or objects), used beside the shipped ones. */
  lexicons?: ReadonlyArray<string | Lexicon>;
  /** Use the shipped lexicons (default true). */
  defaultLexicons?: boolean;
  /** Use the statistical model when it is available (default true). */
  model?: boolean;
  /** Score from which a document is judged spun. */
  threshold?: number;
}

/**
 * What to check: plain text (HTML and JATS XML are detected), text with ranges
 * to leave out (a PDF's references, as `readDocument` gives them), HTML to
 * extract the article from, or the bytes of a file (a Buffer or Uint8Array,
 * decoded as the CLI decodes a text file: strict UTF-8, a byte-order mark
 * dropped, binary refused).
 */
export type CheckInput = string | { text: string; excluded?: Range[] } | { html: string; url?: string } | Uint8Array;

export interface CheckOptions {
  /** Name reported as `input` (default `<text>`). */
  name?: string;
  /** How to read a string input: detect (default), or force text / HTML. */
  kind?: 'auto' | 'text' | 'html';
  /** The page's address, for HTML. */
  url?: string;
  /**
   * Stops the check between stages (extraction, tokens, detection,
   * restoration) once `signal.aborted` is true: it then throws `UnspinError`
   * with code `cancelled`. An AbortSignal, or any object whose `aborted` can
   * turn true while the check runs (the server's threads read shared memory).
   */
  signal?: CancelSignal;
}

export interface Checker {
  check(input: CheckInput, options?: CheckOptions): CheckResult;
  /** The restored article text. */
  restore(input: CheckInput, options?: CheckOptions): string;
  readonly lexicon: CompiledLexicon;
  readonly model: LanguageModel | null;
}

/**
 * The shipped lexicons alone come precompiled from the build (see
 * lexicon/cache.ts); with user lists all are compiled together, so that a
 * user's entry for a phrase replaces the shipped one.
 */
function compileCheckerLexicons(options: CheckerOptions): CompiledLexicon {
  const extra = (options.lexicons ?? []).map((item) => (typeof item === 'string' ? loadLexiconFile(item) : item));
  if (options.defaultLexicons === false) return compileLexicons(extra);
  if (extra.length === 0) return compileDefaultLexicons();
  return compileLexicons([...loadDefaultLexicons(), ...extra]);
}

/** The term restorer (science terms no list holds) before the context model, when both are shipped. */
function combineModels(terms: LanguageModel | null, context: LanguageModel | null): LanguageModel | null {
  if (terms) return withTerms(terms, context);
  return context ? tagModel(context, 'context') : null;
}

/**
 * The article `check` analyses for an input: the one place where inputs
 * become text and excluded ranges. Validates its arguments as `check` does.
 */
export function articleOf(given: CheckInput, givenOptions?: CheckOptions): Article {
  const options = checkOptions(givenOptions) as CheckOptions;
  return toArticle(checkInput(given, options.name ?? '<text>'), options);
}

function toArticle(input: Exclude<CheckInput, Uint8Array>, options: CheckOptions): Article {
  if (typeof input === 'string') return extract(input, { kind: options.kind ?? 'auto', url: options.url });
  if ('html' in input) return extract(input.html, { kind: 'html', url: input.url ?? options.url });
  const article = extract(input.text, { kind: 'text' });
  if (input.excluded && input.excluded.length > 0) article.excluded = mergeRanges([...article.excluded, ...input.excluded]);
  return article;
}

/** Sorted, disjoint ranges: what detection's skip mask expects. */
function mergeRanges(ranges: Range[]): Range[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** Throws `cancelled` when the caller's signal says stop (checked between stages). */
function stopIfCancelled(signal: CancelSignal | undefined, name: string): void {
  if (signal?.aborted) throw new UnspinError('cancelled', `${name}: check cancelled`);
}

/**
 * Compiles the lexicons and loads the model once. Throws `UnspinError`
 * (`usage` for options of the wrong kind or a threshold outside [0, 1],
 * `lexicon-invalid` for a list that cannot be read).
 */
export function createChecker(given: CheckerOptions = {}): Checker {
  const options = checkerOptions(given);
  const lexicon = compileCheckerLexicons(options);
  const context = options.model === false ? null : loadDefaultModel();
  const model = options.model === false ? null : combineModels(loadTermModel(), context);
  // Restoration checks a suggestion against its slot with the context model's counts (lists alone: no check).
  const fitsNot: PairJudge | null = context instanceof StatisticalModel ? (left, right) => avoidedPair(context.data, left, right) : null;

  const check = (given: CheckInput, givenOptions?: CheckOptions): CheckResult => {
    const checkOpts = checkOptions(givenOptions) as CheckOptions;
    const name = checkOpts.name ?? '<text>';
    const input = checkInput(given, name);
    const signal = checkOpts.signal;
    stopIfCancelled(signal, name);
    const article = toArticle(input, checkOpts);
    stopIfCancelled(signal, name);
    const detection = detectArticle(article, { lexicon, model, threshold: options.threshold });
    stopIfCancelled(signal, name);
    const { verdict } = detection;
    const findings = chooseRestorations(article.text, detection.findings, fitsNot);
    const raw = typeof input === 'string' ? input : 'html' in input ? input.html : input.text;
    const result: CheckResult = { input: name, verdict, findings, restored: applySuggestions(article.text, findings) };
    if (article.text !== raw) result.text = article.text;
    return result;
  };

  return {
    check,
    restore: (input, checkOptions) => check(input, checkOptions).restored,
    lexicon,
    model,
  };
}

let defaultChecker: Checker | undefined;

function shared(): Checker {
  defaultChecker ??= createChecker();
  return defaultChecker;
}

/**
 * Judges one input with the shipped lexicons and model. Throws `UnspinError`
 * for a misuse (`usage`: not a string, Buffer, {text} or {html}; options not
 * an object) and for input the CLI would refuse (`input-empty`, and for bytes
 * `input-encoding` / `input-binary`).
 */
export function check(input: CheckInput, options?: CheckOptions): CheckResult {
  return shared().check(input, options);
}

/** The restored text of one input. */
export function restore(input: CheckInput, options?: CheckOptions): string {
  return shared().restore(input, options);
}
