import { describe, expect, it } from 'vitest';
import { auroc, goldFromAlignment, matchSpans, normalizeForMatch, overlaps, prf, ratio, restoredGold } from '../../eval/metrics.js';

describe('prf', () => {
  it('computes precision, recall and F1 from counts', () => {
    const { precision, recall, f1 } = prf(8, 2, 8);
    expect(precision).toBeCloseTo(0.8);
    expect(recall).toBeCloseTo(0.5);
    expect(f1).toBeCloseTo((2 * 0.8 * 0.5) / 1.3);
  });

  it('leaves undefined ratios undefined instead of inventing 0 or 1', () => {
    expect(prf(0, 0, 5).precision).toBeNaN();
    expect(prf(0, 0, 5).recall).toBe(0);
    expect(prf(0, 0, 0).f1).toBeNaN();
    expect(prf(0, 3, 0).recall).toBeNaN();
    expect(ratio(1, 0)).toBeNaN();
  });
});

describe('auroc', () => {
  it('is 1 for perfect separation and 0 for perfect inversion', () => {
    expect(auroc([0.9, 0.8, 0.7], [0.1, 0.2])).toBe(1);
    expect(auroc([0.1, 0.2], [0.9, 0.8, 0.7])).toBe(0);
  });

  it('counts ties as one half', () => {
    expect(auroc([0.5], [0.5])).toBe(0.5);
    expect(auroc([0, 0, 0], [0, 0])).toBe(0.5);
    // pairs: (0.5 vs 0.5) tie = 0.5, (0.5 vs 0.1) win = 1 → 0.75
    expect(auroc([0.5], [0.5, 0.1])).toBe(0.75);
  });

  it('matches a hand-counted example', () => {
    // positives 0.8, 0.4, 0.4; negatives 0.4, 0.3, 0.9
    // 0.8: beats 0.4, 0.3 (2); 0.4: ties 0.4 (0.5), beats 0.3 (1) → 1.5 each
    // total = 2 + 1.5 + 1.5 = 5 of 9 pairs
    expect(auroc([0.8, 0.4, 0.4], [0.4, 0.3, 0.9])).toBeCloseTo(5 / 9, 12);
  });

  it('does not depend on input order', () => {
    const pos = [0.3, 0.9, 0.5, 0.5, 0.1];
    const neg = [0.2, 0.5, 0.05, 0.7];
    expect(auroc([...pos].reverse(), [...neg].reverse())).toBeCloseTo(auroc(pos, neg), 12);
  });

  it('is NaN when a class is empty', () => {
    expect(auroc([], [0.1])).toBeNaN();
    expect(auroc([0.1], [])).toBeNaN();
  });
});

describe('overlaps', () => {
  it('treats ranges as half-open', () => {
    expect(overlaps({ start: 0, end: 5 }, { start: 5, end: 9 })).toBe(false);
    expect(overlaps({ start: 0, end: 6 }, { start: 5, end: 9 })).toBe(true);
    expect(overlaps({ start: 3, end: 4 }, { start: 0, end: 10 })).toBe(true);
  });

  it('never lets an empty range overlap', () => {
    expect(overlaps({ start: 5, end: 5 }, { start: 0, end: 10 })).toBe(false);
    expect(overlaps({ start: 0, end: 10 }, { start: 5, end: 5 })).toBe(false);
  });
});

describe('matchSpans', () => {
  it('marks findings that hit gold and gold that was found', () => {
    const gold = [{ start: 10, end: 14 }, { start: 20, end: 30 }, { start: 40, end: 45 }];
    const findings = [{ start: 0, end: 5 }, { start: 12, end: 22 }, { start: 44, end: 50 }];
    const m = matchSpans(findings, gold);
    expect(m.findingCorrect).toEqual([false, true, true]);
    expect(m.goldRecalled).toEqual([true, true, true]);
    expect(m.correctFindings).toBe(2);
    expect(m.recalledGold).toBe(3);
  });

  it('does not count touching ranges, and handles unsorted input', () => {
    const gold = [{ start: 20, end: 25 }, { start: 5, end: 10 }];
    const findings = [{ start: 25, end: 30 }, { start: 9, end: 12 }, { start: 0, end: 5 }];
    const m = matchSpans(findings, gold);
    expect(m.findingCorrect).toEqual([false, true, false]);
    expect(m.goldRecalled).toEqual([false, true]);
  });

  it('finds a long gold span that starts before a short one', () => {
    const gold = [{ start: 0, end: 100 }, { start: 2, end: 3 }];
    const m = matchSpans([{ start: 50, end: 52 }], gold);
    expect(m.goldRecalled).toEqual([true, false]);
    expect(m.findingCorrect).toEqual([true]);
  });

  it('never recalls an empty gold span', () => {
    const m = matchSpans([{ start: 0, end: 10 }], [{ start: 5, end: 5 }]);
    expect(m.recalledGold).toBe(0);
    expect(m.correctFindings).toBe(0);
  });
});

describe('normalizeForMatch', () => {
  it('folds case, curly quotes and spacing', () => {
    expect(normalizeForMatch('  The  “Cold”\nWar’s ')).toBe('the "cold" war\'s');
  });
});

describe('restoredGold', () => {
  const spun = 'deepening navy ties between the 2 international locations.';
  const navy = spun.indexOf('navy');
  const intl = spun.indexOf('international locations');
  const gold = [
    { start: navy, end: navy + 4, original: 'military' },
    { start: intl, end: intl + 'international locations'.length, original: 'countries' },
  ];

  it('accepts a finding whose first suggestion is the original', () => {
    const findings = [{ start: navy, end: navy + 4, expected: ['Military', 'army'] }];
    expect(restoredGold(spun, gold, findings)).toEqual([true, false]);
  });

  it('rejects a finding whose first suggestion is wrong, even if a later one is right', () => {
    const findings = [{ start: navy, end: navy + 4, expected: ['naval', 'military'] }];
    expect(restoredGold(spun, gold, findings)).toEqual([false, false]);
  });

  it('judges a multiword gold span covered by two findings as one region', () => {
    const findings = [
      { start: intl, end: intl + 'international'.length, expected: ['countries'] },
      { start: intl + 'international '.length, end: intl + 'international locations'.length, expected: [''] },
    ];
    // "countries " + "" → "countries" after normalisation
    expect(restoredGold(spun, gold, findings)).toEqual([false, true]);
  });

  it('fails a finding that restores only part of a gold span', () => {
    const findings = [{ start: intl, end: intl + 'international'.length, expected: ['foreign'] }];
    expect(restoredGold(spun, gold, findings)).toEqual([false, false]);
  });

  it('accepts a finding wider than the gold span when the wider restoration is right', () => {
    // finding "navy ties" → "military ties": the region holds the gold edit plus an unchanged word
    const findings = [{ start: navy, end: navy + 'navy ties'.length, expected: ['military ties'] }];
    expect(restoredGold(spun, gold, findings)).toEqual([true, false]);
  });

  it('undoes a deletion inside the region', () => {
    // original "the two big countries" → spun "the big nations": "two" deleted, "countries" replaced
    const text = 'the big nations';
    const deletionGold = [
      { start: 4, end: 4, original: 'two' },
      { start: 8, end: 15, original: 'countries' },
    ];
    expect(restoredGold(text, deletionGold, [{ start: 0, end: 15, expected: ['the two big countries'] }])).toEqual([false, true]);
    expect(restoredGold(text, deletionGold, [{ start: 0, end: 15, expected: ['the big countries'] }])).toEqual([false, false]);
    // a finding on "nations" alone does not reach the deletion
    expect(restoredGold(text, deletionGold, [{ start: 8, end: 15, expected: ['countries'] }])).toEqual([false, true]);
  });
});

describe('goldFromAlignment', () => {
  it('keeps changed blocks with their original text', () => {
    const original = 'the cold war ended';
    const blocks = [
      { kind: 'same' as const, a: [0, 3] as const, b: [0, 3] as const },
      { kind: 'changed' as const, a: [4, 12] as const, b: [4, 18] as const },
      { kind: 'same' as const, a: [13, 18] as const, b: [19, 24] as const },
    ];
    expect(goldFromAlignment(original, blocks)).toEqual([{ start: 4, end: 18, original: 'cold war' }]);
  });
});
