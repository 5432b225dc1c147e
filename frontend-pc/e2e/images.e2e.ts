// A branch manager opens the photos of a demo archive (the e2e server's demo data gives the first
// archives of fz1.cm1 photos that its worker watermarks and signs after start), views one full
// size, downloads those bytes through the signed link, verifies them (AUTHENTIC), verifies them
// again with one byte flipped (ALTERED), and deletes the photo with a reason: it disappears and
// the archive fails BASE_REQUIRED_IMAGES.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiToken, gql, loginAs, moveMouseAway, screenshot, usePage } from './support';

const baseURL = inject('baseURL');
const REQUIRED = ['ID_FRONT', 'ID_BACK', 'VISIT_PHOTO'];
const KIND = 'ID_FRONT'; // the photo viewed, verified and deleted: a required kind
const REASON = '证件照片反光，需重新拍摄';

let page: Page;
let customerId: string;
let imageCount: number;
let fullImage: Buffer;

beforeAll(async () => {
  // An archive of fz1.cm1 with its demo photos (at least four) and no image violation yet.
  const cm = await apiToken(baseURL, 'fz1.cm1');
  const me = await gql(baseURL, cm, '{ me { user { id } } }');
  const found = await gql(
    baseURL,
    cm,
    `query($f: CustomerFilter) { customers(filter: $f, first: 50) { edges { node { id images { kind status } evaluation { violations { code } } } } } }`,
    { f: { managerId: me.me.user.id } },
  );
  const candidate = (found.customers.edges as { node: { id: string; images: { kind: string }[]; evaluation: { violations: { code: string }[] } | null } }[])
    .map((e) => e.node)
    .find(
      (c) =>
        c.images.length >= 4 &&
        REQUIRED.every((k) => c.images.some((i) => i.kind === k)) &&
        !c.evaluation?.violations.some((v) => v.code === 'BASE_REQUIRED_IMAGES'),
    );
  expect(candidate, 'a demo archive of fz1.cm1 with photos').toBeDefined();
  customerId = candidate!.id;
  imageCount = candidate!.images.length;
});

usePage(baseURL, (opened) => (page = opened));

const cards = () => page.getByTestId('image-card');
const card = (kind: string) => page.locator(`[data-testid=image-card][data-kind=${kind}]`);

async function chooseFile(name: string, buffer: Buffer): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('verify-image').click();
  await (await chooser).setFiles({ name, mimeType: 'image/jpeg', buffer });
}

async function closeDialog(): Promise<void> {
  // The close button, not Escape: Escape reaches the dialog only once its opening animation has
  // moved the focus into it, and the verdict can show before that.
  const dialog = page.locator('.ant-modal-wrap').filter({ has: page.getByTestId('verify-result') });
  await dialog.locator('.ant-modal-close').click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('archive images', () => {
  it('shows the thumbnails once the worker has signed them', async () => {
    await loginAs(page, 'fz1.manager');
    await page.goto(`/pc/archives/${customerId}`);
    await page.getByRole('tab', { name: '影像' }).click();
    await expect.poll(() => cards().count(), { timeout: 20_000 }).toBe(imageCount);
    // RECEIVED photos say 处理中 and the tab polls until the worker is done.
    await expect.poll(() => page.locator('[data-testid=image-card][data-status=READY]').count(), { timeout: 120_000, interval: 1_000 }).toBe(imageCount);
    await page.waitForFunction(
      (n) => {
        const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid=image-thumbnail] img'));
        return imgs.length === n && imgs.every((i) => i.complete && i.naturalWidth > 0);
      },
      imageCount,
    );
    const facts = await card(KIND).textContent();
    expect(facts).toContain('身份证正面');
    expect(facts).toContain('已签名');
    expect(facts).toMatch(/拍摄位置\s*\d+\.\d{5}, \d+\.\d{5} ±\d+ m/);
    expect(facts).toContain('PAD-FZ01-DEMO');
    expect(facts).toMatch(/C2PA 溯源\s*是/);
    await moveMouseAway(page);
    await screenshot(page, 'images');
  });

  it('opens the full-size viewer and downloads the issued file through its signed link', async () => {
    await card(KIND).getByTestId('image-thumbnail').click();
    const full = page.locator('.ant-image-preview img.ant-image-preview-img');
    await full.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.ant-image-preview img.ant-image-preview-img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await page.getByTestId('image-viewer-caption').textContent()).toContain('身份证正面');
    const src = await full.evaluate((img: HTMLImageElement) => img.src);
    expect(src).toContain('/images/view/');
    await screenshot(page, 'image-viewer');

    const response = await fetch(src);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('image/jpeg');
    fullImage = Buffer.from(await response.arrayBuffer());
    // The bytes are the issued file: their SHA-256 is the one the API records.
    const token = await apiToken(baseURL, 'fz1.manager');
    const imageId = await card(KIND).getAttribute('data-image-id');
    const recorded = await gql(baseURL, token, 'query($id: ID!) { image(id: $id) { resultSha256 width height } }', { id: imageId });
    expect(createHash('sha256').update(fullImage).digest('hex')).toBe(recorded.image.resultSha256);
    await page.keyboard.press('Escape');
    await full.waitFor({ state: 'hidden' });
  });

  it('verifies the downloaded file as AUTHENTIC with its capture record', async () => {
    await chooseFile('id-front.jpg', fullImage);
    const result = page.getByTestId('verify-result');
    await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 30_000 }).toBe('AUTHENTIC');
    expect(await page.getByTestId('verify-verdict').textContent()).toContain('真实');
    const record = await page.getByTestId('verify-record').textContent();
    expect(record).toContain('身份证正面');
    expect(record).toContain(createHash('sha256').update(fullImage).digest('hex'));
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.cic-thumb-record');
      return !img || (img.complete && img.naturalWidth > 0);
    });
    await screenshot(page, 'image-verify');
    await closeDialog();
  });

  it('calls the file ALTERED after one byte in the middle is flipped', async () => {
    const altered = Buffer.from(fullImage);
    const middle = Math.floor(altered.length / 2);
    altered[middle] = altered[middle] ^ 0x01;
    await chooseFile('id-front-edited.jpg', altered);
    const result = page.getByTestId('verify-result');
    await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 30_000 }).toBe('ALTERED');
    expect(await page.getByTestId('verify-verdict').textContent()).toContain('已被篡改');
    await closeDialog();
  });

  it('deletes the photo with a reason: it disappears and the archive misses a required image', async () => {
    await card(KIND).getByTestId('image-delete').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '删除影像' });
    await dialog.waitFor();
    await page.locator('#delete-image-reason').fill(REASON);
    await page.locator('#delete-image-confirm').click();
    await expect.poll(() => cards().count()).toBe(imageCount - 1);
    expect(await card(KIND).count()).toBe(0);

    // "显示已删除" lists it again, greyed, with the reason.
    await page.getByTestId('images-show-deleted').click();
    const deleted = page.locator('[data-testid=image-card][data-status=DELETED]');
    await expect.poll(() => deleted.count()).toBe(1);
    expect(await deleted.textContent()).toContain(REASON);
    await page.getByTestId('images-show-deleted').click();
    await expect.poll(() => cards().count()).toBe(imageCount - 1);

    await page.getByRole('tab', { name: /完整性校验/ }).click();
    await expect.poll(() => page.getByTestId('violations-table').textContent()).toContain('须上传身份证正反面及走访照片'); // BASE_REQUIRED_IMAGES, by its message
  });
});
