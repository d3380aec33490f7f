/**
 * Tuning aid that mirrors the synthetic and clean sections of `npm run eval`
 * on development documents only: the calibration fold (never counted by a
 * `--holdout` model) is split in two halves; the scorer is fitted on one
 * half and the real scanner runs on the other, spun by a farm of its own at
 * rates 0.1 / 0.2 / 0.35, and clean.
 *   tsx scripts/build-model.ts --holdout --out /tmp/holdout.bin
 *   GRID='[{"priorLogOdds":-5}]' tsx scripts/model/dev-synthetic.ts /tmp/holdout.bin
 */
import { readFileSync } from 'node:fs';
import { loadSpinner } from '../../bench/fixtures/spinner.js';
import { Calibration } from '../../src/model/calibration.js';
import { decodeModel } from '../../src/model/model.js';
import { StatisticalModel } from '../../src/model/scan.js';
import { tokenize, TokenKind } from '../../src/text/tokenize.js';
import { DEFAULT_FIT, fitCalibration } from './fit.js';
import { devDocuments, documentText, isCalibrationDocument } from './folds.js';
import { labelledDocuments, labelledSlots } from './slots.js';

const file = process.argv[2] ?? '/tmp/model-eng/holdout.bin';
const data = decodeModel(readFileSync(file), file);
const model = new StatisticalModel(data);
const words = (text: string) => {
  const tokens = tokenize(text);
  let n = 0;
  for (let i = 0; i < tokens.count; i++) if (tokens.kinds[i] === TokenKind.Word) n++;
  return n;
};
const fold = [...devDocuments()].filter((d) => isCalibrationDocument(d.id) && words(d.body) > 80);
const half = (k: number, source: string, limit: number) => fold.filter((d, i) => i % 2 === k && d.id.startsWith(source)).slice(0, limit).map(documentText);
const fitTexts = [...half(0, 'bbc/', 300), ...half(0, 'reuters/', 300)];
const testTexts = [...half(1, 'bbc/', 150), ...half(1, 'reuters/', 150)];
const settings = [0.05, 0.1, 0.2, 0.35].flatMap((rate, i) => [{ rate, seed: 100 + i }, { rate, seed: 200 + i }]);
const fitDocs = labelledDocuments(fitTexts, settings);
const fitSlots = labelledSlots(model, fitDocs);
const spinner = loadSpinner();
const FARM = 9137;

function auroc(pos: number[], neg: number[]): number {
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

const grid = process.env.GRID ? (JSON.parse(process.env.GRID) as Array<Record<string, number>>) : [{}];
for (const change of grid) {
  const calibration = fitCalibration(fitSlots.map((s) => ({ ...s, features: Float64Array.from(s.features) })), { ...DEFAULT_FIT, ...change });
  // Keep the document probability and the phrase scorer of the model file (fitted by the build).
  const keep = [Calibration.DocumentBias, Calibration.DocumentSlope, Calibration.PhraseBase];
  for (let i = 0; i < calibration.length; i++) {
    if (keep.includes(i as never) || (i >= Calibration.PhraseWeights && i < Calibration.PhraseBase)) continue;
    data.calibration[i] = calibration[i]!;
  }
  const cleanScores: number[] = [];
  let cleanFindings = 0;
  let cleanWords = 0;
  for (const text of testTexts) {
    const tokens = tokenize(text);
    const result = model.assessDocument(tokens, new Uint8Array(tokens.count));
    cleanFindings += result.findings.length;
    cleanWords += words(text);
    cleanScores.push(result.spun);
  }
  const parts = [`clean ${((cleanFindings * 1000) / cleanWords).toFixed(2)}/1000w`];
  for (const rate of [0.1, 0.2, 0.35]) {
    let found = 0, correct = 0, gold = 0, recalled = 0, restored = 0;
    const spunScores: number[] = [];
    for (const text of testTexts) {
      const spun = spinner.spin(text, { rate, seed: FARM });
      const tokens = tokenize(spun.text);
      const result = model.assessDocument(tokens, new Uint8Array(tokens.count));
      spunScores.push(result.spun);
      const spans = result.findings.map((f) => ({ start: tokens.starts[f.first]!, end: tokens.ends[f.last]!, expected: f.expected[0] ?? '' }));
      found += spans.length;
      correct += spans.filter((s) => spun.edits.some((e) => s.start < e.end && e.start < s.end)).length;
      for (const e of spun.edits) {
        gold++;
        const hit = spans.filter((s) => s.start < e.end && e.start < s.end);
        if (hit.length === 0) continue;
        recalled++;
        if (hit.length === 1 && hit[0]!.start === e.start && hit[0]!.end === e.end && hit[0]!.expected.toLowerCase() === e.original.toLowerCase()) restored++;
      }
    }
    parts.push(`r${rate}: P ${(correct / Math.max(found, 1)).toFixed(3)} R ${(recalled / gold).toFixed(3)} rest ${(restored / Math.max(recalled, 1)).toFixed(2)} AUROC ${auroc(spunScores, cleanScores).toFixed(3)}`);
  }
  console.log(JSON.stringify(change), parts.join(' | '));
}
