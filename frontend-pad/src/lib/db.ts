// The local store (IndexedDB through Dexie): archives with their drafts, photos with their
// bytes, the sync queue, and cached reference data. Everything a manager collects lives here
// until the server has confirmed it; logout deletes the whole database.
import Dexie, { type EntityTable } from 'dexie';
import type {
  ArchiveBusinessFieldsFragment,
  ArchiveRatingFieldsFragment,
  ArchiveStatus,
  ContactChannel,
  ContactOutcome,
  ImageFieldsFragment,
  ImageKind,
  ReminderKind,
  ReminderStatus,
} from '../gql/graphql';
import { draftFromServer, emptyDraft, type ArchiveDraft, type ServerArchive } from './archive';
import type { ApplicationDraft, ServerApplication } from './application';
import { sameDraft } from './conflict';
import type { FieldError } from './validate';

export interface Violation {
  code: string;
  severity: string;
  message: string;
  messageEn: string;
}

/** What the manager typed and has not saved yet, and the copy it was typed on top of. */
export interface WorkingCopy {
  draft: ArchiveDraft;
  /** The saved draft, or else the server copy, the edit started from: the fields that differ
   * from it are the manager's, the others follow the archive when it changes underneath. */
  base: ArchiveDraft;
  /** Local revision of this copy: higher than `LocalArchive.revision`. */
  revision: number;
}

export interface LocalArchive {
  /** The archive id: a UUID made on the tablet for a new archive, the same on the server. */
  id: string;
  /** The server version the edit is based on; null while the archive exists only here. */
  serverVersion: number | null;
  /** The server's copy the edit is based on (the "base" of a conflict). */
  server: ServerArchive | null;
  /** The saved local edit (what the queue sends); null when the server has everything. */
  draft: ArchiveDraft | null;
  /** The local revision of `draft`; the sync queue sends the draft of one revision. Local
   * revisions of an archive only grow (see src/lib/store.ts). */
  revision: number;
  /** Typed but not saved (kept so a closed app loses nothing); null when there is none. */
  working?: WorkingCopy | null;
  syncedRevision: number;
  /** LOCAL until the server has it. */
  status: ArchiveStatus | 'LOCAL';
  name: string;
  idNumber: string;
  /** Device checks failed: kept here, not queued. */
  localErrors: FieldError[];
  /** The server refused the last save (field errors). */
  serverErrors: FieldError[];
  violations: Violation[];
  completeness: number | null;
  returnReasons: string[];
  conflict: { serverVersion: number; current: ServerArchive } | null;
  images: ImageFieldsFragment[];
  submitRequested: boolean;
  updatedAt: string;
  /** The customer's business with the bank as of the last list refresh (the summary line), and
   * the blacklist flag; absent in rows cached before they existed (no schema change: plain
   * fields, not indexed), null when the server has none or withholds it. */
  business?: ArchiveBusinessFieldsFragment['bankBusiness'];
  blacklisted?: boolean | null;
  /** The customer's credit rating as of the last refresh (the 信用评级 block, docs/rating.md);
   * absent in rows cached before it existed, null when the customer has not been rated. */
  rating?: ArchiveRatingFieldsFragment['rating'];
}

export type PhotoState = 'queued' | 'uploaded' | 'ready' | 'failed' | 'rejected';

export interface LocalPhoto {
  /** The clientUploadId: made once per photo, so a retried upload never makes a second image. */
  id: string;
  archiveId: string;
  kind: ImageKind;
  /** The original bytes, kept until the server's watermarked version is here. */
  blob: Blob | null;
  fileName: string;
  takenAt: string;
  latitude: number | null;
  longitude: number | null;
  accuracyM: number | null;
  deviceId: string;
  state: PhotoState;
  serverId: string | null;
  /** The server's watermarked thumbnail, kept for offline viewing. */
  thumb: Blob | null;
  error: string | null;
  createdAt: string;
}

/**
 * A quota application (授信申请) of an archive: one the manager filled in on this tablet (its
 * `draft`, kept until the server has the application, and after a refusal to be fixed and sent
 * again), or one the server listed (`server`). The id is the application's: a UUID made on the
 * tablet, sent with `submitApplication`, so a retried send returns the same application.
 */
export interface LocalApplication {
  id: string;
  /** The archive (customer) it is for. */
  customerId: string;
  /** What the manager filled in; null once the server has the application (or for one the
   * server listed). */
  draft: ApplicationDraft | null;
  /** Local revision of the draft: every save bumps it; the queue sends the draft of one. */
  revision: number;
  /** The server refused the last send (payload errors, with the Chinese message). */
  errors: FieldError[];
  /** The server's copy (status, current step, quota); null until the server has it. */
  server: ServerApplication | null;
  /** Filled in (local) or created (server); the list's order. */
  createdAt: string;
  updatedAt: string;
}

/**
 * What the manager did about a reminder on this tablet and the server does not have yet: worked
 * it (done, snoozed until a day, dismissed with a reason), or logged the contact it prompted
 * (`contactId`, a LocalContact: the server closes the reminder with it). The reminder leaves the
 * open list at once; the sync queue sends the work.
 */
export type ReminderWork =
  | { action: 'DONE' | 'SNOOZE' | 'DISMISS'; until: string | null; note: string | null; at: string }
  | { action: 'CONTACT'; contactId: string; at: string };

/**
 * A reminder (提醒) of the manager's inbox, as the last `myReminders` refresh listed it, with the
 * manager's work on it that waits for the server (src/lib/reminderStore.ts).
 */
export interface LocalReminder {
  id: string;
  kind: ReminderKind;
  title: string;
  /** Local day (YYYY-MM-DD). */
  dueOn: string;
  /** The server's status; the queue sets the one its answer gives. */
  status: ReminderStatus;
  snoozedUntil: string | null;
  note: string | null;
  createdAt: string;
  closedAt: string | null;
  /** The archive it is about; null when it is out of the manager's scope. */
  customerId: string | null;
  customerName: string | null;
  /** Waiting to be sent (or refused: `errors`); null when the server has everything. */
  work: ReminderWork | null;
  /** The server refused `work` (payload errors, with the Chinese message). */
  errors: FieldError[];
  /** Last written on the tablet: a list fetched before it does not overwrite the row. */
  updatedAt: string;
}

/**
 * A contact with a customer (客户接触): one the manager logged on this tablet (its id made here,
 * kept until the server has it, and after a refusal until the manager discards it), or one the
 * server listed for the archive (`customerContacts`).
 */
export interface LocalContact {
  id: string;
  customerId: string;
  /** The reminder that prompted it (logging closes it on the server). */
  reminderId: string | null;
  channel: ContactChannel;
  outcome: ContactOutcome;
  contactedAt: string;
  note: string | null;
  /** Who logged it, as the server lists it; null for one logged here and not yet confirmed. */
  staffName: string | null;
  /** The server has it. */
  synced: boolean;
  /** The server refused it (payload errors, with the Chinese message). */
  errors: FieldError[];
}

export type QueueOp = 'saveArchive' | 'uploadPhoto' | 'submitArchive' | 'submitApplication' | 'workReminder' | 'logContact';
/** `conflict`, `rejected` and `failed` wait for the manager (see src/lib/sync.ts). */
export type QueueState = 'pending' | 'running' | 'retry' | 'conflict' | 'rejected' | 'failed' | 'done';

export interface QueueEntry {
  seq?: number;
  op: QueueOp;
  archiveId: string;
  photoId: string | null;
  /** submitApplication: the application (LocalApplication.id); absent in older entries. */
  applicationId?: string | null;
  /** workReminder: the reminder (LocalReminder.id, its `work` is what is sent); `archiveId` is its
   * customer ('' when out of scope). */
  reminderId?: string | null;
  /** logContact: the contact (LocalContact.id); `archiveId` is its customer. */
  contactId?: string | null;
  state: QueueState;
  attempts: number;
  /** Failed sends that were not for want of network; at MAX_FAILURES the entry stops (`failed`). */
  failures?: number;
  /** epoch ms; a 'retry' entry waits until then */
  nextAttemptAt: number;
  /** A code (NETWORK_UNAVAILABLE, INTERNAL, ...); the screens show its label. */
  lastError: string | null;
  createdAt: string;
  doneAt: string | null;
}

export interface CacheRow {
  key: string;
  value: unknown;
  savedAt: string;
}

export class PadDatabase extends Dexie {
  archives!: EntityTable<LocalArchive, 'id'>;
  photos!: EntityTable<LocalPhoto, 'id'>;
  queue!: EntityTable<QueueEntry, 'seq'>;
  cache!: EntityTable<CacheRow, 'key'>;
  applications!: EntityTable<LocalApplication, 'id'>;
  reminders!: EntityTable<LocalReminder, 'id'>;
  contacts!: EntityTable<LocalContact, 'id'>;

  constructor(name = 'cic-pad') {
    super(name);
    this.version(1).stores({
      archives: 'id, status, updatedAt',
      photos: 'id, archiveId, state',
      queue: '++seq, archiveId, state, [archiveId+op]',
      cache: 'key',
    });
    // Version 1 kept the form's working copy as a cache row `working:<id>`, written by a timer
    // beside the archive. It now lives in the archive row (`working`), written in order with
    // the saves. A copy newer than the archive's last save becomes the working copy.
    this.version(2)
      .stores({})
      .upgrade(async (tx) => {
        const rows = (await tx.table('cache').where('key').startsWith('working:').toArray()) as CacheRow[];
        for (const row of rows) {
          const id = row.key.slice('working:'.length);
          const archive = (await tx.table('archives').get(id)) as LocalArchive | undefined;
          const base = baseDraft(archive);
          const draft = row.value as ArchiveDraft;
          const newer = !archive || row.savedAt > archive.updatedAt;
          if (newer && !sameDraft(draft, base)) {
            const revision = (archive?.revision ?? 0) + 1;
            await tx.table('archives').put({ ...(archive ?? newArchive(id, null)), working: { draft, base, revision } });
          }
          await tx.table('cache').delete(row.key);
        }
      });
    // Version 3 adds the archives' quota applications (a new table: the other tables and their
    // rows stay as they are; queue entries of the new op carry `applicationId`, not indexed).
    this.version(3).stores({ applications: 'id, customerId, updatedAt' });
    // Version 4 adds the manager's reminders (the inbox, offline) and the contacts logged or
    // listed per archive (new tables: the others and their rows stay as they are; queue entries
    // of the new ops carry `reminderId` / `contactId`, not indexed).
    this.version(4).stores({ reminders: 'id, customerId, dueOn', contacts: 'id, customerId' });
  }
}

export const db = new PadDatabase();

export async function getCache<T>(key: string): Promise<T | undefined> {
  return (await db.cache.get(key))?.value as T | undefined;
}

export async function putCache(key: string, value: unknown): Promise<void> {
  await db.cache.put({ key, value, savedAt: new Date().toISOString() });
}

/** What a local edit of the archive starts from: the saved draft, else the server copy. */
export function baseDraft(a: LocalArchive | undefined | null): ArchiveDraft {
  return a?.draft ?? (a?.server ? draftFromServer(a.server) : emptyDraft());
}

/** The name to show for an archive: what was typed last, saved or not. */
export function displayName(a: LocalArchive): string {
  return a.working?.draft.name || a.draft?.name || a.name;
}

export function newArchive(id: string, draft: ArchiveDraft | null): LocalArchive {
  return {
    id,
    serverVersion: null,
    server: null,
    draft,
    revision: 0,
    working: null,
    syncedRevision: 0,
    status: 'LOCAL',
    name: draft?.name ?? '',
    idNumber: draft?.idNumber ?? '',
    localErrors: [],
    serverErrors: [],
    violations: [],
    completeness: null,
    returnReasons: [],
    conflict: null,
    images: [],
    submitRequested: false,
    updatedAt: new Date().toISOString(),
  };
}

/** A local archive from the server's copy (list refresh); keeps a local edit if there is one. */
export function mergeServerCopy(
  existing: LocalArchive | undefined,
  c: ServerArchive & Partial<ArchiveBusinessFieldsFragment> & Partial<ArchiveRatingFieldsFragment>,
): LocalArchive {
  const base: LocalArchive = existing ?? newArchive(c.id, null);
  const hasLocalEdit = !!existing && (existing.draft !== null || !!existing.working || existing.conflict !== null);
  // An answer that left the server before a save whose answer the tablet has stored since (the
  // archive or the list read while the save was on its way) is an older version than the one
  // held: taking it would show the older copy as current, and base the next edit on it.
  if (existing && existing.serverVersion !== null && c.version < existing.serverVersion) {
    return {
      ...base,
      business: 'bankBusiness' in c ? c.bankBusiness ?? null : base.business ?? null,
      blacklisted: 'blacklisted' in c ? c.blacklisted ?? null : base.blacklisted ?? null,
      rating: 'rating' in c ? c.rating ?? null : base.rating ?? null,
    };
  }
  return {
    ...base,
    // A local edit keeps the copy it was based on: that is the base of a later conflict.
    server: hasLocalEdit ? base.server : c,
    serverVersion: hasLocalEdit ? base.serverVersion : c.version,
    status: c.status,
    name: hasLocalEdit ? base.name : c.name ?? '',
    idNumber: hasLocalEdit ? base.idNumber : c.idNumber ?? '',
    violations: c.evaluation?.violations ?? [],
    completeness: c.evaluation?.completeness ?? null,
    returnReasons: c.returnReasons ?? [],
    updatedAt: hasLocalEdit ? base.updatedAt : c.updatedAt,
    // Not the manager's to edit: always the server's newest, when the answer carries it (the
    // list and the archive query do; the mutations' answers do not).
    business: 'bankBusiness' in c ? c.bankBusiness ?? null : base.business ?? null,
    blacklisted: 'blacklisted' in c ? c.blacklisted ?? null : base.blacklisted ?? null,
    rating: 'rating' in c ? c.rating ?? null : base.rating ?? null,
  };
}
