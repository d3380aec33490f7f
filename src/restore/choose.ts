/**
 * Which suggestion restoration writes, if any. Detection says a span is a
 * substitution; restoration must also read as English:
 *  - a candidate must fit its slot: a noun where a verb goes ("can handle and
 *    leadership the exports") is not English, whatever the list says. The
 *    article after the slot decides, through `PairJudge` (n-gram counts: a
 *    pair English avoids, `model/grammar.ts`). Candidates that fit go first;
 *    when none fits, the span is left as written;
 *  - the context model's suggestions are rewritten into the text only from
 *    RESTORE_FROM confidence (the term restorer's are calibrated apart, on
 *    science terms, and keep their own bar): below it, on development data, a model
 *    suggestion restores the original less often than it writes a wrong word
 *    (eval/dev/restore-bar.ts). Such a finding is still reported, with its
 *    suggestions, but the restored text keeps the writer's words;
 *  - a context-model candidate that is a piece or a form of the written word
 *    itself ("battlefields" → "battle", "fields", "battlegrounds"; "readout"
 *    → "reading") is no synonym a spinner swapped in (`isStemRelative`); it
 *    goes last, and a span with nothing else is left as written.
 */
import { tokenize, TokenKind } from '../text/tokenize.js';
import type { Finding } from '../types.js';

/** Confidence from which a model suggestion is written into the restored text (chosen on development data). */
export const RESTORE_FROM = 0.7;

/** Whether English avoids `left` directly before `right` (lower-case words). */
export type PairJudge = (left: string, right: string) => boolean;

/**
 * Whether `candidate` is the written word's own piece or form rather than a
 * synonym: one contains the other ("battlefields" / "fields"), or they share
 * a stem of at least four letters that is at least half of the shorter word
 * ("readout" / "reading", "battlefields" / "battlegrounds").
 */
export function isStemRelative(actual: string, candidate: string): boolean {
  // One written word and one candidate word: a multiword term keeps words of the phrase by design.
  if (/\s/.test(actual.trim()) || /\s/.test(candidate.trim())) return false;
  const a = actual.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const c = candidate.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  if (a === '' || c === '' || a === c) return false;
  if (Math.min(a.length, c.length) >= 3 && (a.includes(c) || c.includes(a))) return true;
  let shared = 0;
  while (shared < a.length && shared < c.length && a[shared] === c[shared]) shared++;
  return shared >= 4 && shared * 2 >= Math.min(a.length, c.length);
}

/** The word right after `end`, with nothing but spaces between (else null). */
function wordAfter(text: string, end: number): string | null {
  const right = text.slice(end, end + 40).match(/^[ \t]+([\p{L}\p{N}][\p{L}\p{N}'’]*)/u)?.[1] ?? null;
  return right?.toLowerCase() ?? null;
}

function edgeWords(phrase: string): { first: string; last: string } | null {
  const tokens = tokenize(phrase);
  const words: string[] = [];
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.kinds[i] === TokenKind.Word || tokens.kinds[i] === TokenKind.Number) words.push(phrase.slice(tokens.starts[i], tokens.ends[i]).toLowerCase());
  }
  return words.length === 0 ? null : { first: words[0]!, last: words[words.length - 1]! };
}

/**
 * Articles after the slot: the one place where the counts tell a part of
 * speech reliably. "the", "a" and "an" are frequent enough that a common word
 * never seen before one is a word English does not put there (a noun where a
 * verb or preposition goes: "leadership the exports"). Other neighbours are
 * too rare in the counted text ("under your") or the pair is grammatical yet
 * unseen ("offer China the benefit"), so they do not decide.
 */
const ARTICLES = new Set(['the', 'a', 'an']);

/** Whether `candidate` can stand before the word after the span. */
function fitsSlot(text: string, finding: Finding, candidate: string, avoided: PairJudge): boolean {
  const edges = edgeWords(candidate);
  if (!edges) return true;
  const right = wordAfter(text, finding.end);
  return !(right && ARTICLES.has(right) && avoided(edges.last, right));
}

/**
 * The findings with their suggestions in the order restoration should try
 * them (those that fit the slot first) and `restore: false` on each that
 * restoration leaves as written. Without a judge (no model), only the
 * confidence bar applies.
 */
export function chooseRestorations(text: string, findings: readonly Finding[], avoided: PairJudge | null): Finding[] {
  return findings.map((finding) => {
    if (finding.expected.length === 0) return finding;
    const context = finding.rule === 'model' && finding.source === 'context';
    if (context && finding.confidence < RESTORE_FROM) return { ...finding, restore: false };
    const fitting = finding.expected.filter((candidate) =>
      !(context && isStemRelative(finding.actual, candidate)) && (!avoided || fitsSlot(text, finding, candidate, avoided)));
    if (fitting.length === 0) return { ...finding, restore: false };
    if (fitting.length === finding.expected.length) return finding;
    return { ...finding, expected: [...fitting, ...finding.expected.filter((c) => !fitting.includes(c))] };
  });
}
