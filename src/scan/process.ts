/**
 * One document → one result row: the unit of work of `unspin scan`, run on
 * a thread of the pool here and on a queue worker in the distributed mode.
 * Pure apart from the (optional) index lookup: the same document and checker
 * give the same row wherever it runs.
 *
 * The cascade (issue 11): every document gets the lexicon pass and a cheap
 * screen; the statistical model runs only on documents the screen cannot
 * clear (see screen.ts for what clears a document and why).
 */
import { detect, detectArticle } from '../detect/index.js';
import { sectionRanges } from '../detect/sections.js';
import { articleOf } from '../index.js';
import { extract, type Article } from '../extract/index.js';
import type { CompiledLexicon } from '../lexicon/index.js';
import type { LanguageModel } from '../model/index.js';
import { tokenize } from '../text/tokenize.js';
import type { ReferenceIndex, TraceMatch } from '../trace/index.js';
import type { Finding } from '../types.js';
import { describeError, UnspinError } from '../errors.js';
import type { RawDocument } from './readers.js';
import { screenClears } from './screen.js';

/** What the scan needs of a checker: its compiled lexicon and model (`createChecker` gives both). */
export interface ScanChecker {
  readonly lexicon: CompiledLexicon;
  readonly model: LanguageModel | null;
}

export type ModelMode = 'cascade' | 'all' | 'off';

export interface ScanOptions {
  /** `cascade` (default): the model only where the screen cannot clear; `all`: on every document; `off`: lexicons only. */
  model?: ModelMode;
  threshold?: number;
  /** Findings listed in the row (default 5, the most confident first). */
  top?: number;
  /** Reference index: the row names the best source match. */
  index?: ReferenceIndex | null;
}

export interface ScanFinding {
  actual: string;
  expected: string[];
  confidence: number;
  rule: string;
  start: number;
  end: number;
}

/** One JSONL row of `unspin scan` (fields may be added, never renamed or removed). */
export interface ScanRow {
  id: string;
  url?: string;
  /** The input it came from, as named; `origin` is the line or record within it. */
  input: string;
  origin: string;
  verdict: { spun: boolean; score: number };
  /** Only for a document judged in sections (a long one): how many, and how many of them were judged spun. */
  sections?: { count: number; spun: number };
  findings: number;
  top: ScanFinding[];
  /** Words analysed. */
  words: number;
  /** Which stage decided: `screen` (cleared without the model), `model`, or `lexicon` (model off). */
  stage: 'screen' | 'model' | 'lexicon';
  /** The best match in the reference index (with `--index`), or null when none qualifies. */
  source?: { id: string; score: number; url?: string; title?: string } | null;
  bytes: number;
}

export interface ScanErrorRow {
  id: string;
  url?: string;
  input: string;
  origin: string;
  error: { code: string; message: string };
  bytes: number;
}

export type ScanResult = ScanRow | ScanErrorRow;

export function isErrorRow(row: ScanResult): row is ScanErrorRow {
  return 'error' in row;
}

/** The article a raw document holds: HTML through Readability, text as it stands. */
export function documentArticle(doc: RawDocument): Article {
  if (doc.html !== undefined) return extract(doc.html, { kind: 'html', url: doc.url });
  return articleOf({ text: doc.text ?? '', excluded: doc.excluded });
}

function topFindings(findings: readonly Finding[], n: number): ScanFinding[] {
  return [...findings]
    .sort((a, b) => b.confidence - a.confidence || a.start - b.start)
    .slice(0, n)
    .map((f) => ({ actual: f.actual, expected: f.expected, confidence: f.confidence, rule: f.rule, start: f.start, end: f.end }));
}

/** A row's `source` from the best trace match. */
export function sourceOf(best: TraceMatch): NonNullable<ScanRow['source']> {
  return { id: best.id, score: Math.round(best.score * 1000) / 1000, ...(best.url ? { url: best.url } : {}), ...(best.title ? { title: best.title } : {}) };
}

/** Judges one document; a document that cannot be judged gives an error row, never an exception. */
export function scanDocument(doc: RawDocument, checker: ScanChecker, options: ScanOptions = {}): ScanResult {
  const base = { id: doc.id, ...(doc.url !== undefined ? { url: doc.url } : {}), input: doc.input, origin: doc.origin };
  try {
    const article = documentArticle(doc);
    if (article.text.trim() === '') throw new UnspinError('input-empty', `${doc.origin}: no article text`);
    const tokens = tokenize(article.text);
    const mode = checker.model ? (options.model ?? 'cascade') : 'off';
    const threshold = options.threshold;
    // A long document (several articles run together, a whole site in one record) is judged in sections exactly
    // as `check` judges it (src/detect/sections.ts), so the two commands give one verdict; the screen still reads
    // it whole, and one section the lists judge spun sends all of it to the model.
    const sectioned = sectionRanges(article.text, article.excluded).length > 1;
    const judge = (model: ScanChecker['model']) =>
      sectioned ? detectArticle(article, { lexicon: checker.lexicon, model, threshold }) : detect(article, tokens, { lexicon: checker.lexicon, model, threshold });
    let stage: ScanRow['stage'] = mode === 'off' ? 'lexicon' : 'model';
    let detection = mode === 'all' ? null : judge(null);
    if (mode === 'cascade' && detection && screenClears(detection, tokens) && !detection.verdict.sections?.spun) stage = 'screen';
    else if (mode !== 'off') detection = judge(checker.model);
    const result = detection!;
    const row: ScanRow = {
      ...base,
      verdict: { spun: result.verdict.spun, score: result.verdict.score },
      ...(result.verdict.sections ? { sections: { count: result.verdict.sections.count, spun: result.verdict.sections.spun } } : {}),
      findings: result.findings.length,
      top: topFindings(result.findings, options.top ?? 5),
      words: result.words,
      stage,
      bytes: doc.bytes,
    };
    if (options.index) {
      const [best] = options.index.search(article.text, { limit: 1, excluded: article.excluded });
      row.source = best ? sourceOf(best) : null;
    }
    return row;
  } catch (error) {
    const code = error instanceof UnspinError ? error.code : 'internal';
    const message = describeError(error);
    return { ...base, error: { code, message: message.startsWith(doc.origin) ? message : `${doc.origin}: ${message}` }, bytes: doc.bytes };
  }
}
