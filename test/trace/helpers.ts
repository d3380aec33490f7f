/** Shared pieces of the trace and learn tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/shared.js';

/** The seed page with every gold-annotated substitution put back: its original, as far as the gold knows it. */
export function seedOriginal(seed: string): string {
  const gold = JSON.parse(readFileSync(join(REPO, 'eval', 'gold', 'seed.json'), 'utf8')) as Array<{ start: number; end: number; original: string }>;
  let text = seed;
  for (const span of [...gold].sort((a, b) => b.start - a.start)) text = text.slice(0, span.start) + span.original + text.slice(span.end);
  return text;
}

/** Lower-cased words of a text, for comparing what two slices say. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(Boolean);
}
