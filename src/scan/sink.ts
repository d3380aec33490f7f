/**
 * Where scan results go. A sink takes rows in document order and must leave
 * a valid file whenever it is closed (a row is written whole or not at all),
 * so that an interrupted run can be resumed. `scan` writes JSONL or CSV to a
 * file or standard output; the distributed mode adds its own sinks
 * (per-shard JSONL, PostgreSQL) behind the same interface.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readSync, fstatSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { UnspinError } from '../errors.js';
import { byteLines } from './readers.js';
import { isErrorRow, type ScanResult } from './process.js';

export interface ResultSink {
  write(row: ScanResult): Promise<void>;
  close(): Promise<void>;
}

export type ResultFormat = 'jsonl' | 'csv';

export const CSV_COLUMNS = ['id', 'url', 'input', 'origin', 'spun', 'score', 'findings', 'words', 'stage', 'top', 'source', 'source_score', 'error'] as const;

/** One CSV record of a row: the top findings as `actual → expected` joined by `; `. */
export function csvRecord(row: ScanResult): string[] {
  if (isErrorRow(row)) return [row.id, row.url ?? '', row.input, row.origin, '', '', '', '', '', '', '', '', `${row.error.code}: ${row.error.message}`];
  const top = row.top.map((f) => `${f.actual} → ${f.expected[0] ?? ''}`).join('; ');
  return [
    row.id, row.url ?? '', row.input, row.origin, String(row.verdict.spun), String(row.verdict.score), String(row.findings), String(row.words), row.stage, top,
    row.source?.id ?? '', row.source ? String(row.source.score) : '', '',
  ];
}

export function formatRow(row: ScanResult, format: ResultFormat): string {
  return format === 'csv' ? stringify([csvRecord(row)]) : JSON.stringify(row) + '\n';
}

/** Rows to a stream (standard output), waiting on back-pressure. */
export class StreamSink implements ResultSink {
  private headerDone = false;
  constructor(private readonly stream: NodeJS.WritableStream, private readonly format: ResultFormat) {}
  async write(row: ScanResult): Promise<void> {
    let chunk = formatRow(row, this.format);
    if (this.format === 'csv' && !this.headerDone) chunk = stringify([[...CSV_COLUMNS]]) + chunk;
    this.headerDone = true;
    await new Promise<void>((resolve, reject) => this.stream.write(chunk, (error) => (error ? reject(error) : resolve())));
  }
  async close(): Promise<void> {}
}

/**
 * Rows to a file, appended: each row is one write() of a whole line, so a
 * killed process leaves at most one partial last line, which `openResults`
 * cuts off before resuming.
 */
export class FileSink implements ResultSink {
  private buffer: string[] = [];
  private bufferBytes = 0;
  constructor(private readonly fd: number, private readonly format: ResultFormat, header: boolean) {
    if (header && format === 'csv') this.buffer.push(stringify([[...CSV_COLUMNS]]));
  }
  async write(row: ScanResult): Promise<void> {
    const line = formatRow(row, this.format);
    this.buffer.push(line);
    this.bufferBytes += line.length;
    // Rows are flushed in groups of ~64 KB: one system call per group rather than per row.
    if (this.bufferBytes >= 65536) this.flush();
  }
  flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.bufferBytes = 0;
  }
  async close(): Promise<void> {
    this.flush();
    closeSync(this.fd);
  }
}

export interface OpenedResults {
  sink: FileSink;
  /** Ids already in the file (with `resume`). */
  done: Set<string>;
}

/** Opens `--out FILE`: new (truncated), or with `resume` its finished rows' ids read and a partial last line cut off. */
export async function openResults(path: string, format: ResultFormat, resume: boolean): Promise<OpenedResults> {
  const done = new Set<string>();
  let fd: number;
  try {
    if (!resume || !existsSync(path)) {
      fd = openSync(path, 'w');
      return { sink: new FileSink(fd, format, true), done };
    }
    fd = openSync(path, 'r+');
  } catch (error) {
    throw new UnspinError('input-unreadable', `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const size = fstatSync(fd).size;
  // Cut a partial last line (the run was killed mid-write): everything before the last newline is whole.
  let complete = size;
  if (size > 0) {
    const tail = Buffer.alloc(Math.min(size, 1 << 20));
    let end = size;
    complete = -1;
    while (end > 0 && complete < 0) {
      const start = Math.max(0, end - tail.length);
      readSync(fd, tail, 0, end - start, start);
      const at = tail.subarray(0, end - start).lastIndexOf(10);
      if (at >= 0) complete = start + at + 1;
      end = start;
    }
    if (complete < 0) complete = 0;
    if (complete < size) ftruncateSync(fd, complete);
  }
  const { createReadStream } = await import('node:fs');
  if (complete > 0) {
    let first = true;
    for await (const [line, number] of byteLines(createReadStream(path, { end: complete - 1 }), path, 1 << 30)) {
      if (line.length === 0) continue;
      if (format === 'csv') {
        if (first) {
          first = false;
          continue; // the header
        }
        // A quoted field may span lines (a finding across a line break): its continuation lines add ids no document has.
        const id = csvFirstField(line.toString('utf8'));
        if (id) done.add(id);
        continue;
      }
      try {
        const row = JSON.parse(line.toString('utf8')) as { id?: unknown };
        if (typeof row.id === 'string') done.add(row.id);
      } catch {
        throw new UnspinError('input-unreadable', `${path}:${number}: not a scan result line (cannot resume from this file)`);
      }
    }
  }
  // Appending from here on: reopened in append mode after the cut.
  closeSync(fd);
  const append = openSync(path, 'a');
  return { sink: new FileSink(append, format, complete === 0), done };
}

/** The first field of a CSV record (quoted or not). */
function csvFirstField(line: string): string {
  if (!line.startsWith('"')) return line.split(',', 1)[0]!;
  let out = '';
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '"') {
      if (line[i + 1] === '"') {
        out += '"';
        i++;
      } else break;
    } else out += line[i];
  }
  return out;
}
