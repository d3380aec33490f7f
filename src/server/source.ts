/**
 * What a request asks to analyse, read into a checker input: a JSON body
 * names `text`, `html` or `url`; a raw `text/plain` body is read like a file
 * (text or HTML, detected from the content) and a raw `text/html` body as a page.
 */
import { checkable, decodeDocument, decodeInput, loadInput } from '../extract/input.js';
import type { CheckInput, CheckOptions } from '../index.js';
import { ApiError } from './errors.js';

export interface SourceFields {
  text?: string;
  html?: string;
  url?: string;
  /** A PDF, base64-encoded. */
  pdf?: string;
  name?: string;
}

export interface Source {
  input: CheckInput;
  options: CheckOptions;
  /** The text as read, before extraction (what offsets index into when the result has no `text`). */
  raw: string;
  /**
   * The string the client sent, when it sent one in JSON. Results carry the
   * analysed `text` unless it is exactly this, so a client always has the
   * text its offsets index into (a raw body may lose a byte-order mark, a URL
   * the client never saw).
   */
  given?: string;
}

export interface FetchPolicy {
  allowPrivate: boolean;
  maxUrlBytes: number;
  /** Longest a URL fetch may take; the request's own deadline shortens it. */
  fetchTimeoutMs: number;
}

/** The same validation a file gets (binary, encoding, emptiness): a JSON string can carry NULs and control bytes too. */
function validated(value: string, name: string, maxBytes: number): string {
  return decodeInput(Buffer.from(value, 'utf8'), name, maxBytes);
}

function httpUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError(400, 'invalid-request', 'url must be an absolute http(s) address');
  }
  // loadInput also reads paths and '-': only web addresses may come from a request.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError(400, 'invalid-request', `url must be http or https (got ${url.protocol.replace(/:$/, '')})`);
  }
  return url;
}

export async function readSource(
  body: unknown,
  mediaType: string,
  query: { name?: string },
  policy: FetchPolicy & { deadline: number; maxBytes: number },
): Promise<Source> {
  if (typeof body === 'string') {
    // Raw bodies were decoded and validated by the body parser.
    const name = query.name ?? '<body>';
    if (mediaType === 'text/html') return { input: { html: body }, options: { name }, raw: body };
    return { input: body, options: { name, kind: 'auto' }, raw: body };
  }

  const fields = body as SourceFields;
  if (fields.text !== undefined) {
    const name = fields.name ?? query.name ?? '<text>';
    const text = validated(fields.text, name, policy.maxBytes);
    return { input: { text }, options: { name }, raw: text, given: fields.text };
  }
  if (fields.html !== undefined) {
    const name = fields.name ?? query.name ?? '<html>';
    const html = validated(fields.html, name, policy.maxBytes);
    return { input: { html }, options: { name }, raw: html, given: fields.html };
  }
  if (fields.url !== undefined) {
    const url = httpUrl(fields.url);
    const remaining = policy.deadline - Date.now();
    if (remaining <= 0) throw new ApiError(503, 'timeout', 'the request took longer than the server allows', { 'retry-after': '5' });
    const loaded = await loadInput(url.href, {
      allowPrivate: policy.allowPrivate,
      maxUrlBytes: policy.maxUrlBytes,
      timeoutMs: Math.min(policy.fetchTimeoutMs, remaining),
    });
    const name = fields.name ?? query.name ?? fields.url;
    return { input: checkable(loaded), options: { name, kind: 'auto', url: loaded.url ?? url.href }, raw: loaded.text };
  }
  if (fields.pdf !== undefined) {
    const name = fields.name ?? query.name ?? '<pdf>';
    // Base64 as JSON carries it; anything else in the string is a client's mistake worth one clear line.
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(fields.pdf)) throw new ApiError(400, 'invalid-request', 'pdf must be base64-encoded');
    const bytes = Buffer.from(fields.pdf, 'base64');
    const document = await decodeDocument(bytes, name, { maxBytes: policy.maxBytes });
    if (document.kind !== 'pdf') throw new ApiError(400, 'invalid-request', `${name}: not a PDF (it does not start with %PDF-)`);
    return { input: checkable({ name, ...document }), options: { name }, raw: document.text };
  }
  // The schema requires exactly one source; this is the belt to its braces.
  throw new ApiError(400, 'invalid-request', 'body must have exactly one of text, html, url or pdf');
}
