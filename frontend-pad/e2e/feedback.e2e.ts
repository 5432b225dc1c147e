// Field feedback and the sync queue as staff know them from ODK Collect / KoBoToolbox (issue 18):
// a rule not met leads to its field, a wrong value is said under the field before any save, the
// region picker opens at the officer's own county with Chinese buttons, and the queue says 需处理
// for a conflict (opening the conflict screen), counts what it lists, words a refusal in Chinese
// and the top bar says when the tablet last synced and how much storage it uses. At both tablet
// sizes, by touch.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiToken, gql, loginOnTablet, residentId, screenshot, TABLET_SIZES, useTablet, waitingInQueue } from './support';

const baseURL = inject('baseURL');
const NAME = '林晓峰';
const ID_NUMBER = residentId('350102', '19850412', 931);
const PAYLOAD = 'customer { id version evaluation { violations { code } } } errors { field code message }';
// No mobile: the baseline rule BASE_MOBILE (缺少手机号码) is not met.
const archive = (overrides: Record<string, unknown> = {}) => ({
  name: NAME,
  idNumber: ID_NUMBER,
  idLongTerm: true,
  maritalStatus: 'SINGLE',
  address: { regionCode: '350102', line: '杨桥路18号' },
  household: { size: 3 },
  income: { farming: '42000' },
  ...overrides,
});

let context: BrowserContext;
let page: Page;
let token: string;
let archiveId: string;
let officerCounty: string;

beforeAll(async () => {
  token = await apiToken(baseURL, 'fz1.cm1');
  const created = await gql(baseURL, token, `mutation($i: CreateArchiveInput!) { createArchive(input: $i) { ${PAYLOAD} } }`, { i: { archive: archive(), channel: 'PAD' } });
  expect(created.createArchive.errors).toEqual([]);
  expect(created.createArchive.customer.evaluation.violations.map((v: { code: string }) => v.code)).toContain('BASE_MOBILE');
  archiveId = created.createArchive.customer.id;
  // The officer's county, as the API has it: where most of the officer's archives are.
  const me = await gql(baseURL, token, 'query { me { user { id } } }');
  const counts = new Map<string, number>();
  let after: string | null = null;
  for (let pageNo = 0; pageNo < 5; pageNo++) {
    const data: any = await gql(baseURL, token, 'query($m: ID!, $a: String) { customers(filter: { managerId: $m }, first: 100, after: $a) { pageInfo { hasNextPage endCursor } edges { node { address { regionCode } } } } }', { m: me.me.user.id, a: after });
    for (const { node } of data.customers.edges) if (node.address.regionCode) counts.set(node.address.regionCode, (counts.get(node.address.regionCode) ?? 0) + 1);
    if (!data.customers.pageInfo.hasNextPage) break;
    after = data.customers.pageInfo.endCursor;
  }
  officerCounty = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
});

useTablet(baseURL, (tablet) => ({ context, page } = tablet));

/** The element with the focus, and whether it is in the visible part of the page (below the top
 * bar, above the action bar). */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const top = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
    const bottom = document.querySelector('.action-bar')?.getBoundingClientRect().top ?? window.innerHeight;
    return { id: el.id, inView: r.top >= top && r.bottom <= bottom && r.height > 0 };
  });

async function newArchive(): Promise<string> {
  await page.goto('/pad/');
  await page.getByTestId('new-archive').tap();
  await page.waitForURL(/\/archives\/[0-9a-f-]{36}\?new=1$/);
  return new URL(page.url()).pathname.split('/').pop()!;
}

async function save(): Promise<void> {
  await page.getByTestId('save-archive').tap();
  await page.waitForFunction(() => {
    const form = document.querySelector<HTMLElement>('[data-testid=archive-page]');
    return !!form && form.dataset.saved === form.dataset.revision && form.dataset.dirty === 'false';
  });
}

describe('field feedback', () => {
  it('leads from a rule not met to its field, focused and in view', async () => {
    await loginOnTablet(page, 'fz1.cm1');
    await page.waitForFunction(() => document.documentElement.dataset.cache === 'ready', null, { timeout: 60_000 });
    for (const size of TABLET_SIZES) {
      await page.setViewportSize(size);
      await page.goto(`/pad/archives/${archiveId}`);
      const rule = page.locator('[data-testid=violations] [data-code=BASE_MOBILE]');
      expect(await rule.textContent()).toContain('缺少手机号码');
      expect(await rule.textContent()).not.toContain('BASE_MOBILE');
      await rule.getByTestId('violation-link').tap();
      await expect.poll(focused).toEqual({ id: 'f-mobile', inView: true });
    }
  });

  it('says what is wrong under the field before any save', async () => {
    const id = await newArchive();
    await page.locator('#f-name').fill('林小雨');
    // A full ID number with a wrong check digit: said at once, nothing saved.
    await page.locator('#f-idNumber').fill('350102199001010017');
    const idField = page.locator('.field', { has: page.locator('#f-idNumber') });
    await expect.poll(() => idField.getByTestId('field-error').textContent()).toBe('身份证号码校验位错误，请核对');
    // A field left with a wrong value says it; fixed, the message goes while typing.
    const mobileField = page.locator('.field', { has: page.locator('#f-mobile') });
    await page.locator('#f-mobile').fill('1381');
    await page.locator('#f-altPhone').tap();
    await expect.poll(() => mobileField.getByTestId('field-error').textContent()).toBe('手机号码格式不正确（11位，1开头）');
    await page.locator('#section-identity').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'feedback');
    await page.locator('#f-mobile').fill('13812345678');
    await expect.poll(() => mobileField.getByTestId('field-error').count()).toBe(0);
    // Nothing was saved or queued for it.
    expect(await waitingInQueue(page)).toBe(0);
    expect(page.url()).toContain(`/archives/${id}?new=1`);

    // A child's labour capacity is not 完全劳动力: it follows the age in the ID number.
    await page.getByTestId('add-familyMembers').tap();
    await page.locator('#f-familyMembers-0-idNumber').fill(residentId('350102', '20180309', 42));
    await expect.poll(() => page.locator('#f-familyMembers-0-labourCapacity').getAttribute('data-value')).toBe('NONE');
    expect(await page.locator('.field', { has: page.locator('#f-familyMembers-0-labourCapacity') }).textContent()).toMatch(/按身份证号码推算（\d+ 岁）/);
  });

  it("opens the region picker at the officer's county, in Chinese", async () => {
    for (const size of TABLET_SIZES) {
      await page.setViewportSize(size);
      await page.locator('#f-address-region').tap();
      const trail = page.getByTestId('region-trail');
      await expect.poll(() => trail.locator('[data-code]').last().getAttribute('data-code')).toBe(officerCounty);
      expect(await trail.locator('[data-code]').count()).toBe(3); // province, city, county
      // The county's townships are listed, ready to pick.
      await expect.poll(() => page.getByTestId('region-options').locator('button').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('region-cancel').textContent()).toBe('取消');
      expect(await page.getByTestId('region-done').textContent()).toBe('确定');
      const popupText = (await page.getByTestId('region-popup').textContent()) ?? '';
      expect(popupText).not.toMatch(/Cancel|Confirm|OK|\d{6}/);
      // 取消: nothing chosen.
      await page.getByTestId('region-cancel').tap();
      await expect.poll(() => page.getByTestId('region-button').textContent()).toBe('选择区县、乡镇、村');
    }
  });
});

describe('the sync queue', () => {
  it('says 需处理 for a conflict and a rejected save, counts its rows, and words the refusal in Chinese', async () => {
    await page.setViewportSize(TABLET_SIZES[0]);
    // One that goes through (a done row).
    await newArchive();
    await page.locator('#f-name').fill('林秋');
    await page.locator('#f-idNumber').fill(residentId('350102', '19850413', 943));
    await page.getByTestId('id-long-term').tap();
    await save();
    await expect.poll(() => waitingInQueue(page), { timeout: 60_000 }).toBe(0);

    // A conflict: edited offline while the server copy changes.
    await page.goto(`/pad/archives/${archiveId}`);
    await expect.poll(() => page.locator('#f-household-size').inputValue()).toBe('3');
    await context.setOffline(true);
    await page.locator('#f-household-size').fill('5');
    await save();
    const version = (await gql(baseURL, token, 'query($id: ID!) { customer(id: $id) { version } }', { id: archiveId })).customer.version;
    const changed = await gql(baseURL, token, `mutation($i: UpdateArchiveInput!) { updateArchive(input: $i) { ${PAYLOAD} } }`, {
      i: { id: archiveId, version, archive: archive({ mobile: '13912340931' }) },
    });
    expect(changed.updateArchive.errors).toEqual([]);
    await context.setOffline(false);
    await page.getByTestId('open-conflict').waitFor({ timeout: 60_000 });

    // A refused save: a second archive for the same ID number.
    await newArchive();
    await page.locator('#f-name').fill('林晓');
    await page.locator('#f-idNumber').fill(ID_NUMBER);
    await page.getByTestId('id-long-term').tap();
    await save();
    await page.locator('.field.has-error', { has: page.locator('#f-idNumber') }).waitFor({ timeout: 60_000 });

    await page.goto('/pad/?tab=queue');
    const conflict = page.locator(`[data-testid=queue-item][data-state=conflict][data-archive-id="${archiveId}"]`);
    expect(await conflict.locator('.queue-state').textContent()).toBe('需处理');
    expect(await conflict.getByTestId('queue-problem').textContent()).toBe('服务器上的档案已被他人修改，点此逐项选择保留的内容');
    const refused = page.locator('[data-testid=queue-item][data-state=rejected]');
    // The queue's rows come from the tablet's store as it reads them: wait for the refused one.
    await expect.poll(() => refused.count()).toBe(1);
    const reason = (await refused.getByTestId('queue-problem').textContent()) ?? '';
    expect(reason).toBe('服务器拒绝了此档案：身份证号码：本行已有该身份证号码的客户档案');
    expect(await refused.textContent()).not.toMatch(/[A-Z]{2,}_[A-Z_]+/);

    // The counts are the rows'.
    const progress = page.getByTestId('queue-progress');
    const rows = (state: string) => page.locator(`[data-testid=queue-item][data-state=${state}]`).count();
    const done = await rows('done');
    expect(done).toBeGreaterThan(0);
    expect(Number(await progress.getAttribute('data-done'))).toBe(done);
    expect(Number(await progress.getAttribute('data-attention'))).toBe((await rows('conflict')) + (await rows('rejected')) + (await rows('failed')));
    expect(await progress.textContent()).toContain(`已完成 ${done} 项`);
    expect(await progress.textContent()).toContain('2 项需处理');
    expect(await progress.textContent()).not.toContain('重试');
    expect(await page.getByTestId('sync-status').textContent()).toBe('2 项需处理');

    // The top bar: last sync and storage used.
    expect(await page.getByTestId('last-synced').textContent()).toMatch(/^上次同步 \d{2}:\d{2}$/);
    await expect.poll(() => page.getByTestId('storage-used').textContent()).toMatch(/^本机已用 [\d.]+ (KB|MB|GB)$/);
    await screenshot(page, 'sync-queue');

    // Tapping the conflict opens the conflict screen.
    await conflict.locator('.queue-op').tap();
    await page.waitForURL(new RegExp(`/archives/${archiveId}/conflict$`));
    await page.getByTestId('conflict-page').waitFor();
    expect(await page.locator('[data-testid=conflict-row][data-path="household.size"]').count()).toBe(1);
  });
});
