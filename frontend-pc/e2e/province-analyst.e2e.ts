// A province analyst sees masked values everywhere, the dashboard's charts, and clicks through
// from a chart to the filtered archive list; the workbench switches to English.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clickBar, loginAs, screenshot, usePage } from './support';

const baseURL = inject('baseURL');

let page: Page;

usePage(baseURL, (opened) => (page = opened));

describe('province analyst', () => {
  it('lands on the dashboard with statistics by bank, by channel and the most failed rules', async () => {
    await loginAs(page, 'prov.analyst');
    await page.waitForURL('**/pc/dashboard');
    for (const chart of ['chart-by-unit', 'chart-top-rules', 'chart-trend']) await page.getByTestId(chart).locator('canvas').waitFor();
    const menu = await page.getByTestId('main-menu').textContent();
    expect(menu).toContain('统计看板');
    expect(menu).not.toContain('机构与用户');
    expect(menu).not.toContain('新建档案');
    await screenshot(page, 'dashboard');
  });

  it('clicks a bank in the chart and gets its archives, names and numbers masked, with no filter by them', async () => {
    await clickBar(page, 'chart-by-unit', '福州农村商业银行');
    await page.waitForURL(/\/pc\/archives\?orgUnitId=\d+/);
    const rows = page.locator('[data-testid=archive-table] tbody tr.ant-table-row');
    await rows.first().waitFor();
    const cells = await rows.first().locator('td').allTextContents();
    // no selection column for an analyst: name, ID number, mobile first
    expect(cells[0]).toMatch(/^.\*+$/);
    expect(cells[1]).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    // Mobiles masked wherever there is one (the first archive in pinyin order may have none).
    const mobiles = (await rows.locator('td:nth-child(3)').allTextContents()).filter((m) => m !== '—');
    expect(mobiles.length).toBeGreaterThan(0);
    for (const mobile of mobiles) expect(mobile).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(new Set((await rows.locator('td:nth-child(5)').allTextContents()).map((s) => s.trim())).size).toBeGreaterThan(0);
    expect(await page.getByTestId('transfer-button').count()).toBe(0);
    // The API refuses searches by values the analyst sees masked: those filters are not offered.
    for (const filter of ['#filter-name', '#filter-idNumber', '#filter-mobile']) expect(await page.locator(filter).count(), filter).toBe(0);
    expect(await page.locator('#filter-statuses').count()).toBe(1);
    await screenshot(page, 'archives-analyst');
  });

  it('is told which filter of a bookmarked search the API refuses, and can drop it', async () => {
    await page.goto('/pc/archives?mobile=13812345678&statuses=VERIFIED');
    const refused = page.getByTestId('search-refused');
    await expect.poll(() => refused.textContent()).toContain('您的角色看到的手机号码是脱敏的，不能按手机号码查询');
    await refused.getByRole('button', { name: '去掉该条件' }).click();
    await page.waitForURL((url) => !url.search.includes('mobile') && url.search.includes('statuses=VERIFIED'));
    await page.getByTestId('archive-link').first().waitFor();
    expect(await refused.count()).toBe(0);
  });

  it('opens an archive: masked, the birth date withheld with the ID number, with no reveal offered', async () => {
    await page.getByTestId('archive-link').first().click();
    await page.waitForURL(/\/pc\/archives\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('customer-name').textContent()).toMatch(/^.\*+$/);
    expect(await page.getByTestId('value-idNumber').textContent()).toMatch(/\*{8}/);
    expect(await page.getByTestId('value-birthDate').textContent()).toBe('已随身份证号码脱敏');
    expect(await page.getByTestId('reveal-idNumber').count()).toBe(0);
    expect(await page.getByTestId('edit-button').count()).toBe(0);
  });

  it('switches the workbench to English', async () => {
    await page.getByTestId('locale-switch').click();
    await expect.poll(() => page.getByTestId('main-menu').textContent()).toContain('Dashboard');
    await page.getByTestId('locale-switch').click();
    await expect.poll(() => page.getByTestId('main-menu').textContent()).toContain('统计看板');
  });
});
