// The manager's reminders (提醒) and contacts (客户接触) in IndexedDB (tables `reminders` and
// `contacts`, docs/marketing.md). The inbox is the last `myReminders(status: OPEN)` list; what
// the manager does about a reminder (done, snooze, dismiss, or a contact logged for it) is kept
// on its row as `work` and takes it out of the open list at once, while the sync queue
// (src/lib/sync.ts, ops workReminder and logContact) sends it. A refusal puts the reminder back
// in the list with the server's message; working it again replaces the refused work. Contacts
// logged here keep their tablet-made id until the server has them (a replay stores one).
import type { ContactChannel, ContactFieldsFragment, ContactOutcome, ReminderFieldsFragment } from '../gql/graphql';
import type { LocalContact, LocalReminder, PadDatabase, QueueEntry, ReminderWork } from './db';
import type { FieldError } from './validate';

/** A snooze ends on a day after today and at most this many days ahead (the server's rule). */
export const MAX_SNOOZE_DAYS = 90;
/** A note (what was done, why dismissed, what came of a contact): at most this many characters. */
export const MAX_NOTE = 500;
/** How many open reminders the inbox keeps (myReminders' `first`, at most 200). */
export const INBOX_SIZE = 200;
/** A reminder closed on this tablet stays this long after (not in the inbox): the sync queue's
 * history names its customer by it. */
export const KEEP_CLOSED_MS = 7 * 24 * 3600 * 1000;

const two = (n: number) => String(n).padStart(2, '0');

/** The device's local day `days` after `from` (YYYY-MM-DD). */
export function localDay(from: Date = new Date(), days = 0): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** Open and past its due day (computed on the tablet: days go by offline too). */
export function isOverdue(r: Pick<LocalReminder, 'dueOn'>, today: string = localDay()): boolean {
  return r.dueOn < today;
}

type ServerSide = Omit<LocalReminder, 'work' | 'errors' | 'updatedAt'>;

/** The server's fields of a reminder. */
export function reminderFromServer(node: ReminderFieldsFragment): ServerSide {
  return {
    id: node.id,
    kind: node.kind,
    title: node.title,
    dueOn: node.dueOn,
    status: node.status,
    snoozedUntil: node.snoozedUntil,
    note: node.note,
    createdAt: node.createdAt,
    closedAt: node.closedAt,
    customerId: node.customer?.id ?? null,
    customerName: node.customer?.name ?? null,
  };
}

/** Waiting for the server: not refused (a refused one is back in the list, with the refusal). */
export const workPending = (r: LocalReminder) => r.work !== null && r.errors.length === 0;

/**
 * The inbox: the open reminders the manager has not worked on this tablet (a refused one is
 * back, with the refusal), the most urgent first (as the server orders them: due day, then age).
 */
export function inbox(rows: LocalReminder[]): LocalReminder[] {
  return rows
    .filter((r) => r.status === 'OPEN' && !workPending(r))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/**
 * The server's open reminders (a `myReminders(status: OPEN)` list fetched at `fetchedAt`) into
 * the table. A listed row keeps the manager's work on it; a row the list no longer has goes
 * unless work on it waits here (or was refused: the manager sees why), or the tablet closed it
 * less than KEEP_CLOSED_MS ago. A row written on the tablet after the list was fetched (work
 * kept, or the queue's answer landed) is left as it is.
 */
export async function storeReminders(db: PadDatabase, nodes: ReminderFieldsFragment[], fetchedAt: string, now = new Date().toISOString()): Promise<void> {
  const keepSince = new Date(Date.parse(fetchedAt) - KEEP_CLOSED_MS).toISOString();
  const gone = (r: LocalReminder) => r.work === null && r.updatedAt <= fetchedAt && (r.status === 'OPEN' || r.updatedAt < keepSince);
  await db.transaction('rw', db.reminders, async () => {
    const existing = new Map((await db.reminders.toArray()).map((r) => [r.id, r]));
    const listed = new Set(nodes.map((n) => n.id));
    await db.reminders.bulkDelete([...existing.values()].filter((r) => !listed.has(r.id) && gone(r)).map((r) => r.id));
    for (const node of nodes) {
      const row = existing.get(node.id);
      if (row && row.updatedAt > fetchedAt) continue;
      await db.reminders.put({ ...reminderFromServer(node), work: row?.work ?? null, errors: row?.errors ?? [], updatedAt: row?.updatedAt ?? now });
    }
  });
}

const error = (field: string, code: string, message: string, messageEn: string): FieldError => ({ field, code, message, messageEn });
const length = (s: string) => [...s].length;

/** What the manager asks of a reminder (DONE, SNOOZE until a day, DISMISS with a reason). */
export interface WorkDraft {
  action: 'DONE' | 'SNOOZE' | 'DISMISS';
  until: string | null;
  note: string;
}

/** The device checks of working a reminder, with the server's fields, codes and messages. */
export function validateWork(d: WorkDraft, today: string = localDay()): FieldError[] {
  const errors: FieldError[] = [];
  const last = localDay(new Date(`${today}T12:00:00`), MAX_SNOOZE_DAYS);
  if (d.action === 'SNOOZE' && (!d.until || d.until <= today || d.until > last)) {
    errors.push(error('until', 'SNOOZE_DATE', `请选择今天之后${MAX_SNOOZE_DAYS}天内的日期`, `snooze until a day within ${MAX_SNOOZE_DAYS} days after today`));
  }
  if (d.action === 'DISMISS' && !d.note.trim()) errors.push(error('note', 'REASON_REQUIRED', '忽略提醒须说明原因', 'say why the reminder is dismissed'));
  if (length(d.note.trim()) > MAX_NOTE) errors.push(error('note', 'TOO_LONG', `备注不能超过${MAX_NOTE}个字`, `the note is at most ${MAX_NOTE} characters`));
  return errors;
}

/** A contact as the form fills it in (the time is when it is saved: now). */
export interface ContactDraft {
  channel: ContactChannel | null;
  outcome: ContactOutcome | null;
  note: string;
}

export function validateContact(d: ContactDraft): FieldError[] {
  const errors: FieldError[] = [];
  if (!d.channel) errors.push(error('channel', 'REQUIRED', '请选择接触方式', 'choose how the customer was contacted'));
  if (!d.outcome) errors.push(error('outcome', 'REQUIRED', '请选择接触结果', 'choose what came of it'));
  if (length(d.note.trim()) > MAX_NOTE) errors.push(error('note', 'TOO_LONG', `备注不能超过${MAX_NOTE}个字`, `the note is at most ${MAX_NOTE} characters`));
  return errors;
}

const open = (e: QueueEntry) => e.state !== 'done' && e.state !== 'running';

/** Earlier work on the reminder that `next` replaces (it was refused, or never sent): a contact
 * the server does not have goes with its entry; a reminder entry goes when the next work is a
 * contact (a next DONE/SNOOZE/DISMISS wakes the same entry instead). */
async function replaceWork(db: PadDatabase, r: LocalReminder, next: ReminderWork['action']): Promise<void> {
  const earlier = r.work;
  if (earlier?.action === 'CONTACT') {
    const contact = await db.contacts.get(earlier.contactId);
    if (contact && !contact.synced) await db.contacts.delete(contact.id);
    await db.queue.filter((e) => e.op === 'logContact' && e.contactId === earlier.contactId && open(e)).delete();
  } else if (earlier && next === 'CONTACT') {
    await db.queue.filter((e) => e.op === 'workReminder' && e.reminderId === r.id && open(e)).delete();
  }
}

/** Keep the manager's DONE / SNOOZE / DISMISS of a reminder: it leaves the inbox at once. The
 * caller queues it (SyncEngine.enqueueReminderWork). Returns the reminder's customer id. */
export async function keepReminderWork(db: PadDatabase, reminderId: string, d: WorkDraft, now = new Date().toISOString()): Promise<string> {
  let customerId = '';
  await db.transaction('rw', db.reminders, db.contacts, db.queue, async () => {
    const r = await db.reminders.get(reminderId);
    if (!r) throw new Error('the reminder is not on this tablet');
    await replaceWork(db, r, d.action);
    const work: ReminderWork = { action: d.action, until: d.action === 'SNOOZE' ? d.until : null, note: d.note.trim() || null, at: now };
    await db.reminders.put({ ...r, work, errors: [], updatedAt: now });
    customerId = r.customerId ?? '';
  });
  return customerId;
}

/** What a contact logged here is made of (the id is the tablet's, a UUID): a LocalContact
 * without what only the server says (who logged it, whether it has it, its refusals). */
export type NewContact = Omit<LocalContact, 'staffName' | 'synced' | 'errors'>;

/** Keep a contact logged on the tablet; naming a reminder takes that reminder out of the inbox
 * (the server closes it with the contact). The caller queues it (SyncEngine.enqueueContact). */
export async function keepContact(db: PadDatabase, c: NewContact, now = new Date().toISOString()): Promise<void> {
  await db.transaction('rw', db.reminders, db.contacts, db.queue, async () => {
    await db.contacts.put({ ...c, note: c.note?.trim() || null, staffName: null, synced: false, errors: [] });
    if (!c.reminderId) return;
    const r = await db.reminders.get(c.reminderId);
    if (!r) return;
    await replaceWork(db, r, 'CONTACT');
    await db.reminders.put({ ...r, work: { action: 'CONTACT', contactId: c.id, at: now }, errors: [], updatedAt: now });
  });
}

/** A contact as the server has it. */
export function contactFromServer(node: ContactFieldsFragment, customerId: string): LocalContact {
  return {
    id: node.id,
    customerId,
    reminderId: node.reminderId,
    channel: node.channel,
    outcome: node.outcome,
    contactedAt: node.contactedAt,
    note: node.note,
    staffName: node.staff?.name ?? null,
    synced: true,
    errors: [],
  };
}

/** The server's contacts of one archive (`customerContacts`) into the table: its rows are
 * replaced by the list, one it no longer lists goes, contacts only on this tablet stay. */
export async function storeContacts(db: PadDatabase, customerId: string, nodes: ContactFieldsFragment[]): Promise<void> {
  await db.transaction('rw', db.contacts, async () => {
    const existing = await db.contacts.where('customerId').equals(customerId).toArray();
    const listed = new Set(nodes.map((n) => n.id));
    await db.contacts.bulkDelete(existing.filter((c) => c.synced && !listed.has(c.id)).map((c) => c.id));
    await db.contacts.bulkPut(nodes.map((n) => contactFromServer(n, customerId)));
  });
}

/** The manager gives up on a reminder's or a contact's queue entry that waits for them
 * (refused, or failed repeatedly): the work goes and the reminder is back in the inbox; a
 * contact the server does not have goes from the tablet. */
export async function discardReminderEntry(db: PadDatabase, entry: QueueEntry): Promise<void> {
  await db.transaction('rw', db.reminders, db.contacts, db.queue, async () => {
    if (entry.op === 'workReminder') {
      const r = await db.reminders.get(entry.reminderId ?? '');
      if (r?.work && r.work.action !== 'CONTACT') await db.reminders.put({ ...r, work: null, errors: [], updatedAt: new Date().toISOString() });
      await db.queue.filter((e) => e.op === 'workReminder' && e.reminderId === entry.reminderId && e.state !== 'done').delete();
      return;
    }
    const contactId = entry.contactId ?? '';
    const contact = await db.contacts.get(contactId);
    if (contact && !contact.synced) await db.contacts.delete(contactId);
    await db.queue.filter((e) => e.op === 'logContact' && e.contactId === contactId && e.state !== 'done').delete();
    const r = contact?.reminderId ? await db.reminders.get(contact.reminderId) : undefined;
    if (r?.work?.action === 'CONTACT' && r.work.contactId === contactId) await db.reminders.put({ ...r, work: null, errors: [], updatedAt: new Date().toISOString() });
  });
}
