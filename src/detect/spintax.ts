/**
 * Stray spintax: a spinner's template syntax left in the output, `{hardware}`
 * or `{good|great|fine}`. Natural prose almost never wraps a plain word in
 * braces, so this is strong evidence and the restoration is the first choice.
 */
import { Gap, TokenKind, type Tokens } from '../text/tokenize.js';

export interface SpintaxSpan {
  /** Token index of `{`. */
  first: number;
  /** Token index of `}`. */
  last: number;
  /** The alternatives inside the braces, in the order written. */
  alternatives: string[];
}

const CLOSE = 0x7d;
const BAR = 0x7c;
/** Longest spintax group looked at, in tokens; real templates hold a few words per choice. */
const MAX_TOKENS = 24;

/**
 * A brace glued to what precedes it is markup, not a spinner's template:
 * TeX arguments (`\emph{gradient masking}`, `T^{d}`, `\mathcal{D}_i`, `na\"{i}ve`),
 * set notation inside maths (`$\{x\}$`) or a template call (`}}{{`). A
 * spinner's group stands where a word stands, after a space or an opening
 * mark ("Russian {hardware}", "({good|great})").
 */
function isMarkupBrace(text: string, at: number): boolean {
  if (at === 0) return false;
  const before = text[at - 1]!;
  // A TeX accent: a backslash and one mark (\"{i}, \'{e}, \~{n}).
  if (at >= 2 && text[at - 2] === '\\' && /[\p{P}\p{S}]/u.test(before)) return true;
  return /[\\^_$}{\p{L}\p{N}]/u.test(before);
}

/** The first token that starts at or after `offset` (binary search over the sorted starts). */
function tokenAt(starts: Uint32Array, count: number, offset: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function findSpintax(tokens: Tokens, skip: Uint8Array): SpintaxSpan[] {
  const spans: SpintaxSpan[] = [];
  const { text, starts, ends, kinds, gaps } = tokens;
  // Braces are rare in prose: jump from one to the next instead of visiting every token.
  for (let brace = text.indexOf('{'); brace >= 0; brace = text.indexOf('{', brace + 1)) {
    const i = tokenAt(starts, tokens.count, brace);
    if (i >= tokens.count || starts[i] !== brace) continue;
    if (kinds[i] !== TokenKind.Punct || skip[i] || isMarkupBrace(text, brace)) continue;
    let close = -1;
    let words = 0;
    for (let j = i + 1; j < tokens.count && j <= i + MAX_TOKENS; j++) {
      if (gaps[j]! & Gap.Newline) break;
      const kind = kinds[j]!;
      // Spinners choose among words: numbers may stand in a choice, but braces holding numbers alone
      // are notation (Schläfli symbols {3,3,5}, sets {1,2}), not a template.
      if (kind === TokenKind.Word) { words++; continue; }
      if (kind === TokenKind.Number) continue;
      if (kind === TokenKind.Joiner) continue;
      const code = text.charCodeAt(starts[j]!);
      if (code === CLOSE) { close = j; break; }
      // Only words, bars, hyphens and apostrophes belong in a choice: braces around code or JSON are not spintax.
      if (code !== BAR && code !== 0x27 && code !== 0x2019) break;
    }
    if (close < 0 || words === 0) continue;
    const inner = text.slice(ends[i]!, starts[close]!);
    const alternatives = inner.split('|').map((s) => s.trim()).filter((s) => s.length > 0);
    if (alternatives.length === 0) continue;
    // Symbols of one or two characters alone in braces are notation, not a word a spinner protected (templates
    // protect words: "{hardware}"): a variable or set in mathematics ("{ } + {n}" in an article on bipyramids,
    // "{x}", "{ij}"), or music typeset in LilyPond ("\clef bass { c1 }", "{ e1 c }" in a Wikipedia dev article).
    if (alternatives.length === 1 && /^[\p{L}\p{N}]{1,2}(?: [\p{L}\p{N}]{1,2})*$/u.test(alternatives[0]!)) continue;
    spans.push({ first: i, last: close, alternatives });
    brace = starts[close]!;
  }
  return spans;
}
