/**
 * The library's door: what `check`, `restore` and `createChecker` are given
 * is checked here, before any work, and a misuse is an `UnspinError` with a
 * code, never a TypeError from deep inside a stage. The rules are the CLI's
 * and the server's: an argument of the wrong kind or out of range is `usage`
 * (as a bad flag is), an empty text is `input-empty`, bytes are read like a
 * file (strict UTF-8: `input-encoding`, `input-binary`), a malformed lexicon
 * object is `lexicon-invalid`.
 */
import { UnspinError } from './errors.js';
import { decodeInput } from './extract/input.js';
import type { Lexicon } from './lexicon/index.js';
import type { Range } from './types.js';

/** Names what was given, for messages: `undefined`, `null`, `a number`, `a Buffer`, `an array`, … */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? 'a Buffer' : 'a Uint8Array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function usage(message: string): UnspinError {
  return new UnspinError('usage', message);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** An options argument: absent (undefined) or a plain object. */
export function optionsObject(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) throw usage(`${what} must be an object (got ${describeValue(value)})`);
  return value;
}

function optionalString(options: Record<string, unknown>, field: string, what: string): void {
  const value = options[field];
  if (value !== undefined && typeof value !== 'string') throw usage(`${what}.${field} must be a string (got ${describeValue(value)})`);
}

function optionalBoolean(options: Record<string, unknown>, field: string, what: string): void {
  const value = options[field];
  if (value !== undefined && typeof value !== 'boolean') throw usage(`${what}.${field} must be true or false (got ${describeValue(value)})`);
}

/** The score threshold: a number in [0, 1], as `--threshold` takes it. */
export function checkThreshold(value: unknown, what = 'threshold'): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw usage(`${what} must be a number between 0 and 1 (got ${typeof value === 'number' ? String(value) : describeValue(value)})`);
  }
  return value;
}

/** An empty text, or one of whitespace only, is refused as an empty file is. */
function nonEmpty(text: string, name: string): string {
  if (text.length === 0) throw new UnspinError('input-empty', `${name}: empty input`);
  if (text.trim() === '') throw new UnspinError('input-empty', `${name}: empty input (only whitespace)`);
  return text;
}

export type CheckedInput = string | { text: string; excluded?: Range[] } | { html: string; url?: string };

/** `input.excluded`: ranges of the text to leave out, each `{start, end}` within it. */
function ranges(value: unknown, length: number): Range[] {
  if (!Array.isArray(value)) throw usage(`input.excluded must be a list of {start, end} ranges (got ${describeValue(value)})`);
  return value.map((range: unknown, i) => {
    const r = range as { start?: unknown; end?: unknown };
    if (!isObject(range) || !Number.isInteger(r.start) || !Number.isInteger(r.end)) {
      throw usage(`input.excluded[${i}] must be {start, end} with integer offsets`);
    }
    const { start, end } = r as Range;
    if (start < 0 || end < start || end > length) throw usage(`input.excluded[${i}] must lie within the text (0 ≤ start ≤ end ≤ ${length})`);
    return { start, end };
  });
}

/**
 * `check`'s first argument: a string, `{text}`, `{html, url?}`, or bytes
 * (a Buffer or Uint8Array, decoded as a file is: strict UTF-8, binary and
 * empty refused with their codes).
 */
export function checkInput(input: unknown, name: string): CheckedInput {
  const expected = 'a string, a Buffer, {text: string} or {html: string, url?: string}';
  if (typeof input === 'string') return nonEmpty(input, name);
  // The caller already holds the bytes: no size limit beyond what it chose to read.
  if (input instanceof Uint8Array) return decodeInput(input, name, Number.POSITIVE_INFINITY);
  if (!isObject(input)) throw usage(`input must be ${expected} (got ${describeValue(input)})`);
  const hasText = 'text' in input && input.text !== undefined;
  const hasHtml = 'html' in input && input.html !== undefined;
  if (hasText === hasHtml) throw usage(`input must be ${expected} (got an object with ${hasText ? 'both text and html' : 'neither text nor html'})`);
  if (hasText) {
    if (typeof input.text !== 'string') throw usage(`input.text must be a string (got ${describeValue(input.text)})`);
    const text = nonEmpty(input.text, name);
    if (input.excluded === undefined) return { text };
    return { text, excluded: ranges(input.excluded, text.length) };
  }
  if (typeof input.html !== 'string') throw usage(`input.html must be a string (got ${describeValue(input.html)})`);
  optionalString(input, 'url', 'input');
  const html = nonEmpty(input.html, name);
  return input.url === undefined ? { html } : { html, url: input.url as string };
}

/** Something with an `aborted` flag: an AbortSignal, or any object whose `aborted` turns true. */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** `check`'s second argument. */
export function checkOptions(value: unknown): Record<string, unknown> {
  const options = optionsObject(value, 'check options');
  optionalString(options, 'name', 'check options');
  optionalString(options, 'url', 'check options');
  const kind = options.kind;
  if (kind !== undefined && kind !== 'auto' && kind !== 'text' && kind !== 'html') {
    throw usage(`check options.kind must be one of auto, text, html (got ${typeof kind === 'string' ? `'${kind}'` : describeValue(kind)})`);
  }
  const signal = options.signal;
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || !('aborted' in signal))) {
    throw usage(`check options.signal must be an AbortSignal or an object with 'aborted' (got ${describeValue(signal)})`);
  }
  return options;
}

/** A lexicon given as an object: checked in its outline here; its entries are checked where they are compiled. */
function lexiconObject(value: Record<string, unknown>, at: number): Lexicon {
  const where = typeof value.id === 'string' && value.id !== '' ? `lexicon ${value.id}` : `lexicons[${at}]`;
  const invalid = (message: string) => new UnspinError('lexicon-invalid', `${where}: ${message}`);
  if (typeof value.id !== 'string' || value.id === '') throw invalid(`"id" must be a non-empty string (got ${describeValue(value.id)})`);
  if (!Array.isArray(value.entries)) throw invalid(`"entries" must be a list (got ${describeValue(value.entries)})`);
  for (const [i, entry] of value.entries.entries()) {
    if (!isObject(entry)) throw invalid(`entry ${i + 1} must be an object (got ${describeValue(entry)})`);
    if (!Array.isArray(entry.expected) || !entry.expected.every((e) => typeof e === 'string')) {
      throw invalid(`entry ${i + 1}: "expected" must be a list of strings (got ${describeValue(entry.expected)})`);
    }
    if (entry.tier !== 'strong' && entry.tier !== 'weak') throw invalid(`entry ${i + 1}: "tier" must be "strong" or "weak"`);
  }
  if (value.allow !== undefined && (!Array.isArray(value.allow) || !value.allow.every((a) => typeof a === 'string'))) {
    throw invalid(`"allow" must be a list of strings (got ${describeValue(value.allow)})`);
  }
  for (const field of ['version', 'source', 'licence'] as const) {
    if (value[field] !== undefined && typeof value[field] !== 'string') throw invalid(`"${field}" must be a string (got ${describeValue(value[field])})`);
  }
  return {
    id: value.id,
    version: (value.version as string | undefined) ?? '',
    source: (value.source as string | undefined) ?? '',
    licence: (value.licence as string | undefined) ?? '',
    entries: value.entries as Lexicon['entries'],
    allow: (value.allow as string[] | undefined) ?? [],
  };
}

export interface CheckedCheckerOptions {
  lexicons: Array<string | Lexicon>;
  defaultLexicons: boolean;
  model: boolean;
  threshold?: number;
}

/** `createChecker`'s argument. */
export function checkerOptions(value: unknown): CheckedCheckerOptions {
  const options = optionsObject(value, 'createChecker options');
  optionalBoolean(options, 'defaultLexicons', 'createChecker options');
  optionalBoolean(options, 'model', 'createChecker options');
  const threshold = checkThreshold(options.threshold, 'createChecker options.threshold');
  const given = options.lexicons;
  if (given !== undefined && !Array.isArray(given)) {
    throw usage(`createChecker options.lexicons must be a list of file paths or lexicon objects (got ${describeValue(given)})`);
  }
  const lexicons = (given ?? []).map((item: unknown, i: number) => {
    if (typeof item === 'string') {
      if (item === '') throw usage(`createChecker options.lexicons[${i}] is an empty path`);
      return item;
    }
    if (isObject(item)) return lexiconObject(item, i);
    throw usage(`createChecker options.lexicons[${i}] must be a file path or a lexicon object (got ${describeValue(item)})`);
  });
  return {
    lexicons,
    defaultLexicons: options.defaultLexicons !== false,
    model: options.model !== false,
    ...(threshold !== undefined ? { threshold } : {}),
  };
}
