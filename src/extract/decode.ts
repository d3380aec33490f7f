/**
 * Bytes → text, refusing what is not text.
 *
 * The checks run cheapest first and look only at the first 8 KB for binary
 * content (as git and `file` do), so a 16 MB article costs one pass of the
 * platform's UTF-8 decoder and nothing more.
 */
import { UnspinError } from '../errors.js';

/** How much of the start of an input is examined for binary content. */
export const BINARY_SAMPLE_BYTES = 8192;

/**
 * Share of control characters (other than tab, line breaks and form feed) in
 * the sample above which the input is binary. Real text has essentially
 * none; 5% leaves room for a stray escape sequence or two.
 */
const CONTROL_SHARE_LIMIT = 0.05;

export interface DecodeOptions {
  /** Largest input accepted, in bytes. */
  maxBytes?: number;
  /** Declared character set (from a Content-Type header or `<meta charset>`); default UTF-8. */
  charset?: string;
  /** Appended to the too-large message: the flag that raises the limit. */
  limitHint?: string;
}

/** Signatures of common binary formats: a clearer error than "binary file" when we know what it is. */
const MAGIC: ReadonlyArray<{ bytes: readonly number[]; offset?: number; label: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], label: 'PDF document' }, // %PDF-
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], label: 'PNG image' },
  { bytes: [0xff, 0xd8, 0xff], label: 'JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], label: 'GIF image' }, // GIF87a
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], label: 'GIF image' }, // GIF89a
  { bytes: [0x57, 0x45, 0x42, 0x50], offset: 8, label: 'WebP image' }, // RIFF....WEBP
  { bytes: [0x50, 0x4b, 0x03, 0x04], label: 'ZIP archive: .zip, .docx, .epub...' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], label: 'ZIP archive' }, // empty archive
  { bytes: [0x1f, 0x8b], label: 'gzip archive' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], label: 'Zstandard archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], label: 'xz archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], label: '7-Zip archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], label: 'ELF executable' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00], label: 'SQLite database' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], label: 'Microsoft Office document (.doc/.xls)' },
];

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[offset + i] !== signature[i]) return false;
  return true;
}

/** The known format of a binary input, or null. */
export function binaryFormat(bytes: Uint8Array): string | null {
  for (const { bytes: signature, offset, label } of MAGIC) if (startsWith(bytes, signature, offset)) return label;
  return null;
}

/**
 * Why the start of an input looks binary (a short description), or null when
 * it looks like text. UTF-16 without a byte-order mark is told apart, since
 * it is text the user can convert.
 */
export function binaryReason(bytes: Uint8Array): { reason: string; utf16: boolean } | null {
  const known = binaryFormat(bytes);
  if (known) return { reason: known, utf16: false };
  const n = Math.min(bytes.length, BINARY_SAMPLE_BYTES);
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b >= 0x20 && b !== 0x7f) continue;
    if (b === 0) {
      if (i & 1) nulOdd++;
      else nulEven++;
    } else if (b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b) {
      control++;
    }
  }
  const nul = nulEven + nulOdd;
  if (nul > 0) {
    // ASCII-range UTF-16 has a NUL in every other byte, all on one side.
    const pairs = n >> 1;
    const utf16 = pairs > 0 && (nulOdd >= pairs * 0.3 && nulEven === 0 || nulEven >= pairs * 0.3 && nulOdd === 0);
    return utf16 ? { reason: 'UTF-16 text without a byte-order mark', utf16: true } : { reason: 'contains NUL bytes', utf16: false };
  }
  if (control > n * CONTROL_SHARE_LIMIT) return { reason: 'mostly control characters', utf16: false };
  return null;
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence (by the
 * WHATWG decoder's rules: no overlongs, surrogates or code points past
 * U+10FFFF), or -1 when the input is valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // past U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = i + k < n ? bytes[i + k]! : -1;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

const MB = 1024 * 1024;

/** "64 MB", "1.5 MB", "900 KB", "12 bytes". */
export function formatBytes(n: number): string {
  if (n >= MB) return `${Number((n / MB).toFixed(1))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${n} bytes`;
}

/** Charset labels that mean UTF-8 (the common spellings; the WHATWG list has a few more). */
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8']);

/**
 * Validates raw bytes and decodes them: too large, empty, binary and
 * undecodable inputs become `UnspinError`s whose one-line message starts
 * with `name`. A UTF-8 byte-order mark is dropped; UTF-16 with a
 * byte-order mark is decoded.
 */
export function decodeBytes(bytes: Uint8Array, name: string, options: DecodeOptions = {}): string {
  const { maxBytes = Infinity, limitHint = '' } = options;
  if (bytes.length > maxBytes) {
    throw new UnspinError('input-too-large', `${name}: too large (${formatBytes(bytes.length)}; the limit is ${formatBytes(maxBytes)}${limitHint})`);
  }
  if (bytes.length === 0) throw new UnspinError('input-empty', `${name}: empty input`);

  // A byte-order mark outranks any declared charset, as in browsers.
  let encoding = 'utf-8';
  if (startsWith(bytes, [0xff, 0xfe])) encoding = 'utf-16le';
  else if (startsWith(bytes, [0xfe, 0xff])) encoding = 'utf-16be';
  else if (startsWith(bytes, [0xef, 0xbb, 0xbf])) encoding = 'utf-8';
  else {
    const binary = binaryReason(bytes);
    if (binary?.utf16) {
      throw new UnspinError('input-encoding', `${name}: ${binary.reason}; convert it to UTF-8 (e.g. iconv -f utf-16le -t utf-8)`);
    }
    if (binary) throw new UnspinError('input-binary', `${name}: binary file (${binary.reason}), not text`);
    const declared = options.charset?.trim().toLowerCase();
    if (declared && !UTF8_LABELS.has(declared)) encoding = declared;
  }

  const text = decodeAs(bytes, encoding, name);
  if (text.trim() === '') throw new UnspinError('input-empty', `${name}: empty input (only whitespace)`);
  return text;
}

/**
 * Bytes 0x80-0x9F of Windows-1252 (the WHATWG table; the five unassigned
 * bytes keep their C1 code points). Node 20's TextDecoder decodes
 * "windows-1252" as ISO-8859-1 and loses curly quotes and dashes, so this
 * one is decoded by hand.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  // latin1 is a byte-for-code-point map; only 0x80-0x9F differ from Windows-1252.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function decodeAs(bytes: Uint8Array, encoding: string, name: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new UnspinError('input-encoding', `${name}: unsupported character set '${encoding}'`);
  }
  // Latin-1, ASCII and their aliases all mean Windows-1252 on the web.
  if (decoder.encoding === 'windows-1252') return decodeWindows1252(bytes);
  try {
    return decoder.decode(bytes);
  } catch {
    if (decoder.encoding !== 'utf-8') {
      throw new UnspinError('input-encoding', `${name}: not valid ${decoder.encoding}`);
    }
    const offset = firstInvalidUtf8(bytes);
    const shown = offset >= 0 ? `byte 0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, '0')} at offset ${offset}` : 'truncated sequence';
    throw new UnspinError(
      'input-encoding',
      `${name}: not valid UTF-8 (${shown}); convert it first, e.g. iconv -f windows-1252 -t utf-8`,
    );
  }
}

/**
 * The charset a page declares in its first 1024 bytes (`<meta charset>` or
 * the http-equiv form), as the HTML standard's prescan does, or undefined.
 */
export function declaredMetaCharset(bytes: Uint8Array): string | undefined {
  // latin1 maps bytes 1:1, so this never fails whatever the real encoding is.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const match = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return match?.[1];
}
