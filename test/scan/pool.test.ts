/**
 * The scan pool's memory cap: a page too big for a thread's heap costs that
 * page an error row, never the scan; the documents around it are judged.
 */
import { describe, expect, it } from 'vitest';
import { threadPool } from '../../src/scan/pool.js';
import type { RawDocument } from '../../src/scan/readers.js';

const doc = (id: string, html: string): RawDocument => ({ id, input: 'mem.jsonl', origin: `mem.jsonl:${id}`, html, bytes: Buffer.byteLength(html) });
const page = (text: string) => `<html><head><title>News</title></head><body><article><h1>News</h1><p>${text}</p></article></body></html>`;

describe('scan thread memory cap', () => {
  it('gives a page that does not fit an error row, restarts the thread, and judges the rest of its batch', async () => {
    // 6 MB of tiny elements: linkedom builds millions of nodes, far beyond a 48 MB heap.
    const huge = `<html><body><article>${'<p><b>word</b> <i>more</i></p>'.repeat(200_000)}</article></body></html>`;
    const pool = await threadPool(1, { checker: { model: false }, scan: { model: 'off' } }, { heapMB: 48 });
    try {
      const rows = await pool.process([doc('a', page('The council approved the budget on Tuesday.')), doc('big', huge), doc('c', page('The Chilly Warfare era is back, the protection minister mentioned.'))]);
      expect(rows.map((r) => r.id)).toEqual(['a', 'big', 'c']);
      expect(rows[1]).toMatchObject({ error: { code: 'input-too-large' } });
      expect('error' in rows[0]!).toBe(false);
      expect(rows[2]).toMatchObject({ verdict: { spun: true } });
      // The pool goes on with a new thread.
      const [next] = await pool.process([doc('d', page('Heavy rain closed the railway line for three hours.'))]);
      expect(next).toMatchObject({ id: 'd', verdict: { spun: false } });
    } finally {
      await pool.close();
    }
  }, 120_000);
});
