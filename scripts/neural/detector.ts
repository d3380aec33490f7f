/**
 * The replaced-token detector in Node (issue 9 item 5 experiment), with
 * onnxruntime-node, which is NOT a dependency of unspin: install it aside,
 *   ONNXRUNTIME_NODE_INSTALL=skip npm i --no-save --prefix /tmp/neural/ort onnxruntime-node@1.23.2
 * (`UNSPIN_ORT_DIR` points elsewhere). The detector reads the statistical
 * model's word sequence (src/model/sequence.ts), its ids mapped to the
 * detector's vocabulary (scripts/neural/vocabulary.ts), in windows of 64
 * positions that overlap by 16, and gives every position the logit that a
 * spinner put the word there.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { idOf, type ModelData } from '../../src/model/model.js';
import type { Sequence } from '../../src/model/sequence.js';
import { FIRST_NEURAL_WORD } from './vocabulary.js';

const LENGTH = 64;
/** Positions of context each window reads beyond the part it answers for, on each side. */
const MARGIN = 8;
const STRIDE = LENGTH - 2 * MARGIN;

type Ort = typeof import('onnxruntime-node');

export function loadOrt(): Ort {
  const dir = process.env.UNSPIN_ORT_DIR ?? '/tmp/neural/ort';
  return createRequire(join(dir, 'node_modules', 'x.js'))('onnxruntime-node') as Ort;
}

export class NeuralDetector {
  private constructor(
    private readonly ort: Ort,
    private readonly session: import('onnxruntime-node').InferenceSession,
    /** Model word id → detector id. */
    private readonly map: Int32Array,
  ) {}

  static async load(onnxPath: string, vocabPath: string, data: ModelData): Promise<NeuralDetector> {
    const ort = loadOrt();
    const session = await ort.InferenceSession.create(onnxPath, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
    const V = data.ngrams.tables.logUnigram.length;
    const map = new Int32Array(V).fill(1);
    for (let s = 0; s < 5; s++) map[s] = s + 1;
    readFileSync(vocabPath, 'utf8').split('\n').forEach((word, rank) => {
      if (!word) return;
      const id = idOf(data, word);
      if (id > 0) map[id] = FIRST_NEURAL_WORD + rank;
    });
    return new NeuralDetector(ort, session, map);
  }

  /** The logit of "a spinner's word" at every position of the sequence. */
  async score(sequence: Sequence): Promise<Float32Array> {
    const n = sequence.length;
    const out = new Float32Array(n);
    const starts: number[] = [];
    for (let s = 0; ; s += STRIDE) {
      starts.push(s);
      if (s + LENGTH >= n) break;
    }
    const ids = new Int32Array(starts.length * LENGTH);
    starts.forEach((s, w) => {
      for (let j = 0; j < LENGTH && s + j < n; j++) ids[w * LENGTH + j] = this.map[sequence.ids[s + j]!]!;
    });
    const input = new this.ort.Tensor('int32', ids, [starts.length, LENGTH]);
    const result = await this.session.run({ ids: input });
    const logits = result['logits']!.data as Float32Array;
    starts.forEach((s, w) => {
      const from = w === 0 ? 0 : MARGIN;
      const to = w === starts.length - 1 ? LENGTH : LENGTH - MARGIN;
      for (let j = from; j < to && s + j < n; j++) out[s + j] = logits[w * LENGTH + j]!;
    });
    return out;
  }
}
