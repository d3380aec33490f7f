/**
 * Every trace benchmark in one call, for `npm run bench` (bench/run.ts) or on
 * its own:
 *
 *   npx tsx bench/trace/run.ts [--million] [--no-peers] [--work DIR]
 *
 * The trace table (unspin beside MinHash, ssdeep and TLSH), the index at
 * 100k documents (1M with --million: about 11 minutes on two cores and 8 GB of
 * disk), and the learning curve. The indexes are built in a temporary folder
 * that is removed at the end, unless a --work DIR is given.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchLearning, formatLearning } from './learning.js';
import { benchTraceScale, formatTraceScale } from './scale.js';
import { benchTrace, formatTraceBench } from './trace.js';

export async function runTraceBenches(options: { million?: boolean; peers?: boolean; workDir?: string; log?: (text: string) => void } = {}): Promise<void> {
  const log = options.log ?? ((text: string) => console.log(text));
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'unspin-bench-trace-'));
  mkdirSync(workDir, { recursive: true });
  try {
    log(formatTraceBench(await benchTrace({ peers: options.peers, workDir })));
    log('');
    log(formatTraceScale(await benchTraceScale({ million: options.million, workDir })));
    log('');
    log(formatLearning(await benchLearning()));
  } finally {
    // Up to gigabytes of indexes: a folder the user named is theirs to keep.
    if (options.workDir === undefined) rmSync(workDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const workAt = args.indexOf('--work');
  await runTraceBenches({ million: args.includes('--million'), peers: !args.includes('--no-peers'), workDir: workAt >= 0 ? args[workAt + 1] : undefined });
}
