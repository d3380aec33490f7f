/**
 * A paper uploaded on the web page as PDF (and as JATS XML): read in the
 * browser, sent to the server, and marked on the text recovered from it.
 * Chromium from Debian through playwright-core; skipped without it.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from './browser.js';
import { createServer } from '../../src/server/app.js';
import type { CheckResult } from '../../src/types.js';
import { REPO, SEED } from '../helpers/shared.js';
import { makePdf } from '../extract/pdf-fixtures.js';

const ARTIFACTS = join(REPO, 'test', 'artifacts');

describe.skipIf(!hasChromium)('uploading a paper on the web page', () => {
  let app: FastifyInstance;
  let origin: string;
  let context: BrowserContext;
  let profile: string;
  let pdf: Uint8Array;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const paragraphs = readFileSync(SEED, 'utf8').split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
    pdf = await makePdf(paragraphs, { columns: 2, header: 'Journal of Spun Studies', pageNumbers: true });
    app = await createServer({ concurrency: 1, log: null });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    ({ context, profile } = await launchChromium());
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('marks a PDF on the text recovered from it, as the API does', async () => {
    const answer = await app.inject({ method: 'POST', url: '/api/check', payload: { pdf: Buffer.from(pdf).toString('base64') }, headers: { host: '127.0.0.1' } });
    expect(answer.statusCode, answer.body).toBe(200);
    const expected = JSON.parse(answer.body) as CheckResult;
    expect(expected.findings.length).toBeGreaterThanOrEqual(120);

    const page = await context.newPage();
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto(`${origin}/`);
    await page.getByLabel('Upload a file').check();
    await page.getByLabel('a paper as PDF').setInputFiles({ name: 'paper.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('score'));
    expect(await page.locator('#doc mark.u-find').count()).toBe(expected.findings.length);
    expect(await page.locator('#doc').textContent()).toBe(expected.text);
    await page.screenshot({ path: join(ARTIFACTS, 'upload-pdf.png') });
    await page.close();
  }, 120_000);
});
