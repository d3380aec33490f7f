/**
 * A checker in a worker thread. `check` is synchronous CPU work: running it
 * here keeps the HTTP thread answering (health, queue, timeouts) and lets a
 * request that runs past its time be stopped by ending the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { articleOf, createChecker, type Checker, type CheckerOptions, type CheckInput, type CheckOptions } from '../index.js';
import { planFindingEdits, wordDiff, type DiffPart } from '../restore/index.js';
import { formatHtml, type ReportItem } from '../report/index.js';
import type { CheckResult, Range } from '../types.js';

export type Job =
  | { op: 'check'; input: CheckInput; options: CheckOptions; diff: boolean }
  | { op: 'extract'; input: CheckInput; options: CheckOptions }
  | { op: 'report'; items: ReportItem[] };

/** One finding's change to the text (`planFindingEdits`), the finding given by its index in `result.findings`. */
export interface CheckEdit {
  start: number;
  end: number;
  text: string;
  finding: number;
}

export interface CheckOutput {
  result: CheckResult;
  diff?: DiffPart[];
  edits?: CheckEdit[];
}

export interface ArticleText {
  text: string;
  excluded: Range[];
}

export type JobOutput<J extends Job> = J extends { op: 'check' } ? CheckOutput : J extends { op: 'extract' } ? ArticleText : string;

/** What crosses the thread boundary for a failure: enough to rebuild an `UnspinError`. */
export interface WorkerFailure {
  name: string;
  code?: string;
  message: string;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; error: WorkerFailure }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'error'; id: number; error: WorkerFailure };

export interface WorkerData {
  checker: CheckerOptions;
}

function failure(error: unknown): WorkerFailure {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, code: typeof code === 'string' ? code : undefined, message: error.message.split('\n')[0]! };
  }
  return { name: 'Error', message: String(error).split('\n')[0]! };
}

function runJob(checker: Checker, job: Job): unknown {
  if (job.op === 'report') return formatHtml(job.items);
  if (job.op === 'extract') return readArticle(job.input, job.options);
  const result = checker.check(job.input, job.options);
  const output: CheckOutput = { result };
  if (job.diff) {
    const text = result.text ?? sourceText(job.input);
    output.diff = wordDiff(text, result.restored);
    // Per finding, so that the page can undo one finding's change when the reader ignores it.
    const index = new Map(result.findings.map((finding, i) => [finding, i]));
    output.edits = planFindingEdits(text, result.findings).map((edit) => ({ start: edit.start, end: edit.end, text: edit.text, finding: index.get(edit.finding)! }));
  }
  return output;
}

/** The text `check` would analyse and its page chrome, read the way `check` reads them. */
function readArticle(input: CheckInput, options: CheckOptions): ArticleText {
  const article = articleOf(input, options);
  return { text: article.text, excluded: article.excluded };
}

function sourceText(input: CheckInput): string {
  if (typeof input === 'string') return input;
  return 'html' in input ? input.html : input.text;
}

const port = parentPort;
if (port) {
  let checker: Checker | undefined;
  let startError: WorkerFailure | undefined;
  try {
    checker = createChecker((workerData as WorkerData).checker);
    port.postMessage({ type: 'ready' } satisfies WorkerMessage);
  } catch (error) {
    startError = failure(error);
    port.postMessage({ type: 'failed', error: startError } satisfies WorkerMessage);
  }
  port.on('message', ({ id, job }: { id: number; job: Job }) => {
    if (!checker) {
      port.postMessage({ type: 'error', id, error: startError! } satisfies WorkerMessage);
      return;
    }
    try {
      port.postMessage({ type: 'done', id, value: runJob(checker, job) } satisfies WorkerMessage);
    } catch (error) {
      port.postMessage({ type: 'error', id, error: failure(error) } satisfies WorkerMessage);
    }
  });
}
