import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { LoadMoreTable, useConnectionPages } from './lists';
import { renderWithProviders } from '../test/render';

interface Row {
  id: string;
  name: string;
}

/** A connection of two pages whose reads fail while `failing` says so. */
function server() {
  const state = { failing: new Set<string | null>(), reads: [] as (string | null)[] };
  const pages: Record<string, Page> = {
    first: { pageInfo: { hasNextPage: true, endCursor: 'p2' }, edges: [{ node: { id: '1', name: '阿明' } }] },
    p2: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: { id: '2', name: '李四' } }] },
  };
  const read = async (after: string | null): Promise<Page> => {
    state.reads.push(after);
    if (state.failing.has(after)) throw new Error('网络连接失败');
    return pages[after ?? 'first'];
  };
  return { state, read };
}

type Page = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Row }[] };

function List({ read }: { read: (after: string | null) => Promise<Page> }) {
  const list = useConnectionPages<Page, Row>({ queryKey: ['test-list'], read, connection: (p) => p });
  return <LoadMoreTable<Row> list={list} columns={[{ title: '姓名', dataIndex: 'name' }]} data-testid="list" />;
}

describe('LoadMoreTable', () => {
  it('shows a failed first read with 重试 and no rows, and its rows after 重试', async () => {
    const { state, read } = server();
    state.failing.add(null);
    renderWithProviders(<List read={read} />);
    const failed = await screen.findByTestId('query-error');
    expect(failed).toHaveTextContent('网络连接失败');
    expect(screen.queryByText('阿明')).toBeNull();
    state.failing.clear();
    fireEvent.click(within(failed).getByTestId('query-retry'));
    expect(await screen.findByText('阿明')).toBeInTheDocument();
    expect(screen.queryByTestId('query-error')).toBeNull();
  });

  it('keeps the rows read when "more" fails, and 重试 reads that page again', async () => {
    const { state, read } = server();
    state.failing.add('p2');
    renderWithProviders(<List read={read} />);
    fireEvent.click(await screen.findByRole('button', { name: /加载更多/ }));
    const failed = await screen.findByTestId('query-error');
    expect(screen.getByText('阿明')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /加载更多/ })).toBeNull();
    state.failing.clear();
    fireEvent.click(within(failed).getByTestId('query-retry'));
    expect(await screen.findByText('李四')).toBeInTheDocument();
    expect(screen.getByText('阿明')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('query-error')).toBeNull());
    expect(state.reads).toEqual([null, 'p2', 'p2']);
  });

  it('is the shared one-line table that scrolls sideways', async () => {
    const { read } = server();
    renderWithProviders(<List read={read} />);
    await screen.findByText('阿明');
    const table = document.querySelector('.cic-table table');
    expect(table?.getAttribute('style') ?? '').toContain('max-content');
  });
});
