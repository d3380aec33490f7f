/**
 * Synthetic spun news: held-out BBC and Reuters articles (test split only)
 * spun by the fixture spinner (PPDB-XL + MyThes, never unspin's own lexicons)
 * at three rates, with exact ground truth for every substitution.
 */
import { loadSpinner, type Spinner, type SpunDocument } from '../../bench/fixtures/spinner.js';
import { bbcDocuments, reutersDocuments, type NewsDocument } from '../../tools/corpora.js';
import { checkText, countWords, perConfig, row, round, section, type EvalContext, type TextChecker, type Outcomes, type Row, type SectionResult } from '../harness.js';
import { auroc, matchSpans, prf, ratio, restoredGold } from '../metrics.js';

export const RATES = [0.1, 0.2, 0.35] as const;
/** One farm: the same dictionary for every document and rate. */
export const FARM_SEED = 20240416;
const PER_SOURCE = 300;
const QUICK_PER_SOURCE = 40;
const MIN_WORDS = 80;

export interface RateMetrics {
  rate: number;
  /** Share of words the spinner actually replaced (it falls short on name-heavy articles). */
  achievedRate: number;
  span: { precision: number; recall: number; f1: number; findings: number; correctFindings: number; edits: number; recalledEdits: number };
  restoration: { restored: number; recalled: number; accuracy: number };
  auroc: number;
  shareJudgedSpun: number;
}

export interface SyntheticMetrics {
  documents: number;
  originals: { shareJudgedSpun: number; findingsPer1000Words: number };
  rates: RateMetrics[];
  textChanged: number;
}

export interface Sample {
  id: string;
  text: string;
  words: number;
  spun: SpunDocument[];
}

/** Test-split articles longer than MIN_WORDS, in id order, the first `count` of each source. */
export function syntheticSample(count: number): Array<{ id: string; text: string }> {
  const pick = (docs: NewsDocument[], order: (a: NewsDocument, b: NewsDocument) => number) =>
    docs
      .filter((d) => d.split === 'test' && countWords(d.body) > MIN_WORDS)
      .sort(order)
      .slice(0, count)
      .map((d) => ({ id: d.id, text: `${d.title}\n\n${d.body}` }));
  const reutersId = (d: NewsDocument) => Number(d.id.slice('reuters/'.length));
  return [
    ...pick([...bbcDocuments()], (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    ...pick([...reutersDocuments()], (a, b) => reutersId(a) - reutersId(b)),
  ];
}

/** Each article spun by one farm at every rate. */
export function spinSamples(articles: ReadonlyArray<{ id: string; text: string }>, spinner: Spinner, rates: readonly number[] = RATES): Sample[] {
  return articles.map(({ id, text }) => ({
    id,
    text,
    words: countWords(text),
    spun: rates.map((rate) => spinner.spin(text, { rate, seed: FARM_SEED })),
  }));
}

export function measureSynthetic(checker: TextChecker, samples: readonly Sample[], rateList: readonly number[] = RATES): SyntheticMetrics {
  const originalScores: number[] = [];
  let originalsSpun = 0;
  let originalFindings = 0;
  let originalWords = 0;
  let textChanged = 0;
  for (const s of samples) {
    const { result } = checkText(checker, s.text);
    originalScores.push(result.verdict.score);
    if (result.verdict.spun) originalsSpun++;
    originalFindings += result.findings.length;
    originalWords += s.words;
  }
  const rates = rateList.map((rate, r): RateMetrics => {
    const scores: number[] = [];
    let judged = 0;
    let findings = 0;
    let correct = 0;
    let edits = 0;
    let recalled = 0;
    let restored = 0;
    let replacedWords = 0;
    for (const s of samples) {
      const doc = s.spun[r]!;
      replacedWords += doc.edits.reduce((n, e) => n + countWords(e.original), 0);
      const { result, textChanged: changed } = checkText(checker, doc.text);
      scores.push(result.verdict.score);
      if (result.verdict.spun) judged++;
      if (changed) {
        textChanged++;
        continue;
      }
      const match = matchSpans(result.findings, doc.edits);
      findings += result.findings.length;
      correct += match.correctFindings;
      edits += doc.edits.length;
      recalled += match.recalledGold;
      restored += restoredGold(doc.text, doc.edits, result.findings).filter(Boolean).length;
    }
    return {
      rate,
      achievedRate: round(ratio(replacedWords, originalWords), 4),
      span: { ...prf(correct, findings - correct, edits - recalled), findings, correctFindings: correct, edits, recalledEdits: recalled },
      restoration: { restored, recalled, accuracy: ratio(restored, recalled) },
      auroc: auroc(scores, originalScores),
      shareJudgedSpun: ratio(judged, samples.length),
    };
  });
  return {
    documents: samples.length,
    originals: { shareJudgedSpun: ratio(originalsSpun, samples.length), findingsPer1000Words: ratio(originalFindings * 1000, originalWords) },
    rates,
    textChanged,
  };
}

function rateRows(outcomes: Outcomes<SyntheticMetrics>, r: number): Row[] {
  const label = `rate ${RATES[r]}`;
  const at = (m: SyntheticMetrics) => m.rates[r]!;
  return [
    row(outcomes, `${label}: span precision`, (m) => round(at(m).span.precision, 3), 'fixed3', '>= 0.8'),
    row(outcomes, `${label}: span recall`, (m) => round(at(m).span.recall, 3), 'fixed3', '>= 0.6'),
    row(outcomes, `${label}: span F1`, (m) => round(at(m).span.f1, 3), 'fixed3'),
    row(outcomes, `${label}: restoration of recalled edits`, (m) => at(m).restoration.accuracy, 'percent'),
    row(outcomes, `${label}: document AUROC`, (m) => round(at(m).auroc, 4), 'fixed3', '>= 0.98'),
    row(outcomes, `${label}: judged spun`, (m) => at(m).shareJudgedSpun, 'percent'),
  ];
}

export function runSynthetic(ctx: EvalContext): SectionResult {
  const perSource = ctx.quick ? QUICK_PER_SOURCE : PER_SOURCE;
  const samples = spinSamples(syntheticSample(perSource), loadSpinner());
  const outcomes = perConfig(ctx, (checker) => measureSynthetic(checker, samples));
  const rows = [
    row(outcomes, 'unspun originals: judged spun', (m) => m.originals.shareJudgedSpun, 'percent'),
    row(outcomes, 'unspun originals: findings / 1,000 words', (m) => round(m.originals.findingsPer1000Words, 3), 'fixed2'),
    ...RATES.flatMap((_, r) => rateRows(outcomes, r)),
  ];
  const achieved = RATES.map((rate, r) => ({
    rate,
    achieved: round(samples.reduce((n, s) => n + s.spun[r]!.edits.reduce((k, e) => k + countWords(e.original), 0), 0) / samples.reduce((n, s) => n + s.words, 0), 4),
  }));
  return section('synthetic', `Synthetic spun news (${samples.length} BBC + Reuters test-split articles)`, outcomes, rows, {
    data: `bbc-news + reuters-21578, test split (sha1(id) % 5 === 0), > ${MIN_WORDS} body words, first ${perSource} of each by id`,
    documents: samples.length,
    spinner: 'bench/fixtures/spinner.ts (PPDB-XL + MyThes)',
    farmSeed: FARM_SEED,
    rates: achieved,
  });
}
