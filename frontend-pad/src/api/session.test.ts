import { describe, expect, it } from 'vitest';
import { NetworkError, SessionExpiredError } from '../lib/sync';
import { SessionStore } from './session';

class MemoryStorage {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

function tokenServer(answers: (Response | Error)[]) {
  const requests: URLSearchParams[] = [];
  const fetcher = (async (_url: string, init: RequestInit) => {
    requests.push(new URLSearchParams(String(init.body)));
    const next = answers.shift()!;
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof fetch;
  return { fetcher, requests };
}

const ok = (n: number) =>
  new Response(JSON.stringify({ access_token: `at${n}`, refresh_token: `rt${n}`, expires_in: 900, refresh_expires_in: 604800 }), { status: 200 });
const refused = () => new Response(JSON.stringify({ error: 'invalid_grant', code: 'INVALID_REFRESH_TOKEN', message: '登录已失效，请重新登录' }), { status: 400 });

describe('PAD session', () => {
  it('logs in as cic-pad and keeps the session across restarts until the refresh token expires', async () => {
    let now = 1_000_000;
    const storage = new MemoryStorage();
    const server = tokenServer([ok(1)]);
    const store = new SessionStore(server.fetcher, storage, () => now);
    await store.login('fz1.cm1', 'secret');
    expect(server.requests[0].get('client_id')).toBe('cic-pad');
    expect(store.current?.refreshExpiresAt).toBe(now + 604800_000);
    // The app is closed and opened again, offline, three days later: still logged in.
    now += 3 * 86400_000;
    const reopened = new SessionStore(tokenServer([]).fetcher, storage, () => now);
    expect(reopened.current?.username).toBe('fz1.cm1');
    // Eight days later the offline session is over, but the tablet remembers whose data it holds.
    now += 5 * 86400_000;
    const later = new SessionStore(tokenServer([]).fetcher, storage, () => now);
    expect(later.current).toBeNull();
    expect(later.expiredUser).toBe('fz1.cm1');
  });

  it('logs in by fingerprint into the same kind of session, kept across restarts; a refusal keeps the earlier state', async () => {
    const now = 1_000_000;
    const storage = new MemoryStorage();
    const fingerprintRefused = new Response(JSON.stringify({ error: 'invalid_grant', code: 'INVALID_CREDENTIALS', message: '用户名或指纹不匹配' }), { status: 400 });
    const server = tokenServer([fingerprintRefused, ok(1)]);
    const store = new SessionStore(server.fetcher, storage, () => now);
    const error = await store.loginWithFingerprint('fz1.cm1', { sample: 'other', deviceId: null }).catch((e: unknown) => e);
    expect((error as Error & { display: (l: string) => string }).display('zh')).toBe('用户名或指纹不匹配');
    expect(store.current).toBeNull();
    await store.loginWithFingerprint('fz1.cm1', { sample: 'c2FtcGxl', deviceId: 'PAD-READER' });
    const form = server.requests[1];
    expect([form.get('grant_type'), form.get('username'), form.get('fingerprint'), form.get('device_id'), form.get('client_id')]).toEqual([
      'urn:cic:params:oauth:grant-type:fingerprint', 'fz1.cm1', 'c2FtcGxl', 'PAD-READER', 'cic-pad',
    ]);
    expect(new SessionStore(tokenServer([]).fetcher, storage, () => now + 86400_000).current?.username).toBe('fz1.cm1');
  });

  it('keeps the session when a refresh fails for want of network, ends it when refused', async () => {
    const now = 1_000_000;
    const server = tokenServer([ok(1), new TypeError('Failed to fetch'), refused()]);
    const store = new SessionStore(server.fetcher, new MemoryStorage(), () => now);
    await store.login('fz1.cm1', 'secret');
    await expect(store.refresh()).rejects.toBeInstanceOf(NetworkError);
    expect(store.current?.refreshToken).toBe('rt1');
    await expect(store.refresh()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(store.current).toBeNull();
    expect(store.expiredUser).toBe('fz1.cm1');
  });

  it('refreshes once for concurrent callers (a rotated token must not be used twice)', async () => {
    let now = 1_000_000;
    const server = tokenServer([ok(1), ok(2)]);
    const store = new SessionStore(server.fetcher, new MemoryStorage(), () => now);
    await store.login('fz1.cm1', 'secret');
    now += 895_000; // the access token is about to expire
    const tokens = await Promise.all([store.accessToken(), store.accessToken(), store.accessToken()]);
    expect(tokens).toEqual(['at2', 'at2', 'at2']);
    expect(server.requests.map((r) => r.get('grant_type'))).toEqual(['password', 'refresh_token']);
    expect(server.requests[1].get('refresh_token')).toBe('rt1');
  });

  it('forgets everything on logout and revokes the refresh token', async () => {
    const storage = new MemoryStorage();
    const server = tokenServer([ok(1), new Response('', { status: 200 })]);
    const store = new SessionStore(server.fetcher, storage, () => 1);
    await store.login('fz1.cm1', 'secret');
    await store.logout();
    expect(store.current).toBeNull();
    expect(store.expiredUser).toBeNull();
    expect(storage.data.size).toBe(0);
    expect(server.requests[1].get('token')).toBe('rt1');
  });
});
