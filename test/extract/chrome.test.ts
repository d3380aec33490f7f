import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromeRule, extract, findChromeLines } from '../../src/extract/index.js';
import { bbcDocuments, mpcPairs, reutersDocuments } from '../../tools/corpora.js';
import { hasShared, REPO, SEED, SHARED_DATA } from '../helpers/shared.js';

const seedText = readFileSync(SEED, 'utf8');
/** The seed's blocks (blank-line separated) other than its chrome: title, paragraphs, captions. */
const CHROME_BLOCKS = new Set(['0\n56', 'LEAVE A REPLY', 'Please enter your comment!\nPlease enter your name here']);
const seedArticleBlocks = seedText.split('\n\n').filter((block) => !CHROME_BLOCKS.has(block));

const excludedTexts = (text: string) => findChromeLines(text).map(({ start, end }) => text.slice(start, end));

/** Whether any excluded range overlaps [start, end). */
function touches(ranges: Array<{ start: number; end: number }>, start: number, end: number): boolean {
  return ranges.some((r) => r.start < end && start < r.end);
}

describe('chrome in the seed page', () => {
  it('excludes the counters and the comment form, and nothing else', () => {
    const article = extract(seedText);
    expect(article.kind).toBe('text');
    expect(article.text).toBe(seedText);
    expect(article.excluded.map(({ start, end }) => seedText.slice(start, end))).toEqual([
      '0',
      '56',
      'LEAVE A REPLY',
      'Please enter your comment!',
      'Please enter your name here',
    ]);
  });

  it('leaves every article paragraph, caption and the title untouched', () => {
    const { excluded } = extract(seedText);
    expect(seedArticleBlocks.length).toBe(26);
    for (const block of seedArticleBlocks) {
      const start = seedText.indexOf(block);
      expect(touches(excluded, start, start + block.length), block.slice(0, 60)).toBe(false);
    }
  });

  it('gives sorted, disjoint ranges', () => {
    const { excluded } = extract(seedText);
    for (let i = 1; i < excluded.length; i++) expect(excluded[i]!.start).toBeGreaterThan(excluded[i - 1]!.end);
  });
});

describe('chrome in a copied farm page', () => {
  // The seed article as a reader copies it from the whole WordPress page: menus, byline,
  // share bar, ad label, tags, related posts, newsletter box, comment form, footer, cookie bar.
  const page = readFileSync(join(REPO, 'test', 'fixtures', 'extract', 'farm-page-copy.txt'), 'utf8');
  const lines = page.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const articleLines = new Set(seedArticleBlocks.flatMap((block) => block.split('\n')));
  // Chrome no line-level rule can tell from prose; kept, as the conservative side.
  const knownKept = new Set([
    'NewsFarm Daily',
    'NewsFarm Daily is your news, entertainment, music & fashion website. We provide you with the latest breaking news and videos straight from the world.',
  ]);

  it('excludes every chrome line', () => {
    const excluded = new Set(excludedTexts(page));
    const missed = lines.filter((line) => !articleLines.has(line) && !knownKept.has(line) && !excluded.has(line));
    expect(missed).toEqual([]);
  });

  it('keeps every line of the article', () => {
    const excluded = new Set(excludedTexts(page));
    const lost = lines.filter((line) => articleLines.has(line) && excluded.has(line));
    expect(lost).toEqual([]);
    expect(lines.filter((line) => articleLines.has(line)).length).toBe(seedArticleBlocks.flatMap((b) => b.split('\n')).length);
  });
});

describe('chromeRule', () => {
  it('recognises the usual furniture of WordPress and news pages', () => {
    const cases: Record<string, string> = {
      'LEAVE A REPLY': 'comment-form',
      'Please enter your comment!': 'comment-form',
      'You have entered an incorrect email address!': 'comment-form',
      '56': 'counter',
      '1.2K Shares': 'counter',
      '0 Comments': 'counter',
      'Related posts': 'related',
      'You may also like': 'related',
      'READ MORE: China Wraps Up Navy Drills Round Taiwan': 'related',
      'Subscribe to our newsletter': 'newsletter',
      'Sign up for our newsletter to get the latest news in your inbox': 'newsletter',
      'We use cookies to ensure that we give you the best experience on our website.': 'cookies',
      'Tags: China, Russia, Putin': 'tags',
      'Share this:': 'share',
      'Like Loading...': 'share',
      'Click to share on Twitter (Opens in new window)': 'share',
      '- Advertisement -': 'advertisement',
      'Story continues below advertisement': 'advertisement',
      'By admin - April 17, 2023': 'byline',
      'By Jane Smith and John Doe, Reuters': 'byline',
      'Home » World » Asia': 'breadcrumb',
      '© 2023 NewsFarm Daily. All rights reserved.': 'copyright',
      'Monday, April 17, 2023': 'dateline',
    };
    for (const [line, rule] of Object.entries(cases)) expect([line, chromeRule(line)]).toEqual([line, rule]);
  });

  it('leaves prose alone, even prose about the same things', () => {
    const prose = [
      'By region, Britain contributed 34 mln stg vs 47 mln',
      'By contrast, exports fell 3.2 pct in March.',
      'Share prices slumped on Monday after the announcement.',
      'Websites that use cookies must ask users for consent, the regulator said.',
      'The newsletter, which has 5,000 subscribers, was sold last year.',
      'Leave a reply to the ministry by Friday, officials told the firms.',
      'Related parties must disclose their holdings.',
      'Advertisement spending rose 4 pct.',
      'Tags on the containers were checked by customs officers.',
      'PAVEL BEDNYAKOV/SPUTNIK/AFP by way of Getty Photos',
      'China Defense Official Meets Russia’s Putin Amid Weapons Transfer Scrutiny',
    ];
    for (const line of prose) expect([line, chromeRule(line)]).toEqual([line, null]);
  });

  it('never takes the rest of a hard-wrapped sentence for chrome', () => {
    const wrapped = [
      'The company said it will pay a quarterly dividend of 12 cts per',
      'share.',
      'It said the offer, made on behalf of the group, was underwritten',
      'by Baker.',
      'The board declared a dividend of 10 cts a share and said it would',
      'share on a post-split basis the proceeds of the sale.',
    ].join('\n');
    expect(findChromeLines(wrapped)).toEqual([]);
  });
});

describe.skipIf(!hasShared)('no false chrome on real news (BBC and Reuters, dev split)', () => {
  it(`excludes nothing but lone numbers and dates from ${SHARED_DATA}`, () => {
    const wordy: string[] = [];
    let documents = 0;
    for (const source of [bbcDocuments(), reutersDocuments()]) {
      for (const doc of source) {
        if (doc.split !== 'dev') continue;
        documents++;
        const text = `${doc.title}\n\n${doc.body}`;
        for (const line of excludedTexts(text)) {
          // A line without letters has nothing a detector could flag; anything else is a false alarm.
          if (/\p{L}/u.test(line) && !/^(?:\p{L}+\.? \d{1,2},? \d{4})$/u.test(line)) wordy.push(line);
        }
      }
    }
    expect(documents).toBeGreaterThan(15_000);
    expect(wordy).toEqual([]);
  });

  it('excludes nothing from the raw, hard-wrapped Reuters bodies and the MPC development pairs', () => {
    const root = join(SHARED_DATA, 'reuters-21578');
    const wordy: string[] = [];
    const raw = JSON.parse(readFileSync(join(root, 'reut2-000.json'), 'utf8')) as Array<{ title?: string; body?: string }>;
    const texts = raw.filter((r) => r.body).map((r) => `${r.title ?? ''}\n${r.body}`);
    for (const pair of mpcPairs().filter((p) => p.split === 'dev')) texts.push(pair.original, pair.spun);
    for (const text of texts) {
      for (const line of excludedTexts(text)) if (/\p{L}/u.test(line) && !/^\p{L}+ \d{1,2},? \d{4}$/u.test(line)) wordy.push(line);
    }
    expect(texts.length).toBeGreaterThan(900);
    expect(wordy).toEqual([]);
  });
});
