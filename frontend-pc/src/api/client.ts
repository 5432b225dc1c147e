// The workbench's GraphQL client: the shared transport (@cic/shared/graphql: bearer token, one
// retry after a silent refresh, multipart uploads with the CSRF header, errors sorted into
// ApiError / NetworkError / SessionExpiredError) over this tab's TokenStore, plus downloads of
// the files the API serves with the bearer token. TanStack Query does the caching.
import { ApiError, GraphQLClient } from '@cic/shared/graphql';
import { tokenStore } from './auth';

export { ApiError, GraphQLClient, NetworkError, SessionExpiredError, committed, toApiError, type GraphQLErrorItem } from '@cic/shared/graphql';

export const client = new GraphQLClient(tokenStore);

/** GET a file the API serves with the bearer token (error workbooks, exports). */
export async function download(url: string, fallbackName: string, tokens = tokenStore, fetcher: typeof fetch = (...args) => fetch(...args)): Promise<void> {
  const token = await tokens.accessToken();
  let response = await fetcher(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status === 401 && tokens.current) {
    const fresh = await tokens.refresh();
    response = await fetcher(url, { headers: { authorization: `Bearer ${fresh.accessToken}` } });
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
