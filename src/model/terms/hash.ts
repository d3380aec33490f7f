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

import { findSlot, insertSlot, pairKey, tableSize } from '../hashtable.js';

/** Key of the empty sequence; `extendKey(SEQUENCE_SEED, id)` is the key of `[id]`. */
export const SEQUENCE_SEED = 0x2f6b1c3d;

/** The key of a sequence extended by one word id: the model's pair mix (murmur3's finaliser; never 0). */
export const extendKey = pairKey;

/** Key of a whole sequence of ids. */
export function sequenceKey(ids: ArrayLike<number>, from = 0, to = ids.length): number {
  let key = SEQUENCE_SEED;
  for (let i = from; i < to; i++) key = extendKey(key, ids[i]!);
  return key;
}

export { findSlot, insertSlot as claimSlot, tableSize };

/** A table holding each key once (values, if any, live in parallel arrays indexed by slot). */
export function keySet(keys: Iterable<number>, count: number): Uint32Array {
  const table = new Uint32Array(tableSize(count));
  for (const key of keys) insertSlot(table, key);
  return table;
}
