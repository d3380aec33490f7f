/**
 * The distributed scan on loopback: Redis (BullMQ) for the queue, PostgreSQL
 * or per-shard JSONL for the results. One producer, two worker processes,
 * one of them killed with SIGKILL in the middle of a shard: every document
 * must be stored exactly once.
 *
 * Needs Redis and PostgreSQL (.ci/run starts both from Debian's packages):
 * UNSPIN_TEST_REDIS (default redis://127.0.0.1:6379) and UNSPIN_TEST_POSTGRES
 * (default postgres://unspin:unspin@127.0.0.1:5432/unspin_test). Without
 * them these tests are skipped with a message saying so.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO, SEED } from '../helpers/shared.js';

const REDIS = process.env.UNSPIN_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const POSTGRES = process.env.UNSPIN_TEST_POSTGRES ?? 'postgres://unspin:unspin@127.0.0.1:5432/unspin_test';

function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const [redisUp, postgresUp] = await Promise.all([listening(REDIS), listening(POSTGRES)]);
if (!redisUp || !postgresUp) {
  console.warn(`[unspin tests] distributed scan tests skipped: ${!redisUp ? `no Redis at ${REDIS}` : ''}${!redisUp && !postgresUp ? ' and ' : ''}${!postgresUp ? `no PostgreSQL at ${POSTGRES}` : ''} (.ci/run starts both; set UNSPIN_TEST_REDIS / UNSPIN_TEST_POSTGRES)`);
}

const dir = mkdtempSync(join(tmpdir(), 'unspin-queue-'));
const run = `${process.pid}-${Date.now().toString(36)}`;
/** A schema of its own per run, so that runs never see each other's rows. */
const schema = `unspin_test_${run.replace(/-/g, '_')}`;
const postgresUrl = `${POSTGRES}${POSTGRES.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

/** Real prose: the seed page's paragraphs, many times over, each document with its own id. */
function writeCorpus(path: string, documents: number): string[] {
  const paragraphs = readFileSync(SEED, 'utf8').split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.split(/\s+/).length >= 25);
  const ids: string[] = [];
  const lines: string[] = [];
  for (let i = 0; i < documents; i++) {
    const id = `doc-${String(i).padStart(5, '0')}`;
    ids.push(id);
    // Three consecutive paragraphs per document, rotating through the page.
    const text = [0, 1, 2].map((k) => paragraphs[(i + k) % paragraphs.length]).join('\n\n');
    lines.push(JSON.stringify({ id, text, url: `https://example.com/${id}` }));
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return ids;
}

function unspin(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function worker(args: string[]): ChildProcess & { exited: Promise<number | null>; err: string[] } {
  const child = spawn(process.execPath, [BIN, 'worker', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & { exited: Promise<number | null>; err: string[] };
  child.err = [];
  child.stderr!.on('data', (chunk: Buffer) => child.err.push(chunk.toString()));
  child.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return child;
}

async function until(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

let sql: import('pg').Pool | undefined;
beforeAll(async () => {
  if (!postgresUp) return;
  const { default: pg } = await import('pg');
  sql = new pg.Pool({ connectionString: POSTGRES, max: 2 });
  await sql.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
});
afterAll(async () => {
  if (!sql) return;
  await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await sql.end();
});

describe.skipIf(!redisUp || !postgresUp)('distributed scan (BullMQ + PostgreSQL, loopback)', () => {
  const corpus = join(dir, 'crawl.jsonl');
  let ids: string[] = [];
  beforeAll(() => {
    ids = writeCorpus(corpus, 1200);
  });

  it('queues shards idempotently and reports them in queue status', () => {
    const queue = `status-${run}`;
    const first = unspin(['scan', '--queue', REDIS, '--queue-name', queue, '--lines-per-shard', '500', corpus]);
    expect(first.stderr).toMatch(/queued 3 shards/);
    expect(first.code).toBe(0);
    const again = unspin(['scan', '--queue', REDIS, '--queue-name', queue, '--lines-per-shard', '500', corpus]);
    expect(again.stderr).toMatch(/queued 0 shards .*3 already in the queue/);
    const status = unspin(['queue', 'status', '--queue', REDIS, '--queue-name', queue, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ queued: 3, active: 0, done: 0, failed: 0 });
  });

  for (const store of ['postgres', 'jsonl'] as const) {
    it(`stores every document exactly once in ${store} when a worker is killed with SIGKILL mid-shard`, async () => {
      const queue = `kill-${store}-${run}`;
      const outDir = join(dir, `out-${store}`);
      const target = store === 'postgres' ? ['--results', postgresUrl] : ['--out-dir', outDir];
      const queued = unspin(['scan', '--queue', REDIS, '--queue-name', queue, '--lines-per-shard', '400', corpus]);
      expect(queued.code, queued.stderr).toBe(0);

      // Worker A alone, until it is inside a shard: some of its rows stored, the shard not complete.
      const a = worker(['--queue', REDIS, '--queue-name', queue, ...target, '--lock-ms', '4000']);
      const stored = async () => {
        if (store === 'jsonl') return existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.tmp')).length > 0 : false;
        const { rows } = await sql!.query(`SELECT count(*)::int AS n FROM ${schema}.unspin_results`).catch(() => ({ rows: [{ n: 0 }] }));
        return rows[0].n > 0 && rows[0].n % 400 !== 0;
      };
      expect(await until(stored, 60_000), a.err.join('')).toBe(true);
      a.kill('SIGKILL');
      expect(await a.exited).toBeNull();

      // Worker B takes the rest, the dead worker's shard included once its lock runs out.
      const b = worker(['--queue', REDIS, '--queue-name', queue, ...target, '--lock-ms', '4000', '--until-empty']);
      expect(await b.exited, b.err.join('')).toBe(0);

      let seen: string[];
      if (store === 'postgres') {
        const { rows } = await sql!.query(`SELECT id, spun FROM ${schema}.unspin_results`);
        seen = rows.map((r: { id: string }) => r.id);
        expect(rows.every((r: { spun: boolean }) => r.spun === true)).toBe(true);
      } else {
        const files = readdirSync(outDir);
        expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
        seen = files.flatMap((f) => readFileSync(join(outDir, f), 'utf8').trim().split('\n').map((line) => JSON.parse(line).id as string));
      }
      expect(seen.length).toBe(ids.length);
      expect(new Set(seen).size).toBe(ids.length);
      expect([...seen].sort()).toEqual(ids);
      const status = JSON.parse(unspin(['queue', 'status', '--queue', REDIS, '--queue-name', queue, '--json']).stdout);
      expect(status).toMatchObject({ queued: 0, active: 0, done: 3, failed: 0 });
    }, 180_000);
  }

  it('says in one line when the queue or the database cannot be reached', () => {
    const noQueue = unspin(['queue', 'status', '--queue', 'redis://127.0.0.1:1']);
    expect(noQueue.code).toBe(2);
    expect(noQueue.stderr.trim().split('\n')).toHaveLength(1);
    expect(noQueue.stderr).toMatch(/cannot reach the queue at redis:\/\/127\.0\.0\.1:1/);
    const badDb = unspin(['worker', '--queue', REDIS, '--results', 'postgres://unspin:wrong@127.0.0.1:5432/unspin_test', '--until-empty']);
    expect(badDb.code).toBe(2);
    expect(badDb.stderr).toMatch(/cannot use the results database at postgres:\/\/unspin:\*\*\*@/);
    expect(badDb.stderr).not.toContain('wrong');
  });
});

describe.skipIf(!postgresUp || !redisUp)('the reference index in PostgreSQL', () => {
  it('finds what the SQLite index finds, and workers name the source through it', async () => {
    const { seedOriginal } = await import('../trace/helpers.js');
    const { openIndex } = await import('../../src/trace/index.js');
    const { PostgresIndex } = await import('../../src/trace/postgres.js');
    const seed = readFileSync(SEED, 'utf8');
    const docs = [{ id: 'seed-original', text: seedOriginal(seed), title: 'China Defense Official Meets Russia’s Putin' }];
    const { hasShared } = await import('../helpers/shared.js');
    const queries: string[] = [seed];
    if (hasShared) {
      const { mpcPairs } = await import('../../tools/corpora.js');
      for (const p of mpcPairs().slice(0, 60)) {
        docs.push({ id: `mpc/${p.line}`, text: p.original, title: '' });
        if (p.line % 3 === 0) queries.push(p.spun);
      }
    }
    const sqlite = openIndex(join(dir, 'refs.db'), { create: true });
    sqlite.transaction(() => {
      for (const d of docs) sqlite.add(d);
    });
    const postgres = await PostgresIndex.open(postgresUrl);
    try {
      expect(await postgres.add(docs)).toEqual({ added: docs.length, replaced: 0, unchanged: 0 });
      expect(await postgres.add(docs.slice(0, 1))).toEqual({ added: 0, replaced: 0, unchanged: 1 });
      for (const query of queries) {
        const expected = sqlite.search(query, { limit: 3 }).map((m) => [m.id, m.score]);
        expect((await postgres.search(query, { limit: 3 })).map((m) => [m.id, m.score])).toEqual(expected);
      }
      expect((await postgres.search(seed))[0]?.id).toBe('seed-original');
    } finally {
      sqlite.close();
      await postgres.close();
    }

    // Through the CLI: a queued copy of the seed page, judged by a worker reading the shared index.
    const copies = join(dir, 'copies');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(copies, { recursive: true });
    writeFileSync(join(copies, 'copy.txt'), seed);
    const queue = `index-${run}`;
    expect(unspin(['scan', '--queue', REDIS, '--queue-name', queue, copies]).code).toBe(0);
    const outDir = join(dir, 'out-index');
    const done = unspin(['worker', '--queue', REDIS, '--queue-name', queue, '--out-dir', outDir, '--index', postgresUrl, '--until-empty', '--lock-ms', '5000']);
    expect(done.code, done.stderr).toBe(0);
    const rows = readdirSync(outDir).flatMap((f) => readFileSync(join(outDir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l)));
    expect(rows).toHaveLength(1);
    expect(rows[0].verdict.spun).toBe(true);
    expect(rows[0].source?.id).toBe('seed-original');
  }, 120_000);
});
