import { describe, expect, it } from 'vitest';
import { formatJson, formatJsonLine } from '../../src/report/index.js';
import type { CheckResult } from '../../src/types.js';
import { item, seedItem, seedText } from './fixtures.js';

describe('formatJson / formatJsonLine (contract v1)', () => {
  it('writes exactly the contract fields, in contract order', () => {
    const seed = seedItem();
    const parsed = JSON.parse(formatJson(seed)) as CheckResult;
    expect(Object.keys(parsed)).toEqual(['input', 'verdict', 'findings', 'restored']);
    expect(Object.keys(parsed.verdict)).toEqual(['spun', 'score', 'evidence']);
    expect(parsed.verdict.evidence.length).toBeGreaterThan(0);
    for (const evidence of parsed.verdict.evidence) expect(Object.keys(evidence)).toEqual(['signal', 'weight', 'findings', 'words']);
    expect(Object.keys(parsed.findings[0]!)).toEqual(['start', 'end', 'actual', 'expected', 'confidence', 'rule', 'source']);
    const spintax = parsed.findings.find((finding) => finding.rule === 'spintax')!;
    expect(Object.keys(spintax)).toEqual(['start', 'end', 'actual', 'expected', 'confidence', 'rule']);
    expect(parsed).toEqual(seed.result);
    for (const finding of parsed.findings) expect(seedText.slice(finding.start, finding.end)).toBe(finding.actual);
  });

  it('includes text only when the result has it, right after input', () => {
    const html = item('page.html', 'Extracted article text.', [], { spun: false, score: 0.01 }, true);
    expect(Object.keys(JSON.parse(formatJson(html)))).toEqual(['input', 'text', 'verdict', 'findings', 'restored']);
  });

  it('drops fields outside the contract', () => {
    const seed = seedItem();
    const noisy = { ...seed, result: { ...seed.result, debug: { tokens: 3 }, findings: seed.result.findings.map((f) => ({ ...f, internal: 1 })) } };
    const parsed = JSON.parse(formatJsonLine(noisy)) as Record<string, unknown> & { findings: Array<Record<string, unknown>> };
    expect(parsed.debug).toBeUndefined();
    expect(parsed.findings.every((finding) => !('internal' in finding))).toBe(true);
  });

  it('pretty-prints json with two spaces and keeps jsonl on one line', () => {
    const tricky = item('a\nb.txt', 'Line one.\nLine\u2028two\u2029 and more.\r\n', [], { spun: false, score: 0, evidence: [] });
    const json = formatJson(tricky);
    expect(json.split('\n')[1]).toMatch(/^ {2}"input"/);
    const line = formatJsonLine(tricky);
    expect(line).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(JSON.parse(line)).toEqual(tricky.result);
    expect(JSON.parse(json)).toEqual(tricky.result);
  });

  it('writes the sections of a long input after the evidence, and nothing of them for one section', () => {
    const sections = { count: 3, spun: 1, share: 0.333, ranges: [{ start: 0, end: 5, spun: true, score: 0.9 }, { start: 5, end: 9, spun: false, score: 0 }, { start: 9, end: 12, spun: false, score: 0.1 }] };
    const long = item('long.txt', 'Some words. More words. The end.', [], { spun: false, score: 0.49, evidence: [], sections });
    const parsed = JSON.parse(formatJson(long)) as CheckResult;
    expect(Object.keys(parsed.verdict)).toEqual(['spun', 'score', 'evidence', 'sections']);
    expect(parsed.verdict.sections).toEqual(sections);
    expect(Object.keys(JSON.parse(formatJson(seedItem())).verdict)).not.toContain('sections');
  });

  it('writes one line per input for several inputs', () => {
    const lines = [seedItem(), item('clean.txt', 'A plain sentence.', [], { spun: false, score: 0.02 })].map(formatJsonLine).join('\n').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => (JSON.parse(line) as CheckResult).input)).toEqual(['examples/spun-news-article.txt', 'clean.txt']);
  });
});
