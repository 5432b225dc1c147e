// A refused archive search in words that name the filter. The API's errors in general are worded
// by @cic/shared/apiErrors (`ApiError.display`); this adds what only the archive search knows:
// which of its filters the refusal is about.
import { clockText, describeApiError, retryAfter, waitText, type ApiErrorLike } from '@cic/shared/apiErrors';
import { translate, type Locale, type MessageKey } from '../i18n';
import { canSearchBy, countsAsLookup, type ProtectedFilter, type SearchFilterRules } from '../permissions';

/** The search filters (form names) that argument paths of `customers(filter)` name. */
const FILTER_LABELS: Record<string, MessageKey> = {
  'filter.namePrefix': 'archives.filter.name',
  'filter.idNumber': 'archives.filter.idNumber',
  'filter.mobile': 'archives.filter.mobile',
  'filter.regionCode': 'archives.filter.region',
  'filter.villageCode': 'archives.filter.village',
  'filter.orgUnitId': 'archives.filter.orgUnit',
  'filter.managerId': 'archives.filter.manager',
  'filter.statuses': 'archives.filter.statuses',
  'filter.channels': 'archives.filter.channels',
  'filter.updatedFrom': 'archives.filter.updated',
  'filter.updatedTo': 'archives.filter.updated',
};

const FILTER_FIELDS: Record<ProtectedFilter, MessageKey> = { idNumber: 'field.idNumber', mobile: 'field.mobile', name: 'field.name' };
const ARGUMENT_FILTERS: Record<string, ProtectedFilter> = { idNumber: 'idNumber', mobile: 'mobile', namePrefix: 'name' };

export interface SearchRefusal {
  kind: 'forbidden' | 'rateLimited' | 'badInput';
  /** the protected filters concerned (forbidden: to remove; rate limited: what was counted) */
  filters: ProtectedFilter[];
  text: string;
}

/**
 * A refused archive search in words that name the filter: FORBIDDEN for a protected filter the
 * caller may not use (read from the API's message, `filter.idNumber: ...`, and from `me.searchFilters`),
 * RATE_LIMITED with when to retry, BAD_USER_INPUT with the filter's label and the API's
 * `messageZh`. Null for other errors (shown by `describeApiError`).
 */
export function searchRefusal(
  e: ApiErrorLike,
  sent: readonly ProtectedFilter[],
  rules: SearchFilterRules,
  locale: Locale,
  now: number = Date.now(),
): SearchRefusal | null {
  const names = (filters: readonly ProtectedFilter[]) => filters.map((f) => translate(locale, FILTER_FIELDS[f])).join(locale === 'zh' ? '、' : ', ');
  if (e.code === 'FORBIDDEN') {
    const named = ARGUMENT_FILTERS[/^filter\.(\w+)\s*:/.exec(e.message)?.[1] ?? ''];
    const filters = sent.filter((f) => f === named || !canSearchBy(rules, f));
    if (!filters.length) return null;
    return { kind: 'forbidden', filters, text: translate(locale, 'archives.refused.forbidden', { filters: names(filters) }) };
  }
  if (e.code === 'RATE_LIMITED') {
    const counted = sent.filter((f) => countsAsLookup(rules, f));
    const filters = counted.length ? counted : [...sent];
    if (!filters.length) return null;
    const wait = retryAfter(e);
    const text =
      wait === null
        ? translate(locale, 'archives.refused.rateLimitedNoTime', { filters: names(filters) })
        : translate(locale, 'archives.refused.rateLimited', { filters: names(filters), wait: waitText(wait, locale), at: clockText(wait, now) });
    return { kind: 'rateLimited', filters, text };
  }
  if (e.code === 'BAD_USER_INPUT') {
    const field = typeof e.extensions.field === 'string' ? e.extensions.field : '';
    const label = FILTER_LABELS[field];
    const reason = describeApiError(e, locale, now);
    return { kind: 'badInput', filters: [], text: label ? `${translate(locale, label)}${locale === 'zh' ? '：' : ': '}${reason}` : reason };
  }
  return null;
}
