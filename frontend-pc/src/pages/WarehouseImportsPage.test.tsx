import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { client } from '../api/client';
import { OrgUnitsQuery, WarehouseImportsQuery } from '../api/operations';
import { renderWithProviders } from '../test/render';
import WarehouseImportsPage from './WarehouseImportsPage';

const SLOW = { timeout: 5_000 };

const base = {
  bankId: '2', businessDate: '2026-11-29', source: 'FILE', encoding: 'UTF-8', recordCount: 0, importedCount: 0, rejectedCount: 0, unmatchedCount: 0,
  errorCode: null, errorMessage: null, startedBy: 'cron', startedAt: '2026-11-30T01:00:00Z', finishedAt: '2026-11-30T01:00:02Z', rejects: [],
};
const imports = [
  {
    ...base, id: '11', subject: 'WEALTH', fileName: 'FJ-FZ_WEALTH_20261129.dat', status: 'REFUSED',
    errorCode: 'TRAILER_COUNT_MISMATCH', errorMessage: '文件尾行的记录数为 31，实际 30 行',
  },
  {
    ...base, id: '12', subject: 'LOAN', fileName: 'FJ-FZ_LOAN_20261129.dat', encoding: 'GBK', status: 'DONE',
    recordCount: 30, importedCount: 28, rejectedCount: 2, unmatchedCount: 1,
    rejects: [
      { lineNo: 7, code: 'INVALID_ID', field: 'id_number', message: '身份证号码格式或校验位错误', messageEn: 'not a valid resident ID number' },
      { lineNo: 12, code: 'INVALID_AMOUNT', field: 'balance', message: '金额须为最多两位小数的数字', messageEn: 'not an amount with at most two decimals' },
    ],
  },
];

afterEach(() => vi.restoreAllMocks());

describe('WarehouseImportsPage', () => {
  it("lists the imports with the bank's code, the refusal in words and the quarantined rows", async () => {
    vi.spyOn(client, 'request').mockImplementation(async (doc: unknown) => {
      if (doc === WarehouseImportsQuery) return { warehouseImports: { pageInfo: { hasNextPage: false, endCursor: null }, edges: imports.map((node) => ({ cursor: node.id, node })) } };
      if (doc === OrgUnitsQuery) return { orgUnits: [{ id: '2', code: 'FJ-FZ', name: '福州农村商业银行', level: 'BANK', status: 'ACTIVE', parentId: '1', bankId: '2', depth: 1 }] };
      throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
    });
    renderWithProviders(<WarehouseImportsPage />);
    const reason = await screen.findByTestId('warehouse-reason', {}, SLOW);
    expect(reason).toHaveTextContent('文件尾行记录数不符');
    expect(reason).toHaveTextContent('文件尾行的记录数为 31');
    expect(screen.getAllByTestId('warehouse-status').map((e) => e.textContent)).toEqual(['已拒收', '已完成']);
    await waitFor(() => expect(screen.getAllByText('FJ-FZ')).toHaveLength(2));
    expect(screen.getByText('理财')).toBeInTheDocument();
    // Only the import with quarantined rows expands.
    const expanders = document.querySelectorAll('button.ant-table-row-expand-icon:not(.ant-table-row-expand-icon-spaced)');
    expect(expanders).toHaveLength(1);
    fireEvent.click(expanders[0]);
    const rejects = await screen.findByTestId('warehouse-rejects-12', {}, SLOW);
    expect(within(rejects).getByText('身份证号码无效')).toBeInTheDocument();
    expect(within(rejects).getByText('id_number')).toBeInTheDocument();
    expect(within(rejects).getByText('金额须为最多两位小数的数字')).toBeInTheDocument();
    expect(screen.getByText('隔离的记录（2 行）')).toBeInTheDocument();
  }, 20_000);

  it('asks the API for the oldest imports first from the first page when the time header is clicked', async () => {
    const asked: unknown[] = [];
    vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
      if (doc === WarehouseImportsQuery) {
        asked.push(variables);
        return { warehouseImports: { pageInfo: { hasNextPage: false, endCursor: null }, edges: imports.map((node) => ({ cursor: node.id, node })) } };
      }
      if (doc === OrgUnitsQuery) return { orgUnits: [] };
      throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
    });
    renderWithProviders(<WarehouseImportsPage />);
    await screen.findAllByTestId('warehouse-status', {}, SLOW);
    expect(asked).toContainEqual({ first: 20, after: null, rejects: 100, order: 'TIME_DESC' });
    const time = screen.getByText('导入时间', { selector: 'th *' });
    fireEvent.click(time);
    await waitFor(() => expect(asked).toContainEqual({ first: 20, after: null, rejects: 100, order: 'TIME_ASC' }));
    expect(time.closest('th')).toHaveAttribute('aria-sort', 'ascending');
  }, 20_000);
});
