import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignTexts, type AlignedBlock } from '../../src/text/diff.js';
import { normalizeWord, tokenize } from '../../src/text/tokenize.js';
import { hasShared, SEED } from '../helpers/shared.js';
import { mpcPairs } from '../../tools/corpora.js';

/** The blocks as readable pairs: `=a` for same, `a => b` for changed. */
function show(a: string, b: string, blocks: AlignedBlock[]): string[] {
  return blocks.map((block) =>
    block.kind === 'same' ? `=${a.slice(...block.a)}` : `${a.slice(...block.a)} => ${b.slice(...block.b)}`);
}

/** Normalised tokens of a text range. */
function tokensOf(text: string, [start, end]: [number, number]): string[] {
  const tokens = tokenize(text.slice(start, end));
  return Array.from({ length: tokens.count }, (_, i) => normalizeWord(text.slice(start + tokens.starts[i]!, start + tokens.ends[i]!)));
}

/**
 * The properties every alignment must have: blocks in order, covering both
 * texts with only whitespace left between them, ranges that exclude
 * whitespace, same blocks with equal tokens, changed blocks with a side, and
 * never two changed blocks in a row. Returns the violations (none expected).
 */
function alignmentProblems(a: string, b: string, blocks: AlignedBlock[]): string[] {
  const problems: string[] = [];
  for (const [text, side] of [[a, 'a'], [b, 'b']] as const) {
    let position = 0;
    blocks.forEach((block, index) => {
      const [start, end] = block[side];
      if (start < position || end < start) problems.push(`${side} block ${index} out of order`);
      if (text.slice(position, start).trim() !== '') problems.push(`${side} block ${index} leaves text uncovered`);
      if (end > start && (/\s/.test(text[start]!) || /\s/.test(text[end - 1]!))) problems.push(`${side} block ${index} includes whitespace`);
      position = Math.max(position, end);
    });
    if (text.slice(position).trim() !== '') problems.push(`${side} tail uncovered`);
  }
  blocks.forEach((block, index) => {
    if (block.kind === 'same' && (block.a[1] === block.a[0] || tokensOf(a, block.a).join(' ') !== tokensOf(b, block.b).join(' '))) {
      problems.push(`same block ${index} differs: ${a.slice(...block.a)} / ${b.slice(...block.b)}`);
    }
    if (block.kind === 'changed' && block.a[1] === block.a[0] && block.b[1] === block.b[0]) problems.push(`changed block ${index} is empty`);
    if (index > 0 && block.kind === 'changed' && blocks[index - 1]!.kind === 'changed') problems.push(`changed blocks ${index - 1}, ${index} adjacent`);
  });
  return problems;
}

function expectValidAlignment(a: string, b: string, blocks: AlignedBlock[]): void {
  expect(alignmentProblems(a, b, blocks)).toEqual([]);
}

describe('alignTexts', () => {
  it('pairs substitutions between equal anchors, multiword on both sides', () => {
    const a = 'deepening military ties between the two countries.';
    const b = 'deepening navy ties between the 2 international locations.';
    const blocks = alignTexts(a, b);
    expectValidAlignment(a, b, blocks);
    expect(show(a, b, blocks)).toEqual([
      '=deepening', 'military => navy', '=ties between the', 'two countries => 2 international locations', '=.',
    ]);
  });

  it('compares words case-insensitively and lets punctuation anchor the alignment', () => {
    const a = 'The Cold War-era alliances, he said.';
    const b = 'the Chilly Warfare-era alliances, he mentioned.';
    const blocks = alignTexts(a, b);
    expectValidAlignment(a, b, blocks);
    expect(show(a, b, blocks)).toEqual(['=The', 'Cold War => Chilly Warfare', '=-era alliances, he', 'said => mentioned', '=.']);
  });

  it('gives insertions and deletions an empty range on one side', () => {
    const a = 'a satellite firm called Spacety';
    const b = 'a satellite tv for pc firm called Spacety';
    const blocks = alignTexts(a, b);
    expectValidAlignment(a, b, blocks);
    const insertion = blocks.find((block) => block.kind === 'changed')!;
    expect(insertion.a[0]).toBe(insertion.a[1]);
    expect(b.slice(...insertion.b)).toBe('tv for pc');
    expect(a.slice(insertion.a[0])).toBe('firm called Spacety');

    const reverse = alignTexts(b, a);
    const deletion = reverse.find((block) => block.kind === 'changed')!;
    expect(b.slice(...deletion.a)).toBe('tv for pc');
    expect(deletion.b[0]).toBe(deletion.b[1]);
  });

  it('handles empty and whitespace-only texts', () => {
    expect(alignTexts('', '')).toEqual([]);
    expect(alignTexts('  \n', ' ')).toEqual([]);
    expect(alignTexts('', 'word')).toEqual([{ kind: 'changed', a: [0, 0], b: [0, 4] }]);
    expect(alignTexts('two words', '')).toEqual([{ kind: 'changed', a: [0, 9], b: [0, 0] }]);
  });

  it('finds a minimal alignment: as many equal tokens as the longest common subsequence', () => {
    // Small random texts over a tiny vocabulary make ambiguous alignments likely.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const vocabulary = ['the', 'a', 'war', 'cold', ',', '.'];
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: Math.floor(random() * 14) }, () => vocabulary[Math.floor(random() * vocabulary.length)]!);
      const b = Array.from({ length: Math.floor(random() * 14) }, () => vocabulary[Math.floor(random() * vocabulary.length)]!);
      const ta = a.join(' ');
      const tb = b.join(' ');
      const blocks = alignTexts(ta, tb);
      expectValidAlignment(ta, tb, blocks);
      const same = blocks.filter((block) => block.kind === 'same').reduce((sum, block) => sum + tokensOf(ta, block.a).length, 0);
      expect(same).toBe(lcsLength(a, b));
    }
  });

  it('aligns the seed page with an edited copy of itself', () => {
    const seed = readFileSync(SEED, 'utf8');
    const edited = seed.replace('navy ties', 'military ties').replace('Chilly Warfare', 'Cold War').replace(/ mentioned\b/g, ' said');
    const blocks = alignTexts(seed, edited);
    expectValidAlignment(seed, edited, blocks);
    const changes = blocks.filter((block) => block.kind === 'changed').map((block) => `${seed.slice(...block.a)} => ${edited.slice(...block.b)}`);
    expect(changes).toContain('navy => military');
    expect(changes).toContain('Chilly Warfare => Cold War');
    expect(changes.filter((change) => change === 'mentioned => said').length).toBe((seed.match(/ mentioned\b/g) ?? []).length);
    expect(changes.length).toBe(2 + (seed.match(/ mentioned\b/g) ?? []).length);
  });
});

describe.skipIf(!hasShared)('alignTexts on the MPC SpinBot pairs', () => {
  const pairs = hasShared ? mpcPairs() : [];

  it('keeps a multiword substitution in one changed block (pair line 2: "rear admiral" ↔ "back naval commander")', () => {
    const pair = pairs.find((p) => p.line === 2)!;
    const blocks = alignTexts(pair.original, pair.spun);
    const changes = blocks.filter((block) => block.kind === 'changed').map((block) => [pair.original.slice(...block.a), pair.spun.slice(...block.b)]);
    expect(changes).toContainEqual(['rear admiral', 'back naval commander']);
    expect(changes).toContainEqual(['during', 'amid']);
  });

  it('produces a valid alignment for all 200 pairs, and one same block for identical pairs', () => {
    expect(pairs.length).toBe(200);
    for (const pair of pairs) {
      const blocks = alignTexts(pair.original, pair.spun);
      expectValidAlignment(pair.original, pair.spun, blocks);
      if (pair.original === pair.spun) expect(blocks.map((block) => block.kind)).toEqual(['same']);
    }
  });

  it('aligns a long document (all 200 pairs joined, ~150 KB) nearly as well as its paragraphs one by one', () => {
    const original = pairs.map((p) => p.original).join('\n\n');
    const spun = pairs.map((p) => p.spun).join('\n\n');
    const blocks = alignTexts(original, spun);
    expectValidAlignment(original, spun, blocks);
    const sameTokens = (list: AlignedBlock[], text: string) =>
      list.filter((block) => block.kind === 'same').reduce((sum, block) => sum + tokensOf(text, block.a).length, 0);
    const whole = sameTokens(blocks, original);
    const perParagraph = pairs.reduce((sum, p) => sum + sameTokens(alignTexts(p.original, p.spun), p.original), 0);
    // An optimal alignment of the whole would find at least what the pieces find; the anchoring
    // and cost cap that keep long documents fast may give up a little of it, never much.
    expect(whole).toBeGreaterThanOrEqual(Math.floor(perParagraph * 0.995));
    expect(whole).toBeGreaterThan(15_000);
  });
});

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}
