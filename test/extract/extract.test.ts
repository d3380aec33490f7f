import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnspinError } from '../../src/errors.js';
import { capNesting, MAX_NESTING } from '../../src/extract/html.js';
import { extract, looksLikeHtml } from '../../src/extract/index.js';
import { bbcDocuments, reutersDocuments } from '../../tools/corpora.js';
import { hasShared, REPO, SEED } from '../helpers/shared.js';

const fixture = (name: string) => readFileSync(join(REPO, 'test', 'fixtures', 'extract', name), 'utf8');
const seedText = readFileSync(SEED, 'utf8');
const seedBlocks = seedText.split('\n\n');
const seedTitle = seedBlocks[0]!;
/** The seed's article blocks (paragraphs and captions), whitespace normalised as extraction does. */
const seedArticle = seedBlocks
  .slice(1)
  .filter((block) => !['0\n56', 'LEAVE A REPLY', 'Please enter your comment!\nPlease enter your name here'].includes(block))
  .map((block) => block.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).join('\n'));

describe('HTML detection', () => {
  it('reads the seed page as text and the WordPress page as HTML', () => {
    expect(looksLikeHtml(seedText)).toBe(false);
    expect(looksLikeHtml(fixture('wordpress-spun-article.html'))).toBe(true);
  });

  it('knows HTML by its content, with or without a doctype', () => {
    expect(looksLikeHtml('  \n<!DOCTYPE html><p>x')).toBe(true);
    expect(looksLikeHtml('<html lang="en"><p>x</p></html>')).toBe(true);
    expect(looksLikeHtml('<p>One.</p>\n<p>Two.</p>')).toBe(true);
    expect(looksLikeHtml('Saved e-mail\n\n<div>a</div><div>b</div><p>c</p><p>d</p><br><br><span>e</span><a href="#">f</a>')).toBe(true);
    expect(looksLikeHtml('Use the <p> tag for paragraphs and <br> for line breaks.\n\nThat is all.')).toBe(false);
    expect(looksLikeHtml('If a < b and c > d then the result holds.')).toBe(false);
  });

  it.skipIf(!hasShared)('reads no BBC or Reuters story (dev split) as HTML', () => {
    let html = 0;
    for (const source of [bbcDocuments(), reutersDocuments()]) {
      for (const doc of source) if (doc.split === 'dev' && looksLikeHtml(`${doc.title}\n\n${doc.body}`)) html++;
    }
    expect(html).toBe(0);
  });

  it('lets the caller force a reading', () => {
    const page = fixture('wordpress-spun-article.html');
    const asText = extract(page, { kind: 'text' });
    expect(asText.kind).toBe('text');
    expect(asText.text).toBe(page);
    expect(extract('<p>Plain words in a paragraph that is long enough to read.</p>', { kind: 'html' }).kind).toBe('html');
  });
});

describe('a WordPress page around the seed article', () => {
  const article = extract(fixture('wordpress-spun-article.html'));
  const blocks = article.text.split('\n\n');

  it('extracts exactly the title and the article blocks, in order', () => {
    expect(article.kind).toBe('html');
    expect(article.title).toBe(seedTitle);
    expect(blocks[0]).toBe(seedTitle);
    expect(blocks.slice(1)).toEqual(seedArticle);
    expect(article.excluded).toEqual([]);
  });

  it('decodes entities and normalises whitespace', () => {
    expect(article.text).toContain('China’s protection chief');
    expect(article.text).toContain('“the warmest greetings and one of the best needs”');
    expect(article.text).toContain('Tell us by way of [email protected].');
    expect(article.text).not.toMatch(/&#\d+;|&amp;|&nbsp;| {2}|\t/);
  });

  it('leaves out all of the page chrome', () => {
    const chrome = [
      'LEAVE A REPLY', 'Please enter your comment', 'incorrect email', 'Save my name', 'Post Comment', 'RELATED ARTICLES',
      'MORE FROM AUTHOR', 'G7 Overseas Ministers', 'Subscribe', 'newsletter', 'inbox', 'Facebook', 'Twitter', 'WhatsApp',
      'Advertisement', 'adsbygoogle', 'cookies', 'ACCEPT', 'Previous article', 'Shares Slip', 'Most Popular',
      'Oil Costs Rise', 'Sign in', 'your password', 'Password recovery', 'NewsFarm Daily', 'TagDiv', 'ABOUT US',
      'admin', 'TAGS', 'Politics', 'Please enable JavaScript', 'tdBlock', 'td_ajax_url', 'April 17, 2023',
    ];
    for (const phrase of chrome) expect([phrase, article.text.includes(phrase)]).toEqual([phrase, false]);
    expect(article.text.split('\n')).not.toContain('0');
    expect(article.text.split('\n')).not.toContain('56');
  });
});

describe('pages Readability gives up on', () => {
  it('falls back to the body text, minus navigation, header, footer and forms', () => {
    const page = `<!doctype html><html><head><title>Short note</title></head><body>
      <header><a href="/">Site name</a></header>
      <nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <div>The council met on Tuesday.</div>
      <div>It approved the budget.</div>
      <aside>Trending now</aside>
      <form><input name="q"><button>Search</button></form>
      <footer>© 2023 Site</footer>
      <script>var x = "<p>not text</p>";</script>
    </body></html>`;
    const article = extract(page);
    expect(article.kind).toBe('html');
    expect(article.text).toBe('Short note\n\nThe council met on Tuesday.\n\nIt approved the budget.');
  });

  it('keeps list items, headings, quotes and line breaks as blocks', () => {
    const page = '<html><body><h2>Key points</h2><ul><li>First  point</li><li>Second\npoint</li></ul><blockquote>A quote</blockquote><p>Line one<br>Line two</p></body></html>';
    expect(extract(page).text).toBe('Key points\n\nFirst point\n\nSecond point\n\nA quote\n\nLine one\nLine two');
  });
});

describe('malformed HTML', () => {
  const inputs: Record<string, string> = {
    'unclosed tags': '<html><body><div><p>Unclosed <b>bold <i>italic</div> and the text after it goes on.',
    'stray closing tags': '</p></div></body><p>Text with stray closers</span></p></html></html>',
    'broken attribute': '<html><body><p class="a>Quote never closes</p><p>Second paragraph here</p></body></html>',
    'bare fragment': '<p>Only a fragment</p><p>with two paragraphs</p>',
    'text after </html>': '<html><head><title>T</title></head><body><p>Inside.</p></body></html><p>After the end.</p>',
    'truncated mid-tag': '<!doctype html><html><body><p>Cut off here <a href="http://exa',
    'tag soup': '<<<>>><p<p>>>text<<//p>><div<<>>',
    'comment never closed': '<html><body><p>Before</p><!-- forever',
    'control characters': '<html><body><p>Odd \u0001\u0002 bytes \u0007 in text</p></body></html>',
    // Hostile depth: the parser and Readability are quadratic in it, so it is capped (as browsers do).
    'deep nesting': `<html><body>${'<div>'.repeat(100_000)}Deep text${'</div>'.repeat(100_000)}</body></html>`,
    // Thousands of unclosed tags: every scan must stay linear, not restart from each "<".
    'unclosed anchors': '<html><body>' + '<a x '.repeat(100_000),
    'unclosed heads': '<html><body>' + '<head x '.repeat(100_000),
    'unclosed scripts': '<p>Start</p>' + '<script x '.repeat(100_000),
    'unclosed attribute quotes': '<html><body>' + '<p class="x '.repeat(100_000),
    'deep inline nesting': `<html><body><p>${'<b><i>'.repeat(50_000)}Bold text${'</i></b>'.repeat(50_000)}</p></body></html>`,
  };

  for (const [name, html] of Object.entries(inputs)) {
    it(`reads ${name} as text or fails in one line`, () => {
      try {
        const article = extract(html, { kind: 'html' });
        expect(article.kind).toBe('html');
        expect(article.text.trim()).not.toBe('');
        expect(article.text).not.toMatch(/<\/?(?:p|div|html|body)\b/);
      } catch (error) {
        expect(error).toBeInstanceOf(UnspinError);
        expect((error as UnspinError).code).toBe('html-unreadable');
        expect((error as Error).message).not.toContain('\n');
      }
    });
  }

  it('keeps the words of broken pages', () => {
    expect(extract(inputs['unclosed tags']!).text).toContain('Unclosed bold italic');
    expect(extract(inputs['text after </html>']!).text).toContain('After the end.');
    expect(extract(inputs['bare fragment']!).text).toBe('Only a fragment\n\nwith two paragraphs');
    expect(extract(inputs['deep nesting']!).text).toBe('Deep text');
    expect(extract(inputs['deep inline nesting']!).text).toBe('Bold text');
  });

  it('fails in one line when a page has no text at all', () => {
    for (const html of ['<html><head><title></title></head><body></body></html>', '<html><body><script>var a = 1;</script><img src="x.png"></body></html>']) {
      let caught: unknown;
      try {
        extract(html);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UnspinError);
      expect((caught as UnspinError).code).toBe('html-unreadable');
      expect((caught as Error).message).toBe('no readable text in the HTML');
    }
  });
});

describe('capNesting', () => {
  it('leaves ordinary pages alone', () => {
    const page = fixture('wordpress-spun-article.html');
    expect(capNesting(page)).toBe(page);
  });

  it('drops only the tags past the limit, keeping all text', () => {
    const deep = `<body>${'<div><span>x'.repeat(600)}${'</span></div>'.repeat(600)}</body>`;
    const capped = capNesting(deep);
    expect(capped.match(/<div>/g)!.length + capped.match(/<span>/g)!.length).toBe(MAX_NESTING);
    expect(capped.match(/x/g)!.length).toBe(600);
    // Unclosed paragraphs and list items close themselves, so they do not count as nesting.
    const flat = `<ul>${'<li><p>item'.repeat(5000)}</ul>`;
    expect(capNesting(flat)).toBe(flat);
  });
});
