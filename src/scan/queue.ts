/**
 * The distributed scan, on BullMQ (Redis): a producer enqueues shards, any
 * number of workers on any number of machines take them, and the results go
 * to a store that makes retries harmless (see results.ts).
 *
 *   unspin scan --queue redis://host:6379 crawl/           # enqueue shards
 *   unspin worker --queue redis://host:6379 --results postgres://…   # on each machine
 *   unspin queue status --queue redis://host:6379
 *
 * Delivery is at least once, made exactly once by the stores: a job id is the
 * shard id (enqueueing the same inputs again adds nothing); a failed shard is
 * retried with exponential backoff; a worker that dies holding a shard stops
 * renewing its lock, and BullMQ's stalled-job check hands the shard to
 * another worker, which writes it again from the start.
 */
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { createChecker, type Checker } from '../index.js';
import { describeError, UnspinError } from '../errors.js';
import { documentArticle, scanDocument, sourceOf, type ScanOptions, type ScanResult } from './process.js';
import { PostgresIndex, redact } from '../trace/postgres.js';
import { readDocuments, type ReaderOptions } from './readers.js';
import type { ResultStore } from './results.js';
import type { Shard } from './shards.js';
import type { ReferenceIndex } from '../trace/index.js';
import type { ScanWorkerData } from './worker.js';

export const DEFAULT_QUEUE = 'unspin-scan';

/** What the producer decides for every shard: how to judge (the workers decide where results go). */
export interface ShardJob {
  shard: Shard;
  checker: ScanWorkerData['checker'];
  scan: ScanWorkerData['scan'];
  reader: Pick<ReaderOptions, 'encoding' | 'maxBytes'>;
}

export interface ShardSummary {
  documents: number;
  spun: number;
  errors: number;
}

export interface QueueTarget {
  /** redis://[user:pass@]host:port[/db] */
  url: string;
  name?: string;
}

/** One connection per queue or worker, as BullMQ asks (`maxRetriesPerRequest: null` for blocking commands). */
export function connect(url: string): Redis {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnspinError('usage', `--queue must be a redis:// address (got '${url}')`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new UnspinError('usage', `--queue must be a redis:// address (got '${parsed.protocol}')`);
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, connectTimeout: 5000, retryStrategy: (times) => (times > 3 ? null : 200 * times) });
  // ioredis reports connection trouble as events; `reachable` and the commands turn it into one line.
  redis.on('error', (error: Error) => {
    lastError.set(redis, error);
  });
  return redis;
}

const lastError = new WeakMap<Redis, Error>();

/** Fails in one line when Redis cannot be reached, rather than retrying for ever. */
async function reachable(redis: Redis, url: string): Promise<void> {
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const cause = lastError.get(redis) ?? (error as Error);
    throw new UnspinError('url-unreachable', `cannot reach the queue at ${redact(url)}: ${cause.message.split('\n')[0]}`);
  }
}

export interface EnqueueOptions {
  /** Tries per shard before it is failed for good (default 5). */
  attempts?: number;
  /** First retry delay in ms, doubled at each try (default 2,000). */
  backoffMs?: number;
}

/** Adds the shards (idempotent: a shard already queued or done is not added again). */
export async function enqueue(target: QueueTarget, jobs: ShardJob[], options: EnqueueOptions = {}): Promise<{ added: number; known: number }> {
  const connection = connect(target.url);
  await reachable(connection, target.url);
  const queue = new Queue<ShardJob, ShardSummary>(target.name ?? DEFAULT_QUEUE, { connection });
  try {
    let added = 0;
    let known = 0;
    for (const job of jobs) {
      const existing = await queue.getJob(job.shard.id);
      if (existing) {
        known++;
        continue;
      }
      await queue.add('shard', job, {
        jobId: job.shard.id,
        attempts: options.attempts ?? 5,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 2000 },
        removeOnComplete: false,
        removeOnFail: false,
      });
      added++;
    }
    return { added, known };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

export interface QueueCounts {
  queued: number;
  active: number;
  done: number;
  failed: number;
  delayed: number;
}

export async function status(target: QueueTarget): Promise<{ counts: QueueCounts; failures: Array<{ shard: string; reason: string; attempts: number }> }> {
  const connection = connect(target.url);
  await reachable(connection, target.url);
  const queue = new Queue(target.name ?? DEFAULT_QUEUE, { connection });
  try {
    const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'completed', 'failed', 'delayed');
    const failed = await queue.getFailed(0, 9);
    return {
      counts: { queued: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, done: c.completed ?? 0, failed: c.failed ?? 0, delayed: c.delayed ?? 0 },
      failures: failed.map((job) => ({ shard: String(job.id), reason: (job.failedReason ?? '').split('\n')[0]!, attempts: job.attemptsMade })),
    };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

export interface WorkerOptions {
  store: ResultStore;
  /** A reference index this worker can read (each machine its own copy): rows name their best source. */
  index?: ReferenceIndex | null;
  /** Or one index in PostgreSQL that every worker shares. */
  sharedIndex?: PostgresIndex | null;
  /** Shards processed at once by this process (default 1; run one worker process per core). */
  concurrency?: number;
  /** How long a shard's lock lasts without renewal; a dead worker's shard is retried after it (default 30 s). */
  lockMs?: number;
  /** Exit once the queue has no waiting or active work (for batch jobs and tests). */
  untilEmpty?: boolean;
  onShard?(shard: Shard, summary: ShardSummary): void;
  onError?(message: string): void;
  signal?: AbortSignal;
}

/** Processes one shard into the store: every document's row, then commit. */
export async function processShard(
  job: ShardJob,
  checker: Checker,
  store: ResultStore,
  index?: ReferenceIndex | PostgresIndex | null,
  onRowError?: (message: string) => void,
): Promise<ShardSummary> {
  const shared = index instanceof PostgresIndex ? index : null;
  const scan: ScanOptions = { ...job.scan, index: shared ? null : ((index as ReferenceIndex | null | undefined) ?? null) };
  const writer = await store.begin(job.shard);
  const summary: ShardSummary = { documents: 0, spun: 0, errors: 0 };
  try {
    const errorRows: ScanResult[] = [];
    const reader: ReaderOptions = {
      ...job.reader,
      skipErrors: true,
      // An unreadable line or record becomes an error row under its place, not the end of the shard.
      events: { error: (error) => errorRows.push({ id: error.message.split(': ')[0]!, input: job.shard.entries[0]?.path ?? '', origin: error.message.split(': ')[0]!, error: { code: error.code, message: error.message }, bytes: 0 }) },
    };
    let yielded = Date.now();
    for await (const doc of readDocuments(job.shard.entries, reader)) {
      // Judging is synchronous: give the event loop a turn now and then, so that
      // BullMQ renews the shard's lock and a live worker is never taken for a dead one.
      if (Date.now() - yielded > 100) {
        await new Promise((resolve) => setImmediate(resolve));
        yielded = Date.now();
      }
      const row = scanDocument(doc, checker, scan);
      if (shared && !('error' in row)) {
        const article = documentArticle(doc);
        const [best] = await shared.search(article.text, { limit: 1, excluded: article.excluded });
        row.source = best ? sourceOf(best) : null;
      }
      summary.documents++;
      if ('error' in row) {
        summary.errors++;
        onRowError?.(row.error.message);
      } else if (row.verdict.spun) summary.spun++;
      await writer.write(row);
      while (errorRows.length > 0) {
        summary.errors++;
        await writer.write(errorRows.shift()!);
      }
    }
    for (const row of errorRows) {
      summary.errors++;
      await writer.write(row);
    }
    await writer.commit();
    return summary;
  } catch (error) {
    await writer.abort().catch(() => {});
    throw error;
  }
}

/** Runs a worker until the signal (or, with `untilEmpty`, until nothing is left to do). */
export async function work(target: QueueTarget, options: WorkerOptions): Promise<{ shards: number } & ShardSummary> {
  const connection = connect(target.url);
  await reachable(connection, target.url);
  const checkers = new Map<string, Checker>();
  const checkerFor = (config: ShardJob['checker']) => {
    const key = JSON.stringify(config);
    let checker = checkers.get(key);
    if (!checker) {
      checker = createChecker({ lexicons: config.lexicons, defaultLexicons: config.defaultLexicons, model: config.model, threshold: config.threshold });
      checkers.set(key, checker);
    }
    return checker;
  };
  const total = { shards: 0, documents: 0, spun: 0, errors: 0 };
  const lockDuration = options.lockMs ?? 30_000;
  const worker = new Worker<ShardJob, ShardSummary>(
    target.name ?? DEFAULT_QUEUE,
    async (job: Job<ShardJob, ShardSummary>) => {
      const summary = await processShard(job.data, checkerFor(job.data.checker), options.store, options.sharedIndex ?? options.index, options.onError);
      total.shards++;
      total.documents += summary.documents;
      total.spun += summary.spun;
      total.errors += summary.errors;
      options.onShard?.(job.data.shard, summary);
      return summary;
    },
    {
      connection,
      concurrency: options.concurrency ?? 1,
      lockDuration,
      // A shard whose worker died is noticed within a lock's time and retried; a few stalls are allowed before it fails.
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      maxStalledCount: 5,
      autorun: false,
    },
  );
  worker.on('failed', (job, error) => options.onError?.(`shard ${job?.id ?? '?'} failed (try ${job?.attemptsMade ?? '?'}): ${describeError(error)}`));
  const running = worker.run();
  const stop = async () => {
    await worker.close();
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  if (options.untilEmpty) {
    const queue = new Queue(target.name ?? DEFAULT_QUEUE, { connection: connection.duplicate() });
    try {
      for (;;) {
        if (options.signal?.aborted) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
        const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
        if ((c.waiting ?? 0) + (c.prioritized ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0) break;
      }
    } finally {
      await queue.close();
      await queue.disconnect().catch(() => {});
    }
    await stop();
  }
  await running;
  connection.disconnect();
  return total;
}
