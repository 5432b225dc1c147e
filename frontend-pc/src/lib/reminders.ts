// 提醒 and 客户接触 on the PC (docs/marketing.md): the days the server counts in (Fujian, UTC+8,
// whatever the browser's zone), the checks made before sending (the server's rules: a snooze
// ends on a day after today and at most 90 days ahead, a dismissal says why, a contact happened
// within the last 30 days and not in the future, a note is at most 500 characters), where a
// refusal lands on the form, and the supervisor's tables in their order.
import { pathToNamePath, userErrorText, type UserError } from '@cic/shared/userErrors';
import type { Locale } from '@cic/shared/locale';
import type { MessageKey } from '../i18n';

export const MAX_SNOOZE_DAYS = 90;
export const MAX_NOTE = 500;
export const MAX_CONTACT_AGE_DAYS = 30;
/** The server takes a contact up to ten minutes ahead of its clock (a device's clock drifts). */
export const CLOCK_SKEW_MS = 10 * 60_000;
/** How many reminders a tab of the inbox lists (`myReminders(first)`, at most 200). */
export const INBOX_SIZE = 200;
/** The supervisor's contact statistics cover this many days by default (today included). */
export const DEFAULT_STATS_DAYS = 30;

const DAY_MS = 24 * 3600_000;
const BEIJING_MS = 8 * 3600_000;

/** The day in Fujian (UTC+8) `days` after the instant `now`: "2026-12-04". */
export function beijingDay(now: number = Date.now(), days = 0): string {
  return new Date(now + BEIJING_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/** A day `days` after the day `day` (YYYY-MM-DD, calendar arithmetic). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The days a reminder may be snoozed until: after today, at most MAX_SNOOZE_DAYS ahead. */
export function snoozeBounds(today: string): { first: string; last: string } {
  return { first: addDays(today, 1), last: addDays(today, MAX_SNOOZE_DAYS) };
}

export function canSnoozeUntil(day: string | null | undefined, today: string): boolean {
  const { first, last } = snoozeBounds(today);
  return !!day && day >= first && day <= last;
}

/** A contact's time may be at most ten minutes ahead and at most 30 days back. */
export function contactTimeAllowed(at: number, now: number = Date.now()): boolean {
  return at <= now + CLOCK_SKEW_MS && at >= now - MAX_CONTACT_AGE_DAYS * DAY_MS;
}

export type ReminderAction = 'DONE' | 'SNOOZE' | 'DISMISS';

/** A problem found before sending: the form field and the message's key. */
export interface Problem {
  field: string;
  key: MessageKey;
  vars?: Record<string, string | number>;
}

const length = (s: string | null | undefined) => [...(s ?? '').trim()].length;

export function workProblems(values: { action: ReminderAction; until?: string | null; note?: string | null }, today: string): Problem[] {
  const problems: Problem[] = [];
  if (values.action === 'SNOOZE' && !canSnoozeUntil(values.until, today)) problems.push({ field: 'until', key: 'reminders.snoozeRange', vars: { n: MAX_SNOOZE_DAYS } });
  if (values.action === 'DISMISS' && !length(values.note)) problems.push({ field: 'note', key: 'reminders.reasonRequired' });
  if (length(values.note) > MAX_NOTE) problems.push({ field: 'note', key: 'reminders.noteTooLong', vars: { n: MAX_NOTE } });
  return problems;
}

export function contactProblems(values: { channel?: string | null; outcome?: string | null; contactedAt?: number | null; note?: string | null }, now: number = Date.now()): Problem[] {
  const problems: Problem[] = [];
  if (!values.channel) problems.push({ field: 'channel', key: 'contacts.channelRequired' });
  if (!values.outcome) problems.push({ field: 'outcome', key: 'contacts.outcomeRequired' });
  if (values.contactedAt === null || values.contactedAt === undefined) problems.push({ field: 'contactedAt', key: 'contacts.timeRequired' });
  else if (!contactTimeAllowed(values.contactedAt, now)) problems.push({ field: 'contactedAt', key: 'contacts.timeRange', vars: { n: MAX_CONTACT_AGE_DAYS } });
  if (length(values.note) > MAX_NOTE) problems.push({ field: 'note', key: 'reminders.noteTooLong', vars: { n: MAX_NOTE } });
  return problems;
}

/**
 * The API's refusals sorted onto a form: an error whose path names one of `fields` (`until`,
 * `input.note`) lands on that field, in the UI's language; the rest (the reminder is closed, the
 * contact's id is taken, the archive is not found) is said above the form.
 */
export function errorsOnForm(errors: readonly UserError[], fields: readonly string[], locale: Locale): { onFields: { name: string; errors: string[] }[]; general: string[] } {
  const onFields: { name: string; errors: string[] }[] = [];
  const general: string[] = [];
  for (const e of errors) {
    const text = userErrorText(e, locale);
    const name = e.field ? String(pathToNamePath(e.field)[0] ?? '') : '';
    if (!fields.includes(name)) {
      general.push(text);
      continue;
    }
    const entry = onFields.find((f) => f.name === name);
    if (entry) entry.errors.push(text);
    else onFields.push({ name, errors: [text] });
  }
  return { onFields, general };
}

export interface LoadRow {
  open: number;
  overdue: number;
  manager: { id: string; name: string; orgUnit?: { name: string } | null } | null;
}

/** The supervisor's load table: the most overdue first, then the most open, then by name
 * (archives without a manager last among equals). */
export function sortLoad<T extends LoadRow>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) => b.overdue - a.overdue || b.open - a.open || (a.manager ? 0 : 1) - (b.manager ? 0 : 1) || (a.manager?.name ?? '').localeCompare(b.manager?.name ?? '', 'zh'),
  );
}

export interface LoadTotals {
  open: number;
  overdue: number;
}

export function loadTotals(rows: readonly LoadRow[]): LoadTotals {
  return rows.reduce((sum, r) => ({ open: sum.open + r.open, overdue: sum.overdue + r.overdue }), { open: 0, overdue: 0 });
}

/** The share of a manager's open reminders that are overdue, in whole percent (0 with none open). */
export function overdueShare(row: { open: number; overdue: number }): number {
  return row.open ? Math.round((row.overdue / row.open) * 100) : 0;
}

/** The contact statistics' default period: the last DEFAULT_STATS_DAYS days, today included. */
export function defaultPeriod(now: number = Date.now()): [string, string] {
  const today = beijingDay(now);
  return [addDays(today, 1 - DEFAULT_STATS_DAYS), today];
}

/** The server answers a period of a day to a year (at most 366 days apart). */
export function periodAllowed([since, until]: readonly [string, string]): boolean {
  return since <= until && until <= addDays(since, 366);
}
