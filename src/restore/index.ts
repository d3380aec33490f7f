/**
 * Restoration: apply each finding's best suggestion, keeping the writer's case,
 * spacing and punctuation. OWNER: report/restore helper.
 */
import type { Finding } from '../types.js';

/** `text` with each finding (that has a suggestion) replaced by `expected[0]`, case-matched. */
export function applySuggestions(text: string, findings: readonly Finding[]): string {
  void text; void findings;
  throw new Error('restore: not implemented yet');
}

export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** A word-level diff of two texts (whitespace kept inside the parts). */
export function wordDiff(before: string, after: string): DiffPart[] {
  void before; void after;
  throw new Error('restore: not implemented yet');
}
