/**
 * Extraction: raw input → the article text that detection analyses.
 * OWNER: extract helper. Contract below is fixed; bodies are being written.
 */
import type { Range } from '../types.js';

export interface Article {
  /** The text that is analysed; findings' offsets index into it. */
  text: string;
  /** How the input was read: detected from the content, never from a file name. */
  kind: 'text' | 'html';
  title?: string;
  /** Page chrome inside `text` (comment forms, share counters, ...): never analysed or flagged. Sorted, disjoint. */
  excluded: Range[];
}

export interface ExtractOptions {
  /** Force a reading; default detects HTML from the content. */
  kind?: 'auto' | 'text' | 'html';
  /** The page's address, used by Readability to resolve links. */
  url?: string;
}

export function extract(source: string, options: ExtractOptions = {}): Article {
  void source; void options;
  throw new Error('extract: not implemented yet');
}
