/**
 * The `unspin` command line: a dispatcher to one module per command, each
 * loaded only when asked for so that `check` starts fast.
 */
import { readFileSync } from 'node:fs';
import { describeError, UnspinError } from '../errors.js';
import { EXIT_ERROR, write, type CliIO, type Command } from './io.js';
import { closest } from './suggest.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  check: { summary: 'judge whether inputs were spun; mark and restore tortured phrases', load: async () => (await import('./commands/check.js')).default },
  restore: { summary: 'print the restored text of an input (--diff for a word diff)', load: async () => (await import('./commands/restore.js')).default },
  scan: { summary: 'screen folders, JSONL/JSON dumps and WARC crawls on every core; one row per document', load: async () => (await import('./commands/scan.js')).default },
  worker: { summary: 'judge queued scan shards (BullMQ), storing rows in PostgreSQL or JSONL files', load: async () => (await import('./commands/worker.js')).default },
  queue: { summary: 'the state of a scan queue (queue status)', load: async () => (await import('./commands/queue.js')).default },
  index: { summary: 'build and manage a reference index (add, stats, remove)', load: async () => (await import('./commands/index.js')).default },
  trace: { summary: 'find the sources of spun copies in a reference index', load: async () => (await import('./commands/trace.js')).default },
  learn: { summary: 'learn a substitution lexicon from (original, spun) pairs', load: async () => (await import('./commands/learn.js')).default },
  serve: { summary: 'run the HTTP API and the web page', load: async () => (await import('./commands/serve.js')).default },
};

/** The version of the installed package (dist/cli/main.js → package.json). */
export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

function usage(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name]!.summary}`);
  return [
    'usage: unspin <command> [options] [input...]',
    '',
    'commands:',
    ...lines,
    '',
    'options:',
    '  -h, --help     show this help',
    '  -v, --version  print the version',
    '',
    "run 'unspin <command> --help' for a command's options",
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await write(name === undefined ? io.stderr : io.stdout, usage());
    return name === undefined ? EXIT_ERROR : 0;
  }
  if (name === '--version' || name === '-v') {
    await write(io.stdout, `${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    const guess = closest(name, Object.keys(COMMANDS));
    const hint = guess ? `did you mean '${guess}'?` : "try 'unspin --help'";
    await write(io.stderr, `unspin: unknown command '${name}' (${hint})\n`);
    return EXIT_ERROR;
  }
  try {
    const run = await command.load();
    return await run(rest, io);
  } catch (error) {
    await write(io.stderr, `unspin ${name}: ${describeError(error)}\n`);
    return EXIT_ERROR;
  }
}

export { UnspinError };
