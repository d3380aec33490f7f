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
import { selectFindings, wordDiff, type DiffPart } from '../restore/index.js';
import type { CheckResult, Finding } from '../types.js';
import { countWords, decimal2, evidenceText, groupThousands, plural, sectionsText } from './display.js';
import type { ReportItem } from './index.js';
import { createLocator } from './position.js';
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
 * The article with each finding in a focusable `<mark>`: the likely original
 * shows in a tooltip on hover, on keyboard focus, and (with `REPORT_SCRIPT`)
 * when the mark is clicked, tapped or activated with Enter; Escape hides it.
 * Screen readers get the suggestion from the mark's label. Overlapping
 * findings: the earlier (then the longer) one is shown.
 */
export function renderHighlightedText(text: string, findings: readonly Finding[], options: HighlightOptions = {}): string {
  const prefix = options.idPrefix ?? 'u';
  const spans = selectFindings(text, findings).map((finding, index): MarkupSpan => {
    const id = `${prefix}-f${index + 1}`;
    const actual = text.slice(finding.start, finding.end);
    const [best, ...others] = finding.expected;
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
        `<mark class="u-find" id="${id}" tabindex="0" role="button" aria-expanded="false" aria-label="${escapeHtml(label)}"` +
        ` aria-describedby="${id}-tip" data-expected="${escapeHtml(best ?? '?')}">`,
      close: `<span class="u-tip" role="tooltip" id="${id}-tip">${tip}</span></mark>`,
    };
  });
  return renderMarkedText(text, spans);
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
    (evidenceText(result.verdict) ? `<span class="u-evidence u-muted">${escapeHtml(evidenceText(result.verdict))}</span>` : '') +
    (sectionsText(result.verdict) ? `<span class="u-sections u-muted">${escapeHtml(sectionsText(result.verdict))}</span>` : '') +
    `</div>`
  );
}

/** A table of all findings, each row linking to its mark. */
export function renderFindingsTable(text: string, findings: readonly Finding[], options: HighlightOptions = {}): string {
  if (findings.length === 0) return '';
  const prefix = options.idPrefix ?? 'u';
  const locate = createLocator(text);
  const shown = new Map(selectFindings(text, findings).map((finding, index) => [finding, `${prefix}-f${index + 1}`]));
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
        `<td class="u-num">${decimal2(finding.confidence)}</td></tr>`
      );
    });
  return (
    `<details class="u-findings"><summary>All ${plural(findings.length, 'finding')}</summary>` +
    `<div class="u-table-wrap"><table><thead><tr><th scope="col">Line:col</th><th scope="col">Found</th>` +
    `<th scope="col">Likely original</th><th scope="col">Rule</th><th scope="col">Confidence</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></details>`
  );
}

/** One input: name, verdict, the marked article beside the restored text, and the findings table. */
export function renderResultSection(item: ReportItem, index: number): string {
  const { result, text } = item;
  const prefix = `u${index + 1}`;
  return (
    `<section class="u-result" aria-labelledby="${prefix}-title">` +
    `<header class="u-result-head"><h2 class="u-input" id="${prefix}-title">${escapeHtml(result.input)}</h2>${renderVerdict(result, text)}</header>` +
    `<div class="u-columns">` +
    `<section class="u-pane" aria-labelledby="${prefix}-found"><h3 id="${prefix}-found">As found</h3>` +
    `<div class="u-text">${renderHighlightedText(text, result.findings, { idPrefix: prefix })}</div></section>` +
    `<section class="u-pane" aria-labelledby="${prefix}-restored"><h3 id="${prefix}-restored">Restored</h3>` +
    `<div class="u-text">${renderRestoredText(text, result.restored)}</div></section>` +
    `</div>` +
    renderFindingsTable(text, result.findings, { idPrefix: prefix }) +
    `</section>`
  );
}

export const LEGEND_HTML =
  `<aside class="u-legend" aria-label="Legend"><ul>` +
  `<li><mark class="u-find u-sample">tortured phrase</mark> looks spun: hover it, tap it or reach it with Tab to see the likely original wording</li>` +
  `<li><ins class="u-fix">restored wording</ins> what restoration wrote in its place, and <span class="u-gone" role="img" aria-label="a green bar"></span> where it removed words</li>` +
  `<li><span class="u-badge u-sample-spun">Spun</span> the score (0 clean, 1 spun) weighs how dense and varied the evidence is; one odd phrase does not make an article spun</li>` +
  `</ul></aside>`;

export const REPORT_CSS = `
:root{color-scheme:light dark;--u-bg:#f7f7f4;--u-card:#fff;--u-fg:#1c1c1e;--u-muted:#55555e;--u-border:#d8d8dc;
--u-mark-bg:#ffe39a;--u-mark-fg:#1c1c1e;--u-mark-line:#a04d00;--u-ins-bg:#cdeed6;--u-ins-fg:#0f3d1f;--u-ins-line:#1a7a3c;
--u-del-bg:#fbd9d6;--u-del-fg:#5c120c;--u-spun:#a4190f;--u-spun-bg:#fde7e5;--u-clean:#17663a;--u-clean-bg:#e1f3e7;
--u-tip-bg:#1c1c1e;--u-tip-fg:#fff;--u-focus:#1f5fd6;--u-bar:#e6e6ea}
@media (prefers-color-scheme:dark){:root{--u-bg:#161618;--u-card:#1f1f22;--u-fg:#ececef;--u-muted:#a9a9b3;--u-border:#3a3a40;
--u-mark-bg:#5b4300;--u-mark-fg:#fff6dc;--u-mark-line:#ffb951;--u-ins-bg:#173d25;--u-ins-fg:#d9f7e3;--u-ins-line:#5fd28a;
--u-del-bg:#4a1b17;--u-del-fg:#ffe0dc;--u-spun:#ff8a7f;--u-spun-bg:#3d1713;--u-clean:#7fdca3;--u-clean-bg:#12301f;
--u-tip-bg:#f2f2f4;--u-tip-fg:#1c1c1e;--u-focus:#8ab4ff;--u-bar:#3a3a40}}
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
mark.u-find{position:relative;background:var(--u-mark-bg);color:var(--u-mark-fg);border-bottom:2px solid var(--u-mark-line);border-radius:2px;padding:0 .08em;cursor:help}
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
.u-tip,.u-findings summary{display:none!important}
mark.u-find,ins.u-fix,.u-badge,.u-scorebar>span{-webkit-print-color-adjust:exact;print-color-adjust:exact}
mark.u-find:not(.u-sample)::after{content:" [→ " attr(data-expected) "]";font-size:.85em;color:#444}}
`.trim();

/**
 * Clicking, tapping, Enter or Space pins a tooltip open (touch screens have no
 * hover); Escape hides the tooltips until the pointer or focus moves on.
 */
export const REPORT_SCRIPT = `(()=>{
const find=t=>t instanceof Element?t.closest('mark.u-find'):null;
const set=(m,open)=>{m.classList.toggle('u-open',open);m.setAttribute('aria-expanded',String(open));};
const toggle=m=>set(m,!m.classList.contains('u-open'));
document.addEventListener('click',e=>{const m=find(e.target);if(m)toggle(m);});
document.addEventListener('keydown',e=>{const m=find(e.target);
if(e.key==='Escape'){document.querySelectorAll('mark.u-find.u-open').forEach(o=>set(o,false));if(m)m.classList.add('u-hush');}
else if(m&&(e.key==='Enter'||e.key===' ')){e.preventDefault();toggle(m);}});
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

