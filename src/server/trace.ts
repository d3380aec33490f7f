/**
 * The server's view of a reference index: trace a text to its sources, add
 * documents. Adapts the trace stage (`src/trace`) when one is configured.
 */
import { UnspinError } from '../errors.js';

export interface TracePassage {
  query: [number, number];
  source: [number, number];
  /** The source passage itself, when the index keeps the documents' text. */
  sourceText?: string;
}

export interface TraceMatch {
  id: string;
  title?: string;
  url?: string;
  score: number;
  coverage: number;
  passages: TracePassage[];
}

export interface IndexDocument {
  id: string;
  text: string;
  title?: string;
  url?: string;
}

export interface ReferenceIndex {
  /** Sources of `text`, best first (offsets into `text` and into each source). */
  trace(text: string, limit: number): TraceMatch[];
  /** Adds or replaces documents by id. */
  add(documents: readonly IndexDocument[]): void;
  close(): void;
}

/** Opens the index file for the server; fails in one line when it cannot. */
export async function openReferenceIndex(path: string): Promise<ReferenceIndex> {
  void path;
  throw new UnspinError('index-invalid', 'tracing is not available in this build yet (the trace stage is missing)');
}
