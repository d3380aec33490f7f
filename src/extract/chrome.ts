/**
 * Page chrome in article text: the lines a page wraps around an article
 * (comment forms, share counters, "Related posts", newsletter boxes, cookie
 * notices, ad labels, bylines) that are not the article and must never be
 * flagged.
 *
 * Each heuristic judges one line on its own and is written to be
 * conservative: excluding a real article sentence is worse than keeping a
 * chrome line, so rules match whole short lines (exact phrases, lone
 * counters), never words inside prose. The work per line is bounded: lines
 * longer than any chrome line are skipped after a length check, and the
 * rest cost one lower-casing, one set lookup and a few anchored regexes.
 */

export interface ChromeLine {
  /** Offset of the line's first non-space character. */
  start: number;
  /** Offset one past its last non-space character. */
  end: number;
  /** Which heuristic matched: `comment-form`, `counter`, `related`, ... */
  rule: string;
}

/** No chrome line is longer than this (the longest are cookie notices). */
const MAX_CHROME_LINE = 400;
/** Exact phrases are short; longer lines skip the set lookup. */
const MAX_EXACT_LINE = 120;
/**
 * A line at least this long that does not end a sentence may be hard-wrapped prose
 * (Reuters wraps at ~65 characters), and the line after it for its continuation.
 */
const MIN_WRAPPED_LINE = 40;

/**
 * Whole lines (lower-cased, trimmed of decoration such as "- ... -", ":",
 * "!", "...") that are page furniture wherever they appear.
 */
const EXACT: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // WordPress core, Jetpack and the tagDiv "Newspaper" theme, which content farms favour.
    'comment-form': [
      'leave a reply', 'leave a comment', 'leave a reply cancel reply', 'cancel reply', 'post comment', 'submit comment',
      'add comment', 'add a comment', 'please enter your comment', 'please enter your name here',
      'you have entered an incorrect email address', 'please enter your email address here',
      'save my name, email, and website in this browser for the next time i comment',
      'your email address will not be published', 'your email address will not be published. required fields are marked',
      'required fields are marked', 'notify me of follow-up comments by email', 'notify me of new posts by email',
      'this site uses akismet to reduce spam. learn how your comment data is processed',
      'you must be logged in to post a comment', 'log in to leave a comment', 'comments are closed', 'no comments',
      'comments', 'comment', 'reply', 'name', 'name*', 'email', 'email*', 'website', 'no comments yet',
    ],
    share: [
      'share', 'share this', 'share this article', 'share this story', 'share this post', 'share on facebook',
      'share on twitter', 'share on linkedin', 'share on whatsapp', 'share via email', 'share via', 'tweet', 'pin', 'pin it',
      'facebook', 'twitter', 'pinterest', 'whatsapp', 'linkedin', 'telegram', 'reddit', 'tumblr', 'vk', 'mix', 'print',
      'copy link', 'copy url', 'like this', 'like loading', 'be the first to like this', 'follow us', 'follow',
    ],
    related: [
      'related posts', 'related articles', 'related stories', 'related news', 'related', 'you may also like',
      'you might also like', 'you may like', 'more from author', 'more from this author', 'more stories', 'more news',
      'recommended', 'recommended for you', 'recommended stories', 'popular posts', 'popular', 'most popular',
      'most read', 'trending', 'trending now', 'latest news', 'latest articles', 'latest posts', 'recent posts',
      "editor's picks", "editors' picks", "don't miss", 'must read', 'also read', 'read also', 'read next',
    ],
    navigation: [
      'read more', 'continue reading', 'load more', 'previous article', 'next article', 'previous post', 'next post',
      'home', 'menu', 'search', 'search for', 'skip to content', 'skip to main content', 'sign in', 'log in', 'login',
      'logout', 'register', 'welcome! log into your account', 'your username', 'your password',
      'forgot your password? get help', 'forgot your password', 'password recovery', 'recover your password',
      'your email', 'a password will be e-mailed to you', 'privacy policy', 'terms of service', 'terms of use',
      'terms and conditions', 'contact us', 'about us', 'sitemap', 'back to top', 'sign in / join', 'disclaimer',
    ],
    newsletter: [
      'subscribe', 'subscribe now', 'subscribe to our newsletter', 'sign up', 'sign up now', 'sign up for our newsletter',
      'newsletter', 'join our newsletter', 'join our mailing list', 'enter your email', 'enter your email address',
      'your email address', 'email address', 'we respect your privacy', "we don't spam",
      'unsubscribe at any time', 'you can unsubscribe at any time',
    ],
    cookies: [
      'accept', 'accept all', 'accept cookies', 'accept all cookies', 'reject all', 'reject', 'cookie settings',
      'cookie policy', 'manage cookies', 'manage preferences', 'got it', 'ok, got it', 'i agree', 'privacy overview',
      'privacy & cookies policy', 'always enabled', 'necessary', 'non-necessary',
    ],
    advertisement: [
      'advertisement', 'advertisements', 'advertising', 'sponsored', 'sponsored content', 'promoted', 'ad', 'ads',
      'report this ad', 'story continues below advertisement', 'article continues below advertisement',
      'scroll to continue with content', 'continue reading below',
    ],
    tags: ['tags', 'tagged', 'categories', 'filed under'],
    // The farm theme's author block split over lines: "By" / "admin" / "-" / date.
    byline: ['by', 'admin', 'author'],
  }).flatMap(([rule, phrases]) => phrases.map((phrase): [string, string] => [phrase, rule])),
);

/**
 * Rules matched by pattern; each names its reason. Patterns run on the
 * normalised (lower-cased) line, and only when it is short enough and starts
 * with one of `starts` (most lines fail these two checks, so most patterns
 * never run).
 */
const DIGITS = '0123456789';
const PATTERNS: ReadonlyArray<{ rule: string; test: RegExp; maxLength: number; starts: string; why: string }> = [
  {
    rule: 'counter',
    starts: DIGITS + 'cslvt',
    why: 'a share, comment or view counter: a number alone on a line, or with its label ("0", "56", "1.2k shares")',
    test: /^(?:[\d][\d.,]*[km]?(?:\s*(?:comments?|shares?|likes?|views?|reactions?|votes?|tweets?|pins?|responses?|replies))?|(?:comments?|shares?|likes?|views?|tweets?)\s*[\d][\d.,]*[km]?)$/,
    maxLength: 30,
  },
  {
    rule: 'dateline',
    starts: DIGITS + 'pulmtwfsjaond',
    why: 'a publication date alone on a line: page metadata, no words to analyse',
    test: /^(?:(?:published|updated|posted|last updated)(?: on)?:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4})(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?)?$/,
    maxLength: 80,
  },
  {
    rule: 'tags',
    starts: 'tfcp',
    why: 'a taxonomy line ("Tags: China, Russia", "Filed under: World")',
    test: /^(?:tags?|tagged(?: with)?|filed under|categories|category|posted in|topics)\s*:/,
    maxLength: 300,
  },
  {
    rule: 'related',
    starts: 'rasy',
    why: 'an inline link to another story ("READ MORE: ...", "Related: ...")',
    test: /^(?:read more|also read|read also|related|see also|recommended|you may also like)\s*:/,
    maxLength: 200,
  },
  {
    rule: 'navigation',
    starts: 'cef',
    why: 'a contact line of the site footer ("Contact us: [email protected]", "Follow us: ...")',
    test: /^(?:contact us|email us|follow us)\s*:/,
    maxLength: 100,
  },
  {
    rule: 'share',
    starts: 'cso',
    why: 'a share button label ("Click to share on Twitter (Opens in new window)", "Share on Facebook")',
    test: /^(?:click to (?:share|email|print)|share (?:on|via) (?:facebook|twitter|x|linkedin|whatsapp|e-?mail|reddit|pinterest|telegram|tumblr)\b|opens in new window)/,
    maxLength: 90,
  },
  {
    rule: 'newsletter',
    starts: 'sjgne',
    why: 'a newsletter call to action: an imperative that mentions the newsletter, inbox or email',
    test: /^(?:subscribe|sign up|join|get|stay (?:informed|updated|up to date)|never miss|enter your)\b.*\b(?:newsletter|inbox|e-?mail updates?|mailing list)\b/,
    maxLength: 200,
  },
  {
    rule: 'cookies',
    starts: 'wtob',
    why: 'a cookie notice, in the site\'s own voice ("We use cookies...", "This website uses cookies...")',
    test: /^(?:we use cookies|we and our partners use cookies|(?:this|our) (?:web)?site uses cookies|this website uses cookies|by (?:continuing to use|using|browsing) (?:this|our) (?:web)?site)/,
    maxLength: MAX_CHROME_LINE,
  },
  {
    rule: 'copyright',
    starts: '©(c',
    why: 'a copyright footer ("© 2023 Site. All rights reserved.", "Copyright 2023 ...")',
    test: /^(?:©|\(c\)\s*\d|copyright\b)/,
    maxLength: 200,
  },
  {
    rule: 'breadcrumb',
    starts: '*',
    why: 'a breadcrumb trail ("Home » World » Asia"): at least two » or › separators',
    test: /^[^»›]{1,40}[»›][^»›]{1,60}[»›]/,
    maxLength: 150,
  },
];

/**
 * An author line ("By admin - April 17, 2023", "By Jane Smith and John Doe, Reuters"),
 * tested on the line as written, because capitals are what tell a name
 * ("By Jane Smith") from prose that starts with "By" ("By region, Britain
 * contributed ..."). A lower-case single word is a site account ("admin").
 * No "i" flag: with it, \p{Lu} would match lower case too.
 */
const NAME = String.raw`\p{Lu}[\p{L}'’.-]*`;
const NAMES = String.raw`${NAME}(?:\s+(?:${NAME}|and|&|de|van|von|der|la|le|da|del|bin|al)){0,5}`;
const BYLINE = new RegExp(
  String.raw`^(?:[Bb]y|BY|[Pp]osted [Bb]y|[Ww]ritten [Bb]y|[Aa]uthor:?)\s+(?:${NAMES}|[\p{Ll}\d_]{2,20})(?:,\s*${NAMES})?(?:\s*[-–—|•·]\s*[^.!?]{0,40})?$`,
  'u',
);
const MAX_BYLINE = 90;

/** Decoration around a chrome line's words: "- Advertisement -", "LEAVE A REPLY:", "Like Loading...". */
function isDecoration(code: number, trailing: boolean): boolean {
  switch (code) {
    case 0x20: case 0x09: case 0x2d: case 0x2013: case 0x2014: case 0x7c: case 0x2022: case 0xb7:
    case 0x3a: case 0x21: case 0x2e: case 0x2026: case 0xbb: case 0x203a:
      return true;
    case 0x2a: // a leading "*" is a bullet; a trailing one marks a required form field ("Name*")
      return !trailing;
    case 0x3f: // a trailing "?" ends a button label ("Forgot your password?")
      return trailing;
    default:
      return false;
  }
}

/** Lower-cases, folds curly apostrophes and inner runs of spaces, and strips decoration from both ends. */
function normalise(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && isDecoration(line.charCodeAt(start), false)) start++;
  while (end > start && isDecoration(line.charCodeAt(end - 1), true)) end--;
  let s = line.slice(start, end).toLowerCase();
  if (s.includes('\u2019') || s.includes('\u2018')) s = s.replace(/[\u2018\u2019]/g, "'");
  if (s.includes('  ') || s.includes('\t')) s = s.replace(/\s+/g, ' ');
  return s;
}

/** The heuristic that makes one (trimmed) line chrome, or null for article text. */
export function chromeRule(line: string): string | null {
  if (line.length > MAX_CHROME_LINE) return null;
  const norm = normalise(line);
  if (norm === '') return null; // punctuation only: nothing to flag either way
  if (norm.length <= MAX_EXACT_LINE) {
    const exact = EXACT.get(norm);
    if (exact) return exact;
  }
  if (line.length <= MAX_BYLINE && BYLINE.test(line)) return 'byline';
  const endsWithPeriod = line.charCodeAt(line.length - 1) === 0x2e;
  const first = norm[0]!;
  for (const { rule, test, maxLength, starts } of PATTERNS) {
    if (norm.length > maxLength || (starts !== '*' && !starts.includes(first))) continue;
    // "1986." ends a sentence; a counter is a bare number.
    if (rule === 'counter' && endsWithPeriod) continue;
    if (rule === 'breadcrumb' && !norm.includes('»') && !norm.includes('›')) continue;
    if (test.test(norm)) return rule;
  }
  // A footer that ends with the notice rather than starting with it ("NewsFarm 2023. All rights reserved.").
  if (norm.length <= 200 && norm.endsWith('all rights reserved')) return 'copyright';
  return null;
}

/**
 * Headings that open a list of links: the lines after them are chrome too,
 * as long as they look like list items (short, no sentence end). A run ends
 * at the first line of prose, or after `items` lines.
 */
interface ListKind {
  rule: string;
  items: number;
  /** Longest line that still reads as an item of this list. */
  maxLength: number;
  /** Most words an item may have. */
  maxWords: number;
}
const STORY_LIST: ListKind = { rule: 'related', items: 12, maxLength: 150, maxWords: 25 };
const TAG_LIST: ListKind = { rule: 'tags', items: 12, maxLength: 40, maxWords: 4 };
const MENU: ListKind = { rule: 'navigation', items: 12, maxLength: 30, maxWords: 3 };
const NEXT_STORY: ListKind = { rule: 'navigation', items: 1, maxLength: 150, maxWords: 25 };

function listAfter(rule: string, line: string): ListKind | null {
  if (rule === 'related') return line.includes(':') ? null : STORY_LIST; // "Related: <one link>" is a line on its own
  const norm = normalise(line);
  if (rule === 'tags') return norm.includes(':') ? null : TAG_LIST; // "Tags: a, b" carries its own list
  if (norm === 'home' || norm === 'menu') return MENU;
  if (/^(?:previous|next) (?:article|post|story)$/.test(norm)) return NEXT_STORY;
  return null;
}

/** Whether a line reads as an item of `list`: short, few words, and not the end of a sentence. */
function listItem(list: ListKind, line: string): boolean {
  if (line.length > list.maxLength || /[.!?;:"”]$/.test(line)) return false;
  let words = 1;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) === 0x20 && ++words > list.maxWords) return false;
  return true;
}

/**
 * The chrome lines of a text, in order. A heading that opens a list ("Related
 * posts", "Tags", "Home" of a menu) also takes the list items that follow it.
 */
export function findChromeLines(text: string): ChromeLine[] {
  const found: ChromeLine[] = [];
  let list: ListKind | null = null;
  let itemsLeft = 0;
  // Whether the line just above was prose cut by a hard wrap, so that this one may continue its sentence.
  let afterWrap = false;
  let lineStart = 0;
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    let start = lineStart;
    let end = lineEnd;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    const length = end - start;
    if (length > 0) {
      const foundBefore = found.length;
      if (length <= MAX_CHROME_LINE && !(afterWrap && continuesSentence(text, start, end))) {
        const line = text.slice(start, end);
        const rule = chromeRule(line);
        if (rule) {
          found.push({ start, end, rule });
          const opened = listAfter(rule, line);
          if (opened) {
            list = opened;
            itemsLeft = opened.items;
          } else if (list && --itemsLeft <= 0) {
            list = null; // a date or counter inside a list keeps it going, within its length
          }
        } else if (list && listItem(list, line)) {
          found.push({ start, end, rule: list.rule });
          if (--itemsLeft <= 0) list = null;
        } else {
          list = null;
        }
      } else {
        list = null;
      }
      // Chrome is not prose, so a long chrome line (a related headline) wraps nothing.
      afterWrap = found.length === foundBefore && length >= MIN_WRAPPED_LINE && !endsBlock(text.charCodeAt(end - 1));
    } else {
      afterWrap = false;
    }
    lineStart = lineEnd + 1;
  }
  return found;
}

/**
 * After a hard-wrapped line, a line that starts in lower case or ends a
 * sentence is the rest of that sentence ("...cts per\nshare."), never chrome,
 * whatever it says. A capitalised line without a full stop after a long
 * line (a byline under a headline) is still judged on its own.
 */
function continuesSentence(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  if (first >= 0x61 && first <= 0x7a) return true;
  const last = text.charCodeAt(end - 1);
  return last === 0x2e || last === 0x2c;
}

/** Characters that end a sentence, heading or label: after them a new line starts afresh. */
function endsBlock(code: number): boolean {
  switch (code) {
    case 0x2e: case 0x21: case 0x3f: case 0x3a: case 0x3b: case 0x22: case 0x27: case 0x29: case 0x5d:
    case 0x201d: case 0x2019: case 0x2026: case 0x2a:
      return true;
    default:
      return false;
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0c || code === 0x0b || code === 0xa0 || code === 0xfeff || code === 0x3000 || (code >= 0x2000 && code <= 0x200b);
}
