import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyDraft } from '../lib/archive';
import { PadDatabase, mergeServerCopy, newArchive, type LocalArchive } from '../lib/db';
import { SyncEngine } from '../lib/sync';
import { I18nProvider } from '../i18n';
import { FakeServer } from '../test/fakeServer';
import { RatingBlock, ratedAtText } from './RatingBlock';

// The archive's compact 信用评级 block: grade and score, vetoes (a warning), at most three reasons,
// and "尚未评级" without a rating. It reads the archive row in IndexedDB, so it shows offline.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Rating = NonNullable<LocalArchive['rating']>;
const rating: Rating = {
  score: 670,
  grade: 'BB',
  gradeLabel: 'BB（一般）',
  card: { name: '农户评分卡', version: 2, maxScore: 1200 },
  reasons: ['家庭年收入偏低', '无经营收入', '资产较少', '贷款余额较高'],
  vetoes: [],
  vetoReasons: [],
  recommendedQuota: '17814.00', ratedAt: '2026-12-01T02:30:00Z',
};
const vetoed: Rating = { ...rating, score: 710, grade: 'D', gradeLabel: 'D（不予授信）', vetoes: ['BLACKLISTED', 'OVERDUE_90'], vetoReasons: ['列入风险监控黑名单', '贷款逾期超过90天'] };

let host: HTMLDivElement;
let root: Root;

beforeEach(() => {
  localStorage.removeItem('cic.pad.locale');
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

function render(r: Rating | null | undefined) {
  act(() => root.render(<I18nProvider><RatingBlock a={{ rating: r }} /></I18nProvider>));
  const byTestId = (id: string) => host.querySelector(`[data-testid="${id}"]`);
  return { byTestId, items: (id: string) => [...host.querySelectorAll(`[data-testid="${id}"] li`)].map((li) => li.textContent) };
}

describe('RatingBlock', () => {
  it('shows the grade, the score of the maximum, the rating time and the top three reasons', () => {
    const { byTestId, items } = render(rating);
    expect(byTestId('rating-block')!.textContent).toContain('信用评级');
    expect(byTestId('rating-summary')!.textContent).toBe('BB（一般） · 670 / 1200');
    expect(byTestId('rating-rated-at')!.textContent).toBe(`评级时间 ${ratedAtText(rating.ratedAt)}`);
    expect(ratedAtText(rating.ratedAt)).toMatch(/^2026-12-01 \d{2}:30$/);
    expect(items('rating-reasons')).toEqual(['家庭年收入偏低', '无经营收入', '资产较少']);
    expect(byTestId('rating-vetoes')).toBeNull();
    expect(byTestId('rating-none')).toBeNull();
  });

  it('shows the vetoes as a warning, in words (Chinese reasons, English labels)', () => {
    const { byTestId, items } = render(vetoed);
    expect(byTestId('rating-summary')!.textContent).toBe('D（不予授信） · 710 / 1200');
    expect(byTestId('rating-vetoes')!.getAttribute('role')).toBe('alert');
    expect(items('rating-vetoes')).toEqual(['列入风险监控黑名单', '贷款逾期超过90天']);
    expect(byTestId('rating-block')!.className).toContain('vetoed');

    localStorage.setItem('cic.pad.locale', 'en');
    act(() => root.unmount());
    root = createRoot(host);
    const en = render(vetoed);
    expect(en.byTestId('rating-block')!.textContent).toContain('Credit rating');
    expect(en.items('rating-vetoes')).toEqual(['Blacklisted', 'Overdue more than 90 days']);
    expect(host.textContent).not.toContain('BLACKLISTED');
  });

  it('says 尚未评级 without a rating (null, or a row cached before ratings existed)', () => {
    for (const r of [null, undefined]) {
      const { byTestId } = render(r);
      expect(byTestId('rating-none')!.textContent).toBe('尚未评级');
      expect(byTestId('rating-summary')).toBeNull();
    }
  });

  it('leaves out the reasons the field policy withholds', () => {
    const { byTestId } = render({ ...rating, reasons: null });
    expect(byTestId('rating-summary')!.textContent).toBe('BB（一般） · 670 / 1200');
    expect(byTestId('rating-reasons')).toBeNull();
  });
});

describe('the rating on the tablet (offline copy)', () => {
  let db: PadDatabase;
  let server: FakeServer;
  let engine: SyncEngine;
  let n = 0;

  beforeEach(async () => {
    db = new PadDatabase(`rating-${++n}`);
    server = new FakeServer();
    engine = new SyncEngine(db, server, { now: () => Date.parse('2026-12-01T02:00:00Z'), random: () => 0.5, schedule: false });
    await db.archives.put({ ...newArchive('a-1', { ...emptyDraft(), name: '陈建国', idNumber: '350102199001010016', idLongTerm: true, mobile: '13812345678' }), revision: 1 });
    await engine.enqueueSave('a-1');
    await engine.run();
  });

  it('comes with the list refresh and the archive query, and stays through answers without it', async () => {
    const copy = server.archives.get('a-1')!;
    const row = await db.archives.get('a-1');
    expect(row?.rating ?? null).toBeNull();
    const listed = mergeServerCopy(row, { ...copy, rating });
    expect(listed.rating).toEqual(rating);
    await db.archives.put(listed);
    // A mutation's answer (ArchiveFields only) keeps the last known rating.
    expect(mergeServerCopy(await db.archives.get('a-1'), copy).rating).toEqual(rating);
    // The archive query after a sync brings the newest.
    server.archives.set('a-1', { ...copy, rating: vetoed } as never);
    await engine.refreshArchive('a-1');
    expect((await db.archives.get('a-1'))!.rating).toEqual(vetoed);
  });
});
