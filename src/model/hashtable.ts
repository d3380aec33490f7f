/**
 * Open-addressing hash tables over typed arrays: the layout the model file
 * stores and the scanner probes with integers only.
 *
 * A table is a power-of-two array of 32-bit keys (0 = empty slot) probed
 * linearly from `key & mask`; a parallel array holds each slot's value.
 * Keys are already well mixed (FNV hashes of words, `pairKey` of ids), and
 * the table is kept at most half full, so a lookup touches one or two slots.
 *
 * Pairs and triples of word ids are stored by a 32-bit mix of the ids
 * alone, not by the ids themselves: that halves the table, and the rare
 * pair that shares its mix with another pair only merges two counts.
 */

/** A nonzero 32-bit mix of two 32-bit integers (murmur3's finaliser). */
export function pairKey(a: number, b: number): number {
  let h = (Math.imul(a, 0x9e3779b1) + Math.imul(b ^ 0x7f4a7c15, 0x85ebca77)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0 || 1;
}

export function tripleKey(a: number, b: number, c: number): number {
  return pairKey(pairKey(a, b) ^ 0x2545f491, c);
}

/**
 * Slot count for `entries` keys at a load factor of at most `load`. Lookups
 * of absent keys mostly stop at a bit filter before the table (see
 * `NgramModel`), so the n-gram tables can run fuller than one half.
 */
export function tableSize(entries: number, load = 0.5): number {
  let size = 16;
  while (size * load < entries) size *= 2;
  return size;
}

/** The slot holding `key`, or -1. `keys.length` must be a power of two. */
export function findSlot(keys: Uint32Array, key: number): number {
  const mask = keys.length - 1;
  let slot = key & mask;
  for (;;) {
    const stored = keys[slot]!;
    if (stored === key) return slot;
    if (stored === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

/** The slot where `key` is or would go (for building). */
export function insertSlot(keys: Uint32Array, key: number): number {
  const mask = keys.length - 1;
  let slot = key & mask;
  for (;;) {
    const stored = keys[slot]!;
    if (stored === key || stored === 0) {
      keys[slot] = key;
      return slot;
    }
    slot = (slot + 1) & mask;
  }
}

/**
 * A one-hash bit filter over a table's keys (`bitsPerKey` bits per key or
 * table slot, at least `minBits`): "certainly absent" for most absent keys,
 * from an array small enough to stay in cache. Its length in bits is a power
 * of two; key 0 (an empty slot) is not set. Probe with `maybeIn`.
 */
export function bitFilter(keys: Uint32Array, bitsPerKey: number, minBits = 1 << 15): Uint32Array {
  let bits = minBits;
  while (bits < keys.length * bitsPerKey) bits *= 2;
  const filter = new Uint32Array(bits >>> 5);
  const mask = bits - 1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key === 0) continue;
    const bit = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    filter[bit >>> 5]! |= 1 << (bit & 31);
  }
  return filter;
}

/** Whether `key` may be among the keys `filter` was built from (false: certainly not). */
export function maybeIn(filter: Uint32Array, key: number): boolean {
  const bit = (Math.imul(key, 0x9e3779b1) >>> 0) & (filter.length * 32 - 1);
  return (filter[bit >>> 5]! & (1 << (bit & 31))) !== 0;
}
