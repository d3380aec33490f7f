/** The checker threads: jobs run in order, a job past its deadline ends its thread, the slot recovers. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/server/errors.js';
import { WorkerPool } from '../../src/server/pool.js';
import { UnspinError } from '../../src/errors.js';
import { SEED } from '../helpers/shared.js';

const seed = readFileSync(SEED, 'utf8');
const soon = (ms = 30_000) => ({ deadline: Date.now() + ms });

let pool: WorkerPool;
beforeAll(async () => {
  pool = new WorkerPool({ size: 1, checker: {} });
  await pool.ready();
});
afterAll(async () => {
  await pool?.close();
});

describe('WorkerPool', () => {
  it('runs a check on a thread and returns the contract result', async () => {
    const { result } = await pool.run({ op: 'check', input: seed, options: { name: 'seed' }, diff: false }, soon());
    expect(result.input).toBe('seed');
    expect(result.verdict.spun).toBe(true);
  });

  it('brings input errors back as UnspinError with their code', async () => {
    const failed = pool.run({ op: 'check', input: { html: '' }, options: {}, diff: false }, soon());
    await expect(failed).rejects.toBeInstanceOf(UnspinError);
  });

  it('ends a thread whose job runs past the deadline, and the next job runs on a fresh one', async () => {
    const huge = seed.repeat(600); // ~4 MB: far longer than the 30 ms allowed
    const late = pool.run({ op: 'check', input: { text: huge }, options: {}, diff: false }, soon(30));
    await expect(late).rejects.toMatchObject({ status: 503, code: 'timeout' });
    const { result } = await pool.run({ op: 'check', input: { text: 'The Chilly Warfare era.' }, options: {}, diff: false }, soon());
    expect(result.findings.map((f) => f.actual)).toContain('Chilly Warfare');
  });

  it('drops a waiting job when its client goes away, without running it', async () => {
    const busy = pool.run({ op: 'check', input: { text: seed.repeat(40) }, options: {}, diff: false }, soon());
    const controller = new AbortController();
    const waiting = pool.run({ op: 'check', input: { text: seed }, options: {}, diff: false }, { ...soon(), signal: controller.signal });
    expect(pool.waiting).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    expect(pool.waiting).toBe(0);
    await busy;
  });

  it('stops a running job whose client went away at its next stage boundary, and the thread goes on', async () => {
    const controller = new AbortController();
    // ~270 KB with the model: its detection stage alone takes far longer than the 50 ms before the abort.
    const running = pool.run({ op: 'check', input: { text: seed.repeat(40) }, options: {}, diff: false }, { ...soon(), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(running).rejects.toMatchObject({ name: 'UnspinError', code: 'cancelled' });
    // Same thread, not a restarted one: it answers at once, and a cancelled id does not stop the next job.
    expect(pool.started).toBe(1);
    const { result } = await pool.run({ op: 'check', input: { text: 'The Chilly Warfare era.' }, options: {}, diff: false }, soon());
    expect(result.findings.map((f) => f.actual)).toContain('Chilly Warfare');
  });

  it('fails waiting jobs with 503 when it closes', async () => {
    const own = new WorkerPool({ size: 1, checker: {} });
    await own.ready();
    const running = own.run({ op: 'check', input: { text: seed.repeat(40) }, options: {}, diff: false }, soon()).catch((e: unknown) => e);
    const waiting = own.run({ op: 'check', input: { text: seed }, options: {}, diff: false }, soon()).catch((e: unknown) => e);
    await own.close();
    expect(await waiting).toBeInstanceOf(ApiError);
    expect(await running).toMatchObject({ status: 503, code: 'shutting-down' });
    await expect(own.run({ op: 'check', input: { text: seed }, options: {}, diff: false }, soon())).rejects.toMatchObject({ code: 'shutting-down' });
  });

  it('reports a checker that cannot start, in one line', async () => {
    const broken = new WorkerPool({ size: 1, checker: { lexicons: ['/nonexistent/lexicon.json'] } });
    await expect(broken.ready()).rejects.toMatchObject({ code: 'lexicon-invalid' });
    await broken.close();
  });
});
