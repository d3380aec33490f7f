/**
 * The public data shapes of unspin. `CheckResult` is the JSON contract v1 that
 * other tools consume: fields may be added, never renamed or removed.
 */

/** One tortured phrase, positioned like a vfile message (`actual` → `expected`). */
export interface Finding {
  /** JavaScript string index of the first character, into the analysed text. */
  start: number;
  /** JavaScript string index one past the last character. */
  end: number;
  /** The text as it stands in the input, exactly `text.slice(start, end)`. */
  actual: string;
  /** Likely original wording, best first (may be empty when only the oddness is known). */
  expected: string[];
  /** Probability-like confidence in [0, 1] that `actual` is a substitution. */
  confidence: number;
  /** Which detector raised it: `lexicon`, `model`, `spintax`, ... */
  rule: string;
  /** Where the evidence came from, e.g. the lexicon entry's list id (`pps`, `news`, a user file). */
  source?: string;
  /**
   * `false` when restoration leaves the span as written: no suggestion fits the
   * slot (part of speech, inflection), or a model suggestion is not sure
   * enough to rewrite the text (see `src/restore/choose.ts`). Absent otherwise.
   */
  restore?: boolean;
}

/** Which kind of evidence a finding (or a share of the score) comes from. */
export type Signal = 'lexicon' | 'spintax' | 'consistency' | 'model';

/** One signal's part in a verdict: what it found and how much of the score it carries. */
export interface Evidence {
  /** The lists, a spinner template left in the text, the document-consistency rule, or the model. */
  signal: Signal;
  /** Its contribution to the score, in [0, 1]; the weights of a verdict sum to the score (0 for a signal that found nothing). */
  weight: number;
  /** How many findings carry this signal. */
  findings: number;
  /** The words and phrases that drove it (distinct `actual`s, strongest first, at most ten). */
  words: string[];
}

/** How a long input was judged: in sections (article-sized windows or the documents of a concatenation). */
export interface Sections {
  /** Sections judged. */
  count: number;
  /** Sections judged spun. */
  spun: number;
  /** `spun / count`. */
  share: number;
  /** Each section's character range in the analysed text, with its own verdict. */
  ranges?: Array<{ start: number; end: number; spun: boolean; score: number }>;
}

export interface Verdict {
  /** True when `score` reaches the documented threshold. */
  spun: boolean;
  /** Calibrated score in [0, 1]. */
  score: number;
  /**
   * What the score rests on, one entry per signal that found something (empty
   * when nothing was found). A document is never judged spun without a finding.
   */
  evidence: Evidence[];
  /** Present only when the input was judged in more than one section. */
  sections?: Sections;
}

/** Contract v1: the result of checking one input. */
export interface CheckResult {
  /** The input as the user named it: a path, `-`, a URL, or `<text>` for library calls. */
  input: string;
  /** The analysed text, present when it differs from the raw input (HTML, URL). */
  text?: string;
  verdict: Verdict;
  findings: Finding[];
  /** The analysed text with each finding replaced by its best suggestion. */
  restored: string;
}

/** A half-open character range [start, end) in the analysed text. */
export interface Range {
  start: number;
  end: number;
}
