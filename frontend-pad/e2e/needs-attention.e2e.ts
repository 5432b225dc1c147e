// What the queue cannot finish by itself is put to the manager, never retried forever nor left
// as "N 项待同步": a save the server keeps failing (INTERNAL, as the old no-op update answered)
// stops after a few tries and offers retry / discard; a save the server refuses (a second
// archive for one ID number, which the tablet already warned about) is fixed or discarded; and
// logging out names every archive and photo that would be lost.
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiToken, FIXTURES, gql, loginOnTablet, residentId, screenshot, useTablet } from './support';

const baseURL = inject('baseURL');
const ID_NUMBER = residentId('350102', '19870715', 823);
const OTHER_ID = residentId('350102', '19870716', 835);
const NAME = '郑秋实';

let context: BrowserContext;
let page: Page;
let archiveId: string;

useTablet(baseURL, (tablet) => ({ context, page } = tablet));

const topBar = () => page.getByTestId('sync-status');
const queueItem = (id: string, state: string) => page.locator(`[data-testid=queue-item][data-archive-id="${id}"][data-op=saveArchive][data-state=${state}]`);

/** A new archive with a name and an ID number, saved; returns its id. */
async function newArchive(name: string, idNumber: string): Promise<string> {
  await page.goto('/pad/');
  await page.getByTestId('new-archive').click();
  await page.waitForURL(/\/archives\/[0-9a-f-]{36}\?new=1$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await page.locator('#f-name').fill(name);
  await page.locator('#f-idNumber').fill(idNumber);
  await page.getByTestId('id-long-term').click();
  return id;
}

async function save(): Promise<void> {
  await page.getByTestId('save-archive').click();
  await page.waitForFunction(() => {
    const form = document.querySelector<HTMLElement>('[data-testid=archive-page]');
    return !!form && form.dataset.saved === form.dataset.revision && form.dataset.dirty === 'false';
  });
}

async function onServer(id: string): Promise<Record<string, any> | null> {
  const token = await apiToken(baseURL, 'fz1.cm1');
  return (await gql(baseURL, token, 'query($id: ID!) { customer(id: $id) { version name mobile } }', { id })).customer;
}

describe('queue entries that need the manager', () => {
  it('stops a save the server keeps failing, says why in Chinese, and sends it again on retry', async () => {
    await loginOnTablet(page, 'fz1.cm1');
    await page.waitForFunction(() => document.documentElement.dataset.cache === 'ready', null, { timeout: 60_000 });
    archiveId = await newArchive(NAME, ID_NUMBER);
    await page.locator('#f-mobile').fill('13859017001');
    await save();
    await expect.poll(() => page.getByTestId('form-version').textContent(), { timeout: 60_000 }).toBe('版本 1');

    // The server answers every update with INTERNAL until `serverFails` is cleared. The route
    // stays on the page rather than being removed while the reloaded page's requests go through it.
    let failedUpdates = 0;
    let serverFails = true;
    await page.route('**/graphql', async (route) => {
      if (!serverFails || !route.request().postData()?.includes('mutation UpdateArchive')) return route.fallback();
      failedUpdates++;
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: null, errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL' } }] }) });
    });
    await page.locator('#f-mobile').fill('13859017002');
    await save();
    // Inside the app (a reload now would cut a send short, and the queue would replay it).
    await page.locator('.action-bar').getByRole('button', { name: '返回' }).click();
    await page.getByTestId('tab-queue').click();
    // Each failure waits a little longer; "sync now" skips the wait. After five it stops.
    const failing = page.locator(['retry', 'failed'].map((state) => `[data-testid=queue-item][data-archive-id="${archiveId}"][data-state=${state}]`).join(', '));
    for (let failures = 1; failures < 5; failures++) {
      await expect.poll(async () => Number(await failing.getAttribute('data-failures')), { timeout: 30_000 }).toBeGreaterThanOrEqual(failures);
      if ((await failing.getAttribute('data-state')) === 'retry') await page.getByTestId('sync-now').click();
    }
    const stuck = queueItem(archiveId, 'failed');
    await stuck.waitFor({ timeout: 30_000 });
    expect(failedUpdates).toBe(5);
    expect(await stuck.getByTestId('queue-problem').textContent()).toBe('同步多次失败（服务器内部错误，共 5 次），已停止自动重试。请重试或放弃。');
    expect(await stuck.locator('.queue-state').textContent()).toBe('已停止重试');
    await expect.poll(() => topBar().textContent()).toBe('1 项需处理');
    expect(await stuck.textContent()).not.toContain('INTERNAL');
    await screenshot(page, 'queue-attention');

    // The archive says it too, with the same choices; the server works again and retry sends it.
    await stuck.getByTestId('queue-retry').waitFor();
    await page.goto(`/pad/archives/${archiveId}`);
    const banner = page.getByTestId('sync-failed');
    expect(await banner.textContent()).toContain('同步多次失败（服务器内部错误，共 5 次）');
    serverFails = false;
    await banner.getByTestId('queue-retry').click();
    await expect.poll(() => page.getByTestId('form-version').textContent(), { timeout: 60_000 }).toBe('版本 2');
    await expect.poll(() => topBar().getAttribute('data-attention')).toBe('0');
    expect(await onServer(archiveId)).toEqual({ version: 2, name: NAME, mobile: '13859017002' });
  });

  it('warns about the ID number on the tablet, and a refused archive is fixed', async () => {
    const id = await newArchive('郑秋', ID_NUMBER);
    // Before anything is sent: the tablet holds an archive with this number (masked, as the
    // server shows it to a customer manager: first 6 and last 4 digits).
    const warning = page.locator('.field', { has: page.locator('#f-idNumber') }).getByTestId('field-warning');
    expect(await warning.textContent()).toBe(`可能与本机档案重复（身份证号码前6位和后4位相同）：${NAME}`);
    await save();
    const field = page.locator('.field.has-error', { has: page.locator('#f-idNumber') });
    await expect.poll(() => field.locator('.field-error').textContent(), { timeout: 30_000 }).toBe('本行已有该身份证号码的客户档案');
    await page.goto('/pad/?tab=queue');
    const refused = queueItem(id, 'rejected');
    expect(await refused.getByTestId('queue-problem').textContent()).toBe('服务器拒绝了此档案：身份证号码：本行已有该身份证号码的客户档案');
    await expect.poll(() => topBar().textContent()).toBe('1 项需处理');
    // Fix: another ID number, saved again.
    await refused.getByTestId('queue-fix').click();
    await page.waitForURL(new RegExp(`/archives/${id}$`));
    await page.locator('#f-idNumber').fill(OTHER_ID);
    await expect.poll(() => warning.count()).toBe(0);
    await save();
    await expect.poll(() => page.getByTestId('form-version').textContent(), { timeout: 60_000 }).toBe('版本 1');
    await expect.poll(() => topBar().getAttribute('data-attention')).toBe('0');
    expect(await onServer(id)).toMatchObject({ version: 1, name: '郑秋' });
  });

  it('discards a refused new archive after saying what goes', async () => {
    const id = await newArchive('郑秋二', ID_NUMBER);
    await save();
    await page.goto('/pad/?tab=queue');
    const refused = queueItem(id, 'rejected');
    await refused.waitFor({ timeout: 30_000 });
    await refused.getByTestId('queue-discard').click();
    expect(await page.locator('.adm-dialog-content').textContent()).toBe('删除本机新建的档案「郑秋二」？服务器上没有它，删除后无法恢复。');
    await page.locator('.adm-dialog-button', { hasText: '放弃' }).click();
    await expect.poll(() => page.locator(`[data-testid=queue-item][data-archive-id="${id}"]`).count()).toBe(0);
    await expect.poll(() => topBar().textContent()).toBe('全部已同步');
    await page.goto('/pad/?tab=drafts');
    expect(await page.locator(`[data-archive-id="${id}"]`).count()).toBe(0);
    expect(await onServer(id)).toBeNull();
  });

  it('names every archive and photo that logging out would lose', async () => {
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('false');
    // A new archive with a photo, collected offline...
    const id = await newArchive('郑冬', residentId('350102', '19870717', 847));
    await save();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('take-photo-ID_FRONT').click();
    await (await chooser).setFiles(path.join(FIXTURES, 'id-front.jpg'));
    await expect.poll(() => page.locator('[data-testid=photo][data-state=queued]').count()).toBe(1);
    // ... and an edit of a synced archive typed but not saved.
    await page.goto(`/pad/archives/${archiveId}`);
    await page.locator('#f-address-line').fill('溪口村3组');
    await page.getByTestId('unsaved-edits').waitFor();
    await page.getByTestId('logout').click();
    const losses = page.getByTestId('loss');
    await expect.poll(() => losses.count()).toBe(2);
    expect(await page.locator(`[data-testid=loss][data-archive-id="${id}"]`).textContent()).toBe('郑冬：新建档案，服务器上没有；1 张照片：身份证正面');
    expect(await page.locator(`[data-testid=loss][data-archive-id="${archiveId}"]`).textContent()).toBe(`${NAME}：未保存的修改`);
    expect(await page.getByTestId('logout-dialog').textContent()).toContain('以下内容服务器上还没有，退出后将丢失');
    await screenshot(page, 'logout-losses');
    // Staying: nothing is touched.
    await page.locator('.adm-dialog-button', { hasText: '取消' }).click();
    expect(await page.locator('#f-address-line').inputValue()).toBe('溪口村3组');
    await context.setOffline(false);
  });
});
