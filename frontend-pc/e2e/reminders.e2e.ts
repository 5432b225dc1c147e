// 我的提醒 and 提醒督办 (docs/marketing.md) against the e2e server's demo data: fz1.cm1, whose inbox
// the demo's nightly job filled (archives returned, no longer precise, new members of a model ...),
// opens 我的提醒, logs a visit for one reminder (记录接触: it leaves 待处理 and shows under 已完成
// with the visit's note) and snoozes another (it shows under 稍后提醒 with its day). The branch
// manager, fz1.manager, opens 提醒督办 and reads the manager's open and overdue reminders and
// contacts as the API counts them.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enumLabel } from '@cic/shared/labels';
import { apiToken, gql, graphqlResponse, loginAs, logout, screenshot, usePage } from './support';

const baseURL = inject('baseURL');
const NOTE = '上门走访，客户有意向申请农e贷';
interface Reminder {
  id: string;
  kind: string;
  title: string;
  dueOn: string;
  overdue: boolean;
  status: string;
  snoozedUntil: string | null;
  note: string | null;
  customer: { id: string; name: string } | null;
}

interface Load {
  open: number;
  overdue: number;
  manager: { username: string; name: string; orgUnit: { name: string } | null } | null;
}

let page: Page;
let token: string;
let inbox: Reminder[];
let contacted: Reminder;
let snoozed: Reminder;

const REMINDERS = 'query($s: ReminderStatus!) { myReminders(status: $s, first: 200) { id kind title dueOn overdue status snoozedUntil note customer { id name } } }';
const reminders = async (status: string): Promise<Reminder[]> => (await gql(baseURL, token, REMINDERS, { s: status })).myReminders;
const LOAD = '{ reminderLoad { open overdue manager { username name orgUnit { name } } } }';
const STATS = 'query($s: Date!, $u: Date!) { contactStats(since: $s, until: $u) { contacts customers staff { username } } }';

beforeAll(async () => {
  token = await apiToken(baseURL, 'fz1.cm1');
  inbox = await reminders('OPEN');
  // Two of the first page's reminders of archives, of two kinds where there are.
  const withCustomer = inbox.slice(0, 20).filter((r) => r.customer);
  contacted = withCustomer[0];
  snoozed = withCustomer.find((r) => r !== contacted && r.kind !== contacted?.kind) ?? withCustomer[1];
  if (!contacted || !snoozed) throw new Error(`fz1.cm1 needs two open reminders of archives in the demo data, has ${inbox.length}`);
});

usePage(baseURL, (opened) => (page = opened));

const row = (table: string, r: Reminder) => page.getByTestId(table).locator(`tr[data-reminder-id="${r.id}"]`);

/** Beijing's day `days` from now (the server counts days in Fujian time). */
const beijingDay = (days = 0) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('reminders on the PC', () => {
  it('a customer manager logs a contact for one reminder and snoozes another', async () => {
    await loginAs(page, 'fz1.cm1');
    await page.getByTestId('main-menu').getByText('我的提醒', { exact: true }).click();
    await page.waitForURL('**/pc/reminders');
    const open = page.getByTestId('reminders-open');
    // The server's order, the most urgent first: the first page of 20.
    const shown = () => open.locator('tr[data-testid=reminder-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reminder-id')));
    await expect.poll(shown).toEqual(inbox.slice(0, 20).map((r) => r.id));
    await expect.poll(() => page.getByTestId('reminder-tab-open').getAttribute('data-count')).toBe(String(inbox.length));
    for (const r of inbox.slice(0, 20)) {
      const cells = row('reminders-open', r);
      expect(await cells.getByTestId('reminder-kind').textContent()).toBe(enumLabel('ReminderKind', r.kind, 'zh'));
      expect(await cells.getByTestId('reminder-title').textContent()).toBe(r.title);
      expect(await cells.getByTestId('reminder-due').getAttribute('data-overdue')).toBe(String(r.overdue));
      expect(await cells.getByTestId('reminder-overdue').count()).toBe(r.overdue ? 1 : 0);
      if (r.customer) expect(await cells.getByTestId('reminder-customer').textContent()).toBe(r.customer.name);
    }
    expect(await open.textContent()).not.toMatch(/[A-Z]{2,}_[A-Z]{2,}|\bOPEN\b|\bMODEL\b/); // labels, never codes
    expect(await row('reminders-open', contacted).getByTestId('reminder-customer').getAttribute('href')).toBe(`/pc/archives/${contacted.customer!.id}`);

    await page.mouse.move(700, 120);
    await screenshot(page, 'reminders');

    // 记录接触: checked here first, in Chinese, then sent once and the reminder is done.
    await row('reminders-open', contacted).getByTestId('reminder-contact').click();
    const dialog = page.getByTestId('contact-dialog').locator('.ant-modal');
    await dialog.waitFor();
    expect(await dialog.locator('.ant-modal-title').textContent()).toBe(`记录接触：${contacted.customer!.name}`);
    await page.locator('#contact-save').click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['请选择接触方式', '请选择接触结果']);
    await dialog.getByText('上门走访', { exact: true }).click();
    await dialog.getByText('有意向', { exact: true }).click();
    await dialog.locator('#contact_note').fill(NOTE);
    const logged = graphqlResponse(page, 'LogContact');
    await page.locator('#contact-save').click();
    const payload = (await (await logged).json()).data.logContact;
    expect(payload.errors).toEqual([]);
    expect(payload.contact).toMatchObject({ channel: 'VISIT', outcome: 'INTERESTED', note: NOTE, reminderId: contacted.id });
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row('reminders-open', contacted).count()).toBe(0);

    // 稍后提醒 until a week from today.
    await row('reminders-open', snoozed).getByTestId('reminder-snooze').click();
    const work = page.getByTestId('reminder-dialog').locator('.ant-modal');
    await work.waitFor();
    await work.getByTestId('snooze-day').filter({ hasText: '7天后' }).click();
    const worked = graphqlResponse(page, 'WorkReminder');
    await page.locator('#reminder-confirm').click();
    const answer = (await (await worked).json()).data.workReminder;
    expect(answer.errors).toEqual([]);
    expect(answer.reminder).toMatchObject({ id: snoozed.id, status: 'SNOOZED', snoozedUntil: beijingDay(7) });
    await work.waitFor({ state: 'hidden' });
    await expect.poll(() => row('reminders-open', snoozed).count()).toBe(0);
    await expect.poll(() => page.getByTestId('reminder-tab-open').getAttribute('data-count')).toBe(String(inbox.length - 2));

    // The server has both: the reminder closed by the contact, the other snoozed.
    const done = await reminders('DONE');
    expect(done.find((r) => r.id === contacted.id)).toMatchObject({ status: 'DONE', note: NOTE });
    expect((await reminders('SNOOZED')).find((r) => r.id === snoozed.id)).toMatchObject({ snoozedUntil: beijingDay(7) });
    const contacts = await gql(baseURL, token, 'query($c: ID!) { customerContacts(customerId: $c) { reminderId note } }', { c: contacted.customer!.id });
    expect(contacts.customerContacts.filter((c: { reminderId: string | null }) => c.reminderId === contacted.id)).toEqual([{ reminderId: contacted.id, note: NOTE }]);

    // 已完成 and 稍后提醒 list them.
    await page.getByTestId('reminder-tab-done').click();
    await row('reminders-done', contacted).waitFor();
    expect(await row('reminders-done', contacted).getByTestId('reminder-note').textContent()).toBe(NOTE);
    await page.getByTestId('reminder-tab-snoozed').click();
    await row('reminders-snoozed', snoozed).waitFor();
    expect(await row('reminders-snoozed', snoozed).getByTestId('reminder-snoozed-until').textContent()).toBe(beijingDay(7));

    await page.getByTestId('reminder-tab-open').click();
    await expect.poll(shown).toEqual(inbox.filter((r) => r !== contacted && r !== snoozed).slice(0, 20).map((r) => r.id));

    // The archive's 客户接触 tab has the visit.
    await page.goto(`/pc/archives/${contacted.customer!.id}`);
    await page.getByTestId('detail-tabs').getByText('客户接触', { exact: true }).click();
    const contactRow = page.getByTestId('customer-contacts').locator('tr[data-testid=contact-row]').filter({ hasText: NOTE });
    await contactRow.waitFor();
    expect(await contactRow.textContent()).toMatch(/上门走访.*有意向.*来自提醒/);
    await logout(page);
  });

  it("a branch manager reads the manager's open and overdue reminders and contacts in 提醒督办", async () => {
    const manager = await apiToken(baseURL, 'fz1.manager');
    const load: Load[] = (await gql(baseURL, manager, LOAD)).reminderLoad;
    const cm = load.find((l) => l.manager?.username === 'fz1.cm1');
    expect(cm, 'fz1.cm1 in reminderLoad').toBeTruthy();
    // Not yet done or dismissed: the open ones and the snoozed one.
    expect(cm!.open).toBe((await reminders('OPEN')).length + (await reminders('SNOOZED')).length);
    expect(cm!.open).toBe(inbox.length - 1);
    const stats = (await gql(baseURL, manager, STATS, { s: beijingDay(-29), u: beijingDay() })).contactStats;
    const cmStats = stats.find((s: { staff: { username: string } | null }) => s.staff?.username === 'fz1.cm1');
    expect(cmStats.contacts).toBeGreaterThanOrEqual(1);

    await loginAs(page, 'fz1.manager');
    await page.getByTestId('main-menu').getByText('提醒督办', { exact: true }).click();
    await page.waitForURL('**/pc/reminders/supervision');
    const loadRow = page.getByTestId('reminder-load').locator(`tr[data-manager="${cm!.manager!.name}"]`);
    await loadRow.waitFor();
    expect(await loadRow.getByTestId('load-open').textContent()).toBe(String(cm!.open));
    expect(await loadRow.getByTestId('load-overdue').textContent()).toBe(String(cm!.overdue));
    expect(await loadRow.getByTestId('load-unit').textContent()).toBe(cm!.manager!.orgUnit!.name);
    expect(await loadRow.getAttribute('class')).toContain(cm!.overdue ? 'cic-row-error' : 'ant-table-row');
    // The most overdue first.
    const overdue = await page.getByTestId('reminder-load').getByTestId('load-overdue').allTextContents();
    expect(overdue.map(Number)).toEqual([...overdue.map(Number)].sort((a, b) => b - a));
    const statsRow = page.getByTestId('contact-stats').locator(`tr[data-staff="${cm!.manager!.name}"]`);
    await statsRow.waitFor();
    expect(await statsRow.getByTestId('stats-contacts').textContent()).toBe(String(cmStats.contacts));
    expect(await statsRow.getByTestId('stats-customers').textContent()).toBe(String(cmStats.customers));
    expect(await page.locator('.cic-content').textContent()).not.toMatch(/[A-Z]{2,}_[A-Z]{2,}/);
    await logout(page);
  });
});
