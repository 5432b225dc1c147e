// The customer's business with the bank on the tablet: one line under the archive's title
// (存款 · 贷款 · 逾期), read from the archive cached in IndexedDB, so it shows with no network.
// The e2e server's demo data includes the warehouse's simulated deliveries, imported.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { businessSummary, type BusinessSummaryInput } from '@cic/shared/business';
import { apiToken, gql, loginOnTablet, screenshot, useTablet } from './support';

const baseURL = inject('baseURL');

let context: BrowserContext;
let page: Page;
let archive: { id: string; bankBusiness: BusinessSummaryInput };

beforeAll(async () => {
  const token = await apiToken(baseURL, 'fz1.cm1');
  const me = await gql(baseURL, token, '{ me { user { id } } }');
  const data = await gql(baseURL, token, `query($m: ID!) { customers(filter: { managerId: $m }, first: 100) { edges { node {
    id bankBusiness { depositBalance depositBand loanBalance loanBand overdueDays }
  } } } }`, { m: me.me.user.id });
  archive = data.customers.edges.map((e: { node: typeof archive }) => e.node).find((c: typeof archive) => c.bankBusiness && Number(c.bankBusiness.depositBalance) > 0);
  if (!archive) throw new Error("the demo data has no archive of fz1.cm1's with business data");
});

useTablet(baseURL, (tablet) => ({ context, page } = tablet));

describe('business line on the PAD', () => {
  it('shows deposits, loans and overdue days of a cached archive, offline', async () => {
    await loginOnTablet(page, 'fz1.cm1');
    await page.waitForFunction(() => document.documentElement.dataset.cache === 'ready', null, { timeout: 60_000 });
    await context.setOffline(true);
    await page.reload(); // the service worker serves the app; the archive comes from IndexedDB
    await page.locator(`[data-archive-id="${archive.id}"]`).click();
    const expected = businessSummary(archive.bankBusiness, 'zh');
    expect(expected).toMatch(/^存款 ¥[\d,]+\.\d{2} · 贷款 ¥[\d,]+\.\d{2} · 逾期 \d+ 天$/);
    await expect.poll(() => page.getByTestId('business-line').textContent()).toBe(expected);
    await screenshot(page, 'archive-business', [{ width: 1280, height: 800 }]);
    await context.setOffline(false);
  });
});
