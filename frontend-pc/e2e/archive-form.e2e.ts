// The archive form and history at 1366x768, as a customer manager works on a draft: the save bar
// stays on screen while the long form scrolls, the section nav jumps and puts the cursor in the
// section, leaving with changes asks first (stay keeps the edits), a save leaves without asking,
// the history tab reads 种养殖收入 ¥80,000.00 -> ¥85,000.50, and a photo put on the Dragger is
// watermarked by the worker and shows up signed.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PHOTO } from '../../e2e-support/api';
import { apiToken, archiveInput, gql, loginAs, residentId, screenshot, scrollSettled, usePage, waitForToasts } from './support';

const baseURL = inject('baseURL');
const NAME = '林振华';

let page: Page;
let customerId: string;

beforeAll(async () => {
  const cm = await apiToken(baseURL, 'fz1.cm1');
  const idNumber = residentId('350102', '19860412', 100 + (Date.now() % 800));
  const created = await gql(baseURL, cm, 'mutation($i: CreateArchiveInput!) { createArchive(input: $i) { customer { id } errors { code } } }', {
    i: { archive: archiveInput(NAME, idNumber), channel: 'PC' },
  });
  expect(created.createArchive.errors).toEqual([]);
  customerId = created.createArchive.customer.id;
});

usePage(baseURL, (opened) => (page = opened));

const bar = () => page.getByTestId('archive-save-bar');
const farming = () => page.locator('#archive-incomeFarming');
const confirmDialog = () => page.locator('.ant-modal-confirm');

/** Whether the element's box lies wholly inside the 1366x768 viewport. */
async function onScreen(testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  return !!box && box.y >= 0 && box.y + box.height <= 768 && box.height > 0;
}

async function openForm(): Promise<void> {
  await page.goto(`/pc/archives/${customerId}/edit`);
  await expect.poll(() => page.locator('#archive-name').inputValue()).toBe(NAME);
}

describe('the archive form', () => {
  it('keeps the save bar on screen while scrolling and jumps to a section, cursor in its first field', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await loginAs(page, 'fz1.cm1');
    await openForm();
    await expect.poll(() => onScreen('archive-save-bar')).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(768 * 2); // a long form
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    await expect.poll(() => onScreen('archive-save-bar')).toBe(true);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => onScreen('archive-save-bar')).toBe(true);
    await expect.poll(() => bar().textContent()).toContain('尚未修改');

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('jump-income').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('archive-incomeFarming');
    await expect.poll(async () => (await page.locator('#section-income').boundingBox())?.y ?? -1).toBeLessThan(200);
    expect((await page.locator('#section-income').boundingBox())!.y).toBeGreaterThanOrEqual(-1);
    await page.getByTestId('jump-identity').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('archive-name');
  });

  it('asks before leaving with changes, and staying keeps them', async () => {
    await page.getByTestId('jump-income').click();
    await farming().fill('85000.50');
    await expect.poll(() => bar().textContent()).toContain('有未保存的修改');
    await scrollSettled(page); // the jump's scrolling would move the menu item away from the click

    // The main menu: the router holds the navigation until the user chooses.
    await page.getByTestId('main-menu').getByText('客户档案', { exact: true }).click();
    await confirmDialog().waitFor();
    expect(await confirmDialog().textContent()).toContain('放弃未保存的修改');
    await confirmDialog().getByRole('button', { name: '继续编辑' }).click();
    await confirmDialog().waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/pc/archives/${customerId}/edit`);
    expect(await farming().inputValue()).toBe('85000.50');

    // The form's own cancel goes through the same question.
    await page.getByTestId('cancel-archive').click();
    await confirmDialog().waitFor();
    await confirmDialog().getByRole('button', { name: '继续编辑' }).click();
    await confirmDialog().waitFor({ state: 'detached' });
    expect(await farming().inputValue()).toBe('85000.50');
    await waitForToasts(page);
    await screenshot(page, 'archive-form');
  });

  it('does not throw on an incomplete form: it scrolls to the first error and says so', async () => {
    const thrown: string[] = [];
    page.on('pageerror', (e) => thrown.push(e.message));
    await page.locator('#archive-name').fill('');
    await page.getByTestId('jump-land').click(); // the name's section out of sight
    // At rest at the section: the jump animates (antd's Anchor), and a save clicked while it still
    // moves is scrolled back to the section by its last frames.
    const landTop = async () => (await page.locator('#section-land').boundingBox())?.y ?? 9999;
    await expect.poll(landTop).toBeLessThan(100);
    await scrollSettled(page);
    expect(await landTop()).toBeLessThan(100);
    expect((await page.locator('#archive-name').boundingBox())!.y).toBeLessThan(0);
    await page.getByTestId('save-archive').click();
    await expect.poll(() => page.locator('.ant-message-notice').last().textContent()).toContain('请按提示修改 1 处错误');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('archive-name');
    await expect.poll(async () => (await page.locator('#archive-name').boundingBox())?.y ?? -1).toBeGreaterThan(0);
    expect((await page.locator('#archive-name').boundingBox())!.y).toBeLessThan(768);
    expect(new URL(page.url()).pathname).toBe(`/pc/archives/${customerId}/edit`);
    await page.locator('#archive-name').fill(NAME);
    expect(thrown).toEqual([]);
  });

  it('saves, then leaves without asking', async () => {
    await page.getByTestId('save-archive').click();
    await page.waitForURL(`**/pc/archives/${customerId}`);
    expect(await confirmDialog().count()).toBe(0);
    await openForm();
    await page.getByTestId('main-menu').getByText('客户档案', { exact: true }).click();
    await page.waitForURL('**/pc/archives');
    expect(await confirmDialog().count()).toBe(0);
  });
});

describe('the archive history', () => {
  it('lists each changed field by label with the old and new value in yuan, and who changed it', async () => {
    await page.goto(`/pc/archives/${customerId}`);
    await page.getByRole('tab', { name: '变更历史' }).click();
    // Newest first: the save above (修改, version 2), then the creation.
    const row = page.getByTestId('history-table').locator('tbody tr').first();
    const change = row.locator('li[data-path="income.farming"]');
    await change.waitFor();
    expect(await row.textContent()).toContain('修改');
    expect(await change.locator('strong').textContent()).toBe('种养殖收入');
    expect(await change.getByTestId('change-before').textContent()).toBe('¥80,000.00');
    expect(await change.getByTestId('change-after').textContent()).toBe('¥85,000.50');
    expect(await row.getByTestId('history-actor').textContent()).toMatch(/^\S+（\S+）$/); // a name and employee number
    // The creation entry: labels and enum labels, never codes.
    const created = page.getByTestId('history-table').locator('tbody tr').filter({ hasText: '创建' });
    expect(await created.locator('li[data-path="education"]').textContent()).toBe('文化程度：高中');
    expect(await page.getByTestId('history-table').textContent()).not.toContain('3600000');
    await waitForToasts(page);
    await screenshot(page, 'archive-history');
  });
});

describe('photos from the PC', () => {
  it('refuses a file that is not an image, in Chinese', async () => {
    await page.getByRole('tab', { name: '影像' }).click();
    await page.getByTestId('photo-upload').waitFor();
    await page.getByTestId('photo-upload').locator('input[type=file]').setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
    await expect.poll(() => page.locator('.ant-message-notice').last().textContent()).toContain('不是图片');
    expect(await page.locator('[data-testid=image-card]').count()).toBe(0);
  });

  it('uploads a photo of the chosen kind, which shows up watermarked and signed', async () => {
    await page.getByTestId('photo-kind').click();
    await page.locator('.ant-select-dropdown').getByText('房屋', { exact: true }).click();
    await page.getByTestId('photo-upload').locator('input[type=file]').setInputFiles({ name: 'house.jpg', mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) });
    const card = page.locator('[data-testid=image-card][data-kind=HOUSE]');
    await card.waitFor();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 120_000, interval: 1_000 }).toBe('READY');
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=image-card][data-kind=HOUSE] [data-testid=image-thumbnail] img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await card.textContent()).toContain('已签名');
    // The API holds it as the PAD's uploads are held: one HOUSE photo of this archive, signed.
    const cm = await apiToken(baseURL, 'fz1.cm1');
    const images = await gql(baseURL, cm, 'query($id: ID!) { customer(id: $id) { images { kind status resultSha256 } } }', { id: customerId });
    const house = images.customer.images.filter((i: { kind: string }) => i.kind === 'HOUSE');
    expect(house).toHaveLength(1);
    expect(house[0].status).toBe('READY');
    expect(house[0].resultSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
