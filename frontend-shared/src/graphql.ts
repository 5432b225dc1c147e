// GraphQL over fetch, for both front ends: the bearer token from the app's token store, one
// retry after a refresh when the API says UNAUTHENTICATED, GraphQL multipart uploads, and the
// CSRF header the API demands on every POST (`x-cic-csrf: 1`). A request without a whole answer
// within its time (`REQUEST_TIMEOUT_MS`, uploads `UPLOAD_TIMEOUT_MS`) is given up: a connection
// that stalls in the field must not hold the PAD's sync queue, which waits for each send, for
// ever. Failures arrive sorted:
//   NetworkError         the request never got an answer (offline, DNS, connection reset, no
//                        answer in time);
//   SessionExpiredError  still UNAUTHENTICATED after a refresh (or no session at all);
//   ApiError             a top-level GraphQL error (FORBIDDEN, RATE_LIMITED, SERVICE_UNAVAILABLE,
//                        BAD_USER_INPUT, INTERNAL, ...) with `extensions` and the API's
//                        `messageZh`, or an HTTP status without a GraphQL body (HTTP_502 ...).
// Expected refusals are not thrown: they are the payload's `errors` (userErrors.ts).
import { describeApiError } from './apiErrors';
import type { Locale } from './locale';

export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; messageZh?: string; field?: string; [key: string]: unknown };
}

export class ApiError extends Error {
  constructor(
    message: string,
    public readonly code: string,
    public readonly errors: GraphQLErrorItem[] = [],
    public readonly messageZh?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The first error's extensions (`code`, `field`, `reason`, `retryAfterSeconds`, ...). */
  get extensions(): Record<string, unknown> {
    return this.errors[0]?.extensions ?? {};
  }

  /** What to show: the API's Chinese message when it gave one and the UI is Chinese, else the
   * error in words (apiErrors.ts). */
  display(locale: Locale = 'zh'): string {
    return describeApiError(this, locale);
  }
}

/** The request got no answer: retry later (the PAD's queue), or say the network is down. */
export class NetworkError extends ApiError {
  readonly kind = 'network';
  constructor(message = 'network unavailable') {
    super(message, 'NETWORK_UNAVAILABLE');
    this.name = 'NetworkError';
  }
}

/** The session ended (refresh token expired or revoked, or never logged in): log in again. */
export class SessionExpiredError extends ApiError {
  readonly kind = 'session';
  constructor(message = 'session expired') {
    super(message, 'UNAUTHENTICATED');
    this.name = 'SessionExpiredError';
  }
}

/** The first error's code, message and Chinese message; every error kept. */
export function toApiError(errors: GraphQLErrorItem[]): ApiError {
  const first = errors[0] ?? { message: 'Unknown error' };
  return new ApiError(first.message, first.extensions?.code ?? 'UNKNOWN', errors, first.extensions?.messageZh);
}

/**
 * A document typed by graphql-codegen (its `TypedDocumentString` carries the result and variable
 * types in `__apiType`), or plain query text.
 */
export type Document<R, V> = { __apiType?: (variables: V) => R; toString(): string } | string;

/** What the client needs of an app's token store (the PC's per-tab tokens, the PAD's session). */
export interface TokenSource {
  /** Truthy while logged in: only then is a refresh worth trying. */
  readonly current: unknown;
  /** A valid access token (refreshed first when nearly expired), or null when logged out. */
  accessToken(): Promise<string | null>;
  /** Single-flight refresh; rejects when the session is over. */
  refresh(): Promise<unknown>;
}

interface Answer {
  status: number;
  body: { data?: unknown; errors?: GraphQLErrorItem[] };
}

/** How long a query or mutation may take, answer included, before it counts as no answer. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** The same for a multipart upload (a photo over a slow mobile link). */
export const UPLOAD_TIMEOUT_MS = 300_000;

const unauthenticated = (a: Answer) => a.status === 401 || (a.body.errors ?? []).some((e) => e.extensions?.code === 'UNAUTHENTICATED');

export class GraphQLClient {
  constructor(
    readonly tokens: TokenSource,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
    private readonly endpoint = '/graphql',
    private readonly timeouts = { request: REQUEST_TIMEOUT_MS, upload: UPLOAD_TIMEOUT_MS },
  ) {}

  private async post(body: BodyInit, json: boolean): Promise<Answer> {
    const token = await this.tokens.accessToken();
    const headers: Record<string, string> = { 'x-cic-csrf': '1' };
    if (json) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const signal = AbortSignal.timeout(json ? this.timeouts.request : this.timeouts.upload);
    let response: Response;
    try {
      response = await this.fetcher(this.endpoint, { method: 'POST', headers, body, signal });
    } catch (error) {
      throw new NetworkError(signal.aborted ? 'no answer in time' : error instanceof Error ? error.message : 'network');
    }
    const parsed = (await response.json().catch(() => null)) as Answer['body'] | null;
    // The time ran out while the answer was arriving: no answer either.
    if (!parsed && signal.aborted) throw new NetworkError('no answer in time');
    // A refusal before GraphQL (a proxy's 502, an HTML error page) has no GraphQL body.
    if (!parsed || (!parsed.errors?.length && parsed.data === undefined)) {
      return { status: response.status, body: { errors: [{ message: `HTTP ${response.status}`, extensions: { code: response.ok ? 'HTTP_ERROR' : `HTTP_${response.status}` } }] } };
    }
    return { status: response.status, body: parsed };
  }

  private async run<R>(makeBody: () => BodyInit, json: boolean): Promise<R> {
    let answer = await this.post(makeBody(), json);
    if (unauthenticated(answer)) {
      if (!this.tokens.current) throw new SessionExpiredError('not logged in');
      await this.tokens.refresh();
      answer = await this.post(makeBody(), json);
      if (unauthenticated(answer)) throw new SessionExpiredError('UNAUTHENTICATED');
    }
    const { body } = answer;
    if (body.errors?.length) throw toApiError(body.errors);
    if (body.data === undefined || body.data === null) throw new ApiError('No data', 'NO_DATA');
    return body.data as R;
  }

  request<R, V>(document: Document<R, V>, variables?: V): Promise<R> {
    return this.run<R>(() => JSON.stringify({ query: document.toString(), variables: variables ?? {} }), true);
  }

  /** GraphQL multipart request spec: operations, map, then the files (one per variable). */
  upload<R, V>(document: Document<R, V>, variables: V, files: Record<string, Blob>): Promise<R> {
    return this.run<R>(() => {
      const form = new FormData();
      const vars: Record<string, unknown> = { ...(variables as Record<string, unknown>) };
      const map: Record<string, string[]> = {};
      Object.keys(files).forEach((name, i) => {
        vars[name] = null;
        map[String(i)] = [`variables.${name}`];
      });
      form.append('operations', JSON.stringify({ query: document.toString(), variables: vars }));
      form.append('map', JSON.stringify(map));
      Object.values(files).forEach((file, i) => form.append(String(i), file, (file as File).name || 'upload'));
      return form;
    }, false);
  }
}

/**
 * A mutation field's payload. Mutation fields are nullable (each commits or fails on its own),
 * and a null one comes with a top-level error, which `request` throws; so a null without an
 * error is a broken answer, not something a screen has to handle.
 */
export function committed<T>(payload: T | null | undefined, field = 'mutation'): T {
  if (payload === null || payload === undefined) throw new ApiError(`${field}: no result`, 'NO_DATA');
  return payload;
}
