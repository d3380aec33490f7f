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

export type { CheckResult, Finding, Verdict, Range } from './types.js';
export type { Article } from './extract/index.js';
export type { Lexicon, LexiconEntry } from './lexicon/index.js';
export { SPUN_THRESHOLD } from './detect/verdict.js';
export { UnspinError } from './errors.js';
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
 * to leave out (a PDF's references, as `readDocument` gives them), or HTML to
 * extract the article from.
 */
export type CheckInput = string | { text: string; excluded?: Range[] } | { html: string; url?: string };

export interface CheckOptions {
  /** Name reported as `input` (default `<text>`). */
  name?: string;
  /** How to read a string input: detect (default), or force text / HTML. */
  kind?: 'auto' | 'text' | 'html';
  /** The page's address, for HTML. */
  url?: string;
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

/** The article `check` analyses for an input: the one place where inputs become text and excluded ranges. */
export function articleOf(input: CheckInput, options: CheckOptions = {}): Article {
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

export function createChecker(options: CheckerOptions = {}): Checker {
  const lexicon = compileCheckerLexicons(options);
  const context = options.model === false ? null : loadDefaultModel();
  const model = options.model === false ? null : combineModels(loadTermModel(), context);
  // Restoration checks a suggestion against its slot with the context model's counts (lists alone: no check).
  const fitsNot: PairJudge | null = context instanceof StatisticalModel ? (left, right) => avoidedPair(context.data, left, right) : null;

  const check = (input: CheckInput, checkOptions: CheckOptions = {}): CheckResult => {
    const article = articleOf(input, checkOptions);
    const detection = detectArticle(article, { lexicon, model, threshold: options.threshold });
    const { verdict } = detection;
    const findings = chooseRestorations(article.text, detection.findings, fitsNot);
    const raw = typeof input === 'string' ? input : 'html' in input ? input.html : input.text;
    const result: CheckResult = { input: checkOptions.name ?? '<text>', verdict, findings, restored: applySuggestions(article.text, findings) };
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

/** Judges one input with the shipped lexicons and model. */
export function check(input: CheckInput, options?: CheckOptions): CheckResult {
  return shared().check(input, options);
}

/** The restored text of one input. */
export function restore(input: CheckInput, options?: CheckOptions): string {
  return shared().restore(input, options);
}
