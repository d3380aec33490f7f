/**
 * The OpenAPI 3.1 document, generated from the routes as Fastify registered
 * them: the request schemas are the ones Fastify validates with and the
 * responses the ones each route declares, so the document describes the
 * server that is running, not a copy of it. (OpenAPI 3.1 schemas are JSON
 * Schema 2020-12, which the draft-07 schemas used here fit unchanged.)
 */
import { errorResponse } from './schemas.js';

export interface RouteDoc {
  method: string;
  url: string;
  schema: RouteSchema;
}

export interface RouteSchema {
  summary?: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  /** A JSON schema (application/json) or `{content: {mediaType: {schema}}}`. */
  body?: Record<string, unknown>;
  querystring?: { properties?: Record<string, unknown>; required?: string[] };
  response?: Record<string, { description?: string; content?: Record<string, { schema: unknown }> }>;
}

const ERROR_MEANINGS: Record<number, string> = {
  400: 'Malformed JSON, or a field of the wrong type (the message names it).',
  401: 'A write without the server\'s token (Authorization: Bearer TOKEN).',
  403: 'Refused: the URL points to a loopback, link-local or private address and the server does not allow those, or a write on a server started without --allow-writes.',
  408: 'The request headers or body did not arrive in time.',
  421: 'The Host header names a host this server does not answer for (see --allowed-host).',
  431: 'The request headers are larger than the server accepts.',
  404: 'Not found.',
  413: 'The request body is larger than the server accepts.',
  415: 'The Content-Type is not one this route accepts.',
  422: 'The input cannot be analysed: empty, binary, not UTF-8, or a fetched page over the size cap.',
  500: 'A fault in the server.',
  501: 'No reference index is configured (start the server with --index FILE).',
  502: 'The URL could not be fetched, or answered with an error status.',
  503: 'Overloaded, timed out, or shutting down; retry after the Retry-After header.',
  504: 'The URL took longer to answer than the fetch timeout.',
};

/** Response entries for these error statuses, in the shape routes declare them. */
export function errorResponses(...statuses: number[]): Record<string, { description: string; content: Record<string, { schema: unknown }> }> {
  const responses: Record<string, { description: string; content: Record<string, { schema: unknown }> }> = {};
  for (const status of statuses) {
    responses[String(status)] = { description: ERROR_MEANINGS[status] ?? 'Error.', content: { 'application/json': { schema: errorResponse } } };
  }
  return responses;
}

function requestBody(body: Record<string, unknown>): object {
  const content = body.content as Record<string, { schema: unknown }> | undefined;
  return { required: true, content: content ?? { 'application/json': { schema: body } } };
}

function parameters(query: NonNullable<RouteSchema['querystring']>): object[] {
  return Object.entries(query.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: query.required?.includes(name) ?? false,
    schema,
    description: (schema as { description?: string }).description,
  }));
}

export function openApiDocument(routes: readonly RouteDoc[], info: { title: string; version: string; description: string }): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const { schema } = route;
    const operation: Record<string, unknown> = {};
    if (schema.operationId) operation.operationId = schema.operationId;
    if (schema.summary) operation.summary = schema.summary;
    if (schema.description) operation.description = schema.description;
    if (schema.tags) operation.tags = schema.tags;
    if (schema.querystring) operation.parameters = parameters(schema.querystring);
    if (schema.body) operation.requestBody = requestBody(schema.body);
    const responses: Record<string, object> = {};
    for (const [status, response] of Object.entries(schema.response ?? {})) {
      responses[status] = { description: response.description ?? '', ...(response.content ? { content: response.content } : {}) };
    }
    operation.responses = responses;
    (paths[route.url] ??= {})[route.method.toLowerCase()] = operation;
  }
  return { openapi: '3.1.0', info, paths };
}
