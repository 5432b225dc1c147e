import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { client } from '../api/client';
import { ResetStaffUserPasswordMutation, UpdateStaffUserMutation } from '../api/operations';
import { renderWithProviders } from '../test/render';
import { PasswordModal, ProfileModal, placeErrors } from './StaffAdminModals';

afterEach(() => vi.restoreAllMocks());

const SLOW = { timeout: 5_000 };
const USER = { id: '7', name: '林小明', phone: '13800138000', orgUnit: { id: '4', name: '鼓楼支行' } };
const WEAK = { field: 'newPassword', code: 'WEAK_PASSWORD', message: '密码至少8位，且须同时包含字母和数字', messageEn: 'weak' };

describe('placeErrors', () => {
  it("puts an error on the form's field (renamed) and says the others without the API's field names", () => {
    const placed = placeErrors(
      [
        { field: 'password', code: 'WEAK_PASSWORD', message: '密码太弱', messageEn: 'weak' },
        { field: 'userId', code: 'CANNOT_CHANGE_SELF', message: '不能修改自己的账号', messageEn: 'self' },
      ],
      'zh',
      ['initialPassword'],
      { password: 'initialPassword' },
    );
    expect(placed).toEqual({ fields: [{ name: 'initialPassword', errors: ['密码太弱'] }], general: ['不能修改自己的账号'] });
  });
});

describe('staff admin modals', { timeout: 30_000 }, () => {
  it("shows the API's weak-password error on the temporary password field and stays open", async () => {
    const onDone = vi.fn();
    const request = vi.spyOn(client, 'request').mockImplementation(async (doc: unknown) => {
      if (doc === ResetStaffUserPasswordMutation) return { resetStaffUserPassword: { user: null, errors: [WEAK] } };
      throw new Error('unexpected');
    });
    renderWithProviders(<PasswordModal user={USER} onClose={() => undefined} onDone={onDone} />);
    fireEvent.change(await screen.findByLabelText('临时密码', {}, SLOW), { target: { value: 'abcdefgh' } });
    fireEvent.change(screen.getByLabelText('再次输入临时密码'), { target: { value: 'abcdefgh' } });
    fireEvent.click(document.getElementById('password-ok')!);
    await waitFor(() => expect(document.getElementById('password_newPassword_help')).toHaveTextContent('密码至少8位，且须同时包含字母和数字'), SLOW);
    expect(request).toHaveBeenCalledWith(ResetStaffUserPasswordMutation, { input: { userId: '7', newPassword: 'abcdefgh' } });
    expect(onDone).not.toHaveBeenCalled();
  });

  it('refuses two different passwords on the form, sending nothing and rejecting nothing', async () => {
    const request = vi.spyOn(client, 'request');
    const rejections: unknown[] = [];
    const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
    window.addEventListener('unhandledrejection', onRejection);
    renderWithProviders(<PasswordModal user={USER} onClose={() => undefined} onDone={() => undefined} />);
    fireEvent.change(await screen.findByLabelText('临时密码', {}, SLOW), { target: { value: 'Temp2026a' } });
    fireEvent.change(screen.getByLabelText('再次输入临时密码'), { target: { value: 'Temp2026b' } });
    fireEvent.click(document.getElementById('password-ok')!);
    expect(await screen.findByText('两次输入的密码不一致', {}, SLOW)).toBeInTheDocument();
    window.removeEventListener('unhandledrejection', onRejection);
    expect(request).not.toHaveBeenCalled();
    expect(rejections).toEqual([]);
  });

  it('sends a corrected name and keeps the phone when its field is left empty', async () => {
    const onDone = vi.fn();
    const request = vi.spyOn(client, 'request').mockImplementation(async (doc: unknown) => {
      if (doc === UpdateStaffUserMutation) return { updateStaffUser: { user: { id: '7', name: '林晓明', phone: '13800138000' }, errors: [] } };
      throw new Error('unexpected');
    });
    renderWithProviders(<ProfileModal user={USER} onClose={() => undefined} onDone={onDone} />);
    const name = await screen.findByLabelText('姓名', {}, SLOW);
    expect(name).toHaveValue('林小明');
    expect(screen.getByText('留空则不修改（当前：13800138000）')).toBeInTheDocument();
    fireEvent.change(name, { target: { value: '林晓明' } });
    fireEvent.click(document.getElementById('profile-ok')!);
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('已保存'), SLOW);
    expect(request).toHaveBeenCalledWith(UpdateStaffUserMutation, { input: { userId: '7', name: '林晓明', phone: null } });
  });
});
