// A quota application (授信申请) from the village: fz1.cm1 opens a precise, rated archive with no
// application, loses the network, fills an application for 农e贷 within the recommended quota
// shown (the rating cached with the archive), sees it kept as 待同步, gets the network back and
// sees the server's status (straight through: 已批准 at once; drawn for review: 审批中). Through
// the API: one application, with the tablet's id, channel PAD, the amount and term typed.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiToken, gql, loginOnTablet, screenshot, useTablet, waitingInQueue } from './support';

const baseURL = inject('baseURL');
const CANDIDATES = ['石明俊', '陈涛俊'];

let context: BrowserContext;
let page: Page;
let token: string;
let customer: { id: string; name: string; rating: { grade: string; recommendedQuota: string } };
let amount: number;

beforeAll(async () => {
  token = await apiToken(baseURL, 'fz1.cm1');
  const me = await gql(baseURL, token, '{ me { user { id } } }');
  const data = await gql(baseURL, token, `query($m: ID!) { customers(filter: { managerId: $m }, first: 100) { edges { node {
    id name evaluation { precise } rating { grade recommendedQuota }
  } } } }`, { m: me.me.user.id });
  const nodes = data.customers.edges.map((e: { node: unknown }) => e.node) as (typeof customer & { evaluation: { precise: boolean } })[];
  // 石明俊 or 陈涛俊 first (no demo application), else any precise archive the day's data leaves eligible.
  const ordered = [...CANDIDATES.map((name) => nodes.find((n) => n.name === name)), ...nodes].filter((n) => n !== undefined);
  for (const found of ordered) {
    if (!(found.evaluation?.precise && found.rating && Number(found.rating.recommendedQuota) >= 10_000)) continue;
    const apps = await gql(baseURL, token, 'query($c: ID!) { applications(customerId: $c) { edges { node { id } } } }', { c: found.id });
    if (apps.applications.edges.length === 0) {
      customer = found;
      break;
    }
  }
  if (!customer) throw new Error('no precise, rated archive of fz1.cm1 without applications in the demo data');
  // At most the recommended quota, at least the product's minimum (10,000).
  amount = Math.max(10_000, Math.min(12_000, Math.floor(Number(customer.rating.recommendedQuota) / 1000) * 1000));
});

useTablet(baseURL, (tablet) => ({ context, page } = tablet));

describe('quota applications on the PAD', () => {
  it('fills an application offline, keeps it as 待同步, and syncs it when the network is back', async () => {
    await loginOnTablet(page, 'fz1.cm1');
    await page.waitForFunction(() => document.documentElement.dataset.cache === 'ready', null, { timeout: 60_000 });
    await page.locator(`[data-archive-id="${customer.id}"]`).click();
    await expect.poll(() => page.getByTestId('no-applications').count()).toBe(1);

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('false');
    await page.getByTestId('apply').click();
    await page.getByTestId('application-page').waitFor();
    await page.locator('#f-app-productId .adm-selector-item', { hasText: '农e贷' }).click();
    // No network: no eligibility check yet; the recommended quota is the cached rating's.
    await expect.poll(() => page.getByTestId('check-none').count()).toBe(1);
    const shown = await page.getByTestId('recommended-quota').getAttribute('data-amount');
    expect(Number(shown)).toBe(Number(customer.rating.recommendedQuota));
    expect(amount).toBeLessThanOrEqual(Number(shown));

    // The device checks say what the server would: nothing filled in yet.
    await page.getByTestId('application-send').click();
    await expect.poll(() => page.locator('.field.has-error').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.field.has-error .field-error').allTextContents()).toContain('请填写借款用途（2-200字）');

    await page.locator('#f-app-amount').fill(String(amount));
    await page.locator('#f-app-term .adm-selector-item', { hasText: '12 个月' }).click();
    await page.locator('#f-app-repaymentMethod .adm-selector-item', { hasText: '等额本息' }).click();
    await page.locator('textarea#f-app-purpose').fill('购买春耕化肥和种子');
    expect(await page.locator('#f-app-overReason').count()).toBe(0); // within the recommendation: no reason asked
    await screenshot(page, 'application-form', [{ width: 1280, height: 800 }]);
    await page.getByTestId('application-send').click();

    // Back on the archive: kept on the tablet, waiting for the network.
    await page.getByTestId('archive-page').waitFor();
    const item = page.getByTestId('application');
    await expect.poll(() => item.getAttribute('data-state')).toBe('PENDING');
    expect(await item.getByTestId('application-status').textContent()).toBe('待同步');
    const applicationId = (await item.getAttribute('data-application-id'))!;
    expect(applicationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await waitingInQueue(page)).toBe(1);
    await screenshot(page, 'application-queued', [{ width: 1280, height: 800 }]);
    const none = await gql(baseURL, token, 'query($c: ID!) { applications(customerId: $c) { edges { node { id } } } }', { c: customer.id });
    expect(none.applications.edges).toEqual([]);

    await context.setOffline(false);
    await expect.poll(() => waitingInQueue(page), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 30_000 }).toMatch(/^(APPROVED|IN_APPROVAL)$/);
    const state = await item.getAttribute('data-state');
    expect(await item.getByTestId('application-status').textContent()).toBe(state === 'APPROVED' ? '已批准' : '审批中');
    if (state === 'APPROVED') expect(await item.getByTestId('application-quota').textContent()).toContain(`额度 ¥${amount.toLocaleString('en-US')}`);
    else expect(await item.getByTestId('application-step').textContent()).toMatch(/^当前环节：.+/);
    await screenshot(page, 'application-synced', [{ width: 1280, height: 800 }]);

    // The server has it once, with the tablet's id.
    const after = await gql(baseURL, token, 'query($c: ID!) { applications(customerId: $c) { edges { node { id status channel amount term repaymentMethod purpose productCode } } } }', { c: customer.id });
    expect(after.applications.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { id: applicationId, status: state, channel: 'PAD', amount: `${amount}.00`, term: 12, repaymentMethod: 'EQUAL_INSTALLMENT', purpose: '购买春耕化肥和种子', productCode: 'NONG_E_DAI' },
    ]);

    // Offline again, after a reload: the status is still there (IndexedDB).
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.getByTestId('application').getAttribute('data-state')).toBe(state);
    await context.setOffline(false);
  });
});
