/**
 * Fits the calibration (src/model/calibration.ts) on labelled slots of the
 * calibration fold, and measures what it gives (build time only).
 */
import { Calibration, CALIBRATION_LENGTH, documentPosterior } from '../../src/model/calibration.js';
import { sectionConfidence } from '../../src/model/scan.js';
import { Feature, FEATURES } from '../../src/model/features.js';
import { fitLogistic } from './logistic.js';
import type { LabelledDocument, LabelledSlot } from './slots.js';

export interface FitOptions {
  /** Report threshold on confidence. */
  reportFrom: number;
  maxLogRatio: number;
  priorLogOdds: number;
  temperature: number;
  lambda: number;
  minLogRatio: number;
  termConfidence: number;
  sectionFrom: number;
}

export const DEFAULT_FIT: FitOptions = { reportFrom: 0.5, maxLogRatio: 6, priorLogOdds: -6, temperature: 0.5, lambda: 1, minLogRatio: 0, termConfidence: 0.9, sectionFrom: 0.9 };

/**
 * Two stages (see `Feature.TypeEvidence`): a first fit without the type
 * evidence, whose ln LRs give each slot the mean evidence of its word's other
 * occurrences in the document; then the full fit.
 */
export function fitCalibration(slots: ReadonlyArray<LabelledSlot & { weight?: number }>, options: FitOptions = DEFAULT_FIT): Float32Array {
  const withoutType = slots.map((s) => {
    const features = Float64Array.from(s.features);
    features[Feature.TypeEvidence] = 0;
    return { features, label: s.label, weight: s.weight ?? 1 };
  });
  const first = fitLogistic(withoutType, FEATURES, options.lambda);
  const calibration = new Float32Array(CALIBRATION_LENGTH);
  calibration.set(first, Calibration.FirstStage);
  calibration[Calibration.FirstStageBase] = baseLogit(slots);
  calibration[Calibration.MaxLogRatio] = options.maxLogRatio;
  applyTypeEvidence(slots, calibration);
  const weights = fitLogistic(slots.map((s) => ({ features: s.features, label: s.label, weight: s.weight ?? 1 })), FEATURES, options.lambda);
  fillCalibration(calibration, weights, slots, options);
  return calibration;
}

/** Per slot: 1 / occurrences of its word in its document (as the scanner weighs evidence). */
function typeWeights(list: readonly LabelledSlot[]): Float64Array {
  const n = new Map<number, number>();
  for (const s of list) n.set(s.word, (n.get(s.word) ?? 0) + 1);
  return Float64Array.from(list, (s) => 1 / n.get(s.word)!);
}

/** Sets each slot's `Feature.TypeEvidence` from the calibration's first stage, as the scanner does. */
export function applyTypeEvidence(slots: readonly LabelledSlot[], calibration: Float32Array): void {
  const clip = calibration[Calibration.MaxLogRatio]!;
  const base = calibration[Calibration.FirstStageBase]!;
  const firstRatio = slots.map((s) => {
    let z = 0;
    for (let k = 0; k < FEATURES; k++) if (k !== Feature.TypeEvidence) z += calibration[Calibration.FirstStage + k]! * s.features[k]!;
    return Math.max(-clip, Math.min(clip, z - base));
  });
  const byType = new Map<string, { sum: number; n: number }>();
  slots.forEach((s, i) => {
    const key = `${s.document}:${s.word}`;
    const entry = byType.get(key);
    if (entry) { entry.sum += firstRatio[i]!; entry.n++; } else byType.set(key, { sum: firstRatio[i]!, n: 1 });
  });
  slots.forEach((s, i) => {
    const entry = byType.get(`${s.document}:${s.word}`)!;
    s.features[Feature.TypeEvidence] = entry.n > 1 ? (entry.sum - firstRatio[i]!) / (entry.n - 1) : 0;
  });
}

function baseLogit(slots: ReadonlyArray<LabelledSlot & { weight?: number }>): number {
  let positives = 0;
  let total = 0;
  for (const s of slots) {
    total += s.weight ?? 1;
    if (s.label === 1) positives += s.weight ?? 1;
  }
  const rate = positives / total;
  return Math.log(rate / (1 - rate));
}

function fillCalibration(calibration: Float32Array, weights: Float64Array, slots: ReadonlyArray<LabelledSlot & { weight?: number }>, options: FitOptions): void {
  calibration.set(weights, Calibration.Weights);
  calibration[Calibration.BaseLogit] = baseLogit(slots);
  calibration[Calibration.PriorLogOdds] = options.priorLogOdds;
  calibration[Calibration.Temperature] = options.temperature;
  calibration[Calibration.ReportFrom] = options.reportFrom;
  calibration[Calibration.MaxLogRatio] = options.maxLogRatio;
  calibration[Calibration.MinLogRatio] = options.minLogRatio;
  calibration[Calibration.TermConfidence] = options.termConfidence;
  calibration[Calibration.SectionFrom] = options.sectionFrom;
}

/** ln Bayes factor of each document (its most spun-looking section) under a slot calibration. */
export function documentEvidence(slots: readonly LabelledSlot[], documents: readonly LabelledDocument[], calibration: Float32Array): Float64Array {
  applyTypeEvidence(slots, calibration);
  const base = calibration[Calibration.BaseLogit]!;
  const clip = calibration[Calibration.MaxLogRatio]!;
  const byDocument = documents.map(() => [] as LabelledSlot[]);
  for (const s of slots) byDocument[s.document]!.push(s);
  return Float64Array.from(byDocument, (list) => {
    const ratios = Float64Array.from(list, (s) => {
      let z = 0;
      for (let k = 0; k < FEATURES; k++) z += calibration[k]! * s.features[k]!;
      return Math.max(-clip, Math.min(clip, z - base));
    });
    return sectionConfidence(ratios, calibration, undefined, typeWeights(list)).logBayesFactor;
  });
}

/**
 * Fits the document probability (Calibration.DocumentBias/Slope). Clean
 * documents weigh `cleanWeight` times a spun one: the probability is then
 * calibrated for a population with that many clean documents per spun one,
 * closer to what a screener meets than the half-and-half of the fitting set.
 */
export function fitDocumentProbability(slots: readonly LabelledSlot[], documents: readonly LabelledDocument[], calibration: Float32Array, cleanWeight: number): void {
  const evidence = documentEvidence(slots, documents, calibration);
  const weights = fitLogistic(documents.map((doc, d) => ({ features: [1, evidence[d]!], label: doc.spun ? 1 : 0, weight: doc.spun ? 1 : cleanWeight })), 2, 0.01);
  calibration[Calibration.DocumentBias] = weights[0]!;
  calibration[Calibration.DocumentSlope] = weights[1]!;
}

export interface Measured {
  spanPrecision: number;
  spanRecall: number;
  restoration: number;
  cleanFindingsPer1000: number;
  cleanDocumentsFlagged: number;
  documentAuroc: number;
  findings: number;
}

function auroc(positives: number[], negatives: number[]): number {
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

/** What the calibration gives on labelled documents (slot-level approximation of the evaluation). */
export function measure(slots: readonly LabelledSlot[], documents: readonly LabelledDocument[], calibration: Float32Array): Measured {
  applyTypeEvidence(slots, calibration);
  const byDocument = new Map<number, LabelledSlot[]>();
  for (const s of slots) {
    let list = byDocument.get(s.document);
    if (!list) byDocument.set(s.document, (list = []));
    list.push(s);
  }
  const base = calibration[Calibration.BaseLogit]!;
  const clip = calibration[Calibration.MaxLogRatio]!;
  const reportFrom = calibration[Calibration.ReportFrom]!;
  const minLogRatio = calibration[Calibration.MinLogRatio]!;
  let tp = 0, fp = 0, restored = 0, gold = 0, cleanFindings = 0, cleanWords = 0, flagged = 0, cleanDocs = 0;
  const spunScores: number[] = [];
  const cleanScores: number[] = [];
  documents.forEach((doc, d) => {
    const list = byDocument.get(d) ?? [];
    const logRatios = Float64Array.from(list, (s) => {
      let z = 0;
      for (let k = 0; k < FEATURES; k++) z += calibration[k]! * s.features[k]!;
      return Math.max(-clip, Math.min(clip, z - base));
    });
    const posterior = documentPosterior(logRatios, list.length, calibration, undefined, typeWeights(list));
    const { confidence, sectionSpun } = sectionConfidence(logRatios, calibration, undefined, typeWeights(list));
    let findings = 0;
    list.forEach((s, k) => {
      if (confidence[k]! < reportFrom || logRatios[k]! < minLogRatio || sectionSpun[k]! < calibration[Calibration.SectionFrom]!) return;
      findings++;
      if (s.label === 1) { tp++; if (s.restores) restored++; } else fp++;
    });
    if (doc.spun) {
      gold += doc.edits.length;
      spunScores.push(posterior.spun);
    } else {
      cleanDocs++;
      cleanWords += doc.text.split(/\s+/).length;
      cleanFindings += findings;
      if (findings > 0 && posterior.spun >= 0.5) flagged++;
      cleanScores.push(posterior.spun);
    }
  });
  return {
    spanPrecision: tp / Math.max(tp + fp, 1),
    spanRecall: tp / Math.max(gold, 1),
    restoration: restored / Math.max(tp, 1),
    cleanFindingsPer1000: (cleanFindings * 1000) / Math.max(cleanWords, 1),
    cleanDocumentsFlagged: flagged / Math.max(cleanDocs, 1),
    documentAuroc: auroc(spunScores, cleanScores),
    findings: tp + fp,
  };
}
