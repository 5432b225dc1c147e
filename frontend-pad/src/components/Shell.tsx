import { useEffect, useState, type ReactNode } from 'react';
import { Button, Dialog } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '../i18n';
import { useOnline, useSession, useSyncStatus } from '../hooks';
import { db, getCache, type QueueEntry } from '../lib/db';
import { engine, logoutAndWipe, losses } from '../lib/pad';
import { LAST_SYNCED_KEY, queueSummary } from '../lib/sync';
import { LossList } from './QueueActions';
import './feedback.css';

export function SyncIndicator() {
  const { t, enumLabel } = useI18n();
  const status = useSyncStatus();
  const online = useOnline();
  const navigate = useNavigate();
  const open = useLiveQuery(() => db.queue.where('state').notEqual('done').toArray(), [], [] as QueueEntry[]);
  // Entries that go by themselves ("N 项待同步") and entries that wait for the manager ("需处理"):
  // the latter never pass for the former, so nothing looks as if it were still on its way.
  const { waiting, attention } = queueSummary(open);
  const parts: string[] = [];
  let tone = 'ok';
  if (status.running && status.current) {
    parts.push(t('syncing', { op: enumLabel('queueOp', status.current.op) }));
    tone = 'busy';
  } else if (waiting > 0) {
    parts.push(t('syncWaiting', { n: waiting }));
    if (!online || status.offline) parts.push(t('syncOffline'));
    tone = 'warn';
  }
  if (attention > 0) {
    parts.push(t('syncAttention', { n: attention }));
    tone = 'error';
  }
  const text = parts.length ? parts.join(' · ') : t('syncIdle');
  return (
    <button
      type="button"
      className={`sync-indicator ${tone}`}
      data-testid="sync-status"
      data-waiting={open.length}
      data-attention={attention}
      onClick={() => (attention > 0 ? navigate('/?tab=queue') : void engine.retryNow())}
    >
      <span className="sync-dot" aria-hidden />
      {text}
    </button>
  );
}

/** A byte count as staff read it: 3.2 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(0, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** When the tablet last exchanged data with the server, and how much of the tablet's storage the
 * app uses (navigator.storage.estimate: the archives, photos and queue kept offline), measured
 * again whenever the queue changes. */
export function SyncMeta() {
  const { t, locale } = useI18n();
  const lastSynced = useLiveQuery(() => getCache<string>(LAST_SYNCED_KEY), [], undefined);
  const queueSize = useLiveQuery(() => db.queue.count(), [], 0);
  const photoCount = useLiveQuery(() => db.photos.count(), [], 0);
  const [usage, setUsage] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void navigator.storage?.estimate?.().then((e) => live && setUsage(e.usage ?? null)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [queueSize, photoCount]);
  const when = lastSynced ? new Date(lastSynced) : null;
  const today = when && when.toDateString() === new Date().toDateString();
  const tag = locale === 'zh' ? 'zh-CN' : 'en-GB';
  const time = when ? (today ? when.toLocaleTimeString(tag, { hour: '2-digit', minute: '2-digit' }) : when.toLocaleString(tag, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })) : null;
  return (
    <span className="sync-meta" data-testid="sync-meta">
      <span data-testid="last-synced" data-at={lastSynced ?? ''}>
        {time ? t('lastSynced', { time }) : t('neverSynced')}
      </span>
      {usage !== null && (
        <span data-testid="storage-used" data-bytes={usage}>
          {t('storageUsed', { size: formatBytes(usage) })}
        </span>
      )}
    </span>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const i18n = useI18n();
  const { t, locale, setLocale } = i18n;
  const online = useOnline();
  const session = useSession();
  const navigate = useNavigate();

  const logout = async () => {
    const lost = await losses();
    const content = lost.length ? (
      <div data-testid="logout-dialog">
        <p>{t('logoutLosses')}</p>
        <LossList losses={lost} i18n={i18n} />
      </div>
    ) : (
      <div data-testid="logout-dialog">{t('logoutConfirm')}</div>
    );
    const ok = await Dialog.confirm({ content, confirmText: lost.length ? t('logoutAnyway') : t('logout') });
    if (!ok) return;
    await logoutAndWipe();
    navigate('/');
  };

  return (
    <div className="shell">
      <header className="topbar">
        <button type="button" className="brand" onClick={() => navigate('/')}>
          <span className="brand-logo" aria-hidden>
            信
          </span>
          <span className="brand-name">{t('appTitle')}</span>
        </button>
        <div className="topbar-right">
          <span className={online ? 'net online' : 'net offline'} data-testid="network-state" data-online={online}>
            {online ? t('online') : t('offline')}
          </span>
          <SyncIndicator />
          <SyncMeta />
          <span className="user" data-testid="current-user">
            {session?.user ? `${session.user.name} · ${session.user.employeeNo}` : session?.username}
          </span>
          <Button size="small" fill="outline" className="topbar-btn" onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')} data-testid="language-switch">
            {t('language')}
          </Button>
          <Button size="small" fill="outline" className="topbar-btn" onClick={() => void logout()} data-testid="logout">
            {t('logout')}
          </Button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
