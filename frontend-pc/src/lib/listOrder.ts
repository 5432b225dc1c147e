// A list the API sorts (an order argument per connection: ApplicationOrder, TaskOrder, ...),
// driven by its table's column headers (antd `sorter: true` with a controlled `sortOrder`). A
// keyset-paged list cannot be sorted on the client: only its loaded pages would be, a lie once
// "加载更多" reads the next one. A new order reads again from the first page.

export type Direction = 'ascend' | 'descend';

/** The orders a list's sortable columns ask for, by column key and direction. */
export type ColumnOrders<Order extends string> = Record<string, Record<Direction, Order>>;

/** The order a header click asks for: a cleared sorter (or an unknown column) is the list's default. */
export function orderFromSorter<Order extends string>(
  columns: ColumnOrders<Order>,
  fallback: Order,
  column: unknown,
  direction: Direction | null | undefined,
): Order {
  if (!direction || typeof column !== 'string' || !(column in columns)) return fallback;
  return columns[column][direction];
}

/** How a column's header shows the list's order (antd `sortOrder`): null on every other column. */
export function sortOrderOf<Order extends string>(columns: ColumnOrders<Order>, order: Order, column: string): Direction | null {
  const orders = columns[column];
  if (!orders) return null;
  return orders.ascend === order ? 'ascend' : orders.descend === order ? 'descend' : null;
}

/** An API-sorted column's props: its key, a sorter antd leaves to the API, and the header's state.
 * `first` is the direction of the first click (a time or an amount: the largest, the newest first). */
export function serverSorted<Order extends string>(columns: ColumnOrders<Order>, order: Order, key: string, first: Direction = 'ascend') {
  return {
    key,
    sorter: true as const,
    sortOrder: sortOrderOf(columns, order, key),
    sortDirections: first === 'ascend' ? (['ascend', 'descend'] as Direction[]) : (['descend', 'ascend'] as Direction[]),
  };
}

/** The table's `onChange` for an API-sorted list: a header click sets the order (nothing else does). */
export function onSort<Order extends string>(columns: ColumnOrders<Order>, fallback: Order, set: (order: Order) => void) {
  return (_pagination: unknown, _filters: unknown, sorter: unknown, extra: { action: string }) => {
    if (extra.action !== 'sort' || Array.isArray(sorter)) return;
    const s = sorter as { columnKey?: unknown; order?: Direction | null };
    set(orderFromSorter(columns, fallback, s.columnKey, s.order));
  };
}
