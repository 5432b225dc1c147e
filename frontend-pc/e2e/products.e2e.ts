// 产品管理's editor (docs/screens.md, "Long forms"), against the e2e server's demo data: a bank admin
// reads the bank's products in words, opens a product of its own (created through the API, so the
// demo's 农e贷 and 富e贷 other tests rely on stay as they are), jumps to 审批流程, and is asked
// before an edit is lost by the drawer's ×, Esc, 取消, a click beside the drawer (its mask, which
// lies over the main menu) and the browser's back (the router's blocker); staying keeps the edit.
// The server's refusal of the amount range lands on 最高金额; fixed, the save closes the drawer and
// the list shows the new maximum; opened again and closed without an edit, nothing asks.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatYuan } from '@cic/shared/business';
import { apiToken, confirmDialog, gql, graphqlResponse, loginAs, logout, screenshot, usePage, waitForToasts } from './support';

const baseURL = inject('baseURL');

let page: Page;
usePage(baseURL, (opened) => (page = opened));

const CODE = 'E2E_PRODUCT_EDITOR';
const NAME = '产品编辑测试贷';
const SAVE_PRODUCT = `mutation($i: ProductInput!) { saveProduct(input: $i) { product { id version } errors { field code message } } }`;
const PRODUCTS = `{ products { code name version status amountMax } }`;
const PROCESSES = `{ processDefinitions(includeSuperseded: false) { key name template } }`;

interface Listed {
  code: string;
  name: string;
  version: number;
  status: string;
  amountMax: string;
}

/** What the products list should never print: the API's enum values and process keys. */
const CODES = /\b(ACTIVE|SUPERSEDED|RETIRED|EQUAL_INSTALLMENT|EQUAL_PRINCIPAL|INTEREST_FIRST|BULLET|BRANCH|MOBILE_BANKING|STRAIGHT_THROUGH|MULTI_LEVEL|CENTRALIZED)\b/;

let token: string;
let processNames: Map<string, string>;

async function productsOf(): Promise<Listed[]> {
  return (await gql(baseURL, token, PRODUCTS)).products;
}

beforeAll(async () => {
  token = await apiToken(baseURL, 'fz.admin');
  // The test's own product of FJ-FZ: two bands, 直通 up to 5万 and the multi-level process above.
  const saved = await gql(baseURL, token, SAVE_PRODUCT, { i: {
    code: CODE, name: NAME, description: '浏览器测试编辑的产品', amountMin: '1000.00', amountMax: '200000.00', terms: [12, 24], rateMin: '4.35', rateMax: '7.80',
    repaymentMethods: ['EQUAL_INSTALLMENT', 'INTEREST_FIRST'], channels: ['BRANCH', 'PAD'], sampleRate: 0, validFrom: '2026-01-01',
    eligibility: { preciseArchive: true, minGrade: 'B', noVeto: true, ageMin: 18, ageMax: 65, regions: [] },
    processes: [{ maxAmount: '50000.00', processKey: 'STRAIGHT_THROUGH' }, { maxAmount: null, processKey: 'MULTI_LEVEL' }],
  } });
  expect(saved.saveProduct.errors).toEqual([]);
  processNames = new Map();
  for (const d of (await gql(baseURL, token, PROCESSES)).processDefinitions as { key: string; name: string; template: boolean }[]) {
    if (!processNames.has(d.key) || !d.template) processNames.set(d.key, d.name);
  }
});

const drawer = () => page.getByTestId('product-drawer');
const leaveDialog = () => page.locator('.ant-modal-confirm');
const amountMax = () => page.locator('#product_amountMax');
const row = (name: string) => page.getByTestId('products-table').locator('tbody tr', { hasText: name });
/** A form item's error under the field with this id. */
const fieldError = (id: string) => page.locator('.ant-form-item', { has: page.locator(`#${id}`) }).locator('.ant-form-item-explain-error');
const focused = () => page.evaluate(() => document.activeElement?.id ?? '');

/** The leave question is open, in Chinese, with its two buttons; answer it by staying. */
async function askedAndStay(): Promise<void> {
  await leaveDialog().waitFor();
  expect(await leaveDialog().locator('.ant-modal-confirm-title').textContent()).toBe('放弃未保存的修改？');
  expect(await leaveDialog().textContent()).toContain('产品有未保存的修改，关闭后将丢失。');
  expect(await page.locator('#leave-confirm').textContent()).toBe('放弃修改并离开');
  expect(await page.locator('#leave-cancel').textContent()).toBe('继续编辑');
  await confirmDialog(page, '继续编辑');
  await leaveDialog().waitFor({ state: 'detached' });
  // Still open, with the edit, still unsaved.
  await drawer().waitFor();
  expect(await drawer().getByTestId('product-dirty').textContent()).toBe('有未保存的修改');
}

describe('the product editor', () => {
  it('lists the bank\'s products in words and opens one in the drawer', async () => {
    await loginAs(page, 'fz.admin');
    await page.getByTestId('main-menu').getByText('产品管理', { exact: true }).click();
    await page.waitForURL('**/pc/products');
    const products = await productsOf();
    const active = products.filter((p) => p.status === 'ACTIVE');
    expect(active.map((p) => p.name)).toEqual(expect.arrayContaining(['农e贷', '富e贷', NAME]));
    for (const p of active) await row(p.name).first().waitFor();
    // Every column in words: statuses, repayment methods, channels and the bands' processes by
    // their names; the product code is the one identifier, shown as such (left out of the scan).
    const words = await page.getByTestId('products-table').evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[data-audit-ignore]').forEach((n) => n.remove());
      return copy.textContent ?? '';
    });
    expect(words).not.toMatch(CODES);
    expect(words).not.toMatch(/\b[A-Z][A-Z0-9]*(?:_[A-Z][A-Z0-9]*)+\b/);
    const mine = row(NAME);
    expect(await mine.getByTestId('product-status').textContent()).toBe('在售');
    const cells = await mine.locator('td').allInnerTexts();
    expect(cells[0]).toContain(CODE);
    expect(cells).toContain(`${formatYuan('1000.00')} - ${formatYuan('200000.00')}`);
    expect(cells).toContain('等额本息、按月付息、到期还本');
    expect(cells.join('\n')).toContain(`≤ ${formatYuan('50000.00')}：${processNames.get('STRAIGHT_THROUGH')}`);
    expect(cells.join('\n')).toContain(`其余金额：${processNames.get('MULTI_LEVEL')}`);

    await mine.getByTestId('product-edit').click();
    await drawer().waitFor();
    expect(await drawer().locator('.ant-drawer-title').textContent()).toBe(`编辑产品：${NAME}`);
    expect(await amountMax().inputValue()).toBe('200000.00');
    // As loaded: nothing to save yet.
    expect(await drawer().getByTestId('product-clean').textContent()).toBe('尚未修改');
  });

  it('jumps to 审批流程: the drawer scrolls to the section and the cursor is in its first field', async () => {
    const body = drawer().locator('.ant-drawer-body');
    const bands = page.locator('#section-bands');
    const bodyTop = (await body.boundingBox())!.y;
    // Below the drawer's first screen at first.
    expect((await bands.boundingBox())!.y).toBeGreaterThan(bodyTop + 400);
    await drawer().getByTestId('jump-bands').click();
    await expect.poll(focused).toBe('product_processes_0_maxAmount');
    // The last section: the body scrolls as far as it goes, and the whole section is in view below
    // the nav row stuck to the top of the drawer's body.
    await expect.poll(() => body.evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop)).toBeLessThan(2);
    expect(await body.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    const nav = (await drawer().getByTestId('form-sections').boundingBox())!;
    const section = (await bands.boundingBox())!;
    const bodyBox = (await body.boundingBox())!;
    expect(section.y).toBeGreaterThanOrEqual(nav.y + nav.height);
    expect(section.y + section.height).toBeLessThanOrEqual(bodyBox.y + bodyBox.height + 1);
    await expect.poll(() => drawer().getByTestId('jump-bands').getAttribute('data-active')).toBe('true');
    expect(await drawer().getByTestId('jump-basics').getAttribute('data-active')).toBeNull();
    // Back to 基本信息: the code of a saved product cannot change, so the cursor goes to its name.
    await drawer().getByTestId('jump-basics').click();
    await expect.poll(focused).toBe('product_name');
    await expect.poll(() => body.evaluate((el) => el.scrollTop)).toBe(0);
    // A jump is no edit.
    expect(await drawer().getByTestId('product-clean').textContent()).toBe('尚未修改');
  });

  it('asks before the drawer\'s ×, Esc, 取消 or a click beside it loses an edit, and staying keeps it', async () => {
    await amountMax().fill('250000.00');
    await drawer().getByTestId('product-dirty').waitFor();
    await waitForToasts(page);
    await screenshot(page, 'product-editor');

    // The drawer's ×.
    await drawer().locator('.ant-drawer-close').click();
    await askedAndStay();
    expect(await amountMax().inputValue()).toBe('250000.00');

    // Esc (the focus is back in the drawer, on the × it came from).
    await expect.poll(() => drawer().evaluate((el) => el.closest('.ant-drawer')!.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await askedAndStay();
    expect(await amountMax().inputValue()).toBe('250000.00');

    // The save bar's 取消.
    await drawer().getByTestId('product-cancel').click();
    await askedAndStay();
    expect(await amountMax().inputValue()).toBe('250000.00');
  });

  it('asks before a main-menu entry or the browser\'s back leaves the page with the edit', async () => {
    // The main menu lies under the drawer's mask: a click on 客户档案 lands on the mask, which
    // closes the drawer, so it asks the same question.
    const entry = (await page.getByTestId('main-menu').getByText('客户档案', { exact: true }).boundingBox())!;
    await page.mouse.click(entry.x + entry.width / 2, entry.y + entry.height / 2);
    await askedAndStay();
    expect(new URL(page.url()).pathname).toBe('/pc/products');
    expect(await amountMax().inputValue()).toBe('250000.00');

    // The browser's back: the router's blocker holds the navigation until the user chooses.
    await page.goBack();
    await askedAndStay();
    expect(new URL(page.url()).pathname).toBe('/pc/products');
    expect(await amountMax().inputValue()).toBe('250000.00');
  });

  it('puts the server\'s refusal on its field, then saves the fix and lists it; unedited, closing asks nothing', async () => {
    // 最高金额 below 最低金额 (1,000 元): the API's rule AMOUNT_RANGE, answered on amountMax.
    await amountMax().fill('500.00');
    const refused = graphqlResponse(page, 'SaveProduct');
    await drawer().getByTestId('product-save').click();
    const errors: { field: string; code: string; message: string }[] = (await (await refused).json()).data.saveProduct.errors;
    expect(errors).toEqual([expect.objectContaining({ code: 'AMOUNT_RANGE', field: expect.stringMatching(/(^|\.)amountMax$/) })]);
    await expect.poll(() => fieldError('product_amountMax').textContent()).toBe(errors[0].message);
    expect(errors[0].message).toContain('金额范围须满足 1元 ≤ 最低 ≤ 最高 ≤ 1亿元');
    expect(await drawer().getByTestId('product-errors').count()).toBe(0); // on the field, not above the form
    expect(await drawer().textContent()).not.toContain('AMOUNT_RANGE');
    expect(await drawer().getByTestId('product-dirty').textContent()).toBe('有未保存的修改');

    // Fixed, saved: a new version, the drawer closes without asking, the list shows the new maximum.
    await amountMax().fill('250000.00');
    await expect.poll(() => fieldError('product_amountMax').count()).toBe(0);
    const saved = graphqlResponse(page, 'SaveProduct');
    await drawer().getByTestId('product-save').click();
    const payload = (await (await saved).json()).data.saveProduct;
    expect(payload.errors).toEqual([]);
    await page.locator('.ant-message-notice', { hasText: `已保存为第 ${payload.product.version} 版` }).waitFor();
    await drawer().waitFor({ state: 'detached' });
    expect(await leaveDialog().count()).toBe(0);
    const now = (await productsOf()).find((p) => p.code === CODE && p.status === 'ACTIVE')!;
    expect(now).toMatchObject({ name: NAME, amountMax: '250000.00', version: payload.product.version });
    expect(now.version).toBeGreaterThan(1);
    await expect.poll(() => row(NAME).locator('td').allInnerTexts()).toContain(`${formatYuan('1000.00')} - ${formatYuan('250000.00')}`);
    expect(await row(NAME).first().textContent()).toContain(`第 ${now.version} 版`);

    // Opened again: as saved, and closing without an edit asks nothing (the × and Esc).
    await row(NAME).getByTestId('product-edit').click();
    await drawer().waitFor();
    expect(await amountMax().inputValue()).toBe('250000.00');
    expect(await drawer().getByTestId('product-clean').textContent()).toBe('尚未修改');
    await drawer().locator('.ant-drawer-close').click();
    await drawer().waitFor({ state: 'detached' });
    expect(await leaveDialog().count()).toBe(0);
    await row(NAME).getByTestId('product-edit').click();
    await drawer().waitFor();
    await expect.poll(() => drawer().evaluate((el) => el.closest('.ant-drawer')!.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await drawer().waitFor({ state: 'detached' });
    expect(await leaveDialog().count()).toBe(0);
    // And the menu leaves the page at once.
    await page.getByTestId('main-menu').getByText('客户档案', { exact: true }).click();
    await page.waitForURL('**/pc/archives');
    expect(await leaveDialog().count()).toBe(0);
    await logout(page);
  });
});
