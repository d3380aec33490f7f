/**
 * Which development documents the statistics are counted on and which are
 * held out to fit the calibration against (and to measure on while tuning).
 *
 * Test-split documents (`isTestDocument`) are never read here. Among the
 * development documents, a fixed fifth (by a different byte of the id's
 * sha1 than the test split uses) is the calibration fold: the calibration
 * is fitted with statistics counted *without* it, so the model meets those
 * documents as it will meet a user's: unseen.
 */
import { createHash } from 'node:crypto';
import { bbcDocuments, reutersDocuments, type NewsDocument } from '../../tools/corpora.js';

export function isCalibrationDocument(id: string): boolean {
  return createHash('sha1').update(id, 'utf8').digest()[1]! % 5 === 0;
}

/** Development documents (BBC then Reuters, in file order); the test split is never yielded. */
export function* devDocuments(): Generator<NewsDocument> {
  for (const doc of bbcDocuments()) if (doc.split === 'dev') yield doc;
  for (const doc of reutersDocuments()) if (doc.split === 'dev') yield doc;
}

export const documentText = (doc: NewsDocument) => (doc.title ? `${doc.title}\n\n${doc.body}` : doc.body);
