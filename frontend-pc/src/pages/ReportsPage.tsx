// 报表中心 (/reports, REPORT_READ: branch managers, bank admins, province staff; docs/reports.md):
// an org unit of the caller's subtree over a period (presets 本月 ... 本年, 近30天 by default):
// the unit's figures as cards and its 提醒→接触→申请→授信 funnel, then one tab per topic, each
// with its charts and a ranking of the banks, branches or customer managers below the unit
// (the API orders, pages and filters it by name, so 1,900 branches stay fast; every figure
// column sorts, the tab's key metric first). A bank's or a branch's row opens that unit (the
// breadcrumb goes back up); unit, level and tab live in the URL. Stocks are as of `asOf` (the
// last night's facts), flows within the period; the report and the monthly workbooks download
// as Excel.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Col, DatePicker, Empty, Input, Row, Segmented, Space, Spin, Statistic, Tabs, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, client, download } from '../api/client';
import { MonthlyReportsQuery, ReportRankingQuery, ReportSummaryQuery, ReportTrendQuery } from '../api/operations';
import type { MonthlyReportsQuery as MonthlyResult, ReportFiguresFragment, ReportLevel, ReportRankingQuery as RankingResult, ReportSummaryQuery as SummaryResult } from '../gql/graphql';
import { enumLabel, useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { beijingTime } from '../lib/approvals';
import { formatBytes } from '../lib/images';
import { gradeLabel, gradesOf, heatmapOption, migrationMatrix, type GradeScale } from '../lib/ratingAnalysis';
import {
  DEFAULT_PRESET,
  MARKETING_RATES,
  ORDER,
  PERIOD_PRESETS,
  TOPICS,
  TOPIC_FIGURES,
  approvalFunnel,
  canDrill,
  conversionFunnel,
  defaultRanking,
  exportPath,
  formatFen,
  formatFigure,
  formatRate,
  funnelOption,
  gradeCounts,
  isoDay,
  kindOf,
  levelChoices,
  levelFor,
  marketingRate,
  preciseTrendOption,
  presetRange,
  rankOf,
  rankingOf,
  sortOrderOf,
  unitPath,
  type Figure,
  type FunnelStep,
  type Ranking,
  type Topic,
} from '../lib/reports';
import { Chart } from '../components/Chart';
import { useOrgUnits } from '../components/common';
import { GradeMixBar, useGradeScale } from '../components/ratingViews';
import { ListError } from '../components/lists';
import { DataTable } from '../components/tables';

type Row = RankingResult['report']['rows'][number];
type Monthly = MonthlyResult['monthlyReports'][number];
type Total = ReportFiguresFragment;
type SummaryTotal = SummaryResult['report']['total'];
type Tab = Topic | 'monthly';

const PAGE_SIZE = 50;

interface Period {
  since: string;
  until: string;
}

function useFigureName() {
  const { t } = useI18n();
  return (figure: Figure) => enumLabel(t, 'reportOrder', ORDER[figure]);
}

/** A card of the summary: a figure with a line under it. */
function SummaryCard({ title, value, sub, testId }: { title: string; value: ReactNode; sub?: ReactNode; testId: string }) {
  return (
    <Card size="small" className="cic-report-card">
      <Statistic title={title} valueRender={() => <span data-testid={testId}>{value}</span>} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {sub ?? '\u00a0'}
      </Typography.Text>
    </Card>
  );
}

function FunnelChart({ steps, testId, height = 200 }: { steps: FunnelStep[]; testId: string; height?: number }) {
  return <Chart testId={testId} height={height} horizontal option={funnelOption(steps)} />;
}

function Summary({ total }: { total: Total }) {
  const { t } = useI18n();
  const conversion = useConversion();
  const hours = total.meanDecisionHours;
  const cards: { title: string; value: ReactNode; sub?: ReactNode; testId: string }[] = [
    { title: enumLabel(t, 'reportOrder', 'ARCHIVES'), value: total.archives.toLocaleString('zh-CN'), testId: 'card-archives' },
    { title: enumLabel(t, 'reportOrder', 'PRECISE_RATE'), value: formatRate(total.preciseRate), sub: t('reports.card.precise', { n: total.precise }), testId: 'card-precise-rate' },
    { title: enumLabel(t, 'reportOrder', 'CREATED'), value: total.created.toLocaleString('zh-CN'), testId: 'card-created' },
    {
      title: t('reports.card.applications'),
      value: total.applications.toLocaleString('zh-CN'),
      sub: t('reports.card.approvedRejected', { approved: total.approved, rejected: total.rejected }),
      testId: 'card-applications',
    },
    {
      title: t('reports.card.hours'),
      value: hours == null ? '—' : hours.toFixed(1),
      sub: t('reports.card.approvalRate', { rate: formatRate(total.approvalRate) }),
      testId: 'card-hours',
    },
    {
      title: enumLabel(t, 'reportOrder', 'QUOTAS_GRANTED'),
      value: total.quotasGranted.toLocaleString('zh-CN'),
      sub: t('reports.card.granted', { amount: formatFen(total.grantedAmount) }),
      testId: 'card-granted',
    },
    {
      title: t('reports.card.quota'),
      value: formatFen(total.quotaAmount),
      sub: t('reports.card.used', { amount: formatFen(total.quotaUsed), rate: formatRate(total.quotaUseRate) }),
      testId: 'card-quota',
    },
    { title: enumLabel(t, 'reportOrder', 'QUOTAS_ACTIVE'), value: total.quotasActive.toLocaleString('zh-CN'), testId: 'card-quotas-active' },
  ];
  return (
    <Row gutter={16} style={{ marginBottom: 16 }}>
      <Col span={16}>
        <Row gutter={[12, 12]}>
          {cards.map((c) => (
            <Col span={6} key={c.testId}>
              <SummaryCard {...c} />
            </Col>
          ))}
        </Row>
      </Col>
      <Col span={8}>
        <Card size="small" title={t('reports.funnel')} extra={<Typography.Text type="secondary">{t('reports.funnelHint')}</Typography.Text>} style={{ height: '100%' }}>
          <FunnelChart testId="summary-funnel" height={170} steps={conversion(total)} />
        </Card>
      </Col>
    </Row>
  );
}

/** The figures of a tab above its ranking. */
function Figures({ items }: { items: FigureItem[] }) {
  return (
    <Row gutter={16} style={{ marginBottom: 8 }}>
      {items.map((f) => (
        <Col key={f.testId} flex="1 1 0">
          <Statistic title={f.title} valueRender={() => <span data-testid={f.testId}>{f.value}</span>} />
        </Col>
      ))}
    </Row>
  );
}

type FigureItem = { title: string; value: ReactNode; testId: string };

/** A tab's funnel on the left, its figures (rows of them) on the right. */
function FunnelAndFigures({ title, hint, testId, steps, rows }: { title: string; hint?: string; testId: string; steps: FunnelStep[]; rows: FigureItem[][] }) {
  return (
    <Row gutter={16} style={{ marginBottom: 16 }}>
      <Col span={12}>
        <Card size="small" className="cic-chart-card" title={title} extra={hint && <Typography.Text type="secondary">{hint}</Typography.Text>}>
          <FunnelChart testId={testId} steps={steps} />
        </Card>
      </Col>
      <Col span={12}>
        <Card size="small" style={{ height: '100%' }}>
          {rows.map((items, i) => (
            <Figures key={i} items={items} />
          ))}
        </Card>
      </Col>
    </Row>
  );
}

/** 提醒 → 接触 → 申请 → 授信 of a row, named in the page's language. */
function useConversion() {
  const { t } = useI18n();
  return (row: Total) => conversionFunnel(row, [t('reports.step.reminders'), t('reports.step.contacted'), t('reports.step.applied'), t('reports.step.granted')]);
}

function ProgressCharts({ unitId, period }: { unitId: string; period: Period }) {
  const { t } = useI18n();
  const trend = useQuery({ queryKey: ['reportTrend', unitId, period], queryFn: () => client.request(ReportTrendQuery, { ...period, orgUnitId: unitId }) });
  const points = trend.isError ? [] : (trend.data?.reportTrend ?? []);
  return (
    <Card size="small" className="cic-chart-card" title={t('reports.trend')} style={{ marginBottom: 16 }}>
      <ListError query={trend} />
      {trend.isLoading ? (
        <Spin />
      ) : points.length === 0 ? (
        <Empty description={t('reports.noTrend')} />
      ) : (
        <Chart testId="precise-trend" height={190} option={preciseTrendOption(points, { rate: enumLabel(t, 'reportOrder', 'PRECISE_RATE'), archives: enumLabel(t, 'reportOrder', 'ARCHIVES') })} />
      )}
    </Card>
  );
}

function GradeCharts({ total, asOf, scale }: { total: SummaryTotal; asOf: string | null; scale: GradeScale }) {
  const { t } = useI18n();
  const grades = gradesOf(scale, total.grades.map((g) => g.grade));
  const counts = gradeCounts(total.grades, grades);
  const matrix = migrationMatrix(total.gradeMoves, scale);
  return (
    <Row gutter={16} style={{ marginBottom: 16 }}>
      <Col span={10}>
        <Card size="small" className="cic-chart-card" title={t('reports.gradeDistribution', { day: asOf ?? '—' })}>
          {total.grades.length === 0 ? (
            <Empty description={t('reports.noGrades')} />
          ) : (
            <Chart
              testId="grade-distribution"
              height={300}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 48, right: 16, top: 32, bottom: 56 },
                xAxis: { type: 'category', data: counts.map((c) => gradeLabel(scale, c.grade)), axisLabel: { interval: 0, fontSize: 11, rotate: counts.length > 5 ? 30 : 0 } },
                yAxis: { type: 'value', name: t('reports.customers'), minInterval: 1 },
                series: [{ type: 'bar', data: counts.map((c) => c.count), barMaxWidth: 36, label: { show: true, position: 'top' } }],
              }}
            />
          )}
        </Card>
      </Col>
      <Col span={14}>
        <Card size="small" className="cic-chart-card" title={t('reports.gradeMoves')}>
          {matrix.total === 0 ? (
            <Empty description={t('reports.noGrades')} />
          ) : (
            <Chart
              testId="grade-moves"
              height={Math.max(300, matrix.grades.length * 32 + 120)}
              option={heatmapOption(matrix, scale, { from: t('reports.fromGrade'), to: t('reports.toGrade'), archives: t('reports.customers') })}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}

function TopicHead({ topic, total, unitId, period, asOf, scale }: { topic: Topic; total: SummaryTotal; unitId: string; period: Period; asOf: string | null; scale: GradeScale }) {
  const { t } = useI18n();
  const name = useFigureName();
  const conversion = useConversion();
  switch (topic) {
    case 'progress':
      return <ProgressCharts unitId={unitId} period={period} />;
    case 'grades':
      return <GradeCharts total={total} asOf={asOf} scale={scale} />;
    case 'applications':
      return (
        <FunnelAndFigures
          title={t('reports.approvalFunnel')}
          testId="approval-funnel"
          steps={approvalFunnel(total, [t('reports.step.applications'), t('reports.step.decided'), t('reports.step.approved')])}
          rows={[
            [
              { title: name('approvalRate'), value: formatRate(total.approvalRate), testId: 'figure-approval-rate' },
              { title: name('meanDecisionHours'), value: formatFigure(total, 'meanDecisionHours'), testId: 'figure-hours' },
            ],
            [
              { title: name('rejected'), value: total.rejected, testId: 'figure-rejected' },
              { title: name('approvedAmount'), value: formatFen(total.approvedAmount), testId: 'figure-approved-amount' },
            ],
          ]}
        />
      );
    case 'quotas':
      return (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Figures items={TOPIC_FIGURES.quotas.map((f) => ({ title: name(f), value: formatFigure(total, f), testId: `figure-${f}` }))} />
        </Card>
      );
    case 'marketing':
      return (
        <FunnelAndFigures
          title={t('reports.funnel')}
          hint={t('reports.funnelHint')}
          testId="marketing-funnel"
          steps={conversion(total)}
          rows={[
            [
              { title: name('remindersDone'), value: total.remindersDone, testId: 'figure-reminders-done' },
              { title: name('contacts'), value: total.contacts, testId: 'figure-contacts' },
            ],
            MARKETING_RATES.map((r) => ({ title: t(`reports.${r.key}`), value: formatRate(marketingRate(total, r)), testId: `figure-${r.key}` })),
          ]}
        />
      );
  }
}

const rowKey = (r: Row) => `${r.orgUnit?.id ?? ''}-${r.manager?.id ?? (r.unassigned ? 'none' : 'unit')}`;

function RankingTable({ topic, unitId, level, period, scale, onOpen }: { topic: Topic; unitId: string; level: ReportLevel; period: Period; scale: GradeScale; onOpen: (row: Row) => void }) {
  const { t } = useI18n();
  const name = useFigureName();
  const [ranking, setRanking] = useState<Ranking>(() => defaultRanking(topic));
  const [page, setPage] = useState({ current: 1, size: PAGE_SIZE });
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(typed.trim());
      setPage((p) => ({ ...p, current: 1 }));
    }, 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const variables = {
    ...period,
    orgUnitId: unitId,
    level,
    orderBy: ORDER[ranking.figure],
    descending: ranking.descending,
    first: page.size,
    offset: (page.current - 1) * page.size,
    nameContains: search || null,
  };
  const result = useQuery({
    queryKey: ['reportRanking', variables],
    queryFn: () => client.request(ReportRankingQuery, variables),
    placeholderData: keepPreviousData,
  });
  const report = result.isError ? undefined : result.data?.report;
  const drill = canDrill(level);
  const grades = useMemo(() => gradesOf(scale, (report?.rows ?? []).flatMap((r) => r.grades.map((g) => g.grade))), [report, scale]);
  const columns: TableColumnsType<Row> = [
    { title: t('reports.rank'), key: 'rank', width: 64, fixed: 'left', align: 'right', render: (_: unknown, _r, i) => <span data-testid="ranking-rank">{rankOf(report?.offset ?? 0, i)}</span> },
    {
      title: enumLabel(t, 'reportLevel', level),
      key: 'name',
      width: 180,
      fixed: 'left',
      render: (_: unknown, r) =>
        level === 'MANAGER' ? (
          <Space direction="vertical" size={0}>
            <span data-testid="ranking-name">{r.unassigned ? t('reports.unassigned') : (r.manager?.name ?? '—')}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.orgUnit?.name}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Link data-testid="ranking-name">{r.orgUnit?.name}</Typography.Link>
        ),
    },
    ...TOPIC_FIGURES[topic].map((f) => ({
      title: name(f),
      key: f,
      width: kindOf(f) === 'money' ? 140 : 100,
      align: 'right' as const,
      sorter: true,
      sortDirections: ['descend' as const, 'ascend' as const],
      sortOrder: sortOrderOf(ranking, f),
      render: (_: unknown, r: Row) => <span data-testid={`cell-${f}`}>{formatFigure(r, f)}</span>,
    })),
    ...(topic === 'grades'
      ? [{ title: t('reports.gradeMix'), key: 'mix', width: 260, render: (_: unknown, r: Row) => <GradeMixBar counts={Object.fromEntries(r.grades.map((g) => [g.grade, g.count]))} total={r.grades.reduce((a, g) => a + g.count, 0)} grades={grades} scale={scale} /> }]
      : []),
    ...(topic === 'marketing'
      ? MARKETING_RATES.map((m) => ({
          title: t(`reports.${m.key}`),
          key: m.key,
          width: 90,
          align: 'right' as const,
          render: (_: unknown, r: Row) => formatRate(marketingRate(r, m)),
        }))
      : []),
  ];
  return (
    <Card
      size="small"
      title={t('reports.ranking', { level: enumLabel(t, 'reportLevel', level) })}
      extra={
        <Space>
          {drill && <Typography.Text type="secondary">{t('reports.drillHint')}</Typography.Text>}
          <Input.Search allowClear placeholder={t('reports.search')} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ width: 220 }} data-testid="ranking-search" />
        </Space>
      }
    >
      <ListError query={result} />
      <DataTable<Row>
        size="small"
        rowKey={rowKey}
        sticky
        loading={result.isFetching}
        dataSource={report?.rows ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('reports.noRows') }}
        data-testid="ranking-table"
        rowClassName={drill ? 'cic-clickable-row' : undefined}
        onRow={(r) =>
          ({
            'data-testid': 'ranking-row',
            'data-name': level === 'MANAGER' ? (r.unassigned ? t('reports.unassigned') : r.manager?.name) : r.orgUnit?.name,
            onClick: drill && r.orgUnit ? () => onOpen(r) : undefined,
          }) as React.HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: page.current,
          pageSize: page.size,
          total: report?.rowCount ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t('reports.rows', { n }),
          hideOnSinglePage: false,
        }}
        onChange={(pagination, _filters, sorter, extra) => {
          if (extra.action === 'sort') {
            setRanking(rankingOf(topic, Array.isArray(sorter) ? sorter[0] : sorter));
            setPage((p) => ({ ...p, current: 1 }));
          } else if (extra.action === 'paginate') {
            setPage({ current: pagination.current ?? 1, size: pagination.pageSize ?? PAGE_SIZE });
          }
        }}
      />
    </Card>
  );
}

function MonthlyReports({ unitId }: { unitId: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['monthlyReports', unitId], queryFn: () => client.request(MonthlyReportsQuery, { orgUnitId: unitId }) });
  const get = async (m: Monthly) => {
    setBusy(m.id);
    try {
      await download(m.downloadPath, `${m.orgUnit?.name ?? ''}${m.month}.xlsx`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">{t('reports.monthly.hint')}</Typography.Paragraph>
      <ListError query={list} />
      <DataTable<Monthly>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.isError ? [] : (list.data?.monthlyReports ?? [])}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('reports.monthly.empty') }}
        data-testid="monthly-table"
        onRow={(m) => ({ 'data-testid': 'monthly-row', 'data-month': m.month }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('reports.monthly.month'), dataIndex: 'month', width: 100 },
          { title: t('reports.monthly.unit'), key: 'unit', render: (_: unknown, m) => m.orgUnit?.name ?? '—' },
          { title: t('reports.monthly.size'), dataIndex: 'size', width: 100, align: 'right', render: (n: number) => formatBytes(n) },
          { title: t('reports.monthly.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => beijingTime(v) },
          {
            title: t('common.actions'),
            key: 'download',
            width: 100,
            render: (_: unknown, m) => (
              <Button size="small" type="link" icon={<DownloadOutlined />} loading={busy === m.id} onClick={() => get(m)} data-testid="monthly-download">
                {t('reports.monthly.download')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

export default function ReportsPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => presetRange(DEFAULT_PRESET, dayjs()));
  const [exporting, setExporting] = useState(false);
  const units = useOrgUnits();
  const period = useMemo(() => ({ since: isoDay(range[0]), until: isoDay(range[1]) }), [range]);
  const unitId = params.get('unit') ?? me?.orgUnit?.id ?? '';
  const tab = ((['monthly', ...TOPICS] as string[]).includes(params.get('tab') ?? '') ? params.get('tab') : 'progress') as Tab;
  const summary = useQuery({
    queryKey: ['reportSummary', unitId, period],
    enabled: !!unitId,
    queryFn: () => client.request(ReportSummaryQuery, { ...period, orgUnitId: unitId }),
    placeholderData: keepPreviousData,
  });
  const report = summary.isError ? undefined : summary.data?.report;
  const unit = report?.orgUnit;
  const level = levelFor(unit?.level, params.get('level'));
  const { scale } = useGradeScale(unit?.bankId ?? null);
  const path = useMemo(() => {
    const found = unitPath(units.data?.orgUnits ?? [], me?.orgUnit?.id, unitId);
    return found.length ? found : unit ? [unit] : [];
  }, [units.data, me, unitId, unit]);
  const presets = PERIOD_PRESETS.map((p) => ({ label: t(`reports.preset.${p}` as MessageKey), value: presetRange(p, dayjs()) }));

  const go = (next: { unit?: string; level?: string | null; tab?: string }) => {
    const q = new URLSearchParams(params);
    if (next.unit !== undefined) {
      q.set('unit', next.unit);
      q.delete('level');
    }
    if (next.level) q.set('level', next.level);
    if (next.tab) q.set('tab', next.tab);
    setParams(q);
  };

  const exportExcel = async () => {
    setExporting(true);
    try {
      await download(exportPath({ orgUnitId: unitId, ...period, level, locale }), `report-${period.since}-${period.until}.xlsx`);
      message.success(t('reports.exported'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setExporting(false);
    }
  };

  if (!me || !unitId) return <Spin />;
  const choices = levelChoices(unit?.level);
  return (
    <div>
      <div className="cic-page-title">
        <Space direction="vertical" size={2}>
          <h2>{t('reports.title')}</h2>
          <Breadcrumb
            data-testid="report-breadcrumb"
            items={path.map((u, i) => ({
              key: u.id,
              title:
                i < path.length - 1 ? (
                  <a onClick={() => go({ unit: u.id })} data-testid="breadcrumb-unit">
                    {u.name}
                  </a>
                ) : (
                  <span data-testid="breadcrumb-current">{u.name}</span>
                ),
            }))}
          />
        </Space>
        <Space size={12} wrap>
          <DatePicker.RangePicker
            value={range}
            presets={presets}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            data-testid="report-period"
          />
          {choices.length > 1 ? (
            <Segmented
              value={level}
              onChange={(v) => go({ level: String(v) })}
              options={choices.map((l) => ({ value: l, label: t('reports.by', { level: enumLabel(t, 'reportLevel', l) }) }))}
              data-testid="report-level"
            />
          ) : (
            <Typography.Text data-testid="report-level">{t('reports.by', { level: enumLabel(t, 'reportLevel', level) })}</Typography.Text>
          )}
          <Button icon={<FileExcelOutlined />} onClick={exportExcel} loading={exporting} disabled={!report} data-testid="report-export">
            {t('reports.export')}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">
        {report && (
          <Typography.Text strong data-testid="report-as-of" style={{ marginRight: 12 }}>
            {report.asOf ? t('reports.asOf', { day: report.asOf }) : t('reports.noFacts')}
          </Typography.Text>
        )}
        {t('reports.hint')}
      </Typography.Paragraph>
      <ListError query={summary} />
      {summary.isLoading || !report ? (
        !summary.error && <Spin />
      ) : (
        <>
          <Summary total={report.total} />
          <Tabs
            activeKey={tab}
            onChange={(k) => go({ tab: k })}
            data-testid="report-tabs"
            items={[
              ...TOPICS.map((topic) => ({
                key: topic,
                label: t(`reports.tab.${topic}` as MessageKey),
                children: (
                  <>
                    <TopicHead topic={topic} total={report.total} unitId={unitId} period={period} asOf={report.asOf} scale={scale} />
                    <RankingTable
                      key={`${unitId}|${level}|${period.since}|${period.until}`}
                      topic={topic}
                      unitId={unitId}
                      level={level}
                      period={period}
                      scale={scale}
                      onOpen={(r) => r.orgUnit && go({ unit: r.orgUnit.id })}
                    />
                  </>
                ),
              })),
              { key: 'monthly', label: t('reports.tab.monthly'), children: <MonthlyReports unitId={unitId} /> },
            ]}
          />
        </>
      )}
    </div>
  );
}
