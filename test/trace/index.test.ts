/** The reference index: add, replace, remove, stats, for every input kind, and its one-line errors. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCRecord } from 'warcio';
import { WARCSerializer } from 'warcio/node';
import { openIndex } from '../../src/trace/index.js';
import { textFeatures } from '../../src/trace/features.js';
import { tokenize } from '../../src/text/tokenize.js';
import { UnspinError } from '../../src/errors.js';
import { BIN, REPO, SEED } from '../helpers/shared.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'unspin-index-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const ARTICLE_A = 'The council approved the annual budget on Tuesday after a long debate. The mayor said the plan would fund two new schools and repair roads damaged during the winter.';
const ARTICLE_B = 'The home side scored twice in the second half to win the derby. Their manager praised the defence, which kept a clean sheet for the fifth match in a row.';
const PAGE = `<!DOCTYPE html><html><head><title>Storm closes railway</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Storm closes railway</h1>
<p>Heavy rain flooded several streets in the old town overnight, and firefighters pumped water from dozens of basements.</p>
<p>The railway line was closed for three hours while engineers inspected a bridge over the swollen river.</p>
</article><footer>Share this article. Leave a reply.</footer></body></html>`;

async function warcGz(records: Array<{ url: string; html: string; type?: string; contentType?: string }>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (const r of records) {
    async function* body() {
      yield new TextEncoder().encode(r.html);
    }
    const record = WARCRecord.create({ url: r.url, type: (r.type ?? 'response') as 'response', httpHeaders: { 'Content-Type': r.contentType ?? 'text/html; charset=utf-8' }, statusline: 'HTTP/1.1 200 OK' }, body());
    parts.push(await WARCSerializer.serialize(record, { gzip: true }));
  }
  return Buffer.concat(parts);
}

describe('the index library', () => {
  it('adds, replaces, removes and counts documents', () => {
    const path = join(dir, 'lib.db');
    const index = openIndex(path, { create: true });
    expect(index.add({ id: 'a', text: ARTICLE_A, title: 'Budget' })).toBe('added');
    expect(index.add({ id: 'b', text: ARTICLE_B })).toBe('added');
    expect(index.stats()).toMatchObject({ documents: 2, format: 'unspin-index/1' });
    expect(index.stats().words).toBe(ARTICLE_A.split(' ').length + ARTICLE_B.split(' ').length);
    expect(index.add({ id: 'a', text: ARTICLE_A, title: 'Budget' })).toBe('unchanged');
    expect(index.add({ id: 'a', text: ARTICLE_B })).toBe('replaced');
    expect(index.get('a')?.text).toBe(ARTICLE_B);
    expect(index.get('a')?.title).toBeUndefined();
    expect(index.stats().documents).toBe(2);
    expect(index.remove('a')).toBe(true);
    expect(index.remove('a')).toBe(false);
    expect(index.stats().documents).toBe(1);
    // What was removed is no longer found, what stays is.
    expect(index.search(ARTICLE_B).map((m) => m.id)).toEqual(['b']);
    index.close();
    // Postings follow the documents: none is left for a removed one.
    const db = new Database(path, { readonly: true });
    const orphans = db.prepare('SELECT count(*) FROM postings WHERE doc NOT IN (SELECT doc FROM documents)').pluck().get();
    expect(orphans).toBe(0);
    db.close();
  });

  it('writes every posting of a large batch to its own document', () => {
    const path = join(dir, 'large.db');
    const index = openIndex(path, { create: true });
    const words = 'council budget schools roads winter derby manager defence match season storm railway bridge river town'.split(' ');
    const text = (k: number) => Array.from({ length: 60 }, (_, i) => words[(k * 7 + i * i * 13 + i) % words.length]).join(' ') + ` Report ${k} of ${k % 97}.`;
    index.transaction(() => {
      for (let k = 0; k < 3000; k++) index.add({ id: `d${k}`, text: text(k) });
    });
    index.close();
    const db = new Database(path, { readonly: true });
    const stored = db.prepare('SELECT count(*) FROM postings').pluck().get() as number;
    const postingsOf = db.prepare('SELECT feature FROM postings WHERE doc = (SELECT doc FROM documents WHERE id = ?) ORDER BY feature').pluck();
    for (const k of [0, 1, 1499, 2999]) {
      const expected = Array.from(textFeatures(tokenize(text(k)))).sort((a, b) => a - b);
      expect(postingsOf.all(`d${k}`)).toEqual(expected);
    }
    db.close();
    const reopened = openIndex(path, { readonly: true });
    expect(reopened.stats().postings).toBe(stored);
    expect(reopened.search(text(1499), { limit: 1 })[0]?.id).toBe('d1499');
    reopened.close();
  });

  it('rolls a batch back whole', () => {
    const index = openIndex(join(dir, 'batch.db'), { create: true });
    index.begin();
    index.add({ id: 'a', text: ARTICLE_A });
    index.add({ id: 'b', text: ARTICLE_B });
    index.rollback();
    expect(index.stats().documents).toBe(0);
    expect(index.search(ARTICLE_A)).toEqual([]);
    index.close();
  });

  it('refuses a file that is not an index, in one line', () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not a database, just some text that is long enough to have a header'.repeat(20));
    expect(() => openIndex(junk)).toThrow(UnspinError);
    expect(() => openIndex(junk)).toThrow(/junk\.db: not an unspin index/);
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => openIndex(other)).toThrow(/an SQLite database, but not an unspin index/);
    expect(() => openIndex(join(dir, 'missing.db'))).toThrow(/no such index/);
  });
});

describe('unspin index add', () => {
  it('reads .txt, .html, .jsonl and directories, and re-adding an id replaces it', () => {
    const corpus = join(dir, 'corpus');
    mkdirSync(join(corpus, 'sub'), { recursive: true });
    writeFileSync(join(corpus, 'a.txt'), ARTICLE_A);
    writeFileSync(join(corpus, 'sub', 'page.html'), PAGE);
    writeFileSync(join(corpus, 'notes.md'), '# not indexed');
    const jsonl = join(dir, 'docs.jsonl');
    writeFileSync(jsonl, [JSON.stringify({ id: 'derby', text: ARTICLE_B, title: 'Derby', url: 'https://example.org/derby' }), '', JSON.stringify({ id: 7, text: 'A numeric id is read as a string.' })].join('\n') + '\n');
    const index = join(dir, 'cli.db');

    const added = cli('index', 'add', '--index', index, corpus, jsonl);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^added 4, skipped 1; .* holds 4 documents/);
    expect(added.stderr).toMatch(/skipped .*notes\.md/);

    const lib = openIndex(index, { readonly: true });
    expect(lib.get(join(corpus, 'a.txt'))?.text).toBe(ARTICLE_A);
    const page = lib.get(join(corpus, 'sub', 'page.html'))!;
    expect(page.title).toBe('Storm closes railway');
    expect(page.text).toContain('The railway line was closed for three hours');
    expect(page.text).not.toContain('Leave a reply');
    expect(lib.get('derby')).toMatchObject({ title: 'Derby', url: 'https://example.org/derby', text: ARTICLE_B });
    expect(lib.get('7')?.text).toBe('A numeric id is read as a string.');
    lib.close();

    writeFileSync(jsonl, JSON.stringify({ id: 'derby', text: ARTICLE_A }) + '\n');
    const again = cli('index', 'add', '--index', index, jsonl);
    expect(again.stdout).toMatch(/^added 0, replaced 1; .* holds 4 documents/);

    const stats = cli('index', 'stats', '--index', index, '--format', 'json');
    expect(stats.status).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ documents: 4, format: 'unspin-index/1' });
    expect(cli('index', 'stats', '--index', index).stdout).toMatch(/documents\s+4/);

    const removed = cli('index', 'remove', '--index', index, 'derby', '7');
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/removed 2; .* holds 2 documents/);
    const unknown = cli('index', 'remove', '--index', index, 'nope', join(corpus, 'a.txt'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toBe("unspin index: not in the index: 'nope' (nothing was removed)");
    expect(JSON.parse(cli('index', 'stats', '--index', index, '-f', 'json').stdout).documents).toBe(2);
  });

  it('reads the HTML responses of a WARC.gz and skips other records', async () => {
    const warc = join(dir, 'crawl.warc.gz');
    writeFileSync(
      warc,
      await warcGz([
        { url: 'https://example.org/storm', html: PAGE },
        { url: 'https://example.org/logo.png', html: 'PNG', contentType: 'image/png' },
        { url: 'https://example.org/budget', html: `<html><head><title>Budget</title></head><body><article><p>${ARTICLE_A}</p></article></body></html>` },
      ]),
    );
    const index = join(dir, 'warc.db');
    const added = cli('index', 'add', '--index', index, warc);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^added 2, skipped 1;/);
    expect(added.stderr).toMatch(/crawl\.warc\.gz#2: not HTML \(image\/png\)/);
    const lib = openIndex(index, { readonly: true });
    expect(lib.get('https://example.org/storm')).toMatchObject({ url: 'https://example.org/storm', title: 'Storm closes railway' });
    expect(lib.get('https://example.org/budget')?.text).toContain('The council approved the annual budget');
    lib.close();
  });

  it('rejects bad input in one line naming the file and line, keeping committed batches and rolling back the failing one', () => {
    const jsonl = join(dir, 'bad.jsonl');
    const good = Array.from({ length: 5 }, (_, k) => JSON.stringify({ id: `d${k}`, text: `${ARTICLE_A} Number ${k}.` }));
    writeFileSync(jsonl, [...good, '{"id": "broken", "text": ', JSON.stringify({ id: 'after', text: ARTICLE_B })].join('\n') + '\n');
    const index = join(dir, 'bad.db');
    const run = cli('index', 'add', '--index', index, '--batch', '2', jsonl);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^unspin index: .*bad\.jsonl:6: not valid JSON .*the batch in progress was rolled back; the 4 documents committed before it are kept\)$/m);
    // Batches of two: d0-d1 and d2-d3 were committed, d4 was in the failing batch.
    const lib = openIndex(index, { readonly: true });
    expect(lib.stats().documents).toBe(4);
    expect(lib.has('d3')).toBe(true);
    expect(lib.has('d4')).toBe(false);
    expect(lib.has('after')).toBe(false);
    lib.close();

    for (const [content, message] of [
      ['{"text": "no id"}\n', /bad2\.jsonl:1: "id" is missing/],
      ['{"id": "x"}\n', /bad2\.jsonl:1: "text" is missing/],
      ['["a", "b"]\n', /bad2\.jsonl:1: expected a JSON object/],
      ['{"id": "x", "text": "ok", "title": 5}\n', /bad2\.jsonl:1: "title" must be a string/],
    ] as const) {
      writeFileSync(join(dir, 'bad2.jsonl'), content);
      const failed = cli('index', 'add', '--index', join(dir, 'bad2.db'), join(dir, 'bad2.jsonl'));
      expect(failed.status).toBe(2);
      expect(failed.stderr).toMatch(message);
      expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('rejects corrupt WARC files and unreadable paths', async () => {
    const whole = await warcGz([{ url: 'https://example.org/a', html: PAGE }, { url: 'https://example.org/b', html: PAGE }]);
    const cases: Array<[string, Buffer | string, RegExp]> = [
      ['cut.warc.gz', whole.subarray(0, Math.floor(whole.length * 0.75)), /cut\.warc\.gz: corrupt WARC\.gz .*unexpected end of file/],
      ['short.warc', 'WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nonly a few bytes', /short\.warc#1: truncated WARC record/],
      ['text.warc', 'just some text, not a web archive\n', /text\.warc#1: not a WARC record/],
      ['double.warc.gz', gzipSync(gzipSync('WARC/1.0\r\n')), /double\.warc\.gz#1: not a WARC record \(no WARC-Type header\)/],
    ];
    for (const [name, content, message] of cases) {
      writeFileSync(join(dir, name), content);
      const run = cli('index', 'add', '--index', join(dir, 'warcs.db'), join(dir, name));
      expect(run.status, name).toBe(2);
      expect(run.stderr, name).toMatch(message);
      expect(run.stderr.trim().split('\n'), name).toHaveLength(1);
    }
    const missing = cli('index', 'add', '--index', join(dir, 'warcs.db'), join(dir, 'no-such-file.jsonl'));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(`unspin index: ${join(dir, 'no-such-file.jsonl')}: no such file or directory`);
  });

  it('refuses a corrupt index file in one line, exit 2', () => {
    const junk = join(dir, 'junk-cli.db');
    writeFileSync(junk, readFileSync(SEED));
    for (const args of [['index', 'stats', '--index', junk], ['index', 'add', '--index', junk, SEED], ['trace', '--index', junk, SEED]]) {
      const run = cli(...args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr.trim()).toMatch(/^unspin (index|trace): .*junk-cli\.db: not an unspin index \(not an SQLite database\)$/);
    }
    // A damaged page inside a real index is reported too.
    const damaged = join(dir, 'damaged.db');
    const index = openIndex(damaged, { create: true });
    index.transaction(() => {
      for (let k = 0; k < 300; k++) index.add({ id: `doc${k}`, text: `${ARTICLE_A} ${ARTICLE_B} Item ${k} of the series.` });
    });
    index.close();
    const bytes = readFileSync(damaged);
    bytes.fill(0x55, 8192, bytes.length - 4096);
    writeFileSync(damaged, bytes);
    const run = cli('trace', '--index', damaged, SEED);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/damaged\.db: (the index file is damaged|not an unspin index)/);
  });

  it('index stats runs a full integrity check: one damaged page or a wrong count is reported as damage, exit 2', () => {
    const build = (name: string) => {
      const path = join(dir, name);
      const index = openIndex(path, { create: true });
      index.transaction(() => {
        for (let k = 0; k < 300; k++) index.add({ id: `doc${k}`, text: `${ARTICLE_A} ${ARTICLE_B} Item ${k} of the series.` });
      });
      index.close();
      return path;
    };
    const healthy = cli('index', 'stats', '--index', build('healthy.db'));
    expect(healthy.status, healthy.stderr).toBe(0);
    expect(healthy.stdout).toMatch(/documents {2}300\n[\s\S]*integrity {2}ok/);

    // One page in the middle overwritten: the counters in meta still read fine, the B-tree does not.
    const paged = build('one-page.db');
    const bytes = readFileSync(paged);
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    const middle = Math.floor(bytes.length / pageSize / 2) * pageSize;
    bytes.fill(0x5a, middle, middle + pageSize);
    writeFileSync(paged, bytes);
    const onePage = cli('index', 'stats', '--index', paged);
    expect(onePage.status).toBe(2);
    expect(onePage.stderr.trim().split('\n')).toHaveLength(1);
    expect(onePage.stderr).toMatch(/^unspin index: .*one-page\.db: the index file is damaged \(/);

    // Counters that disagree with the rows (a write cut short by hand-editing, a bad copy).
    const counted = build('counts.db');
    const db = new Database(counted);
    db.prepare("UPDATE meta SET value = '999' WHERE key = 'documents'").run();
    db.close();
    const counts = cli('index', 'stats', '--index', counted, '--format', 'json');
    expect(counts.status).toBe(2);
    expect(counts.stdout).toBe('');
    expect(counts.stderr.trim()).toMatch(/counts\.db: the index file is damaged \(it records 999 documents but holds 300\)$/);
  });

  it('explains usage mistakes', () => {
    expect(cli('index').stderr).toMatch(/missing action: add, stats or remove/);
    expect(cli('index', 'add', 'x.jsonl').stderr).toMatch(/--index FILE is required/);
    expect(cli('index', 'add', '--index', join(dir, 'u.db')).stderr).toMatch(/needs at least one PATH/);
    expect(cli('index', 'stats', '--index', join(dir, 'nothing.db')).stderr).toMatch(/no such index \(create one with 'unspin index add/);
    expect(cli('index', '--help').stdout).toMatch(/usage: unspin index add --index FILE PATH/);
  });
});
