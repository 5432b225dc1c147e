// What the manager can do about a queue entry that waits for them (failed repeatedly, refused,
// in conflict), and the list of what logging out would lose. Shared by the queue tab, the
// archive form and the logout / change-of-user dialogs.
import { Button, Dialog, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n, type I18n } from '../i18n';
import { db, displayName, type QueueEntry } from '../lib/db';
import { archiveStore, engine } from '../lib/pad';
import type { Loss } from '../lib/store';

/** The confirmation text of discarding an entry: what goes, by customer name. */
async function discardQuestion(entry: QueueEntry, t: ReturnType<typeof useI18n>['t']): Promise<string> {
  const a = await db.archives.get(entry.archiveId);
  if (entry.op === 'workReminder') return t('reminderDiscardConfirm', { title: (await db.reminders.get(entry.reminderId ?? ''))?.title ?? '' });
  if (entry.op === 'logContact') {
    const named = await db.reminders.where('customerId').equals(entry.archiveId).first();
    return t('contactDiscardConfirm', { name: (a && displayName(a)) || named?.customerName || t('noName') });
  }
  const name = (a && displayName(a)) || t('noName');
  if (entry.op === 'uploadPhoto') return t('discardPhoto');
  if (entry.op === 'submitArchive') return t('discardSubmit', { name });
  if (entry.op === 'submitApplication') return t('appDiscardConfirm', { name });
  if (a?.serverVersion === null) {
    const photos = await db.photos.where('archiveId').equals(entry.archiveId).filter((p) => p.serverId === null).count();
    return t('discardNewArchive', { name, photos: photos ? t('discardNewArchivePhotos', { n: photos }) : '' });
  }
  return t('discardEdits', { name });
}

export function QueueActions({ entry }: { entry: QueueEntry }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  // A refused contact is fixed where it was logged: its reminder (back in the inbox), else its archive.
  const contact = useLiveQuery(async () => (entry.op === 'logContact' ? db.contacts.get(entry.contactId ?? '') : undefined), [entry.op, entry.contactId]);
  const discard = async () => {
    if (!(await Dialog.confirm({ content: await discardQuestion(entry, t), confirmText: t('discard') }))) return;
    await archiveStore.discardEntry(entry.seq!);
    Toast.show({ content: t('discarded') });
  };
  const canFix = (entry.op === 'saveArchive' || entry.op === 'submitApplication' || entry.op === 'workReminder' || entry.op === 'logContact') && entry.state === 'rejected';
  const fixPath =
    entry.op === 'submitApplication'
      ? `/archives/${entry.archiveId}/apply?app=${entry.applicationId ?? ''}`
      : entry.op === 'workReminder' || (entry.op === 'logContact' && contact?.reminderId)
        ? '/?tab=reminders'
        : `/archives/${entry.archiveId}`;
  return (
    <span className="queue-actions">
      {entry.state === 'failed' && (
        <Button size="small" color="primary" onClick={() => void engine.retryEntry(entry.seq!)} data-testid="queue-retry">
          {t('retry')}
        </Button>
      )}
      {canFix && (
        <Button size="small" color="primary" onClick={() => navigate(fixPath)} data-testid="queue-fix">
          {t('fixIt')}
        </Button>
      )}
      {entry.state === 'conflict' && (
        <Button size="small" color="primary" onClick={() => navigate(`/archives/${entry.archiveId}/conflict`)} data-testid="queue-conflict">
          {t('openConflict')}
        </Button>
      )}
      <Button size="small" color="danger" fill="outline" onClick={() => void discard()} data-testid="queue-discard">
        {t('discard')}
      </Button>
    </span>
  );
}

/** What the server does not have yet, archive by archive. It is shown inside dialogs, which
 * render outside the app's providers: the caller passes its i18n. */
export function LossList({ losses, i18n }: { losses: Loss[]; i18n: I18n }) {
  const { t, enumLabel, locale } = i18n;
  const [colon, semicolon, comma] = locale === 'zh' ? ['：', '；', '、'] : [': ', '; ', ', '];
  return (
    <ul className="loss-list" data-testid="loss-list">
      {losses.map((loss) => {
        const parts = [
          loss.newArchive && (loss.edits || loss.unsaved) ? t('lossNew') : null,
          !loss.newArchive && loss.edits ? t('lossEdits') : null,
          loss.unsaved ? t('lossUnsaved') : null,
          loss.submit ? t('lossSubmit') : null,
          loss.photos.length ? t('lossPhotos', { n: loss.photos.length, kinds: loss.photos.map((k) => enumLabel('image', k)).join(comma) }) : null,
          loss.applications ? t('lossApplications', { n: loss.applications }) : null,
          loss.contacts ? t('lossContacts', { n: loss.contacts }) : null,
          loss.reminders ? t('lossReminders', { n: loss.reminders }) : null,
        ].filter(Boolean);
        return (
          <li key={loss.archiveId} data-testid="loss" data-archive-id={loss.archiveId}>
            <strong>{loss.name || t('noName')}</strong>
            {colon}
            {parts.join(semicolon)}
          </li>
        );
      })}
    </ul>
  );
}
