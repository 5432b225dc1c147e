// Top-level GraphQL errors in words (the UI shows words, never codes). The API words some of them
// itself (`extensions.messageZh` of BAD_USER_INPUT from the input guard); the others carry only a
// code, sometimes with data (`RATE_LIMITED` with `retryAfterSeconds`, `INTERNAL` with a request
// id in its message), and are worded here. Used by `ApiError.display` and the archive search.
import dayjs from 'dayjs';
import { translate, type Locale, type MessageKey } from '../i18n';
import { canSearchBy, countsAsLookup, type ProtectedFilter } from '../permissions';

/** What `ApiError` carries: the first error's code, message, messageZh and extensions. */
export interface ApiErrorLike {
  code: string;
  message: string;
  messageZh?: string;
  extensions: Record<string, unknown>;
}

/** "45 秒", "3 分钟", "2 小时 5 分钟" (rounded up: never earlier than the API said). */
export function waitText(seconds: number, locale: Locale): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return translate(locale, 'duration.seconds', { n: s });
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return translate(locale, 'duration.minutes', { n: minutes });
  return translate(locale, 'duration.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** The wall-clock time `seconds` from `now`: HH:mm:ss today, else with the date. */
export function clockText(seconds: number, now: number): string {
  const at = dayjs(now + Math.ceil(seconds) * 1000);
  return at.isSame(dayjs(now), 'day') ? at.format('HH:mm:ss') : at.format('MM-DD HH:mm');
}

function retryAfter(e: ApiErrorLike): number | null {
  const value = Number(e.extensions.retryAfterSeconds);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** The API's English message without the argument path it starts with ("filter.mobile: ..."). */
function withoutPath(e: ApiErrorLike): string {
  const field = typeof e.extensions.field === 'string' ? e.extensions.field : null;
  return field && e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message;
}

export function describeApiError(e: ApiErrorLike, locale: Locale, now: number = Date.now()): string {
  if (locale === 'zh' && e.messageZh) return e.messageZh;
  switch (e.code) {
    case 'RATE_LIMITED': {
      const wait = retryAfter(e);
      if (wait === null) return translate(locale, 'error.rateLimitedNoTime');
      return translate(locale, 'error.rateLimited', { wait: waitText(wait, locale), at: clockText(wait, now) });
    }
    case 'FORBIDDEN':
      return translate(locale, 'error.forbidden');
    case 'SERVICE_UNAVAILABLE':
      return translate(locale, 'error.unavailable');
    case 'UNAUTHENTICATED':
      return translate(locale, 'app.sessionExpired');
    case 'INTERNAL': {
      const id = /request id\s+([\w-]+)/i.exec(e.message)?.[1] ?? '—';
      return translate(locale, 'error.internal', { id });
    }
    case 'BAD_USER_INPUT':
      return locale === 'en' ? withoutPath(e) : translate(locale, 'error.badInput');
    default:
      return e.message;
  }
}

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
 * role may not use (read from the API's message, `filter.idNumber: ...`, and from the policy),
 * RATE_LIMITED with when to retry, BAD_USER_INPUT with the filter's label and the API's
 * `messageZh`. Null for other errors (shown by `describeApiError`).
 */
export function searchRefusal(
  e: ApiErrorLike,
  sent: readonly ProtectedFilter[],
  roles: readonly string[],
  locale: Locale,
  now: number = Date.now(),
): SearchRefusal | null {
  const names = (filters: readonly ProtectedFilter[]) => filters.map((f) => translate(locale, FILTER_FIELDS[f])).join(locale === 'zh' ? '、' : ', ');
  if (e.code === 'FORBIDDEN') {
    const named = ARGUMENT_FILTERS[/^filter\.(\w+)\s*:/.exec(e.message)?.[1] ?? ''];
    const filters = sent.filter((f) => f === named || !canSearchBy(roles, f));
    if (!filters.length) return null;
    return { kind: 'forbidden', filters, text: translate(locale, 'archives.refused.forbidden', { filters: names(filters) }) };
  }
  if (e.code === 'RATE_LIMITED') {
    const counted = sent.filter((f) => countsAsLookup(roles, f));
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
