/**
 * The web page in a real browser (Debian's Chromium through playwright-core):
 * paste the seed page, see the phrases marked, read a suggestion by pointer
 * and by keyboard, switch to the restored view, download the reports, fit a
 * 375 px phone screen, and prove that markup in the input never runs.
 * Screenshots go to test/artifacts/ (git-ignored).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lexicon } from '../../src/lexicon/index.js';
import { createServer } from '../../src/server/app.js';
import { openReferenceIndex } from '../../src/server/trace.js';
import type { CheckResult } from '../../src/types.js';
import { REPO, SEED } from '../helpers/shared.js';
import { asHtmlPage, localSite, reconstructedOriginal } from '../server/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[unspin tests] ${CHROMIUM} not found: the browser test is skipped (apt-get install chromium)`);

const ARTIFACTS = join(REPO, 'test', 'artifacts');
const seed = readFileSync(SEED, 'utf8');

/** A user lexicon whose suggestion is itself a payload: the tooltip must show it as text. */
const HOSTILE: Lexicon = {
  id: '<img src=x onerror="window.__pwned=\'source\'">',
  version: '1',
  source: 'test fixture',
  licence: 'CC0',
  allow: [],
  entries: [{ phrase: 'zorblax quux', expected: ['<img src=x onerror="window.__pwned=\'tip\'">', '<script>window.__pwned="alt"</script>'], tier: 'strong' }],
};

let app: FastifyInstance;
let origin: string;
let context: BrowserContext;
let profile: string;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

async function openPage(width: number, height: number): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) foreignRequests.push(url);
  });
  await page.goto(`${origin}/`);
  return page;
}

async function checkText(page: Page, text: string) {
  await page.getByLabel('Paste text').check();
  await page.getByLabel('Article text').fill(text);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('score'));
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scrollWidth, 'page wider than the screen').toBeLessThanOrEqual(clientWidth);
}

describe.skipIf(!hasChromium)('the web page in Chromium', () => {
  let expected: CheckResult;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // --allow-private: the address test fetches from a site on loopback.
    app = await createServer({ concurrency: 2, allowPrivate: true, checker: { lexicons: [HOSTILE] }, log: null });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const answer = await app.inject({ method: 'POST', url: '/api/check', payload: { text: seed } });
    expected = JSON.parse(answer.body) as CheckResult;
    profile = mkdtempSync(join(tmpdir(), 'unspin-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('marks the seed page, shows suggestions on hover and keyboard focus, and shows the restored text', async () => {
    const page = await openPage(1280, 900);
    await checkText(page, seed);

    const marks = page.locator('#doc mark.u-find');
    const count = await marks.count();
    expect(count).toBeGreaterThanOrEqual(120);
    expect(count).toBe(expected.findings.length);
    await expect.poll(() => page.locator('#status').textContent()).toContain('Judged spun');
    expect(await page.locator('#status').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#verdict-label').textContent()).toBe('Spun');
    // The page shows the text exactly: nothing added, nothing lost.
    expect(await page.locator('#doc').textContent()).toBe(seed);

    // Pointer: hover a phrase and read its likely original.
    const third = marks.nth(2);
    await third.hover();
    const tip = page.locator('#tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const finding = expected.findings[Number(await third.getAttribute('data-index'))]!;
    expect(await tip.textContent()).toContain(`${finding.actual} → ${finding.expected[0]}`);
    await page.screenshot({ path: join(ARTIFACTS, 'page-desktop.png') });

    // Keyboard: Tab from the Check button reaches the first phrase; arrows move between phrases.
    await page.mouse.move(0, 0);
    await page.getByRole('button', { name: 'Check', exact: true }).focus();
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.matches('mark.u-find') ?? false);
    }
    expect(reached, 'a marked phrase is reachable with Tab').toBe(true);
    const firstIndex = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.index);
    expect(await tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toContain(expected.findings[Number(firstIndex)]!.expected[0]!);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline, 'focus is visible').not.toBe('none');
    await page.keyboard.press('ArrowRight');
    const nextIndex = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.index);
    expect(nextIndex).not.toBe(firstIndex);
    expect(await tip.textContent()).toContain(expected.findings[Number(nextIndex)]!.actual);
    await page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);

    // The copy beside the restored text, differences marked.
    await page.getByRole('button', { name: 'Copy and restored' }).click();
    expect(await page.locator('#restored-view').isVisible()).toBe(true);
    expect(await page.locator('#marked-view').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Copy and restored' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#restored').textContent()).toBe(expected.restored);
    expect(await page.locator('#copy').textContent()).toBe(seed);
    expect(await page.locator('#restored ins.u-fix').count()).toBeGreaterThanOrEqual(100);
    expect(await page.locator('#copy del.u-cut').count()).toBeGreaterThanOrEqual(100);
    expect(await page.locator('#restored').textContent()).toContain('Cold War');
    await page.screenshot({ path: join(ARTIFACTS, 'page-restored.png') });

    // Downloads: the contract JSON and the standalone HTML report.
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON report' }).click()]);
    const downloaded = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8')) as CheckResult;
    expect(downloaded.findings).toEqual(expected.findings);
    expect(downloaded).not.toHaveProperty('diff');
    const [htmlDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HTML report' }).click()]);
    expect(htmlDownload.suggestedFilename()).toBe('unspin-report.html');
    const report = readFileSync((await htmlDownload.path())!, 'utf8');
    expect(report).toMatch(/^<!DOCTYPE html>/i);
    expect(report.match(/<mark class="u-find"/g)?.length).toBe(expected.findings.length);
    await page.close();
  }, 120_000);

  it('checks an uploaded file', async () => {
    const page = await openPage(1024, 800);
    await page.getByLabel('Upload a file').check();
    await page.getByLabel('An HTML page or a text file').setInputFiles({ name: 'copy.txt', mimeType: 'text/plain', buffer: Buffer.from(seed) });
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('score'));
    expect(await page.locator('#doc mark.u-find').count()).toBe(expected.findings.length);
    await page.close();
  }, 60_000);

  it('checks a page by its address (fetched by the server)', async () => {
    const site = await localSite((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(asHtmlPage('China Defense Official Meets Russia’s Putin', seed));
    });
    try {
      const page = await openPage(1024, 800);
      await page.getByLabel('From an address').check();
      await page.getByLabel('Address of the page').fill(`${site.origin}/world/putin-li.html`);
      await page.getByRole('button', { name: 'Check', exact: true }).click();
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('score'));
      expect(await page.locator('#verdict-label').textContent()).toBe('Spun');
      expect(await page.locator('#doc mark.u-find').count()).toBeGreaterThanOrEqual(120);
      expect(await page.locator('#doc').textContent()).not.toContain('<p>');
      await page.close();
    } finally {
      await site.close();
    }
  }, 60_000);

  it('fits a 375 px phone screen with no horizontal scroll', async () => {
    const page = await openPage(375, 812);
    await noHorizontalScroll(page);
    await checkText(page, seed);
    expect(await page.locator('#doc mark.u-find').count()).toBeGreaterThanOrEqual(120);
    await noHorizontalScroll(page);
    // A tapped phrase shows its suggestion inside the screen.
    const mark = page.locator('#doc mark.u-find').nth(5);
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    const box = await page.locator('#tip').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(ARTIFACTS, 'page-phone.png') });
    await page.getByRole('button', { name: 'Copy and restored' }).click();
    await noHorizontalScroll(page);
    await page.screenshot({ path: join(ARTIFACTS, 'page-phone-restored.png'), fullPage: false });
    await page.close();
  }, 60_000);

  it('shows markup in the input, in suggestions and in errors as text, and never runs it', async () => {
    const page = await openPage(1024, 800);
    const payload =
      '<img src=x onerror="window.__pwned=\'img\'"><script>window.__pwned=\'script\'</script>\n' +
      'The zorblax quux met <b onmouseover="window.__pwned=\'b\'">the council</b> on Tuesday.';
    await checkText(page, payload);
    expect(await page.locator('#doc').textContent()).toBe(payload);
    const mark = page.locator('#doc mark.u-find', { hasText: 'zorblax quux' });
    expect(await mark.count()).toBe(1);
    await mark.hover();
    expect(await page.locator('#tip').textContent()).toContain('<img src=x onerror=');
    expect(await page.locator('#tip').textContent()).toContain('<script>window.__pwned="alt"</script>');
    await page.screenshot({ path: join(ARTIFACTS, 'page-xss.png') });

    await page.locator('#doc').hover();
    // An error message that repeats the input (here a file's name) is text too.
    const evilName = '<img src=x onerror="window.__pwned=\'error\'">.txt';
    await page.getByLabel('Upload a file').check();
    await page.getByLabel('An HTML page or a text file').setInputFiles({ name: evilName, mimeType: 'text/plain', buffer: Buffer.from('  \n') });
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => page.locator('#error').isVisible()).toBe(true);
    expect(await page.locator('#error').textContent()).toContain(`${evilName}: empty input`);
    expect(await page.locator('#report').isVisible()).toBe(false);

    expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.locator('#results img, #results script, #results b, #tip img, #tip script, #error img').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('shows the matched sources with aligned passages when the server has a reference index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unspin-e2e-index-'));
    const index = await openReferenceIndex(join(dir, 'refs.db'));
    const original = reconstructedOriginal(seed, join(REPO, 'eval', 'gold', 'seed.json'));
    index.add([
      { id: 'newsweek-putin-li', title: 'China Defense Official Meets Putin', url: 'https://www.newsweek.com/example', text: original },
      // A hostile address is shown as text, never as a link.
      { id: 'mirror', url: 'javascript:window.__pwned="link"', text: original },
      { id: 'council', text: 'The city council approved the annual budget on Tuesday after a long debate about school funding and road repairs.' },
    ]);
    const traced = await createServer({ concurrency: 1, index, log: null });
    await traced.listen({ port: 0, host: '127.0.0.1' });
    const tracedOrigin = `http://127.0.0.1:${(traced.server.address() as AddressInfo).port}`;
    try {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${tracedOrigin}/`);
      await checkText(page, seed);
      await expect.poll(() => page.locator('#sources').isVisible(), { timeout: 20_000 }).toBe(true);
      await expect.poll(() => page.locator('#status').textContent()).toContain('sources found');
      const items = page.locator('#matches > li');
      expect(await items.count()).toBe(2);
      const source = items.filter({ has: page.locator('h4', { hasText: 'China Defense Official Meets Putin' }) });
      expect(await source.count()).toBe(1);
      expect(await source.locator('a').getAttribute('href')).toBe('https://www.newsweek.com/example');
      expect(await page.locator('#matches a[href^="javascript"]').count()).toBe(0);
      expect(await page.locator('#matches').textContent()).toContain('javascript:window.__pwned="link"');
      await source.locator('summary').click();
      const passage = source.locator('.passage').first();
      const [copyQuote, sourceQuote] = await passage.locator('.quote').allTextContents();
      expect(copyQuote!.length).toBeGreaterThan(20);
      expect(original).toContain(sourceQuote!);
      expect(seed).toContain(copyQuote!);
      await page.screenshot({ path: join(ARTIFACTS, 'page-sources.png'), fullPage: true });
      await page.close();
    } finally {
      await traced.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('loaded nothing from other origins and hit no script or policy errors', () => {
    expect(foreignRequests).toEqual([]);
    // A failed API call is reported by the page itself; the console has no CSP violations or script errors.
    expect(consoleErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
