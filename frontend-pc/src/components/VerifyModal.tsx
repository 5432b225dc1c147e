// The verify dialog of an archive (docs/customers.md "Verification: four eyes"): what
// `customer.verification` says for the caller before anything is sent. Blockers (not this
// reviewer) and ERRORs that may not be overridden disable the button with the reason; ERRORs that
// may all be overridden need "强制通过" ticked and a reason (10-500 characters) sent as
// `overrideReason`. The API's refusals land on the reason or manager field, the rest above.
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, List, Modal, Space, Spin, Tag, Typography } from 'antd';
import { ApiError, client, committed } from '../api/client';
import { CustomerVerificationQuery, VerifyArchiveMutation } from '../api/operations';
import { useI18n } from '../i18n';
import { canSubmitVerification, groupViolations, OVERRIDE_REASON, validOverrideReason, verifyMode } from '../lib/fourEyes';
import type { UserError as PayloadError } from '@cic/shared/userErrors';
import { ManagerSelect, QueryError } from './common';
import { REVIEW_INBOX_KEY } from './fourEyes';

interface Props {
  open: boolean;
  /** The archive as the page shows it: its version is the one the reviewer saw. */
  customer: { id: string; version: number };
  onClose: (verified: boolean) => void;
}

type Violation = { code: string; severity: string; message: string; messageEn: string; overridable: boolean };

function ViolationList({ items, testId, overridableTags }: { items: Violation[]; testId: string; overridableTags: boolean }) {
  const { t, locale } = useI18n();
  return (
    <List
      size="small"
      bordered
      dataSource={items}
      data-testid={testId}
      renderItem={(v) => (
        <List.Item
          extra={
            overridableTags ? (
              v.overridable ? <Tag color="orange">{t('verify.overridable')}</Tag> : <Tag color="red">{t('verify.notOverridable')}</Tag>
            ) : null
          }
        >
          {locale === 'zh' ? v.message : v.messageEn}
        </List.Item>
      )}
    />
  );
}

export function VerifyModal({ open, customer, onClose }: Props) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState('');
  const [managerId, setManagerId] = useState<string | undefined>(undefined);
  const [fieldErrors, setFieldErrors] = useState<{ overrideReason?: string; managerId?: string }>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const check = useQuery({
    queryKey: ['customerVerification', customer.id],
    enabled: open,
    staleTime: 0,
    queryFn: () => client.request(CustomerVerificationQuery, { id: customer.id }),
  });

  useEffect(() => {
    if (!open) return;
    setOverride(false);
    setReason('');
    setManagerId(undefined);
    setFieldErrors({});
    setGeneral([]);
  }, [open]);

  const text = (e: PayloadError) => (locale === 'zh' ? e.message : e.messageEn);
  const data = check.data?.customer;
  const verification = data?.verification;
  const mode = verification ? verifyMode(verification) : null;
  const groups = groupViolations(verification?.violations ?? []);
  const needsManager = !!data && !data.manager;
  const ready = !!mode && canSubmitVerification(mode, override, reason) && (!needsManager || !!managerId);
  const disabledReason =
    mode === 'blocked'
      ? verification!.blockers.map(text).join('；')
      : mode === 'mustFix'
        ? t('verify.mustFix')
        : mode === 'override' && !ready
          ? t('verify.overrideNeeded')
          : needsManager && !managerId
            ? t('verify.managerNeeded')
            : null;

  const submit = async () => {
    setBusy(true);
    setFieldErrors({});
    setGeneral([]);
    try {
      const result = await client.request(VerifyArchiveMutation, {
        input: { id: customer.id, version: customer.version, overrideReason: mode === 'override' && override ? reason.trim() : null, managerId: managerId ?? null },
      });
      const errors = committed(result.verifyArchive, 'verifyArchive').errors;
      if (errors.length) {
        const onFields: typeof fieldErrors = {};
        const rest: string[] = [];
        for (const e of errors) {
          if (e.field === 'overrideReason' && mode === 'override') onFields.overrideReason = text(e);
          else if (e.field === 'managerId' && needsManager) onFields.managerId = text(e);
          else rest.push(text(e));
        }
        setFieldErrors(onFields);
        setGeneral(rest);
        // What stands in the way may have changed (another reviewer, a new version): show it as it is now.
        await check.refetch();
        if (errors.some((e) => e.code === 'VERSION_CONFLICT')) await queries.invalidateQueries({ queryKey: ['customer', customer.id] });
        return;
      }
      message.success(t('verify.done'));
      await Promise.all([
        queries.invalidateQueries({ queryKey: ['customer', customer.id] }),
        queries.invalidateQueries({ queryKey: ['customerHistory', customer.id] }),
        queries.invalidateQueries({ queryKey: ['customers'] }),
        queries.invalidateQueries({ queryKey: REVIEW_INBOX_KEY }),
      ]);
      onClose(true);
    } catch (e) {
      setGeneral([e instanceof ApiError ? e.display(locale) : t('common.failed')]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      width={720}
      title={t('verify.title')}
      onCancel={() => onClose(false)}
      destroyOnHidden
      footer={
        <Space>
          {disabledReason && (
            <Typography.Text type="danger" data-testid="verify-disabled-reason">
              {disabledReason}
            </Typography.Text>
          )}
          <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          <Button type="primary" disabled={!ready} loading={busy} onClick={submit} data-testid="verify-confirm">
            {t('detail.verify')}
          </Button>
        </Space>
      }
    >
      {check.isLoading || !verification ? (
        check.error ? (
          <QueryError error={check.error} />
        ) : (
          <Spin />
        )
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="verify-dialog">
          {general.length > 0 && <Alert type="error" showIcon message={general.join('；')} data-testid="verify-errors" />}
          {mode === 'blocked' ? (
            <Alert
              type="error"
              showIcon
              message={t('verify.blocked')}
              description={
                <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="verify-blockers">
                  {verification.blockers.map((b) => (
                    <li key={b.code}>{text(b)}</li>
                  ))}
                </ul>
              }
            />
          ) : (
            <Typography.Paragraph style={{ margin: 0 }}>{t('detail.verifyConfirm')}</Typography.Paragraph>
          )}
          {verification.violations.length === 0 && <Alert type="success" showIcon message={t('detail.noViolations')} />}
          {groups.errors.length > 0 && (
            <div>
              <Typography.Text strong>{t('verify.errorsTitle', { n: groups.errors.length })}</Typography.Text>
              <ViolationList items={groups.errors} testId="verify-error-list" overridableTags />
            </div>
          )}
          {groups.warnings.length > 0 && (
            <div>
              <Typography.Text strong>{t('verify.warningsTitle', { n: groups.warnings.length })}</Typography.Text>
              <ViolationList items={groups.warnings} testId="verify-warning-list" overridableTags={false} />
            </div>
          )}
          {mode === 'mustFix' && (
            <Alert
              type="error"
              showIcon
              data-testid="verify-must-fix"
              message={t('verify.mustFix')}
              description={
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {groups.mustFix.map((v) => (
                    <li key={v.code}>{text(v)}</li>
                  ))}
                </ul>
              }
            />
          )}
          {mode === 'override' && (
            <Form layout="vertical">
              <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('verify.overrideExplain', { n: groups.errors.length })} />
              <Form.Item style={{ marginBottom: 8 }}>
                <Checkbox checked={override} onChange={(e) => setOverride(e.target.checked)} data-testid="verify-override">
                  {t('verify.override')}
                </Checkbox>
              </Form.Item>
              <Form.Item
                label={t('verify.overrideReason')}
                required={override}
                validateStatus={fieldErrors.overrideReason || (override && reason && !validOverrideReason(reason)) ? 'error' : undefined}
                help={fieldErrors.overrideReason ?? (override && reason && !validOverrideReason(reason) ? t('verify.reasonLength', OVERRIDE_REASON) : undefined)}
              >
                <Input.TextArea
                  id="verify-override-reason"
                  rows={3}
                  disabled={!override}
                  value={reason}
                  maxLength={OVERRIDE_REASON.max}
                  showCount
                  onChange={(e) => setReason(e.target.value)}
                  placeholder={t('verify.reasonLength', OVERRIDE_REASON)}
                />
              </Form.Item>
            </Form>
          )}
          {needsManager && mode !== 'blocked' && (
            <Form layout="vertical">
              <Form.Item
                label={t('field.manager')}
                required
                validateStatus={fieldErrors.managerId ? 'error' : undefined}
                help={fieldErrors.managerId ?? t('verify.managerHelp')}
              >
                <ManagerSelect id="verify-manager" orgUnitId={data.branch?.id} value={managerId} onChange={setManagerId} />
              </Form.Item>
            </Form>
          )}
        </Space>
      )}
    </Modal>
  );
}
