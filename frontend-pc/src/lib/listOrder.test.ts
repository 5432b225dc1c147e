import { describe, expect, it } from 'vitest';
import { onSort, orderFromSorter, serverSorted, sortOrderOf, type ColumnOrders } from './listOrder';

type Order = 'CREATED_DESC' | 'CREATED_ASC' | 'AMOUNT_DESC' | 'AMOUNT_ASC';
const COLUMNS: ColumnOrders<Order> = {
  createdAt: { ascend: 'CREATED_ASC', descend: 'CREATED_DESC' },
  amount: { ascend: 'AMOUNT_ASC', descend: 'AMOUNT_DESC' },
};

describe('API-sorted columns', () => {
  it('turn a header click into the order, and a cleared one into the default', () => {
    expect(orderFromSorter(COLUMNS, 'CREATED_DESC', 'amount', 'descend')).toBe('AMOUNT_DESC');
    expect(orderFromSorter(COLUMNS, 'CREATED_DESC', 'createdAt', 'ascend')).toBe('CREATED_ASC');
    expect(orderFromSorter(COLUMNS, 'CREATED_DESC', 'amount', null)).toBe('CREATED_DESC');
    expect(orderFromSorter(COLUMNS, 'CREATED_DESC', 'status', 'ascend')).toBe('CREATED_DESC');
  });

  it('show the order on its own column only', () => {
    expect(sortOrderOf(COLUMNS, 'AMOUNT_ASC', 'amount')).toBe('ascend');
    expect(sortOrderOf(COLUMNS, 'AMOUNT_ASC', 'createdAt')).toBeNull();
    expect(sortOrderOf(COLUMNS, 'CREATED_DESC', 'createdAt')).toBe('descend');
    expect(sortOrderOf(COLUMNS, 'CREATED_DESC', 'nothing')).toBeNull();
  });

  it('start a time or an amount with the largest first when asked, and set the order on a sort only', () => {
    expect(serverSorted(COLUMNS, 'CREATED_DESC', 'amount', 'descend')).toEqual({ key: 'amount', sorter: true, sortOrder: null, sortDirections: ['descend', 'ascend'] });
    const set: Order[] = [];
    const change = onSort(COLUMNS, 'CREATED_DESC', (o) => set.push(o));
    change({}, {}, { columnKey: 'amount', order: 'descend' }, { action: 'sort' });
    change({}, {}, { columnKey: 'amount', order: 'descend' }, { action: 'filter' });
    change({}, {}, [{ columnKey: 'amount', order: 'ascend' }], { action: 'sort' });
    change({}, {}, { columnKey: 'amount', order: undefined }, { action: 'sort' });
    expect(set).toEqual(['AMOUNT_DESC', 'CREATED_DESC']);
  });
});
