// 本行设置: a bank administrator's own settings - the bank's extra archive fields (defineExtraField)
// and the logo its photos' watermark carries (uploadBankLogo). docs/imports.md, docs/images.md.
// The new field's form has the long forms' save bar and unsaved-change warning (docs/screens.md);
// the logo is stored as soon as it is picked, there is nothing to leave unsaved.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { enumLabel as sharedEnumLabel, enumOptions } from '@cic/shared/labels';
import { splitErrors, userErrorText, type UserError } from '@cic/shared/userErrors';
import { ApiError, client } from '../api/client';
import { BankExtraFieldsQuery, BankLogoQuery, DefineExtraFieldMutation, RemoveBankLogoMutation, UploadBankLogoMutation } from '../api/adminOperations';
import type { BankExtraFieldsQuery as FieldsResult, ExtraFieldDefinitionInput, ExtraFieldKind } from '../gql/graphql';
import { useI18n, type Translate } from '../i18n';
import { useSession } from '../session';
import { beijingTime } from '../lib/approvals';
import { QueryError } from '../components/common';
import { sameValues, useUnsavedChanges } from '../components/unsavedChanges';
import { SaveBar } from '../components/SaveBar';

type Field = FieldsResult['extraFieldDefinitions'][number];

interface FieldForm {
  code: string;
  labelZh: string;
  labelEn?: string;
  kind: ExtraFieldKind;
  required?: boolean;
  choices?: string;
  minValue?: string;
  maxValue?: string;
  maxLength?: number | null;
  pattern?: string;
  position?: number | null;
}

/** The fields of the form the API's errors can name (its input's field names). */
const FORM_FIELDS = new Set(['code', 'labelZh', 'labelEn', 'kind', 'choices', 'minValue', 'maxValue', 'maxLength', 'pattern', 'position']);

/** The new field's form as it starts, and after each save. */
const NEW_FIELD: Partial<FieldForm> = { kind: 'TEXT', required: false, position: 10 };

const blank = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);

/** The form's values as the mutation's input; the English label falls back to the code. */
export function fieldInput(v: FieldForm): ExtraFieldDefinitionInput {
  const kind = v.kind;
  return {
    code: v.code.trim(),
    labelZh: v.labelZh.trim(),
    labelEn: blank(v.labelEn) ?? v.code.trim(),
    kind,
    required: !!v.required,
    choices: kind === 'CHOICE' ? (v.choices ?? '').split('\n').map((c) => c.trim()).filter(Boolean) : null,
    minValue: kind === 'NUMBER' || kind === 'DATE' ? blank(v.minValue) : null,
    maxValue: kind === 'NUMBER' || kind === 'DATE' ? blank(v.maxValue) : null,
    maxLength: kind === 'TEXT' ? (v.maxLength ?? null) : null,
    pattern: kind === 'TEXT' ? blank(v.pattern) : null,
    position: v.position ?? 0,
    active: true,
  };
}

/** A stored field as the input that keeps it as it is, but for ``active``. */
export function sameField(f: Field, active: boolean): ExtraFieldDefinitionInput {
  return {
    code: f.code, labelZh: f.labelZh, labelEn: f.labelEn, kind: f.kind, required: f.required, choices: f.choices ?? null,
    minValue: f.minValue ?? null, maxValue: f.maxValue ?? null, pattern: f.pattern ?? null, maxLength: f.maxLength ?? null,
    position: f.position, active,
  };
}

function rulesOf(f: Field, t: Translate): string {
  if (f.kind === 'CHOICE') return (f.choices ?? []).join('、');
  if ((f.kind === 'NUMBER' || f.kind === 'DATE') && (f.minValue || f.maxValue)) return t('bank.range', { min: f.minValue ?? '…', max: f.maxValue ?? '…' });
  if (f.kind === 'TEXT' && f.maxLength) return `${t('bank.maxLength')} ${f.maxLength}`;
  return '—';
}

function ExtraFieldsTab() {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<FieldForm>();
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);
  const kind = Form.useWatch('kind', form);
  const values = Form.useWatch((v) => v, { form, preserve: true });
  const dirty = values !== undefined && !sameValues(values, NEW_FIELD);
  const [saved, setSaved] = useState(false);
  useUnsavedChanges(dirty, 'form.leaveBody.extraField');
  const fields = useQuery({ queryKey: ['bankExtraFields'], queryFn: () => client.request(BankExtraFieldsQuery, {}) });

  const define = async (input: ExtraFieldDefinitionInput): Promise<readonly UserError[]> => {
    const data = await client.request(DefineExtraFieldMutation, { input });
    const errors = data.defineExtraField?.errors ?? [];
    if (!errors.length) await queries.invalidateQueries({ queryKey: ['bankExtraFields'] });
    return errors;
  };

  const save = async () => {
    const values = await form.validateFields().catch(() => null); // the form shows what is missing
    if (!values) return;
    setSaving(true);
    setGeneral([]);
    try {
      const errors = await define(fieldInput(values));
      if (errors.length) {
        const split = splitErrors(errors, locale, (name) => FORM_FIELDS.has(String(name[0])), ['input.']);
        form.setFields(split.fields.map((f) => ({ name: f.name as never, errors: f.errors })));
        setGeneral(split.general);
        return;
      }
      message.success(t('bank.saved'));
      form.resetFields();
      setSaved(true);
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setSaving(false);
    }
  };

  const toggle = (f: Field) => {
    const run = async () => {
      try {
        const errors = await define(sameField(f, !f.active));
        if (errors.length) message.error(errors.map((e) => userErrorText(e, locale)).join('；'));
        else message.success(t(f.active ? 'bank.deactivated' : 'bank.activated'));
      } catch (e) {
        message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
      }
    };
    if (!f.active) return void run();
    modal.confirm({ title: t('bank.deactivateConfirm', { label: locale === 'zh' ? f.labelZh : f.labelEn }), okText: t('bank.deactivate'), onOk: run });
  };

  const columns = [
    { title: t('bank.labelZh'), dataIndex: 'labelZh', render: (v: string, f: Field) => (locale === 'zh' ? v : f.labelEn) },
    { title: t('bank.code'), dataIndex: 'code', width: 170, render: (v: string) => <Typography.Text className="cic-mono">{v}</Typography.Text> },
    { title: t('bank.kind'), dataIndex: 'kind', width: 90, render: (v: string) => sharedEnumLabel('ExtraFieldKind', v, locale) },
    { title: t('bank.required'), dataIndex: 'required', width: 70, render: (v: boolean) => t(v ? 'bank.yes' : 'bank.no') },
    { title: t('bank.rules'), render: (_: unknown, f: Field) => rulesOf(f, t), ellipsis: true },
    { title: t('bank.position'), dataIndex: 'position', width: 70, align: 'right' as const },
    { title: t('bank.state'), dataIndex: 'active', width: 90, render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{t(v ? 'bank.active' : 'bank.inactive')}</Tag> },
    {
      title: t('common.actions'),
      width: 90,
      render: (_: unknown, f: Field) => (
        <Button size="small" type="link" danger={f.active} onClick={() => toggle(f)} data-testid={`toggle-${f.code}`}>
          {t(f.active ? 'bank.deactivate' : 'bank.activate')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t('bank.fieldsHint')}</Typography.Paragraph>
      {fields.error ? (
        <QueryError error={fields.error} style={{ marginBottom: 16 }} onRetry={() => void fields.refetch()} />
      ) : (
        <Table<Field>
          size="small"
          rowKey="code"
          loading={fields.isLoading}
          dataSource={fields.data?.extraFieldDefinitions ?? []}
          columns={columns}
          pagination={false}
          style={{ marginBottom: 24 }}
          locale={{ emptyText: t('bank.empty') }}
          data-testid="extra-fields"
        />
      )}
      <Card size="small" title={t('bank.add')}>
        {general.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={general.join('；')} />}
        <Form form={form} layout="vertical" initialValues={NEW_FIELD} data-testid="extra-field-form">
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item name="code" label={t('bank.code')} tooltip={t('bank.codeHint')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input className="cic-mono" placeholder="tea_garden_mu" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="labelZh" label={t('bank.labelZh')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="labelEn" label={t('bank.labelEn')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={3}>
              <Form.Item name="kind" label={t('bank.kind')} rules={[{ required: true, message: t('validation.required') }]}>
                <Select options={enumOptions('ExtraFieldKind', locale)} aria-label={t('bank.kind')} />
              </Form.Item>
            </Col>
            <Col span={3}>
              <Form.Item name="required" label={t('bank.required')} valuePropName="checked">
                <Switch aria-label={t('bank.required')} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            {kind === 'CHOICE' && (
              <Col span={12}>
                <Form.Item name="choices" label={t('bank.choices')} rules={[{ required: true, message: t('validation.required') }]}>
                  <Input.TextArea rows={4} />
                </Form.Item>
              </Col>
            )}
            {(kind === 'NUMBER' || kind === 'DATE') && (
              <>
                <Col span={6}>
                  <Form.Item name="minValue" label={t('bank.minValue')}>
                    <Input placeholder={kind === 'DATE' ? 'YYYY-MM-DD' : '0'} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="maxValue" label={t('bank.maxValue')}>
                    <Input placeholder={kind === 'DATE' ? 'YYYY-MM-DD' : '10000'} />
                  </Form.Item>
                </Col>
              </>
            )}
            {kind === 'TEXT' && (
              <>
                <Col span={6}>
                  <Form.Item name="maxLength" label={t('bank.maxLength')}>
                    <InputNumber min={1} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="pattern" label={t('bank.pattern')}>
                    <Input className="cic-mono" />
                  </Form.Item>
                </Col>
              </>
            )}
            <Col span={4}>
              <Form.Item name="position" label={t('bank.position')}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <SaveBar name="extra-field" dirty={dirty} saved={saved} placement="footer">
            <Button onClick={() => form.resetFields()} disabled={!dirty} data-testid="reset-extra-field">
              {t('common.reset')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} loading={saving} onClick={() => void save()} data-testid="save-extra-field">
              {t('bank.save')}
            </Button>
          </SaveBar>
        </Form>
      </Card>
    </>
  );
}

function LogoTab() {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const logo = useQuery({ queryKey: ['bankLogo'], queryFn: () => client.request(BankLogoQuery, {}) });
  const current = logo.data?.bankLogo;

  const upload = async (file: File) => {
    setBusy(true);
    setErrors([]);
    try {
      const data = await client.upload(UploadBankLogoMutation, { file: null } as never, { file });
      const refused = data.uploadBankLogo?.errors ?? [];
      if (refused.length) {
        setErrors(refused.map((e) => `${sharedEnumLabel('ImageErrorCode', e.code, locale)}：${userErrorText(e, locale)}`));
        return;
      }
      message.success(t('bank.logoUploaded'));
      await queries.invalidateQueries({ queryKey: ['bankLogo'] });
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setBusy(false);
    }
  };

  const remove = () =>
    modal.confirm({
      title: t('bank.logoRemoveConfirm'),
      okText: t('bank.logoRemove'),
      onOk: async () => {
        try {
          await client.request(RemoveBankLogoMutation, {});
          message.success(t('bank.logoRemoved'));
          await queries.invalidateQueries({ queryKey: ['bankLogo'] });
        } catch (e) {
          message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
        }
      },
    });

  return (
    <>
      <Typography.Paragraph type="secondary">{t('bank.logoHint')}</Typography.Paragraph>
      {logo.error && <QueryError error={logo.error} style={{ marginBottom: 16 }} onRetry={() => void logo.refetch()} />}
      {errors.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={errors.join('；')} data-testid="logo-errors" />}
      <Card size="small" style={{ marginBottom: 16 }} data-testid="bank-logo">
        {current ? (
          <Space align="center" size="large">
            <img src={current.dataUrl} alt={t('bank.logoAlt')} style={{ maxWidth: 160, maxHeight: 160, background: '#f5f5f5', padding: 8 }} />
            <Typography.Text>{t('bank.logoCurrent', { w: current.width, h: current.height, at: beijingTime(current.uploadedAt) })}</Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('bank.logoNone')}</Typography.Text>
        )}
      </Card>
      <Space>
        <Upload
          accept="image/png,image/jpeg"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="upload-logo">
            {t('bank.logoPick')}
          </Button>
        </Upload>
        {current && (
          <Button onClick={remove} data-testid="remove-logo">
            {t('bank.logoRemove')}
          </Button>
        )}
      </Space>
    </>
  );
}

export default function BankSettingsPage() {
  const { t } = useI18n();
  const { me, can } = useSession();
  const logoAllowed = can('ORG_ADMIN') && me?.orgUnit?.level === 'BANK';
  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('bank.title')}</h2>
      </div>
      <Card>
        <Tabs
          items={[
            { key: 'fields', label: t('bank.extraFields'), children: <ExtraFieldsTab /> },
            ...(logoAllowed ? [{ key: 'logo', label: t('bank.logo'), children: <LogoTab /> }] : []),
          ]}
        />
      </Card>
    </div>
  );
}
