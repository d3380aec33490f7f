/**
 * Long inputs (issue 10): a passage's findings and verdict do not depend on
 * what surrounds it. Sections are cut where documents of a concatenation
 * start and at article-sized windows; property tests over public articles
 * check that a document's findings are the same alone and inside a joined
 * file, that two clean documents do not add up to a spun one, and that the
 * seed page repeated k times yields k times its findings.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIN_SECTION_WORDS, sectionRanges, WINDOW_WORDS } from '../../src/detect/sections.js';
import { createChecker, type Checker } from '../../src/index.js';
import type { CheckResult, Finding } from '../../src/types.js';
import { bbcDocuments, reutersDocuments } from '../../tools/corpora.js';
import { hasShared, SEED } from '../helpers/shared.js';

const sentence = (i: number) => `The committee met on day ${i} and agreed that the plan would go ahead as proposed.`;
const paragraph = (from: number, sentences: number) => Array.from({ length: sentences }, (_, k) => sentence(from + k)).join(' ');
/** An article of `paragraphs` paragraphs of five sentences (about 80 words each). */
const article = (title: string, paragraphs: number) => [title, ...Array.from({ length: paragraphs }, (_, p) => paragraph(p * 5, 5))].join('\n\n');

const wordCount = (text: string) => (text.match(/[\p{L}\p{N}]+/gu) ?? []).length;

const covers = (text: string, ranges: Array<{ start: number; end: number }>) => {
  expect(ranges[0]!.start).toBe(0);
  expect(ranges.at(-1)!.end).toBe(text.length);
  for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
};

describe('sectionRanges', () => {
  it('keeps an article-sized text whole', () => {
    const text = article('Plan goes ahead', 8);
    expect(sectionRanges(text)).toEqual([{ start: 0, end: text.length }]);
  });

  it('cuts a concatenation where the next document’s title stands, however the files were joined', () => {
    const a = article('Plan goes ahead', 10); // about 850 words: enough to be a document
    const b = article('Second story of the day', 4);
    for (const separator of ['\n\n', '\n', '\n\n\n']) {
      const joined = a + separator + b;
      const ranges = sectionRanges(joined);
      covers(joined, ranges);
      expect(ranges.map((r) => r.start)).toEqual([0, a.length + separator.length]);
    }
  });

  it('does not open a section at a title before the current one has enough words', () => {
    const short = article('Brief', 6); // about 500 words
    expect(short.split(/\s+/).length).toBeLessThan(MIN_SECTION_WORDS);
    const joined = `${short}\n\n${article('Next story', 3)}`;
    expect(sectionRanges(joined)).toHaveLength(1);
  });

  it('leaves titles inside page chrome alone', () => {
    const a = article('Plan goes ahead', 10);
    const chrome = 'LEAVE A REPLY';
    const joined = `${a}\n\n${chrome}\n\n${paragraph(0, 2)}`;
    const at = joined.indexOf(chrome);
    expect(sectionRanges(joined).length).toBe(2);
    expect(sectionRanges(joined, [{ start: at, end: at + chrome.length }]).length).toBe(1);
  });

  it('cuts a long article into windows at paragraph ends', () => {
    const text = article('A long report', 80); // about 6,400 words
    const ranges = sectionRanges(text);
    covers(text, ranges);
    expect(ranges.length).toBeGreaterThanOrEqual(3);
    for (const r of ranges.slice(1)) expect(text[r.start - 1]).toBe('\n');
    // Each window but the last holds WINDOW_WORDS words and at most one paragraph more.
    for (const r of ranges.slice(0, -1)) expect(wordCount(text.slice(r.start, r.end))).toBeGreaterThanOrEqual(WINDOW_WORDS);
    for (const r of ranges.slice(0, -1)) expect(wordCount(text.slice(r.start, r.end))).toBeLessThan(WINDOW_WORDS + 100);
  });

  it('cuts a one-line dump at sentence ends, and a text without any at spaces or at a length', () => {
    const line = paragraph(0, 400); // about 6,400 words on one line
    const ranges = sectionRanges(line);
    covers(line, ranges);
    expect(ranges.length).toBeGreaterThanOrEqual(3);
    for (const r of ranges.slice(1)) expect(line.slice(r.start - 2, r.start)).toBe('. ');
    for (const r of ranges.slice(0, -1)) expect(wordCount(line.slice(r.start, r.end))).toBeLessThan(WINDOW_WORDS + 20);
    const words = Array.from({ length: 5 * WINDOW_WORDS }, (_, i) => `word${i}`).join(' ');
    const cut = sectionRanges(words);
    covers(words, cut);
    expect(cut.length).toBeGreaterThanOrEqual(2);
    for (const r of cut.slice(1)) expect(words[r.start - 1]).toMatch(/\w/);
    const blob = 'x'.repeat(200_000);
    covers(blob, sectionRanges(blob));
  });
});

/** The findings inside [from, to) of a result, shifted to start at `from`. */
const findingsIn = (result: CheckResult, from: number, to: number): Finding[] =>
  result.findings.filter((f) => f.start >= from && f.end <= to).map((f) => ({ ...f, start: f.start - from, end: f.end - from }));

describe('the seed page repeated k times', () => {
  let checker: Checker;
  let seed: string;
  let alone: CheckResult;
  beforeAll(() => {
    checker = createChecker();
    seed = readFileSync(SEED, 'utf8');
    alone = checker.check(seed);
  });

  const repeated = (k: number) => {
    const separator = '\n\n';
    const result = checker.check(Array.from({ length: k }, () => seed).join(separator));
    expect(result.findings).toHaveLength(k * alone.findings.length);
    for (let copy = 0; copy < k; copy++) {
      const from = copy * (seed.length + separator.length);
      expect(findingsIn(result, from, from + seed.length)).toEqual(alone.findings);
    }
    expect(result.verdict.spun).toBe(true);
    expect(result.verdict.sections!.share).toBe(1);
  };

  it('yields k times its findings, copy for copy (k = 2 and 100)', () => {
    expect(alone.findings.length).toBeGreaterThan(150);
    repeated(2);
    repeated(100);
  }, 600_000);

  it('for any k from 1 to 100', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), (k) => repeated(k)), { numRuns: 4, seed: 10 });
  }, 600_000);
});

describe.skipIf(!hasShared)('clean articles alone and joined (BBC and Reuters)', () => {
  let checker: Checker;
  let articles: string[];
  beforeAll(() => {
    checker = createChecker();
    const pick = function* (docs: Iterable<{ title: string; body: string }>, every: number) {
      let i = 0;
      for (const doc of docs) if (i++ % every === 0) yield `${doc.title}\n\n${doc.body}`;
    };
    articles = [...pick(bbcDocuments(), 9), ...pick(reutersDocuments(), 80)];
  });

  it('a document’s findings are the same alone and inside A+B, and A+B is not spun when neither part is', () => {
    expect(articles.length).toBeGreaterThan(300);
    const cache = new Map<number, CheckResult>();
    const alone = (i: number) => {
      if (!cache.has(i)) cache.set(i, checker.check(articles[i]!));
      return cache.get(i)!;
    };
    fc.assert(
      fc.property(fc.nat({ max: articles.length - 1 }), fc.nat({ max: articles.length - 1 }), fc.constantFrom('\n\n', '\n'), (i, j, separator) => {
        const a = articles[i]!;
        const b = articles[j]!;
        const joined = checker.check(a + separator + b);
        expect(findingsIn(joined, 0, a.length)).toEqual(alone(i).findings);
        const bFrom = a.length + separator.length;
        // B is its own section once A is long enough to be a document (titles open one after MIN_SECTION_WORDS words).
        if (a.split(/\s+/).length >= MIN_SECTION_WORDS + 20) expect(findingsIn(joined, bFrom, Infinity)).toEqual(alone(j).findings);
        if (!alone(i).verdict.spun && !alone(j).verdict.spun) expect(joined.verdict.spun).toBe(false);
      }),
      { numRuns: 60, seed: 9 },
    );
  }, 600_000);
});
