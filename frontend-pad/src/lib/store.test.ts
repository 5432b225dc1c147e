// The order of writes of what a manager types (src/lib/store.ts): the editor is the one owner of
// the working copy, the draft and their revisions; a save is never followed by an older state,
// and a sync landing while the manager types keeps what was typed.
import Dexie, { liveQuery } from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { draftFromServer, emptyDraft, type ArchiveDraft } from './archive';
import { baseDraft, newArchive, PadDatabase, type LocalArchive, type LocalPhoto } from './db';
import { ArchiveStore, unsyncedLosses, type ArchiveEditor, type EditorState } from './store';
import { queueSummary, SyncEngine } from './sync';
import { FakeServer } from '../test/fakeServer';

const ID_NUMBER = '350102199001010016';

let db: PadDatabase;
let server: FakeServer;
let engine: SyncEngine;
let store: ArchiveStore;
let dbCount = 0;

beforeEach(() => {
  db = new PadDatabase(`store-${++dbCount}`);
  server = new FakeServer();
  engine = new SyncEngine(db, server, { schedule: false });
  store = new ArchiveStore(db, engine, async () => []);
});

/** An editor held as the form holds it, loaded. */
async function open(id: string): Promise<ArchiveEditor> {
  const editor = store.editor(id);
  store.retain(editor);
  await stateWhere(editor, (s) => s.loaded);
  return editor;
}

/** Resolves when the editor's state, as the form sees it, satisfies `check` (on its events). */
function stateWhere(editor: ArchiveEditor, check: (s: EditorState) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check(editor.getState())) return resolve();
    const stop = editor.subscribe(() => {
      if (!check(editor.getState())) return;
      stop();
      resolve();
    });
  });
}

/** Resolves when the archive's row satisfies `check` (on Dexie's change events). */
function rowWhere(id: string, check: (a: LocalArchive | undefined) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const subscription = liveQuery(() => db.archives.get(id)).subscribe({
      next: (row) => {
        if (!check(row)) return;
        queueMicrotask(() => subscription.unsubscribe());
        resolve();
      },
      error: reject,
    });
  });
}

const type = (editor: ArchiveEditor, patch: Partial<ArchiveDraft>) => editor.update((d) => ({ ...d, ...patch }));
const typeIn = (editor: ArchiveEditor, key: 'address' | 'income' | 'social', patch: Record<string, string>) => editor.update((d) => ({ ...d, [key]: { ...d[key], ...patch } }));

/** What the manager would see when opening the archive afresh. */
async function reopened(id: string): Promise<ArchiveDraft> {
  const row = await db.archives.get(id);
  return row?.working?.draft ?? baseDraft(row);
}

describe('the working copy has one owner', () => {
  it('a save tapped right after the last keystroke keeps every keystroke, and the next save too', async () => {
    const editor = await open('a-1');
    type(editor, { name: '林秋生', idNumber: ID_NUMBER, idLongTerm: true });
    await editor.idle(); // the identity is on the tablet as the working copy (an "older copy")
    expect((await db.archives.get('a-1'))!.working!.draft.name).toBe('林秋生');
    // Then the rest, and Save with no pause at all.
    type(editor, { mobile: '13859012345', maritalStatus: 'MARRIED' });
    typeIn(editor, 'address', { line: '潭头村5组12号' });
    typeIn(editor, 'income', { wages: '36000' });
    const first = await editor.save();
    expect(first.queued).toBe(true);
    await editor.idle();
    const row = (await db.archives.get('a-1'))!;
    expect(row.working).toBeNull(); // no older copy left to come back
    expect([row.draft!.mobile, row.draft!.maritalStatus, row.draft!.address.line, row.draft!.income.wages]).toEqual(['13859012345', 'MARRIED', '潭头村5组12号', '36000']);
    // Whatever the row does meanwhile, the form still shows it all; the next save sends it.
    expect(editor.getState().draft.mobile).toBe('13859012345');
    typeIn(editor, 'social', { remarks: '第二次保存' });
    await editor.save();
    await engine.run();
    const saved = server.archives.get('a-1')!;
    expect([saved.mobile, saved.maritalStatus, saved.address.line, saved.income.wages, saved.social.remarks]).toEqual(['13859012345', 'MARRIED', '潭头村5组12号', '36000.00', '第二次保存']);
  });

  it('never lets an older state follow a save, whatever the interleaving of edits, saves and syncs', async () => {
    const editor = await open('a-1');
    type(editor, { name: '林秋生', idNumber: ID_NUMBER, idLongTerm: true });
    // A fixed pseudo-random schedule: edits of four fields, saves and sync passes, some awaited,
    // some not, so writes, saves and landings overlap in many orders.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const last: Record<string, string> = {};
    const pending: Promise<unknown>[] = [];
    for (let step = 0; step < 120; step++) {
      const r = next();
      if (r < 0.6) {
        const field = (['mobile', 'altPhone', 'line', 'wages'] as const)[Math.floor(next() * 4)];
        const value = field === 'wages' ? String(1000 + step) : field === 'line' ? `溪口村${step}号` : `1385901${String(1000 + step)}`;
        last[field] = value;
        if (field === 'line') typeIn(editor, 'address', { line: value });
        else if (field === 'wages') typeIn(editor, 'income', { wages: value });
        else type(editor, { [field]: value });
      } else if (r < 0.8) pending.push(editor.save());
      else if (r < 0.9) pending.push(engine.run());
      else await Promise.all(pending.splice(0));
      if (next() < 0.3) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await Promise.all(pending);
    await editor.save();
    await engine.run();
    await editor.idle();
    const shown = editor.getState().draft;
    expect([shown.mobile, shown.altPhone, shown.address.line, Number(shown.income.wages)]).toEqual([last.mobile, last.altPhone, last.line, Number(last.wages)]);
    const saved = server.archives.get('a-1')!;
    expect([saved.mobile, saved.altPhone, saved.address.line, Number(saved.income.wages)]).toEqual([last.mobile, last.altPhone, last.line, Number(last.wages)]);
    const row = (await db.archives.get('a-1'))!;
    expect([row.draft, row.working]).toEqual([null, null]);
  });

  it('keeps what is typed while a save is on its way when the answer lands', async () => {
    const editor = await open('a-1');
    type(editor, { name: '林秋生', idNumber: ID_NUMBER, idLongTerm: true, mobile: '13859012345' });
    await editor.save();
    const create = server.hold('create');
    const sync = engine.run();
    await create.arrived; // the save is on its way
    type(editor, { altPhone: '13766023013' });
    typeIn(editor, 'income', { wages: '52000' });
    await editor.idle();
    create.release();
    await sync;
    await rowWhere('a-1', (a) => a?.serverVersion === 1);
    await stateWhere(editor, (s) => s.draft.idNumber.includes('*'));
    const state = editor.getState();
    // Typed meanwhile: kept. Not touched since the save: the server's copy (its masked ID number).
    expect([state.draft.altPhone, state.draft.income.wages, state.draft.mobile, state.draft.idNumber]).toEqual(['13766023013', '52000', '13859012345', '350102********0016']);
    expect(state.dirty).toBe(true);
    const row = (await db.archives.get('a-1'))!;
    expect(row.draft).toBeNull();
    expect(row.working!.draft.altPhone).toBe('13766023013');
    await editor.save();
    await engine.run();
    expect(server.archives.get('a-1')).toMatchObject({ version: 2, altPhone: '13766023013', mobile: '13859012345', income: { wages: '52000.00' } });
  });

  it('never replaces unsaved edits when the row is reloaded with a newer server copy', async () => {
    await collectOnServer('a-1');
    const editor = await open('a-1');
    type(editor, { mobile: '13912345678' });
    await editor.idle();
    // Someone else saves version 2; the list refresh brings it while the edit is unsaved.
    server.archives.set('a-1', { ...server.archives.get('a-1')!, version: 2, household: { size: 6, registerNo: null, isHead: true } });
    await engine.refreshArchive('a-1');
    await editor.idle();
    expect(editor.getState().draft.mobile).toBe('13912345678');
    // The edit keeps the copy it was made on: saving it meets the conflict instead of
    // overwriting version 2 silently.
    const row = (await db.archives.get('a-1'))!;
    expect(row.serverVersion).toBe(1);
    await editor.save();
    await engine.run();
    expect((await db.archives.get('a-1'))!.conflict?.serverVersion).toBe(2);
  });

  it('reads the working copy back after the app was closed before Save', async () => {
    const editor = await open('a-1');
    type(editor, { name: '林秋生', mobile: '13859012345' });
    await editor.idle();
    store.release(editor);
    await editor.idle();
    const again = await open('a-1');
    expect(again).not.toBe(editor);
    expect([again.getState().draft.name, again.getState().draft.mobile, again.getState().dirty]).toEqual(['林秋生', '13859012345', true]);
  });

  it('leaves no row for a new archive typed and emptied again', async () => {
    const editor = await open('a-1');
    type(editor, { name: '林' });
    await editor.idle();
    expect(await db.archives.get('a-1')).toBeDefined();
    type(editor, { name: '' });
    await editor.idle();
    expect(await db.archives.get('a-1')).toBeUndefined();
  });

  it('carries unsaved edits over to a merged conflict', async () => {
    await collectOnServer('a-1');
    const editor = await open('a-1');
    type(editor, { mobile: '13912345678' });
    await editor.save();
    server.archives.set('a-1', { ...server.archives.get('a-1')!, version: 2, address: { ...server.archives.get('a-1')!.address, line: '东街8号之一' } });
    await engine.run();
    const conflict = (await db.archives.get('a-1'))!.conflict!;
    type(editor, { altPhone: '13766023013' }); // typed after the conflicting save
    const merged = { ...draftFromServer(conflict.current), mobile: '13912345678' };
    await store.resolveConflict('a-1', merged);
    await editor.idle();
    expect([editor.getState().draft.altPhone, editor.getState().draft.mobile, editor.getState().draft.address.line]).toEqual(['13766023013', '13912345678', '东街8号之一']);
    await engine.run();
    expect(server.archives.get('a-1')).toMatchObject({ version: 3, mobile: '13912345678', address: { line: '东街8号之一' } });
    expect(await reopened('a-1')).toMatchObject({ altPhone: '13766023013' });
  });
});

describe('the working copy of version 1 (a cache row written on a timer)', () => {
  it('becomes the archive\'s working copy when it is newer than the last save', async () => {
    const name = `store-upgrade-${++dbCount}`;
    const old = new Dexie(name);
    old.version(1).stores({ archives: 'id, status, updatedAt', photos: 'id, archiveId, state', queue: '++seq, archiveId, state, [archiveId+op]', cache: 'key' });
    const saved: LocalArchive = { ...newArchive('a-1', { ...emptyDraft(), name: '林秋生' }), revision: 3, updatedAt: '2026-06-01T02:00:00.000Z' };
    await old.table('archives').bulkPut([saved, { ...newArchive('a-2', { ...emptyDraft(), name: '陈建国' }), revision: 1, updatedAt: '2026-06-01T03:00:00.000Z' }]);
    await old.table('cache').bulkPut([
      { key: 'working:a-1', value: { ...emptyDraft(), name: '林秋生', mobile: '13859012345' }, savedAt: '2026-06-01T02:00:05.000Z' },
      // older than the save: a stale copy, dropped
      { key: 'working:a-2', value: { ...emptyDraft(), name: '陈' }, savedAt: '2026-06-01T02:59:00.000Z' },
    ]);
    old.close();
    const upgraded = new PadDatabase(name);
    const a1 = (await upgraded.archives.get('a-1'))!;
    expect([a1.working?.draft.mobile, a1.working?.revision, a1.draft?.mobile]).toEqual(['13859012345', 4, '']);
    expect((await upgraded.archives.get('a-2'))!.working ?? null).toBeNull();
    expect(await upgraded.cache.where('key').startsWith('working:').count()).toBe(0);
  });
});

describe('what waits for the manager', () => {
  const refuse = (code: string, duplicateOf: string | null = null) => () =>
    Promise.resolve({ customer: null, conflict: null, duplicateOf, violations: [], errors: [{ field: 'idNumber', code, message: '本行已有该身份证号码的客户档案', messageEn: '' }] });

  it('a refused new archive is fixed and sent again', async () => {
    const create = server.createArchive;
    server.createArchive = refuse('DUPLICATE_ARCHIVE', 'someone-else');
    const editor = await open('a-1');
    type(editor, { name: '欧阳春', idNumber: ID_NUMBER, idLongTerm: true });
    await editor.save();
    await engine.run();
    expect(queueSummary(await db.queue.toArray())).toMatchObject({ waiting: 0, attention: 1 });
    expect((await db.archives.get('a-1'))!.serverErrors.map((e) => e.code)).toEqual(['DUPLICATE_ARCHIVE']);
    // Fixed: another ID number, saved again.
    server.createArchive = create;
    type(editor, { idNumber: '350102199001010032' });
    await editor.save();
    await engine.run();
    expect(queueSummary(await db.queue.toArray())).toMatchObject({ waiting: 0, attention: 0 });
    expect(server.archives.get('a-1')!.idNumber).toBe('350102********0032');
  });

  it('a refused new archive is discarded with its photos and queue entries', async () => {
    server.createArchive = refuse('DUPLICATE_ARCHIVE', 'someone-else');
    const editor = await open('a-1');
    type(editor, { name: '欧阳春', idNumber: ID_NUMBER, idLongTerm: true });
    await editor.save();
    await photo('a-1', 'p-1');
    await engine.run();
    const [save] = await db.queue.orderBy('seq').toArray();
    expect(save.state).toBe('rejected');
    await store.discardEntry(save.seq!);
    expect([await db.archives.get('a-1'), await db.photos.get('p-1'), await db.queue.count()]).toEqual([undefined, undefined, 0]);
    await stateWhere(editor, (s) => !s.exists);
    expect(editor.getState().draft).toEqual(emptyDraft());
  });

  it('a refused edit of a server archive is discarded: the server copy stays, the photos too', async () => {
    await collectOnServer('a-1');
    await photo('a-1', 'p-1');
    await engine.run();
    server.updateArchive = refuse('ID_INVALID_CHECKSUM');
    const editor = await open('a-1');
    type(editor, { mobile: '13912345678' });
    await editor.save();
    await engine.run();
    const refused = (await db.queue.toArray()).find((e) => e.state === 'rejected')!;
    await store.discardEntry(refused.seq!);
    await stateWhere(editor, (s) => s.draft.mobile === '13812340000');
    const a = (await db.archives.get('a-1'))!;
    expect([a.draft, a.working, a.serverErrors, a.serverVersion]).toEqual([null, null, [], 1]);
    expect(await db.photos.get('p-1')).toBeDefined();
    expect(queueSummary(await db.queue.toArray())).toMatchObject({ waiting: 0, attention: 0 });
  });

  it('warns about an ID number another archive on the tablet has, in full or masked', async () => {
    await db.archives.bulkPut([
      { ...newArchive('local', { ...emptyDraft(), name: '林秋生', idNumber: ID_NUMBER }), name: '林秋生', idNumber: ID_NUMBER },
      { ...newArchive('cached', null), name: '陈建国', idNumber: '350102********0032', serverVersion: 3 },
    ]);
    expect(await store.duplicates('new', ID_NUMBER)).toEqual([{ archiveId: 'local', name: '林秋生', exact: true }]);
    expect(await store.duplicates('new', '350102198502020032')).toEqual([{ archiveId: 'cached', name: '陈建国', exact: false }]);
    expect(await store.duplicates('local', ID_NUMBER)).toEqual([]); // not itself
    expect(await store.duplicates('new', ID_NUMBER.slice(0, 17))).toEqual([]); // not while incomplete
    // Typed through a Chinese IME: full-width digits are the same number.
    const fullWidth = ID_NUMBER.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(await store.duplicates('new', fullWidth)).toEqual([{ archiveId: 'local', name: '林秋生', exact: true }]);
    // As the manager types, before anything is saved.
    const editor = await open('new');
    type(editor, { name: '林', idNumber: '350102199001010016' });
    await editor.idle();
    expect((await store.duplicates('new', editor.getState().draft.idNumber)).map((d) => d.name)).toEqual(['林秋生']);
    // And the answer to Save says it too.
    expect((await editor.save()).duplicates.map((d) => [d.name, d.exact])).toEqual([['林秋生', true]]);
  });

  it('lists what logout would lose, by customer name', async () => {
    await collectOnServer('synced');
    server.online = false;
    const fresh = await open('new');
    type(fresh, { name: '林秋生', idNumber: ID_NUMBER, idLongTerm: true });
    await fresh.save();
    await photo('new', 'p-1');
    const edited = await open('synced');
    type(edited, { mobile: '13912345678' });
    await edited.idle();
    await db.photos.update('p-1', { kind: 'VISIT_PHOTO' });
    const losses = await unsyncedLosses(db);
    expect(losses).toEqual([
      { archiveId: 'new', name: '林秋生', newArchive: true, edits: true, unsaved: false, submit: false, photos: ['VISIT_PHOTO'], applications: 0, contacts: 0, reminders: 0 },
      { archiveId: 'synced', name: '欧阳春华', newArchive: false, edits: false, unsaved: true, submit: false, photos: [], applications: 0, contacts: 0, reminders: 0 },
    ]);
    // Once everything is on the server there is nothing to lose.
    server.online = true;
    await edited.save();
    await engine.retryNow();
    expect(await unsyncedLosses(db)).toEqual([]);
  });
});

describe('logout', () => {
  it('counts an edit typed a moment before, whose working copy is still on its way to IndexedDB', async () => {
    await collectOnServer('synced');
    const edited = await open('synced');
    type(edited, { mobile: '13912345678' });
    // No idle(): the logout dialog asks right after the keystroke.
    expect(await store.losses()).toEqual([{ archiveId: 'synced', name: '欧阳春华', newArchive: false, edits: false, unsaved: true, submit: false, photos: [], applications: 0, contacts: 0, reminders: 0 }]);
  });
});

async function photo(archiveId: string, id: string): Promise<void> {
  const p: LocalPhoto = {
    id, archiveId, kind: 'ID_FRONT', blob: new Blob(['jpeg'], { type: 'image/jpeg' }), fileName: `${id}.jpg`, takenAt: '2026-06-01T10:00:00+08:00',
    latitude: null, longitude: null, accuracyM: null, deviceId: 'PAD-TEST', state: 'queued', serverId: null, thumb: null, error: null, createdAt: '',
  };
  await db.photos.put(p);
  await engine.enqueuePhoto(archiveId, id);
}

/** An archive that exists on the server (version 1), cached on the tablet without local edits. */
async function collectOnServer(id: string): Promise<void> {
  const editor = await open(id);
  type(editor, { name: '欧阳春华', idNumber: ID_NUMBER, idLongTerm: true, mobile: '13812340000' });
  typeIn(editor, 'address', { line: '东街8号' });
  await editor.save();
  await engine.run();
  await editor.idle();
  store.release(editor);
  await editor.idle();
  expect((await db.archives.get(id))!.serverVersion).toBe(1);
}
