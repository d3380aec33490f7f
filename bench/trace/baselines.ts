/**
 * The peers a user would reach for, run on the same reference and queries:
 *  - word-shingle MinHash (implemented here: lower-cased word 3-shingles, 128
 *    hash functions), twice: compared against every reference signature
 *    (MinHash at its best: no candidate can be lost), and through LSH
 *    buckets of 32 bands × 4 rows, as deduplication runs it at scale;
 *  - ssdeep (Debian `ssdeep`): `ssdeep -m` against the digests of all
 *    reference files; the best-scoring one is its answer (no output = none);
 *  - TLSH (Debian `tlsh-tools`): `tlsh -c` of each query against the list of
 *    all reference digests, brute force, smallest distance first. Texts under
 *    256 bytes get no TLSH digest.
 *
 * Each returns, per query, its candidates best first with a similarity where
 * higher is better (TLSH distances are negated), so that one threshold rule
 * applies to all.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Ranked {
  id: string;
  similarity: number;
}

export interface Baseline {
  name: string;
  /** Candidates for each query text, best first (at most `limit`). */
  rank(queries: readonly string[], limit: number): Ranked[][];
}

// ---------------------------------------------------------------- MinHash

const PERMUTATIONS = 128;
const SHINGLE = 3;

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function permute(x: number, seed: number): number {
  let h = Math.imul(x ^ seed, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = Array.from({ length: PERMUTATIONS }, (_, k) => permute(k + 1, 0x5bd1e995));

export function minhashSignature(text: string): Uint32Array {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(Boolean);
  const signature = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  for (let i = 0; i + SHINGLE <= Math.max(words.length, SHINGLE); i++) {
    const shingle = fnv(words.slice(i, i + SHINGLE).join(' '));
    for (let k = 0; k < PERMUTATIONS; k++) {
      const v = permute(shingle, SEEDS[k]!);
      if (v < signature[k]!) signature[k] = v;
    }
  }
  return signature;
}

/** Bands × rows of the LSH variant: 32 × 4 of the 128 values, the usual near-duplicate setting (threshold ≈ 0.42). */
const BANDS = 32;
const ROWS = PERMUTATIONS / BANDS;

function bandKey(signature: Uint32Array, band: number): string {
  return `${band}:${Array.from(signature.subarray(band * ROWS, (band + 1) * ROWS)).join(',')}`;
}

/**
 * MinHash, either compared against every reference signature (`brute`: no
 * candidate can be lost) or through LSH buckets (32 bands of 4 rows), the
 * way deduplication pipelines run it at scale.
 */
export function minhashBaseline(reference: ReadonlyArray<{ id: string; text: string }>, mode: 'brute' | 'lsh'): Baseline {
  const signatures = reference.map((d) => minhashSignature(d.text));
  const buckets = new Map<string, number[]>();
  if (mode === 'lsh') {
    signatures.forEach((s, d) => {
      for (let b = 0; b < BANDS; b++) {
        const key = bandKey(s, b);
        const list = buckets.get(key);
        if (list) list.push(d);
        else buckets.set(key, [d]);
      }
    });
  }
  return {
    name: mode === 'brute' ? 'MinHash 3-shingles, brute force' : 'MinHash 3-shingles, LSH 32x4',
    rank(queries, limit) {
      return queries.map((text) => {
        const q = minhashSignature(text);
        let candidates: Iterable<number>;
        if (mode === 'brute') candidates = signatures.keys();
        else {
          const found = new Set<number>();
          for (let b = 0; b < BANDS; b++) for (const d of buckets.get(bandKey(q, b)) ?? []) found.add(d);
          candidates = found;
        }
        const scored: Ranked[] = [];
        for (const d of candidates) {
          const s = signatures[d]!;
          let same = 0;
          for (let k = 0; k < PERMUTATIONS; k++) if (s[k] === q[k]) same++;
          if (same > 0) scored.push({ id: reference[d]!.id, similarity: same / PERMUTATIONS });
        }
        return scored.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
      });
    },
  };
}

// ---------------------------------------------------------------- files for the CLI peers

function writeCorpus(dir: string, texts: readonly string[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  texts.forEach((text, i) => writeFileSync(join(dir, `${i}.txt`), text));
}

const fileIndex = (path: string) => Number(/(\d+)\.txt"?$/.exec(path.trim())?.[1] ?? -1);

export function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- ssdeep

export function ssdeepBaseline(reference: ReadonlyArray<{ id: string; text: string }>, workDir: string): Baseline {
  const refDir = join(workDir, 'ssdeep-ref');
  writeCorpus(refDir, reference.map((d) => d.text));
  const known = join(workDir, 'ssdeep-known.txt');
  writeFileSync(known, execFileSync('ssdeep', ['-s', '-r', refDir], { maxBuffer: 1 << 30 }));
  return {
    name: 'ssdeep 2.14 (-m, all digests)',
    rank(queries, limit) {
      const queryDir = join(workDir, 'ssdeep-queries');
      writeCorpus(queryDir, queries);
      const out = execFileSync('ssdeep', ['-s', '-c', '-m', known, '-r', queryDir], { maxBuffer: 1 << 30 }).toString();
      const results: Ranked[][] = queries.map(() => []);
      // CSV: "query","known",score
      for (const line of out.split('\n')) {
        const m = /^"([^"]*)","([^"]*)",(\d+)$/.exec(line.trim());
        if (!m) continue;
        const q = fileIndex(m[1]!);
        const r = fileIndex(m[2]!);
        if (q >= 0 && r >= 0) results[q]!.push({ id: reference[r]!.id, similarity: Number(m[3]) });
      }
      return results.map((list) => list.sort((a, b) => b.similarity - a.similarity).slice(0, limit));
    },
  };
}

// ---------------------------------------------------------------- TLSH

export function tlshBaseline(reference: ReadonlyArray<{ id: string; text: string }>, workDir: string): Baseline {
  const refDir = join(workDir, 'tlsh-ref');
  writeCorpus(refDir, reference.map((d) => d.text));
  const listFile = join(workDir, 'tlsh-list.txt');
  // `tlsh -r` prints "digest<TAB>file" and complains on stderr about files too small to digest.
  const digests = execFileSync('tlsh', ['-r', refDir], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  writeFileSync(listFile, digests.split('\n').filter((l) => /^[0-9A-F]{70}\t/.test(l)).join('\n') + '\n');
  return {
    name: 'TLSH 3.4 (brute force over all digests)',
    rank(queries, limit) {
      const queryDir = join(workDir, 'tlsh-queries');
      writeCorpus(queryDir, queries);
      return queries.map((text, q) => {
        if (Buffer.byteLength(text) < 256) return [];
        let out = '';
        try {
          out = execFileSync('tlsh', ['-c', join(queryDir, `${q}.txt`), '-l', listFile, '-T', '9999'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
        } catch {
          return [];
        }
        const list: Ranked[] = [];
        for (const line of out.split('\n')) {
          const parts = line.split('\t');
          if (parts.length < 3) continue;
          const r = fileIndex(parts[1]!);
          const distance = Number(parts[2]);
          if (r >= 0 && Number.isFinite(distance)) list.push({ id: reference[r]!.id, similarity: -distance });
        }
        return list.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
      });
    },
  };
}

