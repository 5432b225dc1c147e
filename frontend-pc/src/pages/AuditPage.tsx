import { useState } from 'react';
import { Button, Card, Col, Form, Input, Row, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { client } from '../api/client';
import { AuditRecordsQuery } from '../api/operations';
import { useI18n } from '../i18n';
import { IDENTIFIER_KEYS, auditActionLabel, auditDetailWords, auditTargetLabel, fieldLabel } from '../lib/auditWords';
import { LoadMoreTable, useConnectionPages } from '../components/lists';
import type { TimeOrder } from '../gql/graphql';
import { onSort, serverSorted, type ColumnOrders } from '../lib/listOrder';

interface Filter {
  action?: string;
  actorUsername?: string;
  targetId?: string;
}

// The time header sorts through the API (`order`: newest first by default), from the first page.
const DEFAULT_ORDER: TimeOrder = 'TIME_DESC';
const TIME_ORDERS: ColumnOrders<TimeOrder> = { occurredAt: { ascend: 'TIME_ASC', descend: 'TIME_DESC' } };

export default function AuditPage() {
  const { t, locale } = useI18n();
  const [filter, setFilter] = useState<Filter>({});
  const [order, setOrder] = useState<TimeOrder>(DEFAULT_ORDER);
  const records = useConnectionPages({
    queryKey: ['audit', filter, order],
    read: (after) =>
      client.request(AuditRecordsQuery, {
        first: 50,
        after,
        action: filter.action || null,
        actorUsername: filter.actorUsername || null,
        targetId: filter.targetId || null,
        order,
      }),
    connection: (page) => page.auditRecords,
  });
  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('audit.title')}</h2>
      </div>
      <Card className="cic-filter" style={{ marginBottom: 16 }}>
        <Form layout="vertical" onFinish={(v: Filter) => setFilter(v)}>
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item name="action" label={t('audit.filter.action')}>
                <Input allowClear />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="actorUsername" label={t('audit.filter.actor')}>
                <Input allowClear />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="targetId" label={t('audit.filter.targetId')}>
                <Input allowClear className="cic-mono" />
              </Form.Item>
            </Col>
            <Col span={4} style={{ display: 'flex', alignItems: 'flex-end', paddingBottom: 12 }}>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card>
        <LoadMoreTable
          list={records}
          size="small"
          data-testid="audit-records"
          onChange={onSort(TIME_ORDERS, DEFAULT_ORDER, setOrder)}
          columns={[
            {
              title: t('audit.occurredAt'),
              dataIndex: 'occurredAt',
              width: 160,
              ...serverSorted(TIME_ORDERS, order, 'occurredAt', 'descend'),
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'),
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              width: 200,
              // In words; the action as written in its tooltip (what the action filter searches by).
              render: (v: string) => {
                const words = auditActionLabel(v, locale);
                return words ? <span title={`${t('audit.actionCode')}：${v}`} data-action={v}>{words}</span> : <Typography.Text code data-audit-ignore>{v}</Typography.Text>;
              },
            },
            { title: t('audit.actor'), width: 140, render: (_: unknown, r) => r.actorUsername ?? r.actorClientId ?? '—' },
            { title: t('audit.target'), width: 280, render: (_: unknown, r) => <span style={{ fontSize: 12 }}>{[r.targetType && (auditTargetLabel(r.targetType, locale) ?? r.targetType), r.targetId].filter(Boolean).join(' ')}</span> },
            { title: t('audit.field'), dataIndex: 'targetField', width: 100, render: (v: string | null) => (v ? (fieldLabel(v, locale) ?? v) : '—') },
            { title: t('audit.detail'), dataIndex: 'detail', render: (v: unknown, r) => (
                // Whole, wrapped within the column: an auditor reads every word of it.
                <span style={{ display: 'inline-block', maxWidth: 420, fontSize: 12, whiteSpace: 'normal' }}>
                  {Object.keys((v as Record<string, unknown> | null) ?? {}).map((key, i, keys) => {
                    const [label, words] = auditDetailWords({ [key]: (v as Record<string, unknown>)[key] }, locale, r.action)[0];
                    return (
                      <span key={key}>
                        {label}：{IDENTIFIER_KEYS.has(key) ? <span data-audit-ignore>{words}</span> : words}
                        {i < keys.length - 1 ? '；' : ''}
                      </span>
                    );
                  })}
                </span>
              ) },
          ]}
        />
      </Card>
    </div>
  );
}
