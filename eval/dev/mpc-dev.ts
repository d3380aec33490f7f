/**
 * Development measurement (never the test half): MPC SpinBot lines 1-100 at
 * one or more verdict thresholds, to see what recall a lower bar would buy.
 *   npx tsx eval/dev/mpc-dev.ts [0.5,0.3,0.2]
 * Pair it with `npx tsx eval/dev/clean-dev.ts --threshold t` for what the same bar costs on clean text.
 */
import { createChecker } from '../../src/index.js';
import { mpcPairs } from '../../tools/corpora.js';
import type { TextChecker } from '../harness.js';
import { measureMpcHalf, prepareMpc } from '../sections/mpc.js';

const thresholds = (process.argv[2] ?? '0.5').split(',').map(Number);
const dev = prepareMpc(mpcPairs().filter((p) => p.split === 'dev'));
for (const threshold of thresholds) {
  const at: TextChecker = createChecker({ threshold });
  const m = measureMpcHalf(at, dev);
  console.log(`threshold ${threshold}: spun judged spun ${m.spunJudgedSpun}/${m.spun}, originals judged spun ${m.originals - m.originalsNotJudgedSpun}/${m.originals}; ` +
    `document P ${m.document.precision.toFixed(3)} R ${m.document.recall.toFixed(3)} F1 ${m.document.f1.toFixed(3)}; span P ${m.span.precision.toFixed(3)} R ${m.span.recall.toFixed(3)}; ` +
    `findings per 1,000 words on originals ${m.originalFindingsPer1000Words.toFixed(2)}`);
}
