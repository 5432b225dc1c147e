import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { client } from '../api/client';
import { CustomerRatingQuery, RateCustomerMutation, ScorecardsQuery } from '../api/operations';
import { renderWithProviders } from '../test/render';
import { RatingTab } from './RatingTab';
import type { EChartsOption } from 'echarts';

// ECharts needs a canvas jsdom does not have: the chart's option is what the tab decides.
const charts: Record<string, EChartsOption> = {};
vi.mock('./Chart', () => ({
  Chart: ({ option, testId }: { option: EChartsOption; testId: string }) => {
    charts[testId] = option;
    return <div data-testid={testId} />;
  },
}));

const SLOW = { timeout: 5_000 };

const card = { id: '1', name: '省联社农户信用评分卡', version: 1, province: true, maxScore: 1200 };
const rating = {
  score: 670, grade: 'BB', gradeLabel: 'BB（一般）', card,
  items: [
    { code: 'INCOME', label: '家庭年收入(元)', value: '92000.5', bin: '50000至100000', points: 100, maxPoints: 160 },
    { code: 'EDUCATION', label: '文化程度', value: 'SENIOR', bin: '高中及以上', points: 50, maxPoints: 50 },
    { code: 'DEPOSIT_90D', label: '近90日日均存款(元)', value: null, bin: '缺失', points: 0, maxPoints: 150 },
  ],
  reasons: ['近90日日均存款(元)为“缺失”，得0分（满分150分）', '家庭年收入(元)为“50000至100000”，得100分（满分160分）'],
  vetoes: [] as string[], vetoReasons: [] as string[], recommendedQuota: '50000.00', ratedAt: '2026-11-30T02:30:00Z',
};
// A veto forces D whatever the points.
const vetoed = { ...rating, grade: 'D', gradeLabel: 'D（不予授信）', vetoes: ['BLACKLISTED', 'OVERDUE_90'], vetoReasons: ['列入风险监控黑名单', '贷款逾期超过90天'], recommendedQuota: '0.00' };
// What a province analyst gets: the field policy withholds the items, the reasons and the quota.
const analyst = { ...rating, items: null, reasons: null, recommendedQuota: null };
const history = [
  { quarter: '2026Q4', score: 670, grade: 'BB', ratedAt: '2026-11-30T02:30:00Z' },
  { quarter: '2026Q3', score: 640, grade: 'BB', ratedAt: '2026-09-30T02:30:00Z' },
];

/** An API answering `rating` (and `rateCustomer` with `rated` or these errors). */
function api(first: unknown, { rated = rating, errors = [] as unknown[] } = {}) {
  let current = first;
  const request = vi.spyOn(client, 'request').mockImplementation(async (doc: unknown) => {
    if (doc === CustomerRatingQuery) return { customer: { id: 'c1', rating: current, ratingHistory: current ? history : [] } };
    if (doc === ScorecardsQuery) return { scorecards: [{ id: '1', grades: [{ code: 'BB', label: 'BB（一般）' }] }] };
    if (doc === RateCustomerMutation) {
      if (!errors.length) current = rated;
      return { rateCustomer: { rating: errors.length ? null : rated, errors } };
    }
    throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
  });
  return request;
}

async function showTab(first: unknown, canRate = true, options?: Parameters<typeof api>[1]) {
  const request = api(first, options);
  renderWithProviders(<RatingTab customerId="c1" canRate={canRate} />);
  await screen.findByTestId(first ? 'rating' : 'rating-none', {}, SLOW);
  return request;
}

afterEach(() => vi.restoreAllMocks());

// Tables of antd render slowly in jsdom on a busy machine.
describe('RatingTab', { timeout: 15_000 }, () => {
  it('explains the rating: score of the card, grade, quota in yuan, reasons, items in words and the history', async () => {
    await showTab(rating);
    expect(screen.getByTestId('rating-score')).toHaveTextContent('670 / 1200');
    expect(screen.getByTestId('rating-grade')).toHaveTextContent('BB（一般）');
    expect(screen.getByTestId('rating-quota')).toHaveTextContent('¥50,000.00');
    expect(screen.getByTestId('rating-card')).toHaveTextContent('省联社农户信用评分卡（第 1 版）');
    expect(screen.getByTestId('rating-rated-at')).toHaveTextContent(/^2026-11-30 \d\d:30$/);
    const reasons = within(screen.getByTestId('rating-reasons')).getAllByRole('listitem');
    expect(reasons.map((r) => r.textContent)).toEqual(rating.reasons);
    const rows = within(screen.getByTestId('rating-items')).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['家庭年收入(元)', '92000.5', '50000至100000', '100 / 160'],
      ['文化程度', '高中', '高中及以上', '50 / 50'],
      ['近90日日均存款(元)', '—', '缺失', '0 / 150'],
    ]);
    expect(screen.getAllByTestId('rating-items')[0].querySelectorAll('.ant-progress')).toHaveLength(3);
    expect(screen.queryByTestId('rating-vetoes')).toBeNull();
    expect(screen.queryByTestId('rating-detail-hidden')).toBeNull();
    expect(within(screen.getByTestId('rating-history')).getByText('2026Q3')).toBeInTheDocument();
    // The history's grades in words, by the card's labels.
    await waitFor(() => expect(within(screen.getByTestId('rating-history')).getAllByText('BB（一般）')).toHaveLength(2));
    expect(screen.getByTestId('rating-rate')).toHaveTextContent('重新评级');
  });

  it('draws the score as a waterfall: base points, each item on top, the score', async () => {
    await showTab(rating);
    expect(screen.getByTestId('rating-waterfall')).toBeInTheDocument();
    const option = charts['rating-waterfall'] as { yAxis: { data: string[] }; series: { data: (number | { value: number })[] }[] };
    expect(option.yAxis.data).toEqual(['基础分', '家庭年收入(元)', '文化程度', '近90日日均存款(元)', '总分']);
    // 670 = 520 base + 100 + 50 + 0: the invisible bars lift each item to where the last one ended.
    expect(option.series[0].data).toEqual([0, 520, 620, 670, 0]);
    expect(option.series[1].data.map((d) => (typeof d === 'number' ? d : d.value))).toEqual([520, 100, 50, 0, 670]);
  });

  it('has no waterfall without the items (a province analyst)', async () => {
    await showTab(analyst, false);
    expect(screen.queryByTestId('rating-waterfall')).toBeNull();
  });

  it('shows the vetoes prominently: they, not the points, make the grade D', async () => {
    await showTab(vetoed);
    const alert = screen.getByTestId('rating-vetoes');
    expect(alert).toHaveClass('ant-alert-warning');
    expect(alert).toHaveTextContent('无论得分多少，评级均为 D（不予授信）');
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['列入风险监控黑名单', '贷款逾期超过90天']);
    expect(screen.getByTestId('rating-grade')).toHaveTextContent('D（不予授信）');
    expect(screen.getByTestId('rating-quota')).toHaveTextContent('¥0.00');
  });

  it('names the vetoes by their labels in English', async () => {
    api(vetoed);
    renderWithProviders(<RatingTab customerId="c1" canRate />, { locale: 'en' });
    const alert = await screen.findByTestId('rating-vetoes', {}, SLOW);
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Blacklisted', 'Overdue more than 90 days']);
  });

  it('tells a province analyst the detail is for the bank staff, and shows the score and the grade', async () => {
    await showTab(analyst, false);
    expect(screen.getByTestId('rating-detail-hidden')).toHaveTextContent('评分明细仅对本行工作人员可见');
    expect(screen.getByTestId('rating-score')).toHaveTextContent('670 / 1200');
    expect(screen.getByTestId('rating-grade')).toHaveTextContent('BB（一般）');
    expect(screen.queryByTestId('rating-items')).toBeNull();
    expect(screen.queryByTestId('rating-reasons')).toBeNull();
    expect(screen.queryByTestId('rating-quota')).toBeNull();
    expect(screen.queryByTestId('rating-rate')).toBeNull();
    expect(document.body.textContent).not.toMatch(/¥\d/);
  });

  it('says an archive is not rated yet and rates it on demand', async () => {
    const request = await showTab(null);
    expect(screen.getByText('尚未评级')).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('rating-rate'));
    expect(await screen.findByTestId('rating-score', {}, SLOW)).toHaveTextContent('670 / 1200');
    expect(request).toHaveBeenCalledWith(RateCustomerMutation, { id: 'c1' });
  });

  it('shows a refused rating in words', async () => {
    await showTab(rating, true, { errors: [{ code: 'NOT_FOUND', field: null, message: '客户档案不存在或无权访问', messageEn: 'archive not found' }] });
    fireEvent.click(screen.getByTestId('rating-rate'));
    expect(await screen.findByText('客户档案不存在或无权访问', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('rating-rate')).not.toHaveClass('ant-btn-loading'));
  });
});
