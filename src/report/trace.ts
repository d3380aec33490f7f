/**
 * Reports for `trace` results: text, JSON and one standalone HTML page that
 * shows each copy beside its source, aligned passages outlined and every
 * substitution marked on both sides (the copy's words carry the source's
 * wording in a tooltip). The HTML reuses the check report's stylesheet,
 * escaping and script, so that both reports look and behave alike.
 */
import type { AlignedSegment } from '../trace/align.js';
import type { TraceMatch } from '../trace/index.js';
import { escapeHtml, REPORT_CSP, REPORT_CSS, REPORT_SCRIPT } from './html.js';
import { listSubstitutions, type Substitution } from '../trace/substitutions.js';
import { oneLine } from './display.js';
import { createLocator } from './position.js';

export type { Substitution };

/** The JSON shape of one input's trace (other tools consume it: add fields, never rename). */
export interface TraceResult {
  input: string;
  /** The analysed text, when it differs from the raw input (HTML, URL). */
  text?: string;
  matches: TraceMatchJson[];
}

export interface TraceMatchJson {
  id: string;
  title?: string;
  url?: string;
  score: number;
  coverage: number;
  /** `substitutions`: the runs of words the copy wrote differently (added field; empty when the passage is verbatim). */
  passages: Array<{ query: [number, number]; source: [number, number]; substitutions: Substitution[] }>;
}

/** A traced input with what the reports need beyond the JSON: the analysed text and the sources' texts. */
export interface TraceItem {
  input: string;
  /** The analysed text the query offsets index into. */
  text: string;
  /** Whether `text` differs from the raw input (then JSON carries it). */
  extracted: boolean;
  /** Matches found with `details` (segments and source text). */
  matches: TraceMatch[];
}

export function toTraceResult(item: TraceItem): TraceResult {
  const result: TraceResult = { input: item.input, matches: [] };
  if (item.extracted) result.text = item.text;
  // Keys in the documented order: id, title, url, score, coverage, passages.
  result.matches = item.matches.map((m) => ({
    id: m.id,
    ...(m.title !== undefined ? { title: m.title } : {}),
    ...(m.url !== undefined ? { url: m.url } : {}),
    score: m.score,
    coverage: m.coverage,
    passages: m.passages.map((p) => ({ query: p.query, source: p.source, substitutions: listSubstitutions(p.segments, item.text, m.sourceText) })),
  }));
  return result;
}

export function formatTraceJson(item: TraceItem): string {
  return JSON.stringify(toTraceResult(item), null, 2);
}

export function formatTraceJsonLine(item: TraceItem): string {
  return JSON.stringify(toTraceResult(item));
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** Linter-style lines: each source with its score and coverage, then each passage as line:col ranges. */
export function formatTraceText(items: readonly TraceItem[], options: { color: boolean }): string {
  const bold = (s: string) => (options.color ? `\u001b[1m${s}\u001b[0m` : s);
  const dim = (s: string) => (options.color ? `\u001b[2m${s}\u001b[0m` : s);
  const out: string[] = [];
  for (const item of items) {
    const locate = createLocator(item.text);
    const where = (offset: number) => {
      const p = locate(offset);
      return `${p.line}:${p.column}`;
    };
    out.push(bold(item.input));
    if (item.matches.length === 0) {
      out.push(`  no source found in the index`);
    }
    for (const m of item.matches) {
      const label = [m.title, m.url].filter(Boolean).join('  ');
      out.push(`  ${bold(m.id)}  score ${m.score.toFixed(2)}  coverage ${percent(m.coverage)}${label ? `  ${dim(label)}` : ''}`);
      for (const p of m.passages) {
        const changed = p.segments?.filter((s) => s.kind === 'changed').length;
        const sourceLocate = m.sourceText !== undefined ? createLocator(m.sourceText) : undefined;
        const sourceAt = sourceLocate ? `${sourceLocate(p.source[0]).line}:${sourceLocate(p.source[0]).column}-${sourceLocate(p.source[1]).line}:${sourceLocate(p.source[1]).column}` : `${p.source[0]}-${p.source[1]}`;
        out.push(`    ${where(p.query[0])}-${where(p.query[1])}  ↔  source ${sourceAt}${changed !== undefined ? dim(`  (${changed} substitution${changed === 1 ? '' : 's'})`) : ''}`);
        // Each substitution on its own line, as `check` lists findings: where, the copy's words → the source's.
        const subs = listSubstitutions(p.segments, item.text, m.sourceText);
        const width = Math.max(0, ...subs.map((x) => where(x.query[0]).length));
        for (const x of subs) {
          const actual = x.actual === '' ? dim('(nothing)') : oneLine(x.actual);
          const expected = x.expected === undefined ? dim('?') : x.expected === '' ? dim('(nothing)') : bold(oneLine(x.expected));
          out.push(`      ${where(x.query[0]).padEnd(width)}  ${actual} → ${expected}`);
        }
      }
    }
    const found = item.matches.length;
    out.push(dim(`  ${found === 0 ? 'no match' : `${found} source${found === 1 ? '' : 's'}`}`), '');
  }
  return out.join('\n');
}

interface Span {
  start: number;
  end: number;
  open: string;
  close: string;
}

/** `text` escaped, with non-overlapping spans (sorted) wrapped; spans may contain sorted inner spans. */
function renderSpans(text: string, outer: ReadonlyArray<Span & { inner: Span[] }>): string {
  const out: string[] = [];
  let position = 0;
  for (const span of outer) {
    if (span.start < position || span.end > text.length || span.start >= span.end) continue;
    out.push(escapeHtml(text.slice(position, span.start)), span.open);
    let at = span.start;
    for (const inner of span.inner) {
      if (inner.start < at || inner.end > span.end || inner.start >= inner.end) continue;
      out.push(escapeHtml(text.slice(at, inner.start)), inner.open, escapeHtml(text.slice(inner.start, inner.end)), inner.close);
      at = inner.end;
    }
    out.push(escapeHtml(text.slice(at, span.end)), span.close);
    position = span.end;
  }
  out.push(escapeHtml(text.slice(position)));
  return out.join('');
}

const TRACE_CSS = `
.t-passage{background:color-mix(in srgb,var(--u-ins-bg) 45%,transparent);border-radius:3px;box-shadow:0 0 0 1px color-mix(in srgb,var(--u-ins-line) 35%,transparent)}
.t-orig{background:var(--u-del-bg);color:var(--u-del-fg);border-radius:2px;padding:0 .08em}
.t-match{margin:0 0 1.5rem}
.t-match h3{margin:.25rem 0 .75rem;font-size:1rem}
.t-none{color:var(--u-muted)}
`.trim();

function segmentSpans(segments: readonly AlignedSegment[] | undefined, side: 'query' | 'source', sourceText: string, queryText: string): Span[] {
  const spans: Span[] = [];
  for (const s of segments ?? []) {
    if (s.kind !== 'changed') continue;
    const [start, end] = s[side];
    if (end <= start) continue;
    if (side === 'query') {
      const original = sourceText.slice(s.source[0], s.source[1]);
      const tip = `<span class="u-tip" role="tooltip"><span class="u-tip-label">source has</span><span class="u-tip-best">${escapeHtml(original || '(nothing)')}</span></span>`;
      // tabindex -1: `renderMatch` puts the copy's first mark in the tab order, the arrow keys reach the others.
      spans.push({ start, end, open: `<mark class="u-find" tabindex="-1" aria-expanded="false" data-expected="${escapeHtml(original)}">`, close: `${tip}</mark>` });
    } else {
      const copy = queryText.slice(s.query[0], s.query[1]);
      spans.push({ start, end, open: `<span class="t-orig" title="${escapeHtml(`copy has: ${copy || '(nothing)'}`)}">`, close: '</span>' });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

function renderMatch(item: TraceItem, match: TraceMatch, k: number, n: number): string {
  const source = match.sourceText ?? '';
  const queryPassages = match.passages
    .map((p, i) => ({ start: p.query[0], end: p.query[1], open: `<span class="t-passage" title="passage ${i + 1}">`, close: '</span>', inner: segmentSpans(p.segments, 'query', source, item.text) }))
    .sort((a, b) => a.start - b.start);
  const sourcePassages = match.passages
    .map((p, i) => ({ start: p.source[0], end: p.source[1], open: `<span class="t-passage" title="passage ${i + 1}">`, close: '</span>', inner: segmentSpans(p.segments, 'source', source, item.text) }))
    .sort((a, b) => a.start - b.start);
  const substitutions = match.passages.reduce((sum, p) => sum + (p.segments?.filter((s) => s.kind === 'changed').length ?? 0), 0);
  // Only web addresses become links: a "javascript:" URL in someone's JSONL must stay text.
  const name = match.url && /^https?:\/\//i.test(match.url) ? `<a href="${escapeHtml(match.url)}" rel="noreferrer noopener">${escapeHtml(match.id)}</a>` : escapeHtml(match.id);
  return (
    `<section class="t-match" id="m${n}-${k}"><h3>Source ${k + 1}: ${name}${match.title ? ` <span class="u-muted">${escapeHtml(match.title)}</span>` : ''}</h3>` +
    `<p class="u-counts">score ${match.score.toFixed(2)} · coverage ${percent(match.coverage)} of the copy's words · ${match.passages.length} passage${match.passages.length === 1 ? '' : 's'} · ${substitutions} substitution${substitutions === 1 ? '' : 's'}</p>` +
    // The copy's marks are one tab stop (a roving tabindex, driven by the report script).
    `<div class="u-columns"><div class="u-pane"><h3>Copy</h3><div class="u-text">${renderSpans(item.text, queryPassages).replace('tabindex="-1"', 'tabindex="0"')}</div></div>` +
    `<div class="u-pane"><h3>Source</h3><div class="u-text">${renderSpans(source, sourcePassages)}</div></div></div></section>`
  );
}

/** One standalone HTML file: each input's copy beside each of its sources. */
export function formatTraceHtml(items: readonly TraceItem[]): string {
  const traced = items.filter((i) => i.matches.length > 0).length;
  const title = items.length === 1 ? `unspin trace: ${items[0]!.input}` : 'unspin trace report';
  const sections = items
    .map((item, n) => {
      const body = item.matches.length === 0 ? `<p class="t-none">No source found in the index.</p>` : item.matches.map((m, k) => renderMatch(item, m, k, n)).join('\n');
      return `<section class="u-result"><div class="u-result-head"><h2 class="u-input">${escapeHtml(item.input)}</h2></div>\n${body}\n</section>`;
    })
    .join('\n');
  const legend =
    `<aside class="u-legend" aria-label="Legend"><ul>` +
    `<li><span class="t-passage">outlined text</span> a passage found in both texts, in the same order</li>` +
    `<li><mark class="u-find u-sample">marked words</mark> in the copy differ from the source: hover, tap or Tab to them to see the source's wording</li>` +
    `<li><span class="t-orig">red words</span> in the source are what the copy replaced</li></ul></aside>`;
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="unspin">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>\n${REPORT_CSS}\n${TRACE_CSS}\n</style>\n</head>\n<body>\n` +
    `<div class="u-page">\n<header class="u-page-head"><h1>unspin trace</h1><p>${items.length} input${items.length === 1 ? '' : 's'}, ${traced} traced to a source</p></header>\n` +
    `${legend}\n<main>\n${sections}\n</main>\n` +
    `<footer class="u-page-foot"><p>Made by unspin. A match shows shared passages and their differences: read them before drawing conclusions.</p></footer>\n` +
    `</div>\n<script>${REPORT_SCRIPT}</script>\n</body>\n</html>\n`
  );
}
