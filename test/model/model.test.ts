import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnspinError } from '../../src/errors.js';
import { decodeSections, encodeSections, type SectionArray } from '../../src/model/format.js';
import { DEFAULT_MODEL_PATH, loadDefaultModel, loadModel, StatisticalModel } from '../../src/model/index.js';
import { candidatesOf, idOf, wordOf } from '../../src/model/model.js';
import { findSlot } from '../../src/model/hashtable.js';
import { phraseKey } from '../../src/model/phrases.js';
import { tokenize } from '../../src/text/tokenize.js';
import { hasShared } from '../helpers/shared.js';

const model = loadDefaultModel() as StatisticalModel;

describe('model file', () => {
  it('round-trips named typed arrays', () => {
    const sections = new Map<string, SectionArray>([
      ['a.u32', Uint32Array.from([0, 1, 0xffffffff, 42])],
      ['b.f32', Float32Array.from([Math.PI, -1.5, 0])],
      ['c.u8', Uint8Array.from([1, 2, 3])],
      ['d.empty', new Int16Array(0)],
      ['e.i8', Int8Array.from([-128, 127, 0, 5, 9])],
    ]);
    const decoded = decodeSections(encodeSections(sections), 'test');
    expect([...decoded.keys()]).toEqual([...sections.keys()]);
    for (const [name, array] of sections) {
      const back = decoded.get(name)!;
      expect(back.constructor).toBe(array.constructor);
      expect(Array.from(back)).toEqual(Array.from(array));
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'unspin-model-'));
  const image = readFileSync(DEFAULT_MODEL_PATH);

  const expectInvalid = (path: string, verify = false) => {
    let error: unknown;
    try {
      loadModel(path, { verify });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnspinError);
    expect((error as UnspinError).code).toBe('model-invalid');
    expect((error as UnspinError).message).not.toContain('\n');
    expect((error as UnspinError).message).toContain(path);
  };

  it('refuses a file with one damaged byte when asked to verify it (the checksum is a pass over every byte)', () => {
    const damaged = Buffer.from(image);
    damaged[Math.floor(damaged.length / 2)]! ^= 0x40;
    const path = join(dir, 'damaged.bin');
    writeFileSync(path, damaged);
    expectInvalid(path, true);
    // The shipped file itself passes the full check.
    expect(loadModel(DEFAULT_MODEL_PATH, { verify: true })).toBeInstanceOf(StatisticalModel);
  });

  it('refuses a damaged section table on every load, without the checksum', () => {
    const damaged = Buffer.from(image);
    // The first section's offset points past the end of the file.
    damaged.writeUInt32LE(damaged.length + 8, 24 + 16);
    const path = join(dir, 'table.bin');
    writeFileSync(path, damaged);
    expectInvalid(path);
  });

  it('refuses a truncated file, a foreign file and an empty one', () => {
    for (const [name, bytes] of [
      ['truncated.bin', image.subarray(0, image.length - 1000)],
      ['foreign.bin', Buffer.from('{"not": "a model"}')],
      ['empty.bin', Buffer.alloc(0)],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      expectInvalid(path);
    }
  });

  it('says which file is missing', () => expectInvalid(join(dir, 'absent.bin')));
});

describe('shipped model', () => {
  it('loads', () => {
    expect(model).toBeInstanceOf(StatisticalModel);
    expect(loadDefaultModel()).toBe(model);
  });

  it('reads thesaurus relations backwards: written word → the originals a spinner started from', () => {
    // PPDB: cold → chilly, war → warfare; MyThes: find → discover, carried over to "-ing" forms.
    expect(candidatesOf(model.data, 'chilly')).toContain('cold');
    expect(candidatesOf(model.data, 'warfare')).toContain('war');
    expect(candidatesOf(model.data, 'mentioned')).toContain('said');
    expect(candidatesOf(model.data, 'navy')).toContain('naval');
    expect(candidatesOf(model.data, 'discovering')).toContain('finding');
    // No inflections of the word itself, no function words.
    expect(candidatesOf(model.data, 'discovering')).not.toContain('discovered');
    expect(candidatesOf(model.data, 'the')).toEqual([]);
  });

  it('restores a tortured phrase on its own from the paper-mill substitutions it learned (PPS training pairs)', () => {
    const restore = (phrase: string) => {
      const tokens = tokenize(phrase);
      return model.scan(tokens, new Uint8Array(tokens.count)).map((f) => [phrase.slice(tokens.starts[f.first], tokens.ends[f.last]), f.expected[0]]);
    };
    expect(restore('counterfeit consciousness')).toEqual([['counterfeit consciousness', 'artificial intelligence']]);
    expect(restore('irregular woodland')).toEqual([['irregular woodland', 'random forest']]);
    // Plain English stays as it is.
    expect(restore('the minister said')).toEqual([]);
    expect(restore('random forest')).toEqual([]);
  });

  it('reads multiword synonyms backwards: a written phrase → the single word it stood for', () => {
    const originals = (phrase: string) => {
      const ids = phrase.split(' ').map((word) => idOf(model.data, word));
      const slot = findSlot(model.data.phrases.keys, phraseKey(ids, ids.length));
      const out: string[] = [];
      if (slot >= 0) for (let k = model.data.phrases.offsets[slot]!; k < model.data.phrases.offsets[slot + 1]!; k++) out.push(wordOf(model.data, model.data.phrases.ids[k]!));
      return out;
    };
    expect(originals('pull through')).toContain('survive');
    expect(originals('up to date')).toContain('recent');
    expect(originals('the minister')).toEqual([]);
  });

  it('does not take a page that repeats a word for a farm', () => {
    for (const text of ['profit '.repeat(3000), 'big dog '.repeat(2000), 'x y z '.repeat(1000)]) {
      const tokens = tokenize(text);
      const assessed = model.assessDocument(tokens, new Uint8Array(tokens.count));
      expect(assessed.findings).toEqual([]);
      expect(assessed.spun).toBeLessThan(0.5);
    }
  });

  it('scans a long input in windows of the word sequence exactly as over the whole of it', () => {
    // Over CHUNK_TOKENS (200,000) tokens, so that it is scanned in ranges; each copy differs a little.
    const page = readFileSync(new URL('../../examples/spun-news-article.txt', import.meta.url), 'utf8');
    const copies: string[] = [];
    for (let i = 0; copies.length * 1300 < 230_000; i++) copies.push(`Part ${i + 1}, filed ${['Monday', 'Tuesday', 'Friday'][i % 3]}.\n\n${page}`);
    const tokens = tokenize(copies.join('\n\n'));
    expect(tokens.count).toBeGreaterThan(200_000);
    const skip = new Uint8Array(tokens.count);
    const windowed = model.assessDocument(tokens, skip);
    const whole = new StatisticalModel(model.data, { windowWords: Infinity }).assessDocument(tokens, skip);
    expect(windowed.findings.length).toBeGreaterThan(1000);
    expect(windowed).toEqual(whole);
  }, 180_000); // a 1.5 MB input scanned twice: slow on a loaded machine

  it('gives a document probability for any input, also where a word pair was never followed in the corpus', () => {
    const lm = model.data.ngrams;
    const types = lm.tables.bigramTypes;
    const keys = lm.tables.bigramKeys;
    let ends = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      if (keys[slot] === 0 || types[slot] !== 0) continue;
      // Such a pair is no context: the trigram estimate falls back to the bigram one, not to ln 0.
      expect(lm.logTrigramAt(slot, 7, 8, 9, -5)).toBe(-5);
      ends++;
    }
    expect(ends).toBeGreaterThan(0);
    for (const text of ['', '.', '42', 'word', 'The the the.', '\n\n\n']) {
      const tokens = tokenize(text);
      const { spun } = model.assessDocument(tokens, new Uint8Array(tokens.count));
      expect(Number.isFinite(spun)).toBe(true);
    }
  });

  it('never reports a token the caller skips', () => {
    const text = 'The minister mentioned that the chilly warfare had ended, officials mentioned, and the firm mentioned it too.';
    const tokens = tokenize(text);
    const skip = new Uint8Array(tokens.count).fill(1);
    expect(model.scan(tokens, skip)).toEqual([]);
  });
});

describe.skipIf(!hasShared)('on real text (development documents)', async () => {
  const { bbcDocuments } = await import('../../tools/corpora.js');
  const { loadSpinner } = await import('../../bench/fixtures/spinner.js');
  // A skipped suite is still collected: read nothing when the data is absent.
  const articles = hasShared ? [...bbcDocuments()].filter((doc) => doc.split === 'dev' && doc.body.length > 2000).slice(0, 40) : [];

  it('stays quiet on clean BBC articles', () => {
    let findings = 0;
    let words = 0;
    for (const doc of articles) {
      const tokens = tokenize(`${doc.title}\n\n${doc.body}`);
      words += tokens.count;
      findings += model.scan(tokens, new Uint8Array(tokens.count)).length;
    }
    // Budget: 0.5 false findings per 1,000 words.
    expect((findings * 1000) / words).toBeLessThan(0.5);
  });

  it('finds substitutions in a spun article and restores them', () => {
    const spinner = loadSpinner();
    let correct = 0;
    let reported = 0;
    let restored = 0;
    for (const doc of articles.slice(0, 10)) {
      const spun = spinner.spin(doc.body, { rate: 0.2, seed: 5 });
      const tokens = tokenize(spun.text);
      for (const finding of model.scan(tokens, new Uint8Array(tokens.count))) {
        reported++;
        const start = tokens.starts[finding.first]!;
        const edit = spun.edits.find((e) => e.start <= start && start < e.end);
        if (!edit) continue;
        correct++;
        if (finding.expected[0] === edit.original.toLowerCase()) restored++;
      }
    }
    expect(reported).toBeGreaterThan(20);
    expect(correct / reported).toBeGreaterThan(0.8);
    expect(restored / correct).toBeGreaterThan(0.5);
  });

  it('gives the verdict a document probability: high for spun articles, low for their originals', () => {
    const spinner = loadSpinner();
    const probability = (text: string) => {
      const tokens = tokenize(text);
      return model.assessDocument(tokens, new Uint8Array(tokens.count)).spun;
    };
    let ordered = 0;
    let spunHigh = 0;
    let cleanLow = 0;
    const sample = articles.slice(10, 30);
    for (const doc of sample) {
      const clean = probability(doc.body);
      const spun = probability(spinner.spin(doc.body, { rate: 0.2, seed: 8 }).text);
      if (spun > clean) ordered++;
      if (spun >= 0.5) spunHigh++;
      if (clean < 0.5) cleanLow++;
    }
    expect(ordered).toBe(sample.length);
    expect(spunHigh).toBeGreaterThanOrEqual(sample.length * 0.8);
    expect(cleanLow).toBe(sample.length);
  });

  it('flags "chilly warfare"-style substitutions in a spun article and suggests the original', () => {
    const spinner = loadSpinner();
    const doc = articles.find((d) => / war\b/.test(d.body)) ?? articles[0]!;
    const spun = spinner.spin(doc.body, { rate: 0.2, seed: 5 });
    // Add the seed page's idiom to the farm's page, in a sentence of the article's own kind.
    const text = `${spun.text}\n\nThe deal was the biggest since the end of the chilly warfare, the minister mentioned.`;
    const tokens = tokenize(text);
    const findings = model.scan(tokens, new Uint8Array(tokens.count));
    const at = (word: string) => findings.find((f) => text.slice(tokens.starts[f.first], tokens.ends[f.last]).toLowerCase() === word && tokens.starts[f.first]! > spun.text.length);
    // Spun word by word, restored as one idiom.
    expect(at('chilly warfare')?.expected[0]).toBe('cold war');
    expect(at('mentioned')?.expected[0]).toBe('said');
  });
});
