import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Row, Space, Table, Tabs, Typography, Upload } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { ApiError, client, download as downloadFile } from '../api/client';
import { ImportArchivesMutation, ImportBatchQuery } from '../api/operations';
import type { ImportReportFieldsFragment } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { FigureRow, Notice, OrgUnitSelect } from '../components/common';

export default function ImportPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ branchId: string; manager?: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReportFieldsFragment | null>(null);

  const pending = report?.status === 'PENDING' && report.batchId;
  useQuery({
    queryKey: ['importBatch', report?.batchId],
    enabled: !!pending,
    refetchInterval: 1500,
    queryFn: async () => {
      const data = await client.request(ImportBatchQuery, { id: report!.batchId! });
      if (data.importBatch) setReport(data.importBatch);
      return data;
    },
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

  const errorColumns = [
    { title: t('import.row'), dataIndex: 'row', width: 80 },
    { title: t('import.column'), dataIndex: 'column', width: 160, render: (v: string | null) => v ?? '—' },
    { title: t('rules.code'), dataIndex: 'code', width: 200, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('import.message'), render: (_: unknown, r: { message: string; messageEn: string }) => (locale === 'zh' ? r.message : r.messageEn) },
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
          <Button type="primary" icon={<CloudUploadOutlined />} loading={busy} onClick={start} style={{ marginTop: 16 }} data-testid="start-import">
            {t('import.start')}
          </Button>
        </Form>
      </Card>
      {report && (
        <Card title={`${t('import.result')}${report.fileName ? ' · ' + report.fileName : ''}`} data-testid="import-report">
          {report.repeated && <Notice type="info" message={t('import.repeated')} />}
          {report.status === 'PENDING' && <Notice type="info" message={t('import.pending')} />}
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
              { title: t('import.total'), value: report.totalRows },
              { title: t('import.imported'), value: report.imported, tone: 'good' },
              { title: t('import.skipped'), value: report.skipped },
              { title: t('import.failed'), value: report.failed, tone: report.failed ? 'bad' : undefined },
            ]}
          />
          {report.errorWorkbookUrl && (
            <Space style={{ marginBottom: 16 }}>
              <Button danger icon={<DownloadOutlined />} onClick={() => download(report.errorWorkbookUrl!, 'errors.xlsx')} data-testid="download-errors">
                {t('import.errorWorkbook')}
              </Button>
            </Space>
          )}
          <Tabs
            items={[
              { key: 'errors', label: `${t('import.failed')} (${report.errors.length})`, children: <Table size="small" rowKey={(r) => `${r.row}-${r.column}-${r.code}`} dataSource={report.errors} columns={errorColumns} pagination={{ pageSize: 10 }} /> },
              { key: 'skips', label: `${t('import.skipped')} (${report.skips.length})`, children: <Table size="small" rowKey={(r) => `${r.row}-${r.code}`} dataSource={report.skips} columns={errorColumns} pagination={{ pageSize: 10 }} /> },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
