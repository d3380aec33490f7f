/**
 * The server under careless and hostile clients, over real loopback sockets
 * (fastify.inject has no connections to drop): clients that go away after
 * sending their request, bodies that trickle in, a Host that is not ours
 * (DNS rebinding), writes nobody allowed, and the socket-level errors
 * (408, 431, too many connections) in the API's one error shape.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type ServerOptions } from '../../src/server/app.js';
import { openReferenceIndex } from '../../src/server/trace.js';
import { SEED } from '../helpers/shared.js';

const seed = readFileSync(SEED, 'utf8');

const started: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((app) => app.close()));
});

/** A server listening on a free loopback port. */
async function listening(options: ServerOptions): Promise<{ app: FastifyInstance; port: number; origin: string }> {
  const app = await createServer({ concurrency: 1, log: null, ...options });
  started.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, port, origin: `http://127.0.0.1:${port}` };
}

async function health(origin: string): Promise<{ busy: number; ready: number }> {
  const response = await fetch(`${origin}/api/health`);
  expect(response.status).toBe(200);
  return (await response.json()) as { busy: number; ready: number };
}

/** Opens a raw connection; resolves once connected. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server writes on `socket` until it closes it. */
function answer(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => { text += chunk; });
    socket.on('error', () => resolve(text));
    socket.on('close', () => resolve(text));
  });
}

function requestHead(port: number, path: string, bodyBytes: number, extra = ''): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${bodyBytes}\r\n${extra}\r\n`;
}

/** The JSON error body of a raw HTTP answer, with its status. */
function parseRaw(raw: string): { status: number; body: { error: { code: string; message: string } } } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
  const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };
  return { status, body };
}

describe('clients that go away', () => {
  it('N requests abandoned after their whole body was sent leave the server idle (busy 0) and answering', async () => {
    const log: Array<{ line: string; at: number }> = [];
    const { port, origin } = await listening({ log: (line) => log.push({ line, at: Date.now() }) });
    // Large enough that one check takes a while with the model; the N-1 others wait in the queue.
    const body = JSON.stringify({ text: seed.repeat(30) });
    const N = 6;
    const sockets = await Promise.all(Array.from({ length: N }, () => open(port)));
    for (const socket of sockets) {
      socket.on('error', () => {});
      socket.write(requestHead(port, '/api/check', Buffer.byteLength(body)) + body);
    }
    // Every body was read and its request admitted: N slots are held (N-1 should the first check be done already).
    await expect.poll(async () => (await health(origin)).busy, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(N - 1);
    for (const socket of sockets) socket.destroy();

    // Each abandoned request ends (dropped from the queue, or its check stopped between stages)
    // and logs its line when it does; the slots are free by then.
    await expect.poll(() => log.filter(({ line }) => line.startsWith('POST /api/check')).length, { timeout: 30_000, interval: 20 }).toBe(N);
    const lastEnd = Math.max(...log.filter(({ line }) => line.startsWith('POST /api/check')).map(({ at }) => at));
    const idle = await health(origin);
    expect(idle.busy).toBe(0);
    expect(Date.now() - lastEnd).toBeLessThan(1000);
    // None ran to the end for nobody: the waiting ones were dropped, the running one cancelled (499).
    const statuses = log.filter(({ line }) => line.startsWith('POST /api/check')).map(({ line }) => line.split(' ')[2]);
    expect(statuses.filter((s) => s === '499').length).toBeGreaterThanOrEqual(N - 1);

    const next = await fetch(`${origin}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: seed }) });
    expect(next.status).toBe(200);
    expect(((await next.json()) as { verdict: { spun: boolean } }).verdict.spun).toBe(true);
  }, 60_000);

  it('slow bodies hold no slot: a normal request is answered while they trickle, and they get 408 in the API shape', async () => {
    // One slot in all (concurrency 1, no queue): before, one trickling body was enough to refuse everyone.
    const { port, origin } = await listening({ queue: 0, bodyTimeoutMs: 3000, headersTimeoutMs: 3000 });
    const slow = await Promise.all(Array.from({ length: 8 }, () => open(port)));
    const answers = slow.map((socket) => answer(socket));
    for (const socket of slow) socket.write(requestHead(port, '/api/check', 1000) + '{"text":"');
    const trickle = setInterval(() => { for (const socket of slow) if (!socket.destroyed) socket.write('a'); }, 200);
    try {
      const response = await fetch(`${origin}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: seed }) });
      expect(response.status).toBe(200);
      expect((await health(origin)).busy).toBe(0);
      for (const raw of await Promise.all(answers)) {
        const { status, body } = parseRaw(raw);
        expect(status).toBe(408);
        expect(body.error.code).toBe('request-timeout');
      }
    } finally {
      clearInterval(trickle);
      for (const socket of slow) socket.destroy();
    }
  }, 30_000);

  it('caps the connections one client address may hold open', async () => {
    const { port, origin } = await listening({ maxConnectionsPerClient: 3 });
    const held = await Promise.all(Array.from({ length: 3 }, () => open(port)));
    try {
      const extra = await open(port);
      const { status, body } = parseRaw(await answer(extra));
      expect(status).toBe(503);
      expect(body.error.code).toBe('too-many-connections');
    } finally {
      for (const socket of held) socket.destroy();
    }
    // Once they close, the client is served again.
    await expect.poll(async () => (await fetch(`${origin}/api/health`)).status, { timeout: 5000 }).toBe(200);
  });
});

describe('who may ask, and who may write', () => {
  it('answers 421 to a Host that is not its own (DNS rebinding), unless it was allowed', async () => {
    const { port } = await listening({});
    const ask = async (host: string) => {
      const socket = await open(port);
      const raw = answer(socket);
      socket.write(`GET /api/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      return raw;
    };
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`]) {
      const { status, body } = parseRaw(await ask(host));
      expect(status, host).toBe(421);
      expect(body.error.code).toBe('host-not-allowed');
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, 'localhost', `[::1]:${port}`]) {
      expect(/^HTTP\/1\.1 200/.test(await ask(host)), host).toBe(true);
    }
    const open2 = await createServer({ concurrency: 1, log: null, allowedHosts: ['unspin.lan'] });
    started.push(open2);
    expect((await open2.inject({ method: 'GET', url: '/api/health', headers: { host: 'unspin.lan:8080' } })).statusCode).toBe(200);
    expect((await open2.inject({ method: 'GET', url: '/api/health', headers: { host: 'other.lan' } })).statusCode).toBe(421);
  });

  it('refuses writes by default (403), takes them with --allow-writes, and with --token only from the bearer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unspin-robust-'));
    try {
      const document = { id: 'doc', text: 'The city council approved the annual budget on Tuesday after a long debate.' };
      const add = (app: FastifyInstance, headers: Record<string, string> = {}) =>
        app.inject({ method: 'POST', url: '/api/index', payload: document, headers });

      const closed = await createServer({ concurrency: 1, log: null, index: await openReferenceIndex(join(dir, 'a.db')) });
      started.push(closed);
      const refused = await add(closed);
      expect(refused.statusCode).toBe(403);
      expect(JSON.parse(refused.body).error.code).toBe('writes-disabled');
      expect(JSON.parse((await closed.inject({ method: 'GET', url: '/api/health' })).body)).toMatchObject({ index: true });

      const writable = await createServer({ concurrency: 1, log: null, allowWrites: true, index: await openReferenceIndex(join(dir, 'b.db')) });
      started.push(writable);
      expect((await add(writable)).statusCode).toBe(200);

      const token = 'a-long-secret-token-1234';
      const guarded = await createServer({ concurrency: 1, log: null, token, index: await openReferenceIndex(join(dir, 'c.db')) });
      started.push(guarded);
      const anonymous = await add(guarded);
      expect(anonymous.statusCode).toBe(401);
      expect(JSON.parse(anonymous.body).error.code).toBe('unauthorized');
      expect((await add(guarded, { authorization: 'Bearer wrong-token-wrong-token' })).statusCode).toBe(401);
      expect((await add(guarded, { authorization: `Bearer ${token}` })).statusCode).toBe(200);
    } finally {
      await Promise.all(started.splice(0).map((app) => app.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one error shape everywhere', () => {
  it('431 for oversized headers, 404, and 400 for a JSON body that is not UTF-8', async () => {
    const { port, app } = await listening({});
    const socket = await open(port);
    const raw = answer(socket);
    socket.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Filler: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    const big = parseRaw(await raw);
    expect(big.status).toBe(431);
    expect(big.body.error.code).toBe('headers-too-large');

    const missing = await app.inject({ method: 'GET', url: '/nope' });
    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(missing.body).error.code).toBe('not-found');

    // "caf\xe9" in Latin-1 inside a JSON string: refused, never read as "caf\uFFFD".
    const latin1 = Buffer.concat([Buffer.from('{"text":"Un caf'), Buffer.from([0xe9]), Buffer.from(' noir."}')]);
    const invalid = await app.inject({ method: 'POST', url: '/api/check', payload: latin1, headers: { 'content-type': 'application/json' } });
    expect(invalid.statusCode).toBe(400);
    const error = JSON.parse(invalid.body).error as { code: string; message: string };
    expect(error.code).toBe('invalid-json');
    expect(error.message).toMatch(/not valid UTF-8 \(at byte 15\)/);
  });

  it('HEAD works wherever GET does', async () => {
    const { origin } = await listening({});
    for (const path of ['/', '/api/health']) {
      const response = await fetch(`${origin}${path}`, { method: 'HEAD' });
      expect(response.status, path).toBe(200);
      expect(await response.text()).toBe('');
    }
  });
});
