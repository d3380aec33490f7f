/**
 * Development measurement (never the PPS test split): the term restorer on
 * the development fold of the PPS *training* pairs (first byte of
 * sha1(phrase) % 5 === 1), with a restorer built without that fold:
 *   npx tsx scripts/build-terms.ts --dev      (writes /tmp/unspin-terms-dev/terms.bin, ~1 minute)
 *   npx tsx eval/dev/pps-dev.ts [terms.bin]
 * Lexicon without the fold + the term restorer (with the shipped model's
 * word-pair counts for `writtenAsEnglish`, and without them, to see what
 * that rule costs), phrase alone and in the eval's carrier sentences, as
 * `npm run eval` measures the test split.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detect } from '../../src/detect/index.js';
import { compileLexicons, loadDefaultLexicons } from '../../src/lexicon/index.js';
import { loadDefaultModel, type LanguageModel } from '../../src/model/index.js';
import { decodeTables, TermModel, withTerms } from '../../src/model/terms/index.js';
import { readDataFile } from '../../src/model/format.js';
import { TERMS_FILE } from '../../src/model/terms/tables.js';
import { applySuggestions } from '../../src/restore/index.js';
import { tokenize } from '../../src/text/tokenize.js';
import { ppsPairs, ppsPhraseWords } from '../../tools/corpora.js';
import { normalizeForMatch } from '../metrics.js';
import { CARRIERS } from '../sections/pps.js';

const args = process.argv.slice(2);
const confidenceAt = args.indexOf('--confidence');
/** `--confidence c`: report from this confidence instead of the shipped REPORT_CONFIDENCE (to see the trade-off). */
const reportConfidence = confidenceAt >= 0 ? Number(args[confidenceAt + 1]) : undefined;
const path = args.find((a, i) => !a.startsWith('--') && i !== confidenceAt + 1) ?? join(tmpdir(), 'unspin-terms-dev', 'terms.bin');
const fold = ppsPairs().filter((p) => p.split === 'train' && createHash('sha1').update(p.tortured, 'utf8').digest()[0]! % 5 === 1);

const phraseWords = (text: string): string | null => ppsPhraseWords(text)?.join(' ') ?? null;
const foldPhrases = new Set(fold.map((p) => phraseWords(p.tortured)));
// The shipped lexicon holds the fold: without it, the fold's phrases are as new to unspin as the test split's.
const lexicon = compileLexicons(loadDefaultLexicons().map((l) => ({ ...l, entries: l.entries.filter((e) => !foldPhrases.has(phraseWords(e.phrase))) })));
const terms = new TermModel(decodeTables(readDataFile(path, TERMS_FILE), path), reportConfidence === undefined ? {} : { reportConfidence });
const context = loadDefaultModel();
// Only the context model's word-pair counts: its own findings are left out (its tables saw every training pair).
const countsOnly: LanguageModel = { scan: () => [], pairCount: context!.pairCount!.bind(context) };
const configurations: Array<[string, LanguageModel]> = [
  ['terms (no pair counts)', withTerms(terms, null)],
  ['terms + writtenAsEnglish', withTerms(terms, countsOnly)],
];
const percent = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}% (${n}/${of})`;
for (const [name, model] of configurations) {
  let exactAlone = 0, detectedAlone = 0, exactCarrier = 0, detectedCarrier = 0;
  const check = (text: string) => {
    const { findings } = detect({ text, kind: 'text', excluded: [] }, tokenize(text), { lexicon, model });
    return { findings, restored: applySuggestions(text, findings) };
  };
  for (const pair of fold) {
    const expected = new Set(pair.expected.map(normalizeForMatch));
    const alone = check(pair.tortured);
    if (alone.findings.length > 0) detectedAlone++;
    if (expected.has(normalizeForMatch(alone.restored))) exactAlone++;
    for (const carrier of CARRIERS) {
      const at = carrier.indexOf('{phrase}');
      const result = check(carrier.replace('{phrase}', pair.tortured));
      if (result.findings.some((f) => f.start < at + pair.tortured.length && at < f.end)) detectedCarrier++;
      if (pair.expected.some((e) => normalizeForMatch(carrier.replace('{phrase}', e)) === normalizeForMatch(result.restored))) exactCarrier++;
    }
  }
  console.log(`${name}: exact alone ${percent(exactAlone, fold.length)}, in a carrier ${percent(exactCarrier, fold.length * CARRIERS.length)}; ` +
    `detected alone ${percent(detectedAlone, fold.length)}, in a carrier ${percent(detectedCarrier, fold.length * CARRIERS.length)}`);
}
