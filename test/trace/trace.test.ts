/** Tracing: the right source for spun copies, nothing for unrelated texts, offsets that slice true passages. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex, type ReferenceIndex } from '../../src/trace/index.js';
import { BIN, hasShared, REPO, SEED } from '../helpers/shared.js';
import { seedOriginal, wordsOf } from './helpers.js';

const data = hasShared ? await import('../../tools/corpora.js') : undefined;
const spinner = hasShared ? (await import('../../bench/fixtures/spinner.js')).loadSpinner() : undefined;

let dir: string;
let index: ReferenceIndex;
const seed = readFileSync(SEED, 'utf8');
const original = seedOriginal(seed);
type Doc = { id: string; text: string; title?: string };
let news: Doc[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'unspin-trace-'));
  index = openIndex(join(dir, 'refs.db'), { create: true });
  index.transaction(() => {
    index.add({ id: 'seed-original', text: original, title: 'China Defense Official Meets Russia’s Putin' });
    if (!data) return;
    for (const p of data.mpcPairs()) index.add({ id: `mpc/${p.line}`, text: p.original });
    // A slice of the news corpus: enough look-alikes (same-beat wires) to make ranking matter.
    let k = 0;
    for (const d of [...data.bbcDocuments(), ...data.reutersDocuments()]) {
      if (k++ % 8 !== 0) continue;
      const doc = { id: d.id, title: d.title, text: `${d.title}\n\n${d.body}` };
      news.push(doc);
      index.add(doc);
    }
  });
});
afterAll(() => {
  index?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('trace on the seed page', () => {
  it('finds the original of the spun seed page and slices true passages', () => {
    const matches = index.search(seed, { details: true });
    expect(matches[0]?.id).toBe('seed-original');
    const best = matches[0]!;
    expect(best.coverage).toBeGreaterThan(0.8);
    expect(best.score).toBeGreaterThan(0.5);
    for (const passage of best.passages) {
      const [qs, qe] = passage.query;
      const [ss, se] = passage.source;
      expect(0 <= qs && qs < qe && qe <= seed.length).toBe(true);
      expect(0 <= ss && ss < se && se <= original.length).toBe(true);
      // Each 'same' segment reads the same in both texts; the changed ones hold the substitutions.
      for (const segment of passage.segments!) {
        const q = seed.slice(...segment.query);
        const s = original.slice(...segment.source);
        if (segment.kind === 'same') expect(wordsOf(q)).toEqual(wordsOf(s));
        else expect(q).not.toBe(s);
      }
    }
    const changed = best.passages.flatMap((p) => p.segments!.filter((s) => s.kind === 'changed').map((s) => [seed.slice(...s.query), original.slice(...s.source)]));
    expect(changed).toContainEqual(['Chilly Warfare', 'Cold War']);
    expect(changed).toContainEqual(['navy', 'military']);
  });

  it('reports nothing for a text with no source in the index', () => {
    const text = 'Heavy rain flooded several streets in the old town overnight. Firefighters pumped water from basements and the railway line was closed for three hours while engineers inspected a bridge over the river.';
    expect(index.search(text)).toEqual([]);
  });
});

describe.skipIf(!hasShared)('trace on public data', () => {
  it('finds the original of MPC SpinBot paragraphs (dev half)', () => {
    const pairs = data!.mpcPairs().filter((p) => p.split === 'dev' && !p.identical && p.spun.split(' ').length >= 20);
    let right = 0;
    for (const p of pairs) if (index.search(p.spun, { limit: 1 })[0]?.id === `mpc/${p.line}`) right++;
    expect(pairs.length).toBeGreaterThan(80);
    expect(right / pairs.length).toBeGreaterThanOrEqual(0.95);
    // A paragraph spun beyond half its words still comes back to its own original, not to a sibling paragraph.
    const uriel = data!.mpcPairs().find((p) => p.line === 2)!;
    const [match] = index.search(uriel.spun, { details: true });
    expect(match?.id).toBe('mpc/2');
    expect(match!.sourceText).toBe(uriel.original);
  });

  it('finds the source of news articles spun at 35% of words', () => {
    const sample = news.filter((d) => d.text.split(/\s+/).length >= 150).slice(0, 40);
    let right = 0;
    for (const [k, d] of sample.entries()) {
      const spun = spinner!.spin(d.text, { rate: 0.35, seed: 1 + (k % 5) }).text;
      if (index.search(spun, { limit: 1 })[0]?.id === d.id) right++;
    }
    expect(right).toBeGreaterThanOrEqual(39);
  });

  it('reports nothing once the source is removed, though same-topic documents stay', () => {
    // Sebree's paragraphs (lines 2-5) share his name, the Navy and the Arctic; only its own original is removed.
    const uriel = data!.mpcPairs().find((p) => p.line === 3)!;
    expect(index.search(uriel.spun, { limit: 1 })[0]?.id).toBe('mpc/3');
    index.remove('mpc/3');
    try {
      expect(index.search(uriel.spun)).toEqual([]);
    } finally {
      index.add({ id: 'mpc/3', text: uriel.original });
    }
    const article = news.find((d) => d.id.startsWith('bbc/') && d.text.split(/\s+/).length > 300)!;
    const spun = spinner!.spin(article.text, { rate: 0.2, seed: 3 }).text;
    expect(index.search(spun, { limit: 1 })[0]?.id).toBe(article.id);
    index.remove(article.id);
    try {
      expect(index.search(spun)).toEqual([]);
    } finally {
      index.add(article);
    }
  });
});

describe('unspin trace', () => {
  function cli(...args: string[]) {
    const run = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  let path: string;
  beforeAll(() => {
    path = join(dir, 'cli.db');
    writeFileSync(join(dir, 'original.txt'), original);
    writeFileSync(join(dir, 'other.jsonl'), JSON.stringify({ id: 'council', title: 'Budget', url: 'https://example.org/budget', text: 'The city council approved the annual budget on Tuesday after a long debate about schools and roads.' }) + '\n');
    const added = cli('index', 'add', '--index', path, join(dir, 'original.txt'), join(dir, 'other.jsonl'));
    expect(added.status, added.stderr).toBe(0);
    writeFileSync(join(dir, 'clean.txt'), 'Heavy rain flooded several streets in the old town overnight, and the railway line was closed for three hours.');
  });

  it('prints the contract JSON and exits 1 when a source is found', () => {
    const run = cli('trace', '--index', path, SEED);
    expect(run.status, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout) as { input: string; text?: string; matches: Array<{ id: string; score: number; coverage: number; passages: Array<{ query: [number, number]; source: [number, number] }> }> };
    expect(result.input).toBe(SEED);
    expect(result.text).toBeUndefined();
    expect(Object.keys(result.matches[0]!)).toEqual(['id', 'score', 'coverage', 'passages']);
    expect(result.matches[0]!.id).toBe(join(dir, 'original.txt'));
    expect(result.matches.map((m) => m.id)).not.toContain('council');
    for (const p of result.matches[0]!.passages) {
      const shared = new Set(wordsOf(original.slice(...p.source)));
      const words = wordsOf(seed.slice(...p.query));
      expect(words.filter((w) => shared.has(w)).length / words.length).toBeGreaterThan(0.5);
    }
  });

  it('exits 0 with empty matches when nothing qualifies, and 2 (going on with the rest) for a bad input', () => {
    const clean = cli('trace', '--index', path, join(dir, 'clean.txt'));
    expect(clean.status).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({ input: join(dir, 'clean.txt'), matches: [] });
    const mixed = cli('trace', '--index', path, '--format', 'jsonl', join(dir, 'missing.txt'), join(dir, 'clean.txt'));
    expect(mixed.status).toBe(2);
    const lines = mixed.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].error.code).toBe('input-not-found');
    expect(lines[1]).toEqual({ input: join(dir, 'clean.txt'), matches: [] });
    expect(mixed.stderr).toMatch(/^unspin trace: .*missing\.txt: /);
  });

  it('reads HTML pages, returning the extracted text its offsets index into', () => {
    const paragraphs = seed.split(/\n\s*\n/).slice(1, 12).map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n');
    writeFileSync(join(dir, 'page.html'), `<!DOCTYPE html><html><head><title>Copy</title></head><body><nav>Home | World</nav><article>${paragraphs}</article><footer>Leave a reply</footer></body></html>`);
    const run = cli('trace', '--index', path, join(dir, 'page.html'));
    expect(run.status, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout) as { text: string; matches: Array<{ id: string; passages: Array<{ query: [number, number] }> }> };
    expect(typeof result.text).toBe('string');
    expect(result.text).not.toContain('<p>');
    expect(result.matches[0]!.id).toBe(join(dir, 'original.txt'));
    for (const p of result.matches[0]!.passages) expect(p.query[1]).toBeLessThanOrEqual(result.text.length);
  });

  it('writes text and a side-by-side HTML report', () => {
    const text = cli('trace', '--index', path, '--format', 'text', SEED, join(dir, 'clean.txt'));
    expect(text.status, text.stderr).toBe(1);
    expect(text.stdout).toMatch(/original\.txt {2}score 0\.\d+ {2}coverage \d+%/);
    expect(text.stdout).toMatch(/\d+:\d+-\d+:\d+ {2}↔ {2}source \d+:\d+-\d+:\d+ {2}\(\d+ substitutions\)/);
    expect(text.stdout).toMatch(/clean\.txt\n {2}no source found in the index/);
    const out = join(dir, 'report.html');
    const html = cli('trace', '--index', path, '--format', 'html', '--output', out, SEED);
    expect(html.status).toBe(1);
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<h3>Copy</h3>');
    expect(page).toContain('<h3>Source</h3>');
    // "Chilly Warfare" in the copy carries the source's "Cold War"; the source marks what was replaced.
    expect(page).toMatch(/<mark class="u-find"[^>]*data-expected="Cold War">Chilly Warfare<span class="u-tip"/);
    expect(page).toMatch(/<span class="t-orig" title="copy has: navy">military<\/span>/);
  });

  it('explains usage mistakes', () => {
    expect(cli('trace', SEED).stderr).toMatch(/--index FILE is required/);
    expect(cli('trace', '--index', path).stderr).toMatch(/no input given/);
    expect(cli('trace', '--index', join(dir, 'none.db'), SEED).stderr).toMatch(/no such index/);
    expect(cli('trace', '--index', path, '--format', 'json', SEED, SEED).stderr).toMatch(/--format json takes one input/);
  });
});
