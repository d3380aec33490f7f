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
import type { LanguageModel } from '../model/index.js';
import { TokenKind, type Tokens } from '../text/tokenize.js';
import type { Finding, Range, Verdict } from '../types.js';
import { matchCase } from '../restore/case.js';
import { acceptWeakHits, farmAtWork } from './consistency.js';
import { findSpintax } from './spintax.js';
import { judge, SPUN_THRESHOLD } from './verdict.js';

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
  const hits = options.lexicon.match(tokens, skip);

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
  if (options.model) {
    // Spans the lists already explain are not the model's to judge again.
    const taken = new Uint8Array(skip);
    for (const span of [...strongHits, ...weakHits, ...spintax]) taken.fill(1, span.first, span.last + 1);
    let found;
    if (options.model.assessDocument) {
      const assessment = options.model.assessDocument(tokens, taken);
      found = assessment.findings;
      modelSpun = assessment.spun;
    } else {
      found = options.model.scan(tokens, taken);
    }
    modelFindings = found.flatMap((span) => {
      const start = tokens.starts[span.first]!;
      const end = tokens.ends[span.last]!;
      const actual = tokens.text.slice(start, end);
      const originals = span.expected;
      return [{
        first: span.first,
        last: span.last,
        start,
        end,
        actual,
        expected: originals.slice(0, 3).map((expected) => matchCase(actual, expected)),
        confidence: span.confidence,
        rule: 'model',
        ...(span.source ? { source: span.source } : {}),
      }];
    });
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
  const findings = [...strong, ...weak, ...unexplained];

  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const verdict = judge({ findings, words, modelSpun }, options.threshold ?? SPUN_THRESHOLD);
  return { findings, verdict, words };
}
