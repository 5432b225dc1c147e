// Edited on both sides: the tablet holds an offline edit of an archive while someone changes
// the same archive on the server. Back online, the save meets VERSION_CONFLICT; the manager
// compares both versions field by field, chooses per field, and the merge is saved on top of
// the server's version.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiToken, gql, loginOnTablet, residentId, screenshot, useTablet, waitingInQueue } from './support';

const baseURL = inject('baseURL');
const NAME = '欧阳春华';
const ID_NUMBER = residentId('350102', '19880306', 617);
const PAYLOAD = 'customer { id version mobile household { size } address { line } } errors { field code message }';
const archive = (overrides: Record<string, unknown> = {}) => ({
  name: NAME,
  idNumber: ID_NUMBER,
  idLongTerm: true,
  maritalStatus: 'SINGLE',
  mobile: '13812340000',
  address: { regionCode: '350102', line: '东街8号' },
  household: { size: 4 },
  income: { farming: '50000' },
  ...overrides,
});

let context: BrowserContext;
let page: Page;
let customerId: string;
let token: string;

beforeAll(async () => {
  token = await apiToken(baseURL, 'fz1.cm1');
  const created = await gql(baseURL, token, `mutation($i: CreateArchiveInput!) { createArchive(input: $i) { ${PAYLOAD} } }`, { i: { archive: archive(), channel: 'PAD' } });
  expect(created.createArchive.errors).toEqual([]);
  customerId = created.createArchive.customer.id;
});

useTablet(baseURL, (tablet) => ({ context, page } = tablet));

describe('version conflict on the PAD', () => {
  it('keeps an offline edit while the server copy changes', async () => {
    await loginOnTablet(page, 'fz1.cm1');
    await page.waitForFunction(() => document.documentElement.dataset.cache === 'ready', null, { timeout: 60_000 });
    await page.locator(`[data-archive-id="${customerId}"]`).click();
    await expect.poll(() => page.getByTestId('form-version').textContent()).toBe('版本 1');
    await expect.poll(() => page.locator('#f-household-size').inputValue()).toBe('4');

    await context.setOffline(true);
    await page.locator('#f-household-size').fill('6');
    await page.locator('#f-address-line').fill('东街8号2单元');
    await page.getByTestId('save-archive').click();
    await expect.poll(() => waitingInQueue(page)).toBe(1);

    // Meanwhile, on the server: a new mobile and another address line (version 1 -> 2).
    const saved = await gql(baseURL, token, `mutation($i: UpdateArchiveInput!) { updateArchive(input: $i) { ${PAYLOAD} } }`, {
      i: { id: customerId, version: 1, archive: archive({ mobile: '13912345678', address: { regionCode: '350102', line: '东街8号之一' } }) },
    });
    expect(saved.updateArchive.errors).toEqual([]);
    expect(saved.updateArchive.customer.version).toBe(2);
  });

  it('shows both versions field by field when the network is back', async () => {
    await context.setOffline(false);
    await page.getByTestId('open-conflict').click({ timeout: 60_000 });
    const rows = page.getByTestId('conflict-row');
    await expect.poll(() => rows.evaluateAll((list) => list.map((r) => `${r.getAttribute('data-path')}:${r.getAttribute('data-choice')}`))).toEqual([
      'mobile:theirs',
      'address.line:mine',
      'household.size:mine',
    ]);
    const line = page.locator('[data-testid=conflict-row][data-path="address.line"]');
    expect(await line.textContent()).toContain('双方都改过');
    expect(await line.getByTestId('choose-mine').textContent()).toContain('东街8号2单元');
    expect(await line.getByTestId('choose-theirs').textContent()).toContain('东街8号之一');
    await screenshot(page, 'conflict');
  });

  it('saves the merge chosen per field on top of the server version', async () => {
    await page.locator('[data-testid=conflict-row][data-path="address.line"]').getByTestId('choose-theirs').click();
    await page.getByTestId('conflict-resolve').click();
    await expect.poll(() => waitingInQueue(page), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('form-version').textContent()).toBe('版本 3');
    const data = await gql(baseURL, token, 'query($id: ID!) { customer(id: $id) { version mobile household { size } address { line } } }', { id: customerId });
    expect(data.customer).toEqual({ version: 3, mobile: '13912345678', household: { size: 6 }, address: { line: '东街8号之一' } });
  });

  it('shows what the server refuses on the field it is about', async () => {
    // Another archive with the same ID number passes the device checks; the server refuses it.
    await page.goto('/pad/');
    await page.getByTestId('new-archive').click();
    await page.locator('#f-name').fill('欧阳春');
    await page.locator('#f-idNumber').fill(ID_NUMBER);
    await page.getByTestId('id-long-term').click();
    await page.getByTestId('save-archive').click();
    const field = page.locator('.field.has-error', { has: page.locator('#f-idNumber') });
    await expect.poll(() => field.locator('.field-error').textContent(), { timeout: 30_000 }).toBe('本行已有该身份证号码的客户档案');
    await page.goto('/pad/?tab=queue');
    await expect.poll(() => page.locator('[data-testid=queue-item][data-state=rejected]').count()).toBe(1);
  });
});
