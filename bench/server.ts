/**
 * Load run of the HTTP API: autocannon against `POST /api/check` on loopback,
 * 50 concurrent connections for 30 s, each request a seed-sized document.
 *
 * The server runs as users run it (`bin/unspin.js serve`, from dist/, so
 * build first: `npm run bench` does) in its own process, so the load
 * generator and the server do not share an event loop. Prints whether the
 * run had zero errors, p50/p99 latency, requests/s and the server's peak RSS.
 *
 *   npx tsx bench/server.ts [--connections 50] [--duration 30] [--concurrency N]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
// autocannon ships no types; the little used here is typed below.
// @ts-expect-error no declaration file
import autocannon from 'autocannon';
import { REPO } from '../tools/corpora.js';

export interface ServerBenchOptions {
  connections?: number;
  durationSeconds?: number;
  /** Checker threads in the server (default: its own default, the CPU count). */
  concurrency?: number;
}

export interface ServerBench {
  connections: number;
  durationSeconds: number;
  workers: number;
  documentBytes: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCounts: Record<string, number>;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  requestsPerSecond: number;
  serverPeakRssMB: number | null;
  /** The answer to one request before the load, as a sanity check. */
  findingsPerDocument: number;
}

interface AutocannonHistogram { average: number; p50: number; p90: number; p99: number; max: number }
interface AutocannonResult {
  requests: AutocannonHistogram & { total: number };
  latency: AutocannonHistogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  statusCodeStats?: Record<string, { count: number }>;
}

const SEED = join(REPO, 'examples', 'spun-news-article.txt');
const BIN = join(REPO, 'bin', 'unspin.js');

function startServer(concurrency?: number): Promise<{ child: ChildProcess; origin: string; workers: number }> {
  if (!existsSync(join(REPO, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: build first (npx tsc -p .), or run npm run bench');
  }
  const args = [BIN, 'serve', '--port', '0', '--host', '127.0.0.1'];
  if (concurrency !== undefined) args.push('--concurrency', String(concurrency));
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    const onData = (chunk: string) => {
      stderr += chunk;
      const match = /listening on (http:\/\/[^/\s]+)\//.exec(stderr);
      if (match) {
        // The per-request log lines are not needed; keep draining them so the pipe never fills.
        child.stderr!.off('data', onData);
        child.stderr!.resume();
        resolve({ child, origin: match[1]!, workers: concurrency ?? availableParallelism() });
      }
    };
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`unspin serve exited with ${code}: ${stderr.trim()}`)));
  });
}

/** Peak resident set of a process (Linux), in MB. */
function peakRssMB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export async function benchServer(options: ServerBenchOptions = {}): Promise<ServerBench> {
  const connections = options.connections ?? 50;
  const durationSeconds = options.durationSeconds ?? 30;
  const seed = readFileSync(SEED, 'utf8');
  const body = JSON.stringify({ text: seed });
  const { child, origin, workers } = await startServer(options.concurrency);
  try {
    const probe = await fetch(`${origin}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (probe.status !== 200) throw new Error(`the server answered ${probe.status} before the load: ${await probe.text()}`);
    const findingsPerDocument = ((await probe.json()) as { findings: unknown[] }).findings.length;

    const result = (await autocannon({
      url: `${origin}/api/check`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections,
      duration: durationSeconds,
    })) as AutocannonResult;

    const statusCounts: Record<string, number> = {};
    for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCounts[status] = Number(count);
    return {
      connections,
      durationSeconds: result.duration,
      workers,
      documentBytes: Buffer.byteLength(seed),
      requests: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statusCounts,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      requestsPerSecond: result.requests.average,
      serverPeakRssMB: peakRssMB(child.pid),
      findingsPerDocument,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

export function formatServerBench(b: ServerBench): string {
  const clean = b.errors === 0 && b.timeouts === 0 && b.non2xx === 0;
  const statuses = Object.entries(b.statusCounts).map(([s, n]) => `${s}: ${n}`).join(', ');
  return [
    `HTTP API load: POST /api/check on loopback, ${b.connections} connections, ${b.durationSeconds.toFixed(0)} s, ` +
      `seed page (${(b.documentBytes / 1024).toFixed(1)} KB, ${b.findingsPerDocument} findings) per request, ${b.workers} checker threads:`,
    `  ${clean ? 'zero errors' : 'ERRORS'}: ${b.errors} errors, ${b.timeouts} timeouts, ${b.non2xx} non-2xx of ${b.requests} requests (${statuses})`,
    `  latency   p50 ${b.latencyMs.p50.toFixed(0)} ms   p90 ${b.latencyMs.p90.toFixed(0)} ms   p99 ${b.latencyMs.p99.toFixed(0)} ms   max ${b.latencyMs.max.toFixed(0)} ms`,
    `  throughput ${b.requestsPerSecond.toFixed(1)} requests/s` + (b.serverPeakRssMB === null ? '' : `   server peak RSS ${b.serverPeakRssMB.toFixed(0)} MB`),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { connections: { type: 'string' }, duration: { type: 'string' }, concurrency: { type: 'string' } } });
  const bench = await benchServer({
    connections: values.connections ? Number(values.connections) : undefined,
    durationSeconds: values.duration ? Number(values.duration) : undefined,
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
  });
  console.log(formatServerBench(bench));
  if (bench.errors + bench.timeouts + bench.non2xx > 0) process.exitCode = 1;
}
