import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError, TokenStore } from './auth';
import { ApiError, GraphQLClient } from './client';

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k), data };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.useRealTimers());

describe('TokenStore', () => {
  it('logs in with the password grant of the PC client', async () => {
    const fetcher = vi.fn(async () => json({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 }));
    const store = new TokenStore(fetcher as never, memoryStorage(), () => 1_000);
    const tokens = await store.login('fz1.manager', 'pw');
    expect(tokens).toEqual({ accessToken: 'a1', refreshToken: 'r1', expiresAt: 901_000 });
    const [url, init] = fetcher.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/auth/token');
    expect(Object.fromEntries(new URLSearchParams(String(init.body)))).toEqual({ grant_type: 'password', username: 'fz1.manager', password: 'pw', client_id: 'cic-pc' });
  });

  it('reports the API error code and Chinese message', async () => {
    const fetcher = vi.fn(async () => json({ error: 'invalid_grant', error_description: 'bad credentials', code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' }, 400));
    const store = new TokenStore(fetcher as never, memoryStorage());
    const error = await store.login('x', 'y').catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS', messageZh: '用户名或密码错误', message: 'bad credentials' });
  });

  it('refreshes once for concurrent callers (a reused refresh token would end the login)', async () => {
    let now = 0;
    const fetcher = vi.fn(async (_url: string, init: RequestInit) => {
      const form = new URLSearchParams(String(init.body));
      if (form.get('grant_type') === 'password') return json({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 });
      expect(form.get('refresh_token')).toBe('r1');
      return json({ access_token: 'a2', refresh_token: 'r2', expires_in: 900 });
    });
    const storage = memoryStorage();
    const store = new TokenStore(fetcher as never, storage, () => now);
    await store.login('u', 'p');
    now = 895_000; // 5 s before expiry
    const tokens = await Promise.all([store.accessToken(), store.accessToken(), store.accessToken()]);
    expect(tokens).toEqual(['a2', 'a2', 'a2']);
    expect(fetcher).toHaveBeenCalledTimes(2);
    expect(JSON.parse(storage.data.get('cic.pc.tokens')!).refreshToken).toBe('r2');
  });

  it('ends the session when the refresh is refused, and revokes on logout', async () => {
    const fetcher = vi.fn(async (url: string, init: RequestInit) => {
      if (url === '/auth/revoke') return new Response(null, { status: 200 });
      const form = new URLSearchParams(String(init.body));
      if (form.get('grant_type') === 'password') return json({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 });
      return json({ error: 'invalid_grant', code: 'REFRESH_REUSED' }, 400);
    });
    const store = new TokenStore(fetcher as never, memoryStorage());
    const seen: unknown[] = [];
    store.subscribe((t) => seen.push(t));
    await store.login('u', 'p');
    await expect(store.refresh()).rejects.toBeInstanceOf(AuthError);
    expect(store.current).toBeNull();
    expect(seen.at(-1)).toBeNull();
    await store.login('u', 'p');
    await store.logout();
    expect(fetcher.mock.calls.at(-1)![0]).toBe('/auth/revoke');
    expect(String((fetcher.mock.calls.at(-1)![1] as RequestInit).body)).toBe('token=r1');
  });
});

describe('GraphQLClient', () => {
  it('retries once after a silent refresh when the API says UNAUTHENTICATED', async () => {
    const tokens = new TokenStore(
      vi.fn(async (_u: string, init: RequestInit) =>
        new URLSearchParams(String(init.body)).get('grant_type') === 'password'
          ? json({ access_token: 'old', refresh_token: 'r1', expires_in: 900 })
          : json({ access_token: 'new', refresh_token: 'r2', expires_in: 900 }),
      ) as never,
      memoryStorage(),
    );
    await tokens.login('u', 'p');
    const seen: string[] = [];
    const fetcher = vi.fn(async (_url: string, init: RequestInit) => {
      const auth = (init.headers as Record<string, string>).authorization;
      seen.push(auth);
      return auth === 'Bearer old' ? json({ errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] }) : json({ data: { me: { kind: 'staff' } } });
    });
    const client = new GraphQLClient(tokens, fetcher as never);
    await expect(client.request('{ me { kind } }')).resolves.toEqual({ me: { kind: 'staff' } });
    expect(seen).toEqual(['Bearer old', 'Bearer new']);
  });

  it('turns GraphQL errors into ApiError with the code and Chinese message', async () => {
    const fetcher = vi.fn(async () => json({ errors: [{ message: 'upload refused', extensions: { code: 'CSRF_HEADER_REQUIRED', messageZh: '文件上传请求须带 x-cic-csrf 请求头' } }] }, 400));
    const client = new GraphQLClient(new TokenStore(vi.fn() as never, memoryStorage()), fetcher as never);
    const error = (await client.request('{ me { kind } }').catch((e) => e)) as ApiError;
    expect(error.code).toBe('CSRF_HEADER_REQUIRED');
    expect(error.display('zh')).toBe('文件上传请求须带 x-cic-csrf 请求头');
    expect(error.display('en')).toBe('upload refused');
  });

  it('sends uploads as a GraphQL multipart request with the CSRF header', async () => {
    let body: FormData | null = null;
    let headers: Record<string, string> = {};
    const fetcher = vi.fn(async (_url: string, init: RequestInit) => {
      body = init.body as FormData;
      headers = init.headers as Record<string, string>;
      return json({ data: { importArchives: { batchId: 'b1' } } });
    });
    const client = new GraphQLClient(new TokenStore(vi.fn() as never, memoryStorage()), fetcher as never);
    const file = new File(['xlsx'], '存量档案.xlsx');
    await client.upload('mutation($file: Upload!, $branchId: ID!) { importArchives(file: $file, branchId: $branchId) { batchId } }', { branchId: '5' }, { file });
    expect(headers['x-cic-csrf']).toBe('1');
    expect(headers['content-type']).toBeUndefined();
    expect(JSON.parse(String(body!.get('operations'))).variables).toEqual({ branchId: '5', file: null });
    expect(JSON.parse(String(body!.get('map')))).toEqual({ 0: ['variables.file'] });
    expect((body!.get('0') as File).name).toBe('存量档案.xlsx');
  });
});
