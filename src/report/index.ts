/**
 * Reports for `check` results. OWNER: report/restore helper.
 */
import type { CheckResult } from '../types.js';

export type ReportFormat = 'text' | 'json' | 'jsonl' | 'html' | 'sarif';

/** A result together with the analysed text its offsets index into. */
export interface ReportItem {
  result: CheckResult;
  text: string;
}

export interface TextReportOptions {
  color: boolean;
}

export function formatText(items: readonly ReportItem[], options: TextReportOptions): string {
  void items; void options;
  throw new Error('report: not implemented yet');
}

/** One JSON document (contract v1) for one input. */
export function formatJson(item: ReportItem): string {
  void item;
  throw new Error('report: not implemented yet');
}

/** One line of JSONL (contract v1, no trailing newline). */
export function formatJsonLine(item: ReportItem): string {
  void item;
  throw new Error('report: not implemented yet');
}

/** One standalone HTML file for all inputs. */
export function formatHtml(items: readonly ReportItem[]): string {
  void items;
  throw new Error('report: not implemented yet');
}

/** SARIF 2.1.0 log for all inputs. */
export function formatSarif(items: readonly ReportItem[]): string {
  void items;
  throw new Error('report: not implemented yet');
}
