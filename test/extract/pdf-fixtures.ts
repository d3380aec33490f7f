/**
 * PDFs made in the test from known text with pdf-lib: one column, two columns,
 * running headers and page numbers, a references section. Positions are laid
 * out by hand as a word processor would (Helvetica, justified left).
 */
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

export interface Layout {
  columns?: 1 | 2;
  /** A running header printed at the top of every page. */
  header?: string;
  /** Page numbers at the bottom of every page. */
  pageNumbers?: boolean;
  /** Paragraphs drawn after a "References" heading. */
  references?: string[];
  title?: string;
  fontSize?: number;
}

const PAGE_W = 595;
const PAGE_H = 842;
const MARGIN = 56;

/** Greedy line breaking at `width`, hyphenating a long word across the break as typesetters do. */
function wrap(text: string, font: PDFFont, size: number, width: number, hyphenate: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    // Split a long word with a hyphen when half of it still fits.
    if (hyphenate && /^[a-z]{8,}$/.test(word)) {
      const head = word.slice(0, Math.ceil(word.length / 2));
      const withHead = line ? `${line} ${head}-` : `${head}-`;
      if (font.widthOfTextAtSize(withHead, size) <= width) {
        lines.push(withHead);
        line = word.slice(head.length);
        continue;
      }
    }
    if (line) lines.push(line);
    line = word;
  }
  if (line) lines.push(line);
  return lines;
}

export async function makePdf(paragraphs: string[], layout: Layout = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (layout.title) doc.setTitle(layout.title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const size = layout.fontSize ?? 10;
  const leading = size * 1.3;
  const columns = layout.columns ?? 1;
  const gutter = 24;
  const columnWidth = (PAGE_W - 2 * MARGIN - (columns - 1) * gutter) / columns;
  let page: PDFPage | undefined;
  let pageNo = 0;
  let column = 0;
  let y = 0;
  const newPage = () => {
    page = doc.addPage([PAGE_W, PAGE_H]);
    pageNo++;
    column = 0;
    y = PAGE_H - MARGIN - 20;
    if (layout.header) page.drawText(layout.header, { x: MARGIN, y: PAGE_H - 36, size: 8, font });
    if (layout.pageNumbers) page.drawText(String(pageNo), { x: PAGE_W / 2, y: 30, size: 8, font });
  };
  const nextColumn = () => {
    if (column + 1 < columns) {
      column++;
      y = PAGE_H - MARGIN - 20;
    } else newPage();
  };
  newPage();
  if (layout.title) {
    page!.drawText(layout.title, { x: MARGIN, y, size: size * 1.6, font: bold });
    y -= size * 3;
  }
  const drawBlock = (text: string, f: PDFFont, s: number) => {
    for (const line of wrap(text, f, s, columnWidth, true)) {
      if (y < MARGIN + 20) nextColumn();
      page!.drawText(line, { x: MARGIN + column * (columnWidth + gutter), y, size: s, font: f });
      y -= s * 1.3;
    }
    y -= leading * 0.9; // paragraph spacing
  };
  for (const para of paragraphs) drawBlock(para, font, size);
  if (layout.references) {
    drawBlock('References', bold, size * 1.2);
    for (const ref of layout.references) drawBlock(ref, font, size * 0.9);
  }
  return doc.save();
}
