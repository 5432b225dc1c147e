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
import { failureText, refusalText } from '../lib/queueStatus';
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

/** Why an entry waits for the manager, in words (src/lib/queueStatus.ts): the server's messages
 * of its refusal, a conflict's way out, or the failure's label; never a code. */
function EntryProblem({ entry, archive, photo, application, reminder, contact }: { entry: QueueEntry; archive?: LocalArchive; photo?: LocalPhoto; application?: LocalApplication; reminder?: LocalReminder; contact?: LocalContact }) {
  const { t, label, locale } = useI18n();
  let text: string;
  if (entry.state === 'conflict') text = t('conflictReason');
  else if (entry.state === 'rejected' && entry.op === 'uploadPhoto') text = t('photoRefused') + failureText(photo?.error ?? entry.lastError, locale);
  else if (entry.state === 'rejected' && entry.op === 'workReminder') text = t('reminderRefused') + refusalText(reminder?.errors, entry.lastError, locale);
  else if (entry.state === 'rejected' && entry.op === 'logContact') text = t('contactRefused') + refusalText(contact?.errors, entry.lastError, locale);
  else if (entry.state === 'rejected' && entry.op === 'submitApplication') text = t('appRefused') + refusalText(application?.errors, entry.lastError, locale);
  else if (entry.state === 'rejected' && archive?.serverErrors.length) {
    text = t('saveRefused') + archive.serverErrors.map((e) => `${e.field ? label(e.field) + (locale === 'zh' ? '：' : ': ') : ''}${refusalText([e], null, locale)}`).join(locale === 'zh' ? '；' : '; ');
  } else if (entry.state === 'rejected') text = t('saveRefused') + failureText(entry.lastError, locale);
  else if (entry.state === 'failed') text = t('syncFailed', { error: failureText(entry.lastError, locale), n: entry.failures ?? entry.attempts });
  else text = failureText(entry.lastError, locale);
  return (
    <span className="queue-problem" data-testid="queue-problem">
      {text}
    </span>
  );
}

function QueueList() {
  const { t, enumLabel, locale } = useI18n();
  const navigate = useNavigate();
  useSyncStatus(); // drawn again when a pass ends or a retry is scheduled (the retry times)
  const entries = useLiveQuery(() => db.queue.orderBy('seq').reverse().limit(200).toArray(), [], [] as QueueEntry[]);
  const archives = useLiveQuery(async () => new Map((await db.archives.toArray()).map((a) => [a.id, a])), [], new Map<string, LocalArchive>());
  const photos = useLiveQuery(async () => new Map((await db.photos.toArray()).map((p) => [p.id, p])), [], new Map<string, LocalPhoto>());
  const applications = useLiveQuery(async () => new Map((await db.applications.toArray()).map((a) => [a.id, a])), [], new Map<string, LocalApplication>());
  const reminders = useLiveQuery(async () => new Map((await db.reminders.toArray()).map((r) => [r.id, r])), [], new Map<string, LocalReminder>());
  const contacts = useLiveQuery(async () => new Map((await db.contacts.toArray()).map((c) => [c.id, c])), [], new Map<string, LocalContact>());
  // A reminder's customer may have no archive on this tablet: its name comes with the reminder.
  const customerNames = useMemo(() => new Map([...reminders.values()].filter((r) => r.customerId && r.customerName).map((r) => [r.customerId!, r.customerName!])), [reminders]);
  // Every count is of the rows below (the newest 200 entries), so the words match the list.
  const { done, waiting, attention, nextRetryAt } = queueSummary(entries);
  const percent = entries.length === 0 ? 100 : Math.round((done / entries.length) * 100);
  const summary = [
    done > 0 || waiting + attention > 0 ? t('syncDone', { done }) : null,
    waiting > 0 ? t('syncWaiting', { n: waiting }) : null,
    waiting > 0 && nextRetryAt !== null ? t('syncRetryAt', { time: new Date(nextRetryAt).toLocaleTimeString(locale === 'zh' ? 'zh-CN' : 'en-GB') }) : null,
    attention > 0 ? t('syncAttention', { n: attention }) : null,
    waiting + attention === 0 ? (done > 0 ? t('syncIdle') : t('queueEmpty')) : null,
  ].filter(Boolean);
  return (
    <div className="queue" data-testid="queue">
      <div className="queue-summary">
        <div className="queue-progress">
          <ProgressBar percent={percent} style={{ '--track-width': '10px' } as React.CSSProperties} />
          <span data-testid="queue-progress" data-done={done} data-waiting={waiting} data-attention={attention}>
            {summary.join(' · ')}
          </span>
        </div>
        <Button color="primary" onClick={() => void engine.retryNow()} data-testid="sync-now">
          {t('syncNow')}
        </Button>
      </div>
      <ul className="queue-list">
        {entries.map((e) => {
          const name = (archives.get(e.archiveId) && displayName(archives.get(e.archiveId)!)) || customerNames.get(e.archiveId) || t('noName');
          // A conflict is resolved on the conflict screen: the row leads there (its name is the button).
          const openConflict = e.state === 'conflict' ? () => navigate(`/archives/${e.archiveId}/conflict`) : undefined;
          return (
          <li
            key={e.seq}
            className={`queue-item state-${e.state}${openConflict ? ' opens' : ''}`}
            data-testid="queue-item"
            data-state={e.state}
            data-op={e.op}
            data-archive-id={e.archiveId}
            data-failures={e.failures ?? 0}
            onClick={openConflict && ((event) => !(event.target as HTMLElement).closest('.queue-actions') && openConflict())}
          >
            <span className="queue-op">{enumLabel('queueOp', e.op)}</span>
            {openConflict ? (
              <button type="button" className="queue-archive queue-open" onClick={(event) => { event.stopPropagation(); openConflict(); }} data-testid="queue-open-conflict">
                {name} ›
              </button>
            ) : (
              <span className="queue-archive">{name}</span>
            )}
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
                {[
                  e.attempts > 0 ? t('attempts', { n: e.attempts }) : null,
                  e.lastError && e.state !== 'done' ? failureText(e.lastError, locale) : null,
                  // Only while it still waits for that retry: a sent entry says nothing of it.
                  e.state === 'retry' && e.nextAttemptAt > Date.now() ? t('syncRetryAt', { time: new Date(e.nextAttemptAt).toLocaleTimeString(locale === 'zh' ? 'zh-CN' : 'en-GB') }) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            )}
          </li>
          );
        })}
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
