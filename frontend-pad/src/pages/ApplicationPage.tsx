// The quota application form (授信申请) of an archive: product, amount, term, repayment method,
// purpose, and the reason when the amount is above the recommended quota. Online it asks the
// server whether the archive may apply (`applicationCheck`) and shows the recommended quota;
// offline it shows the last answer kept on the tablet, else the rating cached with the archive.
// Sending keeps the application on the tablet with its own id and queues it (src/lib/sync.ts);
// `?app=<id>` opens one the server refused, to fix and send again.
import { useEffect, useMemo, useState } from 'react';
import { Button, Input, NoticeBar, Selector, TextArea, Toast } from 'antd-mobile';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '../i18n';
import { useOnline } from '../hooks';
import { Field } from '../components/fields';
import { emptyApplication, overRecommendation, padProducts, validateApplication, yuanText, type ApplicationDraft, type Product } from '../lib/application';
import { db, displayName } from '../lib/db';
import { applicationCheck, queueApplication, type ApplicationCheck } from '../lib/pad';
import type { FieldError } from '../lib/validate';

const FORM_FIELDS = ['productId', 'amount', 'term', 'repaymentMethod', 'purpose', 'overReason'];

export function ApplicationPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const online = useOnline();
  const { t, locale, enumLabel } = useI18n();
  const [appId] = useState(() => params.get('app') || crypto.randomUUID());
  const archive = useLiveQuery(() => db.archives.get(id), [id]);
  const existing = useLiveQuery(() => db.applications.get(appId), [appId]);
  const products = useLiveQuery(async () => padProducts(((await db.cache.get('products'))?.value as Product[] | undefined) ?? []), [], undefined as Product[] | undefined);
  const [draft, setDraft] = useState<ApplicationDraft | null>(null);
  const [check, setCheck] = useState<{ check: ApplicationCheck; fresh: boolean; at: string } | null | undefined>(undefined);
  const [deviceErrors, setDeviceErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  // The draft: the refused application's (to fix), else a new one for the first product.
  useEffect(() => {
    if (draft || products === undefined || (params.get('app') && existing === undefined)) return;
    if (existing?.draft) setDraft(existing.draft);
    else setDraft(emptyApplication(products.length === 1 ? products[0] : null));
  }, [draft, products, existing, params]);

  const product = products?.find((p) => p.id === draft?.productId) ?? null;

  // Eligibility and the recommended quota for the chosen product: the server's, else the last kept.
  useEffect(() => {
    if (!draft?.productId) return;
    let live = true;
    setCheck(undefined);
    void applicationCheck(id, draft.productId).then((found) => live && setCheck(found));
    return () => {
      live = false;
    };
  }, [id, draft?.productId, online]);

  const recommended = check?.check.recommendedQuota ?? archive?.rating?.recommendedQuota ?? null;
  const serverErrors = useMemo(() => existing?.errors ?? [], [existing]);
  const errors = useMemo(() => {
    const map = new Map<string, string>();
    for (const e of [...serverErrors, ...deviceErrors]) if (e.field && FORM_FIELDS.includes(e.field)) map.set(e.field, locale === 'zh' ? e.message : e.messageEn || e.message);
    return map;
  }, [serverErrors, deviceErrors, locale]);
  const general = serverErrors.filter((e) => !e.field || !FORM_FIELDS.includes(e.field));

  if (!archive || !draft || products === undefined) return <div className="empty">…</div>;
  // The server has it: nothing to send from here any more.
  if (existing?.server) return <Navigate to={`/archives/${id}`} replace />;
  const name = displayName(archive);
  const set = (patch: Partial<ApplicationDraft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setDeviceErrors((list) => list.filter((e) => !Object.keys(patch).includes(e.field ?? '')));
  };
  const chooseProduct = (p: Product | undefined) => {
    if (!p) return;
    set({
      productId: p.id,
      productCode: p.code,
      productName: p.name,
      term: draft.term !== null && p.terms.includes(draft.term) ? draft.term : p.terms.length === 1 ? p.terms[0] : null,
      repaymentMethod: draft.repaymentMethod && p.repaymentMethods.includes(draft.repaymentMethod) ? draft.repaymentMethod : p.repaymentMethods.length === 1 ? p.repaymentMethods[0] : null,
    });
  };
  const ineligibleNow = !!check?.fresh && !check.check.eligible;
  const over = overRecommendation(draft, recommended);

  const send = async () => {
    const found = validateApplication(draft, product, recommended);
    setDeviceErrors(found);
    if (found.length) {
      Toast.show({ icon: 'fail', content: t('savedWithErrors', { n: found.length }) });
      return;
    }
    setBusy(true);
    try {
      await queueApplication(id, appId, { ...draft, recommendedQuota: recommended });
      Toast.show({ icon: 'success', content: t('appQueued') });
      navigate(`/archives/${id}`, { replace: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="application-page" data-testid="application-page" data-application-id={appId}>
      <div className="form">
        <div className="form-title">
          <h2 data-testid="application-title">{t('applyTitle', { name })}</h2>
        </div>
        {general.length > 0 && (
          <NoticeBar color="error" wrap data-testid="application-server-errors" content={t('appRefused') + general.map((e) => (locale === 'zh' ? e.message : e.messageEn || e.message)).join(locale === 'zh' ? '；' : '; ')} />
        )}
        <section className="form-section">
          {products.length === 0 ? (
            <div className="muted" data-testid="no-products">{t('appNoProducts')}</div>
          ) : (
            <div className="grid">
              <Field label={t('appProduct')} error={errors.get('productId')} required wide>
                <div id="f-app-productId" data-value={draft.productId}>
                  <Selector columns={Math.min(products.length, 4)} options={products.map((p) => ({ label: p.name, value: p.id }))} value={draft.productId ? [draft.productId] : []} onChange={(v) => chooseProduct(products.find((p) => p.id === v[0]))} />
                </div>
              </Field>
              {product && (
                <div className="application-check wide" data-testid="application-check" data-eligible={check ? String(check.check.eligible) : ''} data-fresh={check ? String(check.fresh) : ''}>
                  {check === undefined ? (
                    <span className="muted">…</span>
                  ) : check === null ? (
                    <span className="muted" data-testid="check-none">{t('appCheckNone')}</span>
                  ) : (
                    <>
                      {!check.fresh && <div className="muted" data-testid="check-offline">{t('appCheckOffline', { time: new Date(check.at).toLocaleString() })}</div>}
                      {check.check.eligible ? (
                        <span className="ok-text" data-testid="check-eligible">{t('appEligible')}</span>
                      ) : (
                        <div className="field-error" data-testid="check-reasons">
                          {t('appIneligible')}
                          {check.check.reasons.map((r) => (locale === 'zh' ? r.message : r.messageEn || r.message)).join(locale === 'zh' ? '；' : '; ')}
                        </div>
                      )}
                      {check.check.rating && <span className="muted"> · {t('appRating', { grade: check.check.rating.grade, score: check.check.rating.score })}</span>}
                    </>
                  )}
                  <div data-testid="recommended-quota" data-amount={recommended ?? ''}>
                    {recommended !== null ? t('appRecommended', { amount: yuanText(recommended) }) : t('appRecommendedUnknown')}
                  </div>
                </div>
              )}
              <Field label={t('appAmount')} error={errors.get('amount')} required htmlFor="f-app-amount" hint={product ? t('appRange', { min: yuanText(product.amountMin), max: yuanText(product.amountMax) }) : undefined}>
                <Input id="f-app-amount" value={draft.amount} onChange={(v) => set({ amount: v })} inputMode="decimal" clearable />
              </Field>
              <Field label={t('appTerm')} error={errors.get('term')} required>
                <div id="f-app-term" data-value={draft.term ?? ''}>
                  <Selector columns={4} options={(product?.terms ?? []).map((n) => ({ label: t('appTermMonths', { n }), value: String(n) }))} value={draft.term !== null ? [String(draft.term)] : []} onChange={(v) => set({ term: v.length ? Number(v[0]) : null })} />
                </div>
              </Field>
              <Field label={t('appRepayment')} error={errors.get('repaymentMethod')} required wide>
                <div id="f-app-repaymentMethod" data-value={draft.repaymentMethod ?? ''}>
                  <Selector
                    columns={Math.min(Math.max(product?.repaymentMethods.length ?? 1, 1), 4)}
                    options={(product?.repaymentMethods ?? []).map((m) => ({ label: enumLabel('repayment', m), value: m }))}
                    value={draft.repaymentMethod ? [draft.repaymentMethod] : []}
                    onChange={(v) => set({ repaymentMethod: (v[0] as ApplicationDraft['repaymentMethod']) ?? null })}
                  />
                </div>
              </Field>
              <Field label={t('appPurpose')} error={errors.get('purpose')} required wide htmlFor="f-app-purpose" hint={t('appPurposeHint')}>
                <TextArea id="f-app-purpose" value={draft.purpose} onChange={(v) => set({ purpose: v })} autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} />
              </Field>
              {(over || draft.overReason || errors.has('overReason')) && (
                <Field label={t('appOverReason')} error={errors.get('overReason')} required={over} wide htmlFor="f-app-overReason">
                  <TextArea id="f-app-overReason" value={draft.overReason} onChange={(v) => set({ overReason: v })} autoSize={{ minRows: 2, maxRows: 4 }} />
                </Field>
              )}
            </div>
          )}
        </section>
        <div className="bottom-spacer" />
      </div>
      <div className="action-bar">
        <Button size="large" onClick={() => navigate(`/archives/${id}`)}>
          {t('back')}
        </Button>
        <Button size="large" color="primary" loading={busy} disabled={products.length === 0 || ineligibleNow} onClick={() => void send()} data-testid="application-send">
          {existing?.errors.length ? t('appSendAgain') : t('appSend')}
        </Button>
      </div>
    </div>
  );
}
