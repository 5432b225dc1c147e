import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { CloudUploadOutlined, DeleteOutlined, EditOutlined, ExperimentOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, client, committed } from '../api/client';
import {
  CancelPendingChangeMutation,
  DryRunRuleSetMutation,
  PendingChangesQuery,
  PublishRuleSetMutation,
  RuleFieldCatalogQuery,
  RuleSetsQuery,
  SaveRuleSetMutation,
} from '../api/operations';
import type { DryRunRuleSetMutation as DryRunResult } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { useSession } from '../session';
import { canEditRules } from '../permissions';
import { IMAGE_KINDS, RULE_KINDS, ruleFieldOptions } from '../lib/ruleFields';
import { SegmentJsonError, formToRule, ruleErrorTarget, ruleToForm, type RuleFormValues } from '../lib/ruleForm';
import { ruleSummary } from '../lib/ruleSummary';
import { indexFields, type FieldIndex, type SegmentField } from '../lib/segments';
import { ConditionBuilder, InvalidConditionJson, conditionRule } from '../components/ConditionBuilder';
import type { UserError as PayloadError } from '@cic/shared/userErrors';
import { caretUnder, expressionPosition } from '../lib/errors';
import { FigureRow, Notice, QueryError } from '../components/common';
import { Chart } from '../components/Chart';
import { EvaluationRunProgress, PENDING_CHANGES_KEY, PublicationPendingNotice, useEvaluationRun } from '../components/fourEyes';
import { publicationRequest, runFinished } from '../lib/fourEyes';
import { sameValues, useUnsavedChanges } from '../components/unsavedChanges';
import { SaveBar } from '../components/SaveBar';
import { SectionNav, sectionId } from '../components/SectionNav';

type Report = NonNullable<NonNullable<DryRunResult['dryRunRuleSet']>['report']>;
type RuleErrors = Record<number, Record<string, string[]>>;

/** The fields rules can name (the API's catalog plus the bank's extra fields), loaded once. */
function useRuleFields(): { options: { value: string; label: string }[]; fields: SegmentField[]; index: FieldIndex; error: unknown; retry: () => void } {
  const catalog = useQuery({ queryKey: ['ruleFields'], queryFn: () => client.request(RuleFieldCatalogQuery, {}), staleTime: Infinity });
  const { data, error, refetch } = catalog;
  return useMemo(() => {
    const fields = (data?.ruleFields ?? []) as SegmentField[];
    return { options: ruleFieldOptions(fields), fields, index: indexFields(fields), error, retry: () => void refetch() };
  }, [data, error, refetch]);
}

/** A rule's segment (JSON text in the form): every archive, or those matching a condition built
 * with the condition builder. */
function SegmentInput({ value, onChange, fields }: { value?: string; onChange?: (value: string) => void; fields: readonly SegmentField[] }) {
  const { t } = useI18n();
  const text = value ?? '';
  const [on, setOn] = useState(text.trim() !== '');
  let condition: unknown = null;
  try {
    condition = text.trim() ? JSON.parse(text) : null;
  } catch {
    condition = new InvalidConditionJson(text);
  }
  return (
    <div>
      <Space style={{ marginBottom: on ? 8 : 0 }}>
        <Switch
          size="small"
          checked={on}
          aria-label={t('ruleBuilder.useSegment')}
          data-testid="rule-segment-toggle"
          onChange={(next) => {
            setOn(next);
            if (!next) onChange?.('');
          }}
        />
        <Typography.Text>{on ? t('ruleBuilder.useSegment') : t('rules.noSegment')}</Typography.Text>
      </Space>
      {on && (
        <ConditionBuilder
          value={condition}
          fields={fields}
          testId="rule-segment"
          onChange={(v) => onChange?.(v instanceof InvalidConditionJson ? v.text : v === null || v === undefined ? '' : JSON.stringify(v))}
        />
      )}
    </div>
  );
}

function ExpressionHint({ expression, errors }: { expression?: string; errors?: string[] }) {
  const located = (errors ?? []).map((e) => ({ e, pos: expressionPosition(e) })).find((x) => x.pos);
  if (!located || !expression) return null;
  return (
    <pre className="cic-expr-error" data-testid="expression-caret">
      {caretUnder(expression, located.pos!)}
    </pre>
  );
}

function RuleModal({
  open,
  initial,
  errors,
  baselineRules,
  onCancel,
  onSave,
}: {
  open: boolean;
  initial: RuleFormValues | null;
  errors: Record<string, string[]>;
  baselineRules: { code: string; messageZh: string }[];
  onCancel: () => void;
  onSave: (values: RuleFormValues) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<RuleFormValues>();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(initial ?? { kind: 'REQUIRED', severity: 'ERROR', enabled: true, overridable: false, code: '', messageZh: '', messageEn: '' });
  }, [open, initial, form]);
  // The API's errors for this rule, shown on the fields they name (the modal's form mounts lazily).
  const fe = (name: string) => (errors[name] ? { help: errors[name].join('；'), validateStatus: 'error' as const } : {});
  const kind = Form.useWatch('kind', form);
  const expression = Form.useWatch('expression', form);
  const required = [{ required: true, message: t('validation.required') }];
  const { fields, error: fieldsError, retry: retryFields } = useRuleFields();
  // The field by its label (the catalogue's; the path only to search by); a stored path the
  // catalogue lacks stays shown as it is, and the API says what is wrong with it.
  const fieldPicker = (
    <Select
      showSearch={{
        filterOption: (input: string, option?: { value: string; label: string }) =>
          !!option && (option.label.includes(input) || option.value.toLowerCase().includes(input.toLowerCase())),
      }}
      options={fields.map((f) => ({ value: f.path, label: f.label }))}
      placeholder={t('ruleBuilder.chooseField')}
    />
  );
  const segmentRule = {
    validator: async (_: unknown, text: string | undefined) => {
      if (!text?.trim()) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = new InvalidConditionJson(text);
      }
      await conditionRule(t).validator(_, parsed);
    },
  };
  return (
    <Modal
      open={open}
      width={820}
      title={
        initial?.code ? (
          <>
            {t('common.edit')} <span data-audit-ignore>{initial.code}</span>
          </>
        ) : (
          t('rules.addRule')
        )
      }
      onCancel={onCancel}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ id: 'rule-modal-ok' }}
      onOk={async () => {
        if (!(await form.validateFields().then(() => true, () => false))) return; // the form shows what is wrong
        onSave(form.getFieldsValue(true));
      }}
      destroyOnHidden
    >
      <QueryError error={fieldsError} onRetry={retryFields} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" data-testid="rule-form">
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="code" {...fe('code')} label={t('rules.code')} rules={required}>
              <Input className="cic-mono" id="rule-code" placeholder="FZ_..." />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="kind" {...fe('kind')} label={t('rules.kind')} rules={required}>
              <Select id="rule-kind" options={RULE_KINDS.map((k) => ({ value: k, label: enumLabel(t, 'ruleKind', k) }))} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="severity" {...fe('severity')} label={t('rules.severity')}>
              <Select options={['ERROR', 'WARNING'].map((s) => ({ value: s, label: enumLabel(t, 'severity', s) }))} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="enabled" label={t('rules.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="messageZh" {...fe('messageZh')} label={t('rules.messageZh')} rules={required}>
              <Input id="rule-messageZh" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="messageEn" {...fe('messageEn')} label={t('rules.messageEn')} extra={t('ruleBuilder.messageEnHelp')}>
              <Input id="rule-messageEn" />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'CONDITIONAL_REQUIRED' && (
          <Card size="small" title={t('rules.condition')} style={{ marginBottom: 16 }}>
            {/* Checked at OK, not on every change: an unfinished row is not an error while it is being built. */}
            <Form.Item name="condition" {...fe('condition')} rules={[conditionRule(t)]} validateTrigger={[]} style={{ marginBottom: 0 }}>
              <ConditionBuilder fields={fields} testId="rule-if" />
            </Form.Item>
          </Card>
        )}
        {kind && !['EXPRESSION', 'ID_CONSISTENCY', 'REQUIRED_IMAGES', 'FRESHNESS'].includes(kind) && (
          <Form.Item name="field" {...fe('field')} label={t('rules.field')} rules={required}>
            {fieldPicker}
          </Form.Item>
        )}
        {kind === 'PATTERN' && (
          <Form.Item name="pattern" {...fe('pattern')} label={t('rules.pattern')} rules={required}>
            <Input className="cic-mono" />
          </Form.Item>
        )}
        {kind === 'RANGE' && (
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="min" {...fe('min')} label={t('rules.min')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="max" {...fe('max')} label={t('rules.max')}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
        )}
        {kind === 'ALLOWED_VALUES' && (
          <Form.Item name="values" {...fe('values')} label={t('rules.values')} rules={required}>
            <Select mode="tags" tokenSeparators={[',']} />
          </Form.Item>
        )}
        {kind === 'EXPRESSION' && (
          <Form.Item name="expression" {...fe('expression')} label={t('rules.expression')} rules={required} extra={<span className="cic-mono">{t('rules.expressionHelp')}</span>}>
            <Input.TextArea rows={3} className="cic-mono" id="rule-expression" spellCheck={false} />
          </Form.Item>
        )}
        {kind === 'EXPRESSION' && <ExpressionHint expression={expression} errors={errors.expression} />}
        {kind === 'REQUIRED_IMAGES' && (
          <Form.Item name="kinds" {...fe('kinds')} label={t('rules.kinds')} rules={required}>
            <Select mode="multiple" options={IMAGE_KINDS.map((k) => ({ value: k, label: enumLabel(t, 'imageKind', k) }))} />
          </Form.Item>
        )}
        {kind === 'FRESHNESS' && (
          <Form.Item name="months" {...fe('months')} label={t('rules.months')} rules={required}>
            <InputNumber min={1} max={120} />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col span={24}>
            <Form.Item name="overrides" {...fe('overrides')} label={t('rules.overrides')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={baselineRules.map((r) => ({ value: r.code, label: r.messageZh }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="segment" {...fe('segment')} label={t('rules.segment')} rules={[segmentRule]} validateTrigger={[]}>
              <SegmentInput fields={fields} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="overridable" {...fe('overridable')} valuePropName="checked" extra={t('rules.overridableHelp')} style={{ marginBottom: 0 }}>
              <Checkbox id="rule-overridable">{t('rules.overridableLabel')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

function DryRunView({ report }: { report: Report }) {
  const { t, locale } = useI18n();
  // Rules by their wording, never their codes; the headline counts the archives of these rows.
  const ruleText = (r: Report['byRule'][number]) => (locale === 'zh' ? r.message : r.messageEn);
  // What the draft changes first: newly failing, then newly passing, then failing.
  const rules = report.byRule
    .filter((r) => r.failing || r.newlyFailing || r.newlyPassing)
    .sort((a, b) => b.newlyFailing - a.newlyFailing || b.newlyPassing - a.newlyPassing || b.failing - a.failing || a.code.localeCompare(b.code));
  return (
    <Card title={`${t('rules.dryRunTitle')}${report.sampled ? ' ' + t('rules.sampled') : ''}`} style={{ marginBottom: 16 }} id={sectionId('dryRun')} data-testid="dry-run-report">
      <div data-testid="dry-run-headline">
        <FigureRow
          figures={[
            { title: t('rules.dryRunArchives'), value: report.archives },
            { title: t('rules.newlyFailing'), value: report.newlyFailing, tone: 'bad' },
            { title: t('rules.newlyPassing'), value: report.newlyPassing, tone: 'good' },
            { title: t('rules.preciseBefore'), value: report.preciseBefore },
            { title: t('rules.preciseAfter'), value: report.preciseAfter },
          ]}
        />
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('ruleBuilder.headlineHelp')}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col span={12}>
          <Chart
            height={Math.max(220, rules.length * 26 + 60)}
            testId="dry-run-chart"
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 190, right: 24, top: 32, bottom: 24 },
              xAxis: { type: 'value', minInterval: 1 },
              yAxis: { type: 'category', data: rules.map((r) => shorten(ruleText(r), 13)), inverse: true, axisLabel: { fontSize: 11 } },
              series: [
                { name: t('rules.failing'), type: 'bar', data: rules.map((r) => r.failing), itemStyle: { color: '#f0a020' } },
                { name: t('rules.newlyFailing'), type: 'bar', data: rules.map((r) => r.newlyFailing), itemStyle: { color: '#d9534f' } },
                { name: t('rules.newlyPassing'), type: 'bar', data: rules.map((r) => r.newlyPassing), itemStyle: { color: '#0f7a5c' } },
              ],
            }}
          />
        </Col>
        <Col span={12}>
          <Table
            size="small"
            rowKey="code"
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            title={() => t('rules.byRule')}
            dataSource={rules}
            data-testid="dry-run-rules"
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('ruleBuilder.rule'),
                render: (_: unknown, r) => (
                  <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                    <Tag color={r.severity === 'ERROR' ? 'red' : 'gold'}>{enumLabel(t, 'severity', r.severity)}</Tag>
                    <span title={ruleText(r)}>{shorten(ruleText(r), 12)}</span>
                  </Space>
                ),
              },
              { title: t('rules.failing'), dataIndex: 'failing', align: 'right', ...NOWRAP, sorter: (a, b) => a.failing - b.failing },
              { title: t('rules.newlyFailing'), dataIndex: 'newlyFailing', align: 'right', ...NOWRAP, sorter: (a, b) => a.newlyFailing - b.newlyFailing },
              { title: t('rules.newlyPassing'), dataIndex: 'newlyPassing', align: 'right', ...NOWRAP, sorter: (a, b) => a.newlyPassing - b.newlyPassing },
            ]}
          />
        </Col>
      </Row>
      <Table
        size="small"
        rowKey="branchId"
        pagination={false}
        title={() => t('rules.byBranch')}
        dataSource={report.byBranch}
        data-testid="dry-run-branches"
        columns={[
          { title: t('field.branch'), dataIndex: 'branchName', ...NOWRAP },
          { title: t('rules.dryRunArchives'), dataIndex: 'archives', align: 'right' },
          { title: t('rules.newlyFailing'), dataIndex: 'newlyFailing', align: 'right' },
          { title: t('rules.newlyPassing'), dataIndex: 'newlyPassing', align: 'right' },
          { title: t('rules.preciseBefore'), dataIndex: 'preciseBefore', align: 'right' },
          { title: t('rules.preciseAfter'), dataIndex: 'preciseAfter', align: 'right' },
        ]}
      />
    </Card>
  );
}

/** Table cells that keep one line at 1366 px (dates, names, figures). */
const NOWRAP = {
  onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
  onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
};

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export default function RuleSetEditorPage() {
  const { id = 'new' } = useParams();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const { me, permissions } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const sets = useQuery({ queryKey: ['ruleSets'], queryFn: () => client.request(RuleSetsQuery, { includeSuperseded: false }) });
  const existing = sets.data?.ruleSets.find((s) => s.id === id);
  const scope = (existing?.scope ?? params.get('scope') ?? 'BANK') as 'PROVINCE' | 'BANK';
  const [name, setName] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState<string | null>(null);
  const [rules, setRules] = useState<RuleFormValues[] | null>(null);
  const [ruleErrors, setRuleErrors] = useState<RuleErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [busy, setBusy] = useState<'save' | 'dry' | 'publish' | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  // The set as loaded (a new draft: the scope's published set) or last saved; unsaved changes are
  // the differences from it (docs/screens.md, "Long forms").
  const [baseline, setBaseline] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const current = { name, effectiveFrom, rules };
  const dirty = rules !== null && !sameValues(current, baseline);
  const { disarm } = useUnsavedChanges(dirty, 'form.leaveBody.ruleSet');
  // A new draft is stored before its dry run or publication, changed or not.
  const unsaved = dirty || id === 'new';

  const baselineRules = useMemo(
    () => (sets.data?.ruleSets ?? []).filter((s) => s.scope === 'PROVINCE' && s.status === 'PUBLISHED').flatMap((s) => s.rules),
    [sets.data],
  );
  const baselineCodes = useMemo(() => baselineRules.map((r) => r.code), [baselineRules]);
  const { index: fieldIndex } = useRuleFields();

  useEffect(() => {
    if (!sets.data || rules !== null) return;
    if (existing) {
      const loaded = existing.rules.map(ruleToForm);
      setName(existing.name);
      setEffectiveFrom(existing.effectiveFrom);
      setRules(loaded);
      setBaseline({ name: existing.name, effectiveFrom: existing.effectiveFrom, rules: loaded });
      return;
    }
    // A new draft starts from the scope's published set (a new version of it).
    const published = sets.data.ruleSets.find((s) => s.scope === scope && s.status === 'PUBLISHED');
    const start = {
      name: published?.name ?? (scope === 'BANK' ? '本行完整性规则' : '省联社基线规则'),
      effectiveFrom: dayjs().format('YYYY-MM-DD'),
      rules: (published?.rules ?? []).map(ruleToForm),
    };
    setName(start.name);
    setEffectiveFrom(start.effectiveFrom);
    setRules(start.rules);
    setBaseline(start);
  }, [sets.data, existing, scope, rules]);

  const evaluation = useEvaluationRun(runId);

  // A publication request freezes the draft until a second administrator decides (dual control).
  const requests = useQuery({
    queryKey: [...PENDING_CHANGES_KEY, 'PENDING', 'ruleSet', id],
    enabled: id !== 'new' && canEditRules(permissions, me?.orgUnit?.level, scope),
    queryFn: () => client.request(PendingChangesQuery, { status: 'PENDING', first: 200, after: null }),
  });
  const pending = id === 'new' ? undefined : publicationRequest(requests.data?.pendingChanges.edges.map((e) => e.node) ?? [], id);
  // A set published by a second administrator: its re-evaluation, from the approved request.
  const approvals = useQuery({
    queryKey: [...PENDING_CHANGES_KEY, 'APPROVED', 'ruleSet', id],
    enabled: existing?.status === 'PUBLISHED' && canEditRules(permissions, me?.orgUnit?.level, scope),
    queryFn: () => client.request(PendingChangesQuery, { status: 'APPROVED', first: 200, after: null }),
  });
  const approved = existing ? publicationRequest(approvals.data?.pendingChanges.edges.map((e) => e.node) ?? [], existing.id, 'APPROVED') : undefined;
  const approvedRun = useEvaluationRun(approved?.evaluationRun?.id);
  const refreshRequests = () => Promise.all([queries.invalidateQueries({ queryKey: PENDING_CHANGES_KEY }), queries.invalidateQueries({ queryKey: ['ruleSets'] })]);

  if (sets.error) return <QueryError error={sets.error} onRetry={() => void sets.refetch()} />;
  if (sets.isLoading || rules === null) return <Spin />;
  if (!canEditRules(permissions, me?.orgUnit?.level, scope)) return <Result status="403" title={t('app.forbidden')} />;

  const applyErrors = (errors: readonly PayloadError[]) => {
    const byRule: RuleErrors = {};
    const rest: string[] = [];
    for (const e of errors) {
      const text = locale === 'zh' ? e.message : e.messageEn;
      const target = ruleErrorTarget(e.field);
      if (target) {
        byRule[target.index] ??= {};
        (byRule[target.index][target.field] ??= []).push(text);
      } else rest.push(e.field && e.field !== 'id' ? `${e.field}: ${text}` : text);
    }
    setRuleErrors(byRule);
    setGeneral(rest);
  };

  const save = async (): Promise<string | null> => {
    setBusy('save');
    setGeneral([]);
    try {
      let input;
      try {
        input = rules.map(formToRule);
      } catch (e) {
        if (e instanceof SegmentJsonError) {
          setGeneral([t('rules.invalidJson') + ': ' + e.message]);
          return null;
        }
        throw e;
      }
      const data = await client.request(SaveRuleSetMutation, {
        input: { id: id === 'new' ? null : id, scope, name, effectiveFrom, rules: input },
      });
      const payload = committed(data.saveRuleSet, 'saveRuleSet');
      if (payload.errors.length || !payload.ruleSet) {
        applyErrors(payload.errors);
        message.error(t('form.errors', { n: payload.errors.length }));
        if (payload.errors.some((e) => e.code === 'PUBLISH_PENDING')) await refreshRequests();
        return null;
      }
      setRuleErrors({});
      setBaseline(current);
      setSaved(true);
      disarm(); // the move of a new draft to its address is no leaving
      message.success(t('rules.saved'));
      await queries.invalidateQueries({ queryKey: ['ruleSets'] });
      if (id === 'new') navigate(`/rules/${payload.ruleSet.id}`, { replace: true });
      return payload.ruleSet.id;
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
      return null;
    } finally {
      setBusy(null);
    }
  };

  const dryRun = async () => {
    const draftId = unsaved ? await save() : id;
    if (!draftId) return;
    setBusy('dry');
    try {
      const payload = committed((await client.request(DryRunRuleSetMutation, { id: draftId, sample: null })).dryRunRuleSet, 'dryRunRuleSet');
      if (payload.errors.length) applyErrors(payload.errors);
      setReport(payload.report ?? null);
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setBusy(null);
    }
  };

  const publish = () =>
    modal.confirm({
      title: t('rules.publish'),
      content: t('rules.publishConfirm'),
      okText: t('rules.requestPublish'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const draftId = unsaved ? await save() : id;
        if (!draftId) return;
        setBusy('publish');
        try {
          const data = await client.request(PublishRuleSetMutation, { id: draftId });
          const payload = committed(data.publishRuleSet, 'publishRuleSet');
          if (payload.errors.length) {
            applyErrors(payload.errors);
            message.error(payload.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；'));
            return;
          }
          if (payload.pendingChange) message.success(t('rules.publishPending'));
          else message.success(t('rules.publishedOk'));
          if (payload.run) setRunId(payload.run.id);
          await refreshRequests();
        } catch (e) {
          message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
        } finally {
          setBusy(null);
        }
      },
    });

  const withdraw = async () => {
    try {
      const payload = committed((await client.request(CancelPendingChangeMutation, { id: pending!.id })).cancelPendingChange, 'cancelPendingChange');
      if (payload.errors.length) {
        message.error(payload.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；'));
      } else message.success(t('approvals.withdrawn'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    }
    await refreshRequests();
  };

  if (runId) {
    const done = runFinished(evaluation);
    return (
      <Result
        status={done ? 'success' : 'info'}
        title={t(done ? 'rules.publishedDone' : 'rules.publishedOk')}
        subTitle={evaluation ? <EvaluationRunProgress run={evaluation} width={320} /> : ''}
        extra={[
          <Button key="rules" onClick={() => navigate('/rules')}>
            {t('rules.title')}
          </Button>,
          ...rules
            .filter((r) => !baselineCodes.includes(r.code))
            .slice(0, 3)
            .map((r) => (
              <Button key={r.code} type="primary" disabled={!done} onClick={() => navigate(`/archives?rule=${encodeURIComponent(r.code)}`)} data-testid={`failing-${r.code}`}>
                {t('rules.showArchives')} · {shorten(locale === 'zh' ? r.messageZh : r.messageEn || r.messageZh, 12)}
              </Button>
            )),
        ]}
        data-testid="publish-result"
      />
    );
  }

  if (existing && existing.status !== 'DRAFT') {
    // A set published by a second administrator: says so once its re-evaluation is over.
    const reevaluated = approvedRun ? runFinished(approvedRun) : true;
    return (
      <Result
        status={approvedRun && reevaluated ? 'success' : 'info'}
        title={existing.name}
        data-testid="published-set"
        subTitle={
          <Space direction="vertical" size={8}>
            <span data-testid="published-state">{t(!approvedRun || existing.status !== 'PUBLISHED' ? 'rules.published' : reevaluated ? 'rules.publishedDone' : 'rules.publishedOk')}</span>
            {approvedRun && <EvaluationRunProgress run={approvedRun} width={320} />}
          </Space>
        }
      />
    );
  }

  const errorCount = Object.keys(ruleErrors).length;
  return (
    <div>
      <div className="cic-page-title">
        <Space>
          <Button type="text" onClick={() => navigate('/rules')}>
            ← {t('common.back')}
          </Button>
          <h2>{id === 'new' ? t('rules.newDraft') : t('rules.editDraft')}</h2>
          <Tag color="blue">{scope === 'BANK' ? t('rules.bank') : t('rules.baselineEditable')}</Tag>
        </Space>
      </div>
      <QueryError error={requests.error} onRetry={() => void requests.refetch()} style={{ marginBottom: 16 }} />
      {pending && <PublicationPendingNotice pending={pending} message={t('rules.publishPending')} testId="publish-pending" onWithdraw={withdraw} />}
      {general.length > 0 && <Notice type="error" message={general.join('；')} data-testid="rules-general-errors" />}
      {errorCount > 0 && <Notice type="error" message={t('form.errors', { n: errorCount })} />}
      <Row gutter={16} wrap={false}>
      <Col flex="auto" style={{ minWidth: 0 }}>
      <Card title={t('form.section.basics')} style={{ marginBottom: 16 }} id={sectionId('basics')}>
        <Row gutter={16}>
          <Col span={12}>
            <Typography.Text type="secondary">{t('rules.name')}</Typography.Text>
            <Input value={name} disabled={!!pending} onChange={(e) => setName(e.target.value)} id="ruleset-name" aria-label={t('rules.name')} />
          </Col>
          <Col span={6}>
            <Typography.Text type="secondary">{t('rules.effectiveFrom')}</Typography.Text>
            <DatePicker style={{ width: '100%' }} disabled={!!pending} value={effectiveFrom ? dayjs(effectiveFrom) : null} onChange={(d) => setEffectiveFrom(d ? d.format('YYYY-MM-DD') : null)} aria-label={t('rules.effectiveFrom')} />
          </Col>
        </Row>
      </Card>
      {report && <DryRunView report={report} />}
      <Card
        title={`${t('rules.bank')} (${rules.length})`}
        id={sectionId('rules')}
        extra={
          <Button icon={<PlusOutlined />} disabled={!!pending} onClick={() => setEditing('new')} data-testid="add-rule">
            {t('rules.addRule')}
          </Button>
        }
      >
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={false}
          dataSource={rules.map((r, i) => ({ ...r, index: i }))}
          data-testid="draft-rules"
          rowClassName={(r) => (ruleErrors[r.index] ? 'cic-diff-changed' : '')}
          columns={[
            // The code is the rule's identifier, typed by the administrator (not a word to translate).
            { title: t('rules.code'), dataIndex: 'code', ...NOWRAP, render: (v: string) => <Typography.Text code data-audit-ignore>{v}</Typography.Text> },
            { title: t('rules.kind'), dataIndex: 'kind', ...NOWRAP, render: (v: string) => enumLabel(t, 'ruleKind', v) },
            {
              title: t('rules.severity'),
              dataIndex: 'severity',
              render: (v: string, r) => (
                <Space size={4}>
                  <Tag color={v === 'ERROR' ? 'red' : 'gold'}>{enumLabel(t, 'severity', v)}</Tag>
                  {r.overridable && <Tag color="orange">{t('rules.overridable')}</Tag>}
                </Space>
              ),
            },
            { title: t('rules.message'), width: 240, render: (_: unknown, r) => (locale === 'zh' ? r.messageZh : r.messageEn || r.messageZh) },
            {
              title: t('rules.params'),
              render: (_: unknown, r) => {
                let text = '';
                try {
                  const api = formToRule(r);
                  text = ruleSummary({ kind: api.kind, params: api.params as Record<string, unknown>, segment: api.segment }, fieldIndex, t);
                } catch {
                  text = t('rules.invalidJson');
                }
                return (
                  <Space direction="vertical" size={0}>
                    <span style={{ fontSize: 12 }}>{text}</span>
                    {ruleErrors[r.index] &&
                      Object.values(ruleErrors[r.index])
                        .flat()
                        .map((m) => (
                          <Typography.Text type="danger" key={m} style={{ fontSize: 12 }}>
                            {m}
                          </Typography.Text>
                        ))}
                  </Space>
                );
              },
            },
            {
              title: t('common.actions'),
              width: 110,
              render: (_: unknown, r) => (
                <Space>
                  <Button size="small" type="link" icon={<EditOutlined />} disabled={!!pending} onClick={() => setEditing(r.index)} />
                  <Button
                    size="small"
                    type="link"
                    danger
                    disabled={!!pending}
                    icon={<DeleteOutlined />}
                    onClick={() => {
                      setRules(rules.filter((_, i) => i !== r.index));
                      setRuleErrors({});
                    }}
                  />
                </Space>
              ),
            },
          ]}
        />
      </Card>
      </Col>
      <Col flex="150px">
        <SectionNav
          sections={[
            { key: 'basics', title: t('form.section.basics') },
            ...(report ? [{ key: 'dryRun', title: t('rules.dryRunTitle') }] : []),
            { key: 'rules', title: `${t('rules.bank')} (${rules.length})` },
          ]}
        />
      </Col>
      </Row>
      <SaveBar name="rules" dirty={dirty} saved={saved} status={errorCount > 0 && <Typography.Text type="danger">{t('form.errors', { n: errorCount })}</Typography.Text>}>
        <Button icon={<SaveOutlined />} loading={busy === 'save'} disabled={!!pending} onClick={save} data-testid="save-rules">
          {t('rules.saveDraft')}
        </Button>
        <Button icon={<ExperimentOutlined />} loading={busy === 'dry'} onClick={dryRun} data-testid="dry-run">
          {t('rules.dryRun')}
        </Button>
        <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'publish'} disabled={!!pending} onClick={publish} data-testid="publish-rules">
          {t('rules.requestPublish')}
        </Button>
      </SaveBar>
      <RuleModal
        open={editing !== null}
        initial={editing === null || editing === 'new' ? null : rules[editing]}
        errors={editing === null || editing === 'new' ? {} : ruleErrors[editing] ?? {}}
        baselineRules={baselineRules}
        onCancel={() => setEditing(null)}
        onSave={(values) => {
          if (editing === 'new') setRules([...rules, values]);
          else if (editing !== null) {
            setRules(rules.map((r, i) => (i === editing ? values : r)));
            const rest = { ...ruleErrors };
            delete rest[editing];
            setRuleErrors(rest);
          }
          setEditing(null);
        }}
      />
    </div>
  );
}
