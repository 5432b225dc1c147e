// The login: POST /auth/token (password or fingerprint grant with client_id cic-pad,
// refresh_token grant),
// POST /auth/revoke. Unlike the PC, the PAD keeps its session across restarts (localStorage):
// a manager in a village with no network opens the app and works on cached data until the
// refresh token expires (`refresh_expires_in`, 7 days by default). The access token is
// refreshed a minute before it expires and whenever the API says UNAUTHENTICATED; refreshes
// are single-flight, because a rotated refresh token used twice ends the whole login.
import { SessionExpiredError } from '@cic/shared/graphql';
import { fingerprintForm, type Capture } from '@cic/shared/fingerprint';
import { AuthError, TokenKeeper, requestToken, revokeToken, type Tokens } from '@cic/shared/oauth';

export interface SessionUser {
  id: string;
  name: string;
  username: string;
  employeeNo: string;
  orgName: string;
}

export interface Session extends Tokens {
  username: string;
  user: SessionUser | null;
  /** epoch ms: the offline session ends here */
  refreshExpiresAt: number;
}

export { AuthError };

const KEY = 'cic.pad.session';
const CLIENT_ID = 'cic-pad';
const DEFAULT_REFRESH_TTL = 7 * 24 * 3600;

export class SessionStore extends TokenKeeper<Session> {
  /** The user whose data is on this tablet when the session ended by itself (not a logout). */
  expiredUser: string | null = null;

  constructor(
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = typeof localStorage === 'undefined' ? null : localStorage,
    now: () => number = () => Date.now(),
  ) {
    super(5_000, now);
    try {
      const saved = JSON.parse(this.storage?.getItem(KEY) ?? 'null') as (Session & { expired?: boolean }) | null;
      if (saved?.expired) this.expiredUser = saved.username;
      else if (saved && saved.refreshExpiresAt > this.now()) this.restore(saved);
      else if (saved) this.expiredUser = saved.username;
    } catch {
      this.storage?.removeItem(KEY);
    }
    this.schedule();
  }

  /** A session is kept across restarts; an ended one leaves what `expire` or `logout` wrote. */
  protected keep(session: Session | null): void {
    if (!session) return;
    this.storage?.setItem(KEY, JSON.stringify(session));
    this.expiredUser = null;
  }

  /** The session ended by itself (expired or revoked): keep the local data, ask for a login. */
  private expire(): void {
    const username = this.current?.username ?? null;
    if (username) this.storage?.setItem(KEY, JSON.stringify({ username, expired: true }));
    this.expiredUser = username;
    this.set(null);
  }

  private async grant(form: Record<string, string>): Promise<Session> {
    const answer = await requestToken(this.fetcher, { ...form, client_id: CLIENT_ID });
    const now = this.now();
    return {
      username: this.current?.username ?? form.username ?? '',
      user: this.current?.user ?? null,
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
      expiresAt: now + answer.expiresIn * 1000,
      refreshExpiresAt: now + (answer.refreshExpiresIn ?? DEFAULT_REFRESH_TTL) * 1000,
    };
  }

  async login(username: string, password: string): Promise<Session> {
    return this.start(username, { grant_type: 'password', username, password });
  }

  /** Log in with a fingerprint the reader captured: afterwards a session like a password login's. */
  async loginWithFingerprint(username: string, capture: Capture): Promise<Session> {
    return this.start(username, fingerprintForm(username, capture, CLIENT_ID));
  }

  private async start(username: string, form: Record<string, string>): Promise<Session> {
    const previous = this.current;
    this.restore(null);
    try {
      const session = await this.grant(form);
      session.username = username;
      session.user = null;
      this.set(session);
      return session;
    } catch (error) {
      this.restore(previous);
      throw error;
    }
  }

  setUser(user: SessionUser): void {
    if (this.current) this.set({ ...this.current, user });
  }

  /** No network: the session stays (offline). Refused: it ends. */
  protected async renew(): Promise<Session> {
    const session = this.current;
    if (!session) throw new SessionExpiredError('not logged in');
    try {
      const fresh = await this.grant({ grant_type: 'refresh_token', refresh_token: session.refreshToken });
      this.set(fresh);
      return fresh;
    } catch (error) {
      if (error instanceof AuthError) {
        this.expire();
        throw new SessionExpiredError(error.message);
      }
      if (this.current && this.current.refreshExpiresAt <= this.now()) this.expire();
      throw error;
    }
  }

  /** A fresh access token, refreshing when it is (nearly) expired. */
  async accessToken(): Promise<string> {
    const session = this.current;
    if (!session) throw new SessionExpiredError('not logged in');
    if (session.refreshExpiresAt <= this.now()) {
      this.expire();
      throw new SessionExpiredError('session expired');
    }
    if (session.expiresAt - this.now() < 10_000) return (await this.refresh()).accessToken;
    return session.accessToken;
  }

  /** Logout: revoke the refresh token (when the network is there) and forget the session. */
  async logout(): Promise<void> {
    const refreshToken = this.current?.refreshToken;
    this.restore(null);
    this.expiredUser = null;
    this.storage?.removeItem(KEY);
    this.set(null);
    if (refreshToken) await revokeToken(this.fetcher, refreshToken);
  }
}

export const sessionStore = new SessionStore();
