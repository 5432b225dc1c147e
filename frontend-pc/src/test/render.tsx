import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { I18nProvider, type Locale } from '../i18n';

/** Render with the providers the pages expect: queries (no retries), i18n, router, antd. */
export function renderWithProviders(node: ReactNode, { locale = 'zh', route = '/' }: { locale?: Locale; route?: string } = {}) {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queries}>
      <I18nProvider initial={locale}>
        <MemoryRouter initialEntries={[route]}>
          <ConfigProvider>
            <AntApp>{node}</AntApp>
          </ConfigProvider>
        </MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
}
