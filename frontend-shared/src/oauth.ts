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

/** How long a token request (login, refresh) may take before it counts as no answer: every
 * GraphQL request waits for a refresh, so a stalled one must not hold them for ever. */
export const TOKEN_TIMEOUT_MS = 30_000;

export async function requestToken(fetcher: Fetcher, form: Record<string, string>, timeoutMs = TOKEN_TIMEOUT_MS): Promise<TokenResponse> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetcher('/auth/token', { method: 'POST', headers: FORM, body: new URLSearchParams(form).toString(), signal });
  } catch (error) {
    throw new NetworkError(signal.aborted ? 'no answer in time' : error instanceof Error ? error.message : 'network');
  }
  const body = (await response.json().catch(() => (signal.aborted ? null : {}))) as Record<string, unknown> | null;
  if (body === null) throw new NetworkError('no answer in time');
  // A server error is "try again later", unless the server says what is down (503 with a code:
  // the fingerprint platform unreachable, FINGERPRINT_UNAVAILABLE, with its own message).
  if (response.status >= 500 && !(response.status === 503 && typeof body.code === 'string')) throw new NetworkError(`HTTP ${response.status}`);
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

/** What a token store keeps: the tokens and when the access token expires (epoch milliseconds). */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

/**
 * What both apps' token stores share: the current tokens, listeners told of every change, a
 * timer that refreshes them before they expire (`refreshDelay`, no sooner than `floorMs`), and
 * single-flight refreshes: refresh tokens rotate on every use and a reused one ends the whole
 * login, so concurrent callers share one request. Each app says how a refresh goes (`renew`)
 * and where its tokens are kept (`keep`).
 */
export abstract class TokenKeeper<T extends Tokens> {
  private value: T | null = null;
  private refreshing: Promise<T> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<(value: T | null) => void>();

  protected constructor(
    private readonly floorMs: number,
    protected readonly now: () => number,
  ) {}

  get current(): T | null {
    return this.value;
  }

  subscribe(listener: (value: T | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Take `value` without telling anyone (restored from storage, or set aside during a login). */
  protected restore(value: T | null): void {
    this.value = value;
  }

  /** Take `value`, keep it (`keep`), re-arm the refresh timer and tell the listeners. */
  protected set(value: T | null): void {
    this.value = value;
    this.keep(value);
    this.schedule();
    this.listeners.forEach((l) => l(value));
  }

  /** Refresh half-way through the access token's life, at the latest a minute before it expires. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.value || typeof window === 'undefined') return;
    const delay = refreshDelay(this.value.expiresAt - this.now(), this.floorMs);
    this.timer = setTimeout(() => {
      this.refresh().catch(() => undefined);
    }, delay);
  }

  /** Single-flight refresh: concurrent callers share one request. */
  refresh(): Promise<T> {
    if (this.refreshing) return this.refreshing;
    this.refreshing = this.renew().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** One refresh (the refresh_token grant), its outcome set or the session ended as the app decides. */
  protected abstract renew(): Promise<T>;

  /** Keep `value` where the app keeps its tokens (null: forget them). */
  protected abstract keep(value: T | null): void;
}
