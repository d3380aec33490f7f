/** `unspin serve`: being built (see the project's issues). */
import { UnspinError } from '../../errors.js';
import type { CliIO } from '../io.js';

export default async function run(argv: string[], io: CliIO): Promise<number> {
  void argv; void io;
  throw new UnspinError('usage', "'serve' is not available in this build yet");
}
