// Four eyes on verification. A branch manager sees the number of archives waiting in the menu,
// pages through the review inbox (oldest first, keyset), batch-verifies clean archives ticked on
// two pages and is told which one was refused and why (a photo deleted after the list was shown). The verify dialog
// then refuses an archive with an error that may not be overridden, one the reviewer collected
// himself, and verifies one whose only error may be overridden once the reason is written.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiToken, gql, loginAs, residentId, screenshot, submittedArchive, usePage, waitForToasts } from './support';

const baseURL = inject('baseURL');
const PAGE_SIZE = 20; // the inbox page
const id = (sequence: number) => residentId('350102', '19900301', sequence);
// Married customers of 福州 need an alternative phone once bank-admin.e2e.ts has published its rule.
const EXTRA = { altPhone: '13900001111' };
const CLEAN = ['司徒明远', '司徒明轩'];
const RACY = '司徒明哲'; // clean when listed, a photo deleted before the batch
const ZERO_INCOME = '司徒秀兰'; // only BASE_INCOME (overridable)
const NO_PHOTOS = '司徒建业'; // BASE_REQUIRED_IMAGES (not overridable)
const OWN = '司徒国强'; // collected by the branch manager himself
const FILLER = ['子涵', '浩然', '宇轩', '梓萱', '欣怡', '俊杰', '思远', '嘉怡', '博文', '雨桐', '天佑', '若曦', '明辉', '静怡', '志强', '晓东', '文博', '雅琪', '建华', '丽娟'];
const REASON = '该户为五保户，家庭确无经营和务工收入，由村委会出具证明';
const INBOX = '{ reviewInbox(first: 100) { totalCount edges { node { id name } } } }';

let page: Page;
let cm: string;
let bm: string;
const ids: Record<string, string> = {};
let racyVisitPhoto: string;

beforeAll(async () => {
  cm = await apiToken(baseURL, 'fz1.cm1');
  bm = await apiToken(baseURL, 'fz1.manager');
  const manager = (await gql(baseURL, cm, '{ me { user { id } } }')).me.user.id;
  // Enough archives ahead of the clean ones that the first ends page 1 and the others start page 2.
  const waiting = (await gql(baseURL, bm, INBOX)).reviewInbox.totalCount as number;
  const fillers = Math.max(0, PAGE_SIZE - waiting - 4);
  for (let i = 0; i < fillers; i++) await submittedArchive(baseURL, cm, `端木${FILLER[i % FILLER.length]}`, id(100 + i), { overrides: EXTRA, photos: false });
  ids[OWN] = (await submittedArchive(baseURL, bm, OWN, id(11), { overrides: EXTRA, managerId: manager })).id;
  ids[NO_PHOTOS] = (await submittedArchive(baseURL, cm, NO_PHOTOS, id(13), { overrides: EXTRA, photos: false })).id;
  ids[ZERO_INCOME] = (await submittedArchive(baseURL, cm, ZERO_INCOME, id(15), { overrides: { ...EXTRA, income: {} } })).id;
  for (const [i, name] of CLEAN.entries()) ids[name] = (await submittedArchive(baseURL, cm, name, id(17 + 2 * i), { overrides: EXTRA })).id;
  const racy = await submittedArchive(baseURL, cm, RACY, id(21), { overrides: EXTRA });
  ids[RACY] = racy.id;
  racyVisitPhoto = racy.photos.VISIT_PHOTO;
});

usePage(baseURL, (opened) => (page = opened));

const inboxCount = async () => (await gql(baseURL, bm, INBOX)).reviewInbox.totalCount as number;
const badge = () => page.getByTestId('menu-badge-review');
const row = (name: string) => page.getByTestId('inbox-table').locator('tr.ant-table-row', { hasText: name });

/** Page forward through the inbox until the row of `name` shows. */
async function pageTo(name: string): Promise<void> {
  await page.getByTestId('inbox-link').first().waitFor();
  while (!(await row(name).isVisible())) {
    expect(await page.getByTestId('page-next').isEnabled(), `${name} in the inbox`).toBe(true);
    const first = await page.getByTestId('inbox-link').first().textContent();
    await page.getByTestId('page-next').click();
    await expect.poll(() => page.getByTestId('inbox-link').first().textContent()).not.toBe(first);
  }
}

async function openVerifyDialog(name: string) {
  await page.goto(`/pc/archives/${ids[name]}`);
  await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe(name);
  await page.getByTestId('verify-button').click();
  await page.getByTestId('verify-dialog').waitFor();
}

describe('review inbox', () => {
  it('shows the number of archives waiting in the menu and lists them oldest first, a page at a time', async () => {
    await loginAs(page, 'fz1.manager');
    const waiting = await inboxCount();
    expect(waiting).toBeGreaterThan(PAGE_SIZE);
    await expect.poll(() => badge().textContent()).toBe(String(waiting));
    await page.getByTestId('main-menu').getByText('待审核').click();
    await page.waitForURL('**/pc/review');
    await page.getByTestId('inbox-link').first().waitFor();
    await expect.poll(() => page.getByTestId('inbox-total').textContent()).toContain(String(waiting));
    const firstPage = await page.getByTestId('inbox-link').allTextContents();
    expect(firstPage).toHaveLength(PAGE_SIZE);
    // The archive with a missing photo and the reviewer's own archive are listed, but batch
    // verification cannot take them, and the row says why.
    expect(firstPage).toEqual(expect.arrayContaining([NO_PHOTOS, OWN, ZERO_INCOME]));
    expect(await row(NO_PHOTOS).textContent()).toContain('错误 1');
    expect(await row(NO_PHOTOS).textContent()).toContain('须逐份审核');
    expect(await row(NO_PHOTOS).getByRole('checkbox').isDisabled()).toBe(true);
    expect(await row(OWN).textContent()).toContain('不能审核自己采集的档案');
    expect(await row(OWN).getByRole('checkbox').isDisabled()).toBe(true);
    expect(firstPage[PAGE_SIZE - 1]).toBe(CLEAN[0]);
    expect(firstPage).not.toContain(CLEAN[1]);
    await screenshot(page, 'review-inbox');
  });

  it('batch-verifies the clean archives, ticked on two pages, and reports the one that no longer meets the rules', async () => {
    const before = await inboxCount();
    expect(await row(CLEAN[0]).textContent()).toContain('可批量审核');
    await row(CLEAN[0]).getByRole('checkbox').check();
    // The newest submissions are on the next page (keyset paging with the cursor of the last row).
    const firstPage = await page.getByTestId('inbox-link').allTextContents();
    await pageTo(CLEAN[1]);
    const secondPage = await page.getByTestId('inbox-link').allTextContents();
    expect(secondPage.filter((n) => firstPage.includes(n))).toEqual([]);
    expect(secondPage.slice(-2)).toEqual([CLEAN[1], RACY]);
    for (const name of [CLEAN[1], RACY]) {
      expect(await row(name).textContent()).toContain('可批量审核');
      await row(name).getByRole('checkbox').check();
    }
    await expect.poll(() => page.getByTestId('batch-verify').textContent()).toContain('3');
    // Meanwhile the collector deletes a required photo of one of them.
    const deleted = await gql(baseURL, cm, 'mutation($id: ID!, $r: String!) { deleteImage(id: $id, reason: $r) { errors { code } } }', { id: racyVisitPhoto, r: '走访照片拍错了客户' });
    expect(deleted.deleteImage.errors).toEqual([]);

    await page.getByTestId('batch-verify').click();
    await page.locator('#batch-verify-confirm').click();
    const outcome = page.getByTestId('batch-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain('已审核通过 2 份');
    expect(await page.getByTestId('batch-verified').textContent()).toBe(CLEAN.join('、'));
    const failed = page.getByTestId('batch-failed').locator('tr', { hasText: RACY });
    expect(await failed.textContent()).toContain('档案有未通过的规则，请逐份审核');
    // The verified archives leave the inbox and the menu count follows; the refused one stays,
    // now with its error.
    await expect.poll(() => row(CLEAN[1]).count()).toBe(0);
    expect(await inboxCount()).toBe(before - 2);
    await expect.poll(() => badge().textContent()).toBe(String(before - 2));
    await expect.poll(() => row(RACY).textContent()).toContain('错误 1');
    expect(await row(RACY).getByRole('checkbox').isDisabled()).toBe(true);
    for (const name of CLEAN) {
      const status = await gql(baseURL, bm, 'query($id: ID!) { customer(id: $id) { status } }', { id: ids[name] });
      expect(status.customer.status).toBe('VERIFIED');
    }
    await waitForToasts(page);
    await screenshot(page, 'review-batch');
  });
});

describe('verify dialog', () => {
  it('refuses an archive whose error may not be overridden, and says which rule must be fixed', async () => {
    await openVerifyDialog(NO_PHOTOS);
    expect(await page.getByTestId('verify-must-fix').textContent()).toContain('须上传身份证正反面及走访照片');
    expect(await page.getByTestId('verify-error-list').textContent()).toContain('须先补正');
    expect(await page.getByTestId('verify-override').count()).toBe(0);
    expect(await page.getByTestId('verify-confirm').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it("refuses the reviewer's own archive with the reason", async () => {
    await openVerifyDialog(OWN);
    expect(await page.getByTestId('verify-blockers').textContent()).toContain('不能审核自己采集的档案');
    expect(await page.getByTestId('verify-disabled-reason').textContent()).toContain('不能审核自己采集的档案');
    expect(await page.getByTestId('verify-confirm').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('verifies an archive whose only error may be overridden once 强制通过 is ticked and the reason written', async () => {
    await openVerifyDialog(ZERO_INCOME);
    const errors = page.getByTestId('verify-error-list');
    expect(await errors.textContent()).toContain('须填写家庭年收入');
    expect(await errors.textContent()).toContain('可说明理由后强制通过');
    const confirm = page.getByTestId('verify-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('verify-override').check();
    await page.locator('#verify-override-reason').fill('无收入');
    expect(await confirm.isDisabled()).toBe(true);
    expect(await page.getByTestId('verify-dialog').textContent()).toContain('请填写 10-500 字的理由');
    await page.locator('#verify-override-reason').fill(REASON);
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    await screenshot(page, 'verify-override');
    await confirm.click();
    await expect.poll(() => page.getByTestId('status-tag').first().textContent()).toBe('已审核');
    // The reason is the VERIFY note in the history.
    await page.getByRole('tab', { name: '变更历史' }).click();
    await expect.poll(() => page.getByTestId('history-table').locator('tr', { hasText: '审核通过' }).first().textContent()).toContain(REASON);
  });
});
