// A branch manager searches, opens an archive, reveals the ID number, edits it and hits a version
// conflict (another save through the API in between), keeps their edit, and returns the archive.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiToken, archiveInput, gql, loginAs, residentId, screenshot, usePage, waitForToasts, confirmDialog } from './support';

const baseURL = inject('baseURL');
const NAME = '欧阳振华';
const ID_NUMBER = residentId('350102', '19850612', 137);
const CONSENT = { wordingVersion: 'v2024.1', consentedAt: '2026-01-05T09:30:00+08:00', channel: 'PC' };
const PAYLOAD = 'customer { id version status } errors { field code message }';

let page: Page;
let customerId: string;

beforeAll(async () => {
  // A customer manager of the branch collects and submits an archive for review.
  const cm = await apiToken(baseURL, 'fz1.cm1');
  const created = await gql(baseURL, cm, `mutation($i: CreateArchiveInput!) { createArchive(input: $i) { ${PAYLOAD} } }`, {
    i: { archive: archiveInput(NAME, ID_NUMBER), channel: 'PAD', consent: CONSENT },
  });
  expect(created.createArchive.errors).toEqual([]);
  customerId = created.createArchive.customer.id;
  const submitted = await gql(baseURL, cm, `mutation($i: ArchiveTransitionInput!) { submitArchive(input: $i) { ${PAYLOAD} } }`, {
    i: { id: customerId, version: created.createArchive.customer.version },
  });
  expect(submitted.submitArchive.customer.status).toBe('SUBMITTED');
});

usePage(baseURL, (opened) => (page = opened));

describe('branch manager', () => {
  it('logs in and lands on the archive list with masked ID numbers', async () => {
    await page.goto('/pc/');
    await page.locator('#username').waitFor();
    await screenshot(page, 'login');
    await loginAs(page, 'fz1.manager');
    await page.waitForURL('**/pc/archives');
    await page.getByTestId('archive-link').first().waitFor();
    const firstId = await page.locator('[data-testid=archive-table] tbody tr.ant-table-row').first().locator('td').nth(2).textContent();
    expect(firstId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    await screenshot(page, 'archives');
  });

  it('searches by name and status and opens the archive', async () => {
    await page.locator('#filter-name').fill('欧阳');
    await page.locator('#filter-statuses').click();
    await page.locator('.ant-select-item-option', { hasText: '已提交' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('search-button').click();
    await page.waitForURL(/name=/);
    const rows = page.locator('[data-testid=archive-table] tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByTestId('archive-link').filter({ hasText: NAME }).click();
    await page.waitForURL(`**/pc/archives/${customerId}`);
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe(NAME);
    expect(await page.getByTestId('value-idNumber').textContent()).toBe('350102********' + ID_NUMBER.slice(-4));
    await screenshot(page, 'archive-detail');
  });

  it('reveals the ID number after a confirmation', async () => {
    await page.getByTestId('reveal-idNumber').click();
    await confirmDialog(page, /确\s*认/);
    await expect.poll(() => page.getByTestId('value-idNumber').textContent()).toBe(ID_NUMBER);
  });

  it('edits, meets a version conflict, compares and saves on top of the server version', async () => {
    await page.getByTestId('edit-button').click();
    await page.waitForURL(`**/pc/archives/${customerId}/edit`);
    await expect.poll(() => page.locator('#archive-name').inputValue()).toBe(NAME);
    // A bad mobile number: the API's message appears on the mobile field.
    await page.locator('#archive-mobile').fill('1381234');
    await page.getByTestId('save-archive').click();
    const mobileItem = page.locator('.ant-form-item').filter({ has: page.locator('#archive-mobile') });
    await expect.poll(() => mobileItem.locator('.ant-form-item-explain-error').textContent()).toMatch(/手机/);
    await screenshot(page, 'archive-validation');
    await page.locator('#archive-mobile').fill('13812345678');

    const household = page.locator('#archive-householdSize');
    await household.fill('6');

    // Meanwhile someone else saves the same archive (version 2 -> 3) through the API.
    const other = await apiToken(baseURL, 'fz1.manager');
    const current = await gql(baseURL, other, `query($id: ID!) { customer(id: $id) { version } }`, { id: customerId });
    const saved = await gql(baseURL, other, `mutation($i: UpdateArchiveInput!) { updateArchive(input: $i) { ${PAYLOAD} } }`, {
      i: { id: customerId, version: current.customer.version, archive: archiveInput(NAME, ID_NUMBER, { mobile: '13912345678' }) },
    });
    expect(saved.updateArchive.errors).toEqual([]);
    const serverVersion = saved.updateArchive.customer.version;

    await page.getByTestId('save-archive').click();
    const modal = page.locator('.ant-modal').filter({ hasText: '版本冲突' });
    await modal.waitFor();
    const table = page.getByTestId('conflict-table');
    // Fields by their labels (the path stays on the cell for tests), values in words.
    const row = (field: string) => table.locator(`tr:has([data-field="${field}"])`).first();
    await expect.poll(() => row('household.size').textContent()).toContain('6');
    expect(await row('household.size').locator('td').first().textContent()).toBe('家庭人口');
    expect(await row('education').textContent()).toContain('高中');
    // Merged: my household size, the server's mobile.
    const mobileRow = await row('mobile').locator('td').allTextContents();
    expect(mobileRow.slice(1)).toEqual(['13912345678', '13812345678', '13912345678']);
    await waitForToasts(page); // "请按提示修改 1 处错误" of the bad mobile above
    await screenshot(page, 'version-conflict');

    await page.getByTestId('conflict-keep-mine').click();
    await expect.poll(() => page.getByTestId('form-base-version').textContent()).toContain(String(serverVersion));
    await page.getByTestId('save-archive').click();
    await page.waitForURL(`**/pc/archives/${customerId}`);
    await expect.poll(() => page.getByTestId('customer-version').textContent()).toContain(String(serverVersion + 1));
    // The other user's change (mobile) survived; mine (household size) was applied on top.
    await expect.poll(() => page.getByTestId('value-mobile').textContent()).toBe('13912345678');
    await page.getByRole('tab', { name: '家庭' }).click();
    await expect.poll(() => page.getByTestId('household-size').textContent()).toBe('6');
  });

  it('returns the archive for rework with reasons', async () => {
    await page.getByTestId('return-button').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '退回补正' });
    await dialog.getByText('收入信息不完整').click();
    await page.locator('#return-reasons').fill('请补充配偶身份证复印件');
    await screenshot(page, 'return');
    await page.locator('#return-confirm').click();
    await expect.poll(() => page.getByTestId('status-tag').first().textContent()).toBe('已退回');
    const reasons = await page.getByTestId('return-reasons').textContent();
    expect(reasons).toContain('收入信息不完整');
    expect(reasons).toContain('请补充配偶身份证复印件');

    // The archive's history records the reveal-free edit and the return.
    await page.getByRole('tab', { name: '变更历史' }).click();
    await expect.poll(() => page.getByTestId('history-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
  });
});
