/**
 * The HTTP API, through fastify.inject (no port): every endpoint, its
 * errors, its limits, and the OpenAPI document against what the server does.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/app.js';
import { applySuggestions } from '../../src/restore/index.js';
import type { CheckResult } from '../../src/types.js';
import { SEED } from '../helpers/shared.js';
import { asHtmlPage, gate, localSite, type LocalSite } from './helpers.js';

const seed = readFileSync(SEED, 'utf8');
const MB = 1024 * 1024;

let app: FastifyInstance;
const logged: string[] = [];

beforeAll(async () => {
  app = await createServer({ concurrency: 1, log: (line) => logged.push(line) });
});
afterAll(async () => {
  await app?.close();
});

type ErrorBody = { error: { code: string; message: string } };

function post(url: string, payload: unknown, contentType = 'application/json') {
  const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  return app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': contentType } });
}

function expectError(response: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, code: string): ErrorBody {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message).not.toMatch(/\n|\bat .*\(.*:\d+:\d+\)/); // one line, no stack
  return body;
}

/** Offsets index into the analysed text: each finding's `actual` is exactly that slice. */
function expectConsistent(result: CheckResult, text: string) {
  for (const finding of result.findings) expect(text.slice(finding.start, finding.end)).toBe(finding.actual);
}

describe('POST /api/check', () => {
  it('judges the seed page spun and marks its tortured phrases (JSON text)', async () => {
    const response = await post('/api/check', { text: seed });
    expect(response.statusCode).toBe(200);
    const result = JSON.parse(response.body) as CheckResult;
    expect(result.input).toBe('<text>');
    expect(result.verdict.spun).toBe(true);
    expect(result.findings.length).toBeGreaterThanOrEqual(120);
    // The text is what was sent, so it is not echoed back.
    expect(result.text).toBeUndefined();
    expectConsistent(result, seed);
    expect(result.restored).not.toBe(seed);
    expect(result.restored).toContain('Cold War');
  });

  it('reads a raw text/plain body like a file and returns the text the offsets index into', async () => {
    const response = await post('/api/check?name=seed.txt', seed, 'text/plain; charset=utf-8');
    expect(response.statusCode).toBe(200);
    const result = JSON.parse(response.body) as CheckResult;
    expect(result.input).toBe('seed.txt');
    expect(result.text).toBe(seed);
    expect(result.verdict.spun).toBe(true);
    expectConsistent(result, result.text!);
  });

  it('extracts the article from HTML (JSON html and a raw text/html body) and leaves the navigation out', async () => {
    const page = asHtmlPage('China Defense Official Meets Russia’s Putin', seed);
    for (const response of [await post('/api/check', { html: page }), await post('/api/check', page, 'text/html')]) {
      expect(response.statusCode).toBe(200);
      const result = JSON.parse(response.body) as CheckResult;
      expect(result.text).toBeDefined();
      expect(result.text).not.toContain('<p>');
      expect(result.text).not.toMatch(/\bWorld\b/);
      expect(result.verdict.spun).toBe(true);
      expectConsistent(result, result.text!);
    }
  });

  it('adds a word diff on request whose two sides rebuild the text and the restored text', async () => {
    const response = await post('/api/check', { text: seed, diff: true });
    const answer = JSON.parse(response.body) as CheckResult & { diff: Array<{ kind: string; text: string }> };
    expect(answer.diff.some((part) => part.kind === 'removed')).toBe(true);
    expect(answer.diff.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(seed);
    expect(answer.diff.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe(answer.restored);
    // The same through the query string, for raw bodies.
    const raw = JSON.parse((await post('/api/check?diff=true', seed, 'text/plain')).body) as { diff?: unknown[] };
    expect(raw.diff?.length).toBe(answer.diff.length);
  });

  it('adds each finding\'s change with the diff, so that a reader can ignore any finding', async () => {
    const answer = JSON.parse((await post('/api/check', { text: seed, diff: true })).body) as CheckResult & { edits: Array<{ start: number; end: number; text: string; finding: number }> };
    expect(answer.edits.length).toBeGreaterThan(100);
    const apply = (ignored: Set<number>) => {
      let out = '';
      let at = 0;
      for (const edit of answer.edits) {
        out += seed.slice(at, edit.start) + (ignored.has(edit.finding) ? seed.slice(edit.start, edit.end) : edit.text);
        at = edit.end;
      }
      return out + seed.slice(at);
    };
    expect(apply(new Set())).toBe(answer.restored);
    // Ignoring every third finding gives what restoring with the others gives.
    const ignored = new Set(answer.findings.map((_, i) => i).filter((i) => i % 3 === 0));
    expect(apply(ignored)).toBe(applySuggestions(seed, answer.findings.filter((_, i) => !ignored.has(i))));
    for (const edit of answer.edits) expect(answer.findings[edit.finding]!.start).toBeGreaterThanOrEqual(edit.start);
    // Without diff, the contract only.
    expect(JSON.parse((await post('/api/check', { text: seed })).body)).not.toHaveProperty('edits');
  });

  it('does not cry wolf on a plain clean paragraph', async () => {
    const clean =
      'The council approved the budget on Tuesday after a long debate. The mayor said the plan would fund ' +
      'two new schools and repair roads damaged during the winter. Opposition members said the tax rise was too steep.';
    const result = JSON.parse((await post('/api/check', { text: clean })).body) as CheckResult;
    expect(result.verdict.spun).toBe(false);
  });

  it('sets the security headers and logs one line per request without the body', async () => {
    const before = logged.length;
    const response = await post('/api/check', { text: 'The secret words are zebra quartz.' });
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    const lines = logged.slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^POST \/api\/check 200 \d+ms$/);
    expect(lines.join('\n')).not.toContain('zebra');
  });
});

describe('request errors', () => {
  it('400 on malformed JSON, an empty JSON body, and wrong types (naming the field)', async () => {
    expectError(await post('/api/check', '{"text": "abc"'), 400, 'invalid-json');
    expectError(await app.inject({ method: 'POST', url: '/api/check', headers: { 'content-type': 'application/json' } }), 400, 'invalid-json');
    expect(expectError(await post('/api/check', { text: 42 }), 400, 'invalid-request').error.message).toContain("'text'");
    expect(expectError(await post('/api/check', { text: 'x', diff: 'yes' }), 400, 'invalid-request').error.message).toContain("'diff'");
    expect(expectError(await post('/api/check', { url: ['http://example.com/'] }), 400, 'invalid-request').error.message).toContain("'url'");
    expect(expectError(await post('/api/check', {}), 400, 'invalid-request').error.message).toMatch(/text.*html.*url/);
    expect(expectError(await post('/api/check', { text: 'a', html: '<p>a</p>' }), 400, 'invalid-request').error.message).toContain('exactly one');
    expect(expectError(await post('/api/check', { text: 'a', colour: 'red' }), 400, 'invalid-request').error.message).toContain("'colour'");
    expectError(await post('/api/check', [{ text: 'a' }]), 400, 'invalid-request');
  });

  it('413 on a body over the limit (5 MB by default)', async () => {
    const big = 'word '.repeat(Math.ceil((5 * MB + 1) / 5));
    expectError(await post('/api/check', big, 'text/plain'), 413, 'body-too-large');
    expectError(await post('/api/check', { text: big }), 413, 'body-too-large');
    // Just under the limit is accepted (and checked): lexicons only, so that a busy machine
    // cannot turn this into a test of the model's speed against the 30 s request timeout.
    const fits = 'The council met. '.repeat(Math.floor((5 * MB - 100) / 17));
    const lexiconsOnly = await createServer({ concurrency: 1, checker: { model: false }, log: null });
    try {
      const response = await lexiconsOnly.inject({ method: 'POST', url: '/api/check', payload: fits, headers: { 'content-type': 'text/plain' } });
      expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    } finally {
      await lexiconsOnly.close();
    }
  });

  it('415 on a content type the route does not take, or none', async () => {
    expectError(await post('/api/check', '<a>x</a>', 'application/xml'), 415, 'unsupported-media-type');
    expectError(await post('/api/index', 'id\ttext', 'text/plain'), 415, 'unsupported-media-type');
    expectError(await app.inject({ method: 'POST', url: '/api/check', payload: 'hello' }), 415, 'unsupported-media-type');
  });

  it('422 on input that is not text: empty, whitespace, binary, NUL bytes, invalid UTF-8', async () => {
    expectError(await post('/api/check', { text: '' }), 422, 'input-empty');
    expectError(await post('/api/check', { text: ' \n\t ' }), 422, 'input-empty');
    expectError(await post('/api/check', { text: 'abc\u0000\u0000def' }), 422, 'input-binary');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(expectError(await post('/api/check', png, 'text/plain'), 422, 'input-binary').error.message).toContain('PNG');
    expectError(await post('/api/check', Buffer.from([0x48, 0x69, 0x20, 0xc3, 0x28, 0x21]), 'text/plain'), 422, 'input-encoding');
    expectError(await post('/api/check', Buffer.alloc(0), 'text/plain'), 422, 'input-empty');
  });

  it('refuses URLs to loopback, private and link-local addresses (403) and anything not http(s) (400)', async () => {
    for (const url of ['http://127.0.0.1/', 'http://localhost:8080/admin', 'http://10.1.2.3/', 'http://192.168.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/']) {
      expect(expectError(await post('/api/check', { url }), 403, 'url-refused').error.message, url).toMatch(/refused/);
    }
    for (const url of ['file:///etc/passwd', '/etc/passwd', '-', 'ftp://example.com/x', 'not a url']) {
      expectError(await post('/api/check', { url }), 400, 'invalid-request');
    }
  });

  it('404 JSON for an unknown route', async () => {
    expectError(await app.inject({ method: 'GET', url: '/api/nothing' }), 404, 'not-found');
    expectError(await app.inject({ method: 'GET', url: '/api/check' }), 404, 'not-found');
  });
});

describe('URL inputs with --allow-private', () => {
  let site: LocalSite;
  let open: FastifyInstance;
  const held = gate();

  beforeAll(async () => {
    site = await localSite((request, response) => {
      if (request.url === '/article.html') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(asHtmlPage('China Defense Official Meets Russia’s Putin', seed));
      } else if (request.url === '/plain.txt') {
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(seed);
      } else if (request.url === '/redirect') {
        response.writeHead(302, { location: '/article.html' });
        response.end();
      } else if (request.url === '/slow') {
        void held.opened.then(() => response.end('late'));
      } else if (request.url === '/broken') {
        response.writeHead(500);
        response.end('no');
      } else if (request.url === '/huge') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('spin '.repeat(300_000));
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    open = await createServer({ concurrency: 1, allowPrivate: true, fetchTimeoutMs: 1500, maxUrlBytes: MB, log: null });
  });
  afterAll(async () => {
    held.open();
    await open?.close();
    await site?.close();
  });

  const check = (url: string) => open.inject({ method: 'POST', url: '/api/check', payload: { url } });

  it('fetches a page (following a redirect) and checks its article', async () => {
    for (const path of ['/article.html', '/redirect', '/plain.txt']) {
      const response = await check(`${site.origin}${path}`);
      expect(response.statusCode, response.body).toBe(200);
      const result = JSON.parse(response.body) as CheckResult;
      expect(result.input).toBe(`${site.origin}${path}`);
      expect(result.text).toBeDefined(); // the client never saw the page: it gets the analysed text
      expect(result.verdict.spun).toBe(true);
      expect(result.findings.length).toBeGreaterThanOrEqual(120);
      expectConsistent(result, result.text!);
    }
  });

  it('502 on an upstream error or a closed port, 504 when it is too slow, 422 when it is too large', async () => {
    expectError(await check(`${site.origin}/broken`), 502, 'url-status');
    expectError(await check(`${site.origin}/missing`), 502, 'url-status');
    const closed = await localSite(() => {});
    const deadPort = closed.origin;
    await closed.close();
    expectError(await check(`${deadPort}/`), 502, 'url-unreachable');
    expectError(await check(`${site.origin}/slow`), 504, 'url-timeout');
    expectError(await check(`${site.origin}/huge`), 422, 'input-too-large');
  });
});

describe('limits', () => {
  let site: LocalSite;
  const held = gate();
  let requested: () => void = () => {};
  const arrived = new Promise<void>((resolve) => { requested = resolve; });

  beforeAll(async () => {
    site = await localSite((_request, response) => {
      requested();
      void held.opened.then(() => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(seed);
      });
    });
  });
  afterAll(async () => {
    held.open();
    await site?.close();
  });

  it('turns away requests beyond concurrency + queue with 503 and Retry-After, and serves them again after', async () => {
    const small = await createServer({ concurrency: 1, queue: 0, allowPrivate: true, log: null });
    try {
      const first = small.inject({ method: 'POST', url: '/api/check', payload: { url: `${site.origin}/held` } });
      await arrived;
      const health = JSON.parse((await small.inject({ method: 'GET', url: '/api/health' })).body) as { busy: number; capacity: number };
      expect(health).toMatchObject({ busy: 1, capacity: 1 });
      const second = await small.inject({ method: 'POST', url: '/api/check', payload: { text: seed } });
      expectError(second, 503, 'overloaded');
      expect(second.headers['retry-after']).toBe('1');
      held.open();
      expect((await first).statusCode).toBe(200);
      expect((await small.inject({ method: 'POST', url: '/api/check', payload: { text: seed } })).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('answers 413 from --max-body', async () => {
    const strict = await createServer({ concurrency: 1, maxBody: 1000, log: null });
    try {
      expectError(await strict.inject({ method: 'POST', url: '/api/check', payload: { text: 'x'.repeat(2000) } }), 413, 'body-too-large');
      expect((await strict.inject({ method: 'POST', url: '/api/check', payload: { text: seed.slice(0, 900) } })).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('answers 503 with Retry-After when a request runs past --timeout, and serves the next one', async () => {
    // 1 s: the tiny request after the timeout must fit in it even on a loaded machine (300 ms did not, at load 9).
    const hasty = await createServer({ concurrency: 1, timeoutMs: 1000, log: null });
    try {
      // 4 MB of text takes several seconds to check: the thread is stopped and replaced.
      const late = await hasty.inject({ method: 'POST', url: '/api/check', payload: { text: seed.repeat(600) } });
      expectError(late, 503, 'timeout');
      expect(late.headers['retry-after']).toBeDefined();
      const health = async () => JSON.parse((await hasty.inject({ method: 'GET', url: '/api/health' })).body) as { ready: number };
      await expect.poll(async () => (await health()).ready, { timeout: 30_000 }).toBe(1);
      const next = await hasty.inject({ method: 'POST', url: '/api/check', payload: { text: 'The Chilly Warfare era.' } });
      expect(next.statusCode).toBe(200);
    } finally {
      await hasty.close();
    }
  });
});

describe('POST /api/restore', () => {
  it('returns the restored text, and the diff on request', async () => {
    const response = await post('/api/restore', { text: seed, diff: true });
    expect(response.statusCode).toBe(200);
    const answer = JSON.parse(response.body) as { input: string; restored: string; text?: string; diff: Array<{ kind: string }> };
    expect(answer.input).toBe('<text>');
    expect(answer.text).toBeUndefined();
    expect(answer.restored).toContain('Cold War');
    expect(answer.restored).not.toContain('Chilly Warfare');
    expect(answer.diff.some((part) => part.kind === 'added')).toBe(true);
    expectError(await post('/api/restore', { text: 7 }), 400, 'invalid-request');
  });
});

describe('trace and index without a reference index', () => {
  it('answer 501 with a clear message (a write is refused first: writes are off by default)', async () => {
    expect(expectError(await post('/api/trace', { text: seed }), 501, 'no-index').error.message).toContain('--index');
    expectError(await post('/api/index', { id: 'a', text: 'An article.' }), 403, 'writes-disabled');
    const writable = await createServer({ concurrency: 1, allowWrites: true, log: null });
    try {
      const response = await writable.inject({ method: 'POST', url: '/api/index', payload: { id: 'a', text: 'An article.' } });
      expectError(response, 501, 'no-index');
    } finally {
      await writable.close();
    }
  });
});

describe('POST /api/report', () => {
  it('renders the standalone HTML report of a result, as an attachment, with the text escaped', async () => {
    const text = 'The <script>alert(1)</script> council met in the Chilly Warfare era.';
    const result = JSON.parse((await post('/api/check', { text })).body) as CheckResult;
    const response = await post('/api/report', { result, text });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-disposition']).toMatch(/^attachment/);
    expect(response.body).toMatch(/^<!DOCTYPE html>/i);
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(response.body).not.toContain('<script>alert(1)');
  });

  it('refuses a result whose findings fall outside the text, or with no text', async () => {
    const result = { input: 'x', verdict: { spun: false, score: 0 }, findings: [{ start: 5, end: 50, actual: 'x', expected: [], confidence: 1, rule: 'lexicon' }], restored: 'x' };
    expectError(await post('/api/report', { result, text: 'short' }), 400, 'invalid-request');
    expectError(await post('/api/report', { result }), 400, 'invalid-request');
    expectError(await post('/api/report', { result: { input: 'x' } }), 400, 'invalid-request');
  });
});

describe('GET /api/health and the page', () => {
  it('reports liveness, threads and load', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'ok', index: false, workers: 1, ready: 1, busy: 0, capacity: 65 });
  });

  it('serves the page and its files with a strict policy and no inline script', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    // Every script is a file: no inline code, no handlers in attributes.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.body).not.toMatch(/\son[a-z]+=/i);
    // Nothing from another origin (the machine may be offline).
    expect(page.body).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    for (const file of [...page.body.matchAll(/(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1]!).filter((f) => !f.startsWith('/api/'))) {
      const asset = await app.inject({ method: 'GET', url: file });
      expect(asset.statusCode, file).toBe(200);
      expect(asset.headers['x-content-type-options']).toBe('nosniff');
      const again = await app.inject({ method: 'GET', url: file, headers: { 'if-none-match': String(asset.headers.etag) } });
      expect(again.statusCode).toBe(304);
    }
    const script = await app.inject({ method: 'GET', url: '/app.js' });
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    // The page puts data on screen as text only.
    expect(script.body).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });
});
