/**
 * Load runs of the HTTP API: autocannon against `POST /api/check` on loopback,
 * each request a seed-sized document:
 *
 *   1. steady: 50 concurrent connections for 30 s (issue 5);
 *   2. hostile (issue 10): 200 connections for 20 s, far over the server's
 *      slots, then 50 clients that send a whole request and hang up before the
 *      answer; the server must end healthy and idle (busy 0) and answer again.
 *
 * The server runs as users run it (`bin/unspin.js serve`, from dist/, so
 * build first: `npm run bench` does) in its own process, so the load
 * generator and the server do not share an event loop. Prints whether the
 * run had zero errors, p50/p99 latency, requests/s and the server's peak RSS.
 *
 *   npx tsx bench/server.ts [--connections 50] [--duration 30] [--concurrency N] [--hostile-only]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
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

/**
 * One load run against a started server: a probe request (which must answer
 * 200: its findings are reported per document), then autocannon. The
 * server's peak RSS is left to the caller, which knows when the run ends.
 */
async function loadRun(origin: string, body: string, connections: number, durationSeconds: number, workers: number, seed: string): Promise<ServerBench> {
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
    serverPeakRssMB: null,
    findingsPerDocument,
  };
}

export async function benchServer(options: ServerBenchOptions = {}): Promise<ServerBench> {
  const connections = options.connections ?? 50;
  const durationSeconds = options.durationSeconds ?? 30;
  const seed = readFileSync(SEED, 'utf8');
  const body = JSON.stringify({ text: seed });
  const { child, origin, workers } = await startServer(options.concurrency);
  try {
    return { ...(await loadRun(origin, body, connections, durationSeconds, workers, seed)), serverPeakRssMB: peakRssMB(child.pid) };
  } finally {
    child.kill('SIGTERM');
  }
}

export interface HostileBench {
  load: ServerBench;
  aborted: number;
  /** Most slots held at once while the abandoned requests were in. */
  busyPeak: number;
  /** From the last hang-up to /api/health reporting busy 0. */
  idleAfterMs: number | null;
  busyAfter: number;
  /** Status of a normal request after it all. */
  afterStatus: number;
  capacity: number;
}

async function health(origin: string): Promise<{ busy: number; capacity: number }> {
  return (await (await fetch(`${origin}/api/health`)).json()) as { busy: number; capacity: number };
}

/** `count` clients that send a whole request and close before the answer. */
async function abandon(origin: string, count: number, body: string): Promise<{ busyPeak: number; idleAfterMs: number | null; busyAfter: number }> {
  const { hostname, port } = new URL(origin);
  const head = `POST /api/check HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  const sockets = await Promise.all(Array.from({ length: count }, () => new Promise<Socket>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.on('error', reject);
  })));
  await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.write(head + body, () => resolve()))));
  // Until the server has read them (its slots fill up), at most 5 s.
  let busyPeak = 0;
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    const { busy, capacity } = await health(origin);
    busyPeak = Math.max(busyPeak, busy);
    if (busy >= Math.min(count, capacity)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (const socket of sockets) socket.destroy();
  const closed = Date.now();
  let idleAfterMs: number | null = null;
  let busyAfter = -1;
  while (Date.now() - closed < 30_000) {
    busyAfter = (await health(origin)).busy;
    if (busyAfter === 0) {
      idleAfterMs = Date.now() - closed;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { busyPeak, idleAfterMs, busyAfter };
}

/** The hostile run: a flood over capacity, then clients that hang up; ends with a health check and one normal request. */
export async function benchHostile(options: { connections?: number; durationSeconds?: number; aborted?: number; concurrency?: number } = {}): Promise<HostileBench> {
  const connections = options.connections ?? 200;
  const durationSeconds = options.durationSeconds ?? 20;
  const aborted = options.aborted ?? 50;
  const seed = readFileSync(SEED, 'utf8');
  const body = JSON.stringify({ text: seed });
  const { child, origin, workers } = await startServer(options.concurrency);
  try {
    const load = await loadRun(origin, body, connections, durationSeconds, workers, seed);
    // Ten seed pages per abandoned request: long enough that each would still be running when its client leaves.
    const abandoned = await abandon(origin, aborted, JSON.stringify({ text: seed.repeat(10) }));
    const after = await fetch(`${origin}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await after.arrayBuffer();
    load.serverPeakRssMB = peakRssMB(child.pid);
    return { load, aborted, ...abandoned, afterStatus: after.status, capacity: (await health(origin)).capacity };
  } finally {
    child.kill('SIGTERM');
  }
}

export function formatHostileBench(h: HostileBench): string {
  const b = h.load;
  const statuses = Object.entries(b.statusCounts).map(([s, n]) => `${s}: ${n}`).join(', ');
  const healthy = h.busyAfter === 0 && h.afterStatus === 200;
  return [
    `HTTP API under a hostile load: ${b.connections} connections for ${b.durationSeconds.toFixed(0)} s (capacity ${h.capacity} slots, ${b.workers} checker threads), then ${h.aborted} clients hanging up after their request:`,
    `  flood: ${b.requests} requests (${statuses}); ${b.errors} errors, ${b.timeouts} timeouts`,
    `  latency   p50 ${b.latencyMs.p50.toFixed(0)} ms   p90 ${b.latencyMs.p90.toFixed(0)} ms   p99 ${b.latencyMs.p99.toFixed(0)} ms   max ${b.latencyMs.max.toFixed(0)} ms   ${b.requestsPerSecond.toFixed(1)} requests/s`,
    `  hang-ups: ${h.busyPeak} slots held at most; busy 0 ${h.idleAfterMs === null ? 'NOT reached within 30 s' : `${h.idleAfterMs} ms after the last hang-up`}`,
    `  after: ${healthy ? 'healthy and idle' : 'NOT HEALTHY'} (busy ${h.busyAfter}, next request ${h.afterStatus})` + (b.serverPeakRssMB === null ? '' : `   server peak RSS ${b.serverPeakRssMB.toFixed(0)} MB`),
  ].join('\n');
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
  const { values } = parseArgs({ options: { connections: { type: 'string' }, duration: { type: 'string' }, concurrency: { type: 'string' }, 'hostile-only': { type: 'boolean' } } });
  const concurrency = values.concurrency ? Number(values.concurrency) : undefined;
  if (!values['hostile-only']) {
    const bench = await benchServer({
      connections: values.connections ? Number(values.connections) : undefined,
      durationSeconds: values.duration ? Number(values.duration) : undefined,
      concurrency,
    });
    console.log(formatServerBench(bench));
    if (bench.errors + bench.timeouts + bench.non2xx > 0) process.exitCode = 1;
  }
  const hostile = await benchHostile({ concurrency });
  console.log(formatHostileBench(hostile));
  // Over capacity, 503s are the expected answer; what must hold is the end state.
  if (hostile.busyAfter !== 0 || hostile.afterStatus !== 200) process.exitCode = 1;
}
