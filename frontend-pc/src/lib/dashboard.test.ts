import { describe, expect, it } from 'vitest';
import { monthRange, percent, trendSeries } from './dashboard';
import { formatMoney } from './money';

describe('dashboard shaping', () => {
  it('lists the last months oldest first, across a year boundary', () => {
    expect(monthRange(3, new Date(Date.UTC(2026, 0, 15)))).toEqual(['2025-11', '2025-12', '2026-01']);
  });

  it('fills months the API left out with zero, one series per channel', () => {
    const months = ['2026-01', '2026-02', '2026-03'];
    const series = trendSeries(
      [
        { month: '2026-01', channel: 'PAD', archives: 4 },
        { month: '2026-03', channel: 'PAD', archives: 1 },
        { month: '2026-02', channel: 'PC', archives: 2 },
      ],
      months,
      ['PC', 'PAD', 'IMPORT'],
    );
    expect(series).toEqual([
      { channel: 'PC', data: [0, 2, 0] },
      { channel: 'PAD', data: [4, 0, 1] },
      { channel: 'IMPORT', data: [0, 0, 0] },
    ]);
  });

  it('shows rates as percentages with one decimal', () => {
    expect(percent(0.11666)).toBe(11.7);
    expect(percent(0)).toBe(0);
  });

  it('formats money strings exactly', () => {
    expect(formatMoney('1234567.5')).toBe('¥1,234,567.50');
    expect(formatMoney('0.00')).toBe('¥0.00');
    expect(formatMoney(null)).toBe('—');
  });
});
