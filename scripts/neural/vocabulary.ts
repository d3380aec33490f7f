/**
 * The detector's vocabulary: the statistical model's own word ids, the most
 * frequent NEURAL_WORDS of them kept (by wordfreq's ln P), the rest one
 * unknown id. The marks of src/model/sequence.ts keep their meaning.
 *   neural 0 padding, 1 unknown word, 2 boundary, 3 number, 4 comma, 5 other punctuation, 6.. words
 */
import { wordOf, type ModelData } from '../../src/model/model.js';
import { FIRST_WORD_ID } from '../../src/model/sequence.js';

export const NEURAL_WORDS = 24_000;
export const FIRST_NEURAL_WORD = 6;

/** Model word id → neural id (an Int32 table over the model's vocabulary), and the kept words in neural id order. */
export function neuralIdMap(data: ModelData, size = NEURAL_WORDS): { words: string[]; map: Uint16Array } {
  const logP = data.ngrams.tables.logUnigram;
  const V = logP.length;
  const order: number[] = [];
  for (let id = FIRST_WORD_ID; id < V; id++) order.push(id);
  order.sort((a, b) => logP[b]! - logP[a]! || a - b);
  const kept = order.slice(0, size);
  const map = new Uint16Array(V).fill(1);
  for (let s = 0; s < FIRST_WORD_ID; s++) map[s] = s + 1;
  const words: string[] = [];
  kept.forEach((id, rank) => {
    map[id] = FIRST_NEURAL_WORD + rank;
    words.push(wordOf(data, id));
  });
  return { words, map };
}
