import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { escapeHtml, formatHtml, renderHighlightedText, REPORT_CSP, REPORT_SCRIPT } from '../../src/report/index.js';
import { findingAt, item, seedItem, seedText } from './fixtures.js';

function parse(html: string) {
  return parseHTML(html).document;
}

/** The text of a pane as a reader sees it: the tooltips removed. */
function visibleText(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  for (const tip of copy.querySelectorAll('.u-tip')) tip.remove();
  return copy.textContent ?? '';
}

describe('formatHtml', () => {
  it('is one standalone HTML5 document with no external resources', () => {
    const html = formatHtml([seedItem()]);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/\b(?:src|href)=["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b|@import|url\(/i);
    const document = parse(html);
    expect(document.querySelectorAll('script')).toHaveLength(1);
    expect(document.querySelector('meta[name=viewport]')).not.toBeNull();
    expect(document.querySelector('style')!.textContent).toContain('@media print');
    expect(document.querySelector('style')!.textContent).toMatch(/@media \(min-width:\s*\d+rem\)\{\.u-columns\{grid-template-columns:/);
  });

  it('shows the article with each finding marked, focusable, labelled and with its suggestion in a tooltip', () => {
    const seed = seedItem();
    const document = parse(formatHtml([seed]));
    const [found, restored] = [...document.querySelectorAll('.u-pane .u-text')];
    expect(visibleText(found!)).toBe(seedText);
    const marks = [...found!.querySelectorAll('mark.u-find')];
    expect(marks).toHaveLength(seed.result.findings.length);
    const sorted = [...seed.result.findings].sort((x, y) => x.start - y.start);
    marks.forEach((mark, i) => {
      const finding = sorted[i]!;
      expect(mark.getAttribute('tabindex')).toBe('0');
      expect(mark.getAttribute('aria-label')).toContain(finding.actual);
      expect(mark.getAttribute('aria-label')).toContain(finding.expected[0]);
      const tip = document.getElementById(mark.getAttribute('aria-describedby')!)!;
      expect(tip.getAttribute('role')).toBe('tooltip');
      expect(tip.parentNode).toBe(mark);
      expect(tip.querySelector('.u-tip-best')!.textContent).toBe(finding.expected[0]);
      expect(visibleText(mark)).toBe(finding.actual);
    });
    // The tooltip shows on hover and on keyboard focus, not only through title=.
    const css = document.querySelector('style')!.textContent!;
    expect(css).toMatch(/mark\.u-find:hover>\.u-tip/);
    expect(css).toMatch(/mark\.u-find:focus-visible>\.u-tip/);

    expect(visibleText(restored!)).toBe(seed.result.restored);
    const fixes = [...restored!.querySelectorAll('ins.u-fix')].map((ins) => ins.textContent);
    expect(fixes).toEqual(expect.arrayContaining(['military', 'two countries', 'Defense', 'Cold War', 'an international']));
    expect(restored!.querySelector('ins.u-fix[title="was: navy"]')).not.toBeNull();
  });

  it('shows the verdict, the score and a findings table linked to the marks', () => {
    const document = parse(formatHtml([seedItem(), item('clean.txt', 'Nothing odd here.', [], { spun: false, score: 0.03 })]));
    const sections = [...document.querySelectorAll('section.u-result')];
    expect(sections).toHaveLength(2);
    expect(sections[0]!.querySelector('.u-badge')!.textContent).toBe('Spun');
    expect(sections[0]!.querySelector('.u-score')!.textContent).toBe('score 0.97');
    expect(sections[1]!.querySelector('.u-badge')!.textContent).toBe('Not spun');
    const links = [...sections[0]!.querySelectorAll('.u-findings a')].map((a) => a.getAttribute('href')!.slice(1));
    expect(links).toHaveLength(8);
    for (const id of links) expect(document.getElementById(id)!.tagName).toBe('MARK');
    expect(new Set([...document.querySelectorAll('[id]')].map((el) => el.id)).size).toBe(document.querySelectorAll('[id]').length);
    expect(document.querySelector('.u-legend')).not.toBeNull();
  });

  it('shows hostile input as text: no element, attribute or script comes from the input', () => {
    const text = 'Intro <script>alert(1)</script> and <img src=x onerror=alert(2)> then "quoted" & \'single\' navy ties.\u0000';
    const findings = [
      findingAt(text, '<img src=x onerror=alert(2)>', ['"><img src=x onerror=alert(3)>']),
      findingAt(text, 'navy ties', ['</mark><script>alert(4)</script>'], { rule: 'lexicon', source: '<b>evil</b>' }),
    ];
    const hostile = item('<script>alert("name")</script>.html', text, findings, { spun: true, score: 0.9 }, true);
    const html = formatHtml([hostile]);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<b>/);
    expect(html.match(/<script/gi)).toHaveLength(1);
    const document = parse(html);
    expect(document.querySelectorAll('img, b')).toHaveLength(0);
    expect(document.querySelectorAll('script')).toHaveLength(1);
    expect(document.querySelectorAll('[onerror]')).toHaveLength(0);
    expect(document.querySelector('h2.u-input')!.textContent).toBe('<script>alert("name")</script>.html');
    expect(visibleText(document.querySelector('.u-pane .u-text')!)).toBe(text.replace('\u0000', '\ufffd'));
    const marks = document.querySelectorAll('.u-pane mark.u-find');
    expect(marks).toHaveLength(2);
    expect(marks[0]!.querySelector('.u-tip-best')!.textContent).toBe('"><img src=x onerror=alert(3)>');
    expect(marks[0]!.getAttribute('data-expected')).toBe('"><img src=x onerror=alert(3)>');
  });

  it('carries a Content Security Policy that allows only its own script', () => {
    const document = parse(formatHtml([seedItem()]));
    const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    expect(policy).toBe(REPORT_CSP);
    expect(policy).toContain("default-src 'none'");
    const script = document.querySelector('script')!.textContent!;
    expect(script).toBe(REPORT_SCRIPT);
    expect(policy).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
  });
});

describe('html pieces', () => {
  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('renders findings without a suggestion, and skips overlapping ones', () => {
    const text = 'Chilly Warfare-era navy ties';
    const html = renderHighlightedText(text, [
      findingAt(text, 'Chilly Warfare', []),
      findingAt(text, 'Warfare-era', ['war-era']),
      findingAt(text, 'navy', ['military']),
    ]);
    const document = parse(`<div>${html}</div>`);
    const marks = [...document.querySelectorAll('mark')];
    expect(marks.map((mark) => visibleText(mark))).toEqual(['Chilly Warfare', 'navy']);
    expect(marks[0]!.querySelector('.u-tip')!.textContent).toContain('no suggestion');
  });
});
