// Tokens: POST /auth/token (password, fingerprint, refresh_token grants), POST /auth/revoke.
// The access token lives in memory and sessionStorage (this tab only); it is refreshed a minute
// before it expires and whenever the API answers UNAUTHENTICATED. Refresh tokens rotate on every
// use and a reused one revokes the whole login, so refreshes are single-flight: concurrent
// callers share one request.

import { fingerprintForm, type Capture } from '@cic/shared/fingerprint';
import { AuthError, TokenKeeper, requestToken, revokeToken, type Tokens } from '@cic/shared/oauth';

export { AuthError, type Tokens };

const STORAGE_KEY = 'cic.pc.tokens';
const CLIENT_ID = 'cic-pc';

export class TokenStore extends TokenKeeper<Tokens> {
  constructor(
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null =
      typeof sessionStorage === 'undefined' ? null : sessionStorage,
    now: () => number = () => Date.now(),
  ) {
    super(1_000, now);
    const saved = this.storage?.getItem(STORAGE_KEY);
    if (saved) {
      try {
        this.restore(JSON.parse(saved) as Tokens);
      } catch {
        this.storage?.removeItem(STORAGE_KEY);
      }
    }
  }

  protected keep(tokens: Tokens | null): void {
    if (tokens) this.storage?.setItem(STORAGE_KEY, JSON.stringify(tokens));
    else this.storage?.removeItem(STORAGE_KEY);
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

  /** Log in with a fingerprint the reader captured (the fingerprint grant). */
  async loginWithFingerprint(username: string, capture: Capture): Promise<Tokens> {
    const tokens = await this.grant(fingerprintForm(username, capture, CLIENT_ID));
    this.set(tokens);
    return tokens;
  }

  /** On failure the session ends (listeners get null). */
  protected async renew(): Promise<Tokens> {
    const refreshToken = this.current?.refreshToken;
    if (!refreshToken) throw new AuthError('not logged in', 'UNAUTHENTICATED');
    try {
      const tokens = await this.grant({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID });
      this.set(tokens);
      return tokens;
    } catch (error) {
      this.set(null);
      throw error;
    }
  }

  /** A valid access token, refreshing first when it is (nearly) expired. */
  async accessToken(): Promise<string | null> {
    const tokens = this.current;
    if (!tokens) return null;
    if (tokens.expiresAt - this.now() < 10_000) return (await this.refresh()).accessToken;
    return tokens.accessToken;
  }

  async logout(): Promise<void> {
    const refreshToken = this.current?.refreshToken;
    this.set(null);
    if (refreshToken) await revokeToken(this.fetcher, refreshToken);
  }
}

export const tokenStore = new TokenStore();
