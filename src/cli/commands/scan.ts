/** `unspin scan`: screen a crawl, a dump or a folder; one result row per document. */
import { UnspinError } from '../../errors.js';
import { formatBytes } from '../../extract/decode.js';
import { openIndex } from '../../trace/index.js';
import type { ModelMode } from '../../scan/process.js';
import { defaultWorkers, inProcess, threadPool, type BatchProcessor } from '../../scan/pool.js';
import { Progress } from '../../scan/progress.js';
import { ENCODINGS, listInputs, readDocuments, type ReaderOptions } from '../../scan/readers.js';
import { runScan, type ScanSummary } from '../../scan/run.js';
import { openResults, StreamSink, type ResultSink } from '../../scan/sink.js';
import type { ScanWorkerData } from '../../scan/worker.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FOUND, write, type CliIO } from '../io.js';
import { choice, parse, positiveNumber, unitInterval } from '../options.js';
import { CHECKER_FLAGS } from './check.js';

const HELP = `usage: unspin scan [options] INPUT... [--out results.jsonl]

Judges every document the inputs hold and writes one row per document, in
input order: id, url, input, verdict, finding count, the top findings and,
with --index, the best source match.

INPUT is a directory (its .txt, .html, .json, .jsonl and .warc[.gz] files,
recursively; README and LICENSE files are skipped unless named), a .txt or
.html file, a .jsonl file ({"id", "text"|"html", "url"?} per line), a .json
array of such records, a .warc or .warc.gz file (its HTML responses), or -
for standard input.

options:
  -o, --out FILE          write the rows to FILE (default: standard output)
  -f, --format FORMAT     jsonl (default) or csv
      --min-score SCORE   write only rows scoring at least SCORE (0-1)
      --index FILE        name each document's best match in this reference index
      --workers N         threads (default: all cores, here ${defaultWorkers()}); 0 = this thread
      --model MODE        cascade (default: the model only where a cheap screen
                          cannot clear a document), all, or off (lexicons only)
      --no-model          same as --model off
      --resume            pass over documents whose id is already in --out FILE
                          and append the rest
      --encoding E        auto (default: UTF-8, else a declared charset, else
                          windows-1252), utf-8 (strict) or windows-1252
      --skip-errors       report an unreadable file, line or record in one line
                          and go on (default: stop reading at it)
      --max-bytes N       largest single document (default 64 MB)
      --top N             findings listed per row (default 5)
      --lexicon FILE      also use this lexicon (repeatable)
      --no-default-lexicons  use only the lexicons given with --lexicon
      --threshold SCORE   judge spun from this score (0-1, default 0.5)
      --progress, --no-progress  progress bar on standard error (default: on a terminal)
      --queue redis://HOST:PORT  do not scan here: cut the inputs into shards
                          (JSONL line ranges, WARC and JSON files, groups of
                          small files) and queue them for 'unspin worker'
      --queue-name NAME   the queue's name (default unspin-scan)
      --lines-per-shard N JSONL lines per shard (default 2000)
  -h, --help              show this help

A summary line (documents, judged spun, errors, throughput) goes to standard
error. Ctrl-C stops reading, finishes the documents in flight and leaves a
file of whole rows; run again with --resume to carry on.

exit status: 0 nothing judged spun, 1 some document judged spun, 2 usage or
input error (or documents that could not be judged, without --skip-errors),
130 interrupted
`;

const EXIT_INTERRUPTED = 130;

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UnspinError('usage', `${flag} must be a whole number ≥ ${min} (got '${value}')`);
  return n;
}

export function summaryLine(summary: ScanSummary, extra: { skipped: number; unreadable: number }): string {
  const mb = summary.bytes / (1024 * 1024);
  const seconds = Math.max(summary.seconds, 1e-3);
  const parts = [
    `scanned ${summary.documents.toLocaleString('en')} documents (${formatBytes(summary.bytes)}) in ${summary.seconds.toFixed(1)} s: ${Math.round(summary.documents / seconds).toLocaleString('en')} docs/s, ${(mb / seconds).toFixed(2)} MB/s`,
    `judged spun ${summary.spun.toLocaleString('en')}`,
    `errors ${(summary.errors + extra.unreadable).toLocaleString('en')}`,
  ];
  if (summary.screened > 0) parts.push(`cleared by the screen ${summary.screened.toLocaleString('en')}`);
  if (extra.skipped > 0) parts.push(`skipped ${extra.skipped.toLocaleString('en')}`);
  if (summary.resumed > 0) parts.push(`already done ${summary.resumed.toLocaleString('en')}`);
  if (summary.interrupted) parts.push('interrupted');
  return parts.join('; ');
}

export default async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    out: { type: 'string', short: 'o' },
    format: { type: 'string', short: 'f' },
    'min-score': { type: 'string' },
    index: { type: 'string' },
    workers: { type: 'string' },
    model: { type: 'string' },
    resume: { type: 'boolean' },
    encoding: { type: 'string' },
    'skip-errors': { type: 'boolean' },
    'max-bytes': { type: 'string' },
    top: { type: 'string' },
    progress: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    queue: { type: 'string' },
    'queue-name': { type: 'string' },
    'lines-per-shard': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...CHECKER_FLAGS,
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_CLEAN;
  }
  if (positionals.length === 0) throw new UnspinError('usage', "no input given (a directory, file, '-'; see 'unspin scan --help')");
  if (positionals.filter((p) => p === '-').length > 1) throw new UnspinError('usage', "'-' (standard input) can be given only once");
  const format = choice(values.format, ['jsonl', 'csv'] as const, '--format') ?? 'jsonl';
  const minScore = unitInterval(values['min-score'], '--min-score');
  const workers = wholeNumber(values.workers, '--workers', 0) ?? defaultWorkers();
  const top = wholeNumber(values.top, '--top', 0) ?? 5;
  const requested = choice(values.model, ['cascade', 'all', 'off'] as const, '--model');
  if (requested && values['no-model'] && requested !== 'off') throw new UnspinError('usage', `--no-model contradicts --model ${requested}`);
  const mode: ModelMode = values['no-model'] ? 'off' : (requested ?? 'cascade');
  if (values.resume && values.out === undefined) throw new UnspinError('usage', '--resume needs --out FILE (the rows to carry on from)');
  const skipErrors = Boolean(values['skip-errors']);

  const skipped: string[] = [];
  const unreadable: string[] = [];
  const report = (line: string) => void io.stderr.write(`unspin scan: ${line}\n`);
  let progress: Progress | undefined;
  const reader: ReaderOptions = {
    encoding: choice(values.encoding, ENCODINGS, '--encoding') ?? 'auto',
    maxBytes: positiveNumber(values['max-bytes'], '--max-bytes'),
    skipErrors,
    events: {
      bytes: (n) => progress?.advance(n),
      skipped: (origin, reason) => {
        skipped.push(origin);
        if (skipped.length <= 5) report(`skipped ${origin}: ${reason}`);
      },
      // Never silent: every unreadable file, line or record gets its line.
      error: (error) => {
        unreadable.push(error.message);
        report(`error: ${error.message} (skipped)`);
      },
    },
  };
  const entries = listInputs(positionals, reader);
  if (values.queue !== undefined) {
    // Distributed: the inputs become shards in the queue; `unspin worker` judges them and stores the rows.
    if (values.out !== undefined || values.resume || values.index !== undefined) {
      throw new UnspinError('usage', '--out, --resume and --index belong to the workers in queue mode (see unspin worker --help)');
    }
    const { planShards } = await import('../../scan/shards.js');
    const { enqueue } = await import('../../scan/queue.js');
    const shards = await planShards(entries, { linesPerShard: wholeNumber(values['lines-per-shard'], '--lines-per-shard', 1) });
    const threshold = unitInterval(values.threshold, '--threshold');
    const { added, known } = await enqueue(
      { url: values.queue, name: values['queue-name'] },
      shards.map((shard) => ({
        shard,
        checker: { lexicons: values.lexicon ?? [], defaultLexicons: !values['no-default-lexicons'], model: mode !== 'off', threshold },
        scan: { model: mode, threshold, top },
        reader: { encoding: reader.encoding, maxBytes: reader.maxBytes },
      })),
    );
    const bytes = shards.reduce((sum, shard) => sum + shard.bytes, 0);
    await write(io.stderr, `unspin scan: queued ${added.toLocaleString('en')} shards (${formatBytes(bytes)} in all)${known > 0 ? `; ${known.toLocaleString('en')} already in the queue` : ''}\n`);
    return EXIT_CLEAN;
  }
  // The index is checked here, so that a bad path is one line before any thread starts.
  if (values.index) openIndex(values.index, { readonly: true }).close();

  const config: ScanWorkerData = {
    checker: {
      lexicons: values.lexicon ?? [],
      defaultLexicons: !values['no-default-lexicons'],
      model: mode !== 'off',
      threshold: unitInterval(values.threshold, '--threshold'),
    },
    scan: { model: mode, threshold: unitInterval(values.threshold, '--threshold'), top },
    index: values.index,
  };
  let sink: ResultSink;
  let done = new Set<string>();
  if (values.out !== undefined) {
    const opened = await openResults(values.out, format, Boolean(values.resume));
    sink = opened.sink;
    done = opened.done;
  } else sink = new StreamSink(io.stdout, format);

  let processor: BatchProcessor;
  try {
    processor = workers === 0 ? inProcess(config) : await threadPool(workers, config);
  } catch (error) {
    await sink.close();
    throw error;
  }
  const showProgress = values['no-progress'] ? false : (values.progress ?? Boolean(io.stderr.isTTY));
  progress = new Progress({ stream: io.stderr, totalBytes: entries.reduce((sum, e) => sum + e.size, 0), enabled: showProgress });

  // Ctrl-C: stop reading, finish what is in flight, leave whole rows. A second Ctrl-C quits at once.
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(EXIT_INTERRUPTED);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let summary: ScanSummary;
  let failure: unknown = null;
  try {
    summary = await runScan(readDocuments(entries, reader), {
      processor,
      sink,
      skip: done,
      minScore,
      signal: stop.signal,
      onRow: (row) => {
        progress?.document();
        if ('error' in row) report(`error: ${row.error.message}`);
      },
    });
  } catch (error) {
    failure = error;
    summary = (error as { summary?: ScanSummary }).summary ?? { documents: 0, spun: 0, errors: 0, screened: 0, resumed: 0, written: 0, bytes: 0, seconds: 0, interrupted: false };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.stop();
    await processor.close();
    await sink.close();
  }
  if (skipped.length > 5) report(`... and ${(skipped.length - 5).toLocaleString('en')} more skipped`);
  await write(io.stderr, summaryLine(summary, { skipped: skipped.length, unreadable: unreadable.length }) + '\n');
  if (failure) throw failure;
  if (summary.interrupted) return EXIT_INTERRUPTED;
  if (summary.errors > 0 && !skipErrors) return EXIT_ERROR;
  return summary.spun > 0 ? EXIT_FOUND : EXIT_CLEAN;
}
