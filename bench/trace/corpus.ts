/**
 * The trace benchmark's data sets, built the same way every run.
 *
 * Reference: every BBC and Reuters document (`tools/corpora.ts`; a document's
 * text is its title, a blank line, its body) plus the 200 MPC originals
 * (id `mpc/<line>`), plus one more: the seed page's original as the gold
 * annotation reconstructs it (`eval/gold/seed.json`, id `seed/original`),
 * so that the real content-farm copy can be traced too.
 *
 * Queries (the split is `test` for the reported table, `dev` for calibration):
 *  - seed page: `examples/spun-news-article.txt` (chrome and all), 1 query;
 *  - mpc: the MPC spun paragraphs that differ from their originals (all 195
 *    for the table, reported also for the test half alone);
 *  - news@r: 200 documents of the split with at least 100 words, taken in
 *    sha1(id) order, spun by `bench/fixtures/spinner.ts` at rate r (10%, 20%,
 *    35%), one of seven farms (seed = 1 + position % 7);
 *  - unrelated: queries whose source is NOT in the index. MPC paragraphs of
 *    the split, each searched with only its own original removed (its sibling
 *    paragraphs from the same Wikipedia article stay: same topic, same
 *    names), and news documents of the split, spun at 10/20/35% in turn, with
 *    their originals removed; 200 in all. A query only counts as unrelated
 *    when its original shares no 8-word run with any other reference document
 *    (Reuters re-issues and rewrites its wires; a copy of one version does
 *    come from the other).
 *
 * A traced source counts as correct when it is the original or a near-copy
 * of it (half of its word 3-grams in common, on the clean texts); the strict
 * count (the original's own id) is reported beside it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bbcDocuments, mpcPairs, REPO, reutersDocuments } from '../../tools/corpora.js';
import { loadSpinner } from '../fixtures/spinner.js';

export interface ReferenceDocument {
  id: string;
  title?: string;
  text: string;
  split: 'dev' | 'test';
}

export interface Query {
  /** Which table row it belongs to. */
  set: string;
  text: string;
  /** The original's id; for unrelated queries, the id removed from the index. */
  source: string;
  /** Only for MPC queries: the file line (1-200). */
  line?: number;
}

export type Split = 'dev' | 'test';

export const RATES = [0.1, 0.2, 0.35] as const;
const NEWS_QUERIES = 200;
const UNRELATED_QUERIES = 200;
const MIN_WORDS = 100;
const FARMS = 7;

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** BBC and Reuters documents (not MPC, not the seed). */
export const isNews = (id: string) => id.startsWith('bbc/') || id.startsWith('reuters/');

export const SEED_PAGE = join(REPO, 'examples', 'spun-news-article.txt');

/** The seed page with every gold-annotated substitution put back. */
export function seedOriginal(): string {
  const seed = readFileSync(SEED_PAGE, 'utf8');
  const gold = JSON.parse(readFileSync(join(REPO, 'eval', 'gold', 'seed.json'), 'utf8')) as Array<{ start: number; end: number; original: string }>;
  let text = seed;
  for (const span of [...gold].sort((a, b) => b.start - a.start)) text = text.slice(0, span.start) + span.original + text.slice(span.end);
  return text;
}

export function referenceDocuments(): ReferenceDocument[] {
  const docs: ReferenceDocument[] = [{ id: 'seed/original', text: seedOriginal(), split: 'test' }];
  for (const d of [...bbcDocuments(), ...reutersDocuments()]) docs.push({ id: d.id, title: d.title || undefined, text: d.title ? `${d.title}\n\n${d.body}` : d.body, split: d.split });
  for (const p of mpcPairs()) docs.push({ id: `mpc/${p.line}`, text: p.original, split: p.split });
  return docs;
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(Boolean);
}

/** Ids of documents that share at least one word 8-gram with another document. */
export function sharingDocuments(docs: readonly ReferenceDocument[]): Set<string> {
  const owner = new Map<string, number>();
  const sharing = new Set<string>();
  docs.forEach((doc, i) => {
    const w = words(doc.text);
    const seen = new Set<string>();
    for (let k = 0; k + 8 <= w.length; k++) {
      const gram = w.slice(k, k + 8).join(' ');
      if (seen.has(gram)) continue;
      seen.add(gram);
      const first = owner.get(gram);
      if (first === undefined) owner.set(gram, i);
      else if (first !== i) {
        sharing.add(docs[first]!.id);
        sharing.add(doc.id);
      }
    }
  });
  return sharing;
}

function trigrams(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let k = 0; k + 3 <= w.length; k++) out.add(`${w[k]} ${w[k + 1]} ${w[k + 2]}`);
  return out;
}

/** A judge of "is `candidate` the source, or a near-copy of it?" over the clean reference texts. */
export function sourceJudge(docs: readonly ReferenceDocument[]): (candidate: string | undefined, source: string) => boolean {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const cache = new Map<string, Set<string>>();
  const grams = (id: string) => {
    let g = cache.get(id);
    if (!g) cache.set(id, (g = trigrams(byId.get(id)?.text ?? '')));
    return g;
  };
  return (candidate, source) => {
    if (candidate === undefined) return false;
    if (candidate === source) return true;
    const a = grams(candidate);
    const b = grams(source);
    let shared = 0;
    for (const g of a) if (b.has(g)) shared++;
    return shared / Math.max(1, Math.min(a.size, b.size)) >= 0.5;
  };
}

function newsOfSplit(docs: readonly ReferenceDocument[], split: Split): ReferenceDocument[] {
  return docs
    .filter((d) => isNews(d.id) && d.split === split && wordCount(d.text) >= MIN_WORDS)
    .sort((a, b) => (sha1(a.id) < sha1(b.id) ? -1 : 1));
}

export interface QuerySets {
  /** Recall queries, by set name: `mpc`, `news@10%`, ... */
  recall: Query[];
  /** Queries whose source is removed from the index first. */
  unrelated: Query[];
}

export function buildQueries(docs: readonly ReferenceDocument[], split: Split, options: { allMpc?: boolean; sharing?: Set<string> } = {}): QuerySets {
  const spinner = loadSpinner();
  const recall: Query[] = [{ set: 'seed page', text: readFileSync(SEED_PAGE, 'utf8'), source: 'seed/original' }];
  for (const p of mpcPairs()) {
    if (p.identical || (!options.allMpc && p.split !== split)) continue;
    recall.push({ set: 'mpc', text: p.spun, source: `mpc/${p.line}`, line: p.line });
  }
  const news = newsOfSplit(docs, split).slice(0, NEWS_QUERIES);
  for (const rate of RATES) {
    news.forEach((doc, k) => {
      recall.push({ set: `news@${Math.round(rate * 100)}%`, text: spinner.spin(doc.text, { rate, seed: 1 + (k % FARMS) }).text, source: doc.id });
    });
  }

  const sharing = options.sharing ?? sharingDocuments(docs);
  const unrelated: Query[] = [];
  for (const p of mpcPairs()) {
    if (p.identical || p.split !== split || sharing.has(`mpc/${p.line}`)) continue;
    unrelated.push({ set: 'unrelated-mpc', text: p.spun, source: `mpc/${p.line}`, line: p.line });
  }
  // News for the rest, from the far end of the split's order so that they are not the recall documents.
  const candidates = newsOfSplit(docs, split).reverse().filter((d) => !sharing.has(d.id));
  const wanted = UNRELATED_QUERIES - unrelated.length;
  candidates.slice(0, wanted).forEach((doc, k) => {
    const rate = RATES[k % RATES.length]!;
    unrelated.push({ set: 'unrelated-news', text: spinner.spin(doc.text, { rate, seed: 1 + (k % FARMS) }).text, source: doc.id });
  });
  return { recall, unrelated };
}
