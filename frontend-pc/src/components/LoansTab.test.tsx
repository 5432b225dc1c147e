import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { client } from '../api/client';
import { CustomerLoansQuery, ProductsQuery } from '../api/operations';
import { renderWithProviders } from '../test/render';
import { LoansTab } from './LoansTab';

const SLOW = { timeout: 5_000 };

const answer = {
  quotas: { edges: [{ node: {
    id: 'q1', productCode: 'NONG_E_DAI', status: 'ACTIVE', amount: '30000.00', usedAmount: '10000.00', reservedAmount: '5000.00',
    availableAmount: '15000.00', term: 12, rate: '5.20', repaymentMethod: 'EQUAL_INSTALLMENT', validFrom: '2026-12-01', validTo: '2027-12-01',
    createdAt: '2026-12-01T02:00:00Z', updatedAt: '2026-12-01T02:00:00Z',
  } }] },
  loans: [
    { id: 'l2', number: 'JK20261202000002', productCode: 'NONG_E_DAI', status: 'REFUSED', amount: '5000.00', term: 12, rate: '5.20',
      account: '6217************019', disbursedAmount: '0.00', outstanding: '0.00', overdueDays: 0, reason: 'ACCOUNT_INVALID',
      createdAt: '2026-12-02T03:00:00Z', disbursedAt: null, closedAt: null },
    { id: 'l1', number: 'JK20261201000001', productCode: 'NONG_E_DAI', status: 'DISBURSED', amount: '10000.00', term: 12, rate: '5.20',
      account: '6217************011', disbursedAmount: '10000.00', outstanding: '10000.00', overdueDays: 3, reason: null,
      createdAt: '2026-12-01T03:00:00Z', disbursedAt: '2026-12-01T03:00:05Z', closedAt: null },
  ],
  textMessages: [
    { id: 't2', event: 'LOAN_DISBURSED', status: 'SUPPRESSED', reason: 'OPTED_OUT', to: '139****0106', text: '借款已发放', attempts: 0,
      createdAt: '2026-12-01T03:00:06Z', sentAt: null, receiptAt: null },
    { id: 't1', event: 'QUOTA_APPROVED', status: 'FAILED', reason: 'UNDELIV', to: '139****0106', text: '额度已审批通过', attempts: 1,
      createdAt: '2026-12-01T02:00:01Z', sentAt: '2026-12-01T02:00:02Z', receiptAt: '2026-12-01T02:00:09Z' },
  ],
};

afterEach(() => vi.restoreAllMocks());

describe('LoansTab', () => {
  it('shows quotas, drawdowns and text messages in words, never codes', async () => {
    vi.spyOn(client, 'request').mockImplementation(async (doc: unknown) => {
      if (doc === CustomerLoansQuery) return answer;
      if (doc === ProductsQuery) return { products: [{ code: 'NONG_E_DAI', name: '农e贷' }] };
      throw new Error('unexpected query');
    });
    renderWithProviders(<LoansTab customerId="c1" />);
    const quotas = await screen.findByTestId('loans-quotas', {}, SLOW);
    expect(await within(quotas).findByTestId('quota-available', {}, SLOW)).toHaveTextContent('¥15,000.00');
    expect(within(quotas).getByText('¥5,000.00')).toBeInTheDocument(); // being drawn
    expect(await within(quotas).findByText('农e贷', {}, SLOW)).toBeInTheDocument(); // the product's name, not its code
    const loans = screen.getByTestId('loans-drawdowns');
    expect(within(loans).getAllByTestId('loan-status').map((e) => e.textContent)).toEqual(['平台已拒绝', '已放款']);
    expect(within(loans).getByText('收款账户无效')).toBeInTheDocument();
    expect(within(loans).getByText('3天')).toBeInTheDocument();
    const texts = screen.getByTestId('loans-texts');
    expect(within(texts).getAllByTestId('text-status').map((e) => e.textContent)).toEqual(['未发送', '发送失败']);
    expect(within(texts).getByText('客户已退订短信')).toBeInTheDocument();
    expect(within(texts).getByText('未能送达')).toBeInTheDocument(); // an unknown platform code reads as words
    expect(within(texts).getByText('借款已发放', { selector: 'td' })).toBeInTheDocument();
    const page = screen.getByTestId('loans-tab').textContent ?? '';
    for (const code of ['NONG_E_DAI', 'ACCOUNT_INVALID', 'OPTED_OUT', 'UNDELIV', 'SUPPRESSED', 'LOAN_DISBURSED', 'REFUSED']) expect(page).not.toContain(code);
  });
});
