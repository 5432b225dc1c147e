import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { draftFromServer, emptyDraft, type ArchiveDraft } from './archive';
import { PadDatabase, newArchive, type LocalPhoto } from './db';
import { backoffMs, MAX_FAILURES, queueSummary, SyncEngine } from './sync';
import { FakeServer } from '../test/fakeServer';
import { emptyApplication, type ApplicationDraft } from './application';
import { keepApplication, storeApplications } from './applicationStore';
import { inbox, keepContact, keepReminderWork, storeReminders, type WorkDraft } from './reminderStore';
import { ArchiveStore, unsyncedLosses } from './store';

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

  it('sends an update again after its answer was lost: answered as saved, no conflict to settle', async () => {
    await collect('a-1');
    await engine.run();
    await db.archives.update('a-1', { draft: draft('陈建华'), revision: 2 });
    await engine.enqueueSave('a-1');
    server.loseNextAnswer = true;
    await engine.run();
    expect(server.archives.get('a-1')!.version).toBe(2); // it reached the server
    expect(await states()).toEqual(['saveArchive:done', 'saveArchive:retry']);
    clock += 60_000;
    await engine.run();
    expect(server.calls).toEqual(['create', 'update', 'update']);
    expect(await states()).toEqual(['saveArchive:done', 'saveArchive:done']);
    const a = (await db.archives.get('a-1'))!;
    expect([a.serverVersion, a.conflict ?? null, a.draft, a.server?.name]).toEqual([2, null, null, '陈建华']);
    expect(server.archives.get('a-1')!.version).toBe(2);
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

  it('keeps the version a save brought when an older copy, read while the save was on its way, lands after it', async () => {
    await collect('a-1');
    await engine.run();
    // The archive page (or the list) reads the server's copy, version 1; its answer is slow.
    const older = structuredClone(server.archives.get('a-1')!);
    // Meanwhile the manager's edit is sent and its answer, version 2, is stored.
    await db.archives.update('a-1', { draft: { ...draftFromServer(older), mobile: '13912345678' }, revision: 2 });
    await engine.enqueueSave('a-1');
    await engine.run();
    expect((await db.archives.get('a-1'))!.serverVersion).toBe(2);
    // Then the older answer lands: the tablet keeps version 2 and what it holds.
    server.fetchArchive = async () => older;
    await engine.refreshArchive('a-1');
    const a = (await db.archives.get('a-1'))!;
    expect([a.serverVersion, a.server!.version, a.server!.mobile, a.draft]).toEqual([2, 2, '13912345678', null]);
    // A copy as new as the held one (or newer) is taken as before.
    server.fetchArchive = async () => ({ ...server.archives.get('a-1')!, version: 3, mobile: '13700000000' });
    await engine.refreshArchive('a-1');
    expect((await db.archives.get('a-1'))!.server!.mobile).toBe('13700000000');
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
    expect(queueSummary(await db.queue.toArray())).toMatchObject({ waiting: 0, attention: 1 });
    // The manager taps retry once the server is fixed.
    server.failing.clear();
    await engine.retryEntry(stuck.seq!);
    expect(await states()).toEqual(['saveArchive:done', 'saveArchive:done']);
    expect(queueSummary(await db.queue.toArray())).toMatchObject({ waiting: 0, attention: 0 });
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
    expect(queueSummary([entry])).toMatchObject({ waiting: 1, attention: 0 });
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

// -- quota applications -------------------------------------------------------------------------

function application(patch: Partial<ApplicationDraft> = {}): ApplicationDraft {
  return { ...emptyApplication(), productId: '1', productCode: 'NONG_E_DAI', productName: '农e贷', amount: '15000', term: 12, repaymentMethod: 'EQUAL_INSTALLMENT', purpose: '购买化肥和种子', recommendedQuota: '20000.00', ...patch };
}

/** The manager sends an application (what queueApplication in pad.ts does). */
async function apply(customerId: string, id: string, d: ApplicationDraft = application()): Promise<void> {
  await keepApplication(db, customerId, id, d);
  await engine.enqueueApplication(customerId, id);
}

describe('quota applications in the sync queue', () => {
  it('queues an application filled in offline (待同步) and sends it once the network is back', async () => {
    await collect('a-1');
    await engine.run();
    server.online = false;
    await apply('a-1', 'app-1');
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done', 'submitApplication:retry']);
    const waiting = (await db.applications.get('app-1'))!;
    expect([waiting.server, waiting.errors, waiting.draft?.amount]).toEqual([null, [], '15000']);
    expect(queueSummary(await db.queue.toArray())).toMatchObject({ waiting: 1, attention: 0 });
    server.online = true;
    clock += 60_000;
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done', 'submitApplication:done']);
    const sent = (await db.applications.get('app-1'))!;
    expect([sent.draft, sent.server?.id, sent.server?.status, sent.server?.amount, sent.server?.quota?.amount]).toEqual([null, 'app-1', 'APPROVED', '15000.00', '15000.00']);
    expect(server.applications.size).toBe(1);
  });

  it('sends again with the same id after a lost answer: one application on the server', async () => {
    await collect('a-1');
    await engine.run();
    await apply('a-1', 'app-1');
    server.loseNextAnswer = true;
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done', 'submitApplication:retry']);
    expect(server.applications.size).toBe(1);
    clock += 60_000;
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done', 'submitApplication:done']);
    expect(server.calls.filter((c) => c === 'apply')).toHaveLength(2);
    expect(server.applications.size).toBe(1);
    expect((await db.applications.get('app-1'))!.server?.id).toBe('app-1');
  });

  it('waits until its archive is on the server', async () => {
    server.online = false;
    await collect('a-1');
    await apply('a-1', 'app-1');
    await engine.run();
    expect(server.calls).toEqual(['create']);
    server.online = true;
    clock += 60_000;
    await engine.run();
    expect(server.calls).toEqual(['create', 'fetch', 'create', 'apply']); // (a create retried after no network first looks for the archive)
    expect(await states()).toEqual(['saveArchive:done', 'submitApplication:done']);
  });

  it('keeps a refusal on the application with its Chinese message; the fix is sent with the same id', async () => {
    await collect('a-1');
    await engine.run();
    server.ineligible = [{ field: null, code: 'NOT_PRECISE', message: '档案尚未建档精准（须审核通过且无校验错误）', messageEn: 'the archive is not precise' }];
    await apply('a-1', 'app-1', application({ amount: '25000' }));
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done', 'submitApplication:rejected']);
    let refused = (await db.applications.get('app-1'))!;
    expect([refused.errors.map((e) => e.message), refused.draft?.amount, refused.server]).toEqual([['档案尚未建档精准（须审核通过且无校验错误）'], '25000', null]);
    expect(queueSummary(await db.queue.toArray())).toMatchObject({ waiting: 0, attention: 1 });
    expect((await db.queue.toArray())[1].lastError).toBe('NOT_PRECISE');
    // The refusal holds up nothing of the archive: a later save goes.
    await db.archives.update('a-1', { draft: draft('陈建华'), revision: 2 });
    await engine.enqueueSave('a-1');
    await engine.run();
    expect(server.archives.get('a-1')!.name).toBe('陈建华');
    // The archive becomes precise; the amount is above the recommendation: the next refusal says so.
    server.ineligible = [];
    await apply('a-1', 'app-1', application({ amount: '25000' }));
    await engine.run();
    refused = (await db.applications.get('app-1'))!;
    expect(refused.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['overReason:OVER_REASON_REQUIRED']);
    // Fixed: a reason given. One entry for the application all along, woken each time.
    await apply('a-1', 'app-1', application({ amount: '25000', overReason: '扩大茶园种植面积' }));
    await engine.run();
    expect(await states()).toEqual(['saveArchive:done', 'submitApplication:done', 'saveArchive:done']);
    const approved = (await db.applications.get('app-1'))!;
    expect([approved.errors, approved.draft, approved.server?.status, approved.revision]).toEqual([[], null, 'IN_APPROVAL', 3]);
    expect([...server.applications.keys()]).toEqual(['app-1']);
  });

  it('sends a fix saved while the refused send was on its way', async () => {
    await collect('a-1');
    await engine.run();
    server.ineligible = [{ field: 'overReason', code: 'OVER_REASON_REQUIRED', message: '须说明理由', messageEn: '' }];
    await apply('a-1', 'app-1');
    const held = server.hold('apply');
    const sync = engine.run();
    await held.arrived;
    await keepApplication(db, 'a-1', 'app-1', application({ overReason: '扩大茶园种植面积' }));
    await engine.enqueueApplication('a-1', 'app-1');
    held.release();
    await sync;
    // The refusal answered the old draft: the fix waits to go, it is not shown as refused.
    expect(await states()).toEqual(['saveArchive:done', 'submitApplication:pending']);
    expect((await db.applications.get('app-1'))!.errors).toEqual([]);
    server.ineligible = [];
    await engine.run();
    const app = (await db.applications.get('app-1'))!;
    expect([app.errors, app.server?.overReason]).toEqual([[], '扩大茶园种植面积']);
    expect(await states()).toEqual(['saveArchive:done', 'submitApplication:done']);
  });

  it('discards a refused application with its entry, and counts unsent ones as losses', async () => {
    await collect('a-1');
    await engine.run();
    server.online = false;
    await apply('a-1', 'app-1');
    await apply('a-1', 'app-2');
    expect((await unsyncedLosses(db)).map((l) => [l.archiveId, l.applications])).toEqual([['a-1', 2]]);
    const store = new ArchiveStore(db, engine, async () => []);
    const [, first] = await db.queue.orderBy('seq').toArray();
    await store.discardEntry(first.seq!);
    expect((await db.applications.toArray()).map((a) => a.id)).toEqual(['app-2']);
    expect(await states()).toEqual(['saveArchive:done', 'submitApplication:pending']);
  });

  it("lists the server's applications of an archive and keeps the ones only on the tablet", async () => {
    await collect('a-1');
    await engine.run();
    server.online = false;
    await apply('a-1', 'local');
    server.online = true;
    await server.submitApplication({ id: 'old', customerId: 'a-1', productId: '1', amount: '12000.00', term: 12, repaymentMethod: 'BULLET', purpose: '买牛', channel: 'BRANCH', attachmentIds: [] });
    await storeApplications(db, 'a-1', [server.applications.get('old')!]);
    expect((await db.applications.where('customerId').equals('a-1').toArray()).map((a) => [a.id, a.server?.status ?? 'PENDING']).sort()).toEqual([['local', 'PENDING'], ['old', 'APPROVED']]);
    // A list without it (older than the newest ones kept) drops the server's row, never the local one.
    await storeApplications(db, 'a-1', []);
    expect((await db.applications.toArray()).map((a) => a.id)).toEqual(['local']);
  });
});

describe('database version 3', () => {
  it('adds the applications table and keeps what version 2 held', async () => {
    const name = `upgrade-3-${++dbCount}`;
    const old = new Dexie(name);
    const stores = { archives: 'id, status, updatedAt', photos: 'id, archiveId, state', queue: '++seq, archiveId, state, [archiveId+op]', cache: 'key' };
    old.version(1).stores(stores);
    old.version(2).stores({});
    await old.open();
    await old.table('archives').put({ ...newArchive('a-1', draft()), revision: 2 });
    await old.table('queue').add({ op: 'saveArchive', archiveId: 'a-1', photoId: null, state: 'retry', attempts: 1, failures: 0, nextAttemptAt: 0, lastError: 'NETWORK_UNAVAILABLE', createdAt: '', doneAt: null });
    await old.table('cache').put({ key: 'extraFields', value: [], savedAt: '' });
    old.close();
    const upgraded = new PadDatabase(name);
    await upgraded.open();
    expect(upgraded.verno).toBe(4); // (on through version 4)
    expect([(await upgraded.archives.get('a-1'))!.draft?.name, (await upgraded.queue.toArray()).map((e) => e.state), await upgraded.cache.count()]).toEqual(['陈建国', ['retry'], 1]);
    expect(await upgraded.applications.count()).toBe(0);
    // The queue sends the old entry as before.
    engine = new SyncEngine(upgraded, server, { now: () => clock, schedule: false });
    clock += 60_000;
    await engine.run();
    expect((await upgraded.queue.toArray()).map((e) => e.state)).toEqual(['done']);
  });
});

// -- reminders (提醒) and contacts (客户接触) ------------------------------------------------------

const at = () => new Date(clock).toISOString();

/** The manager works a reminder (what queueReminderWork in pad.ts does). */
async function work(reminderId: string, d: WorkDraft): Promise<void> {
  const customerId = await keepReminderWork(db, reminderId, d, at());
  await engine.enqueueReminderWork(customerId, reminderId);
}

/** The manager logs a contact, for a reminder or not (what queueContact in pad.ts does). */
async function contact(customerId: string, reminderId: string | null, id: string, note = '上门走访，客户有意向'): Promise<void> {
  await keepContact(db, { id, customerId, reminderId, channel: 'VISIT', outcome: 'INTERESTED', contactedAt: '2026-06-01T10:00:00+08:00', note }, at());
  await engine.enqueueContact(customerId, id);
}

/** The inbox refresh (refreshReminders in pad.ts): the server's open list as of now. */
const refresh = (fetchedAt = at()) => storeReminders(db, server.openReminders(), fetchedAt, at());
const inboxIds = async () => inbox(await db.reminders.toArray()).map((r) => r.id);

describe('reminders and contacts in the sync queue', () => {
  beforeEach(async () => {
    server.remind('r-1', 'c-1', '陈建国', '2026-05-30');
    server.remind('r-2', 'c-1', '陈建国', '2026-06-03', 'NOT_PRECISE');
    server.remind('r-3', 'c-2', '林秋生', '2026-06-10', 'MODEL');
    await refresh();
  });

  it('sends what was done offline in queue order once the network is back', async () => {
    expect(await inboxIds()).toEqual(['r-1', 'r-2', 'r-3']);
    server.online = false;
    await contact('c-1', 'r-1', 'k-1');
    await work('r-2', { action: 'DONE', until: null, note: '已电话核实' });
    await contact('c-2', null, 'k-2', '网点面谈，暂无需求');
    await work('r-3', { action: 'SNOOZE', until: '2026-06-15', note: '' });
    await engine.run();
    expect(await states()).toEqual(['logContact:retry', 'workReminder:pending', 'logContact:pending', 'workReminder:pending']);
    expect(queueSummary(await db.queue.toArray())).toMatchObject({ waiting: 4, attention: 0 });
    // Logging out now would lose them: named by the reminder's customer (their archives are not cached).
    expect((await unsyncedLosses(db)).map((l) => [l.archiveId, l.name, l.contacts, l.reminders])).toEqual([['c-1', '陈建国', 1, 1], ['c-2', '林秋生', 1, 1]]);

    server.online = true;
    clock += 60_000;
    const before = server.calls.length;
    await engine.run();
    expect(server.calls.slice(before)).toEqual(['contact', 'work', 'contact', 'work']);
    expect(await states()).toEqual(['logContact:done', 'workReminder:done', 'logContact:done', 'workReminder:done']);
    expect([...server.reminders.values()].map((r) => [r.id, r.status, r.note, r.snoozedUntil])).toEqual([
      ['r-1', 'DONE', '上门走访，客户有意向', null],
      ['r-2', 'DONE', '已电话核实', null],
      ['r-3', 'SNOOZED', null, '2026-06-15'],
    ]);
    expect([...server.contacts.values()].map((c) => [c.id, c.customerId, c.reminderId, c.channel, c.outcome])).toEqual([
      ['k-1', 'c-1', 'r-1', 'VISIT', 'INTERESTED'],
      ['k-2', 'c-2', null, 'VISIT', 'INTERESTED'],
    ]);
    // The tablet's copies say what the server said.
    const local = await db.reminders.orderBy('id').toArray();
    expect(local.map((r) => [r.id, r.status, r.work, r.errors])).toEqual([['r-1', 'DONE', null, []], ['r-2', 'DONE', null, []], ['r-3', 'SNOOZED', null, []]]);
    expect((await db.contacts.toArray()).map((c) => [c.id, c.synced, c.staffName])).toEqual([['k-1', true, '林晓燕'], ['k-2', true, '林晓燕']]);
    expect(await unsyncedLosses(db)).toEqual([]);
  });

  it('counts a replayed DONE answered REMINDER_CLOSED as done', async () => {
    await work('r-1', { action: 'DONE', until: null, note: '' });
    // The first send reaches the server; its answer is lost on the way back.
    server.loseNextAnswer = true;
    await engine.run();
    expect(server.reminders.get('r-1')!.status).toBe('DONE');
    expect(await states()).toEqual(['workReminder:retry']);
    clock += 60_000;
    await engine.run();
    expect(server.calls.filter((c) => c === 'work')).toHaveLength(2); // the replay was answered REMINDER_CLOSED
    expect(await states()).toEqual(['workReminder:done']);
    expect(queueSummary(await db.queue.toArray())).toMatchObject({ waiting: 0, attention: 0 });
    const r = (await db.reminders.get('r-1'))!;
    expect([r.status, r.work, r.errors]).toEqual(['DONE', null, []]);
    expect(await inboxIds()).toEqual(['r-2', 'r-3']);
    // So is a dismissal of a reminder closed meanwhile (here by a contact logged on the PC).
    await server.logContact({ id: 'pc-1', customerId: 'c-1', channel: 'CALL', outcome: 'FOLLOW_UP', contactedAt: '2026-06-01T09:00:00+08:00', reminderId: 'r-2' });
    await work('r-2', { action: 'DISMISS', until: null, note: '客户已在网点办理' });
    await engine.run();
    expect(await states()).toEqual(['workReminder:done', 'workReminder:done']);
    expect((await db.reminders.get('r-2'))!.status).toBe('DISMISSED');
  });

  it('takes a worked reminder out of the cached inbox at once, and a refresh does not bring it back', async () => {
    server.online = false;
    await work('r-1', { action: 'DISMISS', until: null, note: '客户已外出务工' });
    expect(await inboxIds()).toEqual(['r-2', 'r-3']);
    await contact('c-1', 'r-2', 'k-1');
    expect(await inboxIds()).toEqual(['r-3']);
    // Nothing has reached the server yet.
    await engine.run();
    expect(server.openReminders().map((r) => r.id)).toEqual(['r-1', 'r-2', 'r-3']);
    // The server still lists both as open: a list fetched before the work was kept, or after, keeps them out.
    server.online = true;
    await refresh(new Date(clock - 60_000).toISOString());
    await refresh();
    expect(await inboxIds()).toEqual(['r-3']);
    clock += 60_000;
    await engine.run();
    expect(await states()).toEqual(['workReminder:done', 'logContact:done']);
    // The next refresh no longer lists them: they stay closed a week (the queue's history names
    // their customer by them), then go.
    clock += 1_000;
    await refresh();
    expect((await db.reminders.orderBy('id').toArray()).map((r) => [r.id, r.status])).toEqual([['r-1', 'DISMISSED'], ['r-2', 'DONE'], ['r-3', 'OPEN']]);
    expect(await inboxIds()).toEqual(['r-3']);
    clock += 8 * 24 * 3600_000;
    await refresh();
    expect((await db.reminders.toArray()).map((r) => r.id)).toEqual(['r-3']);
  });

  it('drops a reminder closed elsewhere at the next refresh, and shows one raised since', async () => {
    await server.workReminder({ id: 'r-2', action: 'DONE', note: '在电脑上处理' }); // on the PC
    server.remind('r-4', 'c-2', '林秋生', '2026-06-02', 'ID_EXPIRING');
    clock += 1_000;
    await refresh();
    expect(await inboxIds()).toEqual(['r-1', 'r-4', 'r-3']);
    expect(await db.reminders.get('r-2')).toBeUndefined();
  });

  it('puts a refused reminder back in the inbox with the server\'s message; the fix goes on the same entry', async () => {
    // Snoozed offline until a day that has come by the time it is sent.
    await work('r-1', { action: 'SNOOZE', until: '2026-06-01', note: '' });
    await engine.run();
    expect(await states()).toEqual(['workReminder:rejected']);
    expect(queueSummary(await db.queue.toArray())).toMatchObject({ waiting: 0, attention: 1 });
    expect((await db.queue.toArray())[0].lastError).toBe('SNOOZE_DATE');
    expect(await inboxIds()).toEqual(['r-1', 'r-2', 'r-3']);
    expect((await db.reminders.get('r-1'))!.errors.map((e) => e.message)).toEqual(['请选择今天之后90天内的日期']);
    // Another day: the same entry is woken and sent.
    await work('r-1', { action: 'SNOOZE', until: '2026-06-08', note: '' });
    expect(await inboxIds()).toEqual(['r-2', 'r-3']);
    await engine.run();
    expect(await states()).toEqual(['workReminder:done']);
    expect(server.reminders.get('r-1')!.snoozedUntil).toBe('2026-06-08');
  });

  it('discards a refused contact: its reminder is back in the inbox, the contact goes', async () => {
    // A contact naming a reminder of another customer: the server refuses it.
    await contact('c-2', 'r-1', 'k-1');
    expect(await inboxIds()).toEqual(['r-2', 'r-3']);
    await engine.run();
    expect(await states()).toEqual(['logContact:rejected']);
    expect((await db.contacts.get('k-1'))!.errors.map((e) => e.message)).toEqual(['提醒不存在或无权访问']);
    expect((await db.reminders.get('r-1'))!.errors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect(await inboxIds()).toEqual(['r-1', 'r-2', 'r-3']);
    const store = new ArchiveStore(db, engine, async () => []);
    await store.discardEntry((await db.queue.toArray())[0].seq!);
    expect([await db.contacts.count(), await db.queue.count()]).toEqual([0, 0]);
    const r = (await db.reminders.get('r-1'))!;
    expect([r.work, r.errors, r.status]).toEqual([null, [], 'OPEN']);
    // Worked again, for the right customer.
    await contact('c-1', 'r-1', 'k-2');
    await engine.run();
    expect(await states()).toEqual(['logContact:done']);
    expect(server.reminders.get('r-1')!.status).toBe('DONE');
  });
});

describe('database version 4', () => {
  it('adds the reminders and contacts tables and keeps what version 3 held', async () => {
    const name = `upgrade-4-${++dbCount}`;
    const old = new Dexie(name);
    old.version(1).stores({ archives: 'id, status, updatedAt', photos: 'id, archiveId, state', queue: '++seq, archiveId, state, [archiveId+op]', cache: 'key' });
    old.version(2).stores({});
    old.version(3).stores({ applications: 'id, customerId, updatedAt' });
    await old.open();
    await old.table('archives').put({ ...newArchive('a-1', draft()), revision: 2 });
    await old.table('queue').add({ op: 'saveArchive', archiveId: 'a-1', photoId: null, applicationId: null, state: 'retry', attempts: 1, failures: 0, nextAttemptAt: 0, lastError: 'NETWORK_UNAVAILABLE', createdAt: '', doneAt: null });
    await old.table('applications').put({ id: 'app-1', customerId: 'a-1', draft: application(), revision: 1, errors: [], server: null, createdAt: '', updatedAt: '' });
    old.close();
    const upgraded = new PadDatabase(name);
    await upgraded.open();
    expect(upgraded.verno).toBe(4);
    expect([(await upgraded.archives.get('a-1'))!.draft?.name, (await upgraded.queue.toArray()).map((e) => e.op), (await upgraded.applications.get('app-1'))!.draft?.amount]).toEqual(['陈建国', ['saveArchive'], '15000']);
    expect([await upgraded.reminders.count(), await upgraded.contacts.count()]).toEqual([0, 0]);
  });
});
