// Shared by the scorecard dry run and 评级分析: the grades of the card in force (labels, order),
// a grade migration matrix as a table (the heatmap's readable fallback, and the dry run's moves),
// and a unit's grade mix as one 100% bar.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Table, Tooltip, Typography } from 'antd';
import { client } from '../api/client';
import { ScorecardsQuery } from '../api/operations';
import { useI18n } from '../i18n';
import { gradeColour, gradeLabel, gradeScale, type GradeScale, type Matrix } from '../lib/ratingAnalysis';
import { DataTable } from './tables';

/** Query key prefix of the scorecard lists (invalidated by saves, requests and approvals). */
export const SCORECARDS_KEY = ['scorecards'] as const;

export function useScorecards(includeSuperseded: boolean, enabled = true) {
  return useQuery({
    queryKey: [...SCORECARDS_KEY, 'list', includeSuperseded],
    enabled,
    queryFn: () => client.request(ScorecardsQuery, { includeSuperseded }),
  });
}

/** The grades of the card in force for a bank (null: the province's), with every card's labels. */
export function useGradeScale(bankId: string | null | undefined): { scale: GradeScale; loading: boolean } {
  const { t } = useI18n();
  const cards = useScorecards(true);
  const scale = useMemo(() => gradeScale(cards.data?.scorecards ?? [], bankId, t('rating.ineligible')), [cards.data, bankId, t]);
  return { scale, loading: cards.isLoading };
}

type MatrixRow = { key: string; from: number };

/** Rows: the grade before (or in force); columns: the grade after (or of the draft); totals on
 * both sides. The diagonal (no change) is bold, better grades green, worse red. */
export function MatrixTable({ matrix, scale, rowTitle, columnTitle, testId }: { matrix: Matrix; scale: GradeScale; rowTitle: string; columnTitle: string; testId: string }) {
  const { t } = useI18n();
  const tone = (from: number, to: number, n: number): React.CSSProperties => {
    if (!n) return { color: 'rgba(0, 0, 0, .25)' };
    if (from === to) return { fontWeight: 600 };
    return { color: to < from ? '#0f7a5c' : '#cf1322', fontWeight: 500 };
  };
  return (
    <DataTable<MatrixRow>
      size="small"
      bordered
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      dataSource={matrix.grades.map((g, i) => ({ key: g, from: i }))}
      columns={[
        {
          title: `${rowTitle} \\ ${columnTitle}`,
          key: 'grade',
          fixed: 'left',
          render: (_: unknown, r) => <span data-testid="matrix-row-grade">{gradeLabel(scale, matrix.grades[r.from])}</span>,
        },
        ...matrix.grades.map((g, to) => ({
          title: gradeLabel(scale, g),
          key: g,
          align: 'right' as const,
          onCell: (r: MatrixRow) => ({ style: r.from === to ? { background: '#f3f8f6' } : undefined }),
          render: (_: unknown, r: MatrixRow) => {
            const n = matrix.counts[r.from][to];
            return (
              <span style={tone(r.from, to, n)} data-testid="matrix-cell" data-from={matrix.grades[r.from]} data-to={g}>
                {n}
              </span>
            );
          },
        })),
        { title: t('analysis.rowTotal'), key: 'total', align: 'right' as const, render: (_: unknown, r) => <strong>{matrix.rowTotals[r.from]}</strong> },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>
            <strong>{t('analysis.rowTotal')}</strong>
          </Table.Summary.Cell>
          {matrix.columnTotals.map((n, i) => (
            <Table.Summary.Cell index={i + 1} key={matrix.grades[i]} align="right">
              <strong>{n}</strong>
            </Table.Summary.Cell>
          ))}
          <Table.Summary.Cell index={matrix.grades.length + 1} align="right">
            <strong data-testid="matrix-total">{matrix.total}</strong>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** A unit's archives by grade as one bar of segments, best grade first (hover: label and share). */
export function GradeMixBar({ counts, total, grades, scale }: { counts: Record<string, number>; total: number; grades: readonly string[]; scale: GradeScale }) {
  if (!total) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div className="cic-grade-mix">
      {grades.map((g, i) =>
        counts[g] ? (
          <Tooltip key={g} title={`${gradeLabel(scale, g)}: ${counts[g]} (${((counts[g] / total) * 100).toFixed(1)}%)`}>
            <span style={{ flexGrow: counts[g], background: gradeColour(i, grades.length, g) }} />
          </Tooltip>
        ) : null,
      )}
    </div>
  );
}

/** The colours' legend for the mix bars. */
export function GradeLegend({ grades, scale }: { grades: readonly string[]; scale: GradeScale }) {
  return (
    <span className="cic-grade-legend">
      {grades.map((g, i) => (
        <span key={g}>
          <i style={{ background: gradeColour(i, grades.length, g) }} />
          {gradeLabel(scale, g)}
        </span>
      ))}
    </span>
  );
}
