import { useEffect, useMemo, useState } from 'react';
import { Badge, Button, ProgressBar, SearchBar, Tabs, Tag } from 'antd-mobile';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '../i18n';
import { useOnline, useSyncStatus } from '../hooks';
import { db, displayName, type LocalApplication, type LocalArchive, type LocalContact, type LocalPhoto, type LocalReminder, type QueueEntry } from '../lib/db';
import { engine, refreshReminders } from '../lib/pad';
import { inbox } from '../lib/reminderStore';
import { RemindersInbox } from '../components/RemindersInbox';
import { ATTENTION_STATES, queueSummary } from '../lib/sync';
import { QueueActions } from '../components/QueueActions';
import { BlacklistedTag } from '../components/BusinessLine';
import { maskIdNumber } from '@cic/shared/archive';
import { v7 as uuidv7 } from 'uuid'; // time-ordered, like the server's archive ids (docs/architecture.md, "Row ids")

type Tab = 'all' | 'reminders' | 'drafts' | 'returned' | 'queue';

/** Entries about the archive itself (its card says 待同步 while one waits), not a reminder's or a contact's. */
const ARCHIVE_OPS = new Set<QueueEntry['op']>(['saveArchive', 'uploadPhoto', 'submitArchive', 'submitApplication']);

/** Not yet on the server, a DRAFT there, or with a local edit (saved or not). */
const isDraft = (a: LocalArchive) => a.status === 'LOCAL' || a.status === 'DRAFT' || a.draft !== null || !!a.working;

export function ArchiveCard({ a, pending }: { a: LocalArchive; pending: Set<string> }) {
  const { t, enumLabel } = useI18n();
  const navigate = useNavigate();
  const unsynced = a.draft !== null || pending.has(a.id);
  const name = displayName(a);
  return (
    <button type="button" className="archive-card" data-testid="archive-card" data-archive-id={a.id} onClick={() => navigate(`/archives/${a.id}`)}>
      <div className="archive-card-head">
        <span className="archive-name" data-testid="archive-name">
          {name || t('noName')}
        </span>
        <Tag className={`status status-${a.status}`} data-testid="archive-status">
          {enumLabel('status', a.status)}
        </Tag>
        <BlacklistedTag a={a} />
      </div>
      <div className="archive-card-id">{maskIdNumber(a.idNumber)}</div>
      <div className="archive-card-foot">
        {a.completeness !== null && <span className="completeness">{t('completeness')} {a.completeness}%</span>}
        {a.conflict && <Tag color="danger">{t('conflictBadge')}</Tag>}
        {a.serverErrors.length > 0 && <Tag color="danger">{t('rejectedBadge')}</Tag>}
        {a.localErrors.length > 0 && <Tag color="warning">{t('localErrors')}</Tag>}
        {unsynced && !a.conflict && <Tag color="warning" data-testid="unsynced-tag">{t('unsynced')}</Tag>}
        {a.working && <Tag color="warning" data-testid="unsaved-tag">{t('unsavedTag')}</Tag>}
      </div>
      {a.status === 'RETURNED' && a.returnReasons.length > 0 && (
        <div className="return-reasons" data-testid="return-reasons">
          <strong>{t('returnReasons')}：</strong>
          {a.returnReasons.join('；')}
        </div>
      )}
    </button>
  );
}

/** The server's messages of a refusal in the UI's language (a code's label where there is none). */
function refusalText(errors: { code: string; message: string; messageEn: string }[], locale: string, enumLabel: (group: string, v: string) => string): string {
  return errors.map((e) => (locale === 'zh' ? e.message : e.messageEn || e.message) || enumLabel('marketingError', e.code)).join(locale === 'zh' ? '；' : '; ');
}

/** Why an entry waits for the manager, in words: the server's field errors, the photo's
 * refusal, or the failure's label. */
function EntryProblem({ entry, archive, photo, application, reminder, contact }: { entry: QueueEntry; archive?: LocalArchive; photo?: LocalPhoto; application?: LocalApplication; reminder?: LocalReminder; contact?: LocalContact }) {
  const { t, label, locale, errorLabel, enumLabel } = useI18n();
  let text: string;
  if (entry.state === 'rejected' && entry.op === 'uploadPhoto') text = photo?.error ?? errorLabel('REFUSED');
  else if (entry.state === 'rejected' && entry.op === 'workReminder') text = t('reminderRefused') + (refusalText(reminder?.errors ?? [], locale, enumLabel) || errorLabel('REFUSED'));
  else if (entry.state === 'rejected' && entry.op === 'logContact') text = t('contactRefused') + (refusalText(contact?.errors ?? [], locale, enumLabel) || errorLabel('REFUSED'));
  else if (entry.state === 'rejected' && entry.op === 'submitApplication') {
    text = t('appRefused') + (application?.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn || e.message)).join(locale === 'zh' ? '；' : '; ') || errorLabel('REFUSED'));
  }
  else if (entry.state === 'rejected' && archive?.serverErrors.length) {
    text = t('saveRefused') + archive.serverErrors.map((e) => `${e.field ? label(e.field) + (locale === 'zh' ? '：' : ': ') : ''}${locale === 'zh' ? e.message : e.messageEn || e.message}`).join(locale === 'zh' ? '；' : '; ');
  } else if (entry.state === 'failed') text = t('syncFailed', { error: errorLabel(entry.lastError), n: entry.failures ?? entry.attempts });
  else text = errorLabel(entry.lastError);
  return (
    <span className="queue-problem" data-testid="queue-problem">
      {text}
    </span>
  );
}

function QueueList() {
  const { t, enumLabel, errorLabel } = useI18n();
  const status = useSyncStatus();
  const entries = useLiveQuery(() => db.queue.orderBy('seq').reverse().limit(200).toArray(), [], [] as QueueEntry[]);
  const archives = useLiveQuery(async () => new Map((await db.archives.toArray()).map((a) => [a.id, a])), [], new Map<string, LocalArchive>());
  const photos = useLiveQuery(async () => new Map((await db.photos.toArray()).map((p) => [p.id, p])), [], new Map<string, LocalPhoto>());
  const applications = useLiveQuery(async () => new Map((await db.applications.toArray()).map((a) => [a.id, a])), [], new Map<string, LocalApplication>());
  const reminders = useLiveQuery(async () => new Map((await db.reminders.toArray()).map((r) => [r.id, r])), [], new Map<string, LocalReminder>());
  const contacts = useLiveQuery(async () => new Map((await db.contacts.toArray()).map((c) => [c.id, c])), [], new Map<string, LocalContact>());
  // A reminder's customer may have no archive on this tablet: its name comes with the reminder.
  const customerNames = useMemo(() => new Map([...reminders.values()].filter((r) => r.customerId && r.customerName).map((r) => [r.customerId!, r.customerName!])), [reminders]);
  const open = entries.filter((e) => e.state !== 'done');
  const { waiting, attention } = queueSummary(entries);
  const total = open.length + status.done;
  const percent = total === 0 ? 100 : Math.round((status.done / total) * 100);
  return (
    <div className="queue" data-testid="queue">
      <div className="queue-summary">
        <div className="queue-progress">
          <ProgressBar percent={percent} style={{ '--track-width': '10px' } as React.CSSProperties} />
          <span data-testid="queue-progress">
            {open.length === 0 ? t('queueEmpty') : `${t('syncDone', { done: status.done })} · ${t('syncWaiting', { n: waiting })}`}
            {status.nextRetryAt && waiting > 0 ? ` · ${t('syncRetryAt', { time: new Date(status.nextRetryAt).toLocaleTimeString() })}` : ''}
            {attention > 0 ? ` · ${t('syncAttention', { n: attention })}` : ''}
          </span>
        </div>
        <Button color="primary" onClick={() => void engine.retryNow()} data-testid="sync-now">
          {t('syncNow')}
        </Button>
      </div>
      <ul className="queue-list">
        {entries.map((e) => (
          <li key={e.seq} className={`queue-item state-${e.state}`} data-testid="queue-item" data-state={e.state} data-op={e.op} data-archive-id={e.archiveId} data-failures={e.failures ?? 0}>
            <span className="queue-op">{enumLabel('queueOp', e.op)}</span>
            <span className="queue-archive">{(archives.get(e.archiveId) && displayName(archives.get(e.archiveId)!)) || customerNames.get(e.archiveId) || t('noName')}</span>
            <Tag className={`queue-state state-${e.state}`}>{enumLabel('queueState', e.state)}</Tag>
            {ATTENTION_STATES.includes(e.state) ? (
              <>
                <EntryProblem
                  entry={e}
                  archive={archives.get(e.archiveId)}
                  photo={e.photoId ? photos.get(e.photoId) : undefined}
                  application={e.applicationId ? applications.get(e.applicationId) : undefined}
                  reminder={e.reminderId ? reminders.get(e.reminderId) : undefined}
                  contact={e.contactId ? contacts.get(e.contactId) : undefined}
                />
                <QueueActions entry={e} />
              </>
            ) : (
              <span className="queue-meta">
                {e.attempts > 0 && t('attempts', { n: e.attempts })}
                {e.lastError && e.state !== 'done' ? ` · ${errorLabel(e.lastError)}` : ''}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function WorkPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab) ?? 'all';
  const [search, setSearch] = useState('');
  const online = useOnline();
  const archives = useLiveQuery(() => db.archives.orderBy('updatedAt').reverse().toArray(), [], [] as LocalArchive[]);
  const openEntries = useLiveQuery(() => db.queue.where('state').notEqual('done').toArray(), [], [] as QueueEntry[]);
  const reminders = useLiveQuery(() => db.reminders.toArray(), [], [] as LocalReminder[]);
  const pendingIds = useMemo(() => new Set(openEntries.filter((e) => ARCHIVE_OPS.has(e.op)).map((e) => e.archiveId)), [openEntries]);
  // The inbox, fresh when it is opened online (it is also refreshed at login and when the network is back).
  useEffect(() => {
    if (tab === 'reminders' && online) void refreshReminders().catch(() => undefined);
  }, [tab, online]);
  const shown = useMemo(() => {
    const byName = archives.filter((a) => !search || displayName(a).includes(search.trim()));
    if (tab === 'drafts') return byName.filter(isDraft);
    if (tab === 'returned') return byName.filter((a) => a.status === 'RETURNED');
    return byName;
  }, [archives, search, tab]);
  const counts = {
    drafts: archives.filter(isDraft).length,
    returned: archives.filter((a) => a.status === 'RETURNED').length,
    queue: openEntries.length,
    reminders: inbox(reminders).length,
  };
  return (
    <div className="work">
      <div className="work-head">
        <h2>{t('myWork')}</h2>
        <div className="work-actions">
          {tab !== 'queue' && tab !== 'reminders' && <SearchBar placeholder={t('search')} value={search} onChange={setSearch} className="work-search" />}
          <Button color="primary" size="large" onClick={() => navigate(`/archives/${uuidv7()}?new=1`)} data-testid="new-archive">
            + {t('newArchive')}
          </Button>
        </div>
      </div>
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key })} className="work-tabs">
        <Tabs.Tab title={`${t('tabAll')} ${archives.length}`} key="all" />
        <Tabs.Tab
          title={
            <span className="tab-with-badge" data-testid="tab-reminders" data-count={counts.reminders}>
              {t('tabReminders')}
              <Badge content={counts.reminders > 0 ? counts.reminders : null} className="tab-badge" />
            </span>
          }
          key="reminders"
        />
        <Tabs.Tab title={`${t('tabDrafts')} ${counts.drafts}`} key="drafts" />
        <Tabs.Tab title={`${t('tabReturned')} ${counts.returned}`} key="returned" />
        <Tabs.Tab title={<span data-testid="tab-queue">{`${t('tabQueue')} ${counts.queue}`}</span>} key="queue" />
      </Tabs>
      {tab === 'queue' ? (
        <QueueList />
      ) : tab === 'reminders' ? (
        <RemindersInbox />
      ) : shown.length === 0 ? (
        <div className="empty">{t('noArchives')}</div>
      ) : (
        <div className="archive-grid" data-testid="archive-list">
          {shown.map((a) => (
            <ArchiveCard key={a.id} a={a} pending={pendingIds} />
          ))}
        </div>
      )}
    </div>
  );
}
