// 产品管理 (/products, PRODUCT_READ; editing PRODUCT_ADMIN): the bank's credit products
// (`products`, retired ones on request) with their amount range, terms, rates, repayment methods,
// channels, the approval process of each amount band and validity. Edit or create in a drawer
// (`saveProduct`: every save is a new version), each refusal on its field; retire (`retireProduct`).
// The drawer is a long form (docs/screens.md, "Long forms"): the save bar as its footer, a section
// nav at its top, and closing it or leaving the page with unsaved changes asks first.
import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Divider, Drawer, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Switch, Typography, type GetProps } from 'antd';
import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { formatYuan } from '@cic/shared/business';
import { pathToNamePath, type UserError } from '@cic/shared/userErrors';
import { client, committed } from '../api/client';
import { ProcessDefinitionsQuery, RetireProductMutation, SaveProductMutation } from '../api/operations';
import type { ProductFieldsFragment } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { useSession } from '../session';
import { bandProblems, productFormValues, productInput, type ProductFormValues } from '../lib/approvals';
import { PROCESSES_KEY, PRODUCTS_KEY, errorText, failure, useProducts } from '../components/approvals';
import { useGradeScale } from '../components/ratingViews';
import { EnumTag } from '../components/common';
import { ListError } from '../components/lists';
import { DataTable } from '../components/tables';
import { sameValues, useUnsavedChanges } from '../components/unsavedChanges';
import { SaveBar } from '../components/SaveBar';
import { SectionNav, drawerBodyOf, sectionId } from '../components/SectionNav';

type Product = ProductFieldsFragment;
const REPAYMENTS = ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'INTEREST_FIRST', 'BULLET'];
const CHANNELS = ['BRANCH', 'PAD', 'MOBILE_BANKING'];
const TERMS = [3, 6, 9, 12, 18, 24, 36, 48, 60];
const FORM_FIELDS = new Set(['code', 'name', 'description', 'amountMin', 'amountMax', 'terms', 'rateMin', 'rateMax', 'repaymentMethods', 'channels', 'sampleRate', 'validFrom', 'validTo',
  'preciseArchive', 'minGrade', 'noVeto', 'ageMin', 'ageMax', 'regions', 'processes']);

/** An API error path as the form's name path: `input.` dropped, `eligibility.` flattened; `[]` for
 * what no single field shows (`processes` as a whole: above the form). */
export function productErrorPath(field: string): (string | number)[] {
  let path = pathToNamePath(field);
  if (path[0] === 'eligibility') path = path.slice(1);
  if (path[0] === 'processes' && path.length < 3) return [];
  return path;
}

/** A required checkbox group: Form.Item marks its control `aria-required`, which a `role=group` may
 * not carry (axe: aria-allowed-attr); the label's asterisk says it is required. */
function RequiredGroup(props: GetProps<typeof Checkbox.Group>) {
  const rest: Record<string, unknown> = { ...props };
  delete rest['aria-required'];
  return <Checkbox.Group {...(rest as GetProps<typeof Checkbox.Group>)} />;
}

function ProductDrawer({ product, onClose }: { product: Product | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const queries = useQueryClient();
  const [form] = Form.useForm<ProductFormValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  // The product as opened; unsaved changes are the differences from it.
  const [initial] = useState(() => productFormValues(product));
  const values = Form.useWatch((v) => v, { form, preserve: true });
  const dirty = values !== undefined && !sameValues(values, initial);
  const { disarm, confirmLeave } = useUnsavedChanges(dirty, 'form.leaveBody.product');
  const close = () => confirmLeave(onClose);
  const processes = useQuery({ queryKey: [...PROCESSES_KEY, false], queryFn: () => client.request(ProcessDefinitionsQuery, { includeSuperseded: false }) });
  const keys = useMemo(() => {
    const byKey = new Map<string, string>();
    for (const d of processes.data?.processDefinitions ?? []) if (!byKey.has(d.key) || !d.template) byKey.set(d.key, d.name);
    return [...byKey].map(([value, name]) => ({ value, label: <>{name}<span data-audit-ignore>（{value}）</span></> }));
  }, [processes.data]);
  const { scale } = useGradeScale(product?.bank?.id ?? me?.orgUnit?.bankId ?? null);
  const save = async () => {
    setGeneral([]);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const bands = bandProblems(values.processes ?? []);
    if (bands.length) {
      form.setFields(bands.filter((b) => b.field !== 'processes').map((b) => ({ name: b.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as never, errors: [t(b.key, b.vars)] })));
      const top = bands.filter((b) => b.field === 'processes');
      if (top.length) setGeneral(top.map((b) => t(b.key, b.vars)));
      return;
    }
    setBusy(true);
    let errors: UserError[] = [];
    try {
      const payload = committed((await client.request(SaveProductMutation, { input: productInput(values) as never })).saveProduct, 'saveProduct');
      errors = [...payload.errors];
      if (!errors.length && payload.product) {
        message.success(t('appr.products.saved', { v: payload.product.version }));
        disarm();
        await queries.invalidateQueries({ queryKey: PRODUCTS_KEY });
        onClose();
        return;
      }
    } catch (e) {
      errors = [failure(e, t)];
    } finally {
      setBusy(false);
    }
    const onFields = new Map<string, { name: (string | number)[]; errors: string[] }>();
    const rest: string[] = [];
    for (const e of errors) {
      const name = e.field ? productErrorPath(e.field) : [];
      if (name.length && FORM_FIELDS.has(String(name[0]))) {
        const key = JSON.stringify(name);
        const entry = onFields.get(key) ?? { name, errors: [] };
        entry.errors.push(errorText(e, t));
        onFields.set(key, entry);
      } else rest.push(errorText(e, t));
    }
    form.setFields([...onFields.values()].map((f) => ({ name: f.name as never, errors: f.errors })));
    setGeneral(rest);
  };
  const required = [{ required: true, message: t('validation.required') }];
  return (
    <Drawer
      open
      width={760}
      title={product ? t('appr.products.edit', { name: product.name }) : t('appr.products.new')}
      onClose={close}
      destroyOnHidden
      data-testid="product-drawer"
      footer={
        <SaveBar name="product" dirty={dirty} placement="footer">
          <Button onClick={close} data-testid="product-cancel">
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={busy} onClick={save} data-testid="product-save">
            {t('common.save')}
          </Button>
        </SaveBar>
      }
    >
      <SectionNav
        layout="top"
        container={drawerBodyOf('basics')}
        sections={[
          { key: 'basics', title: t('form.section.basics') },
          { key: 'eligibility', title: t('appr.products.eligibility') },
          { key: 'bands', title: t('appr.products.bands') },
        ]}
      />
      {general.length > 0 && <Alert type="error" showIcon message={general.join('；')} style={{ marginBottom: 12 }} data-testid="product-errors" />}
      <Form
        form={form}
        name="product"
        layout="vertical"
        initialValues={initial}
      >
        <div id={sectionId('basics')}>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="code" label={t('appr.products.code')} rules={required}>
              <Input disabled={!!product} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('appr.products.name')} rules={required}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('appr.products.description')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="amountMin" label={t('appr.products.amountMin')} rules={required}>
              <Input suffix={t('appr.yuan')} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="amountMax" label={t('appr.products.amountMax')} rules={required}>
              <Input suffix={t('appr.yuan')} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="rateMin" label={t('appr.products.rateMin')} rules={required}>
              <Input suffix="%" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="rateMax" label={t('appr.products.rateMax')} rules={required}>
              <Input suffix="%" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="terms" label={t('appr.products.terms')} rules={required}>
          <Select mode="multiple" options={TERMS.map((n) => ({ value: n, label: t('appr.months', { n }) }))} />
        </Form.Item>
        <Form.Item name="repaymentMethods" label={t('appr.products.repaymentMethods')} rules={required}>
          <RequiredGroup options={REPAYMENTS.map((m) => ({ value: m, label: enumLabel(t, 'repayment', m) }))} />
        </Form.Item>
        <Form.Item name="channels" label={t('appr.products.channels')} rules={required}>
          <RequiredGroup options={CHANNELS.map((c) => ({ value: c, label: enumLabel(t, 'productChannel', c) }))} />
        </Form.Item>
        </div>
        <div id={sectionId('eligibility')}>
        <Divider titlePlacement="start">{t('appr.products.eligibility')}</Divider>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="preciseArchive" label={t('appr.products.preciseArchive')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="noVeto" label={t('appr.products.noVeto')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="minGrade" label={t('appr.products.minGrade')}>
              <Select allowClear placeholder={t('appr.products.minGradeAny')} options={scale.order.filter((g) => g !== 'D').map((g) => ({ value: g, label: scale.labels[g] ?? g }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="ageMin" label={t('appr.products.ageMin')} rules={required}>
              <InputNumber min={18} max={80} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="ageMax" label={t('appr.products.ageMax')} rules={required}>
              <InputNumber min={18} max={80} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="regions" label={t('appr.products.regions')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </Row>
        </div>
        <div id={sectionId('bands')}>
        <Divider titlePlacement="start">{t('appr.products.bands')}</Divider>
        <Form.List name="processes">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Row gutter={8} key={field.key} align="top">
                  <Col span={9}>
                    <Form.Item name={[field.name, 'maxAmount']} label={field.name === 0 ? t('appr.products.bandMax') : undefined}>
                      <Input suffix={t('appr.yuan')} placeholder={t('appr.products.above')} />
                    </Form.Item>
                  </Col>
                  <Col span={13}>
                    <Form.Item name={[field.name, 'processKey']} label={field.name === 0 ? t('appr.products.bandProcess') : undefined} rules={required}>
                      <Select options={keys} loading={processes.isLoading} aria-label={field.name === 0 ? undefined : t('appr.products.bandProcess')} />
                    </Form.Item>
                  </Col>
                  <Col span={2} style={{ paddingTop: field.name === 0 ? 34 : 6 }}>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ processKey: undefined })} style={{ marginBottom: 16 }}>
                {t('appr.products.addBand')}
              </Button>
            </>
          )}
        </Form.List>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="sampleRate" label={t('appr.products.sampleRate')} rules={required}>
              <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="validFrom" label={t('appr.products.validFrom')} rules={required}>
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="validTo" label={t('appr.products.validTo')}>
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
        </div>
      </Form>
    </Drawer>
  );
}

export default function ProductsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const queries = useQueryClient();
  const [includeRetired, setIncludeRetired] = useState(false);
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const products = useProducts(includeRetired);
  const processes = useQuery({ queryKey: [...PROCESSES_KEY, false], queryFn: () => client.request(ProcessDefinitionsQuery, { includeSuperseded: false }), enabled: can('APPLICATION_READ') });
  const processName = (key: string) => processes.data?.processDefinitions.find((d) => d.key === key)?.name ?? key;
  const admin = can('PRODUCT_ADMIN');
  const retire = async (p: Product) => {
    try {
      const payload = committed((await client.request(RetireProductMutation, { id: p.id })).retireProduct, 'retireProduct');
      if (payload.errors.length) message.error(payload.errors.map((e) => errorText(e, t)).join('；'));
      else message.success(t('appr.products.retired'));
    } catch (e) {
      message.error(errorText(failure(e, t), t));
    }
    await queries.invalidateQueries({ queryKey: PRODUCTS_KEY });
  };
  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('appr.products.title')}</h2>
        <Space>
          <Space size={6}>
            <Switch size="small" checked={includeRetired} onChange={setIncludeRetired} aria-label={t('appr.products.includeRetired')} />
            <span>{t('appr.products.includeRetired')}</span>
          </Space>
          {admin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="product-new">
              {t('appr.products.new')}
            </Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('appr.products.hint')}</Typography.Paragraph>
      <Card>
        <ListError query={products} />
        <DataTable<Product>
          rowKey="id"
          size="middle"
          pagination={false}
          loading={products.isFetching}
          dataSource={products.isError ? [] : (products.data?.products ?? [])}
          data-testid="products-table"
          columns={[
            {
              title: t('appr.products.name'),
              render: (_: unknown, p) => (
                <Space direction="vertical" size={0}>
                  <strong>{p.name}</strong>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <span className="cic-mono" data-audit-ignore>{p.code}</span> · {t('appr.versionN', { v: p.version })}
                    {p.bank ? ` · ${p.bank.name}` : ''}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('common.status'), dataIndex: 'status', render: (v: string) => <EnumTag prefix="productStatus" value={v} colors={{ ACTIVE: 'success', SUPERSEDED: 'default', RETIRED: 'error' }} testId="product-status" /> },
            { title: t('appr.products.amountRange'), render: (_: unknown, p) => `${formatYuan(p.amountMin)} - ${formatYuan(p.amountMax)}` },
            { title: t('appr.products.terms'), render: (_: unknown, p) => p.terms.join(' / ') },
            { title: t('appr.products.rateRange'), render: (_: unknown, p) => `${p.rateMin}% - ${p.rateMax}%` },
            { title: t('appr.products.repaymentMethods'), render: (_: unknown, p) => p.repaymentMethods.map((m) => enumLabel(t, 'repayment', m)).join('、') },
            { title: t('appr.products.channels'), render: (_: unknown, p) => p.channels.map((c) => enumLabel(t, 'productChannel', c)).join('、') },
            {
              title: t('appr.products.bands'),
              render: (_: unknown, p) => (
                <Space direction="vertical" size={0} style={{ fontSize: 12 }}>
                  {p.processes.map((b, i) => (
                    <span key={i}>
                      {b.maxAmount ? t('appr.products.upTo', { amount: formatYuan(b.maxAmount) }) : t('appr.products.above')}：{processName(b.processKey)}
                    </span>
                  ))}
                </Space>
              ),
            },
            { title: t('appr.products.validity'), render: (_: unknown, p) => `${p.validFrom} ~ ${p.validTo ?? '—'}` },
            ...(admin
              ? [
                  {
                    title: t('common.actions'),
                    render: (_: unknown, p: Product) =>
                      p.status === 'ACTIVE' ? (
                        <Space size={0}>
                          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} data-testid="product-edit">
                            {t('common.edit')}
                          </Button>
                          <Popconfirm title={t('appr.products.retireConfirm')} onConfirm={() => retire(p)}>
                            <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid="product-retire">
                              {t('appr.products.retire')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing && <ProductDrawer product={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
