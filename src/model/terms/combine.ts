/**
 * The term restorer beside another language model (the statistical model of
 * issue 3): terms first, because a restored term is the stronger and more
 * specific reading; the other model then judges the rest, with the terms'
 * spans marked as taken, as the lexicon's are.
 */
import type { LanguageModel, ModelAssessment, ModelFinding } from '../index.js';
import { Gap, TokenKind, type Tokens } from '../../text/tokenize.js';
import { loadTechnicalTerms, type TechnicalTerms } from '../technical.js';

function taken(skip: Uint8Array, findings: readonly ModelFinding[]): Uint8Array {
  if (findings.length === 0) return skip;
  const marked = new Uint8Array(skip);
  for (const finding of findings) marked.fill(1, finding.first, finding.last + 1);
  return marked;
}

const byPosition = (a: ModelFinding, b: ModelFinding) => a.first - b.first || b.last - a.last;

const tag = (source: string) => (finding: ModelFinding): ModelFinding => ({ ...finding, source: finding.source ?? source });

/** The same model, its findings tagged with `source` where they have none. */
export function tagModel(model: LanguageModel, source: string): LanguageModel {
  const tagged: LanguageModel = { scan: (tokens, skip) => model.scan(tokens, skip).map(tag(source)) };
  const assess = model.assessDocument?.bind(model);
  if (assess) {
    tagged.assessDocument = (tokens, skip) => {
      const result = assess(tokens, skip);
      return { findings: result.findings.map(tag(source)), spun: result.spun, ...(result.drivers ? { drivers: result.drivers.map(tag(source)) } : {}) };
    };
  }
  return tagged;
}

/**
 * A restoration is not proposed for what is already a term of art as written
 * ("image reconstruction", "atomic structure"): every word of the span stands
 * in a known multiword term (technical.ts).
 */
function writtenAsTerm(tokens: Tokens, marks: Uint8Array, finding: ModelFinding): boolean {
  let words = 0;
  for (let i = finding.first; i <= finding.last; i++) {
    if (tokens.kinds[i] !== TokenKind.Word) continue;
    if (marks[i] !== 2) return false;
    words++;
  }
  return words > 0;
}

/** A term restorer that can tell function words ("of", "the") from content words (TermModel can). */
export type TermRestorer = LanguageModel & { isFunctionWord?(hash: number): boolean };

const isWordToken = (tokens: Tokens, i: number) => tokens.kinds[i] === TokenKind.Word || tokens.kinds[i] === TokenKind.Number;

/**
 * The word token written directly before (`step` -1) or after (+1) token
 * `from` in the same run: only a hyphen may stand between, no other mark and
 * no line break. -1 when there is none.
 */
function adjacentWord(tokens: Tokens, from: number, step: -1 | 1): number {
  let i = from + step;
  while (i >= 0 && i < tokens.count && tokens.kinds[i] === TokenKind.Joiner) i += step;
  if (i < 0 || i >= tokens.count || !isWordToken(tokens, i)) return -1;
  // The later of the two tokens carries the gap between them.
  const later = step === 1 ? i : from;
  return tokens.gaps[later]! & Gap.Newline ? -1 : i;
}

/**
 * A tortured phrase is a collocation that nobody writes: "profound
 * learning", "counterfeit consciousness", "grouping methods". So a span that
 * reads, together with the content words written right beside it, as word
 * pairs that broad English uses (each pair seen at least twice in the 41 M
 * words the context model counted: "brain tissue", "health emergency",
 * "end-to-end fashion") is the writer's own phrase,
 * whatever a spinner could have made of it. Only pairs of two content
 * words count: function words are left out beside the span ("the exactness
 * of" says nothing about "exactness") and inside it ("sign to noise"). A
 * span is judged here when it has at least one such pair, with itself or
 * with a content word beside it; a single word alone is not judged.
 *
 * Measured on the PPS training pairs' development fold (restorer built
 * without the fold, `npx tsx eval/dev/pps-dev.ts`) and clean development
 * documents of every domain (`npx tsx eval/dev/clean-dev.ts`): see
 * data/terms/README.md.
 */
function writtenAsEnglish(tokens: Tokens, finding: ModelFinding, english: Required<Pick<LanguageModel, 'pairCount'>>, isFunctionWord: (hash: number) => boolean): boolean {
  const words: number[] = [];
  const content = (i: number) => i >= 0 && !isFunctionWord(tokens.hashes[i]!);
  const before = adjacentWord(tokens, finding.first, -1);
  if (content(before)) words.push(before);
  for (let i = finding.first; i <= finding.last; i++) if (isWordToken(tokens, i)) words.push(i);
  const after = adjacentWord(tokens, finding.last, 1);
  if (content(after)) words.push(after);
  // Pairs of two content words only: "sign to noise" and "refusal of administration" are held together by
  // function words, whose pairs ("to noise", "of administration") broad English writes with anything.
  let pairs = 0;
  for (let k = 0; k + 1 < words.length; k++) {
    if (!content(words[k]!) || !content(words[k + 1]!)) continue;
    if (english.pairCount(tokens, words[k]!, words[k + 1]!) === 0) return false;
    pairs++;
  }
  return pairs > 0;
}

/**
 * A LanguageModel that reports the term restorer's findings (source `terms`)
 * and the other model's elsewhere (source `context`). The other model's
 * word-pair counts, when it has them, tell which spans already read as
 * English (`writtenAsEnglish`).
 */
export function withTerms(terms: TermRestorer, other: LanguageModel | null, technical: TechnicalTerms | null = loadTechnicalTerms()): LanguageModel {
  const pairCount = other?.pairCount?.bind(other);
  const functionWord = terms.isFunctionWord?.bind(terms);
  const english = pairCount && functionWord ? { pairCount } : null;
  const termScan = (tokens: Tokens, skip: Uint8Array) => {
    let found = terms.scan(tokens, skip);
    if (found.length === 0) return found;
    if (technical) {
      const marks = technical.mark(tokens);
      found = found.filter((finding) => !writtenAsTerm(tokens, marks, finding));
    }
    if (english) found = found.filter((finding) => !writtenAsEnglish(tokens, finding, english, functionWord!));
    return found.map(tag('terms'));
  };
  if (!other) return { scan: termScan };
  const combined: LanguageModel = {
    scan(tokens: Tokens, skip: Uint8Array): ModelFinding[] {
      const found = termScan(tokens, skip);
      return [...found, ...other.scan(tokens, taken(skip, found)).map(tag('context'))].sort(byPosition);
    },
  };
  const assess = other.assessDocument?.bind(other);
  if (assess) {
    // The document probability stays the other model's: it weighs every word, the terms only their spans.
    combined.assessDocument = (tokens: Tokens, skip: Uint8Array): ModelAssessment => {
      const found = termScan(tokens, skip);
      const rest = assess(tokens, taken(skip, found));
      return {
        findings: [...found, ...rest.findings.map(tag('context'))].sort(byPosition),
        spun: rest.spun,
        ...(rest.drivers ? { drivers: rest.drivers.map(tag('context')) } : {}),
      };
    };
  }
  return combined;
}
