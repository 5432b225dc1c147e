// The village scenario: a customer manager logs in, loses the network, collects an archive with
// two photos (the mobile typed in full-width digits, as a Chinese IME gives them; the consent with
// the agreement to share with other member banks), reloads the app while still offline, gets the
// network back and watches the queue drain; the server then holds the archive and the two
// watermarked photos exactly once.
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiToken, eventually, FIXTURES, gql, loginOnTablet, POSITION, residentId, screenshot, useTablet, waitingInQueue } from './support';

const baseURL = inject('baseURL');
const NAME = '林秋生';
const ID_NUMBER = residentId('350102', '19850412', 531);
const SPOUSE_ID = residentId('350102', '19860923', 542);

let context: BrowserContext;
let page: Page;
let archiveId: string;

useTablet(baseURL, (tablet) => ({ context, page } = tablet));

async function choose(fieldId: string, text: string) {
  await page.locator(`#${fieldId} .adm-selector-item`, { hasText: text }).first().click();
}

async function takePhoto(kind: string, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId(`take-photo-${kind}`).click();
  await (await chooser).setFiles(path.join(FIXTURES, file));
}

describe('offline collection on the PAD', () => {
  it('logs in and caches the manager\'s work for offline use', async () => {
    await page.goto('/pad/');
    await page.locator('#login-username').waitFor();
    await screenshot(page, 'login');
    await loginOnTablet(page, 'fz1.cm1');
    await page.waitForFunction(() => document.documentElement.dataset.cache === 'ready', null, { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('archive-card').count()).toBeGreaterThan(0);
    await screenshot(page, 'my-work');
  });

  it('collects an archive with two photos while offline', async () => {
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('false');
    await page.getByTestId('new-archive').click();
    await page.locator('#f-name').fill(NAME);
    // The ID number is checked on the tablet with the server's rules.
    await page.locator('#f-idNumber').fill(ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === '0' ? '1' : '0'));
    await page.locator('#f-name').click();
    await expect.poll(() => page.locator('.field.has-error .field-error').first().textContent()).toContain('校验位错误');
    await page.locator('#f-idNumber').fill(ID_NUMBER);
    await page.locator('#f-name').click();
    await expect.poll(() => page.locator('.field.has-error').count()).toBe(0);
    await page.getByTestId('id-long-term').click();
    await choose('f-education', '高中');
    await choose('f-maritalStatus', '已婚');
    await choose('f-health', '良好');
    // Full-width digits from a Chinese IME are the same number: accepted on the tablet, sent as ASCII.
    await page.locator('#f-mobile').fill('１３８５９０１２３４５');
    await page.locator('#f-address-region').click();
    // The picker opens at the officer's own county; this customer lives in another: from the top.
    await page.getByTestId('region-trail').getByRole('button').first().click();
    for (const name of ['福建省', '福州市', '长乐区', '潭头镇', '潭头村']) {
      await page.getByTestId('region-options').getByRole('button', { name }).click();
    }
    await expect.poll(() => page.locator('#f-address-region').textContent()).toBe('福建省 / 福州市 / 长乐区 / 潭头镇 / 潭头村');
    await page.locator('#f-address-line').fill('潭头村5组12号');
    await page.locator('#f-household-size').fill('4');
    await page.getByTestId('add-familyMembers').click();
    await choose('f-familyMembers-0-relation', '配偶');
    await page.locator('#f-familyMembers-0-name').fill('陈美玉');
    await page.locator('#f-familyMembers-0-idNumber').fill(SPOUSE_ID);
    await page.locator('#f-land-contractedMu').fill('8.5');
    await page.locator('#f-land-crops').fill('水稻、茶叶');
    await page.locator('#f-income-farming').fill('68000');
    await page.getByTestId('consent').click();
    await page.getByTestId('consent-share').click();
    await page.getByTestId('save-archive').click();
    await page.waitForURL(/\/pad\/archives\/[0-9a-f-]{36}$/);
    archiveId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('form-status').textContent()).toBe('未上传');
    expect(await page.locator('.field.has-error').count()).toBe(0); // queued, not held back by a device check

    await takePhoto('ID_FRONT', 'id-front.jpg');
    await takePhoto('VISIT_PHOTO', 'visit.jpg');
    await expect.poll(() => page.locator('[data-testid=photo][data-state=queued]').count()).toBe(2);
    await page.locator('#section-photos').scrollIntoViewIfNeeded();
    await screenshot(page, 'photos-offline');
    await page.locator('#section-identity').scrollIntoViewIfNeeded();
    await screenshot(page, 'archive-form');
    await screenshot(page, 'archive-form-portrait', [{ width: 768, height: 1024 }]);

    // Every visible button, input and choice on the form is a touch target of at least 44 px.
    const small = await page.locator('.adm-button, .adm-input, .adm-selector-item, .adm-checkbox, .adm-tabs-tab').evaluateAll((nodes) =>
      nodes
        .map((n) => ({ text: (n.textContent || n.className).trim().slice(0, 30), rect: n.getBoundingClientRect() }))
        .filter(({ rect }) => rect.width > 0 && rect.height > 0 && rect.height < 43.5)
        .map(({ text, rect }) => `${text}: ${Math.round(rect.height)}px`),
    );
    expect(small).toEqual([]);
  });

  it('keeps everything across a reload with no network', async () => {
    await page.reload();
    await page.getByTestId('section-photos').waitFor();
    await expect.poll(() => page.locator('[data-testid=photo][data-state=queued]').count()).toBe(2);
    // Still offline: nothing has left the tablet.
    const token = await apiToken(baseURL, 'fz1.cm1');
    const none = await gql(baseURL, token, 'query($id: ID!) { customer(id: $id) { id } }', { id: archiveId });
    expect(none.customer).toBeNull();
    await page.goto('/pad/?tab=queue');
    await expect.poll(() => page.locator('[data-testid=queue-item][data-state=pending], [data-testid=queue-item][data-state=retry]').count()).toBe(3);
    await screenshot(page, 'queue-offline');
  });

  it('drains the queue when the network is back: archive, then photos, each once', async () => {
    await context.setOffline(false);
    await expect.poll(() => waitingInQueue(page), { timeout: 60_000 }).toBe(0);
    expect(await page.locator('[data-testid=queue-item][data-state=done]').count()).toBeGreaterThanOrEqual(3);
    const order = await page.locator('[data-testid=queue-item][data-state=done]').evaluateAll((items) => items.map((i) => i.getAttribute('data-op')).reverse());
    expect(order.slice(0, 3)).toEqual(['saveArchive', 'uploadPhoto', 'uploadPhoto']);
    await screenshot(page, 'queue-synced');

    // The tablet shows the server's watermarked thumbnails once the worker has processed them.
    await page.goto(`/pad/archives/${archiveId}`);
    await expect.poll(() => page.locator('[data-testid=photo][data-state=ready]').count(), { timeout: 90_000 }).toBe(2);
    await expect.poll(() => page.locator('[data-testid=violations] [data-code=BASE_REQUIRED_IMAGES]').count()).toBe(1); // ID_BACK still missing
    await page.locator('#section-photos').scrollIntoViewIfNeeded();
    await screenshot(page, 'photos-synced');

    const token = await apiToken(baseURL, 'fz1.cm1');
    const found = await gql(baseURL, token, 'query($f: CustomerFilter) { customers(filter: $f, first: 10) { edges { node { id name channel status version } } } }', { f: { namePrefix: NAME } });
    expect(found.customers.edges.map((e: any) => e.node)).toEqual([{ id: archiveId, name: NAME, channel: 'PAD', status: 'DRAFT', version: 1 }]);
    const images = await eventually(async () => {
      const data = await gql(
        baseURL,
        token,
        'query($id: ID!) { customer(id: $id) { mobile consent { channel shareWithFederation } familyMembers { relation name } address { villageCode } images { kind status latitude longitude deviceId resultSha256 c2pa } } }',
        { id: archiveId },
      );
      const list = data.customer.images as any[];
      expect(list).toHaveLength(2);
      return list.every((i) => i.status === 'READY') ? data.customer : null;
    }, 90_000);
    expect(images.mobile).toBe('13859012345');
    expect(images.consent).toEqual({ channel: 'PAD', shareWithFederation: true });
    expect(images.familyMembers).toEqual([{ relation: 'SPOUSE', name: '陈美玉' }]);
    expect(images.address.villageCode).toBe('350112100001');
    expect(images.images.map((i: any) => i.kind).sort()).toEqual(['ID_FRONT', 'VISIT_PHOTO']);
    for (const image of images.images) {
      expect(image).toMatchObject({ latitude: POSITION.latitude, longitude: POSITION.longitude, c2pa: true });
      expect(image.resultSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(image.deviceId).toMatch(/^PAD-/);
    }
  });
});
