// GraphQL over fetch, typed by the codegen's TypedDocumentString: bearer token from the
// session, one retry after a refresh when the API says UNAUTHENTICATED, GraphQL multipart
// uploads with the CSRF header the API demands (`x-cic-csrf: 1`). Failures are sorted for the
// sync queue: no network (NetworkError), session over (SessionExpiredError), anything else.
import type { TypedDocumentString } from '../gql/graphql';
import { NetworkError, SessionExpiredError } from '../lib/sync';
import { sessionStore, type SessionStore } from './session';

export class ApiError extends Error {
  constructor(message: string, public readonly code: string) {
    super(message);
  }
}

interface GraphQLResponse {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export class GraphQLClient {
  constructor(
    private readonly session: SessionStore = sessionStore,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  private async post(body: () => BodyInit, json: boolean): Promise<GraphQLResponse> {
    const send = async (): Promise<GraphQLResponse> => {
      const token = await this.session.accessToken();
      const headers: Record<string, string> = { 'x-cic-csrf': '1', authorization: `Bearer ${token}` };
      if (json) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await this.fetcher('/graphql', { method: 'POST', headers, body: body() });
      } catch (error) {
        throw new NetworkError(error instanceof Error ? error.message : 'network');
      }
      if (response.status >= 500 || response.status === 429) throw new ApiError(`HTTP ${response.status}`, `HTTP_${response.status}`);
      return (await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status}`, extensions: { code: 'HTTP_ERROR' } }] }))) as GraphQLResponse;
    };
    let result = await send();
    if (result.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
      await this.session.refresh();
      result = await send();
      if (result.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) throw new SessionExpiredError('UNAUTHENTICATED');
    }
    if (result.errors?.length) {
      const first = result.errors[0];
      throw new ApiError(first.message, first.extensions?.code ?? 'UNKNOWN');
    }
    return result;
  }

  async request<R, V>(document: TypedDocumentString<R, V> | string, variables?: V): Promise<R> {
    const result = await this.post(() => JSON.stringify({ query: document.toString(), variables: variables ?? {} }), true);
    return result.data as R;
  }

  /** GraphQL multipart request spec: operations, map, then the file. */
  async upload<R, V extends Record<string, unknown>>(document: TypedDocumentString<R, V>, variables: V, fileVariable: string, file: Blob, fileName: string): Promise<R> {
    const result = await this.post(() => {
      const form = new FormData();
      form.append('operations', JSON.stringify({ query: document.toString(), variables: { ...variables, [fileVariable]: null } }));
      form.append('map', JSON.stringify({ 0: [`variables.${fileVariable}`] }));
      form.append('0', file, fileName);
      return form;
    }, false);
    return result.data as R;
  }

  /** A same-origin file (a signed image link) as a Blob. */
  async blob(url: string): Promise<Blob> {
    let response: Response;
    try {
      response = await this.fetcher(url);
    } catch (error) {
      throw new NetworkError(error instanceof Error ? error.message : 'network');
    }
    if (!response.ok) throw new ApiError(`HTTP ${response.status}`, `HTTP_${response.status}`);
    return response.blob();
  }
}

export const client = new GraphQLClient();
