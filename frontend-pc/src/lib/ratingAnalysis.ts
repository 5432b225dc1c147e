// 评级分析 and the scorecard dry run, their pure parts (docs/rating.md, "Migration between
// quarters"): quarters, the grades of the card in force in its order with their labels, the
// migration matrix (a heatmap and a table), and the grade distribution by org unit. The API
// answers grade codes; the screens show the card's labels. Tested in ratingAnalysis.test.ts.
import type { EChartsOption } from 'echarts';
import { INELIGIBLE, cardInForce } from './scorecard';

// -- quarters --------------------------------------------------------------------------------

/** The quarter of a day, as the API writes it: 2026Q4. */
export function quarterOf(day: Date): string {
  return `${day.getFullYear()}Q${Math.floor(day.getMonth() / 3) + 1}`;
}

export function previousQuarter(quarter: string): string {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(-1));
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
}

/** The `n` quarters up to today's, newest first (the pickers' choices). */
export function recentQuarters(today: Date, n = 8): string[] {
  const out = [quarterOf(today)];
  while (out.length < n) out.push(previousQuarter(out[out.length - 1]));
  return out;
}

// -- grades ----------------------------------------------------------------------------------

interface CardGrades {
  id: string;
  status: string;
  province: boolean;
  bankId?: string | null;
  grades: readonly { code: string; label: string }[];
}

/** The grades as a scale: best first, D (ineligible) last, each with its label. */
export interface GradeScale {
  order: string[];
  labels: Record<string, string>;
}

/** The scale of the card in force for a bank (its own, else the province's; the province's for
 * bankId null), the labels of the other cards for codes it lacks (an earlier card's), and D. */
export function gradeScale(cards: readonly CardGrades[], bankId: string | null | undefined, ineligibleLabel: string): GradeScale {
  const inForce = cardInForce(cards, bankId);
  const order = (inForce?.grades ?? []).map((g) => g.code);
  const labels: Record<string, string> = {};
  for (const card of [...(inForce ? [inForce] : []), ...cards]) for (const g of card.grades) labels[g.code] ??= g.label;
  labels[INELIGIBLE] = ineligibleLabel;
  return { order: [...order.filter((c) => c !== INELIGIBLE), INELIGIBLE], labels };
}

/** The scale's codes, then any other code the data holds (a grade of an earlier card), then D
 * (the worst grade, always last): each once. */
export function gradesOf(scale: GradeScale, codes: Iterable<string>): string[] {
  const known = scale.order.filter((c) => c !== INELIGIBLE);
  const extra = [...new Set(codes)].filter((c) => c !== INELIGIBLE && !known.includes(c)).sort();
  return [...known, ...extra, INELIGIBLE];
}

export const gradeLabel = (scale: GradeScale, code: string) => scale.labels[code] ?? code;

/** A colour per grade, from the best (green) to the worst (red), D darkest. */
const GRADE_COLOURS = ['#0b5e47', '#0f7a5c', '#3f9c6d', '#86b86a', '#c9c457', '#f0a020', '#e0762f', '#d9534f', '#b8433f'];
export function gradeColour(index: number, count: number, code: string): string {
  if (code === INELIGIBLE) return '#7a1f1f';
  const usable = GRADE_COLOURS.length;
  const at = count <= 2 ? index : Math.round((index / Math.max(1, count - 2)) * (usable - 1));
  return GRADE_COLOURS[Math.max(0, Math.min(usable - 1, at))];
}

// -- the migration matrix ---------------------------------------------------------------------

export interface Cell {
  fromGrade: string;
  toGrade: string;
  count: number;
}

export interface Matrix {
  /** the grades of both axes, best first */
  grades: string[];
  /** counts[from][to]: archives rated `from` before and `to` after */
  counts: number[][];
  rowTotals: number[];
  columnTotals: number[];
  total: number;
  /** the biggest cell (the heatmap's scale) */
  max: number;
  /** archives that kept their grade, moved to a better one, to a worse one */
  stable: number;
  upgraded: number;
  downgraded: number;
}

/** The cells (`ratingMigration`, a dry run's `moves`) as a square matrix over the scale's grades
 * and any other the cells name; grades further down the list are worse. */
export function migrationMatrix(cells: readonly Cell[], scale: GradeScale): Matrix {
  const grades = gradesOf(scale, cells.flatMap((c) => [c.fromGrade, c.toGrade]));
  const index = new Map(grades.map((g, i) => [g, i]));
  const counts = grades.map(() => grades.map(() => 0));
  let stable = 0;
  let upgraded = 0;
  let downgraded = 0;
  for (const c of cells) {
    const from = index.get(c.fromGrade)!;
    const to = index.get(c.toGrade)!;
    counts[from][to] += c.count;
    if (to === from) stable += c.count;
    else if (to < from) upgraded += c.count;
    else downgraded += c.count;
  }
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = grades.map((_, j) => counts.reduce((a, row) => a + row[j], 0));
  return {
    grades,
    counts,
    rowTotals,
    columnTotals,
    total: rowTotals.reduce((a, b) => a + b, 0),
    max: Math.max(0, ...counts.flat()),
    stable,
    upgraded,
    downgraded,
  };
}

/** The heatmap's points: [column (grade after), row (grade before), archives], empty cells left out. */
export function heatmapData(matrix: Matrix): [number, number, number][] {
  const out: [number, number, number][] = [];
  matrix.counts.forEach((row, from) => row.forEach((n, to) => n > 0 && out.push([to, from, n])));
  return out;
}

export function heatmapOption(
  matrix: Matrix,
  scale: GradeScale,
  names: { from: string; to: string; archives: string },
): EChartsOption {
  const labels = matrix.grades.map((g) => gradeLabel(scale, g));
  return {
    tooltip: {
      position: 'top',
      formatter: (p: unknown) => {
        const [to, from, n] = (p as { value: [number, number, number] }).value;
        return `${names.from} ${labels[from]} → ${names.to} ${labels[to]}<br/>${names.archives}: ${n}`;
      },
    },
    grid: { left: 116, right: 96, top: 36, bottom: 72 },
    xAxis: { type: 'category', data: labels, name: names.to, nameLocation: 'middle', nameGap: 52, splitArea: { show: true }, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0, fontSize: 11 } },
    // Best grade at the top; the axis name at the top too (the start of an inverse axis).
    yAxis: { type: 'category', data: labels, name: names.from, nameLocation: 'start', inverse: true, splitArea: { show: true }, axisLabel: { fontSize: 11 } },
    visualMap: {
      min: 0,
      max: Math.max(1, matrix.max),
      calculable: true,
      orient: 'vertical',
      right: 8,
      top: 'middle',
      itemHeight: 140,
      inRange: { color: ['#eef7f3', '#8cc9ae', '#0f7a5c'] },
    },
    series: [{ name: names.archives, type: 'heatmap', data: heatmapData(matrix), label: { show: true }, emphasis: { itemStyle: { shadowBlur: 8, shadowColor: 'rgba(0, 0, 0, .3)' } } }],
  };
}

// -- the grade distribution by org unit --------------------------------------------------------

export interface DistributionRow {
  id: string;
  name: string;
  total: number;
  counts: Record<string, number>;
  /** each grade's share of the unit's archives, 0-100 (one decimal) */
  shares: Record<string, number>;
}

export const share = (count: number, total: number) => (total > 0 ? Math.round((count / total) * 1000) / 10 : 0);

/** `ratingDistribution` rows with a count and a share of every grade (0 where it has none). */
export function distributionRows(
  rows: readonly { orgUnit: { id: string; name: string }; total: number; grades: readonly { grade: string; count: number }[] }[],
  grades: readonly string[],
): DistributionRow[] {
  return rows.map((r) => {
    const counts: Record<string, number> = Object.fromEntries(grades.map((g) => [g, 0]));
    for (const g of r.grades) counts[g.grade] = (counts[g.grade] ?? 0) + g.count;
    const shares = Object.fromEntries(Object.entries(counts).map(([g, n]) => [g, share(n, r.total)]));
    return { id: r.orgUnit.id, name: r.orgUnit.name, total: r.total, counts, shares };
  });
}

/** The units together: the table's summary row. */
export function distributionTotal(rows: readonly DistributionRow[], grades: readonly string[]): Omit<DistributionRow, 'id' | 'name'> {
  const total = rows.reduce((a, r) => a + r.total, 0);
  const counts = Object.fromEntries(grades.map((g) => [g, rows.reduce((a, r) => a + (r.counts[g] ?? 0), 0)]));
  return { total, counts, shares: Object.fromEntries(grades.map((g) => [g, share(counts[g], total)])) };
}

/** Two series side by side over the same categories (a dry run: the card in force and the draft). */
export function comparisonOption(categories: readonly string[], inForce: readonly number[], draft: readonly number[], names: { inForce: string; draft: string }): EChartsOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 56 },
    xAxis: { type: 'category', data: [...categories], axisLabel: { interval: 0, rotate: categories.length > 8 ? 35 : 0, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: names.inForce, type: 'bar', data: [...inForce], barMaxWidth: 22, itemStyle: { color: '#8c8c8c' } },
      { name: names.draft, type: 'bar', data: [...draft], barMaxWidth: 22, itemStyle: { color: '#0f7a5c' } },
    ],
  };
}

/** A dry run's score band as its range: 0–99 ... 1100–1200. */
export const bandLabel = (fromScore: number, maxScore = 1200) => `${fromScore}–${fromScore + 100 >= maxScore ? maxScore : fromScore + 99}`;
