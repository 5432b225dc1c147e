// The credit rating (docs/rating.md) on the archive's 信用评级 tab, against the e2e server's demo
// data: a branch manager rates an archive on demand (rateCustomer) and reads the explanation; a
// province analyst sees the score and the grade, and that the detail is for the bank's staff.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatYuan } from '@cic/shared/business';
import { apiToken, gql, loginAs, logout, screenshot, usePage } from './support';

const baseURL = inject('baseURL');

let page: Page;
usePage(baseURL, (opened) => (page = opened));

interface Rated {
  score: number;
  gradeLabel: string;
  card: { maxScore: number };
  items: { label: string; points: number; maxPoints: number }[] | null;
  reasons: string[] | null;
  vetoReasons: string[];
  recommendedQuota: string | null;
}

const RATING = `query($id: ID!) { customer(id: $id) { id rating {
  score gradeLabel card { maxScore } items { label points maxPoints } reasons vetoReasons recommendedQuota
} } }`;

async function ratingOf(username: string, id: string): Promise<Rated | null> {
  const data = await gql(baseURL, await apiToken(baseURL, username), RATING, { id });
  return data.customer.rating;
}

/** An archive of fz1.manager's branch, a verified one where there is one (a veto of an archive
 * not precisely filed would hide the grade the points give). */
let archiveId: string;

beforeAll(async () => {
  const data = await gql(baseURL, await apiToken(baseURL, 'fz1.manager'), `{ customers(first: 100) { edges { node { id status } } } }`);
  const nodes: { id: string; status: string }[] = data.customers.edges.map((e: { node: { id: string; status: string } }) => e.node);
  const found = nodes.find((c) => c.status === 'VERIFIED') ?? nodes[0];
  if (!found) throw new Error('the demo data has no archive in FJ-FZ-01');
  archiveId = found.id;
});

/** Open the archive and its 信用评级 tab. */
async function openRatingTab(id: string): Promise<void> {
  await page.goto(`/pc/archives/${id}`);
  await page.getByTestId('customer-name').waitFor();
  await page.getByRole('tab', { name: '信用评级', exact: true }).click();
  await page.locator('[data-testid=rating], [data-testid=rating-none]').first().waitFor();
}

describe('credit rating', () => {
  it('lets a branch manager rate an archive and read why: score, grade, quota, reasons and items', async () => {
    await loginAs(page, 'fz1.manager');
    await openRatingTab(archiveId);
    await page.getByTestId('rating-rate').click();
    await page.getByText('已重新评级').waitFor();
    const rated = (await ratingOf('fz1.manager', archiveId))!;
    expect(rated.items?.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('rating-score').textContent()).toBe(`${rated.score} / ${rated.card.maxScore}`);
    expect(await page.getByTestId('rating-grade').textContent()).toBe(rated.gradeLabel);
    expect(await page.getByTestId('rating-quota').textContent()).toBe(formatYuan(rated.recommendedQuota));
    // The items table: one row per item, its label and points of the most it could earn.
    const rows = page.getByTestId('rating-items').locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBe(rated.items!.length);
    const first = await rows.first().locator('td').allTextContents();
    expect(first[0]).toBe(rated.items![0].label);
    expect(first[3]).toBe(`${rated.items![0].points} / ${rated.items![0].maxPoints}`);
    expect(await page.getByTestId('rating-items').locator('.ant-progress').count()).toBe(rated.items!.length);
    if (rated.reasons?.length) expect(await page.getByTestId('rating-reasons').locator('li').allTextContents()).toEqual(rated.reasons);
    // The waterfall: the base points, each item's points on top, ending at the score.
    await page.getByTestId('rating-waterfall').locator('canvas').first().waitFor();
    const waterfall = () => page.getByTestId('rating-waterfall').evaluate((el) => (el as HTMLElement & { __echarts?: { getOption: () => any } }).__echarts?.getOption() ?? null);
    await expect.poll(async () => (await waterfall())?.yAxis?.[0]?.data).toEqual(['基础分', ...rated.items!.map((i) => i.label), '总分']);
    const bars: { value: number }[] = (await waterfall()).series[1].data;
    const base = rated.score - rated.items!.reduce((sum, i) => sum + i.points, 0);
    expect(bars.map((b) => b.value)).toEqual([base, ...rated.items!.map((i) => i.points), rated.score]);
    expect(await page.getByTestId('rating-vetoes').count()).toBe(rated.vetoReasons.length ? 1 : 0);
    expect(await page.getByTestId('rating-detail-hidden').count()).toBe(0);
    // Words, never codes: no enum value left in the table.
    expect(await page.getByTestId('rating-items').textContent()).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b/);
    await screenshot(page, 'archive-rating');
    await logout(page);
  });

  it('shows a province analyst the score and the grade, and that the detail is for the bank staff', async () => {
    await loginAs(page, 'prov.analyst');
    await openRatingTab(archiveId);
    const rated = (await ratingOf('prov.analyst', archiveId))!;
    expect(rated.items).toBeNull();
    await expect.poll(() => page.getByTestId('rating-score').textContent()).toBe(`${rated.score} / ${rated.card.maxScore}`);
    expect(await page.getByTestId('rating-grade').textContent()).toBe(rated.gradeLabel);
    expect(await page.getByTestId('rating-detail-hidden').textContent()).toContain('评分明细仅对本行工作人员可见');
    expect(await page.getByTestId('rating-items').count()).toBe(0);
    expect(await page.getByTestId('rating-quota').count()).toBe(0);
    expect(await page.getByTestId('rating-rate').count()).toBe(0);
    expect(await page.getByTestId('rating').textContent()).not.toMatch(/¥\d/);
    await screenshot(page, 'archive-rating-analyst');
    await logout(page);
  });
});
