// A quota application approved through its BPMN process (docs/approvals.md), against the e2e
// server's demo data: 张丽慧's 农e贷 application of 120,000 yuan runs MULTI_LEVEL and waits at
// 网点负责人审批 (branch_review) for fz1.manager. He finds it in his inbox, sees the diagram with
// that step current and approves; fz.approver finds the next step (信贷部审批, bank_review) in the
// credit department's queue and approves; 120,000 <= 500,000 ends the process: the application is
// 已批准, the diagram marks both steps done and none current, and the quota is 有效.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiToken, gql, loginAs, logout, screenshot, usePage, waitForToasts } from './support';

const baseURL = inject('baseURL');

let page: Page;
usePage(baseURL, (opened) => (page = opened));

interface Found {
  id: string;
  number: string;
  status: string;
  customer: { name: string } | null;
}

let application: Found;

beforeAll(async () => {
  const data = await gql(
    baseURL,
    await apiToken(baseURL, 'fz1.manager'),
    `{ applications(first: 50) { edges { node { id number status customer { name } process { definition { key } currentElements } } } } }`,
  );
  const nodes: (Found & { process: { definition: { key: string }; currentElements: string[] } | null })[] = data.applications.edges.map((e: { node: Found }) => e.node);
  // 张丽慧's, or the archive the demo loader gave it to when the day's business data made her ineligible.
  const found = nodes.find(
    (a) => a.status === 'IN_APPROVAL' && a.process?.definition.key === 'MULTI_LEVEL' && a.process.currentElements.includes('branch_review'),
  );
  if (!found) throw new Error('the demo data has no multi-level application waiting at branch_review');
  application = found;
});

/** The diagram's SVG group of a BPMN element (bpmn-js marks it with the classes). */
const element = (id: string) => page.getByTestId('bpmn-diagram').locator(`g.djs-element[data-element-id="${id}"]`);
const classesOf = async (id: string) => (await element(id).getAttribute('class')) ?? '';

async function openFromInbox(): Promise<void> {
  await page.getByTestId('main-menu').getByText('审批待办').click();
  await page.getByTestId('inbox-tab-QUEUE').click();
  const link = page.getByTestId('approval-tasks').getByRole('link', { name: application.number });
  await link.waitFor();
  await link.click();
  await expect.poll(() => page.getByTestId('application-number').textContent()).toBe(application.number);
  await expect.poll(() => page.getByTestId('bpmn-diagram').getAttribute('data-state')).toBe('ready');
}

async function approve(expectedAmount: string, comment: string): Promise<void> {
  await page.getByTestId('task-approve').click();
  const amount = page.locator('#action_amount');
  await amount.waitFor();
  expect(await amount.inputValue()).toBe(expectedAmount);
  await page.locator('#action_comment').fill(comment);
  await page.locator('#action-confirm').click();
  await page.getByText('已批准', { exact: true }).first().waitFor();
}

describe('approving a quota application through its process', () => {
  it('lets the branch manager find it in his inbox, see the diagram and approve the branch step', async () => {
    await loginAs(page, 'fz1.manager');
    // The menu's badge counts the tasks waiting for him.
    await expect.poll(async () => Number(await page.getByTestId('menu-badge-approvalTasks').textContent())).toBeGreaterThanOrEqual(1);
    await page.getByTestId('main-menu').getByText('审批待办').click();
    const row = page.getByTestId('approval-tasks').locator('tr', { hasText: application.number });
    await row.waitFor();
    expect(await row.textContent()).toContain(application.customer!.name);
    expect(await row.textContent()).toContain('农e贷');
    expect(await row.textContent()).toContain('¥120,000.00');
    expect(await row.getByTestId('task-step').textContent()).toBe('网点负责人审批');
    await screenshot(page, 'approval-inbox');
    await openFromInbox();
    expect(await page.getByTestId('application-customer').textContent()).toBe(application.customer!.name);
    expect(await page.getByTestId('application-amount').textContent()).toBe('¥120,000.00');
    expect(await page.getByTestId('application-status').first().textContent()).toBe('审批中');
    // The diagram: the branch step current, the start done.
    await expect.poll(() => classesOf('branch_review')).toContain('cic-current');
    expect(await classesOf('bank_review')).not.toMatch(/cic-(current|done)/);
    expect(await page.getByTestId('current-task-name').textContent()).toBe('网点负责人审批');
    await screenshot(page, 'application-detail');
    await approve('120000.00', '经营稳定，同意');
    // The process moves on: the credit department's step is current now.
    await expect.poll(() => classesOf('bank_review')).toContain('cic-current');
    expect(await classesOf('branch_review')).toContain('cic-done');
    await expect.poll(() => page.getByTestId('application-history').textContent()).toContain('审批通过 · 网点负责人审批');
    expect(await page.getByTestId('application-history').textContent()).toContain('经营稳定，同意');
    // He may not approve the next level himself (four eyes): no button for it.
    expect(await page.getByTestId('task-approve').count()).toBe(0);
    await waitForToasts(page);
    await logout(page);
  });

  it("lets the credit department's approver take it from the queue and approve: the quota is granted", async () => {
    await loginAs(page, 'fz.approver');
    await openFromInbox();
    expect(await page.getByTestId('current-task-name').textContent()).toBe('信贷部审批');
    await expect.poll(() => classesOf('bank_review')).toContain('cic-current');
    await approve('120000.00', '同意授信');
    await expect.poll(() => page.getByTestId('application-status').first().textContent()).toBe('已批准');
    await expect.poll(() => classesOf('bank_review')).toContain('cic-done');
    expect(await classesOf('branch_review')).toContain('cic-done');
    expect(await page.getByTestId('bpmn-diagram').locator('g.djs-element.cic-current').count()).toBe(0);
    expect(await page.getByTestId('current-tasks').count()).toBe(0);
    // The quota card: active, the approved amount.
    expect(await page.getByTestId('quota-card').getByTestId('quota-status').textContent()).toBe('有效');
    expect(await page.getByTestId('quota-amount').textContent()).toBe('¥120,000.00');
    const actions = await page.getByTestId('history-action').allTextContents();
    expect(actions[0]).toBe('提交申请');
    expect(actions).toContain('审批通过 · 信贷部审批');
    // Words, never codes.
    expect(await page.getByTestId('application-history').textContent()).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b/);
    await waitForToasts(page);
    await screenshot(page, 'application-approved');
    // The API agrees.
    const data = await gql(baseURL, await apiToken(baseURL, 'fz.approver'), `query($id: ID!) { application(id: $id) { status quota { status amount } process { currentElements completedElements } } }`, {
      id: application.id,
    });
    expect(data.application.status).toBe('APPROVED');
    expect(data.application.quota).toEqual({ status: 'ACTIVE', amount: '120000.00' });
    expect(data.application.process.currentElements).toEqual([]);
    expect(data.application.process.completedElements).toEqual(expect.arrayContaining(['branch_review', 'bank_review']));
    await logout(page);
  });

  it('sorts the application list by amount and by the customer in pinyin order through the API, from its column headers', async () => {
    await loginAs(page, 'fz.approver');
    await page.getByTestId('main-menu').getByText('授信申请').click();
    const table = page.getByTestId('applications-table');
    await table.getByTestId('application-link').first().waitFor();
    const numbers = () => table.getByTestId('application-link').allTextContents();
    const yuan = async () => (await table.getByTestId('application-amount').allTextContents()).map((v) => Number(v.replace(/[¥,]/g, '')));
    const newestFirst = await numbers();
    // 申请金额: the largest first (the API's AMOUNT_DESC), the header says so.
    const amountHeader = table.locator('th', { hasText: '申请金额' }).first();
    await amountHeader.click();
    await expect.poll(() => amountHeader.getAttribute('aria-sort')).toBe('descending');
    const token = await apiToken(baseURL, 'fz.approver');
    const byAmount = await gql(baseURL, token, `{ applications(first: 20, order: AMOUNT_DESC) { edges { node { number } } } }`);
    const expected = byAmount.applications.edges.map((e: { node: { number: string } }) => e.node.number);
    await expect.poll(numbers).toEqual(expected);
    const amounts = await yuan();
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(new Set(expected)).toEqual(new Set(newestFirst));
    expect(expected).not.toEqual(newestFirst); // the demo's five applications: 200,000 yuan is not the newest
    // 客户: names in pinyin order (阿 … 张), not by code point.
    const customerHeader = table.locator('th', { hasText: '客户' }).first();
    await customerHeader.click();
    await expect.poll(() => customerHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await amountHeader.getAttribute('aria-sort')).toBeNull();
    const byName = await gql(baseURL, token, `{ applications(first: 20, order: CUSTOMER_NAME_ASC) { edges { node { number customer { name } } } } }`);
    await expect.poll(numbers).toEqual(byName.applications.edges.map((e: { node: { number: string } }) => e.node.number));
    const names = byName.applications.edges.map((e: { node: { customer: { name: string } | null } }) => e.node.customer?.name ?? '');
    expect(names).toEqual([...names].sort(new Intl.Collator('zh-Hans-CN-u-co-pinyin').compare));
    expect(names).not.toEqual([...names].sort()); // code points would put 向 and 周 before 张, 曹 and 龙
    await screenshot(page, 'applications-sorted');
    await logout(page);
  });
});
