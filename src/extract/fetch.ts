/**
 * Fetching one http(s) URL safely: a whole-fetch deadline, a byte cap that
 * aborts the download as soon as it is passed, redirects followed by hand
 * (each hop's scheme and address checked again), and non-public addresses
 * refused at connect time.
 *
 * The address check lives in the socket's DNS lookup, not before the
 * request: checking a name and then letting the connection resolve it again
 * would let a DNS-rebinding server answer "public" to the check and
 * "127.0.0.1" to the connection.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { UnspinError } from '../errors.js';
import { redactUrl } from './url.js';

export { redactUrl } from './url.js';
import { blockedAddressKind } from './address.js';
import { formatBytes } from './decode.js';

export const MAX_REDIRECTS = 5;

export interface FetchOptions {
  allowPrivate: boolean;
  maxBytes: number;
  timeoutMs: number;
  /**
   * Which addresses are refused when `allowPrivate` is off, and why (default
   * `blockedAddressKind`). Tests narrow it to exercise redirects between
   * local servers; it can only be set here, not from the CLI.
   */
  blockedKind?: (address: string) => string | null;
}

export interface FetchedPage {
  /** The final address, after redirects. */
  url: string;
  /** The Content-Type header as sent, if any. */
  contentType?: string;
  /** The `charset` parameter of the Content-Type header, if any. */
  charset?: string;
  bytes: Uint8Array;
}

const USER_AGENT = 'unspin/0.1 (+https://github.com/unspin/unspin)';
const ACCEPT = 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1';

/**
 * Content types read as text. A missing type or application/octet-stream is
 * sniffed instead (servers mislabel text often enough); anything else —
 * images, PDFs, archives, JSON — is refused before the body is read.
 */
function textLike(mediaType: string): boolean | 'sniff' {
  if (mediaType === '' || mediaType === 'application/octet-stream') return 'sniff';
  if (mediaType.startsWith('text/')) return true;
  return mediaType === 'application/xhtml+xml' || mediaType === 'application/xml' || mediaType.endsWith('+xml');
}

/** Raised inside the socket's lookup; carries what the user needs to know. */
class RefusedAddress extends Error {
  constructor(readonly address: string, readonly kind: string) {
    super(`refused ${kind} address ${address}`);
  }
}

/** A DNS lookup that fails when any address of the name is refused by `blockedKind`. */
function guardedLookup(blockedKind: (address: string) => string | null): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      // Refuse when *any* answer is refused: the socket may try them all.
      for (const { address } of addresses) {
        const kind = blockedKind(address);
        if (kind) return callback(new RefusedAddress(address, kind) as NodeJS.ErrnoException, '', 4);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function refusal(name: string, address: string, kind: string, hop: number, url: URL): UnspinError {
  const via = hop > 0 ? ` (redirected to ${redactUrl(url.href)})` : '';
  return new UnspinError('url-refused', `${name}: refused: ${kind} address ${address}${via} (use --allow-private)`);
}

/** The URL as a WHATWG URL, or a clear error; only http and https pass. */
export function parseHttpUrl(spec: string, given = spec): URL {
  const name = redactUrl(given);
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new UnspinError('usage', `${name}: not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnspinError('url-refused', `${name}: refused: only http and https URLs are fetched (got ${url.protocol.slice(0, -1)})`);
  }
  return url;
}

/** Why a connection failed, in the words a user can act on. */
function networkFailure(name: string, error: NodeJS.ErrnoException): UnspinError {
  const code = error.code ?? '';
  const reasons: Record<string, string> = {
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed (no DNS answer)',
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset by the server',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ETIMEDOUT: 'connection timed out',
    EPIPE: 'connection closed by the server',
    HPE_INVALID_CONSTANT: 'the server sent an invalid HTTP response',
    HPE_HEADER_OVERFLOW: 'the server sent oversized HTTP headers',
  };
  let reason = reasons[code];
  if (!reason && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO/i.test(code)) reason = `TLS certificate problem (${code})`;
  reason ??= code ? `${code}` : error.message.split('\n')[0]!;
  return new UnspinError('url-unreachable', `${name}: unreachable: ${reason}`);
}

/** Sends one GET and resolves with the response head; the body is left unread. */
function get(url: URL, lookup: LookupFunction | undefined, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'GET',
      headers: { 'user-agent': USER_AGENT, accept: ACCEPT, 'accept-encoding': 'gzip, deflate, br' },
      // A fresh connection per request: nothing lingers to keep the process alive.
      agent: false,
      lookup,
      signal,
    });
    request.once('response', resolve);
    request.once('error', reject);
    request.end();
  });
}

/** The body, decompressed, stopping with an error as soon as it passes `maxBytes`. */
async function readBody(response: IncomingMessage, name: string, maxBytes: number): Promise<Uint8Array> {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const noop = () => {};
  let body: Readable = response;
  if (encoding === 'gzip' || encoding === 'x-gzip') body = pipeline(response, createGunzip(), noop);
  else if (encoding === 'deflate') body = pipeline(response, createInflate(), noop);
  else if (encoding === 'br') body = pipeline(response, createBrotliDecompress(), noop);
  else if (encoding !== '' && encoding !== 'identity') {
    response.destroy();
    throw new UnspinError('input-unreadable', `${name}: unsupported content encoding '${encoding}'`);
  }
  const tooLarge = () => new UnspinError('input-too-large', `${name}: too large (more than ${formatBytes(maxBytes)}, the limit for URLs)`);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.length;
      // Counted after decompression, so a small gzip bomb cannot blow past the cap.
      if (total > maxBytes) {
        response.destroy();
        body.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof UnspinError) throw error;
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw new UnspinError('input-unreadable', `${name}: corrupt ${encoding} body`);
    }
    throw error;
  }
  return Buffer.concat(chunks, total);
}

/**
 * Fetches `spec`; every failure is an `UnspinError` whose message starts
 * with `name`.
 */
export async function fetchUrl(spec: string, given: string, options: FetchOptions): Promise<FetchedPage> {
  // Messages name the URL as typed, never with its password.
  const name = redactUrl(given);
  let url = parseHttpUrl(spec, name);
  const blockedKind = options.allowPrivate ? null : (options.blockedKind ?? blockedAddressKind);
  const lookup = blockedKind ? guardedLookup(blockedKind) : undefined;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  let hop = 0;
  try {
    for (;;) {
      // Literal addresses never reach the lookup, so they are judged here.
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (blockedKind && isIP(host)) {
        const kind = blockedKind(host);
        if (kind) throw refusal(name, host, kind, hop, url);
      }
      let response: IncomingMessage;
      try {
        response = await get(url, lookup, deadline.signal);
      } catch (error) {
        if (error instanceof RefusedAddress) throw refusal(name, error.address, error.kind, hop, url);
        throw error;
      }
      const status = response.statusCode ?? 0;

      if ([301, 302, 303, 307, 308].includes(status)) {
        response.resume(); // discard the redirect page
        const location = response.headers.location;
        if (!location) throw new UnspinError('url-status', `${name}: HTTP ${status} redirect without a Location`);
        if (hop === MAX_REDIRECTS) throw new UnspinError('url-status', `${name}: too many redirects (more than ${MAX_REDIRECTS})`);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new UnspinError('url-status', `${name}: redirected to an invalid URL`);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new UnspinError('url-refused', `${name}: refused: redirected to a ${next.protocol.slice(0, -1)} URL (only http and https are fetched)`);
        }
        url = next;
        hop++;
        continue;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        throw new UnspinError('url-status', `${name}: HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`);
      }

      const contentType = response.headers['content-type'];
      const [mediaType = '', ...params] = (contentType ?? '').split(';').map((part) => part.trim());
      if (!textLike(mediaType.toLowerCase())) {
        response.destroy();
        throw new UnspinError('input-binary', `${name}: not text or HTML (the server sent ${mediaType})`);
      }
      const declaredLength = Number(response.headers['content-length']);
      if (Number.isFinite(declaredLength) && declaredLength > options.maxBytes && !response.headers['content-encoding']) {
        response.destroy();
        throw new UnspinError('input-too-large', `${name}: too large (${formatBytes(declaredLength)}; the limit for URLs is ${formatBytes(options.maxBytes)})`);
      }
      const charset = params.find((p) => /^charset=/i.test(p))?.slice('charset='.length).replace(/^["']|["']$/g, '');
      const bytes = await readBody(response, name, options.maxBytes);
      return { url: url.href, contentType, charset: charset || undefined, bytes };
    }
  } catch (error) {
    if (deadline.signal.aborted) {
      throw new UnspinError('url-timeout', `${name}: timed out after ${Number((options.timeoutMs / 1000).toFixed(3))} s`);
    }
    if (error instanceof UnspinError) throw error;
    throw networkFailure(name, error as NodeJS.ErrnoException);
  } finally {
    clearTimeout(timer);
  }
}
