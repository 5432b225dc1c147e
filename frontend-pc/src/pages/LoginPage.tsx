import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Skeleton, Space, Tabs, Typography } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { ReaderError, captureFingerprint, loginMethods, type LoginMethods } from '@cic/shared/fingerprint';
import { AuthError } from '../api/auth';
import { useI18n } from '../i18n';
import { useSession } from '../session';

const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);

export function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const { login, loginWithFingerprint } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [capturing, setCapturing] = useState(false);
  const [methods, setMethods] = useState<LoginMethods | null>(null);
  // The forms appear once /auth/methods has answered (at most a few seconds: loginMethods falls
  // back to the password alone), so a form never moves into a tab under a user who is typing.
  const [passwordValues] = Form.useForm();

  useEffect(() => {
    let live = true;
    void loginMethods(browserFetch).then((m) => live && setMethods(m));
    return () => {
      live = false;
    };
  }, []);

  /** Run a login; on success go where the user was going. */
  const attempt = async (run: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await run();
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (e) {
      if (e instanceof AuthError || e instanceof ReaderError) setError(e.display(locale));
      else setError(t('login.failed'));
    } finally {
      setBusy(false);
      setCapturing(false);
    }
  };

  const submit = (values: { username: string; password: string }) => attempt(() => login(values.username.trim(), values.password));

  const submitFingerprint = (values: { username: string }) =>
    attempt(async () => {
      const username = values.username.trim();
      setCapturing(true);
      const capture = await captureFingerprint(browserFetch, methods!.fingerprint.readerUrl!, username);
      setCapturing(false);
      await loginWithFingerprint(username, capture);
    });

  const usernameItem = (id: string) => (
    <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.required', { field: t('login.username') }) }]}>
      <Input prefix={<UserOutlined />} autoComplete="username" size="large" id={id} aria-label={t('login.username')} />
    </Form.Item>
  );
  const passwordForm = (
    <Form form={passwordValues} layout="vertical" onFinish={submit} requiredMark={false}>
      {usernameItem('username')}
      <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" id="password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
        {t('login.submit')}
      </Button>
    </Form>
  );
  const fingerprintForm = (
    <Form layout="vertical" onFinish={submitFingerprint} requiredMark={false} data-testid="fingerprint-form">
      {usernameItem('fingerprint-username')}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {capturing ? <span data-testid="fingerprint-capturing">{t('login.fingerprint.capturing')}</span> : t('login.fingerprint.hint')}
      </Typography.Paragraph>
      <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="fingerprint-submit">
        {t('login.fingerprint.submit')}
      </Button>
    </Form>
  );

  return (
    <div className="cic-login">
      <Card className="cic-login-card" variant="borderless">
        <Space direction="vertical" size={4} style={{ width: '100%', marginBottom: 24 }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Space>
              <SafetyCertificateOutlined style={{ fontSize: 28, color: '#0f7a5c' }} />
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t('app.title')}
              </Typography.Title>
            </Space>
            <Button type="text" size="small" icon={<TranslationOutlined />} onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}>
              {t('app.language')}
            </Button>
          </Space>
          <Typography.Text type="secondary">{t('login.title')}</Typography.Text>
        </Space>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        {methods === null ? (
          <div data-testid="login-loading" aria-busy="true">
            <Skeleton active title={false} paragraph={{ rows: 4 }} />
          </div>
        ) : methods.fingerprint.enabled ? (
          <Tabs
            data-testid="login-tabs"
            onChange={() => setError(null)}
            items={[
              { key: 'password', label: t('login.tab.password'), children: passwordForm },
              { key: 'fingerprint', label: t('login.tab.fingerprint'), children: fingerprintForm },
            ]}
          />
        ) : (
          passwordForm
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
