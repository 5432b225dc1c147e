// 申请授信 from an archive (APPLICATION_SUBMIT): choose a product of the bank, `applicationCheck`
// says whether the customer may apply (the reasons in Chinese), the grade and the recommended
// quota; amount (yuan), term and repayment method from the product, purpose, a reason when the
// amount is above the recommendation, photos of the archive to attach. `submitApplication`; its
// errors land on their fields; the new application opens.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Image, Input, Modal, Select, Space, Spin, Typography } from 'antd';
import { formatYuan } from '@cic/shared/business';
import { pathToNamePath, type UserError } from '@cic/shared/userErrors';
import { client, committed } from '../api/client';
import { ApplicationCheckQuery, CustomerImagesQuery, SubmitApplicationMutation } from '../api/operations';
import { enumLabel, useI18n } from '../i18n';
import { OVER_REASON_MIN, PURPOSE, applyProblems, overRecommendation, toFen } from '../lib/approvals';
import { APPROVALS_KEY, errorText, failure, useProducts } from './approvals';

interface Values {
  productId?: string;
  amount?: string;
  term?: number;
  repaymentMethod?: string;
  purpose?: string;
  overReason?: string;
  attachmentIds?: string[];
}

const FIELDS = ['productId', 'amount', 'term', 'repaymentMethod', 'purpose', 'overReason', 'attachmentIds'] as const;

export function ApplyModal({ open, customer, onClose }: { open: boolean; customer: { id: string; name: string | null }; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const productId = Form.useWatch('productId', form);
  const amount = Form.useWatch('amount', form);
  const products = useProducts(false, open);
  const onSale = (products.data?.products ?? []).filter((p) => p.status === 'ACTIVE');
  const product = onSale.find((p) => p.id === productId) ?? null;
  const check = useQuery({
    queryKey: [...APPROVALS_KEY, 'check', customer.id, productId],
    enabled: open && !!productId,
    queryFn: () => client.request(ApplicationCheckQuery, { customerId: customer.id, productId: productId! }),
    staleTime: 0,
  });
  const images = useQuery({
    queryKey: ['customerImages', customer.id, false],
    enabled: open,
    queryFn: () => client.request(CustomerImagesQuery, { id: customer.id, includeDeleted: false }),
  });
  const verdict = check.data?.applicationCheck;
  const recommended = verdict?.recommendedQuota ?? null;
  const photos = (images.data?.customer?.images ?? []).filter((i) => i.status === 'READY' && !i.deletedAt);

  // A product chosen: its first term and repayment method, the recommended quota (within the range) as the amount.
  useEffect(() => {
    if (!product) return;
    form.setFieldsValue({ term: product.terms[0], repaymentMethod: product.repaymentMethods[0] });
  }, [product?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!product || !verdict || form.getFieldValue('amount')) return;
    const fen = toFen(verdict.recommendedQuota);
    const max = toFen(product.amountMax);
    const min = toFen(product.amountMin);
    if (fen && max !== null && min !== null && fen >= min) form.setFieldsValue({ amount: fen > max ? product.amountMax : verdict.recommendedQuota });
  }, [verdict, product?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async () => {
    setGeneral([]);
    const values = await form.validateFields().catch(() => null);
    if (!values || !product) return;
    const problems = applyProblems(values, product, recommended);
    if (problems.length) {
      form.setFields(problems.map((p) => ({ name: p.field as keyof Values, errors: [t(p.key, p.vars)] })));
      return;
    }
    setBusy(true);
    let errors: UserError[] = [];
    let created: { id: string; number: string } | null = null;
    try {
      const payload = committed(
        (
          await client.request(SubmitApplicationMutation, {
            input: {
              customerId: customer.id,
              productId: product.id,
              amount: values.amount!.trim(),
              term: values.term!,
              repaymentMethod: values.repaymentMethod as never,
              purpose: values.purpose!.trim(),
              overReason: overRecommendation(values.amount, recommended) ? values.overReason?.trim() || null : null,
              attachmentIds: values.attachmentIds ?? [],
              channel: 'BRANCH',
            },
          })
        ).submitApplication,
        'submitApplication',
      );
      errors = [...payload.errors];
      created = payload.application ?? null;
    } catch (e) {
      errors = [failure(e, t)];
    }
    setBusy(false);
    if (errors.length || !created) {
      const onFields = new Map<string, string[]>();
      const rest: string[] = [];
      for (const e of errors) {
        const name = e.field ? String(pathToNamePath(e.field)[0]) : '';
        if ((FIELDS as readonly string[]).includes(name)) onFields.set(name, [...(onFields.get(name) ?? []), errorText(e, t)]);
        else rest.push(errorText(e, t));
      }
      form.setFields([...onFields].map(([name, errs]) => ({ name: name as keyof Values, errors: errs })));
      setGeneral(rest);
      return;
    }
    message.success(t('appr.apply.submitted', { number: created.number }));
    await queries.invalidateQueries({ queryKey: APPROVALS_KEY });
    onClose();
    navigate(`/applications/${created.id}`);
  };

  return (
    <Modal
      open={open}
      width={720}
      title={t('appr.apply.title', { name: customer.name ?? '' })}
      onCancel={onClose}
      onOk={submit}
      okText={t('appr.apply.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: !verdict?.eligible, id: 'apply-submit' }}
      destroyOnHidden
      data-testid="apply-modal"
    >
      {general.length > 0 && <Alert type="error" showIcon message={general.join('；')} style={{ marginBottom: 12 }} data-testid="apply-errors" />}
      <Form form={form} name="apply" layout="vertical" preserve={false}>
        <Form.Item name="productId" label={t('appr.apply.product')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select
            loading={products.isLoading}
            options={onSale.map((p) => ({ value: p.id, label: `${p.name}（${t('appr.apply.productRange', { min: formatYuan(p.amountMin), max: formatYuan(p.amountMax) })}）` }))}
            data-testid="apply-product"
          />
        </Form.Item>
        {productId && check.isFetching && !verdict && <Spin tip={t('appr.apply.checking')} />}
        {verdict && (
          <Alert
            type={verdict.eligible ? 'success' : 'error'}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="apply-check"
            message={verdict.eligible ? t('appr.apply.eligible') : t('appr.apply.notEligible')}
            description={
              <Space direction="vertical" size={2}>
                {verdict.rating ? (
                  <span data-testid="apply-rating">
                    {t('appr.apply.rating', { grade: verdict.rating.gradeLabel, score: verdict.rating.score, quota: formatYuan(verdict.recommendedQuota) })}
                  </span>
                ) : (
                  <span>{t('appr.apply.noRating')}</span>
                )}
                {verdict.reasons.length > 0 && (
                  <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="apply-reasons">
                    {verdict.reasons.map((r) => (
                      <li key={r.code}>{t.locale === 'en' ? r.messageEn : r.message}</li>
                    ))}
                  </ul>
                )}
              </Space>
            }
          />
        )}
        {product && verdict?.eligible && (
          <>
            <Space size={16} style={{ display: 'flex' }} align="start">
              <Form.Item name="amount" label={t('appr.amountYuan')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]} style={{ width: 220 }}>
                <Input suffix={t('appr.yuan')} inputMode="decimal" />
              </Form.Item>
              <Form.Item name="term" label={t('appr.term')} rules={[{ required: true, message: t('validation.required') }]} style={{ width: 160 }}>
                <Select options={product.terms.map((n) => ({ value: n, label: t('appr.months', { n }) }))} />
              </Form.Item>
              <Form.Item name="repaymentMethod" label={t('appr.repayment')} rules={[{ required: true, message: t('validation.required') }]} style={{ width: 240 }}>
                <Select options={product.repaymentMethods.map((m) => ({ value: m, label: enumLabel(t, 'repayment', m) }))} />
              </Form.Item>
            </Space>
            <Form.Item name="purpose" label={t('appr.purpose')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input.TextArea rows={2} maxLength={PURPOSE.max} showCount />
            </Form.Item>
            {overRecommendation(amount, recommended) && (
              <Form.Item
                name="overReason"
                label={t('appr.overReason')}
                extra={t('appr.form.overHint', { quota: formatYuan(recommended), n: OVER_REASON_MIN })}
                rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
              >
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            )}
            <Form.Item name="attachmentIds" label={t('appr.apply.attachments')}>
              <Checkbox.Group>
                <Space wrap size={12}>
                  {photos.map((img) => (
                    <Checkbox key={img.id} value={img.id}>
                      <Space direction="vertical" size={2} align="center">
                        {img.thumbnailUrl && <Image width={96} height={72} style={{ objectFit: 'cover' }} src={img.thumbnailUrl} preview={false} alt={img.kindLabel} />}
                        <Typography.Text style={{ fontSize: 12 }}>{img.kindLabel}</Typography.Text>
                      </Space>
                    </Checkbox>
                  ))}
                </Space>
              </Checkbox.Group>
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
