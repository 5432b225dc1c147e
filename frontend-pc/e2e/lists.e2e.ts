// The PC's lists at 1366 x 768: the archive list sorted by name in pinyin order (阿明 … 张三, not by
// code point) across its keyset pages, both ways, and by last change; a list whose request fails
// shows 重试 and no rows, and reads again once the network is back; dates, names and codes keep
// to one line (cells measured), the table scrolling sideways instead.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiToken, archiveInput, gql, loginAs, residentId, screenshot, usePage } from './support';

const baseURL = inject('baseURL');
const PAGE_SIZE = 20; // the archive list's page
// In pinyin order (checked against backend.customers.sorting): a1ming2, bai2xue3, cai4wen2 … zhao4liu4.
// By code point 张 (U+5F20) would come before 李 (U+674E), 阿 (U+963F) after both.
const PINYIN = ['阿明', '白雪', '蔡文', '陈七', '邓超', '范冰', '高峰', '韩梅', '金星', '孔明', '李四', '林涛', '马力', '倪红', '欧文', '潘安', '钱多', '孙悦', '唐僧', '王五', '徐静', '杨光', '张三', '赵六'];
// Created in this order (so the list by last change differs from both name orders).
const CREATED = ['张三', '李四', '王五', '阿明', ...PINYIN.filter((n) => !['张三', '李四', '王五', '阿明'].includes(n))];

let page: Page;
let since: string;
let cm: string;

/** The names of this file's archives, most recently changed first, as the API lists them. */
async function byLastChange(): Promise<string[]> {
  const query = 'query($f: CustomerFilter) { customers(filter: $f, first: 100, order: UPDATED_DESC) { edges { node { name } } } }';
  const found = await gql(baseURL, cm, query, { f: { updatedFrom: since } });
  return found.customers.edges.map((e: { node: { name: string } }) => e.node.name);
}

beforeAll(async () => {
  cm = await apiToken(baseURL, 'fz1.cm1');
  // The list is filtered to archives changed since now: only this file's, whatever else the server holds.
  since = new Date(Date.now() - 1000).toISOString();
  for (const [i, name] of CREATED.entries()) {
    const created = await gql(baseURL, cm, 'mutation($i: CreateArchiveInput!) { createArchive(input: $i) { errors { code message } } }', {
      i: { archive: archiveInput(name, residentId('350102', '19770707', 700 + i), { mobile: null, familyMembers: [], maritalStatus: 'SINGLE' }), channel: 'PC' },
    });
    if (created.createArchive.errors.length) throw new Error(`create ${name}: ${JSON.stringify(created.createArchive.errors)}`);
  }
});

usePage(baseURL, (opened) => (page = opened));

const names = () => page.getByTestId('archive-link').allTextContents();
const header = (title: string) => page.getByTestId('archive-table').locator('th', { hasText: title }).first();

/** The names of the page once its first row is `first` (a new page or order has arrived). */
async function pageStartingWith(first: string): Promise<string[]> {
  await expect.poll(async () => (await names())[0]).toBe(first);
  await expect.poll(() => page.getByTestId('archive-table').locator('.ant-spin-spinning').count()).toBe(0);
  return names();
}

/** Do `action` and answer the names of the list page the archive search then reads in `order`. */
async function afterSearch(order: string, action: () => Promise<unknown>): Promise<string[]> {
  const answered = page.waitForResponse((r) => {
    const sent = r.request().postData() ?? '';
    return r.url().endsWith('/graphql') && sent.includes('query Customers(') && sent.includes(`"order":"${order}"`);
  });
  await action();
  const body = (await (await answered).json()) as { data: { customers: { edges: { node: { name: string } }[] } } };
  const expected = body.data.customers.edges.map((e) => e.node.name);
  return expected.length ? pageStartingWith(expected[0]) : names();
}

/** Every table cell of the page's tables is at most two lines tall (one-line cells; tags may wrap a row). */
async function tallestCellInLines(): Promise<{ lines: number; text: string }> {
  return page.evaluate(() => {
    let worst = { lines: 0, text: '' };
    for (const td of Array.from(document.querySelectorAll<HTMLElement>('.ant-table-tbody td'))) {
      const style = getComputedStyle(td);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5715;
      const content = td.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      const lines = content / lineHeight;
      if (lines > worst.lines) worst = { lines, text: td.textContent ?? '' };
    }
    return worst;
  });
}

describe('PC lists at 1366 x 768', () => {
  it('sorts the archive list by name in pinyin order across pages, both ways, and by last change', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await loginAs(page, 'fz1.cm1');
    await page.goto(`/pc/archives?updatedFrom=${encodeURIComponent(since)}`);
    // Pinyin order by default, 20 to a page, the rest on the next page.
    expect(await pageStartingWith(PINYIN[0])).toEqual(PINYIN.slice(0, PAGE_SIZE));
    expect(await header('姓名').getAttribute('aria-sort')).toBe('ascending');
    // Dates, names and codes on one line at 1366 px (the wide table scrolls sideways instead).
    const tallest = await tallestCellInLines();
    expect(tallest.lines, tallest.text).toBeLessThanOrEqual(2);
    for (const cell of await page.getByTestId('archive-table').locator('td', { hasText: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/ }).all()) {
      const box = (await cell.boundingBox())!;
      expect(box.height).toBeLessThan(2 * 22 + 24 + 1); // two lines of 22 px and the cell's padding
    }
    await screenshot(page, 'archives-1366');
    expect(await afterSearch('NAME_ASC', () => page.getByTestId('page-next').click())).toEqual(PINYIN.slice(PAGE_SIZE));

    // The header toggles the order, which starts again from the first page.
    const descending = [...PINYIN].reverse();
    expect(await afterSearch('NAME_DESC', () => header('姓名').click())).toEqual(descending.slice(0, PAGE_SIZE));
    expect(page.url()).toContain('order=NAME_DESC');
    expect(await afterSearch('NAME_DESC', () => page.getByTestId('page-next').click())).toEqual(descending.slice(PAGE_SIZE));

    // By last change, newest first (background jobs touch new archives, so the API says which is newest).
    const newestFirst = await afterSearch('UPDATED_DESC', () => header('更新时间').click());
    const newest = await byLastChange();
    expect(newestFirst).toEqual(newest.slice(0, PAGE_SIZE));
    expect(new Set(newest)).toEqual(new Set(PINYIN));
    expect(await afterSearch('UPDATED_DESC', () => page.getByTestId('page-next').click())).toEqual(newest.slice(PAGE_SIZE));

    // The order is in the URL: reloading keeps it.
    expect(page.url()).toContain('order=UPDATED_DESC');
    expect(await afterSearch('UPDATED_DESC', () => page.reload())).toEqual((await byLastChange()).slice(0, PAGE_SIZE));
  });

  it('shows a failed list with 重试 and no rows, and its rows once the network is back', async () => {
    // The reminders of fz1.cm1 (the demo gives the collector open reminders), their request failing.
    const failing = (route: Parameters<Parameters<Page['route']>[1]>[0]) =>
      (route.request().postData() ?? '').includes('MyReminders') ? route.abort('internetdisconnected') : route.continue();
    await page.route('**/graphql', failing);
    await page.goto('/pc/reminders');
    const failed = page.getByTestId('query-error');
    await failed.waitFor();
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(0);
    expect(await failed.getByRole('button', { name: /重\s*试/ }).isVisible()).toBe(true);

    await page.unroute('**/graphql', failing);
    await failed.getByTestId('query-retry').click();
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('query-error').count()).toBe(0);
    const tallest = await tallestCellInLines();
    expect(tallest.lines, tallest.text).toBeLessThanOrEqual(2);
  });
});
