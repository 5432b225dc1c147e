import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { ConfigProvider, unstableSetRender } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { I18nProvider, useI18n } from './i18n';
import { App } from './App';
import { registerServiceWorker } from './lib/sw';
import './styles.css';

// antd-mobile's imperative Toast and Dialog render through this on React 19.
unstableSetRender((node, container) => {
  const holder = container as Element & { __root?: Root };
  holder.__root ??= createRoot(container);
  const root = holder.__root;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    holder.__root = undefined;
  };
});

function Localized() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'zh' ? zhCN : enUS}>
      <App />
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      {/* "/pad/", not "/pad": the home screen (and its ?tab=) then stays inside the service worker's
          scope (/pad/), so it reloads offline. */}
      <BrowserRouter basename="/pad/">
        <Localized />
      </BrowserRouter>
    </I18nProvider>
  </StrictMode>,
);

registerServiceWorker();
