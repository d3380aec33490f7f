/**
 * The term restorer beside another language model (the statistical model of
 * issue 3): terms first, because a restored term is the stronger and more
 * specific reading; the other model then judges the rest, with the terms'
 * spans marked as taken, as the lexicon's are.
 */
import type { LanguageModel, ModelAssessment, ModelFinding } from '../index.js';
import { TokenKind, type Tokens } from '../../text/tokenize.js';
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

/**
 * A LanguageModel that reports the term restorer's findings (source `terms`)
 * and the other model's elsewhere (source `context`).
 */
export function withTerms(terms: LanguageModel, other: LanguageModel | null, technical: TechnicalTerms | null = loadTechnicalTerms()): LanguageModel {
  const termScan = (tokens: Tokens, skip: Uint8Array) => {
    const found = terms.scan(tokens, skip);
    if (!technical || found.length === 0) return found.map(tag('terms'));
    const marks = technical.mark(tokens);
    return found.filter((finding) => !writtenAsTerm(tokens, marks, finding)).map(tag('terms'));
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
