// The token endpoint both apps log in with: POST /auth/token (password and refresh_token
// grants, form-encoded, OAuth2 JSON answers) and POST /auth/revoke. The apps keep their own
// token stores (the PC: this tab only; the PAD: across restarts, usable offline); what is the
// same, the requests, the answers and their errors, lives here.
import { NetworkError } from './graphql';
import type { Locale } from './locale';

export interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  /** seconds */
  expiresIn: number;
  /** seconds; null when the server did not say */
  refreshExpiresIn: number | null;
}

/** The token endpoint refused: wrong password, locked account, a refresh token revoked or
 * expired. (No answer at all, or a server error, is a NetworkError: try again later.) */
export class AuthError extends Error {
  constructor(
    message: string,
    public readonly code: string,
    public readonly messageZh?: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }

  /** The server's Chinese message for a Chinese UI, else its English one. */
  display(locale: Locale = 'zh'): string {
    return locale === 'zh' && this.messageZh ? this.messageZh : this.message;
  }
}

export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export async function requestToken(fetcher: Fetcher, form: Record<string, string>): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetcher('/auth/token', { method: 'POST', headers: FORM, body: new URLSearchParams(form).toString() });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : 'network');
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status >= 500) throw new NetworkError(`HTTP ${response.status}`);
  if (!response.ok) {
    throw new AuthError(
      String(body.error_description ?? body.error ?? response.statusText),
      String(body.code ?? body.error ?? 'AUTH_FAILED'),
      typeof body.message === 'string' ? body.message : undefined,
    );
  }
  return {
    accessToken: String(body.access_token),
    refreshToken: String(body.refresh_token ?? ''),
    expiresIn: Number(body.expires_in ?? 900),
    refreshExpiresIn: body.refresh_expires_in == null ? null : Number(body.refresh_expires_in),
  };
}

/** Revoke a refresh token (the whole login); without a network it simply lapses. */
export async function revokeToken(fetcher: Fetcher, token: string): Promise<void> {
  await fetcher('/auth/revoke', { method: 'POST', headers: FORM, body: new URLSearchParams({ token }).toString() }).catch(
    () => undefined,
  );
}

/** When to refresh an access token with `leftMs` to live: half-way, and at the latest a minute
 * before it expires, never sooner than `floorMs`. */
export function refreshDelay(leftMs: number, floorMs: number): number {
  return Math.max(floorMs, Math.min(leftMs - 60_000, leftMs / 2));
}
