/**
 * Integer keys and open-addressing tables over typed arrays: the layout the
 * terms file stores and the scanner probes without touching strings.
 *
 * A table is a power-of-two array of nonzero 32-bit keys (0 = empty slot),
 * probed linearly from `key & mask` and kept at most half full. Sequences of
 * word ids (terms, their prefixes, attested word pairs) are keyed by folding
 * the ids one by one with `extendKey`, so a scanner extends a prefix's key by
 * one word in a few multiplications. Where a false match would produce a
 * finding (terms), the table's value points at the stored ids to confirm it.
 */

/** Key of the empty sequence; `extendKey(SEQUENCE_SEED, id)` is the key of `[id]`. */
export const SEQUENCE_SEED = 0x2f6b1c3d;

/** The key of a sequence extended by one word id (murmur3's finaliser; never 0). */
export function extendKey(key: number, id: number): number {
  let h = (Math.imul(key, 0x9e3779b1) + Math.imul(id ^ 0x7f4a7c15, 0x85ebca77)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0 || 1;
}

/** Key of a whole sequence of ids. */
export function sequenceKey(ids: ArrayLike<number>, from = 0, to = ids.length): number {
  let key = SEQUENCE_SEED;
  for (let i = from; i < to; i++) key = extendKey(key, ids[i]!);
  return key;
}

/** Slot count for `entries` keys at most half full. */
export function tableSize(entries: number): number {
  let size = 16;
  while (size < entries * 2) size *= 2;
  return size;
}

/** The slot holding `key`, or -1. */
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

/** The slot that holds `key` or the empty one it would take (build time). */
export function claimSlot(keys: Uint32Array, key: number): number {
  const mask = keys.length - 1;
  let slot = key & mask;
  while (keys[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & mask;
  keys[slot] = key;
  return slot;
}

/** A table holding each key once (values, if any, live in parallel arrays indexed by slot). */
export function keySet(keys: Iterable<number>, count: number): Uint32Array {
  const table = new Uint32Array(tableSize(count));
  for (const key of keys) claimSlot(table, key);
  return table;
}
