import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Empty, Row, Segmented, Space, Spin, Statistic, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { client } from '../api/client';
import { ArchiveStatisticsQuery, ArchiveTrendQuery, ReportTrendQuery } from '../api/operations';
import { enumLabel, useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { CHANNELS } from '../lib/archiveFilter';
import { monthRange, percent, trendSeries } from '../lib/dashboard';
import { PERIOD_PRESETS, isoDay, preciseTrendOption, presetRange } from '../lib/reports';
import { Chart } from '../components/Chart';
import { OrgUnitSelect, QueryError } from '../components/common';

export default function DashboardPage() {
  const { t, locale } = useI18n();
  const ruleText = (r: { message: string; messageEn: string }) => (locale === 'zh' ? r.message : r.messageEn);
  const { me, can } = useSession();
  const navigate = useNavigate();
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [months, setMonths] = useState(12);
  // The precise-rate trend comes from the report centre's daily facts (REPORT_READ).
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => presetRange('last30', dayjs()));
  const stats = useQuery({ queryKey: ['archiveStatistics', unitId ?? null], queryFn: () => client.request(ArchiveStatisticsQuery, { orgUnitId: unitId ?? null }) });
  const trend = useQuery({ queryKey: ['archiveTrend', unitId ?? null, months], queryFn: () => client.request(ArchiveTrendQuery, { orgUnitId: unitId ?? null, months }) });
  const preciseTrend = useQuery({
    queryKey: ['reportTrend', unitId ?? null, isoDay(period[0]), isoDay(period[1])],
    enabled: can('REPORT_READ'),
    queryFn: () => client.request(ReportTrendQuery, { orgUnitId: unitId ?? null, since: isoDay(period[0]), until: isoDay(period[1]) }),
  });
  const range = useMemo(() => monthRange(months), [months]);
  const series = useMemo(() => trendSeries(trend.data?.archiveTrend ?? [], range, CHANNELS), [trend.data, range]);
  const presets = PERIOD_PRESETS.map((p) => ({ label: t(`reports.preset.${p}` as MessageKey), value: presetRange(p, dayjs()) }));

  if (stats.isLoading) return <Spin />;
  if (stats.error) return <QueryError error={stats.error} onRetry={() => void stats.refetch()} />;
  const data = stats.data?.archiveStatistics;
  if (!data) return <Empty />;
  const unit = data.unit;
  const children = data.children;
  // A branch has no child units: its chart is per customer manager instead.
  const managers = data.managers;
  const managerName = (m: (typeof managers)[number]) => m.manager?.name ?? t('dashboard.noManager');
  const bars = children.length
    ? children.map((c) => ({ name: c.orgUnit.name, archives: c.archives, precise: c.precise, rate: c.preciseRate, open: { orgUnitId: c.orgUnit.id } as Record<string, string> }))
    : managers.map((m) => ({
        name: managerName(m),
        archives: m.archives,
        precise: m.precise,
        rate: m.preciseRate,
        open: (m.manager ? { orgUnitId: unit.orgUnit.id, managerId: m.manager.id } : { orgUnitId: unit.orgUnit.id }) as Record<string, string>,
      }));
  const points = preciseTrend.data?.reportTrend ?? [];
  const scopeUnit = unitId ?? me?.orgUnit?.id;
  const list = (params: Record<string, string>) => navigate(`/archives?${new URLSearchParams(params).toString()}`);

  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('dashboard.title')}</h2>
        <Space>
          <Typography.Text type="secondary">{t('dashboard.unit')}</Typography.Text>
          <OrgUnitSelect value={unitId} onChange={setUnitId} style={{ width: 260 }} placeholder={me?.orgUnit?.name} />
        </Space>
      </div>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {[
          ['dashboard.archives', unit.archives],
          ['dashboard.evaluated', unit.evaluated],
          ['dashboard.complete', unit.complete],
          ['dashboard.precise', unit.precise],
        ].map(([label, value]) => (
          <Col span={5} key={label as string}>
            <Card>
              <Statistic title={t(label as 'dashboard.archives')} value={value as number} />
            </Card>
          </Col>
        ))}
        <Col span={4}>
          <Card>
            <Statistic title={t('dashboard.preciseRate')} value={percent(unit.preciseRate)} suffix="%" valueStyle={{ color: '#0f7a5c' }} data-testid="precise-rate" />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={14}>
          <Card
            className="cic-chart-card"
            title={children.length ? t('dashboard.byChild') : managers.length ? t('dashboard.byManager') : unit.orgUnit.name}
            extra={<Typography.Text type="secondary">{t('dashboard.clickHint')}</Typography.Text>}
            style={{ marginBottom: 16 }}
          >
            {bars.length === 0 ? (
              <Empty description={t('dashboard.noData')} />
            ) : (
              <Chart
                testId="chart-by-unit"
                height={320}
                onCategoryClick={(i) => bars[i] && list(bars[i].open)}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 56, right: 56, top: 40, bottom: 40 },
                  xAxis: { type: 'category', data: bars.map((c) => c.name), axisLabel: { interval: 0, fontSize: 11 } },
                  yAxis: [
                    { type: 'value', name: t('dashboard.archives'), minInterval: 1 },
                    { type: 'value', name: t('dashboard.preciseRate'), min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
                  ],
                  series: [
                    { name: t('dashboard.archives'), type: 'bar', data: bars.map((c) => c.archives), barMaxWidth: 36 },
                    { name: t('dashboard.precise'), type: 'bar', data: bars.map((c) => c.precise), barMaxWidth: 36 },
                    { name: t('dashboard.preciseRate'), type: 'line', yAxisIndex: 1, data: bars.map((c) => percent(c.rate)), symbolSize: 8 },
                  ],
                }}
              />
            )}
          </Card>
        </Col>
        <Col span={10}>
          <Card className="cic-chart-card" title={t('dashboard.topRules')} style={{ marginBottom: 16 }}>
            {unit.topFailingRules.length === 0 ? (
              <Empty description={t('dashboard.noData')} />
            ) : (
              <Chart
                testId="chart-top-rules"
                height={320}
                horizontal
                onCategoryClick={(i) => unit.topFailingRules[i] && list({ rule: unit.topFailingRules[i].code })}
                option={{
                  tooltip: {
                    trigger: 'item',
                    formatter: (p: unknown) => {
                      const item = p as { dataIndex: number; value: number };
                      const r = unit.topFailingRules[item.dataIndex];
                      return `${ruleText(r)}<br/>${t('dashboard.archives')}: ${item.value}`;
                    },
                  },
                  grid: { left: 200, right: 40, top: 8, bottom: 24 },
                  xAxis: { type: 'value', minInterval: 1 },
                  // the rule in words (its message), never its code
                  yAxis: { type: 'category', inverse: true, data: unit.topFailingRules.map((r) => shorten(ruleText(r), 14)), axisLabel: { fontSize: 11 } },
                  series: [
                    {
                      type: 'bar',
                      data: unit.topFailingRules.map((r) => ({ value: r.count, itemStyle: { color: r.severity === 'ERROR' ? '#d9534f' : '#f0a020' } })),
                      barMaxWidth: 18,
                      label: { show: true, position: 'right' },
                    },
                  ],
                }}
              />
            )}
            <Space size={4} style={{ marginTop: 4 }}>
              <Tag color="red">{enumLabel(t, 'severity', 'ERROR')}</Tag>
              <Tag color="gold">{enumLabel(t, 'severity', 'WARNING')}</Tag>
            </Space>
          </Card>
        </Col>
      </Row>
      {can('REPORT_READ') && (
        <Card
          className="cic-chart-card"
          title={t('dashboard.preciseTrend')}
          style={{ marginBottom: 16 }}
          data-testid="precise-trend"
          extra={
            <Space>
              <Typography.Text type="secondary">{t('dashboard.preciseTrendHint')}</Typography.Text>
              <DatePicker.RangePicker
                value={period}
                presets={presets}
                allowClear={false}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
                data-testid="precise-trend-period"
              />
            </Space>
          }
        >
          {preciseTrend.error ? (
            <QueryError error={preciseTrend.error} onRetry={() => void preciseTrend.refetch()} />
          ) : preciseTrend.isLoading ? (
            <Spin />
          ) : points.length === 0 ? (
            <Empty description={t('dashboard.noData')} />
          ) : (
            <Chart testId="chart-precise-trend" height={280} option={preciseTrendOption(points, { rate: t('dashboard.preciseRate'), archives: t('dashboard.archives') })} />
          )}
        </Card>
      )}
      <Card
        className="cic-chart-card"
        title={t('dashboard.byChannel')}
        extra={
          <Segmented
            value={months}
            onChange={(v) => setMonths(Number(v))}
            options={[6, 12, 24].map((n) => ({ value: n, label: t('dashboard.months', { n }) }))}
          />
        }
      >
        {trend.error ? (
          <QueryError error={trend.error} onRetry={() => void trend.refetch()} />
        ) : trend.isLoading ? (
          <Spin />
        ) : (
          <Chart
            testId="chart-trend"
            height={300}
            onClick={(e) => list({ channels: CHANNELS[CHANNELS.findIndex((c) => enumLabel(t, 'channel', c) === e.seriesName)] ?? '', ...(scopeUnit ? { orgUnitId: scopeUnit } : {}) })}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 48, right: 24, top: 40, bottom: 32 },
              xAxis: { type: 'category', data: range },
              yAxis: { type: 'value', minInterval: 1 },
              series: series.map((s) => ({ name: enumLabel(t, 'channel', s.channel), type: 'bar', stack: 'channel', data: s.data, barMaxWidth: 28 })),
            }}
          />
        )}
      </Card>
    </div>
  );
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
