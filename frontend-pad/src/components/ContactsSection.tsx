// The archive's contacts (客户接触) on the archive page: "记录接触" (a visit, a call ... logged now,
// without a reminder), and the contacts the server listed (as of the last time the page was open
// online) with the ones logged here: 待同步 until the server has them, or refused with the
// server's message. Read from IndexedDB: it shows offline.
import { useState } from 'react';
import { Button, Dialog, Tag, Toast } from 'antd-mobile';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '../i18n';
import { db, type LocalArchive, type LocalContact, type QueueEntry } from '../lib/db';
import { archiveStore } from '../lib/pad';
import { ContactSheet, type ContactTarget } from './ContactForm';

function ContactItem({ c, entry, name }: { c: LocalContact; entry?: QueueEntry; name: string }) {
  const { t, enumLabel, locale } = useI18n();
  const state = c.synced ? 'SYNCED' : c.errors.length ? 'REFUSED' : 'PENDING';
  const discard = async () => {
    if (!entry || !(await Dialog.confirm({ content: t('contactDiscardConfirm', { name }), confirmText: t('discard') }))) return;
    await archiveStore.discardEntry(entry.seq!);
    Toast.show({ content: t('discarded') });
  };
  return (
    <li className={`contact state-${state}`} data-testid="contact" data-contact-id={c.id} data-state={state}>
      <div className="contact-head">
        <strong>{enumLabel('contactChannel', c.channel)}</strong>
        <Tag color={c.outcome === 'NOT_INTERESTED' || c.outcome === 'UNREACHABLE' ? 'default' : 'primary'}>{enumLabel('contactOutcome', c.outcome)}</Tag>
        <span className="muted">{new Date(c.contactedAt).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB')}</span>
        {c.staffName && <span className="muted">{t('contactBy', { name: c.staffName })}</span>}
        {state === 'PENDING' && (
          <Tag color="warning" data-testid="contact-status">
            {t('contactPending')}
          </Tag>
        )}
      </div>
      {c.note && <div className="contact-note">{c.note}</div>}
      {state === 'REFUSED' && (
        <div className="application-refused" role="alert">
          <div className="field-error" data-testid="contact-errors">
            {t('contactRefused')}
            {c.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn || e.message) || enumLabel('marketingError', e.code)).join(locale === 'zh' ? '；' : '; ')}
          </div>
          {entry && (
            <div className="application-actions">
              <Button size="small" color="danger" fill="outline" onClick={() => void discard()} data-testid="contact-discard">
                {t('contactDiscard')}
              </Button>
            </div>
          )}
        </div>
      )}
    </li>
  );
}

export function ContactsSection({ archive, name }: { archive: LocalArchive; name: string }) {
  const { t } = useI18n();
  const id = archive.id;
  const contacts = useLiveQuery(() => db.contacts.where('customerId').equals(id).toArray(), [id], [] as LocalContact[]);
  const entries = useLiveQuery(() => db.queue.where({ archiveId: id, op: 'logContact' }).toArray(), [id], [] as QueueEntry[]);
  const [target, setTarget] = useState<ContactTarget | null>(null);
  const onServer = !!archive.serverVersion;
  const sorted = [...contacts].sort((a, b) => Date.parse(b.contactedAt) - Date.parse(a.contactedAt));
  return (
    <section className="form-section" id="section-contacts" data-testid="section-contacts">
      <div className="section-head">
        <h3>{t('sectionContacts')}</h3>
        <Button color="primary" disabled={!onServer} onClick={() => setTarget({ customerId: id, name, reminder: null })} data-testid="log-contact">
          {t('logContact')}
        </Button>
      </div>
      <div className="section-body">
        {!onServer && <div className="muted">{t('contactNeedsSync')}</div>}
        {onServer && sorted.length === 0 && (
          <div className="muted" data-testid="no-contacts">
            {t('noContacts')}
          </div>
        )}
        {sorted.length > 0 && (
          <ul className="contacts" data-testid="contacts">
            {sorted.map((c) => (
              <ContactItem key={c.id} c={c} name={name} entry={entries.find((e) => e.contactId === c.id && e.state !== 'done')} />
            ))}
          </ul>
        )}
      </div>
      <ContactSheet target={target} onClose={() => setTarget(null)} />
    </section>
  );
}
