/** Learning a farm's dictionary: substitutions from aligned pairs, a lexicon check uses, noise filtered. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSubstitutions, SubstitutionLearner } from '../../src/learn/index.js';
import { loadLexiconFile } from '../../src/lexicon/index.js';
import type { Lexicon, LexiconEntry } from '../../src/lexicon/index.js';
import { BIN, hasShared, REPO, SEED } from '../helpers/shared.js';
import { seedOriginal } from '../trace/helpers.js';

const data = hasShared ? await import('../../tools/corpora.js') : undefined;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'unspin-learn-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const entry = (lexicon: Lexicon, phrase: string): LexiconEntry | undefined => lexicon.entries.find((e) => e.phrase === phrase);

describe('substitutions of one pair', () => {
  it('takes multiword changes whole on both sides, and leaves figures and function words out', () => {
    const found = extractSubstitutions(
      'The Cold War ended two years ago. Officials said on Monday that a firm deal would follow.',
      'The Chilly Warfare ended 2 years in the past. Officials mentioned on Monday that an unfaltering deal would follow.',
    );
    const pairs = found.map((s) => [s.spun, s.original]);
    expect(pairs).toContainEqual(['chilly warfare', 'cold war']);
    expect(pairs).toContainEqual(['in the past', 'ago']);
    expect(pairs).toContainEqual(['mentioned', 'said']);
    // The article that changed with the word after it ("a" → "an") is trimmed off both sides.
    expect(pairs).toContainEqual(['unfaltering', 'firm']);
    // Neighbouring substitutions are learned whole and word by word.
    const merged = extractSubstitutions('The military said so.', 'The navy mentioned so.').map((x) => [x.spun, x.original]);
    expect(merged).toEqual([['navy mentioned', 'military said'], ['navy', 'military'], ['mentioned', 'said']]);
    // "2" for "two" is a figure and "a" for "the" a function word: neither belongs in a lexicon.
    expect(pairs.some(([spun]) => spun === '2' || spun === 'a')).toBe(false);
    // A change that runs into a rewrite longer than four words is not a substitution.
    expect(extractSubstitutions('He left early.', 'He was obliged to depart from the premises rather early.').map((s) => s.spun)).not.toContain('was obliged to depart from the premises rather');
  });

  it('counts across pairs: ordinary words are weak, odd words and phrases strong, what the originals also say is dropped', () => {
    const learner = new SubstitutionLearner();
    learner.addPair('The military said the talks would go on.', 'The navy mentioned the talks would go on.');
    learner.addPair('Officials said the Cold War was over.', 'Officials mentioned the Chilly Warfare was over.');
    learner.addPair('The Cold War shaped the military.', 'The Chilly Warfare shaped the navy.');
    learner.addPair('A firm deal.', 'An unfaltering deal.');
    learner.addPair('The firm ruling.', 'The unfaltering ruling.');
    learner.addPair('The army marched.', 'The military marched.');
    learner.addPair('Some reeds grew.', 'Some bulrushes grew.');
    const lexicon = learner.lexicon({ id: 'farm' });
    expect(entry(lexicon, 'chilly warfare')).toMatchObject({ expected: ['cold war'], tier: 'strong', count: 2, unless: ['cold war'] });
    expect(entry(lexicon, 'unfaltering')).toMatchObject({ expected: ['firm'], tier: 'strong', count: 2 });
    expect(entry(lexicon, 'mentioned')).toMatchObject({ expected: ['said'], tier: 'weak', count: 2, lowercase: true, unless: ['said'] });
    expect(entry(lexicon, 'navy')).toMatchObject({ tier: 'weak', count: 2 });
    // "military" for "army" was seen once, and the originals use "military" as often themselves.
    expect(entry(lexicon, 'military')).toBeUndefined();
    // Seen once: a common word is weak, an odd one strong; both with a modest confidence.
    expect(entry(lexicon, 'bulrushes')).toMatchObject({ tier: 'strong', count: 1, confidence: 0.5 });
    learner.addPair('The ship sailed.', 'The vessel sailed.');
    expect(entry(learner.lexicon(), 'vessel')).toMatchObject({ tier: 'weak', count: 1, confidence: 0.5, lowercase: true });
    for (const e of lexicon.entries) expect(e.confidence).toBeGreaterThan(0);
    expect(lexicon.entries.every((e) => e.confidence! <= 1)).toBe(true);
  });
});

describe('unspin learn', () => {
  it('learns the seed farm from a traced copy, and check --lexicon flags its phrases', () => {
    const original = seedOriginal(readFileSync(SEED, 'utf8'));
    writeFileSync(join(dir, 'original.txt'), original);
    const index = join(dir, 'refs.db');
    expect(cli('index', 'add', '--index', index, join(dir, 'original.txt')).status).toBe(0);
    const out = join(dir, 'seed-farm.json');
    const learned = cli('learn', '--index', index, '--out', out, '--id', 'seedfarm', SEED);
    expect(learned.status, learned.stderr).toBe(0);
    expect(learned.stderr).toMatch(/^unspin learn: \d+ entries \(\d+ strong, \d+ weak\) from 1 pairs written to /);
    const lexicon = loadLexiconFile(out);
    expect(lexicon.id).toBe('seedfarm');
    expect(entry(lexicon, 'chilly warfare')?.expected).toEqual(['cold war']);
    expect(entry(lexicon, 'navy')).toMatchObject({ expected: ['military'], count: expect.any(Number) });
    expect(entry(lexicon, 'navy')!.count!).toBeGreaterThanOrEqual(3);

    // The farm's next copy: a new text in its dictionary, with no source at hand.
    const next = join(dir, 'next-copy.txt');
    writeFileSync(next, 'The Chilly Warfare-era pact was signed in Moscow on Friday, officials said, and the satellite tv for pc agency confirmed it.\n');
    const run = cli('check', '--lexicon', out, '--no-default-lexicons', '--no-model', '--format', 'json', next);
    expect(run.status, run.stderr).not.toBe(2);
    const result = JSON.parse(run.stdout) as { findings: Array<{ actual: string; expected: string[]; source?: string }> };
    const flagged = new Map(result.findings.map((f) => [f.actual.toLowerCase(), f]));
    expect(flagged.get('chilly warfare')).toMatchObject({ expected: ['Cold War'], source: 'seedfarm' });
    // Ordinary words the farm also writes ("mentioned", "navy") are weak: not reported without strong evidence.
    expect(entry(lexicon, 'mentioned')).toMatchObject({ expected: ['said'], tier: 'weak' });
    expect([...flagged.keys()].some((k) => k.includes('said'))).toBe(false);
  });

  it.skipIf(!hasShared)('learns SpinBot substitutions from the MPC development pairs, and check flags them on the test half', () => {
    const pairs = join(dir, 'mpc-dev.jsonl');
    writeFileSync(pairs, data!.mpcPairs().filter((p) => p.split === 'dev').map((p) => JSON.stringify({ original: p.original, spun: p.spun })).join('\n') + '\n');
    const out = join(dir, 'spinbot.json');
    const learned = cli('learn', '--pairs', pairs, '-o', out);
    expect(learned.status, learned.stderr).toBe(0);
    const lexicon = loadLexiconFile(out);
    expect(lexicon.entries.length).toBeGreaterThan(200);
    // SpinBot's habits, as the pairs show them.
    expect(entry(lexicon, 'amusement')?.expected[0]).toBe('game');
    expect(entry(lexicon, 'amid')?.expected[0]).toBe('during');
    expect(entry(lexicon, 'month to month')).toMatchObject({ expected: ['monthly'], tier: 'strong' });
    expect(entry(lexicon, 'week by week')).toMatchObject({ expected: ['weekly'], tier: 'strong' });

    // On held-out SpinBot paragraphs (lines 101-200), the learned list finds substitutions the shipped lists do not.
    const test = data!.mpcPairs().filter((p) => p.split === 'test' && !p.identical);
    const files = test.map((p) => {
      const file = join(dir, `mpc-${p.line}.txt`);
      writeFileSync(file, p.spun);
      return file;
    });
    const findings = (run: { stdout: string }) => run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { findings: Array<{ source?: string }> }).findings);
    const a = findings(cli('check', '--lexicon', out, '--no-model', '--format', 'jsonl', ...files));
    const b = findings(cli('check', '--no-model', '--format', 'jsonl', ...files));
    expect(a).toHaveLength(test.length);
    const withLearned = a.reduce((sum, f) => sum + f.length, 0);
    const without = b.reduce((sum, f) => sum + f.length, 0);
    expect(a.flat().filter((f) => f.source === 'learned').length).toBeGreaterThan(0);
    expect(withLearned).toBeGreaterThan(without);
  });

  it('rejects a bad pairs file in one line naming the line', () => {
    const pairs = join(dir, 'bad-pairs.jsonl');
    writeFileSync(pairs, '{"original": "a b", "spun": "a c"}\n{"original": "only one side"}\n');
    const run = cli('learn', '--pairs', pairs, '-o', join(dir, 'x.json'));
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`unspin learn: ${pairs}:2: expected {"original": "...", "spun": "..."} with two strings`);
    expect(cli('learn', '-o', join(dir, 'x.json')).stderr).toMatch(/give either --pairs FILE\.jsonl or --index FILE/);
    expect(cli('learn', '--pairs', join(dir, 'none.jsonl')).stderr).toMatch(/none\.jsonl: no such file or directory/);
  });
});
