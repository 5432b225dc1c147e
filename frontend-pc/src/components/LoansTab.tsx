// The archive's 用信与短信 tab (docs/channels.md, "What staff see"): the customer's quotas, each
// drawdown as the lending platform reported it, and every text message CIC sent them (the number
// masked). Read-only: quotas are frozen or revoked on the application's page.
import { useQuery } from '@tanstack/react-query';
import { Card, Space, Tag, Typography } from 'antd';
import { formatYuan } from '@cic/shared/business';
import { client } from '../api/client';
import { CustomerLoansQuery } from '../api/operations';
import type { CustomerLoansQuery as Data } from '../gql/graphql';
import { enumLabel, useI18n, type Translate } from '../i18n';
import { beijingTime, productName } from '../lib/approvals';
import { QuotaStatusTag, useProducts } from './approvals';
import { DataTable } from './tables';
import { ListError } from './lists';

type LoanRow = Data['loans'][number];
type TextRow = Data['textMessages'][number];

// A drawdown's and a text message's status: the enum, the tag colours, the test id.
const STATUS = {
  loan: {
    prefix: 'loanStatus', testId: 'loan-status',
    colors: { REQUESTED: 'processing', ACCEPTED: 'blue', DISBURSED: 'success', OVERDUE: 'error', CLOSED: 'default', REFUSED: 'warning' } as Record<string, string>,
  },
  text: {
    prefix: 'textStatus', testId: 'text-status',
    colors: { QUEUED: 'processing', SENT: 'blue', DELIVERED: 'success', FAILED: 'error', SUPPRESSED: 'default' } as Record<string, string>,
  },
};

/** Why a message was not sent or not delivered, or why the platform refused a drawdown: words,
 * never the platform's code (an unknown code reads as the generic failure). */
export function reasonLabel(t: Translate, kind: 'text' | 'loan', reason: string | null | undefined): string {
  if (!reason) return '';
  const key = `loans.reason.${kind}.${reason}` as Parameters<Translate>[0];
  const label = t(key);
  return label === key ? t(`loans.reason.${kind}.other` as Parameters<Translate>[0]) : label;
}

/** The status tag and, beside it, why (refused, not sent, not delivered) in words. */
function StatusCell({ t, kind, status, reason }: { t: Translate; kind: 'loan' | 'text'; status: string; reason: string | null | undefined }) {
  const { prefix, testId, colors } = STATUS[kind];
  return (
    <Space size={4} wrap>
      <Tag color={colors[status]} data-testid={testId}>
        {enumLabel(t, prefix, status)}
      </Tag>
      {reason && <Typography.Text type="secondary">{reasonLabel(t, kind, reason)}</Typography.Text>}
    </Space>
  );
}

export function LoansTab({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const query = useQuery({ queryKey: ['customerLoans', customerId], queryFn: () => client.request(CustomerLoansQuery, { customerId }) });
  const catalog = useProducts(true).data?.products;
  const product = (code: string) => productName(catalog, code);
  if (query.error) return <ListError query={query} />;
  const quotas = query.data?.quotas.edges.map((e) => e.node) ?? [];
  const loans = query.data?.loans ?? [];
  const texts = query.data?.textMessages ?? [];
  const money = (v: string | null | undefined) => (v == null ? '—' : formatYuan(v));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="loans-tab">
      <Card size="small" title={t('loans.quotas')}>
        <DataTable
          size="small"
          rowKey="id"
          loading={query.isLoading}
          pagination={false}
          dataSource={quotas}
          data-testid="loans-quotas"
          locale={{ emptyText: t('loans.noQuotas') }}
          columns={[
            { title: t('loans.product'), dataIndex: 'productCode', render: product },
            { title: t('loans.status'), dataIndex: 'status', render: (v: string) => <QuotaStatusTag status={v} /> },
            { title: t('loans.quotaAmount'), dataIndex: 'amount', align: 'right', render: money },
            { title: t('loans.used'), dataIndex: 'usedAmount', align: 'right', render: money },
            { title: t('loans.reserved'), dataIndex: 'reservedAmount', align: 'right', render: money },
            { title: t('loans.available'), dataIndex: 'availableAmount', align: 'right', render: (v: string) => <span data-testid="quota-available">{money(v)}</span> },
            { title: t('loans.validTo'), dataIndex: 'validTo' },
          ]}
        />
      </Card>
      <Card size="small" title={t('loans.drawdowns')}>
        <DataTable<LoanRow>
          size="small"
          rowKey="id"
          loading={query.isLoading}
          pagination={false}
          dataSource={loans}
          data-testid="loans-drawdowns"
          locale={{ emptyText: t('loans.noDrawdowns') }}
          columns={[
            { title: t('loans.number'), dataIndex: 'number' },
            { title: t('loans.product'), dataIndex: 'productCode', render: product },
            { title: t('loans.amount'), dataIndex: 'amount', align: 'right', render: money },
            { title: t('loans.term'), dataIndex: 'term', render: (v: number) => t('loans.months', { n: v }) },
            { title: t('loans.rate'), dataIndex: 'rate', render: (v: string) => `${v}%` },
            { title: t('loans.account'), dataIndex: 'account' },
            {
              title: t('loans.status'),
              dataIndex: 'status',
              render: (v: string, row) => <StatusCell t={t} kind="loan" status={v} reason={row.reason} />,
            },
            { title: t('loans.outstanding'), dataIndex: 'outstanding', align: 'right', render: money },
            {
              title: t('loans.overdueDays'),
              dataIndex: 'overdueDays',
              render: (v: number) => (v > 0 ? <Typography.Text type="danger">{t('loans.days', { n: v })}</Typography.Text> : '—'),
            },
            { title: t('loans.requestedAt'), dataIndex: 'createdAt', render: (v: string) => beijingTime(v) },
            { title: t('loans.disbursedAt'), dataIndex: 'disbursedAt', render: (v: string | null) => (v ? beijingTime(v) : '—') },
          ]}
        />
      </Card>
      <Card size="small" title={t('loans.texts')}>
        <DataTable<TextRow>
          size="small"
          rowKey="id"
          loading={query.isLoading}
          pagination={false}
          dataSource={texts}
          data-testid="loans-texts"
          locale={{ emptyText: t('loans.noTexts') }}
          columns={[
            { title: t('loans.textEvent'), dataIndex: 'event', render: (v: string) => enumLabel(t, 'textEvent', v) },
            { title: t('loans.textTo'), dataIndex: 'to', render: (v: string | null) => v ?? '—' },
            {
              title: t('loans.status'),
              dataIndex: 'status',
              render: (v: string, row) => <StatusCell t={t} kind="text" status={v} reason={row.reason} />,
            },
            { title: t('loans.textBody'), dataIndex: 'text', render: (v: string) => <Typography.Text style={{ fontSize: 12 }}>{v}</Typography.Text> },
            { title: t('loans.sentAt'), dataIndex: 'sentAt', render: (v: string | null, row) => beijingTime(v ?? row.createdAt) },
          ]}
        />
      </Card>
    </Space>
  );
}
