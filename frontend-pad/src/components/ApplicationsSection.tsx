// The archive's quota applications (授信申请) on the archive page: "申请授信", and every application
// with its status (待同步 while only on this tablet, 被拒绝 with the server's messages, or the
// server's 审批中 / 已退回补充 / 已批准 ...), the step it waits at, and the quota once granted. Read
// from IndexedDB: it shows offline, as of the last refresh.
import { Button, Dialog, Tag, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '../i18n';
import { currentStep, yuanText, type Product } from '../lib/application';
import { db, type LocalApplication, type LocalArchive, type QueueEntry } from '../lib/db';
import { archiveStore } from '../lib/pad';

/** What the list says about an application: the server's status, or where it is on the tablet. */
export function applicationState(app: LocalApplication): string {
  if (app.server) return app.server.status;
  return app.errors.length ? 'REFUSED' : 'PENDING';
}

function ApplicationItem({ app, products, entry, name }: { app: LocalApplication; products: Product[]; entry?: QueueEntry; name: string }) {
  const { t, enumLabel, locale } = useI18n();
  const navigate = useNavigate();
  const state = applicationState(app);
  const server = app.server;
  const productCode = server?.productCode ?? app.draft?.productCode ?? '';
  const productName = products.find((p) => p.code === productCode)?.name ?? app.draft?.productName ?? productCode;
  const amount = server?.amount ?? app.draft?.amount ?? '';
  const term = server?.term ?? app.draft?.term;
  const step = server && (server.status === 'IN_APPROVAL' || server.status === 'RETURNED') ? currentStep(server) : '';
  const discard = async () => {
    if (!(await Dialog.confirm({ content: t('appDiscardConfirm', { name }), confirmText: t('discard') }))) return;
    await archiveStore.discardApplication(app.id);
    Toast.show({ content: t('discarded') });
  };
  const tone = state === 'REFUSED' || state === 'REJECTED' ? 'danger' : state === 'APPROVED' ? 'success' : state === 'PENDING' || state === 'RETURNED' ? 'warning' : 'primary';
  return (
    <li className={`application state-${state}`} data-testid="application" data-application-id={app.id} data-state={state}>
      <div className="application-head">
        <strong className="application-product">{productName}</strong>
        <span className="application-amount">
          ¥{yuanText(amount)}
          {term ? ` · ${t('appTermMonths', { n: term })}` : ''}
        </span>
        <Tag color={tone} data-testid="application-status">
          {server ? enumLabel('application', server.status) : enumLabel('appState', state)}
        </Tag>
        {entry && !server && entry.state === 'failed' && <Tag color="danger">{enumLabel('queueState', 'failed')}</Tag>}
      </div>
      <div className="application-meta muted">
        {server ? t('appNumber', { number: server.number }) : t('appLocalNumber')}
        {' · '}
        {t('appSubmittedAt', { time: new Date(app.createdAt).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB') })}
      </div>
      {step && (
        <div className="application-step" data-testid="application-step">
          {t('appStep', { step })}
        </div>
      )}
      {server?.status === 'APPROVED' && server.approvedAmount && !server.quota && <div>{t('appApproved', { amount: yuanText(server.approvedAmount) })}</div>}
      {server?.quota && (
        <div className="application-quota" data-testid="application-quota">
          {t('appQuota', { amount: yuanText(server.quota.amount), available: yuanText(server.quota.availableAmount), validTo: server.quota.validTo })}
          {server.quota.status !== 'ACTIVE' ? ` · ${enumLabel('quota', server.quota.status)}` : ''}
        </div>
      )}
      {state === 'REFUSED' && (
        <div className="application-refused" role="alert">
          <div className="field-error" data-testid="application-errors">
            {t('appRefused')}
            {app.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn || e.message)).join(locale === 'zh' ? '；' : '; ')}
          </div>
          <div className="application-actions">
            <Button size="small" color="primary" onClick={() => navigate(`/archives/${app.customerId}/apply?app=${app.id}`)} data-testid="application-fix">
              {t('appFix')}
            </Button>
            <Button size="small" color="danger" fill="outline" onClick={() => void discard()} data-testid="application-discard">
              {t('appDiscard')}
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}

export function ApplicationsSection({ archive, name }: { archive: LocalArchive | undefined; name: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const id = archive?.id ?? '';
  const apps = useLiveQuery(() => db.applications.where('customerId').equals(id).toArray(), [id], [] as LocalApplication[]);
  const entries = useLiveQuery(() => db.queue.where({ archiveId: id, op: 'submitApplication' }).toArray(), [id], [] as QueueEntry[]);
  const products = useLiveQuery(async () => ((await db.cache.get('products'))?.value as Product[] | undefined) ?? [], [], [] as Product[]);
  const onServer = !!archive?.serverVersion;
  const sorted = [...apps].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="form-section" id="section-applications" data-testid="section-applications">
      <div className="section-head">
        <h3>{t('sectionApplications')}</h3>
        <Button color="primary" disabled={!onServer} onClick={() => navigate(`/archives/${id}/apply`)} data-testid="apply">
          {t('apply')}
        </Button>
      </div>
      <div className="section-body">
        {!onServer && <div className="muted">{t('applyNeedsSync')}</div>}
        {onServer && sorted.length === 0 && <div className="muted" data-testid="no-applications">{t('noApplications')}</div>}
        {sorted.length > 0 && (
          <ul className="applications" data-testid="applications">
            {sorted.map((app) => (
              <ApplicationItem key={app.id} app={app} products={products} name={name} entry={entries.find((e) => e.applicationId === app.id && e.state !== 'done')} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
