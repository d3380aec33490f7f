/**
 * Line and column of a string index, as editors show them.
 *
 * Lines are 1-based and end at LF, CR LF or a lone CR. Columns are 1-based and
 * count Unicode code points, so an emoji or another character outside the
 * Basic Multilingual Plane is one column, not the two UTF-16 code units a
 * JavaScript index counts. `utf16Column` gives the JavaScript count for
 * formats that ask for it (SARIF with `columnKind: utf16CodeUnits`).
 */

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column in code points. */
  column: number;
  /** 1-based column in UTF-16 code units. */
  utf16Column: number;
}

export type Locator = (offset: number) => Position;

/** Indexes the line starts of `text` once; each lookup is a binary search. */
export function createLocator(text: string): Locator {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) lineStarts.push(i + 1);
    else if (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a) lineStarts.push(i + 1);
  }
  return (offset: number): Position => {
    const at = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = lineStarts[lo]!;
    return { line: lo + 1, column: codePointsBetween(text, lineStart, at) + 1, utf16Column: at - lineStart + 1 };
  };
}

/** Code points in text[from, to): a surrogate pair counts once. */
export function codePointsBetween(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    // Count a high surrogate only with its low half; a lone surrogate counts as one.
    if (code >= 0xdc00 && code <= 0xdfff && i > from) {
      const previous = text.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) continue;
    }
    count++;
  }
  return count;
}
