import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileLexicons, loadLexiconFile, type LexiconEntry } from '../../src/lexicon/index.js';
import { phraseTokens } from '../../src/lexicon/phrase.js';
import { tokenize, TokenKind } from '../../src/text/tokenize.js';
import { isPpsTestPhrase, ppsPairs, reutersDocuments } from '../../tools/corpora.js';
import { hasShared, REPO, SHARED_DATA } from '../helpers/shared.js';

const PPS_FILE = join(REPO, 'data', 'lexicon', 'pps.tsv');
const pps = loadLexiconFile(PPS_FILE);
const keyOf = (phrase: string): string => {
  const parsed = phraseTokens(phrase, { anyStart: true });
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.key;
};

describe('shipped PPS list', () => {
  it('attributes the PPS authors and states the licence', () => {
    expect(pps.id).toBe('pps');
    for (const part of ['Cabanac', 'Labbé', 'Magazinov', 'arXiv:2107.06751', 'torturedcheck', 'training split only']) expect(pps.source).toContain(part);
    expect(pps.licence).toContain('CC BY 4.0');
  });

  it('contains no test-split phrase (the split rule re-applied to every shipped entry)', () => {
    expect(pps.entries.length).toBeGreaterThan(5000);
    const leaked = pps.entries.filter((e) => isPpsTestPhrase(e.phrase));
    expect(leaked.map((e) => e.phrase)).toEqual([]);
  });

  it.skipIf(!hasShared)('contains no phrase of the full PPS test split, in entries or allow rows (cross-check with the public list)', () => {
    const pairs = ppsPairs();
    const test = new Set(pairs.filter((p) => p.split === 'test').map((p) => keyOf(p.tortured)));
    expect(test.size).toBeGreaterThan(1000);
    expect(pps.entries.filter((e) => test.has(keyOf(e.phrase))).map((e) => e.phrase)).toEqual([]);
    expect(pps.allow.filter((a) => test.has(keyOf(a)))).toEqual([]);
    // Every entry traces back to a training pair (possibly without its bracketed acronym).
    const train = new Map(pairs.filter((p) => p.split === 'train').map((p) => [keyOf(p.tortured), p]));
    const orphans = pps.entries.filter((e) => !train.has(keyOf(e.phrase)) && ![...train.keys()].some((k) => k.startsWith(`${keyOf(e.phrase)} (`)));
    expect(orphans.map((e) => e.phrase)).toEqual([]);
  });

  it('has no entry whose correction is the phrase itself (PPS listed "hidden markov model" → "hidden markov model")', () => {
    const identical = pps.entries.filter((e) => e.expected.some((x) => x.toLowerCase() === e.phrase.toLowerCase()));
    expect(identical.map((e) => e.phrase)).toEqual([]);
    expect(pps.allow).toContain('hidden markov model');
  });

  it('allows the ordinary terms the list restores to', () => {
    for (const term of ['machine learning', 'deep learning', 'artificial intelligence', 'neural network', 'big data']) expect(pps.allow).toContain(term);
    const entries = new Set(pps.entries.map((e) => keyOf(e.phrase)));
    expect(pps.allow.filter((a) => entries.has(keyOf(a)))).toEqual([]);
  });

  it('flags a paper-mill sentence with the right originals, and not its original wording', () => {
    // Tortured phrases picked from the shipped (training) list, not written here.
    const plain = (e: LexiconEntry) => !e.requires && !e.unless && !e.prev && !e.next && !e.notPrev && !e.notNext && !e.lowercase;
    const pick = (expected: string) => {
      const entry = pps.entries.filter((e) => plain(e) && e.expected[0] === expected).sort((a, b) => (b.count ?? 0) - (a.count ?? 0))[0];
      if (!entry) throw new Error(`no shipped entry restores to ${expected}`);
      return entry;
    };
    const targets = ['artificial intelligence', 'deep learning', 'neural network', 'big data', 'image recognition'];
    const chosen = targets.map(pick);
    const sentence = (words: string[]) =>
      `In this paper we use ${words[0]} and ${words[1]} to train a ${words[2]} on ${words[3]} collected from hospitals, improving ${words[4]}.`;

    const spun = sentence(chosen.map((e) => e.phrase));
    const tokens = tokenize(spun);
    const matcher = compileLexicons([pps]);
    const hits = matcher.match(tokens);
    expect(hits.map((h) => spun.slice(tokens.starts[h.first], tokens.ends[h.last]).toLowerCase())).toEqual(chosen.map((e) => e.phrase));
    expect(hits.map((h) => h.entry.expected[0])).toEqual(targets);
    expect(hits.every((h) => h.lexicon.id === 'pps' && h.entry.tier === 'strong')).toBe(true);

    expect(matcher.match(tokenize(sentence(targets)))).toEqual([]);
  });

  it('ships an AND fingerprint as its tortured phrases with their context rule, never a context term alone', () => {
    const matcher = compileLexicons([pps]);
    const found = (text: string) => {
      const tokens = tokenize(text);
      return matcher.match(tokens).map((h) => `${text.slice(tokens.starts[h.first], tokens.ends[h.last])} → ${h.entry.expected[0]}`);
    };
    // PPS: "differential condition" AND "second request" → "differential equation AND 2nd order".
    expect(found('The regulator issued a second request for information.')).toEqual([]);
    expect(found('The first request was denied, and a second request followed in March.')).toEqual([]);
    expect(found('We solve the second request differential condition with a shooting method.')).toEqual([
      'second request → 2nd order',
      'differential condition → differential equation',
    ]);
    // No expected phrase carries the other phrase's original with it ("differential equation and 2nd order").
    expect(pps.entries.filter((e) => e.expected.some((x) => /\bdifferential equation and\b/.test(x))).map((e) => e.phrase)).toEqual([]);
  });

  it.skipIf(!hasShared)('has no context term of a PPS AND fingerprint as an entry without a context rule', () => {
    const rows = readFileSync(join(SHARED_DATA, 'pps-tortured-phrases', 'pps_pairs_parsed.tsv'), 'utf8').split('\n').slice(1).map((line) => line.split('\t'));
    const heads = new Set(rows.map((cells) => cells[0]!.trim().toLowerCase()));
    const contextOnly = new Set(rows.flatMap((cells) => (cells[3] ?? '').split('|')).map((t) => t.trim().toLowerCase()).filter((t) => t !== '' && !heads.has(t)));
    expect(contextOnly.size).toBeGreaterThan(100);
    const standalone = pps.entries.filter((e) => contextOnly.has(e.phrase) && !e.requires);
    expect(standalone.map((e) => e.phrase)).toEqual([]);
  });

  it.skipIf(!hasShared)('stays quiet on clean news (Reuters development split)', () => {
    const matcher = compileLexicons([pps]);
    let words = 0;
    let hits = 0;
    for (const doc of reutersDocuments()) {
      if (doc.split !== 'dev') continue;
      const tokens = tokenize(`${doc.title}\n\n${doc.body}`);
      for (let i = 0; i < tokens.count; i++) if (tokens.kinds[i] === TokenKind.Word) words++;
      hits += matcher.match(tokens).length;
    }
    console.log(`[lexicon] PPS list over Reuters dev: ${hits} hits in ${words} words = ${((hits / words) * 1000).toFixed(4)} per 1,000 words`);
    expect(words).toBeGreaterThan(1_000_000);
    expect((hits / words) * 1000).toBeLessThan(0.01);
  }, 120_000);

  it.skipIf(!hasShared)('is exactly what scripts/build-lexicon.ts builds from the public data', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(REPO, 'scripts', 'build-lexicon.ts'), '--check'], { cwd: REPO, encoding: 'utf8' });
    expect(out).toContain('is up to date');
  }, 180_000);
});
