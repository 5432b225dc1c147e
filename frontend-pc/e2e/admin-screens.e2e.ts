// The remaining screens, briefly: organization and staff (bank admin), import with its report,
// export of a search to Excel, and the audit log and reveals (bank auditor).
import { describe, expect, inject, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { apiToken, gql, loginAs, logout, screenshot, usePage, waitForToasts, confirmDialog } from './support';

const baseURL = inject('baseURL');

let page: Page;

usePage(baseURL, (opened) => (page = opened));

describe('administration screens', () => {
  it('a bank admin sees the org tree and staff, and disables and enables a user', async () => {
    await loginAs(page, 'fz.admin');
    await page.getByTestId('main-menu').getByText('机构与用户').click();
    await page.getByTestId('org-tree').getByText('鼓楼支行').click();
    const row = page.getByTestId('staff-table').locator('tr', { hasText: 'fz1.cm2' });
    await row.waitFor();
    await screenshot(page, 'org');
    await row.getByRole('button', { name: /停\s*用/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => row.textContent()).toContain('已停用');
    await row.getByRole('button', { name: /启\s*用/ }).click();
    await expect.poll(() => row.textContent()).toContain('在用');
  });

  it('exports the archive search to Excel', async () => {
    await page.getByTestId('main-menu').getByText('客户档案').click();
    await page.getByTestId('archive-link').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    expect(file).toBeTruthy();
  });

  it('imports a workbook and shows the report', async () => {
    // The template itself: a valid workbook without data rows, refused as a whole.
    const token = await apiToken(baseURL, 'fz.admin');
    const template = Buffer.from(await (await fetch(`${baseURL}/imports/archives/template.xlsx`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cic-e2e-')), '存量档案.xlsx');
    writeFileSync(file, template);
    await page.getByTestId('main-menu').getByText('批量导入').click();
    await page.locator('#branchId').click();
    await page.locator('.ant-select-dropdown:visible').getByText('鼓楼支行').click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('start-import').click();
    await page.getByTestId('import-report').waitFor();
    expect(await page.getByTestId('import-report').textContent()).toContain('文件无法导入');
    await screenshot(page, 'import');
    await logout(page);
  });

  it("an auditor reads the audit log, the export just made among it", async () => {
    await loginAs(page, 'fz.auditor');
    await page.waitForURL('**/pc/audit');
    const records = page.getByTestId('audit-records');
    await records.locator('tbody tr.ant-table-row').first().waitFor();
    await expect.poll(() => records.textContent()).toContain('客户档案 · 导出'); // customer.export, in words
    await screenshot(page, 'audit');
  });

  it('an auditor reveals a masked address line after a confirmation, and the reveal is audited', async () => {
    await page.getByTestId('main-menu').getByText('客户档案').click();
    await page.getByTestId('archive-link').first().click();
    const line = page.getByTestId('value-line');
    await line.waitFor();
    expect(await line.textContent()).toContain('*');
    await page.getByTestId('reveal-line').click();
    await confirmDialog(page, /确\s*认/);
    await expect.poll(() => line.textContent()).not.toContain('*');
    const token = await apiToken(baseURL, 'fz.auditor');
    const audit = await gql(baseURL, token, '{ auditRecords(action: "reveal") { edges { node { targetType targetField actorUsername } } } }');
    expect(audit.auditRecords.edges.map((e: { node: unknown }) => e.node)).toContainEqual({ targetType: 'Address', targetField: 'line', actorUsername: 'fz.auditor' });
  });

  it('an auditor reveals a household register number (户口簿编号), and the reveal is audited', async () => {
    const token = await apiToken(baseURL, 'fz.auditor');
    const list = await gql(baseURL, token, '{ customers(first: 100) { edges { node { id household { registerNo } } } } }');
    const archive = list.customers.edges.map((e: { node: { id: string; household: { registerNo: string | null } } }) => e.node).find((n: { household: { registerNo: string | null } }) => n.household.registerNo);
    expect(archive, 'a demo archive with a register number').toBeTruthy();
    const masked: string = archive.household.registerNo;
    expect(masked).toMatch(/^\*+.{2}$/);
    await page.goto(`/pc/archives/${archive.id}`);
    await page.getByRole('tab', { name: '家庭', exact: true }).click();
    const value = page.getByTestId('value-registerNo');
    await expect.poll(() => value.textContent()).toBe(masked);
    await page.getByTestId('reveal-registerNo').click();
    await confirmDialog(page, /确\s*认/);
    await expect.poll(() => value.textContent()).not.toContain('*');
    expect(await value.textContent()).toMatch(new RegExp(`${masked.slice(-2)}$`));
    await waitForToasts(page);
    await screenshot(page, 'archive-reveal-register');
    const audit = await gql(baseURL, token, '{ auditRecords(action: "reveal", targetType: "Household") { edges { node { targetType targetId targetField actorUsername } } } }');
    expect(audit.auditRecords.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      targetType: 'Household',
      targetId: archive.id,
      targetField: 'registerNo',
      actorUsername: 'fz.auditor',
    });
  });
});
