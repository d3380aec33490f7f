/**
 * Every failure leaves the server as `{error: {code, message}}` with a status
 * that says whose fault it is: 4xx the request's, 5xx ours or upstream's.
 * Messages are one line and never carry a stack.
 */
import { UnspinError, type ErrorCode } from '../errors.js';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}

/** The input could not be analysed as given: the request was well-formed, its content was not usable. */
const UNPROCESSABLE = 422;

const STATUS_OF: Record<ErrorCode, number> = {
  usage: 400,
  'input-empty': UNPROCESSABLE,
  'input-binary': UNPROCESSABLE,
  'input-encoding': UNPROCESSABLE,
  // A request body over the limit is refused by the body parser with 413;
  // this code reaches here for a fetched page over the size cap.
  'input-too-large': UNPROCESSABLE,
  'input-not-found': UNPROCESSABLE,
  'input-unreadable': UNPROCESSABLE,
  'html-unreadable': UNPROCESSABLE,
  'url-refused': 403,
  'url-unreachable': 502,
  'url-status': 502,
  'url-timeout': 504,
  'lexicon-invalid': 500,
  'model-invalid': 500,
  'index-invalid': 500,
  'index-corrupt': 500,
  'not-found': 404,
  // The client went away; nobody reads this answer (nginx's 499, for the log line).
  cancelled: 499,
  internal: 500,
};

/** Fastify's own errors, by code, as this API names them. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body-too-large', message: 'the request body is larger than the server accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported-media-type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid-request', message: 'the Content-Length header does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid-json', message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid-json', message: 'the body is not valid JSON' },
  FST_ERR_CTP_EMPTY_TYPE: { status: 415, code: 'unsupported-media-type', message: 'the Content-Type header is empty' },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: 'unsupported-media-type' },
  FST_ERR_BAD_URL: { status: 400, code: 'invalid-request', message: 'the request URL is malformed' },
};

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim() || 'unknown error';
}

/** The status, headers and body to answer `error` with. `internal` errors are logged by the caller. */
export function toErrorReply(error: unknown, limits: { maxBody?: number; describeBytes?: (n: number) => string } = {}): { status: number; headers: Record<string, string>; body: ErrorBody; internal: boolean } {
  const reply = (status: number, code: string, message: string, headers: Record<string, string> = {}) => ({
    status,
    headers,
    body: { error: { code, message: firstLine(message) } },
    internal: status >= 500 && code === 'internal',
  });

  if (error instanceof ApiError) return reply(error.status, error.code, error.message, error.headers);
  if (error instanceof UnspinError) return reply(STATUS_OF[error.code] ?? 500, error.code, error.message);

  const fastify = error as { code?: string; statusCode?: number; validation?: unknown; message?: string };
  if (fastify.validation) return reply(400, 'invalid-request', fastify.message ?? 'invalid request');
  const known = fastify.code ? FASTIFY_ERRORS[fastify.code] : undefined;
  if (known) {
    let message = known.message ?? describeFastify(fastify.message);
    if (known.status === 413 && limits.maxBody !== undefined && limits.describeBytes) message += ` (${limits.describeBytes(limits.maxBody)})`;
    return reply(known.status, known.code, message);
  }
  if (error instanceof SyntaxError && fastify.statusCode === 400) return reply(400, 'invalid-json', `malformed JSON: ${error.message}`);
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return reply(fastify.statusCode, 'invalid-request', describeFastify(fastify.message));
  }
  const message = error instanceof Error ? error.message : String(error);
  return reply(500, 'internal', `internal error: ${firstLine(message)}`);
}

/** Fastify's messages are sentences; drop its trailing period and any error-class prefix. */
function describeFastify(message: string | undefined): string {
  return firstLine(message ?? 'invalid request').replace(/\.$/, '');
}
