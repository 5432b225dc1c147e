import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined, SwapOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, client, download } from '../api/client';
import { CustomersFailingRuleQuery, CustomersQuery } from '../api/operations';
import type { CustomerListFieldsFragment } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { useSession } from '../session';
import {
  CHANNELS,
  STATUSES,
  countText,
  orderFromSorter,
  searchFromParams,
  searchToParams,
  sortOrderOf,
  toCustomerFilter,
  type ArchiveSearch,
} from '../lib/archiveFilter';
import { BlacklistedTag, CursorPager, ManagerSelect, OrgUnitSelect, QueryError, RegionCascader, StatusTag, useCursors } from '../components/common';
import { TransferModal } from '../components/TransferModal';
import { ListTable } from '../components/lists';
import { PROTECTED_FILTERS, canSearchBy, countsAsLookup, type ProtectedFilter } from '../permissions';
import { searchRefusal } from '../lib/apiErrors';

const PAGE_SIZE = 20;

interface FormValues extends Omit<ArchiveSearch, 'updatedFrom' | 'updatedTo'> {
  updated?: [Dayjs | null, Dayjs | null] | null;
}

export default function ArchivesPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { can, me } = useSession();
  const filterRules = me?.searchFilters ?? [];
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => searchFromParams(params), [params]);
  const [form] = Form.useForm<FormValues>();
  const cursors = useCursors();
  const after = cursors.after;
  const [selected, setSelected] = useState<string[]>([]);
  const [transferOpen, setTransferOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const key = params.toString();
  const result = useQuery({
    queryKey: ['customers', key, after],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      if (search.rule) {
        const data = await client.request(CustomersFailingRuleQuery, { code: search.rule, first: PAGE_SIZE, after, order: search.order ?? 'NAME_ASC' });
        return data.customersFailingRule!;
      }
      const data = await client.request(CustomersQuery, { filter: toCustomerFilter(search), first: PAGE_SIZE, after, order: search.order ?? 'NAME_ASC' });
      return data.customers;
    },
  });

  const apply = (values: FormValues) => {
    const next: ArchiveSearch = {
      ...values,
      rule: search.rule,
      order: search.order,
      updatedFrom: values.updated?.[0]?.startOf('day').toISOString(),
      updatedTo: values.updated?.[1]?.endOf('day').toISOString(),
    };
    delete (next as FormValues).updated;
    cursors.first();
    setSelected([]);
    setParams(searchToParams(next));
  };

  const initial: FormValues = {
    ...search,
    updated: search.updatedFrom || search.updatedTo ? [search.updatedFrom ? dayjs(search.updatedFrom) : null, search.updatedTo ? dayjs(search.updatedTo) : null] : null,
  };

  const exportExcel = async () => {
    setExporting(true);
    try {
      const q = new URLSearchParams({ filter: JSON.stringify(toCustomerFilter(search)), locale });
      if (search.rule) q.set('rule', search.rule);
      if (search.order) q.set('order', search.order); // the rows in the screen's order
      await download(`/exports/customers.xlsx?${q.toString()}`, 'customers.xlsx');
      message.success(t('archives.exported'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setExporting(false);
    }
  };

  // The protected filters this search sends (customersFailingRule takes none).
  const sent = search.rule ? [] : (Object.keys(PROTECTED_FILTERS) as ProtectedFilter[]).filter((f) => !!search[f]);
  const refusal = result.error instanceof ApiError ? searchRefusal(result.error, sent, filterRules, locale) : null;
  /** A protected filter's input, offered only where `me.searchFilters` allows it (the API refuses the others). */
  const protectedFilter = (filter: ProtectedFilter, span: number, label: string, mono: boolean) =>
    canSearchBy(filterRules, filter) && (
      <Col span={span}>
        <Form.Item name={filter} label={label} tooltip={countsAsLookup(filterRules, filter) ? t('archives.filter.counted') : undefined}>
          <Input allowClear className={mono ? 'cic-mono' : undefined} id={`filter-${filter}`} />
        </Form.Item>
      </Col>
    );

  // A failed search shows its error and no rows: never the previous search's rows as if they were its own.
  const rows = result.isError ? [] : (result.data?.edges.map((e) => e.node) ?? []);
  // The name (pinyin order) and the last change sort through the API, keyset-paged: a new order
  // starts again at the first page. The failing-rule list (`customersFailingRule`) takes the same orders.
  const columns = [
    {
      title: t('archives.col.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrderOf(search.order, 'name'),
      showSorterTooltip: { title: t('archives.sort.pinyin') },
      render: (name: string | null, row: CustomerListFieldsFragment) => (
        <Space size={4}>
          <Link to={`/archives/${row.id}`} data-testid="archive-link">
            {name ?? '—'}
          </Link>
          {row.blacklisted && <BlacklistedTag />}
        </Space>
      ),
    },
    {
      title: t('archives.col.idNumber'),
      dataIndex: 'idNumber',
      render: (v: string | null) => <span className="cic-masked">{v ?? '—'}</span>,
    },
    { title: t('archives.col.mobile'), dataIndex: 'mobile', render: (v: string | null) => <span className="cic-masked">{v ?? '—'}</span> },
    { title: t('archives.col.gender'), dataIndex: 'gender', width: 64, render: (v: string | null) => enumLabel(t, 'gender', v) || '—' },
    { title: t('archives.col.region'), render: (_: unknown, r: CustomerListFieldsFragment) => r.address.regionName ?? '—' },
    { title: t('archives.col.branch'), render: (_: unknown, r: CustomerListFieldsFragment) => r.branch?.name ?? '—' },
    { title: t('archives.col.manager'), render: (_: unknown, r: CustomerListFieldsFragment) => r.manager?.name ?? '—' },
    { title: t('archives.col.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
    { title: t('archives.col.channel'), dataIndex: 'channel', render: (v: string) => enumLabel(t, 'channel', v) },
    {
      title: t('archives.col.completeness'),
      render: (_: unknown, r: CustomerListFieldsFragment) =>
        r.evaluation ? (
          <Space size={4}>
            <span>{r.evaluation.completeness}%</span>
            {r.evaluation.precise && <Tag color="green">{t('archives.col.precise')}</Tag>}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('archives.col.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      sorter: true,
      sortDirections: ['descend' as const, 'ascend' as const],
      sortOrder: sortOrderOf(search.order, 'updatedAt'),
      render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
    },
  ];

  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('archives.title')}</h2>
        <Space>
          {can('ARCHIVE_TRANSFER') && (
            <Button icon={<SwapOutlined />} disabled={selected.length === 0} onClick={() => setTransferOpen(true)} data-testid="transfer-button">
              {t('archives.transfer')}
              {selected.length > 0 ? `（${selected.length}）` : ''}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} onClick={exportExcel} loading={exporting} data-testid="export-button">
            {t('archives.export')}
          </Button>
          {can('ARCHIVE_COLLECT') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/archives/new')}>
              {t('menu.newArchive')}
            </Button>
          )}
        </Space>
      </div>
      <Card className="cic-filter" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" initialValues={initial} onFinish={apply} key={key} data-testid="archive-filter">
          <Row gutter={16}>
            {protectedFilter('name', 4, t('archives.filter.name'), false)}
            {protectedFilter('idNumber', 5, t('archives.filter.idNumber'), true)}
            {protectedFilter('mobile', 4, t('archives.filter.mobile'), true)}
            <Col span={6}>
              <Form.Item name="region" label={`${t('archives.filter.region')} / ${t('archives.filter.village')}`}>
                <RegionCascader />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item name="orgUnitId" label={t('archives.filter.orgUnit')}>
                <OrgUnitSelect />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="managerId" label={t('archives.filter.manager')}>
                <ManagerSelect />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item name="statuses" label={t('archives.filter.statuses')}>
                <Select
                  mode="multiple"
                  allowClear
                  id="filter-statuses"
                  options={STATUSES.map((s) => ({ value: s, label: enumLabel(t, 'status', s) }))}
                />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item name="channels" label={t('archives.filter.channels')}>
                <Select mode="multiple" allowClear options={CHANNELS.map((c) => ({ value: c, label: enumLabel(t, 'channel', c) }))} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="updated" label={t('archives.filter.updated')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={4} style={{ display: 'flex', alignItems: 'flex-end', paddingBottom: 12 }}>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="search-button">
                  {t('common.search')}
                </Button>
                <Button
                  onClick={() => {
                    cursors.first();
                    setParams(new URLSearchParams());
                  }}
                >
                  {t('common.reset')}
                </Button>
              </Space>
            </Col>
          </Row>
        </Form>
        {search.rule && (
          <Alert
            type="info"
            showIcon
            message={
              <span>
                {t('archives.filter.failingRule')}: <Typography.Text code>{search.rule}</Typography.Text>
              </span>
            }
            closable
            onClose={() => setParams(searchToParams({ ...search, rule: undefined }))}
          />
        )}
      </Card>
      <Card>
        {refusal ? (
          <Alert
            type={refusal.kind === 'badInput' ? 'error' : 'warning'}
            showIcon
            style={{ marginBottom: 12 }}
            message={refusal.text}
            data-testid="search-refused"
            action={
              refusal.kind === 'forbidden' ? (
                <Button size="small" onClick={() => setParams(searchToParams({ ...search, ...Object.fromEntries(refusal.filters.map((f) => [f, undefined])) }))}>
                  {t('archives.refused.removeFilter')}
                </Button>
              ) : refusal.kind === 'rateLimited' ? (
                <Button size="small" onClick={() => result.refetch()}>
                  {t('common.retry')}
                </Button>
              ) : undefined
            }
          />
        ) : (
          <QueryError error={result.error} style={{ marginBottom: 12 }} onRetry={() => void result.refetch()} />
        )}
        <ListTable<CustomerListFieldsFragment>
          rows={rows}
          size="middle"
          loading={result.isFetching}
          columns={columns}
          locale={{ emptyText: t('archives.empty') }}
          rowSelection={can('ARCHIVE_TRANSFER') ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
          onChange={(_pagination, _filters, sorter, extra) => {
            if (extra.action !== 'sort' || Array.isArray(sorter)) return;
            cursors.first();
            setSelected([]);
            setParams(searchToParams({ ...search, order: orderFromSorter(sorter.columnKey, sorter.order) }));
          }}
          data-testid="archive-table"
        />
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 16 }}>
          <Tooltip title={t('archives.maskedHint')}>
            <Typography.Text type="secondary">
              {countText(result.data?.totalCount, result.data?.estimatedTotal ?? 0, t)} · {t('common.shown', { n: rows.length })}
            </Typography.Text>
          </Tooltip>
          <CursorPager cursors={cursors} pageInfo={result.data?.pageInfo} />
        </div>
      </Card>
      <TransferModal
        open={transferOpen}
        customerIds={selected}
        onClose={(moved) => {
          setTransferOpen(false);
          if (moved) {
            setSelected([]);
            result.refetch();
          }
        }}
      />
    </div>
  );
}
