// Fingerprint login (docs/channels.md, "Fingerprint platform"): what both apps' login screens
// share. `GET /auth/methods` says whether this installation offers it and where the capture
// device's local service listens; the reader gives a sample; the token endpoint's fingerprint
// grant checks it with the fingerprint platform. The sample is never stored.
import type { Fetcher } from './oauth';
import type { Locale } from './locale';

export const FINGERPRINT_GRANT = 'urn:cic:params:oauth:grant-type:fingerprint';

export interface LoginMethods {
  password: boolean;
  fingerprint: { enabled: boolean; readerUrl: string | null };
}

const PASSWORD_ONLY: LoginMethods = { password: true, fingerprint: { enabled: false, readerUrl: null } };

/** The login methods the server offers; the password alone when it cannot tell (offline, an older
 * API, or no answer within `timeoutMs`: the login screen waits for this before it shows a form). */
export async function loginMethods(fetcher: Fetcher, timeoutMs = 5000): Promise<LoginMethods> {
  try {
    const response = await fetcher('/auth/methods', { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return PASSWORD_ONLY;
    const body = (await response.json()) as Partial<LoginMethods>;
    const readerUrl = body.fingerprint?.readerUrl ?? null;
    return { password: true, fingerprint: { enabled: Boolean(body.fingerprint?.enabled && readerUrl), readerUrl } };
  } catch {
    return PASSWORD_ONLY;
  }
}

export type ReaderErrorCode = 'READER_UNAVAILABLE' | 'CAPTURE_TIMEOUT' | 'READER_NOT_READY';

const READER_MESSAGES: Record<ReaderErrorCode, [string, string]> = {
  READER_UNAVAILABLE: [
    '未检测到指纹仪，请确认指纹仪已连接且驱动服务已启动，或使用密码登录',
    'No fingerprint reader found: check that it is connected and its driver service is running, or log in with your password',
  ],
  CAPTURE_TIMEOUT: ['未检测到手指，请将手指平放在指纹仪上后重试', 'No finger was read: place your finger flat on the reader and try again'],
  READER_NOT_READY: ['指纹仪未就绪，请检查连接后重试', 'The fingerprint reader is not ready: check its connection and try again'],
};

/** The reader could not give a sample: why, in words for the UI. */
export class ReaderError extends Error {
  constructor(public readonly code: ReaderErrorCode) {
    super(READER_MESSAGES[code][1]);
    this.name = 'ReaderError';
  }

  display(locale: Locale = 'zh'): string {
    return READER_MESSAGES[this.code][locale === 'zh' ? 0 : 1];
  }
}

export interface Capture {
  sample: string;
  deviceId: string | null;
}

/** Ask the reader's local service for one fingerprint (`POST /reader/v1/capture`). `username` is
 * a hint only the simulator uses (it "reads" that demo account's finger); a real driver ignores it. */
export async function captureFingerprint(fetcher: Fetcher, readerUrl: string, username: string, timeoutMs = 15_000): Promise<Capture> {
  let response: Response;
  try {
    response = await fetcher(`${readerUrl.replace(/\/+$/, '')}/reader/v1/capture`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeoutMs, username }),
    });
  } catch {
    throw new ReaderError('READER_UNAVAILABLE');
  }
  const body = (await response.json().catch(() => ({}))) as { sample?: unknown; deviceId?: unknown; code?: unknown };
  if (response.status === 408 || body.code === 'CAPTURE_TIMEOUT') throw new ReaderError('CAPTURE_TIMEOUT');
  if (response.status === 503 || body.code === 'READER_NOT_READY') throw new ReaderError('READER_NOT_READY');
  if (!response.ok || typeof body.sample !== 'string' || !body.sample) throw new ReaderError('READER_UNAVAILABLE');
  return { sample: body.sample, deviceId: typeof body.deviceId === 'string' ? body.deviceId : null };
}

/** The token request's form for a captured fingerprint. */
export function fingerprintForm(username: string, capture: Capture, clientId: string): Record<string, string> {
  return {
    grant_type: FINGERPRINT_GRANT,
    username,
    fingerprint: capture.sample,
    ...(capture.deviceId ? { device_id: capture.deviceId } : {}),
    client_id: clientId,
  };
}
