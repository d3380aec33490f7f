/**
 * The reference index: one SQLite file holding the reference documents, an
 * inverted index of their search features, and the search that traces a copy
 * back to them.
 *
 *   const index = openIndex('refs.db', { create: true });
 *   index.add({ id: 'bbc/001', text, title });
 *   const matches = index.search(spunText);   // best first, [] when none qualifies
 *   index.close();
 *
 * Writes are synchronous, like better-sqlite3 underneath. A bulk load wraps
 * many `add` calls in `begin()` / `commit()` so that a batch lands whole or
 * not at all.
 *
 * Crash safety: the journal is WAL with `synchronous = FULL`. In WAL mode
 * NORMAL already survives a killed process (the WAL is in the OS cache and is
 * replayed on open); FULL also fsyncs the WAL at every commit, so a batch that
 * was reported committed survives a power cut as well. Commits come once per
 * batch of documents, so the fsync costs little.
 */
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { UnspinError } from '../errors.js';
import { skipMask } from '../detect/index.js';
import { tokenize, type Tokens } from '../text/tokenize.js';
import type { Range } from '../types.js';
import { alignTokens, type AlignedSegment } from './align.js';
import { DEFAULT_SAMPLE, FEATURES_VERSION, textFeatures, wordIndices } from './features.js';
import { matchScore, qualifies } from './match.js';

export const INDEX_FORMAT = 'unspin-index/1';

export interface IndexDocument {
  /** Unique within the index; adding an id again replaces the document. */
  id: string;
  /** The article text; passages' source offsets index into it. */
  text: string;
  title?: string;
  url?: string;
}

export interface StoredDocument extends IndexDocument {
  /** Words in the text. */
  words: number;
}

export interface IndexStats {
  path: string;
  format: string;
  documents: number;
  words: number;
  /** Rows of the inverted index (document, feature). */
  postings: number;
  /** Size on disk, the WAL included, in bytes. */
  bytes: number;
}

export interface TracePassage {
  /** [start, end) in the query text. */
  query: [number, number];
  /** [start, end) in the source document's text. */
  source: [number, number];
  /** Word-level alignment inside the passage (with `details`). */
  segments?: AlignedSegment[];
}

export interface TraceMatch {
  id: string;
  title?: string;
  url?: string;
  /** Share of the query's words found verbatim, in order, in the source (see match.ts). */
  score: number;
  /** Share of the query's words inside aligned passages. */
  coverage: number;
  passages: TracePassage[];
  /** The source's text (with `details`). */
  sourceText?: string;
}

export interface SearchOptions {
  /** At most this many matches (default 10). */
  limit?: number;
  /** Ranges of the query that are page chrome: not searched, not counted. */
  excluded?: readonly Range[];
  /** Also return each passage's word-level segments and the source text. */
  details?: boolean;
  /** How many candidates to align (default 20). */
  candidates?: number;
}

export interface OpenOptions {
  /** Create the file when it does not exist (default false). */
  create?: boolean;
  /** Open for reading only. */
  readonly?: boolean;
  /** SQLite page cache in MiB (default 64). */
  cacheMiB?: number;
}

/** A feature found in more documents than this is too common to tell documents apart. */
export const MAX_POSTINGS = 100;
export const DEFAULT_CANDIDATES = 10;
/** Rows per multi-row INSERT: one statement call per 64 postings instead of one per posting. */
const POSTINGS_PER_STATEMENT = 64;
/** Sort keys are feature·2^21 + position: exact in a double as long as a batch holds under 2^21 postings. */
const POSITION_RANGE = 2 ** 21;
/** Postings held before they are written even though the batch is still open (bounds memory to ~50 MB). */
const MAX_PENDING = 2_000_000;
/** Candidates whose feature score falls below this share of the best one are not worth aligning. */
const CANDIDATE_FLOOR = 0.3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents (
  doc INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  title TEXT,
  url TEXT,
  text TEXT NOT NULL,
  words INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS postings (
  feature INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  PRIMARY KEY (feature, doc)
) WITHOUT ROWID;
`;

function sqliteCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** Turns SQLite's complaints about the file itself into one-line user errors. */
function fileError(path: string, error: unknown): never {
  const code = sqliteCode(error)?.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1');
  if (code === 'SQLITE_NOTADB') throw new UnspinError('index-corrupt', `${path}: not an unspin index (not an SQLite database)`, { cause: error });
  if (code === 'SQLITE_CORRUPT') throw new UnspinError('index-corrupt', `${path}: the index file is damaged (${(error as Error).message})`, { cause: error });
  if (code === 'SQLITE_CANTOPEN') throw new UnspinError('input-unreadable', `${path}: cannot open the index file`, { cause: error });
  if (code === 'SQLITE_READONLY') throw new UnspinError('input-unreadable', `${path}: the index file is read-only`, { cause: error });
  if (code === 'SQLITE_BUSY') throw new UnspinError('input-unreadable', `${path}: the index is locked by another process`, { cause: error });
  if (code === 'SQLITE_FULL') throw new UnspinError('input-unreadable', `${path}: the disk is full`, { cause: error });
  throw error;
}

/** A stored document as the search reads it back. */
export interface CandidateRow {
  id: string;
  title: string | null;
  url: string | null;
  text: string;
}

/**
 * The second half of every search, whatever holds the index: candidates
 * (document, feature score), best first, are aligned with the query, and those
 * whose alignment qualifies as a copy become matches, best first.
 */
export function judgeCandidates(
  tokens: Tokens,
  ranked: ReadonlyArray<readonly [number, number]>,
  rowOf: (doc: number) => CandidateRow | undefined,
  options: SearchOptions,
  skip?: Uint8Array,
): TraceMatch[] {
  const floor = ranked.length > 0 ? ranked[0]![1] * CANDIDATE_FLOOR : 0;
  const matches: TraceMatch[] = [];
  for (const [doc, featureScore] of ranked) {
    if (featureScore < floor) break;
    const row = rowOf(doc);
    if (!row) continue;
    const alignment = alignTokens(tokens, tokenize(row.text), { skip, segments: options.details });
    const score = matchScore(alignment);
    if (!qualifies(alignment, score)) continue;
    const match: TraceMatch = {
      id: row.id,
      ...(row.title ? { title: row.title } : {}),
      ...(row.url ? { url: row.url } : {}),
      score: round(score),
      coverage: round(alignment.coverage),
      passages: alignment.passages.map((p) => (options.details ? { query: p.query, source: p.source, segments: p.segments } : { query: p.query, source: p.source })),
    };
    if (options.details) match.sourceText = row.text;
    matches.push(match);
  }
  matches.sort((a, b) => b.score - a.score || b.coverage - a.coverage || (a.id < b.id ? -1 : 1));
  return matches.slice(0, options.limit ?? 10);
}

export class ReferenceIndex {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly sample: number;
  private readonly statements: {
    find: Database.Statement<[string], { doc: number; text: string }>;
    insertDocument: Database.Statement<[string, string | null, string | null, string, number]>;
    updateLabels: Database.Statement<[string | null, string | null, number]>;
    deleteDocument: Database.Statement<[number]>;
    insertPosting: Database.Statement<[number, number]>;
    insertPostings: Database.Statement<number[]>;
    deletePosting: Database.Statement<[number, number]>;
    postings: Database.Statement<[number, number], number>;
    byDoc: Database.Statement<[number], { id: string; title: string | null; url: string | null; text: string; words: number }>;
    byId: Database.Statement<[string], { id: string; title: string | null; url: string | null; text: string; words: number }>;
  };
  /**
   * Postings of the documents added in the open batch, written at commit in
   * feature order: SQLite then fills each B-tree page once instead of
   * visiting a random page for every posting (about three times faster).
   */
  private pendingFeatures: number[] = [];
  private pendingDocs: number[] = [];
  /** Changes to the counters kept in `meta`, written with the batch (counting rows would read the whole file). */
  private delta = { documents: 0, words: 0, postings: 0 };

  constructor(path: string, db: Database.Database, sample: number) {
    this.path = path;
    this.db = db;
    this.sample = sample;
    this.statements = {
      find: db.prepare('SELECT doc, text FROM documents WHERE id = ?'),
      insertDocument: db.prepare('INSERT INTO documents (id, title, url, text, words) VALUES (?, ?, ?, ?, ?)'),
      updateLabels: db.prepare('UPDATE documents SET title = ?, url = ? WHERE doc = ?'),
      deleteDocument: db.prepare('DELETE FROM documents WHERE doc = ?'),
      insertPosting: db.prepare('INSERT OR IGNORE INTO postings (feature, doc) VALUES (?, ?)'),
      insertPostings: db.prepare(`INSERT OR IGNORE INTO postings (feature, doc) VALUES ${new Array(POSTINGS_PER_STATEMENT).fill('(?, ?)').join(', ')}`),
      deletePosting: db.prepare('DELETE FROM postings WHERE feature = ? AND doc = ?'),
      postings: db.prepare<[number, number], number>('SELECT doc FROM postings WHERE feature = ? LIMIT ?').pluck(),
      byDoc: db.prepare('SELECT id, title, url, text, words FROM documents WHERE doc = ?'),
      byId: db.prepare('SELECT id, title, url, text, words FROM documents WHERE id = ?'),
    };
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      return fileError(this.path, error);
    }
  }

  private features(tokens: Tokens, skip?: Uint8Array): Int32Array {
    return textFeatures(tokens, { sample: this.sample, skip });
  }

  /** Starts a batch: the `add`s and `remove`s until `commit()` land together or not at all. */
  begin(): void {
    this.guard(() => this.db.exec('BEGIN IMMEDIATE'));
  }

  commit(): void {
    this.guard(() => {
      this.flushPostings();
      this.flushCounters();
      this.db.exec('COMMIT');
    });
  }

  rollback(): void {
    this.pendingFeatures = [];
    this.pendingDocs = [];
    this.delta = { documents: 0, words: 0, postings: 0 };
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  private flushCounters(): void {
    const { documents, words, postings } = this.delta;
    if (documents === 0 && words === 0 && postings === 0) return;
    const bump = this.db.prepare("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + ? AS INTEGER) WHERE key = ?");
    bump.run(documents, 'documents');
    bump.run(words, 'words');
    bump.run(postings, 'postings');
    this.delta = { documents: 0, words: 0, postings: 0 };
  }

  private counter(key: 'documents' | 'words' | 'postings'): number {
    const stored = Number(this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) ?? 0);
    return stored + this.delta[key];
  }

  private flushPostings(): void {
    const n = this.pendingFeatures.length;
    if (n === 0) return;
    // Features shifted by 2^31 to be non-negative while keeping the table's (signed) order.
    const keys = new Float64Array(n);
    for (let k = 0; k < n; k++) keys[k] = (this.pendingFeatures[k]! + 2 ** 31) * POSITION_RANGE + k;
    keys.sort();
    const docs = this.pendingDocs;
    const args = new Array<number>(2 * POSTINGS_PER_STATEMENT);
    let k = 0;
    for (; k + POSTINGS_PER_STATEMENT <= n; k += POSTINGS_PER_STATEMENT) {
      for (let j = 0; j < POSTINGS_PER_STATEMENT; j++) {
        const position = keys[k + j]! % POSITION_RANGE;
        args[2 * j] = this.pendingFeatures[position]!;
        args[2 * j + 1] = docs[position]!;
      }
      this.statements.insertPostings.run(...args);
    }
    for (; k < n; k++) {
      const position = keys[k]! % POSITION_RANGE;
      this.statements.insertPosting.run(this.pendingFeatures[position]!, docs[position]!);
    }
    this.pendingFeatures = [];
    this.pendingDocs = [];
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.begin();
    try {
      const result = fn();
      this.commit();
      return result;
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Adds a document, replacing any document with the same id. */
  add(document: IndexDocument): 'added' | 'replaced' | 'unchanged' {
    if (typeof document.id !== 'string' || document.id.length === 0) throw new UnspinError('usage', 'a document needs a non-empty string id');
    if (typeof document.text !== 'string') throw new UnspinError('usage', `document ${document.id}: text must be a string`);
    return this.guard(() =>
      this.transaction(() => {
        const existing = this.statements.find.get(document.id);
        if (existing && existing.text === document.text) {
          this.statements.updateLabels.run(document.title ?? null, document.url ?? null, existing.doc);
          return 'unchanged';
        }
        if (existing) this.removeRow(existing.doc, existing.text);
        const tokens = tokenize(document.text);
        const words = wordIndices(tokens).length;
        const { lastInsertRowid } = this.statements.insertDocument.run(document.id, document.title ?? null, document.url ?? null, document.text, words);
        const doc = Number(lastInsertRowid);
        const features = this.features(tokens);
        for (const feature of features) {
          this.pendingFeatures.push(feature);
          this.pendingDocs.push(doc);
        }
        if (this.pendingFeatures.length >= MAX_PENDING) this.flushPostings();
        this.delta.documents++;
        this.delta.words += words;
        this.delta.postings += features.length;
        return existing ? 'replaced' : 'added';
      }),
    );
  }

  private removeRow(doc: number, text: string): void {
    // The document may have been added in this batch: its postings must be in the table to be deleted.
    this.flushPostings();
    const tokens = tokenize(text);
    const features = this.features(tokens);
    for (const feature of features) this.statements.deletePosting.run(feature, doc);
    this.statements.deleteDocument.run(doc);
    this.delta.documents--;
    this.delta.words -= wordIndices(tokens).length;
    this.delta.postings -= features.length;
  }

  /** Removes a document; false when the id is not in the index. */
  remove(id: string): boolean {
    return this.guard(() =>
      this.transaction(() => {
        const existing = this.statements.find.get(id);
        if (!existing) return false;
        this.removeRow(existing.doc, existing.text);
        return true;
      }),
    );
  }

  has(id: string): boolean {
    return this.guard(() => this.statements.find.get(id) !== undefined);
  }

  get(id: string): StoredDocument | undefined {
    const row = this.guard(() => this.statements.byId.get(id));
    return row ? toStored(row) : undefined;
  }

  /** Documents in the index (this batch's included). */
  documents(): number {
    return this.guard(() => this.counter('documents'));
  }

  stats(): IndexStats {
    return this.guard(() => {
      let bytes = 0;
      for (const suffix of ['', '-wal']) {
        try {
          bytes += statSync(this.path + suffix).size;
        } catch {
          // No WAL file: nothing to add.
        }
      }
      return { path: this.path, format: INDEX_FORMAT, documents: this.counter('documents'), words: this.counter('words'), postings: this.counter('postings'), bytes };
    });
  }

  /**
   * Sources of `text` in the index, best first; [] when nothing qualifies.
   * Offsets index into `text` and into each source's stored text.
   */
  search(text: string, options: SearchOptions = {}): TraceMatch[] {
    return this.guard(() => this.searchTokens(tokenize(text), options));
  }

  private searchTokens(tokens: Tokens, options: SearchOptions): TraceMatch[] {
    this.flushPostings();
    const skip = options.excluded && options.excluded.length > 0 ? skipMask(tokens, options.excluded) : undefined;
    const total = Math.max(this.counter('documents'), 1);
    // Candidates: documents sharing the query's rarer features, weighted by inverse document frequency.
    const scores = new Map<number, number>();
    for (const feature of this.features(tokens, skip)) {
      const docs = this.statements.postings.all(feature, MAX_POSTINGS + 1);
      if (docs.length === 0 || docs.length > MAX_POSTINGS) continue;
      const weight = Math.log(1 + total / docs.length);
      for (const doc of docs) scores.set(doc, (scores.get(doc) ?? 0) + weight);
    }
    const ranked = [...scores].sort((a, b) => b[1] - a[1]).slice(0, options.candidates ?? DEFAULT_CANDIDATES);
    return judgeCandidates(tokens, ranked, (doc) => this.statements.byDoc.get(doc), options, skip);
  }

  close(): void {
    if (this.db.open) {
      this.pendingFeatures = [];
      this.pendingDocs = [];
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.db.close();
    }
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function toStored(row: { id: string; title: string | null; url: string | null; text: string; words: number }): StoredDocument {
  return { id: row.id, text: row.text, words: row.words, ...(row.title ? { title: row.title } : {}), ...(row.url ? { url: row.url } : {}) };
}

/** Opens (or, with `create`, creates) a reference index file. */
export function openIndex(path: string, options: OpenOptions = {}): ReferenceIndex {
  const exists = existsSync(path);
  if (!exists && !options.create) throw new UnspinError('input-not-found', `${path}: no such index (create one with 'unspin index add --index ${path} PATH...')`);
  if (exists && statSync(path).isDirectory()) throw new UnspinError('index-invalid', `${path}: is a directory, not an index file`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: Boolean(options.readonly) && exists, fileMustExist: !options.create });
  } catch (error) {
    return fileError(path, error);
  }
  try {
    if (!db.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = ${-1024 * (options.cacheMiB ?? 64)}`);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    if (tables.length === 0) {
      if (db.readonly) throw new UnspinError('index-invalid', `${path}: an empty database, not an unspin index`);
      db.exec(SCHEMA);
      const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      db.transaction(() => {
        set.run('format', INDEX_FORMAT);
        set.run('features', String(FEATURES_VERSION));
        set.run('sample', String(DEFAULT_SAMPLE));
        for (const counter of ['documents', 'words', 'postings']) set.run(counter, '0');
      })();
    } else if (!tables.includes('meta') || !tables.includes('documents') || !tables.includes('postings')) {
      throw new UnspinError('index-invalid', `${path}: an SQLite database, but not an unspin index`);
    }
    const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
    if (meta.get('format') !== INDEX_FORMAT) throw new UnspinError('index-invalid', `${path}: index format '${meta.get('format') ?? '?'}', this unspin reads ${INDEX_FORMAT}`);
    if (meta.get('features') !== String(FEATURES_VERSION)) {
      throw new UnspinError('index-invalid', `${path}: built with search features v${meta.get('features')}, this unspin uses v${FEATURES_VERSION}; rebuild the index`);
    }
    const sample = Number(meta.get('sample'));
    if (!Number.isInteger(sample) || sample < 1) throw new UnspinError('index-invalid', `${path}: bad 'sample' in the index metadata`);
    return new ReferenceIndex(path, db, sample);
  } catch (error) {
    db.close();
    if (error instanceof UnspinError) throw error;
    return fileError(path, error);
  }
}
