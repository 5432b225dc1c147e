import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import type { EChartsOption } from 'echarts';
import { client } from '../api/client';
import { CustomerBankBusinessQuery } from '../api/operations';
import { renderWithProviders } from '../test/render';
import { BankBusinessTab } from './BankBusinessTab';

// ECharts needs a canvas jsdom does not have: the chart's option is what the tab decides.
const charts: EChartsOption[] = [];
vi.mock('./Chart', () => ({
  Chart: ({ option, testId }: { option: EChartsOption; testId?: string }) => {
    charts.push(option);
    return <div data-testid={testId} />;
  },
}));

const SLOW = { timeout: 5_000 };

const figures = {
  asOf: '2026-11-29', depositBalance: '65000.00', depositAvg90d: '61234.5', depositBand: 'FROM_50K_TO_100K', depositAccounts: 2,
  loanBalance: '120000.50', loanBand: 'FROM_100K_TO_500K', loanCount: 1, overdueDays: 12, maxOverdueDays: 40, worstClass: 'SPECIAL_MENTION',
  wealthBalance: '0.00', wealthBand: 'NONE', wealthCount: 0, customerSince: '2016-07-17', monthsAsCustomer: 124,
  services: ['MOBILE_BANKING', 'PAYROLL'], activeServices30d: 1,
  trend: [
    { month: '2026-10-01', asOf: '2026-10-31', depositBalance: '60000.00', loanBalance: '125000.00', depositBand: 'FROM_50K_TO_100K', loanBand: 'FROM_100K_TO_500K' },
    { month: '2026-11-01', asOf: '2026-11-29', depositBalance: '65000.00', loanBalance: '120000.50', depositBand: 'FROM_50K_TO_100K', loanBand: 'FROM_100K_TO_500K' },
  ],
};
// What a province analyst gets: the field policy withholds the figures, the bands stay.
const bands = {
  ...figures, depositBalance: null, depositAvg90d: null, loanBalance: null, wealthBalance: null,
  trend: figures.trend.map((m) => ({ ...m, depositBalance: null, loanBalance: null })),
};

function api(bankBusiness: unknown) {
  charts.length = 0;
  vi.spyOn(client, 'request').mockImplementation(async (doc: unknown) => {
    if (doc === CustomerBankBusinessQuery) return { customer: { id: 'c1', bankBusiness } };
    throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
  });
}

/** The tab over an API answering `bankBusiness`, once it shows the figures. */
async function showTab(bankBusiness: unknown) {
  api(bankBusiness);
  renderWithProviders(<BankBusinessTab customerId="c1" />);
  await screen.findByTestId('bank-business', {}, SLOW);
}

afterEach(() => vi.restoreAllMocks());

describe('BankBusinessTab', () => {
  it('shows the figures in yuan, the loan class, the services and a chart of balances', async () => {
    await showTab(figures);
    expect(screen.getByTestId('business-deposit-balance')).toHaveTextContent('¥65,000.00');
    expect(screen.getByTestId('business-deposit-avg')).toHaveTextContent('¥61,234.50');
    expect(screen.getByTestId('business-loan-balance')).toHaveTextContent('¥120,000.50');
    expect(screen.getByTestId('business-overdue')).toHaveTextContent('12 天');
    expect(screen.getByTestId('business-loan-class')).toHaveTextContent('关注');
    expect(screen.getByTestId('business-services')).toHaveTextContent('手机银行代发工资');
    expect(screen.getByTestId('business-since')).toHaveTextContent('2016-07-17');
    expect(screen.queryByTestId('business-bands-only')).toBeNull();
    expect(screen.getByText('近 12 个月月末余额')).toBeInTheDocument();
    expect(charts.at(-1)?.yAxis).toMatchObject({ type: 'value' });
  });

  it('shows the bands, not figures, where the field policy withholds them', async () => {
    await showTab(bands);
    expect(screen.getByTestId('business-deposit-balance')).toHaveTextContent('5万-10万元');
    expect(screen.getByTestId('business-loan-balance')).toHaveTextContent('10万-50万元');
    expect(screen.getByTestId('business-wealth-balance')).toHaveTextContent('无');
    expect(screen.queryByTestId('business-deposit-avg')).toBeNull();
    expect(screen.getByTestId('business-bands-only')).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/¥\d/);
    expect(charts.at(-1)?.yAxis).toMatchObject({ type: 'category' });
  });

  it('says so when the warehouse has nothing for the customer', async () => {
    api(null);
    renderWithProviders(<BankBusinessTab customerId="c1" />);
    expect(await screen.findByText('暂无业务往来数据', {}, SLOW)).toBeInTheDocument();
  });
});
