import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Divider,
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
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, client, committed } from '../api/client';
import { CreateArchiveMutation, CustomerQuery, ExtraFieldDefinitionsQuery, UpdateArchiveMutation } from '../api/operations';
import type { ArchivePayloadFieldsFragment, CustomerDetailFieldsFragment } from '../gql/graphql';
import { enumLabel, useI18n, type MessageKey } from '../i18n';
import { zh } from '../i18n/messages';
import { useSession } from '../session';
import { Notice, RegionCascader } from '../components/common';
import { useUnsavedChanges } from '../components/unsavedChanges';
import { SaveBar } from '../components/SaveBar';
import { FOCUSABLE, SectionNav, sectionId } from '../components/SectionNav';
import {
  conflictFieldLabel,
  conflictRows,
  conflictValueLabel,
  consentToInput,
  customerToForm,
  extraToInput,
  formNameForError,
  formToInput,
  mergeEdits,
  type ArchiveFormValues,
  type ConflictRow,
} from '../lib/archiveForm';
import { splitErrors, type NamePath } from '@cic/shared/userErrors';

const EDUCATION = ['NONE', 'PRIMARY', 'JUNIOR', 'SENIOR', 'VOCATIONAL', 'COLLEGE', 'BACHELOR', 'POSTGRADUATE'];
const MARITAL = ['SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED'];
const HEALTH = ['GOOD', 'FAIR', 'POOR', 'DISABLED'];
const RELATIONS = ['SPOUSE', 'CHILD', 'PARENT', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD', 'OTHER'];
const LABOUR = ['FULL', 'PARTIAL', 'NONE'];
const LIVESTOCK = ['PIG', 'CATTLE', 'SHEEP', 'POULTRY', 'AQUATIC', 'OTHER'];
const ASSETS = ['HOUSE', 'VEHICLE', 'MACHINERY', 'DEPOSIT', 'OTHER'];
const RATINGS = ['AAA', 'AA', 'A', 'B', 'C', 'UNRATED'];
const ETHNICITIES = ['汉族', '畲族', '回族', '满族', '蒙古族', '壮族', '苗族', '土家族', '其他'];
const CONSENT_WORDING = 'v2024.1';

type Customer = CustomerDetailFieldsFragment;

/** The form's sections in order: the section nav's entries and the cards' element ids. */
export const SECTIONS = ['identity', 'contact', 'household', 'land', 'income', 'business', 'extra', 'consent'] as const;

/** Scroll to the first field with an error and put the cursor in it, once antd has rendered the
 * errors (a frame or two after validateFields rejects). The inputs carry their own ids, so antd's
 * scrollToField cannot find them by name. */
function showFirstError(framesLeft = 5) {
  requestAnimationFrame(() => {
    const item = document.querySelector<HTMLElement>('[data-testid="archive-form"] .ant-form-item-has-error');
    if (!item) {
      if (framesLeft > 0) showFirstError(framesLeft - 1);
      return;
    }
    item.scrollIntoView({ block: 'center' });
    item.querySelector<HTMLElement>(FOCUSABLE)?.focus({ preventScroll: true });
  });
}

/** The first field error's name after a failed validateFields() (antd rejects with errorFields). */
export function firstErrorName(error: unknown): (string | number)[] | null {
  const fields = (error as { errorFields?: { name: (string | number)[] }[] } | null)?.errorFields;
  return fields && fields.length ? fields[0].name : null;
}

function useEnumOptions(prefix: string, values: string[]) {
  const { t } = useI18n();
  return values.map((v) => ({ value: v, label: enumLabel(t, prefix, v) }));
}

const MoneyInput = (props: React.ComponentProps<typeof InputNumber<string>>) => (
  <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} {...props} />
);

/** A repeatable part of the archive (family members, livestock, assets, liabilities): its title,
 * a row of fields per item with a remove icon, and a button that adds an item with `initial` values. */
function ListSection(props: {
  title: string;
  name: string;
  gutter: number;
  removeSpan: number;
  initial: Record<string, unknown>;
  children: (item: number) => React.ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <Divider titlePlacement="start" plain>
        {props.title}
      </Divider>
      <Form.List name={props.name}>
        {(items, { add, remove }) => (
          <>
            {items.map(({ key, name }) => (
              <Row gutter={props.gutter} key={key} align="top">
                {props.children(name)}
                <Col span={props.removeSpan} style={{ paddingTop: 34 }}>
                  <MinusCircleOutlined onClick={() => remove(name)} />
                </Col>
              </Row>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(props.initial)}>
              {t('form.add')}
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}

export default function ArchiveFormPage() {
  const { id } = useParams();
  const editing = !!id;
  const { t, locale } = useI18n();
  /** A conflict row's value in words (enum labels, 是/否). */
  const words = (field: string, value: string) =>
    conflictValueLabel(field, value, (prefix, v) => enumLabel(t, prefix, v), (yes) => t(yes ? 'common.yes' : 'common.no'));
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<ArchiveFormValues>();
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ serverVersion: number; current: Customer; merged: ArchiveFormValues; rows: ConflictRow[] } | null>(null);
  // The values the edit started from: a conflict keeps what changed since then (three-way merge).
  const [baseValues, setBaseValues] = useState<ArchiveFormValues | null>(null);
  const [saving, setSaving] = useState(false);
  // Edited since loaded or last saved: the save bar says so and leaving asks first.
  const [dirty, setDirty] = useState(false);
  const { disarm } = useUnsavedChanges(dirty);

  const customer = useQuery({ queryKey: ['customer', id], queryFn: () => client.request(CustomerQuery, { id: id! }), enabled: editing, staleTime: 0 });
  const definitions = useQuery({ queryKey: ['extraFieldDefinitions'], queryFn: () => client.request(ExtraFieldDefinitionsQuery) });
  const defs = useMemo(() => [...(definitions.data?.extraFieldDefinitions ?? [])].sort((a, b) => a.position - b.position), [definitions.data]);
  const loaded = customer.data?.customer;

  useEffect(() => {
    if (loaded && baseVersion === null) {
      const values = customerToForm(loaded);
      form.setFieldsValue(values);
      setBaseValues(values);
      setBaseVersion(loaded.version);
    }
  }, [loaded, baseVersion, form]);

  const education = useEnumOptions('education', EDUCATION);
  const marital = useEnumOptions('marital', MARITAL);
  const health = useEnumOptions('health', HEALTH);
  const relations = useEnumOptions('relation', RELATIONS);
  const labour = useEnumOptions('labour', LABOUR);
  const livestockKinds = useEnumOptions('livestock', LIVESTOCK);
  const assetKinds = useEnumOptions('asset', ASSETS);
  const ratings = useEnumOptions('rating', RATINGS);

  if (editing && customer.isLoading) return <Spin />;
  if (editing && !loaded) return <Result status="404" title={t('app.notFound')} />;

  const showErrors = (payload: ArchivePayloadFieldsFragment) => {
    const values = form.getFieldsValue(true);
    const known = (name: NamePath) => {
      const mapped = formNameForError(name);
      if (mapped[0] === 'addressPath' || mapped[0] === 'addressLine' || mapped[0] === 'extra') return true;
      let node: unknown = values;
      for (const part of mapped.slice(0, -1)) {
        if (node === null || node === undefined || typeof node !== 'object') return false;
        node = (node as Record<string | number, unknown>)[part];
      }
      return node !== null && node !== undefined && typeof node === 'object';
    };
    const split = splitErrors(payload.errors.filter((e) => e.code !== 'VERSION_CONFLICT'), locale, known);
    form.setFields(split.fields.map((f) => ({ name: formNameForError(f.name) as never, errors: f.errors })));
    setGeneral(split.general);
    if (split.fields.length) showFirstError();
    return split.fields.length + split.general.length;
  };

  const save = async () => {
    let values: ArchiveFormValues;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true);
    } catch (error) {
      // An incomplete form: its messages are on the fields; show the first one, never throw.
      const first = firstErrorName(error);
      const n = (error as { errorFields?: unknown[] } | null)?.errorFields?.length ?? 0;
      if (first) {
        showFirstError();
        message.error(t('form.errors', { n }));
      }
      return;
    }
    setSaving(true);
    setGeneral([]);
    setWarnings([]);
    setDuplicateOf(null);
    try {
      const archive = formToInput(values);
      const extraFields = extraToInput(values.extra, defs.map((d) => d.code));
      const newConsent = consentToInput(values, CONSENT_WORDING);
      let payload: ArchivePayloadFieldsFragment;
      if (editing) {
        const data = await client.request(UpdateArchiveMutation, {
          input: { id: id!, version: baseVersion ?? loaded!.version, archive, channel: 'PC', consent: newConsent, extraFields },
        });
        payload = committed(data.updateArchive, 'updateArchive');
      } else {
        const data = await client.request(CreateArchiveMutation, { input: { archive, channel: 'PC', consent: newConsent, extraFields } });
        payload = committed(data.createArchive, 'createArchive');
      }
      if (payload.conflict) {
        const server = payload.conflict.current;
        const serverValues = customerToForm(server);
        const merged = mergeEdits(baseValues ?? serverValues, values, serverValues);
        setConflict({
          serverVersion: payload.conflict.serverVersion,
          current: server,
          merged,
          rows: conflictRows(formToInput(serverValues), archive, formToInput(merged)),
        });
        return;
      }
      if (payload.duplicateOf) setDuplicateOf(payload.duplicateOf);
      if (payload.errors.length) {
        const n = showErrors(payload);
        message.error(t('form.errors', { n }));
        return;
      }
      const saved = payload.customer!;
      if (payload.warnings.length) {
        message.warning(payload.warnings.map((w) => (locale === 'zh' ? w.message : w.messageEn)).join('；'));
      }
      message.success(editing ? t('form.updated') : t('form.created'));
      setDirty(false);
      disarm();
      queries.setQueryData(['customer', saved.id], { customer: saved });
      await queries.invalidateQueries({ queryKey: ['customers'] });
      await queries.invalidateQueries({ queryKey: ['customerHistory', saved.id] });
      navigate(`/archives/${saved.id}`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setSaving(false);
    }
  };

  const field = (name: NamePath, label: MessageKey, node: React.ReactNode, extra?: Partial<React.ComponentProps<typeof Form.Item>>) => (
    <Form.Item name={name} label={t(label)} {...extra}>
      {node}
    </Form.Item>
  );
  const required = [{ required: true, message: t('validation.required') }];

  return (
    <div>
      <div className="cic-page-title">
        <Space>
          <Button type="text" onClick={() => navigate(-1)}>
            ← {t('common.back')}
          </Button>
          <h2>{editing ? t('form.editTitle') : t('form.createTitle')}</h2>
          {editing && (
            <Typography.Text type="secondary" data-testid="form-base-version">
              {t('detail.version')} {baseVersion}
            </Typography.Text>
          )}
        </Space>
      </div>
      {general.length > 0 && (
        <Notice type="error" message={<ul style={{ margin: 0, paddingLeft: 18 }}>{general.map((g) => <li key={g}>{g}</li>)}</ul>} data-testid="form-general-errors" />
      )}
      {duplicateOf && (
        <Notice
          type="warning"
          message={t('form.duplicate')}
          action={
            <Button size="small" onClick={() => navigate(`/archives/${duplicateOf}`)}>
              {t('form.openDuplicate')}
            </Button>
          }
        />
      )}
      {warnings.length > 0 && <Notice type="info" message={warnings.join('；')} />}
      {editing && <Notice type="info" message={t('form.maskedKept')} />}
      <Row gutter={16} wrap={false}>
      <Col flex="auto" style={{ minWidth: 0 }}>
      <Form
        form={form}
        onValuesChange={() => setDirty(true)}
        layout="vertical"
        initialValues={{ idLongTerm: false, household: { size: 1, isHead: true }, familyMembers: [], livestock: [], assets: [], liabilities: [], land: { crops: [] }, consentRecorded: false, consentShare: false }}
        data-testid="archive-form"
        scrollToFirstError
      >
        <Card title={t('form.section.identity')} style={{ marginBottom: 16 }} id={sectionId('identity')}>
          <Row gutter={16}>
            <Col span={6}>{field(['name'], 'field.name', <Input id="archive-name" maxLength={50} />, { rules: required })}</Col>
            <Col span={6}>{field(['idNumber'], 'field.idNumber', <Input className="cic-mono" id="archive-idNumber" maxLength={18} />, { rules: required })}</Col>
            <Col span={4}>
              {field(['idLongTerm'], 'field.idLongTerm', <Switch />, { valuePropName: 'checked' })}
            </Col>
            <Col span={8}>
              <Form.Item noStyle shouldUpdate={(a, b) => a.idLongTerm !== b.idLongTerm}>
                {({ getFieldValue }) =>
                  field(
                    ['idExpiry'],
                    'field.idExpiry',
                    <DatePicker style={{ width: '100%' }} disabled={!!getFieldValue('idLongTerm')} />,
                    {
                      getValueProps: (v: string | null) => ({ value: v ? dayjs(v) : null }),
                      normalize: (v: dayjs.Dayjs | null) => (v ? v.format('YYYY-MM-DD') : null),
                    },
                  )
                }
              </Form.Item>
            </Col>
            <Col span={6}>{field(['ethnicity'], 'field.ethnicity', <Select allowClear options={ETHNICITIES.map((e) => ({ value: e, label: e }))} />)}</Col>
            <Col span={6}>{field(['education'], 'field.education', <Select allowClear options={education} />)}</Col>
            <Col span={6}>{field(['maritalStatus'], 'field.maritalStatus', <Select allowClear options={marital} id="archive-maritalStatus" />)}</Col>
            <Col span={6}>{field(['health'], 'field.health', <Select allowClear options={health} />)}</Col>
          </Row>
        </Card>
        <Card title={t('form.section.contact')} style={{ marginBottom: 16 }} id={sectionId('contact')}>
          <Row gutter={16}>
            <Col span={6}>{field(['mobile'], 'field.mobile', <Input className="cic-mono" id="archive-mobile" maxLength={11} />)}</Col>
            <Col span={6}>{field(['altPhone'], 'field.altPhone', <Input className="cic-mono" id="archive-altPhone" />)}</Col>
            <Col span={12}>{field(['addressPath'], 'field.address', <RegionCascader placeholder={t('form.selectRegion')} />)}</Col>
            <Col span={24}>{field(['addressLine'], 'field.addressLine', <Input id="archive-addressLine" maxLength={200} />)}</Col>
          </Row>
        </Card>
        <Card title={t('form.section.household')} style={{ marginBottom: 16 }} id={sectionId('household')}>
          <Row gutter={16}>
            <Col span={6}>{field(['household', 'size'], 'field.householdSize', <InputNumber min={1} max={99} style={{ width: '100%' }} id="archive-householdSize" />)}</Col>
            <Col span={6}>{field(['household', 'registerNo'], 'field.registerNo', <Input />)}</Col>
            <Col span={6}>{field(['household', 'isHead'], 'field.isHead', <Switch />, { valuePropName: 'checked' })}</Col>
          </Row>
          <ListSection title={t('field.familyMembers')} name="familyMembers" gutter={12} removeSpan={1} initial={{ relation: 'CHILD', labourCapacity: 'FULL' }}>
            {(item) => (
              <>
                <Col span={3}>{field([item, 'relation'], 'field.relation', <Select options={relations} />, { rules: required })}</Col>
                <Col span={4}>{field([item, 'name'], 'field.name', <Input />, { rules: required })}</Col>
                <Col span={5}>{field([item, 'idNumber'], 'field.idNumber', <Input className="cic-mono" />)}</Col>
                <Col span={4}>{field([item, 'occupation'], 'field.occupation', <Input />)}</Col>
                <Col span={3}>{field([item, 'annualIncome'], 'field.annualIncome', <MoneyInput />)}</Col>
                <Col span={4}>{field([item, 'labourCapacity'], 'field.labourCapacity', <Select options={labour} />)}</Col>
              </>
            )}
          </ListSection>
        </Card>
        <Card title={t('form.section.land')} style={{ marginBottom: 16 }} id={sectionId('land')}>
          <Row gutter={16}>
            <Col span={6}>{field(['land', 'contractedMu'], 'field.contractedMu', <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} />)}</Col>
            <Col span={6}>{field(['land', 'rentedMu'], 'field.rentedMu', <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} />)}</Col>
            <Col span={12}>{field(['land', 'crops'], 'field.crops', <Select mode="tags" tokenSeparators={[',', '、']} />)}</Col>
          </Row>
          <Row gutter={24}>
            <Col span={12}>
              <ListSection title={t('field.livestock')} name="livestock" gutter={8} removeSpan={2} initial={{ kind: 'PIG', count: 1 }}>
                {(item) => (
                  <>
                    <Col span={8}>{field([item, 'kind'], 'field.livestockKind', <Select options={livestockKinds} />, { rules: required })}</Col>
                    <Col span={6}>{field([item, 'count'], 'field.count', <InputNumber min={0} style={{ width: '100%' }} />, { rules: required })}</Col>
                    <Col span={8}>{field([item, 'value'], 'field.value', <MoneyInput />)}</Col>
                  </>
                )}
              </ListSection>
            </Col>
            <Col span={12}>
              <ListSection title={t('field.assets')} name="assets" gutter={8} removeSpan={2} initial={{ kind: 'HOUSE' }}>
                {(item) => (
                  <>
                    <Col span={6}>{field([item, 'kind'], 'field.assetKind', <Select options={assetKinds} />, { rules: required })}</Col>
                    <Col span={9}>{field([item, 'description'], 'field.description', <Input />)}</Col>
                    <Col span={7}>{field([item, 'value'], 'field.value', <MoneyInput />)}</Col>
                  </>
                )}
              </ListSection>
            </Col>
          </Row>
        </Card>
        <Card title={t('form.section.income')} style={{ marginBottom: 16 }} id={sectionId('income')}>
          <Row gutter={16}>
            <Col span={6}>{field(['income', 'farming'], 'field.incomeFarming', <MoneyInput id="archive-incomeFarming" />)}</Col>
            <Col span={6}>{field(['income', 'business'], 'field.incomeBusiness', <MoneyInput />)}</Col>
            <Col span={6}>{field(['income', 'wages'], 'field.incomeWages', <MoneyInput />)}</Col>
            <Col span={6}>{field(['income', 'other'], 'field.incomeOther', <MoneyInput />)}</Col>
          </Row>
          <ListSection title={t('field.liabilities')} name="liabilities" gutter={12} removeSpan={1} initial={{ overdue: false }}>
            {(item) => (
              <>
                <Col span={7}>{field([item, 'lender'], 'field.lender', <Input />, { rules: required })}</Col>
                <Col span={5}>{field([item, 'amount'], 'field.amount', <MoneyInput />)}</Col>
                <Col span={3}>{field([item, 'overdue'], 'field.overdue', <Switch />, { valuePropName: 'checked' })}</Col>
                <Col span={5}>{field([item, 'overdueAmount'], 'field.overdueAmount', <MoneyInput />)}</Col>
              </>
            )}
          </ListSection>
        </Card>
        <Card title={t('form.section.business')} style={{ marginBottom: 16 }} id={sectionId('business')}>
          {field(['hasBusiness'], 'field.hasBusiness', <Switch />, { valuePropName: 'checked' })}
          <Form.Item noStyle shouldUpdate={(a, b) => a.hasBusiness !== b.hasBusiness}>
            {({ getFieldValue }) =>
              getFieldValue('hasBusiness') ? (
                <Row gutter={16}>
                  <Col span={8}>{field(['business', 'name'], 'field.businessName', <Input />, { rules: required })}</Col>
                  <Col span={8}>{field(['business', 'industry'], 'field.industry', <Input />)}</Col>
                  <Col span={8}>{field(['business', 'creditCode'], 'field.creditCode', <Input className="cic-mono" maxLength={18} />)}</Col>
                  <Col span={8}>{field(['business', 'licenceNo'], 'field.licenceNo', <Input />)}</Col>
                  <Col span={8}>{field(['business', 'annualTurnover'], 'field.annualTurnover', <MoneyInput />)}</Col>
                  <Col span={8}>{field(['business', 'employees'], 'field.employees', <InputNumber min={0} style={{ width: '100%' }} />)}</Col>
                </Row>
              ) : null
            }
          </Form.Item>
          <Row gutter={16}>
            <Col span={8}>{field(['social', 'villageCreditRating'], 'field.villageCreditRating', <Select allowClear options={ratings} />)}</Col>
            <Col span={16}>{field(['social', 'remarks'], 'field.remarks', <Input />)}</Col>
          </Row>
        </Card>
        {defs.length > 0 && (
          <Card title={t('form.section.extra')} style={{ marginBottom: 16 }} id={sectionId('extra')}>
            <Row gutter={16}>
              {defs.map((d) => {
                const label = locale === 'zh' ? d.labelZh : d.labelEn;
                const rules = d.required ? required : undefined;
                let input: React.ReactNode = <Input maxLength={d.maxLength ?? undefined} />;
                let extra: Partial<React.ComponentProps<typeof Form.Item>> = {};
                if (d.kind === 'NUMBER') input = <InputNumber<string> stringMode style={{ width: '100%' }} />;
                if (d.kind === 'CHOICE') input = <Select allowClear options={(d.choices ?? []).map((c) => ({ value: c, label: c }))} />;
                if (d.kind === 'BOOLEAN') {
                  input = <Switch />;
                  extra = { valuePropName: 'checked' };
                }
                if (d.kind === 'DATE') {
                  input = <DatePicker style={{ width: '100%' }} />;
                  extra = { getValueProps: (v: string | null) => ({ value: v ? dayjs(v) : null }), normalize: (v: dayjs.Dayjs | null) => (v ? v.format('YYYY-MM-DD') : null) };
                }
                return (
                  <Col span={6} key={d.code}>
                    <Form.Item name={['extra', d.code]} label={label} rules={rules} {...extra}>
                      {input}
                    </Form.Item>
                  </Col>
                );
              })}
            </Row>
          </Card>
        )}
        <Card title={t('form.section.consent')} style={{ marginBottom: 16 }} id={sectionId('consent')}>
          <Form.Item name="consentRecorded" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox disabled={editing && !!loaded?.consent}>{t('form.consentRecorded')}</Checkbox>
          </Form.Item>
          <Form.Item noStyle dependencies={['consentRecorded']}>
            {() =>
              form.getFieldValue('consentRecorded') && (
                <Form.Item name="consentShare" valuePropName="checked" extra={t('form.consentShareHint')} style={{ marginTop: 8, marginBottom: 0 }}>
                  <Checkbox>{t('form.consentShare')}</Checkbox>
                </Form.Item>
              )
            }
          </Form.Item>
          {me?.orgUnit && <Typography.Text type="secondary">{me.orgUnit.name}</Typography.Text>}
        </Card>
      </Form>
      </Col>
      <Col flex="150px">
        <SectionNav sections={SECTIONS.filter((s) => s !== 'extra' || defs.length > 0).map((s) => ({ key: s, title: t(`form.section.${s}` as MessageKey) }))} />
      </Col>
      </Row>
      <SaveBar
        name="archive"
        dirty={dirty}
        status={
          editing && (
            <Typography.Text type="secondary">
              {t('detail.version')} {baseVersion}
            </Typography.Text>
          )
        }
      >
        <Button onClick={() => navigate(editing ? `/archives/${id}` : '/archives')} data-testid="cancel-archive">
          {t('common.cancel')}
        </Button>
        <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save} data-testid="save-archive">
          {t('common.save')}
        </Button>
      </SaveBar>
      <Modal
        open={conflict !== null}
        width={920}
        title={t('conflict.title')}
        onCancel={() => setConflict(null)}
        data-testid="conflict-modal"
        footer={
          conflict && [
            <Button
              key="server"
              onClick={() => {
                form.resetFields();
                const serverValues = customerToForm(conflict.current);
                form.setFieldsValue(serverValues);
                setBaseValues(serverValues);
                setBaseVersion(conflict.serverVersion);
                queries.setQueryData(['customer', id], { customer: conflict.current });
                setDirty(false);
                setConflict(null);
              }}
              data-testid="conflict-use-server"
            >
              {t('conflict.useServer')}
            </Button>,
            <Button
              key="mine"
              type="primary"
              onClick={() => {
                form.resetFields();
                form.setFieldsValue(conflict.merged);
                setBaseValues(customerToForm(conflict.current));
                setBaseVersion(conflict.serverVersion);
                setDirty(true);
                setConflict(null);
              }}
              data-testid="conflict-keep-mine"
            >
              {t('conflict.keepMine')}
            </Button>,
          ]
        }
      >
        {conflict && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon message={t('conflict.explain', { yours: baseVersion ?? '', server: conflict.serverVersion })} />
            <Table<ConflictRow>
              size="small"
              rowKey="field"
              pagination={false}
              scroll={{ y: 420 }}
              dataSource={conflict.rows}
              rowClassName={(r) => (r.changed ? 'cic-diff-changed' : '')}
              data-testid="conflict-table"
              columns={[
                { title: t('conflict.field'), dataIndex: 'field', width: 240, render: (v: string) => <span data-field={v}>{conflictFieldLabel(v, (k) => t(k as MessageKey), (k) => k in zh)}</span> },
                { title: t('conflict.server', { v: conflict.serverVersion }), dataIndex: 'server', render: (v: string, r) => words(r.field, v) },
                { title: t('conflict.mine'), dataIndex: 'mine', render: (v: string, r) => (r.changed ? <Typography.Text strong>{words(r.field, v) || '—'}</Typography.Text> : words(r.field, v)) },
                { title: t('conflict.result'), dataIndex: 'result', render: (v: string, r) => (r.changed ? <Typography.Text type="success" strong>{words(r.field, v) || '—'}</Typography.Text> : words(r.field, v)) },
              ]}
            />
          </Space>
        )}
      </Modal>
    </div>
  );
}
