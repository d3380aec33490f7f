/**
 * The terms file: named typed arrays in one binary file that loads as views
 * of its bytes, without parsing. Every section starts on an 8-byte boundary.
 *
 * Layout (little-endian):
 *   0   magic "UNSPINT1"
 *   8   u32 section count, u32 file length, u32 checksum, u32 reserved
 *   24  section table, 32 bytes each: name (16 bytes ASCII, zero-padded),
 *       u32 offset, u32 byte length, u32 element type, u32 reserved
 *   ... section data
 *
 * The checksum covers every byte after the header, so a truncated or damaged
 * file is refused with one line rather than read as nonsense.
 */
import { UnspinError } from '../../errors.js';

const MAGIC = 'UNSPINT1';
const HEADER_BYTES = 24;
const ENTRY_BYTES = 32;
const NAME_BYTES = 16;

export type SectionArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array;
const TYPES = [Uint8Array, Uint16Array, Uint32Array, Int32Array, Float32Array] as const;

const align8 = (n: number) => (n + 7) & ~7;

function checksum(bytes: Uint8Array, from: number): number {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + from, (bytes.length - from) >>> 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193) ^ (h >>> 15);
  return h >>> 0;
}

/** Serialises named sections into one file image (build time). */
export function encodeSections(sections: ReadonlyMap<string, SectionArray>): Uint8Array {
  let offset = align8(HEADER_BYTES + ENTRY_BYTES * sections.size);
  const placed: Array<{ name: string; array: SectionArray; offset: number }> = [];
  for (const [name, array] of sections) {
    if (name.length === 0 || name.length > NAME_BYTES || !/^[\x21-\x7e]+$/.test(name)) throw new Error(`bad section name ${name}`);
    placed.push({ name, array, offset });
    offset = align8(offset + array.byteLength);
  }
  const bytes = new Uint8Array(align8(offset));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, sections.size, true);
  view.setUint32(12, bytes.length, true);
  placed.forEach(({ name, array, offset: at }, index) => {
    const entry = HEADER_BYTES + index * ENTRY_BYTES;
    for (let i = 0; i < name.length; i++) bytes[entry + i] = name.charCodeAt(i);
    view.setUint32(entry + 16, at, true);
    view.setUint32(entry + 20, array.byteLength, true);
    view.setUint32(entry + 24, TYPES.findIndex((type) => array instanceof type) + 1, true);
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
  });
  view.setUint32(16, checksum(bytes, HEADER_BYTES), true);
  return bytes;
}

export function invalid(source: string, why: string): UnspinError {
  return new UnspinError('model-invalid', `terms file ${source} is invalid (${why}): rebuild it with \`npm run build:terms\``);
}

/** Reads a file image back into named views; any damage is a one-line `model-invalid` error. */
export function decodeSections(image: Uint8Array, source: string): Map<string, SectionArray> {
  // Views need an 8-aligned base; Node's small-file pool may hand out unaligned buffers.
  const bytes = image.byteOffset % 8 === 0 ? image : image.slice();
  if (bytes.length < HEADER_BYTES) throw invalid(source, 'too short');
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) throw invalid(source, 'not an unspin terms file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(8, true);
  if (view.getUint32(12, true) !== bytes.length) throw invalid(source, 'truncated');
  if (HEADER_BYTES + count * ENTRY_BYTES > bytes.length) throw invalid(source, 'section table out of range');
  if (checksum(bytes, HEADER_BYTES) !== view.getUint32(16, true)) throw invalid(source, 'checksum mismatch');
  const sections = new Map<string, SectionArray>();
  for (let index = 0; index < count; index++) {
    const entry = HEADER_BYTES + index * ENTRY_BYTES;
    let name = '';
    for (let i = 0; i < NAME_BYTES && bytes[entry + i] !== 0; i++) name += String.fromCharCode(bytes[entry + i]!);
    const offset = view.getUint32(entry + 16, true);
    const byteLength = view.getUint32(entry + 20, true);
    const Type = TYPES[view.getUint32(entry + 24, true) - 1];
    if (!Type || offset % 8 !== 0 || offset + byteLength > bytes.length || byteLength % Type.BYTES_PER_ELEMENT !== 0) {
      throw invalid(source, `section ${name || index} out of range`);
    }
    sections.set(name, new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, byteLength / Type.BYTES_PER_ELEMENT));
  }
  return sections;
}
