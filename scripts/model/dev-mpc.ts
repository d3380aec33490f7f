/**
 * Tuning aid: two-fold estimate on the MPC development pairs (lines 1-50 /
 * 51-100) of the document posterior and the span numbers, with the scorer
 * fitted on the synthetic calibration documents plus the other MPC half.
 *   tsx scripts/model/dev-mpc.ts /tmp/holdout.bin
 */
import { readFileSync } from 'node:fs';
import { decodeModel } from '../../src/model/model.js';
import { StatisticalModel } from '../../src/model/scan.js';
import { DEFAULT_FIT, fitCalibration, measure } from './fit.js';
import { devDocuments, documentText, isCalibrationDocument } from './folds.js';
import { labelledDocuments, labelledSlots, mpcDocuments } from './slots.js';

const file = process.argv[2] ?? '/tmp/model-eng/holdout.bin';
const model = new StatisticalModel(decodeModel(readFileSync(file), file));
const texts: string[] = [];
let bbc = 0, reuters = 0;
for (const doc of devDocuments()) {
  if (!isCalibrationDocument(doc.id) || doc.body.length < 400) continue;
  if (doc.id.startsWith('bbc/') ? bbc++ < 150 : reuters++ < 150) texts.push(documentText(doc));
}
const settings = [0.05, 0.1, 0.2, 0.35].flatMap((rate, i) => [{ rate, seed: 100 + i }, { rate, seed: 200 + i }]);
const synthetic = labelledDocuments(texts, settings);
const syntheticSlots = labelledSlots(model, synthetic);
const grid = process.env.GRID ? JSON.parse(process.env.GRID) : [{}];
for (const change of grid) {
  const options = { ...DEFAULT_FIT, ...change };
  for (const [fitHalf, testHalf] of [[(l: number) => l <= 50, (l: number) => l > 50], [(l: number) => l > 50, (l: number) => l <= 50]] as const) {
    const fitDocs = [...synthetic, ...(options.mpc === false ? [] : mpcDocuments(fitHalf))];
    const fitSlots = [...syntheticSlots, ...labelledSlots(model, fitDocs.slice(synthetic.length)).map((s) => ({ ...s, document: s.document + synthetic.length }))];
    const weight = options.mpcWeight ?? 1;
    const calibration = fitCalibration(fitSlots.map((s) => s.document >= synthetic.length ? { ...s, weight } : s), options);
    const testDocs = mpcDocuments(testHalf);
    const m = measure(labelledSlots(model, testDocs), testDocs, calibration);
    console.log(JSON.stringify(change), Object.entries(m).map(([k, v]) => `${k} ${v.toFixed(3)}`).join('  '));
  }
}
