import type { Translate } from '../i18n';
// The archive search's filter lives in the URL (?name=陈&statuses=SUBMITTED...), so a search can
// be bookmarked and the dashboard can link to a filtered list. These functions convert between
// the URL, the filter form and the API's CustomerFilter.
import type { ArchiveOrder, CustomerFilter } from '../gql/graphql';

export const STATUSES = ['DRAFT', 'SUBMITTED', 'RETURNED', 'VERIFIED', 'ARCHIVED'] as const;
export const CHANNELS = ['PC', 'PAD', 'SELF_SERVICE', 'IMPORT'] as const;

export interface ArchiveSearch {
  name?: string;
  idNumber?: string;
  mobile?: string;
  /** region cascader path: province, city, county, township, village */
  region?: string[];
  orgUnitId?: string;
  managerId?: string;
  statuses?: string[];
  channels?: string[];
  updatedFrom?: string;
  updatedTo?: string;
  /** archives failing this integrity rule (customersFailingRule) */
  rule?: string;
  /** the list's order (absent: names in pinyin order, the API's default) */
  order?: ArchiveOrder;
}

export const ORDERS: readonly ArchiveOrder[] = ['NAME_ASC', 'NAME_DESC', 'UPDATED_DESC', 'UPDATED_ASC'];

/** The sortable columns of the archive list and the orders their headers toggle. */
export type SortColumn = 'name' | 'updatedAt';
type Direction = 'ascend' | 'descend';
const ORDER_OF: Record<SortColumn, Record<Direction, ArchiveOrder>> = {
  name: { ascend: 'NAME_ASC', descend: 'NAME_DESC' },
  updatedAt: { ascend: 'UPDATED_ASC', descend: 'UPDATED_DESC' },
};

/** The order a column header's sorter asks for; a cleared sorter goes back to the default. */
export function orderFromSorter(column: unknown, direction: Direction | null | undefined): ArchiveOrder | undefined {
  if (!direction || (column !== 'name' && column !== 'updatedAt')) return undefined;
  const order = ORDER_OF[column][direction];
  return order === 'NAME_ASC' ? undefined : order;
}

/** How a column header shows the list's order (antd `sortOrder`). */
export function sortOrderOf(order: ArchiveOrder | undefined, column: SortColumn): Direction | null {
  const current = order ?? 'NAME_ASC';
  const found = (Object.keys(ORDER_OF[column]) as Direction[]).find((d) => ORDER_OF[column][d] === current);
  return found ?? null;
}

const LISTS = ['region', 'statuses', 'channels'] as const;
const SCALARS = ['name', 'idNumber', 'mobile', 'orgUnitId', 'managerId', 'updatedFrom', 'updatedTo', 'rule'] as const;

function parseOrder(value: string | null): ArchiveOrder | undefined {
  return value && value !== 'NAME_ASC' && (ORDERS as readonly string[]).includes(value) ? (value as ArchiveOrder) : undefined;
}

export function searchFromParams(params: URLSearchParams): ArchiveSearch {
  const search: ArchiveSearch = {};
  for (const key of SCALARS) {
    const value = params.get(key)?.trim();
    if (value) search[key] = value;
  }
  for (const key of LISTS) {
    const value = params.get(key);
    if (value) search[key] = value.split(',').filter(Boolean);
  }
  if (search.statuses) search.statuses = search.statuses.filter((s) => (STATUSES as readonly string[]).includes(s));
  if (search.channels) search.channels = search.channels.filter((c) => (CHANNELS as readonly string[]).includes(c));
  const order = parseOrder(params.get('order'));
  if (order) search.order = order;
  return search;
}

export function searchToParams(search: ArchiveSearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of SCALARS) {
    const value = search[key]?.trim();
    if (value) params.set(key, value);
  }
  for (const key of LISTS) {
    const value = search[key];
    if (value && value.length) params.set(key, value.join(','));
  }
  if (search.order && search.order !== 'NAME_ASC') params.set('order', search.order);
  return params;
}

/** Exact-match fields are sent as typed; spaces inside an ID number or phone are dropped. */
export function toCustomerFilter(search: ArchiveSearch): CustomerFilter {
  const region = search.region ?? [];
  return {
    namePrefix: search.name || null,
    idNumber: search.idNumber ? search.idNumber.replace(/\s+/g, '').toUpperCase() : null,
    mobile: search.mobile ? search.mobile.replace(/[\s-]+/g, '') : null,
    regionCode: region.length >= 3 ? region[2] : null,
    villageCode: region.length >= 5 ? region[4] : null,
    orgUnitId: search.orgUnitId || null,
    managerId: search.managerId || null,
    statuses: search.statuses?.length ? (search.statuses as CustomerFilter['statuses']) : null,
    channels: search.channels?.length ? (search.channels as CustomerFilter['channels']) : null,
    updatedFrom: search.updatedFrom || null,
    updatedTo: search.updatedTo || null,
  };
}

/** The list's count: exact within the scope and filter up to 10,000 (the API says 10,001 for
 * more), else (a list the API does not count) the estimate of all archives. */
export function countText(total: number | null | undefined, estimate: number, t: Translate): string {
  if (total == null) return t('common.total', { n: estimate });
  return total > 10_000 ? t('common.countOver', { n: '10,000' }) : t('common.count', { n: total });
}
