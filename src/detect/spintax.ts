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

const OPEN = 0x7b;
const CLOSE = 0x7d;
const BAR = 0x7c;
/** Longest spintax group looked at, in tokens; real templates hold a few words per choice. */
const MAX_TOKENS = 24;

export function findSpintax(tokens: Tokens, skip: Uint8Array): SpintaxSpan[] {
  const spans: SpintaxSpan[] = [];
  const { text, starts, ends, kinds, gaps } = tokens;
  for (let i = 0; i < tokens.count; i++) {
    if (kinds[i] !== TokenKind.Punct || text.charCodeAt(starts[i]!) !== OPEN || skip[i]) continue;
    let close = -1;
    let words = 0;
    for (let j = i + 1; j < tokens.count && j <= i + MAX_TOKENS; j++) {
      if (gaps[j]! & Gap.Newline) break;
      const kind = kinds[j]!;
      if (kind === TokenKind.Word || kind === TokenKind.Number) { words++; continue; }
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
    spans.push({ first: i, last: close, alternatives });
    i = close;
  }
  return spans;
}
