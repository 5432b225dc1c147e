// 提醒 and 客户接触 (docs/marketing.md): what the inbox and the archive page share. The kind's tag,
// the due day (overdue in red), the dialog that works a reminder (完成 with an optional note,
// 稍后提醒 until a day within 90 days, 忽略 with a reason), the dialog that logs a contact (its id
// made here once per dialog, so sending it again after a lost answer stores it once; naming the
// reminder closes it), and an archive's contacts. The API's refusals land on the field they name.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Radio, Space, Tag, Typography, type FormInstance } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { UserError } from '@cic/shared/userErrors';
import { ApiError, client, committed } from '../api/client';
import { CustomerContactsQuery, LogContactMutation, WorkReminderMutation } from '../api/operations';
import type { ContactChannel, ContactFieldsFragment, ContactOutcome, ReminderFieldsFragment } from '../gql/graphql';
import { enumLabel, useI18n, type Translate } from '../i18n';
import { useSession } from '../session';
import { beijingTime } from '../lib/approvals';
import {
  MAX_CONTACT_AGE_DAYS,
  MAX_NOTE,
  MAX_SNOOZE_DAYS,
  addDays,
  beijingDay,
  contactProblems,
  errorsOnForm,
  snoozeBounds,
  workProblems,
  type Problem,
  type ReminderAction,
} from '../lib/reminders';
import { ListError } from './lists';
import { DataTable } from './tables';

export type Reminder = ReminderFieldsFragment;
export type Contact = ContactFieldsFragment;

/** Query keys: invalidating REMINDERS_KEY refreshes every tab of the inbox. */
export const REMINDERS_KEY = ['reminders'] as const;
export const contactsKey = (customerId: string) => ['customerContacts', customerId] as const;

const CHANNELS: ContactChannel[] = ['VISIT', 'CALL', 'BRANCH', 'OTHER'];
const OUTCOMES: ContactOutcome[] = ['INTERESTED', 'APPLIED', 'FOLLOW_UP', 'NOT_INTERESTED', 'UNREACHABLE'];
const KIND_COLORS: Record<string, string> = {
  MODEL: 'green', GRADE_MIGRATION: 'volcano', QUOTA_EXPIRING: 'orange', ID_EXPIRING: 'gold', ARCHIVE_RETURNED: 'red',
  NOT_PRECISE: 'magenta', DEPOSIT_MATURING: 'blue', APPROVAL_OVERDUE: 'purple',
};
const OUTCOME_COLORS: Record<string, string> = { INTERESTED: 'green', APPLIED: 'blue', FOLLOW_UP: 'orange', NOT_INTERESTED: 'default', UNREACHABLE: 'red' };
/** Quick choices of a snooze, in days from today. */
const SNOOZE_DAYS = [1, 3, 7, 14, 30];

export function ReminderKindTag({ kind }: { kind: string }) {
  const { t } = useI18n();
  return (
    <Tag color={KIND_COLORS[kind]} data-testid="reminder-kind">
      {enumLabel(t, 'reminderKind', kind)}
    </Tag>
  );
}

/** The due day; an overdue one in red with 已逾期. */
export function DueDay({ reminder }: { reminder: Pick<Reminder, 'dueOn' | 'overdue'> }) {
  const { t } = useI18n();
  return (
    <Space size={4} data-testid="reminder-due" data-overdue={String(reminder.overdue)}>
      <span className={reminder.overdue ? 'cic-overdue' : undefined}>{reminder.dueOn}</span>
      {reminder.overdue && (
        <Tag color="red" data-testid="reminder-overdue">
          {t('reminders.overdue')}
        </Tag>
      )}
    </Space>
  );
}

/** Send a mutation: its payload errors, or the failed request as one error without a field. */
async function attempt(run: () => Promise<{ errors: readonly UserError[] }>, t: Translate): Promise<readonly UserError[]> {
  try {
    return (await run()).errors;
  } catch (e) {
    return [{ code: 'FAILED', message: e instanceof ApiError ? e.display('zh') : t('common.failed'), messageEn: e instanceof ApiError ? e.display('en') : t('common.failed') }];
  }
}

/**
 * A dialog's checks and sending: `check` puts the problems found here on their fields, clearing
 * the earlier ones (false when there are any); `send` runs the mutation (busy meanwhile) and puts each refusal on the field it
 * names among `fields`, the rest in `general`, above the form. It answers the refusals.
 */
function useDialogForm(form: FormInstance, fields: readonly string[]) {
  const { t, locale } = useI18n();
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const check = (problems: Problem[]) => {
    setGeneral([]);
    const byField = new Map<string, string[]>();
    for (const p of problems) byField.set(p.field, [...(byField.get(p.field) ?? []), t(p.key, p.vars)]);
    form.setFields(fields.map((name) => ({ name, errors: byField.get(name) ?? [] })));
    return problems.length === 0;
  };
  const send = async (run: () => Promise<{ errors: readonly UserError[] }>) => {
    setBusy(true);
    const errors = await attempt(run, t);
    setBusy(false);
    const sorted = errorsOnForm(errors, fields, locale);
    form.setFields(sorted.onFields);
    setGeneral(sorted.general);
    return errors;
  };
  const alert = general.length > 0 && <Alert type="error" showIcon message={general.join('；')} style={{ marginBottom: 12 }} data-testid="dialog-errors" />;
  return { busy, alert, check, send };
}

interface WorkValues {
  until?: Dayjs | null;
  note?: string;
}

/** 完成 / 稍后提醒 / 忽略 of one reminder, in a dialog. */
export function WorkReminderModal({ reminder, action, onClose }: { reminder: Reminder; action: ReminderAction; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<WorkValues>();
  const [today] = useState(() => beijingDay());
  const dialog = useDialogForm(form, action === 'SNOOZE' ? ['until', 'note'] : ['note']);
  const bounds = snoozeBounds(today);

  const submit = async () => {
    const values = form.getFieldsValue();
    const until = values.until ? values.until.format('YYYY-MM-DD') : null;
    if (!dialog.check(workProblems({ action, until, note: values.note }, today))) return;
    const errors = await dialog.send(async () =>
      committed(
        (await client.request(WorkReminderMutation, { input: { id: reminder.id, action, until: action === 'SNOOZE' ? until : null, note: values.note?.trim() || null } })).workReminder,
        'workReminder',
      ),
    );
    if (errors.length) {
      // A reminder closed meanwhile (on the PAD, by the branch manager) leaves the list.
      if (errors.some((e) => e.code === 'REMINDER_CLOSED')) await queries.invalidateQueries({ queryKey: REMINDERS_KEY });
      return;
    }
    message.success(t(`reminders.worked.${action}`, { day: until ?? '' }));
    onClose();
    await queries.invalidateQueries({ queryKey: REMINDERS_KEY });
  };

  return (
    <Modal
      open
      title={t('reminders.workTitle', { action: enumLabel(t, 'reminderAction', action), title: reminder.title })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={dialog.busy}
      okText={enumLabel(t, 'reminderAction', action)}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: action === 'DISMISS', id: 'reminder-confirm' }}
      destroyOnHidden
      data-testid="reminder-dialog"
    >
      {dialog.alert}
      {reminder.customer && <Typography.Paragraph type="secondary">{reminder.customer.name}</Typography.Paragraph>}
      <Form form={form} name="reminder" layout="vertical" initialValues={{ until: action === 'SNOOZE' ? dayjs(addDays(today, 7)) : null, note: '' }} preserve={false}>
        {action === 'SNOOZE' && (
          <Form.Item label={t('reminders.until')} required extra={t('reminders.untilHint', { n: MAX_SNOOZE_DAYS })}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space size={4} wrap>
                {SNOOZE_DAYS.map((n) => (
                  <Button key={n} size="small" onClick={() => form.setFields([{ name: 'until', value: dayjs(addDays(today, n)), errors: [] }])} data-testid="snooze-day">
                    {n === 1 ? t('reminders.tomorrow') : t('reminders.inDays', { n })}
                  </Button>
                ))}
              </Space>
              <Form.Item name="until" noStyle>
                <DatePicker
                  style={{ width: 200 }}
                  allowClear={false}
                  disabledDate={(d) => {
                    const day = d.format('YYYY-MM-DD');
                    return day < bounds.first || day > bounds.last;
                  }}
                />
              </Form.Item>
            </Space>
          </Form.Item>
        )}
        <Form.Item name="note" label={action === 'DISMISS' ? t('reminders.reasonLabel') : t('reminders.noteLabel')} required={action === 'DISMISS'}>
          <Input.TextArea rows={3} maxLength={MAX_NOTE} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ContactValues {
  channel?: ContactChannel;
  outcome?: ContactOutcome;
  contactedAt?: Dayjs | null;
  note?: string;
}

const CONTACT_FIELDS = ['channel', 'outcome', 'contactedAt', 'note'];

/**
 * 记录接触 with a customer, in a dialog: channel, outcome, time (now by default, within the last
 * 30 days), note; for a reminder, logging it closes the reminder. The id is made once per dialog.
 */
export function ContactModal({ customer, reminder, onClose }: { customer: { id: string; name?: string | null }; reminder?: Pick<Reminder, 'id' | 'title'> | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<ContactValues>();
  const [id] = useState(() => crypto.randomUUID());
  const dialog = useDialogForm(form, CONTACT_FIELDS);

  const submit = async () => {
    const values = form.getFieldsValue();
    const at = values.contactedAt ? values.contactedAt.valueOf() : null;
    if (!dialog.check(contactProblems({ ...values, contactedAt: at }))) return;
    const input = {
      id,
      customerId: customer.id,
      channel: values.channel!,
      outcome: values.outcome!,
      contactedAt: new Date(at!).toISOString(),
      note: values.note?.trim() || null,
      reminderId: reminder?.id ?? null,
    };
    if ((await dialog.send(async () => committed((await client.request(LogContactMutation, { input })).logContact, 'logContact'))).length) return;
    message.success(reminder ? t('contacts.loggedReminder') : t('contacts.logged'));
    onClose();
    await Promise.all([queries.invalidateQueries({ queryKey: contactsKey(customer.id) }), queries.invalidateQueries({ queryKey: REMINDERS_KEY })]);
  };

  return (
    <Modal
      open
      title={t('contacts.logTitle', { name: customer.name ?? '—' })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={dialog.busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ id: 'contact-save' }}
      destroyOnHidden
      data-testid="contact-dialog"
    >
      {dialog.alert}
      {reminder && (
        <Typography.Paragraph type="secondary" data-testid="contact-reminder">
          {t('contacts.forReminder', { title: reminder.title })}
        </Typography.Paragraph>
      )}
      <Form form={form} name="contact" layout="vertical" initialValues={{ contactedAt: dayjs(), note: '' }} preserve={false}>
        <Form.Item name="channel" label={t('contacts.channel')} required>
          <Radio.Group optionType="button" options={CHANNELS.map((c) => ({ value: c, label: enumLabel(t, 'contactChannel', c) }))} />
        </Form.Item>
        <Form.Item name="outcome" label={t('contacts.outcome')} required>
          <Radio.Group optionType="button" options={OUTCOMES.map((o) => ({ value: o, label: enumLabel(t, 'contactOutcome', o) }))} />
        </Form.Item>
        <Form.Item name="contactedAt" label={t('contacts.time')} required extra={t('contacts.timeHint', { n: MAX_CONTACT_AGE_DAYS })}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs().subtract(MAX_CONTACT_AGE_DAYS, 'day'), 'day')}
          />
        </Form.Item>
        <Form.Item name="note" label={t('contacts.note')}>
          <Input.TextArea rows={3} maxLength={MAX_NOTE} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** An archive's contacts (客户接触), newest first, with 记录接触 for those who work reminders. */
export function CustomerContacts({ customer }: { customer: { id: string; name?: string | null } }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [logging, setLogging] = useState(false);
  const contacts = useQuery({ queryKey: contactsKey(customer.id), queryFn: () => client.request(CustomerContactsQuery, { customerId: customer.id }) });
  return (
    <Card
      size="small"
      title={t('contacts.title')}
      extra={
        can('REMINDER_WORK') && (
          <Button icon={<PhoneOutlined />} onClick={() => setLogging(true)} data-testid="contact-log">
            {t('contacts.log')}
          </Button>
        )
      }
      data-testid="customer-contacts"
    >
      <ListError query={contacts} />
      <DataTable<Contact>
        rowKey="id"
        size="small"
        pagination={false}
        loading={contacts.isFetching}
        dataSource={contacts.isError ? [] : (contacts.data?.customerContacts ?? [])}
        locale={{ emptyText: t('contacts.empty') }}
        onRow={(c) => ({ 'data-testid': 'contact-row', 'data-contact-id': c.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('contacts.time'), dataIndex: 'contactedAt', width: 150, render: (v: string) => beijingTime(v) },
          { title: t('contacts.channel'), dataIndex: 'channel', width: 110, render: (v: string) => enumLabel(t, 'contactChannel', v) },
          {
            title: t('contacts.outcome'),
            dataIndex: 'outcome',
            width: 110,
            render: (v: string) => (
              <Tag color={OUTCOME_COLORS[v]} data-testid="contact-outcome">
                {enumLabel(t, 'contactOutcome', v)}
              </Tag>
            ),
          },
          {
            title: t('contacts.note'),
            dataIndex: 'note',
            render: (v: string | null, c) => (
              <Space size={6}>
                {c.reminderId && <Tag>{t('contacts.fromReminder')}</Tag>}
                <span>{v ?? ''}</span>
              </Space>
            ),
          },
          { title: t('contacts.staff'), key: 'staff', width: 120, render: (_: unknown, c) => c.staff?.name ?? '—' },
        ]}
      />
      {logging && <ContactModal customer={customer} onClose={() => setLogging(false)} />}
    </Card>
  );
}
