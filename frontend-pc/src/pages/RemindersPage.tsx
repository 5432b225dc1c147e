// 我的提醒 (/reminders, REMINDER_WORK: customer managers, branch managers, bank approvers;
// docs/marketing.md): the caller's reminders by status (待处理, 稍后提醒, 已完成, 已忽略), the most
// urgent first, each with its kind, title, customer (a link to the archive), due day (overdue in
// red). An open or snoozed one is worked here: 记录接触 (which closes it), 完成, 稍后提醒 (until a
// day within 90 days) or 忽略 (with a reason). A tab holds its (at most 200) reminders whole, so
// its headers sort them on the client: kind by its label, subject and customer in pinyin order, days.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Space, Tabs, Typography } from 'antd';
import { CheckOutlined, ClockCircleOutlined, CloseOutlined, PhoneOutlined } from '@ant-design/icons';
import { client } from '../api/client';
import { MyRemindersQuery } from '../api/operations';
import type { ReminderStatus } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { beijingTime } from '../lib/approvals';
import { INBOX_SIZE, type ReminderAction } from '../lib/reminders';
import { ContactModal, DueDay, REMINDERS_KEY, ReminderKindTag, WorkReminderModal, type Reminder } from '../components/reminders';
import { ListError } from '../components/lists';
import { DataTable, Ellipsis } from '../components/tables';
import { byTime, sorterOf } from '@cic/shared/sorting';

const STATUSES: ReminderStatus[] = ['OPEN', 'SNOOZED', 'DONE', 'DISMISSED'];

type Dialog = { kind: 'work'; reminder: Reminder; action: ReminderAction } | { kind: 'contact'; reminder: Reminder };

const useReminders = (status: ReminderStatus, enabled = true) =>
  useQuery({ queryKey: [...REMINDERS_KEY, status], queryFn: () => client.request(MyRemindersQuery, { status, first: INBOX_SIZE }), enabled });

function ReminderTable({ status, onWork }: { status: ReminderStatus; onWork: (dialog: Dialog) => void }) {
  const { t } = useI18n();
  const list = useReminders(status);
  const workable = status === 'OPEN' || status === 'SNOOZED';
  const closed = status === 'DONE' || status === 'DISMISSED';
  const action = (r: Reminder, a: ReminderAction, icon: React.ReactNode, danger = false) => (
    <Button size="small" type="link" danger={danger} icon={icon} onClick={() => onWork({ kind: 'work', reminder: r, action: a })} data-testid={`reminder-${a.toLowerCase()}`}>
      {enumLabel(t, 'reminderAction', a)}
    </Button>
  );
  return (
    <>
      <ListError query={list} />
      <DataTable<Reminder>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        dataSource={list.isError ? [] : (list.data?.myReminders ?? [])}
        locale={{ emptyText: t('reminders.empty') }}
        rowClassName={(r) => (r.overdue ? 'cic-row-error' : '')}
        data-testid={`reminders-${status.toLowerCase()}`}
        onRow={(r) => ({ 'data-testid': 'reminder-row', 'data-reminder-id': r.id, 'data-overdue': String(r.overdue) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('reminders.kind'), dataIndex: 'kind', width: 150, sorter: sorterOf((r: Reminder) => enumLabel(t, 'reminderKind', r.kind)), render: (v: string) => <ReminderKindTag kind={v} /> },
          { title: t('reminders.subject'), dataIndex: 'title', sorter: sorterOf((r: Reminder) => r.title), render: (v: string) => <Ellipsis width={360} title={v}><span data-testid="reminder-title">{v}</span></Ellipsis> },
          {
            title: t('reminders.customer'),
            key: 'customer',
            width: 140,
            sorter: sorterOf((r: Reminder) => r.customer?.name),
            render: (_: unknown, r) =>
              r.customer ? (
                <Link to={`/archives/${r.customer.id}`} data-testid="reminder-customer">
                  {r.customer.name ?? '—'}
                </Link>
              ) : (
                <Typography.Text type="secondary">{t('reminders.noCustomer')}</Typography.Text>
              ),
          },
          { title: t('reminders.dueOn'), dataIndex: 'dueOn', width: 160, sorter: sorterOf((r: Reminder) => r.dueOn, byTime), render: (_: string, r) => <DueDay reminder={r} /> },
          ...(status === 'SNOOZED' ? [{ title: t('reminders.snoozedUntil'), dataIndex: 'snoozedUntil', width: 110, render: (v: string | null) => <span data-testid="reminder-snoozed-until">{v ?? '—'}</span> }] : []),
          ...(closed
            ? [
                { title: t('reminders.closedAt'), dataIndex: 'closedAt', width: 150, sorter: sorterOf((r: Reminder) => r.closedAt, byTime), render: (v: string | null) => beijingTime(v) },
                { title: t('reminders.note'), dataIndex: 'note', render: (v: string | null) => <Ellipsis width={280} title={v ?? undefined}><span data-testid="reminder-note">{v ?? ''}</span></Ellipsis> },
              ]
            : []),
          ...(workable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 390,
                  render: (_: unknown, r: Reminder) => (
                    <Space size={0}>
                      <Button size="small" type="link" icon={<PhoneOutlined />} disabled={!r.customer} onClick={() => onWork({ kind: 'contact', reminder: r })} data-testid="reminder-contact">
                        {t('reminders.logContact')}
                      </Button>
                      {action(r, 'DONE', <CheckOutlined />)}
                      {action(r, 'SNOOZE', <ClockCircleOutlined />)}
                      {action(r, 'DISMISS', <CloseOutlined />, true)}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

export default function RemindersPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<ReminderStatus>('OPEN');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // The open count on its tab, whichever tab is shown.
  const open = useReminders('OPEN');
  const openCount = open.data?.myReminders.length;
  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('reminders.title')}</h2>
      </div>
      <Typography.Paragraph type="secondary">{t('reminders.hint')}</Typography.Paragraph>
      <Card>
        <Tabs
          activeKey={status}
          onChange={(key) => setStatus(key as ReminderStatus)}
          destroyOnHidden
          data-testid="reminder-tabs"
          items={STATUSES.map((s) => ({
            key: s,
            label: (
              <span data-testid={`reminder-tab-${s.toLowerCase()}`} data-count={s === 'OPEN' ? openCount : undefined}>
                {enumLabel(t, 'reminderStatus', s)}
                {s === 'OPEN' && openCount ? <Badge count={openCount} overflowCount={INBOX_SIZE - 1} size="small" style={{ marginInlineStart: 6 }} data-testid="reminder-open-count" /> : null}
              </span>
            ),
            children: <ReminderTable status={s} onWork={setDialog} />,
          }))}
        />
      </Card>
      {dialog?.kind === 'work' && <WorkReminderModal reminder={dialog.reminder} action={dialog.action} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'contact' && dialog.reminder.customer && <ContactModal customer={dialog.reminder.customer} reminder={dialog.reminder} onClose={() => setDialog(null)} />}
    </div>
  );
}
