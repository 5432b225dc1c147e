// Shared by the browser tests (same approach as frontend-pc/e2e/support.ts): Debian's Chromium
// through playwright-core, a tablet-sized context with a granted position, logins, API calls for
// checks and for "the other side" of a conflict, and screenshots for docs/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { PASSWORD, SCREENSHOTS } from '../../e2e-support/api';
import { assertCspServed, failOnCspViolations, watchCsp, type CspWatch } from '../../e2e-support/csp';
import { auditScreen } from '../../e2e-support/screen-audit';
import { ZH } from '../src/i18n/messages';

export { PASSWORD, SCREENSHOTS, apiToken, gql, residentId } from '../../e2e-support/api';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, 'fixtures');
export const POSITION = { latitude: 26.0741, longitude: 119.2965, accuracy: 12 };
/** The tablet held landscape and portrait (the screenshots show both). */
export const TABLET_SIZES = [
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CIC_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

export async function newTablet(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: POSITION,
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.error(`[page ${message.type()}] ${message.text()}`);
  });
  return { context, page };
}

/** Log in on the PAD and wait until the service worker controls the page (offline-ready). */
export async function loginOnTablet(page: Page, username: string): Promise<void> {
  await page.goto('/pad/');
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('new-archive').waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.sw === 'ready', null, { timeout: 30_000 });
}

export async function screenshot(page: Page, name: string, sizes = TABLET_SIZES): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  // Toasts ("saved") are not what the picture is about.
  await page.locator('.adm-toast-mask').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
  // Dialogs and their masks fade in with antd-mobile's spring animations (not CSS ones): picture
  // them, and let axe read their colours, once settled. Mid-fade a dialog's white is grey over the
  // mask, and its buttons' contrast falls under 4.5 (a failed run of 2026-12-07: 4.45 on #e2e3e3).
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('.adm-center-popup-wrap > div, .adm-mask')).every((element) =>
      ['0', '1'].includes(getComputedStyle(element).opacity),
    ),
  );
  for (const size of sizes) {
    await page.setViewportSize(size);
    // The layout has taken the new size (landscape shows the section index, portrait hides it).
    await page.waitForFunction(({ width, height }) => window.innerWidth === width && window.innerHeight === height, size);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: path.join(SCREENSHOTS, `pad-${name}-${size.width}x${size.height}.png`) });
    await audit(page, `${name}-${size.width}x${size.height}`);
  }
  if (original) await page.setViewportSize(original);
}

let axeSource: string | undefined;

/** Every pictured screen is a main screen: no code or English string in the Chinese UI, no serious
 * or critical accessibility violation (../../e2e-support/screen-audit.ts), at each tablet size (the
 * portrait layout hides and wraps what the landscape one shows). */
export async function audit(page: Page, name: string): Promise<void> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await auditScreen(page, `pad-${name}`, { axeSource, messageKeys: new Set(Object.keys(ZH)), localeKey: 'cic.pad.locale' });
}

/** Wait until `check` returns a truthy value, and return it (or throw after `timeout` ms). */
export function eventually<T>(check: () => Promise<T>, timeout = 60_000, interval = 500): Promise<NonNullable<T>> {
  return vi.waitFor(
    async () => {
      const value = await check();
      if (!value) throw new Error(`condition not met yet (last: ${JSON.stringify(value)})`);
      return value as NonNullable<T>;
    },
    { timeout, interval },
  );
}

/** Waiting entries of the sync queue, as the top bar shows them. */
export async function waitingInQueue(page: Page): Promise<number> {
  return Number(await page.getByTestId('sync-status').getAttribute('data-waiting'));
}

/** For afterEach: a picture of the page when a test failed (test-results/, not committed). */
/**
 * One tablet for a test file: the browser opens before its tests (after the file's own beforeAll
 * hooks registered earlier), a failing test leaves a screenshot in test-results/, and the browser
 * closes after the file. ``onOpen`` receives the tablet's context and page. A test during which
 * the page reported a Content-Security-Policy violation fails (../../e2e-support/csp.ts).
 */
export function useTablet(baseURL: string, onOpen: (tablet: { context: BrowserContext; page: Page }) => void): void {
  let browser: Browser | undefined;
  let page: Page | undefined;
  let csp: CspWatch | undefined;
  beforeAll(async () => {
    await assertCspServed(baseURL, '/pad/');
    browser = await launchBrowser();
    const tablet = await newTablet(browser, baseURL);
    page = tablet.page;
    csp = watchCsp(page);
    onOpen(tablet);
  });
  afterEach(async ({ task }) => {
    await screenshotOnFailure(page, task);
    failOnCspViolations(csp);
  });
  afterAll(async () => {
    await browser?.close();
  });
}

export async function screenshotOnFailure(page: Page | undefined, task: { name: string; result?: { state?: string } }): Promise<void> {
  if (!page || task.result?.state !== 'fail') return;
  const dir = path.resolve(here, '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${task.name.replace(/[^\w]+/g, '-')}.png`), fullPage: true }).catch(() => undefined);
}
