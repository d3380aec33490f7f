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
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { tokenize, TokenKind, tokenNorm } from '../src/text/tokenize.js';

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
 * Turns a PPS "expected" note into restorations, best first. The notes mix the
 * original wording with annotations: "(?)", "(in HMM)", "[neural network] layer
 * outputs", links, and explanations in prose ("the word ‘are’ as in ..."), which
 * are notes, not a restoration, and give nothing.
 *
 * Alternatives are split so that each reads as a replacement for the whole
 * tortured phrase:
 *  - "a; b", "a / b" (spaced): whole alternatives.
 *  - "contagious/transmissible diseases", "fog/mist/cloud computing": the slash
 *    binds the words it touches, the rest is shared ("contagious diseases",
 *    "transmissible diseases"); but "economic development/profit growth", two
 *    equal multiword halves, or a split that would repeat a word ("digital
 *    crime/cyber crime"), are whole alternatives.
 *  - "renal or kidney failure": a lone first word shares the rest ("renal
 *    failure", "kidney failure"); otherwise "or" separates whole alternatives.
 *  - "a, b, c": a list of single words is one restoration ("accuracy,
 *    sensitivity, specificity" for "exactness responsiveness explicitness");
 *    commas between longer parts separate alternatives.
 */
export function cleanExpected(raw: string): string[] {
  const text = raw.replace(/\\(["&])/g, '$1').replace(/[\u2019\u02bc]/g, "'");
  if (/\u2018|\bmeaning unclear\b|\bparaphrased versions?\b/i.test(text)) return [];
  const stripped = text
    // "? [qualifies a physical voting system]": only a comment in brackets.
    .replace(/^[\s?]*\[[^\]]*\][\s?]*$/, ' ')
    .replace(/,?\s*\bsee\s+(?:\w+\s+)?https?:\S*/gi, ' ')
    .replace(/https?:\S*/gi, ' ')
    // "brown(ian) motion", "function(s)": a bracket glued to a word completes it.
    .replace(/(\p{L})\((s|\p{Ll}{2,})\)/gu, '$1$2')
    .replace(/\([^()]*(?:\([^()]*\)[^()]*)*\)/g, ' ')
    .replace(/\[(?:\.\.\.|…|\?+)\]/g, ' ')
    .replace(/\[([^\]]*)\]/g, '$1')
    .replace(/["“”?\\()]/g, ' ');
  const out: string[] = [];
  for (const segment of stripped.split(';')) {
    for (const part of splitCommas(segment)) {
      for (const alternative of part.split(/\s+\/\s*|\s*\/\s+/)) {
        for (const choice of splitOr(alternative)) out.push(...splitSlash(choice.trim().split(/\s+/)));
      }
    }
  }
  const seen = new Set<string>();
  return out
    .map((s) => s.replace(/\s+/g, ' ').replace(/^[\s,.:-]+|[\s,.:-]+$/g, '').toLowerCase())
    .filter((s) => {
      if (s.length === 0 || s.length >= 60 || s.split(' ').length > 6 || seen.has(s)) return false;
      if (/^(e\.g\.|i\.e\.|see|possibly|as in|caveat|via)\b/.test(s)) return false;
      seen.add(s);
      return true;
    });
}

function splitCommas(segment: string): string[] {
  const parts = segment.split(/\s*,\s*(?:and\s+)?/).map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length < 2) return parts;
  const items = segment.split(/\s*,\s*(?:and\s+)?|\s+and\s+/).map((p) => p.trim()).filter((p) => p.length > 0);
  if (items.every((p) => !/\s/.test(p))) return [segment.trim()];
  return parts;
}

function splitOr(part: string): string[] {
  const sides = part.trim().split(/\s+or\s+/);
  if (sides.length !== 2) return sides;
  const [left, right] = sides as [string, string];
  const rightWords = right.split(/\s+/);
  if (!/\s|-$/.test(left) && rightWords.length >= 2) return [[left, ...rightWords.slice(1)].join(' '), right];
  return sides;
}

function splitSlash(words: string[]): string[] {
  const at = words.findIndex((w) => /\S\/\S/.test(w));
  if (at < 0) return [words.join(' ')];
  const alternatives = words[at]!.split('/').filter((w) => w.length > 0);
  // "TCP/IP": acronyms joined by a slash are one name.
  if (alternatives.every((a) => /^[A-Z0-9]+$/.test(a))) return [words.join(' ')];
  const prefix = words.slice(0, at);
  const suffix = words.slice(at + 1);
  const left = [...prefix, alternatives[0]!];
  const right = [...alternatives.slice(1).join('/').split(' '), ...suffix];
  const distributed = alternatives.map((a) => [...prefix, a, ...suffix]);
  const repeats = distributed.some((ws) => ws.some((w, i) => i > 0 && w === ws[i - 1]));
  if (alternatives.length === 2 && ((left.length === right.length && left.length >= 2) || repeats)) {
    return [...splitSlash(left), ...splitSlash(right)];
  }
  return distributed.flatMap(splitSlash);
}

/**
 * All PPS pairs, deduplicated by tortured phrase, from the 2026-03 snapshot and the
 * 2025-11 export (first quoted phrase of each fingerprint). Self-mappings are dropped.
 */
/** The words of a PPS phrase as the tokenizer normalises them, bracketed parts left out; null if it has other punctuation. */
export function ppsPhraseWords(text: string): string[] | null {
  const tokens = tokenize(text.replace(/\([^()]*\)|\[[^\]]*\]/g, ' '));
  const words: string[] = [];
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kinds[i];
    if (kind === TokenKind.Word || kind === TokenKind.Number) words.push(tokenNorm(tokens, i));
    else if (kind !== TokenKind.Joiner) return null;
  }
  return words.length > 0 ? words : null;
}

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

/*
 * Broad English (issue 9): encyclopedia, modern news, science. Each document is in
 * exactly one split, by document id, fixed here:
 *  - test  when the first byte of sha1(id) % 5 === 0 (never used for statistics or tuning);
 *  - dev   when it is 1 (calibration, thresholds, looking at outputs);
 *  - build otherwise (statistics shipped in the model).
 * SciTLDR keeps its upstream split (train → build, dev → dev, test → test), so that
 * published numbers on it stay comparable.
 */
export type Split3 = 'build' | 'dev' | 'test';
export type Domain = 'wikipedia' | 'wikinews' | 'science';
export const DOMAINS: readonly Domain[] = ['wikipedia', 'wikinews', 'science'];

export interface CorpusDocument {
  /** `wikipedia/<page id>`, `wikinews/<page id>`, `scitldr/<paper id>`, `inspec/<id>`, … */
  id: string;
  domain: Domain;
  title: string;
  /** Paragraphs separated by blank lines. */
  body: string;
  split: Split3;
}

export function split3(id: string): Split3 {
  const b = firstByteMod5(id);
  return b === 0 ? 'test' : b === 1 ? 'dev' : 'build';
}

function* gzipJsonLines(path: string): Generator<Record<string, unknown>> {
  // One file at a time (≤ 110 MB of text), line by line.
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line.length > 0) yield JSON.parse(line) as Record<string, unknown>;
  }
}

function paragraphs(text: string): string {
  return text.split('\n').map((p) => p.trim()).filter((p) => p.length > 0).join('\n\n');
}

/** 22,033 Wikipedia articles (2015). */
export function* wikipediaDocuments(): Generator<CorpusDocument> {
  const root = join(DATA, 'enwiki-2015-extract');
  for (const file of readdirSync(root).filter((f) => f.endsWith('.jsonl.gz')).sort()) {
    for (const record of gzipJsonLines(join(root, file))) {
      const id = `wikipedia/${String(record['id'])}`;
      const body = paragraphs(String(record['text'] ?? ''));
      if (body.length === 0) continue;
      yield { id, domain: 'wikipedia', title: String(record['title'] ?? ''), body, split: split3(id) };
    }
  }
}

/** 19,054 Wikinews articles, 2004-2022. */
export function* wikinewsDocuments(): Generator<CorpusDocument> {
  for (const record of gzipJsonLines(join(DATA, 'enwikinews-2022', 'enwikinews_2022.jsonl.gz'))) {
    const id = `wikinews/${String(record['id'])}`;
    const body = paragraphs(String(record['text'] ?? ''));
    if (body.length === 0) continue;
    yield { id, domain: 'wikinews', title: String(record['title'] ?? ''), body, split: split3(id) };
  }
}

const SCITLDR_SPLIT: Record<string, Split3> = { train: 'build', dev: 'dev', test: 'test' };
/** The abstract collections of keyphrase-datasets (clean prose; the full-paper sets are PDF conversions). */
const ABSTRACT_ZIPS = ['Inspec', 'kdd', 'www', 'SemEval2017'] as const;

/**
 * Science: the 3,229 SciTLDR abstracts (upstream split) and the abstract sets of
 * keyphrase-datasets (Inspec, KDD, WWW, SemEval-2017; split by id), unpacked once
 * into the temp folder with `unzip`.
 */
export function* scienceDocuments(): Generator<CorpusDocument> {
  for (const part of ['train', 'dev', 'test']) {
    for (const record of gzipJsonLines(join(DATA, 'scitldr-abstracts', `SciTLDR-A_${part}.jsonl.gz`))) {
      const body = ((record['source'] as string[] | undefined) ?? []).join(' ').trim();
      if (body.length === 0) continue;
      yield { id: `scitldr/${String(record['paper_id'])}`, domain: 'science', title: String(record['title'] ?? ''), body, split: SCITLDR_SPLIT[part]! };
    }
  }
  for (const name of ABSTRACT_ZIPS) {
    const zip = join(DATA, 'keyphrase-datasets', `${name}.zip`);
    if (!existsSync(zip)) continue;
    const dir = join(tmpdir(), 'unspin-corpora', name);
    if (!existsSync(join(dir, '.done'))) {
      mkdirSync(dir, { recursive: true });
      // unzip exits 1 on warnings about odd entries; the folder is what counts.
      spawnSync('unzip', ['-q', '-o', zip, '*/docsutf8/*', '-d', dir], { stdio: 'ignore' });
      if (!existsSync(join(dir, name, 'docsutf8'))) throw new Error(`could not unpack ${zip} (is unzip installed?)`);
      writeFileSync(join(dir, '.done'), '');
    }
    const docs = join(dir, name, 'docsutf8');
    for (const file of readdirSync(docs).filter((f) => f.endsWith('.txt')).sort()) {
      const raw = readFileSync(join(docs, file), 'utf8').replace(/\r\n?/g, '\n');
      const [title = '', ...rest] = raw.split('\n');
      const body = rest.join(' ').replace(/\s+/g, ' ').trim();
      if (body.split(' ').length < 30) continue;
      const id = `${name.toLowerCase()}/${file.replace(/\.txt$/, '')}`;
      yield { id, domain: 'science', title: title.trim(), body, split: split3(id) };
    }
  }
}

export function* broadDocuments(domain: Domain): Generator<CorpusDocument> {
  if (domain === 'wikipedia') yield* wikipediaDocuments();
  else if (domain === 'wikinews') yield* wikinewsDocuments();
  else yield* scienceDocuments();
}
