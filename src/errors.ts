/**
 * Errors that reach the user as one line. Anything thrown as `UnspinError`
 * is the user's problem (bad input, bad flag) and exits 2 with its message;
 * anything else is our bug and is still reported in one line, never a stack.
 */
export type ErrorCode =
  | 'usage'
  | 'input-empty'
  | 'input-binary'
  | 'input-encoding'
  | 'input-too-large'
  | 'input-not-found'
  | 'input-unreadable'
  | 'url-refused'
  | 'url-unreachable'
  | 'url-timeout'
  | 'url-status'
  | 'html-unreadable'
  | 'lexicon-invalid'
  | 'model-invalid'
  | 'index-invalid'
  | 'index-corrupt'
  | 'not-found'
  | 'cancelled'
  | 'internal';

export class UnspinError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnspinError';
    this.code = code;
  }
}

/** A one-line description of any thrown value, for stderr. */
export function describeError(error: unknown): string {
  if (error instanceof UnspinError) return error.message;
  if (error instanceof Error) return `internal error: ${error.message.split('\n')[0]}`;
  return `internal error: ${String(error).split('\n')[0]}`;
}
