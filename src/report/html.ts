/**
 * The HTML report: one standalone file (inline CSS, a few lines of inline JS,
 * no external resources, works offline and prints). Per input: the verdict,
 * the article with every finding highlighted, and the restored text beside it.
 *
 * The pieces are exported for the web page and the trace report: `escapeHtml`,
 * `renderMarkedText` (any spans over a text), `renderHighlightedText` (findings
 * with their suggestions in a tooltip shown on hover and on keyboard focus),
 * `renderDiffHtml` (a word diff with the changed words marked), `renderVerdict`,
 * and the stylesheet `REPORT_CSS` with the script `REPORT_SCRIPT`.
 *
 * Everything that comes from the input (text, names, suggestions) goes through
 * `escapeHtml`; as a second line of defence the page carries a Content
 * Security Policy that runs no script but its own.
 */
import { createHash } from 'node:crypto';
import { planFindingEdits, selectFindings, wordDiff, type DiffPart } from '../restore/index.js';
import type { CheckResult, Finding } from '../types.js';
import { countWords, decimal2, groupThousands, plural, sectionsText } from './display.js';
import type { ReportItem, ReportSource } from './index.js';
import { createLocator } from './position.js';
import { BANDS, bandOf, evidenceLines, groupKey, ruleClass, summarizeFindings } from './summary.js';
import { origin } from './text.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text → HTML text or attribute value. Control characters that HTML does not
 * allow (NUL and the like) become U+FFFD, as a parser would make them anyway.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (ch) => ESCAPES[ch]!)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, '\ufffd');
}

/** A span to wrap in markup; `open` and `close` are HTML the caller built (and escaped). */
export interface MarkupSpan {
  start: number;
  end: number;
  open: string;
  close: string;
}

/**
 * `text` escaped, with each span wrapped in its markup. Spans must be sorted
 * and must not overlap; one that does is left unwrapped.
 */
export function renderMarkedText(text: string, spans: readonly MarkupSpan[]): string {
  const out: string[] = [];
  let position = 0;
  for (const span of spans) {
    if (span.start < position || span.end > text.length || span.start >= span.end) continue;
    out.push(escapeHtml(text.slice(position, span.start)), span.open, escapeHtml(text.slice(span.start, span.end)), span.close);
    position = span.end;
  }
  out.push(escapeHtml(text.slice(position)));
  return out.join('');
}

export interface HighlightOptions {
  /** Prefix for element ids, unique per document section (default `u`). */
  idPrefix?: string;
}

/**
 * The article with each finding in a `<mark>` coloured by its rule and
 * confidence: the likely original shows in a tooltip on hover, on keyboard
 * focus, and (with `REPORT_SCRIPT`) when the mark is clicked, tapped or
 * activated with Enter; Escape hides it. The marks are one tab stop (a
 * roving tabindex: the first mark is in the tab order, the arrow keys move
 * between marks). Screen readers get the suggestion from the mark's label.
 * Overlapping findings: the earlier (then the longer) one is shown.
 */
export function renderHighlightedText(text: string, findings: readonly Finding[], options: HighlightOptions = {}): string {
  const prefix = options.idPrefix ?? 'u';
  const groups = new Map(summarizeFindings(findings).map((group, index) => [group.key, `${prefix}-g${index + 1}`]));
  const spans = selectFindings(text, findings).map((finding, index): MarkupSpan => {
    const id = `${prefix}-f${index + 1}`;
    const actual = text.slice(finding.start, finding.end);
    const [best, ...others] = finding.expected;
    const band = bandOf(finding.confidence);
    const label = best !== undefined ? `${actual}: likely original “${best}”` : `${actual}: looks spun`;
    const tip = [
      best !== undefined
        ? `<span class="u-tip-label">likely original</span> <strong class="u-tip-best">${escapeHtml(best)}</strong>`
        : '<span class="u-tip-label">looks spun; no suggestion</span>',
      others.length > 0 ? `<span class="u-tip-alt">also: ${escapeHtml(others.join(', '))}</span>` : '',
      `<span class="u-tip-meta">${escapeHtml(origin(finding))} · confidence ${decimal2(finding.confidence)}</span>`,
    ].join('');
    return {
      start: finding.start,
      end: finding.end,
      open:
        `<mark class="u-find ${ruleClass(finding.rule)} u-c-${band}" id="${id}" tabindex="${index === 0 ? 0 : -1}" role="button" aria-expanded="false"` +
        ` aria-label="${escapeHtml(label)}" aria-describedby="${id}-tip" data-rule="${escapeHtml(finding.rule)}" data-band="${band}"` +
        ` data-g="${groups.get(groupKey(finding))}" data-expected="${escapeHtml(best ?? '?')}">`,
      close: `<span class="u-tip" role="tooltip" id="${id}-tip">${tip}</span></mark>`,
    };
  });
  return renderMarkedText(text, spans);
}

/** The id each shown finding's mark gets (`renderHighlightedText`), by finding. */
function markIds(text: string, findings: readonly Finding[], prefix: string): Map<Finding, string> {
  return new Map(selectFindings(text, findings).map((finding, index) => [finding, `${prefix}-f${index + 1}`]));
}

/**
 * The restored text, each finding's change in an `<ins>` that knows both
 * wordings (`data-now`, `data-was`) and its finding's mark (`data-f`), so
 * that ignoring a finding puts the copy's words back in place.
 */
export function renderRestoredEdits(text: string, findings: readonly Finding[], options: HighlightOptions = {}): string {
  const ids = markIds(text, findings, options.idPrefix ?? 'u');
  const spans = planFindingEdits(text, findings).map((edit): MarkupSpan & { written: string } => {
    const id = ids.get(edit.finding);
    return {
      start: edit.start,
      end: edit.end,
      written: edit.text,
      open:
        `<ins class="u-fix" title="${escapeHtml(`was: ${squash(edit.actual)}`)}"${id ? ` data-f="${id}"` : ''}` +
        ` data-now="${escapeHtml(edit.text)}" data-was="${escapeHtml(edit.actual)}">`,
      close: '</ins>',
    };
  });
  const out: string[] = [];
  let position = 0;
  for (const span of spans) {
    out.push(escapeHtml(text.slice(position, span.start)), span.open, escapeHtml(span.written), span.close);
    position = span.end;
  }
  out.push(escapeHtml(text.slice(position)));
  return out.join('');
}

/**
 * A word diff as HTML. `show` picks the side: `after` renders the new text
 * with the added words in `<ins>` (titled with what they replaced) and a
 * thin bar where words were only removed, `before` the old text with the
 * removed words in `<del>`, `both` all of it inline. The bar is drawn by
 * CSS, so the element's text stays exactly the side it shows.
 */
export function renderDiffHtml(parts: readonly DiffPart[], show: 'after' | 'before' | 'both' = 'after'): string {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const previous = parts[i - 1];
    const next = parts[i + 1];
    if (part.kind === 'same') out.push(escapeHtml(part.text));
    else if (part.kind === 'added' && show !== 'before') {
      const title = previous?.kind === 'removed' ? ` title="${escapeHtml(`was: ${squash(previous.text)}`)}"` : '';
      out.push(`<ins class="u-fix"${title}>${escapeHtml(part.text)}</ins>`);
    } else if (part.kind === 'removed' && show === 'after' && next?.kind !== 'added') {
      const label = escapeHtml(`removed: ${squash(part.text)}`);
      out.push(`<span class="u-gone" role="img" aria-label="${label}" title="${label}"></span>`);
    } else if (part.kind === 'removed' && show !== 'after') {
      out.push(`<del class="u-cut">${escapeHtml(part.text)}</del>`);
    }
  }
  return out.join('');
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The restored text with the words restoration changed marked. */
export function renderRestoredText(text: string, restored: string): string {
  return renderDiffHtml(wordDiff(text, restored), 'after');
}

/** The verdict badge, score bar and counts for one result. */
export function renderVerdict(result: CheckResult, text: string): string {
  const { spun, score } = result.verdict;
  const clamped = Math.max(0, Math.min(1, Number.isFinite(score) ? score : 0));
  const count = result.findings.length;
  const counts = count === 0 ? 'no tortured phrases' : `${plural(count, 'tortured phrase')} in ${plural(countWords(text), 'word')}`;
  return (
    `<div class="u-verdict ${spun ? 'u-is-spun' : 'u-is-clean'}">` +
    `<span class="u-badge">${spun ? 'Spun' : 'Not spun'}</span>` +
    `<span class="u-score">score <strong>${decimal2(score)}</strong></span>` +
    `<span class="u-scorebar" role="img" aria-label="score ${decimal2(score)} of 1"><span style="width:${(clamped * 100).toFixed(1)}%"></span></span>` +
    `<span class="u-counts">${escapeHtml(counts)}</span>` +
    (sectionsText(result.verdict) ? `<span class="u-sections u-muted">${escapeHtml(sectionsText(result.verdict))}</span>` : '') +
    `</div>`
  );
}

/** Why the verdict is what it is: each signal's share of the score, its findings and the words that drove it. */
export function renderEvidence(result: CheckResult): string {
  const lines = evidenceLines(result.verdict);
  if (lines.length === 0) return '';
  const items = lines.map((line) => {
    const words = line.words.length > 0 ? ` <span class="u-ev-words">${line.words.map((w) => `“${escapeHtml(w)}”`).join(', ')}</span>` : '';
    return (
      `<li><span class="u-ev-label">${escapeHtml(line.label)}</span> ` +
      `<span class="u-scorebar u-ev-bar" role="img" aria-label="weight ${decimal2(line.weight)}"><span style="width:${(line.weight * 100).toFixed(1)}%"></span></span> ` +
      `<span class="u-counts">weight ${decimal2(line.weight)} · ${plural(line.findings, 'finding')}</span>${words}</li>`
    );
  });
  return `<div class="u-evidence"><h3>Why this verdict</h3><ul>${items.join('')}</ul></div>`;
}

/**
 * The distinct phrases with their counts, filterable by rule and confidence
 * band, each with a switch that accepts or ignores all its occurrences.
 */
export function renderSummary(text: string, findings: readonly Finding[], options: HighlightOptions = {}): string {
  if (findings.length === 0) return '';
  const prefix = options.idPrefix ?? 'u';
  const ids = markIds(text, findings, prefix);
  const withEdit = new Set(planFindingEdits(text, findings).map((edit) => edit.finding));
  const groups = summarizeFindings(findings);
  const rules = new Map<string, number>();
  const bands = new Map<string, number>();
  for (const finding of findings) {
    rules.set(finding.rule, (rules.get(finding.rule) ?? 0) + 1);
    const band = bandOf(finding.confidence);
    bands.set(band, (bands.get(band) ?? 0) + 1);
  }
  const ruleBoxes = [...rules].sort((x, y) => y[1] - x[1]).map(([rule, n]) =>
    `<label><input type="checkbox" class="u-filter" data-kind="rule" value="${escapeHtml(rule)}" checked> ` +
    `<span class="u-swatch ${ruleClass(rule)} u-c-high" aria-hidden="true"></span>${escapeHtml(rule)} <span class="u-muted">(${groupThousands(n)})</span></label>`);
  const bandBoxes = BANDS.filter(({ band }) => bands.has(band)).map(({ band, label }) =>
    `<label><input type="checkbox" class="u-filter" data-kind="band" value="${band}" checked> ` +
    `<span class="u-swatch u-r-lexicon u-c-${band}" aria-hidden="true"></span>${label} <span class="u-muted">(${groupThousands(bands.get(band)!)})</span></label>`);
  const rows = groups.map((group, index) => {
    const members = group.findings.map((f) => (withEdit.has(f) ? ids.get(f) : undefined)).filter((id): id is string => id !== undefined);
    const what = `${group.actual}${group.expected !== undefined ? ` → ${group.expected}` : ''}`;
    const accept = members.length > 0
      ? `<input type="checkbox" class="u-accept-g" checked data-fs="${members.join(' ')}" aria-label="${escapeHtml(`Accept ${what} (${plural(group.count, 'time')})`)}">`
      : '<span class="u-muted" title="no suggestion to apply">–</span>';
    // Past the first rows, one click away: a long list would put a hundred checkboxes between the keyboard and the text.
    return (
      `<tr${index >= SUMMARY_ROWS ? ' class="u-more"' : ''} data-g="${prefix}-g${index + 1}" data-rule="${escapeHtml(group.rule)}" data-band="${group.band}">` +
      `<td><mark class="u-find u-sample ${ruleClass(group.rule)} u-c-${group.band}">${escapeHtml(group.actual)}</mark></td>` +
      `<td>${group.expected !== undefined ? escapeHtml(group.expected) : '<span class="u-muted">none</span>'}</td>` +
      `<td class="u-num">${groupThousands(group.count)}</td>` +
      `<td>${escapeHtml(group.source ? `${group.rule}/${group.source}` : group.rule)}</td>` +
      `<td class="u-num">${decimal2(group.confidence)}</td><td class="u-accept-cell">${accept}</td></tr>`
    );
  });
  return (
    `<section class="u-summary" aria-labelledby="${prefix}-summary">` +
    `<h3 id="${prefix}-summary">Findings summary</h3>` +
    `<p class="u-counts">${plural(groups.length, 'distinct phrase')}, ${plural(findings.length, 'finding')}. ` +
    `Untick a phrase to ignore it: the restored text follows.</p>` +
    `<div class="u-filters"><fieldset><legend>Rule</legend>${ruleBoxes.join('')}</fieldset>` +
    `<fieldset><legend>Confidence</legend>${bandBoxes.join('')}</fieldset></div>` +
    `<div class="u-table-wrap"><table class="u-phrases${groups.length > SUMMARY_ROWS ? ' u-capped' : ''}"><thead><tr><th scope="col">Phrase</th><th scope="col">Likely original</th>` +
    `<th scope="col">Count</th><th scope="col">Rule</th><th scope="col">Confidence</th><th scope="col">Accept</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>` +
    (groups.length > SUMMARY_ROWS ? `<button type="button" class="u-more-toggle" aria-expanded="false" data-less="Show the first ${SUMMARY_ROWS} only">Show all ${plural(groups.length, 'phrase')}</button>` : '') +
    `</section>`
  );
}

/** Phrases the summary shows before "Show all". */
export const SUMMARY_ROWS = 10;

/** A copy passage beside its source passage, the substituted words marked on both sides. */
export function renderSourcePassage(text: string, passage: ReportSource['passages'][number]): string {
  const [qs, qe] = passage.query;
  const [ss] = passage.source;
  const subs = (passage.substitutions ?? []).filter((x) => x.query[0] >= qs && x.query[1] <= qe);
  const copy = renderMarkedText(text.slice(qs, qe), subs.map((x) => ({
    start: x.query[0] - qs,
    end: x.query[1] - qs,
    open: `<mark class="t-sub" title="${escapeHtml(`source has: ${x.expected || '(nothing)'}`)}">`,
    close: '</mark>',
  })));
  const source = passage.sourceText === undefined
    ? `<span class="u-muted">characters ${passage.source[0]}–${passage.source[1]} of the source</span>`
    : renderMarkedText(passage.sourceText, subs
      .filter((x) => x.source[1] > x.source[0])
      .map((x) => ({
        start: x.source[0] - ss,
        end: x.source[1] - ss,
        open: `<span class="t-orig" title="${escapeHtml(`copy has: ${x.actual || '(nothing)'}`)}">`,
        close: '</span>',
      }))
      .sort((a, b) => a.start - b.start));
  return (
    `<div class="t-pair"><div class="t-side"><p class="t-label">Copy</p><div class="u-text">${copy}</div></div>` +
    `<div class="t-side"><p class="t-label">Source</p><div class="u-text">${source}</div></div></div>`
  );
}

/** The matched sources of a traced text: each source's passages beside the copy's, substitutions marked. */
export function renderSources(text: string, sources: readonly ReportSource[] | undefined, options: HighlightOptions = {}): string {
  if (sources === undefined) return '';
  const prefix = options.idPrefix ?? 'u';
  if (sources.length === 0) {
    return `<section class="u-sources" aria-labelledby="${prefix}-sources"><h3 id="${prefix}-sources">Matched sources</h3><p class="u-muted">No source in the reference index matches this text.</p></section>`;
  }
  const items = sources.map((match) => {
    const name = escapeHtml(match.title || match.id);
    const link = match.url && /^https?:\/\//i.test(match.url)
      ? `<a href="${escapeHtml(match.url)}" rel="noreferrer noopener">${escapeHtml(match.url)}</a>`
      : match.url ? escapeHtml(match.url) : '';
    const substitutions = match.passages.reduce((sum, p) => sum + (p.substitutions?.length ?? 0), 0);
    return (
      `<li class="t-match"><h4>${name}</h4>` +
      `<p class="u-counts">score ${decimal2(match.score)} · ${Math.round(match.coverage * 100)}% of this text aligned · ` +
      `${plural(match.passages.length, 'passage')} · ${plural(substitutions, 'substitution')} · id ${escapeHtml(match.id)}</p>` +
      (link ? `<p class="u-counts">${link}</p>` : '') +
      match.passages.map((passage) => renderSourcePassage(text, passage)).join('') +
      `</li>`
    );
  });
  return `<section class="u-sources" aria-labelledby="${prefix}-sources"><h3 id="${prefix}-sources">Matched sources</h3><ol>${items.join('')}</ol></section>`;
}

/** A table of all findings, each row linking to its mark. */
export function renderFindingsTable(text: string, findings: readonly Finding[], options: HighlightOptions = {}): string {
  if (findings.length === 0) return '';
  const prefix = options.idPrefix ?? 'u';
  const locate = createLocator(text);
  const shown = markIds(text, findings, prefix);
  const withEdit = new Set(planFindingEdits(text, findings).map((edit) => edit.finding));
  const rows = [...findings]
    .sort((x, y) => x.start - y.start || x.end - y.end)
    .map((finding) => {
      const { line, column } = locate(finding.start);
      const id = shown.get(finding);
      const where = `${line}:${column}`;
      return (
        `<tr><td class="u-num">${id ? `<a href="#${id}">${where}</a>` : where}</td>` +
        `<td>${escapeHtml(finding.actual)}</td>` +
        `<td>${finding.expected.length > 0 ? escapeHtml(finding.expected.join(', ')) : '<span class="u-muted">none</span>'}</td>` +
        `<td>${escapeHtml(origin(finding))}</td>` +
        `<td class="u-num">${decimal2(finding.confidence)}</td>` +
        `<td class="u-accept-cell">${id && withEdit.has(finding) ? `<input type="checkbox" class="u-accept" checked data-f="${id}" aria-label="${escapeHtml(`Accept ${finding.actual} → ${finding.expected[0]} at ${where}`)}">` : ''}</td></tr>`
      );
    });
  return (
    `<details class="u-findings"><summary>All ${plural(findings.length, 'finding')}</summary>` +
    `<div class="u-table-wrap"><table><thead><tr><th scope="col">Line:col</th><th scope="col">Found</th>` +
    `<th scope="col">Likely original</th><th scope="col">Rule</th><th scope="col">Confidence</th><th scope="col">Accept</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></details>`
  );
}

/** A file name for the restored text of an input ("article.restored.txt"), safe on any file system. */
export function restoredFileName(input: string): string {
  // "<text>", "<html>", "-": no name was given.
  if (/^<\w+>$|^-$/.test(input)) return 'article.restored.txt';
  const base = input.split(/[\\/]/).pop()!.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80);
  return `${base || 'article'}.restored.txt`;
}

/**
 * One input: name, verdict and its evidence, the findings summary, the
 * marked article beside the restored text (restored first on a phone), the
 * matched sources when the text was traced, and the table of all findings.
 */
export function renderResultSection(item: ReportItem, index: number): string {
  const { result, text } = item;
  const prefix = `u${index + 1}`;
  return (
    `<section class="u-result" aria-labelledby="${prefix}-title">` +
    `<header class="u-result-head"><h2 class="u-input" id="${prefix}-title">${escapeHtml(result.input)}</h2>${renderVerdict(result, text)}</header>` +
    renderEvidence(result) +
    renderSummary(text, result.findings, { idPrefix: prefix }) +
    `<div class="u-columns">` +
    `<section class="u-pane u-pane-found" aria-labelledby="${prefix}-found"><div class="u-pane-head"><h3 id="${prefix}-found">As found</h3></div>` +
    `<div class="u-text" aria-describedby="${prefix}-keys">${renderHighlightedText(text, result.findings, { idPrefix: prefix })}</div>` +
    `<p class="u-muted u-keys" id="${prefix}-keys">Tab reaches the first marked phrase; the arrow keys move between phrases, Enter pins a suggestion.</p></section>` +
    `<section class="u-pane u-pane-restored" aria-labelledby="${prefix}-restored"><div class="u-pane-head"><h3 id="${prefix}-restored">Restored</h3>` +
    `<span class="u-actions"><button type="button" class="u-copy" data-for="${prefix}-restored-text">Copy</button>` +
    `<button type="button" class="u-save" data-for="${prefix}-restored-text" data-name="${escapeHtml(restoredFileName(result.input))}">Download .txt</button>` +
    `<span class="u-note" role="status" aria-live="polite"></span></span></div>` +
    `<div class="u-text" id="${prefix}-restored-text">${renderRestoredEdits(text, result.findings, { idPrefix: prefix })}</div></section>` +
    `</div>` +
    renderSources(text, item.sources, { idPrefix: prefix }) +
    renderFindingsTable(text, result.findings, { idPrefix: prefix }) +
    `</section>`
  );
}

export const LEGEND_HTML =
  `<aside class="u-legend" aria-label="Legend"><ul>` +
  `<li><span class="u-legend-title">Marked phrases</span> look spun: hover, tap or reach them with Tab (then the arrow keys) to see the likely original. ` +
  `Colour tells the rule: <mark class="u-find u-sample u-r-lexicon u-c-high">tortured-phrase lists</mark> ` +
  `<mark class="u-find u-sample u-r-spintax u-c-high">spinner template</mark> ` +
  `<mark class="u-find u-sample u-r-model u-c-high">statistical model</mark></li>` +
  `<li><span class="u-legend-title">Confidence</span> ` +
  `<mark class="u-find u-sample u-r-lexicon u-c-high">high: solid</mark> ` +
  `<mark class="u-find u-sample u-r-lexicon u-c-mid">medium: dashed</mark> ` +
  `<mark class="u-find u-sample u-r-lexicon u-c-low">low: dotted, pale</mark> ` +
  `<mark class="u-find u-sample u-r-lexicon u-c-high u-ignored">ignored by you</mark></li>` +
  `<li><ins class="u-fix">restored wording</ins> what restoration wrote in its place; ignore a phrase in the summary and the copy's words come back</li>` +
  `<li><span class="u-badge u-sample-spun">Spun</span> the score (0 clean, 1 spun) weighs how dense and varied the evidence is; one odd phrase does not make an article spun</li>` +
  `</ul></aside>`;

export const REPORT_CSS = `
:root{color-scheme:light dark;--u-bg:#f7f7f4;--u-card:#fff;--u-fg:#1c1c1e;--u-muted:#55555e;--u-border:#d8d8dc;
--u-mark-bg:#ffe39a;--u-mark-fg:#1c1c1e;--u-mark-line:#a04d00;--u-ins-bg:#cdeed6;--u-ins-fg:#0f3d1f;--u-ins-line:#1a7a3c;
--u-del-bg:#fbd9d6;--u-del-fg:#5c120c;--u-spun:#a4190f;--u-spun-bg:#fde7e5;--u-clean:#17663a;--u-clean-bg:#e1f3e7;
--u-tip-bg:#1c1c1e;--u-tip-fg:#fff;--u-focus:#1f5fd6;--u-bar:#e6e6ea;
--u-spx-bg:#ead7ff;--u-spx-line:#6b21a8;--u-mod-bg:#cfe2ff;--u-mod-line:#1d4ed8;--u-oth-bg:#e4e4e7;--u-oth-line:#52525b}
@media (prefers-color-scheme:dark){:root{--u-bg:#161618;--u-card:#1f1f22;--u-fg:#ececef;--u-muted:#a9a9b3;--u-border:#3a3a40;
--u-mark-bg:#5b4300;--u-mark-fg:#fff6dc;--u-mark-line:#ffb951;--u-ins-bg:#173d25;--u-ins-fg:#d9f7e3;--u-ins-line:#5fd28a;
--u-del-bg:#4a1b17;--u-del-fg:#ffe0dc;--u-spun:#ff8a7f;--u-spun-bg:#3d1713;--u-clean:#7fdca3;--u-clean-bg:#12301f;
--u-tip-bg:#f2f2f4;--u-tip-fg:#1c1c1e;--u-focus:#8ab4ff;--u-bar:#3a3a40;
--u-spx-bg:#47236b;--u-spx-line:#d4a5ff;--u-mod-bg:#1c3566;--u-mod-line:#8ab4ff;--u-oth-bg:#3a3a40;--u-oth-line:#c4c4cc}}
*{box-sizing:border-box}
body{margin:0;background:var(--u-bg);color:var(--u-fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.u-page{max-width:92rem;margin:0 auto;padding:1.5rem clamp(.75rem,3vw,2rem) 3rem}
.u-page-head h1{margin:0;font-size:1.5rem;letter-spacing:-.01em}
.u-page-head p{margin:.25rem 0 0;color:var(--u-muted)}
.u-legend{margin:1rem 0 1.5rem;padding:.75rem 1rem;background:var(--u-card);border:1px solid var(--u-border);border-radius:8px;font-size:.9rem}
.u-legend ul{margin:0;padding:0;list-style:none;display:grid;gap:.4rem}
.u-result{background:var(--u-card);border:1px solid var(--u-border);border-radius:10px;padding:1.25rem clamp(.75rem,2.5vw,1.75rem);margin:0 0 1.5rem}
.u-result-head{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;margin-bottom:1rem}
.u-input{margin:0;font-size:1.1rem;font-weight:600;overflow-wrap:anywhere}
.u-verdict{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem .75rem;font-size:.95rem}
.u-badge{display:inline-block;padding:.1rem .6rem;border-radius:999px;font-weight:700;font-size:.85rem;letter-spacing:.02em;text-transform:uppercase;border:1px solid currentColor}
.u-is-spun .u-badge,.u-sample-spun{color:var(--u-spun);background:var(--u-spun-bg)}
.u-is-clean .u-badge{color:var(--u-clean);background:var(--u-clean-bg)}
.u-scorebar{display:inline-block;width:7rem;height:.5rem;border-radius:999px;background:var(--u-bar);overflow:hidden;vertical-align:middle}
.u-scorebar>span{display:block;height:100%;background:var(--u-clean)}
.u-is-spun .u-scorebar>span{background:var(--u-spun)}
.u-counts,.u-muted{color:var(--u-muted)}
.u-columns{display:grid;grid-template-columns:minmax(0,1fr);gap:1.25rem}
@media (min-width:60rem){.u-columns{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
.u-pane h3{margin:0 0 .5rem;font-size:.8rem;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:var(--u-muted)}
.u-text{white-space:pre-wrap;overflow-wrap:break-word;font-family:Charter,"Bitstream Charter","Iowan Old Style",Georgia,Cambria,"Times New Roman",serif;font-size:1.0625rem;line-height:1.65;max-width:72ch}
mark.u-find{--m-bg:var(--u-mark-bg);--m-line:var(--u-mark-line);position:relative;background:var(--m-bg);color:var(--u-mark-fg);border-bottom:2px solid var(--m-line);border-radius:2px;padding:0 .08em;cursor:help}
mark.u-r-spintax{--m-bg:var(--u-spx-bg);--m-line:var(--u-spx-line)}
mark.u-r-model{--m-bg:var(--u-mod-bg);--m-line:var(--u-mod-line)}
mark.u-r-other{--m-bg:var(--u-oth-bg);--m-line:var(--u-oth-line)}
mark.u-find.u-c-mid{background:color-mix(in srgb,var(--m-bg) 60%,transparent);border-bottom-style:dashed}
mark.u-find.u-c-low{background:color-mix(in srgb,var(--m-bg) 30%,transparent);border-bottom-style:dotted}
mark.u-find.u-dim{background:none;border-bottom:1px dotted var(--u-border);color:inherit}
mark.u-find.u-ignored{background:none;border-bottom:2px solid var(--u-border);color:inherit;text-decoration:line-through;text-decoration-color:var(--u-muted)}
.u-swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em;border-radius:2px;background:var(--m-bg);border-bottom:2px solid var(--m-line)}
.u-swatch.u-r-lexicon,.u-swatch:not([class*=u-r-]){--m-bg:var(--u-mark-bg);--m-line:var(--u-mark-line)}
.u-swatch.u-r-spintax{--m-bg:var(--u-spx-bg);--m-line:var(--u-spx-line)}.u-swatch.u-r-model{--m-bg:var(--u-mod-bg);--m-line:var(--u-mod-line)}
.u-swatch.u-r-other{--m-bg:var(--u-oth-bg);--m-line:var(--u-oth-line)}
.u-swatch.u-c-mid{background:color-mix(in srgb,var(--m-bg) 60%,transparent);border-bottom-style:dashed}
.u-swatch.u-c-low{background:color-mix(in srgb,var(--m-bg) 30%,transparent);border-bottom-style:dotted}
.u-legend-title{font-weight:600;margin-right:.25rem}
mark.u-find:focus{outline:none}
mark.u-find:focus-visible{outline:3px solid var(--u-focus);outline-offset:2px}
.u-tip{display:none;position:absolute;left:0;bottom:calc(100% + 8px);z-index:20;width:max-content;max-width:min(22rem,80vw);padding:.5rem .65rem;border-radius:6px;
background:var(--u-tip-bg);color:var(--u-tip-fg);box-shadow:0 6px 20px rgba(0,0,0,.25);white-space:normal;text-align:left;
font:400 .875rem/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.u-tip::after{content:"";position:absolute;left:0;right:0;top:100%;height:10px}
.u-tip>span{display:block}
.u-tip-label{font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;opacity:.8}
.u-tip-best{font-size:1rem}
.u-tip-alt,.u-tip-meta{opacity:.85;font-size:.8rem}
mark.u-find:hover>.u-tip,mark.u-find:focus-visible>.u-tip,mark.u-find.u-open>.u-tip{display:block}
mark.u-find.u-hush>.u-tip{display:none}
mark.u-sample{cursor:default}
ins.u-fix.u-kept{background:none;border-bottom:1px dashed var(--u-border);color:inherit}
.u-evidence{margin:0 0 1rem;font-size:.9rem}
.u-evidence h3,.u-summary h3,.u-sources h3{margin:0 0 .4rem;font-size:.8rem;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:var(--u-muted)}
.u-evidence ul{margin:0;padding:0;list-style:none;display:grid;gap:.25rem}
.u-ev-label{font-weight:600}.u-ev-bar{width:5rem}.u-ev-words{color:var(--u-muted);overflow-wrap:anywhere}
.u-summary{margin:0 0 1.25rem;font-size:.9rem}
.u-summary .u-counts{margin:0 0 .5rem}
.u-filters{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:0 0 .5rem}
.u-filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.15rem .9rem;align-items:center}
.u-filters legend{float:left;font-weight:600;margin-right:.6rem;padding:0}
.u-filters label{display:inline-flex;align-items:center;gap:.25rem;min-height:2rem;cursor:pointer}
.u-phrases{border-collapse:collapse;width:100%}
.u-phrases th,.u-phrases td{text-align:left;padding:.25rem .6rem;border-bottom:1px solid var(--u-border);vertical-align:top}
.u-phrases th{font-weight:600;color:var(--u-muted)}
.u-summary .u-table-wrap{max-height:32rem;overflow:auto}
.u-capped tr.u-more{display:none}
@media (max-width:40rem){.u-phrases th:nth-child(4),.u-phrases td:nth-child(4),.u-phrases th:nth-child(5),.u-phrases td:nth-child(5){display:none}}
.u-summary button.u-more-toggle{font:inherit;font-size:.85rem;min-height:2rem;margin-top:.4rem;padding:.15rem .7rem;border-radius:6px;border:1px solid var(--u-border);background:var(--u-card);color:var(--u-fg);cursor:pointer}
.u-more-toggle:focus-visible{outline:3px solid var(--u-focus);outline-offset:2px}
.u-accept-cell input{width:1.15rem;height:1.15rem;margin:0}
.u-pane-head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25rem .75rem;min-height:2.25rem;margin-bottom:.5rem}
.u-pane-head h3{margin:0}
.u-actions{display:inline-flex;flex-wrap:wrap;align-items:center;gap:.4rem}
.u-actions button{font:inherit;font-size:.85rem;min-height:2rem;padding:.15rem .7rem;border-radius:6px;border:1px solid var(--u-border);background:var(--u-card);color:var(--u-fg);cursor:pointer}
.u-actions button:focus-visible,.u-filters input:focus-visible,.u-accept-cell input:focus-visible{outline:3px solid var(--u-focus);outline-offset:2px}
.u-note{font-size:.85rem;color:var(--u-muted)}
.u-keys{font-size:.8rem;margin:.5rem 0 0}
.u-sources{margin-top:1.25rem}
.u-sources ol{padding-left:1.25rem}
.u-sources h4{margin:.5rem 0 .15rem;font-size:1rem;overflow-wrap:anywhere}
.u-sources .u-counts{margin:0 0 .25rem;font-size:.9rem;overflow-wrap:anywhere}
.t-pair{display:grid;grid-template-columns:minmax(0,1fr);gap:.5rem;margin:.5rem 0 .75rem}
@media (min-width:52rem){.t-pair{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
.t-side{padding:.5rem .75rem;border-left:3px solid var(--u-border);background:var(--u-bg)}
.t-label{margin:0 0 .2rem;font-size:.75rem;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:var(--u-muted)}
.t-side .u-text{font-size:1rem}
mark.t-sub{background:var(--u-mark-bg);color:var(--u-mark-fg);border-bottom:2px solid var(--u-mark-line);border-radius:2px;padding:0 .08em}
.t-orig{background:var(--u-del-bg);color:var(--u-del-fg);border-radius:2px;padding:0 .08em}
@media (max-width:59.99rem){.u-pane-restored{order:-1}}
ins.u-fix{text-decoration:none;background:var(--u-ins-bg);color:var(--u-ins-fg);border-bottom:2px solid var(--u-ins-line);border-radius:2px;padding:0 .08em}
del.u-cut{background:var(--u-del-bg);color:var(--u-del-fg)}
.u-gone{display:inline-block;width:0;height:1.15em;margin:0 -1px;border-left:3px solid var(--u-ins-line);vertical-align:text-bottom}
@media (max-width:40rem){.u-tip{position:fixed;left:.75rem;right:.75rem;bottom:.75rem;width:auto;max-width:none}.u-tip::after{display:none}}
.u-findings{margin-top:1.25rem;font-size:.9rem}
.u-findings summary{cursor:pointer;font-weight:600}
.u-findings summary:focus-visible{outline:3px solid var(--u-focus);outline-offset:2px}
.u-table-wrap{overflow-x:auto}
.u-findings table{border-collapse:collapse;margin-top:.5rem;width:100%}
.u-findings th,.u-findings td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid var(--u-border);vertical-align:top}
.u-findings th{font-weight:600;color:var(--u-muted)}
.u-num{font-variant-numeric:tabular-nums;white-space:nowrap}
a{color:var(--u-focus)}
.u-page-foot{color:var(--u-muted);font-size:.85rem}
@media print{:root{--u-bg:#fff;--u-card:#fff;--u-fg:#000;--u-muted:#444}
body{font-size:11pt}.u-page{max-width:none;padding:0}.u-legend,.u-result{border:none;padding:0}
.u-result{break-before:page}.u-result:first-of-type{break-before:auto}
.u-columns{display:block}.u-pane{margin-bottom:1rem}.u-text{max-width:none}
.u-capped tr.u-more{display:table-row}.u-more-toggle,.u-tip,.u-findings summary,.u-actions,.u-filters,.u-accept-cell,.u-keys{display:none!important}
mark.u-find,ins.u-fix,.u-badge,.u-scorebar>span{-webkit-print-color-adjust:exact;print-color-adjust:exact}
mark.u-find:not(.u-sample)::after{content:" [→ " attr(data-expected) "]";font-size:.85em;color:#444}}
`.trim();

/**
 * The report's behaviour, for every section of it:
 * - clicking, tapping, Enter or Space pins a tooltip open (touch screens have
 *   no hover); Escape hides the tooltips until the pointer or focus moves on;
 * - the marks of a text are one tab stop: the arrow keys (and Home, End)
 *   move between them, skipping those filtered out (a roving tabindex);
 * - the summary's filters dim the marks and hide the rows of the rules and
 *   confidence bands left unticked;
 * - unticking a finding (or a phrase, for all its occurrences) puts the
 *   copy's words back in the restored text, which Copy and Download take
 *   as it then reads.
 */
export const REPORT_SCRIPT = `(()=>{
const find=t=>t instanceof Element?t.closest('mark.u-find'):null;
const roving=m=>m&&m.hasAttribute('tabindex')&&m.closest('.u-text');
const set=(m,open)=>{m.classList.toggle('u-open',open);m.setAttribute('aria-expanded',String(open));};
const toggle=m=>set(m,!m.classList.contains('u-open'));
const marksOf=m=>[...m.closest('.u-text').querySelectorAll('mark.u-find[tabindex]')];
const scope=el=>el.closest('.u-result')||document;
const note=(el,text)=>{const n=scope(el).querySelector('.u-note');if(n)n.textContent=text;};
const accept=(id,on)=>{const m=document.getElementById(id);if(m)m.classList.toggle('u-ignored',!on);
for(const x of document.querySelectorAll('ins.u-fix[data-f="'+id+'"]')){x.textContent=on?x.dataset.now:x.dataset.was;x.classList.toggle('u-kept',!on);}
for(const c of document.querySelectorAll('input.u-accept[data-f="'+id+'"]'))c.checked=on;};
const sync=s=>{for(const g of s.querySelectorAll('input.u-accept-g')){const ids=g.dataset.fs.split(' ');
const on=ids.filter(id=>{const m=document.getElementById(id);return m&&!m.classList.contains('u-ignored');}).length;
g.checked=on===ids.length;g.indeterminate=on>0&&on<ids.length;}
const all=s.querySelectorAll('ins.u-fix[data-f]').length,off=s.querySelectorAll('ins.u-fix.u-kept').length;
note(s.querySelector('.u-note')||document.body,off===0?'':(all-off)+' of '+all+' suggestions applied');};
const filter=s=>{const on=k=>new Set([...s.querySelectorAll('input.u-filter[data-kind="'+k+'"]:checked')].map(i=>i.value));
const r=on('rule'),b=on('band'),keep=el=>r.has(el.dataset.rule)&&b.has(el.dataset.band);
for(const row of s.querySelectorAll('tr[data-rule]'))row.hidden=!keep(row);
for(const m of s.querySelectorAll('.u-text mark.u-find[data-rule]'))m.classList.toggle('u-dim',!keep(m));};
document.addEventListener('click',e=>{const m=find(e.target);if(roving(m)){toggle(m);return;}
const more=e.target instanceof Element?e.target.closest('button.u-more-toggle'):null;
if(more){const t=scope(more).querySelector('table.u-phrases'),open=t.classList.toggle('u-capped');more.setAttribute('aria-expanded',String(!open));
const label=more.dataset.less;more.dataset.less=more.textContent;more.textContent=label;return;}
const b=e.target instanceof Element?e.target.closest('button[data-for]'):null;if(!b)return;
const el=document.getElementById(b.dataset.for);if(!el)return;const text=el.textContent;
if(b.classList.contains('u-copy')){const fallback=()=>{const r=document.createRange();r.selectNodeContents(el);const sel=getSelection();sel.removeAllRanges();sel.addRange(r);
const ok=document.execCommand('copy');note(b,ok?'Copied.':'Selected: copy it with your keyboard.');};
if(navigator.clipboard)navigator.clipboard.writeText(text).then(()=>note(b,'Copied.'),fallback);else fallback();}
else{const a=document.createElement('a');a.href=URL.createObjectURL(new Blob([text],{type:'text/plain;charset=utf-8'}));a.download=b.dataset.name||'restored.txt';
document.body.append(a);a.click();a.remove();setTimeout(()=>URL.revokeObjectURL(a.href),10000);note(b,'Downloaded.');}});
document.addEventListener('change',e=>{const t=e.target;if(!(t instanceof HTMLInputElement))return;const s=scope(t);
if(t.matches('input.u-filter'))filter(s);
else if(t.matches('input.u-accept-g')){for(const id of t.dataset.fs.split(' '))accept(id,t.checked);sync(s);}
else if(t.matches('input.u-accept')){accept(t.dataset.f,t.checked);sync(s);}});
document.addEventListener('focusin',e=>{const m=find(e.target);if(!roving(m))return;for(const o of marksOf(m))o.tabIndex=o===m?0:-1;});
document.addEventListener('keydown',e=>{const m=find(e.target);
if(e.key==='Escape'){document.querySelectorAll('mark.u-find.u-open').forEach(o=>set(o,false));if(m)m.classList.add('u-hush');return;}
if(!roving(m))return;
if(e.key==='Enter'||e.key===' '){e.preventDefault();toggle(m);return;}
const all=marksOf(m).filter(o=>o===m||!o.classList.contains('u-dim')),i=all.indexOf(m);let n;
if(e.key==='ArrowRight'||e.key==='ArrowDown')n=all[i+1];else if(e.key==='ArrowLeft'||e.key==='ArrowUp')n=all[i-1];
else if(e.key==='Home')n=all[0];else if(e.key==='End')n=all[all.length-1];else return;
e.preventDefault();if(n&&n!==m){set(m,false);n.focus();}});
const calm=e=>{const m=find(e.target);if(m&&!m.contains(e.relatedTarget))m.classList.remove('u-hush');};
document.addEventListener('focusout',calm);document.addEventListener('mouseout',calm);
})();`;

/** The hash that lets the Content Security Policy run REPORT_SCRIPT and nothing else. */
export const REPORT_SCRIPT_HASH = `sha256-${createHash('sha256').update(REPORT_SCRIPT, 'utf8').digest('base64')}`;

/** The policy for a standalone report: no network, no script but ours, inline styles only. */
export const REPORT_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src '${REPORT_SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

/** One standalone HTML file for all inputs. */
export function formatHtml(items: readonly ReportItem[]): string {
  const spun = items.filter((item) => item.result.verdict.spun).length;
  const title = items.length === 1 ? `unspin: ${items[0]!.result.input}` : 'unspin report';
  const overview = `${plural(items.length, 'input')} checked, ${groupThousands(spun)} judged spun`;
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta name="generator" content="unspin">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>\n${REPORT_CSS}\n</style>\n</head>\n<body>\n` +
    `<div class="u-page">\n<header class="u-page-head"><h1>unspin report</h1><p>${escapeHtml(overview)}</p></header>\n` +
    `${LEGEND_HTML}\n<main>\n${items.map((item, index) => renderResultSection(item, index)).join('\n')}\n</main>\n` +
    `<footer class="u-page-foot"><p>Made by unspin. A marked phrase is a risk marker with its evidence, not proof: read it in context.</p></footer>\n` +
    `</div>\n<script>${REPORT_SCRIPT}</script>\n</body>\n</html>\n`
  );
}

