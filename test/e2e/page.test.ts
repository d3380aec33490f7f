/**
 * The web page in a real browser (Debian's Chromium through playwright-core):
 * paste the seed page, see the phrases marked in their rule's colour, read a
 * suggestion by pointer and by keyboard, filter the findings summary, accept
 * or ignore findings and see the restored text follow, copy and download it,
 * see the matched sources side by side, download the reports and use the
 * standalone one by keyboard, fit a 390 px phone screen, and prove that
 * markup in the input never runs. Screenshots go to test/artifacts/
 * (git-ignored).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from './browser.js';
import type { Lexicon } from '../../src/lexicon/index.js';
import { createServer } from '../../src/server/app.js';
import { openReferenceIndex } from '../../src/server/trace.js';
import { applySuggestions } from '../../src/restore/index.js';
import type { CheckResult } from '../../src/types.js';
import { REPO, SEED } from '../helpers/shared.js';
import { asHtmlPage, localSite, reconstructedOriginal } from '../server/helpers.js';

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

/** The background colour a mark is drawn with. */
function background(page: Page, selector: string): Promise<string> {
  return page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);
}

/** Which mark has keyboard focus (its finding's index on the page, its id in the report). */
function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.matches('mark.u-find') ? (el.dataset.index ?? el.id) : null;
  });
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
    ({ context, profile } = await launchChromium());
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

    // The verdict's evidence, when the server gives it: one line per signal, strongest first.
    const evidence = (expected.verdict as { evidence?: Array<{ signal: string; weight: number }> }).evidence ?? [];
    expect(await page.locator('#evidence').isVisible()).toBe(evidence.length > 0);
    expect(await page.locator('#evidence li').count()).toBe(evidence.length);
    if (evidence.length > 0) {
      const strongest = [...evidence].sort((x, y) => y.weight - x.weight)[0]!;
      expect(await page.locator('#evidence li').first().textContent()).toContain(`weight ${strongest.weight.toFixed(2)}`);
    }

    // Marks are coloured by rule and confidence, with a legend that uses the same colours.
    const rules = new Set(expected.findings.map((f) => f.rule));
    expect(rules.has('lexicon') && rules.has('model')).toBe(true);
    const lexiconColour = await background(page, '#doc mark.u-find.u-r-lexicon.u-c-high');
    const modelColour = await background(page, '#doc mark.u-find.u-r-model');
    expect(lexiconColour).not.toBe(modelColour);
    expect(await background(page, '.legend mark.u-r-lexicon.u-c-high')).toBe(lexiconColour);
    const mid = page.locator('#doc mark.u-find.u-r-lexicon.u-c-mid').first();
    expect(await mid.evaluate((el) => getComputedStyle(el).borderBottomStyle)).toBe('dashed');
    for (const mark of await marks.all()) {
      const finding = expected.findings[Number(await mark.getAttribute('data-index'))]!;
      expect(await mark.getAttribute('data-rule')).toBe(finding.rule);
      expect(await mark.getAttribute('data-band')).toBe(finding.confidence >= 0.8 ? 'high' : finding.confidence >= 0.5 ? 'mid' : 'low');
    }
    expect(await page.locator('#legend, .legend').first().isVisible()).toBe(true);

    // The findings summary: distinct phrases with counts that add up to the findings.
    const rows = page.locator('#phrases-body tr');
    // The first ten, then all of them.
    expect(await rows.evaluateAll((trs) => trs.filter((tr) => (tr as HTMLElement).offsetParent !== null).length)).toBe(10);
    await page.getByRole('button', { name: /^Show all \d+ phrases$/ }).click();
    expect(await rows.evaluateAll((trs) => trs.filter((tr) => (tr as HTMLElement).offsetParent === null).length)).toBe(0);
    const counts = (await rows.locator('td:nth-child(3)').allTextContents()).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(expected.findings.length);
    expect(counts.length).toBeLessThan(expected.findings.length);
    const mentioned = expected.findings.filter((f) => f.actual.toLowerCase() === 'mentioned').length;
    expect(mentioned).toBeGreaterThan(1);
    const mentionedRow = rows.filter({ has: page.locator('td:first-child', { hasText: /^mentioned$/ }) });
    expect(await mentionedRow.locator('td:nth-child(3)').textContent()).toBe(String(mentioned));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(await page.locator('#phrases-count').textContent()).toContain(`${counts.length} distinct phrases, ${expected.findings.length} findings`);
    await page.screenshot({ path: join(ARTIFACTS, 'page-summary.png') });

    // Filtered by rule: only the model's phrases stay in the table, the other marks lose their colour.
    await page.locator('#filter-rule input[value="lexicon"]').uncheck();
    if (rules.has('spintax')) await page.locator('#filter-rule input[value="spintax"]').uncheck();
    const visibleRules = await rows.evaluateAll((trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).map((tr) => (tr as HTMLElement).dataset.rule));
    expect(visibleRules.length).toBeGreaterThan(0);
    expect(new Set(visibleRules)).toEqual(new Set(['model']));
    expect(await page.locator('#doc mark.u-find.u-dim').count()).toBe(expected.findings.filter((f) => f.rule !== 'model').length);
    expect(await background(page, '#doc mark.u-find.u-r-lexicon')).toBe('rgba(0, 0, 0, 0)');
    // And by confidence.
    await page.locator('#filter-rule input').evaluateAll((inputs) => inputs.forEach((i) => { (i as HTMLInputElement).checked = true; }));
    await page.locator('#filter-rule input').first().dispatchEvent('change', { bubbles: true });
    await page.locator('#filter-band input[value="high"]').uncheck();
    expect(await page.locator('#doc mark.u-find.u-dim').count()).toBe(expected.findings.filter((f) => f.confidence >= 0.8).length);
    await page.screenshot({ path: join(ARTIFACTS, 'page-filtered.png') });
    await page.locator('#filter-band input[value="high"]').check();
    expect(await page.locator('#doc mark.u-find.u-dim').count()).toBe(0);

    // Pointer: hover a phrase and read its likely original.
    const third = marks.nth(2);
    await third.hover();
    const tip = page.locator('#tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const finding = expected.findings[Number(await third.getAttribute('data-index'))]!;
    expect(await tip.textContent()).toContain(`${finding.actual} → ${finding.expected[0]}`);
    await page.screenshot({ path: join(ARTIFACTS, 'page-desktop.png') });

    // Keyboard: Tab from the toolbar reaches the first phrase; arrows move between phrases.
    await page.mouse.move(0, 0);
    await page.getByRole('button', { name: 'HTML report' }).focus();
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

    // The restored text beside the copy, differences marked.
    await page.getByRole('button', { name: 'Restored and copy' }).click();
    expect(await page.locator('#restored-view').isVisible()).toBe(true);
    expect(await page.locator('#marked-view').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Restored and copy' }).getAttribute('aria-pressed')).toBe('true');
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
    expect(report.match(/<mark class="u-find [^"]*" id=/g)?.length).toBe(expected.findings.length);
    await page.close();
  }, 120_000);

  it('accepts or ignores findings and the restored text, its copy and its download follow', async () => {
    const page = await openPage(1280, 900);
    await checkText(page, seed);
    const restored = () => page.locator('#restored').textContent();
    expect(await restored()).toBe(expected.restored);

    // Ignore a phrase everywhere, from the summary.
    const navy = expected.findings.map((f, i) => ({ f, i })).filter(({ f }) => f.actual.toLowerCase() === 'navy');
    expect(navy.length).toBeGreaterThan(1);
    const navyRow = page.locator('#phrases-body tr').filter({ has: page.locator('td:first-child', { hasText: /^navy$/ }) });
    await navyRow.locator('input.u-accept-g').uncheck();
    const ignored = new Set(navy.map(({ i }) => i));
    const keep = () => expected.findings.filter((_, i) => !ignored.has(i));
    expect(await restored()).toBe(applySuggestions(seed, keep()));
    expect(await restored()).not.toBe(expected.restored);
    for (const { i } of navy) expect(await page.locator(`#doc mark[data-index="${i}"]`).getAttribute('class')).toContain('u-ignored');
    await expect.poll(() => page.locator('#status').textContent()).toContain(`${navy.length} ignored`);

    // One occurrence, by pointer: the card's button; and back, by keyboard: Enter on the focused mark.
    const index = Number(await page.locator('#doc mark.u-find:not(.u-ignored)').nth(3).getAttribute('data-index'));
    const mark = page.locator(`#doc mark[data-index="${index}"]`);
    await mark.click();
    const card = page.locator('#card');
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.textContent()).toContain(expected.findings[index]!.expected[0]!);
    await page.screenshot({ path: join(ARTIFACTS, 'page-card.png') });
    await card.getByRole('button', { name: /Ignore/ }).click();
    ignored.add(index);
    expect(await restored()).toBe(applySuggestions(seed, keep()));
    expect(await card.getByRole('button').textContent()).toContain('Accept');
    await page.keyboard.press('Escape');
    expect(await card.isVisible()).toBe(false);
    expect(await focused(page)).toBe(String(index));
    await page.keyboard.press('Enter');
    ignored.delete(index);
    expect(await restored()).toBe(applySuggestions(seed, keep()));
    expect(await page.locator('#tip').textContent()).not.toContain('Ignored');

    // The summary switch of a phrase with some occurrences ignored shows "mixed".
    const firstNavy = navy[0]!.i;
    await page.locator(`#doc mark[data-index="${firstNavy}"]`).focus();
    await page.keyboard.press('Enter');
    ignored.delete(firstNavy);
    expect(await navyRow.locator('input.u-accept-g').evaluate((i) => (i as HTMLInputElement).indeterminate)).toBe(true);

    // Download and copy take the text as decided.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download restored text' }).click()]);
    expect(download.suggestedFilename()).toBe('article.restored.txt');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(applySuggestions(seed, keep()));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.getByRole('button', { name: 'Copy restored text' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(applySuggestions(seed, keep()));

    await page.getByRole('button', { name: 'Restored and copy' }).click();
    expect(await page.locator('#copy del.u-cut.u-kept').count()).toBe(ignored.size);
    await page.screenshot({ path: join(ARTIFACTS, 'page-ignored.png') });
    await page.close();
  }, 120_000);

  it('makes an HTML report with one tab stop, arrow keys, filters and accept/ignore that work offline', async () => {
    const page = await openPage(1280, 900);
    await checkText(page, seed);
    const [htmlDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HTML report' }).click()]);
    const file = join(profile, 'report.html');
    await htmlDownload.saveAs(file);
    await page.close();

    const report = await context.newPage();
    await report.setViewportSize({ width: 1280, height: 900 });
    report.on('pageerror', (error) => consoleErrors.push(error.message));
    report.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
    await report.goto(`file://${file}`);
    // Exactly one tab stop in the text: Tab goes in once and out on the next press.
    expect(await report.locator('.u-text mark.u-find[tabindex="0"]').count()).toBe(1);
    // From the control before the text, Tab enters it once (on the first mark) and the next Tab leaves it.
    await report.locator('button.u-more-toggle').focus();
    await report.keyboard.press('Tab');
    expect(await focused(report)).toBe('u1-f1');
    await report.keyboard.press('Tab');
    expect(await report.evaluate(() => document.activeElement?.className)).toBe('u-copy');
    await report.keyboard.press('Shift+Tab');
    expect(await focused(report)).toBe('u1-f1');
    await report.locator('#u1-f1').focus();
    await report.keyboard.press('ArrowRight');
    expect(await focused(report)).toBe('u1-f2');
    await report.keyboard.press('End');
    expect(await focused(report)).toBe(`u1-f${expected.findings.length}`);
    await report.keyboard.press('Home');
    expect(await focused(report)).toBe('u1-f1');
    expect(await report.locator('#u1-f1 .u-tip').isVisible()).toBe(true);
    await report.screenshot({ path: join(ARTIFACTS, 'report-desktop.png') });

    // Ignore a phrase in the summary: the restored pane follows.
    const restored = report.locator('#u1-restored-text');
    expect(await restored.textContent()).toBe(expected.restored);
    const row = report.locator('table.u-phrases tbody tr').first();
    const ids = (await row.locator('input.u-accept-g').getAttribute('data-fs'))!.split(' ');
    await row.locator('input.u-accept-g').uncheck();
    const sorted = [...expected.findings].sort((x, y) => x.start - y.start);
    const off = new Set(ids.map((id) => sorted[Number(id.split('-f')[1]) - 1]!));
    expect(await restored.textContent()).toBe(applySuggestions(seed, expected.findings.filter((f) => !off.has(f))));
    expect(await report.locator('.u-text mark.u-ignored').count()).toBe(ids.length);
    // Download and copy take the restored text as it now reads.
    const [saved] = await Promise.all([report.waitForEvent('download'), report.getByRole('button', { name: 'Download .txt' }).click()]);
    expect(saved.suggestedFilename()).toBe('article.restored.txt');
    expect(readFileSync((await saved.path())!, 'utf8')).toBe(await restored.textContent());
    await report.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect.poll(() => report.locator('.u-note').textContent()).toMatch(/Copied|Selected/);
    // One finding back, from the table of all findings: the phrase's switch shows "some".
    await report.locator('.u-findings summary').click();
    await report.locator(`.u-findings input.u-accept[data-f="${ids[0]}"]`).check();
    expect(await row.locator('input.u-accept-g').evaluate((i) => (i as HTMLInputElement).indeterminate)).toBe(ids.length > 1);
    off.delete(sorted[Number(ids[0]!.split('-f')[1]) - 1]!);
    expect(await restored.textContent()).toBe(applySuggestions(seed, expected.findings.filter((f) => !off.has(f))));
    // Filters dim the marks of a rule.
    await report.locator('input.u-filter[value="lexicon"]').uncheck();
    expect(await report.locator('.u-text mark.u-dim').count()).toBe(expected.findings.filter((f) => f.rule === 'lexicon').length);
    await report.screenshot({ path: join(ARTIFACTS, 'report-filtered.png') });
    await report.locator('input.u-filter[value="lexicon"]').check();

    // On a phone the restored text comes first.
    await report.setViewportSize({ width: 390, height: 844 });
    const [found, clean] = await Promise.all([report.locator('.u-pane-found').boundingBox(), report.locator('.u-pane-restored').boundingBox()]);
    expect(clean!.y).toBeLessThan(found!.y);
    await noHorizontalScroll(report);
    await report.locator('.u-pane-restored').scrollIntoViewIfNeeded();
    await report.screenshot({ path: join(ARTIFACTS, 'report-phone.png') });
    await report.close();
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

  it('fits a 390 px phone screen: scrolls to the result, no horizontal scroll, restored text first', async () => {
    const page = await openPage(390, 844);
    await noHorizontalScroll(page);
    await checkText(page, seed);
    expect(await page.locator('#doc mark.u-find').count()).toBeGreaterThanOrEqual(120);
    await noHorizontalScroll(page);
    // The result is brought into view (it starts below the form), and focus moves to it.
    await expect.poll(() => page.evaluate(() => document.getElementById('results')!.getBoundingClientRect().top)).toBeLessThan(100);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('results');
    expect(await page.locator('#verdict-label').isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'page-phone-result.png') });
    // A tapped phrase shows its suggestion inside the screen.
    const mark = page.locator('#doc mark.u-find').nth(5);
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    await expect.poll(() => page.locator('#card').isVisible()).toBe(true);
    const box = await page.locator('#card').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'page-phone.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Restored and copy' }).click();
    await noHorizontalScroll(page);
    const [restored, copy] = await Promise.all([page.locator('#restored').boundingBox(), page.locator('#copy').boundingBox()]);
    expect(restored!.y).toBeLessThan(copy!.y);
    await page.locator('#restored-title').scrollIntoViewIfNeeded();
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
      // Each passage side by side, as `trace --format html` shows it: the copy's substituted words marked,
      // with the source's wording in their title, and the source's replaced words marked in the source.
      await source.locator('details').evaluate((d) => { (d as HTMLDetailsElement).open = true; });
      const passages = source.locator('.t-pair');
      const answer = await (await fetch(`${tracedOrigin}/api/trace`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: seed }) })).json() as {
        matches: Array<{ id: string; passages: Array<{ query: [number, number]; substitutions: Array<{ query: [number, number]; source: [number, number]; actual: string; expected: string }> }> }>;
      };
      const traced0 = answer.matches.find((m) => m.id === 'newsweek-putin-li')!;
      expect(await passages.count()).toBe(traced0.passages.length);
      const [copyQuote, sourceQuote] = await passages.first().locator('.quote').allTextContents();
      expect(copyQuote!.length).toBeGreaterThan(20);
      expect(original).toContain(sourceQuote!);
      expect(seed).toContain(copyQuote!);
      const subs = traced0.passages.flatMap((p) => p.substitutions);
      expect(subs.length).toBeGreaterThan(20);
      expect(await source.locator('mark.t-sub').count()).toBe(subs.filter((x) => x.query[1] > x.query[0]).length);
      expect(await source.locator('.t-orig').count()).toBe(subs.filter((x) => x.source[1] > x.source[0]).length);
      const inFirst = traced0.passages[0]!.substitutions;
      const firstSub = inFirst.find((x) => x.query[1] > x.query[0])!;
      const firstMark = passages.first().locator('mark.t-sub').first();
      expect(await firstMark.textContent()).toBe(firstSub.actual);
      expect(await firstMark.getAttribute('title')).toBe(`source has: ${firstSub.expected || '(nothing)'}`);
      const firstOrig = [...inFirst].filter((x) => x.source[1] > x.source[0]).sort((a, b) => a.source[0] - b.source[0])[0]!;
      expect(await passages.first().locator('.t-orig').first().textContent()).toBe(firstOrig.expected);
      expect(await source.textContent()).toContain(`${subs.length} substitutions`);
      await source.locator('h4').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, 'page-sources.png') });

      // The HTML report downloaded from the page carries the sources too, shown the same way.
      const [htmlDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HTML report' }).click()]);
      const report = readFileSync((await htmlDownload.path())!, 'utf8');
      expect(report).toContain('Matched sources');
      expect(report.match(/<div class="t-pair">/g)?.length).toBe(answer.matches.reduce((n, m) => n + m.passages.length, 0));
      const plain = inFirst.find((x) => x.query[1] > x.query[0] && /^[\w ]+$/.test(x.actual) && /^[\w ]+$/.test(x.expected ?? ''))!;
      expect(report).toContain(`<mark class="t-sub" title="source has: ${plain.expected}">${plain.actual}</mark>`);
      expect(report).not.toContain('href="javascript');
      const file = join(dir, 'report.html');
      await htmlDownload.saveAs(file);
      const reportPage = await context.newPage();
      await reportPage.setViewportSize({ width: 1280, height: 900 });
      await reportPage.goto(`file://${file}`);
      await reportPage.locator('.u-sources').scrollIntoViewIfNeeded();
      await reportPage.screenshot({ path: join(ARTIFACTS, 'report-sources.png') });
      await reportPage.close();
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
