// 评级分析 (docs/rating.md, "Migration between quarters"): for an org unit (the caller's own; the
// province's and a bank's staff may pick a unit below) and two quarters (the previous and the
// current by default): the grade migration matrix as a heatmap with the same figures as a table,
// the grade distribution of the later quarter by child unit as a sortable ranking (counts or
// shares; it stays readable for 67 banks), and the quarter's warnings worklist ("只看我的": a
// customer manager's own). Grades show the labels of the card in force.
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Segmented, Select, Space, Spin, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { client } from '../api/client';
import { RatingDistributionQuery, RatingMigrationQuery, RatingWarningsQuery } from '../api/operations';
import type { RatingWarningsQuery as WarningsResult } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { useSession } from '../session';
import {
  distributionRows,
  distributionTotal,
  gradeLabel,
  gradesOf,
  heatmapOption,
  migrationMatrix,
  previousQuarter,
  quarterOf,
  recentQuarters,
  type DistributionRow,
  type GradeScale,
} from '../lib/ratingAnalysis';
import { Chart } from '../components/Chart';
import { FigureRow, OrgUnitSelect, useOrgUnits } from '../components/common';
import { GradeLegend, GradeMixBar, MatrixTable, useGradeScale } from '../components/ratingViews';
import { ListError } from '../components/lists';
import { DataTable } from '../components/tables';

type Warning = WarningsResult['ratingWarnings'][number];
const WARNINGS = 200;
const WARNING_COLOURS: Record<string, string> = { DOWNGRADE: 'orange', WATCH: 'gold', NEW_VETO: 'red' };

function Migration({ unitId, from, to, scale }: { unitId: string; from: string; to: string; scale: GradeScale }) {
  const { t } = useI18n();
  const cells = useQuery({
    queryKey: ['ratingMigration', unitId, from, to],
    queryFn: () => client.request(RatingMigrationQuery, { orgUnitId: unitId, fromQuarter: from, toQuarter: to }),
  });
  const matrix = useMemo(() => migrationMatrix(cells.isError ? [] : (cells.data?.ratingMigration ?? []), scale), [cells.data, cells.isError, scale]);
  return (
    <Card className="cic-chart-card" title={t('analysis.migration', { from, to })} style={{ marginBottom: 16 }} data-testid="migration">
      <ListError query={cells} />
      {cells.isLoading ? (
        <Spin />
      ) : matrix.total === 0 ? (
        <Empty description={t('analysis.noMigration', { from, to })} data-testid="migration-empty" />
      ) : (
        <>
          <FigureRow
            figures={[
              { title: t('analysis.archives'), value: matrix.total, testId: 'migration-total' },
              { title: t('analysis.stable'), value: matrix.stable, testId: 'migration-stable' },
              { title: t('analysis.upgraded'), value: matrix.upgraded, tone: 'good', testId: 'migration-upgraded' },
              { title: t('analysis.downgraded'), value: matrix.downgraded, tone: 'bad', testId: 'migration-downgraded' },
            ]}
          />
          <Chart
            testId="migration-heatmap"
            height={Math.max(320, matrix.grades.length * 36 + 140)}
            option={heatmapOption(matrix, scale, { from: `${t('analysis.fromGrade')}（${from}）`, to: `${t('analysis.toGrade')}（${to}）`, archives: t('analysis.archives') })}
          />
          <MatrixTable matrix={matrix} scale={scale} rowTitle={`${t('analysis.fromGrade')} ${from}`} columnTitle={`${t('analysis.toGrade')} ${to}`} testId="migration-table" />
        </>
      )}
    </Card>
  );
}

function Distribution({ unitId, quarter, scale }: { unitId: string; quarter: string; scale: GradeScale }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'counts' | 'shares'>('shares');
  const result = useQuery({
    queryKey: ['ratingDistribution', unitId, quarter],
    queryFn: () => client.request(RatingDistributionQuery, { orgUnitId: unitId, quarter }),
  });
  const api = result.isError ? [] : (result.data?.ratingDistribution ?? []);
  const grades = useMemo(() => gradesOf(scale, api.flatMap((r) => r.grades.map((g) => g.grade))), [api, scale]);
  const rows = useMemo(() => distributionRows(api, grades), [api, grades]);
  const sum = useMemo(() => distributionTotal(rows, grades), [rows, grades]);
  const value = (r: Pick<DistributionRow, 'counts' | 'shares'>, g: string) => (mode === 'counts' ? r.counts[g] : r.shares[g]);
  const show = (r: Pick<DistributionRow, 'counts' | 'shares'>, g: string) => (mode === 'counts' ? r.counts[g] : `${r.shares[g].toFixed(1)}%`);
  const columns: TableColumnsType<DistributionRow> = [
    { title: t('analysis.rank'), key: 'rank', width: 56, fixed: 'left', align: 'right', render: (_: unknown, _r, i) => i + 1 },
    { title: t('analysis.orgUnit'), dataIndex: 'name', key: 'name', width: 180, fixed: 'left', ellipsis: true, sorter: (a, b) => a.name.localeCompare(b.name, 'zh') },
    { title: t('analysis.total'), dataIndex: 'total', key: 'total', width: 96, align: 'right', sorter: (a, b) => a.total - b.total, defaultSortOrder: 'descend' },
    {
      title: t('analysis.mix'),
      key: 'mix',
      width: 200,
      render: (_: unknown, r) => <GradeMixBar counts={r.counts} total={r.total} grades={grades} scale={scale} />,
    },
    ...grades.map((g) => ({
      title: gradeLabel(scale, g),
      key: g,
      width: 120,
      align: 'right' as const,
      sorter: (a: DistributionRow, b: DistributionRow) => value(a, g) - value(b, g),
      render: (_: unknown, r: DistributionRow) => (
        <span data-testid="distribution-cell" data-grade={g} style={r.counts[g] ? undefined : { color: 'rgba(0, 0, 0, .56)' }}>
          {show(r, g)}
        </span>
      ),
    })),
  ];
  return (
    <Card
      title={t('analysis.distribution', { quarter })}
      style={{ marginBottom: 16 }}
      data-testid="distribution"
      extra={
        <Segmented
          value={mode}
          onChange={(v) => setMode(v as 'counts' | 'shares')}
          options={[
            { value: 'shares', label: t('analysis.showShares') },
            { value: 'counts', label: t('analysis.showCounts') },
          ]}
          data-testid="distribution-mode"
        />
      }
    >
      <ListError query={result} />
      {result.isLoading ? (
        <Spin />
      ) : rows.length === 0 ? (
        <Empty description={t('analysis.noDistribution', { quarter })} data-testid="distribution-empty" />
      ) : (
        <>
          <div style={{ marginBottom: 8 }}>
            <GradeLegend grades={grades} scale={scale} />
          </div>
          <DataTable<DistributionRow>
            size="small"
            rowKey="id"
            bordered
            pagination={false}
            scroll={{ x: 'max-content', y: 520 }}
            dataSource={rows}
            columns={columns}
            data-testid="distribution-table"
            onRow={(r) => ({ 'data-testid': 'distribution-row', 'data-unit': r.id }) as React.HTMLAttributes<HTMLElement>}
            summary={() => (
              <Table.Summary fixed="bottom">
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} />
                  <Table.Summary.Cell index={1}>
                    <strong>{t('analysis.sum')}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    <strong data-testid="distribution-sum">{sum.total}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3}>
                    <GradeMixBar counts={sum.counts} total={sum.total} grades={grades} scale={scale} />
                  </Table.Summary.Cell>
                  {grades.map((g, i) => (
                    <Table.Summary.Cell index={4 + i} key={g} align="right">
                      <strong>{show(sum, g)}</strong>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              </Table.Summary>
            )}
          />
        </>
      )}
    </Card>
  );
}

function Warnings({ unitId, quarter, scale }: { unitId: string; quarter: string; scale: GradeScale }) {
  const { t } = useI18n();
  const { roles } = useSession();
  // A customer manager's worklist by default; everyone may switch between theirs and the scope's.
  const [mine, setMine] = useState(roles.includes('CUSTOMER_MANAGER'));
  const result = useQuery({
    queryKey: ['ratingWarnings', unitId, quarter, mine],
    queryFn: () => client.request(RatingWarningsQuery, { orgUnitId: unitId, quarter, mine, first: WARNINGS }),
  });
  const rows = result.isError ? [] : (result.data?.ratingWarnings ?? []);
  return (
    <Card
      title={t('analysis.warnings', { quarter })}
      data-testid="warnings"
      extra={
        <label className="cic-switch-label">
          <Switch size="small" checked={mine} onChange={setMine} data-testid="warnings-mine" />
          {t('analysis.mine')}
        </label>
      }
    >
      <ListError query={result} />
      <DataTable<Warning>
        size="small"
        rowKey={(w) => `${w.customerId}-${w.kind}`}
        loading={result.isFetching}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('analysis.noWarnings') }}
        data-testid="warnings-table"
        footer={rows.length >= WARNINGS ? () => t('analysis.firstN', { n: WARNINGS }) : undefined}
        columns={[
          {
            title: t('analysis.customer'),
            key: 'customer',
            render: (_: unknown, w) =>
              w.customer ? (
                <Link to={`/archives/${w.customerId}`} data-testid="warning-customer">
                  {w.customer.name}
                </Link>
              ) : (
                <Typography.Text type="secondary">{t('analysis.notReadable')}</Typography.Text>
              ),
          },
          { title: t('analysis.branch'), key: 'branch', render: (_: unknown, w) => w.customer?.branch?.name ?? '—' },
          { title: t('analysis.manager'), key: 'manager', render: (_: unknown, w) => w.customer?.manager?.name ?? '—' },
          {
            title: t('analysis.kind'),
            dataIndex: 'kind',
            render: (kind: string) => (
              <Tag color={WARNING_COLOURS[kind]} data-testid="warning-kind">
                {enumLabel(t, 'ratingWarningKind', kind)}
              </Tag>
            ),
          },
          {
            title: t('analysis.change'),
            key: 'change',
            render: (_: unknown, w) => (
              <Space size={6} data-testid="warning-change">
                <span>{gradeLabel(scale, w.fromGrade)}</span>
                <ArrowRightOutlined style={{ color: 'rgba(0, 0, 0, .45)' }} />
                <span>{gradeLabel(scale, w.toGrade)}</span>
              </Space>
            ),
          },
          { title: t('analysis.newVetoes'), key: 'vetoes', render: (_: unknown, w) => (w.newVetoes.length ? w.newVetoes.map((v) => enumLabel(t, 'ratingVeto', v)).join('、') : '—') },
        ]}
      />
    </Card>
  );
}

export default function RatingAnalysisPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const quarters = useMemo(() => recentQuarters(new Date(), 8), []);
  const current = quarterOf(new Date());
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [from, setFrom] = useState(previousQuarter(current));
  const [to, setTo] = useState(current);
  const units = useOrgUnits();
  const unit = unitId ?? me?.orgUnit?.id;
  const picked = units.data?.orgUnits.find((u) => u.id === unit);
  const bankId = picked ? (picked.bankId ?? null) : (me?.orgUnit?.bankId ?? null);
  const { scale, loading } = useGradeScale(bankId);
  const options = quarters.map((q) => ({ value: q, label: q }));
  if (!me || !unit || loading) return <Spin />;
  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('analysis.title')}</h2>
        <Space size={12} wrap>
          {me.orgUnit?.level !== 'BRANCH' && (
            <>
              <Typography.Text type="secondary">{t('analysis.unit')}</Typography.Text>
              <OrgUnitSelect id="analysis-unit" aria-label={t('analysis.unit')} value={unit} onChange={(v) => setUnitId(v ?? undefined)} allowClear={false} style={{ width: 240 }} />
            </>
          )}
          <Typography.Text type="secondary">{t('analysis.from')}</Typography.Text>
          <Select id="from-quarter" aria-label={t('analysis.from')} value={from} options={options} onChange={setFrom} style={{ width: 110 }} />
          <Typography.Text type="secondary">{t('analysis.to')}</Typography.Text>
          <Select id="to-quarter" aria-label={t('analysis.to')} value={to} options={options} onChange={setTo} style={{ width: 110 }} />
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('analysis.hint')}</Typography.Paragraph>
      <Migration unitId={unit} from={from} to={to} scale={scale} />
      <Distribution unitId={unit} quarter={to} scale={scale} />
      <Warnings unitId={unit} quarter={to} scale={scale} />
    </div>
  );
}
