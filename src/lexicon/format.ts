/**
 * Reading and writing lexicon files. Two formats, told apart by their first
 * character (`{` is JSON, `#` is TSV), are documented in data/lexicon/README.md:
 * JSON for hand-curated lists with context rules, TSV for big generated ones.
 *
 * Everything a file says is checked here, so that a mistake is reported once,
 * on one line, with the file and line it is on.
 */
import { readFileSync } from 'node:fs';
import { UnspinError } from '../errors.js';
import type { Lexicon, LexiconEntry } from './index.js';
import { JsonSyntaxError, parseJsonWithLines, type LocatedJson } from './json.js';
import { isPlainPhrase, neighbourError, phraseTokens } from './phrase.js';

export const LEXICON_FORMAT = 'unspin-lexicon/1';

const NEIGHBOUR_FIELDS = ['prev', 'next', 'notPrev', 'notNext'] as const;
const CONTEXT_FIELDS = ['requires', 'unless'] as const;
/** `note` and `comment` are for people reading the file; the matcher ignores them. */
const ENTRY_FIELDS = new Set<string>(['phrase', 'expected', 'tier', ...NEIGHBOUR_FIELDS, 'lowercase', 'spaced', ...CONTEXT_FIELDS, 'count', 'confidence', 'note', 'comment']);
const HEADER_FIELDS = ['id', 'version', 'source', 'licence'] as const;

class LineError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

/** Checks one entry's fields and returns a clean copy; throws `LineError` at `line`. */
function toEntry(raw: Record<string, unknown>, line: number): LexiconEntry {
  const fail = (message: string): never => { throw new LineError(line, message); };
  for (const key of Object.keys(raw)) if (!ENTRY_FIELDS.has(key)) fail(`unknown field "${key}"`);

  if (typeof raw.phrase !== 'string') fail('"phrase" must be a string');
  const phrase = raw.phrase as string;
  if (!isPlainPhrase(phrase)) {
    const words = phraseTokens(phrase);
    if ('error' in words) fail(words.error);
  }

  if (!Array.isArray(raw.expected) || raw.expected.some((e) => typeof e !== 'string' || e.trim() === '')) {
    fail(`"expected" of "${phrase}" must be a list of non-empty strings (best first)`);
  }
  if (raw.tier !== 'strong' && raw.tier !== 'weak') fail(`"tier" of "${phrase}" must be "strong" or "weak"`);
  const entry: LexiconEntry = { phrase, expected: (raw.expected as string[]).map((e) => e.trim()), tier: raw.tier as LexiconEntry['tier'] };

  for (const field of NEIGHBOUR_FIELDS) {
    const list = raw[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(`"${field}" of "${phrase}" must be a list`);
    // An empty exclusion list excludes nothing; an empty `prev`/`next` would never match.
    if ((list as unknown[]).length === 0) {
      if (field === 'prev' || field === 'next') fail(`"${field}" of "${phrase}" is empty: the entry could never match`);
      continue;
    }
    for (const item of list as unknown[]) {
      const error = neighbourError(field, item);
      if (error) fail(error);
    }
    entry[field] = list as string[];
  }
  for (const field of CONTEXT_FIELDS) {
    const list = raw[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(`"${field}" of "${phrase}" must be a list of phrases`);
    if ((list as unknown[]).length === 0) {
      if (field === 'requires') fail(`"requires" of "${phrase}" is empty: the entry could never match`);
      continue;
    }
    for (const item of list as unknown[]) {
      if (typeof item === 'string' && isPlainPhrase(item)) continue;
      const parsed = typeof item === 'string' ? phraseTokens(item) : { error: 'not a string' };
      if ('error' in parsed) fail(`"${field}" of "${phrase}": ${parsed.error}`);
    }
    entry[field] = list as string[];
  }
  for (const flag of ['lowercase', 'spaced'] as const) {
    if (raw[flag] === undefined) continue;
    if (typeof raw[flag] !== 'boolean') fail(`"${flag}" of "${phrase}" must be true or false`);
    if (raw[flag]) entry[flag] = true;
  }
  if (raw.count !== undefined) {
    if (typeof raw.count !== 'number' || !Number.isFinite(raw.count) || raw.count < 0) fail(`"count" of "${phrase}" must be a number >= 0`);
    entry.count = raw.count as number;
  }
  if (raw.confidence !== undefined) {
    if (typeof raw.confidence !== 'number' || !(raw.confidence >= 0 && raw.confidence <= 1)) fail(`"confidence" of "${phrase}" must be a number from 0 to 1`);
    entry.confidence = raw.confidence as number;
  }
  return entry;
}

function checkAllow(phrase: unknown, line: number): string {
  if (typeof phrase !== 'string') throw new LineError(line, 'allow phrases must be strings');
  if (isPlainPhrase(phrase)) return phrase;
  const words = phraseTokens(phrase);
  if ('error' in words) throw new LineError(line, `allow: ${words.error}`);
  return phrase;
}

function parseJsonLexicon(text: string): Lexicon {
  // The native parser is fast; lines are worked out only when there is an error to report.
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    try {
      parseJsonWithLines(text);
    } catch (error) {
      if (error instanceof JsonSyntaxError) throw new LineError(error.line, `invalid JSON: ${error.message}`);
      throw error;
    }
    throw new LineError(1, 'invalid JSON');
  }
  let located: LocatedJson | undefined;
  const locate = () => (located ??= parseJsonWithLines(text));
  const rootLine = 1;
  const lineOfElement = (array: readonly unknown[], key: 'entries' | 'allow', index: number): number => {
    const value = locate().value as Record<string, unknown>;
    return locate().elementLines(value[key] as unknown[])?.[index] ?? rootLine;
  };
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new LineError(1, 'expected a JSON object');
  const top = root as Record<string, unknown>;
  if (top.format !== LEXICON_FORMAT) throw new LineError(rootLine, `"format" must be "${LEXICON_FORMAT}"`);
  const header: Record<string, string> = {};
  for (const field of HEADER_FIELDS) {
    const value = top[field];
    if (typeof value !== 'string' || value.trim() === '') throw new LineError(rootLine, `"${field}" must be a non-empty string`);
    header[field] = value.trim();
  }
  if (!Array.isArray(top.entries)) throw new LineError(rootLine, '"entries" must be a list');
  const rawEntries: unknown[] = top.entries;
  const entries = rawEntries.map((raw, index) => {
    try {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new LineError(0, 'each entry must be an object');
      return toEntry(raw as Record<string, unknown>, 0);
    } catch (error) {
      if (error instanceof LineError) throw new LineError(lineOfElement(rawEntries, 'entries', index), error.message);
      throw error;
    }
  });
  const allowRaw = top.allow ?? [];
  if (!Array.isArray(allowRaw)) throw new LineError(rootLine, '"allow" must be a list of phrases');
  const allow = allowRaw.map((phrase: unknown, index: number) => {
    try {
      return checkAllow(phrase, 0);
    } catch (error) {
      if (error instanceof LineError) throw new LineError(lineOfElement(allowRaw, 'allow', index), error.message);
      throw error;
    }
  });
  return { id: header.id!, version: header.version!, source: header.source!, licence: header.licence!, entries, allow };
}

const HEADER_LINE = /^#\s*([A-Za-z]+)\s*:\s*(.*?)\s*$/;

/** The fifth TSV column: `key=a|b; key=c; lowercase`. */
function parseConstraints(cell: string, line: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of cell.split(';')) {
    const item = part.trim();
    if (item === '') continue;
    if (item === 'lowercase' || item === 'spaced') { out[item] = true; continue; }
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq).trim();
    const value = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (key === 'confidence') out.confidence = value === '' ? NaN : Number(value);
    else if ((NEIGHBOUR_FIELDS as readonly string[]).includes(key) || (CONTEXT_FIELDS as readonly string[]).includes(key)) {
      out[key] = value.split('|').map((v) => v.trim()).filter((v) => v !== '');
    } else {
      throw new LineError(line, `unknown constraint "${key}" (known: ${[...NEIGHBOUR_FIELDS, ...CONTEXT_FIELDS, 'lowercase', 'spaced', 'confidence'].join(', ')})`);
    }
  }
  return out;
}

/** One plain row (`phrase<TAB>expected<TAB>strong|weak[<TAB>count]`), or null when the row needs the general path. */
function plainRow(raw: string, line: number): LexiconEntry | null {
  // Generated lists have thousands of rows like this: read them without intermediate arrays.
  const tab1 = raw.indexOf('\t');
  const tab2 = tab1 < 0 ? -1 : raw.indexOf('\t', tab1 + 1);
  if (tab2 < 0) return null;
  const tab3 = raw.indexOf('\t', tab2 + 1);
  if (tab3 >= 0 && raw.indexOf('\t', tab3 + 1) >= 0) return null;
  const tier = raw.slice(tab2 + 1, tab3 < 0 ? raw.length : tab3).trim();
  if (tier !== 'strong' && tier !== 'weak') return null;
  const phrase = raw.slice(0, tab1).trim();
  if (!isPlainPhrase(phrase)) return null;
  const expected = raw.slice(tab1 + 1, tab2).trim();
  const alternatives = expected === '' ? [] : expected.split('|');
  for (let k = 0; k < alternatives.length; k++) {
    const alternative = alternatives[k]!.trim();
    if (alternative === '') throw new LineError(line, `"expected" of "${phrase}" has an empty alternative`);
    alternatives[k] = alternative;
  }
  const entry: LexiconEntry = { phrase, expected: alternatives, tier };
  if (tab3 >= 0) {
    const count = raw.slice(tab3 + 1).trim();
    if (count !== '') {
      if (!/^\d+(\.\d+)?$/.test(count)) throw new LineError(line, `"count" of "${phrase}" must be a number >= 0`);
      entry.count = Number(count);
    }
  }
  return entry;
}

function parseTsvLexicon(text: string): Lexicon {
  const header: Record<string, string> = {};
  const entries: LexiconEntry[] = [];
  const allow: string[] = [];
  let sawFormat = false;
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const raw = text.charCodeAt(end - 1) === 0x0d ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    if (raw.length === 0 || (raw.charCodeAt(0) <= 0x20 && raw.trim() === '')) continue;
    if (raw.startsWith('#')) {
      const match = HEADER_LINE.exec(raw);
      const key = match?.[1]?.toLowerCase() === 'license' ? 'licence' : match?.[1]?.toLowerCase();
      if (match && key === 'format') {
        if (match[2] !== LEXICON_FORMAT) throw new LineError(line, `unsupported format "${match[2]}" (expected ${LEXICON_FORMAT})`);
        sawFormat = true;
      } else if (match && key && (HEADER_FIELDS as readonly string[]).includes(key)) {
        if (header[key] !== undefined) throw new LineError(line, `"# ${key}:" given twice`);
        header[key] = match[2]!;
      }
      // Any other `#` line is a comment.
      continue;
    }
    if (!sawFormat) throw new LineError(line, `a TSV lexicon starts with "# format: ${LEXICON_FORMAT}"`);
    if (raw.endsWith('\tallow')) {
      // An allow row: `phrase<TAB><TAB>allow` (anything in the middle column is ignored).
      const tab = raw.indexOf('\t');
      if (raw.indexOf('\t', tab + 1) === raw.length - 6) {
        allow.push(checkAllow(raw.slice(0, tab).trim(), line));
        continue;
      }
    }
    const plain = plainRow(raw, line);
    if (plain) {
      entries.push(plain);
      continue;
    }
    const cells = raw.split('\t');
    if (cells.length < 3 || cells.length > 5) throw new LineError(line, `expected 3 to 5 tab-separated columns (phrase, expected, tier, count, constraints), found ${cells.length}`);
    const phrase = cells[0]!.trim();
    const expected = cells[1]!.trim();
    const tier = cells[2]!.trim();
    const count = (cells[3] ?? '').trim();
    const constraints = (cells[4] ?? '').trim();
    if (tier === 'allow') {
      allow.push(checkAllow(phrase, line));
      continue;
    }
    const rawEntry: Record<string, unknown> = {
      phrase,
      expected: expected === '' ? [] : expected.split('|').map((e) => e.trim()),
      tier,
      ...parseConstraints(constraints, line),
    };
    if (count !== '') rawEntry.count = /^\d+(\.\d+)?$/.test(count) ? Number(count) : NaN;
    entries.push(toEntry(rawEntry, line));
  }
  if (!sawFormat) throw new LineError(1, `a TSV lexicon starts with "# format: ${LEXICON_FORMAT}"`);
  for (const field of HEADER_FIELDS) {
    if (!header[field]) throw new LineError(1, `missing header line "# ${field}: ..."`);
  }
  return { id: header.id!, version: header.version!, source: header.source!, licence: header.licence!, entries, allow };
}

/** Parses a lexicon from its text; `name` (a path) prefixes error messages. */
export function parseLexicon(text: string, name: string): Lexicon {
  try {
    const start = text.replace(/^\uFEFF/, '').trimStart();
    if (start.startsWith('{')) return parseJsonLexicon(text);
    if (start.startsWith('#')) return parseTsvLexicon(text.replace(/^\uFEFF/, ''));
    throw new LineError(1, `not a lexicon: expected a JSON object or a TSV file starting with "# format: ${LEXICON_FORMAT}"`);
  } catch (error) {
    if (error instanceof LineError) throw new UnspinError('lexicon-invalid', `${name}: line ${error.line}: ${error.message}`);
    throw error;
  }
}

/** Reads and checks a lexicon file (JSON or TSV, told apart by content). */
export function loadLexiconFile(path: string): Lexicon {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new UnspinError('lexicon-invalid', `${path}: cannot read lexicon: ${why}`, { cause: error });
  }
  if (bytes.includes(0)) throw new UnspinError('lexicon-invalid', `${path}: not a text file`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnspinError('lexicon-invalid', `${path}: not valid UTF-8`);
  }
  return parseLexicon(text, path);
}

function cell(value: string, what: string): string {
  if (/[\t\r\n|;]/.test(value)) throw new Error(`formatLexiconTsv: ${what} "${value}" contains a tab, line break, "|" or ";"`);
  return value;
}

/**
 * Writes a lexicon in the TSV format, rows in the order given (sort them first
 * for a reproducible file). `comments` become `#` lines after the header.
 */
export function formatLexiconTsv(lexicon: Lexicon, comments: readonly string[] = []): string {
  const out: string[] = [`# format: ${LEXICON_FORMAT}`];
  for (const field of HEADER_FIELDS) out.push(`# ${field}: ${lexicon[field].replace(/\s+/g, ' ')}`);
  for (const comment of comments) for (const line of comment.split('\n')) out.push(`# ${line}`.trimEnd());
  for (const entry of lexicon.entries) {
    const constraints: string[] = [];
    for (const field of [...NEIGHBOUR_FIELDS, ...CONTEXT_FIELDS]) {
      const list = entry[field];
      if (list) constraints.push(`${field}=${list.map((v) => cell(v, field)).join('|')}`);
    }
    if (entry.lowercase) constraints.push('lowercase');
    if (entry.spaced) constraints.push('spaced');
    if (entry.confidence !== undefined) constraints.push(`confidence=${entry.confidence}`);
    const row = [cell(entry.phrase, 'phrase'), entry.expected.map((e) => cell(e, 'expected')).join('|'), entry.tier, entry.count === undefined ? '' : String(entry.count)];
    if (constraints.length > 0) row.push(constraints.join('; '));
    out.push(row.join('\t').trimEnd());
  }
  for (const phrase of lexicon.allow) out.push(`${cell(phrase, 'allow phrase')}\t\tallow`);
  return out.join('\n') + '\n';
}
