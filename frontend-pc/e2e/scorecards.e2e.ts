// Scorecards and rating analysis (docs/rating.md) against the e2e server's demo data: a bank admin
// drafts a card from the one in force for the bank, changes a bin's points (the best possible
// score follows), jumps to a section, is warned before leaving unsaved edits (the long forms' one
// warning, docs/screens.md), saves (then leaves without a warning), dry-runs the draft against the
// card in force and requests its publication (the draft freezes); the bank's second administrator
// approves it; the card is then published and in force. 评级分析 shows the migration matrix (heatmap
// and table), the grade distribution by branch and the warnings, as the API answers them: with or
// without a previous quarter's ratings.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiToken, confirmDialog, gql, graphqlResponse, loginAs, logout, screenshot, scrollSettled, usePage, waitForToasts } from './support';

const baseURL = inject('baseURL');
const NAME = '福州农商行农户信用评分卡（试行）';

let page: Page;
usePage(baseURL, (opened) => (page = opened));

interface Bin {
  label: string;
  points: number;
  missing: boolean;
}
interface Card {
  id: string;
  name: string;
  version: number;
  status: string;
  province: boolean;
  bankId: string | null;
  maxScore: number;
  approvedBy: string | null;
  items: { code: string; label: string; bins: Bin[] }[];
}

const CARDS = `{ scorecards(includeSuperseded: false) { id name version status province bankId maxScore approvedBy items { code label bins { label points missing } } } }`;

async function cardsOf(username: string): Promise<Card[]> {
  return (await gql(baseURL, await apiToken(baseURL, username), CARDS)).scorecards;
}

/** The text of an ECharts chart's option, read from the instance the Chart component keeps. */
function chartOption(testId: string): Promise<any> {
  return page.getByTestId(testId).evaluate((el) => (el as HTMLElement & { __echarts?: { getOption: () => unknown } }).__echarts?.getOption() ?? null);
}

/** A figure as the antd Statistic writes it (group separators dropped). */
async function figure(testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').replace(/,/g, '');
}

let bankId: string;
let inForce: Card;
let draftId: string;
let expectedMax: number;

beforeAll(async () => {
  const me = await gql(baseURL, await apiToken(baseURL, 'fz.admin'), '{ me { orgUnit { id bankId } } }');
  bankId = me.me.orgUnit.bankId;
  const cards = await cardsOf('fz.admin');
  // The card in force for the bank: its own published card, else the province's.
  const found = cards.find((c) => c.status === 'PUBLISHED' && c.bankId === bankId) ?? cards.find((c) => c.status === 'PUBLISHED' && c.province);
  if (!found) throw new Error('no scorecard in force for FZ');
  inForce = found;
});

describe('scorecards', () => {
  it('a bank admin drafts a card from the one in force, changes a bin, saves and dry-runs it', async () => {
    await loginAs(page, 'fz.admin');
    await page.getByTestId('main-menu').getByText('评分卡', { exact: true }).click();
    await page.waitForURL('**/pc/scorecards');
    await page.getByTestId('scorecards-table').locator(`tr[data-row-key="${inForce.id}"]`).getByTestId('scorecard-in-force').waitFor();

    await page.getByTestId('new-scorecard').click();
    await page.waitForURL('**/pc/scorecards/new');
    await page.locator('#scorecard-name').waitFor();
    expect(await page.getByTestId('scorecard-copied-from').textContent()).toContain(inForce.name);
    expect(await page.locator('#scorecard-name').inputValue()).toBe(inForce.name);
    expect(await figure('max-score')).toBe(String(inForce.maxScore));
    expect(await page.getByTestId('scorecard-item').count()).toBe(inForce.items.length);

    // The first item's best bin loses 10 points: the best possible score follows.
    const item = inForce.items[0];
    const best = item.bins.reduce((at, b, k) => (b.points > item.bins[at].points ? k : at), 0);
    const itemMax = item.bins[best].points;
    const newItemMax = Math.max(itemMax - 10, ...item.bins.filter((_, k) => k !== best).map((b) => b.points));
    expectedMax = inForce.maxScore - itemMax + newItemMax;
    await page.locator('#scorecard-name').fill(NAME);
    await page.getByTestId('scorecard-item').first().getByTestId('toggle-bins').click();
    await page.locator(`#bin-points-0-${best}`).fill(String(itemMax - 10));
    await expect.poll(() => figure('max-score')).toBe(String(expectedMax));
    expect(await page.getByTestId('scorecard-item').first().getByTestId('item-max').textContent()).toBe(String(newItemMax));
    await page.getByTestId('scorecard-dirty').waitFor();
    expect(await page.getByTestId('scorecard-save-bar').textContent()).toContain('有未保存的修改');
    await screenshot(page, 'scorecard-editor');
    // The save bar stays at the bottom of the 1366x768 window, the section nav jumps and puts the
    // cursor in the section's first field.
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(768);
    const barOnScreen = async () => {
      const box = await page.getByTestId('scorecard-save-bar').boundingBox();
      return !!box && box.y >= 0 && box.y + box.height <= 768;
    };
    await expect.poll(barOnScreen).toBe(true);
    await page.getByTestId('jump-grades').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('grade-code-0');
    await expect.poll(async () => (await page.locator('#section-grades').boundingBox())?.y ?? 9999).toBeLessThan(200);
    expect((await page.locator('#section-grades').boundingBox())!.y).toBeGreaterThanOrEqual(-1);
    await expect.poll(barOnScreen).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366); // nothing scrolls sideways
    await page.getByTestId('jump-basics').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('scorecard-name');
    await page.setViewportSize({ width: 1440, height: 900 }); // the file's pictures keep their size
    await scrollSettled(page); // the jump's scrolling would move the menu item away from the click

    // Leaving with unsaved edits asks first; staying keeps them.
    await page.getByTestId('main-menu').getByText('评分卡', { exact: true }).click();
    const unsaved = page.getByText('评分卡有未保存的修改，离开后将丢失。');
    await unsaved.waitFor();
    // On a starved machine a click can land while the dialog is still opening and be lost:
    // answer it until it is gone.
    await expect
      .poll(async () => {
        if (await unsaved.isVisible()) {
          await page.locator('.ant-modal-confirm').getByRole('button', { name: '继续编辑' }).click({ timeout: 2000 }).catch(() => undefined);
        }
        return unsaved.count();
      }, { timeout: 20000 })
      .toBe(0);
    expect(new URL(page.url()).pathname).toBe('/pc/scorecards/new');
    expect(await page.locator(`#bin-points-0-${best}`).inputValue()).toBe(String(itemMax - 10));
    expect(await page.locator('#scorecard-name').inputValue()).toBe(NAME);

    const saved = graphqlResponse(page, 'SaveScorecard');
    await page.getByTestId('save-scorecard').click();
    const payload = (await (await saved).json()).data.saveScorecard;
    expect(payload.errors).toEqual([]);
    draftId = payload.scorecard.id;
    await page.waitForURL(`**/pc/scorecards/${draftId}`); // the move to its address asks nothing
    await page.getByText('所有修改已保存').waitFor();
    expect(await page.locator('.ant-modal-confirm').count()).toBe(0);
    expect(await page.getByTestId('scorecard-status').textContent()).toBe('草稿');
    // Saved: the menu leaves without asking.
    await page.getByTestId('main-menu').getByText('评分卡', { exact: true }).click();
    await page.waitForURL('**/pc/scorecards');
    expect(await page.locator('.ant-modal-confirm').count()).toBe(0);
    await page.goto(`/pc/scorecards/${draftId}`);
    await page.getByTestId('scorecard-clean').waitFor();
    const draft = (await cardsOf('fz.admin')).find((c) => c.id === draftId)!;
    expect(draft).toMatchObject({ name: NAME, status: 'DRAFT', province: false, bankId, maxScore: expectedMax });
    expect(draft.items[0].bins[best].points).toBe(itemMax - 10);

    // The dry run: the headline and the charts say what the API answered.
    const ran = graphqlResponse(page, 'DryRunScorecard');
    await page.getByTestId('run-dry-run').click();
    const result = (await (await ran).json()).data.dryRunScorecard;
    expect(result.errors).toEqual([]);
    const report = result.report;
    await page.getByTestId('dry-run-report').waitFor();
    expect(await page.getByTestId('dry-run-compared').textContent()).toContain(`${report.inForce.name}（第 ${report.inForce.version} 版）`);
    expect(await figure('dry-archives')).toBe(String(report.archives));
    expect(await figure('dry-banks')).toBe(String(report.banks));
    expect(await figure('dry-mean-in-force')).toBe((Math.round(report.meanInForce * 10) / 10).toFixed(1));
    expect(await figure('dry-mean-draft')).toBe((Math.round(report.meanDraft * 10) / 10).toFixed(1));
    expect(await figure('dry-upgraded')).toBe(String(report.upgraded));
    expect(await figure('dry-downgraded')).toBe(String(report.downgraded));
    expect(await figure('dry-newly-vetoed')).toBe(String(report.newlyVetoed));
    await page.getByTestId('dry-run-grades').locator('canvas').first().waitFor();
    await expect.poll(() => chartOption('dry-run-grades').then((o) => o?.xAxis?.[0]?.data)).toEqual(report.grades.map((g: { label: string }) => g.label));
    const grades = await chartOption('dry-run-grades');
    expect(grades.series.map((s: { data: number[] }) => s.data)).toEqual([
      report.grades.map((g: { inForce: number }) => g.inForce),
      report.grades.map((g: { draft: number }) => g.draft),
    ]);
    await page.getByTestId('dry-run-bands').locator('canvas').first().waitFor();
    // The moves: grade in force -> draft grade, as many archives as were rated, grades in words.
    expect(await page.getByTestId('dry-run-moves').getByTestId('matrix-total').textContent()).toBe(String(report.archives));
    for (const move of report.moves as { fromGrade: string; toGrade: string; count: number }[]) {
      const cell = page.getByTestId('dry-run-moves').locator(`[data-testid=matrix-cell][data-from="${move.fromGrade}"][data-to="${move.toGrade}"]`);
      expect(await cell.textContent()).toBe(String(move.count));
    }
    expect(await page.getByTestId('dry-run-moves').locator('thead').textContent()).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b/);
    await waitForToasts(page);
    await page.getByTestId('scorecard-dry-run').scrollIntoViewIfNeeded();
    await screenshot(page, 'scorecard-dry-run');

    // 申请发布: the draft freezes until a second administrator decides.
    await page.getByTestId('request-publish').click();
    const requested = graphqlResponse(page, 'RequestScorecardPublish');
    await confirmDialog(page, '申请发布'); // a click landing while the dialog still opens is clicked again
    expect((await (await requested).json()).data.requestScorecardPublish.errors).toEqual([]);
    await page.getByTestId('scorecard-pending-notice').waitFor();
    expect(await page.getByTestId('scorecard-pending').textContent()).toBe('等待复核');
    expect(await page.getByTestId('scorecard-save-bar').count()).toBe(0);
    expect(await page.locator('#scorecard-name').isDisabled()).toBe(true);
    expect(await page.getByTestId('withdraw-publish').count()).toBe(1);
    await logout(page);
  });

  it("the bank's second administrator approves the publication, and the card is in force", async () => {
    await loginAs(page, 'fz.admin2');
    await page.getByTestId('main-menu').getByText('待复核申请').click();
    await page.waitForURL('**/pc/approvals');
    const row = page.getByTestId('approvals-table').locator('tr', { hasText: NAME });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('发布评分卡');
    expect(text).toContain('福州农村商业银行'); // the bank whose card it is
    expect(text).toMatch(/第 \d+ 版/);
    await waitForToasts(page);
    await screenshot(page, 'approvals-scorecard');
    await row.getByTestId('approve-change').click();
    await page.locator('#approve-confirm').click();
    await page.getByText('已批准，评分卡已发布').waitFor();
    await expect.poll(() => row.count()).toBe(0);

    const published = (await cardsOf('fz.admin2')).find((c) => c.id === draftId)!;
    expect(published).toMatchObject({ status: 'PUBLISHED', approvedBy: 'fz.admin2', maxScore: expectedMax });

    await page.getByTestId('main-menu').getByText('评分卡', { exact: true }).click();
    await page.waitForURL('**/pc/scorecards');
    const card = page.getByTestId('scorecards-table').locator(`tr[data-row-key="${draftId}"]`);
    await card.getByTestId('scorecard-in-force').waitFor();
    expect(await card.getByTestId('scorecard-status').textContent()).toBe('已发布');
    expect(await card.getByTestId('scorecard-approved-by').textContent()).toBe('fz.admin2');
    expect(await card.getByTestId('scorecard-pending').count()).toBe(0);
    expect(await page.getByTestId('card-in-force-for-me').textContent()).toContain(NAME);
    // The card in force before (the province's, or the bank's previous one) no longer rates FZ.
    const before = page.getByTestId('scorecards-table').locator(`tr[data-row-key="${inForce.id}"]`);
    expect(await before.getByTestId('scorecard-in-force').count()).toBe(0);
    await waitForToasts(page);
    await screenshot(page, 'scorecards');

    // A published card opens read only.
    await card.getByTestId('scorecard-link').click();
    await page.getByTestId('scorecard-read-only').waitFor();
    expect(await page.locator('#scorecard-name').isDisabled()).toBe(true);
    expect(await page.getByTestId('scorecard-save-bar').count()).toBe(0);
    await logout(page);
  });
});

describe('rating analysis', () => {
  it("shows a bank admin the migration matrix, the grades by branch and the warnings, as the API answers them", async () => {
    const token = await apiToken(baseURL, 'fz.admin');
    await loginAs(page, 'fz.admin');
    const migration = graphqlResponse(page, 'RatingMigration');
    const distribution = graphqlResponse(page, 'RatingDistribution');
    const warnings = graphqlResponse(page, 'RatingWarnings');
    await page.getByTestId('main-menu').getByText('评级分析').click();
    await page.waitForURL('**/pc/rating-analysis');
    const cells: { fromGrade: string; toGrade: string; count: number }[] = (await (await migration).json()).data.ratingMigration;
    const rows: { orgUnit: { id: string; name: string }; total: number; grades: { grade: string; count: number }[] }[] = (await (await distribution).json()).data.ratingDistribution;
    const listed: { customerId: string; kind: string; customer: { name: string } | null }[] = (await (await warnings).json()).data.ratingWarnings;

    // What the page asked for: the bank itself, the previous and the current quarter by default.
    const from = ((await page.locator('.ant-select', { has: page.locator('#from-quarter') }).textContent()) ?? '').trim();
    const to = ((await page.locator('.ant-select', { has: page.locator('#to-quarter') }).textContent()) ?? '').trim();
    expect(from).toMatch(/^\d{4}Q[1-4]$/);
    expect(to).toMatch(/^\d{4}Q[1-4]$/);
    const api = await gql(baseURL, token, `query($u: ID!, $f: String!, $t: String!) { ratingMigration(orgUnitId: $u, fromQuarter: $f, toQuarter: $t) { fromGrade toGrade count } }`, { u: bankId, f: from, t: to });
    expect(api.ratingMigration).toEqual(cells);

    if (cells.length) {
      const total = cells.reduce((a, c) => a + c.count, 0);
      await page.getByTestId('migration-heatmap').locator('canvas').first().waitFor();
      await expect.poll(() => chartOption('migration-heatmap').then((o) => o?.series?.[0]?.data?.length)).toBe(cells.filter((c) => c.count > 0).length);
      const heatmap = await chartOption('migration-heatmap');
      expect(heatmap.series[0].type).toBe('heatmap');
      expect(heatmap.series[0].data.reduce((a: number, p: number[]) => a + p[2], 0)).toBe(total);
      expect(await figure('migration-total')).toBe(String(total));
      expect(await page.getByTestId('migration-table').getByTestId('matrix-total').textContent()).toBe(String(total));
      for (const c of cells) {
        const cell = page.getByTestId('migration-table').locator(`[data-testid=matrix-cell][data-from="${c.fromGrade}"][data-to="${c.toGrade}"]`);
        expect(await cell.textContent()).toBe(String(c.count));
      }
      // Grades in words: the card's labels, D as 不予授信.
      const header = (await page.getByTestId('migration-table').locator('thead').textContent()) ?? '';
      expect(header).toContain('D（不予授信）');
      expect(header).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b/);
    } else {
      await page.getByTestId('migration-empty').waitFor();
    }
    await waitForToasts(page);
    await screenshot(page, 'rating-analysis');

    // The distribution: one row per unit the API names, the units together in the summary.
    if (rows.length) {
      await page.getByTestId('distribution-table').waitFor();
      expect(await page.getByTestId('distribution-row').count()).toBe(rows.length);
      expect(await page.getByTestId('distribution-sum').textContent()).toBe(String(rows.reduce((a, r) => a + r.total, 0)));
      await page.getByTestId('distribution-mode').getByText('户数').click();
      const first = rows[0];
      const row = page.locator(`[data-testid=distribution-row][data-unit="${first.orgUnit.id}"]`);
      expect(await row.textContent()).toContain(first.orgUnit.name);
      for (const g of first.grades) expect(await row.locator(`[data-testid=distribution-cell][data-grade="${g.grade}"]`).textContent()).toBe(String(g.count));
    } else {
      await page.getByTestId('distribution-empty').waitFor();
    }

    // The warnings of the quarter in the bank, then "只看我的" (a bank admin manages no archive).
    const warningRows = page.getByTestId('warnings-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => warningRows.count()).toBe(Math.min(20, listed.length));
    if (listed.length && listed[0].customer) {
      expect(await page.getByTestId('warning-customer').first().textContent()).toBe(listed[0].customer.name);
      expect(await page.getByTestId('warning-kind').first().textContent()).not.toMatch(/^[A-Z_]+$/);
    }
    const mine = graphqlResponse(page, 'RatingWarnings');
    await page.getByTestId('warnings-mine').click();
    const own: unknown[] = (await (await mine).json()).data.ratingWarnings;
    await expect.poll(() => warningRows.count()).toBe(Math.min(20, own.length));
    if (!own.length) await page.getByTestId('warnings').getByText('暂无预警').waitFor();
    await logout(page);
  });
});
