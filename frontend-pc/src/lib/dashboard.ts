// Shapes the statistics the dashboard charts need. Pure, tested in dashboard.test.ts.

export interface TrendPoint {
  month: string;
  channel: string;
  archives: number;
}

/** The last `months` calendar months up to `now` as YYYY-MM, oldest first. */
export function monthRange(months: number, now: Date = new Date()): string[] {
  const out: string[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/** One series per channel over every month of the range, 0 where the API left a month out. */
export function trendSeries(points: readonly TrendPoint[], months: string[], channels: readonly string[]): { channel: string; data: number[] }[] {
  const index = new Map(points.map((p) => [`${p.month}|${p.channel}`, p.archives]));
  return channels.map((channel) => ({ channel, data: months.map((m) => index.get(`${m}|${channel}`) ?? 0) }));
}

export function percent(rate: number): number {
  return Math.round(rate * 1000) / 10;
}
