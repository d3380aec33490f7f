/**
 * Shards: the units of work of the distributed scan. A shard is a short list
 * of input entries that one worker reads from start to end:
 *
 *  - a JSONL file is cut into ranges of whole lines (`linesPerShard` lines,
 *    by byte offset), so a 50 GB dump spreads over every worker and each
 *    reads only its own bytes;
 *  - a JSON array and a WARC file are one shard each: they cannot be entered
 *    in the middle without reading what comes before, and crawls already come
 *    as many WARC files of about 1 GB (Common Crawl's segments), which is the
 *    grain the crawl's own tools use;
 *  - small .txt/.html files are grouped `filesPerShard` at a time.
 *
 * A shard's id is a hash of what it reads (real paths and byte ranges), so
 * enqueueing the same inputs twice adds nothing, and a result row can name
 * the shard it came from. Workers must see the inputs at the same paths (a
 * shared or replicated file system), as with any crawl-processing cluster.
 */
import { createHash } from 'node:crypto';
import { createReadStream, realpathSync } from 'node:fs';
import { UnspinError } from '../errors.js';
import type { InputEntry } from './readers.js';

export interface Shard {
  id: string;
  entries: InputEntry[];
  /** Bytes the shard reads, for progress and status. */
  bytes: number;
}

export interface ShardOptions {
  /** Lines of a JSONL file per shard (default 2,000). */
  linesPerShard?: number;
  /** Small files per shard (default 200). */
  filesPerShard?: number;
}

function shardId(entries: InputEntry[]): string {
  const key = JSON.stringify(entries.map((e) => [e.path, e.range?.start ?? null, e.range?.end ?? null]));
  return createHash('sha1').update(key).digest('hex').slice(0, 16);
}

function absolute(entry: InputEntry): InputEntry {
  return { ...entry, path: realpathSync(entry.path) };
}

/** Byte offsets at which each run of `lines` lines of a file starts, plus the file's end. */
async function lineCuts(path: string, lines: number): Promise<Array<{ start: number; end: number; firstLine: number }>> {
  const ranges: Array<{ start: number; end: number; firstLine: number }> = [];
  let offset = 0;
  let start = 0;
  let line = 0;
  let firstLine = 1;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let from = 0;
    let newline: number;
    while ((newline = chunk.indexOf(10, from)) >= 0) {
      line++;
      from = newline + 1;
      if (line - firstLine + 1 === lines) {
        ranges.push({ start, end: offset + from, firstLine });
        start = offset + from;
        firstLine = line + 1;
      }
    }
    offset += chunk.length;
  }
  if (offset > start) ranges.push({ start, end: offset, firstLine });
  return ranges;
}

/** The shards that cover a list of inputs, in input order. Standard input cannot be shared with workers. */
export async function planShards(entries: readonly InputEntry[], options: ShardOptions = {}): Promise<Shard[]> {
  const linesPerShard = options.linesPerShard ?? 2000;
  const filesPerShard = options.filesPerShard ?? 200;
  const shards: Shard[] = [];
  let group: InputEntry[] = [];
  const flushGroup = () => {
    if (group.length === 0) return;
    shards.push({ id: shardId(group), entries: group, bytes: group.reduce((sum, e) => sum + e.size, 0) });
    group = [];
  };
  for (const raw of entries) {
    if (raw.path === '-') throw new UnspinError('usage', "standard input cannot be queued: workers read the inputs by path (give files or folders)");
    const entry = absolute(raw);
    if (entry.format === 'jsonl') {
      flushGroup();
      for (const range of await lineCuts(entry.path, linesPerShard)) {
        const part = { ...entry, size: range.end - range.start, range };
        shards.push({ id: shardId([part]), entries: [part], bytes: part.size });
      }
    } else if (entry.format === 'json' || entry.format === 'warc' || entry.format === 'warc.gz') {
      flushGroup();
      shards.push({ id: shardId([entry]), entries: [entry], bytes: entry.size });
    } else {
      group.push(entry);
      if (group.length >= filesPerShard) flushGroup();
    }
  }
  flushGroup();
  return shards;
}
