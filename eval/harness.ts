/**
 * What every evaluation section shares: the two configurations it measures
 * (lexicons only, and the default with the statistical model), running one
 * measurement per configuration with its time and error, and the rows of the
 * printed table.
 */
import type { Checker, CheckResult } from '../src/index.js';
import { TokenKind, tokenize } from '../src/text/tokenize.js';

export type ConfigId = 'lexicon' | 'model';

/** All a section needs of a checker (tests pass oracles and blind checkers). */
export type TextChecker = Pick<Checker, 'check'>;
export const CONFIG_IDS: readonly ConfigId[] = ['lexicon', 'model'];

export interface Config {
  id: ConfigId;
  /** The options given to `createChecker`, recorded in results.json. */
  options: { model: boolean };
  checker: Checker | null;
  /** Why the checker could not be built. */
  error?: string;
  /** Whether a statistical model was actually loaded (the default config runs without one until it is built). */
  modelLoaded: boolean;
}

export interface EvalContext {
  configs: readonly Config[];
  /** A small sample of every section, for iteration. */
  quick: boolean;
}

export interface Outcome<M> {
  metrics?: M;
  error?: string;
  seconds: number;
}

export type Outcomes<M> = Record<ConfigId, Outcome<M>>;

/** How a number is printed. */
export type Format = 'percent' | 'fixed2' | 'fixed3' | 'integer' | 'text';

export interface Row {
  metric: string;
  values: Record<ConfigId, number | string | null>;
  format: Format;
  target?: string;
}

export interface SectionResult {
  id: string;
  title: string;
  rows: Row[];
  /** Per configuration: seconds, errors, full metrics. */
  outcomes: Record<ConfigId, { seconds: number; error?: string; metrics?: unknown }>;
  /** What was measured on: sample sizes, splits, seeds. */
  setup: Record<string, unknown>;
  /** Printed instead of rows when the section could not run at all. */
  unavailable?: string;
  /** Lines printed under the table (the worst clean documents, for example), and kept in results.json. */
  details?: string[];
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

/** Runs `measure` once per configuration, timing it; an error (a stage not built yet) is recorded, not fatal. */
export function perConfig<M>(ctx: EvalContext, measure: (checker: Checker) => M): Outcomes<M> {
  const outcomes = {} as Outcomes<M>;
  for (const config of ctx.configs) {
    const started = performance.now();
    if (!config.checker) {
      outcomes[config.id] = { error: config.error ?? 'no checker', seconds: 0 };
      continue;
    }
    try {
      const metrics = measure(config.checker);
      outcomes[config.id] = { metrics, seconds: (performance.now() - started) / 1000 };
    } catch (error) {
      outcomes[config.id] = { error: message(error), seconds: (performance.now() - started) / 1000 };
    }
  }
  return outcomes;
}

/** One table row read from every configuration's metrics. */
export function row<M>(outcomes: Outcomes<M>, metric: string, pick: (m: M) => number | string, format: Format, target?: string): Row {
  const values = {} as Row['values'];
  for (const id of CONFIG_IDS) {
    const metrics = outcomes[id]?.metrics;
    values[id] = metrics === undefined ? null : pick(metrics);
  }
  return { metric, values, format, ...(target ? { target } : {}) };
}

export function timeRow<M>(outcomes: Outcomes<M>): Row {
  return {
    metric: 'time (s)',
    values: { lexicon: outcomes.lexicon?.seconds ?? null, model: outcomes.model?.seconds ?? null },
    format: 'fixed2',
  };
}

export function section<M>(id: string, title: string, outcomes: Outcomes<M>, rows: Row[], setup: Record<string, unknown>): SectionResult {
  const recorded = {} as SectionResult['outcomes'];
  for (const cid of CONFIG_IDS) {
    const o = outcomes[cid];
    if (o) recorded[cid] = { seconds: round(o.seconds, 2), ...(o.error ? { error: o.error } : {}), ...(o.metrics !== undefined ? { metrics: o.metrics } : {}) };
  }
  return { id, title, rows: [...rows, timeRow(outcomes)], outcomes: recorded, setup };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Word tokens of a text: the denominator of every "per 1,000 words". */
export function countWords(text: string): number {
  const tokens = tokenize(text);
  let words = 0;
  for (let i = 0; i < tokens.count; i++) if (tokens.kinds[i] === TokenKind.Word) words++;
  return words;
}

/**
 * Checks plain text. Offsets in the result index the analysed text, which for
 * plain text should be the input itself; `textChanged` says when it is not, so
 * that span scoring can skip a document rather than score shifted offsets.
 */
export function checkText(checker: TextChecker, text: string): { result: CheckResult; textChanged: boolean } {
  const result = checker.check({ text });
  return { result, textChanged: result.text !== undefined && result.text !== text };
}

/** "12 / 100" style counts, kept as a string so that the table shows both numbers. */
export function fraction(numerator: number, denominator: number): string {
  return `${numerator}/${denominator}`;
}
