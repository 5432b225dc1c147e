import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { queryClient } from './api/query';
import { I18nProvider, useI18n } from './i18n';
import { SessionProvider } from './session';
import { App } from './App';
import './styles.css';

function Themed() {
  const { locale } = useI18n();
  dayjs.locale(locale === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={locale === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#0f7a5c', borderRadius: 6, fontSize: 14 } }}
    >
      <AntApp>
        <SessionProvider>
          <App />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <BrowserRouter basename="/pc">
          <Themed />
        </BrowserRouter>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
