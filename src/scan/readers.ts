/**
 * Input readers: every way a user hands unspin documents, as one stream of
 * raw documents. `scan`, `check` and `index add` all read through here, so a
 * folder, a crawl or a dump means the same documents to each of them.
 *
 *  - `.txt` (text) and `.html`, `.htm`, `.xhtml` (HTML): one document each;
 *  - `.jsonl`, `.ndjson`: one document per line, `{"id", "text" | "html" | "body", "url"?, "title"?}`;
 *  - `.json`: a JSON array of such objects (or one object); a record without
 *    an id gets `FILE#N` (N counts records from 1). Reuters-21578's `body`
 *    reads as text;
 *  - `.warc`, `.warc.gz`: one document per HTML response record (id = its
 *    WARC-Record-ID, url = its WARC-Target-URI);
 *  - directories: their files, recursively, in name order; hidden files,
 *    unknown extensions and files that are not articles (README, LICENSE, …)
 *    are skipped and reported, unless named explicitly;
 *  - `-`: standard input, one document, or JSONL / a JSON array / WARC when
 *    it starts like one;
 *  - any other file named explicitly: one document, HTML or text by content.
 *
 * Documents are streamed: memory holds one line, one JSON record, one WARC
 * record or one file at a time, never a corpus.
 *
 * Ids are stable whatever path the user typed: a file's id is its real path
 * (symbolic links and `..` resolved), so the same file reached two ways is
 * one document; records carry their own ids (JSONL/JSON `id`, WARC record id).
 *
 * Problems come as `UnspinError`s whose one-line message names the file and
 * line or record. With `skipErrors` they go to `events.error` and reading
 * goes on (with the next line, record or file); otherwise they are thrown.
 * Things that hold no document by design (a non-HTML WARC record, a README
 * in a folder, a record with empty text) go to `events.skipped`.
 */
import { createReadStream, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { UnspinError } from '../errors.js';
import { binaryFormat, declaredMetaCharset, decodeBytes, formatBytes } from '../extract/decode.js';
import { looksLikeHtml } from '../extract/index.js';
import { extractJats, looksLikeJats } from '../extract/jats.js';
import { extractPdf } from '../extract/pdf.js';
import type { Range } from '../types.js';
import { DEFAULT_MAX_BYTES } from '../extract/input.js';

/** One document as read, before extraction: exactly one of `text` and `html` is set. */
export interface RawDocument {
  /** Stable id: JSONL/JSON `id`, the WARC record id, or the file's real path. */
  id: string;
  url?: string;
  /** The input as the user named it (path, or `-`). */
  input: string;
  /** Where exactly, for messages: `file`, `file:line`, `file#record`. */
  origin: string;
  /** How it was stored: decides nothing downstream but the index's key for WARC records. */
  format: InputFormat;
  text?: string;
  html?: string;
  /** A title the record gives (JSONL/JSON `title`). */
  title?: string;
  /** Bytes of input it came from (for throughput). */
  bytes: number;
  /** Parts of `text` never analysed (a PDF's references section). */
  excluded?: Range[];
}

export type InputFormat = 'text' | 'html' | 'jsonl' | 'json' | 'warc' | 'warc.gz' | 'pdf' | 'xml' | 'auto';

/** `utf-8` (strict), `windows-1252`, or `auto`: UTF-8 when the bytes are valid UTF-8, else a declared charset, else Windows-1252. */
export type Encoding = 'auto' | 'utf-8' | 'windows-1252';
export const ENCODINGS: readonly Encoding[] = ['auto', 'utf-8', 'windows-1252'];

export interface ReaderEvents {
  /** Input consumed grew by `n` bytes (for a progress bar). */
  bytes?(n: number): void;
  /** Something that holds no document by design, with the reason. */
  skipped?(origin: string, reason: string): void;
  /** Something that could not be read (only with `skipErrors`; otherwise it is thrown). */
  error?(error: UnspinError): void;
}

export interface ReaderOptions {
  encoding?: Encoding;
  /** Largest single document (file, line, record), in bytes; default 64 MB. */
  maxBytes?: number;
  /** Report unreadable files, lines and records through `events.error` and go on. */
  skipErrors?: boolean;
  /** What `-` reads (default process.stdin). */
  stdin?: AsyncIterable<Uint8Array | string>;
  events?: ReaderEvents;
}

export interface InputEntry {
  /** The path as typed (or found in a folder), `-` for stdin. */
  path: string;
  format: InputFormat;
  /** Bytes on disk; 0 for stdin (unknown). */
  size: number;
  /** Only this part of a JSONL file: bytes [start, end), whose first line is `firstLine` (a shard of the distributed mode). */
  range?: { start: number; end: number; firstLine: number };
}

/** The reading of a file from its name; `undefined` for names a directory walk does not read. */
export function formatOf(path: string): InputFormat | undefined {
  const name = path.toLowerCase();
  if (name.endsWith('.warc.gz')) return 'warc.gz';
  if (name.endsWith('.warc')) return 'warc';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.html') || name.endsWith('.htm') || name.endsWith('.xhtml')) return 'html';
  if (name.endsWith('.pdf')) return 'pdf';
  if (name.endsWith('.xml') || name.endsWith('.nxml')) return 'xml';
  if (name.endsWith('.txt')) return 'text';
  return undefined;
}

/**
 * Files that sit beside articles in corpus folders but are not articles
 * (the BBC set's README.TXT, a LICENSE): a folder walk skips them; naming
 * one explicitly reads it.
 */
const NOT_ARTICLES = /^(readme|license|licence|copying|notice|authors|changelog|changes|contributing)(\.[a-z0-9]+)?$/i;

function statOf(path: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UnspinError('input-not-found', `${path}: no such file or directory`);
    if (code === 'EACCES' || code === 'EPERM') throw new UnspinError('input-unreadable', `${path}: permission denied`);
    throw new UnspinError('input-unreadable', `${path}: cannot read (${code ?? 'error'})`);
  }
}

/**
 * The files a list of paths names, folders walked. A missing path is thrown,
 * or with `skipErrors` reported and left out.
 */
export function listInputs(paths: readonly string[], options: Pick<ReaderOptions, 'skipErrors' | 'events'> = {}): InputEntry[] {
  const events = options.events ?? {};
  const entries: InputEntry[] = [];
  const fail = (error: unknown) => {
    if (!options.skipErrors || !(error instanceof UnspinError)) throw error;
    events.error?.(error);
  };
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      return fail(new UnspinError('input-unreadable', `${dir}: cannot list the directory (${(error as NodeJS.ErrnoException).code ?? 'error'})`));
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      let stats: Stats;
      try {
        stats = statOf(path);
      } catch (error) {
        fail(error);
        continue;
      }
      if (stats.isDirectory()) walk(path);
      else if (stats.isFile()) {
        const format = formatOf(name);
        if (!format) events.skipped?.(path, 'not a .txt, .html, .pdf, .xml, .json, .jsonl or .warc file');
        else if (NOT_ARTICLES.test(name)) events.skipped?.(path, 'not an article (name the file to read it)');
        else entries.push({ path, format, size: stats.size });
      }
    }
  };
  for (const path of paths) {
    if (path === '-') {
      entries.push({ path, format: 'auto', size: 0 });
      continue;
    }
    let stats: Stats;
    try {
      stats = statOf(path);
    } catch (error) {
      fail(error);
      continue;
    }
    if (stats.isDirectory()) walk(path);
    else entries.push({ path, format: formatOf(path) ?? 'auto', size: stats.isFile() ? stats.size : 0 });
  }
  return entries;
}

/** A file's id: its real path, so that `a/../b.txt`, `./b.txt` and a link to it are one document. */
export function canonicalId(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Bytes → text by the chosen encoding; a UTF-8 byte-order mark is dropped, UTF-16 with one decoded. */
export function decodeDocument(bytes: Uint8Array, name: string, encoding: Encoding, declared?: string): string {
  if (encoding === 'windows-1252') return decodeBytes(bytes, name, { charset: 'windows-1252' });
  if (encoding === 'utf-8') return decodeBytes(bytes, name, { charset: declared });
  try {
    return decodeBytes(bytes, name, { charset: declared });
  } catch (error) {
    // Not valid in the declared (or default UTF-8) encoding: legacy Windows-1252 decodes every byte.
    if (error instanceof UnspinError && error.code === 'input-encoding' && !/UTF-16/.test(error.message)) {
      return decodeBytes(bytes, name, { charset: 'windows-1252' });
    }
    throw error;
  }
}

function withHint(error: unknown, encoding: Encoding): unknown {
  if (error instanceof UnspinError && error.code === 'input-encoding' && encoding === 'utf-8' && /not valid UTF-8/.test(error.message)) {
    return new UnspinError('input-encoding', error.message.replace(/; convert it first.*$/, '') + '; convert it, or use --encoding windows-1252 (or auto)');
  }
  return error;
}

/** A text or HTML document from decoded content. */
function contentDocument(content: string, format: InputFormat, base: Omit<RawDocument, 'format' | 'text' | 'html'>): RawDocument {
  const html = format === 'html' || (format !== 'text' && looksLikeHtml(content));
  return html ? { ...base, format: 'html', html: content } : { ...base, format: 'text', text: content };
}

async function readBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UnspinError('input-not-found', `${path}: no such file`);
    if (code === 'EACCES' || code === 'EPERM') throw new UnspinError('input-unreadable', `${path}: permission denied`);
    if (code === 'EISDIR') throw new UnspinError('input-unreadable', `${path}: is a directory, not a file`);
    throw new UnspinError('input-unreadable', `${path}: cannot read (${code ?? 'error'})`);
  }
  try {
    const stat = await handle.stat();
    if (stat.isFile() && stat.size > maxBytes) {
      throw new UnspinError('input-too-large', `${path}: too large (${formatBytes(stat.size)}; the limit is ${formatBytes(maxBytes)}, see --max-bytes)`);
    }
    return await collect(handle.createReadStream({ autoClose: false }), path, maxBytes);
  } catch (error) {
    if (error instanceof UnspinError) throw error;
    throw new UnspinError('input-unreadable', `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    await handle.close().catch(() => {});
  }
}

async function collect(stream: AsyncIterable<Uint8Array | string>, name: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += bytes.length;
    if (total > maxBytes) throw new UnspinError('input-too-large', `${name}: too large (more than the ${formatBytes(maxBytes)} limit, see --max-bytes)`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Lines of a byte stream with their 1-based numbers, as bytes. Linear in the
 * input whatever the line length: a line's chunks are kept in a list and
 * joined once, when its newline arrives (never re-scanned).
 */
export async function* byteLines(stream: AsyncIterable<Uint8Array>, name: string, maxBytes: number): AsyncGenerator<[Buffer, number]> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let number = 0;
  for await (const raw of stream) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let from = 0;
    let newline: number;
    while ((newline = chunk.indexOf(10, from)) >= 0) {
      let line = chunk.subarray(from, newline);
      if (parts.length > 0) {
        parts.push(line);
        line = Buffer.concat(parts, partBytes + line.length);
        parts = [];
        partBytes = 0;
      }
      from = newline + 1;
      number++;
      if (line.length > maxBytes) throw new UnspinError('input-too-large', `${name}:${number}: line too long (${formatBytes(line.length)}; the limit is ${formatBytes(maxBytes)}, see --max-bytes)`);
      yield [line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, -1) : line, number];
    }
    if (from < chunk.length) {
      const rest = chunk.subarray(from);
      partBytes += rest.length;
      // A line past the limit is refused as it grows, not after it has filled memory.
      if (partBytes > maxBytes) throw new UnspinError('input-too-large', `${name}:${number + 1}: line too long (more than the ${formatBytes(maxBytes)} limit, see --max-bytes)`);
      parts.push(rest);
    }
  }
  if (partBytes > 0) yield [Buffer.concat(parts, partBytes), ++number];
}

/** Lines of a UTF-8 file as text (for `learn --pairs`); invalid UTF-8 is an error naming the line. */
export async function* textLines(path: string, maxBytes: number = DEFAULT_MAX_BYTES): AsyncGenerator<[string, number]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const [bytes, number] of byteLines(createReadStream(path), path, maxBytes)) {
      let line: string;
      try {
        line = decoder.decode(bytes);
      } catch {
        throw new UnspinError('input-encoding', `${path}:${number}: not valid UTF-8`);
      }
      yield [line, number];
    }
  } catch (error) {
    throw asReadError(error, path);
  }
}

function asReadError(error: unknown, path: string): unknown {
  if (error instanceof UnspinError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UnspinError('input-not-found', `${path}: no such file`);
  return new UnspinError('input-unreadable', `${path}: cannot read (${code ?? (error as Error).message?.split('\n')[0]})`);
}

function optionalString(record: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new UnspinError('input-unreadable', `${where}: "${key}" must be a string`);
  return value;
}

/**
 * One JSON record as a document: `{"id", "text" | "html" | "body", "url"?, "title"?}`.
 * Returns a reason string for a record with no text at all (skipped, not an error).
 */
function recordDocument(record: unknown, where: string, input: string, bytes: number, fallbackId: string | undefined): RawDocument | string {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new UnspinError('input-unreadable', `${where}: expected a JSON object {"id", "text"}`);
  const fields = record as Record<string, unknown>;
  const raw = typeof fields.id === 'number' ? String(fields.id) : fields.id;
  const id = raw === undefined || raw === null ? fallbackId : raw;
  if (typeof id !== 'string' || id.length === 0) throw new UnspinError('input-unreadable', `${where}: "id" is missing (a non-empty string)`);
  const title = optionalString(fields, 'title', where);
  const url = optionalString(fields, 'url', where);
  const text = optionalString(fields, 'text', where) ?? optionalString(fields, 'body', where);
  const html = optionalString(fields, 'html', where);
  if (text === undefined && html === undefined) {
    if (fallbackId !== undefined && ('text' in fields || 'body' in fields)) return 'no text';
    throw new UnspinError('input-unreadable', `${where}: "text" is missing`);
  }
  const doc: RawDocument = { id, input, origin: where, format: 'json', bytes };
  if (text !== undefined) {
    if (text.trim() === '') return 'empty text';
    doc.text = text;
  } else {
    if (html!.trim() === '') return 'empty html';
    doc.html = html;
  }
  if (url !== undefined) doc.url = url;
  if (title !== undefined) doc.title = title;
  return doc;
}

class Reader {
  private readonly encoding: Encoding;
  private readonly maxBytes: number;
  private readonly events: ReaderEvents;

  constructor(private readonly options: ReaderOptions) {
    this.encoding = options.encoding ?? 'auto';
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.events = options.events ?? {};
  }

  /** A problem: reported and passed over with `skipErrors`, thrown otherwise. */
  fail(error: unknown): void {
    if (this.options.skipErrors && error instanceof UnspinError) this.events.error?.(error);
    else throw error;
  }

  async *entry(entry: InputEntry): AsyncGenerator<RawDocument> {
    try {
      if (entry.path === '-') yield* this.stdin();
      else if (entry.format === 'jsonl') {
        const { range } = entry;
        const stream = range ? createReadStream(entry.path, { start: range.start, end: range.end - 1 }) : createReadStream(entry.path);
        yield* this.jsonl(stream, entry.path, range ? range.firstLine - 1 : 0);
      }
      else if (entry.format === 'json') yield* this.jsonArray(createReadStream(entry.path), entry.path, canonicalId(entry.path));
      else if (entry.format === 'warc' || entry.format === 'warc.gz') yield* this.warc(createReadStream(entry.path), entry.path, entry.format === 'warc.gz');
      else yield* this.file(entry);
    } catch (error) {
      this.fail(asReadError(error, entry.path));
    }
  }

  private async *file(entry: InputEntry): AsyncGenerator<RawDocument> {
    const bytes = await readBounded(entry.path, this.maxBytes);
    this.events.bytes?.(bytes.length);
    const base = { id: canonicalId(entry.path), input: entry.path, origin: entry.path, bytes: bytes.length };
    // A paper: its text in reading order, the references section excluded from analysis (extract/pdf.ts).
    if (binaryFormat(bytes) === 'PDF document') {
      const pdf = await extractPdf(bytes, entry.path);
      return yield { ...base, format: 'pdf', text: pdf.text, excluded: pdf.excluded, ...(pdf.title ? { title: pdf.title } : {}) };
    }
    const declared = entry.format === 'text' ? undefined : declaredMetaCharset(bytes);
    let content: string;
    try {
      content = decodeDocument(bytes, entry.path, this.encoding, declared);
    } catch (error) {
      throw withHint(error, this.encoding);
    }
    if (entry.format === 'xml' || (entry.format !== 'text' && looksLikeJats(content))) {
      // JATS XML (title, abstract, body); any other XML is not an article we can read.
      if (!looksLikeJats(content)) throw new UnspinError('input-unreadable', `${entry.path}: XML that is not a JATS article`);
      const jats = extractJats(content, entry.path);
      return yield { ...base, format: 'xml', text: jats.text, ...(jats.title ? { title: jats.title } : {}) };
    }
    yield contentDocument(content, entry.format, base);
  }

  /** Standard input: sniffed, since it has no name: WARC (plain or gzip), JSONL, a JSON array, else one document. */
  private async *stdin(): AsyncGenerator<RawDocument> {
    const source = (this.options.stdin ?? process.stdin) as AsyncIterable<Uint8Array | string>;
    const iterator = source[Symbol.asyncIterator]();
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    while (headBytes < 4096) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : Buffer.from(next.value);
      head.push(chunk);
      headBytes += chunk.length;
    }
    const rest = async function* (): AsyncGenerator<Buffer> {
      yield* head;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : Buffer.from(next.value);
      }
    };
    const start = Buffer.concat(head, headBytes);
    const text = start.toString('latin1').trimStart();
    const name = 'standard input';
    if (start[0] === 0x1f && start[1] === 0x8b) return yield* this.warc(rest(), '-', true);
    if (text.startsWith('WARC/1.')) return yield* this.warc(rest(), '-', false);
    const firstLine = text.split('\n', 1)[0]!.trim();
    if (/^\{.*\}$/.test(firstLine) && isRecord(firstLine)) return yield* this.jsonl(rest(), '-');
    if (/^\[\s*(\{|$)/.test(text)) return yield* this.jsonArray(rest(), '-', name);
    const bytes = await collect(rest(), name, this.maxBytes);
    this.events.bytes?.(bytes.length);
    let content: string;
    try {
      content = decodeDocument(bytes, name, this.encoding);
    } catch (error) {
      throw withHint(error, this.encoding);
    }
    yield contentDocument(content, 'auto', { id: '-', input: '-', origin: name, bytes: bytes.length });
  }

  private decodeRecord(bytes: Buffer, where: string): string {
    // JSON is UTF-8 by definition (RFC 8259); legacy bytes inside a string are read as Windows-1252 only when asked.
    return decodeDocument(bytes, where, this.encoding === 'auto' ? 'utf-8' : this.encoding);
  }

  private async *jsonl(stream: AsyncIterable<Uint8Array>, input: string, lineOffset = 0): AsyncGenerator<RawDocument> {
    const name = input === '-' ? 'standard input' : input;
    const counted = this.counting(stream);
    for await (const [bytes, number] of byteLines(counted, name, this.maxBytes)) {
      const where = `${name}:${number + lineOffset}`;
      if (isBlank(bytes)) continue;
      try {
        let record: unknown;
        const line = this.decodeRecord(bytes, where);
        try {
          record = JSON.parse(line);
        } catch (error) {
          throw new UnspinError('input-unreadable', `${where}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
        }
        const doc = recordDocument(record, where, input, bytes.length, undefined);
        if (typeof doc === 'string') this.events.skipped?.(where, doc);
        else yield { ...doc, format: 'jsonl' };
      } catch (error) {
        this.fail(error);
      }
    }
  }

  /**
   * A JSON array of records, one element at a time: a byte scanner finds
   * where each top-level element ends (strings and escapes tracked), and the
   * platform's JSON.parse reads it. Linear, and far faster than a token-level
   * streaming parser (stream-json read Reuters at 5 MB/s here).
   */
  private async *jsonArray(stream: AsyncIterable<Uint8Array>, input: string, fileId: string): AsyncGenerator<RawDocument> {
    const name = input === '-' ? 'standard input' : input;
    let number = 0;
    for await (const bytes of arrayElements(this.counting(stream), name, this.maxBytes)) {
      number++;
      const where = `${name}#${number}`;
      try {
        let record: unknown;
        try {
          record = JSON.parse(this.decodeRecord(bytes, where));
        } catch (error) {
          if (error instanceof UnspinError) throw error;
          throw new UnspinError('input-unreadable', `${where}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
        }
        const doc = recordDocument(record, where, input, bytes.length, `${fileId}#${number}`);
        if (typeof doc === 'string') this.events.skipped?.(where, doc);
        else yield doc;
      } catch (error) {
        this.fail(error);
      }
    }
  }

  private async *counting(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of stream) {
      this.events.bytes?.(chunk.length);
      yield chunk;
    }
  }

  private async *warc(source: AsyncIterable<Uint8Array>, input: string, gzip: boolean): AsyncGenerator<RawDocument> {
    // warcio loads only for WARC input.
    const { WARCParser } = await import('warcio');
    const { Readable } = await import('node:stream');
    const name = input === '-' ? 'standard input' : input;
    const file = Readable.from(this.counting(source), { objectMode: false });
    // Decompressing here rather than in warcio: zlib reports a truncated or corrupt gzip, warcio stops quietly.
    const stream = gzip ? file.pipe(createGunzip()) : file;
    if (gzip) file.on('error', (error) => stream.destroy(error));
    const parser = new WARCParser(stream);
    let number = 0;
    try {
      for await (const record of parser) {
        number++;
        const where = `${name}#${number}`;
        const statusline = record.warcHeaders.statusline;
        if (!/^WARC\/1\.[01]$/.test(statusline.trim())) throw new UnspinError('input-unreadable', `${where}: not a WARC record (starts with '${statusline.slice(0, 40)}')`);
        const payload = await record.readFully(false);
        // warcio reads a short record without complaint: compare the bytes it consumed with the declared length.
        const length = record.warcHeaders.headers.get('Content-Length');
        const declared = length === null || length === undefined || length.trim() === '' ? NaN : Number(length);
        if (!Number.isInteger(declared) || !record.warcType) {
          throw new UnspinError('input-unreadable', `${where}: not a WARC record (no ${record.warcType ? 'Content-Length' : 'WARC-Type'} header)`);
        }
        const headerEnd = (parser as unknown as { _warcHeadersLength: number })._warcHeadersLength;
        if (parser.offset + parser.recordLength - headerEnd < declared) {
          throw new UnspinError('input-unreadable', `${where}: truncated WARC record (Content-Length ${length}, fewer bytes follow)`);
        }
        if (record.warcType !== 'response') continue;
        const contentType = record.httpHeaders?.headers.get('content-type') ?? '';
        const status = Number(record.httpHeaders?.statusCode ?? 0);
        if (!/html/i.test(contentType)) {
          this.events.skipped?.(where, `not HTML (${contentType || 'no content type'})`);
          continue;
        }
        if (status < 200 || status >= 300) {
          this.events.skipped?.(where, `HTTP status ${status}`);
          continue;
        }
        if (payload.length === 0) {
          this.events.skipped?.(where, 'empty response');
          continue;
        }
        if (payload.length > this.maxBytes) {
          this.fail(new UnspinError('input-too-large', `${where}: too large (${formatBytes(payload.length)}; the limit is ${formatBytes(this.maxBytes)}, see --max-bytes)`));
          continue;
        }
        let html: string;
        try {
          html = decodeDocument(payload, where, this.encoding, charsetOf(contentType) ?? declaredMetaCharset(payload));
        } catch (error) {
          this.fail(withHint(error, this.encoding));
          continue;
        }
        const uri = record.warcTargetURI ?? undefined;
        const id = record.warcHeaders.headers.get('WARC-Record-ID') ?? uri ?? where;
        const doc: RawDocument = { id, input, origin: where, format: gzip ? 'warc.gz' : 'warc', html, bytes: payload.length };
        if (uri) doc.url = uri;
        yield doc;
      }
    } catch (error) {
      if (error instanceof UnspinError) throw error;
      const reason = (error as Error).message?.split('\n')[0] ?? String(error);
      throw new UnspinError('input-unreadable', `${name}: corrupt WARC${gzip ? '.gz' : ''} ${number === 0 ? 'before the first record' : `after record ${number}`} (${reason})`);
    } finally {
      file.destroy();
    }
    if (number === 0) throw new UnspinError('input-unreadable', `${name}: no WARC records`);
  }
}

function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}

function isRecord(line: string): boolean {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) && ('text' in value || 'html' in value || 'body' in value);
  } catch {
    return false;
  }
}

function charsetOf(contentType: string | null | undefined): string | undefined {
  return /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
}

/**
 * The top-level elements of a JSON array (or one top-level object), as
 * bytes. Only structure is tracked here (depth, strings, escapes); whether
 * an element is valid JSON is JSON.parse's call.
 */
export async function* arrayElements(stream: AsyncIterable<Uint8Array>, name: string, maxBytes: number): AsyncGenerator<Buffer> {
  type State = 'start' | 'between' | 'element' | 'object' | 'end';
  let state = 'start' as State;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let offset = 0;
  for await (const raw of stream) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let elementStart = state === 'element' || state === 'object' ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (state === 'element' || state === 'object') {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === 0x5c) escaped = true;
          else if (b === 0x22) inString = false;
          continue;
        }
        if (b === 0x22) inString = true;
        else if (b === 0x7b || b === 0x5b) depth++;
        else if (b === 0x7d || b === 0x5d || (b === 0x2c && depth === 0)) {
          // An element ends at the bracket that closes it, or (a bare number, true...) at a comma or the array's end.
          const closesArray = depth === 0;
          if (!closesArray) depth--;
          if (depth === 0) {
            const end = closesArray ? i : i + 1;
            const piece = chunk.subarray(elementStart, end);
            const element = parts.length > 0 ? Buffer.concat([...parts, piece], partBytes + piece.length) : piece;
            parts = [];
            partBytes = 0;
            yield element;
            if (state === 'object') state = 'end';
            else state = closesArray ? (b === 0x5d ? 'end' : 'between') : 'between';
            elementStart = -1;
          }
        }
        continue;
      }
      if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
      if (state === 'start') {
        if (b === 0x5b) state = 'between';
        else if (b === 0x7b) {
          state = 'object';
          depth = 1;
          elementStart = i;
        } else if (offset + i < 3 && b === UTF8_BOM[offset + i]) {
          continue; // a UTF-8 byte-order mark
        } else throw new UnspinError('input-unreadable', `${name}: not a JSON array of documents (starts with '${String.fromCharCode(b)}')`);
      } else if (state === 'between') {
        if (b === 0x2c) continue;
        if (b === 0x5d) {
          state = 'end';
          continue;
        }
        state = 'element';
        elementStart = i;
        depth = 0;
        if (b === 0x7b || b === 0x5b) depth = 1;
        else if (b === 0x22) inString = true;
      } else if (state === 'end') {
        throw new UnspinError('input-unreadable', `${name}: unexpected data after the end of the JSON array`);
      }
    }
    if ((state === 'element' || state === 'object') && elementStart >= 0) {
      const rest = chunk.subarray(elementStart);
      parts.push(rest);
      partBytes += rest.length;
      if (partBytes > maxBytes) throw new UnspinError('input-too-large', `${name}: a record is too large (more than the ${formatBytes(maxBytes)} limit, see --max-bytes)`);
    }
    offset += chunk.length;
  }
  if (state === 'start') throw new UnspinError('input-empty', `${name}: empty input`);
  if (state !== 'end') throw new UnspinError('input-unreadable', `${name}: truncated JSON (the array is not closed)`);
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Every document the inputs hold, in order. */
export async function* readDocuments(entries: readonly InputEntry[], options: ReaderOptions = {}): AsyncGenerator<RawDocument> {
  const reader = new Reader(options);
  for (const entry of entries) yield* reader.entry(entry);
}

/** `listInputs` then `readDocuments`: paths, folders and `-` in, documents out. */
export async function* readInputs(paths: readonly string[], options: ReaderOptions = {}): AsyncGenerator<RawDocument> {
  yield* readDocuments(listInputs(paths, options), options);
}

