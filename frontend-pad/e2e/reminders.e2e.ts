// The reminders inbox (提醒) in the village: fz1.cm1, whose inbox the demo's nightly job filled
// (archives returned, no longer precise, new members of a model ...), opens it, loses the
// network, logs a visit on one reminder (记录接触) and marks another done; both leave the open
// list at once, stay out across a reload with no network and wait in the queue; back online the
// queue drains, and the server has the contact once and both reminders closed.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiToken, gql, loginOnTablet, screenshot, useTablet, waitingInQueue } from './support';

const baseURL = inject('baseURL');
const CONTACT_NOTE = '上门走访，客户有意向申请农e贷';
const DONE_NOTE = '已电话核实，档案已补正';
/** What the inbox calls each kind (frontend-shared/src/labels.ts, ReminderKind). */
const KIND_LABELS: Record<string, string> = {
  MODEL: '模型提醒', GRADE_MIGRATION: '评级变动预警', QUOTA_EXPIRING: '额度即将到期', ID_EXPIRING: '身份证即将到期',
  ARCHIVE_RETURNED: '档案被退回', NOT_PRECISE: '档案不再精准', DEPOSIT_MATURING: '定期存款即将到期', APPROVAL_OVERDUE: '审批任务超时',
};

interface Reminder {
  id: string;
  kind: string;
  title: string;
  dueOn: string;
  overdue: boolean;
  note: string | null;
  customer: { id: string; name: string } | null;
}

let context: BrowserContext;
let page: Page;
let token: string;
let inbox: Reminder[];
let contacted: Reminder;
let done: Reminder;

const REMINDERS = 'query($s: ReminderStatus!) { myReminders(status: $s, first: 200) { id kind title dueOn overdue note customer { id name } } }';
const reminders = async (status: string): Promise<Reminder[]> => (await gql(baseURL, token, REMINDERS, { s: status })).myReminders;

beforeAll(async () => {
  token = await apiToken(baseURL, 'fz1.cm1');
  inbox = await reminders('OPEN');
  const withCustomer = inbox.filter((r) => r.customer);
  // Two of the demo's reminders, of two kinds where there are.
  contacted = withCustomer[0];
  done = withCustomer.find((r) => r !== contacted && r.kind !== contacted?.kind) ?? withCustomer[1];
  if (!contacted || !done) throw new Error(`fz1.cm1 needs two open reminders of archives in the demo data, has ${inbox.length}`);
  const contacts = await gql(baseURL, token, 'query($c: ID!) { customerContacts(customerId: $c) { reminderId } }', { c: contacted.customer!.id });
  expect(contacts.customerContacts.filter((c: { reminderId: string | null }) => c.reminderId === contacted.id)).toEqual([]);
});

useTablet(baseURL, (tablet) => ({ context, page } = tablet));

const item = (r: Reminder) => page.locator(`[data-testid=reminder][data-reminder-id="${r.id}"]`);
const tab = () => page.getByTestId('tab-reminders');
const list = () => page.getByTestId('reminders');

describe('the reminders inbox on the PAD', () => {
  it('shows the open reminders with their kind, due day and customer, at tablet sizes', async () => {
    await loginOnTablet(page, 'fz1.cm1');
    await page.waitForFunction(() => document.documentElement.dataset.cache === 'ready', null, { timeout: 60_000 });
    // The badge counts the inbox before it is opened.
    await expect.poll(() => tab().getAttribute('data-count')).toBe(String(inbox.length));
    expect(await tab().locator('.adm-badge').textContent()).toBe(String(inbox.length));
    await tab().click();
    await expect.poll(() => list().getAttribute('data-count')).toBe(String(inbox.length));
    const shown = await page.getByTestId('reminder').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-reminder-id')));
    expect(shown).toEqual(inbox.map((r) => r.id)); // the server's order: the most urgent first
    for (const r of inbox) {
      const card = item(r);
      expect(await card.getByTestId('reminder-kind').textContent()).toBe(KIND_LABELS[r.kind]);
      expect(await card.getByTestId('reminder-title').textContent()).toBe(r.title);
      expect(await card.getByTestId('reminder-due').textContent()).toBe(`${r.dueOn} 到期`);
      expect(await card.getAttribute('data-overdue')).toBe(String(r.overdue));
      expect(await card.getByTestId('reminder-overdue').count()).toBe(r.overdue ? 1 : 0);
      if (r.customer) expect(await card.getByTestId('reminder-customer').textContent()).toBe(r.customer.name);
      expect(await card.textContent()).not.toMatch(/[A-Z]{2,}_[A-Z]{2,}/); // labels, never codes
    }
    await screenshot(page, 'reminders', [{ width: 1024, height: 768 }]);

    // Landscape and portrait: every button of the inbox is a touch target of at least 44 px, and
    // the actions stay on the screen.
    for (const size of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
      await page.setViewportSize(size);
      await page.waitForFunction(({ width, height }) => window.innerWidth === width && window.innerHeight === height, size);
      const problems = await page.locator('.reminder .adm-button, .reminder button.link, .adm-tabs-tab').evaluateAll((nodes) =>
        nodes
          .map((n) => ({ text: (n.textContent || '').trim().slice(0, 20), rect: n.getBoundingClientRect() }))
          .filter(({ rect }) => rect.width > 0 && (rect.height < 43.5 || rect.right > window.innerWidth))
          .map(({ text, rect }) => `${text}: ${Math.round(rect.width)}x${Math.round(rect.height)} at ${Math.round(rect.left)}`),
      );
      expect(problems, `${size.width}x${size.height}`).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('logs a contact on one reminder and marks another done while offline: both leave the list at once', async () => {
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('false');

    await item(contacted).getByTestId('reminder-contact').click();
    const form = page.getByTestId('contact-form');
    await form.waitFor();
    expect(await form.locator('.sheet-title').textContent()).toBe(`记录接触：${contacted.customer!.name}`);
    // The device checks, in Chinese, before anything is kept.
    await form.getByTestId('contact-save').click();
    await expect.poll(() => form.locator('.field-error').allTextContents()).toEqual(['请选择接触方式', '请选择接触结果']);
    await form.locator('#f-contact-channel .adm-selector-item', { hasText: '上门走访' }).click();
    await form.locator('#f-contact-outcome .adm-selector-item', { hasText: '有意向' }).click();
    await form.locator('textarea#f-contact-note').fill(CONTACT_NOTE);
    await expect.poll(() => form.locator('.field-error').count()).toBe(0);
    await form.getByTestId('contact-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => item(contacted).count()).toBe(0);

    await item(done).getByTestId('reminder-done').click();
    const sheet = page.getByTestId('reminder-form');
    await sheet.waitFor();
    expect(await sheet.getAttribute('data-action')).toBe('DONE');
    await sheet.locator('textarea#f-reminder-note').fill(DONE_NOTE);
    await sheet.getByTestId('reminder-confirm').click();
    await sheet.waitFor({ state: 'detached' });
    await expect.poll(() => item(done).count()).toBe(0);

    const left = String(inbox.length - 2);
    await expect.poll(() => list().getAttribute('data-count')).toBe(left);
    expect(await tab().getAttribute('data-count')).toBe(left);
    await expect.poll(() => waitingInQueue(page)).toBe(2);
    // Nothing has left the tablet.
    expect((await reminders('OPEN')).map((r) => r.id)).toEqual(expect.arrayContaining([contacted.id, done.id]));

    // The app reloaded on the tab with no network: the tab's address stays in the service
    // worker's scope (/pad/?tab=..., not /pad?tab=...), so it comes from the worker; still out of
    // the list, still queued.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/pad/?tab=reminders');
    await page.reload();
    await expect.poll(() => list().getAttribute('data-count')).toBe(left);
    expect(await item(contacted).count()).toBe(0);
    expect(await item(done).count()).toBe(0);
    await page.getByTestId('tab-queue').click();
    const queued = page.locator('[data-testid=queue-item]');
    await expect.poll(() => queued.count()).toBe(2);
    expect(await queued.evaluateAll((items) => items.map((i) => [i.getAttribute('data-op'), i.querySelector('.queue-op')?.textContent]).reverse())).toEqual([
      ['logContact', '记录接触'],
      ['workReminder', '处理提醒'],
    ]);
    expect(await page.locator('[data-testid=queue-item][data-op=logContact] .queue-archive').textContent()).toBe(contacted.customer!.name);
  });

  it('sends both when the network is back: the contact once, both reminders closed', async () => {
    await context.setOffline(false);
    await expect.poll(() => waitingInQueue(page), { timeout: 60_000 }).toBe(0);
    const order = await page.locator('[data-testid=queue-item][data-state=done]').evaluateAll((items) => items.map((i) => i.getAttribute('data-op')).reverse());
    expect(order).toEqual(['logContact', 'workReminder']);
    await expect.poll(() => page.getByTestId('sync-status').textContent()).toBe('全部已同步');

    const open = (await reminders('OPEN')).map((r) => r.id);
    expect(open).not.toContain(contacted.id);
    expect(open).not.toContain(done.id);
    const closed = new Map((await reminders('DONE')).map((r) => [r.id, r]));
    expect(closed.get(contacted.id)?.note).toBe(CONTACT_NOTE); // closed by the contact, with its note
    expect(closed.get(done.id)?.note).toBe(DONE_NOTE);

    const contacts = await gql(baseURL, token, 'query($c: ID!) { customerContacts(customerId: $c) { id channel outcome note reminderId staff { username } } }', { c: contacted.customer!.id });
    const ours = contacts.customerContacts.filter((c: { reminderId: string | null }) => c.reminderId === contacted.id);
    expect(ours).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), channel: 'VISIT', outcome: 'INTERESTED', note: CONTACT_NOTE, reminderId: contacted.id, staff: { username: 'fz1.cm1' } }]);

    // The inbox, refreshed online, agrees with the server.
    await page.getByTestId('tab-reminders').click();
    await expect.poll(() => list().getAttribute('data-count')).toBe(String(open.length));
  });
});
