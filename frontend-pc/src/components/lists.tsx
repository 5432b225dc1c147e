// The lists the API pages (keyset connections: `first`/`after`, `pageInfo`, `edges { node }`):
// how a page reads one page after another, and the table every list page shows its rows in.
import { useInfiniteQuery, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { Button, type TableProps } from 'antd';
import { useI18n } from '../i18n';
import { QueryError } from './common';
import { DataTable } from './tables';

interface Connection<Node> {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: readonly { node: Node }[];
}

/** A connection read page after page, each `after` the end cursor of the one before; `rows` are
 * the nodes read so far, in order. `refetchInterval` decides from those rows whether to poll. */
export function useConnectionPages<Data, Node>({
  queryKey,
  read,
  connection,
  refetchInterval,
  ...options
}: {
  queryKey: QueryKey;
  read: (after: string | null) => Promise<Data>;
  connection: (page: Data) => Connection<Node>;
  refetchInterval?: (rows: Node[]) => number | false;
  enabled?: boolean;
  staleTime?: number;
}) {
  const rowsOf = (pages: Data[] | undefined) => pages?.flatMap((p) => connection(p).edges.map((e) => e.node)) ?? [];
  const query = useInfiniteQuery<Data, Error, InfiniteData<Data, string | null>, QueryKey, string | null>({
    queryKey,
    ...options,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => read(pageParam),
    getNextPageParam: (last) => {
      const { pageInfo } = connection(last);
      return pageInfo.hasNextPage ? pageInfo.endCursor : undefined;
    },
    ...(refetchInterval && { refetchInterval: (q) => refetchInterval(rowsOf(q.state.data?.pages)) }),
  });
  // A failed first read or refresh shows no rows (they would be another moment's, or another
  // filter's, as if current); a failed "more" keeps the pages read and retries the next one.
  const failedMore = query.isFetchNextPageError;
  return {
    ...query,
    rows: query.isError && !failedMore ? [] : rowsOf(query.data?.pages),
    retry: () => void (failedMore ? query.fetchNextPage() : query.refetch()),
  };
}

type ListTableProps<Row> = Omit<TableProps<Row>, 'rowKey' | 'dataSource' | 'pagination'>;

/** Rows the API pages: keyed by their id, and no paging of the table's own (the shared table:
 * cells on one line, scrolling sideways when wider than the page). */
export function ListTable<Row extends { id: string }>({ rows, ...props }: { rows: readonly Row[] } & ListTableProps<Row>) {
  return <DataTable<Row> rowKey="id" dataSource={rows} pagination={false} {...props} />;
}

/** A list query's error with 重试 (the query read again). */
export function ListError({ query, style }: { query: { error: unknown; refetch: () => unknown }; style?: React.CSSProperties }) {
  return <QueryError error={query.error} style={{ marginBottom: 12, ...style }} onRetry={() => void query.refetch()} />;
}

/** The rows of a `useConnectionPages` list and, while the API has more, the button that reads the next page. */
export function LoadMoreTable<Row extends { id: string }>({
  list,
  ...props
}: {
  list: { rows: Row[]; isFetching: boolean; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown; error: unknown; retry: () => void };
} & Omit<ListTableProps<Row>, 'loading'>) {
  const { t } = useI18n();
  return (
    <>
      <QueryError error={list.error} style={{ marginBottom: 12 }} onRetry={list.retry} />
      <ListTable<Row> rows={list.rows} loading={list.isFetching} {...props} />
      {list.hasNextPage && !list.error && (
        <Button block style={{ marginTop: 12 }} onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.more')}
        </Button>
      )}
    </>
  );
}
