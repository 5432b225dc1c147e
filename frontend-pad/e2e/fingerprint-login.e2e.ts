// Fingerprint login on the tablet (docs/channels.md, "Fingerprint platform"; docs/pad-app.md): the
// login card offers 指纹登录 when the server does, asks the reader's local service (the e2e
// server's simulated reader, another origin, under the CSP) for a sample and logs in with the
// fingerprint grant; the session is then a password login's (kept for offline work).
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useTablet } from './support';

const baseURL = inject('baseURL');
const reader = (JSON.parse(inject('simulators')) as Record<string, string>)['fingerprint-reader'];
const USER = 'fz3.cm1'; // no other tablet test logs in as this manager

let page: Page;
useTablet(baseURL, (tablet) => ({ page } = tablet));

async function place(mode: 'own' | 'none'): Promise<void> {
  const answer = await fetch(`${reader}/_sim/finger`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });
  expect(answer.ok).toBe(true);
}

afterAll(async () => {
  if (reader) await place('own');
});

describe('fingerprint login on the PAD', () => {
  it('says when no finger was read, then logs the manager in with the enrolled finger', async () => {
    expect(reader, 'the e2e server did not report the reader simulator').toBeTruthy();
    await page.goto('/pad/');
    await page.getByText('指纹登录', { exact: true }).click();
    await page.locator('#login-username').fill(USER);
    await expect(page.locator('#login-password').count()).resolves.toBe(0); // no password on this tab
    await place('none');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').filter({ hasText: '未检测到手指' }).waitFor();
    expect(await page.locator('.login-card').innerText()).not.toMatch(/\b[A-Z]+_[A-Z_]+\b|null|undefined/); // words, never codes
    await screenshot(page, 'login-fingerprint', [{ width: 1024, height: 768 }]);

    await place('own');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('new-archive').waitFor();
    // a session like a password login's: the tablet keeps it for offline work
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('cic.pad.session') ?? 'null') as { username?: string } | null);
    expect(kept?.username).toBe(USER);
  });
});
