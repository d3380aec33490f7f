/**
 * A trigram language model with interpolated absolute discounting, read
 * straight from the model file's tables.
 *
 *   P1(w)       unigram: wordfreq's relative frequency (billions of words),
 *               the corpus frequency for the special ids
 *   P2(w | v)   = max(c(v w) − D, 0) / c(v) + D · T(v) / c(v) · P1(w)
 *   P3(w | u v) = max(c(u v w) − D, 0) / c(u v) + D · T(u v) / c(u v) · P2(w | v)
 *
 * where T(x) is the number of distinct words seen after x. Counts below the
 * build's minimum frequency read as zero, so rare pairs fall back to the
 * shorter context rather than to nothing.
 */
import { bitFilter, findSlot, pairKey, tripleKey } from './hashtable.js';

const DISCOUNT = 0.75;

export interface NgramTables {
  /** ln P1 per id. */
  logUnigram: Float32Array;
  /** c(v): occurrences of v followed by something. */
  contextCount: Uint32Array;
  /** T(v): distinct followers of v. */
  contextTypes: Uint32Array;
  bigramKeys: Uint32Array;
  /** Counts saturate at 65,535. */
  bigramCounts: Uint16Array;
  /** T(u v): distinct followers of the pair. */
  bigramTypes: Uint16Array;
  trigramKeys: Uint32Array;
  trigramCounts: Uint16Array;
  /** ln(D · T(v) / c(v)) per id: the weight of the unigram in P2(· | v), 0 when v was never a context. */
  logBackoff: Float32Array;
  /** One-hash bit filters over the bigram and trigram keys (`bitFilter`). */
  bigramFilter: Uint32Array;
  trigramFilter: Uint32Array;
}

/** The tables above that are computed from the others (by the build, which stores them, so that loading computes nothing). */
export function derivedTables(t: Pick<NgramTables, 'contextCount' | 'contextTypes' | 'bigramKeys' | 'trigramKeys'>): Pick<NgramTables, 'logBackoff' | 'bigramFilter' | 'trigramFilter'> {
  const logBackoff = new Float32Array(t.contextCount.length);
  for (let v = 0; v < t.contextCount.length; v++) {
    const cv = t.contextCount[v]!;
    // A context has at least one follower; the build counts followers by hashed pair keys, and a key shared with an
    // earlier pair can leave a word seen once with none, which must not give ln 0.
    logBackoff[v] = cv === 0 ? 0 : Math.log((DISCOUNT * Math.max(t.contextTypes[v]!, 1)) / cv);
  }
  return { logBackoff, bigramFilter: bitFilter(t.bigramKeys, FILTER_BITS_PER_SLOT), trigramFilter: bitFilter(t.trigramKeys, FILTER_BITS_PER_SLOT) };
}

/** A pair slot not looked up yet (see `NgramModel.pairSlot`). */
export const NOT_PROBED = -2;

export class NgramModel {
  readonly logBackoff: Float32Array;
  /**
   * One bit per bigram-table key, small enough to stay in cache: most pairs a
   * candidate forms were never seen, and this answers that without touching
   * the (larger) table.
   */
  private readonly seen: Uint32Array;
  private readonly seenMask: number;
  private readonly seenTriples: Uint32Array;
  private readonly seenTriplesMask: number;

  constructor(readonly tables: NgramTables) {
    this.logBackoff = tables.logBackoff;
    this.seen = tables.bigramFilter;
    this.seenMask = tables.bigramFilter.length * 32 - 1;
    this.seenTriples = tables.trigramFilter;
    this.seenTriplesMask = tables.trigramFilter.length * 32 - 1;
  }

  /**
   * The bigram-table slot of the pair (v, w), or -1 when it was not seen
   * (mostly answered by the bit filter). Callers that need a pair's count
   * and probability look it up once and pass the slot on.
   */
  pairSlot(v: number, w: number): number {
    const key = pairKey(v, w);
    const bit = (Math.imul(key, 0x9e3779b1) >>> 0) & this.seenMask;
    if ((this.seen[bit >>> 5]! & (1 << (bit & 31))) === 0) return -1;
    return findSlot(this.tables.bigramKeys, key);
  }

  /** ln P2(w | v) when w's ln P1 and the pair's slot (`pairSlot`, or NOT_PROBED) are known. */
  logBigramAt(v: number, logP1: number, slot: number, w: number): number {
    const t = this.tables;
    const cv = t.contextCount[v]!;
    if (cv === 0) return logP1;
    if (slot === NOT_PROBED) slot = this.pairSlot(v, w);
    if (slot < 0) return this.logBackoff[v]! + logP1;
    return Math.log((t.bigramCounts[slot]! - DISCOUNT + DISCOUNT * t.contextTypes[v]! * Math.exp(logP1)) / cv);
  }

  /**
   * ln P3(w | u v) from the slot of the pair (u, v) (-1: unseen) and ln P2(w | v).
   * A pair that was never followed by a word in the corpus (it only ended
   * texts: T(u v) = 0) is no context, and P3 is P2, as P2 is P1 after a
   * word that never was one.
   */
  logTrigramAt(uvSlot: number, u: number, v: number, w: number, logP2: number): number {
    if (uvSlot < 0 || this.tables.bigramTypes[uvSlot] === 0) return logP2;
    const t = this.tables;
    const cuv = t.bigramCounts[uvSlot]!;
    const tkey = tripleKey(u, v, w);
    const bit = (Math.imul(tkey, 0x9e3779b1) >>> 0) & this.seenTriplesMask;
    const tslot = (this.seenTriples[bit >>> 5]! & (1 << (bit & 31))) === 0 ? -1 : findSlot(t.trigramKeys, tkey);
    if (tslot < 0) return Math.log((DISCOUNT * t.bigramTypes[uvSlot]!) / cuv) + logP2;
    return Math.log((t.trigramCounts[tslot]! - DISCOUNT + DISCOUNT * t.bigramTypes[uvSlot]! * Math.exp(logP2)) / cuv);
  }

  /** ln P3(w | u v). */
  logTrigram(u: number, v: number, w: number): number {
    return this.logTrigramAt(this.pairSlot(u, v), u, v, w, this.logBigram(v, w));
  }

  /** ln P2(w | v), without a table probe when the pair was never seen. */
  logBigram(v: number, w: number): number {
    const t = this.tables;
    const logP1 = t.logUnigram[w]!;
    const cv = t.contextCount[v]!;
    if (cv === 0) return logP1;
    const slot = this.pairSlot(v, w);
    if (slot < 0) return this.logBackoff[v]! + logP1;
    return Math.log((t.bigramCounts[slot]! - DISCOUNT + DISCOUNT * t.contextTypes[v]! * Math.exp(logP1)) / cv);
  }

  unigram(w: number): number {
    return Math.exp(this.tables.logUnigram[w]!);
  }

  /** Stored count of the pair (0 when below the minimum frequency). */
  bigramCount(v: number, w: number): number {
    const slot = this.pairSlot(v, w);
    return slot < 0 ? 0 : this.tables.bigramCounts[slot]!;
  }

  /** Stored count at a pair slot (`pairSlot`, or NOT_PROBED). */
  bigramCountAt(v: number, w: number, slot: number): number {
    if (slot === NOT_PROBED) slot = this.pairSlot(v, w);
    return slot < 0 ? 0 : this.tables.bigramCounts[slot]!;
  }

  trigramCount(u: number, v: number, w: number): number {
    const slot = findSlot(this.tables.trigramKeys, tripleKey(u, v, w));
    return slot < 0 ? 0 : this.tables.trigramCounts[slot]!;
  }

  /** P2(w | v). */
  bigram(v: number, w: number): number {
    const t = this.tables;
    const p1 = Math.exp(t.logUnigram[w]!);
    const cv = t.contextCount[v]!;
    if (cv === 0) return p1;
    const slot = this.pairSlot(v, w);
    const cvw = slot < 0 ? 0 : t.bigramCounts[slot]!;
    return (Math.max(cvw - DISCOUNT, 0) + DISCOUNT * t.contextTypes[v]! * p1) / cv;
  }

  /** P3(w | u v). */
  trigram(u: number, v: number, w: number): number {
    const t = this.tables;
    const p2 = this.bigram(v, w);
    const slot = this.pairSlot(u, v);
    if (slot < 0 || t.bigramTypes[slot] === 0) return p2;
    const cuv = t.bigramCounts[slot]!;
    const tslot = findSlot(t.trigramKeys, tripleKey(u, v, w));
    const cuvw = tslot < 0 ? 0 : t.trigramCounts[tslot]!;
    return (Math.max(cuvw - DISCOUNT, 0) + DISCOUNT * t.bigramTypes[slot]! * p2) / cuv;
  }
}

/**
 * Bits of the filters per table slot. A table is at most 0.7 full, so that is
 * at least ~6 bits per key (a false "maybe" for about one absent key in six, which
 * then costs a table probe), and the filter of a 2^22-slot table is 2 MB: small
 * enough to stay mostly in cache, where the table (tens of MB) does not.
 */
export const FILTER_BITS_PER_SLOT = 4;

