/**
 * Careless flags and inputs that used to slip through: a timeout too long
 * for a timer, credentials in a URL echoed in an error, server flags out of
 * range. Each gets one line on stderr and exit 2. Runs the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BIN, REPO, SEED } from '../helpers/shared.js';

function unspin(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function oneLineError(result: { code: number | null; stderr: string }): string {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at |node:internal/);
  return lines[0]!;
}

describe('timeouts a timer cannot hold', () => {
  it('refuses --timeout over 2,147,483 s instead of overflowing to 1 ms', () => {
    for (const args of [['check', '--no-model'], ['restore', '--no-model'], ['trace', '--index', '/nonexistent.db']]) {
      expect(oneLineError(unspin([...args, '--timeout', '2147484', SEED]))).toMatch(/--timeout must be at most 2147483 \(got '2147484'\)/);
    }
    // The largest allowed value is taken (and a file input never waits on it).
    expect(unspin(['check', '--no-model', '--timeout', '2147483', '--format', 'json', SEED]).code).toBe(1);
  });

  it('refuses serve timeouts over 2^31-1 ms and other flags out of range', () => {
    expect(oneLineError(unspin(['serve', '--port', '0', '--timeout', '2147483648']))).toMatch(/--timeout must be an integer from 1 to 2147483647/);
    expect(oneLineError(unspin(['serve', '--port', '0', '--body-timeout', '0']))).toMatch(/--body-timeout must be an integer/);
    expect(oneLineError(unspin(['serve', '--port', '0', '--max-connections', 'lots']))).toMatch(/--max-connections must be an integer/);
    expect(oneLineError(unspin(['serve', '--port', '0', '--allowed-host', 'a b']))).toMatch(/--allowed-host must be a host name/);
    expect(oneLineError(unspin(['serve', '--port', '0', '--token', 'short']))).toMatch(/--token must be at least 16 printable characters/);
  });
});

describe('URLs with credentials', () => {
  it('never echo user:pass@ in an error message', async () => {
    // A local server that answers 404, reached with --allow-private.
    const server = createServer((_request, response) => { response.writeHead(404); response.end(); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const failed = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        // Asynchronous: the server above answers on this process's event loop.
        import('node:child_process').then(({ execFile }) => {
          execFile(process.execPath, [BIN, 'check', '--no-model', '--allow-private', `http://alice:s3cret@127.0.0.1:${port}/page`], { cwd: REPO }, (error, _stdout, stderr) => {
            resolve({ code: error ? (error as { code?: number }).code ?? null : 0, stderr });
          });
        });
      });
      const line = oneLineError(failed);
      expect(line).toContain(`http://***@127.0.0.1:${port}/page: HTTP 404`);
      expect(line).not.toMatch(/alice|s3cret/);
    } finally {
      server.close();
    }
    // Refused before any connection (a private address without --allow-private), and malformed.
    for (const url of ['http://bob:hunter2@127.0.0.1:9/x', 'ftp://bob:hunter2@example.com/x']) {
      const line = oneLineError(unspin(['check', '--no-model', url]));
      expect(line).toContain('***@');
      expect(line).not.toMatch(/bob|hunter2/);
    }
  });
});
