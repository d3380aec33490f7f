/**
 * The cascade's cheap screen: can a document be cleared without the full
 * model?
 *
 * The model scores every word that has candidate originals with n-grams,
 * trigrams, word vectors and document-level evidence (about 6 ms for a
 * 400-word article). The screen asks one question of each word, with the
 * model's own tables: is some candidate original much more probable after
 * the previous word than the word written (a bigram likelihood ratio,
 * channel included)? A spinner leaves such words everywhere; clean prose
 * has few. A document with fewer than `MAX_SUSPECTS_PER_1000` such words
 * per 1,000 is cleared: the lexicon pass's verdict stands. Everything else
 * goes to the model, which decides.
 *
 * The threshold comes from development splits only (`npx tsx
 * bench/scan/calibrate.ts`: clean Wikinews and Wikipedia dev articles, which
 * the model never counted, and half of them spun by the fixture spinner at
 * 10/20/35%). Pooled, a density under 14 keeps 96.6% of the model's spun
 * verdicts and clears 90.5% of the clean articles (under 16 would keep 95%
 * and clear 94%). The target is 95% kept on unseen text and samples of a few
 * hundred spun verdicts move these numbers by a point or two, so the margin
 * goes to keeping. It is never tuned on the BBC/Reuters test half, which
 * `npm run bench` measures.
 */
import type { Detection } from '../detect/index.js';
import { loadDefaultModel, StatisticalModel } from '../model/index.js';
import { isCapitalised } from '../model/scan.js';
import type { ModelData } from '../model/model.js';
import { Special, toSequence } from '../model/sequence.js';
import type { Tokens } from '../text/tokenize.js';

/** ln likelihood ratio (nats) from which a word is a suspect: a candidate e^4 ≈ 55 times more probable in its slot. */
const SUSPECT_NATS = 4;
/** Suspects per 1,000 words below which a document is cleared (see above). */
export const MAX_SUSPECTS_PER_1000 = 14;

interface ScreenTables {
  data: ModelData;
  /** Per written word: the largest ln P(w | c) over its candidates, −∞ when it has none (an upper bound on its evidence). */
  maxChannel: Float32Array;
}

let tables: ScreenTables | null | undefined;

function screenTables(): ScreenTables | null {
  if (tables !== undefined) return tables;
  const model = loadDefaultModel();
  if (!(model instanceof StatisticalModel)) return (tables = null);
  const data = model.data;
  const words = data.candidateOffsets.length - 1;
  const maxChannel = new Float32Array(words).fill(-Infinity);
  for (let w = 0; w < words; w++) {
    for (let j = data.candidateOffsets[w]!; j < data.candidateOffsets[w + 1]!; j++) {
      const channel = data.candidateLogChannel[j]!;
      if (channel > maxChannel[w]!) maxChannel[w] = channel;
    }
  }
  return (tables = { data, maxChannel });
}

/** Builds the screen's tables ahead of the first document (a thread does it while the pool starts). */
export function prepareScreen(): void {
  screenTables();
}

/** Suspect words per 1,000 words, or null when the shipped model (whose tables the screen reads) is absent. */
export function suspectDensity(tokens: Tokens): number | null {
  const t = screenTables();
  if (!t) return null;
  const { data, maxChannel } = t;
  const ngrams = data.ngrams;
  const sequence = toSequence(tokens, data.vocabulary);
  let words = 0;
  let suspects = 0;
  for (let p = 1; p < sequence.length; p++) {
    if (sequence.tokenAt[p]! < 0) continue;
    const w = sequence.ids[p]!;
    words++;
    const bound = maxChannel[w]!;
    if (bound === -Infinity) continue;
    const v = sequence.ids[p - 1]!;
    // A capitalised word inside a sentence is a name ("Kerik", "Arrant") far more often than a substitute: spinners
    // leave names alone, and on Wikinews dev such words were as common among the suspects of clean articles as of
    // spun ones. Headlines in title case lose the screen's eye; the lexicon pass still reads them.
    if (v !== Special.Boundary && isCapitalised(tokens.text, tokens.starts[sequence.tokenAt[p]!]!)) continue;
    // A pair of words the model's corpus holds is familiar in its slot; a spinner's substitute mostly makes a pair
    // never seen ("chilly warfare"). One probe, mostly answered by the table's bit filter, passes over most words
    // before any candidate is looked at: on Wikinews dev this cut the screen's cost 13× and cleared as many clean
    // articles at the same share of spun verdicts kept (bench/scan/calibrate.ts).
    if (ngrams.pairSlot(v, w) >= 0) continue;
    const written = ngrams.logBigram(v, w);
    // ln P(c | v) ≤ 0, so no candidate can beat the written word by more than this: most words stop here.
    if (bound - written <= SUSPECT_NATS) continue;
    for (let j = data.candidateOffsets[w]!; j < data.candidateOffsets[w + 1]!; j++) {
      if (ngrams.logBigram(v, data.candidateIds[j]!) + data.candidateLogChannel[j]! - written > SUSPECT_NATS) {
        suspects++;
        break;
      }
    }
  }
  return words === 0 ? 0 : (1000 * suspects) / words;
}

/**
 * Whether the lexicon pass's verdict can stand without the model. A
 * document the lists already judge spun goes on to the model, which may
 * add findings; a stray list hit below the threshold does not by itself
 * send a document on: the density decides, as for any other.
 */
export function screenClears(lexiconPass: Detection, tokens: Tokens): boolean {
  if (lexiconPass.verdict.spun) return false;
  const density = suspectDensity(tokens);
  return density !== null && density < MAX_SUSPECTS_PER_1000;
}
