import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { escapeHtml, formatHtml, renderHighlightedText, REPORT_CSP, REPORT_SCRIPT, restoredFileName, summarizeFindings } from '../../src/report/index.js';
import { applySuggestions, planFindingEdits } from '../../src/restore/index.js';
import { findingAt, item, seedItem, seedText } from './fixtures.js';

/** The seed page with a finding on each of its first twenty distinct longer words (no detector: real offsets). */
function seedItemWithMany() {
  const seen = new Set<string>();
  const findings = [];
  for (const match of seedText.matchAll(/\b[a-z]{9,}\b/g)) {
    if (seen.has(match[0]) || seen.size >= 20) continue;
    seen.add(match[0]);
    findings.push(findingAt(seedText, match[0], ['x'], {}, match.index));
  }
  return item('many.txt', seedText, findings, { spun: true, score: 0.9 });
}

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
    expect(html).not.toMatch(/<link\b|@import/i);
    const document = parse(html);
    // No url() in the stylesheet (the script's URL.createObjectURL makes the download, from the page itself).
    expect(document.querySelector('style')!.textContent).not.toMatch(/url\(/i);
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
      // One tab stop: the first mark; the arrow keys reach the others (a roving tabindex).
      expect(mark.getAttribute('tabindex')).toBe(i === 0 ? '0' : '-1');
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
    expect(fixes).toEqual(expect.arrayContaining(['military ties', 'two countries', 'Defense', 'Cold War', 'an international']));
    expect(restored!.querySelector('ins.u-fix[title="was: navy ties"]')).not.toBeNull();
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

describe('acting on the report', () => {
  /** The seed page with every occurrence of some phrases, so that the summary has counts above one. */
  function repeated() {
    const text = seedText;
    const findings = ['navy', 'mentioned', 'Chinese language', 'Chilly Warfare'].flatMap((phrase, k) => {
      const found = [];
      for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + phrase.length)) {
        found.push(findingAt(text, phrase, [['military', 'said', 'Chinese', 'Cold War'][k]!], { confidence: [0.75, 0.6, 0.95, 0.3][k]!, rule: k === 3 ? 'model' : 'lexicon' }, at));
      }
      return found;
    });
    return item('examples/spun-news-article.txt', text, findings, { spun: true, score: 0.97 });
  }

  it('is one tab stop: exactly one mark in the tab order per text, the rest reached by the arrow keys', () => {
    const document = parse(formatHtml([repeated(), seedItem()]));
    for (const section of document.querySelectorAll('section.u-result')) {
      const marks = [...section.querySelectorAll('.u-pane-found mark.u-find')];
      expect(marks.length).toBeGreaterThan(5);
      expect(marks.filter((m) => m.getAttribute('tabindex') === '0')).toEqual([marks[0]]);
      expect(marks.slice(1).every((m) => m.getAttribute('tabindex') === '-1')).toBe(true);
    }
    // Nothing else in the texts is focusable, and the samples in the legend and the summary are not focusable at all.
    expect(document.querySelectorAll('.u-legend [tabindex], .u-summary mark[tabindex]')).toHaveLength(0);
    const script = REPORT_SCRIPT;
    for (const key of ['ArrowRight', 'ArrowLeft', 'Home', 'End']) expect(script).toContain(`'${key}'`);
  });

  it('summarises the distinct phrases with counts, most frequent first, with filters for the rules and bands present', () => {
    const report = repeated();
    const findings = report.result.findings;
    const groups = summarizeFindings(findings);
    const count = (phrase: string) => findings.filter((f) => f.actual === phrase).length;
    expect(count('navy')).toBeGreaterThan(1);
    expect(groups.map((g) => [g.actual, g.count])).toEqual(
      (['navy', 'mentioned', 'Chinese language', 'Chilly Warfare'] as const).map((p) => [p, count(p)] as [string, number]).sort((a, b) => b[1] - a[1] || 0),
    );
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(findings.length);

    const document = parse(formatHtml([report]));
    const rows = [...document.querySelectorAll('table.u-phrases tbody tr')];
    expect(rows.map((r) => r.querySelector('td:nth-child(3)')!.textContent)).toEqual(groups.map((g) => String(g.count)));
    expect(rows.map((r) => r.querySelector('td:first-child')!.textContent)).toEqual(groups.map((g) => g.actual));
    expect(document.querySelector('.u-summary .u-counts')!.textContent).toContain(`${groups.length} distinct phrases, ${findings.length} findings`);
    const filters = [...document.querySelectorAll('input.u-filter')].map((i) => `${i.getAttribute('data-kind')}:${i.getAttribute('value')}`);
    expect(filters.sort()).toEqual(['band:high', 'band:low', 'band:mid', 'rule:lexicon', 'rule:model']);
    // Marks and rows carry the rule and band the filters act on, and the colour classes.
    const chilly = document.querySelector('.u-pane-found mark[data-rule="model"]')!;
    expect(chilly.getAttribute('data-band')).toBe('low');
    expect(chilly.getAttribute('class')).toBe('u-find u-r-model u-c-low');
    // Each phrase's switch names all its occurrences' marks.
    const navyRow = rows.find((r) => r.querySelector('td:first-child')!.textContent === 'navy')!;
    const ids = navyRow.querySelector('input.u-accept-g')!.getAttribute('data-fs')!.split(' ');
    expect(ids).toHaveLength(count('navy'));
    for (const id of ids) expect(visibleText(document.getElementById(id)!)).toBe('navy');
  });

  it('shows only the first ten phrases until asked, and hides nothing from print', () => {
    const document = parse(formatHtml([seedItemWithMany()]));
    const rows = [...document.querySelectorAll('table.u-phrases tbody tr')];
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.getAttribute('class') !== 'u-more')).toHaveLength(10);
    expect(document.querySelector('table.u-phrases')!.getAttribute('class')).toContain('u-capped');
    expect(document.querySelector('button.u-more-toggle')!.textContent).toBe(`Show all ${rows.length} phrases`);
  });

  it('writes the restored text as per-finding changes: ignoring any of them gives the text restored without it', () => {
    const report = repeated();
    const document = parse(formatHtml([report]));
    const pane = document.getElementById('u1-restored-text')!;
    expect(pane.textContent).toBe(report.result.restored);
    const edits = [...pane.querySelectorAll('ins.u-fix')];
    expect(edits).toHaveLength(planFindingEdits(report.text, report.result.findings).length);
    // What the script does when a finding is unticked: its <ins> shows data-was. Do it for every other finding.
    const sorted = [...report.result.findings].sort((x, y) => x.start - y.start);
    const ignored = new Set<number>();
    edits.forEach((ins, k) => {
      if (k % 2 === 0) return;
      ins.textContent = ins.getAttribute('data-was');
      ignored.add(Number(ins.getAttribute('data-f')!.split('-f')[1]) - 1);
    });
    expect(pane.textContent).toBe(applySuggestions(report.text, sorted.filter((_, i) => !ignored.has(i))));
    // Every finding with a suggestion has a switch in the findings table, named for its mark.
    expect([...document.querySelectorAll('.u-findings input.u-accept')].map((i) => i.getAttribute('data-f'))).toEqual(edits.map((e) => e.getAttribute('data-f')));
  });

  it('offers copy and download of the restored text, with a safe file name', () => {
    const document = parse(formatHtml([seedItem()]));
    const copy = document.querySelector('button.u-copy')!;
    const save = document.querySelector('button.u-save')!;
    expect(copy.getAttribute('data-for')).toBe('u1-restored-text');
    expect(save.getAttribute('data-name')).toBe('spun-news-article.restored.txt');
    expect(restoredFileName('<script>x</script>/../a b?.html')).toBe('a-b.restored.txt');
    expect(restoredFileName('<text>')).toBe('article.restored.txt');
    expect(restoredFileName('-')).toBe('article.restored.txt');
    expect(restoredFileName('https://example.com/')).toBe('article.restored.txt');
  });

  it('shows the verdict\'s evidence, strongest first, and leaves out what it cannot read', () => {
    const report = seedItem();
    (report.result.verdict as unknown as { evidence: unknown[] }).evidence = [
      { signal: 'model', weight: 0.1, findings: 1, words: ['world'] },
      { signal: 'lexicon', weight: 0.6, findings: 7, words: ['navy ties', '<img src=x onerror=alert(1)>'] },
      { signal: 'spintax', weight: 'much' },
      null,
    ];
    const document = parse(formatHtml([report]));
    const lines = [...document.querySelectorAll('.u-evidence li')];
    expect(lines).toHaveLength(2);
    expect(lines[0]!.textContent).toContain('Tortured-phrase lists');
    expect(lines[0]!.textContent).toContain('weight 0.60 · 7 findings');
    expect(lines[0]!.textContent).toContain('“<img src=x onerror=alert(1)>”');
    expect(lines[1]!.textContent).toContain('Statistical model');
    expect(document.querySelectorAll('img')).toHaveLength(0);
    // A verdict with nothing found has no evidence to show.
    const bare = seedItem();
    bare.result.verdict = { ...bare.result.verdict, evidence: [] };
    expect(parse(formatHtml([bare])).querySelector('.u-evidence')).toBeNull();
  });

  it('shows matched sources passage by passage, substitutions marked on both sides, hostile fields as text', () => {
    const text = 'Intro.\nThe Chilly Warfare ended. Officials mentioned so.';
    const source = 'The Cold War ended. Officials said so.';
    const report = { ...item('copy.txt', text, [], { spun: false, score: 0 }), sources: [{
      id: '<b>x</b>', url: 'javascript:alert(1)', score: 0.6, coverage: 0.8,
      passages: [{ query: [7, text.length] as [number, number], source: [0, source.length] as [number, number], sourceText: source,
        substitutions: [
          { query: [11, 25] as [number, number], source: [4, 12] as [number, number], actual: 'Chilly Warfare', expected: 'Cold War' },
          { query: [43, 52] as [number, number], source: [30, 34] as [number, number], actual: 'mentioned', expected: 'said' },
        ] }],
    }] };
    const html = formatHtml([report]);
    expect(html).not.toContain('<b>x');
    expect(html).not.toContain('href="javascript');
    const document = parse(html);
    const pair = document.querySelector('.u-sources .t-pair')!;
    const [copySide, sourceSide] = [...pair.querySelectorAll('.u-text')];
    expect(copySide!.textContent).toBe(text.slice(7));
    expect(sourceSide!.textContent).toBe(source);
    expect([...copySide!.querySelectorAll('mark.t-sub')].map((m) => [m.textContent, m.getAttribute('title')])).toEqual([
      ['Chilly Warfare', 'source has: Cold War'], ['mentioned', 'source has: said']]);
    expect([...sourceSide!.querySelectorAll('.t-orig')].map((m) => m.textContent)).toEqual(['Cold War', 'said']);
    expect(document.querySelector('.u-sources')!.textContent).toContain('2 substitutions');
    // No sources given: no section; an empty list: says so.
    expect(parse(formatHtml([item('a', text, [], { spun: false, score: 0 })])).querySelector('.u-sources')).toBeNull();
    expect(parse(formatHtml([{ ...item('a', text, [], { spun: false, score: 0 }), sources: [] }])).querySelector('.u-sources')!.textContent).toContain('No source');
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
