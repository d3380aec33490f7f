/**
 * Clean text of every kind: news (all of BBC, all of Reuters), encyclopedia
 * (Wikipedia), modern news (Wikinews) and science abstracts, unspun. Any
 * finding here is a false alarm, and a false alarm costs more trust than a
 * miss.
 *
 * BBC and Reuters are measured whole (and the BBC test split alone, whose
 * documents the model's statistics never saw). Wikipedia, Wikinews and the
 * abstracts are measured on their test splits only (tools/corpora.ts), which
 * nothing is built or tuned on: all of Wikinews and the abstracts, and every
 * WIKIPEDIA_STRIDE-th Wikipedia test article in corpus order (the whole split
 * is ten million words).
 */
import { bbcDocuments, broadDocuments, reutersDocuments, type Domain } from '../../tools/corpora.js';
import { checkText, countWords, fraction, perConfig, row, round, section, type EvalContext, type Outcomes, type Row, type SectionResult, type TextChecker } from '../harness.js';
import { ratio } from '../metrics.js';

/** In --quick runs, every this-many-th document of each corpus. */
const QUICK_STRIDE = 10;
/** Every this-many-th Wikipedia test article (about 570 of 4,580). */
const WIKIPEDIA_STRIDE = 8;
const TOP_FALSE_FINDINGS = 20;
/** The clean documents listed with their findings, worst first. */
const WORST = 10;
/** A clean document with more findings than this is a failure on its own (issue 9). */
export const MANY_FINDINGS = 5;
/** Phrases listed per worst document. */
const WORST_PHRASES = 12;

/** A clean document as every corpus reader gives it. */
export interface CleanDocument {
  id: string;
  title: string;
  body: string;
  split: string;
}

interface Totals {
  documents: number;
  words: number;
  findings: number;
  judgedSpun: number;
  /** Documents with more than MANY_FINDINGS findings. */
  manyFindings: number;
}

type Summary = Totals & { findingsPer1000Words: number; shareJudgedSpun: number };

export interface WorstDocument {
  id: string;
  title: string;
  words: number;
  findings: number;
  score: number;
  spun: boolean;
  /** Distinct "actual → expected" of its findings, most frequent first, with their counts. */
  phrases: Array<{ phrase: string; rule: string; source?: string; count: number }>;
}

export interface CleanMetrics {
  all: Summary;
  /** The documents of the test split (for BBC: never seen by the model's statistics). */
  testSplit: Summary;
  /** The phrases that cry wolf most often, for the engineers. */
  topFalseFindings: Array<{ actual: string; expected: string; rule: string; source?: string; count: number; documents: number }>;
  /** The clean articles that score highest, with their scores. */
  topScoringDocuments: Array<{ id: string; score: number; spun: boolean; findings: number }>;
  /** The clean documents with the most findings (then the highest score), with what was found. */
  worstDocuments: WorstDocument[];
}

const empty = (): Totals => ({ documents: 0, words: 0, findings: 0, judgedSpun: 0, manyFindings: 0 });
const summarise = (t: Totals): Summary => ({
  ...t,
  findingsPer1000Words: ratio(t.findings * 1000, t.words),
  shareJudgedSpun: ratio(t.judgedSpun, t.documents),
});

export function measureClean(checker: TextChecker, documents: readonly CleanDocument[]): CleanMetrics {
  const all = empty();
  const test = empty();
  const phrases = new Map<string, { actual: string; expected: string; rule: string; source?: string; count: number; documents: Set<string> }>();
  const scores: CleanMetrics['topScoringDocuments'] = [];
  const worst: WorstDocument[] = [];
  for (const doc of documents) {
    const text = `${doc.title}\n\n${doc.body}`;
    const { result } = checkText(checker, text);
    const words = countWords(result.text ?? text);
    for (const totals of doc.split === 'test' ? [all, test] : [all]) {
      totals.documents++;
      totals.words += words;
      totals.findings += result.findings.length;
      if (result.verdict.spun) totals.judgedSpun++;
      if (result.findings.length > MANY_FINDINGS) totals.manyFindings++;
    }
    const own = new Map<string, WorstDocument['phrases'][number]>();
    for (const f of result.findings) {
      const actual = f.actual.toLowerCase().replace(/\s+/g, ' ');
      const key = `${f.rule}\u0000${actual}\u0000${f.expected[0] ?? ''}`;
      let entry = phrases.get(key);
      if (!entry) phrases.set(key, (entry = { actual, expected: f.expected[0] ?? '', rule: f.rule, ...(f.source ? { source: f.source } : {}), count: 0, documents: new Set() }));
      entry.count++;
      entry.documents.add(doc.id);
      const mine = own.get(key);
      if (mine) mine.count++;
      else own.set(key, { phrase: `${f.actual.replace(/\s+/g, ' ')} → ${f.expected[0] ?? ''}`, rule: f.rule, ...(f.source ? { source: f.source } : {}), count: 1 });
    }
    if (result.verdict.score > 0) scores.push({ id: doc.id, score: result.verdict.score, spun: result.verdict.spun, findings: result.findings.length });
    if (result.findings.length > 0) {
      worst.push({
        id: doc.id,
        title: doc.title,
        words,
        findings: result.findings.length,
        score: result.verdict.score,
        spun: result.verdict.spun,
        phrases: [...own.values()].sort((a, b) => b.count - a.count).slice(0, WORST_PHRASES),
      });
      // Keep the list short while reading thousands of documents.
      if (worst.length > 4 * WORST) worst.sort(byWorst).splice(WORST);
    }
  }
  return {
    all: summarise(all),
    testSplit: summarise(test),
    topFalseFindings: [...phrases.values()]
      .sort((a, b) => b.count - a.count || (a.actual < b.actual ? -1 : 1))
      .slice(0, TOP_FALSE_FINDINGS)
      .map(({ documents, ...rest }) => ({ ...rest, documents: documents.size })),
    topScoringDocuments: scores.sort((a, b) => b.score - a.score).slice(0, 10),
    worstDocuments: worst.sort(byWorst).slice(0, WORST),
  };
}

const byWorst = (a: WorstDocument, b: WorstDocument) => b.findings - a.findings || b.score - a.score || (a.id < b.id ? -1 : 1);

/** One corpus of clean text as the section measures it. */
interface CleanCorpus {
  id: 'bbc' | 'reuters' | Domain;
  title: string;
  /** What was read, for results.json. */
  data: string;
  documents: CleanDocument[];
  /** Whether the corpus mixes splits (then the test split gets rows of its own). */
  mixed: boolean;
}

function every<T>(items: Iterable<T>, stride: number): T[] {
  const out: T[] = [];
  let i = 0;
  for (const item of items) if (i++ % stride === 0) out.push(item);
  return out;
}

function* testSplit<T extends CleanDocument>(documents: Iterable<T>): Generator<T> {
  for (const doc of documents) if (doc.split === 'test') yield doc;
}

/** The corpora, read once (the same documents for both configurations). */
export function cleanCorpora(quick: boolean): CleanCorpus[] {
  const q = quick ? QUICK_STRIDE : 1;
  return [
    { id: 'bbc', title: 'Clean BBC', data: 'bbc-news: every article, title + body', documents: every(bbcDocuments(), q), mixed: true },
    { id: 'reuters', title: 'Clean Reuters', data: 'reuters-21578: every article with a body, title + body', documents: every(reutersDocuments(), q), mixed: true },
    {
      id: 'wikipedia',
      title: 'Clean Wikipedia, test split',
      data: `enwiki-2015-extract: every ${WIKIPEDIA_STRIDE * q}th test-split article in corpus order, title + body`,
      documents: every(testSplit(broadDocuments('wikipedia')), WIKIPEDIA_STRIDE * q),
      mixed: false,
    },
    { id: 'wikinews', title: 'Clean Wikinews, test split', data: `enwikinews-2022: ${quick ? `every ${q}th` : 'every'} test-split article, title + body`, documents: every(testSplit(broadDocuments('wikinews')), q), mixed: false },
    {
      id: 'science',
      title: 'Clean science abstracts, test split',
      data: `SciTLDR test + Inspec/KDD/WWW/SemEval-2017 test-split abstracts: ${quick ? `every ${q}th` : 'every'} one, title + body`,
      documents: every(testSplit(broadDocuments('science')), q),
      mixed: false,
    },
  ];
}

function corpusRows(corpus: CleanCorpus, outcomes: Outcomes<CleanMetrics>): Row[] {
  const test = corpus.documents.filter((d) => d.split === 'test').length;
  const rows = [
    row(outcomes, 'findings / 1,000 words', (m) => round(m.all.findingsPer1000Words, 3), 'fixed2', '<= 0.5'),
    row(outcomes, 'judged spun', (m) => m.all.shareJudgedSpun, 'percent', '<= 1%'),
    row(outcomes, 'judged spun (count)', (m) => fraction(m.all.judgedSpun, m.all.documents), 'text'),
    row(outcomes, `documents with > ${MANY_FINDINGS} findings`, (m) => m.all.manyFindings, 'integer', '0'),
  ];
  if (corpus.mixed) {
    rows.push(
      row(outcomes, `test split (${test}): findings / 1,000 words`, (m) => round(m.testSplit.findingsPer1000Words, 3), 'fixed2', '<= 0.5'),
      row(outcomes, 'test split: judged spun', (m) => m.testSplit.shareJudgedSpun, 'percent', '<= 1%'),
    );
  }
  return rows;
}

/** The worst clean documents of the default configuration, as printed under the table. */
function worstLines(corpus: CleanCorpus, outcomes: Outcomes<CleanMetrics>): string[] {
  const metrics = outcomes.model?.metrics ?? outcomes.lexicon?.metrics;
  if (!metrics) return [];
  const which = outcomes.model?.metrics ? '+ model' : 'lexicon only';
  if (metrics.worstDocuments.length === 0) return [`${corpus.title} (${which}): no findings on any document`];
  return [
    `${corpus.title} (${which}): the ${metrics.worstDocuments.length} documents with the most findings`,
    ...metrics.worstDocuments.map(
      (d) =>
        `  ${d.id} (${d.words} words, score ${d.score.toFixed(3)}${d.spun ? ', judged spun' : ''}): ${d.findings} findings: ` +
        d.phrases.map((p) => `${p.phrase}${p.count > 1 ? ` ×${p.count}` : ''}`).join('; '),
    ),
  ];
}

/**
 * One section per corpus (`clean` is BBC, as before; then `clean-reuters`,
 * `clean-wikipedia`, `clean-wikinews`, `clean-science`), each with the worst
 * documents of the default configuration listed under the table.
 */
export function runClean(ctx: EvalContext): SectionResult[] {
  return cleanCorpora(ctx.quick).map((corpus) => {
    const outcomes = perConfig(ctx, (checker) => measureClean(checker, corpus.documents));
    const words = corpus.documents.reduce((n, d) => n + countWords(d.body), 0);
    const title = `${corpus.title} (${corpus.documents.length.toLocaleString('en')} documents, ${Math.round(words / 1000).toLocaleString('en')}k words, unspun)`;
    const result = section(corpus.id === 'bbc' ? 'clean' : `clean-${corpus.id}`, title, outcomes, corpusRows(corpus, outcomes), {
      data: corpus.data,
      documents: corpus.documents.length,
      words,
      testSplitDocuments: corpus.documents.filter((d) => d.split === 'test').length,
      sample: ctx.quick ? `--quick: every ${QUICK_STRIDE}th of the above` : 'as data says',
    });
    return { ...result, details: worstLines(corpus, outcomes) };
  });
}
