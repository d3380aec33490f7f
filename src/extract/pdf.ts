/**
 * PDF → article text, for papers checked by research-integrity readers.
 *
 * pdf.js (pdfjs-dist) gives positioned text runs; the reading order, the
 * paragraphs and the page furniture are ours to recover, with plain rules:
 *
 *  - Columns: a page whose runs leave a vertical gutter in its middle third
 *    (no run crosses it) is read column by column; runs that span the gutter
 *    (a title, a full-width figure caption) are read where they stand, above
 *    or below the columns.
 *  - Lines: runs on one baseline (within a third of the font size) form a
 *    line, left to right.
 *  - Paragraphs: a vertical gap clearly larger than the page's usual line
 *    spacing starts a new paragraph; so does a short line that ends a
 *    sentence, since papers rarely leave extra space between paragraphs.
 *  - Hyphenation: "infor-" at a line's end followed by "mation" is joined;
 *    "well-" + "known" keeps its hyphen when both halves are common words
 *    and the joined form is not.
 *  - Running headers, footers and page numbers: lines near the top or bottom
 *    of the page that repeat (digits aside) on at least half of the pages,
 *    and lone page numbers there, are left out of the text.
 *  - References: from a heading "References", "Bibliography", "Works cited"
 *    or "Literature cited" to the end, the text is kept (so offsets stay
 *    true) but listed in `excluded`: citations are not prose and are never
 *    flagged.
 *
 * pdf.js is loaded only when a PDF is read, so plain checks start as fast
 * as before.
 */
import { UnspinError } from '../errors.js';
import type { Range } from '../types.js';

export interface PdfText {
  /** The recovered text: paragraphs separated by blank lines. */
  text: string;
  /** The references section (and nothing else so far): never analysed or flagged. */
  excluded: Range[];
  /** The document's title from its metadata, when set. */
  title?: string;
  pages: number;
}

/** Pages read at most: a 2,000-page PDF is a book or an attack, not a paper. */
export const MAX_PDF_PAGES = 2000;

interface Run {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Line {
  text: string;
  x: number;
  /** Right end of the line. */
  right: number;
  y: number;
  size: number;
}

const REFERENCES_HEADING = /^(?:\d+\.?\s*|[IVX]+\.\s*)?(?:references|bibliography|works cited|literature cited|references and notes)\s*:?$/i;

/** The words of ordinary English, to keep "well-known" hyphenated and join "infor-mation". */
let commonWords: Set<string> | undefined;
async function isCommonWord(word: string): Promise<boolean> {
  if (!commonWords) {
    commonWords = new Set();
    try {
      const { readFileSync } = await import('node:fs');
      const { fileURLToPath } = await import('node:url');
      const path = fileURLToPath(new URL('../../data/learn/common-words.txt', import.meta.url));
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        const w = line.split('\t')[0]!.trim().toLowerCase();
        if (w && !w.startsWith('#')) commonWords.add(w);
      }
    } catch {
      // Without the list every line-end hyphen before a lower-case letter is a break.
    }
  }
  return commonWords.has(word.toLowerCase());
}

/** Reads a PDF's text; throws `UnspinError` with one line for encrypted, broken or image-only files. */
export async function extractPdf(bytes: Uint8Array, name: string): Promise<PdfText> {
  let pdfjs: typeof import('pdfjs-dist/legacy/build/pdf.mjs');
  try {
    pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  } catch (error) {
    throw new UnspinError('internal', `${name}: cannot load the PDF reader (${(error as Error).message.split('\n')[0]})`);
  }
  // pdf.js takes ownership of the buffer it is given: pass a copy.
  const data = new Uint8Array(bytes);
  const task = pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false });
  let doc;
  try {
    doc = await task.promise;
  } catch (error) {
    const kind = (error as { name?: string }).name;
    if (kind === 'PasswordException') throw new UnspinError('input-unreadable', `${name}: encrypted PDF (a password is needed to read its text)`);
    throw new UnspinError('input-unreadable', `${name}: broken PDF (${(error as Error).message.split('\n')[0]})`);
  }
  try {
    if (doc.numPages > MAX_PDF_PAGES) {
      throw new UnspinError('input-too-large', `${name}: PDF has ${doc.numPages} pages (at most ${MAX_PDF_PAGES} are read)`);
    }
    const pages: Array<{ lines: Line[]; height: number }> = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim().length === 0) continue;
        const [a, b, , , e, f] = item.transform as number[];
        const size = Math.hypot(a!, b!) || item.height || 10;
        runs.push({ str: item.str, x: e!, y: f!, width: item.width, size });
      }
      pages.push({ lines: readingOrder(runs, viewport.width), height: viewport.height });
      page.cleanup();
    }
    const metadata = await doc.getMetadata().catch(() => null);
    const info = metadata?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' && info.Title.trim().length > 0 ? info.Title.trim() : undefined;
    const result = await assemble(pages);
    if (result.text.trim().length === 0) {
      throw new UnspinError('input-empty', `${name}: PDF has no text layer (scanned images? run OCR first)`);
    }
    return { ...result, pages: doc.numPages, ...(title ? { title } : {}) };
  } finally {
    await doc.destroy().catch(() => {});
  }
}

/** Runs → lines in reading order, column by column. */
export function readingOrder(runs: Run[], pageWidth: number): Line[] {
  if (runs.length === 0) return [];
  const gutter = findGutter(runs, pageWidth);
  if (gutter === null) return toLines(runs);
  const spanning = runs.filter((r) => r.x < gutter && r.x + r.width > gutter);
  const left = runs.filter((r) => r.x + r.width <= gutter);
  const right = runs.filter((r) => r.x >= gutter);
  // Columns occupy a band of the page; spanning runs above it come first, below it last (PDF y grows upwards).
  const top = Math.max(...[...left, ...right].map((r) => r.y));
  const above = spanning.filter((r) => r.y > top);
  const below = spanning.filter((r) => r.y <= top);
  return [...toLines(above), ...toLines(left), ...toLines(right), ...toLines(below)];
}

/**
 * The x of a vertical gutter in the middle third of the page that no run
 * crosses, with enough text on both sides to be columns; null for one column.
 */
function findGutter(runs: Run[], pageWidth: number): number | null {
  const step = pageWidth / 120;
  let best: { x: number; crossing: number } | null = null;
  for (let x = pageWidth / 3; x <= (2 * pageWidth) / 3; x += step) {
    let crossing = 0;
    for (const r of runs) if (r.x < x && r.x + r.width > x) crossing++;
    if (!best || crossing < best.crossing) best = { x, crossing };
  }
  if (!best) return null;
  const leftCount = runs.filter((r) => r.x + r.width <= best!.x).length;
  const rightCount = runs.filter((r) => r.x >= best!.x).length;
  // A few spanning runs (title, caption) are allowed; a column needs a fifth of the page's runs.
  if (best.crossing > Math.max(2, runs.length * 0.05)) return null;
  if (leftCount < runs.length * 0.2 || rightCount < runs.length * 0.2) return null;
  // Both sides must hold real lines (several distinct baselines), not a margin note.
  const baselines = (side: Run[]) => new Set(side.map((r) => Math.round(r.y))).size;
  if (baselines(runs.filter((r) => r.x >= best!.x)) < 3 || baselines(runs.filter((r) => r.x + r.width <= best!.x)) < 3) return null;
  return best.x;
}

/** Runs on one baseline (within a third of the font size) → one line, top to bottom, left to right. */
function toLines(runs: Run[]): Line[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  let current: Run[] = [];
  const flush = () => {
    if (current.length === 0) return;
    current.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    for (const run of current) {
      // A gap wider than a fifth of the font size is a space the PDF did not write.
      if (text.length > 0 && run.x - end > run.size * 0.2 && !/\s$/.test(text) && !/^\s/.test(run.str)) text += ' ';
      text += run.str;
      end = run.x + run.width;
    }
    const first = current[0]!;
    lines.push({ text: text.replace(/\s+/g, ' ').trim(), x: first.x, right: end, y: first.y, size: Math.max(...current.map((r) => r.size)) });
    current = [];
  };
  for (const run of sorted) {
    const anchor = current[0];
    if (anchor && Math.abs(anchor.y - run.y) > Math.max(anchor.size, run.size) / 3) flush();
    current.push(run);
  }
  flush();
  return lines.filter((l) => l.text.length > 0);
}

const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/** The shape of a header line with its numbers blanked: "Journal of X, vol. 3, p. 17" repeats as "journal of x, vol. #, p. #". */
function furnitureKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

async function assemble(pages: Array<{ lines: Line[]; height: number }>): Promise<{ text: string; excluded: Range[] }> {
  // Running headers and footers: lines in the top or bottom 10% of a page whose
  // shape repeats on at least half of the pages (and on two at least).
  const edge = (line: Line, height: number) => line.y > height * 0.9 || line.y < height * 0.1;
  const seen = new Map<string, number>();
  for (const { lines, height } of pages) {
    const keys = new Set(lines.filter((l) => edge(l, height)).map((l) => furnitureKey(l.text)));
    for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const repeated = (key: string) => pages.length >= 2 && (seen.get(key) ?? 0) >= Math.max(2, pages.length / 2);

  const paragraphs: string[] = [];
  let current = '';
  const endParagraph = () => {
    if (current.trim().length > 0) paragraphs.push(current.trim());
    current = '';
  };
  for (const { lines, height } of pages) {
    const body = lines.filter((l) => !(edge(l, height) && (PAGE_NUMBER.test(l.text) || repeated(furnitureKey(l.text)))));
    const spacing = medianSpacing(body);
    const rightEdge = percentile(body.map((l) => l.right), 0.9);
    for (let i = 0; i < body.length; i++) {
      const line = body[i]!;
      const previous = body[i - 1];
      if (previous) {
        const gap = previous.y - line.y;
        // A new column or page resets the baseline (gap < 0); a wide gap or a heading-sized change of font starts a paragraph.
        const wideGap = gap > spacing * 1.6 || gap < 0;
        const fontChange = Math.abs(previous.size - line.size) > Math.max(previous.size, line.size) * 0.15;
        const shortEnd = previous.right < rightEdge - previous.size * 4 && /[.!?:)"”]$/.test(previous.text);
        if (wideGap || fontChange || shortEnd || REFERENCES_HEADING.test(previous.text)) endParagraph();
        else if (current.length > 0 && REFERENCES_HEADING.test(line.text)) endParagraph();
      }
      current = await joinLine(current, line.text);
    }
    endParagraph();
  }
  // Pages break paragraphs mid-sentence: join a paragraph that ends without
  // punctuation to the next one when that one starts in lower case.
  const merged: string[] = [];
  for (const para of paragraphs) {
    const last = merged[merged.length - 1];
    if (last !== undefined && !/[.!?:;)"”\]]$/.test(last) && /^[a-z]/.test(para) && !REFERENCES_HEADING.test(last)) {
      merged[merged.length - 1] = await joinLine(last, para);
    } else merged.push(para);
  }
  const text = merged.join('\n\n');
  const excluded: Range[] = [];
  let offset = 0;
  for (const para of merged) {
    if (REFERENCES_HEADING.test(para)) {
      excluded.push({ start: offset, end: text.length });
      break;
    }
    offset += para.length + 2;
  }
  return { text, excluded };
}

/** Appends a line to a paragraph, undoing end-of-line hyphenation. */
async function joinLine(paragraph: string, line: string): Promise<string> {
  if (paragraph.length === 0) return line;
  const hyphen = /(\p{L}+)[-\u00ad\u2010]$/u.exec(paragraph);
  const next = /^(\p{Ll}+)/u.exec(line);
  if (hyphen && next) {
    const head = hyphen[1]!;
    const tail = next[1]!;
    const joined = head + tail;
    // "battle-" + "fields": the joined form may be an inflection of a listed word.
    const joinedKnown = (await isCommonWord(joined)) || (await isCommonWord(joined.replace(/(?:s|es|ed|ing|ly)$/, '')));
    const keep = (await isCommonWord(head)) && (await isCommonWord(tail)) && !joinedKnown;
    if (!keep || paragraph.endsWith('\u00ad')) return paragraph.slice(0, -1) + line;
    return paragraph + line;
  }
  return paragraph + ' ' + line;
}

function medianSpacing(lines: Line[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const gap = lines[i - 1]!.y - lines[i]!.y;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return lines[0]?.size ?? 12;
  return percentile(gaps, 0.5);
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
