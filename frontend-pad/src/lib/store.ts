// The one owner of what a manager types: a per-archive editor that holds the working copy in
// memory and is the only writer of the archive's local edit in IndexedDB (the working copy
// `working`, the saved draft `draft` and its `revision`), one write after another.
//
// Why: the form used to keep its state in React, write a copy to the cache on a 400 ms timer,
// save the draft beside it, and reload "the working copy, else the draft" whenever the archive
// row changed. A save tapped less than 400 ms after the last keystroke made the row change
// while the cache still held an older copy: the form reloaded it and the next save sent it.
// A sync landing while the manager typed replaced the form the same way.
//
// The rules (docs/pad-app.md, "Who writes what"):
// * Every edit bumps the archive's local revision; revisions only grow. The working copy is
//   written after each edit (coalesced, never on a timer) and a write never replaces a newer
//   revision.
// * Save, discard and a conflict merge are steps in the same per-archive line as those writes,
//   so they see every keystroke made before them and nothing written later is older.
// * Others (the sync queue landing a save, a list refresh) change only the server side of the
//   row and clear the draft only when it is still the revision they sent. The editor re-reads
//   the row, in its line, and carries the working copy over: fields the manager changed since
//   the copy it typed on keep the manager's value; the others take the new one. A reload of
//   the row never replaces unsaved edits.
import { liveQuery, type Subscription } from 'dexie';
import type { ImageKind } from '../gql/graphql';
import { draftFromServer, emptyDraft, type ArchiveDraft } from './archive';
import { rebase, sameDraft } from './conflict';
import { canonicalIdentifier } from '@cic/shared/archive';
import { baseDraft, displayName, newArchive, type LocalArchive, type LocalPhoto, type PadDatabase, type QueueEntry } from './db';
import { validate, type ExtraFieldSpec, type FieldError } from './validate';
import { discardReminderEntry } from './reminderStore';

export interface EditorState {
  /** The row has been read. */
  loaded: boolean;
  /** The archive has a row on this tablet (a new one gets it with the first edit). */
  exists: boolean;
  /** The working copy: what the form shows. */
  draft: ArchiveDraft;
  /** Its local revision (every edit bumps it). */
  revision: number;
  /** The highest revision written to IndexedDB (working copy or saved draft). */
  stored: number;
  /** The revision of the saved draft (what the queue sends). */
  saved: number;
  /** The working copy differs from the saved draft / server copy. */
  dirty: boolean;
}

export interface Duplicate {
  archiveId: string;
  name: string;
  /** true: the same number; false: the server's masked number matches (first 6, last 4). */
  exact: boolean;
}

export interface SaveResult {
  queued: boolean;
  errors: FieldError[];
  duplicates: Duplicate[];
}

/** What the store needs from the sync queue. */
export interface QueuePort {
  enqueueSave(archiveId: string): Promise<void>;
  enqueuePhoto(archiveId: string, photoId: string): Promise<void>;
  enqueueSubmit(archiveId: string): Promise<void>;
  conflictResolved(archiveId: string): Promise<void>;
  run(): Promise<void>;
}

const OPEN = (e: QueueEntry) => e.state !== 'done';

/** A photo whose upload is on its way cannot be retaken or deleted on the tablet: the server may
 * have it already (the PAD has no deleteImage). The screen asks to wait for the answer. */
export class PhotoUploadingError extends Error {
  constructor(readonly photoId: string) {
    super(`photo ${photoId} is being uploaded`);
  }
}

/** Photos the tablet may still replace or drop: the server does not have them (queued), or
 * refused or failed them. */
export const CHANGEABLE_PHOTO_STATES: readonly LocalPhoto['state'][] = ['queued', 'rejected', 'failed'];

export class ArchiveStore {
  private editors = new Map<string, ArchiveEditor>();

  constructor(
    readonly db: PadDatabase,
    readonly queue: QueuePort,
    readonly specs: () => Promise<ExtraFieldSpec[]>,
  ) {}

  /** The editor of an archive (one per archive while it is held). */
  editor(id: string): ArchiveEditor {
    let editor = this.editors.get(id);
    if (!editor) {
      editor = new ArchiveEditor(this, id);
      this.editors.set(id, editor);
    }
    return editor;
  }

  retain(editor: ArchiveEditor): void {
    editor.refs++;
  }

  /** Let go of an editor; once nobody holds it and its writes are done, it is dropped (the
   * next one reads everything back from the row). */
  release(editor: ArchiveEditor): void {
    editor.refs--;
    void editor.idle().then(() => {
      if (editor.refs > 0 || this.editors.get(editor.id) !== editor) return;
      editor.close();
      this.editors.delete(editor.id);
    });
  }

  /** Run `work` on an archive's editor, holding it meanwhile (for actions from other screens). */
  async with<T>(id: string, work: (editor: ArchiveEditor) => Promise<T>): Promise<T> {
    const editor = this.editor(id);
    this.retain(editor);
    try {
      return await work(editor);
    } finally {
      this.release(editor);
    }
  }

  /**
   * What the server does not have yet, once every open editor has written what was typed so far.
   * The form says "unsaved" from the editor's memory at once, while its working copy reaches
   * IndexedDB a step later; counting from IndexedDB without waiting would leave an edit typed a
   * moment before "log out" off the list of what is lost.
   */
  async losses(): Promise<Loss[]> {
    await Promise.all([...this.editors.values()].map((editor) => editor.idle()));
    return unsyncedLosses(this.db);
  }

  /** Logout: the editors go with the data. */
  closeAll(): void {
    for (const editor of this.editors.values()) editor.close();
    this.editors.clear();
  }

  resolveConflict(id: string, merged: ArchiveDraft): Promise<void> {
    return this.with(id, (e) => e.resolveConflict(merged));
  }

  /** Drop the archive's local edit (or the whole archive when the server never had it). */
  discard(id: string): Promise<void> {
    return this.with(id, (e) => e.discard());
  }

  /** The manager gives up on a queue entry that waits for them (failed, refused, conflict). */
  async discardEntry(seq: number): Promise<void> {
    const entry = await this.db.queue.get(seq);
    if (!entry) return;
    if (entry.op === 'saveArchive') return this.discard(entry.archiveId);
    if (entry.op === 'uploadPhoto') return this.discardPhoto(entry.photoId!);
    if (entry.op === 'submitApplication') return this.discardApplication(entry.applicationId ?? '');
    if (entry.op === 'workReminder' || entry.op === 'logContact') return discardReminderEntry(this.db, entry);
    await this.db.transaction('rw', this.db.archives, this.db.queue, async () => {
      await this.db.queue.delete(seq);
      await this.db.archives.update(entry.archiveId, { submitRequested: false });
    });
  }

  /** An application the server does not have goes from the tablet with its queue entry (one
   * the server has is not the tablet's to drop: it stays as the server lists it). */
  async discardApplication(applicationId: string): Promise<void> {
    await this.db.transaction('rw', this.db.applications, this.db.queue, async () => {
      const app = await this.db.applications.get(applicationId);
      if (app && !app.server) await this.db.applications.delete(applicationId);
      await this.db.queue.filter((e) => e.op === 'submitApplication' && e.applicationId === applicationId && OPEN(e)).delete();
    });
  }

  /** Drop a photo the server does not have (or refused), with its waiting upload. */
  async discardPhoto(photoId: string): Promise<void> {
    await this.db.transaction('rw', this.db.photos, this.db.queue, () => this.dropPhoto(photoId));
  }

  /**
   * Keep a photo taken on the tablet (already downscaled: src/lib/photos.ts) and queue its upload,
   * in one transaction. The archive gets its row at once: a new archive that was never saved
   * exists on the tablet from its first photo on, and the photo's upload waits in the queue
   * until the save that creates the archive on the server has gone (src/lib/sync.ts,
   * `sendOrder`). A retake (`replaces`) takes the place of the photo it retakes: the old photo
   * and its waiting upload go in the same transaction, so the queue never sends both.
   */
  async keepPhoto(photo: LocalPhoto, replaces: string | null = null): Promise<void> {
    await this.db.transaction('rw', this.db.archives, this.db.photos, this.db.queue, async () => {
      if (replaces) await this.dropPhoto(replaces);
      if (!(await this.db.archives.get(photo.archiveId))) await this.db.archives.put(newArchive(photo.archiveId, null));
      await this.db.photos.put(photo);
      await this.queue.enqueuePhoto(photo.archiveId, photo.id);
    });
    void this.queue.run();
  }

  /** In a transaction over photos and queue: the photo and its open upload entry go; refused
   * while the upload is being sent. */
  private async dropPhoto(photoId: string): Promise<void> {
    const entries = await this.db.queue.filter((e) => e.photoId === photoId && OPEN(e)).toArray();
    if (entries.some((e) => e.state === 'running')) throw new PhotoUploadingError(photoId);
    await this.db.photos.delete(photoId);
    await this.db.queue.bulkDelete(entries.map((e) => e.seq!));
  }

  /** Archives on this tablet with the same ID number (the server refuses a second archive for
   * one person; a cached server copy carries the number masked: 350102********0016). */
  async duplicates(id: string, idNumber: string): Promise<Duplicate[]> {
    const canonical = (n: string | null | undefined) => canonicalIdentifier(n).toUpperCase();
    const wanted = canonical(idNumber);
    if (wanted.length !== 18 || wanted.includes('*')) return [];
    const found: Duplicate[] = [];
    for (const a of await this.db.archives.toArray()) {
      if (a.id === id) continue;
      const numbers = [a.working?.draft.idNumber, a.draft?.idNumber, a.server?.idNumber, a.idNumber].map(canonical).filter((n) => n.length === 18);
      const exact = numbers.some((n) => n === wanted);
      const masked = numbers.some((n) => n.includes('*') && n.slice(0, 6) === wanted.slice(0, 6) && n.slice(-4) === wanted.slice(-4));
      if (exact || masked) found.push({ archiveId: a.id, name: displayName(a), exact });
    }
    return found;
  }
}

export class ArchiveEditor {
  refs = 0;
  private state: EditorState = { loaded: false, exists: false, draft: emptyDraft(), revision: 0, stored: 0, saved: 0, dirty: false };
  /** What `state.draft` is an edit of: the row's saved draft, else its server copy. */
  private base: ArchiveDraft = emptyDraft();
  private line: Promise<unknown> = Promise.resolve();
  private queued = new Set<'write' | 'read'>();
  private listeners = new Set<() => void>();
  private subscription: Subscription;
  private closed = false;

  constructor(
    private readonly store: ArchiveStore,
    readonly id: string,
  ) {
    // Any change of the row (ours or the queue's) is read back in line.
    this.subscription = liveQuery(() => store.db.archives.get(id)).subscribe({ next: () => this.reread(), error: () => this.reread() });
  }

  close(): void {
    this.closed = true;
    this.subscription.unsubscribe();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): EditorState => this.state;

  /** Resolves when every step queued so far is done. */
  idle(): Promise<void> {
    return this.line.then(() => undefined);
  }

  private set(patch: Partial<EditorState>): void {
    const next = { ...this.state, ...patch };
    next.dirty = !sameDraft(next.draft, this.base);
    this.state = next;
    this.listeners.forEach((l) => l());
  }

  /** Steps run one at a time, in the order they were asked for. */
  private step<T>(work: () => Promise<T>): Promise<T> {
    const result = this.line.then(() => {
      if (this.closed) throw new Error('the archive editor is closed');
      return work();
    });
    this.line = result.catch((error) => console.error('archive store', this.id, error));
    return result;
  }

  // -- edits ----------------------------------------------------------------------------------

  /** An edit of the form: applied now (the form shows it at once), written in line. */
  update(change: (draft: ArchiveDraft) => ArchiveDraft): void {
    if (!this.state.loaded) return;
    const draft = change(this.state.draft);
    if (draft === this.state.draft) return;
    this.set({ draft, revision: this.state.revision + 1 });
    this.scheduleWrite();
  }

  /** A step asked for again before it has started runs once (and then sees the newest state). */
  private stepOnce(kind: 'write' | 'read', work: () => Promise<void>): void {
    if (this.queued.has(kind)) return;
    this.queued.add(kind);
    void this.step(async () => {
      this.queued.delete(kind);
      await work();
    });
  }

  private scheduleWrite(): void {
    this.stepOnce('write', () => this.writeWorking());
  }

  private reread(): void {
    this.stepOnce('read', () => this.reconcile());
  }

  /** Write the working copy of the current revision, unless the row holds a newer one. */
  private async writeWorking(): Promise<void> {
    const { draft, revision } = this.state;
    if (revision <= this.state.stored) return;
    const base = this.base;
    const unsaved = !sameDraft(draft, base);
    const db = this.store.db;
    await db.transaction('rw', db.archives, db.photos, async () => {
      const row = await db.archives.get(this.id);
      if (row && Math.max(row.revision, row.working?.revision ?? 0) >= revision) return; // never older
      if (!row && !unsaved) return; // an untouched new archive leaves no row
      const current = row ?? newArchive(this.id, null);
      if (!unsaved && current.serverVersion === null && current.draft === null && !(await db.photos.where('archiveId').equals(this.id).count())) {
        // A new archive typed and emptied again: nothing to keep (its photos would be).
        await db.archives.delete(this.id);
        return;
      }
      const onlyHere = current.serverVersion === null && current.draft === null;
      await db.archives.put({
        ...current,
        working: unsaved ? { draft, base, revision } : null,
        // A new archive is listed (and named at logout) by what was typed.
        name: onlyHere ? draft.name : current.name,
        idNumber: onlyHere ? draft.idNumber : current.idNumber,
        updatedAt: new Date().toISOString(),
      });
    });
    this.set({ stored: Math.max(this.state.stored, revision), exists: true });
  }

  /** Read the row and carry the working copy over to whatever changed underneath. */
  private async reconcile(): Promise<void> {
    const row = await this.store.db.archives.get(this.id);
    const newBase = baseDraft(row);
    const rowRevision = Math.max(row?.revision ?? 0, row?.working?.revision ?? 0);
    if (!this.state.loaded) {
      const draft = row?.working ? rebase(row.working.base, row.working.draft, newBase) : newBase;
      this.base = newBase;
      this.set({ loaded: true, exists: !!row, draft, revision: rowRevision, stored: rowRevision, saved: row?.revision ?? 0 });
      return;
    }
    if (!row && this.state.exists) {
      // The archive was discarded or the tablet wiped (logout): nothing to carry over.
      this.base = newBase;
      this.set({ exists: false, draft: newBase, stored: this.state.revision, saved: 0 });
      return;
    }
    const draft = rebase(this.base, this.state.draft, newBase);
    const changed = !sameDraft(draft, this.state.draft);
    this.base = newBase;
    // Revisions only grow: the next edit is newer than anything in the row.
    const revision = Math.max(this.state.revision, rowRevision) + (changed ? 1 : 0);
    const saved = row?.revision ?? 0;
    if (!changed && revision === this.state.revision && saved === this.state.saved && !!row === this.state.exists) return;
    this.set({ exists: !!row, draft: changed ? draft : this.state.draft, revision, saved });
    if (changed) await this.writeWorking();
  }

  // -- save, discard, merge ------------------------------------------------------------------

  /** Keep the working copy as the draft; when the device checks pass, queue it for the server.
   * It takes the copy as it is when its turn comes: every keystroke before the tap is in it. */
  save(options: { submit?: boolean } = {}): Promise<SaveResult> {
    return this.step(async () => {
      if (!this.state.loaded) await this.reconcile();
      const { draft, revision } = this.state;
      const errors = validate(draft, await this.store.specs());
      const db = this.store.db;
      await db.transaction('rw', db.archives, async () => {
        const row = (await db.archives.get(this.id)) ?? newArchive(this.id, null);
        await db.archives.put({
          ...row,
          draft,
          revision,
          working: row.working && row.working.revision > revision ? row.working : null,
          name: draft.name,
          idNumber: draft.idNumber,
          localErrors: errors,
          submitRequested: row.submitRequested || !!options.submit,
          updatedAt: new Date().toISOString(),
        });
      });
      this.base = draft;
      this.set({ exists: true, stored: Math.max(this.state.stored, revision) });
      const duplicates = await this.store.duplicates(this.id, draft.idNumber);
      if (!errors.length) {
        await this.store.queue.enqueueSave(this.id);
        if (options.submit) await this.store.queue.enqueueSubmit(this.id);
        void this.store.queue.run();
      }
      this.set({ saved: revision });
      return { queued: !errors.length, errors, duplicates };
    });
  }

  /** Drop the local edit: saved draft, working copy, refusals and the archive's waiting saves
   * and submits. An archive the server never had goes entirely, with its photos. */
  discard(): Promise<void> {
    return this.step(async () => {
      const db = this.store.db;
      let row: LocalArchive | undefined;
      await db.transaction('rw', db.archives, db.photos, db.queue, async () => {
        row = await db.archives.get(this.id);
        if (!row) return;
        const entries = db.queue.where('archiveId').equals(this.id);
        if (row.serverVersion === null) {
          await entries.delete();
          await db.photos.where('archiveId').equals(this.id).delete();
          await db.archives.delete(this.id);
          row = undefined;
          return;
        }
        await entries.filter((e) => e.op !== 'uploadPhoto' && OPEN(e)).delete();
        row = {
          ...row,
          draft: null,
          working: null,
          conflict: null,
          localErrors: [],
          serverErrors: [],
          submitRequested: false,
          name: row.server?.name ?? row.name,
          idNumber: row.server?.idNumber ?? row.idNumber,
        };
        await db.archives.put(row);
      });
      this.base = row?.server ? draftFromServer(row.server) : emptyDraft();
      const revision = Math.max(this.state.revision, row?.revision ?? 0) + 1;
      this.set({ exists: !!row, draft: this.base, revision, stored: revision, saved: row?.revision ?? 0 });
    });
  }

  /** The manager's merge of a version conflict becomes the draft on top of the server's copy. */
  resolveConflict(merged: ArchiveDraft): Promise<void> {
    return this.step(async () => {
      if (!this.state.loaded) await this.reconcile();
      const db = this.store.db;
      const revision = this.state.revision + 1;
      let resolved = false;
      await db.transaction('rw', db.archives, async () => {
        const a = await db.archives.get(this.id);
        if (!a?.conflict) return;
        await db.archives.put({
          ...a,
          draft: merged,
          revision: Math.max(revision, a.revision + 1, (a.working?.revision ?? 0) + 1),
          server: a.conflict.current,
          serverVersion: a.conflict.serverVersion,
          conflict: null,
          updatedAt: new Date().toISOString(),
        });
        resolved = true;
      });
      if (!resolved) return;
      await this.reconcile();
      await this.store.queue.conflictResolved(this.id);
      void this.store.queue.run();
    });
  }
}

// -- what logout would lose -------------------------------------------------------------------

export interface Loss {
  archiveId: string;
  name: string;
  /** The server never had the archive. */
  newArchive: boolean;
  /** A saved edit the server does not have yet. */
  edits: boolean;
  /** Typed and not saved. */
  unsaved: boolean;
  /** A submission for review not sent yet. */
  submit: boolean;
  /** Photos the server does not have, by kind. */
  photos: ImageKind[];
  /** Quota applications filled in here that the server does not have. */
  applications: number;
  /** Contacts logged here that the server does not have. */
  contacts: number;
  /** Reminders done, snoozed or dismissed here that the server does not know of. */
  reminders: number;
}

/** Everything on this tablet that the server does not have, per archive (or the customer of a
 * reminder or contact whose archive is not cached), by customer name. */
export async function unsyncedLosses(db: PadDatabase): Promise<Loss[]> {
  const [archives, photos, entries, applications, reminders, contacts] = await Promise.all([
    db.archives.toArray(),
    db.photos.toArray(),
    db.queue.toArray(),
    db.applications.toArray(),
    db.reminders.toArray(),
    db.contacts.toArray(),
  ]);
  const unsentContacts = contacts.filter((c) => !c.synced);
  // A contact logged for a reminder is counted as the contact.
  const unsentWork = reminders.filter((r) => r.work && r.work.action !== 'CONTACT');
  const losses: Loss[] = [];
  for (const a of archives) {
    const open = entries.filter((e) => e.archiveId === a.id && OPEN(e));
    const kinds = photos.filter((p) => p.archiveId === a.id && p.serverId === null && (p.state === 'queued' || p.state === 'rejected')).map((p) => p.kind);
    const loss: Loss = {
      archiveId: a.id,
      name: displayName(a),
      newArchive: a.serverVersion === null,
      edits: a.draft !== null || open.some((e) => e.op === 'saveArchive'),
      unsaved: !!a.working,
      submit: open.some((e) => e.op === 'submitArchive'),
      photos: kinds,
      applications: applications.filter((x) => x.customerId === a.id && !x.server && x.draft).length,
      contacts: unsentContacts.filter((c) => c.customerId === a.id).length,
      reminders: unsentWork.filter((r) => r.customerId === a.id).length,
    };
    if (loss.edits || loss.unsaved || loss.submit || loss.photos.length || loss.applications || loss.contacts || loss.reminders) losses.push(loss);
  }
  // Reminders and contacts of customers whose archive is not on this tablet: named by the reminder.
  const cached = new Set(archives.map((a) => a.id));
  const others = new Map<string, Loss>();
  const other = (customerId: string) => {
    let loss = others.get(customerId);
    if (!loss) {
      const name = reminders.find((r) => r.customerId === customerId && r.customerName)?.customerName ?? '';
      loss = { archiveId: customerId, name, newArchive: false, edits: false, unsaved: false, submit: false, photos: [], applications: 0, contacts: 0, reminders: 0 };
      others.set(customerId, loss);
    }
    return loss;
  };
  for (const c of unsentContacts) if (!cached.has(c.customerId)) other(c.customerId).contacts++;
  for (const r of unsentWork) if (!cached.has(r.customerId ?? '')) other(r.customerId ?? '').reminders++;
  return [...losses, ...others.values()];
}
