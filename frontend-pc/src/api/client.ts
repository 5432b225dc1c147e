// A small GraphQL-over-fetch client: typed by the codegen's TypedDocumentString, bearer token
// from the TokenStore, one retry after a silent refresh when the API says UNAUTHENTICATED, and
// GraphQL multipart uploads (with the CSRF header the API demands). TanStack Query does the
// caching; this file does the transport.
import type { TypedDocumentString } from '../gql/graphql';
import { describeApiError } from '../lib/apiErrors';
import { tokenStore, type TokenStore } from './auth';

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
  }

  /** The first error's extensions (`code`, `field`, `reason`, `retryAfterSeconds`, ...). */
  get extensions(): Record<string, unknown> {
    return this.errors[0]?.extensions ?? {};
  }

  /** What to show: the API's Chinese message when it gave one and the UI is Chinese, else the
   * error in words (src/lib/apiErrors.ts). */
  display(locale: 'zh' | 'en' = 'zh'): string {
    return describeApiError(this, locale);
  }
}

type Document<R, V> = TypedDocumentString<R, V> | string;

export function toApiError(errors: GraphQLErrorItem[]): ApiError {
  const first = errors[0] ?? { message: 'Unknown error' };
  const code = first.extensions?.code ?? 'UNKNOWN';
  return new ApiError(first.message, code, errors, first.extensions?.messageZh);
}

export class GraphQLClient {
  constructor(
    private readonly tokens: TokenStore = tokenStore,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
    private readonly endpoint = '/graphql',
  ) {}

  private async post(body: BodyInit, json: boolean): Promise<{ status: number; payload: { data?: unknown; errors?: GraphQLErrorItem[] } }> {
    const token = await this.tokens.accessToken();
    const headers: Record<string, string> = { 'x-cic-csrf': '1' };
    if (json) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await this.fetcher(this.endpoint, { method: 'POST', headers, body });
    const payload = await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status}`, extensions: { code: 'HTTP_ERROR' } }] }));
    return { status: response.status, payload };
  }

  private async run<R>(makeBody: () => BodyInit, json: boolean): Promise<R> {
    let result = await this.post(makeBody(), json);
    const unauthenticated = (r: typeof result) =>
      r.status === 401 || (r.payload.errors ?? []).some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    if (unauthenticated(result) && this.tokens.current) {
      await this.tokens.refresh();
      result = await this.post(makeBody(), json);
    }
    const { payload } = result;
    if (payload.errors?.length) throw toApiError(payload.errors);
    if (payload.data === undefined || payload.data === null) throw new ApiError('No data', 'NO_DATA');
    return payload.data as R;
  }

  request<R, V>(document: Document<R, V>, variables?: V): Promise<R> {
    return this.run<R>(() => JSON.stringify({ query: document.toString(), variables: variables ?? {} }), true);
  }

  /** GraphQL multipart request spec: operations, map, then the files. */
  upload<R, V extends Record<string, unknown>>(document: Document<R, V>, variables: V, files: Record<string, File>): Promise<R> {
    return this.run<R>(() => {
      const form = new FormData();
      const vars: Record<string, unknown> = { ...variables };
      const map: Record<string, string[]> = {};
      Object.keys(files).forEach((name, i) => {
        vars[name] = null;
        map[String(i)] = [`variables.${name}`];
      });
      form.append('operations', JSON.stringify({ query: document.toString(), variables: vars }));
      form.append('map', JSON.stringify(map));
      Object.values(files).forEach((file, i) => form.append(String(i), file, file.name));
      return form;
    }, false);
  }

  /** GET a file the API serves with the bearer token (error workbooks, exports). */
  async download(url: string, fallbackName: string): Promise<void> {
    const token = await this.tokens.accessToken();
    let response = await this.fetcher(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (response.status === 401 && this.tokens.current) {
      const fresh = await this.tokens.refresh();
      response = await this.fetcher(url, { headers: { authorization: `Bearer ${fresh.accessToken}` } });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new ApiError(text || `HTTP ${response.status}`, `HTTP_${response.status}`);
    }
    const blob = await response.blob();
    const disposition = response.headers.get('content-disposition') ?? '';
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const plain = /filename="?([^";]+)"?/i.exec(disposition);
    const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }
}

export const client = new GraphQLClient();
