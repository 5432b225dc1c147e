import { beforeEach, describe, expect, it } from 'vitest';
import { businessSummary } from '@cic/shared/business';
import { emptyDraft } from './archive';
import { PadDatabase, mergeServerCopy, newArchive } from './db';
import { SyncEngine } from './sync';
import { FakeServer } from '../test/fakeServer';

// The archive's business line is read from the archive row in IndexedDB (offline), written by the
// list refresh and the archive query (ArchiveBusinessFields), never by the manager's edits.

const business = { asOf: '2026-11-29', depositBalance: '65000.00', depositBand: 'FROM_50K_TO_100K', loanBalance: '120000.50', loanBand: 'FROM_100K_TO_500K', overdueDays: 12 } as const;

let db: PadDatabase;
let server: FakeServer;
let engine: SyncEngine;
let n = 0;

beforeEach(async () => {
  db = new PadDatabase(`business-${++n}`);
  server = new FakeServer();
  engine = new SyncEngine(db, server, { now: () => Date.parse('2026-12-01T02:00:00Z'), random: () => 0.5, schedule: false });
  await db.archives.put({ ...newArchive('a-1', { ...emptyDraft(), name: '陈建国', idNumber: '350102199001010016', idLongTerm: true, mobile: '13812345678' }), revision: 1 });
  await engine.enqueueSave('a-1');
  await engine.run();
});

describe('the business line on the tablet', () => {
  it('comes with the list refresh and stays through answers that do not carry it', async () => {
    const copy = server.archives.get('a-1')!;
    const row = await db.archives.get('a-1');
    // A row cached before the business line existed has neither field: nothing to show, no error.
    expect(row?.business ?? null).toBeNull();
    const listed = mergeServerCopy(row, { ...copy, blacklisted: true, bankBusiness: business });
    expect([listed.business, listed.blacklisted]).toEqual([business, true]);
    await db.archives.put(listed);
    // A mutation's answer (ArchiveFields only) keeps what the last refresh brought.
    const saved = mergeServerCopy(await db.archives.get('a-1'), copy);
    expect([saved.business, saved.blacklisted]).toEqual([business, true]);
    // A refresh where the warehouse no longer has the customer, or the policy withholds the flag.
    const gone = mergeServerCopy(saved, { ...copy, blacklisted: null, bankBusiness: null });
    expect([gone.business, gone.blacklisted]).toEqual([null, null]);
  });

  it("follows the server even while the manager has a local edit (it is not the manager's to edit)", async () => {
    const row = (await db.archives.get('a-1'))!;
    const edited = { ...row, working: { draft: { ...emptyDraft(), name: '陈建国' }, base: emptyDraft(), revision: 2 } };
    const listed = mergeServerCopy(edited, { ...server.archives.get('a-1')!, blacklisted: false, bankBusiness: business });
    expect(listed.business).toEqual(business);
    expect(listed.server).toBe(row.server); // the edit keeps its base
  });

  it('is refreshed with the archive after a sync (the archive query carries it)', async () => {
    server.archives.set('a-1', { ...server.archives.get('a-1')!, blacklisted: false, bankBusiness: business } as never);
    await engine.refreshArchive('a-1');
    const row = (await db.archives.get('a-1'))!;
    expect(businessSummary(row.business!, 'zh')).toBe('存款 ¥65,000.00 · 贷款 ¥120,000.50 · 逾期 12 天');
  });
});
