/**
 * The learning curve: what `learn` adds to `check` against one farm.
 *
 * Farm = one spinner seed (`bench/fixtures/spinner.ts`: the synonym choice
 * depends only on (seed, word), so one seed is one farm's dictionary), at 20%
 * of words substituted. Documents: BBC/Reuters *test-split* articles of at
 * least 150 words, in sha1(id) order; the farm's first 20 copies are the
 * learning pool, the next 100 are held out. For k = 0, 1, 5, 20 the lexicon is
 * learned from the first k (original, copy) pairs (the `unspin learn --pairs`
 * path) and `check` runs on the held-out copies with it, without and with the
 * statistical model:
 *  - document recall: held-out copies judged spun;
 *  - span recall: the farm's substitutions overlapped by a finding;
 *  - and on the held-out *originals* (clean text): judged spun, and findings
 *    per 1,000 words, so that a gain in recall is not bought with false alarms.
 *
 *   npx tsx bench/trace/learning.ts
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createChecker } from '../../dist/index.js';
import { SubstitutionLearner } from '../../dist/learn/index.js';
import { loadDefaultModel } from '../../dist/model/index.js';
import { loadSpinner, type SpunDocument } from '../fixtures/spinner.js';
import { isNews, referenceDocuments } from './corpus.js';

export interface LearningRow {
  copies: number;
  entries: number;
  strong: number;
  model: boolean;
  documentRecall: number;
  spanRecall: number;
  cleanJudgedSpun: number;
  cleanFindingsPer1000: number;
}

export interface LearningBench {
  farmSeed: number;
  rate: number;
  heldOut: number;
  modelAvailable: boolean;
  rows: LearningRow[];
}

const FARM = 42;
const RATE = 0.2;
const POOL = 20;
const HELD_OUT = 100;

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

export async function benchLearning(): Promise<LearningBench> {
  const spinner = loadSpinner();
  const articles = referenceDocuments()
    .filter((d) => isNews(d.id) && d.split === 'test' && d.text.split(/\s+/).length >= 150)
    .sort((a, b) => (sha1(a.id) < sha1(b.id) ? -1 : 1))
    .slice(0, POOL + HELD_OUT);
  const copies: SpunDocument[] = articles.map((d) => spinner.spin(d.text, { rate: RATE, seed: FARM }));
  const pool = articles.slice(0, POOL);
  const heldOut = articles.slice(POOL);
  const heldCopies = copies.slice(POOL);
  const modelAvailable = loadDefaultModel() !== null;

  const rows: LearningRow[] = [];
  for (const k of [0, 1, 5, 20]) {
    const learner = new SubstitutionLearner();
    for (let i = 0; i < k; i++) learner.addPair(pool[i]!.text, copies[i]!.text);
    const lexicon = learner.lexicon({ id: 'farm' });
    for (const model of modelAvailable ? [false, true] : [false]) {
      const checker = createChecker({ lexicons: k > 0 ? [lexicon] : [], model });
      let judged = 0;
      let edits = 0;
      let found = 0;
      heldCopies.forEach((copy) => {
        const result = checker.check(copy.text, { kind: 'text' });
        if (result.verdict.spun) judged++;
        for (const edit of copy.edits) {
          edits++;
          if (result.findings.some((f) => f.start < edit.end && f.end > edit.start)) found++;
        }
      });
      let cleanSpun = 0;
      let cleanFindings = 0;
      let cleanWords = 0;
      for (const doc of heldOut) {
        const result = checker.check(doc.text, { kind: 'text' });
        if (result.verdict.spun) cleanSpun++;
        cleanFindings += result.findings.length;
        cleanWords += doc.text.split(/\s+/).filter(Boolean).length;
      }
      rows.push({
        copies: k,
        entries: lexicon.entries.length,
        strong: lexicon.entries.filter((e) => e.tier === 'strong').length,
        model,
        documentRecall: judged / heldCopies.length,
        spanRecall: found / Math.max(1, edits),
        cleanJudgedSpun: cleanSpun / heldOut.length,
        cleanFindingsPer1000: (1000 * cleanFindings) / Math.max(1, cleanWords),
      });
    }
  }
  return { farmSeed: FARM, rate: RATE, heldOut: HELD_OUT, modelAvailable, rows };
}

export function formatLearning(b: LearningBench): string {
  const lines = [
    `learning curve: farm = spinner seed ${b.farmSeed} at ${b.rate * 100}% of words; ${b.heldOut} held-out copies and their originals (test split)${b.modelAvailable ? '' : '; no statistical model built, lexicon-only rows'}`,
    `  ${'copies'.padStart(6)} ${'entries'.padStart(8)} ${'strong'.padStart(7)} ${'model'.padStart(6)} ${'doc recall'.padStart(11)} ${'span recall'.padStart(12)} ${'clean spun'.padStart(11)} ${'clean /1k w'.padStart(12)}`,
  ];
  for (const r of b.rows) {
    lines.push(
      `  ${String(r.copies).padStart(6)} ${String(r.entries).padStart(8)} ${String(r.strong).padStart(7)} ${(r.model ? 'yes' : 'no').padStart(6)} ${r.documentRecall.toFixed(3).padStart(11)} ${r.spanRecall.toFixed(3).padStart(12)} ${r.cleanJudgedSpun.toFixed(3).padStart(11)} ${r.cleanFindingsPer1000.toFixed(2).padStart(12)}`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatLearning(await benchLearning()));
}
