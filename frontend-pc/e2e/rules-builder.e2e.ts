// Issue 18, rules and dashboards: a bank admin builds a conditional rule with the condition builder
// (fields, operators and values picked by their Chinese labels, an OR group nested in the AND, no
// JSON typed, no English message), is warned before leaving the unsaved set (staying keeps the
// rule; once saved, leaving asks nothing), dry-runs it and sees a headline that matches the rule rows,
// requests the publication, which a second administrator approves, and sees the publication finish
// ("已发布，档案已全部按新规则重新校验", not "正在重新校验档案"). A branch manager's dashboard charts
// the branch per customer manager (a branch has no child units) and the precise-filing rate over a
// chosen period.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiToken, clickBar, confirmDialog, gql, loginAs, logout, screenshot, usePage, waitForToasts } from './support';

const baseURL = inject('baseURL');
const CODE = 'FZ_ELDER_CONTACT';
const MESSAGE = '60岁以上的已婚或经营户客户须登记备用电话';
// What the builder must have made of the clicks below (the API's condition format).
const CONDITION = {
  all: [
    { field: 'customer.age', op: 'GE', value: 60 },
    { any: [{ field: 'customer.maritalStatus', op: 'EQ', value: 'MARRIED' }, { field: 'business', op: 'EQ', value: true }] },
  ],
};

let page: Page;
let draftId: string;

usePage(baseURL, (opened) => (page = opened));

/** Open the select (or auto-complete) `#id` and click its option showing `option`. */
async function pick(id: string, option: string) {
  await page.locator(`#${id}`).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** The same for a long list (the catalogue's fields): typed into its search first, as staff do. */
async function search(id: string, option: string) {
  await page.locator(`#${id}`).click();
  await page.locator(`#${id}`).fill(option);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** An ECharts chart's option as the page has it (the Chart component keeps the instance on its element). */
function chartOption(testId: string): Promise<{ xAxis: { data: string[] }[]; series: { data: unknown[] }[] }> {
  return page.getByTestId(testId).evaluate((el) => {
    const chart = (el as HTMLElement & { __echarts?: { getOption: () => unknown } }).__echarts!;
    return JSON.parse(JSON.stringify(chart.getOption()));
  });
}

const figure = async (title: string) => Number(((await page.getByTestId('dry-run-headline').locator('.ant-statistic', { hasText: title }).locator('.ant-statistic-content').textContent()) ?? '').replace(/,/g, ''));

describe('rule builder', () => {
  it('a bank admin builds a conditional rule with the builder, without typing JSON or an English message', async () => {
    await loginAs(page, 'fz.admin');
    await page.goto('/pc/rules');
    await page.getByTestId('rules-bank').waitFor();
    // The bank's draft if one is open (another suite may have left one), else a new one.
    const edit = page.getByTestId('edit-draft-bank');
    if (await edit.count()) await edit.click();
    else await page.getByTestId('new-draft-bank').click();
    await page.getByTestId('add-rule').click();
    await page.locator('#rule-code').fill(CODE);
    await pick('rule-kind', '条件必填');
    await pick('severity', '警告');
    await page.locator('#rule-messageZh').fill(MESSAGE);
    // 年龄 大于等于 60
    await search('rule-if-0-field', '年龄');
    await pick('rule-if-0-op', '大于等于');
    await page.locator('#rule-if-0-value').fill('60');
    // 且 (婚姻状况 等于 已婚 或 经营信息 等于 是): a nested OR group
    await page.getByTestId('rule-if-root-add-group').click();
    await search('rule-if-1-0-field', '婚姻状况');
    await pick('rule-if-1-0-value', '已婚');
    await page.getByTestId('rule-if-1-add').click();
    await search('rule-if-1-1-field', '经营信息');
    await pick('rule-if-1-1-value', '是');
    expect(await page.getByTestId('rule-if-group').count()).toBe(1);
    // The required field, picked by its label from the catalogue.
    await search('field', '备用电话');
    expect(await page.locator('#rule-messageEn').inputValue()).toBe('');
    await screenshot(page, 'rule-builder');
    await page.locator('#rule-modal-ok').click();
    await page.locator('#rule-code').waitFor({ state: 'detached' });
    // The rules table says the rule in words.
    const row = page.getByTestId('draft-rules').locator('tr', { hasText: CODE });
    expect(await row.textContent()).toContain('当 年龄 大于等于 60 且 （婚姻状况 等于 已婚 或 经营信息 等于 是） 时，备用电话 须填写');
    // Unsaved: the save bar says so, and the main menu asks before leaving; staying keeps the rule.
    const editorPath = new URL(page.url()).pathname;
    expect(await page.getByTestId('rules-save-bar').textContent()).toContain('有未保存的修改');
    const dialog = page.locator('.ant-modal-confirm');
    await page.getByTestId('main-menu').getByText('完整性规则', { exact: true }).click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('规则集有未保存的修改，离开后将丢失。');
    await dialog.getByRole('button', { name: '继续编辑' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(editorPath);
    expect(await page.getByTestId('draft-rules').locator('tr', { hasText: CODE }).count()).toBe(1);
    await page.getByTestId('save-rules').click();
    await page.waitForURL(/\/pc\/rules\/[0-9a-f-]{36}$/);
    draftId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('rules-save-bar').textContent()).toContain('所有修改已保存');
    expect(await dialog.count()).toBe(0);
    // Saved: the menu leaves without asking.
    await page.getByTestId('main-menu').getByText('完整性规则', { exact: true }).click();
    await page.waitForURL('**/pc/rules');
    expect(await dialog.count()).toBe(0);
    await page.goto(`/pc/rules/${draftId}`);
    await page.getByTestId('draft-rules').locator('tr', { hasText: CODE }).waitFor();
    // Saved as exactly the JSON the API takes; the English message falls back to the Chinese one.
    const token = await apiToken(baseURL, 'fz.admin');
    const sets = await gql(baseURL, token, '{ ruleSets(scope: BANK) { id status rules { code severity messageEn params } } }');
    const rule = sets.ruleSets.find((s: { id: string }) => s.id === draftId).rules.find((r: { code: string }) => r.code === CODE);
    expect(rule).toEqual({ code: CODE, severity: 'WARNING', messageEn: MESSAGE, params: { if: CONDITION, field: 'customer.altPhone' } });
  });

  it('opens the saved rule in the builder again, and its JSON in the advanced mode', async () => {
    await page.getByTestId('draft-rules').locator('tr', { hasText: CODE }).locator('button').first().click();
    await page.getByTestId('rule-if-builder').waitFor();
    expect(await page.getByTestId('rule-if-row').count()).toBe(3);
    await page.getByTestId('rule-if-json-toggle').click();
    expect(JSON.parse(await page.getByTestId('rule-if-json').inputValue())).toEqual(CONDITION);
    await page.getByTestId('rule-if-json-toggle').click();
    await page.getByTestId('rule-if-builder').waitFor();
    await page.locator('.ant-modal-footer button').first().click(); // 取消
    await page.locator('#rule-code').waitFor({ state: 'detached' });
  });

  it('dry-runs it: the headline counts the archives of the rule rows', async () => {
    await page.getByTestId('dry-run').click();
    await page.getByTestId('dry-run-report').waitFor();
    await expect.poll(() => page.getByTestId('dry-run-rules').textContent()).toContain(MESSAGE.slice(0, 12));
    const token = await apiToken(baseURL, 'fz.admin');
    const { dryRunRuleSet } = await gql(
      baseURL,
      token,
      `mutation($id: ID!) { dryRunRuleSet(id: $id) { report { archives newlyFailing newlyPassing preciseBefore preciseAfter
        byRule { code message newlyFailing newlyPassing failing } byBranch { archives newlyFailing newlyPassing } } } }`,
      { id: draftId },
    );
    const report = dryRunRuleSet.report;
    const ours = report.byRule.find((r: { code: string }) => r.code === CODE);
    // Demo archives of elders without an alternative phone newly fail the rule ...
    expect(ours.newlyFailing).toBeGreaterThan(0);
    // ... and the headline counts the archives of the rows, each once: at least the largest row,
    // at most their sum; the branches add up to it; the screen shows the same figures.
    const rows: { newlyFailing: number; newlyPassing: number }[] = report.byRule;
    expect(report.newlyFailing).toBeGreaterThanOrEqual(Math.max(...rows.map((r) => r.newlyFailing)));
    expect(report.newlyFailing).toBeLessThanOrEqual(rows.reduce((n, r) => n + r.newlyFailing, 0));
    expect(report.byBranch.reduce((n: number, b: { archives: number }) => n + b.archives, 0)).toBe(report.archives);
    expect(report.byBranch.reduce((n: number, b: { newlyFailing: number }) => n + b.newlyFailing, 0)).toBe(report.newlyFailing);
    expect(await figure('参与档案')).toBe(report.archives);
    expect(await figure('新增不通过')).toBe(report.newlyFailing);
    expect(await figure('新增通过')).toBe(report.newlyPassing);
    // The draft only adds a warning: the baseline's rules do not newly fail or pass anything.
    for (const r of report.byRule) if (r.code.startsWith('BASE_')) expect([r.code, r.newlyFailing, r.newlyPassing]).toEqual([r.code, 0, 0]);
    // The rule's row on the screen: its message and its newly failing archives, first (what the draft changes).
    const first = page.getByTestId('dry-run-rules').locator('tbody tr.ant-table-row').first();
    expect(await first.textContent()).toContain(MESSAGE.slice(0, 12));
    expect(await first.locator('td').nth(2).textContent()).toBe(String(ours.newlyFailing));
    // Rules are named in words on the chart too.
    const chart = await page.getByTestId('dry-run-chart').evaluate((el) => {
      const c = (el as HTMLElement & { __echarts?: { getOption: () => { yAxis: { data: string[] }[] } } }).__echarts!;
      return c.getOption().yAxis[0].data;
    });
    expect(chart.some((label) => /^[A-Z0-9_]+$/.test(label))).toBe(false);
  });

  it('requests the publication, a second administrator approves, and the publication finishes', async () => {
    await page.getByTestId('publish-rules').click();
    await confirmDialog(page, '申请发布');
    await page.getByTestId('publish-pending').waitFor();
    const second = await apiToken(baseURL, 'fz.admin2');
    const open = await gql(baseURL, second, '{ pendingChanges(status: PENDING, first: 100) { edges { node { id targetId } } } }');
    const request = open.pendingChanges.edges.map((e: { node: { id: string; targetId: string } }) => e.node).find((n: { targetId: string }) => n.targetId === draftId);
    const approved = await gql(baseURL, second, 'mutation($id: ID!) { approvePendingChange(id: $id) { errors { code } } }', { id: request.id });
    expect(approved.approvePendingChange.errors).toEqual([]);
    await page.reload();
    const state = page.getByTestId('published-state');
    await expect.poll(() => page.getByTestId('evaluation-run').getAttribute('data-status'), { timeout: 60_000 }).toBe('DONE');
    await expect.poll(() => state.textContent()).toBe('已发布，档案已全部按新规则重新校验');
    expect(await page.getByTestId('published-set').textContent()).not.toContain('正在重新校验档案');
    await waitForToasts(page);
    await logout(page);
  });
});

describe('branch dashboard', () => {
  it('charts the branch per customer manager and the precise-filing rate over a chosen period', async () => {
    await loginAs(page, 'fz1.manager');
    await page.goto('/pc/dashboard');
    await page.getByTestId('chart-by-unit').locator('canvas').waitFor();
    // A branch has no child units: one bar per customer manager, by name, with archives.
    expect(await page.locator('.ant-card', { has: page.getByTestId('chart-by-unit') }).textContent()).toContain('各客户经理档案与精准备案率');
    const byManager = await chartOption('chart-by-unit');
    const managers = byManager.xAxis[0].data;
    expect(managers.length).toBeGreaterThan(0);
    expect((byManager.series[0].data as number[]).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(managers.every((name) => /[\u4e00-\u9fa5]/.test(name))).toBe(true);
    // The precise-filing rate day by day, the last 30 days by default, then this month only.
    await page.getByTestId('chart-precise-trend').locator('canvas').waitFor();
    const last30 = (await chartOption('chart-precise-trend')).xAxis[0].data;
    expect(last30.length).toBeGreaterThan(1);
    // 本月 from the picker's presets (a click landing while the dropdown still opens goes nowhere: again).
    const start = page.getByTestId('precise-trend-period').first(); // the start date's input
    await expect
      .poll(async () => {
        if ((await start.inputValue()).endsWith('-01')) return true;
        if (!(await page.locator('.ant-picker-dropdown:visible').count())) await start.click();
        await page.locator('.ant-picker-dropdown:visible .ant-picker-presets li', { hasText: '本月' }).click({ timeout: 2_000 }).catch(() => undefined);
        return (await start.inputValue()).endsWith('-01');
      })
      .toBe(true);
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(5, 7); // the month in Beijing
    await expect.poll(async () => (await chartOption('chart-precise-trend')).xAxis[0].data.every((d) => d.startsWith(`${month}-`))).toBe(true);
    expect((await chartOption('chart-precise-trend')).xAxis[0].data.length).toBeLessThanOrEqual(last30.length);
    await waitForToasts(page);
    // The per-manager chart and the trend in the picture.
    await page.locator('.ant-card', { has: page.getByTestId('chart-by-unit') }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'dashboard-branch');
    // A manager's bars open that manager's archives.
    await clickBar(page, 'chart-by-unit', managers[0]);
    await page.waitForURL(/\/pc\/archives\?.*managerId=/);
  });
});
