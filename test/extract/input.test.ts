import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnspinError } from '../../src/errors.js';
import { blockedAddressKind } from '../../src/extract/address.js';
import { fetchUrl } from '../../src/extract/fetch.js';
import { loadInput, type InputOptions } from '../../src/extract/input.js';
import { SEED } from '../helpers/shared.js';

async function failure(promise: Promise<unknown>): Promise<UnspinError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UnspinError);
    expect((error as Error).message).not.toContain('\n');
    return error as UnspinError;
  }
  throw new Error('expected a failure');
}

describe('files and standard input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'unspin-input-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the seed page as UTF-8', async () => {
    const loaded = await loadInput(SEED);
    expect(loaded).toEqual({ name: SEED, text: readFileSync(SEED, 'utf8') });
  });

  it('says when a file is missing or a directory', async () => {
    const missing = await failure(loadInput(join(dir, 'nope.txt')));
    expect(missing.code).toBe('input-not-found');
    expect(missing.message).toBe(`${join(dir, 'nope.txt')}: no such file`);
    const folder = await failure(loadInput(dir));
    expect(folder.code).toBe('input-unreadable');
    expect(folder.message).toContain('is a directory');
  });

  it('refuses a file over --max-bytes before reading it', async () => {
    const path = join(dir, 'big.txt');
    writeFileSync(path, 'word '.repeat(1000));
    const error = await failure(loadInput(path, { maxBytes: 1000 }));
    expect(error.code).toBe('input-too-large');
    expect(error.message).toBe(`${path}: too large (4.9 KB; the limit is 1000 bytes, see --max-bytes)`);
  });

  it('refuses binary, empty and mis-encoded files', async () => {
    const png = join(dir, 'x.png.txt');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    expect((await failure(loadInput(png))).message).toBe(`${png}: binary file (PNG image), not text`);
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    expect((await failure(loadInput(empty))).code).toBe('input-empty');
    const latin1 = join(dir, 'latin1.txt');
    writeFileSync(latin1, Buffer.from('na\xefve caf\xe9', 'latin1'));
    expect((await failure(loadInput(latin1))).message).toContain('not valid UTF-8 (byte 0xEF at offset 2)');
  });

  it('reads all of standard input for -', async () => {
    const text = readFileSync(SEED, 'utf8');
    const chunks = [Buffer.from(text.slice(0, 100)), Buffer.from(text.slice(100))];
    const loaded = await loadInput('-', { stdin: Readable.from(chunks) });
    expect(loaded).toEqual({ name: '-', text });
  });

  it('stops reading standard input past the limit', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.alloc(1024, 0x61);
      }
    }
    const error = await failure(loadInput('-', { stdin: endless(), maxBytes: 10_000 }));
    expect(error.code).toBe('input-too-large');
    expect(error.message).toMatch(/^standard input: too large/);
    expect(pulled).toBeLessThan(20);
  });

  it('refuses empty standard input', async () => {
    const error = await failure(loadInput('-', { stdin: Readable.from([]) }));
    expect(error.message).toBe('standard input: empty input');
  });
});

describe('addresses', () => {
  it('refuses every non-public range and passes public ones', () => {
    const refused: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '10.0.0.1': 'private',
      '172.16.5.4': 'private',
      '192.168.1.1': 'private',
      '169.254.169.254': 'link-local',
      '100.64.0.1': 'shared (CGNAT)',
      '0.0.0.0': 'unspecified',
      '224.0.0.251': 'multicast',
      '255.255.255.255': 'broadcast',
      '::': 'unspecified',
      '::1': 'loopback',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:a9fe:a9fe': 'link-local',
      '::ffff:10.1.2.3': 'private',
      'fd12:3456::1': 'unique-local',
      'fe80::1%eth0': 'link-local',
      'ff02::1': 'multicast',
      '64:ff9b::7f00:1': 'loopback',
    };
    for (const [address, kind] of Object.entries(refused)) expect([address, blockedAddressKind(address)]).toEqual([address, kind]);
    for (const address of ['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect([address, blockedAddressKind(address)]).toEqual([address, null]);
    }
  });
});

describe('URLs', () => {
  let server: Server;
  let base: string;
  const bodySent = { bytes: 0 };
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/article': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>T</title><p>Chilly Warfare navy ties</p>');
    },
    '/latin1': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' });
      res.end(Buffer.from('caf\xe9 au lait', 'latin1'));
    },
    '/meta-charset': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(Buffer.from('<html><head><meta charset="windows-1252"></head><body>\x93quoted\x94</body></html>', 'latin1'));
    },
    '/bad-utf8': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(Buffer.from('ok \xff', 'latin1'));
    },
    '/gzip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync('compressed article text'));
    },
    '/gzip-bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x61)));
    },
    '/image': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    },
    '/pdf': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF-1.7');
    },
    '/octet-png': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    },
    '/empty': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end();
    },
    '/missing': (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('not here');
    },
    '/endless': (_req, res) => {
      // No Content-Length: the cap must stop the download, not a header check.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (!res.destroyed && bodySent.bytes < 64 * 1024 * 1024) {
          bodySent.bytes += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    },
    '/declared-huge': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(200 * 1024 * 1024) });
      res.write('a');
    },
    '/hang': () => {
      // Never answers.
    },
    '/trickle': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('word ')), 50);
    },
    '/to-ftp': (_req, res) => {
      res.writeHead(302, { location: 'ftp://example.org/file.txt' });
      res.end();
    },
    '/loop': (_req, res) => {
      res.writeHead(302, { location: '/loop' });
      res.end();
    },
    '/hop': (_req, res) => {
      res.writeHead(301, { location: '/article' });
      res.end();
    },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route) route(req, res);
      else {
        res.writeHead(500);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const local: InputOptions = { allowPrivate: true };

  it('fetches a page from a local server when private addresses are allowed', async () => {
    const loaded = await loadInput(`${base}/article`, local);
    expect(loaded).toEqual({
      name: `${base}/article`,
      text: '<!doctype html><title>T</title><p>Chilly Warfare navy ties</p>',
      url: `${base}/article`,
      contentType: 'text/html; charset=utf-8',
    });
  });

  it('refuses the same server without --allow-private', async () => {
    const error = await failure(loadInput(`${base}/article`));
    expect(error.code).toBe('url-refused');
    expect(error.message).toBe(`${base}/article: refused: loopback address 127.0.0.1 (use --allow-private)`);
  });

  it('refuses a host name that resolves to loopback, at connect time', async () => {
    const port = (server.address() as AddressInfo).port;
    const error = await failure(loadInput(`http://localhost:${port}/article`));
    expect(error.code).toBe('url-refused');
    expect(error.message).toMatch(/refused: loopback address (127\.0\.0\.1|::1) \(use --allow-private\)$/);
  });

  it('refuses private, link-local and mapped literals without connecting', async () => {
    for (const url of ['http://10.0.0.1/', 'https://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/', 'http://2130706433/', 'http://[fd00::1]/', 'http://100.64.1.1/']) {
      const error = await failure(loadInput(url, { timeoutMs: 1000 }));
      expect(error.code).toBe('url-refused');
      expect(error.message).toMatch(/^\S+: refused: [a-zA-Z() -]+ address \S+ \(use --allow-private\)$/);
    }
    expect((await failure(loadInput('https://10.0.0.1/'))).message).toBe('https://10.0.0.1/: refused: private address 10.0.0.1 (use --allow-private)');
  });

  it('re-checks the address of every redirect hop', async () => {
    // Two local servers; the policy passes 127.0.0.1 and refuses 127.0.0.2, standing in for public and private.
    const inner = createServer((_req, res) => res.end('secret'));
    await new Promise<void>((resolve) => inner.listen(0, '127.0.0.2', resolve));
    const innerUrl = `http://127.0.0.2:${(inner.address() as AddressInfo).port}/`;
    const outer = createServer((_req, res) => {
      res.writeHead(302, { location: innerUrl });
      res.end();
    });
    await new Promise<void>((resolve) => outer.listen(0, '127.0.0.1', resolve));
    const outerUrl = `http://127.0.0.1:${(outer.address() as AddressInfo).port}/`;
    try {
      const policy = (address: string) => (address === '127.0.0.2' ? 'private' : null);
      const error = await failure(fetchUrl(outerUrl, outerUrl, { allowPrivate: false, maxBytes: 1e6, timeoutMs: 5000, blockedKind: policy }));
      expect(error.code).toBe('url-refused');
      expect(error.message).toBe(`${outerUrl}: refused: private address 127.0.0.2 (redirected to ${innerUrl}) (use --allow-private)`);
      // The same chain is followed when allowed.
      const page = await fetchUrl(outerUrl, outerUrl, { allowPrivate: true, maxBytes: 1e6, timeoutMs: 5000 });
      expect(Buffer.from(page.bytes).toString()).toBe('secret');
      expect(page.url).toBe(innerUrl);
    } finally {
      inner.close();
      outer.close();
    }
  });

  it('follows redirects, but not to other schemes and not forever', async () => {
    expect((await loadInput(`${base}/hop`, local)).url).toBe(`${base}/article`);
    const ftp = await failure(loadInput(`${base}/to-ftp`, local));
    expect(ftp.code).toBe('url-refused');
    expect(ftp.message).toContain('redirected to a ftp URL');
    const loop = await failure(loadInput(`${base}/loop`, local));
    expect(loop.code).toBe('url-status');
    expect(loop.message).toBe(`${base}/loop: too many redirects (more than 5)`);
  });

  it('fetches only http and https', async () => {
    for (const url of ['ftp://example.org/a.txt', 'file:///etc/passwd', 'gopher://example.org/']) {
      const error = await failure(loadInput(url));
      expect(error.code).toBe('url-refused');
      expect(error.message).toMatch(/only http and https/);
    }
  });

  it('honours the charset of the header, then of <meta>', async () => {
    expect((await loadInput(`${base}/latin1`, local)).text).toBe('café au lait');
    expect((await loadInput(`${base}/meta-charset`, local)).text).toContain('“quoted”');
    const bad = await failure(loadInput(`${base}/bad-utf8`, local));
    expect(bad.code).toBe('input-encoding');
    expect(bad.message).toContain('at offset 3');
  });

  it('decompresses gzip, and counts the cap after decompression', async () => {
    expect((await loadInput(`${base}/gzip`, local)).text).toBe('compressed article text');
    const bomb = await failure(loadInput(`${base}/gzip-bomb`, { ...local, maxUrlBytes: 1024 * 1024 }));
    expect(bomb.code).toBe('input-too-large');
  });

  it('refuses content types that are not text, before reading the body', async () => {
    const image = await failure(loadInput(`${base}/image`, local));
    expect(image.code).toBe('input-binary');
    expect(image.message).toBe(`${base}/image: not text or HTML (the server sent image/png)`);
    expect((await failure(loadInput(`${base}/pdf`, local))).message).toContain('application/pdf');
    // Unlabelled bytes are sniffed.
    expect((await failure(loadInput(`${base}/octet-png`, local))).message).toContain('binary file (PNG image)');
  });

  it('reports HTTP errors and empty pages', async () => {
    const missing = await failure(loadInput(`${base}/missing`, local));
    expect(missing.code).toBe('url-status');
    expect(missing.message).toBe(`${base}/missing: HTTP 404 Not Found`);
    expect((await failure(loadInput(`${base}/empty`, local))).code).toBe('input-empty');
  });

  it('aborts a download as soon as it passes the cap', async () => {
    bodySent.bytes = 0;
    const error = await failure(loadInput(`${base}/endless`, { ...local, maxUrlBytes: 1024 * 1024 }));
    expect(error.code).toBe('input-too-large');
    expect(error.message).toBe(`${base}/endless: too large (more than 1 MB, the limit for URLs)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bodySent.bytes).toBeLessThan(16 * 1024 * 1024);
    const declared = await failure(loadInput(`${base}/declared-huge`, local));
    expect(declared.message).toBe(`${base}/declared-huge: too large (200 MB; the limit for URLs is 10 MB)`);
  });

  it('times out a server that never answers, or answers too slowly', async () => {
    const started = Date.now();
    const hang = await failure(loadInput(`${base}/hang`, { ...local, timeoutMs: 300 }));
    expect(hang.code).toBe('url-timeout');
    expect(hang.message).toBe(`${base}/hang: timed out after 0.3 s`);
    expect(Date.now() - started).toBeLessThan(3000);
    const trickle = await failure(loadInput(`${base}/trickle`, { ...local, timeoutMs: 400 }));
    expect(trickle.code).toBe('url-timeout');
  });

  it('says when a host cannot be reached', async () => {
    // A port nothing listens on: bind one, then close it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const refused = await failure(loadInput(`http://127.0.0.1:${port}/`, local));
    expect(refused.code).toBe('url-unreachable');
    expect(refused.message).toBe(`http://127.0.0.1:${port}/: unreachable: connection refused`);
    // The .invalid top-level domain never resolves (RFC 2606).
    const unknown = await failure(loadInput('http://nonexistent.invalid/', { timeoutMs: 10_000 }));
    expect(['url-unreachable', 'url-timeout']).toContain(unknown.code);
    expect(unknown.message).toMatch(/^http:\/\/nonexistent\.invalid\/: (unreachable: host|timed out)/);
  });
});
