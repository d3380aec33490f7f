/**
 * The binary data files (the model, the term restorer's tables): named typed
 * arrays in one file that loads without parsing. Every section starts on an 8-byte boundary, so a section is a
 * typed-array *view* of the file's bytes: loading a 25 MB model costs one
 * read, not a decode.
 *
 * Layout (little-endian):
 *   0   magic, 8 bytes: which kind of file ("UNSPINM1" the model, "UNSPINT2" the terms)
 *   8   u32 format version, u32 section count, u32 file length, u32 checksum
 *   24  section table, 32 bytes each: name (16 bytes ASCII, zero-padded),
 *       u32 offset, u32 byte length, u32 element type, u32 reserved
 *   ... section data
 *
 * Every load checks the structure (magic, version, length, each section
 * inside the file and whole elements), which refuses a truncated or foreign
 * file at no cost. The checksum covers every byte after the header; it is a
 * pass over the whole file, so it is checked on request (`verify`: tests,
 * and after a build) rather than on every start of the command line.
 */
import { readFileSync } from 'node:fs';
import { UnspinError } from '../errors.js';

/** What a file is, for its magic and for the one-line error that names it. */
export interface FileKind {
  magic: string;
  /** How errors name it: "model file", "terms file". */
  what: string;
  /** The command that rebuilds it, suggested in errors. */
  rebuild: string;
}

export const MODEL_FILE: FileKind = { magic: 'UNSPINM1', what: 'model file', rebuild: 'npm run build:model' };

export const FORMAT_VERSION = 1;
const HEADER_BYTES = 24;
const ENTRY_BYTES = 32;
const NAME_BYTES = 16;

export type SectionArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array;

const TYPES = [Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array] as const;

function typeCode(array: SectionArray): number {
  const index = TYPES.findIndex((type) => array instanceof type);
  if (index < 0) throw new Error('unsupported section type');
  return index + 1;
}

/** A 32-bit checksum over whole 32-bit words (the tail is padded with zeros). */
function checksum(bytes: Uint8Array, from: number): number {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + from, (bytes.length - from) >>> 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193) ^ (h >>> 15);
  for (let i = from + words.length * 4; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

const align8 = (n: number) => (n + 7) & ~7;

/** Serialises named sections into one file image. */
export function encodeSections(sections: ReadonlyMap<string, SectionArray>, kind: FileKind = MODEL_FILE): Uint8Array {
  let offset = align8(HEADER_BYTES + ENTRY_BYTES * sections.size);
  const placed: Array<{ name: string; array: SectionArray; offset: number }> = [];
  for (const [name, array] of sections) {
    if (name.length === 0 || name.length > NAME_BYTES || !/^[\x21-\x7e]+$/.test(name)) throw new Error(`bad section name ${name}`);
    placed.push({ name, array, offset });
    offset = align8(offset + array.byteLength);
  }
  const bytes = new Uint8Array(align8(offset));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 8; i++) bytes[i] = kind.magic.charCodeAt(i);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, sections.size, true);
  view.setUint32(16, bytes.length, true);
  placed.forEach(({ name, array, offset: at }, index) => {
    const entry = HEADER_BYTES + index * ENTRY_BYTES;
    for (let i = 0; i < name.length; i++) bytes[entry + i] = name.charCodeAt(i);
    view.setUint32(entry + 16, at, true);
    view.setUint32(entry + 20, array.byteLength, true);
    view.setUint32(entry + 24, typeCode(array), true);
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
  });
  view.setUint32(20, checksum(bytes, HEADER_BYTES), true);
  return bytes;
}

/**
 * Data files already in memory, shared between threads: path → the file's
 * bytes in a SharedArrayBuffer. A pool of threads (`unspin scan`) reads each
 * file once in the main thread and hands the same memory to every thread, so
 * N threads hold one 70 MB model, not N, and their lookups share one copy in
 * the processor's cache. Sections are views, never written, so sharing is safe.
 */
const shared = new Map<string, Uint8Array>();

/** Reads a data file into shared memory (once per path), for `useSharedDataFiles` in other threads. */
export function shareDataFile(path: string, kind: FileKind = MODEL_FILE): Uint8Array {
  let image = shared.get(path);
  if (!image) {
    const bytes = readDataFile(path, kind);
    image = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
    image.set(bytes);
    shared.set(path, image);
  }
  return image;
}

/** In a thread: files another thread already read (`shareDataFile`) are taken from its memory instead of the disk. */
export function useSharedDataFiles(images: Readonly<Record<string, Uint8Array>>): void {
  for (const [path, image] of Object.entries(images)) shared.set(path, image);
}

/** The bytes of a data file of this kind; an unreadable one is a one-line `model-invalid` error. */
export function readDataFile(path: string, kind: FileKind = MODEL_FILE): Uint8Array {
  const image = shared.get(path);
  if (image) return image;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UnspinError('model-invalid', `cannot read ${kind.what} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

/** The one-line error for a damaged or foreign file of this kind. */
export function invalidFile(source: string, why: string, kind: FileKind = MODEL_FILE): UnspinError {
  return new UnspinError('model-invalid', `${kind.what} ${source} is invalid (${why}): rebuild it with \`${kind.rebuild}\``);
}

export interface DecodeOptions {
  /** Also check the checksum over every byte (a full pass over the file). */
  verify?: boolean;
  /** Which kind of file to expect (default: the model). */
  kind?: FileKind;
}

/**
 * Reads a file image back into named typed-array views. `source` names the
 * file in error messages. Throws `UnspinError('model-invalid')` on a damaged
 * structure, and with `verify` on any damaged byte.
 */
export function decodeSections(image: Uint8Array, source: string, options: DecodeOptions = {}): Map<string, SectionArray> {
  const kind = options.kind ?? MODEL_FILE;
  const invalid = (why: string) => invalidFile(source, why, kind);
  // Views need an 8-aligned base; Node's small-file pool may hand out unaligned buffers.
  const bytes = image.byteOffset % 8 === 0 ? image : image.slice();
  if (bytes.length < HEADER_BYTES) throw invalid('too short');
  for (let i = 0; i < 8; i++) if (bytes[i] !== kind.magic.charCodeAt(i)) throw invalid(`not an unspin ${kind.what}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) throw invalid(`format version ${version}, expected ${FORMAT_VERSION}`);
  const count = view.getUint32(12, true);
  const length = view.getUint32(16, true);
  if (length !== bytes.length) throw invalid(`length ${bytes.length}, expected ${length}`);
  if (HEADER_BYTES + count * ENTRY_BYTES > bytes.length) throw invalid('section table out of range');
  if (options.verify && checksum(bytes, HEADER_BYTES) !== view.getUint32(20, true)) throw invalid('checksum mismatch');
  const sections = new Map<string, SectionArray>();
  for (let index = 0; index < count; index++) {
    const entry = HEADER_BYTES + index * ENTRY_BYTES;
    let name = '';
    for (let i = 0; i < NAME_BYTES && bytes[entry + i] !== 0; i++) name += String.fromCharCode(bytes[entry + i]!);
    const offset = view.getUint32(entry + 16, true);
    const byteLength = view.getUint32(entry + 20, true);
    const Type = TYPES[view.getUint32(entry + 24, true) - 1];
    if (!Type || offset % 8 !== 0 || offset + byteLength > bytes.length || byteLength % Type.BYTES_PER_ELEMENT !== 0) {
      throw invalid(`section ${name || index} out of range`);
    }
    sections.set(name, new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, byteLength / Type.BYTES_PER_ELEMENT));
  }
  return sections;
}
