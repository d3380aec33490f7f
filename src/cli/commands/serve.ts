/** `unspin serve`: the HTTP API and the web page, until SIGINT or SIGTERM. */
import { availableParallelism } from 'node:os';
import { UnspinError } from '../../errors.js';
import { createServer, DEFAULTS, parseHostHeader } from '../../server/app.js';
import { openReferenceIndex, type ReferenceIndex } from '../../server/trace.js';
import { EXIT_CLEAN, write, type CliIO } from '../io.js';
import { MAX_TIMER_MS, parse, unitInterval } from '../options.js';
import { CHECKER_FLAGS } from './check.js';

const HELP = `usage: unspin serve [options]

Serves the web page at / and the HTTP API under /api (OpenAPI document at
/api/openapi.json) until interrupted (SIGINT or SIGTERM finish the requests in
flight, then stop).

options:
      --port N            port to listen on (default 8080; 0 picks a free one)
      --host ADDRESS      address to listen on (default 127.0.0.1)
      --allowed-host NAME also answer requests addressed to NAME or NAME:PORT
                          (repeatable; '*' for any). Only localhost, 127.0.0.1,
                          [::1] and the --host address are answered otherwise
                          (421), so a web page cannot rebind its name to reach it
      --index FILE        reference index for /api/trace and /api/index
                          (created empty when FILE does not exist)
      --allow-writes      let requests add to the index (POST /api/index);
                          off by default (403)
      --token TOKEN       writes need 'Authorization: Bearer TOKEN' (401 without)
      --allow-private     let URLs reach loopback, link-local and private addresses
      --max-body BYTES    largest request body (default ${DEFAULTS.maxBody})
      --timeout MS        longest a request may take (default ${DEFAULTS.timeoutMs})
      --headers-timeout MS  longest a client may take to send its headers (default ${DEFAULTS.headersTimeoutMs}; 408)
      --body-timeout MS   longest a client may take to send headers and body (default ${DEFAULTS.bodyTimeoutMs}; 408)
      --max-connections N open connections per client address (default ${DEFAULTS.maxConnectionsPerClient}); more get 503
      --concurrency N     analyses run at once, one thread each (default: CPUs, here ${availableParallelism()})
      --queue N           requests that may wait beyond those running (default ${DEFAULTS.queue}); more get 503
      --lexicon FILE      also use this lexicon (repeatable)
      --no-default-lexicons  use only the lexicons given with --lexicon
      --no-model          lexicons only: skip the statistical model
      --threshold SCORE   judge spun from this score (0-1)
  -h, --help              show this help

Each request is logged to standard error as: METHOD PATH STATUS MILLISECONDS
`;

function integer(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UnspinError('usage', `${flag} must be an integer from ${min} to ${max} (got '${value}')`);
  return n;
}

export default async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'allowed-host': { type: 'string', multiple: true },
    'allow-writes': { type: 'boolean' },
    token: { type: 'string' },
    'headers-timeout': { type: 'string' },
    'body-timeout': { type: 'string' },
    'max-connections': { type: 'string' },
    index: { type: 'string' },
    'allow-private': { type: 'boolean' },
    'max-body': { type: 'string' },
    timeout: { type: 'string' },
    concurrency: { type: 'string' },
    queue: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...CHECKER_FLAGS,
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_CLEAN;
  }
  if (positionals.length > 0) throw new UnspinError('usage', `serve takes no inputs (got '${positionals[0]}')`);
  const port = integer(values.port, '--port', 0, 65535) ?? 8080;
  const host = values.host ?? '127.0.0.1';
  const maxBody = integer(values['max-body'], '--max-body', 1, 1024 * 1024 * 1024);
  // Timers take at most 2^31-1 ms; a larger value would fire at once.
  const timeoutMs = integer(values.timeout, '--timeout', 1, MAX_TIMER_MS);
  const headersTimeoutMs = integer(values['headers-timeout'], '--headers-timeout', 1, MAX_TIMER_MS);
  const bodyTimeoutMs = integer(values['body-timeout'], '--body-timeout', 1, MAX_TIMER_MS);
  const maxConnectionsPerClient = integer(values['max-connections'], '--max-connections', 1, 100_000);
  if (values.token !== undefined && !/^[\x21-\x7e]{16,}$/.test(values.token)) {
    throw new UnspinError('usage', '--token must be at least 16 printable characters without spaces');
  }
  const allowedHosts = [...(values['allowed-host'] ?? [])];
  for (const name of allowedHosts) {
    if (name !== '*' && !parseHostHeader(name)) throw new UnspinError('usage', `--allowed-host must be a host name or NAME:PORT (got '${name}')`);
  }
  // The address it listens on is a name it answers to (a wildcard is not).
  if (!['0.0.0.0', '::', '[::]'].includes(host)) allowedHosts.push(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  const concurrency = integer(values.concurrency, '--concurrency', 1, 256);
  const queue = integer(values.queue, '--queue', 0, 100_000);
  const threshold = unitInterval(values.threshold, '--threshold');

  let index: ReferenceIndex | undefined;
  if (values.index !== undefined) index = await openReferenceIndex(values.index);
  const log = (line: string) => { io.stderr.write(`${line}\n`); };
  let app;
  try {
    app = await createServer({
      checker: { lexicons: values.lexicon ?? [], defaultLexicons: !values['no-default-lexicons'], model: !values['no-model'], threshold },
      concurrency,
      queue,
      maxBody,
      timeoutMs,
      allowPrivate: values['allow-private'] ?? false,
      index,
      log,
      headersTimeoutMs,
      bodyTimeoutMs,
      maxConnectionsPerClient,
      allowedHosts,
      allowWrites: values['allow-writes'] ?? false,
      token: values.token,
    });
  } catch (error) {
    index?.close();
    throw error;
  }

  let address: string;
  try {
    address = await app.listen({ port, host });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'the address is in use' : code === 'EACCES' ? 'permission denied' : code ?? String(error);
    throw new UnspinError('usage', `cannot listen on ${host}:${port}: ${reason}`);
  }
  const shown = address.replace('://0.0.0.0', '://127.0.0.1');
  const reference = index
    ? `reference index ${index.path} (${index.documents()} documents, writes ${values.token !== undefined ? 'with the token' : values['allow-writes'] ? 'allowed' : 'off'})`
    : 'no reference index';
  await write(io.stderr, `unspin serve: listening on ${shown}/ (API under /api, ${reference})\n`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second signal: the user does not want to wait.
        io.stderr.write(`unspin serve: ${signal} again, stopping now\n`);
        process.exit(130);
      }
      stopping = true;
      io.stderr.write(`unspin serve: ${signal}, finishing requests in flight\n`);
      app.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await write(io.stderr, 'unspin serve: stopped\n');
  return EXIT_CLEAN;
}
