// The PAD's GraphQL client: the shared transport (@cic/shared/graphql: bearer token from the
// session, one retry after a refresh when the API says UNAUTHENTICATED, multipart uploads with
// the CSRF header) over this tablet's session. Its failures are sorted for the sync queue: no
// network (NetworkError), session over (SessionExpiredError), anything else (ApiError).
import { ApiError, GraphQLClient, NetworkError } from '@cic/shared/graphql';
import { sessionStore } from './session';

export { ApiError, GraphQLClient, committed } from '@cic/shared/graphql';

export const client = new GraphQLClient(sessionStore);

/** A same-origin file (a signed image link) as a Blob. */
export async function fetchBlob(url: string, fetcher: typeof fetch = (...args) => fetch(...args)): Promise<Blob> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : 'network');
  }
  if (!response.ok) throw new ApiError(`HTTP ${response.status}`, `HTTP_${response.status}`);
  return response.blob();
}
