/**
 * `unspin serve` as a user runs it: the built CLI (bin/unspin.js → dist/, so
 * `npm test` builds first) on a free loopback port, its log lines, its flag
 * errors, and a graceful stop on SIGTERM that lets the request in flight finish.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, REPO, SEED } from '../helpers/shared.js';
import { gate, localSite } from './helpers.js';

const seed = readFileSync(SEED, 'utf8');
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Served {
  child: ChildProcess;
  origin: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `unspin serve ARGS --port 0` and waits for its "listening on" line. */
async function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const origin = await new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /listening on (http:\/\/[^/\s]+)\//.exec(stderr);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, origin, stderr: () => stderr, exited };
}

function unspin(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('unspin serve', () => {
  it('serves the page and the API on a free loopback port, logs each request, and stops on SIGTERM', async () => {
    const server = await serve(['--concurrency', '1']);
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    const response = await fetch(`${server.origin}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: seed }) });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { verdict: { spun: boolean } };
    expect(result.verdict.spun).toBe(true);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const log = server.stderr();
    expect(log).toMatch(/^GET \/ 200 \d+ms$/m);
    expect(log).toMatch(/^POST \/api\/check 200 \d+ms$/m);
    expect(log).toContain('stopped');
    expect(log).not.toContain('Putin'); // bodies are never logged
  });

  it('finishes the request in flight before it stops', async () => {
    const held = gate();
    let arrived: () => void = () => {};
    const fetched = new Promise<void>((resolve) => { arrived = resolve; });
    const site = await localSite((_request, response) => {
      arrived();
      void held.opened.then(() => {
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(seed);
      });
    });
    try {
      const server = await serve(['--concurrency', '1', '--allow-private']);
      const inFlight = fetch(`${server.origin}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${site.origin}/a` }) });
      await fetched;
      server.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(server.child.exitCode).toBeNull(); // still waiting for the request
      held.open();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(((await response.json()) as { verdict: { spun: boolean } }).verdict.spun).toBe(true);
      expect(await server.exited).toBe(0);
    } finally {
      held.open();
      await site.close();
    }
  });

  it('refuses bad flags and a busy port in one line with exit 2', async () => {
    for (const args of [['--port', '70000'], ['--port', 'http'], ['--concurrency', '0'], ['--max-body', '-5'], ['--timeout', 'soon'], ['--threshold', '2'], ['--colour'], ['input.txt']]) {
      const { code, stderr } = unspin(['serve', ...args]);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr).toMatch(/^unspin serve: /);
    }
    const taken = await localSite(() => {});
    try {
      const port = new URL(taken.origin).port;
      const { code, stderr } = unspin(['serve', '--port', port]);
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(`unspin serve: cannot listen on 127.0.0.1:${port}: the address is in use`);
    } finally {
      await taken.close();
    }
  });

  it('opens (or creates) a reference index with --index, and refuses a file that is not one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unspin-serve-'));
    try {
      const server = await serve(['--concurrency', '1', '--index', join(dir, 'refs.db'), '--allow-writes']);
      expect(server.stderr()).toContain(`reference index ${join(dir, 'refs.db')} (0 documents, writes allowed)`);
      const added = await fetch(`${server.origin}/api/index`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'seed-copy', text: seed }) });
      expect(added.status).toBe(200);
      const traced = await fetch(`${server.origin}/api/trace`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: seed });
      expect(((await traced.json()) as { matches: Array<{ id: string }> }).matches[0]?.id).toBe('seed-copy');
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);

      const { code, stderr } = unspin(['serve', '--port', '0', '--index', SEED]);
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^unspin serve: .*not an unspin index/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints its help', () => {
    const { code, stdout } = unspin(['serve', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--allow-private');
    expect(stdout).toContain('--concurrency');
  });
});
