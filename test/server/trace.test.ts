/** /api/index and /api/trace over a real reference index file. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/app.js';
import { openReferenceIndex } from '../../src/server/trace.js';
import { REPO, SEED } from '../helpers/shared.js';
import { reconstructedOriginal } from './helpers.js';

const seed = readFileSync(SEED, 'utf8');
const original = reconstructedOriginal(seed, join(REPO, 'eval', 'gold', 'seed.json'));

const UNRELATED = [
  { id: 'council', title: 'Council approves budget', text: 'The city council approved the annual budget on Tuesday after a long debate. The mayor said the plan would fund two new schools and repair roads damaged during the winter, while opposition members argued that the tax rise was too steep for families already facing higher prices.' },
  { id: 'football', text: 'The home side scored twice in the second half to win the derby. Their manager praised the defence, which kept a clean sheet for the fifth match in a row, and said the squad would rest several players before the cup tie on Saturday.' },
];

type Substitution = { query: [number, number]; source: [number, number]; actual: string; expected?: string };
type Match = { id: string; title?: string; url?: string; score: number; coverage: number; passages: Array<{ query: [number, number]; source: [number, number]; sourceText?: string; substitutions: Substitution[] }> };

let dir: string;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'unspin-serve-index-'));
  app = await createServer({ concurrency: 1, index: await openReferenceIndex(join(dir, 'refs.db')), log: null });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

describe('a server with a reference index', () => {
  it('adds one document or a list, and says so in /api/health', async () => {
    const one = await post('/api/index', { id: 'newsweek-putin-li', title: 'China Defense Official Meets Putin', url: 'https://www.newsweek.com/example', text: original });
    expect(one.statusCode, one.body).toBe(200);
    expect(JSON.parse(one.body)).toEqual({ added: 1, ids: ['newsweek-putin-li'] });
    const many = await post('/api/index', UNRELATED);
    expect(JSON.parse(many.body)).toEqual({ added: 2, ids: ['council', 'football'] });
    expect(JSON.parse((await app.inject({ method: 'GET', url: '/api/health' })).body).index).toBe(true);
  });

  it('traces the spun seed page to its source with aligned passages', async () => {
    const response = await post('/api/trace', { text: seed });
    expect(response.statusCode, response.body).toBe(200);
    const answer = JSON.parse(response.body) as { input: string; text?: string; matches: Match[] };
    expect(answer.input).toBe('<text>');
    expect(answer.text).toBeUndefined();
    expect(answer.matches[0]?.id).toBe('newsweek-putin-li');
    expect(answer.matches.map((m) => m.id)).not.toContain('council');
    const best = answer.matches[0]!;
    expect(best.title).toBe('China Defense Official Meets Putin');
    expect(best.coverage).toBeGreaterThan(0.5);
    expect(best.passages.length).toBeGreaterThan(0);
    for (const passage of best.passages) {
      expect(passage.sourceText).toBe(original.slice(passage.source[0], passage.source[1]));
      expect(passage.query[1]).toBeLessThanOrEqual(seed.length);
    }
    // Each passage lists its substitutions: the copy's words for the source's, inside the passage on both sides.
    const subs = best.passages.flatMap((p) => p.substitutions.map((x) => ({ x, p })));
    expect(subs.length).toBeGreaterThan(50);
    for (const { x, p } of subs) {
      expect(seed.slice(...x.query)).toBe(x.actual);
      expect(original.slice(...x.source)).toBe(x.expected);
      expect(x.query[0] >= p.query[0] && x.query[1] <= p.query[1] && x.source[0] >= p.source[0] && x.source[1] <= p.source[1]).toBe(true);
    }
    expect(subs.map(({ x }) => `${x.actual} → ${x.expected}`)).toEqual(expect.arrayContaining(['Chilly Warfare → Cold War']));
  });

  it('puts the matched sources into the HTML report when the page sends them', async () => {
    const traced = JSON.parse((await post('/api/trace', { text: seed })).body) as { matches: Match[] };
    const result = JSON.parse((await post('/api/check', { text: seed })).body) as { findings: unknown[] };
    const response = await post('/api/report', { result, text: seed, sources: traced.matches });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).toContain('Matched sources');
    expect(response.body.match(/<div class="t-pair">/g)?.length).toBe(traced.matches.reduce((n, m) => n + m.passages.length, 0));
    expect(response.body).toContain('<mark class="t-sub" title="source has: Cold War">Chilly Warfare</mark>');
    // A passage outside the text is refused, not drawn.
    const bad = structuredClone(traced.matches);
    bad[0]!.passages[0]!.query = [0, seed.length + 10];
    const refused = await post('/api/report', { result, text: seed, sources: bad });
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(refused.body).error.message).toContain("'sources[0].passages[0]' lies outside the text");
  });

  it('finds nothing for an unrelated text, and replaces a document re-added under its id', async () => {
    const unrelated = 'Heavy rain flooded several streets in the old town overnight. Firefighters pumped water from basements and the railway line was closed for three hours while engineers inspected a bridge.';
    expect(JSON.parse((await post('/api/trace', { text: unrelated })).body).matches).toEqual([]);
    await post('/api/index', { id: 'council', text: unrelated });
    const again = JSON.parse((await post('/api/trace', { text: unrelated })).body) as { matches: Match[] };
    expect(again.matches[0]?.id).toBe('council');
  });

  it('validates what is added', async () => {
    expect((await post('/api/index', { id: '', text: 'x' })).statusCode).toBe(400);
    expect((await post('/api/index', { id: 'a' })).statusCode).toBe(400);
    expect((await post('/api/index', [])).statusCode).toBe(400);
    expect((await post('/api/index', { id: 'empty', text: '   ' })).statusCode).toBe(422);
    expect((await post('/api/trace', { text: seed, limit: 0 })).statusCode).toBe(400);
  });
});
