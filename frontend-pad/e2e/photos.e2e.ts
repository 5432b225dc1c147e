// Photos on the PAD (issue 18): on a new archive nobody has saved yet, the manager photographs the
// ID card with a 12 MP camera (a 4000x3000 JPEG whose EXIF says "turn 90°", as a tablet held
// upright writes it), opens it full size, retakes it, photographs and deletes another, has the
// customer sign on the screen, then saves; the queue creates the archive and then uploads its
// photos. The tablet queues each photo upright within 2560 px as JPEG (never the original), and
// the server ends up with exactly the photos the tablet kept, byte for byte. Landscape and portrait.
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiToken, eventually, gql, loginOnTablet, residentId, screenshot, useTablet, waitingInQueue } from './support';

const baseURL = inject('baseURL');
const USER = 'fz1.cm2';
const SIZES = [
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
];

let context: BrowserContext;
let page: Page;
let loggedIn = false;

useTablet(baseURL, (tablet) => ({ context, page } = tablet));

/** A camera JPEG made in the page: a gradient with a dark block in the stored top-left corner,
 * optionally with an EXIF APP1 segment carrying `orientation` (6: turn 90° clockwise to view). */
async function cameraJpeg(width: number, height: number, hue: number, orientation: number | null): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ width, height, hue, orientation }) => {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d')!;
      const gradient = ctx.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, `hsl(${hue}, 70%, 45%)`);
      gradient.addColorStop(1, `hsl(${hue + 120}, 70%, 75%)`);
      ctx.fillStyle = gradient;
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, width / 4, height / 8);
      let bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer());
      if (orientation !== null) {
        // APP1 "Exif": a big-endian TIFF header and one IFD entry, Orientation (0x0112, SHORT).
        const exif = [0xff, 0xe1, 0x00, 0x22, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00, 0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        const at = bytes[2] === 0xff && bytes[3] === 0xe0 ? 4 + ((bytes[4] << 8) | bytes[5]) : 2; // after SOI and JFIF APP0
        const out = new Uint8Array(bytes.length + exif.length);
        out.set(bytes.subarray(0, at), 0);
        out.set(exif, at);
        out.set(bytes.subarray(at), at + exif.length);
        bytes = out;
      }
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    },
    { width, height, hue, orientation },
  );
  return Buffer.from(base64, 'base64');
}

interface KeptPhoto {
  id: string;
  kind: string;
  state: string;
  type: string | null;
  width: number | null;
  height: number | null;
  /** Of the stored pixel at the top-right corner: dark when the photo was turned upright. */
  topRightDark: boolean | null;
  sha256: string | null;
}

/** What the tablet keeps for the archive in IndexedDB: its photos (decoded: size, corner, hash of
 * the bytes the queue sends) and its open queue entries. */
async function onTablet(archiveId: string): Promise<{ photos: KeptPhoto[]; queue: string[] }> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('cic-pad');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = (store: string) =>
      new Promise<any[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const [photos, queue] = [(await all('photos')).filter((p) => p.archiveId === id), (await all('queue')).filter((e) => e.archiveId === id && e.state !== 'done')];
    db.close();
    const kept = [];
    for (const p of photos.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      const blob = p.blob as Blob | null;
      let width = null;
      let height = null;
      let topRightDark = null;
      let sha256 = null;
      if (blob) {
        const bitmap = await createImageBitmap(blob);
        [width, height] = [bitmap.width, bitmap.height];
        const canvas = new OffscreenCanvas(1, 1);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, bitmap.width - 20, 20, 1, 1, 0, 0, 1, 1);
        const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
        topRightDark = r + g + b < 120;
        bitmap.close();
        sha256 = [...new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()))].map((x) => x.toString(16).padStart(2, '0')).join('');
      }
      kept.push({ id: p.id, kind: p.kind, state: p.state, type: blob?.type ?? null, width, height, topRightDark, sha256 });
    }
    return { photos: kept, queue: queue.sort((a, b) => a.seq - b.seq).map((e) => `${e.op}:${e.photoId ?? ''}`) };
  }, archiveId);
}

async function chooseFile(trigger: () => Promise<void>, name: string, buffer: Buffer): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await trigger();
  await (await chooser).setFiles({ name, mimeType: 'image/jpeg', buffer });
}

describe.each(SIZES)('photos of a new archive on the PAD at $width x $height', (size) => {
  const name = size.width > size.height ? '郑晓梅' : '郑晓兰';
  const idNumber = residentId('350102', '19790301', size.width > size.height ? 611 : 612);
  let archiveId: string;
  let first: KeptPhoto;

  it('takes a 12 MP photo before the archive was ever saved: queued upright within 2560 px, as JPEG', async () => {
    await page.setViewportSize(size);
    if (!loggedIn) await loginOnTablet(page, USER);
    loggedIn = true;
    await page.goto('/pad/');
    await page.getByTestId('new-archive').click();
    await page.waitForURL(/\/pad\/archives\/[0-9a-f-]{36}\?new=1$/);
    archiveId = new URL(page.url()).pathname.split('/').pop()!;
    await expect.poll(() => page.getByTestId('form-status').textContent()).toBe('未上传');

    // Nothing typed, nothing saved: the camera is there at once.
    await chooseFile(() => page.getByTestId('take-photo-ID_FRONT').click(), 'IMG_0001.JPG', await cameraJpeg(4000, 3000, 200, 6));
    // Decoding and re-encoding 12 MP takes the tablet a moment.
    await expect.poll(() => page.locator('[data-testid=photo][data-kind=ID_FRONT][data-state=queued]').count(), { timeout: 20_000 }).toBe(1);
    const kept = await onTablet(archiveId);
    expect(kept.photos).toHaveLength(1);
    first = kept.photos[0];
    // Turned upright (EXIF orientation 6: the stored top-left block is now top right), 1920 x 2560.
    expect(first).toMatchObject({ kind: 'ID_FRONT', state: 'queued', type: 'image/jpeg', width: 1920, height: 2560, topRightDark: true });
    expect(kept.queue).toEqual([`uploadPhoto:${first.id}`]);
    // The server has nothing yet: the upload waits for the archive.
    const token = await apiToken(baseURL, USER);
    expect((await gql(baseURL, token, 'query($id: ID!) { customer(id: $id) { id } }', { id: archiveId })).customer).toBeNull();
  });

  it('shows the photo full size on a tap', async () => {
    await page.locator('[data-testid=photo][data-kind=ID_FRONT] [data-testid=photo-open]').click();
    await page.getByTestId('photo-viewer').waitFor();
    const shown = page.locator('.photo-viewer img');
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => (img.complete ? `${img.naturalWidth}x${img.naturalHeight}` : ''))).toBe('1920x2560');
    await page.getByTestId('photo-viewer-close').click();
    await page.getByTestId('photo-viewer').waitFor({ state: 'detached' });
  });

  it('retakes the photo: the new one replaces the old one and its queued upload', async () => {
    await chooseFile(() => page.locator('[data-testid=photo][data-kind=ID_FRONT] [data-testid=photo-retake]').click(), 'IMG_0002.JPG', await cameraJpeg(4000, 3000, 30, null));
    await expect.poll(async () => (await onTablet(archiveId)).photos.map((p) => p.id).join(), { timeout: 20_000 }).not.toBe(first.id);
    const kept = await onTablet(archiveId);
    expect(kept.photos).toHaveLength(1);
    expect(kept.photos[0]).toMatchObject({ kind: 'ID_FRONT', state: 'queued', type: 'image/jpeg', width: 2560, height: 1920 });
    expect(kept.queue).toEqual([`uploadPhoto:${kept.photos[0].id}`]);
    expect(await page.locator('[data-testid=photo][data-kind=ID_FRONT]').count()).toBe(1);
  });

  it('deletes a photo before it is uploaded', async () => {
    await chooseFile(() => page.getByTestId('take-photo-VISIT_PHOTO').click(), 'IMG_0003.JPG', await cameraJpeg(3000, 4000, 100, null));
    await expect.poll(() => page.locator('[data-testid=photo][data-kind=VISIT_PHOTO]').count(), { timeout: 20_000 }).toBe(1);
    await page.locator('[data-testid=photo][data-kind=VISIT_PHOTO] [data-testid=photo-delete]').click();
    await page.locator('.adm-dialog-button', { hasText: '删除' }).click();
    await expect.poll(() => page.locator('[data-testid=photo][data-kind=VISIT_PHOTO]').count()).toBe(0);
    const kept = await onTablet(archiveId);
    expect(kept.photos.map((p) => p.kind)).toEqual(['ID_FRONT']);
    expect(kept.queue).toHaveLength(1);
  });

  it('takes the customer\'s signature on the screen', async () => {
    // Among the other kinds, unless the bank's rules require a signature.
    if (!(await page.getByTestId('photo-kind-SIGNATURE').count())) await page.locator('.photo-kind .adm-selector-item', { hasText: '签名' }).click();
    await page.getByTestId('sign-SIGNATURE').first().click();
    const canvas = page.getByTestId('signature-canvas');
    await page.locator('[data-testid=signature-pad][data-shown=true]').waitFor();
    expect(await page.getByTestId('signature-confirm').isDisabled()).toBe(true); // nothing drawn yet
    const box = (await canvas.boundingBox())!;
    const stroke = async (from: number[], to: number[]) => {
      await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
      await page.mouse.down();
      for (let i = 1; i <= 12; i++) {
        const f = i / 12;
        await page.mouse.move(box.x + box.width * (from[0] + (to[0] - from[0]) * f), box.y + box.height * (from[1] + (to[1] - from[1]) * f + 0.1 * Math.sin(f * Math.PI * 2)));
      }
      await page.mouse.up();
    };
    // A false start, cleared.
    await stroke([0.1, 0.2], [0.9, 0.8]);
    await expect.poll(() => canvas.getAttribute('data-empty')).toBe('false');
    await page.getByTestId('signature-clear').click();
    await expect.poll(() => canvas.getAttribute('data-empty')).toBe('true');
    // Two strokes of a hand-written name.
    for (const [from, to] of [
      [[0.15, 0.5], [0.45, 0.3]],
      [[0.5, 0.7], [0.85, 0.45]],
    ])
      await stroke(from, to);
    await expect.poll(() => canvas.getAttribute('data-empty')).toBe('false');
    await page.getByTestId('signature-confirm').click();
    await page.getByTestId('signature-pad').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-testid=photo][data-kind=SIGNATURE][data-state=queued]').count(), { timeout: 20_000 }).toBe(1);
    const signature = (await onTablet(archiveId)).photos.find((p) => p.kind === 'SIGNATURE')!;
    // Drawn on the canvas, queued as a JPEG of the canvas's size (within 2560 px).
    expect(signature.type).toBe('image/jpeg');
    expect(Math.max(signature.width!, signature.height!)).toBeLessThanOrEqual(2560);
    expect(Math.abs(signature.width! - box.width)).toBeLessThanOrEqual(1);
  });

  it('saves: the archive is created, then its photos are uploaded, exactly those the tablet kept', async () => {
    const kept = await onTablet(archiveId);
    expect(kept.photos.map((p) => p.kind).sort()).toEqual(['ID_FRONT', 'SIGNATURE']);
    await page.locator('#f-name').fill(name);
    await page.locator('#f-idNumber').fill(idNumber);
    await page.getByTestId('id-long-term').click();
    await page.locator('#f-mobile').fill('13859016677');
    await page.getByTestId('consent').click();
    // What the tablet sends, in order.
    const sent: string[] = [];
    const record = (request: { url(): string; method(): string; postData(): string | null; headers(): Record<string, string> }) => {
      if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
      // The upload is the PAD's one multipart request (Chromium does not hand over its body).
      if ((request.headers()['content-type'] ?? '').startsWith('multipart/form-data')) sent.push('uploadImage');
      else if ((request.postData() ?? '').includes('createArchive')) sent.push('createArchive');
    };
    page.on('request', record);
    await page.getByTestId('save-archive').click();
    await page.waitForURL(new RegExp(`/pad/archives/${archiveId}$`));
    await expect.poll(() => waitingInQueue(page), { timeout: 60_000 }).toBe(0);
    page.off('request', record);
    // The save that creates the archive went first, then the photos taken before it, once each.
    expect(sent).toEqual(['createArchive', 'uploadImage', 'uploadImage']);

    const token = await apiToken(baseURL, USER);
    const customer = await eventually(async () => {
      const data = await gql(baseURL, token, 'query($id: ID!) { customer(id: $id) { id name channel images { kind status width height originalSha256 } } }', { id: archiveId });
      const images = (data.customer?.images ?? []) as { status: string }[];
      return images.length === 2 && images.every((i) => i.status === 'READY') ? data.customer : null;
    }, 90_000);
    expect([customer.id, customer.name, customer.channel]).toEqual([archiveId, name, 'PAD']);
    // Byte for byte what the tablet queued: the downscaled JPEGs, not the camera's originals,
    // and neither the retaken nor the deleted photo.
    const byKind = new Map(kept.photos.map((p) => [p.kind, p.sha256]));
    for (const image of customer.images as { kind: string; width: number; height: number; originalSha256: string }[]) {
      expect(image.originalSha256).toBe(byKind.get(image.kind));
      expect(Math.max(image.width, image.height)).toBeLessThanOrEqual(2560);
    }

    await page.goto(`/pad/archives/${archiveId}`);
    await expect.poll(() => page.locator('[data-testid=photo][data-state=ready]').count(), { timeout: 90_000 }).toBe(2);
    // The finished section: the watermarked photo and signature, the kinds still missing.
    await page.getByTestId('photo-kind-ID_FRONT').evaluate((tile) => tile.scrollIntoView({ block: 'center' }));
    if (size.width > size.height) await screenshot(page, 'photos');

    // Once watermarked, the full size is the server's (a signed link asked for on the tap).
    await page.locator('[data-testid=photo][data-kind=ID_FRONT] [data-testid=photo-open]').click();
    await page.getByTestId('photo-viewer').waitFor();
    const shown = page.locator('.photo-viewer img');
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => (img.complete && img.naturalWidth > 0 ? new URL(img.src).pathname.split('/').slice(0, 3).join('/') : '')), { timeout: 10_000 }).toBe('/images/view');
    expect(await shown.evaluate((img: HTMLImageElement) => Math.max(img.naturalWidth, img.naturalHeight))).toBeGreaterThan(1000); // not the thumbnail
    await page.getByTestId('photo-viewer-close').click();
    await page.getByTestId('photo-viewer').waitFor({ state: 'detached' });
  });
});
