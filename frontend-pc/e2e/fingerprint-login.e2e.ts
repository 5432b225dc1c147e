// Fingerprint login on the PC (docs/channels.md, "Fingerprint platform"): the login screen asks
// the server whether fingerprint login is on and where the reader's local service is, the page
// asks that service (the simulated reader of the e2e server, another origin: CORS and the CSP's
// connect-src) for a sample, and the token endpoint checks it with the fingerprint platform's
// simulator. The reader's own interface puts another finger on it, none, or unplugs it.
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, usePage } from './support';

const baseURL = inject('baseURL');
const reader = (JSON.parse(inject('simulators')) as Record<string, string>)['fingerprint-reader'];
// An account no other browser test logs into: the refused finger below counts toward its lock-out.
const USER = 'fz2.cm1';

let page: Page;
usePage(baseURL, (opened) => (page = opened));

async function place(mode: 'own' | 'other' | 'none' | 'unplugged'): Promise<void> {
  const answer = await fetch(`${reader}/_sim/finger`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });
  expect(answer.ok).toBe(true);
}

async function fingerprintLogin(): Promise<void> {
  await page.goto('/pc/login');
  await page.getByRole('tab', { name: '指纹登录' }).click();
  await page.locator('#fingerprint-username').fill(USER);
  await page.getByTestId('fingerprint-submit').click();
}

afterAll(async () => {
  if (reader) await place('own'); // as the other tests expect it
});

describe('fingerprint login on the PC', () => {
  it('refuses a finger nobody enrolled, says when no finger is read or the reader is unplugged, all in words', async () => {
    expect(reader, 'the e2e server did not report the reader simulator').toBeTruthy();
    await place('other');
    await fingerprintLogin();
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('用户名或指纹不匹配');
    await place('none');
    await fingerprintLogin();
    await page.getByTestId('login-error').filter({ hasText: '未检测到手指' }).waitFor();
    await place('unplugged');
    await fingerprintLogin();
    await page.getByTestId('login-error').filter({ hasText: '指纹仪未就绪' }).waitFor();
    expect(await page.locator('.cic-login').innerText()).not.toMatch(/\b[A-Z]+_[A-Z_]+\b|null|undefined/);
    const captures = (await (await fetch(`${reader}/_sim/captures`)).json()) as { captures: { hint: string }[] };
    expect(captures.captures.slice(-3).map((c) => c.hint)).toEqual([USER, USER, USER]);
  });

  it('logs the customer manager in with the enrolled finger', async () => {
    await place('own');
    await page.goto('/pc/login');
    await page.getByRole('tab', { name: '指纹登录' }).click();
    await page.locator('#fingerprint-username').fill(USER);
    await screenshot(page, 'login-fingerprint');
    await page.getByTestId('fingerprint-submit').click();
    await page.getByTestId('main-menu').waitFor();
    await expect(page.getByTestId('user-menu').innerText()).resolves.toContain('邓春梅'); // fz2.cm1's name
  });
});
