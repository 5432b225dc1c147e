import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { client } from '../api/client';
import { ApprovalInboxCountsQuery, ApprovalTasksQuery } from '../api/operations';
import { renderWithProviders } from '../test/render';
import ApprovalInboxPage from './ApprovalInboxPage';

afterEach(() => vi.restoreAllMocks());

const SLOW = { timeout: 5_000 };

const node = (id: string, box: string, over: Record<string, unknown> = {}) => ({
  id, elementId: 'branch_review', name: box === 'QUEUE' ? '网点负责人审批' : '信贷部审批', status: box === 'QUEUE' ? 'OPEN' : 'CLAIMED',
  createdAt: '2026-12-03T07:08:43Z', dueAt: '2026-12-05T07:08:43Z', overdue: false, claimedBy: null,
  application: { id: `a${id}`, number: `SQ202612030000000${id}`, amount: '120000.00', term: 12, customer: { id: 'c1', name: '张丽慧' }, product: { id: 'p1', name: '农e贷' }, branch: { id: 'o1', name: '福州鼓楼支行' }, applicant: { id: 'u1', name: '赵国平' } },
  ...over,
});

describe('ApprovalInboxPage', { timeout: 30_000 }, () => {
  it('lists the queue with counts, the application by number and in words, and switches to my tasks', async () => {
    const asked: unknown[] = [];
    vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
      if (doc === ApprovalInboxCountsQuery) return { approvalInboxCounts: { queue: 1, mine: 2, overdue: 1 } };
      if (doc === ApprovalTasksQuery) {
        asked.push(variables);
        const box = (variables as { box: string }).box;
        const nodes = box === 'QUEUE' ? [node('1', 'QUEUE')] : [node('2', 'MINE', { overdue: true }), node('3', 'MINE')];
        return { approvalTasks: { pageInfo: { hasNextPage: false, endCursor: null }, edges: nodes.map((n) => ({ cursor: n.id, node: n })) } };
      }
      throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
    });
    renderWithProviders(<ApprovalInboxPage />);
    const link = await screen.findByText('SQ2026120300000001', {}, SLOW);
    expect(link.getAttribute('href')).toBe('/applications/a1');
    const row = link.closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('张丽慧');
    expect(row).toHaveTextContent('农e贷');
    expect(row).toHaveTextContent('¥120,000.00');
    expect(row).toHaveTextContent('网点负责人审批');
    expect(row).toHaveTextContent('2026-12-03 15:08');
    expect(within(row).queryByTestId('overdue-tag')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('inbox-count-QUEUE')).toHaveTextContent('(1)'));
    expect(screen.getByTestId('inbox-count-MINE')).toHaveTextContent('(2)');
    expect(screen.getByTestId('inbox-overdue')).toHaveTextContent('1 项已超时');
    fireEvent.click(screen.getByTestId('inbox-tab-MINE'));
    const mine = await screen.findByText('SQ2026120300000002', {}, SLOW);
    expect(within(mine.closest('tr') as HTMLElement).getByTestId('overdue-tag')).toHaveTextContent('已超时');
    expect(asked).toContainEqual({ box: 'MINE', overdue: false, first: 20, after: null, order: 'CREATED_ASC' });
    // The amount header asks the API for the largest first, from the first page; the next click the smallest
    const amount = screen.getByText('申请金额', { selector: 'th *' });
    fireEvent.click(amount);
    await waitFor(() => expect(asked).toContainEqual({ box: 'MINE', overdue: false, first: 20, after: null, order: 'AMOUNT_DESC' }));
    expect(amount.closest('th')).toHaveAttribute('aria-sort', 'descending');
    fireEvent.click(amount);
    await waitFor(() => expect(asked).toContainEqual({ box: 'MINE', overdue: false, first: 20, after: null, order: 'AMOUNT_ASC' }));
  });
});
