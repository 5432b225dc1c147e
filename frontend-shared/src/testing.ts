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
