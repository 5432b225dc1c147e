import { describe, expect, it } from 'vitest';
import { enumLabel } from '@cic/shared/labels';
import { AMOUNT_BANDS, trendHasFigures, trendOption, type TrendMonth } from './business';

const labels = { deposit: '存款余额', loan: '贷款余额', band: (v: string) => enumLabel('AmountBand', v, 'zh') };

const figures: TrendMonth[] = [
  { month: '2026-10-01', asOf: '2026-10-31', depositBalance: '65000.00', loanBalance: '0.00', depositBand: 'FROM_50K_TO_100K', loanBand: 'NONE' },
  { month: '2026-11-01', asOf: '2026-11-29', depositBalance: '70500.50', loanBalance: '120000.00', depositBand: 'FROM_50K_TO_100K', loanBand: 'FROM_100K_TO_500K' },
];
const bands = figures.map((m) => ({ ...m, depositBalance: null, loanBalance: null }));

type Series = { name: string; data: (number | null)[] }[];

describe('the business trend chart', () => {
  it('plots month-end balances in yuan where the figures are given', () => {
    expect(trendHasFigures(figures)).toBe(true);
    const option = trendOption(figures, labels);
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['2026-10', '2026-11'] });
    expect(option.yAxis).toMatchObject({ type: 'value' });
    expect((option.series as Series).map((s) => [s.name, s.data])).toEqual([
      ['存款余额', [65000, 70500.5]],
      ['贷款余额', [0, 120000]],
    ]);
    const tooltip = option.tooltip as { valueFormatter: (v: unknown) => string };
    expect(tooltip.valueFormatter(70500.5)).toBe('¥70,500.50');
  });

  it('plots the bands on a category axis where the field policy withholds the figures', () => {
    expect(trendHasFigures(bands)).toBe(false);
    const option = trendOption(bands, labels);
    expect(option.yAxis).toMatchObject({ type: 'category', data: AMOUNT_BANDS.map((b) => labels.band(b)) });
    expect((option.yAxis as { data: string[] }).data[0]).toBe('无');
    expect((option.yAxis as { data: string[] }).data.at(-1)).toBe('100万元以上');
    expect((option.series as Series).map((s) => s.data)).toEqual([
      [3, 3],
      [0, 4],
    ]);
    const tooltip = option.tooltip as { valueFormatter: (v: unknown) => string };
    expect(tooltip.valueFormatter(4)).toBe('10万-50万元');
  });
});
