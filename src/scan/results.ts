/**
 * Where a distributed scan's rows go, shard by shard. Both stores make a
 * retried shard harmless, so a worker killed mid-shard loses nothing and
 * duplicates nothing:
 *
 *  - `DirectoryResults`: one JSONL file per shard, written under a temporary
 *    name and renamed into place only when the shard is complete (rename is
 *    atomic), so a shard's file is whole or absent, and a retry writes it
 *    again from the start.
 *  - `PostgresResults`: one table, `unspin_results`, keyed by document id;
 *    rows are upserted in batches, so a document processed twice is still one
 *    row (the later one).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UnspinError } from '../errors.js';
import { isErrorRow, type ScanResult } from './process.js';
import type { Shard } from './shards.js';
import { openPool, redact } from '../trace/postgres.js';

export interface ShardWriter {
  write(row: ScanResult): Promise<void>;
  /** The shard is complete: make its rows visible. */
  commit(): Promise<void>;
  /** The shard failed: leave nothing half-written behind. */
  abort(): Promise<void>;
}

export interface ResultStore {
  begin(shard: Shard): Promise<ShardWriter>;
  close(): Promise<void>;
}

export class DirectoryResults implements ResultStore {
  constructor(private readonly dir: string) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new UnspinError('input-unreadable', `cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }

  async begin(shard: Shard): Promise<ShardWriter> {
    const final = join(this.dir, `${shard.id}.jsonl`);
    const temporary = join(this.dir, `.${shard.id}.${randomBytes(4).toString('hex')}.tmp`);
    const fd = openSync(temporary, 'w');
    let open = true;
    const close = () => {
      if (open) closeSync(fd);
      open = false;
    };
    return {
      write: async (row) => {
        writeSync(fd, JSON.stringify({ ...row, shard: shard.id }) + '\n');
      },
      commit: async () => {
        fsyncSync(fd);
        close();
        renameSync(temporary, final);
        // A try that died on this shard left its temporary file behind: the shard is whole now.
        for (const name of readdirSync(this.dir)) {
          if (name.startsWith(`.${shard.id}.`) && name.endsWith('.tmp')) rmSync(join(this.dir, name), { force: true });
        }
      },
      abort: async () => {
        close();
        rmSync(temporary, { force: true });
      },
    };
  }

  async close(): Promise<void> {}
}

/** Rows per upsert statement: small enough that a long shard's rows land as it goes. */
const BATCH = 100;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS unspin_results (
  id         text PRIMARY KEY,
  shard      text NOT NULL,
  input      text NOT NULL,
  url        text,
  spun       boolean,
  score      double precision,
  findings   integer,
  error      text,
  row        jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

const UPSERT = `
INSERT INTO unspin_results (id, shard, input, url, spun, score, findings, error, row)
SELECT r.id, r.shard, r.input, r.url, r.spun, r.score, r.findings, r.error, r.row
FROM jsonb_to_recordset($1::jsonb) AS r(id text, shard text, input text, url text, spun boolean, score double precision, findings integer, error text, row jsonb)
ON CONFLICT (id) DO UPDATE SET shard = EXCLUDED.shard, input = EXCLUDED.input, url = EXCLUDED.url, spun = EXCLUDED.spun,
  score = EXCLUDED.score, findings = EXCLUDED.findings, error = EXCLUDED.error, row = EXCLUDED.row, updated_at = now()`;

export class PostgresResults implements ResultStore {
  private constructor(private readonly pool: import('pg').Pool) {}

  static async open(url: string): Promise<PostgresResults> {
    return new PostgresResults(await openPool(url, SCHEMA, 'the results database'));
  }

  async begin(shard: Shard): Promise<ShardWriter> {
    let pending: object[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      await this.pool.query(UPSERT, [JSON.stringify(batch)]);
    };
    return {
      write: async (row) => {
        pending.push({
          id: row.id,
          shard: shard.id,
          input: row.input,
          url: row.url ?? null,
          spun: isErrorRow(row) ? null : row.verdict.spun,
          score: isErrorRow(row) ? null : row.verdict.score,
          findings: isErrorRow(row) ? null : row.findings,
          error: isErrorRow(row) ? `${row.error.code}: ${row.error.message}` : null,
          row: { ...row, shard: shard.id },
        });
        if (pending.length >= BATCH) await flush();
      },
      commit: flush,
      abort: async () => {
        // Rows already upserted stay: the retry upserts the same ids again.
        pending = [];
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export { redact };
