import { beforeEach, describe, expect, it } from 'vitest';
import { draftFromServer, emptyDraft, type ArchiveDraft } from './archive';
import { PadDatabase, newArchive, type LocalPhoto } from './db';
import { backoffMs, MAX_FAILURES, queueSummary, SyncEngine } from './sync';
import { FakeServer } from '../test/fakeServer';

let db: PadDatabase;
let server: FakeServer;
let clock: number;
let engine: SyncEngine;
let dbCount = 0;

function draft(name = '陈建国'): ArchiveDraft {
  return { ...emptyDraft(), name, idNumber: '350102199001010016', idLongTerm: true, mobile: '13812345678' };
}

async function collect(id: string, d: ArchiveDraft = draft()): Promise<void> {
  await db.archives.put({ ...newArchive(id, d), revision: 1 });
  await engine.enqueueSave(id);
}

async function photo(archiveId: string, id: string): Promise<void> {
  const p: LocalPhoto = {
    id, archiveId, kind: 'ID_FRONT', blob: new Blob(['jpeg'], { type: 'image/jpeg' }), fileName: `${id}.jpg`, takenAt: '2026-06-01T10:00:00+08:00',
    latitude: 26.07, longitude: 119.29, accuracyM: 10, deviceId: 'PAD-TEST', state: 'queued', serverId: null, thumb: null, error: null, createdAt: '',
  };
  await db.photos.put(p);
  await engine.enqueuePhoto(archiveId, id);
}

const states = async () => (await db.queue.orderBy('seq').toArray()).map((e) => `${e.op}:${e.state}`);

beforeEach(async () => {
  db = new PadDatabase(`test-${++dbCount}`);
  server = new FakeServer();
  clock = Date.parse('2026-06-01T02:00:00Z');
  engine = new SyncEngine(db, server, { now: () => clock, random: () => 0.5, schedule: false });
});

describe('sync queue', () => {
  it('creates the archive with the tablet UUID, then uploads its photos, in order', async () => {
    await collect('a-1');
    await photo('a-1', 'p-1');
    await photo('a-1', 'p-2');
    await engine.run();
    expect(server.calls.filter((c) => c !== 'image')).toEqual(['create', 'upload', 'upload']);
    expect([...server.archives.keys()]).toEqual(['a-1']);
    expect(server.images.size).toBe(2);
    expect(await states()).toEqual(['saveArchive:done', 'uploadPhoto:done', 'uploadPhoto:done']);
    const a = (await db.archives.get('a-1'))!;
    expect([a.serverVersion, a.status, a.draft, a.violations[0].code]).toEqual([1, 'DRAFT', null, 'BASE_REQUIRED_IMAGES']);
  });

  it('waits offline with backoff and drains when the network is back', async () => {
    server.online = false;
    await collect('a-1');
    await photo('a-1', 'p-1');
    await engine.run();
    expect(await states()).toEqual(['saveArchive:retry', 'uploadPhoto:pending']);
    expect(engine.status.offline).toBe(true);
    const retry = (await db.queue.toArray())[0];
    expect(retry.nextAttemptAt - clock).toBe(backoffMs(1, () => 0.5));
    // Not yet due: nothing is sent.
    server.online = true;
    await engine.run();
    expect(server.calls).toEqual(['create']);
    clock += 60_000;
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done', 'uploadPhoto:done']);
  });

  it('backs off exponentially up to a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffMs(n, () => 0.5))).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });

  it('replays a create whose answer was lost without making a second archive', async () => {
    await collect('a-1');
    server.loseNextAnswer = true;
    await engine.run();
    expect(server.archives.size).toBe(1);
    expect(await states()).toEqual(['saveArchive:retry']);
    clock += 60_000;
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done']);
    expect(server.calls).toEqual(['create', 'fetch', 'update']);
    expect(server.archives.size).toBe(1);
    expect((await db.archives.get('a-1'))!.serverVersion).toBe(2);
  });

  it('resumes after a reload mid-sync: a photo sent twice is stored once', async () => {
    await collect('a-1');
    await engine.run();
    await photo('a-1', 'p-1');
    // The upload reaches the server, then the tablet reloads before the answer.
    server.loseNextAnswer = true;
    const seq = (await db.queue.toArray())[1].seq!;
    await engine.run();
    await db.queue.update(seq, { state: 'running' }); // as a reload would find it
    engine = new SyncEngine(db, server, { now: () => clock, random: () => 0.5, schedule: false });
    await engine.resume();
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done', 'uploadPhoto:done']);
    expect(server.images.size).toBe(1);
    expect((await db.photos.get('p-1'))!.state).toBe('uploaded');
  });

  it('keeps the original until the watermarked thumbnail is here', async () => {
    await collect('a-1');
    await photo('a-1', 'p-1');
    await engine.run();
    expect((await db.photos.get('p-1'))!.blob).not.toBeNull();
    server.process();
    expect(await engine.pollProcessing()).toBe(0);
    const p = (await db.photos.get('p-1'))!;
    expect([p.state, p.blob, p.thumb !== null]).toEqual(['ready', null, true]); // (jsdom's structured clone keeps no Blob bytes)
  });

  it('coalesces edits: one waiting save sends the newest draft', async () => {
    server.online = false;
    await collect('a-1');
    await engine.enqueueSave('a-1');
    await db.archives.update('a-1', { draft: draft('陈建华'), revision: 2 });
    await engine.enqueueSave('a-1');
    expect(await db.queue.count()).toBe(1);
    server.online = true;
    clock += 60_000;
    await engine.run();
    expect(server.archives.get('a-1')!.name).toBe('陈建华');
  });

  it('stops an archive at a version conflict and goes on once it is resolved', async () => {
    await collect('a-1');
    await engine.run();
    const base = (await db.archives.get('a-1'))!.server!;
    // Someone else saves version 2 on the server; the tablet edits version 1 meanwhile.
    server.archives.set('a-1', { ...base, version: 2, mobile: '13912345678' });
    await db.archives.update('a-1', { draft: { ...draftFromServer(base), household: { size: '6', registerNo: '', isHead: true } }, revision: 2 });
    await engine.enqueueSave('a-1');
    await engine.enqueueSubmit('a-1');
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done', 'saveArchive:conflict', 'submitArchive:pending']);
    const a = (await db.archives.get('a-1'))!;
    expect(a.conflict?.serverVersion).toBe(2);
    // The manager merges (here: mine for the household, theirs for the mobile).
    await db.archives.update('a-1', {
      draft: { ...a.draft!, mobile: '13912345678' },
      serverVersion: a.conflict!.serverVersion,
      server: a.conflict!.current,
      conflict: null,
    });
    await engine.conflictResolved('a-1');
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done', 'saveArchive:done', 'submitArchive:done']);
    const saved = server.archives.get('a-1')!;
    expect([saved.version, saved.household.size, saved.mobile, saved.status]).toEqual([4, 6, '13912345678', 'SUBMITTED']);
  });

  it('holds a refused archive with its errors and sends again after the fix', async () => {
    const refusing = new FakeServer();
    refusing.createArchive = () => Promise.resolve({ customer: null, conflict: null, duplicateOf: null, violations: [], errors: [{ field: 'familyMembers[0].idNumber', code: 'ID_INVALID_CHECKSUM', message: '身份证号码校验位错误，请核对', messageEn: '' }] });
    engine = new SyncEngine(db, refusing, { now: () => clock, schedule: false });
    await collect('a-1');
    await engine.run();
    expect(await states()).toEqual(['saveArchive:rejected']);
    expect((await db.archives.get('a-1'))!.serverErrors[0].field).toBe('familyMembers[0].idNumber');
    engine = new SyncEngine(db, server, { now: () => clock, schedule: false });
    await engine.enqueueSave('a-1');
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done']);
  });

  it('keeps a refused photo out of the way of the others', async () => {
    await collect('a-1');
    await engine.run();
    await photo('a-1', 'p-1');
    await photo('a-1', 'p-2');
    const upload = server.uploadImage;
    let first = true;
    server.uploadImage = (input, file, name) => {
      if (first) {
        first = false;
        return Promise.resolve({ image: null, duplicate: false, errors: [{ field: 'file', code: 'NOT_AN_IMAGE', message: '文件不是图片', messageEn: '' }] });
      }
      return upload(input, file, name);
    };
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done', 'uploadPhoto:rejected', 'uploadPhoto:done']);
    expect((await db.photos.get('p-1'))!.error).toBe('文件不是图片');
  });

  it('stops an entry that keeps failing after MAX_FAILURES tries and asks; retry sends it again', async () => {
    await collect('a-1');
    await engine.run();
    // The edit the old server answered INTERNAL to (an unchanged archive without consent).
    await db.archives.update('a-1', { draft: draft(), revision: 2 });
    await engine.enqueueSave('a-1');
    server.failing.set('update', 'INTERNAL');
    for (let i = 0; i < MAX_FAILURES + 3; i++) {
      await engine.run();
      clock += 120_000; // past any backoff
    }
    expect(server.calls.filter((c) => c === 'update')).toHaveLength(MAX_FAILURES);
    const [, stuck] = await db.queue.orderBy('seq').toArray();
    expect([stuck.state, stuck.lastError, stuck.failures]).toEqual(['failed', 'INTERNAL', MAX_FAILURES]);
    expect(queueSummary(await db.queue.toArray())).toEqual({ waiting: 0, attention: 1 });
    // The manager taps retry once the server is fixed.
    server.failing.clear();
    await engine.retryEntry(stuck.seq!);
    expect(await states()).toEqual(['saveArchive:done', 'saveArchive:done']);
    expect(queueSummary(await db.queue.toArray())).toEqual({ waiting: 0, attention: 0 });
  });

  it('never gives up for want of network', async () => {
    server.online = false;
    await collect('a-1');
    for (let i = 0; i < MAX_FAILURES * 3; i++) {
      await engine.run();
      clock += 120_000;
    }
    const [entry] = await db.queue.toArray();
    expect([entry.state, entry.lastError, entry.failures, entry.attempts]).toEqual(['retry', 'NETWORK_UNAVAILABLE', 0, MAX_FAILURES * 3]);
    expect(queueSummary([entry])).toEqual({ waiting: 1, attention: 0 });
  });

  it('keeps a draft saved while a submit is on its way, and sends it next', async () => {
    await collect('a-1');
    await engine.run();
    await engine.enqueueSubmit('a-1');
    const submit = server.hold('submit');
    const sync = engine.run();
    await submit.arrived;
    await db.archives.update('a-1', { draft: draft('陈建华'), revision: 2 });
    await engine.enqueueSave('a-1');
    submit.release();
    await sync;
    const a = (await db.archives.get('a-1'))!;
    expect([a.status, a.draft?.name]).toEqual(['SUBMITTED', '陈建华']);
    await engine.run();
    expect(server.calls.at(-1)).toBe('update');
    expect(server.archives.get('a-1')!.name).toBe('陈建华');
  });
});
