// Photos of an archive on the tablet (src/lib/store.ts keepPhoto / discardPhoto, src/lib/sync.ts
// sendOrder): taken before the archive's first save, retaken and deleted before the upload, and
// sent after the save that creates the archive, in the same pass.
import { liveQuery } from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveDraft } from './archive';
import { PadDatabase, type LocalArchive, type LocalPhoto, type QueueEntry } from './db';
import { ArchiveStore, PhotoUploadingError, unsyncedLosses, type ArchiveEditor, type EditorState } from './store';
import { sendOrder, SyncEngine } from './sync';
import { FakeServer } from '../test/fakeServer';

const ID_NUMBER = '350102199001010016';

let db: PadDatabase;
let server: FakeServer;
let engine: SyncEngine;
let store: ArchiveStore;
let dbCount = 0;

beforeEach(() => {
  db = new PadDatabase(`photos-${++dbCount}`);
  server = new FakeServer();
  engine = new SyncEngine(db, server, { schedule: false });
  store = new ArchiveStore(db, engine, async () => []);
});

function photo(archiveId: string, id: string, kind: LocalPhoto['kind'] = 'ID_FRONT'): LocalPhoto {
  return {
    id, archiveId, kind, blob: new Blob([id], { type: 'image/jpeg' }), fileName: `${id}.jpg`, takenAt: '2026-06-01T10:00:00+08:00',
    latitude: 26.07, longitude: 119.29, accuracyM: 10, deviceId: 'PAD-TEST', state: 'queued', serverId: null, thumb: null, error: null, createdAt: '',
  };
}

async function open(id: string): Promise<ArchiveEditor> {
  const editor = store.editor(id);
  store.retain(editor);
  await stateWhere(editor, (s) => s.loaded);
  return editor;
}

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

function type(editor: ArchiveEditor, patch: Partial<ArchiveDraft>): void {
  editor.update((d) => ({ ...d, ...patch }));
}

const queue = async () => (await db.queue.orderBy('seq').toArray()).map((e) => `${e.op}:${e.photoId ?? e.archiveId}:${e.state}`);

describe('photos before the first save', () => {
  it('a photo of a new archive makes its row at once and waits in the queue, with nothing sent', async () => {
    server.online = false;
    const editor = await open('new');
    expect(editor.getState().exists).toBe(false);
    await store.keepPhoto(photo('new', 'p-1'));
    const row = (await db.archives.get('new'))!;
    expect([row.serverVersion, row.draft, row.status]).toEqual([null, null, 'LOCAL']);
    await stateWhere(editor, (s) => s.exists);
    await engine.run();
    expect(server.calls).toEqual([]); // no archive on the server: the photo did not try
    expect(await queue()).toEqual(['uploadPhoto:p-1:pending']);
    // Logout would name it.
    expect((await unsyncedLosses(db)).map((l) => [l.archiveId, l.newArchive, l.photos])).toEqual([['new', true, ['ID_FRONT']]]);
  });

  it('the save that creates the archive goes first, then its earlier photos, in the same pass', async () => {
    const editor = await open('new');
    await store.keepPhoto(photo('new', 'p-1'));
    await store.keepPhoto(photo('new', 'p-2', 'VISIT_PHOTO'));
    // The queue ran when the photos were kept: nothing to send yet.
    await engine.run();
    expect(server.calls).toEqual([]);
    type(editor, { name: '欧阳春', idNumber: ID_NUMBER, idLongTerm: true });
    expect((await editor.save({ submit: true })).queued).toBe(true);
    await engine.run();
    expect(server.calls.filter((c) => c !== 'image')).toEqual(['create', 'upload', 'upload', 'submit']);
    expect(await queue()).toEqual(['uploadPhoto:p-1:done', 'uploadPhoto:p-2:done', 'saveArchive:new:done', 'submitArchive:new:done']);
    // The server has the archive under the tablet's id, and both photos of it.
    expect([...server.archives.keys()]).toEqual(['new']);
    expect([...server.images.values()].map((i) => [i.customerId, i.clientUploadId])).toEqual([['new', 'p-1'], ['new', 'p-2']]);
  });

  it('emptying the form of a new archive keeps the archive while it has photos', async () => {
    const editor = await open('new');
    type(editor, { name: '林' });
    await rowWhere('new', (a) => !!a?.working);
    await store.keepPhoto(photo('new', 'p-1'));
    type(editor, { name: '' });
    await editor.idle();
    await rowWhere('new', (a) => !!a && !a.working);
    expect(await db.photos.get('p-1')).toBeDefined();
    // Without photos, an emptied new archive leaves nothing behind (as before).
    const other = await open('other');
    type(other, { name: '林' });
    await rowWhere('other', (a) => !!a);
    type(other, { name: '' });
    await rowWhere('other', (a) => a === undefined);
  });

  it('discarding a new archive takes its photos and their uploads with it', async () => {
    const editor = await open('new');
    await store.keepPhoto(photo('new', 'p-1'));
    await editor.discard();
    expect([await db.archives.get('new'), await db.photos.get('p-1'), await db.queue.count()]).toEqual([undefined, undefined, 0]);
  });
});

describe('retake and delete before the upload', () => {
  it('a retake replaces the photo and its queued upload; only the new one is sent', async () => {
    server.online = false;
    await store.keepPhoto(photo('new', 'p-1'));
    await store.keepPhoto(photo('new', 'p-2', 'VISIT_PHOTO'));
    await store.keepPhoto(photo('new', 'p-1b'), 'p-1');
    expect((await db.photos.orderBy('id').toArray()).map((p) => p.id)).toEqual(['p-1b', 'p-2']);
    expect(await queue()).toEqual(['uploadPhoto:p-2:pending', 'uploadPhoto:p-1b:pending']);
    server.online = true;
    const editor = await open('new');
    type(editor, { name: '欧阳春', idNumber: ID_NUMBER, idLongTerm: true });
    await editor.save();
    await engine.run();
    expect([...server.images.values()].map((i) => i.clientUploadId).sort()).toEqual(['p-1b', 'p-2']);
  });

  it('a delete drops the photo and its queued upload', async () => {
    server.online = false;
    await store.keepPhoto(photo('new', 'p-1'));
    await store.keepPhoto(photo('new', 'p-2'));
    await store.discardPhoto('p-1');
    expect((await db.photos.toArray()).map((p) => p.id)).toEqual(['p-2']);
    expect(await queue()).toEqual(['uploadPhoto:p-2:pending']);
    // The archive stays: the manager started it.
    expect(await db.archives.get('new')).toBeDefined();
  });

  it('a photo whose upload is on its way can be neither retaken nor deleted', async () => {
    const editor = await open('a-1');
    type(editor, { name: '欧阳春', idNumber: ID_NUMBER, idLongTerm: true });
    await editor.save();
    await engine.run();
    const held = server.hold('upload');
    await store.keepPhoto(photo('a-1', 'p-1'));
    await held.arrived;
    await expect(store.discardPhoto('p-1')).rejects.toBeInstanceOf(PhotoUploadingError);
    await expect(store.keepPhoto(photo('a-1', 'p-1b'), 'p-1')).rejects.toBeInstanceOf(PhotoUploadingError);
    // Nothing changed: the retake was not kept either.
    expect(await db.photos.get('p-1b')).toBeUndefined();
    held.release();
    await engine.run();
    expect((await db.photos.get('p-1'))!.state).toBe('uploaded');
    expect([...server.images.values()].map((i) => i.clientUploadId)).toEqual(['p-1']);
  });
});

describe('sendOrder', () => {
  const entry = (seq: number, op: QueueEntry['op'], archiveId: string): QueueEntry => ({
    seq, op, archiveId, photoId: op === 'uploadPhoto' ? `p${seq}` : null, state: 'pending', attempts: 0, nextAttemptAt: 0, lastError: null, createdAt: '', doneAt: null,
  });
  const order = (entries: QueueEntry[]) => sendOrder(entries).map((e) => `${e.seq}:${e.op}:${e.archiveId}`);

  it('puts photos and applications taken before an archive\'s save right after it, the rest in queue order', () => {
    expect(
      order([
        entry(5, 'submitArchive', 'a'),
        entry(1, 'uploadPhoto', 'a'),
        entry(2, 'uploadPhoto', 'b'),
        entry(3, 'uploadPhoto', 'a'),
        entry(4, 'saveArchive', 'a'),
        entry(6, 'logContact', 'c'),
      ]),
    ).toEqual(['2:uploadPhoto:b', '4:saveArchive:a', '1:uploadPhoto:a', '3:uploadPhoto:a', '5:submitArchive:a', '6:logContact:c']);
  });

  it('leaves photos taken after the save where they are', () => {
    expect(order([entry(1, 'saveArchive', 'a'), entry(2, 'submitArchive', 'a'), entry(3, 'uploadPhoto', 'a')])).toEqual([
      '1:saveArchive:a',
      '2:submitArchive:a',
      '3:uploadPhoto:a',
    ]);
  });

  it('behind the last of several saves of the archive', () => {
    expect(order([entry(1, 'uploadPhoto', 'a'), entry(2, 'saveArchive', 'a'), entry(3, 'submitApplication', 'a'), entry(4, 'saveArchive', 'a')])).toEqual([
      '2:saveArchive:a',
      '4:saveArchive:a',
      '1:uploadPhoto:a',
      '3:submitApplication:a',
    ]);
  });
});
