/** `unspin index`: build and manage a reference index (add, stats, remove). */
import { existsSync, rmSync } from 'node:fs';
import { UnspinError } from '../../errors.js';
import { formatBytes } from '../../extract/input.js';
import { plural } from '../../report/display.js';
import { extract } from '../../extract/index.js';
import { openIndex, type IndexDocument, type ReferenceIndex } from '../../trace/index.js';
import { Progress } from '../../scan/progress.js';
import { isPostgresUrl } from '../../trace/postgres.js';
import { ENCODINGS, listInputs, readDocuments, type RawDocument, type ReaderEvents, type ReaderOptions } from '../../scan/readers.js';
import { EXIT_CLEAN, write, type CliIO } from '../io.js';
import { choice, parse, positiveNumber } from '../options.js';

const HELP = `usage: unspin index add --index FILE PATH...
       unspin index stats --index FILE
       unspin index remove --index FILE ID...

add      adds documents; adding an id again replaces its document.
         PATH is a .txt or .html file (id = its real path, so the same file
         given by another path is the same document), a .jsonl file with
         {"id", "text"|"html"|"body", "title"?, "url"?} per line, a .json
         array of such records (id = FILE#N when a record has none), a .warc
         or .warc.gz file (HTML responses; id = the target URI), - for
         standard input, or a directory (recursively; README, LICENSE and
         files of other types are skipped unless named).
stats    documents, words and size of the index.
remove   removes documents by id (all or none: an unknown id is an error).

options:
      --index FILE        the index file (add creates it when missing)
      --batch N           documents per transaction when adding (default 1000)
      --log-commits       after each committed batch, print a JSON line to
                          standard error: {"committed": N, "last": "ID"}
      --encoding E        auto (default: UTF-8, else a declared charset, else
                          windows-1252), utf-8 (strict) or windows-1252
      --skip-errors       report an unreadable file, line or record in one
                          line and go on (default: stop at it)
      --max-bytes N       largest single document (default 64 MB)
      --progress, --no-progress   show a progress bar (default: when standard
                          error is a terminal)
  -f, --format FORMAT     stats: text (default) or json
  -h, --help              show this help

Each batch is one transaction: if adding fails (a bad JSONL line, a corrupt
WARC record), the failing batch is rolled back, earlier batches stay, and the
message names the file and line. Adding the same files again is safe.

exit status: 0 done, 2 usage or input error
`;

const DEFAULT_BATCH = 1000;
/** A batch also closes once it holds this much text, so that memory stays bounded whatever the documents' size. */
const BATCH_BYTES = 32 * 1024 * 1024;

function requireIndex(value: string | undefined): string {
  if (!value) throw new UnspinError('usage', "--index FILE is required (see 'unspin index --help')");
  return value;
}

/** The text the index keeps for a document: HTML through Readability (page title kept), text as it stands. */
function indexDocument(doc: RawDocument): IndexDocument | string {
  const article = doc.html !== undefined ? extract(doc.html, { kind: 'html', url: doc.url }) : { text: doc.text!, title: undefined };
  if (article.text.trim() === '') return 'no article text';
  // WARC records are keyed by their address, so that a trace names the page, not a record UUID.
  const id = doc.format === 'warc' || doc.format === 'warc.gz' ? (doc.url ?? doc.id) : doc.id;
  const out: IndexDocument = { id, text: article.text };
  const title = doc.title ?? article.title;
  if (title) out.title = title;
  if (doc.url) out.url = doc.url;
  return out;
}

interface AddOptions {
  batch: number;
  logCommits: boolean;
  progress: boolean;
  reader: ReaderOptions;
}

/** Adds the documents the paths hold, keeping `state.committed` up to date for the caller. */
async function add(index: ReferenceIndex, paths: string[], options: AddOptions, io: CliIO, state: { committed: number; finished: boolean }): Promise<void> {
  const skipped: string[] = [];
  const errors: string[] = [];
  const events: ReaderEvents = {
    skipped: (origin, reason) => skipped.push(`${origin}: ${reason}`),
    error: (error) => errors.push(error.message),
    bytes: (n) => progress?.advance(n),
  };
  const reader: ReaderOptions = { ...options.reader, events };
  const entries = listInputs(paths, reader);
  const progress: Progress | undefined = new Progress({ stream: io.stderr, totalBytes: entries.reduce((sum, f) => sum + f.size, 0), enabled: options.progress });
  const counts = { added: 0, replaced: 0, unchanged: 0 };
  let inBatch = 0;
  let batchBytes = 0;
  let last = '';

  const commit = async () => {
    index.commit();
    state.committed += inBatch;
    inBatch = 0;
    batchBytes = 0;
    if (options.logCommits) await write(io.stderr, JSON.stringify({ committed: state.committed, last }) + '\n');
  };

  try {
    index.begin();
    for await (const raw of readDocuments(entries, reader)) {
      const doc = indexDocument(raw);
      if (typeof doc === 'string') {
        skipped.push(`${raw.origin}: ${doc}`);
        continue;
      }
      counts[index.add(doc)]++;
      last = doc.id;
      inBatch++;
      batchBytes += doc.text.length;
      progress.document();
      if (inBatch >= options.batch || batchBytes >= BATCH_BYTES) {
        await commit();
        index.begin();
      }
    }
    await commit();
    state.finished = true;
  } catch (error) {
    index.rollback();
    progress.stop();
    if (error instanceof UnspinError) {
      const kept = state.committed > 0 ? `; the ${state.committed.toLocaleString('en')} documents committed before it are kept` : '; nothing was added';
      throw new UnspinError(error.code, `${error.message} (the batch in progress was rolled back${kept})`, { cause: error });
    }
    throw error;
  }
  progress.stop();
  for (const line of skipped.slice(0, 20)) await write(io.stderr, `unspin index: skipped ${line}\n`);
  if (skipped.length > 20) await write(io.stderr, `unspin index: ... and ${skipped.length - 20} more skipped\n`);
  // Unreadable inputs are never dropped silently: every one gets its line.
  for (const line of errors) await write(io.stderr, `unspin index: error: ${line} (skipped)\n`);
  const stats = index.stats();
  const parts = [`added ${counts.added.toLocaleString('en')}`];
  if (counts.replaced) parts.push(`replaced ${counts.replaced.toLocaleString('en')}`);
  if (counts.unchanged) parts.push(`unchanged ${counts.unchanged.toLocaleString('en')}`);
  if (skipped.length) parts.push(`skipped ${skipped.length.toLocaleString('en')}`);
  if (errors.length) parts.push(`unreadable ${errors.length.toLocaleString('en')}`);
  await write(io.stdout, `${parts.join(', ')}; ${index.path} holds ${plural(stats.documents, 'document')} (${formatBytes(stats.bytes)})\n`);
}

/**
 * `index add --index postgres://…`: the shared index of a distributed scan.
 * Each batch is one transaction, as for the SQLite file.
 */
async function addToPostgres(url: string, paths: string[], options: { batch: number; reader: ReaderOptions }, io: CliIO): Promise<void> {
  const { PostgresIndex } = await import('../../trace/postgres.js');
  const index = await PostgresIndex.open(url);
  const errors: string[] = [];
  let skipped = 0;
  const reader: ReaderOptions = { ...options.reader, events: { error: (error) => errors.push(error.message), skipped: () => skipped++ } };
  const counts = { added: 0, replaced: 0, unchanged: 0 };
  let batch: IndexDocument[] = [];
  const flush = async () => {
    const done = await index.add(batch);
    counts.added += done.added;
    counts.replaced += done.replaced;
    counts.unchanged += done.unchanged;
    batch = [];
  };
  try {
    for await (const raw of readDocuments(listInputs(paths, reader), reader)) {
      const doc = indexDocument(raw);
      if (typeof doc === 'string') {
        skipped++;
        continue;
      }
      batch.push(doc);
      if (batch.length >= options.batch) await flush();
    }
    await flush();
    for (const line of errors) await write(io.stderr, `unspin index: error: ${line} (skipped)\n`);
    const total = await index.documents();
    const parts = [`added ${counts.added.toLocaleString('en')}`];
    if (counts.replaced) parts.push(`replaced ${counts.replaced.toLocaleString('en')}`);
    if (counts.unchanged) parts.push(`unchanged ${counts.unchanged.toLocaleString('en')}`);
    if (skipped) parts.push(`skipped ${skipped.toLocaleString('en')}`);
    await write(io.stdout, `${parts.join(', ')}; the PostgreSQL index holds ${plural(total, 'document')}\n`);
  } finally {
    await index.close();
  }
}

export default async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    index: { type: 'string' },
    batch: { type: 'string' },
    'log-commits': { type: 'boolean' },
    progress: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    encoding: { type: 'string' },
    'skip-errors': { type: 'boolean' },
    'max-bytes': { type: 'string' },
    format: { type: 'string', short: 'f' },
    help: { type: 'boolean', short: 'h' },
  });
  const [action, ...rest] = positionals;
  if (values.help || action === 'help') {
    await write(io.stdout, HELP);
    return EXIT_CLEAN;
  }
  if (action === undefined) throw new UnspinError('usage', "missing action: add, stats or remove (see 'unspin index --help')");

  if (action === 'add') {
    const path = requireIndex(values.index);
    if (rest.length === 0) throw new UnspinError('usage', "index add needs at least one PATH (file or directory)");
    const batch = positiveNumber(values.batch, '--batch') ?? DEFAULT_BATCH;
    if (!Number.isInteger(batch)) throw new UnspinError('usage', `--batch must be a whole number (got '${values.batch}')`);
    const progress = values['no-progress'] ? false : (values.progress ?? Boolean(io.stderr.isTTY));
    if (isPostgresUrl(path)) {
      const reader: ReaderOptions = {
        encoding: choice(values.encoding, ENCODINGS, '--encoding') ?? 'auto',
        maxBytes: positiveNumber(values['max-bytes'], '--max-bytes'),
        skipErrors: Boolean(values['skip-errors']),
      };
      await addToPostgres(path, rest, { batch, reader }, io);
      return EXIT_CLEAN;
    }
    const created = !existsSync(path);
    const index = openIndex(path, { create: true });
    const state = { committed: 0, finished: false };
    try {
      const reader: ReaderOptions = {
        encoding: choice(values.encoding, ENCODINGS, '--encoding') ?? 'auto',
        maxBytes: positiveNumber(values['max-bytes'], '--max-bytes'),
        skipErrors: Boolean(values['skip-errors']),
      };
      await add(index, rest, { batch, logCommits: Boolean(values['log-commits']), progress, reader }, io, state);
    } finally {
      index.close();
      // A run that fails before its first commit leaves no empty index file behind.
      if (created && !state.finished && state.committed === 0) {
        for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
      }
    }
    return EXIT_CLEAN;
  }

  if (action === 'stats') {
    const path = requireIndex(values.index);
    if (rest.length > 0) throw new UnspinError('usage', 'index stats takes no arguments besides --index');
    const format = choice(values.format, ['text', 'json'] as const, '--format') ?? 'text';
    const index = openIndex(path, { readonly: true });
    try {
      const stats = index.stats();
      if (format === 'json') await write(io.stdout, JSON.stringify(stats) + '\n');
      else {
        await write(
          io.stdout,
          [
            `index      ${stats.path}`,
            `format     ${stats.format}`,
            `documents  ${stats.documents.toLocaleString('en')}`,
            `words      ${stats.words.toLocaleString('en')}`,
            `postings   ${stats.postings.toLocaleString('en')}`,
            `size       ${formatBytes(stats.bytes)}`,
            '',
          ].join('\n'),
        );
      }
    } finally {
      index.close();
    }
    return EXIT_CLEAN;
  }

  if (action === 'remove') {
    const path = requireIndex(values.index);
    if (rest.length === 0) throw new UnspinError('usage', 'index remove needs at least one document ID');
    const index = openIndex(path);
    try {
      const missing = index.transaction(() => {
        const absent = rest.filter((id) => !index.has(id));
        if (absent.length > 0) return absent;
        for (const id of rest) index.remove(id);
        return [];
      });
      if (missing.length > 0) {
        const shown = missing.slice(0, 5).map((id) => `'${id}'`).join(', ');
        throw new UnspinError('not-found', `not in the index: ${shown}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} (nothing was removed)`);
      }
      const stats = index.stats();
      await write(io.stdout, `removed ${rest.length.toLocaleString('en')}; ${path} holds ${plural(stats.documents, 'document')}\n`);
    } finally {
      index.close();
    }
    return EXIT_CLEAN;
  }

  throw new UnspinError('usage', `unknown action '${action}': use add, stats or remove`);
}
