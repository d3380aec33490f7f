/**
 * The reference index in PostgreSQL, for a distributed scan: every worker on
 * every machine reads one shared index (`--index postgres://…`) instead of a
 * copy of an SQLite file each.
 *
 * Same features, same scoring and same alignment as the SQLite index
 * (index.ts): documents and an inverted index of their search features, a
 * candidate search that weights shared rare features by inverse document
 * frequency (here one SQL statement), then `judgeCandidates`, shared with the
 * SQLite index, aligns the best candidates with the query.
 *
 * Writes are batched in transactions: a batch of documents lands whole or not
 * at all, and adding a document again replaces it.
 */
import { UnspinError } from '../errors.js';
import { skipMask } from '../detect/index.js';
import { tokenize } from '../text/tokenize.js';
import { DEFAULT_SAMPLE, textFeatures, wordIndices } from './features.js';
import { DEFAULT_CANDIDATES, judgeCandidates, MAX_POSTINGS, type CandidateRow, type IndexDocument, type SearchOptions, type TraceMatch } from './index.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS unspin_documents (
  doc   bigserial PRIMARY KEY,
  id    text NOT NULL UNIQUE,
  title text,
  url   text,
  text  text NOT NULL,
  words integer NOT NULL
);
CREATE TABLE IF NOT EXISTS unspin_postings (
  feature integer NOT NULL,
  doc     bigint NOT NULL REFERENCES unspin_documents (doc) ON DELETE CASCADE,
  PRIMARY KEY (feature, doc)
);
CREATE INDEX IF NOT EXISTS unspin_postings_doc ON unspin_postings (doc);
`;

/** Candidates: documents sharing the query's rarer features, weighted by inverse document frequency (as index.ts). */
const CANDIDATES = `
WITH q AS (SELECT unnest($1::int[]) AS feature),
df AS (
  SELECT p.feature, count(*) AS n FROM unspin_postings p JOIN q USING (feature)
  GROUP BY p.feature HAVING count(*) <= $2
)
SELECT p.doc, sum(ln(1 + $3::float8 / df.n)) AS score
FROM unspin_postings p JOIN df USING (feature)
GROUP BY p.doc ORDER BY score DESC, p.doc LIMIT $4`;

export function isPostgresUrl(spec: string): boolean {
  return /^postgres(?:ql)?:\/\//.test(spec);
}

/** A connection string without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

/** A small pool with `schema` created, or one line saying why the database cannot be used. */
export async function openPool(url: string, schema: string, what: string): Promise<import('pg').Pool> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    await pool.query(schema);
  } catch (error) {
    await pool.end().catch(() => {});
    throw new UnspinError('url-unreachable', `cannot use ${what} at ${redact(url)}: ${(error as Error).message.split('\n')[0]}`);
  }
  return pool;
}

export class PostgresIndex {
  private constructor(private readonly pool: import('pg').Pool, readonly url: string) {}

  static async open(url: string): Promise<PostgresIndex> {
    return new PostgresIndex(await openPool(url, SCHEMA, 'the index'), url);
  }

  /** Adds (or replaces) documents in one transaction. */
  async add(documents: readonly IndexDocument[]): Promise<{ added: number; replaced: number; unchanged: number }> {
    const counts = { added: 0, replaced: 0, unchanged: 0 };
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const document of documents) {
        if (typeof document.id !== 'string' || document.id.length === 0) throw new UnspinError('usage', 'a document needs a non-empty string id');
        const existing = await client.query<{ doc: string; text: string }>('SELECT doc, text FROM unspin_documents WHERE id = $1', [document.id]);
        const known = existing.rows[0];
        if (known && known.text === document.text) {
          await client.query('UPDATE unspin_documents SET title = $1, url = $2 WHERE doc = $3', [document.title ?? null, document.url ?? null, known.doc]);
          counts.unchanged++;
          continue;
        }
        if (known) await client.query('DELETE FROM unspin_documents WHERE doc = $1', [known.doc]);
        const tokens = tokenize(document.text);
        const inserted = await client.query<{ doc: string }>(
          'INSERT INTO unspin_documents (id, title, url, text, words) VALUES ($1, $2, $3, $4, $5) RETURNING doc',
          [document.id, document.title ?? null, document.url ?? null, document.text, wordIndices(tokens).length],
        );
        const features = Array.from(textFeatures(tokens, { sample: DEFAULT_SAMPLE }));
        if (features.length > 0) {
          await client.query('INSERT INTO unspin_postings (feature, doc) SELECT unnest($1::int[]), $2 ON CONFLICT DO NOTHING', [features, inserted.rows[0]!.doc]);
        }
        if (known) counts.replaced++;
        else counts.added++;
      }
      await client.query('COMMIT');
      return counts;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async documents(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM unspin_documents');
    return Number(rows[0]!.n);
  }

  /** The indexed documents this text copies, best first; [] when none qualifies. */
  async search(text: string, options: SearchOptions = {}): Promise<TraceMatch[]> {
    const tokens = tokenize(text);
    const skip = options.excluded && options.excluded.length > 0 ? skipMask(tokens, options.excluded) : undefined;
    const features = Array.from(textFeatures(tokens, { sample: DEFAULT_SAMPLE, skip }));
    if (features.length === 0) return [];
    const total = Math.max(await this.documents(), 1);
    const { rows } = await this.pool.query<{ doc: string; score: number }>(CANDIDATES, [features, MAX_POSTINGS, total, options.candidates ?? DEFAULT_CANDIDATES]);
    if (rows.length === 0) return [];
    const docs = rows.map((r) => Number(r.doc));
    const stored = await this.pool.query<CandidateRow & { doc: string }>('SELECT doc, id, title, url, text FROM unspin_documents WHERE doc = ANY($1::bigint[])', [docs]);
    const byDoc = new Map(stored.rows.map((r) => [Number(r.doc), r]));
    return judgeCandidates(tokens, rows.map((r) => [Number(r.doc), Number(r.score)] as const), (doc) => byDoc.get(doc), options, skip);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
