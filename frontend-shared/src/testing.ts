// Fixtures for tests, this package's and the apps': the API's errors as the client raises them.
// Not for application code.
import { ApiError } from './graphql';

/** A top-level GraphQL error as the client raises it: code and data in `extensions`, `messageZh` when the API words it. */
export function apiError(code: string, message: string, extensions: Record<string, unknown> = {}): ApiError {
  return new ApiError(message, code, [{ message, extensions: { code, ...extensions } }], extensions.messageZh as string | undefined);
}

/** How the API refuses an archive search: a protected filter the caller's role may not use, the
 * lookups of personal data spent (retry in 42 s), a filter value that is not ASCII. */
export const REFUSED_SEARCH = {
  forbidden: apiError('FORBIDDEN', 'filter.idNumber: your role sees Customer.idNumber masked and may not search by it'),
  limited: apiError('RATE_LIMITED', 'too many lookups of personal data; retry in 42 s', { retryAfterSeconds: 42 }),
  nonAscii: apiError('BAD_USER_INPUT', 'filter.mobile: only ASCII digits and letters are allowed', {
    field: 'filter.mobile',
    reason: 'NON_ASCII_CHARACTERS',
    messageZh: '只能使用半角数字和字母',
  }),
};

/**
 * A server that stalls: `'silent'` never answers, `'midway'` sends the headers and part of the
 * body, then nothing more. Either gives up only when the request's signal aborts, as a browser's
 * fetch does. `calls` counts the requests it took.
 */
export function stalledServer(how: 'silent' | 'midway'): { fetcher: (url: string, init?: RequestInit) => Promise<Response>; calls: () => number } {
  let calls = 0;
  const fetcher = (_url: string, init?: RequestInit) => {
    calls++;
    const signal = init?.signal;
    if (!signal) return Promise.reject(new Error('the request has no signal: it could wait for ever'));
    if (how === 'silent') return new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"data": {"me'));
        signal.addEventListener('abort', () => controller.error(signal.reason));
      },
    });
    return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
  };
  return { fetcher, calls: () => calls };
}
