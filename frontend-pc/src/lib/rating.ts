// The 信用评级 tab's reading of a rating (`customer.rating`, docs/rating.md). Pure, tested in
// rating.test.ts.
//
// An item's `value` is what the card read, as the API stores it: a number (yuan for money), or
// for a category item the archive's code (SENIOR, AA, LOSS, true ...). The tab shows words, so a
// code is shown as the label of the enum it belongs to.
import type { EChartsOption } from 'echarts';
import { enumLabel, type Translate } from '../i18n';

/** The enums (by the workbench's prefix, i18n/index.tsx) whose values a card's category items can
 * read: the archive fields of the rules catalog and the loan class of the business aggregates.
 * No value is in two of them. */
const VALUE_ENUMS = ['education', 'marital', 'health', 'rating', 'loanClass', 'status', 'channel', 'gender'] as const;

/** An item's value in words: "—" when missing, 是/否 for a yes/no field, an enum value's label,
 * else the value as the API gives it (numbers). */
export function ratingValue(value: string | null | undefined, t: Translate): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value === 'true') return t('common.yes');
  if (value === 'false') return t('common.no');
  if (/^[A-Z][A-Z0-9_]*$/.test(value)) {
    for (const prefix of VALUE_ENUMS) {
      const label = enumLabel(t, prefix, value);
      if (label !== value) return label;
    }
  }
  return value;
}

/** An item's points as a share of the most it could earn, for a progress bar (0-100). */
export function pointsPercent(points: number, maxPoints: number): number {
  if (maxPoints <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((points / maxPoints) * 100)));
}

/** Whether the field policy withheld the explanation (a province analyst: no items, reasons or
 * quota, only the score and the grade). */
export function ratingDetailHidden(rating: { items?: readonly unknown[] | null }): boolean {
  return rating.items === null || rating.items === undefined;
}

/** One bar of the waterfall: from where it starts to where it ends on the score axis. */
export interface WaterfallStep {
  name: string;
  start: number;
  end: number;
  kind: 'base' | 'item' | 'total';
}

/** The score built up bar by bar: the base points (the score less the items' points: what the
 * card gives everyone, after clipping to the scale), each item's points on top, and the score. */
export function waterfallSteps(score: number, items: readonly { label: string; points: number }[], names: { base: string; total: string }): WaterfallStep[] {
  const base = score - items.reduce((sum, i) => sum + i.points, 0);
  const steps: WaterfallStep[] = [{ name: names.base, start: 0, end: base, kind: 'base' }];
  let at = base;
  for (const item of items) {
    steps.push({ name: item.label, start: at, end: at + item.points, kind: 'item' });
    at += item.points;
  }
  steps.push({ name: names.total, start: 0, end: score, kind: 'total' });
  return steps;
}

const STEP_COLOURS = { base: '#8c8c8c', item: '#2f6fdb', total: '#0f7a5c' };

/** The waterfall as a horizontal ECharts bar chart: a transparent bar up to where each step
 * starts (stacked under it), the step itself on top, its points as the label. */
export function waterfallOption(steps: readonly WaterfallStep[], maxScore: number, pointsName: string): EChartsOption {
  const low = steps.map((s) => Math.min(s.start, s.end));
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const step = steps[(p as { dataIndex: number }[])[0].dataIndex];
        const delta = step.end - step.start;
        return `${step.name}<br/>${pointsName}: ${step.kind === 'item' ? (delta >= 0 ? '+' : '') + delta : step.end}`;
      },
    },
    grid: { left: 150, right: 48, top: 8, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: Math.max(maxScore, ...steps.map((s) => s.end)) },
    yAxis: { type: 'category', inverse: true, data: steps.map((s) => s.name), axisLabel: { fontSize: 11, width: 140, overflow: 'truncate' } },
    series: [
      { type: 'bar', stack: 'waterfall', silent: true, itemStyle: { color: 'transparent' }, data: low, tooltip: { show: false } },
      {
        name: pointsName,
        type: 'bar',
        stack: 'waterfall',
        barMaxWidth: 18,
        data: steps.map((s) => ({ value: Math.abs(s.end - s.start), itemStyle: { color: s.end < s.start ? '#d9534f' : STEP_COLOURS[s.kind] } })),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (p: unknown) => {
            const step = steps[(p as { dataIndex: number }).dataIndex];
            const delta = step.end - step.start;
            return step.kind === 'item' ? `${delta >= 0 ? '+' : ''}${delta}` : String(step.end);
          },
        },
      },
    ],
  };
}

/** Grade codes in words for the quarterly history: the labels of the card the rating was made
 * with, then those of the other cards (an earlier card's grade), D as ineligible; else the code. */
export function historyGradeLabels(
  cards: readonly { id: string; grades: readonly { code: string; label: string }[] }[],
  cardId: string | null | undefined,
  ineligible: string,
): (code: string) => string {
  const labels: Record<string, string> = { D: ineligible };
  const own = cards.find((c) => c.id === cardId);
  for (const card of [...(own ? [own] : []), ...cards]) for (const g of card.grades) labels[g.code] ??= g.label;
  return (code) => labels[code] ?? code;
}
