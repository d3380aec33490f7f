/**
 * The metrics of `npm run eval`, as small pure functions.
 *
 * Conventions: ranges are half-open [start, end) character offsets; a ratio
 * with a zero denominator is NaN (printed "–", written as null in JSON), never
 * a made-up 0 or 1.
 */

export interface Span {
  start: number;
  end: number;
}

/** A gold substitution: where it sits in the spun text and what it replaced. */
export interface GoldEdit extends Span {
  original: string;
}

/** A finding reduced to what scoring needs. */
export interface Suggestion extends Span {
  expected: readonly string[];
  /** `false`: restoration leaves the span as written (see src/restore/choose.ts). */
  restore?: boolean;
}

export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? NaN : numerator / denominator;
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 from counts; F1 is NaN only when both are undefined. */
export function prf(truePositives: number, falsePositives: number, falseNegatives: number): PRF {
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, truePositives + falseNegatives);
  const f1 = ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
  return { precision, recall, f1 };
}

/**
 * Area under the ROC curve: the probability that a random positive scores
 * above a random negative, ties counting one half (Mann–Whitney U with
 * average ranks). NaN when either class is empty.
 */
export function auroc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return NaN;
  const all = [...positives.map((score) => ({ score, positive: true })), ...negatives.map((score) => ({ score, positive: false }))];
  all.sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.score === all[i]!.score) j++;
    // Ranks i+1 .. j share their average.
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]!.positive) rankSum += averageRank;
    i = j;
  }
  const p = positives.length;
  const u = rankSum - (p * (p + 1)) / 2;
  return u / (p * negatives.length);
}

/** Half-open ranges overlap when they share at least one character; an empty range overlaps nothing. */
export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end && a.start < a.end && b.start < b.end;
}

export interface SpanMatch {
  /** Per finding: overlaps at least one gold span. */
  findingCorrect: boolean[];
  /** Per gold span: overlapped by at least one finding. */
  goldRecalled: boolean[];
  correctFindings: number;
  recalledGold: number;
}

/** Which findings hit a gold span and which gold spans were found. Inputs in any order; empty gold spans are never recalled. */
export function matchSpans(findings: readonly Span[], gold: readonly Span[]): SpanMatch {
  const findingCorrect = findings.map(() => false);
  const goldRecalled = gold.map(() => false);
  const byStart = (list: readonly Span[]) => list.map((_, i) => i).sort((x, y) => list[x]!.start - list[y]!.start);
  const f = byStart(findings);
  const g = byStart(gold);
  // Sweep in start order: a leading gold span that ends before this finding starts ends before every later one too.
  let from = 0;
  for (const fi of f) {
    const finding = findings[fi]!;
    while (from < g.length && gold[g[from]!]!.end <= finding.start) from++;
    for (let k = from; k < g.length; k++) {
      const span = gold[g[k]!]!;
      if (span.start >= finding.end) break;
      if (overlaps(finding, span)) {
        findingCorrect[fi] = true;
        goldRecalled[g[k]!] = true;
      }
    }
  }
  return {
    findingCorrect,
    goldRecalled,
    correctFindings: findingCorrect.filter(Boolean).length,
    recalledGold: goldRecalled.filter(Boolean).length,
  };
}

/** How two wordings are compared: case, spacing and quote style do not count. */
export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u02bc\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Replaces non-overlapping ranges of `text` within [from, to) by their replacements. */
function rewrite(text: string, from: number, to: number, edits: ReadonlyArray<{ start: number; end: number; text: string }>): string {
  let out = '';
  let cursor = from;
  for (const edit of edits) {
    if (edit.start < cursor) continue; // overlapping: the earlier edit wins
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor, to);
}

/**
 * Per gold edit: was it found AND restored to its original wording?
 *
 * Findings and gold spans rarely line up one to one (an alignment block
 * "navy ties" may meet a finding "navy"), so each connected group of
 * overlapping gold spans and findings is judged as a region: the region's
 * spun text with every finding replaced by its best suggestion must equal the
 * region with every gold edit undone (normalised by `normalizeForMatch`).
 * When a finding covers exactly one gold span this is simply
 * `expected[0] == original`. Gold spans that no finding overlaps are false.
 * Empty gold spans (deletions) are undone inside any region that strictly
 * contains their position.
 */
export function restoredGold(spun: string, gold: readonly GoldEdit[], findings: readonly Suggestion[]): boolean[] {
  const result = gold.map(() => false);
  type Item = { span: Span; gold: number; finding: number };
  const items: Item[] = [];
  gold.forEach((g, i) => { if (g.end > g.start) items.push({ span: g, gold: i, finding: -1 }); });
  findings.forEach((f, i) => { if (f.end > f.start) items.push({ span: f, gold: -1, finding: i }); });
  items.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const deletions = gold.map((g, i) => ({ g, i })).filter(({ g }) => g.end === g.start);

  for (let i = 0; i < items.length; ) {
    let end = items[i]!.span.end;
    let j = i + 1;
    while (j < items.length && items[j]!.span.start < end) end = Math.max(end, items[j++]!.span.end);
    const group = items.slice(i, j);
    const start = items[i]!.span.start;
    i = j;
    const golds = group.filter((item) => item.gold >= 0).map((item) => item.gold);
    const finds = group.filter((item) => item.finding >= 0).map((item) => findings[item.finding]!);
    if (golds.length === 0 || finds.length === 0) continue;
    const undone = [
      ...golds.map((k) => ({ start: gold[k]!.start, end: gold[k]!.end, text: gold[k]!.original })),
      // A deletion sits at the start of the word after it (as `alignTexts` places it): put the word back with its space.
      ...deletions.filter(({ g }) => g.start > start && g.start < end).map(({ g }) => ({ start: g.start, end: g.end, text: g.original + ' ' })),
    ].sort((a, b) => a.start - b.start || a.end - b.end);
    const restored = finds
      .map((f) => ({ start: f.start, end: f.end, text: f.restore === false ? spun.slice(f.start, f.end) : f.expected[0] ?? spun.slice(f.start, f.end) }))
      .sort((a, b) => a.start - b.start);
    const correct = normalizeForMatch(rewrite(spun, start, end, restored)) === normalizeForMatch(rewrite(spun, start, end, undone));
    for (const k of golds) result[k] = correct;
  }
  return result;
}

/** Gold edits from a word alignment (original `a`, spun `b`): every changed block, with its original text. */
export function goldFromAlignment(
  original: string,
  blocks: ReadonlyArray<{ kind: 'same' | 'changed'; a: readonly [number, number]; b: readonly [number, number] }>,
): GoldEdit[] {
  return blocks
    .filter((block) => block.kind === 'changed')
    .map((block) => ({ start: block.b[0], end: block.b[1], original: original.slice(block.a[0], block.a[1]) }));
}
