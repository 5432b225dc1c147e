// The tablet's main screens held landscape (1024x768) and portrait (768x1024), by touch: nothing
// scrolls sideways, and each passes the screen audit (codes and English in the Chinese UI,
// axe-core; support.ts `audit`). Pictures: docs/screenshots/pad-screen-<name>-<size>.png; the same
// file run against the code before issue 18 made docs/screenshots/before/ (docs/screens.md).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as support from './support';
import { PASSWORD, SCREENSHOTS, useTablet } from './support';

const baseURL = inject('baseURL');
const SIZES = [
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
];

let page: Page;
useTablet(baseURL, (tablet) => (page = tablet.page));

async function picture(name: string): Promise<void> {
  const dir = process.env.CIC_SCREENS_DIR ?? SCREENSHOTS;
  mkdirSync(dir, { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForFunction(({ width, height }) => window.innerWidth === width && window.innerHeight === height, size);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect.soft(overflow, `${name} at ${size.width}x${size.height} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(dir, `pad-screen-${name}-${size.width}x${size.height}.png`) });
    // The code before issue 18 has no audit; the pictures of it are taken all the same.
    if ('audit' in support) await (support as { audit: (p: Page, n: string) => Promise<void> }).audit(page, `screen-${name}-${size.width}x${size.height}`);
  }
}

describe('the tablet main screens, landscape and portrait', () => {
  it('login, work list, a new archive, a collected archive, the sync queue', async () => {
    await page.goto('/pad/');
    await page.locator('#login-username').waitFor();
    await picture('login');
    await page.locator('#login-username').fill('fz1.cm1');
    await page.locator('#login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').tap();
    await page.getByTestId('new-archive').waitFor();
    await page.getByTestId('archive-card').first().waitFor();
    await picture('work');

    await page.getByTestId('archive-card').first().tap();
    await page.waitForURL(/\/archives\/[0-9a-f-]{36}/);
    await page.getByTestId('archive-page').waitFor();
    await picture('archive');

    await page.goto('/pad/');
    await page.getByTestId('new-archive').tap();
    await page.waitForURL(/\/archives\/[0-9a-f-]{36}\?new=1$/);
    await page.locator('#f-name').waitFor();
    await picture('new-archive');

    await page.goto('/pad/');
    await page.getByTestId('tab-queue').tap();
    await page.getByTestId('queue').waitFor();
    await picture('queue');
  });
});
