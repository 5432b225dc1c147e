// 提醒督办 (/reminders/supervision, REMINDER_SUPERVISE: branch managers, bank and province
// administrators, province analysts; docs/marketing.md): for a unit of the caller's subtree (their
// own by default), the reminders not yet done (open or snoozed) and overdue per customer manager
// (`reminderLoad`, the most overdue first, overdue in red) and the contacts per member of staff over a period
// (`contactStats`, the last 30 days by default, days in Fujian time).
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, DatePicker, Space, Table, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { client } from '../api/client';
import { ContactStatsQuery, ReminderLoadQuery } from '../api/operations';
import type { ContactStatsQuery as StatsResult, ReminderLoadQuery as LoadResult } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { defaultPeriod, loadTotals, overdueShare, periodAllowed, sortLoad } from '../lib/reminders';
import { OrgUnitSelect } from '../components/common';
import { ListError } from '../components/lists';
import { DataTable } from '../components/tables';

type LoadRow = LoadResult['reminderLoad'][number];
type StatsRow = StatsResult['contactStats'][number];

const number = (n: number) => n.toLocaleString('zh-CN');

function Load({ unitId }: { unitId: string | null }) {
  const { t } = useI18n();
  const load = useQuery({ queryKey: ['reminderLoad', unitId], queryFn: () => client.request(ReminderLoadQuery, { orgUnitId: unitId }) });
  const rows = useMemo(() => sortLoad(load.isError ? [] : (load.data?.reminderLoad ?? [])), [load.data, load.isError]);
  const totals = loadTotals(rows);
  return (
    <Card title={t('supervision.load')} style={{ marginBottom: 16 }} data-testid="reminder-load-card">
      <ListError query={load} />
      <DataTable<LoadRow>
        rowKey={(r) => r.manager?.id ?? 'none'}
        size="middle"
        loading={load.isFetching}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('supervision.loadEmpty') }}
        data-testid="reminder-load"
        rowClassName={(r) => (r.overdue ? 'cic-row-error' : '')}
        onRow={(r) => ({ 'data-testid': 'load-row', 'data-manager': r.manager?.name ?? '', 'data-overdue': String(r.overdue) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('supervision.managerUnit'),
            key: 'unit',
            width: 240,
            sorter: (a, b) => (a.manager?.orgUnit?.name ?? '').localeCompare(b.manager?.orgUnit?.name ?? '', 'zh'),
            render: (_: unknown, r) => <span data-testid="load-unit">{r.manager?.orgUnit?.name ?? '—'}</span>,
          },
          {
            title: t('supervision.manager'),
            key: 'manager',
            sorter: (a, b) => (a.manager?.name ?? '').localeCompare(b.manager?.name ?? '', 'zh'),
            render: (_: unknown, r) =>
              r.manager ? (
                <Space size={6}>
                  <span data-testid="load-manager">{r.manager.name}</span>
                  <Typography.Text type="secondary">{r.manager.employeeNo}</Typography.Text>
                </Space>
              ) : (
                <Typography.Text type="secondary" data-testid="load-manager">
                  {t('supervision.noManager')}
                </Typography.Text>
              ),
          },
          { title: <Tooltip title={t('supervision.openHint')}>{t('supervision.open')}</Tooltip>, dataIndex: 'open', width: 110, align: 'right', sorter: (a, b) => a.open - b.open, render: (n: number) => <span data-testid="load-open">{number(n)}</span> },
          {
            title: t('supervision.overdue'),
            dataIndex: 'overdue',
            width: 110,
            align: 'right',
            sorter: (a, b) => a.overdue - b.overdue,
            render: (n: number) => (
              <span className={n ? 'cic-overdue' : undefined} data-testid="load-overdue">
                {number(n)}
              </span>
            ),
          },
          { title: t('supervision.overdueShare'), key: 'share', width: 110, align: 'right', sorter: (a, b) => overdueShare(a) - overdueShare(b), render: (_: unknown, r) => `${overdueShare(r)}%` },
        ]}
        summary={() =>
          rows.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                <strong>{t('supervision.total')}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <strong data-testid="load-total-open">{number(totals.open)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <strong className={totals.overdue ? 'cic-overdue' : undefined} data-testid="load-total-overdue">
                  {number(totals.overdue)}
                </strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {`${overdueShare(totals)}%`}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}

function Contacts({ unitId }: { unitId: string | null }) {
  const { t } = useI18n();
  const [period, setPeriod] = useState<[string, string]>(() => defaultPeriod());
  const allowed = periodAllowed(period);
  const stats = useQuery({
    queryKey: ['contactStats', unitId, ...period],
    queryFn: () => client.request(ContactStatsQuery, { since: period[0], until: period[1], orgUnitId: unitId }),
    enabled: allowed,
  });
  const rows = useMemo(() => [...(stats.isError ? [] : (stats.data?.contactStats ?? []))].sort((a, b) => b.contacts - a.contacts || b.customers - a.customers), [stats.data, stats.isError]);
  return (
    <Card
      title={t('supervision.stats')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('supervision.period')}</Typography.Text>
          <DatePicker.RangePicker
            id="stats-period"
            allowClear={false}
            value={[dayjs(period[0]), dayjs(period[1])]}
            onChange={(range) => range?.[0] && range[1] && setPeriod([range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')])}
          />
        </Space>
      }
      data-testid="contact-stats-card"
    >
      {!allowed && <Alert type="warning" showIcon message={t('supervision.periodRange')} style={{ marginBottom: 12 }} />}
      <ListError query={stats} />
      <DataTable<StatsRow>
        rowKey={(r) => r.staff?.id ?? 'none'}
        size="middle"
        loading={stats.isFetching}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('supervision.statsEmpty') }}
        data-testid="contact-stats"
        onRow={(r) => ({ 'data-testid': 'stats-row', 'data-staff': r.staff?.name ?? '' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('supervision.managerUnit'), key: 'unit', width: 240, render: (_: unknown, r) => r.staff?.orgUnit?.name ?? '—' },
          {
            title: t('supervision.staff'),
            key: 'staff',
            sorter: (a, b) => (a.staff?.name ?? '').localeCompare(b.staff?.name ?? '', 'zh'),
            render: (_: unknown, r) => (
              <Space size={6}>
                <span data-testid="stats-staff">{r.staff?.name ?? '—'}</span>
                {r.staff && <Typography.Text type="secondary">{r.staff.employeeNo}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('supervision.contacts'), dataIndex: 'contacts', width: 120, align: 'right', sorter: (a, b) => a.contacts - b.contacts, render: (n: number) => <span data-testid="stats-contacts">{number(n)}</span> },
          { title: t('supervision.customers'), dataIndex: 'customers', width: 120, align: 'right', sorter: (a, b) => a.customers - b.customers, render: (n: number) => <span data-testid="stats-customers">{number(n)}</span> },
        ]}
      />
    </Card>
  );
}

export default function ReminderSupervisionPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [unitId, setUnitId] = useState<string | null>(null);
  const unit = unitId ?? me?.orgUnit?.id ?? null;
  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('supervision.title')}</h2>
        <Space>
          <Typography.Text type="secondary">{t('supervision.unit')}</Typography.Text>
          <OrgUnitSelect id="supervision-unit" value={unit} onChange={(v) => setUnitId(v ?? null)} allowClear={false} style={{ width: 280 }} />
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('supervision.hint')}</Typography.Paragraph>
      <Load unitId={unit} />
      <Contacts unitId={unit} />
    </div>
  );
}
