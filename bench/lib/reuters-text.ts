/**
 * The benchmark text: every Reuters-21578 story (title and body) joined by
 * blank lines, ~16 MB, written once to a temp folder in original case and
 * lower-cased (what `grep -F` is given, since case folding belongs in our
 * normalisation, not in grep's locale machinery).
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireSharedData, reutersDocuments } from '../../tools/corpora.js';

export interface BenchText {
  /** Original-case file. */
  path: string;
  /** Lower-cased copy of the same text. */
  lowerPath: string;
  bytes: number;
}

export function reutersBenchText(): BenchText {
  requireSharedData();
  const dir = join(tmpdir(), 'unspin-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'reuters.txt');
  const lowerPath = join(dir, 'reuters.lower.txt');
  if (!existsSync(path) || !existsSync(lowerPath)) {
    const parts: string[] = [];
    for (const doc of reutersDocuments()) parts.push(`${doc.title}\n\n${doc.body}`);
    const text = parts.join('\n\n');
    writeFileSync(path, text);
    writeFileSync(lowerPath, text.toLowerCase());
  }
  return { path, lowerPath, bytes: statSync(path).size };
}
