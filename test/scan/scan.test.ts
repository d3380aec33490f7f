/**
 * `unspin scan` as a user runs it (the built CLI): rows in input order
 * whatever the number of threads, CSV, --min-score, --resume after a killed
 * run, Ctrl-C leaving whole rows, and the public BBC and Reuters sets read
 * completely by `scan` and `index add`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, REPO, SEED, SHARED_DATA, hasShared } from '../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'unspin-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 600_000, maxBuffer: 1 << 28 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const rows = (text: string) => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));

const SEED_TEXT = readFileSync(SEED, 'utf8');
const CLEAN = [
  'The central bank said on Tuesday that inflation had eased in the third quarter, and officials expect growth to pick up next year.',
  'The council approved the annual budget after a long debate. The mayor said the plan would fund two new schools and repair roads.',
  'Heavy rain closed the railway line for three hours on Monday, and engineers worked through the night to clear the track.',
];

/** A JSONL file of clean articles with the seed page among them. */
function corpus(name: string, count: number): string {
  const lines: string[] = [];
  for (let k = 0; k < count; k++) {
    const text = k % 10 === 3 ? SEED_TEXT : `${CLEAN[k % CLEAN.length]} Item ${k}.`;
    lines.push(JSON.stringify({ id: `doc-${k}`, text, url: `https://example.org/${k}` }));
  }
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('unspin scan', () => {
  it('writes one row per document in input order, the same with one thread or several', () => {
    const input = corpus('mix.jsonl', 40);
    const inline = cli('scan', '--workers', '0', '--no-model', input);
    expect(inline.status, inline.stderr).toBe(1);
    const threaded = cli('scan', '--workers', '2', '--no-model', input, '-o', join(dir, 'mix-out.jsonl'));
    expect(threaded.status, threaded.stderr).toBe(1);
    expect(readFileSync(join(dir, 'mix-out.jsonl'), 'utf8')).toBe(inline.stdout);
    const out = rows(inline.stdout);
    expect(out.map((r) => r.id)).toEqual(Array.from({ length: 40 }, (_, k) => `doc-${k}`));
    const seed = out[3];
    expect(seed).toMatchObject({ id: 'doc-3', url: 'https://example.org/3', input, origin: `${input}:4`, verdict: { spun: true }, stage: 'lexicon' });
    expect(seed.findings).toBeGreaterThan(100);
    expect(seed.top).toHaveLength(5);
    expect(SEED_TEXT.slice(seed.top[0].start, seed.top[0].end)).toBe(seed.top[0].actual);
    expect(out.filter((r) => r.verdict.spun).map((r) => r.id)).toEqual(['doc-3', 'doc-13', 'doc-23', 'doc-33']);
    expect(inline.stderr).toMatch(/^scanned 40 documents .* docs\/s, .* MB\/s; judged spun 4; errors 0$/m);
  });

  it('with the model, two threads sharing one copy of its files judge exactly as one thread', () => {
    const input = corpus('model-mix.jsonl', 12);
    for (const mode of ['all', 'cascade']) {
      const inline = cli('scan', '--workers', '0', '--model', mode, input);
      expect(inline.status, inline.stderr).toBe(1);
      const threaded = cli('scan', '--workers', '2', '--model', mode, input);
      expect(threaded.status, threaded.stderr).toBe(1);
      expect(threaded.stdout).toBe(inline.stdout);
      const out = rows(inline.stdout);
      // The seed page goes to the model in both modes (the lists judge it spun); clean items are cleared or judged clean.
      expect(out.filter((r) => r.verdict.spun).map((r) => r.id)).toEqual(['doc-3']);
      expect(out[3]).toMatchObject({ stage: 'model' });
    }
  });

  it('judges a long document in sections, as check does: the same verdict from both commands', () => {
    // 2,400 words of clean paragraphs, then the seed page: more than one section (src/detect/sections.ts).
    const clean = Array.from({ length: 60 }, (_, k) => `${CLEAN[k % CLEAN.length]} Paragraph ${k}.`).join('\n\n');
    const text = `${clean}\n\n${SEED_TEXT}`;
    const txt = join(dir, 'long.txt');
    writeFileSync(txt, text);
    const input = join(dir, 'long.jsonl');
    writeFileSync(input, JSON.stringify({ id: 'long', text }) + '\n');
    const checked = JSON.parse(cli('check', '--format', 'json', txt).stdout);
    expect(checked.verdict.sections.count).toBeGreaterThan(1);
    for (const mode of ['all', 'cascade']) {
      const [row] = rows(cli('scan', '--workers', '0', '--model', mode, input).stdout);
      expect(row.verdict).toEqual({ spun: checked.verdict.spun, score: checked.verdict.score });
      expect(row.findings).toBe(checked.findings.length);
      expect(row.stage).toBe('model');
      // The row says which part of the page was spun, so a screener can look at it even when the whole is not judged spun.
      expect(row.sections).toEqual({ count: checked.verdict.sections.count, spun: checked.verdict.sections.spun });
      expect(row.sections.spun).toBeGreaterThan(0);
    }
  });

  it('--min-score keeps the suspicious rows; --format csv writes a header and one record per row', () => {
    const input = corpus('small.jsonl', 12);
    const suspicious = rows(cli('scan', '--workers', '0', '--no-model', '--min-score', '0.5', input).stdout);
    expect(suspicious.map((r) => r.id)).toEqual(['doc-3']);
    const csv = cli('scan', '--workers', '0', '--no-model', '--format', 'csv', input).stdout.trim().split('\n');
    expect(csv[0]).toBe('id,url,input,origin,spun,score,findings,words,stage,top,source,source_score,error');
    expect(csv).toHaveLength(13);
    expect(csv[4]).toMatch(/^doc-3,https:\/\/example\.org\/3,.*,true,/);
  });

  it('--resume carries on after a killed run: a partial last row is cut, nothing is judged twice', () => {
    const input = corpus('resume.jsonl', 30);
    const out = join(dir, 'resume-out.jsonl');
    const full = cli('scan', '--workers', '0', '--no-model', input).stdout;
    // A run killed mid-write: ten whole rows and half of the eleventh.
    const lines = full.split('\n');
    writeFileSync(out, lines.slice(0, 10).join('\n') + '\n');
    appendFileSync(out, lines[10]!.slice(0, 40));
    const resumed = cli('scan', '--workers', '2', '--no-model', '--resume', input, '-o', out);
    expect(resumed.status, resumed.stderr).toBe(1);
    expect(resumed.stderr).toMatch(/scanned 20 documents.*already done 10/);
    expect(readFileSync(out, 'utf8')).toBe(full);
    expect(cli('scan', '--resume', input).stderr).toMatch(/--resume needs --out FILE/);
  });

  it('Ctrl-C finishes the documents in flight and leaves whole rows; --resume completes the file', async () => {
    const input = corpus('big.jsonl', 3000);
    const out = join(dir, 'big-out.jsonl');
    const child = spawn(process.execPath, [BIN, 'scan', '--workers', '1', '--model', 'all', input, '-o', out], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Interrupt once the run is under way (the threads have loaded their models and written rows).
    const started = Date.now();
    while (Date.now() - started < 120_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      let size = 0;
      try {
        size = readFileSync(out).length;
      } catch {}
      if (size > 0) break;
    }
    child.kill('SIGINT');
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    expect(status, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    const partial = readFileSync(out, 'utf8');
    expect(partial.endsWith('\n')).toBe(true);
    const done = rows(partial);
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(3000);
    expect(done.map((r) => r.id)).toEqual(Array.from({ length: done.length }, (_, k) => `doc-${k}`));

    const resumed = cli('scan', '--workers', '2', '--no-model', '--resume', input, '-o', out);
    expect(resumed.status, resumed.stderr).toBe(1);
    const ids = rows(readFileSync(out, 'utf8')).map((r) => r.id);
    expect(ids).toHaveLength(3000);
    expect(new Set(ids).size).toBe(3000);
  }, 300_000);

  it('reports an unreadable input in one line and goes on with --skip-errors; stops with exit 2 without', () => {
    const good = corpus('good.jsonl', 3);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ id: 'b1', text: CLEAN[0] })}\n{"id": "b2", "text": \n${JSON.stringify({ id: 'b3', text: CLEAN[1] })}\n`);
    const skipping = cli('scan', '--workers', '0', '--no-model', '--skip-errors', bad, good);
    expect(skipping.status, skipping.stderr).toBe(0);
    expect(rows(skipping.stdout).map((r) => r.id)).toEqual(['b1', 'b3', 'doc-0', 'doc-1', 'doc-2']);
    expect(skipping.stderr).toMatch(/^unspin scan: error: .*bad\.jsonl:2: not valid JSON .*\(skipped\)$/m);
    expect(skipping.stderr).toMatch(/errors 1/);
    const stopping = cli('scan', '--workers', '0', '--no-model', bad, good);
    expect(stopping.status).toBe(2);
    expect(rows(stopping.stdout).map((r) => r.id)).toEqual(['b1']);
    expect(stopping.stderr.trim().split('\n').at(-1)).toMatch(/^unspin scan: .*bad\.jsonl:2: not valid JSON/);
  });

  it('index add: the same files reached by another path are the same documents, not new ones', () => {
    const folder = join(dir, 'same');
    mkdirSync(folder, { recursive: true });
    CLEAN.forEach((text, k) => writeFileSync(join(folder, `${k}.txt`), text));
    const index = join(dir, 'same.db');
    expect(cli('index', 'add', '--index', index, folder).stdout).toMatch(/^added 3; .* holds 3 documents/);
    const again = cli('index', 'add', '--index', index, join(folder, '..', 'same'), join(folder, '1.txt'));
    expect(again.stdout).toMatch(/^added 0, unchanged 4; .* holds 3 documents/);
  });

  it('names the best source match with --index', () => {
    const originals = join(dir, 'originals');
    mkdirSync(originals, { recursive: true });
    const original = SEED_TEXT.replace(/[\s\S]*?(President)/, '$1');
    writeFileSync(join(originals, 'a.txt'), original);
    writeFileSync(join(originals, 'b.txt'), CLEAN.join('\n\n'));
    const index = join(dir, 'refs.db');
    expect(cli('index', 'add', '--index', index, originals).status).toBe(0);
    const out = rows(cli('scan', '--workers', '1', '--no-model', '--index', index, SEED).stdout);
    expect(out[0].source).toMatchObject({ id: realpathSync(join(originals, 'a.txt')) });
  });
});

describe.skipIf(!hasShared)('the public BBC and Reuters sets, read completely', () => {
  it('index add and scan read 2,225 BBC articles (the windows-1252 one included, README.TXT not) and 19,043 Reuters records', () => {
    const bbc = join(SHARED_DATA, 'bbc-news', 'bbc');
    const reuters = join(SHARED_DATA, 'reuters-21578');
    const index = join(dir, 'public.db');
    const added = cli('index', 'add', '--index', index, '--no-progress', bbc);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^added 2,225, skipped 1; .* holds 2,225 documents/);
    expect(added.stderr).toMatch(/skipped .*README\.TXT: not an article/);
    const addedReuters = cli('index', 'add', '--index', index, '--no-progress', reuters);
    expect(addedReuters.status, addedReuters.stderr).toBe(0);
    expect(addedReuters.stdout).toMatch(/^added 19,043, skipped 2,536; .* holds 21,268 documents/);

    const out = join(dir, 'public.jsonl');
    const scanned = cli('scan', '--workers', '1', '--no-model', '--no-progress', bbc, reuters, '-o', out);
    expect(scanned.status === 0 || scanned.status === 1, scanned.stderr).toBe(true);
    expect(scanned.stderr).toMatch(/^scanned 21,268 documents .*; errors 0;/m);
    const ids = rows(readFileSync(out, 'utf8')).map((r) => r.id as string);
    expect(ids).toHaveLength(21_268);
    expect(new Set(ids).size).toBe(21_268);
    expect(ids).toContain(realpathSync(join(bbc, 'sport', '199.txt')));
    expect(ids.some((id) => /README/i.test(id))).toBe(false);
  }, 600_000);
});
