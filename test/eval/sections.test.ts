/**
 * The evaluation sections, driven by stand-in checkers whose right answers are
 * known: an oracle that knows the gold must score perfectly, a blind checker
 * must score zero recall and chance AUROC, a checker that finds the right spans
 * but suggests the wrong words must score zero restoration.
 */
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpinner } from '../../bench/fixtures/spinner.js';
import type { SectionResult, TextChecker } from '../../eval/harness.js';
import { MANY_FINDINGS, measureClean } from '../../eval/sections/clean.js';
import { measureMpcHalf, prepareMpc } from '../../eval/sections/mpc.js';
import { CARRIERS, measurePps } from '../../eval/sections/pps.js';
import { loadSeedGold, measureSeed, SEED_GOLD, SEED_PAGE } from '../../eval/sections/seed.js';
import { measureSynthetic, spinSamples, syntheticSample, type Sample } from '../../eval/sections/synthetic.js';
import { formatValue, renderTable } from '../../eval/table.js';
import type { CheckInput, CheckResult, Finding } from '../../src/index.js';
import { bbcDocuments, mpcPairs, ppsPairs } from '../../tools/corpora.js';
import { hasShared, SHARED_DATA } from '../helpers/shared.js';

type Span = { start: number; end: number; expected: string[] };

function resultFor(text: string, spans: readonly Span[], score: number): CheckResult {
  const findings: Finding[] = [...spans]
    .sort((a, b) => a.start - b.start)
    .map((s) => ({ start: s.start, end: s.end, actual: text.slice(s.start, s.end), expected: s.expected, confidence: 0.9, rule: 'test' }));
  let restored = '';
  let cursor = 0;
  for (const f of findings) {
    restored += text.slice(cursor, f.start) + (f.expected[0] ?? f.actual);
    cursor = f.end;
  }
  restored += text.slice(cursor);
  return { input: '<text>', verdict: { spun: score >= 0.5, score }, findings, restored };
}

const textOf = (input: CheckInput) => (typeof input === 'string' ? input : 'text' in input ? input.text : input.html);

/** A checker answering from a table of known texts; anything else is clean. */
function tableChecker(answers: Map<string, { spans: Span[]; score: number }>): TextChecker {
  return {
    check(input) {
      const text = textOf(input);
      const answer = answers.get(text);
      return resultFor(text, answer?.spans ?? [], answer?.score ?? 0);
    },
  };
}

const blind: TextChecker = { check: (input) => resultFor(textOf(input), [], 0) };

describe.skipIf(!hasShared)('synthetic section', () => {
  let samples: Sample[];
  beforeAll(() => {
    samples = spinSamples(syntheticSample(6), loadSpinner(SHARED_DATA));
  });

  it('samples test-split articles only, from both sources', () => {
    const ids = syntheticSample(6).map((s) => s.id);
    expect(ids.filter((id) => id.startsWith('bbc/'))).toHaveLength(6);
    expect(ids.filter((id) => id.startsWith('reuters/'))).toHaveLength(6);
  });

  it('gives an oracle perfect scores', () => {
    const answers = new Map<string, { spans: Span[]; score: number }>();
    for (const s of samples) {
      for (const doc of s.spun) answers.set(doc.text, { spans: doc.edits.map((e) => ({ start: e.start, end: e.end, expected: [e.original] })), score: 0.9 });
    }
    const m = measureSynthetic(tableChecker(answers), samples);
    expect(m.documents).toBe(12);
    expect(m.originals.shareJudgedSpun).toBe(0);
    for (const r of m.rates) {
      expect(r.span.precision).toBe(1);
      expect(r.span.recall).toBe(1);
      expect(r.restoration.accuracy).toBe(1);
      expect(r.auroc).toBe(1);
      expect(r.shareJudgedSpun).toBe(1);
      expect(Math.abs(r.achievedRate - r.rate)).toBeLessThan(0.03);
    }
  });

  it('gives a blind checker zero recall and chance AUROC', () => {
    const m = measureSynthetic(blind, samples);
    for (const r of m.rates) {
      expect(r.span.recall).toBe(0);
      expect(r.span.precision).toBeNaN();
      expect(r.auroc).toBe(0.5);
      expect(r.shareJudgedSpun).toBe(0);
    }
  });

  it('scores right spans with wrong suggestions as found but not restored', () => {
    const answers = new Map<string, { spans: Span[]; score: number }>();
    for (const s of samples) {
      for (const doc of s.spun) answers.set(doc.text, { spans: doc.edits.map((e) => ({ start: e.start, end: e.end, expected: ['zzz'] })), score: 0.9 });
    }
    const m = measureSynthetic(tableChecker(answers), samples);
    expect(m.rates[0]!.span.recall).toBe(1);
    expect(m.rates[0]!.restoration.accuracy).toBe(0);
  });
});

describe.skipIf(!hasShared)('MPC section', () => {
  it('gives an oracle built from the alignment perfect document and span scores', () => {
    const prepared = prepareMpc(mpcPairs().filter((p) => p.split === 'test'));
    const answers = new Map<string, { spans: Span[]; score: number }>();
    for (const { pair, gold } of prepared) {
      if (gold) answers.set(pair.spun, { spans: gold.filter((g) => g.end > g.start).map((g) => ({ start: g.start, end: g.end, expected: [g.original] })), score: 0.9 });
    }
    const m = measureMpcHalf(tableChecker(answers), prepared);
    expect(m.originals).toBe(100);
    expect(m.spun).toBeGreaterThan(90);
    expect(m.document.f1).toBe(1);
    expect(m.originalsNotJudgedSpun).toBe(100);
    expect(m.span.precision).toBe(1);
    expect(m.span.recall).toBe(1);
    // Deletions are undone inside a region only; an oracle restoring every span still gets nearly all.
    expect(m.restoration.accuracy).toBeGreaterThan(0.95);
  });

  it('counts a checker that calls everything spun as precise on half the documents', () => {
    const prepared = prepareMpc(mpcPairs().filter((p) => p.split === 'dev'));
    const always: TextChecker = { check: (input) => resultFor(textOf(input), [], 0.9) };
    const m = measureMpcHalf(always, prepared);
    expect(m.document.recall).toBe(1);
    expect(m.document.precision).toBeCloseTo(m.spun / (m.spun + m.originals), 10);
    expect(m.originalsNotJudgedSpun).toBe(0);
  });
});

describe.skipIf(!hasShared)('PPS section', () => {
  // Train pairs: the test pairs are loaded by the PPS section alone. (A skipped suite is
  // still collected, so nothing is read when the data is absent.)
  const pairs = hasShared ? ppsPairs().filter((p) => p.split === 'train').slice(0, 30) : [];

  it('gives a checker that restores every test phrase 100%, alone and in every carrier', () => {
    const restoring: TextChecker = {
      check(input) {
        const text = textOf(input);
        const pair = pairs.find((p) => text.includes(p.tortured))!;
        const at = text.indexOf(pair.tortured);
        return resultFor(text, [{ start: at, end: at + pair.tortured.length, expected: [pair.expected[0]!] }], 0.9);
      },
    };
    const m = measurePps(restoring, pairs);
    expect(m.exactAlone).toBe(1);
    expect(m.exactInCarrier).toBe(1);
    expect(m.detectedInCarrier).toBe(1);
    expect(m.counts.carrierChecks).toBe(pairs.length * CARRIERS.length);
  });

  it('fails a sentence restored right but with a false finding elsewhere in the carrier', () => {
    const noisy: TextChecker = {
      check(input) {
        const text = textOf(input);
        const pair = pairs.find((p) => text.includes(p.tortured))!;
        const at = text.indexOf(pair.tortured);
        const spans: Span[] = [{ start: at, end: at + pair.tortured.length, expected: [pair.expected[0]!] }];
        if (at > 2) spans.push({ start: 0, end: 2, expected: ['xx'] });
        return resultFor(text, spans, 0.9);
      },
    };
    const m = measurePps(noisy, pairs);
    expect(m.exactAlone).toBe(1);
    expect(m.exactInCarrier).toBe(0);
    expect(m.detectedAlone).toBe(1);
  });

  it('gives a blind checker nothing', () => {
    const m = measurePps(blind, pairs);
    expect(m.detectedAlone).toBe(0);
    expect(m.exactAlone).toBe(0);
    expect(m.exactInCarrier).toBe(0);
  });
});

describe.skipIf(!hasShared)('clean section', () => {
  it('counts every finding on clean text as false and ranks the phrases that cry wolf', () => {
    const documents = [...bbcDocuments()].slice(0, 50);
    const saidChecker: TextChecker = {
      check(input) {
        const text = textOf(input);
        const spans = [...text.matchAll(/\bsaid\b/g)].map((m) => ({ start: m.index!, end: m.index! + 4, expected: ['stated'] }));
        return resultFor(text, spans, 0);
      },
    };
    const m = measureClean(saidChecker, documents);
    const expectedCount = documents.reduce((n, d) => n + [...`${d.title}\n\n${d.body}`.matchAll(/\bsaid\b/g)].length, 0);
    expect(m.all.findings).toBe(expectedCount);
    expect(m.all.documents).toBe(50);
    expect(m.all.findingsPer1000Words).toBeCloseTo((expectedCount * 1000) / m.all.words, 10);
    expect(m.all.shareJudgedSpun).toBe(0);
    expect(m.topFalseFindings[0]).toMatchObject({ actual: 'said', expected: 'stated', count: expectedCount });
    expect(m.testSplit.documents).toBe(documents.filter((d) => d.split === 'test').length);
    // The worst documents are those with the most findings, listed with what was found.
    const saids = documents.map((d) => [...`${d.title}\n\n${d.body}`.matchAll(/\bsaid\b/g)].length);
    expect(m.all.manyFindings).toBe(saids.filter((n) => n > MANY_FINDINGS).length);
    expect(m.worstDocuments).toHaveLength(10);
    expect(m.worstDocuments[0]!.findings).toBe(Math.max(...saids));
    expect(m.worstDocuments[0]!.phrases[0]).toMatchObject({ phrase: 'said → stated', count: Math.max(...saids) });
    expect(m.worstDocuments.map((d) => d.findings)).toEqual([...saids].sort((a, b) => b - a).slice(0, 10));
  });
});

describe.skipIf(!existsSync(SEED_GOLD))('seed section', () => {
  it('gives an oracle from the gold every span, and a blind checker none', () => {
    const page = readFileSync(SEED_PAGE, 'utf8');
    const gold = loadSeedGold(page);
    const oracle = tableChecker(new Map([[page, { spans: gold.map((g) => ({ start: g.start, end: g.end, expected: [g.original] })), score: 0.9 }]]));
    const m = measureSeed(oracle, page, gold);
    expect(m.recalled).toBe(gold.length);
    expect(m.restored).toBe(gold.length);
    expect(m.precision).toBe(1);
    const none = measureSeed(blind, page, gold);
    expect(none.recalled).toBe(0);
    expect(none.findings).toBe(0);
  });
});

describe('table', () => {
  it('formats values and says which configuration failed', () => {
    expect(formatValue(0.1234, 'percent')).toBe('12.3%');
    expect(formatValue(NaN, 'fixed3')).toBe('–');
    expect(formatValue(null, 'fixed3')).toBe('error');
    const section: SectionResult = {
      id: 'demo',
      title: 'Demo section',
      rows: [{ metric: 'recall', values: { lexicon: 0.5, model: null }, format: 'fixed3', target: '>= 0.6' }],
      outcomes: { lexicon: { seconds: 1 }, model: { seconds: 0, error: 'model: not implemented yet' } },
      setup: {},
    };
    const table = renderTable([section]);
    expect(table).toMatch(/Demo section/);
    expect(table).toMatch(/recall\s+0\.500\s+error\s+>= 0\.6/);
    expect(table).toMatch(/demo \/ \+ model: model: not implemented yet/);
  });
});
