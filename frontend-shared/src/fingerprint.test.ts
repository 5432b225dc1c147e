import { describe, expect, it } from 'vitest';
import { FINGERPRINT_GRANT, ReaderError, captureFingerprint, fingerprintForm, loginMethods } from './fingerprint';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the login methods', () => {
  it('offers the fingerprint only when the server says so and names a reader', async () => {
    const on = await loginMethods(async () => json({ password: true, fingerprint: { enabled: true, readerUrl: 'http://127.0.0.1:9527' } }));
    expect(on.fingerprint).toEqual({ enabled: true, readerUrl: 'http://127.0.0.1:9527' });
    const noReader = await loginMethods(async () => json({ password: true, fingerprint: { enabled: true, readerUrl: null } }));
    expect(noReader.fingerprint.enabled).toBe(false);
  });

  it('falls back to the password when the server cannot tell', async () => {
    expect((await loginMethods(async () => { throw new TypeError('offline'); })).fingerprint.enabled).toBe(false);
    expect((await loginMethods(async () => json({}, 404))).fingerprint.enabled).toBe(false);
  });

  it('falls back to the password when the server does not answer in time', async () => {
    const hanging = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    expect((await loginMethods(hanging, 20)).fingerprint.enabled).toBe(false);
  });
});

describe('the capture device', () => {
  it('posts to the reader and answers its sample and device', async () => {
    const seen: { url: string; body: string }[] = [];
    const capture = await captureFingerprint(async (url, init) => {
      seen.push({ url, body: String(init?.body) });
      return json({ sample: 'c2FtcGxl', deviceId: 'READER-7', quality: 80 });
    }, 'http://127.0.0.1:9527/', 'fz1.cm1', 5000);
    expect(capture).toEqual({ sample: 'c2FtcGxl', deviceId: 'READER-7' });
    expect(seen).toEqual([{ url: 'http://127.0.0.1:9527/reader/v1/capture', body: JSON.stringify({ timeoutMs: 5000, username: 'fz1.cm1' }) }]);
  });

  it('tells a missing reader, no finger and an unplugged reader apart, in words', async () => {
    const failure = (fetcher: () => Promise<Response>) => captureFingerprint(fetcher, 'http://r', 'u').then(() => { throw new Error('captured'); }, (e: unknown) => e as ReaderError);
    const missing = await failure(async () => { throw new TypeError('Failed to fetch'); });
    const timeout = await failure(async () => json({ code: 'CAPTURE_TIMEOUT' }, 408));
    const unplugged = await failure(async () => json({ code: 'READER_NOT_READY' }, 503));
    const garbled = await failure(async () => json({ something: 'else' }));
    expect([missing, timeout, unplugged, garbled].map((e) => e.code)).toEqual(['READER_UNAVAILABLE', 'CAPTURE_TIMEOUT', 'READER_NOT_READY', 'READER_UNAVAILABLE']);
    expect(timeout.display('zh')).toBe('未检测到手指，请将手指平放在指纹仪上后重试');
    expect(missing.display('en')).toContain('No fingerprint reader');
  });

  it('builds the token form of the fingerprint grant', () => {
    expect(fingerprintForm('fz1.cm1', { sample: 's', deviceId: 'D' }, 'cic-pad')).toEqual({
      grant_type: FINGERPRINT_GRANT, username: 'fz1.cm1', fingerprint: 's', device_id: 'D', client_id: 'cic-pad',
    });
    expect(fingerprintForm('u', { sample: 's', deviceId: null }, 'cic-pc')).not.toHaveProperty('device_id');
  });
});
