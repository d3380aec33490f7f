/**
 * Restoration: apply each finding's best suggestion, keeping the writer's case,
 * spacing and punctuation. Everything outside the replaced spans (and the odd
 * "a"/"an" in front of one) is copied through byte for byte.
 */
import { alignTokens, blockRanges } from '../text/diff.js';
import { tokenize } from '../text/tokenize.js';
import type { Finding } from '../types.js';
import { adjustArticle } from './article.js';
import { matchCase } from './case.js';

export { matchCase, casePattern, capitalizeFirst, type CasePattern } from './case.js';
export { articleFor, adjustArticle, type Article } from './article.js';
export { chooseRestorations, isStemRelative, RESTORE_FROM, type PairJudge } from './choose.js';

/**
 * The findings that can be shown or applied together: valid ranges, sorted by
 * position, no two overlapping. Of two overlapping findings the one that
 * starts first wins, and of two that start together the longer one.
 */
export function selectFindings<F extends Finding>(
  text: string,
  findings: readonly F[],
  options: { withSuggestion?: boolean } = {},
): F[] {
  const valid = findings.filter((f) =>
    Number.isInteger(f.start) && Number.isInteger(f.end) && f.start >= 0 && f.start < f.end && f.end <= text.length &&
    (!options.withSuggestion || (f.restore !== false && Array.isArray(f.expected) && typeof f.expected[0] === 'string' && f.expected[0].trim() !== '')));
  valid.sort((x, y) => x.start - y.start || y.end - x.end);
  const chosen: F[] = [];
  let reached = 0;
  for (const finding of valid) {
    if (finding.start < reached) continue;
    chosen.push(finding);
    reached = finding.end;
  }
  return chosen;
}

/** One change made by restoration, with offsets in the original text. */
export interface Replacement {
  start: number;
  end: number;
  /** What was written there. */
  actual: string;
  /** What restoration wrote instead (case matched). */
  text: string;
  /** The finding that caused it; absent for an article adjusted to the word after it. */
  finding?: Finding;
}

/**
 * The edits restoration makes, in order: each finding with a suggestion
 * (non-overlapping, see `selectFindings`) replaced by `expected[0]` in the case
 * pattern of the replaced words, and an "a"/"an" right before a replacement
 * adjusted when the replacement sounds different.
 */
export function planReplacements(text: string, findings: readonly Finding[]): Replacement[] {
  const edits: Replacement[] = [];
  let reached = 0;
  for (const finding of selectFindings(text, findings, { withSuggestion: true })) {
    const actual = text.slice(finding.start, finding.end);
    const replacement = matchCase(actual, finding.expected[0]!.trim());
    const article = articleBefore(text, finding.start, reached);
    if (article) {
      const fixed = adjustArticle(article.word, actual, replacement);
      if (fixed !== article.word) edits.push({ start: article.start, end: article.end, actual: article.word, text: fixed });
    }
    edits.push({ start: finding.start, end: finding.end, actual, text: replacement, finding });
    reached = finding.end;
  }
  return edits;
}

/** One finding's whole change: its replacement, and the "a"/"an" before it when that changed too. */
export interface FindingEdit {
  start: number;
  end: number;
  /** What the text has from `start` to `end`. */
  actual: string;
  /** What restoration writes there. */
  text: string;
  finding: Finding;
}

/**
 * The replacements grouped by finding (an adjusted article joins the
 * replacement after it), so that a reader who rejects one finding gets the
 * restored text with exactly that change undone: applying any subset of
 * these edits gives the text restored with just those findings.
 */
export function planFindingEdits(text: string, findings: readonly Finding[]): FindingEdit[] {
  const edits: FindingEdit[] = [];
  let article: Replacement | undefined;
  for (const edit of planReplacements(text, findings)) {
    if (!edit.finding) {
      article = edit;
      continue;
    }
    const start = article ? article.start : edit.start;
    const written = article ? article.text + text.slice(article.end, edit.start) + edit.text : edit.text;
    edits.push({ start, end: edit.end, actual: text.slice(start, edit.end), text: written, finding: edit.finding });
    article = undefined;
  }
  return edits;
}

/** `text` with each finding (that has a suggestion) replaced by `expected[0]`, case-matched. */
export function applySuggestions(text: string, findings: readonly Finding[]): string {
  return applyReplacements(text, planReplacements(text, findings));
}

/** Applies ordered, non-overlapping edits. */
export function applyReplacements(text: string, edits: readonly Replacement[]): string {
  const out: string[] = [];
  let position = 0;
  for (const edit of edits) {
    out.push(text.slice(position, edit.start), edit.text);
    position = edit.end;
  }
  out.push(text.slice(position));
  return out.join('');
}

/** An "a" or "an" standing alone right before `start`, separated by whitespace only, at or after `notBefore`. */
function articleBefore(text: string, start: number, notBefore: number): { start: number; end: number; word: string } | null {
  let end = start;
  while (end > notBefore && /\s/.test(text[end - 1]!)) end--;
  if (end === start) return null;
  let begin = end;
  while (begin > notBefore && begin > end - 2 && /[aAnN]/.test(text[begin - 1]!)) begin--;
  const word = text.slice(begin, end);
  if (!/^(?:a|an)$/i.test(word)) return null;
  // The article must be a word of its own, not the tail of "Sinan" or "Plan".
  if (begin > 0 && /[\p{L}\p{N}'’\-]/u.test(text[begin - 1]!)) return null;
  if (begin < notBefore) return null;
  return { start: begin, end, word };
}

export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/**
 * A word-level diff of two texts (whitespace kept inside the parts): the
 * `same` and `removed` parts concatenate to `before`, the `same` and `added`
 * parts to `after`. Words are aligned by `alignTexts`; a difference in case
 * or spacing alone shows as a change too, since the identities must hold.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const ta = tokenize(before);
  const tb = tokenize(after);
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  const pair = (x: string, y: string) => {
    if (x === y) push('same', x);
    else {
      push('removed', x);
      push('added', y);
    }
  };
  let posA = 0;
  let posB = 0;
  for (const block of alignTokens(ta, tb)) {
    const [[a0, a1], [b0, b1]] = blockRanges(ta, tb, block);
    pair(before.slice(posA, a0), after.slice(posB, b0));
    if (block.kind === 'changed') {
      push('removed', before.slice(a0, a1));
      push('added', after.slice(b0, b1));
    } else if (before.slice(a0, a1) === after.slice(b0, b1)) {
      push('same', before.slice(a0, a1));
    } else {
      // Equal words that differ in case or spacing: compare token by token.
      for (let k = 0; k < block.a[1] - block.a[0]; k++) {
        const i = block.a[0] + k;
        const j = block.b[0] + k;
        if (k > 0) pair(before.slice(ta.ends[i - 1], ta.starts[i]), after.slice(tb.ends[j - 1], tb.starts[j]));
        pair(before.slice(ta.starts[i], ta.ends[i]), after.slice(tb.starts[j], tb.ends[j]));
      }
    }
    posA = a1;
    posB = b1;
  }
  pair(before.slice(posA), after.slice(posB));
  return tidy(parts);
}

/**
 * Puts each removal before its addition inside a run of changes, so that the
 * diff reads "[-navy-]{+military+}" rather than interleaving.
 */
function tidy(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let i = 0;
  while (i < parts.length) {
    if (parts[i]!.kind === 'same') {
      out.push(parts[i++]!);
      continue;
    }
    let removed = '';
    let added = '';
    while (i < parts.length && parts[i]!.kind !== 'same') {
      if (parts[i]!.kind === 'removed') removed += parts[i]!.text;
      else added += parts[i]!.text;
      i++;
    }
    if (removed) out.push({ kind: 'removed', text: removed });
    if (added) out.push({ kind: 'added', text: added });
  }
  return out;
}
