import { useEffect, useState } from 'react';
import { Button, Dialog, Input, Tabs } from 'antd-mobile';
import { ReaderError, captureFingerprint, loginMethods, type LoginMethods } from '@cic/shared/fingerprint';
import { AuthError, sessionStore } from '../api/session';
import { useI18n } from '../i18n';
import { useOnline } from '../hooks';
import { losses, refreshFromServer, wipeLocalData } from '../lib/pad';
import { LossList } from '../components/QueueActions';

const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);

export function LoginPage({ expiredUser }: { expiredUser: string | null }) {
  const i18n = useI18n();
  const { t, locale, setLocale } = i18n;
  const online = useOnline();
  const [username, setUsername] = useState(expiredUser ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [capturing, setCapturing] = useState(false);
  const [method, setMethod] = useState<'password' | 'fingerprint'>('password');
  const [methods, setMethods] = useState<LoginMethods | null>(null);

  useEffect(() => {
    if (!online) return;
    let live = true;
    void loginMethods(browserFetch).then((m) => live && setMethods(m));
    return () => {
      live = false;
    };
  }, [online]);

  const submit = async () => {
    setError(null);
    if (!online) {
      setError(t('loginOffline'));
      return;
    }
    if (!username.trim()) {
      setError(t('usernameRequired'));
      return;
    }
    const previous = expiredUser ?? localStorage.getItem('cic.pad.lastUser');
    const lost = previous && previous !== username.trim() ? await losses() : [];
    if (lost.length > 0) {
      const ok = await Dialog.confirm({
        content: (
          <div>
            <p>{t('otherUserWipe', { user: previous! })}</p>
            <LossList losses={lost} i18n={i18n} />
          </div>
        ),
      });
      if (!ok) return;
    }
    setBusy(true);
    try {
      if (previous && previous !== username.trim()) await wipeLocalData();
      if (method === 'fingerprint' && methods?.fingerprint.readerUrl) {
        setCapturing(true);
        const capture = await captureFingerprint(browserFetch, methods.fingerprint.readerUrl, username.trim());
        setCapturing(false);
        await sessionStore.loginWithFingerprint(username.trim(), capture);
      } else {
        await sessionStore.login(username.trim(), password);
      }
      localStorage.setItem('cic.pad.lastUser', username.trim());
      await refreshFromServer().catch((e) => console.warn('refresh failed', e));
    } catch (e) {
      setError(e instanceof AuthError || e instanceof ReaderError ? e.display(locale) : String((e as Error).message));
    } finally {
      setBusy(false);
      setCapturing(false);
    }
  };

  return (
    <div className="login">
      <form
        className="login-card"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="login-brand">
          <div className="login-logo" aria-hidden>
            信
          </div>
          <div>
            <h1>{t('appTitle')}</h1>
            <p>{t('appSubtitle')}</p>
          </div>
        </div>
        {expiredUser && <div className="notice warn">{t('sessionEnded', { user: expiredUser })}</div>}
        {methods?.fingerprint.enabled && (
          <Tabs
            activeKey={method}
            onChange={(key) => {
              setMethod(key as 'password' | 'fingerprint');
              setError(null);
            }}
            data-testid="login-tabs"
          >
            <Tabs.Tab title={t('loginTabPassword')} key="password" />
            <Tabs.Tab title={t('loginTabFingerprint')} key="fingerprint" />
          </Tabs>
        )}
        <label className="field">
          <span className="field-label">{t('username')}</span>
          <Input id="login-username" value={username} onChange={setUsername} autoComplete="username" clearable />
        </label>
        {method === 'password' ? (
          <label className="field">
            <span className="field-label">{t('password')}</span>
            <Input id="login-password" type="password" value={password} onChange={setPassword} autoComplete="current-password" />
          </label>
        ) : (
          <p className="hint" data-testid="fingerprint-hint">
            {capturing ? t('fingerprintCapturing') : t('fingerprintHint')}
          </p>
        )}
        {error && (
          <div className="notice error" data-testid="login-error">
            {error}
          </div>
        )}
        <Button block color="primary" size="large" type="submit" loading={busy} data-testid="login-submit">
          {method === 'fingerprint' ? t('fingerprintSubmit') : t('login')}
        </Button>
        <div className="login-foot">
          <span className={online ? 'dot online' : 'dot offline'}>{online ? t('online') : t('offline')}</span>
          <Button fill="none" onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')} data-testid="language-switch">
            {t('language')}
          </Button>
        </div>
      </form>
    </div>
  );
}
