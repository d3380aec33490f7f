/**
 * The linter-style text report: per input, a header with its name, one line
 * per finding, then a summary.
 *
 *   examples/spun-news-article.txt
 *      5:86   navy ties → military ties  (lexicon/news, 0.95)
 *     13:104  Chilly Warfare → cold war   (lexicon/news, 0.95)
 *     spun (score 0.97): 143 tortured phrases in 1,050 words
 *     evidence: lexicon 0.95 (Chilly Warfare, navy ties, …), model 0.02 (…)
 *
 * Positions are line:column, 1-based, with columns counted in code points (an
 * emoji is one column), as editors show them.
 */
import type { Finding } from '../types.js';
import type { ReportItem, TextReportOptions } from './index.js';
import { countWords, decimal2, evidenceText, groupThousands, oneLine, plural, sectionsText } from './display.js';
import { createLocator } from './position.js';

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
} as const;

/** Longer cells than this are not padded to: one odd phrase should not push every line right. */
const MAX_PAD = 48;

export function formatText(items: readonly ReportItem[], options: TextReportOptions): string {
  return items.map((item) => (options.compact && !item.result.verdict.spun ? formatLine(item, options.color) : formatBlock(item, options.color))).join('\n');
}

type Paint = (codes: string, text: string) => string;

function painter(color: boolean): Paint {
  return (codes, text) => (color && codes !== '' && text !== '' ? `${codes}${text}${ANSI.reset}` : text);
}

/** "page.html  not spun (score 0.04): 1 tortured phrase in 612 words": a clean input in a long run. */
function formatLine(item: ReportItem, color: boolean): string {
  const paint = painter(color);
  return `${paint(ANSI.bold, oneLine(item.result.input))}  ${summary(item, paint)}\n`;
}

/** How a run over several inputs went, counted by the command. */
export interface RunCounts {
  inputs: number;
  spun: number;
  errors: number;
}

/** "12 inputs: 3 spun, 8 not spun, 1 error", the closing line of a run over several inputs. */
export function formatRunSummary(counts: RunCounts, options: TextReportOptions): string {
  const paint = painter(options.color);
  const clean = counts.inputs - counts.spun - counts.errors;
  const parts = [
    paint(counts.spun > 0 ? ANSI.bold + ANSI.red : '', `${groupThousands(counts.spun)} spun`),
    `${groupThousands(clean)} not spun`,
    paint(counts.errors > 0 ? ANSI.bold + ANSI.red : '', plural(counts.errors, 'error')),
  ];
  return `${plural(counts.inputs, 'input')}: ${parts.join(', ')}\n`;
}

function formatBlock(item: ReportItem, color: boolean): string {
  const paint = painter(color);
  const { result, text } = item;
  const locate = createLocator(text);
  const findings = [...result.findings].sort((x, y) => x.start - y.start || x.end - y.end);

  const rows = findings.map((finding) => {
    const { line, column } = locate(finding.start);
    return { where: `${line}:${column}`, finding };
  });
  const whereWidth = Math.max(0, ...rows.map((row) => row.where.length));
  const changeWidth = Math.min(MAX_PAD, Math.max(0, ...rows.map((row) => length(plainChange(row.finding)))));

  const lines = [paint(ANSI.bold + ANSI.underline, oneLine(result.input))];
  for (const { where, finding } of rows) {
    const change = plainChange(finding);
    const pad = ' '.repeat(Math.max(0, changeWidth - length(change)));
    lines.push(
      `  ${paint(ANSI.dim, where.padEnd(whereWidth))}  ${paintChange(finding, paint)}${pad}  ${paint(ANSI.dim, `(${origin(finding)}, ${decimal2(finding.confidence)})`)}`,
    );
  }
  lines.push(`  ${summary(item, paint)}`);
  const evidence = evidenceText(item.result.verdict);
  if (evidence) lines.push(`  ${paint(ANSI.dim, evidence)}`);
  const sections = sectionsText(item.result.verdict);
  if (sections) lines.push(`  ${paint(ANSI.dim, sections)}`);
  return lines.join('\n') + '\n';
}

function plainChange(finding: Finding): string {
  return `${oneLine(finding.actual)} → ${suggestions(finding)}`;
}

function paintChange(finding: Finding, paint: (codes: string, text: string) => string): string {
  const expected = finding.expected.length > 0 ? paint(ANSI.green, suggestions(finding)) : paint(ANSI.dim, suggestions(finding));
  return `${paint(ANSI.yellow, oneLine(finding.actual))} → ${expected}`;
}

function suggestions(finding: Finding): string {
  return finding.expected.length > 0 ? finding.expected.map(oneLine).join(', ') : '(no suggestion)';
}

/** `rule` or `rule/source`: which detector, and which list it read. */
export function origin(finding: Finding): string {
  return finding.source ? `${finding.rule}/${finding.source}` : finding.rule;
}

/** "spun (score 0.97): 143 tortured phrases in 1,050 words". */
export function summaryText(item: ReportItem): string {
  const { verdict, findings } = item.result;
  const head = `${verdict.spun ? 'spun' : 'not spun'} (score ${decimal2(verdict.score)})`;
  const count = plural(findings.length, 'tortured phrase');
  return findings.length === 0 ? `${head}: ${count}` : `${head}: ${count} in ${plural(countWords(item.text), 'word')}`;
}

function summary(item: ReportItem, paint: Paint): string {
  const line = summaryText(item);
  const colon = line.indexOf(':');
  const head = line.slice(0, colon);
  return paint(ANSI.bold + (item.result.verdict.spun ? ANSI.red : ANSI.green), head) + line.slice(colon);
}

/** Display length in code points. */
function length(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
