import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { client } from '../api/client';
import { ContactStatsQuery, OrgUnitsQuery, ReminderLoadQuery } from '../api/operations';
import { renderWithProviders } from '../test/render';
import { defaultPeriod } from '../lib/reminders';
import ReminderSupervisionPage from './ReminderSupervisionPage';

const session = {
  me: { orgUnit: { id: '11', name: '福州农商行鼓楼支行', code: 'FJ-FZ-01', level: 'BRANCH', bankId: '2' }, user: { id: '3', name: '王丽娟' } },
  roles: ['BRANCH_MANAGER'],
  permissions: ['ARCHIVE_READ', 'REMINDER_WORK', 'REMINDER_SUPERVISE'],
  can: (p: string) => session.permissions.includes(p),
};
vi.mock('../session', () => ({ useSession: () => session }));

const SLOW = { timeout: 5_000 };
const unit = { id: '11', name: '鼓楼支行' };
const staff = (id: string, name: string) => ({ id, name, employeeNo: `E000${id}`, orgUnit: unit });

afterEach(() => vi.restoreAllMocks());

describe('提醒督办', () => {
  it("lists the managers' reminders, the most overdue first, and the last 30 days' contacts of the caller's unit", async () => {
    const asked = vi.fn();
    vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
      asked(doc, variables);
      if (doc === OrgUnitsQuery) return { orgUnits: [{ id: '11', code: 'FJ-FZ-01', name: '鼓楼支行', level: 'BRANCH', status: 'ACTIVE', parentId: null, bankId: '2', depth: 0 }] };
      if (doc === ReminderLoadQuery) return { reminderLoad: [{ open: 1, overdue: 0, manager: staff('8', '赵国平') }, { open: 4, overdue: 0, manager: null }, { open: 16, overdue: 3, manager: staff('9', '胡金花') }] };
      if (doc === ContactStatsQuery) return { contactStats: [{ contacts: 2, customers: 1, staff: staff('8', '赵国平') }, { contacts: 7, customers: 5, staff: staff('9', '胡金花') }] };
      throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
    });
    renderWithProviders(<ReminderSupervisionPage />);
    await waitFor(() => expect(screen.getAllByTestId('load-manager').map((n) => n.textContent)).toEqual(['胡金花', '未分配客户经理的档案', '赵国平']), SLOW);
    expect(screen.getAllByTestId('load-overdue').map((n) => n.className)).toEqual(['cic-overdue', '', '']);
    expect(screen.getByTestId('load-total-open').textContent).toBe('21');
    expect(screen.getByTestId('load-total-overdue').textContent).toBe('3');
    await waitFor(() => expect(screen.getAllByTestId('stats-staff').map((n) => n.textContent)).toEqual(['胡金花', '赵国平']), SLOW);
    const [since, until] = defaultPeriod();
    expect(asked).toHaveBeenCalledWith(ContactStatsQuery, { since, until, orgUnitId: '11' });
    expect(asked).toHaveBeenCalledWith(ReminderLoadQuery, { orgUnitId: '11' });
  }, 20_000);
});
