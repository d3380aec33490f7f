/**
 * The HTTP API and the web page on Fastify. Requests flow:
 *
 *   onRequest   admit (or 503), start the request's clock, refuse a wrong Content-Type (415)
 *   parse       JSON, or a raw text/plain | text/html body decoded and validated like a file
 *   validate    the route's JSON schema (400 naming the field)
 *   handler     read the source (fetch a URL through loadInput), run the job on a checker thread
 *   onSend      security headers on every answer
 *   onResponse  one log line: method, path, status, milliseconds
 */
import { availableParallelism } from 'node:os';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifySchemaValidationError } from 'fastify';
import { decodeInput, formatBytes } from '../extract/input.js';
import type { CheckerOptions } from '../index.js';
import type { ReportItem, ReportSource } from '../report/index.js';
import type { CheckResult } from '../types.js';
import { Admission } from './admission.js';
import { loadAssets } from './assets.js';
import { ApiError, toErrorReply } from './errors.js';
import { errorResponses, openApiDocument, type RouteDoc, type RouteSchema } from './openapi.js';
import { WorkerPool } from './pool.js';
import * as schemas from './schemas.js';
import { readSource, type SourceFields } from './source.js';
import type { IndexDocument, ReferenceIndex } from './trace.js';

export const VERSION = '0.1.0';

export interface ServerOptions {
  /** Lexicons, model and threshold for the checker threads. */
  checker?: CheckerOptions;
  /** Checker threads: how many analyses run at once (default: the CPU count). */
  concurrency?: number;
  /** Requests that may wait for a thread beyond those running (default 64); more get 503. */
  queue?: number;
  /** Largest request body in bytes (default 5 MB). */
  maxBody?: number;
  /** Time a request may take from its first byte to its answer, in ms (default 30 s). */
  timeoutMs?: number;
  /** Let URLs reach loopback, link-local and private addresses. */
  allowPrivate?: boolean;
  /** Largest fetched page in bytes (default 10 MB). */
  maxUrlBytes?: number;
  /** Longest a URL fetch may take, in ms (default 15 s). */
  fetchTimeoutMs?: number;
  /** Reference index for /api/trace and /api/index; without one they answer 501. */
  index?: ReferenceIndex;
  /** Where the per-request log lines go (default stderr); null for none. */
  log?: ((line: string) => void) | null;
}

export const DEFAULTS = {
  maxBody: 5 * 1024 * 1024,
  timeoutMs: 30_000,
  queue: 64,
  maxUrlBytes: 10 * 1024 * 1024,
  fetchTimeoutMs: 15_000,
} as const;

/**
 * The page's policy: only its own files, nothing inline (every dynamic value
 * is set with textContent, so a payload in the input can never become code),
 * no framing, no plugins, no form posts elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const SOURCE_TYPES = ['application/json', 'text/plain', 'text/html'];
const JSON_ONLY = ['application/json'];

interface RouteConfig {
  /** Counts against the concurrency limit. */
  admit?: boolean;
  /** Request media types the route takes (POST routes). */
  accepts?: string[];
}

interface RequestState {
  deadline: number;
  admitted: boolean;
  aborted: AbortController;
}

function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** `/a/0/id` → `a[0].id`; the root is "body". */
function fieldName(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  if (parts.length === 0) return 'body';
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

const ARTICLE: Record<string, string> = { string: 'a string', boolean: 'true or false', integer: 'an integer', number: 'a number', object: 'an object', array: 'a list' };

function describeSchemaError(error: FastifySchemaValidationError): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `'${fieldName(error.instancePath)}' must be ${String(params.type).split(',').map((t) => ARTICLE[t] ?? t).join(' or ')}`;
    case 'required':
      return `'${fieldName(error.instancePath, String(params.missingProperty))}' is required`;
    case 'additionalProperties':
      return `unknown field '${fieldName(error.instancePath, String(params.additionalProperty))}'`;
    default:
      return `'${fieldName(error.instancePath)}' ${error.message ?? 'is invalid'}`;
  }
}

/**
 * One line that names the field. A failed `oneOf` (exactly one source) is
 * explained by what it wanted, unless one of its branches failed deeper in.
 */
function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const oneOf = errors.find((e) => e.keyword === 'oneOf');
  if (oneOf) {
    const branches = errors.filter((e) => e !== oneOf && e.schemaPath.startsWith(`${oneOf.schemaPath}/`));
    const missing = branches.filter((e) => e.keyword === 'required' && e.instancePath === oneOf.instancePath);
    if (branches.length > 0 && missing.length === branches.length) {
      const names = missing.map((e) => `'${String((e.params as { missingProperty: unknown }).missingProperty)}'`);
      return new Error(`${dataVar} must have one of ${names.join(', ')}`);
    }
    if (branches.length === 0) {
      // verbose errors carry the oneOf list itself: name what it wants.
      const wanted = ((oneOf as { schema?: Array<{ required?: string[] }> }).schema ?? []).flatMap((s) => s.required ?? []);
      return new Error(wanted.length > 0 ? `${dataVar} must have exactly one of ${wanted.map((n) => `'${n}'`).join(', ')} (got several)` : `${dataVar} matches several alternatives`);
    }
    const deepest = branches.reduce((a, b) => (b.instancePath.length > a.instancePath.length ? b : a));
    return new Error(describeSchemaError(deepest));
  }
  return new Error(describeSchemaError(errors[0]!));
}

/** A source route's body: JSON fields, or the raw text itself. */
const sourceBody = (json: object) => ({
  content: {
    'application/json': { schema: json },
    'text/plain': { schema: schemas.rawTextBody },
    'text/html': { schema: schemas.rawTextBody },
  },
});

const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });

/** Starts the checker threads (failing if a checker cannot be built) and the app around them; call `close()` to stop both. */
export async function createServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? availableParallelism()));
  const pool = new WorkerPool({ size: concurrency, checker: options.checker ?? {} });
  try {
    await pool.ready();
    return await buildApp(pool, options);
  } catch (error) {
    await pool.close();
    throw error;
  }
}

async function buildApp(pool: WorkerPool, options: ServerOptions): Promise<FastifyInstance> {
  const maxBody = options.maxBody ?? DEFAULTS.maxBody;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const admission = new Admission(pool.size + Math.max(0, Math.floor(options.queue ?? DEFAULTS.queue)));
  const log = options.log === undefined ? (line: string) => process.stderr.write(`${line}\n`) : options.log;
  const index = options.index;
  const fetchPolicy = {
    allowPrivate: options.allowPrivate ?? false,
    maxUrlBytes: options.maxUrlBytes ?? DEFAULTS.maxUrlBytes,
    fetchTimeoutMs: options.fetchTimeoutMs ?? DEFAULTS.fetchTimeoutMs,
  };

  const app = Fastify({
    logger: false,
    bodyLimit: maxBody,
    requestTimeout: timeoutMs,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false, verbose: true } },
    schemaErrorFormatter,
  });
  // Node refuses a headers timeout longer than the request timeout.
  app.server.headersTimeout = Math.min(app.server.headersTimeout, timeoutMs);
  // Response schemas document the answers; they must not filter fields the contract may add.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  const states = new WeakMap<FastifyRequest, RequestState>();
  const stateOf = (request: FastifyRequest): RequestState => {
    let state = states.get(request);
    if (!state) {
      state = { deadline: Date.now() + timeoutMs, admitted: false, aborted: new AbortController() };
      states.set(request, state);
    }
    return state;
  };
  const release = (request: FastifyRequest) => {
    const state = states.get(request);
    if (state?.admitted) {
      state.admitted = false;
      admission.leave();
    }
  };

  // Raw bodies are read like files: bytes validated (binary, encoding, empty) and decoded once.
  app.removeContentTypeParser('text/plain');
  const rawText = (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
    try {
      const query = request.query as { name?: string } | undefined;
      done(null, decodeInput(body, query?.name ?? '<body>', maxBody));
    } catch (error) {
      done(error as Error);
    }
  };
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, rawText);
  app.addContentTypeParser('text/html', { parseAs: 'buffer' }, rawText);

  const routes: RouteDoc[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.schema) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url, schema: route.schema as RouteSchema });
  });

  app.addHook('onRequest', async (request) => {
    const state = stateOf(request);
    const config = request.routeOptions.config as RouteConfig;
    if (config.accepts && request.method === 'POST') {
      const type = mediaTypeOf(request.headers['content-type']);
      if (!config.accepts.includes(type)) {
        throw new ApiError(415, 'unsupported-media-type', `Content-Type must be ${config.accepts.join(', ')}${type ? ` (got ${type})` : ''}`);
      }
    }
    if (config.admit) {
      if (!admission.enter()) throw new ApiError(503, 'overloaded', 'the server is busy; retry shortly', { 'retry-after': '1' });
      state.admitted = true;
    }
  });
  app.addHook('onRequestAbort', async (request) => {
    stateOf(request).aborted.abort();
    release(request);
  });
  // Once closing, answers end their keep-alive connection: the server stops when the last request in flight is answered.
  let closing = false;
  app.addHook('preClose', async () => { closing = true; });
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    if (closing) reply.header('connection', 'close');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    release(request);
    if (log) {
      const path = request.url.split('?')[0]!.slice(0, 200);
      log(`${request.method} ${path} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms`);
    }
  });

  app.setErrorHandler((error, _request, reply) => {
    const answer = toErrorReply(error, { maxBody, describeBytes: formatBytes });
    if (answer.internal && log) log(`error: ${answer.body.error.message}`);
    // The body may not have been read: close the connection rather than parse what is left of it.
    if (answer.status === 413 || answer.status === 503) reply.header('connection', 'close');
    return reply.code(answer.status).headers(answer.headers).type('application/json; charset=utf-8').send(answer.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    return reply.code(404).send({ error: { code: 'not-found', message: `no route ${request.method} ${path.slice(0, 200)}` } });
  });

  /** The request's source (text, HTML or a fetched URL), within the request's deadline and the body limit. */
  const sourceOf = (request: FastifyRequest, state: RequestState) =>
    readSource(request.body, mediaTypeOf(request.headers['content-type']), request.query as { name?: string }, {
      ...fetchPolicy,
      deadline: state.deadline,
      maxBytes: maxBody,
    });

  /** Reads the request's source and runs a checker job on it. */
  const checkSource = async (request: FastifyRequest, diff: boolean) => {
    const state = stateOf(request);
    const source = await sourceOf(request, state);
    const output = await pool.run({ op: 'check', input: source.input, options: source.options, diff }, { deadline: state.deadline, signal: state.aborted.signal });
    let result = output.result;
    if (result.text === undefined && source.raw !== source.given) {
      const { input, ...rest } = result;
      result = { input, text: source.raw, ...rest };
    }
    return { result, diff: output.diff, edits: output.edits, source };
  };
  const wantsDiff = (request: FastifyRequest) =>
    typeof request.body === 'string' ? (request.query as { diff?: string }).diff === 'true' : (request.body as { diff?: boolean }).diff === true;

  const sourceErrors = errorResponses(400, 403, 413, 415, 422, 500, 502, 503, 504);

  app.post('/api/check', {
    config: { admit: true, accepts: SOURCE_TYPES } satisfies RouteConfig,
    schema: {
      operationId: 'check',
      summary: 'Judge whether a text was spun; mark and restore its tortured phrases',
      description:
        'Send JSON with exactly one of `text`, `html` or `url`, or the document itself as a `text/plain` body (text or HTML, detected from the content) or a `text/html` body. ' +
        'Answers the check contract v1; `diff: true` adds a word diff of the analysed and restored text, and each finding\'s change to it (`edits`). Offsets index into `text` when present, else into the input text.',
      tags: ['check'],
      querystring: schemas.rawQuery,
      body: sourceBody(schemas.checkRequest),
      response: { 200: json('The check result (contract v1).', schemas.checkResponse), ...sourceErrors },
    },
  }, async (request) => {
    const { result, diff, edits } = await checkSource(request, wantsDiff(request));
    return diff ? { ...result, diff, edits } : result;
  });

  app.post('/api/restore', {
    config: { admit: true, accepts: SOURCE_TYPES } satisfies RouteConfig,
    schema: {
      operationId: 'restore',
      summary: 'The text with each tortured phrase replaced by its likely original',
      description: 'Takes the same bodies as /api/check. `diff: true` adds a word diff of the analysed and restored text.',
      tags: ['check'],
      querystring: schemas.rawQuery,
      body: sourceBody(schemas.restoreRequest),
      response: { 200: json('The restored text.', schemas.restoreResponse), ...sourceErrors },
    },
  }, async (request) => {
    const { result, diff } = await checkSource(request, wantsDiff(request));
    const answer: { input: string; restored: string; text?: string; diff?: unknown } = { input: result.input, restored: result.restored };
    if (result.text !== undefined) answer.text = result.text;
    if (diff) answer.diff = diff;
    return answer;
  });

  const requireIndex = (): ReferenceIndex => {
    if (!index) throw new ApiError(501, 'no-index', 'no reference index is configured (start the server with --index FILE)');
    return index;
  };

  app.post('/api/trace', {
    config: { admit: true, accepts: SOURCE_TYPES } satisfies RouteConfig,
    schema: {
      operationId: 'trace',
      summary: 'Find the sources of a (spun) copy in the reference index',
      description: 'Takes the same bodies as /api/check. Matches are best first, with aligned passages as offsets into the analysed text (`query`) and the source (`source`).',
      tags: ['trace'],
      querystring: schemas.rawQuery,
      body: sourceBody(schemas.traceRequest),
      response: { 200: json('Matching sources, best first.', schemas.traceResponse), ...sourceErrors, ...errorResponses(501) },
    },
  }, async (request) => {
    const reference = requireIndex();
    const state = stateOf(request);
    const source = await sourceOf(request, state);
    const { text, excluded } = await pool.run({ op: 'extract', input: source.input, options: source.options }, { deadline: state.deadline, signal: state.aborted.signal });
    const limit = typeof request.body === 'object' ? ((request.body as { limit?: number }).limit ?? 10) : 10;
    const answer: { input: string; text?: string; matches: unknown[] } = { input: source.options.name ?? '<text>', matches: reference.trace(text, limit, excluded) };
    if (text !== source.given) answer.text = text;
    return answer;
  });

  app.post('/api/index', {
    config: { admit: true, accepts: JSON_ONLY } satisfies RouteConfig,
    schema: {
      operationId: 'indexAdd',
      summary: 'Add documents to the reference index',
      description: 'One document `{id, text, title?, url?}` or a list of them. Re-adding an id replaces the document.',
      tags: ['trace'],
      body: schemas.indexRequest,
      response: { 200: json('What was added.', schemas.indexResponse), ...errorResponses(400, 413, 415, 422, 500, 501, 503) },
    },
  }, async (request) => {
    const reference = requireIndex();
    const given = (Array.isArray(request.body) ? request.body : [request.body]) as IndexDocument[];
    const documents = given.map((doc) => ({ ...doc, text: decodeInput(Buffer.from(doc.text, 'utf8'), `document '${doc.id}'`, maxBody) }));
    reference.add(documents);
    return { added: documents.length, ids: documents.map((d) => d.id) };
  });

  app.post('/api/report', {
    config: { admit: true, accepts: JSON_ONLY } satisfies RouteConfig,
    schema: {
      operationId: 'report',
      summary: 'The standalone HTML report of a check result',
      description: 'Send a result from /api/check and, unless the result carries `text`, the text its offsets index into; `sources` (the matches from /api/trace) adds the matched sources.',
      tags: ['check'],
      body: schemas.reportRequest,
      response: {
        200: { description: 'One standalone HTML file (sent as an attachment).', content: { 'text/html': { schema: { type: 'string' } } } },
        ...errorResponses(400, 413, 415, 500, 503),
      },
    },
  }, async (request, reply) => {
    const { result, text: given, sources } = request.body as { result: CheckResult; text?: string; sources?: ReportSource[] };
    const text = result.text ?? given;
    if (text === undefined) throw new ApiError(400, 'invalid-request', "'text' is required when the result has no 'text'");
    for (const [i, finding] of result.findings.entries()) {
      if (finding.start > finding.end || finding.end > text.length) {
        throw new ApiError(400, 'invalid-request', `'result.findings[${i}]' lies outside the text`);
      }
    }
    for (const [i, match] of (sources ?? []).entries()) {
      for (const [j, passage] of match.passages.entries()) {
        const inside = (r: [number, number]) => r[0] <= r[1] && r[1] <= text.length;
        if (!inside(passage.query) || !(passage.substitutions ?? []).every((x) => inside(x.query))) {
          throw new ApiError(400, 'invalid-request', `'sources[${i}].passages[${j}]' lies outside the text`);
        }
      }
    }
    const item: ReportItem = sources ? { result, text, sources } : { result, text };
    const html = await pool.run({ op: 'report', items: [item] }, { deadline: stateOf(request).deadline, signal: stateOf(request).aborted.signal });
    return reply.type('text/html; charset=utf-8').header('content-disposition', 'attachment; filename="unspin-report.html"').send(html);
  });

  app.get('/api/health', {
    schema: {
      operationId: 'health',
      summary: 'Liveness and load',
      tags: ['server'],
      response: { 200: json('The server is up.', schemas.healthResponse) },
    },
  }, async () => ({
    status: 'ok' as const,
    version: VERSION,
    index: index !== undefined,
    workers: pool.size,
    ready: pool.started,
    busy: admission.busy,
    capacity: admission.capacity,
  }));

  let document: object | undefined;
  app.get('/api/openapi.json', {
    schema: {
      operationId: 'openapi',
      summary: 'This document',
      tags: ['server'],
      response: { 200: json('The OpenAPI 3.1 description of this server.', { type: 'object' }) },
    },
  }, async () => {
    document ??= openApiDocument(routes, {
      title: 'unspin',
      version: VERSION,
      description: 'Detect, restore and trace spun (synonym-substituted) articles. Errors are `{error: {code, message}}`.',
    });
    return document;
  });

  for (const asset of loadAssets()) {
    app.get(asset.path, {
      schema: {
        summary: asset.path === '/' ? 'The web page' : `The page's ${asset.path.slice(1)}`,
        tags: ['page'],
        response: { 200: { description: asset.type, content: { [asset.type.split(';')[0]!]: { schema: { type: 'string' } } } } },
      },
    }, async (request, reply: FastifyReply) => {
      reply.header('cache-control', 'no-cache').header('etag', asset.etag);
      if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
      return reply.type(asset.type).send(asset.body);
    });
  }

  app.addHook('onClose', async () => {
    await pool.close();
    index?.close();
  });

  await app.ready();
  return app;
}

export type { SourceFields };
