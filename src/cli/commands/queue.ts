/** `unspin queue status`: what a distributed scan has left to do. */
import { UnspinError } from '../../errors.js';
import { status } from '../../scan/queue.js';
import { EXIT_CLEAN, write, type CliIO } from '../io.js';
import { parse } from '../options.js';

const HELP = `usage: unspin queue status --queue redis://HOST:PORT [--queue-name NAME] [--json]

Shards queued, active (a worker holds them), done, failed (after every retry)
and delayed (waiting for a retry), and the last failures with their reasons.
`;

export default async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    queue: { type: 'string' },
    'queue-name': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_CLEAN;
  }
  if (positionals[0] !== 'status' || positionals.length !== 1) throw new UnspinError('usage', "queue takes one action: 'unspin queue status --queue redis://HOST:PORT'");
  if (values.queue === undefined) throw new UnspinError('usage', 'queue status needs --queue redis://HOST:PORT');
  const { counts, failures } = await status({ url: values.queue, name: values['queue-name'] });
  if (values.json) {
    await write(io.stdout, JSON.stringify({ ...counts, failures }) + '\n');
    return EXIT_CLEAN;
  }
  const total = counts.queued + counts.active + counts.done + counts.failed + counts.delayed;
  const lines = [
    `shards   ${total.toLocaleString('en')}`,
    `queued   ${counts.queued.toLocaleString('en')}`,
    `active   ${counts.active.toLocaleString('en')}`,
    `done     ${counts.done.toLocaleString('en')}`,
    `failed   ${counts.failed.toLocaleString('en')}`,
    `delayed  ${counts.delayed.toLocaleString('en')} (waiting to be retried)`,
    ...failures.map((f) => `  failed ${f.shard} after ${f.attempts} tries: ${f.reason}`),
  ];
  await write(io.stdout, lines.join('\n') + '\n');
  return EXIT_CLEAN;
}
