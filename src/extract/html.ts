/**
 * HTML → article text: @mozilla/readability on a linkedom document, the
 * result flattened into blank-line-separated blocks, with a plain fallback
 * to the page body when Readability finds no article.
 *
 * linkedom and Readability load on first use (linkedom alone costs ~130 ms),
 * so plain-text checks never pay for them.
 */
import { createRequire } from 'node:module';
import type { parseHTML as ParseHTML } from 'linkedom';
import type { Readability as ReadabilityClass } from '@mozilla/readability';
import { UnspinError } from '../errors.js';
import { findChromeLines } from './chrome.js';

export interface HtmlArticle {
  text: string;
  title?: string;
  /** Which route produced the text: Readability's article, or the page body. */
  via: 'readability' | 'body';
}

interface Dom {
  parseHTML: typeof ParseHTML;
  Readability: typeof ReadabilityClass;
}

let dom: Dom | undefined;

function loadDom(): Dom {
  if (!dom) {
    const require = createRequire(import.meta.url);
    const { parseHTML } = require('linkedom') as { parseHTML: typeof ParseHTML };
    const { Readability } = require('@mozilla/readability') as { Readability: typeof ReadabilityClass };
    dom = { parseHTML, Readability };
  }
  return dom;
}

/**
 * Readability's article is used when it has at least this many characters;
 * below that it has most likely picked a caption or a teaser, and the body
 * fallback reads better.
 */
const MIN_ARTICLE_CHARS = 200;

/**
 * Readability's scoring walks from every paragraph up through its ancestors,
 * so its cost grows with the square of the nesting depth (0.2 s at 200
 * levels, 0.7 s at 400, and it may retry four times). Real pages stay under
 * ~60 levels; deeper ones are read by the body fallback.
 */
const MAX_READABILITY_DEPTH = 200;

/**
 * Readability costs about 0.5 s per MB of dense markup; a news page has 1,000
 * to 5,000 elements. Past this many (several MB of markup) the body
 * fallback reads the page in a fraction of the time.
 */
const MAX_READABILITY_ELEMENTS = 50_000;

/**
 * Elements nested deeper than this are flattened before parsing, as browsers
 * do (Blink stops nesting at 512). The HTML parser and Readability both
 * slow down with depth (quadratically, for hostile pages of 100,000 nested
 * tags); real pages stay under ~60 levels.
 */
export const MAX_NESTING = 512;

/** Elements that never hold content, or that the parser closes by itself, do not deepen the tree. */
const FLAT_TAGS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'rp', 'rt',
  'html', 'head', 'body',
]);

/**
 * Comments and raw-text elements are skipped whole; other tags are captured
 * by name. Attribute runs are bounded: an unbounded `[^>]*` would rescan to
 * the end of the page from every "<" of a page full of unclosed tags.
 */
const TAG = /<!--[\s\S]*?(?:-->|$)|<(script|style|textarea|title)\b[^<>]{0,4096}>[\s\S]*?(?:<\/\1\s*>|$)|<(\/?)([a-zA-Z][\w:-]*)\b[^<>]{0,4096}?(\/?)>/gi;

/**
 * The source with tags past `limit` levels of nesting removed (their text
 * stays). Linear; returns the source itself when nothing is that deep.
 */
export function capNesting(source: string, limit = MAX_NESTING): string {
  const walk = (onTag: (match: RegExpExecArray, keep: boolean) => void) => {
    let depth = 0;
    TAG.lastIndex = 0;
    for (let match = TAG.exec(source); match; match = TAG.exec(source)) {
      const name = match[3]?.toLowerCase();
      if (!name || FLAT_TAGS.has(name) || match[4] === '/') continue;
      if (match[2] === '/') {
        onTag(match, depth <= limit);
        depth = Math.max(0, depth - 1);
      } else {
        depth++;
        onTag(match, depth <= limit);
      }
    }
  };
  let deep = false;
  walk((_match, keep) => {
    deep ||= !keep;
  });
  if (!deep) return source;
  let out = '';
  let from = 0;
  walk((match, keep) => {
    if (keep) return;
    out += source.slice(from, match.index) + ' ';
    from = match.index + match[0].length;
  });
  return out + source.slice(from);
}

/** Elements whose text is never article text. */
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'button', 'select', 'option', 'textarea', 'input',
  'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'map', 'head', 'title', 'link', 'meta', 'img', 'picture',
  'source', 'track', 'dialog',
]);

/** Elements that start a new block of text. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead',
  'tfoot', 'tr', 'ul', 'caption',
]);

/** Table cells stay on their row's line, separated by a space. */
const CELL = new Set(['td', 'th']);

/** Page regions that are chrome by their tag, removed before Readability and from the body fallback. */
const CHROME_TAGS = ['nav', 'aside', 'form', 'footer', 'dialog'];

/**
 * Words in a class or id that mark a chrome region: share bars, related
 * posts, newsletter and comment boxes, ad slots, cookie banners. Matched as
 * whole words of the attribute split on spaces, "-" and "_", so "ad" matches
 * `td-ad-slot` but not `header` or `load`.
 */
const CHROME_CLASS_WORDS = new Set([
  'share', 'shares', 'sharing', 'sharedaddy', 'social', 'socials', 'related', 'relatedposts', 'newsletter',
  'subscribe', 'subscription', 'signup', 'comments', 'comment', 'respond', 'reply', 'cookie', 'cookies', 'consent',
  'gdpr', 'advert', 'advertisement', 'ad', 'ads', 'adsbygoogle', 'sponsored', 'sidebar', 'widget', 'breadcrumb',
  'breadcrumbs', 'popup', 'modal', 'promo', 'navigation', 'menu', 'footer', 'byline', 'meta', 'tags', 'tagcloud',
  'author', 'login', 'register', 'views', 'pagination',
]);

/**
 * A chrome-looking region is removed only when it holds less than this share
 * of the page's text: a wrapper that happens to be called "post-meta-wrap"
 * but holds the whole article must stay.
 */
const CHROME_REGION_MAX_SHARE = 0.3;

/**
 * linkedom builds its tree only from an explicit `<html><head>…<body>`
 * skeleton (a bare fragment becomes an empty body; text after `</html>` is
 * dropped), so the source is put into one, as a browser would. Found with
 * indexOf on a lower-cased copy rather than regexes, so that a hostile page
 * of a thousand unclosed "<head" costs one pass, not a thousand.
 */
export function withSkeleton(source: string): string {
  const lower = source.toLowerCase();
  let head: string;
  let body: string;
  const bodyTag = openingTag(lower, 'body', 0);
  if (bodyTag) {
    head = headOf(source, lower, bodyTag.start);
    body = source.slice(bodyTag.end);
  } else {
    const headTag = openingTag(lower, 'head', 0);
    const headClose = headTag ? lower.indexOf('</head', headTag.end) : -1;
    if (headTag && headClose >= 0) {
      head = source.slice(headTag.end, headClose);
      body = source.slice(tagEnd(lower, headClose));
    } else {
      head = titleAndMeta(source);
      body = source.replace(TITLE_ELEMENT, '');
    }
  }
  // Browsers keep whatever follows </body> or </html> in the body.
  body = body.replace(/<\/(?:body|html)\s*>|<!doctype[^<>]{0,1024}>|<\?xml[^<>]{0,1024}>|<\/?(?:html|head)\b[^<>]{0,4096}>/gi, '');
  return `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;
}

const TITLE_ELEMENT = /<title\b[^<>]{0,1024}>[^<]{0,4096}<\/title\s*>/gi;
const TITLE_OR_META = /<title\b[^<>]{0,1024}>[^<]{0,4096}<\/title\s*>|<meta\b[^<>]{0,4096}>/gi;

/** The first `<name` tag at or after `from` (not `<named...`): where it starts and where its `>` ends. */
function openingTag(lower: string, name: string, from: number): { start: number; end: number } | null {
  for (let at = lower.indexOf(`<${name}`, from); at >= 0; at = lower.indexOf(`<${name}`, at + 1)) {
    const next = lower.charCodeAt(at + name.length + 1);
    if (next === 0x3e || next === 0x2f || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x0c) {
      return { start: at, end: tagEnd(lower, at) };
    }
  }
  return null;
}

/** Offset just past the `>` that closes the tag starting at `at` (the end of the text if none does). */
function tagEnd(lower: string, at: number): number {
  const gt = lower.indexOf('>', at);
  return gt < 0 ? lower.length : gt + 1;
}

/** The head's contents before `limit`, or failing a <head>, the title and meta tags found there. */
function headOf(source: string, lower: string, limit: number): string {
  const headTag = openingTag(lower, 'head', 0);
  if (headTag && headTag.start < limit) {
    const close = lower.indexOf('</head', headTag.end);
    return source.slice(Math.min(headTag.end, limit), close >= 0 && close < limit ? close : limit);
  }
  return titleAndMeta(source.slice(0, limit));
}

function titleAndMeta(part: string): string {
  return (part.match(TITLE_OR_META) ?? []).join('');
}

function parse(source: string): Document {
  const { parseHTML } = loadDom();
  return parseHTML(withSkeleton(capNesting(source))).document as unknown as Document;
}

function classWords(element: Element): string[] {
  const names = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`.toLowerCase();
  return names.split(/[\s_-]+/);
}

function textLength(node: Node): number {
  return (node.textContent ?? '').length;
}

/** Removes what is never article text, and chrome regions known by tag or class. */
function removeChrome(document: Document): void {
  for (const element of [...document.querySelectorAll([...SKIP].filter((t) => t !== 'head' && t !== 'title' && t !== 'meta').join(','))]) {
    element.remove();
  }
  const body = document.body;
  if (!body) return;
  const limit = textLength(body) * CHROME_REGION_MAX_SHARE;
  const isSmall = (element: Element) => textLength(element) <= limit && !element.querySelector('article, main');
  for (const element of [...document.querySelectorAll(CHROME_TAGS.join(','))]) {
    if (isSmall(element)) element.remove();
  }
  for (const element of [...document.querySelectorAll('[hidden], [style*="display:none"], [style*="display: none"]')]) {
    element.remove();
  }
  for (const element of [...document.querySelectorAll('[class], [id]')]) {
    const tag = element.localName;
    if (tag === 'html' || tag === 'body' || tag === 'article' || tag === 'main') continue;
    if (classWords(element).some((word) => CHROME_CLASS_WORDS.has(word)) && isSmall(element)) element.remove();
  }
}

/**
 * The text of an element as blocks: one string per paragraph, heading,
 * list item, caption... with whitespace collapsed; `<br>` becomes a line
 * break inside its block. Iterative, so deeply nested markup cannot
 * overflow the stack.
 */
export function blocksOf(root: Node): string[] {
  const blocks: string[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer === '') return;
    const lines = buffer
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter((line) => line !== '');
    if (lines.length > 0) blocks.push(lines.join('\n'));
    buffer = '';
  };
  const leave = (node: Node) => {
    if (node.nodeType === 1 && BLOCK.has((node as Element).localName)) flush();
  };

  let node: Node | null = root.firstChild;
  while (node) {
    let descend = false;
    if (node.nodeType === 3 || node.nodeType === 4) {
      // Source line breaks are only whitespace; "\n" in the buffer marks a <br>.
      buffer += (node.nodeValue ?? '').replace(/\s+/g, ' ');
    } else if (node.nodeType === 1) {
      const tag = (node as Element).localName;
      if (tag === 'br') buffer += '\n';
      else if (!SKIP.has(tag)) {
        if (BLOCK.has(tag)) flush();
        else if (CELL.has(tag)) buffer += ' ';
        descend = node.firstChild !== null;
      }
    }
    if (descend) {
      node = node.firstChild;
      continue;
    }
    // Climb until a next sibling is found, closing blocks on the way up.
    while (node && node !== root) {
      leave(node);
      if (node.nextSibling) {
        node = node.nextSibling;
        break;
      }
      node = node.parentNode;
    }
    if (node === root) break;
  }
  flush();
  return blocks;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The page's title before Readability edits the document: og:title, then <title>, then the first h1. */
function pageTitle(document: Document): string | undefined {
  const og = document.querySelector('meta[property="og:title"]')?.getAttribute('content');
  const title = og || document.title || document.querySelector('h1')?.textContent || '';
  return collapse(title) || undefined;
}

/**
 * Whether Readability would take too long on the tree under `root`: nesting
 * deeper than MAX_READABILITY_DEPTH, or more than MAX_READABILITY_ELEMENTS
 * elements. Iterative, so no stack to overflow; stops as soon as it knows.
 */
function tooComplexForReadability(root: Node): boolean {
  let depth = 0;
  let elements = 0;
  let node: Node | null = root.firstChild;
  while (node) {
    if (node.nodeType === 1 && ++elements > MAX_READABILITY_ELEMENTS) return true;
    if (node.nodeType === 1 && node.firstChild) {
      if (++depth > MAX_READABILITY_DEPTH) return true;
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      depth--;
    }
    if (!node || node === root) break;
    node = node.nextSibling;
  }
  return false;
}

interface Found {
  blocks: string[];
  title?: string;
}

/** Readability's article, or null when it finds none worth reading. Edits `document`. */
function readabilityArticle(document: Document, pageTitle: string | undefined): Found | null {
  const { Readability } = loadDom();
  const reader = new Readability(document, {
    // The element itself rather than its HTML: saves serialising and parsing it again.
    serializer: (element: Node) => element,
  } as ConstructorParameters<typeof ReadabilityClass>[1]);
  const article = reader.parse() as { title?: string | null; content?: unknown } | null;
  if (!article || !article.content) return null;
  const blocks = blocksOf(article.content as Node);
  if (blocks.reduce((sum, block) => sum + block.length, 0) < MIN_ARTICLE_CHARS) return null;
  return { blocks, title: collapse(article.title ?? '') || pageTitle };
}

/** The whole body as blocks, for pages Readability cannot read. */
function bodyArticle(document: Document, pageTitle: string | undefined): Found {
  // Without Readability's judgement the page header goes too (masthead, menus).
  for (const element of [...document.querySelectorAll('header')]) element.remove();
  return { blocks: document.body ? blocksOf(document.body) : [], title: pageTitle };
}

/** Drops chrome lines (the same heuristics as for plain text) and joins the rest into the analysed text. */
function compose(title: string | undefined, blocks: string[]): string {
  const parts = [...blocks];
  // Readability usually removes the headline that repeats the title, not always.
  if (title && parts.length > 0 && collapse(parts[0]!).toLowerCase() === title.toLowerCase()) parts.shift();
  if (title) parts.unshift(title);
  const text = parts.join('\n\n');
  const chrome = findChromeLines(text);
  if (chrome.length === 0) return text;
  let kept = '';
  let from = 0;
  for (const line of chrome) {
    kept += text.slice(from, line.start);
    from = line.end;
  }
  kept += text.slice(from);
  // Removing whole lines leaves runs of empty lines: fold them back into block breaks.
  return kept.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * The article of an HTML page as text: title, blank line, then its blocks
 * separated by blank lines. Throws `html-unreadable` when the page has no
 * readable text at all; malformed markup otherwise degrades to what can be
 * read.
 */
export function extractHtml(source: string): HtmlArticle {
  let document: Document;
  let title: string | undefined;
  try {
    document = parse(source);
    title = pageTitle(document);
    removeChrome(document);
  } catch (error) {
    throw unreadable(error);
  }
  let found: Found | null = null;
  let via: HtmlArticle['via'] = 'body';
  if (document.body && !tooComplexForReadability(document.body)) {
    try {
      found = readabilityArticle(document, title);
      via = 'readability';
    } catch {
      // Markup Readability cannot walk: the body fallback below reads it instead.
    }
    // Readability edits the document as it goes, so the fallback needs a fresh one.
    if (!found) {
      try {
        document = parse(source);
        removeChrome(document);
      } catch (error) {
        throw unreadable(error);
      }
    }
  }
  if (!found) {
    via = 'body';
    try {
      found = bodyArticle(document, title);
    } catch (error) {
      throw unreadable(error);
    }
  }
  const text = compose(found.title, found.blocks);
  if (text === '') throw new UnspinError('html-unreadable', 'no readable text in the HTML');
  const article: HtmlArticle = { text, via };
  if (found.title) article.title = found.title;
  return article;
}

function unreadable(error: unknown): UnspinError {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new UnspinError('html-unreadable', `cannot read the HTML (${reason})`);
}
