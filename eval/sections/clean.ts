/**
 * Clean text: every BBC article, unspun. Any finding here is a false alarm,
 * and a false alarm costs more trust than a miss. The BBC test split is the
 * honest held-out number: the model's statistics are built from the other
 * documents.
 */
import { bbcDocuments, type NewsDocument } from '../../tools/corpora.js';
import { checkText, countWords, fraction, perConfig, row, round, section, type EvalContext, type TextChecker, type SectionResult } from '../harness.js';
import { ratio } from '../metrics.js';

/** In --quick runs, every this-many-th article. */
const QUICK_STRIDE = 10;
const TOP_FALSE_FINDINGS = 20;

interface Totals {
  documents: number;
  words: number;
  findings: number;
  judgedSpun: number;
}

export interface CleanMetrics {
  all: Totals & { findingsPer1000Words: number; shareJudgedSpun: number };
  testSplit: Totals & { findingsPer1000Words: number; shareJudgedSpun: number };
  /** The phrases that cry wolf most often, for the engineers. */
  topFalseFindings: Array<{ actual: string; expected: string; rule: string; source?: string; count: number; documents: number }>;
  /** The clean articles that score highest, with their scores. */
  topScoringDocuments: Array<{ id: string; score: number; spun: boolean; findings: number }>;
}

const empty = (): Totals => ({ documents: 0, words: 0, findings: 0, judgedSpun: 0 });
const summarise = (t: Totals) => ({
  ...t,
  findingsPer1000Words: ratio(t.findings * 1000, t.words),
  shareJudgedSpun: ratio(t.judgedSpun, t.documents),
});

export function measureClean(checker: TextChecker, documents: readonly NewsDocument[]): CleanMetrics {
  const all = empty();
  const test = empty();
  const phrases = new Map<string, { actual: string; expected: string; rule: string; source?: string; count: number; documents: Set<string> }>();
  const scores: CleanMetrics['topScoringDocuments'] = [];
  for (const doc of documents) {
    const text = `${doc.title}\n\n${doc.body}`;
    const { result } = checkText(checker, text);
    const words = countWords(result.text ?? text);
    for (const totals of doc.split === 'test' ? [all, test] : [all]) {
      totals.documents++;
      totals.words += words;
      totals.findings += result.findings.length;
      if (result.verdict.spun) totals.judgedSpun++;
    }
    for (const f of result.findings) {
      const actual = f.actual.toLowerCase().replace(/\s+/g, ' ');
      const key = `${f.rule}\u0000${actual}\u0000${f.expected[0] ?? ''}`;
      let entry = phrases.get(key);
      if (!entry) phrases.set(key, (entry = { actual, expected: f.expected[0] ?? '', rule: f.rule, ...(f.source ? { source: f.source } : {}), count: 0, documents: new Set() }));
      entry.count++;
      entry.documents.add(doc.id);
    }
    if (result.verdict.score > 0) scores.push({ id: doc.id, score: result.verdict.score, spun: result.verdict.spun, findings: result.findings.length });
  }
  return {
    all: summarise(all),
    testSplit: summarise(test),
    topFalseFindings: [...phrases.values()]
      .sort((a, b) => b.count - a.count || (a.actual < b.actual ? -1 : 1))
      .slice(0, TOP_FALSE_FINDINGS)
      .map(({ documents, ...rest }) => ({ ...rest, documents: documents.size })),
    topScoringDocuments: scores.sort((a, b) => b.score - a.score).slice(0, 10),
  };
}

export function runClean(ctx: EvalContext): SectionResult {
  const documents = [...bbcDocuments()].filter((_, i) => !ctx.quick || i % QUICK_STRIDE === 0);
  const outcomes = perConfig(ctx, (checker) => measureClean(checker, documents));
  const testCount = documents.filter((d) => d.split === 'test').length;
  const rows = [
    row(outcomes, 'findings / 1,000 words', (m) => round(m.all.findingsPer1000Words, 3), 'fixed2', '<= 0.5'),
    row(outcomes, 'judged spun', (m) => m.all.shareJudgedSpun, 'percent', '<= 1%'),
    row(outcomes, 'judged spun (count)', (m) => fraction(m.all.judgedSpun, m.all.documents), 'text'),
    row(outcomes, `test split (${testCount}): findings / 1,000 words`, (m) => round(m.testSplit.findingsPer1000Words, 3), 'fixed2', '<= 0.5'),
    row(outcomes, 'test split: judged spun', (m) => m.testSplit.shareJudgedSpun, 'percent', '<= 1%'),
  ];
  return section('clean', `Clean BBC (${documents.length} articles, unspun)`, outcomes, rows, {
    data: 'bbc-news: every article, title + body, unspun',
    documents: documents.length,
    testSplitDocuments: testCount,
    sample: ctx.quick ? `every ${QUICK_STRIDE}th article` : 'all',
  });
}
