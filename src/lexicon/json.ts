/**
 * A small JSON parser that remembers on which line each object and array
 * element starts, so that a mistake in a hand-written lexicon is reported as
 * `file: line N: ...` rather than as an entry index the user has to count.
 * It accepts exactly JSON (RFC 8259); duplicate keys keep the last value, as
 * `JSON.parse` does.
 */

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

export interface LocatedJson {
  value: unknown;
  /** Line (1-based) where an object or array starts. */
  lineOf(value: object): number | undefined;
  /** Lines where the elements of an array start. */
  elementLines(array: readonly unknown[]): readonly number[] | undefined;
}

/** Deeper nesting than any lexicon needs is refused instead of overflowing the stack. */
const MAX_DEPTH = 100;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJsonWithLines(source: string): LocatedJson {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = new WeakMap<object, number>();
  const elements = new WeakMap<readonly unknown[], number[]>();
  let pos = 0;
  let line = 1;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, line);
  };
  const describe = (): string => (pos >= text.length ? 'end of file' : `"${text[pos]}"`);

  const skipSpace = () => {
    for (; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 0x0a) line++;
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return;
    }
  };

  const parseString = (): string => {
    pos++; // opening quote
    let out = '';
    let chunk = pos;
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) fail('line break or control character inside a string');
      if (c !== 0x5c) { pos++; continue; }
      out += text.slice(chunk, pos);
      const e = text[pos + 1];
      if (e === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape in string');
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        pos += 2;
      } else {
        fail(`bad escape "\\${e ?? ''}" in string`);
      }
      chunk = pos;
    }
    out += text.slice(chunk, pos);
    pos++; // closing quote
    return out;
  };

  const parseValue = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    skipSpace();
    const c = text[pos];
    if (c === '{') {
      const object: Record<string, unknown> = {};
      lines.set(object, line);
      pos++;
      skipSpace();
      if (text[pos] === '}') { pos++; return object; }
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail(`expected a quoted key, found ${describe()}`);
        const key = parseString();
        skipSpace();
        if (text[pos] !== ':') fail(`expected ":" after key "${key}", found ${describe()}`);
        pos++;
        const value = parseValue(depth + 1);
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
        skipSpace();
        if (text[pos] === ',') { pos++; continue; }
        if (text[pos] === '}') { pos++; return object; }
        fail(`expected "," or "}" in object, found ${describe()}`);
      }
    }
    if (c === '[') {
      const array: unknown[] = [];
      const starts: number[] = [];
      lines.set(array, line);
      elements.set(array, starts);
      pos++;
      skipSpace();
      if (text[pos] === ']') { pos++; return array; }
      for (;;) {
        skipSpace();
        starts.push(line);
        array.push(parseValue(depth + 1));
        skipSpace();
        if (text[pos] === ',') { pos++; continue; }
        if (text[pos] === ']') { pos++; return array; }
        fail(`expected "," or "]" in array, found ${describe()}`);
      }
    }
    if (c === '"') return parseString();
    if (text.startsWith('true', pos)) { pos += 4; return true; }
    if (text.startsWith('false', pos)) { pos += 5; return false; }
    if (text.startsWith('null', pos)) { pos += 4; return null; }
    NUMBER.lastIndex = pos;
    const number = NUMBER.exec(text);
    if (number) { pos += number[0].length; return Number(number[0]); }
    return fail(`unexpected ${describe()}`);
  };

  const value = parseValue(0);
  skipSpace();
  if (pos < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
  return {
    value,
    lineOf: (v) => lines.get(v),
    elementLines: (array) => elements.get(array),
  };
}
