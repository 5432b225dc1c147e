import { ApiError } from '../api/client';

/** A top-level GraphQL error as the client raises it: code and data in `extensions`, `messageZh` when the API words it. */
export function apiError(code: string, message: string, extensions: Record<string, unknown> = {}): ApiError {
  return new ApiError(message, code, [{ message, extensions: { code, ...extensions } }], extensions.messageZh as string | undefined);
}
