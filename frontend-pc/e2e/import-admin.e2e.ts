// A bank administrator's 本行设置 and a large import (issue 18): defines an extra field (a refused
// code lands on its field, an empty form only shows what is missing), deactivates another,
// uploads the bank's watermark logo (a file that is no image is refused in words), downloads the
// bank's template (its extra-field column and township/village codes), fills 6,000 rows into it
// and uploads it: the worker imports it in chunks and the page shows the counts moving, then the
// finished batch in the history.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { confirmDialog, loginAs, screenshot, usePage, waitForToasts } from './support';

const baseURL = inject('baseURL');
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'cic-e2e-import-'));
const ROWS = 6000; // more than CIC_IMPORT_INLINE_MAX_ROWS (5,000): the worker imports it, in chunks of 2,000
const EXTRA = '生猪存栏(头)';

/** e2e/import-files.py with the project's Python (openpyxl, Pillow, the demo's accounts). */
function pythonFile(...args: string[]): void {
  const python = process.env.PYTHON ?? 'python3';
  execFileSync(python, ['-m', 'uv', 'run', '--frozen', 'python', path.join(here, 'import-files.py'), ...args], {
    cwd: repo,
    env: { ...process.env, PYTHONPATH: repo },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

let page: Page;

usePage(baseURL, (opened) => (page = opened));

async function pick(field: string, option: string): Promise<void> {
  await page.locator(`#${field}`).click();
  await page.locator('.ant-select-dropdown:visible').getByText(option, { exact: true }).click();
}

describe('bank settings and a large import', () => {
  it('a bank admin defines an extra field and deactivates another, with errors on their fields', async () => {
    await loginAs(page, 'fz.admin');
    await page.getByTestId('main-menu').getByText('本行设置').click();
    const table = page.getByTestId('extra-fields');
    await table.getByText('茶园面积(亩)').waitFor(); // the demo bank's fields

    // An empty form: the required fields say so; nothing is sent, nothing thrown.
    await page.getByTestId('save-extra-field').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBeGreaterThanOrEqual(2);

    // A code the API refuses: its message lands on the code field.
    await page.locator('#code').fill('Pig Count');
    await page.locator('#labelZh').fill(EXTRA);
    await pick('kind', '数字');
    await page.locator('#minValue').fill('0');
    await page.locator('#maxValue').fill('5000');
    await page.getByTestId('save-extra-field').click();
    const codeItem = page.locator('.ant-form-item', { has: page.locator('#code') });
    await expect.poll(() => codeItem.locator('.ant-form-item-explain-error').textContent()).toContain('字段代码须为');

    await page.locator('#code').fill('pig_count');
    await page.getByTestId('save-extra-field').click();
    const row = table.locator('tr', { hasText: EXTRA });
    await row.waitFor();
    expect(await row.textContent()).toContain('数字');
    expect(await row.textContent()).toContain('0 至 5000');

    // A second field, deactivated: it stays listed as 已停用.
    await page.locator('#code').fill('temp_note');
    await page.locator('#labelZh').fill('临时备注');
    await page.getByTestId('save-extra-field').click();
    const temp = table.locator('tr', { hasText: '临时备注' });
    await temp.waitFor();
    await page.getByTestId('toggle-temp_note').click();
    await confirmDialog(page, /停\s*用/);
    await expect.poll(() => temp.textContent()).toContain('已停用');
    await waitForToasts(page);
    await screenshot(page, 'extra-fields');
  });

  it('uploads the bank logo for the watermark; a file that is no image is refused in words', async () => {
    await page.getByRole('tab', { name: '水印标志' }).click();
    await page.getByTestId('bank-logo').getByText('尚未上传').waitFor();
    const notImage = path.join(work, 'logo.png');
    writeFileSync(notImage, 'this is not a picture');
    await page.locator('input[type=file]').setInputFiles(notImage);
    await expect.poll(() => page.getByTestId('logo-errors').textContent()).toContain('无法识别');

    const logo = path.join(work, '本行标志.png');
    pythonFile('logo', logo);
    await page.locator('input[type=file]').setInputFiles(logo);
    await expect.poll(() => page.getByTestId('bank-logo').textContent()).toContain('当前标志：512×');
    await expect.poll(() => page.getByTestId('bank-logo').locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await waitForToasts(page);
    await screenshot(page, 'bank-logo');
  });

  it("imports 6,000 rows from the bank's template: the counts move while the worker imports, then the history shows the batch", async () => {
    await page.getByTestId('main-menu').getByText('批量导入').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-template').click()]);
    const template = path.join(work, 'template.xlsx');
    await download.saveAs(template);
    const filled = path.join(work, '存量档案-6000行.xlsx');
    pythonFile('workbook', template, filled, String(ROWS), EXTRA); // asserts the template's extra column and code sheet

    await page.locator('#branchId').click();
    await page.locator('.ant-select-dropdown:visible').getByText('鼓楼支行').click();
    await page.locator('input[type=file]').setInputFiles(filled);
    await page.getByTestId('start-import').click();
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();

    // The worker writes its counts after each chunk of 2,000 rows: seen here before it is done.
    const seen = new Set<number>();
    const total = page.getByTestId('figure-total');
    await expect
      .poll(
        async () => {
          if (await progress.isVisible()) {
            const text = (await progress.textContent()) ?? '';
            const read = /已读取 (\d+) 行/.exec(text);
            if (read) seen.add(Number(read[1]));
          }
          return [...seen].some((n) => n > 0 && n < ROWS);
        },
        { timeout: 90_000, interval: 200 },
      )
      .toBe(true);
    await expect.poll(() => total.textContent(), { timeout: 90_000 }).toBe('6,000');
    await progress.waitFor({ state: 'detached' });
    expect(await page.getByTestId('figure-imported').textContent()).toBe('6,000');
    expect(await page.getByTestId('figure-failed').textContent()).toBe('0');

    // The history: this batch, finished, with its counts and times in Beijing time.
    const history = page.getByTestId('import-history');
    const batch = history.locator('tr', { hasText: '存量档案-6000行.xlsx' });
    await expect.poll(() => batch.textContent(), { timeout: 30_000 }).toContain('已完成');
    const text = (await batch.textContent()) ?? '';
    expect(text).toContain('鼓楼支行');
    expect(text).toContain('fz.admin');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(text).toContain('6000');
    await history.scrollIntoViewIfNeeded();
    await screenshot(page, 'import-history');
  });
});
