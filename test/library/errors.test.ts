/**
 * The library's public functions meet every misuse with an `UnspinError`
 * that has a code (never a raw TypeError), under the CLI's and the server's
 * rules: wrong kinds and out-of-range numbers are `usage`, empty text is
 * `input-empty`, bytes are read like a file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check, createChecker, restore, UnspinError } from '../../src/index.js';
import { SEED } from '../helpers/shared.js';

const seed = readFileSync(SEED, 'utf8');
const lexiconsOnly = createChecker({ model: false });

/** Runs `fn` and returns the UnspinError it throws (failing when it throws something else, or nothing). */
function thrown(fn: () => unknown): UnspinError {
  try {
    fn();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(UnspinError);
    const message = (error as UnspinError).message;
    expect(message).not.toMatch(/\n/);
    return error as UnspinError;
  }
  throw new Error('expected an UnspinError, but nothing was thrown');
}

describe('check(input, options)', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an empty object', {}],
    ['an array', [seed]],
    ['{text: number}', { text: 5 }],
    ['{html: null}', { html: null }],
    ['both text and html', { text: 'a', html: '<p>a</p>' }],
    ['{text, excluded: 3}', { text: 'a', excluded: 3 }],
    ['{text, excluded: [{start: 0, end: 9}]} past the end', { text: 'a', excluded: [{ start: 0, end: 9 }] }],
  ])('refuses %s as input with code usage', (_what, input) => {
    const error = thrown(() => check(input as never));
    expect(error.code).toBe('usage');
    expect(error.message).toMatch(/^input(\.\w+)?(\[\d+\])? must/);
  });

  it.each([
    ['null', null],
    ['a string', 'page-17'],
    ['{name: 5}', { name: 5 }],
    ["{kind: 'pdf'}", { kind: 'pdf' }],
    ['{signal: true}', { signal: true }],
  ])('refuses %s as options with code usage', (_what, options) => {
    expect(thrown(() => check(seed, options as never)).code).toBe('usage');
  });

  it("refuses empty text as the CLI and the server do: input-empty", () => {
    for (const input of ['', '  \n\t ', { text: '' }, { html: '' }, Buffer.alloc(0)]) {
      expect(thrown(() => lexiconsOnly.check(input as never)).code, JSON.stringify(input)).toBe('input-empty');
    }
    expect(thrown(() => restore('')).code).toBe('input-empty');
  });

  it('reads a Buffer like a file: strict UTF-8, the same result as the string, binary and bad bytes refused', () => {
    const fromBytes = lexiconsOnly.check(readFileSync(SEED), { name: 'seed' });
    const fromText = lexiconsOnly.check(seed, { name: 'seed' });
    expect(fromBytes.findings).toEqual(fromText.findings);
    expect(fromBytes.verdict).toEqual(fromText.verdict);
    expect(thrown(() => lexiconsOnly.check(Buffer.from([0x55, 0x6e, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x2e]))).code).toBe('input-encoding');
    expect(thrown(() => lexiconsOnly.check(Buffer.from('%PDF-1.7\n%\xff\xff\n1 0 obj', 'latin1'))).code).toBe('input-binary');
  });

  it('stops between stages with code cancelled when its signal is aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(thrown(() => lexiconsOnly.check(seed, { signal: controller.signal })).code).toBe('cancelled');
    // A signal that turns during the check (as the server's threads see one) stops it at the next boundary.
    let reads = 0;
    const turning = { get aborted() { return ++reads > 2; } };
    expect(thrown(() => lexiconsOnly.check(seed, { signal: turning })).code).toBe('cancelled');
    expect(lexiconsOnly.check(seed, { signal: new AbortController().signal }).verdict.spun).toBe(true);
  });
});

describe('createChecker(options)', () => {
  it.each([
    ['lexicons: 5', { lexicons: 5 }],
    ["lexicons: 'farm.json'", { lexicons: 'farm.json' }],
    ['lexicons: [5]', { lexicons: [5] }],
    ['lexicons: [null]', { lexicons: [null] }],
    ["model: 'yes'", { model: 'yes' }],
    ['defaultLexicons: 0', { defaultLexicons: 0 }],
    ['threshold: 2', { threshold: 2 }],
    ['threshold: -0.1', { threshold: -0.1 }],
    ['threshold: NaN', { threshold: Number.NaN }],
    ['threshold: Infinity', { threshold: Number.POSITIVE_INFINITY }],
    ["threshold: '0.5'", { threshold: '0.5' }],
    ['null', null],
    ['a string', 'model'],
  ])('refuses %s with code usage (as the CLI refuses a bad flag)', (_what, options) => {
    expect(thrown(() => createChecker(options as never)).code).toBe('usage');
  });

  it('names the threshold rule as --threshold does', () => {
    expect(thrown(() => createChecker({ threshold: 2 })).message).toMatch(/threshold must be a number between 0 and 1 \(got 2\)/);
    expect(thrown(() => createChecker({ threshold: Number.NaN })).message).toMatch(/\(got NaN\)/);
  });

  it('refuses a malformed lexicon object with code lexicon-invalid, naming what is wrong', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /"id" must be a non-empty string/],
      [{ id: 'farm' }, /lexicon farm: "entries" must be a list/],
      [{ id: 'farm', entries: 5 }, /"entries" must be a list/],
      [{ id: 'farm', entries: [7] }, /entry 1 must be an object/],
      [{ id: 'farm', entries: [{ phrase: 'chilly warfare', expected: 'cold war', tier: 'strong' }] }, /entry 1: "expected" must be a list of strings/],
      [{ id: 'farm', entries: [{ phrase: 'chilly warfare', expected: ['cold war'] }] }, /entry 1: "tier" must be "strong" or "weak"/],
      [{ id: 'farm', entries: [{ phrase: 3, expected: ['cold war'], tier: 'strong' }] }, /phrase must be a string/],
      [{ id: 'farm', entries: [], allow: 'x' }, /"allow" must be a list of strings/],
    ];
    for (const [lexicon, message] of cases) {
      const error = thrown(() => createChecker({ model: false, lexicons: [lexicon as never] }));
      expect(error.code, JSON.stringify(lexicon)).toBe('lexicon-invalid');
      expect(error.message).toMatch(message);
    }
  });

  it('takes a well-formed lexicon object (allow and the provenance fields may be left out)', () => {
    const farm = { id: 'farm', entries: [{ phrase: 'bright drinking water', expected: ['clean water'], tier: 'strong' as const }] };
    const checker = createChecker({ model: false, defaultLexicons: false, lexicons: [farm as never] });
    const result = checker.check('The village finally has bright drinking water.');
    expect(result.findings.map((f) => [f.actual, f.expected[0], f.source])).toEqual([['bright drinking water', 'clean water', 'farm']]);
  });

  it('a file path that does not exist is lexicon-invalid, in one line', () => {
    expect(thrown(() => createChecker({ model: false, lexicons: ['/nonexistent/farm.json'] })).code).toBe('lexicon-invalid');
  });
});
