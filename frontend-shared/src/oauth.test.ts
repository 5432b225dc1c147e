import { describe, expect, it } from 'vitest';
import { NetworkError } from './graphql';
import { AuthError, refreshDelay, requestToken, revokeToken } from './oauth';
import { stalledServer } from './testing';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the token endpoint', () => {
  it('posts the grant form-encoded and answers the tokens', async () => {
    const seen: { url: string; body: string }[] = [];
    const fetcher = async (url: string, init?: RequestInit) => {
      seen.push({ url, body: String(init?.body) });
      return json({ access_token: 'a', refresh_token: 'r', expires_in: 300, refresh_expires_in: 86400 });
    };
    const tokens = await requestToken(fetcher, { grant_type: 'password', username: 'fz1.cm1', password: 'p w' });
    expect(tokens).toEqual({ accessToken: 'a', refreshToken: 'r', expiresIn: 300, refreshExpiresIn: 86400 });
    expect(seen).toEqual([{ url: '/auth/token', body: 'grant_type=password&username=fz1.cm1&password=p+w' }]);
  });

  it('says a refusal with its code and Chinese message', async () => {
    const fetcher = async () => json({ error: 'invalid_grant', error_description: 'invalid username or password', code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' }, 400);
    const error = await requestToken(fetcher, { grant_type: 'password' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('INVALID_CREDENTIALS');
    expect((error as AuthError).display('zh')).toBe('用户名或密码错误');
    expect((error as AuthError).display('en')).toBe('invalid username or password');
  });

  it('treats no answer and server errors as the network, not as a refusal', async () => {
    await expect(requestToken(async () => { throw new TypeError('Failed to fetch'); }, {})).rejects.toBeInstanceOf(NetworkError);
    await expect(requestToken(async () => json({}, 503), {})).rejects.toBeInstanceOf(NetworkError);
  });

  it('gives a token request up when no whole answer comes in time (a refresh holds every request)', async () => {
    for (const how of ['silent', 'midway'] as const) {
      const server = stalledServer(how);
      const error = await requestToken(server.fetcher, { grant_type: 'refresh_token' }, 20).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'NETWORK_UNAVAILABLE', message: 'no answer in time' });
    }
  });

  it('says which connected system is down when the server names it (503 with a code)', async () => {
    const down = json({ error: 'temporarily_unavailable', error_description: 'the fingerprint platform is unavailable', code: 'FINGERPRINT_UNAVAILABLE', message: '指纹平台暂时无法访问，请使用密码登录' }, 503);
    const error = await requestToken(async () => down, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).display('zh')).toBe('指纹平台暂时无法访问，请使用密码登录');
  });

  it('revokes without failing when offline', async () => {
    await expect(revokeToken(async () => { throw new TypeError('offline'); }, 'r')).resolves.toBeUndefined();
  });

  it('refreshes half-way, at the latest a minute early, never too soon', () => {
    expect(refreshDelay(15 * 60_000, 1_000)).toBe(7.5 * 60_000);
    expect(refreshDelay(100_000, 1_000)).toBe(40_000);
    expect(refreshDelay(0, 5_000)).toBe(5_000);
  });
});
