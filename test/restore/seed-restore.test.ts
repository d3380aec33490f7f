import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check, createChecker } from '../../src/index.js';
import { chooseRestorations, isStemRelative, RESTORE_FROM } from '../../src/restore/index.js';
import type { Finding } from '../../src/types.js';
import { BIN, SEED } from '../helpers/shared.js';

const page = readFileSync(SEED, 'utf8');

describe('restorations that read as English, on the seed page', () => {
  const result = check(page, { name: 'seed' });
  const restored = result.restored;

  it('leaves a right phrase alone or restores it right, never into a wrong word', () => {
    // "Xi has been unwilling to lean on Putin": the writer's phrasal verb, not "angle".
    expect(restored).toContain('unwilling to lean on Putin');
    // "pour onto the battlefields of Ukraine": "battle" and "fields" are pieces of the word, not its original.
    expect(restored).toContain('pour onto the battlefields of Ukraine');
    // "a readout published by the Kremlin": "printed" was the farm's, "readout" the writer's.
    expect(restored).toContain('a readout published on Sunday by the Kremlin');
    // "the principles of non-alignment": no "neutrality".
    expect(restored).toContain('principles of non-alignment and non-confrontation');
    // "can handle and management the exports": a noun ("leadership") does not go where a verb does.
    expect(restored).not.toContain('leadership the exports');
    expect(restored).toMatch(/can (?:handle|manage) and (?:management|control) the exports/);
    // "your strategic management" → leadership, where a noun goes, is still restored.
    expect(restored).toContain('“Under your strategic leadership');
  });

  it('still restores the farm’s substitutions around them', () => {
    expect(restored).toContain('the Cold War-era military and political alliances');
    expect(restored).toContain('“We have a really strong relationship');
  });
});

describe('chooseRestorations', () => {
  const text = 'They can handle and management the exports under his management, he mentioned.';
  const at = (phrase: string, from = 0) => text.indexOf(phrase, from);
  const finding = (start: number, actual: string, expected: string[], rule = 'lexicon', confidence = 0.75): Finding =>
    ({ start, end: start + actual.length, actual, expected, confidence, rule });

  it('prefers candidates that fit the slot and leaves the span alone when none does', () => {
    const verbSlot = finding(at('management'), 'management', ['leadership']);
    const nounSlot = finding(at('management', at('management') + 1), 'management', ['leadership']);
    // A judge that knows English avoids "leadership the".
    const avoided = (left: string, right: string) => left === 'leadership' && right === 'the';
    const [v, n] = chooseRestorations(text, [verbSlot, nounSlot], avoided);
    expect(v!.restore).toBe(false);
    expect(n!.restore).toBeUndefined();
    const both = chooseRestorations(text, [finding(at('management'), 'management', ['leadership', 'control'])], avoided);
    expect(both[0]!.expected).toEqual(['control', 'leadership']);
    expect(both[0]!.restore).toBeUndefined();
  });

  it('rewrites a model suggestion only from the restoration bar', () => {
    const said = at('mentioned');
    const low = { ...finding(said, 'mentioned', ['said'], 'model', RESTORE_FROM - 0.05), source: 'context' };
    const high = { ...finding(said, 'mentioned', ['said'], 'model', RESTORE_FROM + 0.05), source: 'context' };
    expect(chooseRestorations(text, [low, high], null).map((f) => f.restore)).toEqual([false, undefined]);
    const checker = createChecker({ model: false });
    expect(checker.check(text).restored).toBe(text);
  });

  it('knows a piece or form of the written word is no synonym', () => {
    expect(['battle', 'fields', 'battlegrounds'].map((c) => isStemRelative('battlefields', c))).toEqual([true, true, true]);
    expect(['reading', 'read', 'indicator'].map((c) => isStemRelative('readout', c))).toEqual([true, true, false]);
    expect(['said', 'military', 'support'].map((c) => isStemRelative(c === 'said' ? 'mentioned' : c === 'military' ? 'navy' : 'backing', c))).toEqual([false, false, false]);
  });
});

describe('the writer’s capitals, end to end', () => {
  it('restores only the replaced words (`unspin check -`)', () => {
    const input = 'Chilly warfare returns, the protection minister mentioned. “We’ve a plan,” he mentioned.';
    const run = spawnSync(process.execPath, [BIN, 'check', '-', '--format', 'json'], { input, encoding: 'utf8' });
    expect(run.status === 0 || run.status === 1).toBe(true);
    const out = JSON.parse(run.stdout) as { restored: string };
    expect(out.restored).not.toContain('We Have');
    expect(out.restored.startsWith('Cold war returns, the defense minister')).toBe(true);
  });
});
