// 报表中心 (docs/reports.md) against the e2e server's demo data (30 days of report facts and last
// month's workbooks): a province analyst opens the bank ranking, sorts it by a column, opens a
// bank (its branches) and a branch (its customer managers, as far down as it goes), goes back up
// by the breadcrumb and downloads the report and a monthly workbook; a branch manager sees only
// their own branch's managers.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiToken, gql, loginAs, logout, moveMouseAway, screenshot, usePage } from './support';

const baseURL = inject('baseURL');
const PROVINCE = '福建省农村信用社联合社';
const BANK = '福州农村商业银行';
const BRANCH = '鼓楼支行';

let page: Page;
usePage(baseURL, (opened) => (page = opened));

/** The page's default period, 近30天: the last thirty days to today in Fujian. */
function last30(): { since: string; until: string } {
  const today = Date.now() + 8 * 3600_000;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { since: day(today - 29 * 86_400_000), until: day(today) };
}

/** The names of the rows the API ranks below a unit (a manager row: the manager, or 未分配客户经理). */
async function rowNames(username: string, orgUnitId: string | null, orderBy = 'ARCHIVES'): Promise<string[]> {
  const data = await gql(baseURL, await apiToken(baseURL, username), `query($s: Date!, $u: Date!, $o: ID, $by: ReportOrder!) {
    report(since: $s, until: $u, orgUnitId: $o, orderBy: $by) { rows { orgUnit { name } manager { name } unassigned } } }`, {
    s: last30().since, u: last30().until, o: orgUnitId, by: orderBy,
  });
  return data.report.rows.map((r: { orgUnit: { name: string }; manager: { name: string } | null; unassigned: boolean }) =>
    r.unassigned ? '未分配客户经理' : (r.manager?.name ?? r.orgUnit.name),
  );
}

async function unitId(name: string): Promise<string> {
  const data = await gql(baseURL, await apiToken(baseURL, 'prov.analyst'), '{ orgUnits { id name } }');
  return data.orgUnits.find((u: { name: string }) => u.name === name).id;
}

const rows = () => page.locator('[data-testid=ranking-table] tr[data-testid=ranking-row]');
const names = async () => (await rows().getByTestId('ranking-name').allTextContents()).map((s) => s.trim());
const column = async (figure: string) => (await rows().getByTestId(`cell-${figure}`).allTextContents()).map((s) => Number(s.replace(/[,%¥]/g, '')));
const breadcrumb = async () => ((await page.getByTestId('report-breadcrumb').textContent()) ?? '').replace(/\s+/g, '');

describe('report centre', () => {
  it('a province analyst ranks the banks, sorts by a column and opens a bank, then a branch', async () => {
    await loginAs(page, 'prov.analyst');
    await page.getByTestId('main-menu').getByText('报表中心', { exact: true }).click();
    await page.waitForURL('**/pc/reports');
    await expect.poll(() => page.getByTestId('report-as-of').textContent()).toMatch(/^数据截至 \d{4}-\d{2}-\d{2}$/);
    expect(await breadcrumb()).toBe(PROVINCE);
    expect(await page.getByTestId('report-level').textContent()).toContain('按法人行社按网点');

    // The banks in the API's order (archives, biggest first), ranked 1, 2, 3 ...
    const banks = await rowNames('prov.analyst', null);
    expect(banks).toContain(BANK);
    await expect.poll(names).toEqual(banks);
    expect(await rows().getByTestId('ranking-rank').allTextContents()).toEqual(banks.map((_, i) => String(i + 1)));
    expect(Number((await page.getByTestId('card-archives').textContent())!.replace(/,/g, ''))).toBeGreaterThan(0);
    // Words, never codes.
    expect(await page.getByTestId('ranking-table').textContent()).not.toMatch(/\b(BANK|BRANCH|MANAGER|PROVINCE)\b/);

    // Sorted by 新建档案: biggest first, then smallest first, as the API ranks them.
    const header = page.locator('[data-testid=ranking-table] th', { hasText: '新建档案' });
    await header.click();
    const byCreated = await rowNames('prov.analyst', null, 'CREATED');
    await expect.poll(names).toEqual(byCreated);
    const created = await column('created');
    expect(created).toEqual([...created].sort((a, b) => b - a));
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(async () => (await column('created')).join()).toBe([...created].sort((a, b) => a - b).join());
    // The picture: the header, the cards, the tab and the whole ranking (a taller window than 900 px).
    await page.setViewportSize({ width: 1440, height: 1080 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await moveMouseAway(page);
    await screenshot(page, 'reports');
    await page.setViewportSize({ width: 1440, height: 900 });

    // A bank's row opens the bank: its branches.
    await rows().filter({ hasText: BANK }).click();
    await page.waitForURL(new RegExp(`unit=${await unitId(BANK)}`));
    await expect.poll(breadcrumb).toBe(`${PROVINCE}/${BANK}`);
    const branches = await rowNames('prov.analyst', await unitId(BANK));
    expect(branches).toContain(BRANCH);
    await expect.poll(names).toEqual(branches);
    expect(await page.locator('[data-testid=ranking-table] th', { hasText: '网点' }).count()).toBe(1);
    // The name search asks the API for the matching rows.
    await page.getByTestId('ranking-search').locator('input').fill('鼓楼');
    await expect.poll(names).toEqual([BRANCH]);

    // A branch's row opens the branch: its customer managers, who open nothing further.
    await rows().filter({ hasText: BRANCH }).click();
    await expect.poll(breadcrumb).toBe(`${PROVINCE}/${BANK}/${BRANCH}`);
    const managers = await rowNames('prov.analyst', await unitId(BRANCH));
    expect(managers.length).toBeGreaterThan(0);
    await expect.poll(names).toEqual(managers);
    expect(await page.getByTestId('report-level').textContent()).toBe('按客户经理');
    // A manager's row is not a link: no drill-down class, and a click changes nothing.
    expect(await rows().first().getAttribute('class')).not.toContain('cic-clickable-row');
    const url = page.url();
    await rows().first().click();
    await expect.poll(breadcrumb).toBe(`${PROVINCE}/${BANK}/${BRANCH}`);
    expect(page.url()).toBe(url);

    // The breadcrumb goes back up to the province.
    await page.getByTestId('breadcrumb-unit').filter({ hasText: PROVINCE }).click();
    await expect.poll(breadcrumb).toBe(PROVINCE);
    await expect.poll(names).toEqual(banks);
  });

  it('downloads the report and a monthly workbook as Excel', async () => {
    const exported = page.waitForEvent('download');
    await page.getByTestId('report-export').click();
    expect((await exported).suggestedFilename()).toMatch(/\.xlsx$/);

    await page.getByRole('tab', { name: '月报' }).click();
    const monthly = page.locator('[data-testid=monthly-table] tr[data-testid=monthly-row]');
    await monthly.first().waitFor();
    expect(await page.getByTestId('monthly-table').textContent()).toContain(PROVINCE);
    const workbook = page.waitForEvent('download');
    await monthly.first().getByTestId('monthly-download').click();
    expect((await workbook).suggestedFilename()).toMatch(/\.xlsx$/);
  });

  it('a branch manager sees only their branch and its customer managers', async () => {
    await logout(page);
    await loginAs(page, 'fz1.manager');
    await page.goto('/pc/reports');
    await expect.poll(breadcrumb).toBe(BRANCH);
    expect(await page.getByTestId('report-level').textContent()).toBe('按客户经理');
    const managers = await rowNames('fz1.manager', null);
    expect(managers.length).toBeGreaterThan(0);
    await expect.poll(names).toEqual(managers);
    const text = await page.getByTestId('ranking-table').textContent();
    for (const other of ['仓山支行', '长乐支行', '泉州农村商业银行']) expect(text).not.toContain(other);
  });
});
