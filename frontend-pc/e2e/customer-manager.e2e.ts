// A customer manager records the customer's consent on the PC with the agreement to share
// (客户同意省联社其他成员行查询其基本信息, shareWithFederation) ticked: the archive page shows it
// and the API has it; withdrawing the agreement later keeps the consent record and clears only
// the flag. The birth date, withheld with the ID number, appears once the number is revealed.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiToken, archiveInput, gql, loginAs, residentId, screenshot, usePage, waitForToasts, confirmDialog } from './support';

const baseURL = inject('baseURL');
const NAME = '上官秀兰';
const ID_NUMBER = residentId('350102', '19780415', 262);
const CONSENT = '{ customer(id: $id) { version consent { channel consentedAt shareWithFederation } } }';

let page: Page;
let token: string;
let customerId: string;

const consent = async () => (await gql(baseURL, token, `query($id: ID!) ${CONSENT}`, { id: customerId })).customer.consent;

beforeAll(async () => {
  // An archive collected without a consent record yet (a draft).
  token = await apiToken(baseURL, 'fz1.cm1');
  const created = await gql(baseURL, token, 'mutation($i: CreateArchiveInput!) { createArchive(input: $i) { customer { id } errors { field code message } } }', {
    // (with an alternative phone: the bank rule bank-admin.e2e.ts publishes is not about this archive)
    i: { archive: archiveInput(NAME, ID_NUMBER, { altPhone: '13900002222' }), channel: 'PC' },
  });
  expect(created.createArchive.errors).toEqual([]);
  customerId = created.createArchive.customer.id;
});

usePage(baseURL, (opened) => (page = opened));

async function editAndSave(change: () => Promise<void>) {
  await page.getByTestId('edit-button').click();
  await page.waitForURL(`**/pc/archives/${customerId}/edit`);
  await page.locator('#consentRecorded').waitFor();
  await change();
  await page.getByTestId('save-archive').click();
  await page.waitForURL(`**/pc/archives/${customerId}`);
}

describe('customer manager', () => {
  it('sees the birth date withheld with the ID number, and shown once the number is revealed', async () => {
    await loginAs(page, 'fz1.cm1');
    await page.goto(`/pc/archives/${customerId}`);
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe(NAME);
    expect(await page.getByTestId('value-birthDate').textContent()).toBe('已随身份证号码脱敏');
    expect(await page.getByTestId('consent-share').count()).toBe(0); // no consent recorded yet
    await page.getByTestId('reveal-idNumber').click();
    await confirmDialog(page, /确\s*认/);
    await expect.poll(() => page.getByTestId('value-idNumber').textContent()).toBe(ID_NUMBER);
    expect(await page.getByTestId('value-birthDate').textContent()).toBe('1978-04-15');
  });

  it('records the consent with the agreement to share, and the archive shows it after saving', async () => {
    await editAndSave(async () => {
      expect(await page.locator('#consentShare').count()).toBe(0); // offered with a consent only
      await page.locator('#consentRecorded').check();
      await page.locator('#consentShare').check();
    });
    await expect.poll(() => page.getByTestId('consent-share').textContent()).toBe('同意省联社其他成员行查询其基本信息');
    expect(await consent()).toMatchObject({ channel: 'PC', shareWithFederation: true });
    await waitForToasts(page);
    await screenshot(page, 'archive-consent-share');
  });

  it('withdraws the agreement: the consent record stays, the flag is cleared', async () => {
    const before = await consent();
    await editAndSave(async () => {
      expect(await page.locator('#consentRecorded').isDisabled()).toBe(true);
      expect(await page.locator('#consentShare').isChecked()).toBe(true);
      await page.locator('#consentShare').uncheck();
    });
    await expect.poll(() => page.getByTestId('consent-share').textContent()).toBe('未同意其他成员行查询');
    expect(await consent()).toEqual({ ...before, shareWithFederation: false });
  });
});
