// 审批待办: the approval tasks waiting for the caller (`approvalTasks`), oldest first, in two
// tabs: 待认领 (QUEUE: unclaimed tasks of my role at my unit) and 我的任务 (MINE: claimed by me),
// each with its count (`approvalInboxCounts`); "only overdue" filters both. A row opens the
// application, where the step is claimed and decided. The amount and waiting-since headers sort
// through the API (`order`: waiting longest first by default), from the first page.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Space, Switch, Tabs, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { formatYuan } from '@cic/shared/business';
import { client } from '../api/client';
import { ApprovalTasksQuery } from '../api/operations';
import type { ApprovalTasksQuery as Result, TaskBox, TaskOrder } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { beijingTime, waitedFor } from '../lib/approvals';
import { APPROVALS_KEY, OverdueTag, TaskStatusTag, useInboxCounts } from '../components/approvals';
import { BADGE_REFRESH_MS } from '../components/fourEyes';
import { LoadMoreTable, useConnectionPages } from '../components/lists';
import { onSort, serverSorted, type ColumnOrders } from '../lib/listOrder';

type Row = Result['approvalTasks']['edges'][number]['node'];
const BOXES: TaskBox[] = ['QUEUE', 'MINE'];
const DEFAULT_ORDER: TaskOrder = 'CREATED_ASC';
const TASK_ORDERS: ColumnOrders<TaskOrder> = {
  amount: { ascend: 'AMOUNT_ASC', descend: 'AMOUNT_DESC' },
  createdAt: { ascend: 'CREATED_ASC', descend: 'CREATED_DESC' },
};

export default function ApprovalInboxPage() {
  const { t } = useI18n();
  const [box, setBox] = useState<TaskBox>('QUEUE');
  const [overdue, setOverdue] = useState(false);
  const [order, setOrder] = useState<TaskOrder>(DEFAULT_ORDER);
  const counts = useInboxCounts(true);
  const list = useConnectionPages({
    queryKey: [...APPROVALS_KEY, 'tasks', box, overdue, order],
    read: (after) => client.request(ApprovalTasksQuery, { box, overdue, first: 20, after, order }),
    connection: (page) => page.approvalTasks,
    staleTime: 0,
    refetchInterval: () => BADGE_REFRESH_MS,
  });
  const count = (b: TaskBox) => (b === 'QUEUE' ? counts.queue : counts.mine);

  return (
    <div>
      <div className="cic-page-title">
        <Space align="baseline">
          <h2>{t('appr.inbox.title')}</h2>
          {counts.overdue > 0 && (
            <Typography.Text type="danger" data-testid="inbox-overdue">
              {t('appr.inbox.overdueCount', { n: counts.overdue })}
            </Typography.Text>
          )}
        </Space>
        <Space>
          <Space size={6}>
            <Switch size="small" checked={overdue} onChange={setOverdue} data-testid="inbox-overdue-only" aria-label={t('appr.inbox.overdueOnly')} />
            <span>{t('appr.inbox.overdueOnly')}</span>
          </Space>
          <Button icon={<ReloadOutlined />} onClick={() => list.refetch()}>
            {t('common.refresh')}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('appr.inbox.hint')}</Typography.Paragraph>
      <Card>
        <Tabs
          activeKey={box}
          onChange={(k) => setBox(k as TaskBox)}
          data-testid="inbox-tabs"
          items={BOXES.map((b) => ({
            key: b,
            label: (
              <span data-testid={`inbox-tab-${b}`}>
                {enumLabel(t, 'taskBox', b)} <span data-testid={`inbox-count-${b}`}>({count(b)})</span>
              </span>
            ),
          }))}
        />
        <LoadMoreTable<Row>
          list={list}
          size="middle"
          locale={{ emptyText: box === 'QUEUE' ? t('appr.inbox.emptyQueue') : t('appr.inbox.emptyMine') }}
          data-testid="approval-tasks"
          onChange={onSort(TASK_ORDERS, DEFAULT_ORDER, setOrder)}
          columns={[
            {
              title: t('appr.number'),
              render: (_: unknown, r) =>
                r.application ? (
                  <Link to={`/applications/${r.application.id}`} className="cic-mono" data-testid="task-application-link">
                    {r.application.number}
                  </Link>
                ) : (
                  '—'
                ),
            },
            { title: t('appr.customer'), render: (_: unknown, r) => r.application?.customer?.name ?? '—' },
            { title: t('appr.product'), render: (_: unknown, r) => r.application?.product?.name ?? '—' },
            {
              title: t('appr.amount'),
              align: 'right' as const,
              ...serverSorted(TASK_ORDERS, order, 'amount', 'descend'),
              render: (_: unknown, r) => (r.application ? formatYuan(r.application.amount) : '—'),
            },
            { title: t('appr.step'), dataIndex: 'name', render: (v: string) => <span data-testid="task-step">{v}</span> },
            { title: t('field.branch'), render: (_: unknown, r) => r.application?.branch?.name ?? '—' },
            {
              title: t('appr.waitingSince'),
              dataIndex: 'createdAt',
              ...serverSorted(TASK_ORDERS, order, 'createdAt'),
              render: (v: string) => (
                <Space direction="vertical" size={0}>
                  <span>{beijingTime(v)}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {waitedFor(v, t)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('common.status'),
              render: (_: unknown, r) => (
                <Space size={4}>
                  <TaskStatusTag status={r.status} />
                  {r.overdue && <OverdueTag />}
                </Space>
              ),
            },
            { title: t('appr.dueAt'), dataIndex: 'dueAt', render: (v: string | null) => beijingTime(v) },
          ]}
        />
      </Card>
    </div>
  );
}
