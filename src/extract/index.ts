/**
 * Extraction: raw input → the article text that detection analyses.
 *
 * Plain text is analysed as it stands (offsets index the input), with page
 * chrome lines listed in `excluded`. HTML goes through Readability and
 * comes out as new text, chrome removed.
 */
import type { Range } from '../types.js';
import { findChromeLines } from './chrome.js';
import { extractHtml } from './html.js';
import { extractJats, looksLikeJats } from './jats.js';

export { findChromeLines, chromeRule, type ChromeLine } from './chrome.js';

export interface Article {
  /** The text that is analysed; findings' offsets index into it. */
  text: string;
  /** How the input was read: detected from the content, never from a file name (`pdf` comes from the input readers). */
  kind: 'text' | 'html' | 'jats' | 'pdf';
  title?: string;
  /** Page chrome inside `text` (comment forms, share counters, ...): never analysed or flagged. Sorted, disjoint. */
  excluded: Range[];
}

export interface ExtractOptions {
  /** Force a reading; default detects HTML from the content. */
  kind?: 'auto' | 'text' | 'html';
  /** The page's address, used by Readability to resolve links. */
  url?: string;
}

/** How much of the start of an input is examined to tell HTML from text. */
const SNIFF_CHARS = 4096;

/**
 * Tags that only markup uses. Eight of them in the first 4 KB make a page
 * HTML even without a doctype (a saved fragment, an e-mail body); a plain
 * article that mentions "<p>" once or twice stays text.
 */
const MARKUP_TAG = /<\/?(?:p|div|span|a|br|hr|h[1-6]|ul|ol|li|table|tr|td|th|img|em|strong|b|i|blockquote|section|article|header|footer|nav|main|figure|figcaption|script|style|meta|link|form|input)\b[^<>]{0,2000}>/gi;
const MIN_MARKUP_TAGS = 8;

/** Whether the content is HTML: a doctype, an <html>/<head>/<body> tag, or a density of markup tags near the start. */
export function looksLikeHtml(source: string): boolean {
  const head = source.slice(0, SNIFF_CHARS);
  const start = head.trimStart().slice(0, 256).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return true;
  if (start.startsWith('<?xml') && /<html\b/i.test(head)) return true;
  if (/<(?:html|head|body)\b[^<>]*>/i.test(head)) return true;
  let tags = 0;
  MARKUP_TAG.lastIndex = 0;
  while (MARKUP_TAG.exec(head) !== null) {
    if (++tags >= MIN_MARKUP_TAGS) return true;
  }
  // A short fragment that opens with a tag and holds a few more ("<p>One</p><p>Two</p>").
  return start.startsWith('<') && tags >= 2;
}

export function extract(source: string, options: ExtractOptions = {}): Article {
  // JATS is XML full of <p>: it is told apart before the HTML sniffing would claim it.
  if ((options.kind === undefined || options.kind === 'auto') && looksLikeJats(source)) {
    const jats = extractJats(source);
    const article: Article = { text: jats.text, kind: 'jats', excluded: [] };
    if (jats.title !== undefined) article.title = jats.title;
    return article;
  }
  const kind = options.kind === 'text' || options.kind === 'html' ? options.kind : looksLikeHtml(source) ? 'html' : 'text';
  if (kind === 'text') {
    const excluded: Range[] = findChromeLines(source).map(({ start, end }) => ({ start, end }));
    return { text: source, kind, excluded };
  }
  const html = extractHtml(source);
  const article: Article = { text: html.text, kind, excluded: [] };
  if (html.title !== undefined) article.title = html.title;
  return article;
}
