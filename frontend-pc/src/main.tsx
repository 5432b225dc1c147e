import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
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
import { theme } from './theme';
import { mendAccessibility } from './a11y';
import './styles.css';
import './a11y.css';

function Themed() {
  const { locale } = useI18n();
  dayjs.locale(locale === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={locale === 'zh' ? zhCN : enUS}
      theme={theme}
    >
      <AntApp>
        <SessionProvider>
          <App />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

mendAccessibility();
// A data router, so that a page can hold a navigation (useBlocker: the unsaved-change warning of
// long forms); the app's own <Routes> sit under its one splat route.
const router = createBrowserRouter([{ path: '*', element: <Themed /> }], { basename: '/pc' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
