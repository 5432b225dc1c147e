// Shared by the browser tests: Debian's Chromium through playwright-core, logins, API calls for
// test set-up (the "other user" of a conflict), screenshots for docs/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

import { PASSWORD, SCREENSHOTS, gql, residentId, uploadImage } from '../../e2e-support/api';
import { assertCspServed, failOnCspViolations, watchCsp, type CspWatch } from '../../e2e-support/csp';
import { auditScreen } from '../../e2e-support/screen-audit';
import { zh } from '../src/i18n/messages';

export { PASSWORD, SCREENSHOTS, apiToken, gql, residentId, uploadImage } from '../../e2e-support/api';

const here = path.dirname(fileURLToPath(import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CIC_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

export async function newPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

export async function loginAs(page: Page, username: string): Promise<void> {
  await page.goto('/pc/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  // The workbench, or the login page's refusal (said, rather than a timeout waiting for the menu).
  const refused = page.getByTestId('login-error');
  await page.getByTestId('main-menu').or(refused).waitFor();
  if (await refused.isVisible()) throw new Error(`login as ${username} refused: ${await refused.textContent()}`);
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').hover();
  await page.getByText('退出登录').click();
  await page.locator('#username').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Fonts loaded and no Ant Design motion (modal zoom, message fade, tab ink) still running:
  // animations are not what the picture is about.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await motionSettled(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, `pc-${name}.png`) });
  await audit(page, name);
}

/** Wait until no Ant Design motion runs. rc-motion gives a moving element its status class
 * (`ant-zoom-appear`, `ant-move-up-leave` ...) through every step, `-prepare` and `-start` (opacity
 * 0, scaled down) before `-active`: waiting on `-active` alone let a check run on a modal that had
 * not begun to appear, and axe measured its text's contrast against nothing. */
export async function motionSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !Array.from(document.querySelectorAll('[class]')).some((el) => Array.from(el.classList).some((c) => /-(appear|enter|leave)(-(prepare|start|active))?$/.test(c))),
    undefined,
    { timeout: 10_000 },
  );
}

/** Wait until the page has stopped scrolling: its scroll position the same across two animation
 * frames. A section jump (antd's Anchor) scrolls the page by script for a while after the click,
 * and a click made meanwhile lands where its target was a frame ago (the menu's item scrolled into
 * view, then away again by the jump's last frames). */
export async function scrollSettled(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<boolean>((resolve) => {
            const before = window.scrollY;
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.scrollY === before)));
          }),
      ),
    )
    .toBe(true);
}

/** Move the mouse off the screen's subject (to the page's corner) and wait until the tooltips it
 * opened are gone: antd closes one 0.1 s after the mouse leaves and then fades it out, and axe
 * measures a fading tooltip's contrast as too low. */
export async function moveMouseAway(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await expect.poll(() => page.locator('.ant-tooltip:not(.ant-tooltip-hidden)').count()).toBe(0);
}

let axeSource: string | undefined;

/** Every pictured screen is a main screen: no code or English string in the Chinese UI, no serious
 * or critical accessibility violation (../../e2e-support/screen-audit.ts). */
export async function audit(page: Page, name: string): Promise<void> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await auditScreen(page, `pc-${name}`, { axeSource, messageKeys: new Set(Object.keys(zh)), localeKey: 'cic.pc.locale' });
}

/** Wait until the toasts of earlier steps (antd messages, 3 s) are gone, so a screenshot shows only its subject. */
/** Confirm an antd confirmation dialog (Modal.confirm) with the button named `name`. On a busy
 * machine a click landing while the dialog still opens can go nowhere: click again while the
 * dialog stays open (a confirmed one closes, or shows its button loading and ignores more clicks). */
export async function confirmDialog(page: Page, name: string | RegExp): Promise<void> {
  const dialog = page.locator('.ant-modal-confirm');
  await dialog.waitFor();
  const deadline = Date.now() + 30_000;
  while ((await dialog.count()) > 0 && (await dialog.isVisible())) {
    if (Date.now() > deadline) throw new Error(`the confirmation dialog stays open after clicking ${String(name)}`);
    await dialog.getByRole('button', { name }).click({ timeout: 2_000 }).catch(() => undefined);
    await dialog.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
  }
}

/** The answer of the page's next GraphQL request naming this operation (start waiting before the click that sends it). */
export function graphqlResponse(page: Page, operation: string): Promise<Response> {
  return page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes(operation));
}

export async function waitForToasts(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.ant-message-notice'), undefined, { timeout: 10_000 });
}

export function archiveInput(name: string, idNumber: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    idNumber,
    idLongTerm: true,
    ethnicity: '汉族',
    education: 'SENIOR',
    maritalStatus: 'MARRIED',
    health: 'GOOD',
    mobile: '13812345678',
    address: { regionCode: '350102', line: '鼓楼区东街1号' },
    household: { size: 4, registerNo: 'HK0001' },
    familyMembers: [{ relation: 'SPOUSE', name: '李秀英', idNumber: residentId('350102', '19920815', 2), annualIncome: '36000.00' }],
    land: { contractedMu: '12.5', rentedMu: '3', crops: ['水稻', '茶叶'] },
    livestock: [{ kind: 'PIG', count: 20, value: '40000' }],
    assets: [{ kind: 'HOUSE', description: '两层砖房', value: '350000.00' }],
    income: { farming: '80000', wages: '12000.50' },
    liabilities: [{ lender: '福州农商银行', amount: '50000', overdue: false }],
    social: { villageCreditRating: 'AA' },
    ...overrides,
  };
}

/** The photos the baseline requires (BASE_REQUIRED_IMAGES). */
export const REQUIRED_PHOTOS = ['ID_FRONT', 'ID_BACK', 'VISIT_PHOTO'];
/** Consent with the signed form on file: no BASE_CONSENT_FORM warning. */
const SIGNED_CONSENT = { wordingVersion: 'v2024.1', consentedAt: '2026-01-05T09:30:00+08:00', channel: 'PAD', formImageRef: 'IMG-CONSENT-1' };
const ARCHIVE_PAYLOAD = 'customer { id version status } errors { field code message }';

/**
 * An archive collected through the API by `token`'s user (a customer manager, or a branch manager
 * naming `managerId`), with the required photos unless `photos: false`, submitted for review.
 * With photos and no overrides it meets every baseline rule (batch verification may take it).
 */
export async function submittedArchive(
  baseURL: string,
  token: string,
  name: string,
  idNumber: string,
  options: { overrides?: Record<string, unknown>; photos?: boolean; managerId?: string } = {},
): Promise<{ id: string; version: number; photos: Record<string, string> }> {
  const created = await gql(baseURL, token, `mutation($i: CreateArchiveInput!) { createArchive(input: $i) { ${ARCHIVE_PAYLOAD} } }`, {
    i: { archive: archiveInput(name, idNumber, options.overrides), channel: 'PAD', consent: SIGNED_CONSENT, managerId: options.managerId ?? null },
  });
  if (created.createArchive.errors.length) throw new Error(`create ${name}: ${JSON.stringify(created.createArchive.errors)}`);
  const { id, version } = created.createArchive.customer;
  const photos: Record<string, string> = {};
  for (const kind of options.photos === false ? [] : REQUIRED_PHOTOS) photos[kind] = await uploadImage(baseURL, token, id, kind);
  const submitted = await gql(baseURL, token, `mutation($i: ArchiveTransitionInput!) { submitArchive(input: $i) { ${ARCHIVE_PAYLOAD} } }`, { i: { id, version } });
  if (submitted.submitArchive.errors.length) throw new Error(`submit ${name}: ${JSON.stringify(submitted.submitArchive.errors)}`);
  return { id, version: submitted.submitArchive.customer.version, photos };
}

/** Click the bar of `category` in series `seriesIndex` of the chart with this test id (a real mouse click). */
export async function clickBar(page: Page, testId: string, category: string, seriesIndex = 0, horizontal = false): Promise<void> {
  const point = await page.getByTestId(testId).evaluate(
    (el, args) => {
      const chart = (el as HTMLElement & { __echarts?: { convertToPixel: (f: object, v: unknown) => number[]; getOption: () => any } }).__echarts!;
      const option = chart.getOption();
      const series = option.series[args.seriesIndex];
      const categories: string[] = (args.horizontal ? option.yAxis[0].data : option.xAxis[0].data) as string[];
      const index = categories.indexOf(args.category);
      const raw = series.data[index];
      const value = typeof raw === 'object' && raw !== null ? raw.value : raw;
      // The middle of the bar: half its value along the value axis.
      const [x, y] = chart.convertToPixel({ seriesIndex: args.seriesIndex }, args.horizontal ? [value / 2, index] : [index, value / 2]);
      const box = el.querySelector('canvas')!.getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    },
    { category, seriesIndex, horizontal },
  );
  await page.mouse.click(point.x, point.y);
}

/** For afterEach: a screenshot of the page when the test failed, in test-results/. */
/**
 * One desktop page for a test file: the browser opens before its tests (after the file's own
 * beforeAll hooks registered earlier), a failing test leaves a screenshot in test-results/, and
 * the browser closes after the file. ``onOpen`` receives the page. A test during which the page
 * reported a Content-Security-Policy violation fails (../../e2e-support/csp.ts).
 */
export function usePage(baseURL: string, onOpen: (page: Page) => void): void {
  let browser: Browser | undefined;
  let page: Page | undefined;
  let csp: CspWatch | undefined;
  beforeAll(async () => {
    await assertCspServed(baseURL, '/pc/');
    browser = await launchBrowser();
    page = await newPage(browser, baseURL);
    csp = watchCsp(page);
    onOpen(page);
  });
  afterEach(async (context) => {
    await screenshotOnFailure(page, context);
    failOnCspViolations(csp);
  });
  afterAll(async () => {
    await browser?.close();
  });
}

export async function screenshotOnFailure(page: Page | undefined, context: { task: { name: string; result?: { state?: string } } }): Promise<void> {
  if (!page || context.task.result?.state !== 'fail') return;
  const dir = path.resolve(here, '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${context.task.name.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`) }).catch(() => undefined);
}
