/**
 * Tuning aid: fits the calibration on one half of the calibration fold and
 * measures on the other (dev documents only), for a grid of options.
 *   tsx scripts/build-model.ts --holdout --out /tmp/holdout.bin
 *   tsx scripts/model/dev-fit.ts /tmp/holdout.bin [documents per corpus]
 */
import { readFileSync } from 'node:fs';
import { decodeModel } from '../../src/model/model.js';
import { StatisticalModel } from '../../src/model/scan.js';
import { DEFAULT_FIT, fitCalibration, measure } from './fit.js';
import { calibrationTexts } from './folds.js';
import { labelledDocuments, labelledSlots } from './slots.js';

const file = process.argv[2] ?? '/tmp/model-eng/holdout.bin';
const limit = Number(process.argv[3] ?? 200);
const model = new StatisticalModel(decodeModel(readFileSync(file), file));
// Calibration documents of every corpus (news calibration fold, broad dev splits).
const { texts } = calibrationTexts(limit);
const settings = [0.05, 0.1, 0.2, 0.35].flatMap((rate, i) => [{ rate, seed: 100 + i }, { rate, seed: 200 + i }]);
const half = (k: number) => texts.filter((_, i) => i % 2 === k);
const started = Date.now();
const docsA = labelledDocuments(half(0), settings);
const docsB = labelledDocuments(half(1), settings);
const slotsA = labelledSlots(model, docsA);
const slotsB = labelledSlots(model, docsB);
for (const s of [...slotsA, ...slotsB]) for (let k = 0; k < s.features.length; k++) if (!Number.isFinite(s.features[k]!)) s.features[k] = 0;
console.log(`slots ${slotsA.length} + ${slotsB.length} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
const grid = process.env.GRID ? JSON.parse(process.env.GRID) : [{}];
for (const change of grid) {
  const options = { ...DEFAULT_FIT, ...change };
  const calibration = fitCalibration(slotsA, options);
  const m = measure(slotsB, docsB, calibration);
  console.log(JSON.stringify(change), Object.entries(m).map(([k, v]) => `${k} ${v.toFixed(3)}`).join('  '));
}
const calibration = fitCalibration(slotsA, DEFAULT_FIT);
console.log('weights', Array.from(calibration).map((x) => x.toFixed(3)).join(' '));
