// Business data from the data warehouse (docs/business-data.md). The e2e server's demo data
// includes three days of simulated deliveries for the demo banks, imported as `cic run` does
// (backend/cli/__init__.py `_demo_business_data`); the last day's wealth file of FJ-FZ has a
// wrong trailer and is refused, and every file has a row or two quarantined.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enumLabel } from '@cic/shared/labels';
import { formatYuan } from '@cic/shared/business';
import { apiToken, gql, loginAs, logout, screenshot, usePage } from './support';

const baseURL = inject('baseURL');

let page: Page;
usePage(baseURL, (opened) => (page = opened));

interface Listed {
  id: string;
  name: string;
  bankBusiness: { depositBalance: string | null; depositBand: string; loanBalance: string | null; loanBand: string; trend: { month: string }[] } | null;
}

const LIST = `query($first: Int!) { customers(first: $first) { edges { node {
  id name bankBusiness { depositBalance depositBand loanBalance loanBand trend { month } }
} } } }`;

interface Imported {
  status: string;
  rejects: { lineNo: number; code: string; field: string | null; message: string }[];
}
const IMPORTS = `{ warehouseImports(first: 50) { edges { node { status rejects(first: 5) { lineNo code field message } } } } }`;

async function archives(username: string): Promise<Listed[]> {
  const data = await gql(baseURL, await apiToken(baseURL, username), LIST, { first: 100 });
  return data.customers.edges.map((e: { node: Listed }) => e.node);
}

/** An archive of fz1.manager's branch with deposits in the warehouse's latest snapshot. */
let archive: Listed;

beforeAll(async () => {
  const found = (await archives('fz1.manager')).find((c) => c.bankBusiness && Number(c.bankBusiness.depositBalance) > 0 && c.bankBusiness.trend.length > 0);
  if (!found) throw new Error('the demo data has no archive with business data in FJ-FZ-01');
  archive = found;
});

/** Open the archive and its 业务往来 tab; wait for the chart's canvas. */
async function openBusinessTab(id: string): Promise<void> {
  await page.goto(`/pc/archives/${id}`);
  await page.getByTestId('customer-name').waitFor();
  await page.getByRole('tab', { name: '业务往来', exact: true }).click();
  await page.getByTestId('bank-business').waitFor();
  await page.getByTestId('business-trend').locator('canvas').waitFor();
}

/** The chart's option as ECharts holds it (the instance the Chart component leaves on its holder). */
function chartOption(): Promise<{ yType: string; series: { name: string; data: unknown[] }[] }> {
  return page.getByTestId('business-trend').evaluate((el) => {
    const chart = (el as HTMLElement & { __echarts?: { getOption: () => any } }).__echarts!;
    const option = chart.getOption();
    return { yType: option.yAxis[0].type, series: option.series.map((s: { name: string; data: unknown[] }) => ({ name: s.name, data: s.data })) };
  });
}

describe('business data', () => {
  it('shows a branch manager the figures in yuan and a chart of month-end balances', async () => {
    await loginAs(page, 'fz1.manager');
    await openBusinessTab(archive.id);
    const business = archive.bankBusiness!;
    await expect.poll(() => page.getByTestId('business-deposit-balance').textContent()).toBe(formatYuan(business.depositBalance));
    expect(await page.getByTestId('business-deposit-balance').textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(await page.getByTestId('business-loan-balance').textContent()).toBe(formatYuan(business.loanBalance));
    expect(await page.getByTestId('business-bands-only').count()).toBe(0);
    const option = await chartOption();
    expect(option.yType).toBe('value');
    expect(option.series.map((s) => s.name)).toEqual(['存款余额', '贷款余额']);
    expect(option.series[0].data).toHaveLength(business.trend.length);
    expect(option.series[0].data.at(-1)).toBe(Number(business.depositBalance));
    await screenshot(page, 'archive-business');
    await logout(page);
  });

  it('shows a province analyst the bands, not the figures, in the cards and the chart', async () => {
    await loginAs(page, 'prov.analyst');
    await openBusinessTab(archive.id);
    const business = archive.bankBusiness!;
    await expect.poll(() => page.getByTestId('business-deposit-balance').textContent()).toBe(enumLabel('AmountBand', business.depositBand, 'zh'));
    expect(await page.getByTestId('business-loan-balance').textContent()).toBe(enumLabel('AmountBand', business.loanBand, 'zh'));
    expect(await page.getByTestId('business-bands-only').count()).toBe(1);
    expect(await page.getByTestId('bank-business').textContent()).not.toMatch(/¥\d/);
    const option = await chartOption();
    expect(option.yType).toBe('category');
    expect(option.series[0].data.every((v) => Number.isInteger(v))).toBe(true);
    await screenshot(page, 'archive-business-analyst');
    await logout(page);
  });

  it('shows a bank admin the warehouse imports: a refused file in words and a quarantined row', async () => {
    // (The blacklist tag is not tested here: the simulator blacklists about 1 % of the customers,
    // at random, so a bank of the demo data may have none. Component tests cover the tag.)
    await loginAs(page, 'fz.admin');
    await page.getByTestId('main-menu').getByText('数据仓库导入').click();
    await page.waitForURL('**/pc/warehouse');
    const table = page.getByTestId('warehouse-imports');
    const refused = table.locator('tr.warehouse-row-refused').first();
    await refused.waitFor();
    expect(await refused.getByTestId('warehouse-file').textContent()).toMatch(/^FJ-FZ_WEALTH_\d{8}\.dat$/);
    expect(await refused.getByTestId('warehouse-reason').textContent()).toContain('文件尾行记录数不符');
    // A file imported with quarantined rows: expand it and read the first.
    const done = table.locator('tr.warehouse-row-done', { has: page.locator('button.ant-table-row-expand-icon-collapsed') }).first();
    await done.locator('button.ant-table-row-expand-icon').click();
    const rejects = table.locator('[data-testid^=warehouse-rejects-]').first();
    await rejects.waitFor();
    const cells = await rejects.locator('tbody tr.ant-table-row').first().locator('td').allTextContents();
    // The same row through the API: the list is newest first in both.
    const imports = await gql(baseURL, await apiToken(baseURL, 'fz.admin'), IMPORTS);
    const first = imports.warehouseImports.edges.map((e: { node: Imported }) => e.node).find((i: Imported) => i.status === 'DONE' && i.rejects.length)!;
    const reject = first.rejects[0];
    expect(Number(cells[0])).toBe(reject.lineNo);
    expect(reject.lineNo).toBeGreaterThan(1); // the header is line 1
    expect(cells[1]).toBe(enumLabel('WarehouseRejectCode', reject.code, 'zh'));
    expect(cells[1]).not.toBe(reject.code);
    expect(cells[2]).toBe(reject.field ?? '—');
    expect(cells[3]).toBe(reject.message);
    await screenshot(page, 'warehouse-imports');
  });
});
