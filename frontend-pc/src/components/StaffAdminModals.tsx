// Staff administration on 机构与用户: correct a name or phone, set a temporary password, move to
// another unit. Each is a modal form whose API errors land on the field they name (the API says
// `newPassword`, `orgUnitId`, `name`, `phone`, as the forms do); an error naming no field of the
// form (the account itself: NOT_FOUND, CANNOT_CHANGE_SELF) is a message. Validation failures stay
// on the form (validateFields().catch), never an unhandled rejection.
import { useState, type ReactNode } from 'react';
import { Alert, App, Form, Input, Modal, type FormInstance } from 'antd';
import { ApiError, client, committed } from '../api/client';
import { MoveStaffUserMutation, ResetStaffUserPasswordMutation, UpdateStaffUserMutation } from '../api/operations';
import { userErrorText, type UserError } from '@cic/shared/userErrors';
import { useI18n } from '../i18n';
import { OrgUnitSelect } from './common';

export interface StaffRow {
  id: string;
  name: string;
  phone?: string | null;
  orgUnit?: { id: string; name: string } | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's fields, named by the API's field names
type Setter = { setFields: FormInstance<any>['setFields'] };

/** Payload errors on the form's fields (`rename`: the API's name of a field -> the form's), and
 * the rest in words, without the API's field names. */
export function placeErrors(
  errors: readonly UserError[],
  locale: 'zh' | 'en',
  fields: readonly string[],
  rename: Record<string, string> = {},
): { fields: { name: string; errors: string[] }[]; general: string[] } {
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const e of errors) {
    const text = userErrorText(e, locale);
    const name = e.field ? (rename[e.field] ?? e.field.replace(/^input\./, '')) : null;
    if (name && fields.includes(name)) byField.set(name, [...(byField.get(name) ?? []), text]);
    else general.push(text);
  }
  return { fields: [...byField].map(([name, errs]) => ({ name, errors: errs })), general };
}

/** Put each error on its field when the form has it; say the others. */
function useReport() {
  const { locale, t } = useI18n();
  const { message } = App.useApp();
  return {
    report(errors: readonly UserError[], form: Setter, fields: string[]) {
      const placed = placeErrors(errors, locale, fields);
      form.setFields(placed.fields);
      if (placed.general.length) message.error(placed.general.join('；'));
    },
    fail(e: unknown) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    },
  };
}

/** Submit a modal form: validate (failures stay on the form), send, report. True when it is done. */
function useSubmit<V>(form: { validateFields: () => Promise<V> } & Setter, fields: string[]) {
  const { report, fail } = useReport();
  const [busy, setBusy] = useState(false);
  const submit = async (send: (values: V) => Promise<{ errors: readonly UserError[] }>): Promise<boolean> => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return false;
    setBusy(true);
    try {
      const payload = await send(values);
      if (payload.errors.length) {
        report(payload.errors, form, fields);
        return false;
      }
      return true;
    } catch (e) {
      fail(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy };
}

interface ModalProps {
  user: StaffRow | null;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** The frame the three forms share: open while a staff member is chosen, titled with their name,
 * its OK button (`okId`) busy while the form is sent. */
function StaffModal({ user, title, okId, busy, onClose, onOk, children }: {
  user: StaffRow | null; title: string; okId: string; busy: boolean; onClose: () => void; onOk: () => Promise<void>; children: ReactNode;
}) {
  return (
    <Modal open={user !== null} title={`${title} · ${user?.name ?? ''}`} onCancel={onClose} destroyOnHidden confirmLoading={busy} okButtonProps={{ id: okId }} onOk={onOk}>
      {children}
    </Modal>
  );
}

/** 修改资料: the name, and the phone (left empty, the number is kept). */
export function ProfileModal({ user, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string; phone?: string }>();
  const { submit, busy } = useSubmit(form, ['name', 'phone']);
  return (
    <StaffModal
      user={user}
      title={t('org.editProfile')}
      okId="profile-ok"
      busy={busy}
      onClose={onClose}
      onOk={async () => {
        const done = await submit(async (values) => {
          const phone = values.phone?.trim();
          const data = await client.request(UpdateStaffUserMutation, { input: { userId: user!.id, name: values.name, phone: phone ? phone : null } });
          return committed(data.updateStaffUser, 'updateStaffUser');
        });
        if (done) onDone(t('common.saved'));
      }}
    >
      <Form form={form} name="profile" layout="vertical" initialValues={{ name: user?.name }} preserve={false}>
        <Form.Item name="name" label={t('org.userName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('org.phone')} extra={user?.phone ? t('org.phoneKeep', { phone: user.phone }) : undefined}>
          <Input className="cic-mono" inputMode="numeric" autoComplete="off" />
        </Form.Item>
      </Form>
    </StaffModal>
  );
}

/** 重置密码: a temporary password, typed twice. */
export function PasswordModal({ user, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ newPassword: string; confirm: string }>();
  const { submit, busy } = useSubmit(form, ['newPassword']);
  return (
    <StaffModal
      user={user}
      title={t('org.resetPassword')}
      okId="password-ok"
      busy={busy}
      onClose={onClose}
      onOk={async () => {
        const done = await submit(async (values) => {
          const data = await client.request(ResetStaffUserPasswordMutation, { input: { userId: user!.id, newPassword: values.newPassword } });
          return committed(data.resetStaffUserPassword, 'resetStaffUserPassword');
        });
        if (done) onDone(t('org.passwordReset'));
      }}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('org.resetHint')} />
      <Form form={form} name="password" layout="vertical" preserve={false}>
        <Form.Item name="newPassword" label={t('org.newPassword')} extra={t('org.passwordRule')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('org.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('validation.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('org.passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </StaffModal>
  );
}

/** 调动: another unit of the caller's tree. */
export function MoveModal({ user, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ orgUnitId: string }>();
  const { submit, busy } = useSubmit(form, ['orgUnitId']);
  return (
    <StaffModal
      user={user}
      title={t('org.move')}
      okId="move-ok"
      busy={busy}
      onClose={onClose}
      onOk={async () => {
        let unit = '';
        const done = await submit(async (values) => {
          const data = committed((await client.request(MoveStaffUserMutation, { input: { userId: user!.id, orgUnitId: values.orgUnitId } })).moveStaffUser, 'moveStaffUser');
          unit = data.user?.orgUnit?.name ?? '';
          return data;
        });
        if (done) onDone(t('org.moved', { unit }));
      }}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('org.moveHint')} />
      <Form form={form} name="move" layout="vertical" initialValues={{ orgUnitId: user?.orgUnit?.id }} preserve={false}>
        <Form.Item name="orgUnitId" label={t('org.moveTo')} rules={[{ required: true, message: t('validation.required') }]}>
          <OrgUnitSelect allowClear={false} aria-label={t('org.moveTo')} />
        </Form.Item>
      </Form>
    </StaffModal>
  );
}
