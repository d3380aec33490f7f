/**
 * MPC SpinBot: 200 Wikipedia paragraphs and their SpinBot-spun versions.
 * Lines 1-100 are development, 101-200 test (the headline). Documents: every
 * original (negative) and every spun paragraph that differs from its original
 * (positive). Gold spans come from a word alignment of each pair.
 */
import { alignTexts } from '../../src/text/diff.js';
import { mpcPairs, type MpcPair } from '../../tools/corpora.js';
import { checkText, countWords, fraction, perConfig, row, round, section, type EvalContext, type TextChecker, type Outcomes, type Row, type SectionResult } from '../harness.js';
import { goldFromAlignment, matchSpans, prf, ratio, restoredGold, type GoldEdit } from '../metrics.js';

export interface MpcHalfMetrics {
  originals: number;
  spun: number;
  spunJudgedSpun: number;
  originalsNotJudgedSpun: number;
  document: { precision: number; recall: number; f1: number };
  span: { precision: number; recall: number; f1: number; findings: number; correctFindings: number; goldSpans: number; recalledSpans: number };
  restoration: { restored: number; recalled: number; accuracy: number };
  /** False findings on the clean originals. */
  originalFindingsPer1000Words: number;
  /** Spun paragraphs whose analysed text was not the input (span scoring skipped). */
  textChanged: number;
  examplesMissed: string[];
}

export interface PreparedPair {
  pair: MpcPair;
  /** Present when the spun text differs from the original. */
  gold?: GoldEdit[];
}

export function prepareMpc(pairs: readonly MpcPair[]): PreparedPair[] {
  return pairs.map((pair) => (pair.spun === pair.original ? { pair } : { pair, gold: goldFromAlignment(pair.original, alignTexts(pair.original, pair.spun)) }));
}

export function measureMpcHalf(checker: TextChecker, prepared: readonly PreparedPair[]): MpcHalfMetrics {
  let spunJudged = 0;
  let spunDocs = 0;
  let originalsClean = 0;
  let originalsSpun = 0;
  let originalWords = 0;
  let originalFindings = 0;
  let findings = 0;
  let correct = 0;
  let goldSpans = 0;
  let recalled = 0;
  let restored = 0;
  let textChanged = 0;
  const missed: string[] = [];
  for (const { pair, gold } of prepared) {
    const original = checkText(checker, pair.original).result;
    originalWords += countWords(pair.original);
    originalFindings += original.findings.length;
    if (original.verdict.spun) originalsSpun++;
    else originalsClean++;
    if (!gold) continue;
    spunDocs++;
    const { result, textChanged: changed } = checkText(checker, pair.spun);
    if (result.verdict.spun) spunJudged++;
    else if (missed.length < 5) missed.push(pair.id);
    if (changed) {
      textChanged++;
      continue;
    }
    const spans = gold.filter((g) => g.end > g.start);
    const match = matchSpans(result.findings, spans);
    findings += result.findings.length;
    correct += match.correctFindings;
    goldSpans += spans.length;
    recalled += match.recalledGold;
    restored += restoredGold(pair.spun, gold, result.findings).filter(Boolean).length;
  }
  const span = prf(correct, findings - correct, goldSpans - recalled);
  return {
    originals: prepared.length,
    spun: spunDocs,
    spunJudgedSpun: spunJudged,
    originalsNotJudgedSpun: originalsClean,
    document: prf(spunJudged, originalsSpun, spunDocs - spunJudged),
    span: { ...span, findings, correctFindings: correct, goldSpans, recalledSpans: recalled },
    restoration: { restored, recalled, accuracy: ratio(restored, recalled) },
    originalFindingsPer1000Words: ratio(originalFindings * 1000, originalWords),
    textChanged,
    examplesMissed: missed,
  };
}

function halfRows(outcomes: Outcomes<MpcHalfMetrics>, label: string, headline: boolean): Row[] {
  return [
    row(outcomes, `${label}: document precision`, (m) => round(m.document.precision, 3), 'fixed3'),
    row(outcomes, `${label}: document recall`, (m) => round(m.document.recall, 3), 'fixed3'),
    row(outcomes, `${label}: document F1`, (m) => round(m.document.f1, 3), 'fixed3', headline ? '>= 0.95' : undefined),
    row(outcomes, `${label}: spun judged spun`, (m) => fraction(m.spunJudgedSpun, m.spun), 'text'),
    row(outcomes, `${label}: originals not judged spun`, (m) => fraction(m.originalsNotJudgedSpun, m.originals), 'text'),
    row(outcomes, `${label}: span precision`, (m) => round(m.span.precision, 3), 'fixed3'),
    row(outcomes, `${label}: span recall`, (m) => round(m.span.recall, 3), 'fixed3'),
    row(outcomes, `${label}: restoration of recalled spans`, (m) => m.restoration.accuracy, 'percent'),
    row(outcomes, `${label}: false findings / 1,000 words (originals)`, (m) => round(m.originalFindingsPer1000Words, 3), 'fixed2'),
  ];
}

export function runMpc(ctx: EvalContext): SectionResult {
  const pairs = mpcPairs();
  const dev = prepareMpc(pairs.filter((p) => p.split === 'dev'));
  const test = prepareMpc(pairs.filter((p) => p.split === 'test'));
  const outcomes = perConfig(ctx, (checker) => ({ test: measureMpcHalf(checker, test), dev: measureMpcHalf(checker, dev) }));
  const pick = (half: 'test' | 'dev') => {
    const picked = {} as Outcomes<MpcHalfMetrics>;
    for (const [id, o] of Object.entries(outcomes) as Array<[keyof typeof outcomes, (typeof outcomes)[keyof typeof outcomes]]>) {
      picked[id] = { seconds: o.seconds, ...(o.error ? { error: o.error } : {}), ...(o.metrics ? { metrics: o.metrics[half] } : {}) };
    }
    return picked;
  };
  const rows = [...halfRows(pick('test'), 'test 101-200', true), ...halfRows(pick('dev'), 'dev 1-100', false)];
  return section('mpc', 'MPC SpinBot (Wikipedia paragraphs)', outcomes, rows, {
    data: 'mpc-spinbot-sample/mpc_pairs_sample.jsonl (mojibake-repaired spun text)',
    split: 'lines 1-100 dev, 101-200 test',
    documents: 'each original (negative) + each spun paragraph differing from its original (positive)',
    gold: "alignTexts(original, spun) 'changed' blocks with a non-empty spun side",
    devPositives: dev.filter((p) => p.gold).length,
    testPositives: test.filter((p) => p.gold).length,
  });
}
