// Dual control of accounts: a bank admin creates a customer manager's account, which waits for a
// second administrator (待复核) and offers no enable/disable; the requester may only withdraw the
// request; the bank's second administrator sees it counted in the menu and rejects it with a
// reason; the account shows 已驳回 and the rejection keeps its reason.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiToken, gql, loginAs, logout, screenshot, usePage, waitForToasts } from './support';

const baseURL = inject('baseURL');
const USERNAME = 'fz1.cm.new';
const NAME = '林晓彤';
const REASON = '工号与人事系统登记不一致，请核对后重新申请';

let page: Page;

usePage(baseURL, (opened) => (page = opened));

const staffRow = () => page.getByTestId('staff-table').locator('tr', { hasText: USERNAME });
const requestRow = () => page.getByTestId('approvals-table').locator('tr', { hasText: USERNAME });

async function openBranchStaff() {
  await page.getByTestId('main-menu').getByText('机构与用户').click();
  await page.getByTestId('org-tree').getByText('鼓楼支行').click();
  await page.getByTestId('staff-table').locator('tr', { hasText: 'fz1.cm1' }).waitFor();
}

describe('dual control of accounts', () => {
  it('a bank admin creates a customer manager: the account waits for a second administrator', async () => {
    await loginAs(page, 'fz.admin');
    await openBranchStaff();
    await page.getByRole('button', { name: /新增员工/ }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '新增员工' });
    // An empty form: its fields say what is missing, and nothing is thrown past the page.
    const thrown: string[] = [];
    page.on('pageerror', (e) => thrown.push(e.message));
    const ok = dialog.getByRole('button', { name: /确\s*定|OK/ });
    await ok.click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(2);
    await dialog.locator('#username').fill(USERNAME);
    await dialog.locator('#employeeNo').fill('E09901');
    await dialog.locator('#name').fill(NAME);
    await dialog.getByLabel('客户经理').check();
    // A weak password: the API's refusal (it names `password`) lands on the form's field.
    await dialog.locator('#initialPassword').fill('abc');
    await ok.click();
    const passwordItem = dialog.locator('.ant-form-item', { has: page.locator('#initialPassword') });
    await expect.poll(() => passwordItem.locator('.ant-form-item-explain-error').textContent()).toContain('密码至少8位');
    await dialog.locator('#initialPassword').fill('Cic@2026demo');
    await ok.click();
    expect(await page.getByTestId('pending-notice').textContent()).toBe('已提交复核，需另一位管理员批准后生效');
    expect(thrown).toEqual([]);
    await expect.poll(() => staffRow().getByTestId('user-status').textContent()).toBe('待复核');
    expect(await staffRow().getByRole('button', { name: /停\s*用|启\s*用/ }).count()).toBe(0);
    // Nobody can log in with it yet.
    await expect(apiToken(baseURL, USERNAME)).rejects.toThrow(/ACCOUNT_PENDING_APPROVAL/);
    await waitForToasts(page);
    await screenshot(page, 'org-pending');
  });

  it('the requester may withdraw the request but not decide it', async () => {
    await page.getByTestId('main-menu').getByText('待复核申请').click();
    await page.waitForURL('**/pc/approvals');
    await requestRow().waitFor();
    expect(await requestRow().textContent()).toContain('开通账号');
    expect(await requestRow().textContent()).toContain('客户经理');
    expect(await requestRow().getByTestId('withdraw-change').count()).toBe(1);
    expect(await requestRow().getByTestId('approve-change').count()).toBe(0);
    expect(await requestRow().getByTestId('reject-change').count()).toBe(0);
    await logout(page);
  });

  it("the bank's second administrator rejects it with a reason, and the account shows 已驳回", async () => {
    const token = await apiToken(baseURL, 'fz.admin2');
    const open = await gql(baseURL, token, '{ pendingChanges(status: PENDING) { edges { node { viewerCanDecide } } } }');
    const decidable = open.pendingChanges.edges.filter((e: { node: { viewerCanDecide: boolean } }) => e.node.viewerCanDecide).length;
    await loginAs(page, 'fz.admin2');
    await expect.poll(() => page.getByTestId('menu-badge-approvals').textContent()).toBe(String(decidable));
    await page.getByTestId('main-menu').getByText('待复核申请').click();
    await requestRow().waitFor();
    expect(await requestRow().textContent()).toContain('邓海峰'); // requested by fz.admin
    await screenshot(page, 'approvals');
    await requestRow().getByTestId('reject-change').click();
    await page.locator('#reject-reason').waitFor();
    // A reason is required. (On a busy machine a click during the dialog's opening animation can
    // land before its form listens: confirm again while no error shows; an empty reason sends nothing.)
    const reasonItem = page.locator('.ant-form-item').filter({ has: page.locator('#reject-reason') });
    const error = reasonItem.locator('.ant-form-item-explain-error');
    await expect.poll(async () => {
      if ((await error.count()) === 0) await page.locator('#reject-confirm').click();
      return (await error.count()) > 0 ? error.textContent() : null;
    }).toBe('必填');
    await page.locator('#reject-reason').fill(REASON);
    await page.locator('#reject-confirm').click();
    await expect.poll(() => requestRow().count()).toBe(0);
    await page.getByTestId('approvals-status').getByText('已驳回').click();
    await expect.poll(() => requestRow().getByTestId('change-note').textContent()).toBe(REASON);
    expect(await requestRow().getByTestId('change-status').textContent()).toBe('已驳回');

    await openBranchStaff();
    await expect.poll(() => staffRow().getByTestId('user-status').textContent()).toBe('已驳回');
    expect(await staffRow().getByRole('button', { name: /启\s*用/ }).count()).toBe(0);
  });
});
