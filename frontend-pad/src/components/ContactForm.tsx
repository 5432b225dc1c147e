// Logging a contact with a customer (记录接触): how (visit, call, at the branch ...), what came of
// it, and a note; the time is now. From a reminder (which the contact then closes) or from the
// archive page. Kept on the tablet and queued (src/lib/reminderStore.ts), so it works offline.
import { useRef, useState } from 'react';
import { Button, Popup, Selector, TextArea, Toast } from 'antd-mobile';
import type { ContactChannel, ContactOutcome } from '../gql/graphql';
import { useI18n } from '../i18n';
import { MAX_NOTE, validateContact, type ContactDraft } from '../lib/reminderStore';
import { queueContact } from '../lib/pad';
import type { FieldError } from '../lib/validate';
import { Field } from './fields';

const CHANNELS: ContactChannel[] = ['VISIT', 'CALL', 'BRANCH', 'OTHER'];
const OUTCOMES: ContactOutcome[] = ['INTERESTED', 'APPLIED', 'FOLLOW_UP', 'NOT_INTERESTED', 'UNREACHABLE'];

/** Whom the contact is with, and the reminder that prompted it. */
export interface ContactTarget {
  customerId: string;
  name: string;
  reminder: { id: string; title: string } | null;
}

/** The messages of the device checks by field, in the UI's language. */
export function errorsByField(errors: FieldError[], locale: string): Map<string, string> {
  return new Map(errors.map((e) => [e.field ?? '', locale === 'zh' ? e.message : e.messageEn || e.message]));
}

function ContactFormBody({ target, onClose }: { target: ContactTarget; onClose: () => void }) {
  const { t, enumLabel, locale } = useI18n();
  const [draft, setDraft] = useState<ContactDraft>({ channel: null, outcome: null, note: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [now] = useState(() => new Date());
  const byField = errorsByField(errors, locale);
  const set = (patch: Partial<ContactDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors((list) => list.filter((e) => !Object.keys(patch).includes(e.field ?? '')));
  };
  const save = async () => {
    const found = validateContact(draft);
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      await queueContact(target.customerId, target.reminder?.id ?? null, draft);
      Toast.show({ icon: 'success', content: t('contactSaved') });
      onClose();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="sheet-body" data-testid="contact-form" data-customer-id={target.customerId} data-reminder-id={target.reminder?.id ?? ''}>
      <h3 className="sheet-title">{t('contactTitle', { name: target.name || t('noName') })}</h3>
      {target.reminder && <div className="muted sheet-subtitle">{t('contactFor', { title: target.reminder.title })}</div>}
      <div className="grid">
        <Field label={t('contactChannel')} error={byField.get('channel')} required wide>
          <div id="f-contact-channel" data-value={draft.channel ?? ''}>
            <Selector columns={4} options={CHANNELS.map((c) => ({ label: enumLabel('contactChannel', c), value: c }))} value={draft.channel ? [draft.channel] : []} onChange={(v) => set({ channel: (v[0] as ContactChannel) ?? null })} />
          </div>
        </Field>
        <Field label={t('contactOutcome')} error={byField.get('outcome')} required wide>
          <div id="f-contact-outcome" data-value={draft.outcome ?? ''}>
            <Selector columns={3} options={OUTCOMES.map((o) => ({ label: enumLabel('contactOutcome', o), value: o }))} value={draft.outcome ? [draft.outcome] : []} onChange={(v) => set({ outcome: (v[0] as ContactOutcome) ?? null })} />
          </div>
        </Field>
        <Field label={t('contactNote')} error={byField.get('note')} wide htmlFor="f-contact-note" hint={t('contactTime', { time: now.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB') })}>
          <TextArea id="f-contact-note" value={draft.note} onChange={(v) => set({ note: v })} autoSize={{ minRows: 2, maxRows: 4 }} maxLength={MAX_NOTE} />
        </Field>
      </div>
      <div className="sheet-actions">
        <Button size="large" onClick={onClose} data-testid="contact-cancel">
          {t('cancel')}
        </Button>
        <Button size="large" color="primary" loading={busy} onClick={() => void save()} data-testid="contact-save">
          {t('save')}
        </Button>
      </div>
    </div>
  );
}

/** The contact form in a bottom sheet; open while `target` is set. */
export function ContactSheet({ target, onClose }: { target: ContactTarget | null; onClose: () => void }) {
  // The sheet slides away with the form it showed.
  const last = useRef<ContactTarget | null>(null);
  if (target) last.current = target;
  const shown = target ?? last.current;
  return (
    <Popup visible={!!target} onMaskClick={onClose} destroyOnClose bodyClassName="sheet">
      {shown && <ContactFormBody key={`${shown.customerId}:${shown.reminder?.id ?? ''}`} target={shown} onClose={onClose} />}
    </Popup>
  );
}
