/**
 * The published notice renders in a real browser (Debian's headless Chromium driven by
 * playwright-core): no console error, no request beyond the page itself, every section present,
 * placeholders shown as text, readable on a phone; screenshots are kept in test-artifacts/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/cdk-context.ts';
import { PLACEHOLDER_TYPES } from '../../lib/ingest/scrub/index.ts';
import { NOTICE_TITLE } from '../../lib/notice/build-notice.ts';
import { noticePaths } from '../../lib/notice/notice-files.ts';
import { EVENT_TYPE_NAMES } from '../../lib/schema/request.ts';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'notice');
const browserAvailable = await ensureChromium();
const skip = 'skip' in browserAvailable ? browserAvailable.skip : undefined;
if (skip) console.warn(`browser check of the notice SKIPPED: ${skip}`);

interface Visit {
  readonly page: Page;
  readonly requests: string[];
  readonly problems: string[];
}

let browser: Browser;

async function visit(
  viewport: { width: number; height: number },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Visit> {
  const context = await browser.newContext({ viewport, colorScheme, javaScriptEnabled: false });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(pathToFileURL(noticePaths(REPO_ROOT).html).href, { waitUntil: 'load' });
  return { page, requests, problems };
}

describe.skipIf(skip !== undefined)('the notice renders in headless Chromium', () => {
  let desktop: Visit;
  let phone: Visit;

  beforeAll(async () => {
    if ('skip' in browserAvailable) return;
    browser = await chromium.launch({
      executablePath: browserAvailable.path,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    await mkdir(ARTIFACTS, { recursive: true });
    desktop = await visit({ width: 1280, height: 900 });
    phone = await visit({ width: 390, height: 844 }, 'dark');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no console error, no failed or further request', () => {
    for (const v of [desktop, phone]) {
      expect(v.problems).toEqual([]);
      expect(v.requests).toEqual([pathToFileURL(noticePaths(REPO_ROOT).html).href]);
    }
  });

  it('shows the title, a section for every event type and a row for every placeholder, as text', async () => {
    const { page } = desktop;
    expect(await page.title()).toBe(NOTICE_TITLE);
    expect(await page.locator('h1').textContent()).toBe(NOTICE_TITLE);
    for (const type of EVENT_TYPE_NAMES)
      await expect(page.locator(`h3#type-${type}`).isVisible()).resolves.toBe(true);
    const cells = await page.locator('td code').allInnerTexts();
    for (const t of PLACEHOLDER_TYPES) expect(cells).toContain(`<${t}>`);
    expect(await page.locator('pre code').count()).toBe(2 * EVENT_TYPE_NAMES.length + 1);
  });

  it('is readable on a phone: nothing wider than the screen but what scrolls in its own box', async () => {
    const { page } = phone;
    // Evaluated in the page (strings: this project's TypeScript has no DOM types).
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
    const fontSize = await page.evaluate('getComputedStyle(document.body).fontSize');
    expect(fontSize).toBe('16px');
  });

  it('saves screenshots as test artefacts', async () => {
    const shots = [
      [desktop, 'what-we-collect.png'],
      [phone, 'what-we-collect-phone-dark.png'],
    ] as const;
    for (const [v, name] of shots) {
      const buffer = await v.page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
      expect(buffer.subarray(1, 4).toString()).toBe('PNG');
      expect(buffer.length).toBeGreaterThan(50_000);
    }
  });
});
