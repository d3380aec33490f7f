/**
 * kill -9 during `unspin index add`: the index still opens, passes SQLite's
 * integrity check, and holds every document whose batch was reported
 * committed (`--log-commits`), with a search that still works.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../../src/trace/index.js';
import { BIN, REPO } from '../helpers/shared.js';

const DOCUMENTS = 40_000;
const WORDS = 'the council said on monday that plans for new schools roads and hospitals would cost more than expected after a review of contracts by officials in the region who warned of delays'.split(' ');

/** Deterministic pseudo-articles: enough text per document that a batch takes real time to write. */
function article(k: number): string {
  let x = k * 2654435761 >>> 0;
  const words: string[] = [];
  for (let i = 0; i < 120; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    words.push(WORDS[x % WORDS.length]!);
  }
  return `Report ${k}. ${words.join(' ')}.`;
}

const id = (k: number) => `doc-${String(k).padStart(6, '0')}`;

let dir: string;
let jsonl: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'unspin-crash-'));
  jsonl = join(dir, 'big.jsonl');
  const out = createWriteStream(jsonl);
  for (let k = 0; k < DOCUMENTS; k++) {
    if (!out.write(JSON.stringify({ id: id(k), text: article(k) }) + '\n')) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kill -9 during index add', () => {
  it('leaves an index that opens, passes integrity_check and holds every committed document', async () => {
    const path = join(dir, 'crash.db');
    const child = spawn(process.execPath, [BIN, 'index', 'add', '--index', path, '--batch', '500', '--log-commits', jsonl], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let committed = 0;
    let last = '';
    let buffered = '';
    const killed = new Promise<void>((resolve, reject) => {
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          const event = JSON.parse(line) as { committed: number; last: string };
          committed = event.committed;
          last = event.last;
          // Mid-way: several batches in, many more to go.
          if (committed >= 5_000 && child.exitCode === null) child.kill('SIGKILL');
        }
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`index add ended before the kill (code ${code})`))));
    });
    await killed;

    expect(committed).toBeGreaterThanOrEqual(5_000);
    expect(committed).toBeLessThan(DOCUMENTS);
    expect(last).toBe(id(committed - 1));

    const db = new Database(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const index = openIndex(path);
    const stats = index.stats();
    // Every reported batch is there; at most the batches committed after the last line read, never a partial one.
    expect(stats.documents).toBeGreaterThanOrEqual(committed);
    expect(stats.documents % 500).toBe(0);
    for (let k = 0; k < committed; k += 97) expect(index.has(id(k)), id(k)).toBe(true);
    expect(index.has(id(committed - 1))).toBe(true);
    expect(index.has(id(stats.documents))).toBe(false);
    // The postings are consistent with the documents: a committed document is still found by its text.
    expect(index.search(article(committed - 1), { limit: 1 })[0]?.id).toBe(id(committed - 1));

    index.close();

    // Adding the same file again completes the index: what was committed is unchanged, the rest is added.
    const again = spawnSync(process.execPath, [BIN, 'index', 'add', '--index', path, jsonl], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^added ${(DOCUMENTS - stats.documents).toLocaleString('en')}, unchanged ${stats.documents.toLocaleString('en')}; .* holds ${DOCUMENTS.toLocaleString('en')} documents`));
  });
});
