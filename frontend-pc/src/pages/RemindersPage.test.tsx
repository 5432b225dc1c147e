import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { client } from '../api/client';
import { LogContactMutation, MyRemindersQuery, WorkReminderMutation } from '../api/operations';
import type { ReminderFieldsFragment } from '../gql/graphql';
import { renderWithProviders } from '../test/render';
import RemindersPage from './RemindersPage';

const session = {
  me: { orgUnit: { id: '11', name: '福州农商行鼓楼支行', code: 'FJ-FZ-01', level: 'BRANCH', bankId: '2' }, user: { id: '5', name: '林晓' } },
  roles: ['CUSTOMER_MANAGER'],
  permissions: ['ARCHIVE_READ', 'REMINDER_WORK'],
  can: (p: string) => session.permissions.includes(p),
};
vi.mock('../session', () => ({ useSession: () => session }));

const SLOW = { timeout: 5_000 };

const reminder = (id: string, patch: Partial<ReminderFieldsFragment> = {}): ReminderFieldsFragment => ({
  id, kind: 'MODEL', title: '存款较多且无贷款，可推荐农e贷', dueOn: '2026-12-17', status: 'OPEN', snoozedUntil: null, note: null,
  createdAt: '2026-12-03T01:40:00Z', closedAt: null, overdue: false, customer: { id: `c${id}`, name: `客户${id}` }, ...patch,
});

const OPEN = [
  reminder('1', { kind: 'ARCHIVE_RETURNED', title: '档案被退回，请补正后重新提交', dueOn: '2026-11-20', overdue: true }),
  reminder('2'),
];

type Answer = { errors: { field: string | null; code: string; message: string; messageEn: string }[] };

function api(answers: { work?: Answer[]; contact?: Answer[] } = {}) {
  const work = vi.fn();
  const contact = vi.fn();
  vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
    if (doc === MyRemindersQuery) return { myReminders: (variables as { status: string }).status === 'OPEN' ? OPEN : [] };
    if (doc === WorkReminderMutation) {
      work(variables);
      return { workReminder: { reminder: null, ...(answers.work?.shift() ?? { errors: [] }) } };
    }
    if (doc === LogContactMutation) {
      contact(variables);
      return { logContact: { contact: null, ...(answers.contact?.shift() ?? { errors: [] }) } };
    }
    throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
  });
  return { work, contact };
}

const rowOf = async (id: string) => {
  await waitFor(() => expect(document.querySelector(`[data-reminder-id="${id}"]`)).not.toBeNull(), SLOW);
  return document.querySelector(`[data-reminder-id="${id}"]`) as HTMLElement;
};

afterEach(() => vi.restoreAllMocks());

describe('我的提醒', () => {
  it('lists the open reminders in words, the overdue one marked, each customer a link to the archive', async () => {
    api();
    renderWithProviders(<RemindersPage />);
    const overdue = await rowOf('1');
    expect(within(overdue).getByTestId('reminder-kind').textContent).toBe('档案被退回');
    expect(within(overdue).getByTestId('reminder-overdue').textContent).toBe('已逾期');
    expect(overdue.className).toContain('cic-row-error');
    expect(within(overdue).getByTestId('reminder-customer').getAttribute('href')).toBe('/archives/c1');
    const later = await rowOf('2');
    expect(within(later).getByTestId('reminder-kind').textContent).toBe('模型提醒');
    expect(within(later).queryByTestId('reminder-overdue')).toBeNull();
    expect(screen.getByTestId('reminder-tab-open').textContent).toBe('待处理2');
    expect(screen.getByTestId('reminder-tabs').textContent).toMatch(/稍后提醒.*已完成.*已忽略/);
    expect(document.body.textContent).not.toMatch(/ARCHIVE_RETURNED|MODEL\b|OPEN\b/);
  }, 20_000);

  it('puts a refused snooze day on the date field and a closed reminder above the form', async () => {
    const { work } = api({
      work: [
        { errors: [{ field: 'until', code: 'SNOOZE_DATE', message: '请选择今天之后90天内的日期', messageEn: 'snooze until a day within 90 days after today' }] },
        { errors: [{ field: 'id', code: 'REMINDER_CLOSED', message: '提醒已处理', messageEn: 'the reminder is already done or dismissed' }] },
      ],
    });
    renderWithProviders(<RemindersPage />);
    fireEvent.click(within(await rowOf('2')).getByTestId('reminder-snooze'));
    const dialog = await screen.findByTestId('reminder-dialog', {}, SLOW);
    fireEvent.click(within(dialog).getAllByTestId('snooze-day')[2]); // 7天后
    fireEvent.click(document.getElementById('reminder-confirm')!);
    await waitFor(() => expect(within(dialog).getByText('请选择今天之后90天内的日期')).toBeTruthy(), SLOW);
    const sent = work.mock.calls[0][0].input;
    expect(sent).toMatchObject({ id: '2', action: 'SNOOZE', note: null });
    expect(sent.until).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    fireEvent.click(document.getElementById('reminder-confirm')!);
    await waitFor(() => expect(within(dialog).getByTestId('dialog-errors').textContent).toBe('提醒已处理'), SLOW);
  }, 20_000);

  it('asks for a reason before dismissing', async () => {
    const { work } = api();
    renderWithProviders(<RemindersPage />);
    fireEvent.click(within(await rowOf('2')).getByTestId('reminder-dismiss'));
    const dialog = await screen.findByTestId('reminder-dialog', {}, SLOW);
    fireEvent.click(document.getElementById('reminder-confirm')!);
    await waitFor(() => expect(within(dialog).getByText('忽略提醒须说明原因')).toBeTruthy(), SLOW);
    expect(work).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '客户已迁出本村' } });
    fireEvent.click(document.getElementById('reminder-confirm')!);
    await waitFor(() => expect(work).toHaveBeenCalledWith({ input: { id: '2', action: 'DISMISS', until: null, note: '客户已迁出本村' } }), SLOW);
  }, 20_000);

  it('logs a contact for a reminder with an id made once: a refused time lands on its field, the retry sends the same id', async () => {
    const { contact } = api({ contact: [{ errors: [{ field: 'contactedAt', code: 'CONTACT_TIME', message: '接触时间须在最近30天内且不晚于现在', messageEn: 'the contact was within the last 30 days' }] }] });
    renderWithProviders(<RemindersPage />);
    fireEvent.click(within(await rowOf('1')).getByTestId('reminder-contact'));
    const dialog = await screen.findByTestId('contact-dialog', {}, SLOW);
    expect(within(dialog).getByTestId('contact-reminder').textContent).toBe('完成提醒：档案被退回，请补正后重新提交');
    fireEvent.click(document.getElementById('contact-save')!);
    await waitFor(() => expect(within(dialog).getByText('请选择接触方式')).toBeTruthy(), SLOW);
    expect(within(dialog).getByText('请选择接触结果')).toBeTruthy();
    expect(contact).not.toHaveBeenCalled();

    fireEvent.click(within(dialog).getByText('上门走访'));
    fireEvent.click(within(dialog).getByText('有意向'));
    fireEvent.click(document.getElementById('contact-save')!);
    await waitFor(() => expect(within(dialog).getByText('接触时间须在最近30天内且不晚于现在')).toBeTruthy(), SLOW);
    // The channel's error goes once a channel is chosen (after its leave motion: wait for it).
    await waitFor(() => expect(within(dialog).queryByText('请选择接触方式')).toBeNull(), SLOW);
    const first = contact.mock.calls[0][0].input;
    expect(first).toMatchObject({ customerId: 'c1', channel: 'VISIT', outcome: 'INTERESTED', note: null, reminderId: '1' });
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Math.abs(Date.parse(first.contactedAt) - Date.now())).toBeLessThan(60_000);

    fireEvent.click(document.getElementById('contact-save')!);
    await waitFor(() => expect(contact).toHaveBeenCalledTimes(2), SLOW);
    expect(contact.mock.calls[1][0].input.id).toBe(first.id);
    await waitFor(() => expect(screen.queryByTestId('contact-dialog')).toBeNull(), SLOW);
  }, 20_000);
});
