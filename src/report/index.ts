/**
 * Reports for `check` results: `text` (linter style, for terminals), `json`
 * and `jsonl` (contract v1), `html` (one standalone page) and `sarif` (for
 * code-scanning tools). Each format lives in its own module; this one holds
 * the shared types and the entry points.
 */
import type { Substitution } from '../trace/substitutions.js';
import type { CheckResult } from '../types.js';
import { toContract } from './json.js';

export type ReportFormat = 'text' | 'json' | 'jsonl' | 'html' | 'sarif';

/** A result together with the analysed text its offsets index into. */
export interface ReportItem {
  result: CheckResult;
  text: string;
  /** The text's matched sources, when it was traced (the web page sends what /api/trace answered). */
  sources?: ReportSource[];
}

/** A matched source as /api/trace answers it: passages with offsets in both texts, the source's words and the substitutions. */
export interface ReportSource {
  id: string;
  title?: string;
  url?: string;
  score: number;
  coverage: number;
  passages: Array<{ query: [number, number]; source: [number, number]; sourceText?: string; substitutions?: Substitution[] }>;
}

export interface TextReportOptions {
  /** ANSI colours; the CLI turns them on for a terminal unless NO_COLOR is set. */
  color: boolean;
  /** An input judged not spun on one line (name and summary): for runs over many inputs. */
  compact?: boolean;
}

export { formatText, formatRunSummary, summaryText, type RunCounts } from './text.js';
export { formatHtml, escapeHtml, renderMarkedText, renderHighlightedText, renderDiffHtml, renderRestoredText, renderVerdict,
  renderFindingsTable, renderResultSection, renderRestoredEdits, renderEvidence, renderSummary, renderSources, renderSourcePassage,
  restoredFileName, LEGEND_HTML, REPORT_CSS, REPORT_SCRIPT, REPORT_SCRIPT_HASH, REPORT_CSP,
  type MarkupSpan, type HighlightOptions } from './html.js';
export { summarizeFindings, evidenceLines, bandOf, ruleClass, type PhraseGroup, type Band, type EvidenceLine } from './summary.js';
export { formatSarif, SARIF_SCHEMA, type SarifOptions } from './sarif.js';
export { createLocator, codePointsBetween, type Position, type Locator } from './position.js';
export { toContract } from './json.js';

/** One JSON document (contract v1) for one input, indented by two spaces. */
export function formatJson(item: ReportItem): string {
  return escapeLineSeparators(JSON.stringify(toContract(item.result), null, 2));
}

/** One line of JSONL (contract v1, no trailing newline). */
export function formatJsonLine(item: ReportItem): string {
  return escapeLineSeparators(JSON.stringify(toContract(item.result)));
}

/**
 * JSON allows U+2028/U+2029 raw inside strings, but some line-oriented readers
 * split on them; escaped, a JSONL record is one line by any definition.
 */
function escapeLineSeparators(json: string): string {
  return json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
