import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Cascader, Col, Row, Select, Space, Statistic, Tag, Tooltip, TreeSelect, Typography, type AlertProps } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { ApiError, client } from '../api/client';
import { OrgUnitsQuery, RegionsQuery, StaffUsersQuery } from '../api/operations';
import { enumLabel, useI18n } from '../i18n';
import { buildOrgTree, type FlatUnit } from '../lib/orgTree';

const STATUS_COLORS: Record<string, string> = {
  DRAFT: 'default',
  SUBMITTED: 'processing',
  RETURNED: 'warning',
  VERIFIED: 'success',
  ARCHIVED: 'default',
};

/** An enum value as a coloured tag with its label (`prefix.VALUE` in the message tables). */
export function EnumTag({ prefix, value, colors, testId }: { prefix: string; value: string; colors: Record<string, string>; testId: string }) {
  const { t } = useI18n();
  return (
    <Tag color={colors[value]} data-testid={testId}>
      {enumLabel(t, prefix, value)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: string }) {
  return <EnumTag prefix="status" value={status} colors={STATUS_COLORS} testId="status-tag" />;
}

/** The risk-monitoring system's blacklist flag (`customer.blacklisted`, null for roles the field
 * policy withholds it from): a red tag with the meaning on hover. */
export function BlacklistedTag() {
  const { t } = useI18n();
  return (
    <Tooltip title={t('detail.blacklistedHint')}>
      <Tag color="red" data-testid="blacklisted-tag">
        {t('detail.blacklisted')}
      </Tag>
    </Tooltip>
  );
}

const TONES = { good: '#0f7a5c', bad: '#cf1322' };

/** A report's key figures side by side, each with its title; a good one in green, a bad one in
 * red; `testId` marks the value (the browser tests read it), `precision` its decimals. */
export function FigureRow({ figures }: { figures: { title: string; value: number; tone?: keyof typeof TONES; testId?: string; precision?: number }[] }) {
  return (
    <Row gutter={16} style={{ marginBottom: 16 }}>
      {figures.map((f) => (
        <Col key={f.title} flex="1 1 0">
          <Statistic
            title={f.title}
            value={f.value}
            precision={f.precision}
            valueStyle={f.tone && { color: TONES[f.tone] }}
            valueRender={f.testId ? (node) => <span data-testid={f.testId}>{node}</span> : undefined}
          />
        </Col>
      ))}
    </Row>
  );
}

/** A notice above what a page shows: an Alert with its icon, spaced from what follows. */
export function Notice(props: Omit<AlertProps, 'showIcon' | 'style'>) {
  return <Alert showIcon style={{ marginBottom: 16 }} {...props} />;
}

/** A query's failure: the API's Chinese message in Chinese. */
/** A failed read, in words; with ``onRetry``, a 重试 button that reads again. */
export function QueryError({ error, style, onRetry }: { error: unknown; style?: React.CSSProperties; onRetry?: () => void }) {
  const { locale, t } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      message={error instanceof ApiError ? error.display(locale) : String(error)}
      action={onRetry ? <Button size="small" onClick={onRetry} data-testid="query-retry">{t('common.retry')}</Button> : undefined}
      data-testid="query-error"
    />
  );
}

/** Keyset paging: the cursors of the pages up to the current one (null: the first page). */
export function useCursors() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    after: cursors[cursors.length - 1],
    page: cursors.length,
    first: () => setCursors([null]),
    previous: () => setCursors((c) => c.slice(0, -1)),
    next: (cursor: string | null) => setCursors((c) => [...c, cursor]),
  };
}

/** Previous / page number / next, for a `useCursors` list. */
export function CursorPager({ cursors, pageInfo }: { cursors: ReturnType<typeof useCursors>; pageInfo?: { hasNextPage: boolean; endCursor?: string | null } }) {
  return (
    <Space>
      <Button icon={<LeftOutlined />} disabled={cursors.page <= 1} onClick={cursors.previous} data-testid="page-prev" />
      <Typography.Text>{cursors.page}</Typography.Text>
      <Button icon={<RightOutlined />} disabled={!pageInfo?.hasNextPage} onClick={() => cursors.next(pageInfo?.endCursor ?? null)} data-testid="page-next" />
    </Space>
  );
}

export function useOrgUnits() {
  return useQuery({ queryKey: ['orgUnits'], queryFn: () => client.request(OrgUnitsQuery, {}), staleTime: 60_000 });
}

export function OrgUnitSelect(props: {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  levels?: string[];
  style?: React.CSSProperties;
  allowClear?: boolean;
  id?: string;
  'aria-label'?: string;
}) {
  const units = useOrgUnits();
  const tree = useMemo(() => {
    const flat: FlatUnit[] = units.data?.orgUnits ?? [];
    return buildOrgTree(flat, (u) => ({
      selectable: !props.levels || props.levels.includes(u.level),
    }));
  }, [units.data, props.levels]);
  return (
    <TreeSelect
      id={props.id}
      aria-label={props['aria-label'] ?? props.placeholder}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? undefined)}
      treeData={tree}
      treeDefaultExpandAll
      allowClear={props.allowClear ?? true}
      placeholder={props.placeholder}
      style={props.style ?? { width: '100%' }}
      loading={units.isLoading}
      showSearch
      treeNodeFilterProp="title"
    />
  );
}

export function ManagerSelect(props: {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  orgUnitId?: string | null;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const users = useQuery({
    queryKey: ['managers', search, props.orgUnitId ?? null],
    queryFn: () =>
      client.request(StaffUsersQuery, {
        first: 50,
        role: 'CUSTOMER_MANAGER',
        status: 'ACTIVE',
        search: search || null,
        orgUnitId: props.orgUnitId ?? null,
      }),
  });
  return (
    <Select
      id={props.id}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setSearch}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? undefined)}
      placeholder={props.placeholder}
      loading={users.isLoading}
      options={(users.data?.staffUsers.edges ?? []).map(({ node }) => ({
        value: node.id,
        label: `${node.name}（${node.employeeNo}）${node.orgUnit ? ' · ' + node.orgUnit.name : ''}`,
      }))}
    />
  );
}

interface RegionOption {
  value: string;
  label: string;
  level: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

async function loadRegions(parentCode: string | null): Promise<RegionOption[]> {
  const data = await client.request(RegionsQuery, { parentCode });
  return data.regions.map((r) => ({ value: r.code, label: r.name, level: r.level, isLeaf: !r.hasChildren }));
}

/** Province > city > county > township > village, loaded level by level from `regions`. */
export function RegionCascader(props: {
  value?: string[];
  onChange?: (codes: string[], levels: string[]) => void;
  placeholder?: string;
  id?: string;
}) {
  const [options, setOptions] = useState<RegionOption[] | null>(null);
  const provinces = useQuery({ queryKey: ['regions', null], queryFn: () => loadRegions(null), staleTime: Infinity });
  useEffect(() => {
    // Each picker grows its own tree (children are loaded into the nodes), from the cached top level.
    if (provinces.data && options === null) setOptions(provinces.data.map((o) => ({ ...o })));
  }, [provinces.data, options]);
  // A preset value (an archive being edited, a bookmarked search) needs its levels loaded to show
  // names. `shown` remembers the path already rendered (StrictMode runs effects twice).
  const wanted = (props.value ?? []).join(',');
  const shown = useRef('');
  useEffect(() => {
    if (!options || !wanted || shown.current === wanted) return;
    (async () => {
      let level: RegionOption[] | undefined = options;
      for (const code of wanted.split(',').slice(0, -1)) {
        const node: RegionOption | undefined = level?.find((o) => o.value === code);
        if (!node) break;
        if (!node.children) node.children = await loadRegions(code);
        level = node.children;
      }
      shown.current = wanted;
      setOptions((o) => [...(o ?? [])]);
    })().catch(() => undefined);
  }, [options, wanted]);
  return (
    <Cascader<RegionOption>
      id={props.id}
      options={options ?? []}
      value={props.value}
      changeOnSelect
      placeholder={props.placeholder}
      loadData={async (selected) => {
        const target = selected[selected.length - 1];
        target.children = await loadRegions(target.value);
        if (target.children.length === 0) target.isLeaf = true;
        setOptions((o) => [...(o ?? [])]);
      }}
      onChange={(codes, selected) => props.onChange?.((codes ?? []) as string[], (selected ?? []).map((s) => s.level))}
      style={{ width: '100%' }}
      displayRender={(labels) => {
        // Names where the levels are loaded; a code the dictionary does not know stays a code.
        let level: RegionOption[] | undefined = options ?? [];
        return (props.value ?? labels.map(String)).map((code) => {
          const node: RegionOption | undefined = level?.find((o) => o.value === code);
          level = node?.children;
          return node?.label ?? code;
        }).join(' / ');
      }}
    />
  );
}
