import { describe, expect, it } from 'vitest';
import {
  addDays,
  beijingDay,
  canSnoozeUntil,
  contactProblems,
  contactTimeAllowed,
  defaultPeriod,
  errorsOnForm,
  loadTotals,
  overdueShare,
  periodAllowed,
  snoozeBounds,
  sortLoad,
  workProblems,
} from './reminders';

// 2026-12-03 23:30 in Fujian is 15:30 UTC: the server's day is already the 3rd, not the 4th,
// and an evening in the browser's zone elsewhere must not shift it.
const EVENING = Date.parse('2026-12-03T15:30:00Z');
const AFTER_MIDNIGHT = Date.parse('2026-12-03T16:05:00Z');

describe('days in Fujian time', () => {
  it('counts the day in UTC+8 whatever the browser zone', () => {
    expect(beijingDay(EVENING)).toBe('2026-12-03');
    expect(beijingDay(AFTER_MIDNIGHT)).toBe('2026-12-04');
    expect(beijingDay(EVENING, 1)).toBe('2026-12-04');
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2026-12-03', 90)).toBe('2027-03-03');
  });
});

describe('working a reminder', () => {
  const today = '2026-12-03';

  it('snoozes until a day after today, at most 90 days ahead', () => {
    expect(snoozeBounds(today)).toEqual({ first: '2026-12-04', last: '2027-03-03' });
    expect(canSnoozeUntil('2026-12-04', today)).toBe(true);
    expect(canSnoozeUntil('2027-03-03', today)).toBe(true);
    expect(canSnoozeUntil('2027-03-04', today)).toBe(false);
    expect(canSnoozeUntil(today, today)).toBe(false);
    expect(canSnoozeUntil(null, today)).toBe(false);
  });

  it('asks for the snooze day, a reason to dismiss and a note of at most 500 characters', () => {
    expect(workProblems({ action: 'SNOOZE', until: '2027-04-01' }, today)).toEqual([{ field: 'until', key: 'reminders.snoozeRange', vars: { n: 90 } }]);
    expect(workProblems({ action: 'DISMISS', note: '   ' }, today)).toEqual([{ field: 'note', key: 'reminders.reasonRequired' }]);
    expect(workProblems({ action: 'DISMISS', note: '客户已迁出本村' }, today)).toEqual([]);
    expect(workProblems({ action: 'DONE', note: '字'.repeat(501) }, today)).toEqual([{ field: 'note', key: 'reminders.noteTooLong', vars: { n: 500 } }]);
    expect(workProblems({ action: 'DONE' }, today)).toEqual([]);
  });
});

describe('logging a contact', () => {
  const now = Date.parse('2026-12-03T08:00:00Z');

  it('takes a time of the last 30 days, up to ten minutes ahead', () => {
    expect(contactTimeAllowed(now, now)).toBe(true);
    expect(contactTimeAllowed(now + 9 * 60_000, now)).toBe(true);
    expect(contactTimeAllowed(now + 11 * 60_000, now)).toBe(false);
    expect(contactTimeAllowed(now - 30 * 86_400_000, now)).toBe(true);
    expect(contactTimeAllowed(now - 31 * 86_400_000, now)).toBe(false);
  });

  it('names each missing or wrong field', () => {
    expect(contactProblems({ note: '' }, now).map((p) => [p.field, p.key])).toEqual([
      ['channel', 'contacts.channelRequired'],
      ['outcome', 'contacts.outcomeRequired'],
      ['contactedAt', 'contacts.timeRequired'],
    ]);
    expect(contactProblems({ channel: 'VISIT', outcome: 'INTERESTED', contactedAt: now - 40 * 86_400_000 }, now)).toEqual([{ field: 'contactedAt', key: 'contacts.timeRange', vars: { n: 30 } }]);
    expect(contactProblems({ channel: 'CALL', outcome: 'FOLLOW_UP', contactedAt: now, note: '下周再联系' }, now)).toEqual([]);
  });
});

describe('the API refusals on the form', () => {
  const closed = { field: 'id', code: 'REMINDER_CLOSED', message: '提醒已处理', messageEn: 'the reminder is already done or dismissed' };
  const snooze = { field: 'until', code: 'SNOOZE_DATE', message: '请选择今天之后90天内的日期', messageEn: 'snooze until a day within 90 days after today' };
  const time = { field: 'input.contactedAt', code: 'CONTACT_TIME', message: '接触时间须在最近30天内且不晚于现在', messageEn: 'the contact was within the last 30 days' };

  it('lands an error on the field it names, in the UI language, and says the rest above the form', () => {
    expect(errorsOnForm([snooze, closed], ['until', 'note'], 'zh')).toEqual({ onFields: [{ name: 'until', errors: ['请选择今天之后90天内的日期'] }], general: ['提醒已处理'] });
    expect(errorsOnForm([time], ['channel', 'outcome', 'contactedAt', 'note'], 'en')).toEqual({ onFields: [{ name: 'contactedAt', errors: ['the contact was within the last 30 days'] }], general: [] });
    // A field the form does not show (the snooze day of a dismissal) is said above it.
    expect(errorsOnForm([snooze], ['note'], 'zh').general).toEqual(['请选择今天之后90天内的日期']);
    expect(errorsOnForm([{ code: 'FAILED', message: '网络不可用，请检查网络后重试', messageEn: 'No network' }], ['note'], 'zh').general).toEqual(['网络不可用，请检查网络后重试']);
  });
});

describe("the supervisor's tables", () => {
  const row = (name: string | null, open: number, overdue: number) => ({ open, overdue, manager: name ? { id: name, name, orgUnit: { name: '鼓楼支行' } } : null });

  it('lists the most overdue first, then the most open, archives without a manager after a named one', () => {
    const rows = [row('王芳', 4, 0), row(null, 6, 2), row('李强', 9, 2), row('陈静', 6, 2), row('张伟', 3, 5)];
    expect(sortLoad(rows).map((r) => r.manager?.name ?? '—')).toEqual(['张伟', '李强', '陈静', '—', '王芳']);
    expect(loadTotals(rows)).toEqual({ open: 28, overdue: 11 });
  });

  it('gives the overdue share in whole percent', () => {
    expect(overdueShare({ open: 3, overdue: 1 })).toBe(33);
    expect(overdueShare({ open: 0, overdue: 0 })).toBe(0);
  });

  it('counts contacts over the last 30 days by default, a day to a year', () => {
    expect(defaultPeriod(EVENING)).toEqual(['2026-11-04', '2026-12-03']);
    expect(periodAllowed(['2026-12-03', '2026-12-03'])).toBe(true);
    expect(periodAllowed(['2026-01-01', '2027-01-01'])).toBe(true);
    expect(periodAllowed(['2026-01-01', '2027-01-03'])).toBe(false);
    expect(periodAllowed(['2026-12-04', '2026-12-03'])).toBe(false);
  });
});
