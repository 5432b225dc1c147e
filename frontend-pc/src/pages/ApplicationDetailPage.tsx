// 授信申请详情 (/applications/:id): what was asked (customer, product, amount, term, repayment,
// purpose, the reason for going above the recommendation), the rating it was made under and the
// customer's rating now with its explanation, the attached photos, the quota once granted, the
// history as a timeline (UTC+8) and the BPMN diagram with the steps done and waiting marked. The
// buttons are the open tasks' and the application's `viewerCan`; after a step everything is read
// again, so the diagram moves on.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Empty, Image, Result, Row, Space, Spin, Tabs, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { formatYuan } from '@cic/shared/business';
import { client } from '../api/client';
import { ApplicationQuery } from '../api/operations';
import type { ApplicationDetailFieldsFragment } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { useSession } from '../session';
import { beijingTime, timelineEntries } from '../lib/approvals';
import { gradeLabel } from '../lib/ratingAnalysis';
import { APPROVALS_KEY, ApplicationStatusTag, OverdueTag, QuotaStatusTag, TaskStatusTag } from '../components/approvals';
import { ActionDialog, ApplicantButtons, QuotaButtons, TaskButtons, type Dialog } from '../components/ApplicationActions';
import { BpmnDiagram } from '../components/BpmnDiagram';
import { RatingExplanation } from '../components/RatingTab';
import { useGradeScale } from '../components/ratingViews';
import { ListError } from '../components/lists';

type Application = ApplicationDetailFieldsFragment;
type Task = Application['tasks'][number];

const OPEN_TASK = new Set(['OPEN', 'CLAIMED', 'SUSPENDED']);

function Summary({ app }: { app: Application }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { scale } = useGradeScale(me?.orgUnit?.bankId ?? null);
  const grade = app.grade ? (app.rating && app.rating.grade === app.grade ? app.rating.gradeLabel : gradeLabel(scale, app.grade)) : '—';
  return (
    <Descriptions size="small" column={3} bordered data-testid="application-summary">
      <Descriptions.Item label={t('appr.customer')}>
        {app.customer ? (
          <Link to={`/archives/${app.customer.id}`} data-testid="application-customer">
            {app.customer.name}
          </Link>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('appr.product')}>
        <span data-testid="application-product">{app.product ? `${app.product.name}（${t('appr.versionN', { v: app.product.version })}）` : app.productCode}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('common.status')}>
        <ApplicationStatusTag status={app.status} />
      </Descriptions.Item>
      <Descriptions.Item label={t('appr.amount')}>
        <span data-testid="application-amount">{formatYuan(app.amount)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('appr.term')}>{t('appr.months', { n: app.term })}</Descriptions.Item>
      <Descriptions.Item label={t('appr.repayment')}>{enumLabel(t, 'repayment', app.repaymentMethod)}</Descriptions.Item>
      <Descriptions.Item label={t('appr.rate')} span={3}>
        <span data-testid="application-rate">{app.rate}%</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('appr.purpose')} span={3}>
        {app.purpose}
      </Descriptions.Item>
      {app.overReason && (
        <Descriptions.Item label={t('appr.overReason')} span={3}>
          <span data-testid="application-over-reason">{app.overReason}</span>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('appr.gradeAtSubmission')}>
        <span data-testid="application-grade">
          {grade}
          {app.score !== null && app.score !== undefined ? ` · ${t('appr.scoreN', { n: app.score })}` : ''}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('appr.recommendedQuota')}>{formatYuan(app.recommendedQuota)}</Descriptions.Item>
      <Descriptions.Item label={t('appr.channel')}>{enumLabel(t, 'applicationChannel', app.channel)}</Descriptions.Item>
      {(app.approvedAmount || app.approvedTerm) && (
        <Descriptions.Item label={t('appr.approvedSoFar')} span={3}>
          <span data-testid="application-approved">
            {formatYuan(app.approvedAmount)} · {app.approvedTerm ? t('appr.months', { n: app.approvedTerm }) : '—'}
          </span>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('appr.applicant')}>{app.applicant?.name ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('field.branch')}>{app.branch?.name ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('appr.createdAt')}>{beijingTime(app.createdAt)}</Descriptions.Item>
      {app.sampled && (
        <Descriptions.Item label={t('appr.sampled')} span={3}>
          <Tag color="purple">{t('appr.sampledHint')}</Tag>
        </Descriptions.Item>
      )}
      {app.decidedAt && <Descriptions.Item label={t('appr.decidedAt')}>{beijingTime(app.decidedAt)}</Descriptions.Item>}
    </Descriptions>
  );
}

function TaskCard({ tasks, onOpen, onDone }: { tasks: readonly Task[]; onOpen: (d: Dialog) => void; onDone: () => Promise<unknown> }) {
  const { t } = useI18n();
  const open = tasks.filter((task) => OPEN_TASK.has(task.status));
  if (!open.length) return null;
  return (
    <Card size="small" title={t('appr.currentSteps')} data-testid="current-tasks">
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        {open.map((task) => (
          <div key={task.id} data-testid="current-task">
            <Space wrap size={8} style={{ marginBottom: 8 }}>
              <strong data-testid="current-task-name">{task.name}</strong>
              <TaskStatusTag status={task.status} />
              {task.overdue && <OverdueTag />}
              <Typography.Text type="secondary">
                {task.claimedBy ? t('appr.claimedBy', { name: task.claimedBy.name }) : t('appr.unclaimed')}
                {' · '}
                {t('appr.since', { at: beijingTime(task.createdAt) })}
                {task.dueAt ? ` · ${t('appr.due', { at: beijingTime(task.dueAt) })}` : ''}
              </Typography.Text>
            </Space>
            <TaskButtons task={task} onOpen={onOpen} onDone={onDone} />
          </div>
        ))}
      </Space>
    </Card>
  );
}

function QuotaCard({ app, onOpen }: { app: Application; onOpen: (d: Dialog) => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const quota = app.quota;
  if (!quota) return null;
  return (
    <Card size="small" title={t('appr.quota')} extra={can('QUOTA_ADMIN') ? <QuotaButtons quota={quota} onOpen={onOpen} /> : null} data-testid="quota-card">
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('common.status')}>
          <QuotaStatusTag status={quota.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('appr.quotaAmount')}>
          <span data-testid="quota-amount">{formatYuan(quota.amount)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('appr.quotaUsed')}>{formatYuan(quota.usedAmount)}</Descriptions.Item>
        <Descriptions.Item label={t('appr.quotaAvailable')}>{formatYuan(quota.availableAmount)}</Descriptions.Item>
        <Descriptions.Item label={t('appr.term')}>{t('appr.months', { n: quota.term })}</Descriptions.Item>
        <Descriptions.Item label={t('appr.rate')}>{quota.rate}%</Descriptions.Item>
        <Descriptions.Item label={t('appr.repayment')}>{enumLabel(t, 'repayment', quota.repaymentMethod)}</Descriptions.Item>
        <Descriptions.Item label={t('appr.validity')}>
          {quota.validFrom} ~ {quota.validTo}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function HistoryTimeline({ app }: { app: Application }) {
  const { t } = useI18n();
  const entries = timelineEntries(app.history, t, formatYuan);
  if (!entries.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="application-history"
      items={entries.map((e) => ({
        key: e.key,
        color: e.color,
        content: (
          <div data-testid="history-entry">
            <div>
              <strong data-testid="history-action">{e.title}</strong>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <span data-testid="history-actor">{e.who}</span> · {e.at}
            </Typography.Text>
            {e.amount && <div data-testid="history-amount">{e.amount}</div>}
            {e.comment && (
              <div style={{ color: '#595959' }} data-testid="history-comment">
                {e.comment}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

function Attachments({ app }: { app: Application }) {
  const { t } = useI18n();
  if (!app.attachments.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appr.noAttachments')} />;
  return (
    <Image.PreviewGroup>
      <Space wrap size={12} data-testid="application-attachments">
        {app.attachments.map((img) => (
          <Space key={img.id} direction="vertical" size={4} align="center">
            {img.thumbnailUrl ? (
              <Image width={140} height={105} style={{ objectFit: 'cover' }} src={img.thumbnailUrl} preview={img.url ? { src: img.url } : false} alt={img.kindLabel} />
            ) : (
              <div style={{ width: 140, height: 105, background: '#f5f5f5', display: 'grid', placeItems: 'center' }}>{enumLabel(t, 'images.status', img.status)}</div>
            )}
            <Typography.Text style={{ fontSize: 12 }}>{img.kindLabel}</Typography.Text>
          </Space>
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

export default function ApplicationDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const query = useQuery({
    queryKey: [...APPROVALS_KEY, 'application', id],
    queryFn: () => client.request(ApplicationQuery, { id }),
    staleTime: 0,
  });
  const app = query.data?.application;
  if (query.isLoading) return <Spin />;
  if (query.error) return <ListError query={query} />;
  if (!app) return <Result status="404" title={t('appr.notFound')} />;
  const refetch = () => query.refetch();

  return (
    <div>
      <div className="cic-page-title">
        <Space align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
            {t('common.back')}
          </Button>
          <h2 style={{ margin: 0 }}>
            {t('appr.detail.title')} <span className="cic-mono" data-testid="application-number">{app.number}</span>
          </h2>
          <ApplicationStatusTag status={app.status} />
        </Space>
        <ApplicantButtons application={app} onOpen={setDialog} />
      </div>
      <Row gutter={16}>
        <Col span={15}>
          <Space direction="vertical" style={{ width: '100%' }} size={16}>
            <Card size="small" title={t('appr.detail.summary')}>
              <Summary app={app} />
            </Card>
            <TaskCard tasks={app.tasks} onOpen={setDialog} onDone={refetch} />
            <QuotaCard app={app} onOpen={setDialog} />
            <Card
              size="small"
              title={t('appr.detail.diagram')}
              extra={
                app.process ? (
                  <Typography.Text type="secondary" data-testid="process-name">
                    {app.process.definition.name} · {t('appr.versionN', { v: app.process.definition.version })}
                  </Typography.Text>
                ) : null
              }
            >
              {app.process ? <BpmnDiagram xml={app.process.bpmnXml} instance={app.process} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
            </Card>
          </Space>
        </Col>
        <Col span={9}>
          <Card size="small" title={t('appr.detail.history')}>
            <HistoryTimeline app={app} />
          </Card>
        </Col>
      </Row>
      <Card size="small" style={{ marginTop: 16 }}>
        <Tabs
          items={[
            {
              key: 'rating',
              label: t('appr.detail.rating'),
              children: app.rating ? (
                <Space direction="vertical" style={{ width: '100%' }} size={16} data-testid="rating">
                  <Typography.Text type="secondary">{t('appr.detail.ratingHint')}</Typography.Text>
                  <RatingExplanation rating={app.rating} />
                </Space>
              ) : (
                <Empty description={t('rating.none')} />
              ),
            },
            { key: 'attachments', label: t('appr.detail.attachments', { n: app.attachments.length }), children: <Attachments app={app} /> },
          ]}
        />
      </Card>
      {dialog && <ActionDialog key={JSON.stringify(dialog.kind)} dialog={dialog} application={app} onClose={() => setDialog(null)} />}
    </div>
  );
}
