// The customer's business with the bank on the tablet: one line under the archive's title
// (存款 · 贷款 · 逾期), read from the archive cached in IndexedDB, so it shows with no network.
// The e2e server's demo data includes the warehouse's simulated deliveries, imported. The
// customer's credit rating (信用评级 block) is cached with the archive the same way; an archive the
// e2e database has not rated yet is rated first through the API (rateCustomer, as fz1.cm1).
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { businessSummary, type BusinessSummaryInput } from '@cic/shared/business';
import { apiToken, gql, loginOnTablet, screenshot, useTablet } from './support';

const baseURL = inject('baseURL');

let context: BrowserContext;
let page: Page;
let archive: { id: string; bankBusiness: BusinessSummaryInput };
let rating: { score: number; gradeLabel: string; card: { maxScore: number }; vetoReasons: string[]; reasons: string[] | null };

beforeAll(async () => {
  const token = await apiToken(baseURL, 'fz1.cm1');
  const me = await gql(baseURL, token, '{ me { user { id } } }');
  const data = await gql(baseURL, token, `query($m: ID!) { customers(filter: { managerId: $m }, first: 100) { edges { node {
    id bankBusiness { depositBalance depositBand loanBalance loanBand overdueDays }
  } } } }`, { m: me.me.user.id });
  archive = data.customers.edges.map((e: { node: typeof archive }) => e.node).find((c: typeof archive) => c.bankBusiness && Number(c.bankBusiness.depositBalance) > 0);
  if (!archive) throw new Error("the demo data has no archive of fz1.cm1's with business data");
  const RATING = 'rating { score gradeLabel card { maxScore } vetoReasons reasons }';
  rating = (await gql(baseURL, token, `query($id: ID!) { customer(id: $id) { ${RATING} } }`, { id: archive.id })).customer.rating;
  if (!rating) {
    const rated = (await gql(baseURL, token, `mutation($id: ID!) { rateCustomer(id: $id) { ${RATING} errors { code message } } }`, { id: archive.id })).rateCustomer;
    if (rated.errors.length || !rated.rating) throw new Error(`rateCustomer failed: ${JSON.stringify(rated.errors)}`);
    rating = rated.rating;
  }
});

useTablet(baseURL, (tablet) => ({ context, page } = tablet));

describe('business line on the PAD', () => {
  it('shows deposits, loans, overdue days and the credit rating of a cached archive, offline', async () => {
    await loginOnTablet(page, 'fz1.cm1');
    await page.waitForFunction(() => document.documentElement.dataset.cache === 'ready', null, { timeout: 60_000 });
    await context.setOffline(true);
    await page.reload(); // the service worker serves the app; the archive comes from IndexedDB
    await page.locator(`[data-archive-id="${archive.id}"]`).click();
    const expected = businessSummary(archive.bankBusiness, 'zh');
    expect(expected).toMatch(/^存款 ¥[\d,]+\.\d{2} · 贷款 ¥[\d,]+\.\d{2} · 逾期 \d+ 天$/);
    await expect.poll(() => page.getByTestId('business-line').textContent()).toBe(expected);
    // The last known credit rating, from the same cached row.
    await expect.poll(() => page.getByTestId('rating-summary').textContent()).toBe(`${rating.gradeLabel} · ${rating.score} / ${rating.card.maxScore}`);
    await expect.poll(() => page.getByTestId('rating-rated-at').textContent()).toMatch(/^评级时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    if (rating.vetoReasons.length) expect(await page.getByTestId('rating-vetoes').locator('li').allTextContents()).toEqual(rating.vetoReasons);
    if (rating.reasons?.length) expect(await page.getByTestId('rating-reasons').locator('li').allTextContents()).toEqual(rating.reasons.slice(0, 3));
    await screenshot(page, 'archive-business', [{ width: 1280, height: 800 }]);
    await context.setOffline(false);
  });
});
