import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { client } from '../api/client';
import { CustomersQuery } from '../api/operations';
import { REFUSED_SEARCH, apiError } from '@cic/shared/testing';
import { renderWithProviders } from '../test/render';
import { SEARCH_FILTERS } from '../test/searchFilters';
import ArchivesPage from './ArchivesPage';

// `me.searchFilters` and `me.permissions` as the API answers them for each role.
const session = {
  role: 'PROVINCE_ANALYST' as keyof typeof SEARCH_FILTERS,
  get me() {
    return { searchFilters: SEARCH_FILTERS[this.role] };
  },
  can: (...wanted: string[]) => wanted.some((p) => ['ARCHIVE_READ', ...(session.role === 'BRANCH_MANAGER' ? ['ARCHIVE_COLLECT', 'ARCHIVE_TRANSFER'] : [])].includes(p)),
};
vi.mock('../session', () => ({ useSession: () => session }));

const SLOW = { timeout: 5_000 };

const row = {
  id: 'c1', version: 3, name: '陈**', idNumber: '350102********1234', mobile: '138****5678', status: 'VERIFIED', channel: 'PAD',
  gender: 'MALE', birthDate: null, updatedAt: '2026-02-01T08:00:00Z',
  address: { regionCode: '350102', regionName: '鼓楼区', villageCode: null }, branch: { id: '5', name: '鼓楼支行' },
  manager: { id: '9', name: '赵国平', employeeNo: 'E00011' }, evaluation: { completeness: 90, precise: true },
};
const page = { customers: { estimatedTotal: 1, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ cursor: 'x', node: row }] } };

/** The API: `customers` answers `answers` in turn (an Error is thrown), then the page above. */
function api(...answers: unknown[]) {
  const searches: unknown[] = [];
  vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
    if (doc === CustomersQuery) {
      searches.push((variables as { filter: unknown }).filter);
      const answer = answers.shift() ?? page;
      if (answer instanceof Error) throw answer;
      return answer;
    }
    // Region, org unit and manager pickers: nothing to pick in these tests.
    return { regions: [], orgUnits: [], staffUsers: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } };
  });
  return searches;
}

beforeEach(() => {
  session.role = 'PROVINCE_ANALYST';
});
afterEach(() => vi.restoreAllMocks());

describe('ArchivesPage', () => {
  it('offers an analyst no name, ID number or mobile filter, and shows the values masked', async () => {
    api();
    renderWithProviders(<ArchivesPage />, { route: '/archives' });
    expect(await screen.findByText('350102********1234', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByText('陈**')).toBeInTheDocument();
    for (const id of ['filter-name', 'filter-idNumber', 'filter-mobile']) expect(document.getElementById(id), id).toBeNull();
    expect(document.getElementById('filter-statuses')).not.toBeNull();
  }, 20_000);

  it("tags a blacklisted customer's row 黑名单 (the analyst's null flag tags nothing)", async () => {
    session.role = 'BANK_ADMIN';
    const other = { ...row, id: 'c2', name: '林**', idNumber: '350102********5678', blacklisted: true };
    api({ customers: { ...page.customers, estimatedTotal: 2, edges: [{ cursor: 'x', node: { ...row, blacklisted: null } }, { cursor: 'y', node: other }] } });
    renderWithProviders(<ArchivesPage />, { route: '/archives' });
    await screen.findByText('350102********5678', {}, SLOW);
    const tags = screen.getAllByTestId('blacklisted-tag');
    expect(tags).toHaveLength(1);
    expect(tags[0]).toHaveTextContent('黑名单');
    expect(tags[0].closest('tr')).toHaveTextContent('林**');
  }, 20_000);

  it('offers a bank admin the name filter only, and a collector all three', async () => {
    session.role = 'BANK_ADMIN';
    api();
    const { unmount } = renderWithProviders(<ArchivesPage />, { route: '/archives' });
    await screen.findByText('350102********1234', {}, SLOW);
    expect(document.getElementById('filter-name')).not.toBeNull();
    expect(document.getElementById('filter-idNumber')).toBeNull();
    expect(document.getElementById('filter-mobile')).toBeNull();
    unmount();
    session.role = 'CUSTOMER_MANAGER';
    renderWithProviders(<ArchivesPage />, { route: '/archives' });
    await screen.findByText('350102********1234', {}, SLOW);
    for (const id of ['filter-name', 'filter-idNumber', 'filter-mobile']) expect(document.getElementById(id), id).not.toBeNull();
  }, 20_000);

  it('names a refused filter (a bookmarked search) and searches again without it', async () => {
    const searches = api(apiError('FORBIDDEN', 'filter.mobile: your role sees Customer.mobile masked and may not search by it'));
    renderWithProviders(<ArchivesPage />, { route: '/archives?mobile=13812345678&statuses=VERIFIED' });
    const refused = await screen.findByTestId('search-refused', {}, SLOW);
    expect(refused).toHaveTextContent('您的角色看到的手机号码是脱敏的，不能按手机号码查询');
    fireEvent.click(within(refused).getByRole('button', { name: '去掉该条件' }));
    expect(await screen.findByText('350102********1234', {}, SLOW)).toBeInTheDocument();
    expect(searches[1]).toMatchObject({ mobile: null, statuses: ['VERIFIED'] });
  }, 20_000);

  it('says when to retry once the lookup limit is spent, and retries', async () => {
    session.role = 'BRANCH_MANAGER';
    const searches = api(REFUSED_SEARCH.limited);
    renderWithProviders(<ArchivesPage />, { route: '/archives?idNumber=350102199001010016' });
    const refused = await screen.findByTestId('search-refused', {}, SLOW);
    expect(refused).toHaveTextContent(/按身份证号码查询个人信息的次数已达上限，请在 42 秒后重试（约 \d\d:\d\d:\d\d）/);
    fireEvent.click(within(refused).getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('350102********1234', {}, SLOW)).toBeInTheDocument();
    expect(searches).toHaveLength(2);
  }, 20_000);

  it('shows a failed search as an error with 重试, never the previous rows, and reads again on 重试', async () => {
    session.role = 'BRANCH_MANAGER';
    const searches = api(page, apiError('UNAVAILABLE', 'the network is down', { messageZh: '网络连接失败，请检查网络后重试' }));
    renderWithProviders(<ArchivesPage />, { route: '/archives' });
    expect(await screen.findByText('350102********1234', {}, SLOW)).toBeInTheDocument();
    fireEvent.change(document.getElementById('filter-name')!, { target: { value: '陈' } });
    fireEvent.click(screen.getByTestId('search-button'));
    const failed = await screen.findByTestId('query-error', {}, SLOW);
    expect(failed).toHaveTextContent('网络连接失败');
    expect(screen.queryByText('350102********1234')).toBeNull(); // the previous search's row is gone
    fireEvent.click(within(failed).getByTestId('query-retry'));
    expect(await screen.findByText('350102********1234', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('query-error')).toBeNull();
    expect(searches).toHaveLength(3);
  }, 20_000);

  it('sorts by the name (pinyin, through the API) and by the last change from the column headers, from the first page', async () => {
    api();
    const sent = vi.mocked(client.request).mock.calls;
    const orders = () => sent.filter(([doc]) => doc === CustomersQuery).map(([, v]) => [(v as { order: string }).order, (v as { after: unknown }).after]);
    renderWithProviders(<ArchivesPage />, { route: '/archives' });
    expect(await screen.findByText('350102********1234', {}, SLOW)).toBeInTheDocument();
    const header = (name: string) => screen.getAllByRole('columnheader').find((th) => th.textContent?.startsWith(name))!;
    fireEvent.click(header('姓名'));
    await waitFor(() => expect(orders()).toContainEqual(['NAME_DESC', null]), SLOW);
    fireEvent.click(header('更新时间'));
    await waitFor(() => expect(orders()).toContainEqual(['UPDATED_DESC', null]), SLOW);
    expect(orders()[0]).toEqual(['NAME_ASC', null]);
  }, 40_000);

  it("shows a malformed filter with its label and the API's Chinese message", async () => {
    session.role = 'BRANCH_MANAGER';
    api(REFUSED_SEARCH.nonAscii);
    renderWithProviders(<ArchivesPage />, { route: '/archives?mobile=١٣٨١٢٣٤٥٦٧٨' });
    expect(await screen.findByTestId('search-refused', {}, SLOW)).toHaveTextContent('手机号码（精确）：只能使用半角数字和字母');
    await waitFor(() => expect(screen.queryByText(/ASCII/)).toBeNull());
  }, 20_000);
});
