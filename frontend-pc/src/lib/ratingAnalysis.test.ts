import { describe, expect, it } from 'vitest';
import {
  bandLabel,
  distributionRows,
  distributionTotal,
  gradeScale,
  gradesOf,
  heatmapData,
  heatmapOption,
  migrationMatrix,
  previousQuarter,
  quarterOf,
  recentQuarters,
  share,
} from './ratingAnalysis';

const grades = (codes: string[]) => codes.map((code) => ({ code, label: `${code}（${code.length}）` }));
const province = { id: '1', status: 'PUBLISHED', province: true, bankId: null, grades: grades(['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'C']) };
const fz = { id: '2', status: 'PUBLISHED', province: false, bankId: '2', grades: [{ code: 'A1', label: '一级' }, { code: 'A2', label: '二级' }, { code: 'C', label: '丙级' }] };
const earlier = { id: '3', status: 'SUPERSEDED', province: true, bankId: null, grades: [{ code: 'X', label: '旧等级' }] };

describe('quarters', () => {
  it('are written like the API: the day’s quarter, the one before, the recent ones newest first', () => {
    expect(quarterOf(new Date(2026, 11, 2))).toBe('2026Q4');
    expect(quarterOf(new Date(2026, 0, 1))).toBe('2026Q1');
    expect(previousQuarter('2026Q1')).toBe('2025Q4');
    expect(previousQuarter('2026Q3')).toBe('2026Q2');
    expect(recentQuarters(new Date(2026, 4, 1), 4)).toEqual(['2026Q2', '2026Q1', '2025Q4', '2025Q3']);
  });
});

describe('the grade scale', () => {
  it("is the order and labels of the card in force (a bank's own, else the province's), D last", () => {
    const bank = gradeScale([province, fz, earlier], '2', 'D（不予授信）');
    expect(bank.order).toEqual(['A1', 'A2', 'C', 'D']);
    expect(bank.labels.C).toBe('丙级'); // the card in force names C, not the province's card
    expect(bank.labels.AAA).toBe('AAA（3）'); // another card's grade keeps its label
    expect(bank.labels.X).toBe('旧等级');
    expect(bank.labels.D).toBe('D（不予授信）');
    expect(gradeScale([province, fz], '6', 'D').order).toEqual(['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'C', 'D']);
    expect(gradeScale([province, fz], null, 'D').order[0]).toBe('AAA');
    expect(gradeScale([], null, 'D').order).toEqual(['D']);
  });

  it('adds the grades only the data knows before D', () => {
    const scale = gradeScale([fz], '2', 'D');
    expect(gradesOf(scale, ['D', 'Z', 'A2', 'X'])).toEqual(['A1', 'A2', 'C', 'X', 'Z', 'D']);
    // A dry run's scale may list grades after D: D still ends the list.
    expect(gradesOf({ order: ['A', 'B', 'D', 'OLD'], labels: {} }, [])).toEqual(['A', 'B', 'OLD', 'D']);
  });
});

describe('the migration matrix', () => {
  const scale = gradeScale([province], null, 'D（不予授信）');
  // What ratingMigration answers: the demo bank, one archive down two grades, one newly vetoed.
  const cells = [
    { fromGrade: 'A', toGrade: 'A', count: 4 },
    { fromGrade: 'AA', toGrade: 'BBB', count: 1 },
    { fromGrade: 'BB', toGrade: 'BBB', count: 2 },
    { fromGrade: 'BBB', toGrade: 'D', count: 1 },
    { fromGrade: 'D', toGrade: 'D', count: 53 },
  ];

  it('is square over the grades, best first, with totals and the moves up and down', () => {
    const m = migrationMatrix(cells, scale);
    expect(m.grades).toEqual(['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'C', 'D']);
    expect(m.counts[1][3]).toBe(1); // AA -> BBB
    expect(m.counts[7][7]).toBe(53);
    expect(m.rowTotals).toEqual([0, 1, 4, 1, 2, 0, 0, 53]);
    expect(m.columnTotals).toEqual([0, 0, 4, 3, 0, 0, 0, 54]);
    expect(m.total).toBe(61);
    expect(m.max).toBe(53);
    expect({ stable: m.stable, upgraded: m.upgraded, downgraded: m.downgraded }).toEqual({ stable: 57, upgraded: 2, downgraded: 2 });
  });

  it('gives the heatmap a point per non-empty cell: [grade after, grade before, archives]', () => {
    const m = migrationMatrix(cells, scale);
    expect(heatmapData(m)).toEqual([
      [3, 1, 1],
      [2, 2, 4],
      [7, 3, 1],
      [3, 4, 2],
      [7, 7, 53],
    ]);
    const option = heatmapOption(m, scale, { from: '上期', to: '本期', archives: '档案数' }) as {
      xAxis: { data: string[] };
      yAxis: { data: string[]; inverse: boolean };
      visualMap: { max: number };
      series: { type: string; data: unknown }[];
    };
    expect(option.xAxis.data[0]).toBe('AAA（3）');
    expect(option.xAxis.data[7]).toBe('D（不予授信）');
    expect(option.yAxis.inverse).toBe(true);
    expect(option.visualMap.max).toBe(53);
    expect(option.series[0].type).toBe('heatmap');
    expect(option.series[0].data).toEqual(heatmapData(m));
  });

  it('is empty without cells (no earlier quarter)', () => {
    const m = migrationMatrix([], scale);
    expect(m.total).toBe(0);
    expect(heatmapData(m)).toEqual([]);
    expect((heatmapOption(m, scale, { from: 'a', to: 'b', archives: 'c' }) as { visualMap: { max: number } }).visualMap.max).toBe(1);
  });
});

describe('the grade distribution by unit', () => {
  const api = [
    { orgUnit: { id: '3', name: '鼓楼支行' }, total: 27, grades: [{ grade: 'A', count: 4 }, { grade: 'D', count: 20 }, { grade: 'BB', count: 3 }] },
    { orgUnit: { id: '5', name: '长乐支行' }, total: 17, grades: [{ grade: 'D', count: 17 }] },
  ];

  it('gives every unit a count and a share of every grade, and the units together', () => {
    const rows = distributionRows(api, ['A', 'BB', 'D']);
    expect(rows[0]).toEqual({ id: '3', name: '鼓楼支行', total: 27, counts: { A: 4, BB: 3, D: 20 }, shares: { A: 14.8, BB: 11.1, D: 74.1 } });
    expect(rows[1].counts).toEqual({ A: 0, BB: 0, D: 17 });
    expect(rows[1].shares.D).toBe(100);
    expect(distributionTotal(rows, ['A', 'BB', 'D'])).toEqual({ total: 44, counts: { A: 4, BB: 3, D: 37 }, shares: { A: 9.1, BB: 6.8, D: 84.1 } });
    expect(share(1, 0)).toBe(0);
  });

  it('labels the score bands of a dry run', () => {
    expect(bandLabel(0)).toBe('0–99');
    expect(bandLabel(700)).toBe('700–799');
    expect(bandLabel(1100)).toBe('1100–1200');
  });
});
