import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { AuthError } from '../api/auth';
import { renderWithProviders } from '../test/render';
import { LoginPage } from './LoginPage';

const login = vi.fn();
const loginWithFingerprint = vi.fn();
vi.mock('../session', () => ({ useSession: () => ({ login, loginWithFingerprint }) }));

afterEach(() => {
  login.mockReset();
  loginWithFingerprint.mockReset();
  vi.unstubAllGlobals();
});

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A server offering fingerprint login, and a reader answering `reader`. */
function withReader(reader: () => Response) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    if (url === '/auth/methods') return json({ password: true, fingerprint: { enabled: true, readerUrl: 'http://127.0.0.1:9527' } });
    if (url === 'http://127.0.0.1:9527/reader/v1/capture') return reader();
    throw new TypeError('unexpected ' + url);
  });
  return calls;
}

async function fingerprintTab() {
  renderWithProviders(<LoginPage />, { route: '/login' });
  fireEvent.click(await screen.findByRole('tab', { name: '指纹登录' }));
  fireEvent.change(await screen.findByTestId('fingerprint-form').then((f) => f.querySelector('#fingerprint-username')!), { target: { value: ' fz1.cm1 ' } });
  fireEvent.click(screen.getByTestId('fingerprint-submit'));
}

describe('LoginPage', () => {
  it('asks for both fields before calling the API', async () => {
    renderWithProviders(<LoginPage />, { route: '/login' });
    fireEvent.click(await screen.findByTestId('login-submit'));
    expect(await screen.findByText('请输入用户名')).toBeInTheDocument();
    expect(login).not.toHaveBeenCalled();
  });

  it("shows the API's Chinese message when the login is refused", async () => {
    login.mockRejectedValue(new AuthError('invalid username or password', 'INVALID_CREDENTIALS', '用户名或密码错误'));
    renderWithProviders(<LoginPage />, { route: '/login' });
    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: ' fz1.manager ' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    expect(await screen.findByTestId('login-error')).toHaveTextContent('用户名或密码错误');
    expect(login).toHaveBeenCalledWith('fz1.manager', 'wrong');
  });

  it('shows the English message in English', async () => {
    login.mockRejectedValue(new AuthError('invalid username or password', 'INVALID_CREDENTIALS', '用户名或密码错误'));
    renderWithProviders(<LoginPage />, { route: '/login', locale: 'en' });
    fireEvent.change(await screen.findByLabelText('Username'), { target: { value: 'x' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'y' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(screen.getByTestId('login-error')).toHaveTextContent('invalid username or password'));
  });

  it('offers no fingerprint tab when the server does not (or cannot say)', async () => {
    renderWithProviders(<LoginPage />, { route: '/login' });
    await screen.findByTestId('login-submit');
    expect(screen.queryByRole('tab', { name: '指纹登录' })).toBeNull();
  });

  it('shows no form until the server names its login methods, so none moves under a typing user', async () => {
    let answer!: () => void;
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => {
      answer = () => resolve(json({ password: true, fingerprint: { enabled: true, readerUrl: 'http://127.0.0.1:9527' } }));
    }));
    renderWithProviders(<LoginPage />, { route: '/login' });
    expect(await screen.findByTestId('login-loading')).toBeInTheDocument();
    expect(screen.queryByLabelText('用户名')).toBeNull();
    answer();
    await screen.findByRole('tab', { name: '指纹登录' });
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'fz1.manager' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'Cic@2026demo' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(login).toHaveBeenCalledWith('fz1.manager', 'Cic@2026demo'));
  });

  it('logs in with the sample the reader captured', async () => {
    const calls = withReader(() => json({ sample: 'c2FtcGxl', deviceId: 'READER-7', quality: 90 }));
    await fingerprintTab();
    await waitFor(() => expect(loginWithFingerprint).toHaveBeenCalledWith('fz1.cm1', { sample: 'c2FtcGxl', deviceId: 'READER-7' }));
    expect(calls).toContain('http://127.0.0.1:9527/reader/v1/capture');
    expect(login).not.toHaveBeenCalled();
  });

  it("says in words why the reader gave nothing, or the platform's refusal", async () => {
    withReader(() => json({ code: 'CAPTURE_TIMEOUT' }, 408));
    await fingerprintTab();
    expect(await screen.findByTestId('login-error')).toHaveTextContent('未检测到手指');
    expect(loginWithFingerprint).not.toHaveBeenCalled();
  });

  it('shows the refusal of a finger that does not match', async () => {
    withReader(() => json({ sample: 'other', deviceId: null }));
    loginWithFingerprint.mockRejectedValue(new AuthError('invalid username or fingerprint', 'INVALID_CREDENTIALS', '用户名或指纹不匹配'));
    await fingerprintTab();
    expect(await screen.findByTestId('login-error')).toHaveTextContent('用户名或指纹不匹配');
  });
});
