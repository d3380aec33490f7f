/**
 * Builds the statistical model shipped in data/model/ (npm run build:model).
 *
 * Sources (see data/model/README.md for licences): the BBC and Reuters
 * development documents and the build splits of Wikipedia, Wikinews and the
 * science abstracts (counts only), wordfreq, PPDB-XL, MyThes. No test
 * document is read, and no dev document of the broad domains is counted.
 *
 * Steps:
 *  1. every counted document is read once, as word hashes (`HashCorpus`);
 *  2. statistics counted without the calibration documents (a fifth of the
 *     news dev documents; the broad domains' dev splits are never counted),
 *     and the scorer fitted on calibration documents of every domain, spun
 *     and clean;
 *  3. the news fifth added to the counts, written with that fit.
 *
 * Options: --out FILE (default data/model/model.bin), --holdout (write the
 * step-2 model instead: for measuring on the calibration documents while tuning).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeSections } from '../src/model/format.js';
import { modelFromSections } from '../src/model/model.js';
import { StatisticalModel } from '../src/model/scan.js';
import { Calibration, CALIBRATION_LENGTH } from '../src/model/calibration.js';
import { ppsPairs, REPO, requireSharedData } from '../tools/corpora.js';
import { isPpsTuningPair } from './model/terms.js';
import { assemble, chooseVocabulary, DEFAULT_PARAMETERS } from './model/assemble.js';
import { HashCorpus, NgramCounter, WordCounter } from './model/counts.js';
import { calibrationTexts, countedTexts } from './model/folds.js';
import { readMythes, readPpdb, readWordfreq } from './model/sources.js';
import { embeddingsPath, readVectors } from './model/vectors.js';
import { DEFAULT_FIT, fitCalibration, fitDocumentProbability, measure } from './model/fit.js';
import { labelledDocuments, labelledPhrases, labelledSlots, mpcDocuments } from './model/slots.js';
import { fitLogistic } from './model/logistic.js';
import { PHRASE_FEATURES } from '../src/model/calibration.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, holdout: { type: 'boolean' } } });
requireSharedData();

const started = Date.now();
const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

const wordfreq = readWordfreq();
const ppdb = readPpdb();
const mythes = readMythes();
const vectors = readVectors(embeddingsPath());
log(`sources: wordfreq ${wordfreq.length} words, PPDB ${ppdb.size} heads, MyThes ${mythes.size} heads`);

// The expected phrases of the PPS training pairs, one per line: the corpus's only scientific collocations.
const ppsTerms = ppsPairs()
  .filter((pair) => pair.split === 'train' && !(process.env.UNSPIN_PPS_TUNING === '1' && isPpsTuningPair(pair.tortured)))
  .flatMap((pair) => pair.expected)
  .join('\n');

// Step 1: every counted document, read once. The vocabulary comes from the documents counted in step 2.
const counted = new HashCorpus();
const fold = new HashCorpus();
const words = new WordCounter();
const documentsBy: Record<string, number> = {};
for (const { corpus, text, calibration } of countedTexts()) {
  documentsBy[corpus] = (documentsBy[corpus] ?? 0) + 1;
  if (calibration) fold.add(text);
  else counted.add(text, words.onWord);
}
counted.add(ppsTerms, words.onWord);
log(`read ${counted.documents} documents (${counted.length} positions) to count and ${fold.documents} calibration documents: ${JSON.stringify(documentsBy)}`);

/** Calibration documents per corpus, and the synthetic farms they are spun by (dev documents only). */
const CLEAN_PER_SPUN = 40;
const SPIN_SETTINGS = [0.05, 0.1, 0.2, 0.35].flatMap((rate, i) => [{ rate, seed: 100 + i }, { rate, seed: 200 + i }]);

const holdout = values.holdout === true;

// Step 2: statistics without the calibration documents, and the scorer fitted on them.
const vocabulary = chooseVocabulary({ wordfreq, ppdb, mythes, corpusWords: words.counts() }, DEFAULT_PARAMETERS);
log(`vocabulary: ${vocabulary.words.length} words`);
const counter = new NgramCounter(vocabulary.words.length);
for (const { ids, length } of counted.sequences(vocabulary)) counter.add(ids, length);
log(`counted ${counter.tokens} positions: ${counter.bigrams.size} distinct pairs, ${counter.trigrams.size} distinct triples`);
const inputs = { ppdb, mythes, vectors, vocabulary };
const withoutFold = assemble({ ...inputs, counts: counter.snapshot() }, DEFAULT_PARAMETERS);
log(`statistics without the calibration documents: ${JSON.stringify(withoutFold.stats)}`);
const meta = (stats: Record<string, number>) => new TextEncoder().encode(JSON.stringify({
  format: 1,
  built: 'npm run build:model',
  holdout,
  parameters: DEFAULT_PARAMETERS,
  fit: DEFAULT_FIT,
  stats,
  documents: documentsBy,
  sources: [
    'bbc-news (dev split)', 'reuters-21578 (dev split)', 'enwiki-2015-extract (build split)', 'enwikinews-2022 (build split)',
    'scitldr-abstracts + keyphrase-datasets abstracts (build split)', 'PPS training expected phrases',
    'wordfreq 3.1 large_en', 'PPDB 1.0 XL lexical', 'MyThes en_US v2',
  ],
}));
withoutFold.sections.set('calib', new Float32Array(CALIBRATION_LENGTH));
withoutFold.sections.set('meta', meta(withoutFold.stats));
const unfitted = new StatisticalModel(modelFromSections(withoutFold.sections, 'in memory'));

const calibration_ = calibrationTexts();
log(`calibration documents: ${JSON.stringify(calibration_.counts)}`);
const documents = labelledDocuments(calibration_.texts, SPIN_SETTINGS);
const slots = labelledSlots(unfitted, documents);
const calibration = fitCalibration(slots, DEFAULT_FIT);
const fitted = measure(slots, documents, calibration);
log(`calibration on ${documents.length} documents, ${slots.length} slots: ${Object.entries(fitted).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
// The multiword-phrase scorer, on the same documents.
const phrases = labelledPhrases(unfitted, documents);
const phraseWeights = fitLogistic(phrases.map((p) => ({ features: p.features, label: p.label })), PHRASE_FEATURES, DEFAULT_FIT.lambda);
const phraseRate = phrases.filter((p) => p.label === 1).length / Math.max(phrases.length, 1);
calibration.set(phraseWeights, Calibration.PhraseWeights);
calibration[Calibration.PhraseBase] = Math.log(phraseRate / (1 - phraseRate));
log(`phrase scorer on ${phrases.length} phrase slots (${(phraseRate * 100).toFixed(1)}% substituted): ${Array.from(phraseWeights, (w) => w.toFixed(2)).join(' ')}`);

// The document probability, for a population of CLEAN_PER_SPUN clean documents per spun one.
// With the MPC SpinBot development pairs (file lines 1-100; never the test half): real spinner output, not only the
// fixture's (UNSPIN_MPC=0 leaves them out, for comparison).
const useMpc = process.env.UNSPIN_MPC !== '0';
const mpc = useMpc ? mpcDocuments() : [];
const documentSet = [...documents, ...mpc];
const documentSlots = [...slots, ...labelledSlots(unfitted, mpc).map((s) => ({ ...s, document: s.document + documents.length }))];
fitDocumentProbability(documentSlots, documentSet, calibration, Number(process.env.UNSPIN_CLEAN ?? CLEAN_PER_SPUN));
log(`document probability: σ(${calibration[Calibration.DocumentBias]!.toFixed(3)} + ${calibration[Calibration.DocumentSlope]!.toFixed(3)} · ln BF)`);

// Step 3: the calibration fifth of the news dev documents added to the counts, with that calibration.
if (!holdout) for (const { ids, length } of fold.sequences(vocabulary)) counter.add(ids, length);
const built = holdout ? withoutFold : assemble({ ...inputs, counts: counter }, DEFAULT_PARAMETERS);
log(`statistics: ${JSON.stringify(built.stats)}`);
built.sections.set('calib', calibration);
built.sections.set('meta', meta(built.stats));

const out = values.out ?? join(REPO, 'data', 'model', 'model.bin');
mkdirSync(dirname(out), { recursive: true });
const image = encodeSections(built.sections);
writeFileSync(out, image);
log(`wrote ${out}: ${(image.length / 1e6).toFixed(1)} MB`);
