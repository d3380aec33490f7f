/**
 * Bad inputs at the command line: each one exits 2 with a single line on
 * stderr that names the input and the reason, never a stack trace. Runs
 * the built CLI (bin/unspin.js → dist/), so `npm test` builds first.
 * Redirects to private addresses are covered in test/extract/input.test.ts:
 * here every server is local, so the first hop is refused already.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO, SEED } from '../helpers/shared.js';

/**
 * Lexicons and model are switched off: these tests are about reading inputs,
 * and must hold whatever state the detection data is in.
 */
const ISOLATED = ['--no-model', '--no-default-lexicons'];

function unspin(args: string[], input?: string | Buffer) {
  const [command, ...rest] = args;
  const run = spawnSync(process.execPath, [BIN, command!, ...ISOLATED, ...rest], { cwd: REPO, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Asserts the one-line error contract and returns the line. */
function oneLineError(result: { code: number | null; stderr: string }): string {
  expect(result.code).toBe(2);
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
  return lines[0]!;
}

const dir = mkdtempSync(join(tmpdir(), 'unspin-cli-input-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  if (!existsSync(join(REPO, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npx tsc -p .` (npm test does) before these tests');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('unspin check on bad files', () => {
  const cases: Array<[name: string, make: () => string, reason: RegExp]> = [
    ['a PNG image', () => file('photo.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])), /binary file \(PNG image\), not text$/],
    ['a broken PDF', () => file('paper.pdf', '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), /paper.pdf: broken PDF \(.*\)$/],
    ['NUL bytes', () => file('nul.txt', Buffer.from('text\0more text')), /binary file \(contains NUL bytes\), not text$/],
    ['an empty file', () => file('empty.txt', ''), /empty input$/],
    ['a whitespace-only file', () => file('blank.txt', ' \n\n\t \n'), /empty input \(only whitespace\)$/],
    ['invalid UTF-8', () => file('latin1.txt', Buffer.from('The caf\xe9 was closed.', 'latin1')), /not valid UTF-8 \(byte 0xE9 at offset 7\)/],
    ['a missing file', () => join(dir, 'does-not-exist.txt'), /no such file$/],
    ['malformed HTML with no text', () => file('blank.html', '<!doctype html><html><head><title></title></head><body><script>x()</script></body></html>'), /no readable text in the HTML$/],
  ];

  for (const [name, make, reason] of cases) {
    it(`rejects ${name} with exit 2 and one line`, () => {
      const path = make();
      const line = oneLineError(unspin(['check', '--format', 'json', path]));
      expect(line.startsWith('unspin check: ')).toBe(true);
      expect(line).toContain(path);
      expect(line).toMatch(reason);
    });
  }

  it('rejects input over --max-bytes', () => {
    const line = oneLineError(unspin(['check', '--format', 'json', '--max-bytes', '1000', SEED]));
    expect(line).toMatch(/too large \(\d+(\.\d)? KB; the limit is 1000 bytes, see --max-bytes\)$/);
  });

  it('rejects empty standard input', () => {
    const line = oneLineError(unspin(['check', '--format', 'json', '-'], ''));
    expect(line).toMatch(/standard input: empty input$/);
  });

  it('reports the bad input and still checks the good ones', () => {
    const empty = file('empty2.txt', '');
    const result = unspin(['check', '--format', 'jsonl', empty, SEED]);
    expect(result.code).toBe(2);
    const records = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records).toHaveLength(2);
    expect(records[0].error.code).toBe('input-empty');
    expect(records[1].input).toBe(SEED);
  });
});

describe('unspin check on bad URLs', () => {
  let server: ChildProcess | undefined;
  let base = '';

  beforeAll(async () => {
    // spawnSync blocks this process's event loop, so the test server runs in a process of its own.
    const script = file(
      'server.mjs',
      `import { createServer } from 'node:http';
       const server = createServer((req, res) => {
         if (req.url === '/image') { res.writeHead(200, { 'content-type': 'image/jpeg' }); res.end(Buffer.from([0xff, 0xd8, 0xff])); return; }
         if (req.url === '/hang') return;
         res.writeHead(200, { 'content-type': 'text/plain' }); res.end('fine');
       });
       server.listen(0, '127.0.0.1', () => console.log(server.address().port));`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    server = child;
    const port = await new Promise<string>((resolve) => child.stdout!.once('data', (data: Buffer) => resolve(data.toString().trim())));
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => {
    server?.kill();
  });

  it('refuses a loopback address without --allow-private', () => {
    const line = oneLineError(unspin(['check', '--format', 'json', `${base}/`]));
    expect(line).toMatch(/refused: loopback address 127\.0\.0\.1 \(use --allow-private\)$/);
  });

  it('refuses non-text content types', () => {
    const line = oneLineError(unspin(['check', '--format', 'json', '--allow-private', `${base}/image`]));
    expect(line).toMatch(/not text or HTML \(the server sent image\/jpeg\)$/);
  });

  it('times out with --timeout', () => {
    const line = oneLineError(unspin(['check', '--format', 'json', '--allow-private', '--timeout', '0.5', `${base}/hang`]));
    expect(line).toMatch(/timed out after 0\.5 s$/);
  });

  it('reports an unreachable host', () => {
    const line = oneLineError(unspin(['check', '--format', 'json', '--allow-private', 'http://127.0.0.1:1/']));
    expect(line).toMatch(/unreachable: connection refused$/);
  });

  it('refuses schemes other than http and https', () => {
    const line = oneLineError(unspin(['check', '--format', 'json', 'ftp://example.org/article.txt']));
    expect(line).toMatch(/refused: only http and https URLs are fetched \(got ftp\)$/);
  });

  it('refuses the cloud metadata address', () => {
    const line = oneLineError(unspin(['check', '--format', 'json', 'http://169.254.169.254/latest/meta-data/']));
    expect(line).toMatch(/refused: link-local address 169\.254\.169\.254 \(use --allow-private\)$/);
  });
});

