// The manager's reminders inbox (提醒) on the work page: the open reminders as the last refresh
// listed them (kept in IndexedDB, so it shows offline), the most urgent first, overdue ones
// marked. Each can be done (with a note), snoozed until a day within 90 days, dismissed (with a
// reason), or answered with a contact (记录接触), which closes it on the server. What the manager
// does leaves the list at once and waits in the sync queue; a refusal brings the reminder back
// with the server's message.
import { useRef, useState } from 'react';
import { Button, Popup, Tag, TextArea, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '../i18n';
import { db, type LocalReminder } from '../lib/db';
import { queueReminderWork } from '../lib/pad';
import { inbox, isOverdue, localDay, MAX_NOTE, MAX_SNOOZE_DAYS, validateWork, type WorkDraft } from '../lib/reminderStore';
import type { FieldError } from '../lib/validate';
import { ContactSheet, errorsByField, type ContactTarget } from './ContactForm';
import { Field } from './fields';

/** Quick choices of a snooze, in days from today. */
const SNOOZE_DAYS = [1, 3, 7, 14, 30];

interface WorkTarget {
  reminder: LocalReminder;
  action: WorkDraft['action'];
}

function WorkFormBody({ target, onClose }: { target: WorkTarget; onClose: () => void }) {
  const { t, enumLabel, locale } = useI18n();
  const { reminder, action } = target;
  const [today] = useState(() => localDay());
  const [draft, setDraft] = useState<WorkDraft>({ action, until: action === 'SNOOZE' ? localDay(new Date(), 7) : null, note: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const byField = errorsByField(errors, locale);
  const set = (patch: Partial<WorkDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors((list) => list.filter((e) => !Object.keys(patch).includes(e.field ?? '')));
  };
  const confirm = async () => {
    const found = validateWork(draft, today);
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      await queueReminderWork(reminder.id, draft);
      Toast.show({ icon: 'success', content: t('reminderQueued') });
      onClose();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="sheet-body" data-testid="reminder-form" data-action={action} data-reminder-id={reminder.id}>
      <h3 className="sheet-title">{`${enumLabel('reminderAction', action)}${locale === 'zh' ? '：' : ': '}${reminder.title}`}</h3>
      {reminder.customerName && <div className="muted sheet-subtitle">{reminder.customerName}</div>}
      <div className="grid">
        {action === 'SNOOZE' && (
          <Field label={t('reminderUntil')} error={byField.get('until')} required wide htmlFor="f-reminder-until" hint={t('reminderUntilHint', { n: MAX_SNOOZE_DAYS })}>
            <div className="chips" id="f-reminder-until-days">
              {SNOOZE_DAYS.map((n) => {
                const day = localDay(new Date(), n);
                return (
                  <button type="button" key={n} className={`chip${draft.until === day ? ' active' : ''}`} onClick={() => set({ until: day })} data-testid="snooze-day" data-day={day}>
                    {n === 1 ? t('snoozeTomorrow') : t('snoozeInDays', { n })}
                  </button>
                );
              })}
              <input
                type="date"
                className="native-input snooze-date"
                id="f-reminder-until"
                value={draft.until ?? ''}
                min={localDay(new Date(), 1)}
                max={localDay(new Date(), MAX_SNOOZE_DAYS)}
                onChange={(e) => set({ until: e.target.value || null })}
              />
            </div>
          </Field>
        )}
        <Field label={action === 'DISMISS' ? t('reminderReason') : t('reminderNote')} error={byField.get('note')} required={action === 'DISMISS'} wide htmlFor="f-reminder-note">
          <TextArea id="f-reminder-note" value={draft.note} onChange={(v) => set({ note: v })} autoSize={{ minRows: 2, maxRows: 4 }} maxLength={MAX_NOTE} />
        </Field>
      </div>
      <div className="sheet-actions">
        <Button size="large" onClick={onClose} data-testid="reminder-cancel">
          {t('cancel')}
        </Button>
        <Button size="large" color={action === 'DISMISS' ? 'danger' : 'primary'} loading={busy} onClick={() => void confirm()} data-testid="reminder-confirm">
          {enumLabel('reminderAction', action)}
        </Button>
      </div>
    </div>
  );
}

function WorkSheet({ target, onClose }: { target: WorkTarget | null; onClose: () => void }) {
  const last = useRef<WorkTarget | null>(null);
  if (target) last.current = target;
  const shown = target ?? last.current;
  return (
    <Popup visible={!!target} onMaskClick={onClose} destroyOnClose bodyClassName="sheet">
      {shown && <WorkFormBody key={`${shown.reminder.id}:${shown.action}`} target={shown} onClose={onClose} />}
    </Popup>
  );
}

function ReminderItem({ r, today, cached, onWork, onContact }: { r: LocalReminder; today: string; cached: boolean; onWork: (action: WorkDraft['action']) => void; onContact: () => void }) {
  const { t, enumLabel, locale } = useI18n();
  const navigate = useNavigate();
  const overdue = isOverdue(r, today);
  const name = r.customerName || t('noName');
  return (
    <li className={`reminder${overdue ? ' overdue' : ''}${r.errors.length ? ' refused' : ''}`} data-testid="reminder" data-reminder-id={r.id} data-kind={r.kind} data-overdue={overdue}>
      <div className="reminder-main">
        <div className="reminder-head">
          <Tag className="reminder-kind" data-testid="reminder-kind">
            {enumLabel('reminderKind', r.kind)}
          </Tag>
          <strong className="reminder-title" data-testid="reminder-title">
            {r.title}
          </strong>
        </div>
        <div className="reminder-meta">
          {!r.customerId ? (
            <span className="muted">{t('reminderNoCustomer')}</span>
          ) : cached ? (
            <button type="button" className="reminder-customer link" onClick={() => navigate(`/archives/${r.customerId}`)} data-testid="reminder-customer">
              {name}
            </button>
          ) : (
            <span className="reminder-customer" data-testid="reminder-customer">
              {name}
            </span>
          )}
          <span className={overdue ? 'reminder-due late' : 'reminder-due'} data-testid="reminder-due">
            {t('reminderDue', { date: r.dueOn })}
          </span>
          {overdue && (
            <Tag color="danger" data-testid="reminder-overdue">
              {t('reminderOverdue')}
            </Tag>
          )}
        </div>
        {r.errors.length > 0 && (
          <div className="field-error" role="alert" data-testid="reminder-problem">
            {t('reminderRefused')}
            {r.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn || e.message) || enumLabel('marketingError', e.code)).join(locale === 'zh' ? '；' : '; ')}
          </div>
        )}
      </div>
      <div className="reminder-actions">
        {r.customerId && (
          <Button color="primary" onClick={onContact} data-testid="reminder-contact">
            {t('logContact')}
          </Button>
        )}
        <Button color="primary" fill="outline" onClick={() => onWork('DONE')} data-testid="reminder-done">
          {enumLabel('reminderAction', 'DONE')}
        </Button>
        <Button onClick={() => onWork('SNOOZE')} data-testid="reminder-snooze">
          {enumLabel('reminderAction', 'SNOOZE')}
        </Button>
        <Button color="danger" fill="outline" onClick={() => onWork('DISMISS')} data-testid="reminder-dismiss">
          {enumLabel('reminderAction', 'DISMISS')}
        </Button>
      </div>
    </li>
  );
}

export function RemindersInbox() {
  const { t, locale } = useI18n();
  const rows = useLiveQuery(() => db.reminders.toArray(), [], [] as LocalReminder[]);
  const cached = useLiveQuery(async () => new Set((await db.archives.toCollection().primaryKeys()) as string[]), [], new Set<string>());
  const asOf = useLiveQuery(async () => (await db.cache.get('remindersFetchedAt'))?.value as string | undefined, []);
  const [work, setWork] = useState<WorkTarget | null>(null);
  const [contact, setContact] = useState<ContactTarget | null>(null);
  const list = inbox(rows);
  const today = localDay();
  return (
    <div className="reminders" data-testid="reminders" data-count={list.length}>
      {asOf && <div className="muted reminders-as-of">{t('remindersAsOf', { time: new Date(asOf).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB') })}</div>}
      {list.length === 0 ? (
        <div className="empty" data-testid="reminders-empty">
          {t('remindersEmpty')}
        </div>
      ) : (
        <ul className="reminder-list">
          {list.map((r) => (
            <ReminderItem
              key={r.id}
              r={r}
              today={today}
              cached={!!r.customerId && cached.has(r.customerId)}
              onWork={(action) => setWork({ reminder: r, action })}
              onContact={() => setContact({ customerId: r.customerId!, name: r.customerName ?? '', reminder: { id: r.id, title: r.title } })}
            />
          ))}
        </ul>
      )}
      <WorkSheet target={work} onClose={() => setWork(null)} />
      <ContactSheet target={contact} onClose={() => setContact(null)} />
    </div>
  );
}
