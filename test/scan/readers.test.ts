/**
 * The shared input readers on real and hand-made inputs: every format, the
 * encodings, stable ids, streaming across chunk boundaries, and errors that
 * are reported rather than dropped.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { WARCRecord, WARCSerializer } from 'warcio';
import { afterAll, describe, expect, it } from 'vitest';
import { UnspinError } from '../../src/errors.js';
import { arrayElements, byteLines, readInputs, type RawDocument, type ReaderOptions } from '../../src/scan/readers.js';

const dir = mkdtempSync(join(tmpdir(), 'unspin-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ARTICLE = 'The council approved the annual budget on Tuesday after a long debate about schools and roads.';

async function all(paths: string[], options: ReaderOptions = {}): Promise<RawDocument[]> {
  const docs: RawDocument[] = [];
  for await (const doc of readInputs(paths, options)) docs.push(doc);
  return docs;
}

/** A byte stream cut into pieces of `size` bytes: every boundary a real read could fall on. */
function pieces(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

describe('byteLines', () => {
  it('yields each line whole, whatever the chunking, with CRLF and a last line without newline', async () => {
    const long = 'x'.repeat(100_000);
    const source = Buffer.from(`first\r\n${long}\n\nlast`);
    for (const size of [1, 7, 4096, source.length]) {
      const lines: string[] = [];
      for await (const [line, number] of byteLines(pieces(source, size), 'f', 1 << 20)) lines.push(`${number}:${line.toString()}`);
      expect(lines).toEqual(['1:first', `2:${long}`, '3:', '4:last']);
    }
  });

  it('refuses a line past the limit as it grows, naming the line', async () => {
    const source = Buffer.from(`ok\n${'y'.repeat(5000)}\n`);
    const read = async () => {
      for await (const _ of byteLines(pieces(source, 100), 'big.jsonl', 1000)) void _;
    };
    await expect(read()).rejects.toThrow(/^big\.jsonl:2: line too long/);
  });
});

describe('arrayElements', () => {
  it('splits a JSON array into its elements across any chunk boundary, strings and escapes included', async () => {
    const records = [{ id: 'a', text: 'brackets ] } [ { inside, "quoted" \\ text' }, { id: 'b', text: 'ünïcödé “quotes”' }, 7, 'str,ing', [1, [2]]];
    const source = Buffer.from('\ufeff  ' + JSON.stringify(records, null, 2) + '\n');
    for (const size of [1, 3, 64, source.length]) {
      const out: unknown[] = [];
      for await (const element of arrayElements(pieces(source, size), 'x.json', 1 << 20)) out.push(JSON.parse(element.toString()));
      expect(out).toEqual(records);
    }
  });

  it('reports a truncated array and trailing data', async () => {
    const run = async (text: string) => {
      for await (const _ of arrayElements(pieces(Buffer.from(text), 5), 'x.json', 1 << 20)) void _;
    };
    await expect(run('[{"id": "a"}, {"id": ')).rejects.toThrow(/x\.json: truncated JSON/);
    await expect(run('[1] [2]')).rejects.toThrow(/unexpected data after the end/);
    await expect(run('hello')).rejects.toThrow(/not a JSON array of documents/);
  });
});

describe('readInputs', () => {
  it('reads JSON arrays one record at a time: id, text/html/body, FILE#N when there is no id, empty records skipped', async () => {
    const path = join(dir, 'records.json');
    writeFileSync(path, JSON.stringify([{ id: 'one', text: ARTICLE, url: 'https://example.org/1' }, { body: ARTICLE, title: 'Wire' }, { body: '' }, { id: 4, html: `<p>${ARTICLE}</p>` }]));
    const skipped: string[] = [];
    const docs = await all([path], { events: { skipped: (origin, reason) => skipped.push(`${origin}: ${reason}`) } });
    expect(docs.map((d) => [d.id, d.format, d.text !== undefined ? 'text' : 'html'])).toEqual([
      ['one', 'json', 'text'],
      [`${path}#2`, 'json', 'text'],
      ['4', 'json', 'html'],
    ]);
    expect(docs[0]!.url).toBe('https://example.org/1');
    expect(docs[1]!.title).toBe('Wire');
    expect(skipped).toEqual([`${path}#3: empty text`]);
  });

  it('walks folders in name order, skipping README files, hidden files and other types unless named', async () => {
    const folder = join(dir, 'corpus');
    mkdirSync(join(folder, 'sport'), { recursive: true });
    writeFileSync(join(folder, 'README.TXT'), 'About this data set.');
    writeFileSync(join(folder, '.hidden.txt'), ARTICLE);
    writeFileSync(join(folder, 'notes.md'), '# notes');
    writeFileSync(join(folder, 'sport', '002.txt'), ARTICLE);
    writeFileSync(join(folder, 'sport', '001.html'), `<html><body><article><p>${ARTICLE}</p></article></body></html>`);
    const skipped: string[] = [];
    const docs = await all([folder], { events: { skipped: (origin) => skipped.push(origin) } });
    expect(docs.map((d) => d.input)).toEqual([join(folder, 'sport', '001.html'), join(folder, 'sport', '002.txt')]);
    expect(docs.map((d) => d.format)).toEqual(['html', 'text']);
    expect(skipped.sort()).toEqual([join(folder, 'README.TXT'), join(folder, 'notes.md')]);
    // Named explicitly, a README is read.
    expect((await all([join(folder, 'README.TXT')])).map((d) => d.text)).toEqual(['About this data set.']);
  });

  it('gives a file the same id whatever path reaches it', async () => {
    const folder = join(dir, 'ids');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'a.txt'), ARTICLE);
    symlinkSync(join(folder, 'a.txt'), join(folder, 'link.txt'));
    const ids = (await all([join(folder, 'a.txt'), join(folder, '..', 'ids', 'a.txt'), join(folder, 'link.txt')])).map((d) => d.id);
    expect(new Set(ids).size).toBe(1);
  });

  it('decodes BOMs and windows-1252 (auto, or asked for); strict UTF-8 says how to read the file', async () => {
    const legacy = join(dir, 'legacy.txt');
    writeFileSync(legacy, Buffer.from('The caf\xe9 said \x93yes\x94 \x96 twice.', 'latin1'));
    const bom = join(dir, 'bom.txt');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Plain “text”.')]));
    const [auto, withBom] = await all([legacy, bom]);
    expect(auto!.text).toBe('The café said “yes” – twice.');
    expect(withBom!.text).toBe('Plain “text”.');
    expect((await all([legacy], { encoding: 'windows-1252' }))[0]!.text).toBe(auto!.text);
    await expect(all([legacy], { encoding: 'utf-8' })).rejects.toThrow(/legacy\.txt: not valid UTF-8 .*--encoding windows-1252/);
  });

  it('reports an unreadable file, line or record and goes on with --skip-errors; stops at it otherwise', async () => {
    const jsonl = join(dir, 'mixed.jsonl');
    writeFileSync(jsonl, [JSON.stringify({ id: 'a', text: ARTICLE }), '{"id": "broken', JSON.stringify({ id: 'c', text: ARTICLE }), '', JSON.stringify({ text: 'no id' })].join('\r\n'));
    const binary = join(dir, 'image.txt');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    const errors: string[] = [];
    const docs = await all([jsonl, binary, join(dir, 'missing.txt'), join(dir, 'bom.txt')], { skipErrors: true, events: { error: (e) => errors.push(e.message) } });
    expect(docs.map((d) => d.id)).toEqual(['a', 'c', join(dir, 'bom.txt')]);
    expect(errors).toEqual([
      `${join(dir, 'missing.txt')}: no such file or directory`,
      expect.stringMatching(/mixed\.jsonl:2: not valid JSON/),
      expect.stringMatching(/mixed\.jsonl:5: "id" is missing/),
      expect.stringMatching(/image\.txt: binary file \(PNG image\)/),
    ]);
    const stopped = await all([jsonl]).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(UnspinError);
    expect((stopped as Error).message).toMatch(/mixed\.jsonl:2: not valid JSON/);
  });

  it('reads WARC.gz responses with the record id as id and the target URI as url', async () => {
    const parts: Uint8Array[] = [];
    for (const [url, type, html] of [['https://example.org/a', 'text/html', `<html><body><article><p>${ARTICLE}</p></article></body></html>`], ['https://example.org/logo.png', 'image/png', 'PNG']] as const) {
      const record = WARCRecord.create({ url, type: 'response', httpHeaders: { 'Content-Type': type }, statusline: 'HTTP/1.1 200 OK' }, (async function* () { yield new TextEncoder().encode(html); })());
      parts.push(await WARCSerializer.serialize(record, { gzip: true }));
    }
    const path = join(dir, 'crawl.warc.gz');
    writeFileSync(path, Buffer.concat(parts));
    const skipped: string[] = [];
    const docs = await all([path], { events: { skipped: (origin, reason) => skipped.push(`${origin}: ${reason}`) } });
    expect(docs).toHaveLength(1);
    expect(docs[0]!.id).toMatch(/^<urn:uuid:[0-9a-f-]+>$/);
    expect(docs[0]!.url).toBe('https://example.org/a');
    expect(docs[0]!.html).toContain(ARTICLE);
    expect(skipped).toEqual([`${path}#2: not HTML (image/png)`]);
  });

  it('reads standard input as JSONL, a JSON array or one document, by how it starts', async () => {
    const stdin = (text: string) => ({ stdin: pieces(Buffer.from(text), 10) as AsyncIterable<Uint8Array> });
    const jsonl = await all(['-'], stdin([JSON.stringify({ id: 'x', text: ARTICLE }), JSON.stringify({ id: 'y', text: ARTICLE })].join('\n')));
    expect(jsonl.map((d) => [d.id, d.origin])).toEqual([['x', 'standard input:1'], ['y', 'standard input:2']]);
    const array = await all(['-'], stdin(JSON.stringify([{ id: 'z', body: ARTICLE }])));
    expect(array.map((d) => d.id)).toEqual(['z']);
    const one = await all(['-'], stdin(`{not json} ${ARTICLE}`));
    expect(one.map((d) => [d.id, d.text])).toEqual([['-', `{not json} ${ARTICLE}`]]);
  });
});
