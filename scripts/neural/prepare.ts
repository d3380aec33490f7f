/**
 * Training data for the replaced-token detector experiment (issue 9 item 5).
 *
 *   npx tsx scripts/neural/prepare.ts /tmp/neural/data
 *
 * Reads only documents the statistical model may count: the build splits of
 * Wikipedia, Wikinews and the science abstracts (tools/corpora.ts `split3`)
 * and the news development documents outside the calibration fold
 * (scripts/model/folds.ts). No dev or test document of any corpus is read.
 * Each document is spun by the fixture spinner with the thesauri the model
 * reverses (PPDB-XL + MyThes; never the held-out Aiksaurus dictionary, which
 * the evaluation spins with) at a random rate, one random farm per document,
 * or left clean; then read as the scanner reads text (src/text/tokenize.ts,
 * src/model/sequence.ts) and written as
 *   ids.u16     one neural id per sequence position (0 pad, 1 unknown, 2-5 marks, words from 6)
 *   labels.u8   per position: 1 a spinner's word, 0 a written word, 255 not a word (no loss)
 *   vocab.txt   the words of ids 6.., one a line: the model vocabulary's most frequent words
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpinner } from '../../bench/fixtures/spinner.js';
import { DEFAULT_MODEL_PATH, loadModel } from '../../src/model/index.js';
import { toSequence } from '../../src/model/sequence.js';
import { tokenize, TokenKind } from '../../src/text/tokenize.js';
import { bbcDocuments, broadDocuments, reutersDocuments } from '../../tools/corpora.js';
import { isCalibrationDocument } from '../model/folds.js';
import { NEURAL_WORDS, neuralIdMap } from './vocabulary.js';

const out = process.argv[2] ?? '/tmp/neural/data';
mkdirSync(out, { recursive: true });
/** Sequence positions per source (a long Wikipedia article stands for itself with its first words). */
const BUDGET: Record<string, number> = { wikipedia: 7_000_000, wikinews: 3_000_000, science: 1_000_000, bbc: 1_200_000, reuters: 1_800_000 };
const MAX_WORDS_PER_DOCUMENT = 1500;
const RATES = [0, 0.05, 0.1, 0.2, 0.35];

const data = loadModel(DEFAULT_MODEL_PATH).data;
const { words, map } = neuralIdMap(data, NEURAL_WORDS);
writeFileSync(join(out, 'vocab.txt'), words.join('\n') + '\n');
const spinner = loadSpinner(undefined, 'thesauri');

// A small deterministic generator: the same data on every run.
let state = 0x9e3779b9;
const random = () => {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 4294967296;
};

const idChunks: Uint16Array[] = [];
const labelChunks: Uint8Array[] = [];
const used: Record<string, number> = {};
let replaced = 0;
let wordsSeen = 0;

function add(source: string, title: string, body: string): void {
  if ((used[source] ?? 0) >= BUDGET[source]!) return;
  const cut = body.split(/(\s+)/).slice(0, 2 * MAX_WORDS_PER_DOCUMENT).join('');
  const text = title ? `${title}\n\n${cut}` : cut;
  const rate = RATES[Math.floor(random() * RATES.length)]!;
  // Farm seeds from 100,000 on: the evaluation's farms (9137, 20241, …) are never among them.
  const spun = rate === 0 ? { text, edits: [] } : spinner.spin(text, { rate, seed: 100_000 + Math.floor(random() * 1_000_000) });
  const tokens = tokenize(spun.text);
  const sequence = toSequence(tokens, data.vocabulary);
  const ids = new Uint16Array(sequence.length);
  const labels = new Uint8Array(sequence.length).fill(255);
  const edits = spun.edits;
  let e = 0;
  for (let p = 0; p < sequence.length; p++) {
    ids[p] = map[sequence.ids[p]!]!;
    const token = sequence.tokenAt[p]!;
    // Marks and inserted boundaries are context, not slots.
    if (token < 0 || tokens.kinds[token] !== TokenKind.Word) continue;
    const start = tokens.starts[token]!;
    const end = tokens.ends[token]!;
    while (e < edits.length && edits[e]!.end <= start) e++;
    const inEdit = e < edits.length && edits[e]!.start < end;
    labels[p] = inEdit ? 1 : 0;
    wordsSeen++;
    if (inEdit) replaced++;
  }
  idChunks.push(ids);
  labelChunks.push(labels);
  used[source] = (used[source] ?? 0) + sequence.length;
}

const started = Date.now();
for (const domain of ['wikipedia', 'wikinews', 'science'] as const) {
  for (const doc of broadDocuments(domain)) {
    if (doc.split !== 'build') continue;
    add(domain, doc.title, doc.body);
    if (used[domain]! >= BUDGET[domain]!) break;
  }
  console.log(domain, used[domain], `${((Date.now() - started) / 1000).toFixed(0)} s`);
}
for (const doc of bbcDocuments()) if (doc.split === 'dev' && !isCalibrationDocument(doc.id)) add('bbc', doc.title, doc.body);
for (const doc of reutersDocuments()) if (doc.split === 'dev' && !isCalibrationDocument(doc.id)) add('reuters', doc.title, doc.body);
console.log('news', used['bbc'], used['reuters']);

// Documents shuffled (deterministically), so that the last part can serve as validation of every source.
const order = idChunks.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const total = idChunks.reduce((n, c) => n + c.length, 0);
const ids = new Uint16Array(total);
const labels = new Uint8Array(total);
let at = 0;
for (const i of order) {
  ids.set(idChunks[i]!, at);
  labels.set(labelChunks[i]!, at);
  at += idChunks[i]!.length;
}
writeFileSync(join(out, 'ids.u16'), ids);
writeFileSync(join(out, 'labels.u8'), labels);
const meta = { positions: total, documents: order.length, words: wordsSeen, replacedShare: replaced / wordsSeen, used, vocabulary: words.length + 6 };
writeFileSync(join(out, 'meta.json'), JSON.stringify(meta, null, 2));
console.log(meta, `${((Date.now() - started) / 1000).toFixed(0)} s`);
