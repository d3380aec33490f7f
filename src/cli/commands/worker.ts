/** `unspin worker`: judge the shards a distributed scan queued, on this machine. */
import { UnspinError } from '../../errors.js';
import { openIndex } from '../../trace/index.js';
import { isPostgresUrl, PostgresIndex } from '../../trace/postgres.js';
import { work } from '../../scan/queue.js';
import { DirectoryResults, PostgresResults, redact, type ResultStore } from '../../scan/results.js';
import { EXIT_CLEAN, EXIT_ERROR, write, type CliIO } from '../io.js';
import { parse, positiveNumber } from '../options.js';

const HELP = `usage: unspin worker --queue redis://HOST:PORT (--results postgres://… | --out-dir DIR) [options]

Takes shards from the queue that 'unspin scan --queue' filled, judges every
document in them, and stores one row per document. Run one worker per core,
on as many machines as you like; each must see the inputs at the paths the
producer queued (a shared or replicated file system).

A shard is stored whole or retried: a worker killed mid-shard loses nothing
(its shard goes back to the queue once its lock runs out) and duplicates
nothing (PostgreSQL rows are upserted by document id; a JSONL file appears
only when its shard is complete).

options:
      --queue URL         the Redis address (redis://[user:pass@]host:port[/db])
      --queue-name NAME   the queue's name (default unspin-scan)
      --results URL       store rows in PostgreSQL (postgres://user:pass@host/db),
                          table unspin_results, one row per document id
      --out-dir DIR       store rows as DIR/<shard>.jsonl, one file per shard
      --index FILE|URL    name each document's best match in this reference index:
                          an SQLite file on this machine, or postgres://… shared
                          by all workers (built with 'unspin index add --index postgres://…')
      --concurrency N     shards at once in this process (default 1)
      --lock-ms N         how long a shard's lock lasts without renewal; a dead
                          worker's shard is retried after it (default 30000)
      --until-empty       exit when the queue has nothing waiting or running
  -h, --help              show this help

Ctrl-C finishes the shards in hand and exits.
`;

export default async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    queue: { type: 'string' },
    'queue-name': { type: 'string' },
    results: { type: 'string' },
    'out-dir': { type: 'string' },
    index: { type: 'string' },
    concurrency: { type: 'string' },
    'lock-ms': { type: 'string' },
    'until-empty': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_CLEAN;
  }
  if (positionals.length > 0) throw new UnspinError('usage', `worker takes no inputs (got '${positionals[0]}'); the queue holds them`);
  if (values.queue === undefined) throw new UnspinError('usage', 'worker needs --queue redis://HOST:PORT');
  if ((values.results === undefined) === (values['out-dir'] === undefined)) throw new UnspinError('usage', 'worker needs exactly one of --results postgres://… and --out-dir DIR');
  if (values.results !== undefined && !/^postgres(ql)?:\/\//.test(values.results)) throw new UnspinError('usage', `--results must be a postgres:// address (got '${redact(values.results)}')`);
  const concurrency = positiveNumber(values.concurrency, '--concurrency') ?? 1;
  const lockMs = positiveNumber(values['lock-ms'], '--lock-ms');
  if (!Number.isInteger(concurrency)) throw new UnspinError('usage', '--concurrency must be a whole number');

  // A shared PostgreSQL index (every worker reads the same one), or this machine's SQLite file.
  const shared = values.index !== undefined && isPostgresUrl(values.index) ? await PostgresIndex.open(values.index) : null;
  const index = values.index !== undefined && !shared ? openIndex(values.index, { readonly: true }) : null;
  const store: ResultStore = values.results !== undefined ? await PostgresResults.open(values.results) : new DirectoryResults(values['out-dir']!);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let failures = 0;
  try {
    const total = await work(
      { url: values.queue, name: values['queue-name'] },
      {
        store,
        index,
        sharedIndex: shared,
        concurrency,
        lockMs,
        untilEmpty: Boolean(values['until-empty']),
        signal: stop.signal,
        onError: (message) => {
          failures++;
          void io.stderr.write(`unspin worker: ${message}\n`);
        },
      },
    );
    await write(io.stderr, `unspin worker: ${total.shards} shards, ${total.documents.toLocaleString('en')} documents, judged spun ${total.spun.toLocaleString('en')}, errors ${total.errors.toLocaleString('en')}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
    index?.close();
    await shared?.close();
  }
  return failures > 0 && values['until-empty'] ? EXIT_ERROR : EXIT_CLEAN;
}
