// 客户分析模型 (/segments, MODEL_READ: every member of staff; docs/marketing.md): the models shared
// down to the caller's unit and those defined within its subtree, each with its owner and level,
// status, members within the caller's scope and when it was last evaluated (Beijing time); the
// retired ones on request. A model administrator (MODEL_ADMIN) defines a new model of their own
// unit in the condition builder's drawer and lands on its page.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Switch, Typography } from 'antd';
import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { client } from '../api/client';
import { SegmentModelsQuery } from '../api/operations';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { beijingTime } from '../lib/approvals';
import { OwnerCell, SEGMENTS_KEY, SegmentModelDrawer, SegmentStatusTag, type SegmentModel } from '../components/segments';
import { ListError } from '../components/lists';
import { DataTable, Ellipsis } from '../components/tables';

export default function SegmentModelsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const [retired, setRetired] = useState(false);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: [...SEGMENTS_KEY, 'list', retired],
    queryFn: () => client.request(SegmentModelsQuery, { status: retired ? null : 'ACTIVE' }),
  });
  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('segments.title')}</h2>
        <Space size={16}>
          <label className="cic-switch-label">
            <Switch size="small" checked={retired} onChange={setRetired} data-testid="show-retired" />
            {t('segments.showRetired')}
          </label>
          {can('MODEL_ADMIN') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-segment">
              {t('segments.new')}
            </Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('segments.hint')}</Typography.Paragraph>
      <Card>
        <ListError query={list} />
        <DataTable<SegmentModel>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          pagination={false}
          dataSource={list.isError ? [] : (list.data?.segmentModels ?? [])}
          locale={{ emptyText: t('segments.empty') }}
          data-testid="segments-table"
          onRow={(m) => ({ 'data-testid': 'segment-row', 'data-name': m.name }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('segments.name'),
              dataIndex: 'name',
              render: (name: string, m) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/segments/${m.id}`} data-testid="segment-link">
                    {name}
                  </Link>
                  {m.description && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      <Ellipsis width={360}>{m.description}</Ellipsis>
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            { title: t('segments.owner'), key: 'owner', width: 260, render: (_: unknown, m) => <OwnerCell owner={m.owner} /> },
            { title: t('common.status'), dataIndex: 'status', width: 100, render: (v: string) => <SegmentStatusTag status={v} /> },
            {
              title: t('segments.members'),
              dataIndex: 'memberCount',
              width: 110,
              align: 'right',
              render: (n: number) => <span data-testid="segment-member-count">{n.toLocaleString('zh-CN')}</span>,
            },
            {
              title: t('segments.evaluatedAt'),
              dataIndex: 'evaluatedAt',
              width: 160,
              render: (v: string | null) => (v ? beijingTime(v) : <Typography.Text type="secondary">{t('segments.notEvaluated')}</Typography.Text>),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 90,
              render: (_: unknown, m) => (
                <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => navigate(`/segments/${m.id}`)} data-testid="segment-view">
                  {t('segments.view')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {creating && <SegmentModelDrawer model={null} onClose={() => setCreating(false)} onSaved={(m) => navigate(`/segments/${m.id}`)} />}
    </div>
  );
}
