import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UnspinError } from '../../src/errors.js';
import { binaryReason, declaredMetaCharset, decodeBytes, firstInvalidUtf8 } from '../../src/extract/decode.js';
import { decodeInput, DEFAULT_MAX_BYTES } from '../../src/extract/input.js';
import { SEED } from '../helpers/shared.js';

/** The error `fn` throws, asserting it is an UnspinError on one line. */
function failure(fn: () => unknown): UnspinError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UnspinError);
    expect((error as Error).message).not.toContain('\n');
    return error as UnspinError;
  }
  throw new Error('expected a failure');
}

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

describe('decodeInput', () => {
  it('decodes the seed page exactly as Node reads it', () => {
    const raw = readFileSync(SEED);
    expect(decodeInput(raw, 'seed')).toBe(raw.toString('utf8'));
  });

  it('names common binary formats', () => {
    const cases: Array<[Uint8Array, string]> = [
      [bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR'), 'PNG image'],
      [bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'), 'PDF document'],
      [bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'JPEG image'],
      [bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0]), 'GIF image'],
      [bytes('PK', [3, 4, 20, 0, 0, 0, 8, 0]), 'ZIP archive'],
      [bytes([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), 'gzip archive'],
    ];
    for (const [input, label] of cases) {
      const error = failure(() => decodeInput(input, 'examples/x.bin'));
      expect(error.code).toBe('input-binary');
      expect(error.message).toMatch(new RegExp(`^examples/x\\.bin: binary file \\(${label}.*\\), not text$`));
    }
  });

  it('refuses NUL bytes and control-character soup', () => {
    expect(failure(() => decodeInput(bytes('hello\0world'), 'a')).message).toBe('a: binary file (contains NUL bytes), not text');
    const soup = Buffer.alloc(400, 0x41);
    for (let i = 0; i < 400; i += 7) soup[i] = 0x01 + (i % 20);
    expect(failure(() => decodeInput(soup, 'b')).code).toBe('input-binary');
  });

  it('keeps text with tabs, form feeds and the odd escape character', () => {
    const text = 'Col\tumn\r\nPage\fbreak \x1b[1mbold\x1b[0m ' + 'word '.repeat(100);
    expect(decodeInput(Buffer.from(text), 'c')).toBe(text);
  });

  it('refuses empty and whitespace-only input', () => {
    const empty = failure(() => decodeInput(new Uint8Array(0), 'empty.txt'));
    expect(empty.code).toBe('input-empty');
    expect(empty.message).toBe('empty.txt: empty input');
    const blank = failure(() => decodeInput(Buffer.from(' \n\t\r\n\u00a0\n'), 'blank.txt'));
    expect(blank.code).toBe('input-empty');
    expect(blank.message).toContain('only whitespace');
    expect(failure(() => decodeInput(Buffer.from('\ufeff  \n'), 'bom.txt')).code).toBe('input-empty');
  });

  it('refuses input over the limit, and defaults to 64 MB', () => {
    expect(DEFAULT_MAX_BYTES).toBe(64 * 1024 * 1024);
    const error = failure(() => decodeInput(Buffer.alloc(2048, 0x61), 'big.txt', 1024));
    expect(error.code).toBe('input-too-large');
    expect(error.message).toBe('big.txt: too large (2 KB; the limit is 1 KB)');
  });

  it('gives the byte offset of the first invalid UTF-8 sequence', () => {
    const latin1 = bytes('Caf\xe9 au lait');
    const error = failure(() => decodeInput(latin1, 'menu.txt'));
    expect(error.code).toBe('input-encoding');
    expect(error.message).toMatch(/^menu\.txt: not valid UTF-8 \(byte 0xE9 at offset 3\)/);
    // An overlong encoding of "/" and a surrogate are invalid too.
    expect(failure(() => decodeInput(bytes('ab', [0xc0, 0xaf]), 'x')).message).toContain('at offset 2');
    expect(failure(() => decodeInput(bytes('abcd', [0xed, 0xa0, 0x80]), 'x')).message).toContain('at offset 4');
    // A sequence cut off by the end of the file.
    expect(failure(() => decodeInput(bytes('abc', [0xe2, 0x80]), 'x')).message).toContain('at offset 3');
  });

  it('strips a UTF-8 byte-order mark and decodes UTF-16 with one', () => {
    expect(decodeInput(bytes([0xef, 0xbb, 0xbf], 'Hello'), 'x')).toBe('Hello');
    const text = 'Chilly Warfare \u2014 navy ties';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeInput(le, 'x')).toBe(text);
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(decodeInput(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'x')).toBe(text);
  });

  it('tells UTF-16 without a byte-order mark from binary', () => {
    const error = failure(() => decodeInput(Buffer.from('Plain English text in UTF-16', 'utf16le'), 'u16.txt'));
    expect(error.code).toBe('input-encoding');
    expect(error.message).toContain('UTF-16');
  });
});

describe('firstInvalidUtf8', () => {
  it('agrees with the platform decoder on random bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
    for (let trial = 0; trial < 3000; trial++) {
      const length = 1 + (random() % 12);
      // Mostly high bytes, so that valid and invalid sequences both occur.
      const input = Uint8Array.from({ length }, () => (random() % 4 === 0 ? random() % 0x80 : 0x80 + (random() % 0x80)));
      let valid = true;
      try {
        decoder.decode(input);
      } catch {
        valid = false;
      }
      const offset = firstInvalidUtf8(input);
      expect(offset === -1).toBe(valid);
      // Everything before the reported offset is valid.
      if (offset > 0) expect(() => decoder.decode(input.subarray(0, offset))).not.toThrow();
    }
  });
});

describe('charsets', () => {
  it('decodes a declared Latin-1 or Windows-1252 body', () => {
    expect(decodeBytes(bytes('caf\xe9 \x93quoted\x94'), 'u', { charset: 'windows-1252' })).toBe('café “quoted”');
    expect(decodeBytes(bytes('caf\xe9'), 'u', { charset: 'ISO-8859-1' })).toBe('café');
    // Every byte decodes, as the WHATWG table says, including the five it leaves unassigned.
    const all = Uint8Array.from({ length: 224 }, (_, i) => i + 32);
    const text = decodeBytes(all, 'u', { charset: 'cp1252' });
    expect(text).toHaveLength(224);
    expect(text.slice(0x80 - 32, 0x80 - 32 + 4)).toBe('€\u0081‚ƒ');
  });

  it('refuses a charset nobody knows', () => {
    const error = failure(() => decodeBytes(bytes('abc'), 'u', { charset: 'x-klingon' }));
    expect(error.code).toBe('input-encoding');
    expect(error.message).toBe("u: unsupported character set 'x-klingon'");
  });

  it('finds <meta charset> in both spellings', () => {
    expect(declaredMetaCharset(bytes('<html><head><meta charset="windows-1252"><title>x'))).toBe('windows-1252');
    expect(declaredMetaCharset(bytes('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'))).toBe('ISO-8859-1');
    expect(declaredMetaCharset(bytes('<html><head><title>no charset</title>'))).toBeUndefined();
  });

  it('does not mistake ordinary text for binary', () => {
    expect(binaryReason(readFileSync(SEED))).toBeNull();
  });
});
