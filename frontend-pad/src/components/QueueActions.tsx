// What the manager can do about a queue entry that waits for them (failed repeatedly, refused,
// in conflict). Shared by the queue tab and the archive form.
import { Button, Dialog, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n';
import { db, displayName, type QueueEntry } from '../lib/db';
import { archiveStore, engine } from '../lib/pad';

/** The confirmation text of discarding an entry: what goes, by customer name. */
async function discardQuestion(entry: QueueEntry, t: ReturnType<typeof useI18n>['t']): Promise<string> {
  const a = await db.archives.get(entry.archiveId);
  const name = (a && displayName(a)) || t('noName');
  if (entry.op === 'uploadPhoto') return t('discardPhoto');
  if (entry.op === 'submitArchive') return t('discardSubmit', { name });
  if (a?.serverVersion === null) {
    const photos = await db.photos.where('archiveId').equals(entry.archiveId).filter((p) => p.serverId === null).count();
    return t('discardNewArchive', { name, photos: photos ? t('discardNewArchivePhotos', { n: photos }) : '' });
  }
  return t('discardEdits', { name });
}

export function QueueActions({ entry }: { entry: QueueEntry }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const discard = async () => {
    if (!(await Dialog.confirm({ content: await discardQuestion(entry, t), confirmText: t('discard') }))) return;
    await archiveStore.discardEntry(entry.seq!);
    Toast.show({ content: t('discarded') });
  };
  const canFix = entry.op === 'saveArchive' && entry.state === 'rejected';
  return (
    <span className="queue-actions">
      {entry.state === 'failed' && (
        <Button size="small" color="primary" onClick={() => void engine.retryEntry(entry.seq!)} data-testid="queue-retry">
          {t('retry')}
        </Button>
      )}
      {canFix && (
        <Button size="small" color="primary" onClick={() => navigate(`/archives/${entry.archiveId}`)} data-testid="queue-fix">
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
