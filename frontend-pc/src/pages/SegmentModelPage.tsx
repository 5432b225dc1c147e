// A segment model (/segments/:id, MODEL_READ; docs/marketing.md): its owner, status, condition in
// words and members within the caller's scope; the members per branch as a ranking (most first),
// the members on each evaluated day of the last 90 as a line, and the member list (archives, the
// field policy applies: masked ID numbers), read page after page. The list is refused (FORBIDDEN)
// when the model tests a field the caller's role may not see: a notice says so, the counts stay.
// The owning unit's model administrators change (drawer), re-evaluate and retire the model.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Progress, Result, Row, Space, Spin, Statistic } from 'antd';
import { EditOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { ApiError, client, committed } from '../api/client';
import { EvaluateSegmentModelMutation, RetireSegmentModelMutation, SegmentModelMembersQuery, SegmentModelQuery } from '../api/operations';
import type { SegmentModelMembersQuery as MembersResult } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { beijingTime } from '../lib/approvals';
import { rankUnits, trendOption } from '../lib/segments';
import { Chart } from '../components/Chart';
import { BlacklistedTag, Notice, StatusTag } from '../components/common';
import { LoadMoreTable, useConnectionPages } from '../components/lists';
import { ConditionText, OwnerCell, SEGMENTS_KEY, SegmentModelDrawer, SegmentStatusTag, marketingErrorText, useSegmentFields } from '../components/segments';
import { ListError } from '../components/lists';
import { DataTable } from '../components/tables';

type Member = NonNullable<MembersResult['segmentModel']>['members']['edges'][number]['node'];

const PAGE = 50;
const NO_MEMBERS = { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };

/** The member list, or why the caller's role may not read it. */
function Members({ id }: { id: string }) {
  const { t } = useI18n();
  const members = useConnectionPages({
    queryKey: [...SEGMENTS_KEY, 'members', id],
    read: (after) => client.request(SegmentModelMembersQuery, { id, first: PAGE, after }),
    connection: (page) => page.segmentModel?.members ?? NO_MEMBERS,
  });
  const forbidden = members.error instanceof ApiError && members.error.code === 'FORBIDDEN';
  return (
    <Card title={t('segments.memberList')} data-testid="segment-members-card">
      {forbidden ? (
        <Alert type="warning" showIcon message={t('segments.membersForbidden')} description={t('segments.membersForbiddenHint')} data-testid="segment-members-forbidden" />
      ) : (
        <>
          <LoadMoreTable<Member>
            list={members}
            size="small"
            locale={{ emptyText: t('segments.noMembers') }}
            data-testid="segment-members"
            columns={[
              {
                title: t('archives.col.name'),
                dataIndex: 'name',
                render: (name: string | null, m) => (
                  <Space size={4}>
                    <Link to={`/archives/${m.id}`} data-testid="segment-member-link">
                      {name ?? '—'}
                    </Link>
                    {m.blacklisted && <BlacklistedTag />}
                  </Space>
                ),
              },
              { title: t('archives.col.idNumber'), dataIndex: 'idNumber', render: (v: string | null) => <span className="cic-masked">{v ?? '—'}</span> },
              { title: t('archives.col.branch'), key: 'branch', render: (_: unknown, m) => m.branch?.name ?? '—' },
              { title: t('archives.col.manager'), key: 'manager', render: (_: unknown, m) => m.manager?.name ?? '—' },
              { title: t('archives.col.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
            ]}
          />
        </>
      )}
    </Card>
  );
}

export default function SegmentModelPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { index } = useSegmentFields();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<'evaluate' | 'retire' | null>(null);
  const result = useQuery({ queryKey: [...SEGMENTS_KEY, 'model', id], queryFn: () => client.request(SegmentModelQuery, { id }) });
  const model = result.data?.segmentModel;
  if (result.isLoading) return <Spin />;
  if (!model) {
    return result.error ? <ListError query={result} /> : <Result status="404" title={t('segments.notFound')} extra={<Button onClick={() => navigate('/segments')}>{t('segments.title')}</Button>} />;
  }
  const canEdit = can('MODEL_ADMIN') && model.viewerCanEdit && model.status === 'ACTIVE';
  const ranking = rankUnits(model.countsByUnit);

  /** Run a model mutation; its refusals as a message (they name no field a screen here shows). */
  const run = async (kind: 'evaluate' | 'retire') => {
    setBusy(kind);
    try {
      const data = kind === 'evaluate' ? (await client.request(EvaluateSegmentModelMutation, { id })).evaluateSegmentModel : (await client.request(RetireSegmentModelMutation, { id })).retireSegmentModel;
      const payload = committed(data, kind === 'evaluate' ? 'evaluateSegmentModel' : 'retireSegmentModel');
      if (payload.errors.length || !payload.model) {
        message.error(payload.errors.map((e) => marketingErrorText(e, index, t)).join('；') || t('common.failed'));
      } else {
        message.success(kind === 'evaluate' ? t('segments.evaluated', { n: payload.model.memberCount }) : t('segments.retired'));
      }
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setBusy(null);
      await queries.invalidateQueries({ queryKey: SEGMENTS_KEY });
    }
  };

  const retire = () =>
    modal.confirm({
      title: t('segments.retireTitle'),
      content: t('segments.retireConfirm', { name: model.name }),
      okText: t('segments.retire'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => run('retire'),
    });

  return (
    <div>
      <div className="cic-page-title">
        <Space>
          <Button type="text" onClick={() => navigate('/segments')}>
            ← {t('common.back')}
          </Button>
          <h2 data-testid="segment-name">{model.name}</h2>
          <SegmentStatusTag status={model.status} />
        </Space>
        {canEdit && (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="segment-edit">
              {t('segments.edit')}
            </Button>
            <Button icon={<ReloadOutlined />} loading={busy === 'evaluate'} onClick={() => run('evaluate')} data-testid="segment-evaluate">
              {t('segments.evaluate')}
            </Button>
            <Button danger icon={<StopOutlined />} loading={busy === 'retire'} onClick={retire} data-testid="segment-retire">
              {t('segments.retire')}
            </Button>
          </Space>
        )}
      </div>
      {!model.viewerCanEdit && <Notice type="info" message={t('segments.readOnly', { owner: model.owner?.name ?? t('segments.ownerAbove') })} data-testid="segment-read-only" />}
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={24} wrap={false}>
          <Col flex="220px">
            <Space direction="vertical" size={12}>
              <Statistic title={t('segments.inScope')} value={model.memberCount} valueRender={(node) => <span data-testid="segment-member-count">{node}</span>} />
              <Statistic title={t('segments.branches')} value={ranking.length} valueRender={(node) => <span data-testid="segment-branch-count">{node}</span>} />
            </Space>
          </Col>
          <Col flex="auto">
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('segments.owner')}>
                <OwnerCell owner={model.owner} />
              </Descriptions.Item>
              <Descriptions.Item label={t('segments.version')}>{t('segments.versionN', { v: model.version })}</Descriptions.Item>
              <Descriptions.Item label={t('segments.evaluatedAt')}>
                <span data-testid="segment-evaluated-at">{model.evaluatedAt ? beijingTime(model.evaluatedAt) : t('segments.notEvaluated')}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('segments.reminder')}>
                <span data-testid="segment-reminder">{model.reminder || t('common.none')}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('segments.description')} span={2}>
                {model.description || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('segments.condition')} span={2}>
                <ConditionText condition={model.condition} />
              </Descriptions.Item>
            </Descriptions>
          </Col>
        </Row>
      </Card>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={10}>
          <Card title={t('segments.byUnit')} style={{ height: '100%' }}>
            <DataTable
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ y: 200 }}
              dataSource={ranking}
              locale={{ emptyText: t('segments.noCounts') }}
              data-testid="segment-by-unit"
              onRow={(r) => ({ 'data-testid': 'segment-unit-row', 'data-unit': r.id }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('segments.rank'), dataIndex: 'rank', width: 56, align: 'right' },
                { title: t('segments.unit'), dataIndex: 'name', ellipsis: true },
                { title: t('segments.members'), dataIndex: 'members', width: 90, align: 'right', render: (n: number) => <span data-testid="segment-unit-members">{n}</span> },
                {
                  title: t('segments.share'),
                  dataIndex: 'share',
                  width: 130,
                  render: (share: number) => <Progress aria-label={`${share.toFixed(1)}%`} percent={Number(share.toFixed(1))} size="small" strokeColor="#0f7a5c" format={(p) => `${p}%`} />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col span={14}>
          <Card title={t('segments.trend')} className="cic-chart-card" style={{ height: '100%' }}>
            {model.trend.length ? (
              <Chart testId="segment-trend" height={240} option={trendOption(model.trend, t('segments.members'))} />
            ) : (
              <Empty description={t('segments.noTrend')} data-testid="segment-trend-empty" />
            )}
          </Card>
        </Col>
      </Row>
      <Members id={model.id} />
      {editing && (
        <SegmentModelDrawer
          model={model}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void result.refetch();
          }}
        />
      )}
    </div>
  );
}
