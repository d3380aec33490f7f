/**
 * Batch processors for `scan`: in this thread, or on a pool of worker
 * threads (one checker each). A processor takes a batch of documents and
 * resolves with their rows in the same order; `run.ts` keeps batches in
 * flight and writes them back in input order.
 *
 * Unlike the server's pool (src/server/pool.ts: deadlines, killing a thread
 * that runs too long, one job at a time from many clients), a scan feeds
 * every thread all the time and never abandons a batch.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createChecker } from '../index.js';
import { UnspinError, type ErrorCode } from '../errors.js';
import { openIndex } from '../trace/index.js';
import { MODEL_FILE, shareDataFile } from '../model/format.js';
import { DEFAULT_MODEL_PATH } from '../model/index.js';
import { DEFAULT_TECHNICAL_PATH, TECHNICAL_FILE } from '../model/technical.js';
import { DEFAULT_TERMS_PATH } from '../model/terms/index.js';
import { TERMS_FILE } from '../model/terms/tables.js';
import { scanDocument, type ScanResult } from './process.js';
import type { RawDocument } from './readers.js';
import type { ScanWorkerData, ScanWorkerReply, ScanWorkerRequest } from './worker.js';

export interface BatchProcessor {
  /** Batches it can work on at once (threads). */
  readonly parallelism: number;
  process(docs: RawDocument[]): Promise<ScanResult[]>;
  close(): Promise<void>;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/** Everything in this thread: for `--workers 0`, tests and embedding. */
export function inProcess(config: ScanWorkerData): BatchProcessor {
  const checker = createChecker(config.checker);
  const index = config.index ? openIndex(config.index, { readonly: true }) : null;
  return {
    parallelism: 1,
    process: async (docs) => docs.map((doc) => scanDocument(doc, checker, { ...config.scan, index })),
    close: async () => index?.close(),
  };
}

/** How a thread is started: compiled JavaScript runs as is; TypeScript sources (tests, tsx) go through tsx. */
function spawn(data: ScanWorkerData, heapMB?: number): Worker {
  const resourceLimits = heapMB ? { maxOldGenerationSizeMb: heapMB } : undefined;
  const own = import.meta.url;
  if (own.endsWith('.ts')) {
    const manifest = createRequire(own).resolve('tsx/package.json');
    const exports = JSON.parse(readFileSync(manifest, 'utf8')).exports as Record<string, { import: { default: string } }>;
    const tsx = pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
    const entry = new URL('./worker.ts', own).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { eval: true, workerData: data, resourceLimits });
  }
  return new Worker(new URL('./worker.js', own), { workerData: data, resourceLimits });
}

interface Thread {
  worker: Worker;
  busy: boolean;
  /** Its checker is built (it said 'ready'). */
  ready: boolean;
}

interface Waiting {
  seq: number;
  docs: RawDocument[];
  resolve: (rows: ScanResult[]) => void;
  reject: (error: Error) => void;
}

/**
 * The shipped model's files in shared memory, for every thread of a pool:
 * read once here instead of once per thread (one copy in memory and in the
 * processor's cache, however many threads).
 */
function sharedModelFiles(config: ScanWorkerData): Record<string, Uint8Array> | undefined {
  if (config.checker.model === false || config.scan.model === 'off') return undefined;
  const files: Record<string, Uint8Array> = {};
  for (const [path, kind] of [[DEFAULT_MODEL_PATH, MODEL_FILE], [DEFAULT_TERMS_PATH, TERMS_FILE], [DEFAULT_TECHNICAL_PATH, TECHNICAL_FILE]] as const) {
    if (existsSync(path)) files[path] = shareDataFile(path, kind);
  }
  return files;
}

/**
 * Each thread's V8 old generation is capped. Without a cap a thread's heap
 * grows with Readability's garbage long before it is collected: two threads
 * scanning HTML peaked at 550-900 MB. With a cap V8 also sizes the heap
 * against it, and collects sooner: at 384 MB two threads peaked at 381 MB
 * with no measurable CPU cost (47.8 CPU s against 47-51 uncapped; the
 * 21,268-page WARC, model on every page); 256 MB cost ~10% more CPU on one
 * thread for no less memory. A page too big for the cap (tens of MB of HTML)
 * kills its thread: the pool starts a new one and judges that batch's
 * documents again one by one, and the one that does not fit gets an error
 * row instead of ending the scan.
 */
export const THREAD_HEAP_MB = 384;

/** A fixed pool of scan threads; resolves once every thread has built its checker. */
export async function threadPool(size: number, given: ScanWorkerData, options: { heapMB?: number } = {}): Promise<BatchProcessor> {
  const config: ScanWorkerData = { ...given, files: given.files ?? sharedModelFiles(given) };
  const heapMB = options.heapMB ?? THREAD_HEAP_MB;
  const threads: Thread[] = [];
  const queue: Waiting[] = [];
  const running = new Map<number, { thread: Thread; job: Waiting }>();
  let seq = 0;
  let failure: Error | null = null;
  let closing = false;

  const dispatch = () => {
    for (const thread of threads) {
      if (thread.busy || !thread.ready || queue.length === 0) continue;
      const job = queue.shift()!;
      thread.busy = true;
      running.set(job.seq, { thread, job });
      thread.worker.postMessage({ type: 'batch', seq: job.seq, docs: job.docs } satisfies ScanWorkerRequest);
    }
  };
  const failAll = (error: Error) => {
    failure ??= error;
    for (const { job } of running.values()) job.reject(error);
    running.clear();
    for (const job of queue.splice(0)) job.reject(error);
  };
  const jobOf = (thread: Thread) => [...running.values()].find((entry) => entry.thread === thread);

  /** A thread out of memory: replace it, and judge its batch again one document at a time. */
  const recover = (thread: Thread) => {
    const entry = jobOf(thread);
    threads.splice(threads.indexOf(thread), 1);
    if (entry) running.delete(entry.job.seq);
    const replacement = start();
    replacement.started.catch((error: Error) => failAll(new UnspinError('internal', `a scan thread could not be restarted: ${error.message.split('\n')[0]}`)));
    if (!entry) return;
    const { job } = entry;
    if (job.docs.length === 1) {
      const doc = job.docs[0]!;
      job.resolve([{ id: doc.id, ...(doc.url !== undefined ? { url: doc.url } : {}), input: doc.input, origin: doc.origin, error: { code: 'input-too-large', message: `${doc.origin}: the document needs more memory than a scan thread has (${heapMB} MB)` }, bytes: doc.bytes }]);
      return;
    }
    // Each document again on its own, ahead of the queue, in order.
    const singles: Waiting[] = [];
    const rows = job.docs.map((doc) => new Promise<ScanResult[]>((resolve, reject) => singles.push({ seq: seq++, docs: [doc], resolve, reject })));
    queue.unshift(...singles);
    Promise.all(rows).then((parts) => job.resolve(parts.flat()), job.reject);
    dispatch();
  };

  function start(): Thread & { started: Promise<void> } {
    const worker = spawn(config, heapMB);
    const thread = { worker, busy: false, ready: false } as Thread & { started: Promise<void> };
    threads.push(thread);
    thread.started = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: ScanWorkerReply) => {
        if (reply.type === 'ready') {
          thread.ready = true;
          resolve();
          dispatch();
        } else if (reply.type === 'failed') reject(new UnspinError((reply.code ?? 'internal') as ErrorCode, reply.message));
        else {
          const entry = running.get(reply.seq);
          if (!entry) return;
          running.delete(reply.seq);
          thread.busy = false;
          entry.job.resolve(reply.rows);
          dispatch();
        }
      });
      worker.on('error', (error) => {
        reject(error);
        if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' && thread.ready && !closing) recover(thread);
        else failAll(new UnspinError('internal', `a scan thread failed: ${error.message.split('\n')[0]}`));
      });
      worker.on('exit', (code) => {
        if (code !== 0 && !closing && threads.includes(thread)) failAll(new UnspinError('internal', `a scan thread exited (status ${code})`));
      });
    });
    return thread;
  }

  const close = async () => {
    closing = true;
    await Promise.all(threads.map((t) => t.worker.terminate()));
  };
  const first = Array.from({ length: Math.max(1, size) }, () => start());
  try {
    await Promise.all(first.map((t) => t.started));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    parallelism: first.length,
    process: (docs) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        queue.push({ seq: seq++, docs, resolve, reject });
        dispatch();
      }),
    close,
  };
}
