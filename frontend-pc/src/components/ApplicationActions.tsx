// The steps one takes on a quota application (docs/approvals.md, "Tasks and their rules"): for an
// approver, per task and as its `viewerCan` says, 认领 / 释放 / 批准 / 拒绝 / 退回补充 / 转办;
// for the applicant, as the application's `viewerCan` says, 重新提交 (a returned one) / 撤回; for
// quota administrators, 冻结 / 解冻 / 撤销 on the quota. Each payload error lands on the field it
// names; the rest is said above the form.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { CheckOutlined, CloseOutlined, LockOutlined, RollbackOutlined, SendOutlined, SwapOutlined, UnlockOutlined } from '@ant-design/icons';
import { pathToNamePath, type UserError } from '@cic/shared/userErrors';
import { formatYuan } from '@cic/shared/business';
import { client, committed } from '../api/client';
import {
  ApproveTaskMutation,
  ChangeQuotaMutation,
  ClaimTaskMutation,
  DelegateTaskMutation,
  RejectTaskMutation,
  ReleaseTaskMutation,
  ResubmitApplicationMutation,
  ReturnTaskMutation,
  WithdrawApplicationMutation,
} from '../api/operations';
import type { ApplicationDetailFieldsFragment, QuotaChange } from '../gql/graphql';
import { enumLabel, useI18n, type Translate } from '../i18n';
import { DECISION_REASON, OVER_REASON_MIN, PURPOSE, applyProblems, approvalCeiling, approveProblems, overRecommendation, type Problem } from '../lib/approvals';
import { APPROVALS_KEY, errorText, failure } from './approvals';

type Application = ApplicationDetailFieldsFragment;
type Task = Application['tasks'][number];
type Quota = NonNullable<Application['quota']>;

export type Dialog =
  | { kind: 'approve' | 'reject' | 'return' | 'delegate'; task: Task }
  | { kind: 'resubmit' | 'withdraw' }
  | { kind: 'quota'; change: QuotaChange; quota: Quota };

/** Run a mutation: null when the API took it, else its errors (a failed request as one without a field). */
async function attempt(run: () => Promise<{ errors: readonly UserError[] }>, t: Translate): Promise<UserError[] | null> {
  try {
    const payload = await run();
    return payload.errors.length ? [...payload.errors] : null;
  } catch (e) {
    return [failure(e, t)];
  }
}

/** Which of a form's fields the API's errors name (`input.amount` -> amount); the rest are general. */
function sortErrors(errors: readonly UserError[], fields: readonly string[], t: Translate) {
  const onFields: { name: string; errors: string[] }[] = [];
  const general: string[] = [];
  for (const e of errors) {
    const name = e.field ? String(pathToNamePath(e.field)[0] ?? '') : '';
    if (fields.includes(name)) {
      const entry = onFields.find((f) => f.name === name);
      if (entry) entry.errors.push(errorText(e, t));
      else onFields.push({ name, errors: [errorText(e, t)] });
    } else general.push(errorText(e, t));
  }
  return { onFields, general };
}

const problemsToFields = (problems: Problem[], t: Translate): { name: keyof Values; errors: string[] }[] => {
  const byField = new Map<string, string[]>();
  for (const p of problems) byField.set(p.field, [...(byField.get(p.field) ?? []), t(p.key, p.vars)]);
  return [...byField].map(([name, errors]) => ({ name: name as keyof Values, errors }));
};

/** 认领 / 释放 / 批准 / 拒绝 / 退回补充 / 转办 of one task, as its `viewerCan` allows. */
export function TaskButtons({ task, onOpen, onDone }: { task: Task; onOpen: (d: Dialog) => void; onDone: () => Promise<unknown> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const simple = async (run: () => Promise<{ errors: readonly UserError[] }>, done: string) => {
    setBusy(true);
    const errors = await attempt(run, t);
    setBusy(false);
    if (errors) message.error(errors.map((e) => errorText(e, t)).join('；'));
    else message.success(done);
    await onDone();
  };
  const claim = () => simple(async () => committed((await client.request(ClaimTaskMutation, { id: task.id })).claimTask, 'claimTask'), t('appr.claimed'));
  const release = () => simple(async () => committed((await client.request(ReleaseTaskMutation, { id: task.id })).releaseTask, 'releaseTask'), t('appr.released'));
  const { claim: canClaim, release: canRelease, decide } = task.viewerCan;
  if (!canClaim && !canRelease && !decide) return null;
  return (
    <Space wrap data-testid="task-actions">
      {canClaim && (
        <Button loading={busy} icon={<LockOutlined />} onClick={claim} data-testid="task-claim">
          {t('appr.claim')}
        </Button>
      )}
      {canRelease && (
        <Button loading={busy} icon={<UnlockOutlined />} onClick={release} data-testid="task-release">
          {t('appr.release')}
        </Button>
      )}
      {decide && (
        <>
          <Button type="primary" icon={<CheckOutlined />} onClick={() => onOpen({ kind: 'approve', task })} data-testid="task-approve">
            {t('appr.approve')}
          </Button>
          <Button danger icon={<CloseOutlined />} onClick={() => onOpen({ kind: 'reject', task })} data-testid="task-reject">
            {t('appr.reject')}
          </Button>
          <Button icon={<RollbackOutlined />} onClick={() => onOpen({ kind: 'return', task })} data-testid="task-return">
            {t('appr.return')}
          </Button>
          <Button icon={<SwapOutlined />} onClick={() => onOpen({ kind: 'delegate', task })} disabled={!task.delegates.length} data-testid="task-delegate">
            {t('appr.delegate')}
          </Button>
        </>
      )}
    </Space>
  );
}

/** 重新提交 / 撤回 for the applicant. */
export function ApplicantButtons({ application, onOpen }: { application: Application; onOpen: (d: Dialog) => void }) {
  const { t } = useI18n();
  return (
    <Space>
      {application.viewerCan.resubmit && (
        <Button type="primary" icon={<SendOutlined />} onClick={() => onOpen({ kind: 'resubmit' })} data-testid="application-resubmit">
          {t('appr.resubmit')}
        </Button>
      )}
      {application.viewerCan.withdraw && (
        <Button danger icon={<RollbackOutlined />} onClick={() => onOpen({ kind: 'withdraw' })} data-testid="application-withdraw">
          {t('appr.withdraw')}
        </Button>
      )}
    </Space>
  );
}

/** 冻结 / 解冻 / 撤销 as the quota's status allows (QUOTA_ADMIN; the API checks it again). */
export function QuotaButtons({ quota, onOpen }: { quota: Quota; onOpen: (d: Dialog) => void }) {
  const { t } = useI18n();
  const changes: QuotaChange[] = quota.status === 'ACTIVE' ? ['FREEZE', 'REVOKE'] : quota.status === 'FROZEN' ? ['UNFREEZE', 'REVOKE'] : [];
  return (
    <Space>
      {changes.map((c) => (
        <Button key={c} size="small" danger={c === 'REVOKE'} onClick={() => onOpen({ kind: 'quota', change: c, quota })} data-testid={`quota-${c.toLowerCase()}`}>
          {enumLabel(t, 'quotaChange', c)}
        </Button>
      ))}
    </Space>
  );
}

interface Values {
  amount?: string;
  rate?: string;
  term?: number;
  comment?: string;
  reason?: string;
  toUserId?: string;
  purpose?: string;
  overReason?: string;
}

const FIELDS: Record<string, string[]> = {
  approve: ['amount', 'term', 'rate', 'comment'],
  reject: ['reason'],
  return: ['comment'],
  delegate: ['toUserId', 'comment'],
  resubmit: ['amount', 'term', 'purpose', 'overReason', 'comment'],
  withdraw: ['reason'],
  quota: ['reason'],
};

/** The dialog of one step: its form, the checks made before sending, the API's answer on the fields. */
export function ActionDialog({ dialog, application, onClose }: { dialog: Dialog | null; application: Application; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const amount = Form.useWatch('amount', form);
  if (!dialog) return null;
  const ceiling = approvalCeiling(application);
  const terms = application.product?.terms ?? [application.term];
  const kind = dialog.kind;
  const initial: Values =
    kind === 'approve'
      ? { amount: ceiling.amount, term: ceiling.term, rate: application.rate }
      : kind === 'resubmit'
        ? { amount: application.amount, term: application.term, purpose: application.purpose, overReason: application.overReason ?? undefined }
        : {};

  const submit = async () => {
    setGeneral([]);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const checks =
      kind === 'approve'
        ? approveProblems(values, ceiling, application.product)
        : kind === 'resubmit'
          ? applyProblems({ ...values, repaymentMethod: application.repaymentMethod }, application.product, application.recommendedQuota)
          : [];
    if (checks.length) {
      form.setFields(problemsToFields(checks, t));
      return;
    }
    setBusy(true);
    const comment = values.comment?.trim() || null;
    let run: () => Promise<{ errors: readonly UserError[] }>;
    let done: string;
    switch (dialog.kind) {
      case 'approve':
        // The rate only when the approver changed it (else the API keeps the priced one).
        run = async () => {
          const rate = values.rate?.trim() && values.rate.trim() !== application.rate ? values.rate.trim() : null;
          return committed((await client.request(ApproveTaskMutation, { input: { id: dialog.task.id, amount: values.amount!.trim(), term: values.term!, rate, comment } })).approveTask, 'approveTask');
        };
        done = t('appr.approved');
        break;
      case 'reject':
        run = async () => committed((await client.request(RejectTaskMutation, { input: { id: dialog.task.id, reason: values.reason!.trim() } })).rejectTask, 'rejectTask');
        done = t('appr.rejected');
        break;
      case 'return':
        run = async () => committed((await client.request(ReturnTaskMutation, { input: { id: dialog.task.id, comment: values.comment!.trim() } })).returnTask, 'returnTask');
        done = t('appr.returned');
        break;
      case 'delegate':
        run = async () => committed((await client.request(DelegateTaskMutation, { input: { id: dialog.task.id, toUserId: values.toUserId!, comment } })).delegateTask, 'delegateTask');
        done = t('appr.delegated');
        break;
      case 'resubmit':
        run = async () =>
          committed(
            (
              await client.request(ResubmitApplicationMutation, {
                input: {
                  id: application.id,
                  amount: values.amount!.trim(),
                  term: values.term!,
                  purpose: values.purpose!.trim(),
                  overReason: values.overReason?.trim() || null,
                  comment,
                },
              })
            ).resubmitApplication,
            'resubmitApplication',
          );
        done = t('appr.resubmitted');
        break;
      case 'withdraw':
        run = async () => committed((await client.request(WithdrawApplicationMutation, { input: { id: application.id, reason: values.reason?.trim() || null } })).withdrawApplication, 'withdrawApplication');
        done = t('appr.withdrawn');
        break;
      case 'quota':
        run = async () => committed((await client.request(ChangeQuotaMutation, { input: { id: dialog.quota.id, change: dialog.change, reason: values.reason!.trim() } })).changeQuota, 'changeQuota');
        done = t('appr.quotaChanged', { change: enumLabel(t, 'quotaChange', dialog.change) });
        break;
    }
    const errors = await attempt(run, t);
    setBusy(false);
    if (errors) {
      const sorted = sortErrors(errors, FIELDS[kind], t);
      form.setFields(sorted.onFields.map((f) => ({ name: f.name as keyof Values, errors: f.errors })));
      setGeneral(sorted.general);
      return;
    }
    message.success(done);
    onClose();
    await queries.invalidateQueries({ queryKey: APPROVALS_KEY });
  };

  const reasonRule = [
    { required: true, whitespace: true, message: t('validation.required') },
    { min: DECISION_REASON.min, max: DECISION_REASON.max, message: t('appr.form.reasonLength', DECISION_REASON) },
  ];
  const title =
    kind === 'approve' ? t('appr.approveTitle', { step: dialog.task.name })
    : kind === 'reject' ? t('appr.rejectTitle')
    : kind === 'return' ? t('appr.returnTitle')
    : kind === 'delegate' ? t('appr.delegateTitle')
    : kind === 'resubmit' ? t('appr.resubmitTitle')
    : kind === 'withdraw' ? t('appr.withdrawTitle')
    : t('appr.quotaTitle', { change: dialog.kind === 'quota' ? enumLabel(t, 'quotaChange', dialog.change) : '' });

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: kind === 'reject' || kind === 'withdraw' || (dialog.kind === 'quota' && dialog.change === 'REVOKE'), id: 'action-confirm' }}
      destroyOnHidden
      data-testid={`dialog-${kind}`}
    >
      {general.length > 0 && <Alert type="error" showIcon message={general.join('；')} style={{ marginBottom: 12 }} data-testid="dialog-errors" />}
      <Form form={form} name="action" layout="vertical" initialValues={initial} preserve={false}>
        {kind === 'approve' && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('appr.approveCeiling', { amount: formatYuan(ceiling.amount), term: ceiling.term })}
          />
        )}
        {(kind === 'approve' || kind === 'resubmit') && (
          <>
            <Form.Item name="amount" label={t('appr.amountYuan')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input suffix={t('appr.yuan')} inputMode="decimal" />
            </Form.Item>
            <Form.Item name="term" label={t('appr.termMonths')} rules={[{ required: true, message: t('validation.required') }]}>
              {kind === 'resubmit' ? (
                <Select options={terms.map((n) => ({ value: n, label: t('appr.months', { n }) }))} />
              ) : (
                <InputNumber min={1} max={ceiling.term} precision={0} addonAfter={t('appr.monthsUnit')} style={{ width: 200 }} />
              )}
            </Form.Item>
            {kind === 'approve' && (
              <Form.Item
                name="rate"
                label={t('appr.rateInput')}
                extra={application.product ? t('appr.rateHint', { r: application.rate, min: application.product.rateMin, max: application.product.rateMax }) : undefined}
              >
                <Input suffix="%" inputMode="decimal" style={{ width: 200 }} />
              </Form.Item>
            )}
          </>
        )}
        {kind === 'resubmit' && (
          <>
            <Form.Item name="purpose" label={t('appr.purpose')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input.TextArea rows={2} maxLength={PURPOSE.max} showCount />
            </Form.Item>
            {overRecommendation(amount, application.recommendedQuota) && (
              <Form.Item
                name="overReason"
                label={t('appr.overReason')}
                extra={t('appr.form.overHint', { quota: formatYuan(application.recommendedQuota), n: OVER_REASON_MIN })}
                rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
              >
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            )}
          </>
        )}
        {kind === 'delegate' && (
          <Form.Item name="toUserId" label={t('appr.delegateTo')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select
             
              options={dialog.task.delegates.map((u) => ({ value: u.id, label: u.employeeNo ? `${u.name}（${u.employeeNo}）` : u.name }))}
            />
          </Form.Item>
        )}
        {(kind === 'reject' || kind === 'quota') && (
          <Form.Item name="reason" label={kind === 'reject' ? t('appr.rejectReason') : t('common.reason')} rules={reasonRule}>
            <Input.TextArea rows={3} maxLength={DECISION_REASON.max} showCount />
          </Form.Item>
        )}
        {kind === 'withdraw' && (
          <Form.Item name="reason" label={t('appr.withdrawReason')}>
            <Input.TextArea rows={2} maxLength={DECISION_REASON.max} />
          </Form.Item>
        )}
        {kind === 'return' && (
          <Form.Item name="comment" label={t('appr.returnComment')} rules={reasonRule}>
            <Input.TextArea rows={3} maxLength={DECISION_REASON.max} showCount />
          </Form.Item>
        )}
        {(kind === 'approve' || kind === 'delegate' || kind === 'resubmit') && (
          <Form.Item name="comment" label={t('appr.comment')}>
            <Input.TextArea rows={2} maxLength={DECISION_REASON.max} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
