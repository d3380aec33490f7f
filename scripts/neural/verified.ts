/**
 * The statistical model with the detector's evidence added to each slot
 * (issue 9 item 5 experiment): a LanguageModel for src/detect whose slots'
 * ln likelihood ratios are the statistical model's plus
 *   weight · (detector logit − offset)
 * after which sections are judged and words reported exactly as the
 * statistical model does (the same calibration constants), so a section
 * the detector finds clean can drop a word and one it finds spun can add one.
 * Multiword phrases, tortured terms and pairs are the statistical model's.
 *
 * onnxruntime-node runs asynchronously and a check is synchronous, so the
 * logits of each text are computed before the check (`prepare`) and looked
 * up by the text's token string; a miss is recorded (`missed`) and the text
 * is assessed as the statistical model alone would.
 */
import { Calibration, documentProbability } from '../../src/model/calibration.js';
import type { LanguageModel, ModelAssessment, ModelFinding } from '../../src/model/index.js';
import { wordOf } from '../../src/model/model.js';
import { sectionConfidence, type StatisticalModel } from '../../src/model/scan.js';
import { positionOf, toSequence } from '../../src/model/sequence.js';
import type { Tokens } from '../../src/text/tokenize.js';
import type { NeuralDetector } from './detector.js';

const SECTION_SLOTS = 512;
const SUGGESTIONS = 3;
const DRIVERS = 5;

export interface Combination {
  /** Weight of the detector's logit (0: the statistical model alone). */
  weight: number;
  /** Subtracted from the logit first: the detector's prior log odds, so that "no opinion" adds nothing. */
  offset: number;
  /** 'evidence': add to every slot; 'veto': only drop reported words whose logit is under `offset`. */
  mode: 'evidence' | 'veto';
  /**
   * Added to every slot's ln LR without the detector (a control: does the
   * detector discriminate, or does its evidence only move the bar?).
   */
  shift?: number;
}

export class VerifiedModel implements LanguageModel {
  private readonly logits = new Map<string, Float32Array>();
  missed = 0;
  combination: Combination = { weight: 0, offset: 0, mode: 'evidence' };

  constructor(readonly stat: StatisticalModel, private readonly detector: NeuralDetector) {}

  /** Computes and keeps the detector's logits for a text as the scanner will read it. */
  async prepare(tokens: Tokens): Promise<void> {
    if (this.logits.has(tokens.text)) return;
    this.logits.set(tokens.text, await this.detector.score(toSequence(tokens, this.stat.data.vocabulary)));
  }

  forget(): void {
    this.logits.clear();
  }

  scan(tokens: Tokens, skip: Uint8Array): ModelFinding[] {
    return this.assessDocument(tokens, skip).findings;
  }

  assessDocument(tokens: Tokens, skip: Uint8Array): ModelAssessment {
    const base = this.stat.assessDocument(tokens, skip);
    const logits = this.logits.get(tokens.text);
    if (!logits) this.missed++;
    const { weight, offset, mode } = this.combination;
    const shift = this.combination.shift ?? 0;
    if (!logits || (weight === 0 && shift === 0 && mode === 'evidence')) return base;
    const data = this.stat.data;
    const calibration = data.calibration;
    const scan = this.stat.assess(tokens, skip);
    const sequence = toSequence(tokens, data.vocabulary);
    const slotLogit = (k: number) => logits[positionOf(sequence, scan.tokens[k]!)]!;
    if (mode === 'veto') {
      const byToken = new Map<number, number>();
      for (let k = 0; k < scan.count; k++) byToken.set(scan.tokens[k]!, k);
      const findings = base.findings.filter((f) => {
        if (f.first !== f.last) return true;
        const k = byToken.get(f.first);
        return k === undefined || slotLogit(k) >= offset;
      });
      return { ...base, findings };
    }
    const clip = calibration[Calibration.MaxLogRatio]!;
    const count = scan.count;
    const logRatios = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      let z = scan.logRatios[k]! + shift + (weight === 0 ? 0 : weight * (slotLogit(k) - offset));
      if (scan.neutral[k] === 1 && z > 0) z = 0;
      logRatios[k] = z > clip ? clip : z < -clip ? -clip : z;
    }
    // The section weights of scan.ts: the n occurrences of a word in a section weigh 1/n each.
    const weights = new Float64Array(count);
    for (let from = 0; from < count; from += SECTION_SLOTS) {
      const to = Math.min(count, from + SECTION_SLOTS);
      const n = new Map<number, number>();
      for (let k = from; k < to; k++) n.set(scan.words[k]!, (n.get(scan.words[k]!) ?? 0) + 1);
      for (let k = from; k < to; k++) weights[k] = 1 / n.get(scan.words[k]!)!;
    }
    const open = new Uint8Array(count);
    for (let k = 0; k < count; k++) open[k] = scan.skipped[k] === 1 ? 0 : 1;
    const { confidence, sectionSpun, logBayesFactor } = sectionConfidence(logRatios, calibration, open, weights);
    const reportFrom = calibration[Calibration.ReportFrom]!;
    const minLogRatio = calibration[Calibration.MinLogRatio]!;
    const sectionFrom = calibration[Calibration.SectionFrom]!;
    // Multiword findings (phrases, terms, pairs) stay the statistical model's; words are re-judged.
    const findings: ModelFinding[] = base.findings.filter((f) => f.first !== f.last);
    const covered = new Uint8Array(tokens.count);
    for (const f of findings) covered.fill(1, f.first, f.last + 1);
    const expectedOf = (k: number) => {
      const out: string[] = [];
      for (let j = 0; j < SUGGESTIONS; j++) {
        const id = scan.candidates[k * SUGGESTIONS + j]!;
        if (id !== 0) out.push(wordOf(data, id));
      }
      return out;
    };
    for (let k = 0; k < count; k++) {
      const t = scan.tokens[k]!;
      if (!(confidence[k]! >= reportFrom && sectionSpun[k]! >= sectionFrom && logRatios[k]! >= minLogRatio)) continue;
      if (scan.skipped[k] === 1 || scan.neutral[k] === 1 || scan.inTerm[k] === 1 || covered[t] === 1 || skip[t] === 1) continue;
      findings.push({ first: t, last: t, expected: expectedOf(k), confidence: Math.round(confidence[k]! * 1000) / 1000 });
    }
    findings.sort((a, b) => a.first - b.first);
    // Drivers: as scan.ts, over the most spun-looking section, when it reports no word.
    let drivers: ModelFinding[] = [];
    let best = -1, bestFrom = 0, bestTo = 0;
    for (let from = 0; from < count; ) {
      let to = Math.min(count, from + SECTION_SLOTS);
      if (count - to < SECTION_SLOTS / 2) to = count;
      if (sectionSpun[from]! > best) [best, bestFrom, bestTo] = [sectionSpun[from]!, from, to];
      from = to;
    }
    if (best >= 0 && !findings.some((f) => f.last >= scan.tokens[bestFrom]! && f.first <= scan.tokens[bestTo - 1]!)) {
      const candidates: number[] = [];
      for (let k = bestFrom; k < bestTo; k++) if (scan.skipped[k] === 0 && scan.inTerm[k] === 0 && logRatios[k]! > 0) candidates.push(k);
      candidates.sort((a, b) => confidence[b]! - confidence[a]! || a - b);
      drivers = candidates.slice(0, DRIVERS).map((k) => ({ first: scan.tokens[k]!, last: scan.tokens[k]!, expected: expectedOf(k), confidence: Math.round(confidence[k]! * 1000) / 1000 })).sort((a, b) => a.first - b.first);
    }
    const spun = documentProbability(logBayesFactor, calibration);
    return { findings, spun: Math.round(spun * 1000) / 1000, drivers };
  }
}
