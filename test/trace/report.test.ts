/** Trace reports: the JSON contract, text lines, and HTML that keeps hostile input as text. */
import { describe, expect, it } from 'vitest';
import { formatTraceHtml, formatTraceJsonLine, formatTraceText, toTraceResult, type TraceItem } from '../../src/report/trace.js';
import type { TraceMatch } from '../../src/trace/index.js';

const source = 'The Cold War ended. Officials said so.';
const copy = 'Intro line.\nThe Chilly Warfare ended. Officials mentioned so.';

function item(overrides: Partial<TraceMatch> = {}, extracted = false): TraceItem {
  const match: TraceMatch = {
    id: 'doc-1',
    score: 0.6,
    coverage: 0.8,
    passages: [
      {
        query: [12, copy.length],
        source: [0, source.length],
        segments: [
          { kind: 'same', query: [12, 15], source: [0, 3] },
          { kind: 'changed', query: [16, 30], source: [4, 12] },
          { kind: 'same', query: [31, 47], source: [13, 29] },
          { kind: 'changed', query: [48, 57], source: [30, 34] },
          { kind: 'same', query: [58, 61], source: [35, 38] },
        ],
      },
    ],
    sourceText: source,
    ...overrides,
  };
  return { input: 'copy.txt', text: copy, extracted, matches: [match] };
}

describe('trace reports', () => {
  it('writes the contract JSON: documented keys in order, text only when extracted', () => {
    const result = toTraceResult(item({ title: 'T', url: 'https://example.org/a' }));
    expect(Object.keys(result)).toEqual(['input', 'matches']);
    expect(Object.keys(result.matches[0]!)).toEqual(['id', 'title', 'url', 'score', 'coverage', 'passages']);
    expect(result.matches[0]!.passages).toEqual([{
      query: [12, copy.length],
      source: [0, source.length],
      // The substitution list (an added field): the copy's words for the source's, at both places.
      substitutions: [
        { query: [16, 30], source: [4, 12], actual: 'Chilly Warfare', expected: 'Cold War' },
        { query: [48, 57], source: [30, 34], actual: 'mentioned', expected: 'said' },
      ],
    }]);
    expect(Object.keys(result.matches[0]!.passages[0]!)).toEqual(['query', 'source', 'substitutions']);
    for (const x of result.matches[0]!.passages[0]!.substitutions) {
      expect(copy.slice(...x.query)).toBe(x.actual);
      expect(source.slice(...x.source)).toBe(x.expected);
    }
    expect(toTraceResult(item({}, true)).text).toBe(copy);
    expect(JSON.parse(formatTraceJsonLine(item()))).toEqual(toTraceResult(item()));
  });

  it('writes line:column ranges and the number of substitutions', () => {
    const text = formatTraceText([item()], { color: false });
    expect(text).toContain('doc-1  score 0.60  coverage 80%');
    expect(text).toContain('2:1-2:50  ↔  source 1:1-1:39  (2 substitutions)');
  });

  it('lists each substitution under its passage: where, the copy\'s words → the source\'s', () => {
    const lines = formatTraceText([item()], { color: false }).split('\n');
    const at = lines.findIndex((line) => line.includes('(2 substitutions)'));
    expect(lines.slice(at + 1, at + 3)).toEqual(['      2:5   Chilly Warfare → Cold War', '      2:37  mentioned → said']);
    // A dropped or added word says so; a control character in the copy never reaches the terminal.
    const dropped = item({
      passages: [{ query: [12, copy.length], source: [0, source.length], segments: [{ kind: 'changed', query: [16, 16], source: [4, 12] }] }],
    });
    expect(formatTraceText([dropped], { color: false })).toContain('2:5  (nothing) → Cold War');
    const hostile: TraceItem = { ...item(), text: copy.replace('Chilly', 'Chil\u001b[') };
    expect(formatTraceText([hostile], { color: false })).not.toContain('\u001b');
  });

  it('marks substitutions on both sides of the HTML and keeps hostile input as text', () => {
    const html = formatTraceHtml([item({ id: '<script>alert(1)</script>', title: '"><img src=x onerror=alert(1)>', url: 'javascript:alert(1)' })]);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toMatch(/<mark class="u-find"[^>]*data-expected="Cold War">Chilly Warfare<span class="u-tip"/);
    // The copy's marks are one tab stop: the first is in the tab order, the arrow keys reach the rest.
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(html.match(/tabindex="-1"/g)).toHaveLength(1);
    expect(html).toMatch(/<span class="t-orig" title="copy has: mentioned">said<\/span>/);
    const linked = formatTraceHtml([item({ url: 'https://example.org/a' })]);
    expect(linked).toContain('<a href="https://example.org/a" rel="noreferrer noopener">doc-1</a>');
    expect(formatTraceHtml([{ input: 'x', text: 'x', extracted: false, matches: [] }])).toContain('No source found in the index.');
  });
});
