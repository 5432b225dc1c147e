// 报表中心 (docs/reports.md), its pure parts: the period presets, which row levels a unit's report
// may list, the breadcrumb from the caller's unit down to the one shown, the topics (tabs) with
// their ranking columns and key metric, a table sorter as the API's ranking order, rates, money
// in fen, the funnels and the precise-rate trend. Tested in reports.test.ts.
import type { Dayjs } from 'dayjs';
import type { EChartsOption } from 'echarts';
import type { ReportFiguresFragment, ReportLevel, ReportOrder } from '../gql/graphql';
import { formatMoney } from './money';
import { percent } from './dashboard';

// -- the period ------------------------------------------------------------------------------

export const PERIOD_PRESETS = ['thisMonth', 'lastMonth', 'last30', 'thisQuarter', 'thisYear'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export const DEFAULT_PRESET: PeriodPreset = 'last30';

/** A preset's first and last day, both included. A period running to today reads the facts of
 * the last night (the report's `asOf`): facts are made nightly for the day that ended. */
export function presetRange(preset: PeriodPreset, today: Dayjs): [Dayjs, Dayjs] {
  const day = today.startOf('day');
  switch (preset) {
    case 'thisMonth':
      return [day.startOf('month'), day];
    case 'lastMonth': {
      const last = day.startOf('month').subtract(1, 'month');
      return [last, last.endOf('month').startOf('day')];
    }
    case 'last30':
      return [day.subtract(29, 'day'), day];
    case 'thisQuarter':
      return [day.startOf('month').month(Math.floor(day.month() / 3) * 3), day];
    case 'thisYear':
      return [day.startOf('year'), day];
  }
}

export const isoDay = (d: Dayjs) => d.format('YYYY-MM-DD');

// -- levels and the way down ------------------------------------------------------------------

/** The row levels a unit's report may list, the default (the next level down) first; the API
 * lists managers only within one bank. */
export function levelChoices(unitLevel: string | null | undefined): ReportLevel[] {
  if (unitLevel === 'PROVINCE') return ['BANK', 'BRANCH'];
  if (unitLevel === 'BANK') return ['BRANCH', 'MANAGER'];
  return ['MANAGER'];
}

/** A chosen level the unit allows, else its default. */
export function levelFor(unitLevel: string | null | undefined, wanted: string | null | undefined): ReportLevel {
  const choices = levelChoices(unitLevel);
  return choices.find((l) => l === wanted) ?? choices[0];
}

/** A row one can open: a bank's or a branch's (a manager's row is as far down as it goes). */
export const canDrill = (level: ReportLevel) => level !== 'MANAGER';

interface TreeUnit {
  id: string;
  name: string;
  level: string;
  parentId?: string | null;
}

/** The units from the caller's own down to `unitId` (province > bank > branch), by the parents
 * of the caller's subtree (`orgUnits`); just the unit when it is not in that list. */
export function unitPath<U extends TreeUnit>(units: readonly U[], rootId: string | null | undefined, unitId: string): U[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const path: U[] = [];
  for (let u = byId.get(unitId); u; u = u.parentId ? byId.get(u.parentId) : undefined) {
    path.unshift(u);
    if (u.id === rootId || path.length > 8) break;
  }
  return path;
}

// -- topics and their rankings -----------------------------------------------------------------

export type Figure = Exclude<keyof ReportFiguresFragment, '__typename'>;
export type FigureKind = 'count' | 'rate' | 'money' | 'hours';

/** Every figure a ranking can be ordered by, as the API names the order. */
export const ORDER: Record<Figure, ReportOrder> = {
  archives: 'ARCHIVES',
  verified: 'VERIFIED',
  evaluated: 'EVALUATED',
  precise: 'PRECISE',
  preciseRate: 'PRECISE_RATE',
  rated: 'RATED',
  quotasActive: 'QUOTAS_ACTIVE',
  quotaAmount: 'QUOTA_AMOUNT',
  quotaUsed: 'QUOTA_USED',
  quotaUseRate: 'QUOTA_USE_RATE',
  created: 'CREATED',
  applications: 'APPLICATIONS',
  decided: 'DECIDED',
  approved: 'APPROVED',
  rejected: 'REJECTED',
  approvalRate: 'APPROVAL_RATE',
  meanDecisionHours: 'MEAN_DECISION_HOURS',
  approvedAmount: 'APPROVED_AMOUNT',
  quotasGranted: 'QUOTAS_GRANTED',
  grantedAmount: 'GRANTED_AMOUNT',
  reminders: 'REMINDERS',
  remindersDone: 'REMINDERS_DONE',
  contacts: 'CONTACTS',
  contactedReminders: 'CONTACTED_REMINDERS',
  convertedApplications: 'CONVERTED_APPLICATIONS',
  convertedQuotas: 'CONVERTED_QUOTAS',
};

const KINDS: Partial<Record<Figure, FigureKind>> = {
  preciseRate: 'rate',
  quotaUseRate: 'rate',
  approvalRate: 'rate',
  quotaAmount: 'money',
  quotaUsed: 'money',
  approvedAmount: 'money',
  grantedAmount: 'money',
  meanDecisionHours: 'hours',
};
export const kindOf = (figure: Figure): FigureKind => KINDS[figure] ?? 'count';

export const TOPICS = ['progress', 'grades', 'applications', 'quotas', 'marketing'] as const;
export type Topic = (typeof TOPICS)[number];

/** Each tab's ranking columns, its key metric (the default order, biggest first) first. */
export const TOPIC_FIGURES: Record<Topic, Figure[]> = {
  progress: ['archives', 'created', 'precise', 'preciseRate'],
  grades: ['rated', 'archives'],
  applications: ['applications', 'decided', 'approved', 'rejected', 'approvalRate', 'meanDecisionHours', 'approvedAmount'],
  quotas: ['grantedAmount', 'quotasGranted', 'quotasActive', 'quotaAmount', 'quotaUsed', 'quotaUseRate'],
  marketing: ['convertedApplications', 'reminders', 'remindersDone', 'contacts', 'contactedReminders', 'convertedQuotas'],
};

export const keyFigure = (topic: Topic): Figure => TOPIC_FIGURES[topic][0];

export interface Ranking {
  figure: Figure;
  descending: boolean;
}

export const defaultRanking = (topic: Topic): Ranking => ({ figure: keyFigure(topic), descending: true });

/** An antd table's sorter as the ranking the API is asked for: a column of the topic with its
 * direction; anything else (no column, a column that is not a figure) the key metric. */
export function rankingOf(topic: Topic, sorter: { columnKey?: unknown; order?: 'ascend' | 'descend' | null } | undefined): Ranking {
  const figure = sorter?.columnKey as Figure | undefined;
  if (!sorter?.order || !figure || !TOPIC_FIGURES[topic].includes(figure)) return defaultRanking(topic);
  return { figure, descending: sorter.order === 'descend' };
}

/** The antd sort order a column shows for a ranking. */
export const sortOrderOf = (ranking: Ranking, figure: Figure): 'descend' | 'ascend' | null => (ranking.figure === figure ? (ranking.descending ? 'descend' : 'ascend') : null);

/** A row's rank: the page's offset (the API's `offset`) plus its place on the page. */
export const rankOf = (offset: number, index: number) => offset + index + 1;

// -- figures -----------------------------------------------------------------------------------

export const rate = (part: number, whole: number) => (whole ? part / whole : 0);
export const formatRate = (r: number) => `${percent(r)}%`;

/** Fen as the API writes them ("123456") in yuan ("1234.56"), exactly. */
export function fenToYuan(fen: string): string {
  const negative = fen.startsWith('-');
  const digits = (negative ? fen.slice(1) : fen).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

export const formatFen = (fen: string | null | undefined) => formatMoney(fen == null || fen === '' ? null : fenToYuan(fen));

/** A figure of a row as the table shows it. */
export function formatFigure(row: ReportFiguresFragment, figure: Figure): string {
  const value = row[figure];
  switch (kindOf(figure)) {
    case 'rate':
      return formatRate(value as number);
    case 'money':
      return formatFen(value as string);
    case 'hours':
      return value == null ? '—' : (value as number).toFixed(1);
    default:
      return (value as number).toLocaleString('zh-CN');
  }
}

/** The marketing tab's rates, each step of 提醒→接触→申请→授信 over the one before (the figures
 * the API cannot rank by: computed from the row's counts). */
export const MARKETING_RATES = [
  { key: 'contactRate', part: 'contactedReminders', whole: 'reminders' },
  { key: 'applyRate', part: 'convertedApplications', whole: 'contactedReminders' },
  { key: 'grantRate', part: 'convertedQuotas', whole: 'convertedApplications' },
] as const;

export type MarketingRate = (typeof MARKETING_RATES)[number];

export const marketingRate = (row: Pick<ReportFiguresFragment, MarketingRate['part'] | MarketingRate['whole']>, r: MarketingRate) => rate(row[r.part], row[r.whole]);

// -- funnels -----------------------------------------------------------------------------------

export interface FunnelStep {
  name: string;
  value: number;
  /** of the step before (1 for the first) */
  ofPrevious: number;
  /** of the first step */
  ofFirst: number;
}

export function funnelSteps(steps: readonly { name: string; value: number }[]): FunnelStep[] {
  return steps.map((s, i) => ({
    ...s,
    ofPrevious: i === 0 ? 1 : rate(s.value, steps[i - 1].value),
    ofFirst: i === 0 ? 1 : rate(s.value, steps[0].value),
  }));
}

type Conversion = Pick<ReportFiguresFragment, 'reminders' | 'contactedReminders' | 'convertedApplications' | 'convertedQuotas'>;

/** 提醒 → 接触 → 申请 → 授信: reminders raised, reminders contacted, applications after a contact
 * about a reminder, quotas granted from them. */
export function conversionFunnel(row: Conversion, names: [string, string, string, string]): FunnelStep[] {
  return funnelSteps([
    { name: names[0], value: row.reminders },
    { name: names[1], value: row.contactedReminders },
    { name: names[2], value: row.convertedApplications },
    { name: names[3], value: row.convertedQuotas },
  ]);
}

/** 申请 → 已审批 → 审批通过. */
export function approvalFunnel(row: Pick<ReportFiguresFragment, 'applications' | 'decided' | 'approved'>, names: [string, string, string]): FunnelStep[] {
  return funnelSteps([
    { name: names[0], value: row.applications },
    { name: names[1], value: row.decided },
    { name: names[2], value: row.approved },
  ]);
}

/** A funnel as horizontal bars, first step on top, each labelled with its count and its share of
 * the step before (bars keep small steps readable where a funnel's trapezoids would not). */
export function funnelOption(steps: readonly FunnelStep[]): EChartsOption {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const s = steps[(p as { dataIndex: number }).dataIndex];
        return `${s.name}: ${s.value.toLocaleString('zh-CN')}<br/>${formatRate(s.ofPrevious)} / ${formatRate(s.ofFirst)}`;
      },
    },
    grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', inverse: true, data: steps.map((s) => s.name), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 28,
        data: steps.map((s) => s.value),
        label: {
          show: true,
          position: 'right',
          formatter: (p: unknown) => {
            const s = steps[(p as { dataIndex: number }).dataIndex];
            return s === steps[0] ? s.value.toLocaleString('zh-CN') : `${s.value.toLocaleString('zh-CN')}  ${formatRate(s.ofPrevious)}`;
          },
        },
      },
    ],
  };
}

// -- the trend and the grades --------------------------------------------------------------------

export interface TrendPoint {
  day: string;
  archives: number;
  precise: number;
  preciseRate: number;
}

/** The precise-filing rate day by day (a line, in %) over the archives (bars). */
export function preciseTrendOption(points: readonly TrendPoint[], names: { rate: string; archives: string }): EChartsOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: points.map((p) => p.day.slice(5)) },
    yAxis: [
      { type: 'value', name: names.archives, minInterval: 1 },
      { type: 'value', name: names.rate, min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: names.archives, type: 'bar', data: points.map((p) => p.archives), barMaxWidth: 18, itemStyle: { color: '#c8e0d6' } },
      { name: names.rate, type: 'line', yAxisIndex: 1, data: points.map((p) => percent(p.preciseRate)), symbolSize: 6 },
    ],
  };
}

/** The customers per grade in the scale's order (best first), every grade of `order` present. */
export function gradeCounts(grades: readonly { grade: string; count: number }[], order: readonly string[]): { grade: string; count: number }[] {
  const counts = new Map(grades.map((g) => [g.grade, g.count]));
  return order.map((grade) => ({ grade, count: counts.get(grade) ?? 0 }));
}

// -- the export ----------------------------------------------------------------------------------

/** The workbook of the report as shown (GET with the bearer token). */
export function exportPath(p: { orgUnitId: string; since: string; until: string; level: ReportLevel; locale: string }): string {
  const q = new URLSearchParams({ orgUnitId: p.orgUnitId, since: p.since, until: p.until, level: p.level, locale: p.locale });
  return `/exports/report.xlsx?${q.toString()}`;
}
