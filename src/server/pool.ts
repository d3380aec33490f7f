/**
 * A fixed set of checker threads and a FIFO of jobs waiting for one. The
 * queue itself is unbounded: the server admits only as many requests as it
 * has room for (see `admission.ts`), so the queue can never outgrow that.
 *
 * A job that is still running at its deadline ends its thread (the only way
 * to stop synchronous work) and a fresh thread takes the slot; the next job
 * there waits for it to load its checker (a fraction of a second), and that
 * wait counts against the job's own deadline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UnspinError, type ErrorCode } from '../errors.js';
import type { CheckerOptions } from '../index.js';
import { ApiError } from './errors.js';
import type { Job, JobOutput, WorkerData, WorkerFailure, WorkerMessage } from './worker.js';

export interface PoolOptions {
  /** Threads, each with its own checker: how many jobs run at once. */
  size: number;
  checker: CheckerOptions;
}

interface Pending {
  id: number;
  job: Job;
  deadline: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  slot?: Slot;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker | null;
  /** Shared with the thread: the id of the job to stop at its next stage boundary (see worker.ts). */
  cancel: Int32Array;
  running: Pending | null;
  /** Settles when the thread has built its checker (or failed to). */
  ready: Promise<WorkerFailure | null>;
  /** The thread has its checker (a fresh thread takes a moment to load the lexicons). */
  started: boolean;
}

/** How the thread is started: compiled JavaScript runs as is; TypeScript sources (tests, tsx) go through tsx. */
function spawn(data: WorkerData): Worker {
  const ownUrl = import.meta.url;
  if (ownUrl.endsWith('.ts')) {
    const entry = new URL('./worker.ts', ownUrl).href;
    const tsx = tsxEsmApi(ownUrl);
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { eval: true, workerData: data });
  }
  return new Worker(new URL('./worker.js', ownUrl), { workerData: data });
}

/** tsx's ESM registration entry (its CommonJS twin cannot be imported from an ES module). */
function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const exports = JSON.parse(readFileSync(manifest, 'utf8')).exports as Record<string, { import: { default: string } }>;
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}

function rebuild(failure: WorkerFailure): Error {
  if (failure.name === 'UnspinError' && failure.code) return new UnspinError(failure.code as ErrorCode, failure.message);
  return new Error(failure.message);
}

export class WorkerPool {
  readonly size: number;
  private readonly data: Omit<WorkerData, 'cancel'>;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: PoolOptions) {
    this.size = Math.max(1, Math.floor(options.size));
    this.data = { checker: options.checker };
    for (let i = 0; i < this.size; i++) {
      const cancel = new Int32Array(new SharedArrayBuffer(4));
      const slot: Slot = { worker: null, cancel, running: null, ready: Promise.resolve(null), started: false };
      this.start(slot);
      this.slots.push(slot);
    }
  }

  /** Resolves once every thread has its checker; rejects with the first thread's start-up failure. */
  async ready(): Promise<void> {
    const failures = await Promise.all(this.slots.map((slot) => slot.ready));
    const failed = failures.find((f) => f !== null);
    if (failed) throw rebuild(failed);
  }

  /** Threads whose checker is loaded. */
  get started(): number {
    return this.slots.filter((slot) => slot.started).length;
  }

  /** Jobs waiting for a thread. */
  get waiting(): number {
    return this.queue.length;
  }

  run<J extends Job>(job: J, options: { deadline: number; signal?: AbortSignal }): Promise<JobOutput<J>> {
    if (this.closed) return Promise.reject(new ApiError(503, 'shutting-down', 'the server is shutting down'));
    return new Promise((resolve, reject) => {
      const pending: Pending = { id: this.nextId++, job, deadline: options.deadline, resolve: resolve as (v: unknown) => void, reject };
      const wait = options.deadline - Date.now();
      if (wait <= 0) return reject(timeoutError());
      pending.timer = setTimeout(() => this.expire(pending), wait);
      if (options.signal) {
        if (options.signal.aborted) {
          clearTimeout(pending.timer);
          return reject(new ApiError(499, 'aborted', 'the client went away'));
        }
        pending.signal = options.signal;
        pending.onAbort = () => this.abandon(pending);
        options.signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      this.queue.push(pending);
      this.dispatch();
    });
  }

  /** Stops the threads; jobs still waiting fail with 503. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) this.settle(pending, new ApiError(503, 'shutting-down', 'the server is shutting down'));
    await Promise.all(this.slots.map(async (slot) => {
      if (slot.running) this.settle(slot.running, new ApiError(503, 'shutting-down', 'the server is shutting down'));
      const worker = slot.worker;
      slot.worker = null;
      if (worker) await worker.terminate();
    }));
  }

  private start(slot: Slot): void {
    const worker = spawn({ ...this.data, cancel: slot.cancel.buffer as SharedArrayBuffer });
    slot.worker = worker;
    slot.started = false;
    let announce: (failure: WorkerFailure | null) => void = () => {};
    slot.ready = new Promise((resolve) => { announce = resolve; });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        slot.started = true;
        announce(null);
      }
      else if (message.type === 'failed') announce(message.error);
      else this.finish(slot, message);
    });
    // A thread that dies (a crash, not our own terminate) fails its job; the slot restarts on the next job.
    const lost = (reason: string) => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      slot.started = false;
      announce({ name: 'Error', message: `checker thread failed: ${reason}` });
      const running = slot.running;
      if (running) this.settle(running, new Error(`checker thread failed: ${reason}`));
      this.dispatch();
    };
    worker.on('error', (error) => lost(error.message.split('\n')[0]!));
    worker.on('exit', (code) => lost(`exited with code ${code}`));
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.running) continue;
      if (!slot.worker) this.start(slot);
      const pending = this.queue.shift()!;
      pending.slot = slot;
      slot.running = pending;
      slot.worker!.postMessage({ id: pending.id, job: pending.job });
    }
  }

  private finish(slot: Slot, message: Extract<WorkerMessage, { type: 'done' | 'error' }>): void {
    const pending = slot.running;
    if (!pending || pending.id !== message.id) return;
    if (message.type === 'done') this.settle(pending, null, message.value);
    else this.settle(pending, rebuild(message.error));
    this.dispatch();
  }

  /** The deadline passed: drop a waiting job, or end the thread running it. */
  private expire(pending: Pending): void {
    const slot = pending.slot;
    if (!slot) {
      this.remove(pending);
      this.settle(pending, timeoutError());
      return;
    }
    this.restart(slot);
    this.settle(pending, timeoutError());
    this.dispatch();
  }

  /**
   * The client went away: a waiting job is dropped; a running one is told to
   * stop at its next stage boundary, and settles when its thread says so
   * (`cancelled`), or with its answer if it finished first.
   */
  private abandon(pending: Pending): void {
    if (pending.slot) {
      Atomics.store(pending.slot.cancel, 0, pending.id);
      return;
    }
    this.remove(pending);
    this.settle(pending, new ApiError(499, 'aborted', 'the client went away'));
  }

  private restart(slot: Slot): void {
    const worker = slot.worker;
    slot.worker = null;
    slot.started = false;
    slot.running = null;
    if (worker) void worker.terminate();
    if (!this.closed) this.start(slot);
  }

  private remove(pending: Pending): void {
    const at = this.queue.indexOf(pending);
    if (at >= 0) this.queue.splice(at, 1);
  }

  private settle(pending: Pending, error: Error | null, value?: unknown): void {
    clearTimeout(pending.timer);
    if (pending.onAbort) pending.signal?.removeEventListener('abort', pending.onAbort);
    if (pending.slot && pending.slot.running === pending) pending.slot.running = null;
    if (error) pending.reject(error);
    else pending.resolve(value);
  }
}

function timeoutError(): ApiError {
  return new ApiError(503, 'timeout', 'the request took longer than the server allows', { 'retry-after': '5' });
}
