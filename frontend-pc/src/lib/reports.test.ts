import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { ENUM_LABELS } from '@cic/shared/labels';
import {
  MARKETING_RATES,
  ORDER,
  PERIOD_PRESETS,
  TOPICS,
  TOPIC_FIGURES,
  approvalFunnel,
  canDrill,
  conversionFunnel,
  exportPath,
  fenToYuan,
  formatFen,
  formatFigure,
  gradeCounts,
  isoDay,
  levelChoices,
  levelFor,
  marketingRate,
  presetRange,
  rankOf,
  rankingOf,
  rate,
  sortOrderOf,
  unitPath,
} from './reports';
import type { ReportFiguresFragment } from '../gql/graphql';

const range = (preset: (typeof PERIOD_PRESETS)[number], today: string) => presetRange(preset, dayjs(today)).map(isoDay);

const ROW: ReportFiguresFragment = {
  archives: 1200, verified: 900, evaluated: 1100, precise: 300, preciseRate: 0.25, rated: 800,
  quotasActive: 40, quotaAmount: '123456789', quotaUsed: '5', quotaUseRate: 0.3333,
  created: 12, applications: 20, decided: 16, approved: 12, rejected: 4, approvalRate: 0.75, meanDecisionHours: 5.25, approvedAmount: '100',
  quotasGranted: 10, grantedAmount: '6500000',
  reminders: 200, remindersDone: 90, contacts: 130, contactedReminders: 80, convertedApplications: 10, convertedQuotas: 4,
};

describe('report periods', () => {
  it('run from the preset start to today, 近30天 being thirty days with today', () => {
    expect(range('last30', '2026-12-04')).toEqual(['2026-11-05', '2026-12-04']);
    expect(range('thisMonth', '2026-12-04')).toEqual(['2026-12-01', '2026-12-04']);
    expect(range('thisYear', '2026-12-04')).toEqual(['2026-01-01', '2026-12-04']);
  });

  it('take last month whole, across a year and a short month', () => {
    expect(range('lastMonth', '2026-01-15')).toEqual(['2025-12-01', '2025-12-31']);
    expect(range('lastMonth', '2026-03-31')).toEqual(['2026-02-01', '2026-02-28']);
  });

  it('start the quarter on its first month, on a 31st too', () => {
    expect(range('thisQuarter', '2026-12-31')).toEqual(['2026-10-01', '2026-12-31']);
    expect(range('thisQuarter', '2026-05-31')).toEqual(['2026-04-01', '2026-05-31']);
    expect(range('thisQuarter', '2026-01-01')).toEqual(['2026-01-01', '2026-01-01']);
  });
});

describe('levels and the way down', () => {
  it('offer the levels a unit may list, the next one down first', () => {
    expect(levelChoices('PROVINCE')).toEqual(['BANK', 'BRANCH']);
    expect(levelChoices('BANK')).toEqual(['BRANCH', 'MANAGER']);
    expect(levelChoices('BRANCH')).toEqual(['MANAGER']);
    expect(levelFor('BANK', 'MANAGER')).toBe('MANAGER');
    // a level from the URL the unit does not allow (a bank's level kept after opening a branch)
    expect(levelFor('BRANCH', 'BRANCH')).toBe('MANAGER');
    expect(levelFor('PROVINCE', null)).toBe('BANK');
  });

  it('open banks and branches, not managers', () => {
    expect(canDrill('BANK')).toBe(true);
    expect(canDrill('BRANCH')).toBe(true);
    expect(canDrill('MANAGER')).toBe(false);
  });

  it('lead from the caller’s unit down to the one shown', () => {
    const units = [
      { id: '1', name: '省联社', level: 'PROVINCE', parentId: null },
      { id: '2', name: '福州农商行', level: 'BANK', parentId: '1' },
      { id: '3', name: '鼓楼支行', level: 'BRANCH', parentId: '2' },
      { id: '4', name: '泉州农商行', level: 'BANK', parentId: '1' },
    ];
    expect(unitPath(units, '1', '3').map((u) => u.name)).toEqual(['省联社', '福州农商行', '鼓楼支行']);
    expect(unitPath(units, '2', '3').map((u) => u.name)).toEqual(['福州农商行', '鼓楼支行']);
    expect(unitPath(units, '1', '1').map((u) => u.name)).toEqual(['省联社']);
    expect(unitPath(units, '1', '99')).toEqual([]);
  });
});

describe('rankings', () => {
  it('order every column by a figure the API ranks by, with its label', () => {
    const orders = Object.values(ORDER);
    expect(new Set(orders).size).toBe(orders.length);
    for (const order of orders) expect(ENUM_LABELS.ReportOrder[order], order).toBeTruthy();
    for (const topic of TOPICS) for (const f of TOPIC_FIGURES[topic]) expect(ORDER[f], `${topic}.${f}`).toBeTruthy();
  });

  it('default to the tab’s key metric, biggest first', () => {
    expect(rankingOf('progress', undefined)).toEqual({ figure: 'archives', descending: true });
    expect(rankingOf('quotas', { columnKey: 'quotaUseRate', order: null })).toEqual({ figure: 'grantedAmount', descending: true });
    expect(rankingOf('marketing', { columnKey: 'name', order: 'ascend' })).toEqual({ figure: 'convertedApplications', descending: true });
  });

  it('follow the column the user sorts, in its direction', () => {
    expect(rankingOf('applications', { columnKey: 'approvalRate', order: 'ascend' })).toEqual({ figure: 'approvalRate', descending: false });
    expect(rankingOf('progress', { columnKey: 'created', order: 'descend' })).toEqual({ figure: 'created', descending: true });
    // a figure of another tab is not this tab's column
    expect(rankingOf('progress', { columnKey: 'contacts', order: 'descend' })).toEqual({ figure: 'archives', descending: true });
    expect(sortOrderOf({ figure: 'created', descending: false }, 'created')).toBe('ascend');
    expect(sortOrderOf({ figure: 'created', descending: false }, 'archives')).toBeNull();
  });

  it('rank rows from the page’s offset', () => {
    expect(rankOf(0, 0)).toBe(1);
    expect(rankOf(100, 4)).toBe(105);
  });
});

describe('report figures', () => {
  it('are rates of zero over nothing', () => {
    expect(rate(3, 4)).toBe(0.75);
    expect(rate(3, 0)).toBe(0);
  });

  it('show fen as yuan exactly, small and large', () => {
    expect(fenToYuan('6500000')).toBe('65000.00');
    expect(fenToYuan('5')).toBe('0.05');
    expect(fenToYuan('0')).toBe('0.00');
    expect(fenToYuan('-150')).toBe('-1.50');
    expect(formatFen('123456789012345678')).toBe('¥1,234,567,890,123,456.78');
    expect(formatFen(null)).toBe('—');
  });

  it('format each kind of figure', () => {
    expect(formatFigure(ROW, 'archives')).toBe('1,200');
    expect(formatFigure(ROW, 'preciseRate')).toBe('25%');
    expect(formatFigure(ROW, 'quotaUseRate')).toBe('33.3%');
    expect(formatFigure(ROW, 'quotaAmount')).toBe('¥1,234,567.89');
    expect(formatFigure(ROW, 'meanDecisionHours')).toBe('5.3');
    expect(formatFigure({ ...ROW, meanDecisionHours: null }, 'meanDecisionHours')).toBe('—');
  });

  it('count the marketing funnel 提醒 → 接触 → 申请 → 授信 with each step’s share', () => {
    const steps = conversionFunnel(ROW, ['提醒', '接触', '申请', '授信']);
    expect(steps.map((s) => [s.name, s.value])).toEqual([['提醒', 200], ['接触', 80], ['申请', 10], ['授信', 4]]);
    expect(steps.map((s) => s.ofPrevious)).toEqual([1, 0.4, 0.125, 0.4]);
    expect(steps.map((s) => s.ofFirst)).toEqual([1, 0.4, 0.05, 0.02]);
    expect(MARKETING_RATES.map((r) => marketingRate(ROW, r))).toEqual([0.4, 0.125, 0.4]);
    const none = conversionFunnel({ reminders: 0, contactedReminders: 0, convertedApplications: 0, convertedQuotas: 0 }, ['a', 'b', 'c', 'd']);
    expect(none.map((s) => s.ofPrevious)).toEqual([1, 0, 0, 0]);
  });

  it('count the approval funnel 申请 → 已审批 → 审批通过', () => {
    expect(approvalFunnel(ROW, ['申请', '已审批', '审批通过']).map((s) => [s.value, s.ofPrevious])).toEqual([[20, 1], [16, 0.8], [12, 0.75]]);
  });

  it('list every grade of the scale, zero where none', () => {
    expect(gradeCounts([{ grade: 'D', count: 5 }, { grade: 'AA', count: 2 }], ['AAA', 'AA', 'D'])).toEqual([
      { grade: 'AAA', count: 0 },
      { grade: 'AA', count: 2 },
      { grade: 'D', count: 5 },
    ]);
  });
});

it('exports the report shown: unit, period, level and language', () => {
  expect(exportPath({ orgUnitId: '7', since: '2026-11-05', until: '2026-12-04', level: 'BRANCH', locale: 'zh' })).toBe(
    '/exports/report.xlsx?orgUnitId=7&since=2026-11-05&until=2026-12-04&level=BRANCH&locale=zh',
  );
});
