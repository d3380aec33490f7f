/**
 * The seed page: a real content-farm copy of a news article, chrome and all,
 * with the lead's gold annotation of its substituted spans.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../../tools/corpora.js';
import { fraction, perConfig, row, round, section, type EvalContext, type TextChecker, type SectionResult } from '../harness.js';
import { matchSpans, ratio, restoredGold, type GoldEdit } from '../metrics.js';

export const SEED_PAGE = join(REPO, 'examples', 'spun-news-article.txt');
export const SEED_GOLD = join(REPO, 'eval', 'gold', 'seed.json');

export interface GoldSpan extends GoldEdit {
  actual: string;
}

export interface SeedMetrics {
  findings: number;
  correct: number;
  precision: number;
  goldSpans: number;
  recalled: number;
  restored: number;
  spun: boolean;
  score: number;
  /** Findings that overlap no gold span, for reading. */
  falseFindings: Array<{ actual: string; expected: string; rule: string; start: number }>;
}

export function loadSeedGold(text: string): GoldSpan[] {
  const gold = JSON.parse(readFileSync(SEED_GOLD, 'utf8')) as GoldSpan[];
  const misplaced = gold.filter((g) => text.slice(g.start, g.end) !== g.actual);
  if (misplaced.length > 0) {
    throw new Error(`eval/gold/seed.json: ${misplaced.length} spans do not match the page text (first at ${misplaced[0]!.start}: "${misplaced[0]!.actual}")`);
  }
  return gold;
}

export function measureSeed(checker: TextChecker, page: string, gold: readonly GoldSpan[]): SeedMetrics {
  const result = checker.check(page, { name: 'examples/spun-news-article.txt' });
  if (result.text !== undefined && result.text !== page) throw new Error('the seed page was not analysed as plain text: offsets would not match the gold');
  const match = matchSpans(result.findings, gold);
  return {
    findings: result.findings.length,
    correct: match.correctFindings,
    precision: ratio(match.correctFindings, result.findings.length),
    goldSpans: gold.length,
    recalled: match.recalledGold,
    restored: restoredGold(page, gold, result.findings).filter(Boolean).length,
    spun: result.verdict.spun,
    score: result.verdict.score,
    falseFindings: result.findings
      .filter((_, i) => !match.findingCorrect[i])
      .map((f) => ({ actual: f.actual, expected: f.expected[0] ?? '', rule: f.rule, start: f.start })),
  };
}

export function runSeed(ctx: EvalContext): SectionResult {
  const title = 'Seed page (examples/spun-news-article.txt)';
  if (!existsSync(SEED_GOLD)) {
    return { id: 'seed', title, rows: [], outcomes: {} as SectionResult['outcomes'], setup: {}, unavailable: 'seed gold not available' };
  }
  const page = readFileSync(SEED_PAGE, 'utf8');
  const gold = loadSeedGold(page);
  const outcomes = perConfig(ctx, (checker) => measureSeed(checker, page, gold));
  const rows = [
    row(outcomes, 'verdict score', (m) => `${m.score.toFixed(3)}${m.spun ? ' spun' : ''}`, 'text'),
    row(outcomes, 'findings', (m) => m.findings, 'integer', '>= 120'),
    row(outcomes, 'findings correct (overlap gold)', (m) => m.correct, 'integer'),
    row(outcomes, 'precision', (m) => round(m.precision, 3), 'fixed3', '>= 0.95'),
    row(outcomes, 'gold spans recalled', (m) => fraction(m.recalled, m.goldSpans), 'text'),
    row(outcomes, 'gold spans restored', (m) => fraction(m.restored, m.goldSpans), 'text', 'model > lexicon'),
  ];
  return section('seed', title, outcomes, rows, { page: 'examples/spun-news-article.txt', gold: 'eval/gold/seed.json', goldSpans: gold.length });
}
