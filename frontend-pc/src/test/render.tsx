import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { I18nProvider, type Locale } from '../i18n';

/** Render with the providers the pages expect: queries (no retries), i18n, a data router as the
 * app's (createBrowserRouter: the long forms' leave warning needs its blocker), antd. The node is
 * the router's one route, for every path: its own <Routes> match the whole path. */
export function renderWithProviders(node: ReactNode, { locale = 'zh', route = '/' }: { locale?: Locale; route?: string } = {}) {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      {
        path: '*',
        element: (
          <ConfigProvider>
            <AntApp>{node}</AntApp>
          </ConfigProvider>
        ),
      },
    ],
    { initialEntries: [route] },
  );
  return render(
    <QueryClientProvider client={queries}>
      <I18nProvider initial={locale}>
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>,
  );
}
