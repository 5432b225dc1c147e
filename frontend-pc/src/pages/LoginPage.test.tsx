import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { AuthError } from '../api/auth';
import { renderWithProviders } from '../test/render';
import { LoginPage } from './LoginPage';

const login = vi.fn();
vi.mock('../session', () => ({ useSession: () => ({ login }) }));

afterEach(() => login.mockReset());

describe('LoginPage', () => {
  it('asks for both fields before calling the API', async () => {
    renderWithProviders(<LoginPage />, { route: '/login' });
    fireEvent.click(screen.getByTestId('login-submit'));
    expect(await screen.findByText('请输入用户名')).toBeInTheDocument();
    expect(login).not.toHaveBeenCalled();
  });

  it("shows the API's Chinese message when the login is refused", async () => {
    login.mockRejectedValue(new AuthError('invalid username or password', 'INVALID_CREDENTIALS', '用户名或密码错误'));
    renderWithProviders(<LoginPage />, { route: '/login' });
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: ' fz1.manager ' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    expect(await screen.findByTestId('login-error')).toHaveTextContent('用户名或密码错误');
    expect(login).toHaveBeenCalledWith('fz1.manager', 'wrong');
  });

  it('shows the English message in English', async () => {
    login.mockRejectedValue(new AuthError('invalid username or password', 'INVALID_CREDENTIALS', '用户名或密码错误'));
    renderWithProviders(<LoginPage />, { route: '/login', locale: 'en' });
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'x' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'y' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(screen.getByTestId('login-error')).toHaveTextContent('invalid username or password'));
  });
});
