// 待审核: the archives waiting for the caller's verification (`reviewInbox`, oldest submission
// first, keyset-paged), with batch verification (`verifyArchives`) of the rows without any open
// violation (ticked on any page) and a report of what was verified and what was refused, and why.
// The submission-time header sorts through the API (`order`: oldest first by default), from page one.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, client, committed } from '../api/client';
import { ReviewInboxQuery, VerifyArchivesMutation } from '../api/operations';
import type { ReviewInboxQuery as ReviewInboxResult, TimeOrder, VerifyArchivesMutation as VerifyArchivesResult } from '../gql/graphql';
import { useI18n } from '../i18n';
import { batchSelectable } from '../lib/fourEyes';
import { BADGE_REFRESH_MS, REVIEW_INBOX_KEY, ViolationCountTags } from '../components/fourEyes';
import { CursorPager, useCursors } from '../components/common';
import { ListError, ListTable } from '../components/lists';
import { DataTable, textColumn } from '../components/tables';
import { onSort, serverSorted, type ColumnOrders } from '../lib/listOrder';

const PAGE_SIZE = 20;
const DEFAULT_ORDER: TimeOrder = 'TIME_ASC';
const TIME_ORDERS: ColumnOrders<TimeOrder> = { submittedAt: { ascend: 'TIME_ASC', descend: 'TIME_DESC' } };

type Row = ReviewInboxResult['reviewInbox']['edges'][number]['node'];
type Outcome = { verified: { id: string; name: string | null }[]; failed: { id: string; name: string; reasons: string[] }[]; errors: string[] };

function summarize(data: NonNullable<VerifyArchivesResult['verifyArchives']>, names: Map<string, string>, text: (e: { message: string; messageEn: string }) => string): Outcome {
  return {
    verified: data.verified.map((c) => ({ id: c.id, name: c.name ?? names.get(c.id) ?? null })),
    failed: data.failed.map((f) => ({ id: f.id, name: names.get(f.id) ?? f.id, reasons: f.errors.map(text) })),
    errors: data.errors.map(text),
  };
}

function OutcomeReport({ outcome, onClose }: { outcome: Outcome; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('review.outcome')} extra={<Button size="small" type="text" onClick={onClose}>{t('common.close')}</Button>} style={{ marginBottom: 16 }} data-testid="batch-outcome">
      <Space direction="vertical" style={{ width: '100%' }}>
        {outcome.errors.length > 0 && <Alert type="error" showIcon message={outcome.errors.join('；')} />}
        <Alert
          type={outcome.verified.length ? 'success' : 'info'}
          showIcon
          message={t('review.verifiedCount', { n: outcome.verified.length })}
          description={outcome.verified.length ? <span data-testid="batch-verified">{outcome.verified.map((c) => c.name ?? '—').join('、')}</span> : undefined}
        />
        {outcome.failed.length > 0 && (
          <DataTable<Outcome['failed'][number]>
            size="small"
            rowKey="id"
            pagination={false}
            title={() => <Typography.Text type="danger">{t('review.failedCount', { n: outcome.failed.length })}</Typography.Text>}
            dataSource={outcome.failed}
            data-testid="batch-failed"
            columns={[
              { title: t('field.name'), dataIndex: 'name', width: 160, render: (v: string, r) => <Link to={`/archives/${r.id}`}>{v}</Link> },
              textColumn<Outcome['failed'][number]>({ title: t('common.reason'), dataIndex: 'reasons', render: (v: string[]) => v.join('；') }, 480),
            ]}
          />
        )}
      </Space>
    </Card>
  );
}

export default function ReviewInboxPage() {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const cursors = useCursors();
  const after = cursors.after;
  const [order, setOrder] = useState<TimeOrder>(DEFAULT_ORDER);
  const reorder = (next: TimeOrder) => {
    setOrder(next);
    cursors.first();
  };
  // Ticked rows by id, kept while paging (the version is the one the reviewer saw).
  const [picked, setPicked] = useState<Map<string, Row>>(new Map());
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const inbox = useQuery({
    queryKey: [...REVIEW_INBOX_KEY, 'page', order, after],
    queryFn: () => client.request(ReviewInboxQuery, { first: PAGE_SIZE, after, order }),
    refetchInterval: BADGE_REFRESH_MS,
    staleTime: 0,
  });
  // A failed read shows its error and no rows (never an earlier page's as if current).
  const rows = inbox.isError ? [] : (inbox.data?.reviewInbox.edges.map((e) => e.node) ?? []);
  const text = (e: { message: string; messageEn: string }) => (locale === 'zh' ? e.message : e.messageEn);
  const chosen = [...picked.values()].filter(batchSelectable);
  const pick = (keys: React.Key[]) =>
    setPicked((before) => {
      const next = new Map([...before].filter(([id]) => !rows.some((r) => r.id === id)));
      for (const r of rows) if (keys.includes(r.id)) next.set(r.id, r);
      return next;
    });

  const verify = () =>
    modal.confirm({
      title: t('review.batchTitle', { n: chosen.length }),
      content: t('review.batchConfirm'),
      okText: t('detail.verify'),
      cancelText: t('common.cancel'),
      okButtonProps: { id: 'batch-verify-confirm' },
      onOk: async () => {
        setBusy(true);
        const names = new Map(chosen.map((r) => [r.id, r.name ?? r.id]));
        try {
          const data = await client.request(VerifyArchivesMutation, { input: { items: chosen.map((r) => ({ id: r.id, version: r.version })) } });
          setOutcome(summarize(committed(data.verifyArchives, 'verifyArchives'), names, text));
          setPicked(new Map());
          await Promise.all([queries.invalidateQueries({ queryKey: REVIEW_INBOX_KEY }), queries.invalidateQueries({ queryKey: ['customers'] })]);
        } catch (e) {
          message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
        } finally {
          setBusy(false);
        }
      },
    });

  return (
    <div>
      <div className="cic-page-title">
        <Space align="baseline">
          <h2>{t('review.title')}</h2>
          <Typography.Text type="secondary" data-testid="inbox-total">
            {inbox.isError ? '' : t('review.total', { n: inbox.data?.reviewInbox.totalCount ?? 0 })}
          </Typography.Text>
        </Space>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => inbox.refetch()}>
            {t('common.refresh')}
          </Button>
          <Button type="primary" icon={<CheckCircleOutlined />} disabled={!chosen.length} loading={busy} onClick={verify} data-testid="batch-verify">
            {t('review.batchVerify', { n: chosen.length })}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('review.hint')}</Typography.Paragraph>
      {outcome && <OutcomeReport outcome={outcome} onClose={() => setOutcome(null)} />}
      <Card>
        <ListError query={inbox} />
        <ListTable<Row>
          rows={rows}
          size="middle"
          loading={inbox.isFetching}
          locale={{ emptyText: t('review.empty') }}
          rowSelection={{
            selectedRowKeys: [...picked.keys()],
            preserveSelectedRowKeys: true,
            onChange: pick,
            getCheckboxProps: (r) => ({ disabled: !batchSelectable(r) }),
          }}
          data-testid="inbox-table"
          onChange={onSort(TIME_ORDERS, DEFAULT_ORDER, reorder)}
          columns={[
            {
              title: t('field.name'),
              dataIndex: 'name',
              render: (v: string | null, r) => (
                <Link to={`/archives/${r.id}`} data-testid="inbox-link">
                  {v ?? '—'}
                </Link>
              ),
            },
            { title: t('field.branch'), render: (_: unknown, r) => r.branch?.name ?? '—' },
            { title: t('field.manager'), render: (_: unknown, r) => (r.manager ? `${r.manager.name}（${r.manager.employeeNo}）` : t('review.noManager')) },
            {
              title: t('review.submittedAt'),
              dataIndex: 'submittedAt',
              ...serverSorted(TIME_ORDERS, order, 'submittedAt'),
              render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—'),
            },
            { title: t('review.evaluation'), render: (_: unknown, r) => <ViolationCountTags violations={r.evaluation?.violations} /> },
            textColumn<Row>({
              title: t('review.batch'),
              render: (_: unknown, r) =>
                batchSelectable(r) ? (
                  <Tag color="green">{t('review.batchAllowed')}</Tag>
                ) : r.verification.blockers.length ? (
                  <Tooltip title={r.verification.blockers.map(text).join('；')}>
                    <Typography.Text type="secondary">{r.verification.blockers.map(text).join('；')}</Typography.Text>
                  </Tooltip>
                ) : (
                  <Typography.Text type="secondary">{t('review.oneByOne')}</Typography.Text>
                ),
            }),
          ]}
        />
        <div style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', marginTop: 16 }}>
          <CursorPager cursors={cursors} pageInfo={inbox.data?.reviewInbox.pageInfo} />
        </div>
      </Card>
    </div>
  );
}
