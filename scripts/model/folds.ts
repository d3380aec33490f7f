/**
 * Which documents the statistics are counted on, and which are held out to
 * fit the calibration against (and to measure on while tuning).
 *
 * Test-split documents are never read here. News (BBC, Reuters): among the
 * development documents, a fixed fifth (by a different byte of the id's sha1
 * than the test split uses) is the calibration fold; the rest is counted.
 * Broad English (Wikipedia, Wikinews, science; `tools/corpora.ts`): the build
 * split is counted, the dev split is where calibration documents come from and
 * is never counted. The calibration is fitted with statistics counted
 * *without* any calibration document, so the model meets those documents as
 * it will meet a user's: unseen.
 */
import { createHash } from 'node:crypto';
import { bbcDocuments, broadDocuments, DOMAINS, reutersDocuments, type NewsDocument } from '../../tools/corpora.js';

export function isCalibrationDocument(id: string): boolean {
  return createHash('sha1').update(id, 'utf8').digest()[1]! % 5 === 0;
}

/** Development documents (BBC then Reuters, in file order); the test split is never yielded. */
export function* devDocuments(): Generator<NewsDocument> {
  for (const doc of bbcDocuments()) if (doc.split === 'dev') yield doc;
  for (const doc of reutersDocuments()) if (doc.split === 'dev') yield doc;
}

export const documentText = (doc: { title: string; body: string }) => (doc.title ? `${doc.title}\n\n${doc.body}` : doc.body);

export interface CountedText {
  corpus: string;
  text: string;
  /** A news calibration-fold document: counted only in the final statistics. */
  calibration: boolean;
}

/** Every document the statistics may count, streamed: news dev documents, then the broad domains' build splits. */
export function* countedTexts(): Generator<CountedText> {
  for (const doc of devDocuments()) {
    yield { corpus: doc.id.startsWith('bbc/') ? 'bbc' : 'reuters', text: documentText(doc), calibration: isCalibrationDocument(doc.id) };
  }
  for (const domain of DOMAINS) {
    for (const doc of broadDocuments(domain)) if (doc.split === 'build') yield { corpus: domain, text: documentText(doc), calibration: false };
  }
}

/** Calibration documents per corpus: long enough to be pages (Reuters has many one-line items). */
export const CALIBRATION_DOCUMENTS = 300;
const MIN_CHARACTERS = 400;
/** Wikipedia articles run to thousands of words; the first paragraphs up to this many characters stand for the page. */
const MAX_CHARACTERS = 12000;

/** Up to CALIBRATION_DOCUMENTS calibration documents of each corpus: the news calibration fold and the broad dev splits. */
export function calibrationTexts(perCorpus = CALIBRATION_DOCUMENTS): { texts: string[]; counts: Record<string, number> } {
  const texts: string[] = [];
  const counts: Record<string, number> = {};
  const take = (corpus: string, doc: { title: string; body: string }) => {
    if (doc.body.length < MIN_CHARACTERS || (counts[corpus] ?? 0) >= perCorpus) return;
    counts[corpus] = (counts[corpus] ?? 0) + 1;
    texts.push(documentText({ title: doc.title, body: truncate(doc.body) }));
  };
  for (const doc of devDocuments()) if (isCalibrationDocument(doc.id)) take(doc.id.startsWith('bbc/') ? 'bbc' : 'reuters', doc);
  for (const domain of DOMAINS) {
    for (const doc of broadDocuments(domain)) {
      if (doc.split !== 'dev') continue;
      take(domain, doc);
      if (counts[domain] === perCorpus) break;
    }
  }
  return { texts, counts };
}

/** The paragraphs of `body` that fit in MAX_CHARACTERS (at least one). */
function truncate(body: string): string {
  if (body.length <= MAX_CHARACTERS) return body;
  const paragraphs = body.split('\n\n');
  let out = paragraphs[0]!;
  for (let i = 1; i < paragraphs.length && out.length + paragraphs[i]!.length + 2 <= MAX_CHARACTERS; i++) out += '\n\n' + paragraphs[i]!;
  return out;
}
