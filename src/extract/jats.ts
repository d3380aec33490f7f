/**
 * JATS XML (the publishers' and PubMed Central's article format) → article text.
 *
 * What is read, in document order: the article title, the abstract's
 * paragraphs, and the body's section titles and paragraphs. What is left
 * out: the reference list and the rest of <back> (citations are not prose),
 * tables, formulas, figure graphics, and metadata (authors, affiliations,
 * dates). A paragraph is one block of the output, separated by a blank line.
 */
import { createRequire } from 'node:module';
import type { DOMParser as DOMParserClass } from 'linkedom';

/** linkedom loads on first use, as in html.ts: importing it costs ~120 ms of every start, JATS or not. */
let Parser: typeof DOMParserClass | undefined;
function domParser(): typeof DOMParserClass {
  Parser ??= (createRequire(import.meta.url)('linkedom') as { DOMParser: typeof DOMParserClass }).DOMParser;
  return Parser;
}
import { UnspinError } from '../errors.js';

/** How far into the input to look for JATS's signs. */
const SNIFF_CHARS = 4096;

/**
 * Whether a text is a JATS (or older NLM) article: a JATS/NLM doctype, or an
 * <article> root with the <front>/<article-meta> JATS puts first.
 */
export function looksLikeJats(source: string): boolean {
  const head = source.slice(0, SNIFF_CHARS);
  const start = head.trimStart();
  if (!start.startsWith('<')) return false;
  if (/<!DOCTYPE\s+article\b[^>]*(?:JATS|NLM)/i.test(head)) return true;
  return /<article\b[^>]*>/.test(head) && /<(?:front|article-meta)\b/.test(source.slice(0, SNIFF_CHARS * 4));
}

/** Elements whose text is not prose of the article. */
const SKIP = new Set(['ref-list', 'table-wrap', 'table', 'disp-formula', 'inline-formula', 'tex-math', 'graphic', 'fn-group', 'back', 'object-id', 'label']);
/** Elements read as a block of their own. */
const BLOCKS = new Set(['p', 'title', 'article-title', 'caption']);

export interface JatsText {
  text: string;
  title?: string;
}

export function extractJats(source: string, name = '<xml>'): JatsText {
  let doc;
  try {
    doc = new (domParser())().parseFromString(source, 'text/xml');
  } catch (error) {
    throw new UnspinError('html-unreadable', `${name}: unreadable JATS XML (${(error as Error).message.split('\n')[0]})`);
  }
  const article = doc.querySelector('article');
  if (!article) throw new UnspinError('html-unreadable', `${name}: JATS XML without an <article> element`);
  const blocks: string[] = [];
  const titleNode = article.querySelector('front article-title') ?? article.querySelector('article-title');
  const title = titleNode ? normalise(titleNode.textContent ?? '') : undefined;
  if (title) blocks.push(title);
  for (const part of [article.querySelector('front abstract'), article.querySelector('body')]) {
    if (part) collect(part, blocks);
  }
  const text = blocks.join('\n\n');
  if (text.trim().length === 0) throw new UnspinError('input-empty', `${name}: JATS XML with no title, abstract or body text`);
  return title ? { text, title } : { text };
}

interface XmlNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<XmlNode>;
}

function collect(node: XmlNode, blocks: string[]): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType !== 1) continue;
    const tag = child.nodeName.toLowerCase();
    if (SKIP.has(tag)) continue;
    if (BLOCKS.has(tag)) {
      const text = normalise(inlineText(child));
      if (text.length > 0) blocks.push(text);
    } else collect(child, blocks);
  }
}

/** A block's text without its formulas and tables; inline markup (<italic>, <xref>) is read through. */
function inlineText(node: XmlNode): string {
  let out = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) out += child.textContent ?? '';
    else if (child.nodeType === 1 && !SKIP.has(child.nodeName.toLowerCase())) out += inlineText(child);
  }
  return out;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
