// 待复核申请 (dual control, docs/security.md): requests that take a second administrator (accounts
// and role grants that can read personal data, rule set and scorecard publications), filtered by status and
// keyset-paged. Approve / reject (with a reason) where `viewerCanDecide`, withdraw where
// `viewerIsRequester`; auditors read. An approved publication shows the re-evaluation of the
// archives it started (`evaluationRun`), polled until it has ended.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Segmented, Space, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, RollbackOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, client, committed } from '../api/client';
import { ApprovePendingChangeMutation, CancelPendingChangeMutation, PendingChangesQuery, RejectPendingChangeMutation } from '../api/operations';
import type { ChangeStatus, PendingChangeFieldsFragment, TimeOrder } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { REJECT_REASON, runFinished } from '../lib/fourEyes';
import type { UserError as PayloadError } from '@cic/shared/userErrors';
import { ChangeStatusTag, EvaluationRunProgress, PENDING_CHANGES_KEY, RUN_POLL_MS, RoleTags, useEvaluationRun } from '../components/fourEyes';
import { Notice } from '../components/common';
import { LoadMoreTable, useConnectionPages } from '../components/lists';
import { SCORECARDS_KEY } from '../components/ratingViews';
import { onSort, serverSorted, type ColumnOrders } from '../lib/listOrder';

type Change = PendingChangeFieldsFragment;
const STATUSES: ChangeStatus[] = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED'];
// The requested-at header sorts through the API (`order`: newest first by default), from the first page.
const DEFAULT_ORDER: TimeOrder = 'TIME_DESC';
const TIME_ORDERS: ColumnOrders<TimeOrder> = { requestedAt: { ascend: 'TIME_ASC', descend: 'TIME_DESC' } };
const dt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

function Target({ change }: { change: Change }) {
  const { t } = useI18n();
  if (change.kind === 'RULE_SET_PUBLISH') {
    return (
      <Space direction="vertical" size={0}>
        <Link to="/rules">{change.name ?? '—'}</Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {change.ruleSetScope === 'PROVINCE' ? t('rules.baselineEditable') : t('rules.bank')} · {t('rules.version', { v: change.ruleSetVersion ?? '—' })}
        </Typography.Text>
        {change.evaluationRun && <EvaluationRunProgress run={change.evaluationRun} width={140} />}
      </Space>
    );
  }
  if (change.kind === 'SCORECARD_PUBLISH') {
    return (
      <Space direction="vertical" size={0} data-testid="scorecard-target">
        <Link to={`/scorecards/${change.targetId}`}>{change.name ?? '—'}</Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {change.scorecardScope === 'PROVINCE' ? t('scorecards.provinceCard') : (change.scorecardBank ?? t('scorecards.bankCard'))} ·{' '}
          {t('scorecards.versionN', { v: change.scorecardVersion ?? '—' })}
        </Typography.Text>
      </Space>
    );
  }
  return (
    <Space direction="vertical" size={2}>
      <span>
        {change.name ?? '—'} <span className="cic-mono">{change.username}</span>
      </span>
      {change.kind === 'STAFF_ROLES_GRANT' && change.previousRoles.length > 0 && (
        <span style={{ fontSize: 12 }}>
          <Typography.Text type="secondary">{t('approvals.previousRoles')}</Typography.Text> <RoleTags roles={change.previousRoles} />
        </span>
      )}
      <span style={{ fontSize: 12 }}>
        <Typography.Text type="secondary">{t('approvals.roles')}</Typography.Text> <RoleTags roles={change.roles} />
      </span>
    </Space>
  );
}

export default function ApprovalsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [status, setStatus] = useState<ChangeStatus>('PENDING');
  const [order, setOrder] = useState<TimeOrder>(DEFAULT_ORDER);
  const [rejecting, setRejecting] = useState<Change | null>(null);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  // The publication this administrator just approved: its re-evaluation is followed above the list.
  const [published, setPublished] = useState<{ name: string; runId: string | null } | null>(null);
  const publishedRun = useEvaluationRun(published?.runId);
  const list = useConnectionPages({
    queryKey: [...PENDING_CHANGES_KEY, status, 'list', order],
    read: (after) => client.request(PendingChangesQuery, { status, first: 50, after, order }),
    connection: (page) => page.pendingChanges,
    staleTime: 0,
    // Approved publications whose re-evaluation is still running are polled until it ends.
    refetchInterval: (changes) => (changes.some((c) => c.evaluationRun && !runFinished(c.evaluationRun)) ? RUN_POLL_MS * 2 : false),
  });
  const text = (e: PayloadError) => (locale === 'zh' ? e.message : e.messageEn);

  /** Run a decision: null when the API took it (lists, accounts, rule sets and scorecards are refreshed), else its errors. */
  const decide = async (
    run: () => Promise<{ errors: PayloadError[]; change?: Change | null }>,
    done: string,
    onDone?: (change: Change | null | undefined) => void,
  ): Promise<PayloadError[] | null> => {
    try {
      const payload = await run();
      if (payload.errors.length) return payload.errors;
      message.success(done);
      onDone?.(payload.change);
      // The decision may change accounts, roles and rule sets too.
      await Promise.all([
        queries.invalidateQueries({ queryKey: PENDING_CHANGES_KEY }),
        queries.invalidateQueries({ queryKey: ['staffUsers'] }),
        queries.invalidateQueries({ queryKey: ['ruleSets'] }),
        queries.invalidateQueries({ queryKey: SCORECARDS_KEY }),
      ]);
      return null;
    } catch (e) {
      return [{ code: 'FAILED', message: e instanceof ApiError ? e.display('zh') : t('common.failed'), messageEn: e instanceof ApiError ? e.display('en') : t('common.failed') }];
    }
  };
  const show = (errors: PayloadError[] | null) => {
    if (errors) message.error(errors.map(text).join('；'));
  };

  const approve = async (c: Change) =>
    show(
      await decide(
        async () => committed((await client.request(ApprovePendingChangeMutation, { id: c.id })).approvePendingChange, 'approvePendingChange'),
        c.kind === 'RULE_SET_PUBLISH' ? t('approvals.approvedPublish') : c.kind === 'SCORECARD_PUBLISH' ? t('approvals.approvedScorecard') : t('approvals.approved'),
        (change) => {
          if (c.kind === 'RULE_SET_PUBLISH') setPublished({ name: c.name ?? '', runId: change?.evaluationRun?.id ?? null });
        },
      ),
    );
  const withdraw = async (c: Change) =>
    show(await decide(async () => committed((await client.request(CancelPendingChangeMutation, { id: c.id })).cancelPendingChange, 'cancelPendingChange'), t('approvals.withdrawn')));
  const reject = async () => {
    const values = await reasonForm.validateFields().catch(() => null); // the form shows what is missing
    if (!values) return;
    const reason = values.reason;
    const errors = await decide(
      async () => committed((await client.request(RejectPendingChangeMutation, { input: { id: rejecting!.id, reason: reason.trim() } })).rejectPendingChange, 'rejectPendingChange'),
      t('approvals.rejected'),
    );
    if (!errors) {
      setRejecting(null);
      return;
    }
    const onReason = errors.filter((e) => e.field === 'reason');
    const rest = errors.filter((e) => e.field !== 'reason');
    if (onReason.length) reasonForm.setFields([{ name: 'reason', errors: onReason.map(text) }]);
    if (rest.length) show(rest);
  };

  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('approvals.title')}</h2>
        <Segmented<ChangeStatus>
          value={status}
          onChange={setStatus}
          options={STATUSES.map((s) => ({ value: s, label: enumLabel(t, 'changeStatus', s) }))}
          data-testid="approvals-status"
        />
      </div>
      <Typography.Paragraph type="secondary">{t('approvals.hint')}</Typography.Paragraph>
      {published && (
        <Notice
          type={runFinished(publishedRun) ? (publishedRun?.status === 'FAILED' ? 'error' : 'success') : 'info'}
          closable
          onClose={() => setPublished(null)}
          data-testid="approved-publication"
          message={t(
            publishedRun?.status === 'DONE' ? 'approvals.publishedRunDone' : publishedRun?.status === 'FAILED' ? 'approvals.publishedRunFailed' : 'approvals.publishedRun',
            { name: published.name },
          )}
          description={publishedRun ? <EvaluationRunProgress run={publishedRun} width={320} /> : t('approvals.runStarting')}
        />
      )}
      <Card>
        <LoadMoreTable<Change>
          list={list}
          size="middle"
          locale={{ emptyText: t('approvals.empty') }}
          data-testid="approvals-table"
          onChange={onSort(TIME_ORDERS, DEFAULT_ORDER, setOrder)}
          columns={[
            { title: t('approvals.kind'), dataIndex: 'kind', width: 130, render: (v: string) => enumLabel(t, 'changeKind', v) },
            { title: t('approvals.target'), render: (_: unknown, c) => <Target change={c} /> },
            { title: t('approvals.requestedBy'), width: 110, render: (_: unknown, c) => c.requestedBy?.name ?? '—' },
            {
              title: t('approvals.requestedAt'),
              dataIndex: 'requestedAt',
              width: 140,
              ...serverSorted(TIME_ORDERS, order, 'requestedAt', 'descend'),
              render: dt,
            },
            { title: t('common.status'), dataIndex: 'status', width: 90, render: (v: string) => <ChangeStatusTag status={v} /> },
            {
              title: t('approvals.decided'),
              width: 150,
              render: (_: unknown, c) => (c.decidedAt ? `${c.decidedBy?.name ?? '—'} · ${dt(c.decidedAt)}` : '—'),
            },
            { title: t('approvals.note'), dataIndex: 'decisionNote', render: (v: string | null) => <span data-testid="change-note">{v ?? '—'}</span> },
            {
              title: t('common.actions'),
              width: 170,
              render: (_: unknown, c) =>
                c.status !== 'PENDING' ? null : (
                  <Space size={0}>
                    {c.viewerCanDecide && (
                      <Popconfirm title={t('approvals.approveConfirm')} onConfirm={() => approve(c)} okButtonProps={{ id: 'approve-confirm' }}>
                        <Button size="small" type="link" icon={<CheckOutlined />} data-testid="approve-change">
                          {t('approvals.approve')}
                        </Button>
                      </Popconfirm>
                    )}
                    {c.viewerCanDecide && (
                      <Button
                        size="small"
                        type="link"
                        danger
                        icon={<CloseOutlined />}
                        onClick={() => {
                          reasonForm.resetFields();
                          setRejecting(c);
                        }}
                        data-testid="reject-change"
                      >
                        {t('approvals.reject')}
                      </Button>
                    )}
                    {c.viewerIsRequester && (
                      <Popconfirm title={t('approvals.withdrawConfirm')} onConfirm={() => withdraw(c)}>
                        <Button size="small" type="link" icon={<RollbackOutlined />} data-testid="withdraw-change">
                          {t('approvals.withdraw')}
                        </Button>
                      </Popconfirm>
                    )}
                    {!c.viewerCanDecide && !c.viewerIsRequester && <Typography.Text type="secondary">{t('approvals.readOnly')}</Typography.Text>}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        open={rejecting !== null}
        title={t('approvals.rejectTitle')}
        onCancel={() => setRejecting(null)}
        onOk={reject}
        okText={t('approvals.reject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, id: 'reject-confirm' }}
        destroyOnHidden
      >
        {rejecting && (
          <Typography.Paragraph>
            {enumLabel(t, 'changeKind', rejecting.kind)} · {rejecting.name ?? ''} {rejecting.username ?? ''}
          </Typography.Paragraph>
        )}
        <Form form={reasonForm} layout="vertical">
          <Form.Item
            name="reason"
            label={t('approvals.rejectReason')}
            rules={[
              { required: true, whitespace: true, message: t('validation.required') },
              { min: REJECT_REASON.min, max: REJECT_REASON.max, message: t('approvals.reasonLength', REJECT_REASON) },
            ]}
          >
            <Input.TextArea id="reject-reason" rows={3} maxLength={REJECT_REASON.max} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
