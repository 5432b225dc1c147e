// 数据仓库导入: `warehouseImports` (WAREHOUSE_READ: bank and province administrators, within their
// subtree), newest first (the time header sorts through the API, from the first page). Each import of a subject file: its bank, subject, business date, status,
// counts, the refusal reason in words, and the quarantined rows in an expandable row
// (docs/business-data.md).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { client } from '../api/client';
import { OrgUnitsQuery, WarehouseImportsQuery } from '../api/operations';
import type { WarehouseImportsQuery as Result, TimeOrder } from '../gql/graphql';
import { onSort, serverSorted, type ColumnOrders } from '../lib/listOrder';
import { enumLabel, useI18n } from '../i18n';
import { Notice } from '../components/common';
import { LoadMoreTable, useConnectionPages } from '../components/lists';
import { DataTable } from '../components/tables';

type Import = Result['warehouseImports']['edges'][number]['node'];

const PAGE = 20;
/** Quarantined rows listed per import (the API's `rejects(first:)`). */
export const REJECTS_SHOWN = 100;

const STATUS_COLORS: Record<string, string> = { RUNNING: 'processing', DONE: 'success', REFUSED: 'error', FAILED: 'error' };
const dt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm:ss') : '—');

function Rejects({ row }: { row: Import }) {
  const { t, locale } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={4}>
      <Typography.Text strong>{t('warehouse.rejects', { n: row.rejectedCount })}</Typography.Text>
      <DataTable
        size="small"
        rowKey="lineNo"
        pagination={false}
        dataSource={row.rejects}
        data-testid={`warehouse-rejects-${row.id}`}
        columns={[
          { title: t('warehouse.lineNo'), dataIndex: 'lineNo', width: 80 },
          { title: t('warehouse.rule'), dataIndex: 'code', width: 200, render: (v: string) => <Tooltip title={v}>{enumLabel(t, 'warehouseReject', v)}</Tooltip> },
          { title: t('warehouse.field'), dataIndex: 'field', width: 160, render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—') },
          { title: t('warehouse.message'), render: (_: unknown, r) => (locale === 'zh' ? r.message : r.messageEn) },
        ]}
      />
      {row.rejectedCount > row.rejects.length && <Typography.Text type="secondary">{t('warehouse.moreRejects', { n: row.rejects.length })}</Typography.Text>}
    </Space>
  );
}

const DEFAULT_ORDER: TimeOrder = 'TIME_DESC';
const TIME_ORDERS: ColumnOrders<TimeOrder> = { startedAt: { ascend: 'TIME_ASC', descend: 'TIME_DESC' } };

export default function WarehouseImportsPage() {
  const { t, locale } = useI18n();
  const [order, setOrder] = useState<TimeOrder>(DEFAULT_ORDER);
  const imports = useConnectionPages({
    queryKey: ['warehouseImports', order],
    read: (after) => client.request(WarehouseImportsQuery, { first: PAGE, after, rejects: REJECTS_SHOWN, order }),
    connection: (page) => page.warehouseImports,
  });
  // The banks' codes and names: the org units in the caller's scope (every staff member reads them).
  const units = useQuery({ queryKey: ['orgUnits', null], queryFn: () => client.request(OrgUnitsQuery, { rootId: null }), staleTime: 300_000 });
  const banks = new Map((units.data?.orgUnits ?? []).filter((u) => u.id === u.bankId).map((u) => [u.id, u]));
  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('warehouse.title')}</h2>
      </div>
      <Notice type="info" message={t('warehouse.hint')} />
      <Card>
        <LoadMoreTable
          list={imports}
          size="small"
          data-testid="warehouse-imports"
          locale={{ emptyText: t('warehouse.empty') }}
          rowClassName={(r) => `warehouse-row-${r.status.toLowerCase()}`}
          onChange={onSort(TIME_ORDERS, DEFAULT_ORDER, setOrder)}
          expandable={{
            rowExpandable: (r) => r.rejects.length > 0,
            expandedRowRender: (r) => <Rejects row={r} />,
          }}
          columns={[
            {
              title: t('warehouse.bank'),
              dataIndex: 'bankId',
              width: 80,
              render: (v: string) => {
                const bank = banks.get(v);
                return bank ? <Tooltip title={bank.name}>{bank.code}</Tooltip> : v;
              },
            },
            { title: t('warehouse.subject'), dataIndex: 'subject', width: 80, render: (v: string) => enumLabel(t, 'warehouseSubject', v) },
            { title: t('warehouse.businessDate'), dataIndex: 'businessDate', width: 110 },
            {
              title: t('warehouse.file'),
              dataIndex: 'fileName',
              width: 230,
              render: (v: string | null, r) => (
                <Space direction="vertical" size={0}>
                  <span className="cic-mono" style={{ fontSize: 12, whiteSpace: 'nowrap' }} data-testid="warehouse-file">
                    {v ?? r.source}
                  </span>
                  {r.encoding && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.encoding}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: t('warehouse.status'),
              dataIndex: 'status',
              width: 80,
              render: (v: string) => (
                <Tag color={STATUS_COLORS[v]} data-testid="warehouse-status">
                  {enumLabel(t, 'warehouseStatus', v)}
                </Tag>
              ),
            },
            {
              title: <Tooltip title={t('warehouse.countsHint')}>{t('warehouse.counts')}</Tooltip>,
              width: 150,
              render: (_: unknown, r) => (
                <span className="cic-mono" style={{ whiteSpace: 'nowrap' }} data-testid="warehouse-counts">
                  {r.recordCount} / {r.importedCount} / <Typography.Text type={r.rejectedCount ? 'danger' : undefined}>{r.rejectedCount}</Typography.Text> / {r.unmatchedCount}
                </span>
              ),
            },
            {
              title: t('warehouse.reason'),
              render: (_: unknown, r) =>
                r.errorCode || r.errorMessage ? (
                  <Space direction="vertical" size={0} data-testid="warehouse-reason">
                    {r.errorCode && <Typography.Text type="danger">{enumLabel(t, 'warehouseError', r.errorCode)}</Typography.Text>}
                    {(locale === 'zh' ? r.errorMessage : r.errorMessageEn) && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {locale === 'zh' ? r.errorMessage : r.errorMessageEn}
                      </Typography.Text>
                    )}
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: t('warehouse.time'),
              dataIndex: 'startedAt',
              width: 170,
              ...serverSorted(TIME_ORDERS, order, 'startedAt', 'descend'),
              render: (v: string, r) => (
                <Space direction="vertical" size={0} style={{ fontSize: 12 }}>
                  <span>{dt(v)}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.finishedAt ? t('warehouse.finished', { at: dt(r.finishedAt) }) : enumLabel(t, 'warehouseStatus', r.status)}
                  </Typography.Text>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
