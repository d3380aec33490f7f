import { describe, expect, it } from 'vitest';
import { formatText, createLocator } from '../../src/report/index.js';
import { findingAt, item, seedItem, seedText } from './fixtures.js';

/** Independent line:col: lines split on \n, columns in code points. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${[...before[before.length - 1]!].length + 1}`;
}

const ESC = '\u001b';

describe('formatText', () => {
  it('writes a header, one aligned line per finding in text order, and a summary', () => {
    const seed = seedItem();
    const lines = formatText([seed], { color: false }).trimEnd().split('\n');
    expect(lines[0]).toBe('examples/spun-news-article.txt');
    const sorted = [...seed.result.findings].sort((x, y) => x.start - y.start);
    const rows = lines.slice(1, -2);
    expect(rows).toHaveLength(sorted.length);
    rows.forEach((row, i) => {
      const finding = sorted[i]!;
      expect(row.trim().split(/\s+/)[0]).toBe(lineCol(seedText, finding.start));
      expect(row).toContain(`${finding.actual} → ${finding.expected.join(', ')}`);
    });
    expect(rows[0]).toMatch(/^ {2}\d+:\d+ +navy ties → military ties +\(lexicon\/news, 0\.95\)$/);
    expect(rows.find((row) => row.includes('{hardware}'))).toMatch(/\(spintax, 0\.99\)$/);
    // Columns line up: every phrase starts at the same column, and so does every "(rule" after
    // a phrase of ordinary length (one very long phrase does not push all the others right).
    const phraseColumns = rows.map((row, i) => row.indexOf(sorted[i]!.actual, row.indexOf(':') + 2));
    expect(new Set(phraseColumns).size).toBe(1);
    const ordinary = rows.filter((row) => row.lastIndexOf('  (') - phraseColumns[0]! <= 50);
    expect(ordinary.length).toBe(rows.length - 1);
    expect(new Set(ordinary.map((row) => row.lastIndexOf('  ('))).size).toBe(1);
    // Words and numbers: apostrophes stay inside words ("China’s"), grouping and decimals inside numbers.
    const words = (seedText.match(/[\p{L}\p{N}]+(?:['’]\p{L}+|[,.]\p{N}+)*/gu) ?? []).length;
    expect(lines.at(-2)).toBe(`  spun (score 0.97): 8 tortured phrases in ${words.toLocaleString('en-US')} words`);
    // What the verdict rests on: each signal with its weight and its strongest words, the lists first here.
    expect(lines.at(-1)).toMatch(/^ {2}evidence: lexicon \d\.\d\d \(navy ties, 2 international locations, Chinese language, …\), spintax \d\.\d\d \(\{hardware\}\), model \d\.\d\d \(world\)$/);
  });

  it('says so when nothing was found', () => {
    const clean = item('clean.txt', 'A plain, ordinary sentence.\n', [], { spun: false, score: 0.02 });
    expect(formatText([clean], { color: false })).toBe('clean.txt\n  not spun (score 0.02): 0 tortured phrases\n');
  });

  it('counts columns in code points: an emoji before a finding is one column', () => {
    const text = 'Title line\n\n🚀 Launch: the satellite tv for pc agency said so.\r\nNext 👍🏽 line has navy ties.';
    const findings = [findingAt(text, 'satellite tv for pc', ['satellite']), findingAt(text, 'navy ties', ['military ties'])];
    const out = formatText([item('emoji.txt', text, findings, { spun: true, score: 0.8 })], { color: false });
    // "🚀 Launch: the " is 14 code points (15 UTF-16 units); "Next 👍🏽 line has " is 17 (19).
    expect(out).toContain('  3:15  satellite tv for pc → satellite');
    expect(out).toContain('  4:18  navy ties → military ties        (lexicon/news, 0.95)');
    expect(lineCol(text.replace('\r\n', '\n'), text.replace('\r\n', '\n').indexOf('navy'))).toBe('4:18');
    expect(createLocator(text)(text.indexOf('satellite'))).toEqual({ line: 3, column: 15, utf16Column: 16 });
    expect(createLocator(text)(text.indexOf('navy'))).toEqual({ line: 4, column: 18, utf16Column: 20 });
  });

  it('uses ANSI colours only when asked', () => {
    const seed = seedItem();
    const plain = formatText([seed], { color: false });
    const colored = formatText([seed], { color: true });
    expect(plain).not.toContain(ESC);
    expect(colored).toContain(`${ESC}[`);
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('cannot be made to emit control sequences by the input', () => {
    const text = `Evil \u001b[31mred\u001b[0m navy\nties here.`;
    const finding = { ...findingAt(text, 'navy\nties', ['military ties']) };
    const out = formatText([item('evil\u001b[2J.txt', text, [finding], { spun: false, score: 0.1 })], { color: false });
    expect(out).not.toContain(ESC);
    expect(out).toContain('navy ties → military ties');
    expect(out.split('\n')).toHaveLength(4);
  });

  it('writes one block per input', () => {
    const out = formatText([seedItem(), item('clean.txt', 'Fine text.', [], { spun: false, score: 0 })], { color: false });
    expect(out.match(/^\S.*$/gm)).toEqual(['examples/spun-news-article.txt', 'clean.txt']);
  });
});
