/**
 * Reading inputs: paths, `-` (stdin) and http(s) URLs, validated into text.
 *
 * Every failure is an `UnspinError` whose one-line message names the input
 * ("x.bin: binary file (PNG image), not text"), so a batch run can report
 * it and go on with the next input.
 */
import { open } from 'node:fs/promises';
import { UnspinError } from '../errors.js';
import type { Range } from '../types.js';
import { binaryFormat, declaredMetaCharset, decodeBytes, formatBytes } from './decode.js';

export { formatBytes } from './decode.js';

const MB = 1024 * 1024;
/** Largest file or stdin input read by default: 64 MB, far above any article, small enough to never exhaust memory. */
export const DEFAULT_MAX_BYTES = 64 * MB;
/** Largest URL response read by default: 10 MB, the download is aborted once it is passed. */
export const DEFAULT_MAX_URL_BYTES = 10 * MB;
/** Time allowed for a whole URL fetch, redirects and body included: 15 s. */
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface InputOptions {
  /** Let URLs resolve to loopback, link-local and private addresses. */
  allowPrivate?: boolean;
  /** Largest file or stdin input accepted, in bytes. */
  maxBytes?: number;
  /** Largest URL response accepted, in bytes (default 10 MB). */
  maxUrlBytes?: number;
  /** URL fetch timeout in milliseconds (default 15 s). */
  timeoutMs?: number;
  /** What `-` reads (default `process.stdin`); tests and embedders pass their own. */
  stdin?: AsyncIterable<Uint8Array | string>;
}

export interface LoadedInput {
  /** As the user named it. */
  name: string;
  /** Decoded, validated text (UTF-8). */
  text: string;
  /** Set for URL inputs: the final address after redirects. */
  url?: string;
  /** Content type reported by the server, for URL inputs. */
  contentType?: string;
  /** Set when the text was recovered from a binary document (`pdf`): `text` is then not the input's bytes. */
  kind?: 'pdf';
  /** Parts of `text` never analysed (a PDF's references section). */
  excluded?: Range[];
}

/** What a loaded input gives the checker: the text, with its excluded ranges when it has some. */
export function checkable(input: LoadedInput): string | { text: string; excluded: Range[] } {
  return input.excluded && input.excluded.length > 0 ? { text: input.text, excluded: input.excluded } : input.text;
}

/** A PDF's text, or the bytes decoded as text: the one place where binary documents become text. */
export async function decodeDocument(bytes: Uint8Array, name: string, options: { maxBytes?: number; charset?: string; limitHint?: string } = {}): Promise<Omit<LoadedInput, 'name'>> {
  if (binaryFormat(bytes) === 'PDF document') {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (bytes.length > maxBytes) throw tooLarge(name, formatBytes(bytes.length), maxBytes);
    const { extractPdf } = await import('./pdf.js');
    const pdf = await extractPdf(bytes, name);
    return { text: pdf.text, kind: 'pdf', excluded: pdf.excluded };
  }
  return { text: decodeBytes(bytes, name, options) };
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Reads and validates one input; throws `UnspinError` with a one-line message. */
export async function loadInput(spec: string, options: InputOptions = {}): Promise<LoadedInput> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (spec === '-') {
    const name = 'standard input';
    const bytes = await readStream(options.stdin ?? process.stdin, name, maxBytes);
    return { name: spec, ...(await decodeDocument(bytes, name, { maxBytes, limitHint: ', see --max-bytes' })) };
  }
  if (URL_SCHEME.test(spec)) return loadUrl(spec, options);
  const bytes = await readFileBounded(spec, maxBytes);
  return { name: spec, ...(await decodeDocument(bytes, spec, { maxBytes, limitHint: ', see --max-bytes' })) };
}

/** Validates raw bytes (empty, binary, invalid UTF-8, too large) and decodes them. */
export function decodeInput(bytes: Uint8Array, name: string, maxBytes: number = DEFAULT_MAX_BYTES): string {
  return decodeBytes(bytes, name, { maxBytes });
}

async function loadUrl(spec: string, options: InputOptions): Promise<LoadedInput> {
  // node:http and friends load only when a URL is given: plain file checks start faster.
  const { fetchUrl } = await import('./fetch.js');
  const page = await fetchUrl(spec, spec, {
    allowPrivate: options.allowPrivate ?? false,
    maxBytes: options.maxUrlBytes ?? DEFAULT_MAX_URL_BYTES,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  // The header's charset wins over the page's own <meta>, as in browsers.
  const charset = page.charset ?? declaredMetaCharset(page.bytes);
  const loaded: LoadedInput = { name: spec, ...(await decodeDocument(page.bytes, spec, { charset, maxBytes: Infinity })), url: page.url };
  if (page.contentType !== undefined) loaded.contentType = page.contentType;
  return loaded;
}

function tooLarge(name: string, size: string, maxBytes: number): UnspinError {
  return new UnspinError('input-too-large', `${name}: too large (${size}; the limit is ${formatBytes(maxBytes)}, see --max-bytes)`);
}

/** The file's bytes, refusing before reading when it is larger than `maxBytes`. */
async function readFileBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(path, error as NodeJS.ErrnoException);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new UnspinError('input-unreadable', `${path}: is a directory, not a file`);
    if (stat.isFile()) {
      if (stat.size > maxBytes) throw tooLarge(path, formatBytes(stat.size), maxBytes);
      return await handle.readFile();
    }
    // A pipe or device (/dev/stdin, a FIFO): no size up front, so read with a bound.
    return await readStream(handle.createReadStream({ autoClose: false }), path, maxBytes);
  } catch (error) {
    if (error instanceof UnspinError) throw error;
    throw fileError(path, error as NodeJS.ErrnoException);
  } finally {
    await handle.close().catch(() => {});
  }
}

function fileError(path: string, error: NodeJS.ErrnoException): UnspinError {
  switch (error.code) {
    case 'ENOENT':
      return new UnspinError('input-not-found', `${path}: no such file`);
    case 'EACCES':
    case 'EPERM':
      return new UnspinError('input-unreadable', `${path}: permission denied`);
    case 'EISDIR':
      return new UnspinError('input-unreadable', `${path}: is a directory, not a file`);
    case 'ENOTDIR':
      return new UnspinError('input-not-found', `${path}: no such file (a parent is not a directory)`);
    default:
      return new UnspinError('input-unreadable', `${path}: cannot read (${error.code ?? error.message.split('\n')[0]})`);
  }
}

/** All of a stream, failing as soon as it passes `maxBytes` rather than buffering without end. */
async function readStream(stream: AsyncIterable<Uint8Array | string>, name: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      total += bytes.length;
      if (total > maxBytes) {
        throw new UnspinError('input-too-large', `${name}: too large (more than the ${formatBytes(maxBytes)} limit, see --max-bytes)`);
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof UnspinError) throw error;
    throw new UnspinError('input-unreadable', `${name}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error).split('\n')[0]})`);
  }
  return Buffer.concat(chunks, total);
}
