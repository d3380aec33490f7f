/**
 * Every trace benchmark in one call, for `npm run bench` (bench/run.ts) or on
 * its own:
 *
 *   npx tsx bench/trace/run.ts [--million] [--no-peers]
 *
 * The trace table (unspin beside MinHash, ssdeep and TLSH), the index at
 * 100k documents (1M with --million: about half an hour and 5 GB of disk),
 * and the learning curve.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchLearning, formatLearning } from './learning.js';
import { benchTraceScale, formatTraceScale } from './scale.js';
import { benchTrace, formatTraceBench } from './trace.js';

export async function runTraceBenches(options: { million?: boolean; peers?: boolean; workDir?: string; log?: (text: string) => void } = {}): Promise<void> {
  const log = options.log ?? ((text: string) => console.log(text));
  const workDir = options.workDir ?? join(tmpdir(), 'unspin-bench-trace');
  mkdirSync(workDir, { recursive: true });
  log(formatTraceBench(await benchTrace({ peers: options.peers, workDir })));
  log('');
  log(formatTraceScale(await benchTraceScale({ million: options.million, workDir })));
  log('');
  log(formatLearning(await benchLearning()));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  await runTraceBenches({ million: args.includes('--million'), peers: !args.includes('--no-peers') });
}
