/**
 * PPS test split: tortured phrases from scientific papers ("counterfeit
 * consciousness") that the shipped lexicon must not contain and the model
 * must not have seen. Can unspin restore the original from the phrase alone,
 * and inside a neutral sentence?
 *
 * This is the only place the test pairs are loaded.
 */
import { ppsPairs, type PpsPair } from '../../tools/corpora.js';
import { perConfig, row, section, type EvalContext, type TextChecker, type SectionResult } from '../harness.js';
import { normalizeForMatch, overlaps, ratio } from '../metrics.js';

/** Neutral scientific carrier sentences; `{phrase}` is replaced by the tortured phrase. */
export const CARRIERS = [
  'In this paper, we study the {phrase} of the proposed system.',
  'The {phrase} is discussed in detail in the next section.',
  'Recent work on {phrase} has attracted considerable attention.',
] as const;

/** In --quick runs, every this-many-th test pair. */
const QUICK_STRIDE = 8;

export interface PpsMetrics {
  pairs: number;
  /** Phrase alone: share with any finding on it. */
  detectedAlone: number;
  /** Phrase alone: the restored text equals one of the expected originals. */
  exactAlone: number;
  /** In carriers (every pair in every carrier): any finding overlapping the phrase. */
  detectedInCarrier: number;
  /** In carriers: the whole restored sentence equals the carrier around an expected original. */
  exactInCarrier: number;
  counts: { detectedAlone: number; exactAlone: number; carrierChecks: number; detectedInCarrier: number; exactInCarrier: number };
  examplesWrong: Array<{ tortured: string; restored: string; expected: string[] }>;
}

export function measurePps(checker: TextChecker, pairs: readonly PpsPair[]): PpsMetrics {
  let detectedAlone = 0;
  let exactAlone = 0;
  let carrierChecks = 0;
  let detectedInCarrier = 0;
  let exactInCarrier = 0;
  const wrong: PpsMetrics['examplesWrong'] = [];
  for (const pair of pairs) {
    const expected = new Set(pair.expected.map(normalizeForMatch));
    // The phrase alone: restoration is the restored text, so a phrase restored word by word
    // by several findings counts as well as one restored by a single finding.
    const alone = checker.check({ text: pair.tortured });
    if (alone.findings.length > 0) detectedAlone++;
    const restored = normalizeForMatch(alone.restored);
    if (expected.has(restored)) exactAlone++;
    else if (alone.findings.length > 0 && wrong.length < 25) wrong.push({ tortured: pair.tortured, restored, expected: pair.expected });

    for (const carrier of CARRIERS) {
      const at = carrier.indexOf('{phrase}');
      const text = carrier.replace('{phrase}', pair.tortured);
      const span = { start: at, end: at + pair.tortured.length };
      const result = checker.check({ text });
      carrierChecks++;
      if (result.findings.some((f) => overlaps(f, span))) detectedInCarrier++;
      // The whole sentence must come back right: a false finding in the carrier is a failure too.
      const sentence = normalizeForMatch(result.restored);
      if (pair.expected.some((e) => normalizeForMatch(carrier.replace('{phrase}', e)) === sentence)) exactInCarrier++;
    }
  }
  return {
    pairs: pairs.length,
    detectedAlone: ratio(detectedAlone, pairs.length),
    exactAlone: ratio(exactAlone, pairs.length),
    detectedInCarrier: ratio(detectedInCarrier, carrierChecks),
    exactInCarrier: ratio(exactInCarrier, carrierChecks),
    counts: { detectedAlone, exactAlone, carrierChecks, detectedInCarrier, exactInCarrier },
    examplesWrong: wrong,
  };
}

export function runPps(ctx: EvalContext): SectionResult {
  const test = ppsPairs()
    .filter((p) => p.split === 'test')
    .sort((a, b) => (a.tortured < b.tortured ? -1 : a.tortured > b.tortured ? 1 : 0))
    .filter((_, i) => !ctx.quick || i % QUICK_STRIDE === 0);
  const outcomes = perConfig(ctx, (checker) => measurePps(checker, test));
  const rows = [
    row(outcomes, 'exact restoration, phrase alone', (m) => m.exactAlone, 'percent', '>= 40%'),
    row(outcomes, 'exact restoration, in a carrier sentence', (m) => m.exactInCarrier, 'percent'),
    row(outcomes, 'detected, phrase alone', (m) => m.detectedAlone, 'percent'),
    row(outcomes, 'detected, in a carrier sentence', (m) => m.detectedInCarrier, 'percent'),
  ];
  return section('pps', `PPS test split (${test.length} tortured phrases)`, outcomes, rows, {
    data: 'pps-tortured-phrases via ppsPairs(), split === "test" (first byte of sha1(lower-cased phrase) % 5 === 0)',
    pairs: test.length,
    carriers: CARRIERS,
    sample: ctx.quick ? `every ${QUICK_STRIDE}th test pair in phrase order` : 'all test pairs',
  });
}
