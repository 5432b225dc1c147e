import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Progress,
  Result,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { EditOutlined, EyeOutlined, RollbackOutlined, CheckCircleOutlined, SendOutlined, StopOutlined, SwapOutlined, FileAddOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, client, committed } from '../api/client';
import {
  AuditRecordsQuery,
  CloseArchiveMutation,
  CustomerHistoryQuery,
  CustomerQuery,
  ReturnArchiveMutation,
  RevealMutation,
  SubmitArchiveMutation,
} from '../api/operations';
import type { CustomerDetailFieldsFragment } from '../gql/graphql';
import { enumLabel, useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { isMasked } from '@cic/shared/archive';
import { canReveal } from '../permissions';
import { formatMoney } from '../lib/money';
import { birthDateOf } from '../lib/identity';
import { changeActor, changeLabel, changeValue, type FieldChange } from '../lib/history';
import { Notice, QueryError, StatusTag } from '../components/common';
import { TransferModal } from '../components/TransferModal';
import { ImagesTab } from '../components/ImagesTab';
import { PhotoUpload } from '../components/PhotoUpload';
import { BankBusinessTab } from '../components/BankBusinessTab';
import { LoansTab } from '../components/LoansTab';
import { RatingTab } from '../components/RatingTab';
import { BlacklistedTag } from '../components/common';
import { VerifyModal } from '../components/VerifyModal';
import { ApplyModal } from '../components/ApplyModal';
import { REVIEW_INBOX_KEY } from '../components/fourEyes';
import { CustomerContacts } from '../components/reminders';

type Customer = CustomerDetailFieldsFragment;
const dt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** A masked value with "reveal" where the policy allows; `type` is the GraphQL type the field is on
 * (the address line is on Address, the register number on Household, the remarks on Social; the
 * record of each is the archive). */
function RevealableValue({
  customerId,
  type = 'Customer',
  field,
  value,
  label,
  onRevealed,
  revealable,
}: {
  customerId: string;
  /** the archive's `revealable`: what the API lets the caller reveal */
  revealable: readonly { type: string; field: string }[];
  type?: 'Customer' | 'Address' | 'Household' | 'Social';
  field: 'idNumber' | 'mobile' | 'altPhone' | 'line' | 'registerNo' | 'remarks';
  value: string | null | undefined;
  label: string;
  onRevealed?: (value: string) => void;
}) {
  const { t, locale } = useI18n();
  const { modal, message } = App.useApp();
  const [revealed, setRevealed] = useState<string | null>(null);
  if (!value) return <>—</>;
  const allowed = isMasked(value) && canReveal(revealable, type, field);
  const reveal = () =>
    modal.confirm({
      title: t('detail.revealTitle', { field: label }),
      content: t('detail.revealConfirm'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const payload = committed((await client.request(RevealMutation, { input: { type, id: customerId, field } })).reveal, 'reveal');
          if (payload.errors.length) {
            message.error(payload.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；'));
            return;
          }
          setRevealed(payload.value ?? null);
          if (payload.value) onRevealed?.(payload.value);
        } catch (e) {
          message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
        }
      },
    });
  return (
    <Space>
      <span className="cic-masked" data-testid={`value-${field}`}>
        {revealed ?? value}
      </span>
      {revealed && <Tag color="orange">{t('detail.revealed')}</Tag>}
      {allowed && !revealed && (
        <Button size="small" type="link" icon={<EyeOutlined />} onClick={reveal} data-testid={`reveal-${field}`}>
          {t('detail.reveal')}
        </Button>
      )}
    </Space>
  );
}

/** Birth date and gender follow the ID number's policy: withheld where it is masked (the 6+4 mask
 * hides exactly the birth date), so the page says why there is no value. */
function WithheldWithId() {
  const { t } = useI18n();
  return (
    <Tooltip title={t('detail.withheldWithIdHint')}>
      <Typography.Text type="secondary" data-testid="withheld-with-id">
        {t('detail.withheldWithId')}
      </Typography.Text>
    </Tooltip>
  );
}

function IdentityTab({ c }: { c: Customer }) {
  const { t } = useI18n();
  // Once the full ID number is revealed (audited), the birth date it holds is shown too.
  const [fullId, setFullId] = useState<string | null>(null);
  const birthDate = c.birthDate ?? (fullId ? birthDateOf(fullId) : null);
  return (
    <Descriptions bordered column={3} size="middle">
      <Descriptions.Item label={t('field.name')}>{show(c.name)}</Descriptions.Item>
      <Descriptions.Item label={t('field.idNumber')} span={2}>
        <RevealableValue customerId={c.id} revealable={c.revealable} field="idNumber" value={c.idNumber} label={t('field.idNumber')} onRevealed={setFullId} />
      </Descriptions.Item>
      <Descriptions.Item label={t('field.gender')}>{c.gender ? enumLabel(t, 'gender', c.gender) : <WithheldWithId />}</Descriptions.Item>
      <Descriptions.Item label={t('field.birthDate')}>
        <span data-testid="value-birthDate">{birthDate ?? <WithheldWithId />}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('field.idExpiry')}>{c.idLongTerm ? t('field.idLongTerm') : show(c.idExpiry)}</Descriptions.Item>
      <Descriptions.Item label={t('field.ethnicity')}>{show(c.ethnicity)}</Descriptions.Item>
      <Descriptions.Item label={t('field.education')}>{enumLabel(t, 'education', c.education) || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('field.maritalStatus')}>{enumLabel(t, 'marital', c.maritalStatus) || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('field.health')}>{enumLabel(t, 'health', c.health) || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('field.mobile')}>
        <RevealableValue customerId={c.id} revealable={c.revealable} field="mobile" value={c.mobile} label={t('field.mobile')} />
      </Descriptions.Item>
      <Descriptions.Item label={t('field.altPhone')}>
        <RevealableValue customerId={c.id} revealable={c.revealable} field="altPhone" value={c.altPhone} label={t('field.altPhone')} />
      </Descriptions.Item>
      <Descriptions.Item label={t('field.region')}>{show(c.address.regionName ?? c.address.regionCode)}</Descriptions.Item>
      <Descriptions.Item label={t('field.townshipCode')}>{show(c.address.townshipCode)}</Descriptions.Item>
      <Descriptions.Item label={t('field.villageCode')}>{show(c.address.villageCode)}</Descriptions.Item>
      <Descriptions.Item label={t('field.addressLine')} span={3}>
        <RevealableValue customerId={c.id} revealable={c.revealable} type="Address" field="line" value={c.address.line} label={t('field.addressLine')} />
      </Descriptions.Item>
      <Descriptions.Item label={t('field.branch')}>{show(c.branch?.name)}</Descriptions.Item>
      <Descriptions.Item label={t('field.manager')}>{c.manager ? `${c.manager.name}（${c.manager.employeeNo}）` : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('field.channel')}>{enumLabel(t, 'channel', c.channel)}</Descriptions.Item>
      <Descriptions.Item label={t('detail.ecifNo')}>{show(c.ecifCustomerNo)}</Descriptions.Item>
      <Descriptions.Item label={t('field.createdAt')}>{dt(c.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('field.updatedAt')}>{dt(c.updatedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('detail.consent')} span={3}>
        {c.consent ? (
          <Space size={8} wrap>
            <span>{`${c.consent.wordingVersion} · ${dt(c.consent.consentedAt)} · ${c.consent.channel}`}</span>
            <Tag color={c.consent.shareWithFederation ? 'blue' : 'default'} data-testid="consent-share">
              {c.consent.shareWithFederation ? t('detail.consentShared') : t('detail.consentNotShared')}
            </Tag>
          </Space>
        ) : (
          <Typography.Text type="warning">{t('detail.noConsent')}</Typography.Text>
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** A repeatable part of the archive (family members, livestock...) as a table under its title. */
function PartTable<T extends object>({ title, items, columns }: { title: string; items: readonly T[]; columns: TableColumnsType<T> }) {
  return <Table<T> size="small" rowKey={(_, i) => String(i)} pagination={false} title={() => title} dataSource={items} columns={columns} />;
}

function HouseholdTab({ c }: { c: Customer }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Descriptions bordered column={3} size="middle">
        <Descriptions.Item label={t('field.householdSize')}>
          <span data-testid="household-size">{c.household.size}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('field.registerNo')}>
          <RevealableValue customerId={c.id} revealable={c.revealable} type="Household" field="registerNo" value={c.household.registerNo} label={t('field.registerNo')} />
        </Descriptions.Item>
        <Descriptions.Item label={t('field.isHead')}>{c.household.isHead ? t('common.yes') : t('common.no')}</Descriptions.Item>
      </Descriptions>
      <PartTable
        title={t('field.familyMembers')}
        items={c.familyMembers}
        columns={[
          { title: t('field.relation'), dataIndex: 'relation', render: (v: string) => enumLabel(t, 'relation', v) },
          { title: t('field.name'), dataIndex: 'name', render: show },
          { title: t('field.idNumber'), dataIndex: 'idNumber', render: (v: string | null) => <span className="cic-masked">{show(v)}</span> },
          { title: t('field.occupation'), dataIndex: 'occupation', render: show },
          { title: t('field.annualIncome'), dataIndex: 'annualIncome', render: formatMoney },
          { title: t('field.labourCapacity'), dataIndex: 'labourCapacity', render: (v: string) => enumLabel(t, 'labour', v) },
        ]}
      />
    </Space>
  );
}

function LandTab({ c }: { c: Customer }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Descriptions bordered column={3} size="middle">
        <Descriptions.Item label={t('field.contractedMu')}>{c.land.contractedMu}</Descriptions.Item>
        <Descriptions.Item label={t('field.rentedMu')}>{c.land.rentedMu}</Descriptions.Item>
        <Descriptions.Item label={t('field.crops')}>{c.land.crops.length ? c.land.crops.map((x) => <Tag key={x}>{x}</Tag>) : '—'}</Descriptions.Item>
      </Descriptions>
      <PartTable
        title={t('field.livestock')}
        items={c.livestock}
        columns={[
          { title: t('field.livestockKind'), dataIndex: 'kind', render: (v: string) => enumLabel(t, 'livestock', v) },
          { title: t('field.count'), dataIndex: 'count' },
          { title: t('field.value'), dataIndex: 'value', render: formatMoney },
        ]}
      />
      <PartTable
        title={t('field.assets')}
        items={c.assets}
        columns={[
          { title: t('field.assetKind'), dataIndex: 'kind', render: (v: string) => enumLabel(t, 'asset', v) },
          { title: t('field.description'), dataIndex: 'description', render: show },
          { title: t('field.value'), dataIndex: 'value', render: formatMoney },
        ]}
      />
    </Space>
  );
}

function IncomeTab({ c }: { c: Customer }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Descriptions bordered column={5} size="middle" layout="vertical">
        <Descriptions.Item label={t('field.incomeFarming')}>{formatMoney(c.income.farming)}</Descriptions.Item>
        <Descriptions.Item label={t('field.incomeBusiness')}>{formatMoney(c.income.business)}</Descriptions.Item>
        <Descriptions.Item label={t('field.incomeWages')}>{formatMoney(c.income.wages)}</Descriptions.Item>
        <Descriptions.Item label={t('field.incomeOther')}>{formatMoney(c.income.other)}</Descriptions.Item>
        <Descriptions.Item label={t('field.incomeTotal')}>
          <Typography.Text strong>{formatMoney(c.income.total)}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <PartTable
        title={t('field.liabilities')}
        items={c.liabilities}
        columns={[
          { title: t('field.lender'), dataIndex: 'lender' },
          { title: t('field.amount'), dataIndex: 'amount', render: formatMoney },
          { title: t('field.overdue'), dataIndex: 'overdue', render: (v: boolean) => (v ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')) },
          { title: t('field.overdueAmount'), dataIndex: 'overdueAmount', render: formatMoney },
        ]}
      />
    </Space>
  );
}

function BusinessTab({ c }: { c: Customer }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      {c.business ? (
        <Descriptions bordered column={3} size="middle">
          <Descriptions.Item label={t('field.businessName')}>{c.business.name}</Descriptions.Item>
          <Descriptions.Item label={t('field.industry')}>{show(c.business.industry)}</Descriptions.Item>
          <Descriptions.Item label={t('field.creditCode')}>{show(c.business.creditCode)}</Descriptions.Item>
          <Descriptions.Item label={t('field.licenceNo')}>{show(c.business.licenceNo)}</Descriptions.Item>
          <Descriptions.Item label={t('field.annualTurnover')}>{formatMoney(c.business.annualTurnover)}</Descriptions.Item>
          <Descriptions.Item label={t('field.employees')}>{c.business.employees}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty description={t('common.none')} />
      )}
      <Descriptions bordered column={2} size="middle">
        <Descriptions.Item label={t('field.villageCreditRating')}>{enumLabel(t, 'rating', c.social.villageCreditRating) || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('field.remarks')}>
          <RevealableValue customerId={c.id} revealable={c.revealable} type="Social" field="remarks" value={c.social.remarks} label={t('field.remarks')} />
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );
}

function ExtraTab({ c }: { c: Customer }) {
  const { t, locale } = useI18n();
  if (!c.extraFields.length) return <Empty description={t('common.none')} />;
  return (
    <Descriptions bordered column={2} size="middle">
      {c.extraFields.map((f) => {
        const label = f.definition ? (locale === 'zh' ? f.definition.labelZh : f.definition.labelEn) : f.code;
        const value =
          'text' in f ? f.text : 'number' in f ? f.number : 'date' in f ? f.date : 'choice' in f ? f.choice : 'flag' in f ? (f.flag ? t('common.yes') : t('common.no')) : '—';
        return (
          <Descriptions.Item key={f.code} label={label}>
            {show(value)}
          </Descriptions.Item>
        );
      })}
    </Descriptions>
  );
}

function ViolationsTab({ c }: { c: Customer }) {
  const { t, locale } = useI18n();
  const e = c.evaluation;
  if (!e) return <Empty />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Space size={32}>
        <Progress aria-label={t('detail.completeness')} type="circle" percent={e.completeness} size={72} strokeColor="#0f7a5c" />
        <Space direction="vertical">
          {e.precise ? <Tag color="green">{t('detail.precise')}</Tag> : <Tag>{t('detail.notPrecise')}</Tag>}
          <Typography.Text type="secondary">
            {t('detail.evaluatedAt')}: {dt(e.evaluatedAt)}
          </Typography.Text>
        </Space>
      </Space>
      {e.violations.length === 0 ? (
        <Alert type="success" showIcon message={t('detail.noViolations')} />
      ) : (
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={e.violations}
          data-testid="violations-table"
          columns={[
            {
              title: t('rules.severity'),
              dataIndex: 'severity',
              render: (v: string) => <Tag color={v === 'ERROR' ? 'red' : 'gold'}>{enumLabel(t, 'severity', v)}</Tag>,
            },
            { title: t('rules.origin'), dataIndex: 'origin', render: (v: string) => enumLabel(t, 'origin', v) },
            { title: t('rules.message'), render: (_: unknown, v) => (locale === 'zh' ? v.message : v.messageEn) },
            {
              title: t('rules.overridable'),
              render: (_: unknown, v) => (v.severity === 'ERROR' ? (v.overridable ? t('common.yes') : t('common.no')) : '—'),
            },
          ]}
        />
      )}
    </Space>
  );
}

const FIRST_CHANGES = 8;

/** The changed fields of one history entry: label, old value -> new value (a creation: new values). */
function ChangesView({ changes, created }: { changes: readonly FieldChange[]; created: boolean }) {
  const { t, locale } = useI18n();
  const [all, setAll] = useState(false);
  if (!changes.length) return <>—</>;
  const shown = all ? changes : changes.slice(0, FIRST_CHANGES);
  return (
    <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none', lineHeight: '22px' }} data-testid="history-changes">
      {shown.map((c) => {
        const before = changeValue(c, c.before, t, locale);
        const after = changeValue(c, c.after, t, locale);
        return (
          <li key={c.path} data-path={c.path}>
            <Typography.Text strong>{changeLabel(c, locale)}</Typography.Text>
            {'：'}
            {!(created && before === null) && (
              <>
                <Typography.Text type="secondary" delete={before !== null} data-testid="change-before">
                  {before ?? '—'}
                </Typography.Text>
                {' → '}
              </>
            )}
            <Typography.Text data-testid="change-after">{after ?? '—'}</Typography.Text>
          </li>
        );
      })}
      {changes.length > FIRST_CHANGES && (
        <li>
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setAll(!all)}>
            {all ? t('history.less') : t('history.more', { n: changes.length })}
          </Button>
        </li>
      )}
    </ul>
  );
}

function HistoryTab({ id }: { id: string }) {
  const { t } = useI18n();
  const history = useQuery({ queryKey: ['customerHistory', id], queryFn: () => client.request(CustomerHistoryQuery, { id }) });
  if (history.isLoading) return <Spin />;
  if (history.error) return <QueryError error={history.error} />;
  const c = history.data?.customer;
  if (!c) return <Empty />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Table
        size="small"
        rowKey={(r) => `${r.version}-${r.action}-${r.changedAt}`}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={c.history}
        data-testid="history-table"
        columns={[
          { title: t('history.version'), dataIndex: 'version', width: 64 },
          { title: t('history.action'), dataIndex: 'action', width: 110, render: (v: string) => enumLabel(t, 'action', v) },
          { title: t('history.channel'), dataIndex: 'channel', width: 100, render: (v: string) => (v === 'SYSTEM' ? t('channel.SYSTEM') : enumLabel(t, 'channel', v)) },
          { title: t('history.changedAt'), dataIndex: 'changedAt', width: 150, render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{dt(v)}</span> },
          { title: t('history.changedBy'), width: 140, render: (_: unknown, r) => <span data-testid="history-actor">{changeActor(r, t)}</span> },
          { title: t('history.diff'), dataIndex: 'changes', render: (v: FieldChange[], r) => <ChangesView changes={v} created={r.action === 'CREATE' || r.action === 'IMPORT'} /> },
          { title: t('history.note'), dataIndex: 'note', width: 200, render: show },
        ]}
      />
      {/* Transfers are TRANSFER rows above: from and to manager and branch by name, the reason as the note. */}
    </Space>
  );
}

function AuditTab({ id }: { id: string }) {
  const { t } = useI18n();
  const records = useQuery({ queryKey: ['audit', 'customer', id], queryFn: () => client.request(AuditRecordsQuery, { first: 50, targetId: id }) });
  return (
    <Table
      size="small"
      loading={records.isLoading}
      rowKey={(r) => r.node.id}
      pagination={false}
      dataSource={records.data?.auditRecords.edges ?? []}
      data-testid="audit-table"
      columns={[
        { title: t('audit.occurredAt'), render: (_: unknown, r) => dt(r.node.occurredAt) },
        { title: t('audit.action'), render: (_: unknown, r) => <Typography.Text code>{r.node.action}</Typography.Text> },
        { title: t('audit.actor'), render: (_: unknown, r) => r.node.actorUsername ?? r.node.actorClientId ?? '—' },
        { title: t('audit.field'), render: (_: unknown, r) => show(r.node.targetField) },
        { title: t('audit.detail'), render: (_: unknown, r) => <span style={{ fontSize: 12 }}>{JSON.stringify(r.node.detail)}</span> },
      ]}
    />
  );
}

const REASONS: MessageKey[] = ['detail.reason.photo', 'detail.reason.income', 'detail.reason.address', 'detail.reason.family'];

function ReturnModal({ open, onCancel, onOk }: { open: boolean; onCancel: () => void; onOk: (reasons: string[]) => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ common: string[]; other: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={t('detail.returnTitle')}
      onCancel={onCancel}
      confirmLoading={busy}
      okText={t('detail.return')}
      okButtonProps={{ danger: true, id: 'return-confirm' }}
      destroyOnHidden
      onOk={async () => {
        const values = await form.validateFields().catch(() => null);
        if (!values) return;
        const reasons = [...(values.common ?? []), ...(values.other ?? '').split('\n').map((s) => s.trim()).filter(Boolean)];
        if (!reasons.length) {
          form.setFields([{ name: 'other', errors: [t('detail.returnReasonsRequired')] }]);
          return;
        }
        setBusy(true);
        try {
          await onOk(reasons);
          form.resetFields();
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="common" label={t('detail.commonReasons')}>
          <Checkbox.Group options={REASONS.map((k) => ({ value: t(k), label: t(k) }))} />
        </Form.Item>
        <Form.Item name="other" label={t('detail.returnReasons')}>
          <Input.TextArea rows={3} id="return-reasons" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ArchiveDetailPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [returnOpen, setReturnOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [verifyOpen, setVerifyOpen] = useState(false);
  const [applyOpen, setApplyOpen] = useState(false);
  const customer = useQuery({ queryKey: ['customer', id], queryFn: () => client.request(CustomerQuery, { id }) });

  if (customer.isLoading) return <Spin />;
  if (customer.error) return <QueryError error={customer.error} />;
  const c = customer.data?.customer;
  if (!c) return <Result status="404" title={t('app.notFound')} />;
  const actions = c.viewerCan;

  type Transition = typeof SubmitArchiveMutation | typeof ReturnArchiveMutation | typeof CloseArchiveMutation;
  const transition = async (doc: Transition, extra: { reasons?: string[]; reason?: string } = {}) => {
    try {
      const data = (await client.request(doc as typeof SubmitArchiveMutation, { input: { id: c.id, version: c.version, ...extra } })) as unknown as Record<string, { errors: { message: string; messageEn: string }[]; customer?: unknown } | null>;
      const payload = committed(Object.values(data)[0], 'transition');
      if (payload.errors.length) {
        message.error(payload.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；'));
        await customer.refetch();
        return false;
      }
      message.success(t('detail.done'));
      await queries.invalidateQueries({ queryKey: ['customer', id] });
      await queries.invalidateQueries({ queryKey: ['customerHistory', id] });
      await queries.invalidateQueries({ queryKey: ['customers'] });
      await queries.invalidateQueries({ queryKey: REVIEW_INBOX_KEY });
      return true;
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
      return false;
    }
  };

  const tabs = [
    { key: 'identity', label: t('detail.tab.identity'), children: <IdentityTab c={c} /> },
    { key: 'household', label: t('detail.tab.household'), children: <HouseholdTab c={c} /> },
    { key: 'land', label: t('detail.tab.land'), children: <LandTab c={c} /> },
    { key: 'income', label: t('detail.tab.income'), children: <IncomeTab c={c} /> },
    { key: 'business', label: t('detail.tab.business'), children: <BusinessTab c={c} /> },
    { key: 'extra', label: t('detail.tab.extra'), children: <ExtraTab c={c} /> },
    { key: 'bankBusiness', label: t('detail.tab.bankBusiness'), children: <BankBusinessTab customerId={c.id} /> },
    { key: 'rating', label: t('detail.tab.rating'), children: <RatingTab customerId={c.id} canRate={can('ARCHIVE_EDIT')} /> },
    ...(can('APPLICATION_READ') ? [{ key: 'loans', label: t('detail.tab.loans'), children: <LoansTab customerId={c.id} /> }] : []),
    {
      key: 'images',
      label: t('detail.tab.images'),
      children: (
        <>
          {actions.uploadImage && <PhotoUpload customerId={c.id} />}
          <ImagesTab customerId={c.id} />
        </>
      ),
    },
    { key: 'contacts', label: t('contacts.title'), children: <CustomerContacts customer={c} /> },
    {
      key: 'violations',
      label: (
        <span>
          {t('detail.tab.violations')} {c.evaluation?.violations.length ? <Tag color="red">{c.evaluation.violations.length}</Tag> : null}
        </span>
      ),
      children: <ViolationsTab c={c} />,
    },
    { key: 'history', label: t('detail.tab.history'), children: <HistoryTab id={c.id} /> },
    ...(can('AUDIT_READ') ? [{ key: 'audit', label: t('detail.tab.audit'), children: <AuditTab id={c.id} /> }] : []),
  ];

  return (
    <div>
      <div className="cic-page-title">
        <Space size={12} align="center">
          <Button type="text" onClick={() => navigate(-1)}>
            ← {t('common.back')}
          </Button>
          <h2 data-testid="customer-name">{c.name ?? '—'}</h2>
          <StatusTag status={c.status} />
          {c.blacklisted && <BlacklistedTag />}
          <Typography.Text type="secondary" data-testid="customer-version">
            {t('detail.version')} {c.version}
          </Typography.Text>
          {c.evaluation && (
            <Space size={4}>
              <Progress aria-label={t('detail.completeness')} percent={c.evaluation.completeness} size="small" strokeColor="#0f7a5c" style={{ width: 120, margin: 0 }} />
              {c.evaluation.precise && <Tag color="green">{t('detail.precise')}</Tag>}
            </Space>
          )}
        </Space>
        <Space>
          {can('APPLICATION_SUBMIT') && c.status !== 'ARCHIVED' && (
            <Button icon={<FileAddOutlined />} onClick={() => setApplyOpen(true)} data-testid="apply-button">
              {t('appr.apply.button')}
            </Button>
          )}
          {actions.edit && (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/archives/${c.id}/edit`)} data-testid="edit-button">
              {t('detail.edit')}
            </Button>
          )}
          {actions.submit && (
            <Button icon={<SendOutlined />} onClick={() => transition(SubmitArchiveMutation)}>
              {t('detail.submit')}
            </Button>
          )}
          {actions.transfer && (
            <Button icon={<SwapOutlined />} onClick={() => setTransferOpen(true)}>
              {t('detail.transfer')}
            </Button>
          )}
          {actions.close && (
            <Button
              icon={<StopOutlined />}
              onClick={() => {
                let reason = '';
                modal.confirm({
                  title: t('detail.close'),
                  content: <Input placeholder={t('detail.closeReason')} onChange={(e) => (reason = e.target.value)} />,
                  okText: t('common.confirm'),
                  cancelText: t('common.cancel'),
                  onOk: () => transition(CloseArchiveMutation, { reason: reason || t('detail.close') }),
                });
              }}
            >
              {t('detail.close')}
            </Button>
          )}
          {actions.returnForRework && (
            <Button danger icon={<RollbackOutlined />} onClick={() => setReturnOpen(true)} data-testid="return-button">
              {t('detail.return')}
            </Button>
          )}
          {actions.verify && (
            <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setVerifyOpen(true)} data-testid="verify-button">
              {t('detail.verify')}
            </Button>
          )}
        </Space>
      </div>
      {c.status === 'RETURNED' && c.returnReasons?.length ? (
        <Notice
          type="warning"
          message={t('detail.returnReasonsShown')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="return-reasons">
              {c.returnReasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Card>
        <Tabs items={tabs} data-testid="detail-tabs" />
      </Card>
      <ReturnModal
        open={returnOpen}
        onCancel={() => setReturnOpen(false)}
        onOk={async (reasons) => {
          if (await transition(ReturnArchiveMutation, { reasons })) setReturnOpen(false);
        }}
      />
      <VerifyModal open={verifyOpen} customer={c} onClose={() => setVerifyOpen(false)} />
      {applyOpen && <ApplyModal open customer={c} onClose={() => setApplyOpen(false)} />}
      <TransferModal
        open={transferOpen}
        customerIds={[c.id]}
        onClose={(moved) => {
          setTransferOpen(false);
          if (moved) customer.refetch();
        }}
      />
    </div>
  );
}
