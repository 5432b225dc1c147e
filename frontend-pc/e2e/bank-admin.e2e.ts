// A bank admin adds a conditional rule (after an expression with a syntax error is shown where it
// is wrong), dry-runs the draft, publishes it, and sees the violation on an archive.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loginAs, screenshot, usePage, waitForToasts } from './support';

const baseURL = inject('baseURL');
const CODE = 'FZ_MARRIED_ALT_PHONE';

let page: Page;

usePage(baseURL, (opened) => (page = opened));

async function pick(selectId: string, option: string) {
  await page.locator(`#${selectId}`).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

async function addRule(fill: () => Promise<void>) {
  await page.getByTestId('add-rule').click();
  await page.locator('#rule-code').waitFor();
  await fill();
  await page.locator('#rule-modal-ok').click();
  await page.locator('#rule-code').waitFor({ state: 'detached' });
}

describe('bank admin', () => {
  it('sees the baseline read-only and starts a bank draft', async () => {
    await loginAs(page, 'fz.admin');
    await page.getByTestId('main-menu').getByText('完整性规则').click();
    await page.waitForURL('**/pc/rules');
    await page.getByTestId('rules-province').waitFor();
    expect(await page.getByTestId('rules-province').textContent()).toContain('省联社基线（只读）');
    expect(await page.getByTestId('new-draft-province').count()).toBe(0);
    await screenshot(page, 'rules');
    await page.getByTestId('new-draft-bank').click();
    await page.waitForURL('**/pc/rules/new?scope=BANK');
  });

  it('shows where an expression is wrong', async () => {
    await addRule(async () => {
      await page.locator('#rule-code').fill('FZ_OVERDUE_RATED');
      await pick('rule-kind', '表达式');
      await page.locator('#rule-messageZh').fill('有逾期负债须有村信用评级');
      await page.locator('#rule-messageEn').fill('overdue debt needs a village credit rating');
      await page.locator('#rule-expression').fill("liabilities.exists(l, l.overdue) && social.villageCreditRating ==");
    });
    await page.getByTestId('save-rules').click();
    const rules = page.getByTestId('draft-rules');
    await expect.poll(() => rules.textContent()).toContain('表达式语法错误');
    // The rule's editor shows a caret under the position the API named.
    await rules.locator('tr', { hasText: 'FZ_OVERDUE_RATED' }).locator('button').first().click();
    await page.getByTestId('expression-caret').waitFor();
    expect(await page.getByTestId('expression-caret').textContent()).toMatch(/\^$/);
    await screenshot(page, 'rule-expression-error');
    await page.locator('#rule-expression').fill("!liabilities.exists(l, l.overdue) || social.villageCreditRating != ''");
    await page.locator('#rule-modal-ok').click();
    await page.locator('#rule-code').waitFor({ state: 'detached' });
  });

  it('adds a conditional rule, saves, dry-runs and sees the result as a table and a chart', async () => {
    await addRule(async () => {
      await page.locator('#rule-code').fill(CODE);
      await pick('rule-kind', '条件必填');
      await page.locator('#rule-messageZh').fill('已婚客户须登记备用电话');
      await page.locator('#rule-messageEn').fill('married customers need an alternative phone');
      await page.locator('#rule-if-field').fill('customer.maritalStatus');
      await page.locator('#rule-if-value').fill('MARRIED');
      await page.locator('input#field').fill('customer.altPhone');
    });
    await page.getByTestId('dry-run').click();
    await page.waitForURL(/\/pc\/rules\/[0-9a-f-]{36}$/);
    const report = page.getByTestId('dry-run-report');
    await report.waitFor();
    await expect.poll(() => page.getByTestId('dry-run-rules').textContent()).toContain(CODE);
    await page.getByTestId('dry-run-chart').locator('canvas').waitFor();
    await screenshot(page, 'rules-dry-run');
  });

  it('publishes, waits for the re-evaluation and finds the violation on an archive', async () => {
    await page.getByTestId('publish-rules').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /发\s*布/ }).click();
    const failing = page.getByTestId(`failing-${CODE}`);
    await failing.waitFor();
    await expect.poll(() => failing.isEnabled(), { timeout: 60_000 }).toBe(true);
    await failing.click();
    await page.waitForURL(`**/pc/archives?rule=${CODE}`);
    await page.getByTestId('archive-link').first().click();
    await page.waitForURL(/\/pc\/archives\/[0-9a-f-]{36}$/);
    await page.getByRole('tab', { name: /完整性校验/ }).click();
    await expect.poll(() => page.getByTestId('violations-table').textContent()).toContain(CODE);
    expect(await page.getByTestId('violations-table').textContent()).toContain('已婚客户须登记备用电话');
    await waitForToasts(page);
    await screenshot(page, 'archive-violations');
  });
});
