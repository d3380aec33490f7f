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
import { findSlot, pairKey, tripleKey } from './hashtable.js';

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
}

export class NgramModel {
  /** ln(D · T(v) / c(v)): the weight of the unigram in P2(· | v), 0 when v was never a context. */
  private readonly logBackoff: Float32Array;
  /**
   * One bit per bigram-table key, small enough to stay in cache: most pairs a
   * candidate forms were never seen, and this answers that without touching
   * the (large) table.
   */
  private readonly seen: Uint32Array;
  private readonly seenMask: number;
  private readonly seenTriples: Uint32Array;
  private readonly seenTriplesMask: number;

  constructor(readonly tables: NgramTables) {
    const { contextCount, contextTypes, bigramKeys } = tables;
    this.logBackoff = new Float32Array(contextCount.length);
    for (let v = 0; v < contextCount.length; v++) {
      const cv = contextCount[v]!;
      this.logBackoff[v] = cv === 0 ? 0 : Math.log((DISCOUNT * contextTypes[v]!) / cv);
    }
    let bits = 1 << 15;
    while (bits < bigramKeys.length * 8) bits *= 2;
    this.seen = new Uint32Array(bits >>> 5);
    this.seenMask = bits - 1;
    for (const key of bigramKeys) if (key !== 0) this.mark(key);
    bits = 1 << 15;
    while (bits < tables.trigramKeys.length * 8) bits *= 2;
    this.seenTriples = new Uint32Array(bits >>> 5);
    this.seenTriplesMask = bits - 1;
    for (const key of tables.trigramKeys) {
      if (key === 0) continue;
      const bit = (Math.imul(key, 0x9e3779b1) >>> 0) & this.seenTriplesMask;
      this.seenTriples[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  private mark(key: number): void {
    const bit = Math.imul(key, 0x9e3779b1) >>> 0 & this.seenMask;
    this.seen[bit >>> 5]! |= 1 << (bit & 31);
  }

  private maybeSeenTriple(key: number): boolean {
    const bit = (Math.imul(key, 0x9e3779b1) >>> 0) & this.seenTriplesMask;
    return (this.seenTriples[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /** ln P3(w | u v). */
  logTrigram(u: number, v: number, w: number): number {
    const t = this.tables;
    const logP2 = this.logBigram(v, w);
    const key = pairKey(u, v);
    if (!this.maybeSeen(key)) return logP2;
    const slot = findSlot(t.bigramKeys, key);
    if (slot < 0) return logP2;
    const cuv = t.bigramCounts[slot]!;
    const tkey = tripleKey(u, v, w);
    const tslot = this.maybeSeenTriple(tkey) ? findSlot(t.trigramKeys, tkey) : -1;
    if (tslot < 0) return Math.log((DISCOUNT * t.bigramTypes[slot]!) / cuv) + logP2;
    return Math.log((t.trigramCounts[tslot]! - DISCOUNT + DISCOUNT * t.bigramTypes[slot]! * Math.exp(logP2)) / cuv);
  }

  private maybeSeen(key: number): boolean {
    const bit = Math.imul(key, 0x9e3779b1) >>> 0 & this.seenMask;
    return (this.seen[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /** ln P2(w | v), without a table probe when the pair was never seen. */
  logBigram(v: number, w: number): number {
    const t = this.tables;
    const logP1 = t.logUnigram[w]!;
    const cv = t.contextCount[v]!;
    if (cv === 0) return logP1;
    const key = pairKey(v, w);
    if (!this.maybeSeen(key)) return this.logBackoff[v]! + logP1;
    const slot = findSlot(t.bigramKeys, key);
    if (slot < 0) return this.logBackoff[v]! + logP1;
    return Math.log((t.bigramCounts[slot]! - DISCOUNT + DISCOUNT * t.contextTypes[v]! * Math.exp(logP1)) / cv);
  }

  unigram(w: number): number {
    return Math.exp(this.tables.logUnigram[w]!);
  }

  /** Stored count of the pair (0 when below the minimum frequency). */
  bigramCount(v: number, w: number): number {
    const key = pairKey(v, w);
    if (!this.maybeSeen(key)) return 0;
    const slot = findSlot(this.tables.bigramKeys, key);
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
    const key = pairKey(v, w);
    const slot = this.maybeSeen(key) ? findSlot(t.bigramKeys, key) : -1;
    const cvw = slot < 0 ? 0 : t.bigramCounts[slot]!;
    return (Math.max(cvw - DISCOUNT, 0) + DISCOUNT * t.contextTypes[v]! * p1) / cv;
  }

  /** P3(w | u v). */
  trigram(u: number, v: number, w: number): number {
    const t = this.tables;
    const p2 = this.bigram(v, w);
    const key = pairKey(u, v);
    const slot = this.maybeSeen(key) ? findSlot(t.bigramKeys, key) : -1;
    if (slot < 0) return p2;
    const cuv = t.bigramCounts[slot]!;
    const tslot = findSlot(t.trigramKeys, tripleKey(u, v, w));
    const cuvw = tslot < 0 ? 0 : t.trigramCounts[tslot]!;
    return (Math.max(cuvw - DISCOUNT, 0) + DISCOUNT * t.bigramTypes[slot]! * p2) / cuv;
  }
}
