/**
 * Readers for the public data in ../shared/data, for build scripts, tests,
 * benchmarks and evaluation. The product never imports this file: a user has
 * no ../shared.
 *
 * Splits (fixed here, used everywhere):
 *  - PPS pairs: test when the first byte of sha1(lower-cased tortured phrase) % 5 === 0.
 *  - BBC and Reuters documents: test when the first byte of sha1(document id) % 5 === 0.
 *    Statistics shipped in the product (model counts, lexicon filters) are built from the
 *    non-test documents only, so that held-out numbers stay honest.
 *  - MPC SpinBot pairs: file lines 1-100 are development, 101-200 test.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = resolve(process.env.UNSPIN_SHARED_DIR ?? join(REPO, '..', 'shared'));
export const DATA = join(SHARED, 'data');

export function hasSharedData(): boolean {
  return existsSync(join(DATA, 'README.md'));
}

export function requireSharedData(): void {
  if (!hasSharedData()) {
    throw new Error(`public data not found at ${DATA} (set UNSPIN_SHARED_DIR to the folder holding data/)`);
  }
}

function firstByteMod5(key: string): number {
  return createHash('sha1').update(key, 'utf8').digest()[0]! % 5;
}

/** The PPS test split: never shipped, never tuned on. */
export function isPpsTestPhrase(tortured: string): boolean {
  return firstByteMod5(tortured.toLowerCase()) === 0;
}

/** The BBC/Reuters test split (by document id, e.g. `bbc/tech/001` or `reuters/123`). */
export function isTestDocument(id: string): boolean {
  return firstByteMod5(id) === 0;
}

export interface NewsDocument {
  /** `bbc/<topic>/<NNN>` or `reuters/<newid>`. */
  id: string;
  title: string;
  /** Body text, paragraphs separated by blank lines, hard wraps undone. */
  body: string;
  split: 'dev' | 'test';
}

/** Decodes UTF-8, falling back to Latin-1 for the odd legacy file. */
function readTextFile(path: string): string {
  const bytes = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

export function* bbcDocuments(): Generator<NewsDocument> {
  const root = join(DATA, 'bbc-news', 'bbc');
  for (const topic of readdirSync(root).sort()) {
    const folder = join(root, topic);
    if (!existsSync(folder) || topic.includes('.')) continue;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.txt')).sort()) {
      const raw = readTextFile(join(folder, file)).replace(/\r\n?/g, '\n');
      const [title = '', ...rest] = raw.split('\n');
      const body = rest.join('\n').replace(/\n{3,}/g, '\n\n').trim();
      const id = `bbc/${topic}/${file.replace(/\.txt$/, '')}`;
      yield { id, title: title.trim(), body, split: isTestDocument(id) ? 'test' : 'dev' };
    }
  }
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

/** Undoes Reuters' hard wrapping: paragraphs start with an indented line. */
export function unwrapReuters(body: string): string {
  return body
    .replace(/&(lt|gt|amp|quot|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\s*\bReuter\s*\u0003?\s*$/, '')
    .split(/\n(?=\s{2,})/)
    .map((para) => para.replace(/\s*\n\s*/g, ' ').trim())
    .filter((para) => para.length > 0)
    .join('\n\n');
}

export function* reutersDocuments(): Generator<NewsDocument> {
  const root = join(DATA, 'reuters-21578');
  for (const file of readdirSync(root).filter((f) => f.endsWith('.json')).sort()) {
    const records = JSON.parse(readFileSync(join(root, file), 'utf8')) as Array<{ attrs: { newid: string }; title?: string; body?: string }>;
    for (const record of records) {
      if (!record.body || record.body.trim().length === 0) continue;
      const id = `reuters/${record.attrs.newid}`;
      yield {
        id,
        title: (record.title ?? '').replace(/&(lt|gt|amp|quot|#39);/g, (m) => ENTITIES[m] ?? m).trim(),
        body: unwrapReuters(record.body),
        split: isTestDocument(id) ? 'test' : 'dev',
      };
    }
  }
}

export interface MpcPair {
  /** 1-based line number in the file: 1-100 dev, 101-200 test. */
  line: number;
  id: string;
  original: string;
  /** The spun text with cp1252 mojibake repaired where the data set could. */
  spun: string;
  identical: boolean;
  split: 'dev' | 'test';
}

export function mpcPairs(): MpcPair[] {
  const path = join(DATA, 'mpc-spinbot-sample', 'mpc_pairs_sample.jsonl');
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      const record = JSON.parse(line) as { pair_id: string; original: string; spun: string; spun_mojibake_fixed: string | null; identical: boolean };
      return {
        line: index + 1,
        id: record.pair_id,
        original: record.original,
        spun: record.spun_mojibake_fixed ?? record.spun,
        identical: record.identical,
        split: index < 100 ? 'dev' : 'test',
      } satisfies MpcPair;
    });
}

export interface PpsPair {
  tortured: string;
  /** Cleaned expected phrases, best first. */
  expected: string[];
  split: 'train' | 'test';
  /** Where the pair was read from. */
  from: 'torturedcheck-2026-03' | 'pps-export-2025-11';
}

/**
 * Strips PPS annotations ("(?)", "(in HMM)", "[neural network] layer outputs", links and
 * explanations) and splits alternatives ("a / b", "a or b", "a; b"). Explanations in prose
 * ("the word ‘are’ as in ...") are dropped: they are notes, not a restoration.
 */
export function cleanExpected(raw: string): string[] {
  const stripped = raw
    .replace(/\([^()]*(?:\([^()]*\)[^()]*)*\)/g, ' ')
    .replace(/\bsee\s+https?:\S*/gi, ' ')
    .replace(/https?:\S*/gi, ' ')
    .replace(/\[([^\]]*)\]/g, '$1');
  return stripped
    .split(/\s*(?:\/|;|\bor\b|,)\s*/)
    .map((s) => s.replace(/["“”?\\()]/g, '').replace(/\s+/g, ' ').trim().toLowerCase())
    .filter((s) => s.length > 0 && s.length < 60 && s.split(' ').length <= 6 && !/[‘’]/.test(s) && !/^(e\.g\.|i\.e\.|see|possibly)\b/.test(s));
}

/**
 * All PPS pairs, deduplicated by tortured phrase, from the 2026-03 snapshot and the
 * 2025-11 export (first quoted phrase of each fingerprint). Self-mappings are dropped.
 */
export function ppsPairs(): PpsPair[] {
  const dir = join(DATA, 'pps-tortured-phrases');
  const byPhrase = new Map<string, PpsPair>();
  const add = (tortured: string, expectedRaw: string, from: PpsPair['from']) => {
    const phrase = tortured.replace(/\s+/g, ' ').trim().toLowerCase();
    if (!phrase) return;
    const expected = cleanExpected(expectedRaw).filter((e) => e !== phrase && !e.includes(phrase));
    if (expected.length === 0) return;
    const known = byPhrase.get(phrase);
    if (known) {
      for (const e of expected) if (!known.expected.includes(e)) known.expected.push(e);
      return;
    }
    byPhrase.set(phrase, { tortured: phrase, expected, split: isPpsTestPhrase(phrase) ? 'test' : 'train', from });
  };
  const snapshot = JSON.parse(readFileSync(join(dir, 'pps_tortured_torturedcheck_2026-03.json'), 'utf8')) as { phrases: Array<{ tortured: string; correct: string }> };
  for (const p of snapshot.phrases) add(p.tortured, p.correct, 'torturedcheck-2026-03');
  const tsv = readFileSync(join(dir, 'pps_pairs_parsed.tsv'), 'utf8').split('\n').slice(1);
  for (const line of tsv) {
    const [tortured, expected] = line.split('\t');
    if (tortured && expected) add(tortured, expected, 'pps-export-2025-11');
  }
  return [...byPhrase.values()];
}
