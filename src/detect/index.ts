/**
 * Detection: tokens of an article → findings and a document verdict.
 *
 * Evidence comes in three strengths:
 *  - strong lexicon entries and stray spintax are evidence on their own,
 *  - the statistical model (when loaded) adds substitutions no list contains,
 *  - weak lexicon entries (ordinary words a farm also produces, "navy" for
 *    "military") are only reported when document consistency supports them
 *    (see consistency.ts): a farm substitutes consistently, while a clean
 *    article merely happens to use the word.
 */
import type { Article } from '../extract/index.js';
import type { CompiledLexicon, LexiconHit } from '../lexicon/index.js';
import type { LanguageModel, ModelFinding } from '../model/index.js';
import { TokenKind, type Tokens } from '../text/tokenize.js';
import type { Finding, Range, Signal, Verdict } from '../types.js';
import { matchCase } from '../restore/case.js';
import { acceptWeakHits, farmAtWork, withoutTopicalAdditions } from './consistency.js';
import { findSpintax } from './spintax.js';
import { judge, listScore, signalOf, SPUN_THRESHOLD } from './verdict.js';
import { sectionRanges } from './sections.js';
import { tokenize } from '../text/tokenize.js';
import type { Evidence } from '../types.js';

export interface DetectOptions {
  lexicon: CompiledLexicon;
  model?: LanguageModel | null;
  /** Score from which a document is judged spun (default `SPUN_THRESHOLD`). */
  threshold?: number;
}

export interface Detection {
  findings: Finding[];
  verdict: Verdict;
  /** Words analysed (chrome excluded). */
  words: number;
}

/** Confidence of a lexicon hit when its list gives none. */
const STRONG_CONFIDENCE = 0.95;
const WEAK_CONFIDENCE = 0.75;

/** Marks tokens that start inside an excluded range (page chrome). */
export function skipMask(tokens: Tokens, excluded: readonly Range[]): Uint8Array {
  const skip = new Uint8Array(tokens.count);
  if (excluded.length === 0) return skip;
  let r = 0;
  for (let i = 0; i < tokens.count; i++) {
    const start = tokens.starts[i]!;
    while (r < excluded.length && excluded[r]!.end <= start) r++;
    if (r === excluded.length) break;
    if (start >= excluded[r]!.start) skip[i] = 1;
  }
  return skip;
}

export function countWords(tokens: Tokens, skip: Uint8Array): number {
  let words = 0;
  for (let i = 0; i < tokens.count; i++) {
    if (skip[i] === 0 && tokens.kinds[i] === TokenKind.Word) words++;
  }
  return words;
}

function hitToFinding(tokens: Tokens, hit: LexiconHit): Finding {
  const start = tokens.starts[hit.first]!;
  const end = tokens.ends[hit.last]!;
  const actual = tokens.text.slice(start, end);
  const confidence = hit.entry.confidence ?? (hit.entry.tier === 'strong' ? STRONG_CONFIDENCE : WEAK_CONFIDENCE);
  return {
    start,
    end,
    actual,
    // Lists are lower-case; a suggestion reads best in the writer's own case ("Chinese language" → "Chinese").
    expected: hit.entry.expected.map((expected) => matchCase(actual, expected)),
    confidence,
    rule: 'lexicon',
    source: hit.lexicon.id,
  };
}

function distinctPhrases(findings: readonly Finding[]): number {
  return new Set(findings.map((f) => f.actual.toLowerCase())).size;
}

export function detect(article: Article, tokens: Tokens, options: DetectOptions): Detection {
  const skip = skipMask(tokens, article.excluded);
  const words = countWords(tokens, skip);
  const hits = withoutTopicalAdditions(tokens, options.lexicon.match(tokens, skip));

  const strongHits = hits.filter((hit) => hit.entry.tier === 'strong');
  const strong: Finding[] = strongHits.map((hit) => hitToFinding(tokens, hit));
  const spintax = findSpintax(tokens, skip);
  for (const span of spintax) {
    const start = tokens.starts[span.first]!;
    const end = tokens.ends[span.last]!;
    strong.push({
      start,
      end,
      actual: tokens.text.slice(start, end),
      expected: span.alternatives,
      confidence: STRONG_CONFIDENCE,
      rule: 'spintax',
    });
  }

  // Weak entries speak once a farm is seen at work: from the strong evidence
  // alone, or else from the strong evidence and the model's findings together.
  const strongDistinct = distinctPhrases(strong);
  let weakHits = farmAtWork(strongDistinct, words) ? acceptWeakHits(tokens, skip, hits) : [];

  let modelSpun: number | undefined;
  let modelFindings: Array<Finding & { first: number; last: number }> = [];
  let drivers: Finding[] = [];
  if (options.model) {
    // Spans the lists already explain are not the model's to judge again.
    const taken = new Uint8Array(skip);
    for (const span of [...strongHits, ...weakHits, ...spintax]) taken.fill(1, span.first, span.last + 1);
    let found;
    let driverSpans: ModelFinding[] = [];
    if (options.model.assessDocument) {
      const assessment = options.model.assessDocument(tokens, taken);
      found = assessment.findings;
      modelSpun = assessment.spun;
      driverSpans = assessment.drivers ?? [];
    } else {
      found = options.model.scan(tokens, taken);
    }
    modelFindings = found.map((span) => modelFinding(tokens, span));
    drivers = driverSpans.map((span) => modelFinding(tokens, span));
    if (weakHits.length === 0 && farmAtWork(strongDistinct + distinctPhrases(modelFindings), words)) {
      weakHits = acceptWeakHits(tokens, skip, hits);
    }
  }

  const weak = weakHits.map((hit) => hitToFinding(tokens, hit));
  // Where a list explains a span, its entry is reported rather than the model's guess.
  const explained = new Uint8Array(tokens.count);
  for (const hit of weakHits) explained.fill(1, hit.first, hit.last + 1);
  const unexplained: Finding[] = [];
  for (const { first, last, ...finding } of modelFindings) {
    if (explained.subarray(first, last + 1).includes(1)) continue;
    unexplained.push(finding);
  }
  const heard = termsNeedCompany(strong, weak, unexplained, words);
  const threshold = options.threshold ?? SPUN_THRESHOLD;
  const signals = new Map<Finding, Signal>();
  for (const finding of weak) signals.set(finding, 'consistency');
  let findings = [...strong, ...weak, ...heard];
  const verdictOf = (list: Finding[]) => {
    list.sort((a, b) => a.start - b.start || b.end - a.end);
    return judge({ findings: list, signals: list.map((f) => signals.get(f) ?? signalOf(f)), words, modelSpun }, threshold);
  };
  let verdict = verdictOf(findings);
  // Evidence for every verdict: when the model's document probability calls
  // the text spun but none of its words cleared the report threshold, and the
  // other findings alone would not call it spun, the words that drove the
  // model are shown, with their own (low) confidence.
  if (modelSpun !== undefined && modelSpun >= threshold && drivers.length > 0 && unexplained.every((f) => f.source !== 'context')) {
    const listsAlone = listScore(findings.filter((f) => !(f.rule === 'model' && f.source === 'context')), words);
    if (listsAlone < threshold) {
      findings = [...findings, ...drivers.filter((d) => !findings.some((f) => f.start < d.end && d.start < f.end))];
      verdict = verdictOf(findings);
    }
  }
  return { findings, verdict, words };
}

/**
 * A tortured term read with little confidence (below TERM_ALONE_CONFIDENCE)
 * speaks only in company, as a weak list entry does: a paper mill runs its
 * spinner over the whole text, so its page shows several different tortured
 * phrases (the Problematic Paper Screener flags a paper by how many it
 * holds), while a clean abstract's one odd-looking phrase ("arbitrary
 * thickness", "parallel combination" read as "binary mixture") stands alone.
 * So in a text of at least COMPANY_MIN_WORDS words, such a finding is
 * reported only beside another distinct finding of any kind. A phrase or a
 * sentence checked on its own shows no page to judge, and its finding is
 * reported on its own merit, as before.
 *
 * Measured on development splits only (`npx tsx eval/dev/clean-dev.ts`):
 * see the README's "Clean text in every domain".
 */
export const TERM_ALONE_CONFIDENCE = 0.5;
/** Words from which a text is a page that can show company (the eval's carrier sentences have 10-15). */
export const COMPANY_MIN_WORDS = 60;

function termsNeedCompany<T extends Finding>(strong: readonly Finding[], weak: readonly Finding[], model: readonly T[], words: number): T[] {
  if (words < COMPANY_MIN_WORDS) return [...model];
  const lonely = (f: Finding) => f.rule === 'model' && f.source === 'terms' && f.confidence < TERM_ALONE_CONFIDENCE;
  if (!model.some(lonely)) return [...model];
  if (distinctPhrases([...strong, ...weak, ...model]) >= 2) return [...model];
  return model.filter((f) => !lonely(f));
}

/** A model span as a finding: the text it covers, suggestions in the writer's case. */
function modelFinding(tokens: Tokens, span: ModelFinding): Finding & { first: number; last: number } {
  const start = tokens.starts[span.first]!;
  const end = tokens.ends[span.last]!;
  const actual = tokens.text.slice(start, end);
  return {
    first: span.first,
    last: span.last,
    start,
    end,
    actual,
    expected: span.expected.slice(0, 3).map((expected) => matchCase(actual, expected)),
    confidence: span.confidence,
    rule: 'model',
    ...(span.source ? { source: span.source } : {}),
  };
}

/** Words listed per signal when sections' evidence is pooled (as `judge` lists them). */
const EVIDENCE_WORDS = 10;

/**
 * Detection of a whole article, judged in sections when it is long (see
 * sections.ts): each section is tokenized and judged on its own, as if it
 * were the only text, so that a passage's findings and verdict do not depend
 * on what surrounds it. An article-sized text is one section, judged as
 * `detect` judges it.
 *
 * The input's verdict pools the sections': its score is their mean weighted
 * by words (so it is spun only when most of its text is, and never when no
 * section is), its evidence the sections' evidence weighted the same way,
 * and `sections` says how many sections were judged spun, and where.
 * Memory: one section's tokens and model scratch at a time, plus the findings.
 */
export function detectArticle(article: Article, options: DetectOptions): Detection {
  const ranges = sectionRanges(article.text, article.excluded);
  if (ranges.length === 1) return detect(article, tokenize(article.text), options);
  const threshold = options.threshold ?? SPUN_THRESHOLD;
  const findings: Finding[] = [];
  const judged: Array<{ start: number; end: number; verdict: Verdict; words: number }> = [];
  let excludedAt = 0;
  for (const { start, end } of ranges) {
    const text = article.text.slice(start, end);
    const excluded: Range[] = [];
    while (excludedAt < article.excluded.length && article.excluded[excludedAt]!.end <= start) excludedAt++;
    for (let r = excludedAt; r < article.excluded.length && article.excluded[r]!.start < end; r++) {
      const range = article.excluded[r]!;
      excluded.push({ start: Math.max(range.start, start) - start, end: Math.min(range.end, end) - start });
    }
    const section = detect({ ...article, text, excluded }, tokenize(text), options);
    for (const finding of section.findings) findings.push({ ...finding, start: finding.start + start, end: finding.end + start });
    judged.push({ start, end, verdict: section.verdict, words: section.words });
  }
  const words = judged.reduce((sum, s) => sum + s.words, 0);
  // Weighted by words; a section of chrome alone (no words) has no say.
  const weightOf = (s: { words: number }) => (words > 0 ? s.words / words : 1 / judged.length);
  let score = 0;
  for (const s of judged) score += weightOf(s) * s.verdict.score;
  score = Math.round(score * 1000) / 1000;
  const spunSections = judged.filter((s) => s.verdict.spun).length;
  const verdict: Verdict = {
    spun: score >= threshold,
    score,
    evidence: poolEvidence(judged.map((s) => ({ weight: weightOf(s), evidence: s.verdict.evidence }))),
    sections: {
      count: judged.length,
      spun: spunSections,
      share: Math.round((spunSections / judged.length) * 1000) / 1000,
      ranges: judged.map((s) => ({ start: s.start, end: s.end, spun: s.verdict.spun, score: s.verdict.score })),
    },
  };
  return { findings, verdict, words };
}

/** The sections' evidence as one list: weights averaged as the scores are, findings summed, the strongest words first. */
function poolEvidence(sections: ReadonlyArray<{ weight: number; evidence: readonly Evidence[] }>): Evidence[] {
  const pooled = new Map<Evidence['signal'], { weight: number; findings: number; words: Map<string, number> }>();
  // Each word as it was first written.
  const spelled = new Map<string, string>();
  for (const { weight, evidence } of sections) {
    for (const e of evidence) {
      let p = pooled.get(e.signal);
      if (!p) pooled.set(e.signal, (p = { weight: 0, findings: 0, words: new Map() }));
      p.weight += weight * e.weight;
      p.findings += e.findings;
      // A word's strength here: the best weight of a section that listed it, then its rank there.
      e.words.forEach((word, rank) => {
        const key = word.toLowerCase();
        const strength = e.weight - rank / 1000;
        if (!p!.words.has(key) || p!.words.get(key)! < strength) p!.words.set(key, strength);
      });
      for (const word of e.words) if (!spelled.has(word.toLowerCase())) spelled.set(word.toLowerCase(), word);
    }
  }
  const out: Evidence[] = [];
  for (const [signal, p] of pooled) {
    const words = [...p.words.entries()].sort((a, b) => b[1] - a[1]).slice(0, EVIDENCE_WORDS).map(([key]) => spelled.get(key) ?? key);
    out.push({ signal, weight: Math.round(p.weight * 1000) / 1000, findings: p.findings, words });
  }
  return out.sort((a, b) => b.weight - a.weight || b.findings - a.findings);
}
