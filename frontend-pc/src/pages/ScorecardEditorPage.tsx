// A scorecard (docs/rating.md, "The card model"): /scorecards/new copies the card in force of the
// administrator's scope (their bank's own published card, else the province's) into a new draft;
// /scorecards/:id edits a draft of theirs, or shows any other card read-only (published,
// superseded, another scope's, or frozen while its publication waits for a second administrator).
//
// The editor: name and base points, the items (variable from `scorecardVariables`, the kind
// following it) each with its bins, the grades, the vetoes, the best possible score live
// (at most 1,200); the API's field errors on the field or row they name (`items[2].bins[1].points`
// ...); a warning before unsaved edits are lost (components/unsavedChanges.tsx: the card differs
// from what was loaded or last saved); the shared save bar that stays in view; a section nav
// (docs/screens.md, "Long forms"). Below: the dry run (the draft against the card in force over a
// sample) and the publication request.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  ConfigProvider,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
  type InputNumberProps,
} from 'antd';
import { CloudUploadOutlined, DeleteOutlined, DownOutlined, ExperimentOutlined, PlusOutlined, RightOutlined, SaveOutlined } from '@ant-design/icons';
import type { UserError } from '@cic/shared/userErrors';
import { ApiError, client, committed } from '../api/client';
import {
  CancelPendingChangeMutation,
  DryRunScorecardMutation,
  DeleteScorecardMutation,
  RequestScorecardPublishMutation,
  SaveScorecardMutation,
  ScorecardQuery,
  ScorecardVariablesQuery,
} from '../api/operations';
import type { DryRunScorecardMutation as DryRunResult, ScorecardFieldsFragment } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { useSession } from '../session';
import {
  DRY_RUN_SAMPLE,
  MAX_SCORE,
  NO_ERRORS,
  VETOES,
  addBin,
  administersCard,
  binErrorKey,
  canAdministerScorecards,
  cardInForce,
  cardToDraft,
  categoryOptions,
  draftToInput,
  errorCount,
  groupCardErrors,
  itemMaxPoints,
  itemsWithErrors,
  maxScore,
  missingNumbers,
  newGrade,
  newItem,
  withVariable,
  type CardErrors,
  type DraftBin,
  type DraftCard,
  type DraftGrade,
  type DraftItem,
} from '../lib/scorecard';
import { bandLabel, comparisonOption, migrationMatrix, type GradeScale } from '../lib/ratingAnalysis';
import { Chart } from '../components/Chart';
import { FigureRow, Notice, QueryError } from '../components/common';
import { PENDING_CHANGES_KEY, PublicationPendingNotice } from '../components/fourEyes';
import { sameValues, useUnsavedChanges, withoutKeys } from '../components/unsavedChanges';
import { SaveBar } from '../components/SaveBar';
import { SectionNav, sectionId } from '../components/SectionNav';
import { MatrixTable, SCORECARDS_KEY, useScorecards } from '../components/ratingViews';
import { ScorecardStatusTags } from './ScorecardsPage';

type Card = ScorecardFieldsFragment;
type Report = NonNullable<NonNullable<DryRunResult['dryRunScorecard']>['report']>;
type Variable = { path: string; label: string; numeric: boolean };

const cardKey = (id: string) => [...SCORECARDS_KEY, 'one', id] as const;
/** A mean score to one decimal (the figure cuts, it does not round). */
const tenth = (v: number) => Math.round(v * 10) / 10;

/** The API's messages about one field, under it. */
function FieldErrors({ messages, testId }: { messages?: string[]; testId?: string }) {
  if (!messages?.length) return null;
  return (
    <span className="cic-field-error" data-testid={testId ?? 'field-error'}>
      {messages.join('；')}
    </span>
  );
}

const status = (messages?: string[]) => (messages?.length ? ('error' as const) : undefined);


function BinsEditor({
  item,
  index,
  numeric,
  errors,
  onChange,
}: {
  item: DraftItem;
  index: number;
  numeric: boolean | undefined;
  errors: CardErrors;
  onChange: (item: DraftItem, structural?: boolean) => void;
}) {
  const { t } = useI18n();
  const options = useMemo(() => categoryOptions(item.variable, numeric, t), [item.variable, numeric, t]);
  const setBin = (k: number, patch: Partial<DraftBin>) => onChange({ ...item, bins: item.bins.map((b, m) => (m === k ? { ...b, ...patch } : b)) });
  const binErrors = (k: number) => errors.bins[binErrorKey(index, k)] ?? {};
  const valued = item.bins.filter((b) => !b.missing).length;
  return (
    <div className="cic-bins" data-testid="bins-editor" data-item={index}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8, fontSize: 12 }}>
        {item.kind === 'NUMERIC' ? t('scorecards.numericHelp') : t('scorecards.categoryHelp')} {t('scorecards.missingHelp')}
      </Typography.Paragraph>
      {errors.items[index]?.bins && <Alert type="error" showIcon style={{ marginBottom: 8 }} message={errors.items[index].bins.join('；')} data-testid="bins-error" />}
      <Table<DraftBin>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={item.bins}
        rowClassName={(_, k) => (Object.keys(binErrors(k)).length ? 'cic-row-error' : '')}
        onRow={(_, k) => ({ 'data-testid': 'scorecard-bin', 'data-index': k }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('scorecards.binLabel'),
            key: 'label',
            render: (_: unknown, bin, k) => (
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space.Compact style={{ width: '100%' }}>
                  {bin.missing && <Tag style={{ lineHeight: '30px', marginInlineEnd: 0 }}>{t('scorecards.missingBin')}</Tag>}
                  <Input id={`bin-label-${index}-${k}`} aria-label={t('scorecards.binLabel')} value={bin.label} maxLength={60} status={status(binErrors(k).label)} onChange={(e) => setBin(k, { label: e.target.value })} />
                </Space.Compact>
                <FieldErrors messages={binErrors(k).label} />
              </Space>
            ),
          },
          ...(item.kind === 'NUMERIC'
            ? [
                {
                  title: t('scorecards.binMin'),
                  key: 'min',
                  width: 170,
                  render: (_: unknown, bin: DraftBin, k: number) =>
                    bin.missing ? (
                      '—'
                    ) : (
                      <>
                        <InputNumber id={`bin-min-${index}-${k}`} aria-label={t('scorecards.binMin')} value={bin.min} placeholder={t('scorecards.openBelow')} style={{ width: '100%' }} status={status(binErrors(k).min)} onChange={(v) => setBin(k, { min: v ?? null })} />
                        <FieldErrors messages={binErrors(k).min} />
                      </>
                    ),
                },
                {
                  title: t('scorecards.binMax'),
                  key: 'max',
                  width: 170,
                  render: (_: unknown, bin: DraftBin, k: number) =>
                    bin.missing ? (
                      '—'
                    ) : (
                      <>
                        <InputNumber id={`bin-max-${index}-${k}`} aria-label={t('scorecards.binMax')} value={bin.max} placeholder={t('scorecards.openAbove')} style={{ width: '100%' }} status={status(binErrors(k).max)} onChange={(v) => setBin(k, { max: v ?? null })} />
                        <FieldErrors messages={binErrors(k).max} />
                      </>
                    ),
                },
              ]
            : [
                {
                  title: t('scorecards.binValues'),
                  key: 'values',
                  width: 360,
                  render: (_: unknown, bin: DraftBin, k: number) =>
                    bin.missing ? (
                      '—'
                    ) : (
                      <>
                        <Select
                          id={`bin-values-${index}-${k}`}
                          aria-label={t('scorecards.binValues')}
                          mode="tags"
                          value={bin.values}
                          options={options}
                          style={{ width: '100%' }}
                          status={status(binErrors(k).values)}
                          tokenSeparators={[',', '，']}
                          onChange={(values: string[]) => setBin(k, { values })}
                        />
                        <FieldErrors messages={binErrors(k).values} />
                      </>
                    ),
                },
              ]),
          {
            title: t('scorecards.binPoints'),
            key: 'points',
            width: 130,
            render: (_: unknown, bin, k) => (
              <>
                <InputNumber
                  id={`bin-points-${index}-${k}`}
                  aria-label={t('scorecards.binPoints')}
                  value={bin.points}
                  min={0}
                  max={MAX_SCORE}
                  precision={0}
                  style={{ width: '100%' }}
                  status={status(binErrors(k).points)}
                  onChange={(v) => setBin(k, { points: v ?? null })}
                />
                <FieldErrors messages={binErrors(k).points} />
              </>
            ),
          },
          {
            title: '',
            key: 'actions',
            width: 48,
            render: (_: unknown, bin, k) => (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                disabled={bin.missing || valued <= 1}
                aria-label={t('common.delete')}
                onClick={() => onChange({ ...item, bins: item.bins.filter((_, m) => m !== k) }, true)}
              />
            ),
          },
        ]}
      />
      <Button size="small" type="dashed" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => onChange(addBin(item), true)} data-testid="add-bin">
        {t('scorecards.addBin')}
      </Button>
    </div>
  );
}

function ItemsTable({
  draft,
  errors,
  variables,
  expanded,
  setExpanded,
  setItem,
  removeItem,
}: {
  draft: DraftCard;
  errors: CardErrors;
  variables: readonly Variable[];
  expanded: string[];
  setExpanded: (keys: string[]) => void;
  setItem: (index: number, item: DraftItem, structural?: boolean) => void;
  removeItem: (index: number) => void;
}) {
  const { t } = useI18n();
  const byPath = useMemo(() => new Map(variables.map((v) => [v.path, v])), [variables]);
  const options = useMemo(() => variables.map((v) => ({ value: v.path, label: v.label, path: v.path })), [variables]);
  const itemErrors = (i: number) => errors.items[i] ?? {};
  const hasBinErrors = (i: number) => !!itemErrors(i).bins || Object.keys(errors.bins).some((k) => k.startsWith(`${i}.`));
  const toggle = (key: string) => setExpanded(expanded.includes(key) ? expanded.filter((k) => k !== key) : [...expanded, key]);
  return (
    <Table<DraftItem>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={draft.items}
      data-testid="scorecard-items"
      rowClassName={(_, i) => (Object.keys(itemErrors(i)).length || hasBinErrors(i) ? 'cic-row-error' : '')}
      onRow={(item) => ({ 'data-testid': 'scorecard-item', 'data-code': item.code }) as React.HTMLAttributes<HTMLElement>}
      expandable={{
        expandedRowKeys: expanded,
        showExpandColumn: false,
        expandedRowRender: (item, i) => (
          <BinsEditor item={item} index={i} numeric={byPath.get(item.variable)?.numeric} errors={errors} onChange={(next, structural) => setItem(i, next, structural)} />
        ),
      }}
      columns={[
        {
          title: t('scorecards.itemCode'),
          key: 'code',
          width: 170,
          render: (_: unknown, item, i) => (
            <>
              <Input id={`item-code-${i}`} aria-label={t('scorecards.itemCode')} className="cic-mono" value={item.code} maxLength={32} placeholder="INCOME" status={status(itemErrors(i).code)} onChange={(e) => setItem(i, { ...item, code: e.target.value.toUpperCase() })} />
              <FieldErrors messages={itemErrors(i).code} />
            </>
          ),
        },
        {
          title: t('scorecards.itemLabel'),
          key: 'label',
          render: (_: unknown, item, i) => (
            <>
              <Input id={`item-label-${i}`} aria-label={t('scorecards.itemLabel')} value={item.label} maxLength={40} status={status(itemErrors(i).label)} onChange={(e) => setItem(i, { ...item, label: e.target.value })} />
              <FieldErrors messages={itemErrors(i).label} />
            </>
          ),
        },
        {
          title: t('scorecards.variable'),
          key: 'variable',
          width: 240,
          render: (_: unknown, item, i) => (
            <>
              <Select
                id={`item-variable-${i}`}
                aria-label={t('scorecards.chooseVariable')}
                showSearch
                value={item.variable || undefined}
                placeholder={t('scorecards.chooseVariable')}
                options={options}
                style={{ width: '100%' }}
                status={status(itemErrors(i).variable)}
                filterOption={(input, option) => `${option?.label ?? ''} ${option?.path ?? ''}`.toLowerCase().includes(input.toLowerCase())}
                optionRender={(option) => (
                  <Space direction="vertical" size={0}>
                    <span>{option.data.label}</span>
                    <Typography.Text type="secondary" className="cic-mono" style={{ fontSize: 11 }}>
                      {option.data.path}
                    </Typography.Text>
                  </Space>
                )}
                onChange={(path: string) => {
                  const found = byPath.get(path);
                  if (found) setItem(i, withVariable(item, found), found.numeric !== (item.kind === 'NUMERIC'));
                }}
              />
              <FieldErrors messages={itemErrors(i).variable} />
            </>
          ),
        },
        {
          title: t('scorecards.kind'),
          key: 'kind',
          width: 110,
          render: (_: unknown, item, i) => (
            <>
              <Tag>{enumLabel(t, 'scorecardItemKind', item.kind)}</Tag>
              <FieldErrors messages={itemErrors(i).kind} />
            </>
          ),
        },
        {
          title: t('scorecards.bins'),
          key: 'bins',
          width: 130,
          render: (_: unknown, item, i) => (
            <Button size="small" type="link" icon={expanded.includes(item.key) ? <DownOutlined /> : <RightOutlined />} onClick={() => toggle(item.key)} data-testid="toggle-bins">
              <Badge dot={hasBinErrors(i)} offset={[6, 0]}>
                {t('scorecards.binsN', { n: item.bins.length })}
              </Badge>
            </Button>
          ),
        },
        { title: t('scorecards.itemMax'), key: 'max', width: 90, align: 'right', render: (_: unknown, item) => <span data-testid="item-max">{itemMaxPoints(item)}</span> },
        {
          title: '',
          key: 'actions',
          width: 48,
          render: (_: unknown, _item, i) => (
            <Popconfirm title={t('scorecards.deleteConfirm')} onConfirm={() => removeItem(i)}>
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
            </Popconfirm>
          ),
        },
      ]}
    />
  );
}

const GRADE_NUMBER_LABELS = { min: 'scorecards.gradeMin', quotaCap: 'scorecards.quotaCap', incomeMultiple: 'scorecards.incomeMultiple' } as const;

function GradesTable({ draft, errors, setGrade, removeGrade }: { draft: DraftCard; errors: CardErrors; setGrade: (index: number, grade: DraftGrade) => void; removeGrade: (index: number) => void }) {
  const { t } = useI18n();
  const gradeErrors = (i: number) => errors.grades[i] ?? {};
  const number = (i: number, g: DraftGrade, field: 'min' | 'quotaCap' | 'incomeMultiple', props: Partial<InputNumberProps<number>>) => (
    <>
      <InputNumber<number>
        id={`grade-${field}-${i}`}
        aria-label={t(GRADE_NUMBER_LABELS[field])}
        value={g[field]}
        min={0}
        style={{ width: '100%' }}
        status={status(gradeErrors(i)[field])}
        onChange={(v) => setGrade(i, { ...g, [field]: v ?? null })}
        {...props}
      />
      <FieldErrors messages={gradeErrors(i)[field]} />
    </>
  );
  return (
    <Table<DraftGrade>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={draft.grades}
      data-testid="scorecard-grades"
      rowClassName={(_, i) => (Object.keys(gradeErrors(i)).length ? 'cic-row-error' : '')}
      columns={[
        {
          title: t('scorecards.gradeCode'),
          key: 'code',
          width: 100,
          render: (_: unknown, g, i) => (
            <>
              <Input id={`grade-code-${i}`} aria-label={t('scorecards.gradeCode')} className="cic-mono" value={g.code} maxLength={4} status={status(gradeErrors(i).code)} onChange={(e) => setGrade(i, { ...g, code: e.target.value.toUpperCase() })} />
              <FieldErrors messages={gradeErrors(i).code} />
            </>
          ),
        },
        {
          title: t('scorecards.gradeLabel'),
          key: 'label',
          render: (_: unknown, g, i) => (
            <>
              <Input id={`grade-label-${i}`} aria-label={t('scorecards.gradeLabel')} value={g.label} status={status(gradeErrors(i).label)} onChange={(e) => setGrade(i, { ...g, label: e.target.value })} />
              <FieldErrors messages={gradeErrors(i).label} />
            </>
          ),
        },
        { title: t('scorecards.gradeMin'), key: 'min', width: 130, render: (_: unknown, g, i) => number(i, g, 'min', { max: MAX_SCORE, precision: 0 }) },
        {
          title: t('scorecards.quotaCap'),
          key: 'quotaCap',
          width: 170,
          render: (_: unknown, g, i) =>
            number(i, g, 'quotaCap', { precision: 0, step: 10_000, formatter: (v) => (v === undefined || v === null || String(v) === '' ? '' : Number(v).toLocaleString('en-US')), parser: (v) => Number((v ?? '').replace(/,/g, '')) }),
        },
        { title: t('scorecards.incomeMultiple'), key: 'incomeMultiple', width: 130, render: (_: unknown, g, i) => number(i, g, 'incomeMultiple', { max: 10, step: 0.5, precision: 2 }) },
        {
          title: t('scorecards.watch'),
          key: 'watch',
          width: 90,
          align: 'center',
          render: (_: unknown, g, i) => <Checkbox id={`grade-watch-${i}`} aria-label={t('scorecards.watch')} checked={g.watch} onChange={(e) => setGrade(i, { ...g, watch: e.target.checked })} />,
        },
        {
          title: '',
          key: 'actions',
          width: 48,
          render: (_: unknown, _g, i) => <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => removeGrade(i)} />,
        },
      ]}
    />
  );
}

/** The dry run: the draft against the card in force over a sample of archives, nothing stored. */
function DryRunCard({ ensureSaved, onErrors }: { ensureSaved: () => Promise<string | null>; onErrors: (errors: readonly UserError[]) => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [sample, setSample] = useState<number | null>(DRY_RUN_SAMPLE.default);
  const [sampleError, setSampleError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const run = async () => {
    const id = await ensureSaved();
    if (!id) return;
    setBusy(true);
    setSampleError([]);
    try {
      const payload = committed((await client.request(DryRunScorecardMutation, { id, sample })).dryRunScorecard, 'dryRunScorecard');
      const onSample = payload.errors.filter((e) => e.field === 'sample');
      const rest = payload.errors.filter((e) => e.field !== 'sample');
      setSampleError(onSample.map((e) => (locale === 'zh' ? e.message : e.messageEn)));
      if (rest.length) {
        onErrors(rest);
        message.error(rest.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；'));
      }
      if (payload.report) setReport(payload.report);
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      title={t('scorecards.dryRun')}
      style={{ marginBottom: 16 }}
      id={sectionId('dryRun')}
      data-testid="scorecard-dry-run"
      extra={
        <Space>
          <Typography.Text type="secondary">{t('scorecards.sample')}</Typography.Text>
          <InputNumber id="dry-run-sample" aria-label={t('scorecards.sample')} value={sample} min={DRY_RUN_SAMPLE.min} max={DRY_RUN_SAMPLE.max} step={500} precision={0} status={status(sampleError)} onChange={(v) => setSample(v ?? null)} />
          <Button type="primary" ghost icon={<ExperimentOutlined />} loading={busy} onClick={run} data-testid="run-dry-run">
            {t('scorecards.runDryRun')}
          </Button>
        </Space>
      }
    >
      <FieldErrors messages={sampleError} />
      {report ? <DryRunReport report={report} /> : <Typography.Text type="secondary">{t('scorecards.dryRunHelp')}</Typography.Text>}
    </Card>
  );
}

function DryRunReport({ report }: { report: Report }) {
  const { t } = useI18n();
  const scale: GradeScale = useMemo(() => ({ order: report.grades.map((g) => g.grade), labels: Object.fromEntries(report.grades.map((g) => [g.grade, g.label])) }), [report]);
  const matrix = useMemo(() => migrationMatrix(report.moves, scale), [report, scale]);
  const names = { inForce: t('scorecards.inForceSeries'), draft: t('scorecards.draftSeries') };
  return (
    <div data-testid="dry-run-report">
      <Typography.Paragraph type="secondary" data-testid="dry-run-compared">
        {t('scorecards.comparedWith', { name: report.inForce.name, v: report.inForce.version })} · {report.sampled ? t('scorecards.sampledNote') : t('scorecards.allArchives')}
      </Typography.Paragraph>
      <FigureRow
        figures={[
          { title: t('scorecards.dryArchives'), value: report.archives, testId: 'dry-archives' },
          { title: t('scorecards.dryBanks'), value: report.banks, testId: 'dry-banks' },
          { title: t('scorecards.meanInForce'), value: tenth(report.meanInForce), precision: 1, testId: 'dry-mean-in-force' },
          { title: t('scorecards.meanDraft'), value: tenth(report.meanDraft), precision: 1, testId: 'dry-mean-draft' },
          { title: t('scorecards.upgraded'), value: report.upgraded, tone: 'good', testId: 'dry-upgraded' },
          { title: t('scorecards.downgraded'), value: report.downgraded, tone: 'bad', testId: 'dry-downgraded' },
          { title: t('scorecards.newlyVetoed'), value: report.newlyVetoed, tone: 'bad', testId: 'dry-newly-vetoed' },
        ]}
      />
      <Row gutter={16}>
        <Col span={12}>
          <Typography.Text strong>{t('scorecards.gradeDistribution')}</Typography.Text>
          <Chart
            testId="dry-run-grades"
            height={300}
            option={comparisonOption(
              report.grades.map((g) => g.label),
              report.grades.map((g) => g.inForce),
              report.grades.map((g) => g.draft),
              names,
            )}
          />
        </Col>
        <Col span={12}>
          <Typography.Text strong>{t('scorecards.scoreBands')}</Typography.Text>
          <Chart
            testId="dry-run-bands"
            height={300}
            option={comparisonOption(
              report.bands.map((b) => bandLabel(b.fromScore)),
              report.bands.map((b) => b.inForce),
              report.bands.map((b) => b.draft),
              names,
            )}
          />
        </Col>
      </Row>
      <Typography.Text strong style={{ display: 'block', margin: '8px 0' }}>
        {t('scorecards.moves')}
      </Typography.Text>
      <MatrixTable matrix={matrix} scale={scale} rowTitle={t('scorecards.gradeInForce')} columnTitle={t('scorecards.gradeDraft')} testId="dry-run-moves" />
    </div>
  );
}

export default function ScorecardEditorPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const { t, locale } = useI18n();
  const { me, permissions } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const canDraft = canAdministerScorecards(permissions, me?.orgUnit?.level);
  const ownBank = me?.orgUnit?.level === 'BANK' ? (me.orgUnit.bankId ?? null) : null;
  const cards = useScorecards(false, isNew && canDraft);
  const one = useQuery({ queryKey: cardKey(id), enabled: !isNew, queryFn: () => client.request(ScorecardQuery, { id }) });
  const variables = useQuery({ queryKey: ['scorecardVariables'], enabled: canDraft, staleTime: Infinity, queryFn: () => client.request(ScorecardVariablesQuery, {}) });
  const card: Card | null = isNew ? null : (one.data?.scorecard ?? null);
  const source = isNew ? cardInForce(cards.data?.scorecards ?? [], ownBank) : undefined;

  const [draft, setDraft] = useState<DraftCard | null>(null);
  const [copiedFrom, setCopiedFrom] = useState<Card | null>(null);
  const [errors, setErrors] = useState<CardErrors>(NO_ERRORS);
  // The draft as loaded (the card, or the copy of the card in force) or last saved: unsaved changes
  // are the differences from it.
  const [baseline, setBaseline] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState<'save' | 'publish' | 'withdraw' | 'delete' | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);

  useEffect(() => {
    if (draft) return;
    if (isNew && source) {
      // 新建草稿: a copy of the card in force for the caller's scope, unsaved until 保存草稿.
      const copy = cardToDraft(source);
      setDraft(copy);
      setBaseline(withoutKeys(copy));
      setCopiedFrom(source);
    } else if (card) {
      const loaded = cardToDraft(card);
      setDraft(loaded);
      setBaseline(withoutKeys(loaded));
    }
  }, [draft, isNew, source, card]);

  const editable = isNew ? canDraft : !!card && card.status === 'DRAFT' && !card.pendingChange && administersCard(permissions, me?.orgUnit, card);
  const dirty = editable && !!draft && !sameValues(withoutKeys(draft), baseline);
  const { disarm } = useUnsavedChanges(dirty, 'form.leaveBody.scorecard');

  if (isNew && !canDraft) return <Result status="403" title={t('scorecards.forbidden')} />;
  if (isNew ? cards.isLoading : one.isLoading) return <Spin />;
  const loadError = isNew ? cards.error : one.error;
  if (loadError) return <QueryError error={loadError} />;
  if (!isNew && !card && !draft) return <Result status="404" title={t('scorecards.notFound')} />;
  if (isNew && !source && !draft) return <Result status="warning" title={t('scorecards.noSource')} />;
  if (!draft) return <Spin />;

  const administered = isNew || (!!card && administersCard(permissions, me?.orgUnit, card));
  const pending = card?.pendingChange ?? null;
  const best = maxScore(draft);
  const over = best > MAX_SCORE;
  const problems = errorCount(errors);
  const dryRunShown = administered && (isNew || card?.status === 'DRAFT');

  const change = (next: DraftCard, structural = false) => {
    setDraft(next);
    if (structural) setErrors(NO_ERRORS); // indexes moved: the API's paths no longer point where they did
  };
  const setItem = (i: number, item: DraftItem, structural = false) => change({ ...draft, items: draft.items.map((x, j) => (j === i ? item : x)) }, structural);

  const show = (list: readonly UserError[]) => {
    const grouped = groupCardErrors(list, locale);
    setErrors(grouped);
    const open = itemsWithErrors(grouped)
      .map((i) => draft.items[i]?.key)
      .filter((k): k is string => !!k);
    setExpanded((keys) => [...new Set([...keys, ...open])]);
  };
  const text = (list: readonly UserError[]) => list.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；');
  const refresh = (cardId: string) =>
    Promise.all([
      queries.invalidateQueries({ queryKey: cardKey(cardId) }),
      queries.invalidateQueries({ queryKey: [...SCORECARDS_KEY, 'list'] }),
      queries.invalidateQueries({ queryKey: PENDING_CHANGES_KEY }),
    ]);

  const save = async (): Promise<string | null> => {
    const local = missingNumbers(draft);
    if (local.length) {
      show(local);
      message.error(t('form.errors', { n: local.length }));
      return null;
    }
    setBusy('save');
    try {
      const payload = committed((await client.request(SaveScorecardMutation, { input: draftToInput(draft, isNew ? null : id) })).saveScorecard, 'saveScorecard');
      if (payload.errors.length || !payload.scorecard) {
        show(payload.errors);
        message.error(t('form.errors', { n: payload.errors.length }));
        if (payload.errors.some((e) => e.code === 'PUBLISH_PENDING' || e.code === 'PUBLISHED_IS_IMMUTABLE') && !isNew) await refresh(id);
        return null;
      }
      const saved = payload.scorecard;
      setErrors(NO_ERRORS);
      setBaseline(withoutKeys(draft));
      setSaved(true);
      disarm(); // the move of a new draft to its address is no leaving
      queries.setQueryData(cardKey(saved.id), { scorecard: saved });
      await queries.invalidateQueries({ queryKey: [...SCORECARDS_KEY, 'list'] });
      message.success(t('scorecards.saved'));
      if (isNew) navigate(`/scorecards/${saved.id}`, { replace: true });
      return saved.id;
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
      return null;
    } finally {
      setBusy(null);
    }
  };
  const ensureSaved = async () => (dirty || (isNew && !saved) ? save() : id);

  const requestPublish = () =>
    modal.confirm({
      title: t('scorecards.requestPublish'),
      content: t('scorecards.publishConfirm'),
      okText: t('scorecards.requestPublish'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const cardId = await ensureSaved();
        if (!cardId) return;
        setBusy('publish');
        try {
          const payload = committed((await client.request(RequestScorecardPublishMutation, { id: cardId })).requestScorecardPublish, 'requestScorecardPublish');
          if (payload.errors.length) {
            show(payload.errors);
            message.error(text(payload.errors));
            return;
          }
          if (payload.scorecard) queries.setQueryData(cardKey(cardId), { scorecard: payload.scorecard });
          message.success(t('scorecards.publishRequested'));
          await refresh(cardId);
        } catch (e) {
          message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
        } finally {
          setBusy(null);
        }
      },
    });

  /** 删除草稿: a saved draft is discarded (deleteScorecard), then back to the list. */
  const discard = () =>
    modal.confirm({
      title: t('scorecards.deleteDraft'),
      content: t('scorecards.deleteDraftConfirm'),
      okText: t('scorecards.deleteDraft'),
      okButtonProps: { danger: true, id: 'delete-confirm' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        if (!card) return;
        setBusy('delete');
        try {
          const payload = committed((await client.request(DeleteScorecardMutation, { id: card.id })).deleteScorecard, 'deleteScorecard');
          if (payload.errors.length) {
            message.error(text(payload.errors));
            return;
          }
          message.success(t('scorecards.deleted'));
          disarm();
          await queries.invalidateQueries({ queryKey: SCORECARDS_KEY });
          navigate('/scorecards');
        } catch (e) {
          message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
        } finally {
          setBusy(null);
        }
      },
    });

  const withdraw = async () => {
    if (!pending || !card) return;
    setBusy('withdraw');
    try {
      const payload = committed((await client.request(CancelPendingChangeMutation, { id: pending.id })).cancelPendingChange, 'cancelPendingChange');
      if (payload.errors.length) message.error(text(payload.errors));
      else message.success(t('approvals.withdrawn'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setBusy(null);
    }
    await refresh(card.id);
  };

  const scopeLabel = (c: Pick<Card, 'province' | 'bank'> | null) =>
    c ? (c.province ? t('scorecards.provinceCard') : (c.bank?.name ?? t('scorecards.bankCard'))) : me?.orgUnit?.level === 'PROVINCE' ? t('scorecards.provinceCard') : (me?.orgUnit?.name ?? '');
  const title = isNew ? t('scorecards.newTitle') : editable ? t('scorecards.editTitle') : t('scorecards.viewTitle');
  const variableList = variables.data?.scorecardVariables ?? [];

  return (
    <div>
      <div className="cic-page-title">
        <Space size={12} wrap>
          <Button type="text" onClick={() => navigate('/scorecards')} data-testid="scorecard-back">
            ← {t('common.back')}
          </Button>
          <h2>{title}</h2>
          {card && <ScorecardStatusTags card={card} inForce={card.status === 'PUBLISHED'} />}
          <Tag color="blue" data-testid="scorecard-scope">
            {scopeLabel(card)}
          </Tag>
          {card && <Typography.Text type="secondary">{t('scorecards.versionN', { v: card.version })}</Typography.Text>}
        </Space>
      </div>
      {copiedFrom && (
        <Typography.Paragraph type="secondary" data-testid="scorecard-copied-from">
          {t('scorecards.copiedFrom', { name: copiedFrom.name, v: copiedFrom.version, scope: scopeLabel(copiedFrom) })}
        </Typography.Paragraph>
      )}
      {pending && <PublicationPendingNotice pending={pending} message={t('scorecards.pending')} testId="scorecard-pending-notice" withdrawing={busy === 'withdraw'} onWithdraw={withdraw} />}
      {card && card.status !== 'DRAFT' && <Notice type="info" message={t('scorecards.readOnly')} data-testid="scorecard-read-only" />}
      {card && card.status === 'DRAFT' && !administered && <Notice type="info" message={t('scorecards.notYours')} data-testid="scorecard-read-only" />}
      {errors.general.length > 0 && <Notice type="error" message={errors.general.join('；')} data-testid="scorecard-general-errors" />}
      {problems > 0 && <Notice type="error" message={t('form.errors', { n: problems })} data-testid="scorecard-error-count" />}

      <Row gutter={16} wrap={false}>
      <Col flex="auto" style={{ minWidth: 0 }}>
      <ConfigProvider componentDisabled={!editable}>
        <Card title={t('scorecards.basics')} style={{ marginBottom: 16 }} id={sectionId('basics')}>
          <Form layout="vertical" component="div">
            <Row gutter={24}>
              <Col span={10}>
                <Form.Item label={t('scorecards.name')} validateStatus={status(errors.card.name)} help={errors.card.name?.join('；')} style={{ marginBottom: 0 }}>
                  <Input id="scorecard-name" value={draft.name} maxLength={120} onChange={(e) => change({ ...draft, name: e.target.value })} />
                </Form.Item>
              </Col>
              <Col span={5}>
                <Form.Item label={t('scorecards.basePoints')} validateStatus={status(errors.card.basePoints)} help={errors.card.basePoints?.join('；')} style={{ marginBottom: 0 }}>
                  <InputNumber id="scorecard-base" value={draft.basePoints} min={0} max={MAX_SCORE} precision={0} style={{ width: '100%' }} onChange={(v) => change({ ...draft, basePoints: v ?? null })} />
                </Form.Item>
              </Col>
              <Col span={9}>
                <Statistic
                  title={t('scorecards.maxScore')}
                  value={best}
                  suffix={`/ ${MAX_SCORE}`}
                  groupSeparator=""
                  styles={{ content: { color: over ? '#cf1322' : '#0f7a5c' } }}
                  valueRender={(node) => <span data-testid="max-score">{node}</span>}
                />
                <Typography.Text type={over ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid="max-score-help">
                  {over ? t('scorecards.maxScoreOver', { score: best, max: MAX_SCORE }) : t('scorecards.maxScoreHelp', { max: MAX_SCORE })}
                </Typography.Text>
              </Col>
            </Row>
          </Form>
        </Card>

        <Card
          title={t('scorecards.items', { n: draft.items.length })}
          style={{ marginBottom: 16 }}
          id={sectionId('items')}
          extra={
            editable && (
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  const item = newItem();
                  change({ ...draft, items: [...draft.items, item] }, true);
                  setExpanded([...expanded, item.key]);
                }}
                data-testid="add-item"
              >
                {t('scorecards.addItem')}
              </Button>
            )
          }
        >
          {errors.card.items && <Alert type="error" showIcon style={{ marginBottom: 8 }} message={errors.card.items.join('；')} data-testid="items-error" />}
          <ItemsTable
            draft={draft}
            errors={errors}
            variables={variableList}
            expanded={expanded}
            setExpanded={setExpanded}
            setItem={setItem}
            removeItem={(i) => change({ ...draft, items: draft.items.filter((_, j) => j !== i) }, true)}
          />
        </Card>

        <Card
          title={t('scorecards.grades', { n: draft.grades.length })}
          style={{ marginBottom: 16 }}
          id={sectionId('grades')}
          extra={
            editable && (
              <Button icon={<PlusOutlined />} onClick={() => change({ ...draft, grades: [...draft.grades, newGrade()] }, true)} data-testid="add-grade">
                {t('scorecards.addGrade')}
              </Button>
            )
          }
        >
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('scorecards.gradesHelp')}
          </Typography.Paragraph>
          {errors.card.grades && <Alert type="error" showIcon style={{ marginBottom: 8 }} message={errors.card.grades.join('；')} data-testid="grades-error" />}
          <GradesTable
            draft={draft}
            errors={errors}
            setGrade={(i, g) => change({ ...draft, grades: draft.grades.map((x, j) => (j === i ? g : x)) })}
            removeGrade={(i) => change({ ...draft, grades: draft.grades.filter((_, j) => j !== i) }, true)}
          />
        </Card>
        <Card title={t('scorecards.vetoes')} style={{ marginBottom: 16 }} id={sectionId('vetoes')}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('scorecards.vetoesHelp')}
          </Typography.Paragraph>
          <Checkbox.Group
            value={draft.vetoes}
            onChange={(values) => change({ ...draft, vetoes: VETOES.filter((v) => values.includes(v)) })}
            data-testid="scorecard-vetoes"
            options={VETOES.map((v) => ({ value: v, label: enumLabel(t, 'ratingVeto', v) }))}
          />
          <FieldErrors messages={errors.card.vetoes} />
        </Card>
      </ConfigProvider>

      {dryRunShown && <DryRunCard ensureSaved={ensureSaved} onErrors={show} />}
      </Col>
      <Col flex="150px">
        <SectionNav
          sections={[
            { key: 'basics', title: t('scorecards.basics') },
            { key: 'items', title: t('scorecards.items', { n: draft.items.length }) },
            { key: 'grades', title: t('scorecards.grades', { n: draft.grades.length }) },
            { key: 'vetoes', title: t('scorecards.vetoes') },
            ...(dryRunShown ? [{ key: 'dryRun', title: t('scorecards.dryRun') }] : []),
          ]}
        />
      </Col>
      </Row>

      {editable && (
        <SaveBar
          name="scorecard"
          dirty={dirty}
          saved={saved}
          status={
            <>
              <Typography.Text type={over ? 'danger' : 'secondary'}>
                {t('scorecards.maxScore')} {best} / {MAX_SCORE}
              </Typography.Text>
              {problems > 0 && <Typography.Text type="danger">{t('form.errors', { n: problems })}</Typography.Text>}
            </>
          }
        >
          {!isNew && card && (
            <Button danger loading={busy === 'delete'} onClick={discard} data-testid="delete-scorecard">
              {t('scorecards.deleteDraft')}
            </Button>
          )}
          <Button icon={<SaveOutlined />} loading={busy === 'save'} onClick={save} data-testid="save-scorecard">
            {t('scorecards.save')}
          </Button>
          <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'publish'} onClick={requestPublish} data-testid="request-publish">
            {t('scorecards.requestPublish')}
          </Button>
        </SaveBar>
      )}
    </div>
  );
}
