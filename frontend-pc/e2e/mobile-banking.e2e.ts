// Mobile banking (docs/channels.md) as a customer tries it on a phone: the demo mobile bank's H5
// page (`cic simulate mobile-banking`, started by the e2e server) logs a demo customer in through
// CIC's JWT bearer grant; the customer applies for a straight-through product, gets the quota, draws
// down, and the loan comes back disbursed from the lending platform's simulator through the worker.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiToken, gql, launchBrowser, loginAs, newPage, screenshot } from './support';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SCREENSHOTS } from './support';

const baseURL = inject('baseURL');
const h5 = (JSON.parse(inject('simulators')) as Record<string, string>)['mobile-banking'];
const CODE = 'E2E_MB';

const SAVE_PRODUCT = `mutation($i: ProductInput!) { saveProduct(input: $i) { product { id status } errors { field message } } }`;

let browser: Browser;
let context: BrowserContext;
let page: Page;

/** A valid card number (Luhn check digit), as the drawdown form wants. */
function card(prefix: string, length = 19): string {
  const body = prefix.padEnd(length - 1, '0');
  const sum = [...body].reverse().reduce((acc, ch, i) => {
    let d = Number(ch);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    return acc + d;
  }, 0);
  return body + String((10 - (sum % 10)) % 10);
}

async function shot(name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `h5-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!h5) throw new Error('the e2e server did not report the mobile-banking simulator');
  // A product of FJ-FZ sold through mobile banking, straight through and never sampled, so the
  // customer's application is decided at once (the demo's 农e贷 samples 5 % for a person).
  const saved = await gql(baseURL, await apiToken(baseURL, 'fz.admin'), SAVE_PRODUCT, { i: {
    code: CODE, name: '手机银行快贷', amountMin: '1000.00', amountMax: '100000.00', terms: [12, 24], rateMin: '4.35', rateMax: '7.80',
    repaymentMethods: ['EQUAL_INSTALLMENT'], channels: ['MOBILE_BANKING'], sampleRate: 0, validFrom: '2026-01-01',
    eligibility: { preciseArchive: true, minGrade: 'B', noVeto: true, ageMin: 18, ageMax: 65, regions: [] },
    processes: [{ maxAmount: null, processKey: 'STRAIGHT_THROUGH' }],
  } });
  expect(saved.saveProduct.errors).toEqual([]);
  browser = await launchBrowser();
  context = await browser.newContext({
    baseURL: h5, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('mobile banking H5 (a customer on a phone)', () => {
  it('logs a demo customer in, applies, draws down and sees the loan disbursed', async () => {
    await page.goto('/');
    const select = page.getByTestId('mb-customer');
    await select.locator('option', { hasText: '福州农村商业银行' }).first().waitFor({ state: 'attached' });
    await shot('login');
    // The first precise FJ-FZ customer the product is open to (the list puts the best-rated first).
    const candidates = await select.locator('option', { hasText: /福州农村商业银行，建档精准/ }).evaluateAll(
      (options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(candidates.length).toBeGreaterThan(0);
    let chosen = false;
    for (const key of candidates) {
      await select.selectOption(key);
      await page.getByTestId('mb-login').tap();
      await page.getByTestId('mb-product-' + CODE).waitFor();
      if (await page.getByTestId('mb-apply-' + CODE).count()) {
        chosen = true;
        break;
      }
      await page.getByTestId('mb-logout').tap();
      await select.locator('option').first().waitFor({ state: 'attached' });
    }
    expect(chosen).toBe(true);
    await expect(page.getByTestId('mb-precise').textContent()).resolves.toBe('建档精准');
    await expect(page.getByTestId('mb-greeting').textContent()).resolves.toMatch(/^您好，.*\*/); // the name masked
    // The quota of this product (the customer may hold others, e.g. one an earlier test approved).
    const quota = page.locator('[data-product="手机银行快贷"]');
    const available = quota.locator('[data-testid^="mb-quota-available-"]');
    expect(await quota.count()).toBe(0);
    await shot('home');

    // Apply within the recommended quota (earlier browser tests may have published another card):
    // a field error first (no purpose), then the application decided straight through.
    const offer = (await page.getByTestId('mb-product-' + CODE).textContent()) ?? '';
    const recommended = Number((/推荐额度\s*¥([\d,.]+)/.exec(offer)?.[1] ?? '20000').replace(/,/g, ''));
    const amount = Math.max(2000, Math.min(20000, Math.floor(recommended)));
    const drawn = Math.floor(amount / 2);
    const yuan = (n: number) => `¥${n.toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    await page.getByTestId('mb-apply-' + CODE).tap();
    await page.getByTestId('mb-amount').fill(amount.toFixed(2));
    await page.getByTestId('mb-submit').tap();
    await page.locator('[data-field="purpose"] .error:not([hidden])').waitFor();
    await page.getByTestId('mb-purpose').fill('购买化肥和种子');
    await page.getByTestId('mb-submit').tap();
    // The decision, or the refusal the form shows (named in the failure, not a bare timeout).
    await page.locator('[data-testid="mb-toast"]:not([hidden]), #fields .error:not([hidden]), [data-testid="mb-form-error"]:not([hidden])').first().waitFor();
    expect(await page.locator('#sheet:not([hidden])').count(), await page.locator('#sheet').innerText()).toBe(0);
    expect(await page.getByTestId('mb-toast').textContent()).toContain('已批准');
    await available.filter({ hasText: yuan(amount) }).waitFor();
    await expect(page.getByTestId('mb-applications').textContent()).resolves.toContain('已批准');

    // Draw down: a wrong card number is refused on its field, a valid one goes to the platform.
    await quota.locator('[data-testid^="mb-draw-"]').tap();
    await page.getByTestId('mb-amount').fill(drawn.toFixed(2));
    await page.getByTestId('mb-account').fill('6217991234567890123');
    await page.getByTestId('mb-submit').tap();
    await page.locator('[data-field="account"] .error:not([hidden])').filter({ hasText: '收款账号' }).waitFor();
    await page.getByTestId('mb-account').fill(card('621799'));
    await page.getByTestId('mb-submit').tap();
    await page.getByTestId('mb-toast').filter({ hasText: '借款申请已提交' }).waitFor();
    // The worker hands the loan to the lending platform; its callbacks say accepted, then disbursed.
    await page.getByTestId('mb-loan-status-0').filter({ hasText: '已放款' }).waitFor({ timeout: 60_000 });
    await available.filter({ hasText: yuan(amount - drawn) }).waitFor();
    const loan = await page.getByTestId('mb-loan-0').textContent();
    expect(loan).toContain(yuan(drawn));
    expect(loan).toMatch(/6217 \*\*\*\* \*\*\*\* \d{4}/); // the account masked
    await shot('loan');
    // Words, never codes: no enum value, null or undefined anywhere on the page.
    expect(await page.locator('main#home').innerText()).not.toMatch(/null|undefined|\b[A-Z]+_[A-Z_]+\b|\b(ACTIVE|APPROVED|DISBURSED|VERIFIED)\b/);

    await page.getByTestId('mb-logout').tap();
    await page.getByTestId('mb-login').waitFor();
  }, 180_000);

  it("shows the bank's staff the customer's drawdown and text messages on the archive", async () => {
    // The archive whose quota of this product the test above got (newest first).
    const found = await gql(baseURL, await apiToken(baseURL, 'fz.admin'),
      `{ quotas(first: 50) { edges { node { productCode customer { id } } } } }`, {});
    const customerId = (found.quotas.edges as { node: { productCode: string; customer: { id: string } } }[])
      .find((e) => e.node.productCode === CODE)?.node.customer.id;
    expect(customerId).toBeTruthy();
    const staff = await newPage(browser, baseURL);
    await loginAs(staff, 'fz.admin');
    await staff.goto(`/pc/archives/${customerId}`);
    await staff.getByRole('tab', { name: '用信与短信' }).click();
    const loans = staff.getByTestId('loans-drawdowns');
    await loans.getByTestId('loan-status').filter({ hasText: '已放款' }).waitFor();
    expect(await loans.innerText()).toMatch(/JK\d+/); // the loan number
    // Both events texted (the disbursement's once the worker sent it), the number masked.
    const texts = staff.getByTestId('loans-texts');
    await texts.locator('tr', { hasText: '借款已发放' }).getByTestId('text-status').filter({ hasText: /已发送|已送达/ }).waitFor();
    await texts.locator('tr', { hasText: '额度审批通过' }).first().waitFor();
    expect(await texts.innerText()).toMatch(/1\d{2}\*{4}\d{4}/);
    await screenshot(staff, 'archive-loans');
    const tab = await staff.getByTestId('loans-tab').innerText();
    expect(tab).not.toMatch(/null|undefined|\b[A-Z]+_[A-Z_]+\b|\b(ACTIVE|DISBURSED|SENT|DELIVERED)\b/);
    await staff.context().close();
  }, 120_000);
});
