/**
 * Decisions that hold in any domain (issue 9 item 2): terms of art, names and
 * the document's topic are the writer's own words; the news list's weak
 * entries speak only in news.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptWeakHits, isNewsRegister } from '../../src/detect/consistency.js';
import { createChecker } from '../../src/index.js';
import { compileDefaultLexicons } from '../../src/lexicon/index.js';
import { loadTechnicalTerms, TechnicalTerms, termKey } from '../../src/model/technical.js';
import { DocumentVocabulary, sameFamily, stemOf } from '../../src/model/vocabulary.js';
import { TokenKind, tokenize, tokenNorm } from '../../src/text/tokenize.js';
import { hasShared, SEED, SHARED_DATA } from '../helpers/shared.js';

function termsOf(...terms: string[]): TechnicalTerms {
  const keys = terms.map((term) => {
    const tokens = tokenize(term);
    const hashes: number[] = [];
    for (let i = 0; i < tokens.count; i++) if (tokens.kinds[i] === TokenKind.Word) hashes.push(tokens.hashes[i]!);
    return termKey(hashes, 0, hashes.length);
  });
  return new TechnicalTerms(Uint32Array.from(keys.sort((a, b) => a - b)));
}

/** The words of `text` with their marks, for reading. */
function marked(text: string, terms: TechnicalTerms): string[] {
  const tokens = tokenize(text);
  const marks = terms.mark(tokens);
  const out: string[] = [];
  for (let i = 0; i < tokens.count; i++) if (marks[i]) out.push(`${tokenNorm(tokens, i)}:${marks[i]}`);
  return out;
}

describe('terms of art', () => {
  it('marks a known term as written, longest first, hyphens transparent, never across a line or a mark', () => {
    const terms = termsOf('depth of field', 'field', 'fine-grained categorization', 'clitoris');
    expect(marked('The Depth of Field of a lens, and the field.', terms)).toEqual(['depth:2', 'of:2', 'field:2', 'field:1']);
    expect(marked('fine grained categorization; fine-grained categorization', terms)).toEqual([
      'fine:2', 'grained:2', 'categorization:2', 'fine:2', 'grained:2', 'categorization:2',
    ]);
    expect(marked('depth of\nfield, depth of, field', terms)).toEqual(['field:1', 'field:1']);
    expect(marked('clitoral and clitoris', terms)).toEqual(['clitoris:1']);
  });

  it('ships FOLDOC, MeSH and keyphrase terms, and not the ordinary words of keyphrase lists', () => {
    const shipped = loadTechnicalTerms();
    expect(shipped).not.toBeNull();
    expect(shipped!.size).toBeGreaterThan(40_000);
    const words = marked('with forward error correction, breast neoplasms, a hostile takeover utilized', shipped!);
    expect(words).toEqual(expect.arrayContaining(['forward:2', 'error:2', 'correction:2', 'breast:2', 'neoplasms:2']));
    expect(words.some((w) => w.startsWith('utilized') || w.startsWith('hostile:1'))).toBe(false);
  });
});

describe('the document vocabulary', () => {
  const vocabularyOf = (text: string) => {
    const tokens = tokenize(text);
    return new DocumentVocabulary(tokens, (i) => tokenNorm(tokens, i), stemOf);
  };

  it('reads relatives by stem and by a shared stem up to the last letter', () => {
    expect(sameFamily(stemOf('clitoris'), stemOf('clitoral'))).toBe(true);
    expect(sameFamily(stemOf('embryo'), stemOf('embryonic'))).toBe(true);
    expect(sameFamily(stemOf('electricity'), stemOf('electrical'))).toBe(true);
    expect(sameFamily(stemOf('control'), stemOf('contract'))).toBe(false);
    expect(sameFamily(stemOf('form'), stemOf('formula'))).toBe(false);
  });

  it('takes a word family in the title, or recurring in several forms, as the topic', () => {
    const text = 'Clitoris\n\nThe clitoral hood covers the glans. A mare and two mares grazed; a mare foaled. The pipe, the pipe and the pipe.';
    const vocabulary = vocabularyOf(text);
    expect(vocabulary.isTopic(stemOf('clitoris'))).toBe(true);
    expect(vocabulary.isTopic(stemOf('clitoral'))).toBe(true);
    expect(vocabulary.isTopic(stemOf('mares'))).toBe(true);
    // Repeated in one form only: a farm's consistent substitution looks the same.
    expect(vocabulary.isTopic(stemOf('pipe'))).toBe(false);
    expect(vocabulary.isTopic(stemOf('hood'))).toBe(false);
  });

  it('does not read a first line that is a sentence as a title', () => {
    const vocabulary = vocabularyOf('The clitoris is an organ.\n\nIt is small.');
    expect(vocabulary.isTopic(stemOf('organ'))).toBe(false);
  });
});

describe('weak news entries need news', () => {
  const lexicon = compileDefaultLexicons();
  const encyclopedic =
    'The elements of a group act on the set. Each function maps the objects of one category to those of another, and the parts of a ' +
    'diagram commute. A functor preserves the structure; its elements are morphisms.';

  it('reads reporting clauses as the news register', () => {
    const seed = tokenize(readFileSync(SEED, 'utf8'));
    expect(isNewsRegister(seed, new Uint8Array(seed.count))).toBe(true);
    const tokens = tokenize(encyclopedic);
    expect(isNewsRegister(tokens, new Uint8Array(tokens.count))).toBe(false);
  });

  it('keeps "elements", "function" and "objects" quiet in an encyclopedic text, and lets them speak in news', () => {
    const tokens = tokenize(encyclopedic);
    const skip = new Uint8Array(tokens.count);
    const hits = lexicon.match(tokens, skip);
    expect(hits.filter((h) => h.entry.tier === 'weak').map((h) => h.entry.phrase)).toEqual(expect.arrayContaining(['elements', 'function', 'objects']));
    expect(acceptWeakHits(tokens, skip, hits)).toEqual([]);
    const news = tokenize(`${encyclopedic} The minister said so, officials said, and a spokesman told reporters, he said.`);
    const newsSkip = new Uint8Array(news.count);
    const accepted = acceptWeakHits(news, newsSkip, lexicon.match(news, newsSkip)).map((h) => h.entry.phrase);
    expect(accepted).toEqual(expect.arrayContaining(['elements', 'function', 'objects']));
  });

  it('reads a comma splice with "however" as the writer\'s English, and as a farm\'s "but" on a farm\'s page', () => {
    // A Wikinews development article's sentence: no farm, and the page says "but" too.
    const clean = 'Firefighters attempted to fight the fire with hand-held extinguishers, however the aircraft was mostly destroyed. ' +
      'The airline said the crew escaped, but two passengers were injured.';
    expect(createChecker().check(clean).findings.map((f) => f.actual)).toEqual([]);
    const seed = createChecker().check(readFileSync(SEED, 'utf8'));
    expect(seed.findings.filter((f) => f.actual === 'however').length).toBeGreaterThanOrEqual(3);
  });
});

describe.skipIf(!hasShared)('names and clean text', () => {
  const checker = createChecker();

  it('never rewrites a name: "Star Wars: Battlefront" stays as written (bbc/tech/125)', () => {
    const text = readFileSync(join(SHARED_DATA, 'bbc-news', 'bbc', 'tech', '125.txt'), 'utf8');
    const result = checker.check({ text });
    const names = result.findings.filter((f) => f.rule === 'model' && /\p{Lu}/u.test(f.actual) && /[a-z,;] $/.test(text.slice(Math.max(0, f.start - 2), f.start)));
    expect(names.map((f) => f.actual)).toEqual([]);
    expect(result.restored).toContain('Star Wars: Battlefront');
    expect(result.findings.some((f) => /Battlefront|Star|Wars/.test(f.actual))).toBe(false);
  });

  it('leaves the seed page\'s findings precise (a name or a topic is no substitution there either)', () => {
    const result = checker.check({ text: readFileSync(SEED, 'utf8') });
    expect(result.verdict.spun).toBe(true);
    expect(result.findings.length).toBeGreaterThan(200);
    expect(result.findings.some((f) => f.actual === 'Putin' || f.actual === 'Moscow')).toBe(false);
  });
});

describe('a tortured term read with little confidence needs company on a page', () => {
  const checker = createChecker();
  const said = (text: string) => checker.check(text).findings.map((f) => `${f.actual} → ${f.expected[0]}`);
  // An abstract of the kind the clean science development split holds: "arbitrary thickness" is the writer's phrase.
  const abstract = (method: string) =>
    `Coaxial cables with several inner conductors are analysed with a ${method} method. The conductors sit inside external shields, and the ` +
    'effect of metallic diaphragms of arbitrary thickness, partially separating the inner conductors, is also studied. Field distributions, ' +
    'characteristic impedances and coupling coefficients are computed for a range of geometries, and the results agree with measurements on ' +
    'two prototypes built for the purpose.';

  it('is quiet when it stands alone on a page', () => {
    expect(said(abstract('mode-matching'))).toEqual([]);
  });

  it('speaks beside another tortured phrase, and in a phrase checked on its own', () => {
    expect(said(abstract('profound learning'))).toEqual(expect.arrayContaining(['arbitrary thickness → random density']));
    expect(said('arbitrary thickness')).toEqual(['arbitrary thickness → random density']);
  });
});

describe('an entry that adds a word to its original', () => {
  const checker = createChecker();
  it('is the writer\'s phrase where the added word is the topic, and the farm\'s artefact elsewhere', () => {
    const article =
      'The Greek language has been spoken in the Balkan peninsula since the third millennium BC. In the modern era, the Greek language ' +
      'entered a state of diglossia, and the two forms of the language competed for a century. Among the Indo-European languages, its ' +
      'written record is one of the longest.';
    expect(checker.check(article).findings.map((f) => f.actual)).toEqual([]);
    // The same sentence where "language" is not the page's topic: the farm's "Greek" → "Greek language".
    const news = 'The Greek language government said on Monday it would raise taxes. Officials said the plan was final.';
    expect(checker.check(news).findings.map((f) => f.actual)).toContain('Greek language');
    const seed = checker.check(readFileSync(SEED, 'utf8'));
    expect(seed.findings.filter((f) => f.actual === 'Chinese language').length).toBeGreaterThanOrEqual(8);
  });
});
