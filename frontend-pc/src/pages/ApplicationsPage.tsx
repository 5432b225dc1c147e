// 授信申请 (/applications): the quota applications in the caller's scope (`applications`), newest
// first, 20 at a time ("加载更多" by cursor), filtered by status and "mine" (submitted by me); a
// row opens the application. The product is named by the catalog (the code when retired). The
// customer (pinyin), amount and created headers sort through the API (`order`), from the first page.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Select, Space, Switch, Typography } from 'antd';
import { formatYuan } from '@cic/shared/business';
import { client } from '../api/client';
import { ApplicationsQuery } from '../api/operations';
import type { ApplicationListFieldsFragment, ApplicationOrder, ApplicationStatus } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { beijingTime, currentStep, productName } from '../lib/approvals';
import { APPROVALS_KEY, ApplicationStatusTag, useProducts } from '../components/approvals';
import { LoadMoreTable, useConnectionPages } from '../components/lists';
import { onSort, serverSorted, type ColumnOrders } from '../lib/listOrder';

type Row = ApplicationListFieldsFragment;
const STATUSES: ApplicationStatus[] = ['IN_APPROVAL', 'RETURNED', 'APPROVED', 'REJECTED', 'WITHDRAWN'];
const DEFAULT_ORDER: ApplicationOrder = 'CREATED_DESC';
const APPLICATION_ORDERS: ColumnOrders<ApplicationOrder> = {
  customer: { ascend: 'CUSTOMER_NAME_ASC', descend: 'CUSTOMER_NAME_DESC' },
  amount: { ascend: 'AMOUNT_ASC', descend: 'AMOUNT_DESC' },
  createdAt: { ascend: 'CREATED_ASC', descend: 'CREATED_DESC' },
};

export default function ApplicationsPage() {
  const { t } = useI18n();
  const [statuses, setStatuses] = useState<ApplicationStatus[]>([]);
  const [mine, setMine] = useState(false);
  const [order, setOrder] = useState<ApplicationOrder>(DEFAULT_ORDER);
  const products = useProducts(true);
  const list = useConnectionPages({
    queryKey: [...APPROVALS_KEY, 'applications', statuses, mine, order],
    read: (after) => client.request(ApplicationsQuery, { status: statuses.length ? statuses : null, customerId: null, mine, first: 20, after, order }),
    connection: (page) => page.applications,
    staleTime: 0,
  });
  const catalog = products.data?.products;

  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('appr.list.title')}</h2>
        <Space>
          <Select<ApplicationStatus[]>
            mode="multiple"
            allowClear
            style={{ minWidth: 260 }}
            placeholder={t('common.status')}
            value={statuses}
            onChange={setStatuses}
            options={STATUSES.map((s) => ({ value: s, label: enumLabel(t, 'applicationStatus', s) }))}
            data-testid="applications-status"
          />
          <Space size={6}>
            <Switch size="small" checked={mine} onChange={setMine} data-testid="applications-mine" aria-label={t('appr.list.mine')} />
            <span>{t('appr.list.mine')}</span>
          </Space>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('appr.list.hint')}</Typography.Paragraph>
      <Card>
        <LoadMoreTable<Row>
          list={list}
          size="middle"
          locale={{ emptyText: t('appr.list.empty') }}
          data-testid="applications-table"
          onChange={onSort(APPLICATION_ORDERS, DEFAULT_ORDER, setOrder)}
          columns={[
            {
              title: t('appr.number'),
              dataIndex: 'number',
              render: (v: string, r) => (
                <Link to={`/applications/${r.id}`} className="cic-mono" data-testid="application-link">
                  {v}
                </Link>
              ),
            },
            {
              title: t('appr.customer'),
              ...serverSorted(APPLICATION_ORDERS, order, 'customer'),
              showSorterTooltip: { title: t('archives.sort.pinyin') },
              render: (_: unknown, r) => (r.customer ? <Link to={`/archives/${r.customer.id}`}>{r.customer.name}</Link> : '—'),
            },
            { title: t('appr.product'), render: (_: unknown, r) => r.product?.name ?? productName(catalog, r.productCode) },
            {
              title: t('appr.amount'),
              dataIndex: 'amount',
              align: 'right' as const,
              ...serverSorted(APPLICATION_ORDERS, order, 'amount', 'descend'),
              render: (v: string) => <span data-testid="application-amount">{formatYuan(v)}</span>,
            },
            { title: t('appr.term'), dataIndex: 'term', render: (v: number) => t('appr.months', { n: v }) },
            { title: t('common.status'), dataIndex: 'status', render: (v: string) => <ApplicationStatusTag status={v} /> },
            { title: t('appr.step'), render: (_: unknown, r) => currentStep(r.tasks) },
            { title: t('appr.applicant'), render: (_: unknown, r) => r.applicant?.name ?? '—' },
            { title: t('field.branch'), render: (_: unknown, r) => r.branch?.name ?? '—' },
            { title: t('appr.createdAt'), dataIndex: 'createdAt', ...serverSorted(APPLICATION_ORDERS, order, 'createdAt', 'descend'), render: (v: string) => beijingTime(v) },
          ]}
        />
      </Card>
    </div>
  );
}
