import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Progress, Row, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { enumLabel as sharedEnumLabel } from '@cic/shared/labels';
import { byTime, sorterOf } from '@cic/shared/sorting';
import { ApiError, client, download as downloadFile } from '../api/client';
import { ImportArchivesMutation, ImportBatchQuery } from '../api/operations';
import { ImportBatchesQuery } from '../api/adminOperations';
import type { ImportBatchesQuery as ImportBatchesResult, ImportReportFieldsFragment } from '../gql/graphql';
import { useI18n, type Translate } from '../i18n';
import { useSession } from '../session';
import { beijingTime } from '../lib/approvals';
import { FigureRow, Notice, OrgUnitSelect, QueryError } from '../components/common';

type Batch = ImportBatchesResult['importBatches'][number];
type Counts = Pick<Batch, 'status' | 'running' | 'totalRows' | 'estimatedRows'>;

const POLL_MS = 1500;
const STATUS_COLORS: Record<string, string> = { PENDING: 'processing', DONE: 'green', FAILED: 'red' };

/** A batch's progress in percent: rows read of the sheet's estimate (never 100 before DONE). */
export function importPercent(b: Counts): number {
  if (b.status !== 'PENDING') return 100;
  if (!b.running || !b.estimatedRows) return 0;
  return Math.min(99, Math.floor((b.totalRows / b.estimatedRows) * 100));
}

function statusText(b: Pick<Batch, 'status' | 'running'>, t: Translate): string {
  if (b.status === 'PENDING') return t(b.running ? 'import.runningShort' : 'import.queuedShort');
  return sharedEnumLabel('ImportStatus', b.status, t.locale ?? 'zh');
}

export default function ImportPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ branchId: string; manager?: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReportFieldsFragment | null>(null);

  const pending = report?.status === 'PENDING' && report.batchId;
  // A large file: the worker writes its counts after every chunk; poll them until it is done.
  const poll = useQuery({
    queryKey: ['importBatch', report?.batchId],
    enabled: !!pending,
    refetchInterval: (query) => (query.state.error ? false : POLL_MS),
    queryFn: async () => {
      const data = await client.request(ImportBatchQuery, { id: report!.batchId! });
      if (data.importBatch) {
        setReport(data.importBatch);
        if (data.importBatch.status !== 'PENDING') void queries.invalidateQueries({ queryKey: ['importBatches'] });
      }
      return data;
    },
  });

  const history = useQuery({
    queryKey: ['importBatches'],
    queryFn: () => client.request(ImportBatchesQuery, { first: 20 }),
    refetchInterval: (query) => (query.state.data?.importBatches.some((b) => b.status === 'PENDING') && !query.state.error ? POLL_MS * 2 : false),
  });

  const start = async () => {
    const values = await form.validateFields().catch(() => null); // the form shows what is missing
    if (!values) return;
    if (!file) {
      message.error(t('import.noFile'));
      return;
    }
    setBusy(true);
    try {
      const data = await client.upload(ImportArchivesMutation, { branchId: values.branchId, manager: values.manager || null } as never, { file });
      setReport(data.importArchives);
      void queries.invalidateQueries({ queryKey: ['importBatches'] });
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setBusy(false);
    }
  };

  const download = async (url: string, name: string) => {
    try {
      await downloadFile(url, name);
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    }
  };

  const view = async (batchId: string) => {
    try {
      const data = await client.request(ImportBatchQuery, { id: batchId });
      if (data.importBatch) setReport(data.importBatch);
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    }
  };

  const errorColumns = [
    { title: t('import.row'), dataIndex: 'row', width: 80 },
    { title: t('import.column'), dataIndex: 'column', width: 160, render: (v: string | null) => v ?? '—' },
    { title: t('import.problem'), dataIndex: 'code', width: 200, render: (v: string) => sharedEnumLabel('ImportErrorCode', v, locale) },
    { title: t('import.message'), render: (_: unknown, r: { message: string; messageEn: string }) => (locale === 'zh' ? r.message : r.messageEn) },
  ];

  // The history is the latest 20 batches, newest first, loaded whole: its headers sort those on the client.
  const historyColumns = [
    {
      title: t('import.uploadedAt'),
      dataIndex: 'createdAt',
      width: 140,
      sorter: sorterOf((b: Batch) => b.createdAt, byTime),
      render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{beijingTime(v)}</span>,
    },
    { title: t('import.fileName'), dataIndex: 'fileName', width: 200, ellipsis: { showTitle: true }, sorter: sorterOf((b: Batch) => b.fileName) },
    { title: t('import.branchName'), dataIndex: 'branchName', width: 110, ellipsis: true, sorter: sorterOf((b: Batch) => b.branchName) },
    { title: t('import.uploader'), dataIndex: 'createdByName', width: 90, ellipsis: true, sorter: sorterOf((b: Batch) => b.createdByName) },
    {
      title: t('import.status'),
      key: 'status',
      width: 130,
      sorter: sorterOf((b: Batch) => statusText(b, t)),
      render: (_: unknown, b: Batch) =>
        b.status === 'PENDING' ? (
          <Space direction="vertical" size={0} style={{ width: '100%' }}>
            <Tag color="processing">{statusText(b, t)}</Tag>
            {b.running && <Progress aria-label={t('import.progress')} percent={importPercent(b)} size="small" />}
          </Space>
        ) : (
          <Tag color={STATUS_COLORS[b.status ?? ''] ?? 'default'}>{statusText(b, t)}</Tag>
        ),
    },
    { title: t('import.total'), dataIndex: 'totalRows', width: 70, align: 'right' as const, sorter: sorterOf((b: Batch) => b.totalRows) },
    { title: t('import.imported'), dataIndex: 'imported', width: 70, align: 'right' as const, sorter: sorterOf((b: Batch) => b.imported) },
    { title: t('import.skippedShort'), dataIndex: 'skipped', width: 70, align: 'right' as const, sorter: sorterOf((b: Batch) => b.skipped) },
    { title: t('import.failed'), dataIndex: 'failed', width: 60, align: 'right' as const, sorter: sorterOf((b: Batch) => b.failed) },
    { title: t('import.finishedAt'), dataIndex: 'finishedAt', width: 140, sorter: sorterOf((b: Batch) => b.finishedAt, byTime), render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{beijingTime(v)}</span> },
    {
      title: t('common.actions'),
      width: 70,
      // The report it opens has the error workbook's download.
      render: (_: unknown, b: Batch) => (
        <Button size="small" type="link" onClick={() => void view(b.batchId!)} data-testid="view-batch">
          {t('import.view')}
        </Button>
      ),
    },
  ];

  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('import.title')}</h2>
        <Button icon={<DownloadOutlined />} onClick={() => download('/imports/archives/template.xlsx', '客户档案导入模板.xlsx')} data-testid="download-template">
          {t('import.template')}
        </Button>
      </div>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('import.templateHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={{ branchId: me?.orgUnit?.level === 'BRANCH' ? me.orgUnit.id : undefined }}>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="branchId" label={t('import.branch')} rules={[{ required: true, message: t('validation.required') }]}>
                <OrgUnitSelect levels={['BRANCH']} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="manager" label={t('import.manager')}>
                <Input className="cic-mono" placeholder="E00011" />
              </Form.Item>
            </Col>
          </Row>
          <Upload.Dragger
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.file')}</p>
          </Upload.Dragger>
          <Button type="primary" icon={<CloudUploadOutlined />} loading={busy} onClick={() => void start()} style={{ marginTop: 16 }} data-testid="start-import">
            {t('import.start')}
          </Button>
        </Form>
      </Card>
      {report && (
        <Card title={`${t('import.result')}${report.fileName ? ' · ' + report.fileName : ''}`} data-testid="import-report" style={{ marginBottom: 16 }}>
          {report.repeated && <Notice type="info" message={t('import.repeated')} />}
          {report.status === 'PENDING' && (
            <div style={{ marginBottom: 16 }} data-testid="import-progress">
              <Typography.Text>
                {report.running ? t('import.running', { read: report.totalRows, total: report.estimatedRows ?? '—' }) : t('import.queued')}
              </Typography.Text>
              <Progress aria-label={t('import.progress')} percent={importPercent(report)} status="active" />
            </div>
          )}
          {poll.error && <QueryError error={poll.error} style={{ marginBottom: 16 }} onRetry={() => void poll.refetch()} />}
          {report.failure && <Notice type="error" message={report.failure} />}
          {report.fileErrors.length > 0 && (
            <Notice
              type="error"
              message={t('import.fileErrors')}
              description={report.fileErrors.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；')}
            />
          )}
          <FigureRow
            figures={[
              { title: t('import.total'), value: report.totalRows, testId: 'figure-total' },
              { title: t('import.imported'), value: report.imported, tone: 'good', testId: 'figure-imported' },
              { title: t('import.skipped'), value: report.skipped, testId: 'figure-skipped' },
              { title: t('import.failed'), value: report.failed, tone: report.failed ? 'bad' : undefined, testId: 'figure-failed' },
            ]}
          />
          {report.errorWorkbookUrl && (
            <Space style={{ marginBottom: 16 }}>
              <Button danger icon={<DownloadOutlined />} onClick={() => download(report.errorWorkbookUrl!, 'errors.xlsx')} data-testid="download-errors">
                {t('import.errorWorkbook')}
              </Button>
            </Space>
          )}
          {report.status !== 'PENDING' && (
            <Tabs
              items={[
                { key: 'errors', label: `${t('import.failed')} (${report.errors.length})`, children: <Table size="small" rowKey={(r) => `${r.row}-${r.column}-${r.code}`} dataSource={report.errors} columns={errorColumns} pagination={{ pageSize: 10 }} /> },
                { key: 'skips', label: `${t('import.skipped')} (${report.skips.length})`, children: <Table size="small" rowKey={(r) => `${r.row}-${r.code}`} dataSource={report.skips} columns={errorColumns} pagination={{ pageSize: 10 }} /> },
              ]}
            />
          )}
        </Card>
      )}
      <Card title={t('import.history')} data-testid="import-history">
        {history.error ? (
          <QueryError error={history.error} onRetry={() => void history.refetch()} />
        ) : (
          <Table<Batch>
            size="small"
            rowKey={(b) => b.batchId ?? ''}
            loading={history.isLoading}
            dataSource={history.data?.importBatches ?? []}
            columns={historyColumns}
            pagination={false}
            scroll={{ x: 1150 }}
            locale={{ emptyText: t('import.historyEmpty') }}
          />
        )}
      </Card>
    </div>
  );
}
