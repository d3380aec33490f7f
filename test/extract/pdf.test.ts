/**
 * Papers as PDF and JATS XML: text in reading order, page furniture left out,
 * the references section never flagged, and one clear line for PDFs that
 * cannot be read. The PDFs are made here with pdf-lib from known text.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFHexString, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createChecker, UnspinError } from '../../src/index.js';
import { extractPdf } from '../../src/extract/pdf.js';
import { extract } from '../../src/extract/index.js';
import { looksLikeJats } from '../../src/extract/jats.js';
import { BIN, REPO, SEED } from '../helpers/shared.js';
import { makePdf } from './pdf-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'unspin-pdf-'));
const seedText = readFileSync(SEED, 'utf8');
const seedParagraphs = seedText.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
const words = (s: string) => s.replace(/\s+/g, ' ').trim();
const checker = createChecker({ model: false });

/** (actual → first suggestion) with counts: findings compared up to their positions. */
function tally(findings: Array<{ actual: string; expected: string[] }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) {
    const key = `${f.actual.toLowerCase()} → ${f.expected[0]?.toLowerCase()}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function difference(a: Map<string, number>, b: Map<string, number>): number {
  let diff = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) diff += Math.abs((a.get(key) ?? 0) - (b.get(key) ?? 0));
  return diff;
}

function unspin(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const REFERENCES = [
  '[1] A. Author. Counterfeit consciousness and irregular woodland classifiers for profound learning. Journal of Tests 12 (2020) 1-10.',
  '[2] B. Writer. Another reference on counterfeit consciousness. Proceedings of Examples, 2021.',
];
const BODY = [
  'We study how counterfeit consciousness is used in the wild, and how editors can tell a tortured phrase from ordinary scientific prose in a submitted manuscript.',
  'The method reads each paragraph of the paper and compares it with the established vocabulary of the field. Its results are reported per paper, with every suspicious phrase marked for a reader to check by hand.',
];

let seedOne: Uint8Array;
let seedTwo: Uint8Array;
let paper: Uint8Array;
beforeAll(async () => {
  const layout = { header: 'Journal of Spun Studies, vol. 3, 2023', pageNumbers: true } as const;
  seedOne = await makePdf(seedParagraphs, { ...layout, columns: 1 });
  seedTwo = await makePdf(seedParagraphs, { ...layout, columns: 2 });
  paper = await makePdf(BODY, { ...layout, columns: 2, references: REFERENCES, title: 'Tortured phrases in practice' });
});

describe('PDF text', () => {
  it('reads a one-column PDF as the text it was made from, without running headers and page numbers', async () => {
    const pdf = await extractPdf(seedOne, 'seed.pdf');
    expect(pdf.pages).toBeGreaterThan(1);
    expect(words(pdf.text)).toBe(words(seedParagraphs.join(' ')));
    expect(pdf.text).not.toContain('Journal of Spun Studies');
    expect(pdf.text.split('\n\n').length).toBeGreaterThan(20);
  });

  it('reads a two-column PDF column by column, joining words hyphenated at line ends', async () => {
    const pdf = await extractPdf(seedTwo, 'seed-2col.pdf');
    expect(words(pdf.text)).toBe(words(seedParagraphs.join(' ')));
    // The fixture hyphenates long words at line ends; none survives as "xxx- yyy".
    expect(pdf.text).not.toMatch(/\p{Ll}- \p{Ll}/u);
  });

  it('gives the same findings as the text file, up to the layout', async () => {
    const fromText = checker.check(seedText);
    for (const bytes of [seedOne, seedTwo]) {
      const pdf = await extractPdf(bytes, 'seed.pdf');
      const result = checker.check({ text: pdf.text, excluded: pdf.excluded });
      for (const f of result.findings) expect(pdf.text.slice(f.start, f.end)).toBe(f.actual);
      // Layout differences: photo-credit lines the text reader knows as page chrome are
      // merged into a paragraph in the PDF, and the headline loses its heading line.
      expect(difference(tally(result.findings), tally(fromText.findings))).toBeLessThanOrEqual(4);
      expect(result.findings.length).toBeGreaterThanOrEqual(fromText.findings.length - 2);
      expect(result.verdict.spun).toBe(true);
    }
  });

  it('keeps the references section in the text but never flags it', async () => {
    const pdf = await extractPdf(paper, 'paper.pdf');
    expect(pdf.title).toBe('Tortured phrases in practice');
    expect(pdf.excluded).toHaveLength(1);
    const refs = pdf.text.slice(pdf.excluded[0]!.start);
    expect(refs).toMatch(/^References/);
    expect(refs).toContain('irregular woodland');
    const result = checker.check({ text: pdf.text, excluded: pdf.excluded });
    const flagged = result.findings.map((f) => f.actual.toLowerCase());
    expect(flagged).toContain('counterfeit consciousness');
    for (const f of result.findings) expect(f.end).toBeLessThanOrEqual(pdf.excluded[0]!.start);
    // The same text without the exclusion does flag the references: the test can fail.
    const unguarded = checker.check(pdf.text);
    expect(unguarded.findings.some((f) => f.start >= pdf.excluded[0]!.start)).toBe(true);
  });

  it('refuses encrypted, image-only and broken PDFs with one line each', async () => {
    const encrypted = await PDFDocument.create();
    const font = await encrypted.embedFont(StandardFonts.Helvetica);
    encrypted.addPage().drawText('Secret text.', { x: 50, y: 700, size: 12, font });
    const handler = encrypted.context.obj({ Filter: 'Standard', V: 1, R: 2, P: -4, O: PDFHexString.of('11'.repeat(32)), U: PDFHexString.of('22'.repeat(32)) });
    encrypted.context.trailerInfo.Encrypt = encrypted.context.register(handler);
    encrypted.context.trailerInfo.ID = encrypted.context.obj([PDFHexString.of('ab'.repeat(16)), PDFHexString.of('ab'.repeat(16))]);
    const scanned = await PDFDocument.create();
    scanned.addPage().drawRectangle({ x: 10, y: 10, width: 200, height: 300 });
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['encrypted.pdf', await encrypted.save({ useObjectStreams: false }), /encrypted PDF/],
      ['scanned.pdf', await scanned.save(), /no text layer/],
      ['broken.pdf', seedOne.slice(0, 1500), /broken PDF/],
    ];
    for (const [name, bytes, message] of cases) {
      await expect(extractPdf(bytes, name)).rejects.toBeInstanceOf(UnspinError);
      await expect(extractPdf(bytes, name)).rejects.toThrow(message);
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const run = unspin(['check', path]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });

  it('unspin check and restore read a PDF; the JSON report carries the text its offsets index', () => {
    const path = join(dir, 'seed.pdf');
    writeFileSync(path, seedTwo);
    const run = unspin(['check', '--no-model', '--format', 'json', path]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(typeof result.text).toBe('string');
    for (const f of result.findings) expect(result.text.slice(f.start, f.end)).toBe(f.actual);
    const restored = unspin(['restore', '--no-model', path]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('defense chief');
  });
});

const JATS = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2 20190208//EN" "JATS-journalpublishing1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article">
  <front><journal-meta><journal-title-group><journal-title>Journal of Tests</journal-title-group></journal-title-group></journal-meta>
    <article-meta><title-group><article-title>Tortured phrases in <italic>practice</italic></article-title></title-group>
      <contrib-group><contrib><name><surname>Author</surname><given-names>A.</given-names></name></contrib></contrib-group>
      <abstract><p>We study how counterfeit consciousness is used in the wild.</p></abstract>
    </article-meta></front>
  <body>
    <sec><title>Introduction</title>
      <p>Editors compare each paragraph with the vocabulary of the field <xref ref-type="bibr" rid="r1">[1]</xref>; the formula <inline-formula><tex-math>x^2</tex-math></inline-formula> is not prose.</p>
      <table-wrap><table><tr><td>irregular woodland</td></tr></table></table-wrap>
    </sec>
  </body>
  <back><ref-list><ref id="r1"><mixed-citation>A. Author. Irregular woodland classifiers. 2020.</mixed-citation></ref></ref-list></back>
</article>`;

describe('JATS XML', () => {
  it('is detected from the content and read as title, abstract and body paragraphs, without references or tables', () => {
    expect(looksLikeJats(JATS)).toBe(true);
    expect(looksLikeJats('<html><body><p>One</p></body></html>')).toBe(false);
    const article = extract(JATS);
    expect(article.kind).toBe('jats');
    expect(article.title).toBe('Tortured phrases in practice');
    expect(article.text.split('\n\n')).toEqual([
      'Tortured phrases in practice',
      'We study how counterfeit consciousness is used in the wild.',
      'Introduction',
      'Editors compare each paragraph with the vocabulary of the field [1]; the formula is not prose.',
    ]);
  });

  it('is checked through the library and the CLI with findings on the extracted text', () => {
    const result = checker.check(JATS);
    expect(result.text).toBeDefined();
    expect(result.findings.map((f) => f.actual.toLowerCase())).toEqual(['counterfeit consciousness']);
    const path = join(dir, 'paper.xml');
    writeFileSync(path, JATS);
    const run = unspin(['check', '--no-model', '--format', 'json', path]);
    const json = JSON.parse(run.stdout);
    expect(json.findings[0].actual).toBe('counterfeit consciousness');
    expect(json.text.slice(json.findings[0].start, json.findings[0].end)).toBe('counterfeit consciousness');
  });
});

describe('PDF through the HTTP API', () => {
  it('checks a base64 PDF sent as `pdf`, returning the recovered text; a non-PDF or broken one gets a JSON error', async () => {
    const { createServer } = await import('../../src/server/app.js');
    const app = await createServer({ concurrency: 1, log: () => {} });
    try {
      const post = (payload: unknown) =>
        app.inject({ method: 'POST', url: '/api/check', payload: JSON.stringify(payload), headers: { 'content-type': 'application/json', host: '127.0.0.1' } });
      const ok = await post({ pdf: Buffer.from(paper).toString('base64'), name: 'paper.pdf' });
      expect(ok.statusCode, ok.body).toBe(200);
      const result = JSON.parse(ok.body);
      expect(result.input).toBe('paper.pdf');
      expect(typeof result.text).toBe('string');
      const refs = result.text.indexOf('\n\nReferences');
      expect(refs).toBeGreaterThan(0);
      expect(result.findings.length).toBeGreaterThan(0);
      for (const f of result.findings) {
        expect(result.text.slice(f.start, f.end)).toBe(f.actual);
        expect(f.start).toBeLessThan(refs);
      }
      const notPdf = await post({ pdf: Buffer.from('hello world').toString('base64') });
      expect(notPdf.statusCode).toBe(400);
      expect(JSON.parse(notPdf.body).error.message).toMatch(/not a PDF/);
      const broken = await post({ pdf: Buffer.from(seedOne.slice(0, 1500)).toString('base64') });
      expect(broken.statusCode).toBeGreaterThanOrEqual(400);
      expect(broken.statusCode).toBeLessThan(500);
      expect(JSON.parse(broken.body).error.message).toMatch(/broken PDF/);
    } finally {
      await app.close();
    }
  });
});

describe('PDF and JATS through the shared readers (scan, index add)', () => {
  it('scans a folder of papers, references unflagged, and indexes them by their recovered text', async () => {
    const folder = join(dir, 'papers');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'paper.pdf'), paper);
    writeFileSync(join(folder, 'seed.pdf'), seedTwo);
    writeFileSync(join(folder, 'paper.xml'), JATS);
    writeFileSync(join(folder, 'not-jats.xml'), '<?xml version="1.0"?><config><p>x</p></config>');
    const scan = unspin(['scan', '--no-model', '--workers', '0', '--skip-errors', folder]);
    const rows = scan.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const byName = new Map(rows.map((r) => [String(r.input).split('/').pop(), r]));
    expect(byName.get('not-jats.xml')?.error?.message ?? scan.stderr).toMatch(/not a JATS article/);
    const pdfRow = byName.get('paper.pdf');
    expect(pdfRow.verdict).toBeDefined();
    const pdfText = (await extractPdf(paper, 'paper.pdf'));
    const refs = pdfText.excluded[0]!.start;
    expect(pdfRow.top.map((f: { actual: string }) => f.actual.toLowerCase())).toContain('counterfeit consciousness');
    for (const f of pdfRow.top) expect(f.end).toBeLessThanOrEqual(refs);
    expect(byName.get('seed.pdf').verdict.spun).toBe(true);
    expect(byName.get('paper.xml').top.map((f: { actual: string }) => f.actual.toLowerCase())).toEqual(['counterfeit consciousness']);

    const index = join(dir, 'papers.db');
    const added = unspin(['index', 'add', '--index', index, '--skip-errors', folder]);
    expect(added.stdout).toMatch(/added 3\b/);
    const traced = unspin(['trace', '--index', index, '--format', 'json', SEED]);
    expect(JSON.parse(traced.stdout).matches[0].id).toMatch(/seed\.pdf$/);
  }, 120_000);
});
