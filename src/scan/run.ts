/**
 * The scan loop: documents in, rows out, in input order, memory bounded.
 *
 * Documents are grouped in small batches; at most two batches per thread
 * are in flight, and rows are written as soon as the oldest batch is done,
 * so memory holds a few batches whatever the input's size. Reading stops
 * when `signal` aborts (Ctrl-C): the batches in flight are finished and
 * written, so the output ends with whole rows and `--resume` carries on.
 */
import { isErrorRow, type ScanResult } from './process.js';
import type { BatchProcessor } from './pool.js';
import type { RawDocument } from './readers.js';
import type { ResultSink } from './sink.js';

export interface RunOptions {
  processor: BatchProcessor;
  sink: ResultSink;
  /** Ids to pass over (already in the output: `--resume`). */
  skip?: ReadonlySet<string>;
  /** Write only rows scoring at least this (error rows are always written). */
  minScore?: number;
  /** Documents per batch (default 16) and bytes per batch (default 1 MB), whichever comes first. */
  batchDocs?: number;
  batchBytes?: number;
  /** Stops reading new documents. */
  signal?: AbortSignal;
  /** Each row as it is written (or filtered out), in order. */
  onRow?(row: ScanResult): void;
}

export interface ScanSummary {
  documents: number;
  spun: number;
  errors: number;
  /** Documents the cascade's screen cleared without the model. */
  screened: number;
  /** Documents passed over because their id was already in the output. */
  resumed: number;
  written: number;
  bytes: number;
  seconds: number;
  /** Reading stopped early (Ctrl-C). */
  interrupted: boolean;
}

export async function runScan(docs: AsyncIterable<RawDocument>, options: RunOptions): Promise<ScanSummary> {
  const started = performance.now();
  const summary: ScanSummary = { documents: 0, spun: 0, errors: 0, screened: 0, resumed: 0, written: 0, bytes: 0, seconds: 0, interrupted: false };
  const window = Math.max(2, options.processor.parallelism * 2);
  const batchDocs = options.batchDocs ?? 16;
  const batchBytes = options.batchBytes ?? 1 << 20;
  const inFlight: Array<Promise<ScanResult[]>> = [];

  const writeOldest = async () => {
    const rows = await inFlight.shift()!;
    for (const row of rows) {
      summary.documents++;
      summary.bytes += row.bytes;
      if (isErrorRow(row)) summary.errors++;
      else {
        if (row.verdict.spun) summary.spun++;
        if (row.stage === 'screen') summary.screened++;
      }
      if (isErrorRow(row) || options.minScore === undefined || row.verdict.score >= options.minScore) {
        await options.sink.write(row);
        summary.written++;
      }
      options.onRow?.(row);
    }
  };

  let batch: RawDocument[] = [];
  let bytes = 0;
  const submit = async () => {
    if (batch.length === 0) return;
    const taken = batch;
    batch = [];
    bytes = 0;
    const pending = options.processor.process(taken);
    // Rejections are awaited in order by writeOldest; this keeps an early one from being reported as unhandled.
    pending.catch(() => {});
    inFlight.push(pending);
    while (inFlight.length >= window) await writeOldest();
  };

  let failure: unknown = null;
  try {
    for await (const doc of docs) {
      if (options.skip?.has(doc.id)) {
        summary.resumed++;
        continue;
      }
      batch.push(doc);
      bytes += doc.bytes;
      if (batch.length >= batchDocs || bytes >= batchBytes) await submit();
      if (options.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
    }
  } catch (error) {
    // A reading error ends the run (without --skip-errors): what was read is still judged and written.
    failure = error;
  }
  await submit();
  while (inFlight.length > 0) await writeOldest();
  summary.seconds = (performance.now() - started) / 1000;
  if (failure) throw Object.assign(failure as object, { summary });
  return summary;
}
