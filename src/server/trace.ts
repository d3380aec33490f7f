/**
 * The server's view of a reference index: trace a text to its sources, add
 * documents. Adapts the trace stage (`src/trace`): its SQLite index is
 * synchronous and fast per query, so it runs on the HTTP thread.
 */
import type { Range } from '../types.js';
// Types only: a server without --index never loads SQLite.
import type { IndexDocument, TraceMatch as IndexMatch, TracePassage as IndexPassage } from '../trace/index.js';
import { listSubstitutions, type Substitution } from '../trace/substitutions.js';

export type { IndexDocument };

/** A passage as the API returns it: offsets in both texts, and the source's words. */
export type TracePassage = Pick<IndexPassage, 'query' | 'source'> & {
  /** The source passage itself, when the index keeps the documents' text. */
  sourceText?: string;
  /** The runs of words the copy wrote differently, offsets in both texts. */
  substitutions: Substitution[];
};

/** A match as the API returns it (the index's match without its internal details). */
export type TraceMatch = Omit<IndexMatch, 'passages' | 'sourceText'> & { passages: TracePassage[] };

export interface ReferenceIndex {
  /** Where it lives, and how many documents it holds (for the start-up line). */
  readonly path: string;
  documents(): number;
  /** Sources of `text`, best first (offsets into `text` and into each source); `excluded` is page chrome. */
  trace(text: string, limit: number, excluded?: readonly Range[]): TraceMatch[];
  /** Adds or replaces documents by id, all in one transaction. */
  add(documents: readonly IndexDocument[]): void;
  close(): void;
}

/**
 * Opens the index file, creating an empty one when it does not exist (the
 * API can fill it); fails in one line when the file is not an index.
 */
export async function openReferenceIndex(path: string): Promise<ReferenceIndex> {
  // Loaded only with --index: a server without one never opens SQLite.
  const { openIndex } = await import('../trace/index.js');
  const index = openIndex(path, { create: true });
  return {
    path,
    documents: () => index.stats().documents,
    trace(text, limit, excluded) {
      return index.search(text, { limit, excluded, details: true }).map((match) => ({
        id: match.id,
        ...(match.title !== undefined ? { title: match.title } : {}),
        ...(match.url !== undefined ? { url: match.url } : {}),
        score: match.score,
        coverage: match.coverage,
        passages: match.passages.map((passage) => ({
          query: passage.query,
          source: passage.source,
          ...(match.sourceText !== undefined ? { sourceText: match.sourceText.slice(passage.source[0], passage.source[1]) } : {}),
          substitutions: listSubstitutions(passage.segments, text, match.sourceText),
        })),
      }));
    },
    add(documents) {
      index.transaction(() => {
        for (const document of documents) index.add(document);
      });
    },
    close: () => index.close(),
  };
}
