/**
 * The product's first customer: the real spun page in examples/. Judged spun,
 * most tortured phrases marked, nearly all of them truly spun (against the
 * gold annotation in eval/gold/seed.json), and the page chrome never flagged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createChecker } from '../../src/index.js';
import type { CheckResult } from '../../src/types.js';
import { REPO, SEED } from '../helpers/shared.js';

interface GoldSpan { start: number; end: number; actual: string; original: string }

const text = readFileSync(SEED, 'utf8');
const gold: GoldSpan[] = JSON.parse(readFileSync(join(REPO, 'eval', 'gold', 'seed.json'), 'utf8'));
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

describe('check on the seed page (lexicons only)', () => {
  let result: CheckResult;
  beforeAll(() => {
    result = createChecker({ model: false }).check(text, { name: 'seed' });
  });

  it('judges it spun with a high score', () => {
    expect(result.verdict.spun).toBe(true);
    expect(result.verdict.score).toBeGreaterThan(0.8);
  });

  it('marks at least 120 phrases, at least 95% of them truly spun', () => {
    const correct = result.findings.filter((f) => gold.some((g) => overlaps(f, g)));
    expect(result.findings.length).toBeGreaterThanOrEqual(120);
    expect(correct.length / result.findings.length).toBeGreaterThanOrEqual(0.95);
  });

  it('gives offsets that slice to the reported text', () => {
    for (const f of result.findings) expect(text.slice(f.start, f.end)).toBe(f.actual);
  });

  it('never flags the page chrome', () => {
    const chrome = ['LEAVE A REPLY', 'Please enter your comment!', 'Please enter your name here', '\n0\n', '\n56\n'];
    for (const line of chrome) {
      const start = text.indexOf(line);
      expect(start).toBeGreaterThanOrEqual(0);
      const span = { start, end: start + line.length };
      expect(result.findings.filter((f) => overlaps(f, span))).toEqual([]);
    }
  });

  it('restores the multiword artefacts to plain news English', () => {
    expect(result.restored).toContain('Chinese Defense Minister Li Shangfu');
    expect(result.restored).toContain('Cold War-era military');
    expect(result.restored).toContain('Chinese satellite firm Spacety China');
    expect(result.restored).toContain('between the two countries');
    expect(result.restored).not.toContain('{hardware}');
    expect(result.restored).not.toMatch(/navy ties|Chilly Warfare|tv for pc|international locations/);
  });
});
