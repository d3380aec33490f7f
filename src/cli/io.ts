/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export type Command = (argv: string[], io: CliIO) => Promise<number>;

import { writeFileSync } from 'node:fs';
import { describeError, UnspinError } from '../errors.js';

/** Exit codes shared by every command. */
export const EXIT_CLEAN = 0;
export const EXIT_FOUND = 1;
export const EXIT_ERROR = 2;

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIO, requested?: boolean): boolean {
  if (requested !== undefined) return requested;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}

/** Writes and waits until the chunk is flushed, so that output order and exit codes hold on pipes. */
export function write(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

/** Writes a report to `--output FILE`, or says in one line why it could not. */
export function writeReportFile(path: string, content: string): void {
  try {
    writeFileSync(path, content);
  } catch (error) {
    throw new UnspinError('input-unreadable', `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? describeError(error)}`);
  }
}
