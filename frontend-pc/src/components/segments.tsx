// 客户分析模型 (docs/marketing.md): what the list and the detail page share. The fields a model may
// test (`segmentFields`), the status and owner cells, the condition builder (满足全部/满足任一 and
// rows of field, operator and value; no JSON typed by hand) and the drawer that saves a model
// (`saveSegmentModel`), each refusal shown where its path points: next to a row's field, operator
// or value, above the rows for the condition as a whole, on the name.
import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, DatePicker, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { UserError } from '@cic/shared/userErrors';
import { ApiError, client, committed } from '../api/client';
import { SaveSegmentModelMutation, SegmentFieldsQuery } from '../api/operations';
import type { SegmentModelFieldsFragment } from '../gql/graphql';
import { enumLabel, useI18n, type MessageKey, type Translate } from '../i18n';
import { useSession } from '../session';
import {
  builderProblems,
  builderToCondition,
  codeOptions,
  conditionToBuilder,
  describeCondition,
  emptyRow,
  errorTarget,
  fieldGroup,
  indexFields,
  opsFor,
  readableMessage,
  valueKind,
  withField,
  withOp,
  type Builder,
  type ConditionRow,
  type FieldIndex,
  type Grades,
  type RowErrors,
  type RowPart,
  type RowValue,
  type SegmentField,
} from '../lib/segments';
import { useGradeScale } from './ratingViews';
import { EnumTag } from './common';
import { sameValues, useUnsavedChanges, withoutKeys } from './unsavedChanges';
import { SaveBar } from './SaveBar';

export type SegmentModel = SegmentModelFieldsFragment;

/** Query keys: invalidating SEGMENTS_KEY refreshes the list, a model, its counts and members. */
export const SEGMENTS_KEY = ['segmentModels'] as const;

const STATUS_COLORS: Record<string, string> = { ACTIVE: 'green', RETIRED: 'default' };

export function SegmentStatusTag({ status }: { status: string }) {
  return <EnumTag prefix="segmentStatus" value={status} colors={STATUS_COLORS} testId="segment-status" />;
}

/** The unit that owns a model and its level: "福州农村商业银行 法人行社". */
export function OwnerCell({ owner }: { owner: SegmentModel['owner'] }) {
  const { t } = useI18n();
  // A model the caller sees whose owner they may not read: shared down from a unit above theirs.
  if (!owner) {
    return (
      <Tooltip title={t('segments.ownerAboveHint')}>
        <Tag data-testid="segment-owner">{t('segments.ownerAbove')}</Tag>
      </Tooltip>
    );
  }
  return (
    <Space size={6} data-testid="segment-owner">
      <span>{owner.name}</span>
      <Tag>{enumLabel(t, 'level', owner.level)}</Tag>
    </Space>
  );
}

/** The fields a model may test (the caller's role decides which), indexed by path; the grades of
 * the card in force for `rating.grade`. */
export function useSegmentFields() {
  const { me } = useSession();
  const catalog = useQuery({ queryKey: ['segmentFields'], queryFn: () => client.request(SegmentFieldsQuery, {}), staleTime: Infinity });
  const fields = useMemo<SegmentField[]>(() => catalog.data?.segmentFields ?? [], [catalog.data]);
  const index = useMemo(() => indexFields(fields), [fields]);
  const { scale } = useGradeScale(me?.orgUnit?.bankId ?? null);
  return { fields, index, grades: scale as Grades, loading: catalog.isLoading, error: catalog.error };
}

/** A model's condition in words, e.g. "存款余额(元) 大于等于 50000 且 贷款笔数 等于 0". */
export function ConditionText({ condition }: { condition: unknown }) {
  const { t } = useI18n();
  const { index, grades } = useSegmentFields();
  return <span data-testid="segment-condition">{describeCondition(condition, index, t, grades)}</span>;
}

/** A payload error in words: its message with field paths and types named, or the code's label. */
export function marketingErrorText(e: UserError, fields: FieldIndex, t: Translate): string {
  const text = t.locale === 'en' ? e.messageEn || e.message : e.message;
  return text ? readableMessage(text, fields, t) : enumLabel(t, 'marketingError', e.code);
}

function FieldErrors({ messages, testId }: { messages?: string[]; testId: string }) {
  if (!messages?.length) return null;
  return (
    <span className="cic-field-error" data-testid={testId}>
      {messages.join('；')}
    </span>
  );
}

const GROUPS = ['business', 'contact', 'archive', 'extra'] as const;

/**
 * A condition row's value input, by what the field and the operator need (a code list, a number,
 * a date, yes or no, free tags): the segment builder's and the rule editor's (ConditionBuilder).
 */
export function ConditionValueInput({ id, path, op, value, field, grades, status, onChange }: {
  id: string;
  path: string | undefined;
  op: string;
  value: RowValue;
  field: SegmentField | undefined;
  grades?: Grades;
  status?: 'error';
  onChange: (value: RowValue) => void;
}) {
  const { t } = useI18n();
  const codes = codeOptions(path, t, grades);
  const kind = valueKind(field, op, !!codes);
  const list = (Array.isArray(value) ? value : []).map(String);
  const single = Array.isArray(value) ? value[0] : value;
  const common = { id, status, 'aria-label': t('ruleBuilder.value') };
  switch (kind) {
    case 'none':
      return <Input {...common} disabled placeholder={t('segments.noValue')} />;
    case 'number':
      return (
        <InputNumber<number>
          {...common}
          style={{ width: '100%' }}
          value={typeof single === 'number' ? single : single !== undefined && single !== null && /^-?\d+(\.\d+)?$/.test(String(single)) ? Number(single) : null}
          onChange={(n) => onChange(n ?? undefined)}
        />
      );
    case 'date':
      return (
        <DatePicker
          {...common}
          style={{ width: '100%' }}
          value={typeof single === 'string' && dayjs(single).isValid() ? dayjs(single) : null}
          onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
        />
      );
    case 'boolean':
      return (
        <Select
          {...common}
          placeholder={t('segments.chooseValue')}
          value={single === undefined || single === null ? undefined : String(single)}
          options={[
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ]}
          onChange={(v: string) => onChange(v === 'true')}
        />
      );
    case 'choice':
      return (
        <Select
          {...common}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('segments.chooseValue')}
          value={single === undefined || single === null ? undefined : String(single)}
          options={codes!}
          onChange={(v: string) => onChange(v)}
        />
      );
    case 'choices':
      return (
        <Select
          {...common}
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('segments.chooseValue')}
          value={list}
          options={codes!}
          onChange={(v: string[]) => onChange(v)}
        />
      );
    case 'tags':
      return (
        <Select
          {...common}
          mode="tags"
          tokenSeparators={[',', '，', '、']}
          placeholder={t('segments.tagsPlaceholder')}
          value={list}
          options={[]}
          onChange={(v: string[]) => onChange(v)}
        />
      );
    default:
      return <Input {...common} value={single === undefined || single === null ? '' : String(single)} onChange={(e) => onChange(e.target.value)} />;
  }
}

/**
 * The condition builder: 满足全部/满足任一 and one row per field condition. `errors` are shown
 * next to the row part they name, `conditionErrors` above the rows.
 */
export function ConditionBuilder({
  builder,
  onChange,
  fields,
  index,
  grades,
  errors,
  conditionErrors,
}: {
  builder: Builder;
  onChange: (builder: Builder, changedRow?: number) => void;
  fields: readonly SegmentField[];
  index: FieldIndex;
  grades: Grades;
  errors: RowErrors;
  conditionErrors: string[];
}) {
  const { t } = useI18n();
  const hasCodes = (path: string | undefined) => !!codeOptions(path, t, grades);
  const options = useMemo(
    () =>
      GROUPS.map((g) => ({
        label: t(`segments.group.${g}` as MessageKey),
        options: fields.filter((f) => fieldGroup(f.path) === g).map((f) => ({ value: f.path, label: f.label })),
      })).filter((g) => g.options.length),
    [fields, t],
  );
  const setRow = (i: number, row: ConditionRow) => onChange({ ...builder, rows: builder.rows.map((r, k) => (k === i ? row : r)) }, i);
  return (
    <div data-testid="condition-builder">
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        value={builder.combinator}
        onChange={(e) => onChange({ ...builder, combinator: e.target.value })}
        options={[
          { value: 'all', label: t('segments.all') },
          { value: 'any', label: t('segments.any') },
        ]}
        style={{ marginBottom: 12 }}
        data-testid="condition-combinator"
      />
      {conditionErrors.length > 0 && <Alert type="error" showIcon message={conditionErrors.join('；')} style={{ marginBottom: 12 }} data-testid="condition-errors" />}
      <Row gutter={8} style={{ marginBottom: 4 }}>
        <Col flex="250px">
          <Typography.Text type="secondary">{t('segments.field')}</Typography.Text>
        </Col>
        <Col flex="130px">
          <Typography.Text type="secondary">{t('segments.opLabel')}</Typography.Text>
        </Col>
        <Col flex="auto">
          <Typography.Text type="secondary">{t('segments.value')}</Typography.Text>
        </Col>
      </Row>
      {builder.rows.map((row, i) => {
        const field = index.get(row.field ?? '');
        const rowErrors = errors[i] ?? {};
        const failed = (part: RowPart) => (rowErrors[part]?.length ? ('error' as const) : undefined);
        const fieldOptions = row.field && !field ? [...options, { label: '', options: [{ value: row.field, label: t('segments.hiddenField') }] }] : options;
        return (
          <div key={row.key} className={Object.keys(rowErrors).length ? 'cic-condition-row cic-condition-row-error' : 'cic-condition-row'} data-testid="condition-row" data-index={i}>
            <Row gutter={8} wrap={false} align="top">
              <Col flex="250px">
                <Select
                  id={`condition-field-${i}`}
                  style={{ width: '100%' }}
                  status={failed('field')}
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('segments.chooseField')}
                  value={row.field}
                  options={fieldOptions}
                  onChange={(path: string) => setRow(i, withField(row, path, index, hasCodes))}
                />
                <FieldErrors messages={rowErrors.field} testId="condition-error" />
              </Col>
              <Col flex="130px">
                <Select
                  id={`condition-op-${i}`}
                  style={{ width: '100%' }}
                  status={failed('op')}
                  value={row.op}
                  options={opsFor(field, row.op).map((op) => ({ value: op, label: enumLabel(t, 'segments.op', op) }))}
                  onChange={(op: string) => setRow(i, withOp(row, op, field, hasCodes(row.field)))}
                />
                <FieldErrors messages={rowErrors.op} testId="condition-error" />
              </Col>
              <Col flex="auto" style={{ minWidth: 0 }}>
                <ConditionValueInput id={`condition-value-${i}`} path={row.field} op={row.op} value={row.value} field={field} grades={grades} status={failed('value') ?? failed('row')} onChange={(value) => setRow(i, { ...row, value })} />
                <FieldErrors messages={[...(rowErrors.value ?? []), ...(rowErrors.row ?? [])]} testId="condition-error" />
              </Col>
              <Col flex="32px">
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  disabled={builder.rows.length <= 1}
                  aria-label={t('segments.removeCondition')}
                  title={t('segments.removeCondition')}
                  onClick={() => onChange({ ...builder, rows: builder.rows.filter((_, k) => k !== i) }, -1)}
                  data-testid={`condition-remove-${i}`}
                />
              </Col>
            </Row>
          </div>
        );
      })}
      <Button type="dashed" icon={<PlusOutlined />} onClick={() => onChange({ ...builder, rows: [...builder.rows, emptyRow()] })} data-testid="condition-add">
        {t('segments.addCondition')}
      </Button>
    </div>
  );
}

interface FormValues {
  name: string;
  description?: string;
  reminder?: string;
}

/** A new model (`model` null) or a new version of one of the caller's unit's, in a drawer. */
export function SegmentModelDrawer({ model, onClose, onSaved }: { model: SegmentModel | null; onClose: () => void; onSaved: (saved: SegmentModel) => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const { fields, index, grades } = useSegmentFields();
  const [initial] = useState(() => conditionToBuilder(model?.condition));
  const [builder, setBuilder] = useState<Builder>(initial.builder);
  const [rowErrors, setRowErrors] = useState<RowErrors>({});
  const [conditionErrors, setConditionErrors] = useState<string[]>([]);
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  // CEL for advanced users (the API translates it into the same condition); a nested condition the
  // builder cannot show opens in CEL.
  const [mode, setMode] = useState<'builder' | 'cel'>(initial.editable ? 'builder' : 'cel');
  const [expression, setExpression] = useState(model?.expression ?? '');
  const [celErrors, setCelErrors] = useState<string[]>([]);
  // Unsaved changes (docs/screens.md, "Long forms"): the form, the condition or the CEL differ from
  // the model as opened; closing the drawer or leaving the page then asks first.
  const [opened] = useState(() => ({ name: model?.name ?? '', description: model?.description ?? '', reminder: model?.reminder ?? '' }));
  const values = Form.useWatch((v) => v, { form, preserve: true });
  const dirty =
    (values !== undefined && !sameValues(values, opened)) ||
    !sameValues(withoutKeys(builder), withoutKeys(initial.builder)) ||
    expression !== (model?.expression ?? '');
  const { disarm, confirmLeave } = useUnsavedChanges(dirty, 'form.leaveBody.segment');
  const close = () => confirmLeave(onClose);

  const change = (next: Builder, changedRow?: number) => {
    setBuilder(next);
    // A changed row's refusals no longer apply; a removed row moves the others' indexes.
    if (changedRow === -1) setRowErrors({});
    else if (changedRow !== undefined && rowErrors[changedRow]) {
      const rest = { ...rowErrors };
      delete rest[changedRow];
      setRowErrors(rest);
    }
  };

  const save = async () => {
    setGeneral([]);
    setConditionErrors([]);
    setCelErrors([]);
    const values = await form.validateFields().catch(() => null);
    const cel = mode === 'cel';
    const problems = initial.editable && !cel ? builderProblems(builder, t) : {};
    setRowErrors(problems);
    if (cel && !expression.trim()) {
      setCelErrors([t('segments.celRequired')]);
      return;
    }
    if (!values || Object.keys(problems).length) {
      if (Object.keys(problems).length) message.error(t('form.errors', { n: Object.values(problems).length }));
      return;
    }
    setBusy(true);
    let errors: readonly UserError[] = [];
    try {
      const condition = cel ? null : initial.editable ? builderToCondition(builder, index) : model!.condition;
      const data = await client.request(SaveSegmentModelMutation, {
        input: {
          id: model?.id ?? null, name: values.name.trim(), description: values.description?.trim() || null, reminder: values.reminder?.trim() || null,
          condition, expression: cel ? expression.trim() : null,
        },
      });
      const payload = committed(data.saveSegmentModel, 'saveSegmentModel');
      errors = payload.errors;
      if (!errors.length && payload.model) {
        message.success(t('segments.saved', { n: payload.model.memberCount }));
        disarm();
        await queries.invalidateQueries({ queryKey: SEGMENTS_KEY });
        onSaved(payload.model);
        return;
      }
    } catch (e) {
      setGeneral([e instanceof ApiError ? e.display(locale) : t('common.failed')]);
      return;
    } finally {
      setBusy(false);
    }
    const byRow: RowErrors = {};
    const onCondition: string[] = [];
    const onExpression: string[] = [];
    const onForm: Record<string, string[]> = {};
    const rest: string[] = [];
    for (const e of errors) {
      const text = marketingErrorText(e, index, t);
      if (e.field === 'expression') {
        onExpression.push(text);
        continue;
      }
      const target = errorTarget(e.field);
      if (target.kind === 'row' && initial.editable && target.index < builder.rows.length) ((byRow[target.index] ??= {})[target.part] ??= []).push(text);
      else if (target.kind === 'row' || target.kind === 'condition') onCondition.push(text);
      else if (target.kind === 'form') (onForm[target.name] ??= []).push(text);
      else rest.push(text);
    }
    setRowErrors(byRow);
    setConditionErrors(onCondition);
    setCelErrors(onExpression);
    setGeneral(rest);
    form.setFields(Object.entries(onForm).map(([name, messages]) => ({ name: name as keyof FormValues, errors: messages })));
    message.error(t('form.errors', { n: errors.length }));
  };

  return (
    <Drawer
      open
      width={900}
      title={model ? t('segments.editTitle', { name: model.name }) : t('segments.createTitle')}
      onClose={close}
      destroyOnHidden
      footer={
        <SaveBar name="segment" dirty={dirty} placement="footer">
          <Button onClick={close} data-testid="segment-cancel">
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={busy} onClick={save} data-testid="segment-save">
            {t('common.save')}
          </Button>
        </SaveBar>
      }
      data-testid="segment-drawer"
    >
      {general.length > 0 && <Alert type="error" showIcon message={general.join('；')} style={{ marginBottom: 12 }} data-testid="segment-errors" />}
      {model && <Typography.Paragraph type="secondary">{t('segments.editHint')}</Typography.Paragraph>}
      <Form form={form} name="segment" layout="vertical" initialValues={opened}>
        <Form.Item name="name" label={t('segments.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input maxLength={60} showCount />
        </Form.Item>
        <Form.Item name="description" label={t('segments.description')}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
        <Form.Item name="reminder" label={t('segments.reminder')} extra={t('segments.reminderHelp')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('segments.condition')} required>
          <Radio.Group
            optionType="button"
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            options={[
              { value: 'builder', label: t('segments.mode.builder'), disabled: !initial.editable },
              { value: 'cel', label: t('segments.mode.cel') },
            ]}
            style={{ marginBottom: 12 }}
            data-testid="condition-mode"
          />
          {mode === 'cel' ? (
            <div data-testid="condition-cel">
              <Input.TextArea
                id="condition-expression"
                rows={4}
                maxLength={2000}
                value={expression}
                onChange={(e) => {
                  setExpression(e.target.value);
                  setCelErrors([]);
                }}
                status={celErrors.length ? 'error' : undefined}
                aria-describedby="condition-cel-help"
                style={{ fontFamily: 'monospace' }}
                data-testid="condition-expression"
              />
              <FieldErrors messages={celErrors} testId="condition-error" />
              <Typography.Paragraph type="secondary" id="condition-cel-help" style={{ marginTop: 8 }}>
                {t('segments.celHelp')}
              </Typography.Paragraph>
            </div>
          ) : initial.editable ? (
            <ConditionBuilder builder={builder} onChange={change} fields={fields} index={index} grades={grades} errors={rowErrors} conditionErrors={conditionErrors} />
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Alert type="info" showIcon message={t('segments.nested')} data-testid="condition-nested" />
              <ConditionText condition={model?.condition} />
              {conditionErrors.length > 0 && <Alert type="error" showIcon message={conditionErrors.join('；')} data-testid="condition-errors" />}
            </Space>
          )}
        </Form.Item>
      </Form>
    </Drawer>
  );
}
