/**
 * The document verdict: how much of the text is evidence of spinning.
 *
 * A raw count would punish long articles and forgive short ones, so the score
 * multiplies two saturating terms:
 *  - diversity: the summed confidence of *distinct* tortured phrases (a farm
 *    leaves many different ones; one odd phrase repeated is one piece of evidence),
 *  - density: that evidence per 1,000 words, with a floor of 150 words so that
 *    a two-line text cannot reach a high density from a single phrase.
 * A long clean article with one odd phrase has low density and low diversity,
 * so it stays far below the threshold.
 *
 * When the statistical model ran, its own calibrated document probability
 * joins in (see `judge`).
 */
import type { Evidence, Finding, Signal, Verdict } from '../types.js';

/** `spun` is reported from this score on. */
export const SPUN_THRESHOLD = 0.5;

/** Evidence (summed confidence) at which the diversity term reaches 1 − 1/e. */
const DIVERSITY_SCALE = 1.5;
/** Evidence per 1,000 words at which the density term reaches one half. */
const DENSITY_HALF = 4;
const MIN_WORDS = 150;
/** Words listed per signal in `verdict.evidence`. */
const EVIDENCE_WORDS = 10;

export interface VerdictInput {
  findings: readonly Finding[];
  /**
   * The signal of each finding, in the same order (default: from its rule;
   * detection marks the weak entries document consistency accepted).
   */
  signals?: readonly Signal[];
  /** Words analysed (chrome excluded). */
  words: number;
  /**
   * The statistical model's calibrated probability that the document is spun
   * (`ModelAssessment.spun`), when the model ran. It weighs every word the
   * model scored, not only the findings it reported, so it replaces the
   * model findings' share of the evidence below.
   */
  modelSpun?: number;
}

/** The signal a finding stands for when nobody said otherwise. */
export function signalOf(finding: Finding): Signal {
  if (finding.rule === 'spintax' || finding.rule === 'model' || finding.rule === 'consistency') return finding.rule;
  return 'lexicon';
}

const phraseKey = (finding: Finding) => finding.actual.toLowerCase().replace(/\s+/g, ' ');

/** The strongest confidence of each distinct phrase (a phrase repeated is one piece of evidence). */
function distinctEvidence(findings: readonly Finding[]): Map<string, number> {
  const best = new Map<string, number>();
  for (const finding of findings) {
    const key = phraseKey(finding);
    best.set(key, Math.max(best.get(key) ?? 0, finding.confidence));
  }
  return best;
}

export function evidence(findings: readonly Finding[]): number {
  let sum = 0;
  for (const confidence of distinctEvidence(findings).values()) sum += confidence;
  return sum;
}

/** The lists' score: diversity × density of the findings' evidence (see the file comment). */
export function listScore(findings: readonly Finding[], words: number): number {
  const total = evidence(findings);
  if (total === 0) return 0;
  const diversity = 1 - Math.exp(-total / DIVERSITY_SCALE);
  const rate = (total / Math.max(words, MIN_WORDS)) * 1000;
  const density = rate / (rate + DENSITY_HALF);
  return diversity * density;
}

/** The context model's findings: already inside its document probability. */
const isContextModel = (finding: Finding) => finding.rule === 'model' && finding.source === 'context';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Where a score without findings is held: a hundredth below the threshold (so that it also reads below it at two decimals). */
const justBelow = (threshold: number) => Math.max(0, Math.floor(threshold * 100 - 1) / 100);

/**
 * With the model's document probability, the two are independent witnesses
 * (the lists know yesterday's farms, the model knows English) and are
 * combined as a noisy OR: the document is clean only if both say so.
 *
 * A verdict must show what it rests on: with no finding at all, the score is
 * held just below the threshold (the model's doubt is kept, the verdict is
 * not given). Detection first surfaces the words that drove the model (its
 * `drivers`, as low-confidence findings), so this only bites when the model
 * could name none.
 */
export function judge({ findings, signals, words, modelSpun }: VerdictInput, threshold = SPUN_THRESHOLD): Verdict {
  const signalAt = (i: number) => signals?.[i] ?? signalOf(findings[i]!);
  let lists: number;
  let model = 0;
  let score: number;
  if (modelSpun === undefined) {
    lists = listScore(findings, words);
    score = lists;
  } else {
    // The context model's findings are already inside its probability; other
    // evidence (lists, spintax, restored terms) is independent of it.
    lists = listScore(findings.filter((f) => !isContextModel(f)), words);
    model = Math.min(Math.max(modelSpun, 0), 1);
    score = 1 - (1 - lists) * (1 - model);
  }
  score = round3(score);
  if (findings.length === 0 && score >= threshold) score = justBelow(threshold);

  // Each side's share of the noisy OR, split evenly where they overlap (the
  // Shapley value of two witnesses): the shares sum to the combined score.
  const combined = modelSpun === undefined ? lists : 1 - (1 - lists) * (1 - model);
  const listShare = modelSpun === undefined ? lists : (lists + (combined - model)) / 2;
  const modelShare = modelSpun === undefined ? 0 : (model + (combined - lists)) / 2;
  // Scaled so that the weights sum to the reported score (which may be held below the threshold).
  const scale = combined > 0 ? score / combined : 0;

  // The lists' share goes to each signal by its part of the distinct evidence.
  const perSignal = new Map<Signal, { findings: number; phrases: Map<string, { word: string; confidence: number; at: number }>; listEvidence: number }>();
  const entry = (signal: Signal) => {
    let e = perSignal.get(signal);
    if (!e) perSignal.set(signal, (e = { findings: 0, phrases: new Map(), listEvidence: 0 }));
    return e;
  };
  // Which signal owns a phrase's list evidence: that of its strongest finding.
  const owner = new Map<string, { signal: Signal; confidence: number }>();
  findings.forEach((finding, i) => {
    const signal = signalAt(i);
    const e = entry(signal);
    e.findings++;
    const key = phraseKey(finding);
    const seen = e.phrases.get(key);
    if (!seen || finding.confidence > seen.confidence) e.phrases.set(key, { word: finding.actual.replace(/\s+/g, ' '), confidence: finding.confidence, at: seen?.at ?? i });
    if (modelSpun !== undefined && isContextModel(finding)) return;
    const best = owner.get(key);
    if (!best || finding.confidence > best.confidence) owner.set(key, { signal, confidence: finding.confidence });
  });
  let listTotal = 0;
  for (const { signal, confidence } of owner.values()) {
    entry(signal).listEvidence += confidence;
    listTotal += confidence;
  }
  if (findings.length > 0 && modelShare > 0) entry('model');

  const out: Evidence[] = [];
  for (const [signal, e] of perSignal) {
    let weight = listTotal > 0 ? (listShare * e.listEvidence) / listTotal : 0;
    if (signal === 'model') weight += modelShare;
    const words = [...e.phrases.values()]
      .sort((a, b) => b.confidence - a.confidence || a.at - b.at)
      .slice(0, EVIDENCE_WORDS)
      .map((p) => p.word);
    out.push({ signal, weight: round3(weight * scale), findings: e.findings, words });
  }
  out.sort((a, b) => b.weight - a.weight || b.findings - a.findings);
  return { spun: score >= threshold, score, evidence: out };
}
