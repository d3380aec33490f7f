/**
 * Reference documents from the user's files, one at a time: `unspin index
 * add` streams them into the index so that memory holds one document, never
 * a corpus.
 *
 *  - `.txt`: one document, the file's text; id = the path;
 *  - `.html`, `.htm`, `.xhtml`: one document, the article text Readability
 *    extracts (chrome dropped), with the page title; id = the path;
 *  - `.jsonl`, `.ndjson`: one document per line, `{"id", "text", "title"?,
 *    "url"?}` (or `"html"` instead of `"text"`);
 *  - `.warc`, `.warc.gz`: one document per HTML response record; id and url =
 *    the record's WARC-Target-URI;
 *  - directories: their files, recursively, in name order (hidden files and
 *    unknown extensions are skipped and counted);
 *  - any other file named explicitly: one document, HTML or text by content.
 *
 * Every problem is an `UnspinError` naming the file and line or record.
 */
import { createReadStream, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { UnspinError } from '../errors.js';
import { extract } from '../extract/index.js';
import { declaredMetaCharset, decodeBytes } from '../extract/decode.js';
import { DEFAULT_MAX_BYTES } from '../extract/input.js';
import type { IndexDocument } from './index.js';

export interface SourceDocument extends IndexDocument {
  /** Where it came from, for messages: `file`, `file:line`, `file#record`. */
  origin: string;
}

export interface SourceEvents {
  /** Bytes of input consumed so far grew by `n` (for a progress bar). */
  bytes?(n: number): void;
  /** A file or record that holds no document (not HTML, no article text, unknown extension). */
  skipped?(origin: string, reason: string): void;
}

type Kind = 'text' | 'html' | 'jsonl' | 'warc' | 'warc.gz' | 'auto';

/** The reading of a file from its name; `undefined` for names a directory walk skips. */
export function kindOf(path: string): Kind | undefined {
  const name = path.toLowerCase();
  if (name.endsWith('.warc.gz')) return 'warc.gz';
  if (name.endsWith('.warc')) return 'warc';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.html') || name.endsWith('.htm') || name.endsWith('.xhtml')) return 'html';
  if (name.endsWith('.txt')) return 'text';
  return undefined;
}

function statOf(path: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UnspinError('input-not-found', `${path}: no such file or directory`);
    throw new UnspinError('input-unreadable', `${path}: cannot read (${code ?? 'error'})`);
  }
}

interface FileEntry {
  path: string;
  kind: Kind;
  size: number;
}

/** The files a list of paths names, directories walked; throws for a missing path. */
export function listFiles(paths: readonly string[], events: SourceEvents = {}): FileEntry[] {
  const files: FileEntry[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      throw new UnspinError('input-unreadable', `${dir}: cannot list the directory (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      const stats = statOf(path);
      if (stats.isDirectory()) walk(path);
      else if (stats.isFile()) {
        const kind = kindOf(name);
        if (kind) files.push({ path, kind, size: stats.size });
        else events.skipped?.(path, 'not a .txt, .html, .jsonl or .warc file');
      }
    }
  };
  for (const path of paths) {
    const stats = statOf(path);
    if (stats.isDirectory()) walk(path);
    else files.push({ path, kind: kindOf(path) ?? 'auto', size: stats.size });
  }
  return files;
}

function readWhole(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UnspinError('input-unreadable', `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** A document from a page or a text, as `check` would read it. */
function fromContent(source: string, kind: 'text' | 'html' | 'auto', id: string, origin: string, url?: string): SourceDocument | string {
  const article = extract(source, { kind, url });
  if (article.text.trim() === '') return 'no article text';
  const doc: SourceDocument = { id, text: article.text, origin };
  if (article.title) doc.title = article.title;
  if (url) doc.url = url;
  return doc;
}

function fileDocument(file: FileEntry): SourceDocument | string {
  const bytes = readWhole(file.path);
  if (bytes.length > DEFAULT_MAX_BYTES) throw new UnspinError('input-too-large', `${file.path}: too large for one document`);
  const kind = file.kind === 'html' || file.kind === 'text' ? file.kind : 'auto';
  const text = decodeBytes(bytes, file.path, { charset: kind === 'text' ? undefined : declaredMetaCharset(bytes) });
  return fromContent(text, kind, file.path, file.path);
}

/** Lines of a UTF-8 file, streamed, with their 1-based numbers; invalid UTF-8 is an error naming the line. */
export async function* lines(path: string, events: SourceEvents = {}): AsyncGenerator<[string, number]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let number = 0;
  let stream: AsyncIterable<Buffer>;
  try {
    stream = createReadStream(path);
  } catch (error) {
    throw new UnspinError('input-unreadable', `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    for await (const chunk of stream) {
      events.bytes?.(chunk.length);
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new UnspinError('input-encoding', `${path}:${number + 1 + (pending.match(/\n/g)?.length ?? 0)}: not valid UTF-8`);
      }
      pending += text;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        yield [line.endsWith('\r') ? line.slice(0, -1) : line, ++number];
      }
    }
    try {
      pending += decoder.decode();
    } catch {
      throw new UnspinError('input-encoding', `${path}:${number + 1}: not valid UTF-8 (truncated at the end)`);
    }
  } catch (error) {
    if (error instanceof UnspinError) throw error;
    throw new UnspinError('input-unreadable', `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (pending.length > 0) yield [pending, ++number];
}

function optionalString(record: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new UnspinError('input-unreadable', `${where}: "${key}" must be a string`);
  return value;
}

async function* jsonlDocuments(path: string, events: SourceEvents): AsyncGenerator<SourceDocument> {
  for await (const [line, number] of lines(path, events)) {
    if (line.trim() === '') continue;
    const where = `${path}:${number}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new UnspinError('input-unreadable', `${where}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new UnspinError('input-unreadable', `${where}: expected a JSON object {"id", "text"}`);
    const fields = record as Record<string, unknown>;
    const id = typeof fields.id === 'number' ? String(fields.id) : fields.id;
    if (typeof id !== 'string' || id.length === 0) throw new UnspinError('input-unreadable', `${where}: "id" is missing (a non-empty string)`);
    const title = optionalString(fields, 'title', where);
    const url = optionalString(fields, 'url', where);
    const text = optionalString(fields, 'text', where);
    const html = optionalString(fields, 'html', where);
    if (text === undefined && html === undefined) throw new UnspinError('input-unreadable', `${where}: "text" is missing`);
    const doc = fromContent(text ?? html!, text !== undefined ? 'text' : 'html', id, where, url);
    if (typeof doc === 'string') {
      events.skipped?.(where, doc);
      continue;
    }
    // A title given in the record wins over one Readability found.
    if (title !== undefined) doc.title = title;
    yield doc;
  }
}

function charsetOf(contentType: string | null | undefined): string | undefined {
  return /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
}

async function* warcDocuments(path: string, gzip: boolean, events: SourceEvents): AsyncGenerator<SourceDocument> {
  // warcio loads only for WARC input.
  const { WARCParser } = await import('warcio');
  const file = createReadStream(path);
  file.on('data', (chunk) => events.bytes?.(chunk.length));
  // Decompressing here rather than in warcio: zlib reports a truncated or corrupt gzip, warcio stops quietly.
  const stream = gzip ? file.pipe(createGunzip()) : file;
  if (gzip) file.on('error', (error) => stream.destroy(error));
  const parser = new WARCParser(stream);
  let number = 0;
  try {
    for await (const record of parser) {
      number++;
      const where = `${path}#${number}`;
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
      const uri = record.warcTargetURI ?? `${path}#${number}`;
      const contentType = record.httpHeaders?.headers.get('content-type') ?? '';
      const status = Number(record.httpHeaders?.statusCode ?? 0);
      if (!/html/i.test(contentType)) {
        events.skipped?.(where, `not HTML (${contentType || 'no content type'})`);
        continue;
      }
      if (status < 200 || status >= 300) {
        events.skipped?.(where, `HTTP status ${status}`);
        continue;
      }
      if (payload.length === 0) {
        events.skipped?.(where, 'empty response');
        continue;
      }
      let html: string;
      try {
        html = decodeBytes(payload, where, { charset: charsetOf(contentType) ?? declaredMetaCharset(payload) });
      } catch (error) {
        events.skipped?.(where, error instanceof Error ? error.message : String(error));
        continue;
      }
      const doc = fromContent(html, 'html', uri, where, record.warcTargetURI ?? undefined);
      if (typeof doc === 'string') events.skipped?.(where, doc);
      else yield doc;
    }
  } catch (error) {
    if (error instanceof UnspinError) throw error;
    const reason = (error as Error).message?.split('\n')[0] ?? String(error);
    throw new UnspinError('input-unreadable', `${path}: corrupt WARC${gzip ? '.gz' : ''} ${number === 0 ? 'before the first record' : `after record ${number}`} (${reason})`);
  } finally {
    file.destroy();
  }
  if (number === 0) throw new UnspinError('input-unreadable', `${path}: no WARC records`);
}

/** The documents the paths hold, in order. */
export async function* readDocuments(files: readonly FileEntry[], events: SourceEvents = {}): AsyncGenerator<SourceDocument> {
  for (const file of files) {
    if (file.kind === 'jsonl') yield* jsonlDocuments(file.path, events);
    else if (file.kind === 'warc' || file.kind === 'warc.gz') yield* warcDocuments(file.path, file.kind === 'warc.gz', events);
    else {
      const doc = fileDocument(file);
      events.bytes?.(file.size);
      if (typeof doc === 'string') events.skipped?.(file.path, doc);
      else yield doc;
    }
  }
}
