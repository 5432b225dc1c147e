import { describe, expect, it, vi } from 'vitest';
import { ApiError, GraphQLClient, NetworkError, SessionExpiredError, committed, type TokenSource } from './graphql';
import { stalledServer } from './testing';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function tokens(over: Partial<TokenSource> = {}): TokenSource {
  return { current: { accessToken: 'a1' }, accessToken: vi.fn(async () => 'a1'), refresh: vi.fn(async () => undefined), ...over };
}

describe('GraphQLClient', () => {
  it('sends the query with the bearer token and the CSRF header', async () => {
    const fetcher = vi.fn(async () => json({ data: { me: { kind: 'staff' } } }));
    const client = new GraphQLClient(tokens(), fetcher as never);
    await expect(client.request<{ me: { kind: string } }, Record<string, never>>('query { me { kind } }')).resolves.toEqual({ me: { kind: 'staff' } });
    const [url, init] = fetcher.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.headers).toMatchObject({ authorization: 'Bearer a1', 'x-cic-csrf': '1', 'content-type': 'application/json' });
  });

  it('retries once after a refresh when the API says UNAUTHENTICATED, then gives up on the session', async () => {
    const refused = { errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] };
    const source = tokens();
    const fetcher = vi.fn().mockResolvedValueOnce(json(refused)).mockResolvedValueOnce(json({ data: { ok: true } }));
    await expect(new GraphQLClient(source, fetcher).request('query { ok }')).resolves.toEqual({ ok: true });
    expect(source.refresh).toHaveBeenCalledTimes(1);

    const always = vi.fn(async () => json(refused));
    await expect(new GraphQLClient(tokens(), always as never).request('query { ok }')).rejects.toBeInstanceOf(SessionExpiredError);
    await expect(new GraphQLClient(tokens({ current: null }), always as never).request('query { ok }')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('turns GraphQL errors into an ApiError with code, extensions and the Chinese message, whatever the HTTP status', async () => {
    const limited = { errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 30, messageZh: '查询过于频繁' } }] };
    const client = new GraphQLClient(tokens(), (async () => json(limited, 429)) as never);
    const error = await client.request('query { x }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', messageZh: '查询过于频繁', extensions: { retryAfterSeconds: 30 } });
  });

  it('says HTTP_<status> for an answer without a GraphQL body, and NETWORK_UNAVAILABLE without an answer', async () => {
    const gateway = new GraphQLClient(tokens(), (async () => new Response('<html>bad gateway</html>', { status: 502 })) as never);
    await expect(gateway.request('query { x }')).rejects.toMatchObject({ code: 'HTTP_502' });
    const offline = new GraphQLClient(tokens(), (async () => {
      throw new TypeError('Failed to fetch');
    }) as never);
    const error = await offline.request('query { x }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_UNAVAILABLE' });
  });

  it('gives a request up as NETWORK_UNAVAILABLE when no whole answer comes in time, an upload after its own time', async () => {
    for (const how of ['silent', 'midway'] as const) {
      const server = stalledServer(how);
      const client = new GraphQLClient(tokens(), server.fetcher as never, '/graphql', { request: 20, upload: 60_000 });
      const error = await client.request('query { me { kind } }').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'NETWORK_UNAVAILABLE', message: 'no answer in time' });
      expect(server.calls()).toBe(1);
    }
    // An upload waits for the upload's time, not the request's.
    const server = stalledServer('silent');
    const client = new GraphQLClient(tokens(), server.fetcher as never, '/graphql', { request: 60_000, upload: 20 });
    const file = new File(['abc'], 'photo.jpg', { type: 'image/jpeg' });
    await expect(client.upload('mutation($file: Upload!) { verifyImage(file: $file) { verdict } }', { file: null }, { file })).rejects.toMatchObject({ message: 'no answer in time' });
  });

  it('sends uploads as a GraphQL multipart request', async () => {
    const fetcher = vi.fn(async () => json({ data: { verifyImage: { verdict: 'AUTHENTIC' } } }));
    const client = new GraphQLClient(tokens(), fetcher as never);
    const file = new File(['abc'], 'photo.jpg', { type: 'image/jpeg' });
    await client.upload('mutation($file: Upload!) { verifyImage(file: $file) { verdict } }', { file: null }, { file });
    const init = (fetcher.mock.calls[0] as unknown as [string, RequestInit])[1];
    const form = init.body as FormData;
    expect(JSON.parse(String(form.get('operations')))).toMatchObject({ variables: { file: null } });
    expect(JSON.parse(String(form.get('map')))).toEqual({ 0: ['variables.file'] });
    expect((form.get('0') as File).name).toBe('photo.jpg');
    expect(init.headers).toMatchObject({ 'x-cic-csrf': '1' });
    expect(init.headers).not.toHaveProperty('content-type');
  });
});

describe('committed', () => {
  it('passes a payload through and refuses a null one', () => {
    expect(committed({ errors: [] }, 'x')).toEqual({ errors: [] });
    expect(() => committed(null, 'deleteImage')).toThrow(/deleteImage/);
  });
});
