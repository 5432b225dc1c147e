// The sync queue: replays what was collected offline, in order, when the network is there.
//
// Entries (table `queue`, ordered by `seq`): saveArchive (create with the tablet's UUID, or
// update with the version the edit is based on), uploadPhoto (with the photo's clientUploadId)
// and submitArchive. Per archive, saves and submits run one after another; a photo waits until
// its archive exists on the server (one taken before the archive's first save goes right after
// that save, in the same pass: `sendOrder`). A send that fails on the network or with a server error is
// retried with exponential backoff (2 s .. 60 s, jittered): for want of network without end, for
// any other failure MAX_FAILURES times, then the entry stops (`failed`) and asks the manager to
// retry or discard it. A version conflict or a refused archive stops that archive's entries
// until the manager acts (fix, resolve or discard). Entries found `running` after a
// reload are sent again: the archive's UUID and the photo's clientUploadId make the replay
// harmless (the server answers DUPLICATE_ARCHIVE naming our own id / `duplicate: true`).
//
// submitApplication sends a quota application filled in on the tablet, with the tablet's UUID
// (a retried send returns the same application). It waits until its archive is on the server,
// runs beside the archive's own entries (a refused application holds up nothing else), and a
// refusal (NOT_PRECISE, OVER_REASON_REQUIRED ...) is kept on the application with the server's
// messages until the manager fixes and sends it again, or discards it.
//
// workReminder and logContact send what the manager did about a reminder (done, snoozed,
// dismissed) and the contacts logged with a customer (the contact's id made on the tablet, so a
// replay answers the first one and stores nothing; naming a reminder closes it). Each runs on
// its own, in queue order, with the same retries; the payload waits in IndexedDB (the
// reminder's `work`, the contact's row: src/lib/reminderStore.ts). A DONE or DISMISS answered
// REMINDER_CLOSED is done (a replay whose first answer was lost, or closed meanwhile); any other
// refusal is kept with the server's messages and put to the manager.
import { NetworkError, SessionExpiredError } from '@cic/shared/graphql';
import type {
  ArchiveBusinessFieldsFragment,
  ArchiveRatingFieldsFragment,
  ArchiveTransitionInput,
  ContactFieldsFragment,
  CreateArchiveInput,
  ImageFieldsFragment,
  LogContactInput,
  ReminderFieldsFragment,
  SubmitApplicationInput,
  UpdateArchiveInput,
  UploadImageInput,
  WorkReminderInput,
} from '../gql/graphql';
import { toArchiveInput, toConsentInput, toExtraFieldInputs, type ServerArchive } from './archive';
import { toSubmitInput, type ServerApplication } from './application';
import { mergeServerCopy, type LocalArchive, type PadDatabase, type QueueEntry, type QueueOp, type QueueState } from './db';
import { contactFromServer, reminderFromServer } from './reminderStore';
import type { FieldError, } from './validate';

/** What submitArchive answers (ArchiveTransitionPayload). */
export interface ArchiveTransitionPayloadLike {
  customer: ServerArchive | null;
  errors: FieldError[];
  conflict: { serverVersion: number; current: ServerArchive } | null;
  violations: { code: string; severity: string; message: string; messageEn: string }[];
}

/** What createArchive and updateArchive answer (ArchivePayload): also the archive a duplicate
 * ID number belongs to. */
export interface ArchivePayloadLike extends ArchiveTransitionPayloadLike {
  duplicateOf: string | null;
}

export interface UploadPayloadLike {
  image: ImageFieldsFragment | null;
  duplicate: boolean;
  errors: FieldError[];
}

/** What submitApplication answers (ApplicationPayload). */
export interface ApplicationPayloadLike {
  application: ServerApplication | null;
  errors: FieldError[];
}

/** What workReminder answers (ReminderPayload). */
export interface ReminderPayloadLike {
  reminder: ReminderFieldsFragment | null;
  errors: FieldError[];
}

/** What logContact answers (ContactPayload). */
export interface ContactPayloadLike {
  contact: ContactFieldsFragment | null;
  errors: FieldError[];
}

export interface SyncApi {
  createArchive(input: CreateArchiveInput): Promise<ArchivePayloadLike>;
  updateArchive(input: UpdateArchiveInput): Promise<ArchivePayloadLike>;
  submitArchive(input: ArchiveTransitionInput): Promise<ArchiveTransitionPayloadLike>;
  fetchArchive(id: string): Promise<(ServerArchive & Partial<ArchiveBusinessFieldsFragment> & Partial<ArchiveRatingFieldsFragment> & { images?: ImageFieldsFragment[] }) | null>;
  uploadImage(input: UploadImageInput, file: Blob, fileName: string): Promise<UploadPayloadLike>;
  fetchImage(id: string): Promise<ImageFieldsFragment | null>;
  fetchBlob(url: string): Promise<Blob>;
  submitApplication(input: SubmitApplicationInput): Promise<ApplicationPayloadLike>;
  workReminder(input: WorkReminderInput): Promise<ReminderPayloadLike>;
  logContact(input: LogContactInput): Promise<ContactPayloadLike>;
}

// The network is not there (fetch failed, offline): retry later, stop this pass. The session
// ended (refresh token expired or revoked): wait for a new login. Both come from the client.
export { NetworkError, SessionExpiredError };

/** The server could not do it this time (its storage is down): try again later. */
class RetryableRefusal extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export interface SyncStatus {
  running: boolean;
  current: { op: QueueOp; archiveId: string } | null;
  /** entries finished since the queue last became empty */
  done: number;
  /** entries waiting (pending, retrying, blocked) */
  waiting: number;
  offline: boolean;
  sessionExpired: boolean;
  nextRetryAt: number | null;
  lastError: string | null;
}

type Outcome = 'done' | 'conflict' | 'rejected' | 'retry' | 'wait';

const OPEN_STATES = ['pending', 'running', 'retry', 'conflict', 'rejected', 'failed'] as const;
/** States that wait for the manager: nothing in them is sent again by itself. */
export const ATTENTION_STATES: readonly QueueState[] = ['conflict', 'rejected', 'failed'];
/** Failed sends (other than for want of network) after which an entry stops and asks. */
export const MAX_FAILURES = 5;

export interface QueueSummary {
  /** entries finished (of those given) */
  done: number;
  /** entries that will go by themselves */
  waiting: number;
  /** entries that wait for the manager (需处理) */
  attention: number;
  /** the earliest time a waiting entry is tried again, when one waits for its retry; never a
   * time for an entry already sent */
  nextRetryAt: number | null;
}

/** What the top bar and the queue tab say about the queue, counted from the entries they show,
 * so the counts always match the list: done, waiting by themselves, waiting for the manager. */
export function queueSummary(entries: QueueEntry[], now: number = Date.now()): QueueSummary {
  const open = entries.filter((e) => e.state !== 'done');
  const attention = open.filter((e) => ATTENTION_STATES.includes(e.state)).length;
  const retries = open.filter((e) => e.state === 'retry' && e.nextAttemptAt > now).map((e) => e.nextAttemptAt);
  return { done: entries.length - open.length, waiting: open.length - attention, attention, nextRetryAt: retries.length ? Math.min(...retries) : null };
}

/** The cache row with the last time the tablet and the server exchanged something (an entry
 * sent, or the refresh at login / back online): the top bar's "上次同步". */
export const LAST_SYNCED_KEY = 'lastSyncedAt';

/**
 * The order a pass goes through the open entries: queue order (`seq`), except that a photo upload
 * or an application goes right after the last waiting save of its archive. A photo taken on a new
 * archive before its first save is queued before the save that creates the archive on the server;
 * sent in plain queue order it would find no archive, wait, and go only on the next pass. Moved
 * behind the save, it goes in the same pass, once the archive exists (and before a submit queued
 * with the save, so the server checks the archive with its photos). No id needs translating: the
 * archive's id is the tablet's UUID, kept by the server (`createArchive({id})`).
 */
export function sendOrder(entries: QueueEntry[]): QueueEntry[] {
  const sorted = [...entries].sort((a, b) => a.seq! - b.seq!);
  const lastSave = new Map<string, number>();
  sorted.forEach((e, i) => {
    if (e.op === 'saveArchive') lastSave.set(e.archiveId, i);
  });
  const after = new Map<number, QueueEntry[]>();
  const order: QueueEntry[] = [];
  sorted.forEach((e, i) => {
    const save = lastSave.get(e.archiveId);
    if ((e.op === 'uploadPhoto' || e.op === 'submitApplication') && save !== undefined && save > i) {
      after.set(save, [...(after.get(save) ?? []), e]);
      return;
    }
    order.push(e, ...(after.get(i) ?? []));
  });
  return order;
}

export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(60_000, 2_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The code of a failure (the API's error code, HTTP_5xx ...), never its English message. */
function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : 'UNKNOWN';
}

export class SyncEngine {
  private pass: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<(s: SyncStatus) => void>();
  status: SyncStatus = { running: false, current: null, done: 0, waiting: 0, offline: false, sessionExpired: false, nextRetryAt: null, lastError: null };

  constructor(
    private readonly db: PadDatabase,
    private readonly api: SyncApi,
    private readonly options: { now?: () => number; random?: () => number; schedule?: boolean } = {},
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  subscribe(listener: (s: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  private update(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    this.listeners.forEach((l) => l(this.status));
  }

  // -- adding work -----------------------------------------------------------------------------

  private entry(op: QueueOp, archiveId: string, photoId: string | null = null, applicationId: string | null = null): QueueEntry {
    return { op, archiveId, photoId, applicationId, state: 'pending', attempts: 0, failures: 0, nextAttemptAt: 0, lastError: null, createdAt: new Date(this.now()).toISOString(), doneAt: null };
  }

  /** Queue the archive's current draft. One waiting save per archive is enough: it sends the
   * draft as it is when it runs. A refused, failed or retrying one is woken up (the manager
   * fixed it, or saved again). */
  async enqueueSave(archiveId: string): Promise<void> {
    await this.db.transaction('rw', this.db.queue, async () => {
      const waiting = (await this.db.queue.where({ archiveId, op: 'saveArchive' }).toArray()).find((e) => ['pending', 'retry', 'rejected', 'failed'].includes(e.state));
      if (waiting) await this.db.queue.update(waiting.seq!, { state: 'pending', nextAttemptAt: 0, failures: 0, lastError: null });
      else if (!(await this.db.queue.where({ archiveId, op: 'saveArchive' }).toArray()).some((e) => e.state === 'conflict')) await this.db.queue.add(this.entry('saveArchive', archiveId));
    });
  }

  async enqueuePhoto(archiveId: string, photoId: string): Promise<void> {
    await this.db.queue.add(this.entry('uploadPhoto', archiveId, photoId));
  }

  async enqueueSubmit(archiveId: string): Promise<void> {
    await this.db.transaction('rw', this.db.queue, async () => {
      const open = (await this.db.queue.where({ archiveId, op: 'submitArchive' }).toArray()).find((e) => e.state !== 'done');
      if (open) await this.db.queue.update(open.seq!, { state: 'pending', nextAttemptAt: 0, failures: 0, lastError: null });
      else await this.db.queue.add(this.entry('submitArchive', archiveId));
    });
  }

  /** Queue the application's current draft (filled in, or fixed after a refusal): one open
   * entry per application, woken when it waited for the manager. */
  async enqueueApplication(archiveId: string, applicationId: string): Promise<void> {
    await this.db.transaction('rw', this.db.queue, async () => {
      const open = (await this.db.queue.where({ archiveId, op: 'submitApplication' }).toArray()).find((e) => e.applicationId === applicationId && e.state !== 'done');
      if (open) {
        if (open.state !== 'running') await this.db.queue.update(open.seq!, { state: 'pending', nextAttemptAt: 0, failures: 0, lastError: null });
      } else await this.db.queue.add(this.entry('submitApplication', archiveId, null, applicationId));
    });
  }

  /** Queue the manager's work on a reminder (LocalReminder.work, kept first): one open entry per
   * reminder, woken when it waited for the manager (a refused snooze given another day). */
  async enqueueReminderWork(customerId: string, reminderId: string): Promise<void> {
    await this.db.transaction('rw', this.db.queue, async () => {
      const open = (await this.db.queue.where({ archiveId: customerId, op: 'workReminder' }).toArray()).find((e) => e.reminderId === reminderId && e.state !== 'done');
      if (open) {
        if (open.state !== 'running') await this.db.queue.update(open.seq!, { state: 'pending', nextAttemptAt: 0, failures: 0, lastError: null });
      } else await this.db.queue.add({ ...this.entry('workReminder', customerId), reminderId });
    });
  }

  /** Queue a contact logged on the tablet (LocalContact, kept first). */
  async enqueueContact(customerId: string, contactId: string): Promise<void> {
    await this.db.transaction('rw', this.db.queue, async () => {
      const open = (await this.db.queue.where({ archiveId: customerId, op: 'logContact' }).toArray()).find((e) => e.contactId === contactId && e.state !== 'done');
      if (open) {
        if (open.state !== 'running') await this.db.queue.update(open.seq!, { state: 'pending', nextAttemptAt: 0, failures: 0, lastError: null });
      } else await this.db.queue.add({ ...this.entry('logContact', customerId), contactId });
    });
  }

  /** After a reload: whatever was in flight is sent again (idempotent by design). */
  async resume(): Promise<void> {
    await this.db.queue.where('state').equals('running').modify({ state: 'pending' });
  }

  /** The manager resolved a conflict: the archive's save goes again with the server version. */
  async conflictResolved(archiveId: string): Promise<void> {
    await this.db.queue.where({ archiveId, op: 'saveArchive' }).filter((e) => e.state === 'conflict').modify({ state: 'pending', nextAttemptAt: 0, lastError: null });
  }

  /** The manager asks to try a stopped (failed) or refused entry again. */
  async retryEntry(seq: number): Promise<void> {
    await this.db.queue.update(seq, { state: 'pending', nextAttemptAt: 0, failures: 0, lastError: null });
    return this.run();
  }

  /** Retry everything now (the network came back, or the manager asked). */
  async retryNow(): Promise<void> {
    await this.db.queue.where('state').equals('retry').modify({ nextAttemptAt: 0 });
    this.update({ offline: false });
    return this.run();
  }

  /** Drop finished entries older than the newest `keep`. */
  async prune(keep = 100): Promise<void> {
    const done = await this.db.queue.where('state').equals('done').reverse().sortBy('seq');
    await this.db.queue.bulkDelete(done.slice(keep).map((e) => e.seq!));
  }

  // -- running ---------------------------------------------------------------------------------

  /** Single-flight: a call while a pass runs makes it go round once more. */
  run(): Promise<void> {
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = (async () => {
      this.update({ running: true, sessionExpired: false });
      try {
        do {
          this.again = false;
          await this.runPass();
        } while (this.again);
        await this.pollProcessing();
      } finally {
        this.pass = null;
        const waiting = await this.db.queue.where('state').anyOf([...OPEN_STATES]).count();
        // Nothing waits for a retry any more (sent meanwhile): no retry time is announced.
        const retrying = await this.db.queue.where('state').equals('retry').count();
        this.update({ running: false, current: null, waiting, done: waiting === 0 ? 0 : this.status.done, ...(retrying === 0 ? { nextRetryAt: null } : {}) });
      }
    })();
    return this.pass;
  }

  private scheduleAt(at: number): void {
    if (this.options.schedule === false) return;
    if (this.status.nextRetryAt !== null && this.status.nextRetryAt <= at && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    this.update({ nextRetryAt: at });
    this.timer = setTimeout(() => {
      this.timer = null;
      this.update({ nextRetryAt: null });
      void this.run();
    }, Math.max(0, at - this.now()));
  }

  private async runPass(): Promise<void> {
    const entries = sendOrder(await this.db.queue.where('state').anyOf([...OPEN_STATES]).toArray());
    this.update({ waiting: entries.length });
    const blocked = new Set<string>();
    for (const e of entries) {
      // Saves and submits of an archive go one after another; photos, applications, reminders'
      // work and contacts each on their own.
      const archiveOp = e.op === 'saveArchive' || e.op === 'submitArchive';
      if (archiveOp && blocked.has(e.archiveId)) continue;
      if (ATTENTION_STATES.includes(e.state)) {
        if (archiveOp) blocked.add(e.archiveId);
        continue;
      }
      if (e.state === 'retry' && e.nextAttemptAt > this.now()) {
        if (archiveOp) blocked.add(e.archiveId);
        this.scheduleAt(e.nextAttemptAt);
        continue;
      }
      if (e.op === 'uploadPhoto' || e.op === 'submitApplication') {
        const archive = await this.db.archives.get(e.archiveId);
        if (!archive || archive.serverVersion === null) continue; // the archive is not on the server yet
      }
      await this.db.queue.update(e.seq!, { state: 'running' });
      this.update({ current: { op: e.op, archiveId: e.archiveId } });
      let outcome: Outcome;
      let message: string | null = null;
      try {
        outcome = await this.execute(e);
      } catch (error) {
        message = describe(error);
        if (error instanceof SessionExpiredError) {
          await this.db.queue.update(e.seq!, { state: 'pending', lastError: message });
          this.update({ sessionExpired: true, lastError: message, current: null });
          return;
        }
        outcome = 'retry';
        if (error instanceof NetworkError) {
          const attempts = e.attempts + 1;
          const at = this.now() + backoffMs(attempts, this.options.random);
          await this.db.queue.update(e.seq!, { state: 'retry', attempts, nextAttemptAt: at, lastError: 'NETWORK_UNAVAILABLE' });
          this.update({ offline: true, lastError: message, current: null });
          this.scheduleAt(at);
          return; // no network: the rest waits too
        }
      }
      if (outcome === 'done') {
        const doneAt = new Date(this.now()).toISOString();
        await this.db.queue.update(e.seq!, { state: 'done', doneAt, lastError: null });
        await this.db.cache.put({ key: LAST_SYNCED_KEY, value: doneAt, savedAt: doneAt });
        this.update({ done: this.status.done + 1, offline: false, lastError: null });
      } else if (outcome === 'wait') {
        await this.db.queue.update(e.seq!, { state: 'pending' });
        if (archiveOp) blocked.add(e.archiveId);
      } else if (outcome === 'retry') {
        const attempts = e.attempts + 1;
        const failures = (e.failures ?? 0) + 1;
        const lastError = message ?? 'UNKNOWN';
        this.update({ lastError });
        if (archiveOp) blocked.add(e.archiveId);
        if (failures >= MAX_FAILURES) {
          // It keeps failing: stop and ask the manager (retry or discard) instead of forever.
          await this.db.queue.update(e.seq!, { state: 'failed', attempts, failures, lastError });
        } else {
          const at = this.now() + backoffMs(failures, this.options.random);
          await this.db.queue.update(e.seq!, { state: 'retry', attempts, failures, nextAttemptAt: at, lastError });
          this.scheduleAt(at);
        }
      } else {
        const lastError = outcome === 'conflict' ? 'VERSION_CONFLICT' : message ?? (await this.refusal(e));
        await this.db.queue.update(e.seq!, { state: outcome, attempts: e.attempts + 1, lastError });
        if (archiveOp) blocked.add(e.archiveId);
      }
    }
    this.update({ current: null });
  }

  private async refusal(e: QueueEntry): Promise<string> {
    if (e.op === 'uploadPhoto') return (await this.db.photos.get(e.photoId!))?.error ?? 'REFUSED';
    if (e.op === 'submitApplication') return (await this.db.applications.get(e.applicationId ?? ''))?.errors.map((x) => x.code).join(', ') || 'REFUSED';
    if (e.op === 'workReminder') return (await this.db.reminders.get(e.reminderId ?? ''))?.errors.map((x) => x.code).join(', ') || 'REFUSED';
    if (e.op === 'logContact') return (await this.db.contacts.get(e.contactId ?? ''))?.errors.map((x) => x.code).join(', ') || 'REFUSED';
    const a = await this.db.archives.get(e.archiveId);
    return a?.serverErrors.map((x) => x.code).join(', ') || 'REFUSED';
  }

  private execute(e: QueueEntry): Promise<Outcome> {
    if (e.op === 'saveArchive') return this.save(e);
    if (e.op === 'submitArchive') return this.submit(e);
    if (e.op === 'submitApplication') return this.apply(e);
    if (e.op === 'workReminder') return this.workReminder(e);
    if (e.op === 'logContact') return this.logContact(e);
    return this.upload(e);
  }

  /** Store what the server said about a save (or submit) of revision `sent`. The draft is
   * cleared only when it is still that revision: a newer save is kept and sent next. The
   * working copy (typed, not saved) is not touched: the editor carries it over to the new
   * server copy (src/lib/store.ts). */
  private async saved(id: string, customer: ServerArchive, sent: number): Promise<void> {
    let needsAnotherSave = false;
    await this.db.transaction('rw', this.db.archives, async () => {
      const a = await this.db.archives.get(id);
      if (!a) return;
      const stillCurrent = a.revision === sent;
      const next: LocalArchive = {
        ...a,
        server: customer,
        serverVersion: customer.version,
        status: customer.status,
        violations: customer.evaluation?.violations ?? [],
        completeness: customer.evaluation?.completeness ?? null,
        returnReasons: customer.returnReasons ?? [],
        serverErrors: [],
        conflict: null,
        syncedRevision: Math.max(sent, a.syncedRevision),
        draft: stillCurrent ? null : a.draft,
        name: stillCurrent ? customer.name ?? a.name : a.name,
        idNumber: stillCurrent ? customer.idNumber ?? a.idNumber : a.idNumber,
        updatedAt: stillCurrent ? customer.updatedAt : a.updatedAt,
      };
      needsAnotherSave = !stillCurrent && a.draft !== null;
      await this.db.archives.put(next);
    });
    if (needsAnotherSave) await this.enqueueSave(id);
  }

  private async save(e: QueueEntry): Promise<Outcome> {
    let a = await this.db.archives.get(e.archiveId);
    if (!a || !a.draft) return 'done';
    const sent = a.revision;
    const common = {
      archive: toArchiveInput(a.draft),
      channel: 'PAD' as const,
      consent: toConsentInput(a.draft),
      extraFields: toExtraFieldInputs(a.draft),
    };
    if (a.serverVersion === null && e.attempts > 0) {
      // An earlier attempt may have reached the server with its answer lost on the way back.
      const existing = await this.api.fetchArchive(a.id);
      if (existing) {
        await this.db.archives.update(a.id, { server: existing, serverVersion: existing.version });
        a = (await this.db.archives.get(e.archiveId))!;
      }
    }
    const payload =
      a.serverVersion === null
        ? await this.api.createArchive({ ...common, id: a.id })
        : await this.api.updateArchive({ ...common, id: a.id, version: a.serverVersion });
    if (payload.conflict) {
      await this.db.archives.update(a.id, { conflict: payload.conflict });
      return 'conflict';
    }
    if (payload.customer) {
      await this.saved(a.id, payload.customer, sent);
      return 'done';
    }
    if (payload.errors.some((x) => x.code === 'DUPLICATE_ARCHIVE') && payload.duplicateOf === a.id) {
      const existing = await this.api.fetchArchive(a.id);
      if (existing) {
        await this.saved(a.id, existing, sent);
        return 'done';
      }
    }
    if (payload.errors.some((x) => x.code === 'STORAGE_UNAVAILABLE')) throw new RetryableRefusal('STORAGE_UNAVAILABLE');
    await this.db.archives.update(a.id, { serverErrors: payload.errors });
    return 'rejected';
  }

  private async submit(e: QueueEntry): Promise<Outcome> {
    const a = await this.db.archives.get(e.archiveId);
    if (!a) return 'done';
    if (a.serverVersion === null || a.draft !== null) return 'wait';
    // Nothing of ours is unsent at this revision; a draft saved while the submit is on its way
    // has a higher one and is kept (and sent) when the answer lands.
    const sent = a.revision;
    const payload = await this.api.submitArchive({ id: a.id, version: a.serverVersion });
    if (payload.customer) {
      await this.saved(a.id, payload.customer, sent);
      await this.db.archives.update(a.id, { submitRequested: false });
      return 'done';
    }
    if (payload.conflict && e.attempts < 3) {
      // Take the server's copy and submit that version.
      await this.saved(a.id, payload.conflict.current, sent);
      throw new RetryableRefusal('VERSION_CONFLICT');
    }
    await this.db.archives.update(a.id, { serverErrors: payload.errors, submitRequested: false });
    return 'rejected';
  }

  /** Send a quota application with the tablet's id. The server's answer replaces the draft
   * (only the revision that was sent: a fix saved meanwhile is kept; it cannot change an
   * application the server already has, so it is dropped with the refusal it answered). */
  private async apply(e: QueueEntry): Promise<Outcome> {
    const app = await this.db.applications.get(e.applicationId ?? '');
    if (!app || !app.draft) return 'done';
    const sent = app.revision;
    const payload = await this.api.submitApplication(toSubmitInput(app.id, app.customerId, app.draft));
    const now = new Date(this.now()).toISOString();
    if (payload.application) {
      const server = payload.application;
      await this.db.transaction('rw', this.db.applications, async () => {
        const current = await this.db.applications.get(app.id);
        if (!current) return;
        await this.db.applications.put({ ...current, server, draft: null, errors: [], createdAt: server.createdAt, updatedAt: now });
      });
      return 'done';
    }
    let fixed = false;
    await this.db.transaction('rw', this.db.applications, async () => {
      const current = await this.db.applications.get(app.id);
      if (!current) return;
      // A fix saved while this send was on its way answers the refusal: send it next.
      fixed = current.revision !== sent;
      await this.db.applications.put({ ...current, errors: fixed ? [] : payload.errors, updatedAt: now });
    });
    return fixed ? 'wait' : 'rejected';
  }

  /** Send the manager's DONE / SNOOZE / DISMISS of a reminder. The answer clears the work only
   * when it is still the one sent (work kept meanwhile is sent next). */
  private async workReminder(e: QueueEntry): Promise<Outcome> {
    const r = await this.db.reminders.get(e.reminderId ?? '');
    if (!r || !r.work || r.work.action === 'CONTACT') return 'done';
    const sent = r.work;
    const payload = await this.api.workReminder({ id: r.id, action: sent.action, until: sent.until, note: sent.note });
    // Closed already: by this very work (sent before, its answer lost) or meanwhile. What the
    // manager asked for, a closed reminder, is so.
    const closed = !payload.reminder && sent.action !== 'SNOOZE' && payload.errors.some((x) => x.code === 'REMINDER_CLOSED');
    const refused = !payload.reminder && !closed;
    const now = new Date(this.now()).toISOString();
    let changed = false;
    await this.db.transaction('rw', this.db.reminders, async () => {
      const current = await this.db.reminders.get(r.id);
      if (!current) return;
      changed = current.work?.at !== sent.at;
      const server = payload.reminder
        ? reminderFromServer(payload.reminder)
        : closed
          ? { status: sent.action === 'DONE' ? ('DONE' as const) : ('DISMISSED' as const), closedAt: current.closedAt ?? now }
          : {};
      await this.db.reminders.put({
        ...current,
        ...server,
        work: changed || refused ? current.work : null,
        errors: changed || !refused ? [] : payload.errors,
        updatedAt: now,
      });
    });
    if (changed) return 'wait';
    return refused ? 'rejected' : 'done';
  }

  /** Send a contact logged on the tablet with its own id (a replay answers the first one). The
   * server closes the reminder it names: so does the tablet's copy. */
  private async logContact(e: QueueEntry): Promise<Outcome> {
    const c = await this.db.contacts.get(e.contactId ?? '');
    if (!c || c.synced) return 'done';
    const payload = await this.api.logContact({
      id: c.id,
      customerId: c.customerId,
      channel: c.channel,
      outcome: c.outcome,
      contactedAt: c.contactedAt,
      note: c.note,
      reminderId: c.reminderId,
    });
    const now = new Date(this.now()).toISOString();
    await this.db.transaction('rw', this.db.contacts, this.db.reminders, async () => {
      const current = await this.db.contacts.get(c.id);
      if (current) await this.db.contacts.put(payload.contact ? contactFromServer(payload.contact, c.customerId) : { ...current, errors: payload.errors });
      const r = c.reminderId ? await this.db.reminders.get(c.reminderId) : undefined;
      if (!r || r.work?.action !== 'CONTACT' || r.work.contactId !== c.id) return;
      if (payload.contact) await this.db.reminders.put({ ...r, status: 'DONE', closedAt: r.closedAt ?? now, work: null, errors: [], updatedAt: now });
      else await this.db.reminders.put({ ...r, errors: payload.errors, updatedAt: now });
    });
    return payload.contact ? 'done' : 'rejected';
  }

  private async upload(e: QueueEntry): Promise<Outcome> {
    const p = await this.db.photos.get(e.photoId!);
    if (!p || p.state !== 'queued' || !p.blob) return 'done';
    const payload = await this.api.uploadImage(
      {
        customerId: p.archiveId,
        kind: p.kind,
        clientUploadId: p.id,
        takenAt: p.takenAt,
        latitude: p.latitude,
        longitude: p.longitude,
        accuracyM: p.accuracyM,
        deviceId: p.deviceId,
      },
      p.blob,
      p.fileName,
    );
    if (payload.image) {
      await this.db.photos.update(p.id, { state: 'uploaded', serverId: payload.image.id, error: null });
      return 'done';
    }
    if (payload.errors.some((x) => x.code === 'STORAGE_UNAVAILABLE')) throw new RetryableRefusal('STORAGE_UNAVAILABLE');
    await this.db.photos.update(p.id, { state: 'rejected', error: payload.errors.map((x) => x.message).join('；') || 'REFUSED' });
    return 'rejected';
  }

  // -- after the upload ---------------------------------------------------------------------

  /** Photos the server has stored: wait for the watermarked version, keep its thumbnail, drop
   * the original bytes, and refresh the archive (its evaluation changed). */
  async pollProcessing(): Promise<number> {
    const uploaded = await this.db.photos.where('state').equals('uploaded').toArray();
    const touched = new Set<string>();
    for (const p of uploaded) {
      let image: ImageFieldsFragment | null;
      try {
        image = await this.api.fetchImage(p.serverId!);
      } catch {
        return uploaded.length;
      }
      if (!image) continue;
      if (image.status === 'READY' && image.thumbnailUrl) {
        let thumb: Blob | null = null;
        try {
          thumb = await this.api.fetchBlob(image.thumbnailUrl);
        } catch {
          continue;
        }
        await this.db.photos.update(p.id, { state: 'ready', thumb, blob: null });
        touched.add(p.archiveId);
      } else if (image.status === 'FAILED') {
        await this.db.photos.update(p.id, { state: 'failed', error: 'FAILED' });
        touched.add(p.archiveId);
      }
    }
    for (const id of touched) await this.refreshArchive(id).catch(() => undefined);
    return this.db.photos.where('state').equals('uploaded').count();
  }

  /** The server's copy of one archive (evaluation, images), keeping a local edit's base. */
  async refreshArchive(id: string): Promise<void> {
    const fresh = await this.api.fetchArchive(id);
    if (!fresh) return;
    await this.db.transaction('rw', this.db.archives, async () => {
      const existing = await this.db.archives.get(id);
      const merged = mergeServerCopy(existing, fresh);
      await this.db.archives.put({ ...merged, images: fresh.images ?? existing?.images ?? [] });
    });
  }
}
