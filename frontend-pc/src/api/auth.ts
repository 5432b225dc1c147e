// Tokens: POST /auth/token (password, refresh_token grants), POST /auth/revoke.
// The access token lives in memory and sessionStorage (this tab only); it is refreshed a minute
// before it expires and whenever the API answers UNAUTHENTICATED. Refresh tokens rotate on every
// use and a reused one revokes the whole login, so refreshes are single-flight: concurrent
// callers share one request.

import { AuthError, refreshDelay, requestToken, revokeToken } from '@cic/shared/oauth';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** epoch milliseconds */
  expiresAt: number;
}

export { AuthError };

const STORAGE_KEY = 'cic.pc.tokens';
const CLIENT_ID = 'cic-pc';
type Listener = (tokens: Tokens | null) => void;

export class TokenStore {
  private tokens: Tokens | null = null;
  private refreshing: Promise<Tokens> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<Listener>();

  constructor(
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null =
      typeof sessionStorage === 'undefined' ? null : sessionStorage,
    private readonly now: () => number = () => Date.now(),
  ) {
    const saved = this.storage?.getItem(STORAGE_KEY);
    if (saved) {
      try {
        this.tokens = JSON.parse(saved) as Tokens;
      } catch {
        this.storage?.removeItem(STORAGE_KEY);
      }
    }
  }

  get current(): Tokens | null {
    return this.tokens;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(tokens: Tokens | null): void {
    this.tokens = tokens;
    if (tokens) this.storage?.setItem(STORAGE_KEY, JSON.stringify(tokens));
    else this.storage?.removeItem(STORAGE_KEY);
    this.schedule();
    this.listeners.forEach((l) => l(tokens));
  }

  /** Refresh a minute before expiry (or at half the lifetime for short-lived tokens). */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.tokens || typeof window === 'undefined') return;
    const delay = refreshDelay(this.tokens.expiresAt - this.now(), 1_000);
    this.timer = setTimeout(() => {
      this.refresh().catch(() => undefined);
    }, delay);
  }

  private async grant(form: Record<string, string>): Promise<Tokens> {
    const answer = await requestToken(this.fetcher, form);
    return { accessToken: answer.accessToken, refreshToken: answer.refreshToken, expiresAt: this.now() + answer.expiresIn * 1000 };
  }

  async login(username: string, password: string): Promise<Tokens> {
    const tokens = await this.grant({ grant_type: 'password', username, password, client_id: CLIENT_ID });
    this.set(tokens);
    return tokens;
  }

  /** Single-flight refresh; on failure the session ends (listeners get null). */
  refresh(): Promise<Tokens> {
    if (this.refreshing) return this.refreshing;
    const refreshToken = this.tokens?.refreshToken;
    if (!refreshToken) return Promise.reject(new AuthError('not logged in', 'UNAUTHENTICATED'));
    this.refreshing = this.grant({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID })
      .then((tokens) => {
        this.set(tokens);
        return tokens;
      })
      .catch((error: unknown) => {
        this.set(null);
        throw error;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /** A valid access token, refreshing first when it is (nearly) expired. */
  async accessToken(): Promise<string | null> {
    if (!this.tokens) return null;
    if (this.tokens.expiresAt - this.now() < 10_000) return (await this.refresh()).accessToken;
    return this.tokens.accessToken;
  }

  async logout(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    this.set(null);
    if (refreshToken) await revokeToken(this.fetcher, refreshToken);
  }
}

export const tokenStore = new TokenStore();
