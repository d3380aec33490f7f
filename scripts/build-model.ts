/**
 * Builds the statistical model shipped in data/model/ (npm run build:model).
 *
 * Sources (see data/model/README.md for licences): BBC and Reuters
 * development documents (counts only), wordfreq, PPDB-XL, MyThes. The test
 * split of BBC/Reuters is never read.
 *
 * Steps:
 *  1. statistics counted without the calibration fold (a fifth of the dev
 *     documents), and the scorer fitted on that fold, spun and clean;
 *  2. statistics counted on every dev document, written with that fit.
 *
 * Options: --out FILE (default data/model/model.bin), --holdout (write the
 * step-1 model instead: for measuring on the calibration fold while tuning).
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
import { assemble, DEFAULT_PARAMETERS } from './model/assemble.js';
import { devDocuments, documentText, isCalibrationDocument } from './model/folds.js';
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

const texts = (withoutFold: boolean) => function* () {
  for (const doc of devDocuments()) if (!withoutFold || !isCalibrationDocument(doc.id)) yield documentText(doc);
  yield ppsTerms;
};

/** Calibration documents per corpus, and the synthetic farms they are spun by (dev documents only). */
const CALIBRATION_DOCUMENTS = 300;
const CLEAN_PER_SPUN = 40;
const SPIN_SETTINGS = [0.05, 0.1, 0.2, 0.35].flatMap((rate, i) => [{ rate, seed: 100 + i }, { rate, seed: 200 + i }]);

const holdout = values.holdout === true;

// Step 1: statistics without the calibration fold, and the scorer fitted on it.
const withoutFold = assemble({ wordfreq, ppdb, mythes, vectors, texts: texts(true) }, DEFAULT_PARAMETERS);
log(`statistics without the calibration fold: ${JSON.stringify(withoutFold.stats)}`);
const meta = (stats: Record<string, number>) => new TextEncoder().encode(JSON.stringify({
  format: 1,
  built: 'npm run build:model',
  holdout,
  parameters: DEFAULT_PARAMETERS,
  fit: DEFAULT_FIT,
  stats,
  sources: ['bbc-news (dev split, counts >= 2)', 'reuters-21578 (dev split, counts >= 2)', 'wordfreq 3.1 large_en', 'PPDB 1.0 XL lexical', 'MyThes en_US v2'],
}));
withoutFold.sections.set('calib', new Float32Array(CALIBRATION_LENGTH));
withoutFold.sections.set('meta', meta(withoutFold.stats));
const unfitted = new StatisticalModel(modelFromSections(withoutFold.sections, 'in memory'));

const calibrationTexts: string[] = [];
let bbc = 0;
let reuters = 0;
for (const doc of devDocuments()) {
  // Articles long enough to be pages; Reuters has many one-line items.
  if (!isCalibrationDocument(doc.id) || doc.body.length < 400) continue;
  if (doc.id.startsWith('bbc/') ? bbc++ < CALIBRATION_DOCUMENTS : reuters++ < CALIBRATION_DOCUMENTS) calibrationTexts.push(documentText(doc));
}
const documents = labelledDocuments(calibrationTexts, SPIN_SETTINGS);
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
const useMpc = process.env.UNSPIN_MPC === '1';
const mpc = useMpc ? mpcDocuments() : [];
const documentSet = [...documents, ...mpc];
const documentSlots = [...slots, ...labelledSlots(unfitted, mpc).map((s) => ({ ...s, document: s.document + documents.length }))];
fitDocumentProbability(documentSlots, documentSet, calibration, Number(process.env.UNSPIN_CLEAN ?? CLEAN_PER_SPUN));
log(`document probability: σ(${calibration[Calibration.DocumentBias]!.toFixed(3)} + ${calibration[Calibration.DocumentSlope]!.toFixed(3)} · ln BF)`);

// Step 2: statistics from every dev document, with that calibration.
const built = holdout ? withoutFold : assemble({ wordfreq, ppdb, mythes, vectors, texts: texts(false) }, DEFAULT_PARAMETERS);
log(`statistics: ${JSON.stringify(built.stats)}`);
built.sections.set('calib', calibration);
built.sections.set('meta', meta(built.stats));

const out = values.out ?? join(REPO, 'data', 'model', 'model.bin');
mkdirSync(dirname(out), { recursive: true });
const image = encodeSections(built.sections);
writeFileSync(out, image);
log(`wrote ${out}: ${(image.length / 1e6).toFixed(1)} MB`);
