import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Collapse, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { client } from '../api/client';
import { PendingChangesQuery, RuleFieldCatalogQuery, RuleSetsQuery } from '../api/operations';
import type { RuleSetsQuery as RuleSetsResult } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { useSession } from '../session';
import { canEditRules } from '../permissions';
import { ruleSummary } from '../lib/ruleSummary';
import { indexFields, type SegmentField } from '../lib/segments';
import { publicationRequest } from '../lib/fourEyes';
import { PENDING_CHANGES_KEY } from '../components/fourEyes';
import { QueryError } from '../components/common';
import { sorterOf } from '@cic/shared/sorting';

type RuleSet = RuleSetsResult['ruleSets'][number];

const STATUS_COLOR: Record<string, string> = { PUBLISHED: 'green', DRAFT: 'blue', SUPERSEDED: 'default' };
/** Cells that keep one line at 1366 px. */
const NOWRAP = {
  onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
  onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
};

export function RuleTable({ rules, testId }: { rules: RuleSet['rules']; testId?: string }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const catalog = useQuery({ queryKey: ['ruleFields'], queryFn: () => client.request(RuleFieldCatalogQuery, {}), staleTime: Infinity });
  const fields = useMemo(() => indexFields((catalog.data?.ruleFields ?? []) as SegmentField[]), [catalog.data]);
  type Rule = RuleSet['rules'][number];
  const message = (r: Rule) => (locale === 'zh' ? r.messageZh : r.messageEn || r.messageZh);
  // The whole set is loaded: its columns sort on the client (words in pinyin order, kinds and
  // severities by their label); by default the rules stay in the set's order.
  return (
    <Table<Rule>
      size="small"
      rowKey="code"
      pagination={false}
      dataSource={rules}
      data-testid={testId}
      columns={[
        // The code is the rule's identifier, typed by an administrator (not a word to translate).
        { title: t('rules.code'), dataIndex: 'code', width: 220, ...NOWRAP, sorter: sorterOf((r: Rule) => r.code), render: (v: string) => <Typography.Text code data-audit-ignore>{v}</Typography.Text> },
        { title: t('rules.kind'), dataIndex: 'kind', width: 110, ...NOWRAP, sorter: sorterOf((r: Rule) => enumLabel(t, 'ruleKind', r.kind)), render: (v: string) => enumLabel(t, 'ruleKind', v) },
        {
          title: t('rules.severity'),
          dataIndex: 'severity',
          width: 80,
          ...NOWRAP,
          sorter: sorterOf((r: Rule) => enumLabel(t, 'severity', r.severity)),
          render: (v: string) => <Tag color={v === 'ERROR' ? 'red' : 'gold'}>{enumLabel(t, 'severity', v)}</Tag>,
        },
        { title: t('rules.message'), key: 'message', width: 280, sorter: sorterOf(message), render: (_: unknown, r) => message(r) },
        { title: t('rules.params'), render: (_: unknown, r) => <span style={{ fontSize: 12 }}>{ruleSummary(r, fields, t)}</span> },
        {
          title: '',
          width: 150,
          ...NOWRAP,
          render: (_: unknown, r) => (
            <Button size="small" type="link" icon={<UnorderedListOutlined />} onClick={() => navigate(`/archives?rule=${encodeURIComponent(r.code)}`)}>
              {t('rules.showArchives')}
            </Button>
          ),
        },
      ]}
    />
  );
}

function SetHeader({ set, pending }: { set: RuleSet; pending: boolean }) {
  const { t } = useI18n();
  return (
    <Space size={12} data-testid={`ruleset-${set.id}`}>
      <Typography.Text strong>{set.name}</Typography.Text>
      <Tag color={STATUS_COLOR[set.status]}>{t(set.status === 'PUBLISHED' ? 'rules.published' : set.status === 'DRAFT' ? 'rules.draft' : 'rules.superseded')}</Tag>
      {pending && (
        <Tag color="processing" data-testid="publish-pending-tag">
          {t('rules.publishPendingShort')}
        </Tag>
      )}
      <Typography.Text type="secondary">{t('rules.version', { v: set.version })}</Typography.Text>
      <Typography.Text type="secondary">
        {t('rules.effectiveFrom')} {set.effectiveFrom}
      </Typography.Text>
      {set.publishedAt && (
        <Typography.Text type="secondary">
          {t('rules.publishedAt')} {dayjs(set.publishedAt).format('YYYY-MM-DD HH:mm')}
        </Typography.Text>
      )}
      <Typography.Text type="secondary">{t('rules.count', { n: set.rules.length })}</Typography.Text>
    </Space>
  );
}

export default function RulesPage() {
  const { t } = useI18n();
  const { me, permissions, can } = useSession();
  const navigate = useNavigate();
  const sets = useQuery({ queryKey: ['ruleSets'], queryFn: () => client.request(RuleSetsQuery, { includeSuperseded: true }) });
  const requests = useQuery({
    queryKey: [...PENDING_CHANGES_KEY, 'PENDING', 'ruleSets'],
    enabled: can('CHANGE_READ'),
    queryFn: () => client.request(PendingChangesQuery, { status: 'PENDING', first: 200, after: null }),
  });
  const open = requests.data?.pendingChanges.edges.map((e) => e.node) ?? [];
  if (sets.isLoading) return <Spin />;
  if (sets.error) return <QueryError error={sets.error} onRetry={() => void sets.refetch()} />;
  const all = sets.data?.ruleSets ?? [];
  const baseline = all.filter((s) => s.scope === 'PROVINCE');
  const bank = all.filter((s) => s.scope === 'BANK');
  const editableBaseline = canEditRules(permissions, me?.orgUnit?.level, 'PROVINCE');
  const editableBank = canEditRules(permissions, me?.orgUnit?.level, 'BANK');
  const draftOf = (scope: string) => all.find((s) => s.scope === scope && s.status === 'DRAFT');

  const section = (scope: 'PROVINCE' | 'BANK', list: RuleSet[], editable: boolean, title: string) => {
    const draft = draftOf(scope);
    return (
      <Card
        title={title}
        style={{ marginBottom: 16 }}
        data-testid={`rules-${scope.toLowerCase()}`}
        extra={
          editable && (
            <Space>
              {draft ? (
                <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/rules/${draft.id}`)} data-testid={`edit-draft-${scope.toLowerCase()}`}>
                  {t('rules.editDraft')}
                </Button>
              ) : (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/rules/new?scope=${scope}`)} data-testid={`new-draft-${scope.toLowerCase()}`}>
                  {t('rules.newDraft')}
                </Button>
              )}
            </Space>
          )
        }
      >
        {list.length === 0 ? (
          <Empty description={t('rules.noRules')} />
        ) : (
          <Collapse
            defaultActiveKey={list.filter((s) => s.status !== 'SUPERSEDED').map((s) => s.id).slice(0, 1)}
            items={list.map((s) => ({
              key: s.id,
              label: <SetHeader set={s} pending={!!publicationRequest(open, s.id)} />,
              extra:
                editable && s.status === 'DRAFT' ? (
                  <Button size="small" onClick={() => navigate(`/rules/${s.id}`)}>
                    {t('common.edit')}
                  </Button>
                ) : undefined,
              children: <RuleTable rules={s.rules} testId={`rule-table-${s.id}`} />,
            }))}
          />
        )}
      </Card>
    );
  };

  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('rules.title')}</h2>
      </div>
      <QueryError error={requests.error} onRetry={() => void requests.refetch()} style={{ marginBottom: 16 }} />
      {section('PROVINCE', baseline, editableBaseline, editableBaseline ? t('rules.baselineEditable') : t('rules.baseline'))}
      {(bank.length > 0 || editableBank) && section('BANK', bank, editableBank, t('rules.bank'))}
    </div>
  );
}
