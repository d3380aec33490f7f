/**
 * A scan thread: its own checker (and read-only index), judging batches of
 * documents with `scanDocument` and sending the rows back in batch order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createChecker, type CheckerOptions } from '../index.js';
import { useSharedDataFiles } from '../model/format.js';
import { openIndex } from '../trace/index.js';
import { prepareScreen } from './screen.js';
import { scanDocument, type ScanOptions, type ScanResult } from './process.js';
import type { RawDocument } from './readers.js';

export interface ScanWorkerData {
  checker: CheckerOptions;
  scan: Omit<ScanOptions, 'index'>;
  /** Reference index path, opened read-only in each thread. */
  index?: string;
  /** The model's data files, read once by the main thread into shared memory (see `shareDataFile`). */
  files?: Record<string, Uint8Array>;
}

export type ScanWorkerRequest = { type: 'batch'; seq: number; docs: RawDocument[] };
export type ScanWorkerReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string; code?: string }
  | { type: 'rows'; seq: number; rows: ScanResult[] };

const data = workerData as ScanWorkerData;
const port = parentPort!;
try {
  if (data.files) useSharedDataFiles(data.files);
  const checker = createChecker(data.checker);
  // Build the screen's tables now, while the pool starts, rather than inside the first batch.
  if (checker.model && data.scan.model !== 'off' && data.scan.model !== 'all') prepareScreen();
  const index = data.index ? openIndex(data.index, { readonly: true }) : null;
  const options: ScanOptions = { ...data.scan, index };
  port.on('message', (request: ScanWorkerRequest) => {
    const rows = request.docs.map((doc) => scanDocument(doc, checker, options));
    port.postMessage({ type: 'rows', seq: request.seq, rows } satisfies ScanWorkerReply);
  });
  port.postMessage({ type: 'ready' } satisfies ScanWorkerReply);
} catch (error) {
  const code = (error as { code?: unknown }).code;
  port.postMessage({ type: 'failed', message: error instanceof Error ? error.message.split('\n')[0]! : String(error), code: typeof code === 'string' ? code : undefined } satisfies ScanWorkerReply);
}
