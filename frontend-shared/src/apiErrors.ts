// Top-level GraphQL errors in words (the UI shows words, never codes). The API words some of them
// itself (`extensions.messageZh`: BAD_USER_INPUT from the input guard, FORBIDDEN naming a filter,
// RATE_LIMITED, SERVICE_UNAVAILABLE); the others carry only a code, sometimes with data
// (`RATE_LIMITED` with `retryAfterSeconds`, `INTERNAL` with a request id in its message), and are
// worded here. `describeApiError` gives a sentence (the PC's alerts), `apiErrorLabel` a short
// phrase (the PAD's queue: "同步多次失败（服务器内部错误，共 5 次）").
import { format, type Locale } from './locale';

/** What an `ApiError` carries: the first error's code, message, messageZh and extensions. */
export interface ApiErrorLike {
  code: string;
  message: string;
  messageZh?: string;
  extensions: Record<string, unknown>;
}

const SENTENCES: Record<string, Record<Locale, string>> = {
  rateLimited: { zh: '查询个人信息的次数已达上限，请在 {wait}后重试（约 {at}）', en: 'Too many lookups of personal data; try again in {wait} (around {at})' },
  rateLimitedNoTime: { zh: '查询个人信息的次数已达上限，请稍后重试', en: 'Too many lookups of personal data; try again later' },
  FORBIDDEN: { zh: '您的角色无权执行此操作', en: 'Your role may not do this' },
  SERVICE_UNAVAILABLE: { zh: '服务暂时不可用，请稍后重试', en: 'The service is unavailable for now; try again later' },
  UNAUTHENTICATED: { zh: '登录已过期，请重新登录', en: 'Your session expired; please log in again' },
  INTERNAL: { zh: '服务器内部错误，请联系管理员（请求编号 {id}）', en: 'Internal error; quote request id {id} to the administrator' },
  BAD_USER_INPUT: { zh: '请求中的值有误，请检查后重试', en: 'The request has a value that cannot be used' },
  NETWORK_UNAVAILABLE: { zh: '网络不可用，请检查网络后重试', en: 'No network; check the connection and try again' },
  GRAPHQL_VALIDATION_FAILED: { zh: '应用版本与服务器不一致，请刷新页面', en: 'The app and the server versions differ; reload the page' },
  HTTP_5XX: { zh: '服务器暂时不可用，请稍后重试', en: 'The server is unavailable for now; try again later' },
  HTTP_ERROR: { zh: '服务器的应答无法识别', en: 'The server answered something unreadable' },
};

/** Short phrases for a failure's code, e.g. in "同步多次失败（{label}，共 5 次）". */
export const API_ERROR_LABELS: Record<string, Record<Locale, string>> = {
  NETWORK_UNAVAILABLE: { zh: '网络不可用', en: 'no network' },
  UNAUTHENTICATED: { zh: '登录已失效', en: 'session ended' },
  FORBIDDEN: { zh: '没有权限', en: 'not allowed' },
  RATE_LIMITED: { zh: '查询次数已达上限', en: 'too many lookups' },
  SERVICE_UNAVAILABLE: { zh: '服务暂时不可用', en: 'service unavailable' },
  INTERNAL: { zh: '服务器内部错误', en: 'internal server error' },
  BAD_USER_INPUT: { zh: '服务器不接受这些内容', en: 'the server does not accept this content' },
  GRAPHQL_VALIDATION_FAILED: { zh: '应用版本与服务器不一致', en: 'the app and the server versions differ' },
  VERSION_CONFLICT: { zh: '版本冲突', en: 'version conflict' },
  STORAGE_UNAVAILABLE: { zh: '服务器存储暂不可用', en: 'server storage unavailable' },
  REFUSED: { zh: '被服务器拒绝', en: 'refused by the server' },
  HTTP_5XX: { zh: '服务器暂时不可用', en: 'server temporarily unavailable' },
  HTTP_ERROR: { zh: '服务器的应答无法识别', en: 'unreadable server answer' },
  NO_DATA: { zh: '服务器的应答无法识别', en: 'unreadable server answer' },
  UNKNOWN: { zh: '未知错误', en: 'unknown error' },
};

export function apiErrorLabel(code: string | null | undefined, locale: Locale): string {
  const label = code ? API_ERROR_LABELS[code] : undefined;
  if (label) return label[locale];
  return (code?.startsWith('HTTP_5') ? API_ERROR_LABELS.HTTP_5XX : API_ERROR_LABELS.UNKNOWN)[locale];
}

const DURATION: Record<Locale, { s: string; m: string; h: string }> = {
  zh: { s: '{n} 秒', m: '{n} 分钟', h: '{h} 小时 {m} 分钟' },
  en: { s: '{n} s', m: '{n} min', h: '{h} h {m} min' },
};

/** "45 秒", "3 分钟", "2 小时 5 分钟" (rounded up: never earlier than the API said). */
export function waitText(seconds: number, locale: Locale): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return format(DURATION[locale].s, { n: s });
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return format(DURATION[locale].m, { n: minutes });
  return format(DURATION[locale].h, { h: Math.floor(minutes / 60), m: minutes % 60 });
}

const two = (n: number) => String(n).padStart(2, '0');

/** The wall-clock time `seconds` from `now`: HH:mm:ss today, else MM-DD HH:mm. */
export function clockText(seconds: number, now: number): string {
  const at = new Date(now + Math.ceil(seconds) * 1000);
  const today = new Date(now);
  const sameDay = at.getFullYear() === today.getFullYear() && at.getMonth() === today.getMonth() && at.getDate() === today.getDate();
  const time = `${two(at.getHours())}:${two(at.getMinutes())}`;
  return sameDay ? `${time}:${two(at.getSeconds())}` : `${two(at.getMonth() + 1)}-${two(at.getDate())} ${time}`;
}

export function retryAfter(e: ApiErrorLike): number | null {
  const raw = e.extensions.retryAfterSeconds;
  const value = Number(raw);
  return raw !== undefined && raw !== null && Number.isFinite(value) && value >= 0 ? value : null;
}

/** The API's English message without the argument path it starts with ("filter.mobile: ..."). */
function withoutPath(e: ApiErrorLike): string {
  const field = typeof e.extensions.field === 'string' ? e.extensions.field : null;
  return field && e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message;
}

export function describeApiError(e: ApiErrorLike, locale: Locale, now: number = Date.now()): string {
  if (locale === 'zh' && e.messageZh) return e.messageZh;
  const sentence = (key: string, vars?: Record<string, string | number>) => format(SENTENCES[key][locale], vars);
  switch (e.code) {
    case 'RATE_LIMITED': {
      const wait = retryAfter(e);
      if (wait === null) return sentence('rateLimitedNoTime');
      return sentence('rateLimited', { wait: waitText(wait, locale), at: clockText(wait, now) });
    }
    case 'INTERNAL':
      return sentence('INTERNAL', { id: /request id\s+([\w-]+)/i.exec(e.message)?.[1] ?? '—' });
    case 'BAD_USER_INPUT':
      return locale === 'en' ? withoutPath(e) : sentence('BAD_USER_INPUT');
    default:
      if (SENTENCES[e.code]) return sentence(e.code);
      if (e.code.startsWith('HTTP_5')) return sentence('HTTP_5XX');
      return e.message;
  }
}
