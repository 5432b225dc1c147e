// The 业务往来 tab's 12-month chart (`bankBusiness.trend`). Pure, tested in business.test.ts.
//
// With figures (every role but the province analyst): month-end deposit and loan balances in yuan
// on a value axis. Without them (the field policy withholds the amounts and answers each one's
// AmountBand): the bands on a category axis, in their order, so the chart keeps the trend's shape
// without inventing a number for a band (a midpoint would be a figure the viewer may not see).
import type { EChartsOption } from 'echarts';
import { formatYuan } from '@cic/shared/business';

/** AmountBand in ascending order (the schema's order). */
export const AMOUNT_BANDS = ['NONE', 'UNDER_10K', 'FROM_10K_TO_50K', 'FROM_50K_TO_100K', 'FROM_100K_TO_500K', 'FROM_500K_TO_1M', 'OVER_1M'] as const;

export interface TrendMonth {
  month: string;
  asOf: string;
  depositBalance?: string | null;
  loanBalance?: string | null;
  depositBand: string;
  loanBand: string;
}

export interface TrendLabels {
  deposit: string;
  loan: string;
  /** an AmountBand's label */
  band: (value: string) => string;
}

/** "2026-11-01" -> "2026-11". */
export const monthLabel = (month: string) => month.slice(0, 7);

/** Whether the trend carries figures (else bands only). */
export function trendHasFigures(trend: readonly TrendMonth[]): boolean {
  return trend.some((m) => (m.depositBalance ?? null) !== null || (m.loanBalance ?? null) !== null);
}

const yuan = (v: string | null | undefined): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

export function trendOption(trend: readonly TrendMonth[], labels: TrendLabels): EChartsOption {
  const months = trend.map((m) => monthLabel(m.month));
  const common = {
    tooltip: { trigger: 'axis' as const },
    legend: { data: [labels.deposit, labels.loan], top: 0 },
    xAxis: { type: 'category' as const, data: months, boundaryGap: false },
  };
  if (trendHasFigures(trend)) {
    return {
      ...common,
      grid: { left: 96, right: 24, top: 40, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? formatYuan(v.toFixed(2)) : '—') },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => '¥' + v.toLocaleString('en-US') } },
      series: [
        { name: labels.deposit, type: 'line', data: trend.map((m) => yuan(m.depositBalance)), connectNulls: true },
        { name: labels.loan, type: 'line', data: trend.map((m) => yuan(m.loanBalance)), connectNulls: true },
      ],
    };
  }
  const band = (v: string) => Math.max(0, AMOUNT_BANDS.indexOf(v as (typeof AMOUNT_BANDS)[number]));
  return {
    ...common,
    grid: { left: 110, right: 24, top: 40, bottom: 32 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? labels.band(AMOUNT_BANDS[v] ?? '') : '—') },
    yAxis: { type: 'category', data: AMOUNT_BANDS.map((b) => labels.band(b)), boundaryGap: false },
    series: [
      { name: labels.deposit, type: 'line', step: 'middle', data: trend.map((m) => band(m.depositBand)) },
      { name: labels.loan, type: 'line', step: 'middle', data: trend.map((m) => band(m.loanBand)) },
    ],
  };
}
