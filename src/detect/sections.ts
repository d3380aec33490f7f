/**
 * Sections: where a long input is cut so that each part is judged on its own.
 *
 * The verdict's gates are document-level (the lists' density, document
 * consistency, the model's section posterior and its "does the original
 * occur in this document?" counts), so a passage judged inside a long input
 * would otherwise hear about everything around it: a crawl of clean articles
 * adds up to "spun", a spun page diluted by clean ones loses its findings.
 * Cut into article-sized sections, each judged alone, the findings and the
 * verdict of a passage depend on its own section only.
 *
 * The cuts depend on the text before them and the line they fall on, never
 * on what comes after a document, so that a document checked alone and the
 * same document at the head of a concatenation are cut the same way:
 *  1. the documents of a concatenation: a title line (short, no sentence
 *     punctuation at its end, outside page chrome) that follows a finished
 *     paragraph and stands before a blank line ("Nadal puts Spain 2-0 up\n\n")
 *     opens a new section, once the current one holds MIN_SECTION_WORDS
 *     words (an article's own subheadings rarely come that late... and
 *     when they do, they cut it the same way alone or joined);
 *  2. article-sized windows: a section that reaches WINDOW_WORDS words ends
 *     at the next paragraph end; a single line (a one-line dump) longer than
 *     that is cut at the first sentence end after WINDOW_WORDS words, and
 *     failing one, at a space after LONG_WORDS words, failing that at
 *     LONG_CHARS characters.
 */
import type { Range } from '../types.js';

/** A title only opens a new document after this many words of the current one. */
export const MIN_SECTION_WORDS = 700;
/** A section ends at the first paragraph end after this many words (a long article; five news stories). */
export const WINDOW_WORDS = 2000;
/** A line with no sentence end is cut at a space after this many words... */
const LONG_WORDS = 2 * WINDOW_WORDS;
/** ...and a run with no space at all after this many characters. */
const LONG_CHARS = 16 * WINDOW_WORDS;
/** A title line: at most this long... */
const TITLE_MAX_CHARS = 150;
/** ...with this many words at most. */
const TITLE_MAX_WORDS = 20;

const WORD = /[\p{L}\p{N}]+/gu;

function countWords(text: string, start: number, end: number): number {
  WORD.lastIndex = start;
  let words = 0;
  for (let m = WORD.exec(text); m !== null && m.index < end; m = WORD.exec(text)) words++;
  return words;
}

const isBlank = (text: string, start: number, end: number) => !/\S/.test(text.slice(start, end));

/** A title line: short, has a letter, ends without sentence punctuation. */
function isTitleLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length < 2 || trimmed.length > TITLE_MAX_CHARS) return false;
  if (!/\p{L}/u.test(trimmed)) return false;
  if (/[.!?:;,"”’)\]}…-]$/u.test(trimmed)) return false;
  return trimmed.split(/\s+/).length <= TITLE_MAX_WORDS;
}

/** Whether [start, end) lies inside one of the sorted ranges. */
function insideAny(ranges: readonly Range[], start: number, end: number): boolean {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < ranges.length && ranges[lo]!.start <= start && ranges[lo]!.end >= end;
}

/** The places in one over-long line where a window may end: after a sentence end, else a space, else anywhere. */
function cutLongLine(text: string, start: number, end: number, cuts: number[]): void {
  let from = start;
  while (from < end) {
    // Skip WINDOW_WORDS words, then look for a sentence end.
    WORD.lastIndex = from;
    let words = 0;
    let at = from;
    for (let m = WORD.exec(text); m !== null && m.index < end; m = WORD.exec(text)) {
      at = m.index + m[0].length;
      if (++words >= WINDOW_WORDS || at - from >= LONG_CHARS) break;
    }
    if (words < WINDOW_WORDS && at - from < LONG_CHARS) return;
    // Looked for within reach only, so that a line without sentence ends is not rescanned to its end each time.
    const reach = text.slice(at, Math.min(end, at + LONG_CHARS));
    const found = /[.!?]["”’)\]]*\s+(?=["“‘(]?[\p{Lu}\p{N}])/u.exec(reach);
    let cut = -1;
    if (found !== null && countWords(reach, 0, found.index) < LONG_WORDS - WINDOW_WORDS) cut = at + found.index + found[0].length;
    if (cut < 0) {
      // No sentence end in reach: a space after LONG_WORDS words, or else LONG_CHARS characters.
      WORD.lastIndex = at;
      let more = words;
      let last = at;
      for (let m = WORD.exec(text); m !== null && m.index < end; m = WORD.exec(text)) {
        last = m.index + m[0].length;
        if (++more >= LONG_WORDS || last - from >= LONG_CHARS) break;
      }
      if (last >= end) return;
      cut = last - from >= LONG_CHARS ? Math.min(end, from + LONG_CHARS) : last;
      // Never between the halves of a surrogate pair.
      const code = text.charCodeAt(cut);
      if (code >= 0xdc00 && code <= 0xdfff) cut++;
    }
    if (cut >= end) return;
    cuts.push(cut);
    from = cut;
  }
}

/**
 * The sections of a text, in order, covering it: [start, end) character
 * ranges. One section (the whole text) for anything article-sized.
 */
export function sectionRanges(text: string, excluded: readonly Range[] = []): Range[] {
  const starts: number[] = [0];
  let words = 0;
  // Whether the line before ended a paragraph (a sentence end, or a blank line), so a title may follow.
  let afterParagraph = true;
  let lineStart = 0;
  const n = text.length;
  while (lineStart < n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    const blank = isBlank(text, lineStart, lineEnd);
    if (!blank) {
      const lineWords = countWords(text, lineStart, lineEnd);
      if (words >= MIN_SECTION_WORDS && afterParagraph && lineEnd - lineStart <= 4 * TITLE_MAX_CHARS) {
        // A title: followed by a blank line (or the end), outside chrome.
        const nextEnd = lineEnd < n ? text.indexOf('\n', lineEnd + 1) : -1;
        const followedByBlank = lineEnd >= n || isBlank(text, lineEnd + 1, nextEnd < 0 ? n : nextEnd);
        if (followedByBlank && isTitleLine(text.slice(lineStart, lineEnd)) && !insideAny(excluded, lineStart, lineEnd)) {
          starts.push(lineStart);
          words = 0;
        }
      }
      if (lineWords > WINDOW_WORDS) {
        // A one-line dump: windows inside the line.
        const cuts: number[] = [];
        cutLongLine(text, lineStart, lineEnd, cuts);
        if (cuts.length > 0) {
          for (const cut of cuts) starts.push(cut);
          words = countWords(text, cuts.at(-1)!, lineEnd);
        } else {
          words += lineWords;
        }
      } else {
        words += lineWords;
      }
      const last = text.slice(Math.max(lineStart, lineEnd - 4), lineEnd).trimEnd();
      afterParagraph = /[.!?"”’)\]:]$/.test(last);
      // A window ends at a paragraph end (a line that ends a sentence) once it is long enough.
      if (words >= WINDOW_WORDS && afterParagraph && lineEnd + 1 < n) {
        starts.push(lineEnd + 1);
        words = 0;
      }
    } else {
      afterParagraph = true;
    }
    lineStart = lineEnd + 1;
  }
  const ranges: Range[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]! : n;
    if (end > start) ranges.push({ start, end });
  }
  if (ranges.length === 0) ranges.push({ start: 0, end: n });
  return ranges;
}
