/**
 * The OpenAPI document describes the server that runs: every route is in it,
 * everything in it is a route, its schemas are valid JSON Schema 2020-12 (what
 * OpenAPI 3.1 uses), and live answers validate against the schemas it gives.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/app.js';
import { SEED } from '../helpers/shared.js';

type Content = Record<string, { schema: object }>;
interface Operation {
  operationId?: string;
  requestBody?: { content: Content };
  parameters?: Array<{ name: string; schema: object }>;
  responses: Record<string, { description: string; content?: Content }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
}

let app: FastifyInstance;
let document: Document;

beforeAll(async () => {
  app = await createServer({ concurrency: 1, log: null });
  const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = JSON.parse(response.body) as Document;
});
afterAll(async () => {
  await app?.close();
});

/** `METHOD /path` for every route Fastify has, read from its own route tree. */
function registeredRoutes(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([\s│├└─]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line) ?? /^([\s│├└─]*)(\S.*)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = path;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) routes.push(`${method} ${path}`);
  }
  return routes.sort();
}

function documentedRoutes(doc: Document): string[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)).sort();
}

function newAjv() {
  // strict: an unknown keyword or a malformed schema fails the test. (The
  // `oneOf: [{required: [...]}]` idiom names properties defined one level up,
  // which strictRequired would flag though it is valid.)
  return new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
}

function schemaFor(path: string, method: string, status: number): object {
  const content = document.paths[path]?.[method]?.responses[String(status)]?.content;
  expect(content, `${method} ${path} documents ${status}`).toBeDefined();
  return content!['application/json']!.schema;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and names the service', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('unspin');
  });

  it('documents every route, and every documented route exists', () => {
    const registered = registeredRoutes(app.printRoutes({ commonPrefix: false }));
    expect(registered).toContain('POST /api/check');
    expect(registered).toContain('GET /');
    // HEAD answers every GET route (HTTP's rule); the document lists the GETs.
    const gets = registered.filter((r) => r.startsWith('GET ')).map((r) => r.replace(/^GET /, 'HEAD '));
    expect(registered.filter((r) => r.startsWith('HEAD '))).toEqual(gets);
    expect(documentedRoutes(document)).toEqual(registered.filter((r) => !r.startsWith('HEAD ')));
    for (const api of ['/api/check', '/api/restore', '/api/trace', '/api/index', '/api/report', '/api/health', '/api/openapi.json']) {
      expect(document.paths[api], api).toBeDefined();
    }
  });

  it('has valid JSON Schema 2020-12 for every body, parameter and response', () => {
    const ajv = newAjv();
    let compiled = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const schemas = [
          ...Object.values(operation.requestBody?.content ?? {}).map((c) => c.schema),
          ...(operation.parameters ?? []).map((p) => p.schema),
          ...Object.values(operation.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
        ];
        for (const schema of schemas) {
          expect(() => ajv.compile(schema), `${method} ${path}`).not.toThrow();
          compiled++;
        }
        expect(Object.keys(operation.responses).length, `${method} ${path} has responses`).toBeGreaterThan(0);
      }
    }
    expect(compiled).toBeGreaterThan(20);
  });

  it('matches what the server answers', async () => {
    const ajv = newAjv();
    const seed = readFileSync(SEED, 'utf8');
    const cases: Array<{ method: 'GET' | 'POST'; url: string; payload?: object; status: number }> = [
      { method: 'POST', url: '/api/check', payload: { text: seed, diff: true }, status: 200 },
      { method: 'POST', url: '/api/check', payload: { html: `<html><body><article><p>${seed}</p></article></body></html>` }, status: 200 },
      { method: 'POST', url: '/api/check', payload: { text: 1 }, status: 400 },
      { method: 'POST', url: '/api/check', payload: { text: '' }, status: 422 },
      { method: 'POST', url: '/api/check', payload: { url: 'http://127.0.0.1/' }, status: 403 },
      { method: 'POST', url: '/api/restore', payload: { text: seed, diff: true }, status: 200 },
      { method: 'POST', url: '/api/trace', payload: { text: seed }, status: 501 },
      { method: 'POST', url: '/api/index', payload: [{ id: 'a', text: 'An article.' }], status: 403 },
      { method: 'POST', url: '/api/report', payload: { result: {} }, status: 400 },
      { method: 'GET', url: '/api/health', status: 200 },
      { method: 'GET', url: '/api/openapi.json', status: 200 },
    ];
    for (const { method, url, payload, status } of cases) {
      const response = await app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(response.statusCode, `${method} ${url}: ${response.body.slice(0, 200)}`).toBe(status);
      const validate = ajv.compile(schemaFor(url, method.toLowerCase(), status));
      const valid = validate(JSON.parse(response.body));
      expect(valid, `${method} ${url} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('accepts exactly the request bodies its schemas accept', async () => {
    const ajv = newAjv();
    const json = document.paths['/api/check']!.post!.requestBody!.content['application/json']!.schema;
    const validate = ajv.compile(json);
    const bodies = [{ text: 'The council met on Tuesday.' }, { text: 5 }, {}, { text: 'a', url: 'http://x.test/' }, { html: '<p>The council met.</p>', diff: true }, { text: 'a', extra: 1 }];
    for (const body of bodies) {
      const response = await app.inject({ method: 'POST', url: '/api/check', payload: body });
      expect(response.statusCode === 400, JSON.stringify(body)).toBe(!validate(body));
    }
  });
});
