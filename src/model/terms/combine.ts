/**
 * The term restorer beside another language model (the statistical model of
 * issue 3): terms first, because a restored term is the stronger and more
 * specific reading; the other model then judges the rest, with the terms'
 * spans marked as taken, as the lexicon's are.
 */
import type { LanguageModel, ModelAssessment, ModelFinding } from '../index.js';
import type { Tokens } from '../../text/tokenize.js';

function taken(skip: Uint8Array, findings: readonly ModelFinding[]): Uint8Array {
  if (findings.length === 0) return skip;
  const marked = new Uint8Array(skip);
  for (const finding of findings) marked.fill(1, finding.first, finding.last + 1);
  return marked;
}

const byPosition = (a: ModelFinding, b: ModelFinding) => a.first - b.first || b.last - a.last;

/** A LanguageModel that reports the term restorer's findings and the other model's elsewhere. */
export function withTerms(terms: LanguageModel, other: LanguageModel | null): LanguageModel {
  if (!other) return terms;
  const combined: LanguageModel = {
    scan(tokens: Tokens, skip: Uint8Array): ModelFinding[] {
      const found = terms.scan(tokens, skip);
      return [...found, ...other.scan(tokens, taken(skip, found))].sort(byPosition);
    },
  };
  const assess = other.assessDocument?.bind(other);
  if (assess) {
    // The document probability stays the other model's: it weighs every word, the terms only their spans.
    combined.assessDocument = (tokens: Tokens, skip: Uint8Array): ModelAssessment => {
      const found = terms.scan(tokens, skip);
      const rest = assess(tokens, taken(skip, found));
      return { findings: [...found, ...rest.findings].sort(byPosition), spun: rest.spun };
    };
  }
  return combined;
}
