// 审批流程 (/processes, PROCESS_ADMIN): the BPMN processes (`processDefinitions`): CIC's templates
// and the bank's own, key, name, version, status, lanes (role at level); each one's diagram
// (bpmn-js) and XML to download; upload a new process or version (`uploadProcess`, a .bpmn file or
// pasted XML) with every refusal listed by its label and the API's message naming the element.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Switch, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import type { UserError } from '@cic/shared/userErrors';
import { client, committed } from '../api/client';
import { ProcessDefinitionXmlQuery, ProcessDefinitionsQuery, UploadProcessMutation } from '../api/operations';
import type { ProcessDefinitionFieldsFragment } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { useSession } from '../session';
import { beijingTime } from '../lib/approvals';
import { PROCESSES_KEY, errorText, failure } from '../components/approvals';
import { BpmnDiagram } from '../components/BpmnDiagram';
import { EnumTag, OrgUnitSelect } from '../components/common';
import { ListError } from '../components/lists';
import { DataTable } from '../components/tables';
import { byTime, sorterOf } from '@cic/shared/sorting';

type Definition = ProcessDefinitionFieldsFragment;

function DiagramModal({ definition, onClose }: { definition: Definition; onClose: () => void }) {
  const { t } = useI18n();
  const xml = useQuery({ queryKey: [...PROCESSES_KEY, 'xml', definition.id], queryFn: () => client.request(ProcessDefinitionXmlQuery, { id: definition.id }) });
  const doc = xml.data?.processDefinition?.bpmnXml;
  return (
    <Modal open width={1100} title={`${definition.name} · ${t('appr.versionN', { v: definition.version })}`} onCancel={onClose} footer={null} destroyOnHidden>
      <ListError query={xml} />
      {doc && <BpmnDiagram xml={doc} height={520} testId="process-diagram" />}
    </Modal>
  );
}

async function downloadXml(definition: Definition) {
  const data = await client.request(ProcessDefinitionXmlQuery, { id: definition.id });
  const xml = data.processDefinition?.bpmnXml ?? '';
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
  link.download = `${definition.key}_v${definition.version}.bpmn`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function UploadModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const queries = useQueryClient();
  const [xml, setXml] = useState('');
  const [bankId, setBankId] = useState<string | undefined>();
  const [errors, setErrors] = useState<UserError[]>([]);
  const [busy, setBusy] = useState(false);
  const province = me?.orgUnit?.level === 'PROVINCE';
  const upload = async () => {
    setErrors([]);
    if (!xml.trim()) {
      setErrors([{ code: 'REQUIRED', field: 'bpmnXml', message: t('validation.required'), messageEn: t('validation.required') }]);
      return;
    }
    setBusy(true);
    try {
      const payload = committed((await client.request(UploadProcessMutation, { input: { bpmnXml: xml, bankId: province ? (bankId ?? null) : null } })).uploadProcess, 'uploadProcess');
      if (payload.errors.length || !payload.process) {
        setErrors([...payload.errors]);
        return;
      }
      message.success(t('appr.processes.uploaded', { name: payload.process.name, v: payload.process.version }));
      await queries.invalidateQueries({ queryKey: PROCESSES_KEY });
      onClose();
    } catch (e) {
      setErrors([failure(e, t)]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={860}
      title={t('appr.processes.uploadTitle')}
      onCancel={onClose}
      onOk={upload}
      okText={t('appr.processes.upload')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ id: 'process-upload-confirm' }}
      destroyOnHidden
    >
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('appr.processes.rejected')}
          data-testid="process-upload-errors"
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {errors.map((e, i) => (
                <li key={i} data-testid="process-upload-error">
                  <strong>{enumLabel(t, 'approvalError', e.code)}</strong>
                  {errorText(e, t) !== enumLabel(t, 'approvalError', e.code) ? `：${errorText(e, t)}` : ''}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Form layout="vertical">
        {province && (
          <Form.Item label={t('appr.products.bank')} required>
            <OrgUnitSelect value={bankId} onChange={setBankId} levels={['BANK']} />
          </Form.Item>
        )}
        <Form.Item>
          <Upload
            accept=".bpmn,.xml"
            maxCount={1}
            showUploadList={false}
            beforeUpload={async (file) => {
              setXml(await file.text());
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="process-file">
              {t('appr.processes.chooseFile')}
            </Button>
          </Upload>
        </Form.Item>
        <Form.Item label={t('appr.processes.xml')}>
          <Input.TextArea id="process-xml" rows={14} value={xml} onChange={(e) => setXml(e.target.value)} style={{ fontFamily: 'monospace', fontSize: 12 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ProcessesPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [includeSuperseded, setIncludeSuperseded] = useState(false);
  const [viewing, setViewing] = useState<Definition | null>(null);
  const [uploading, setUploading] = useState(false);
  const list = useQuery({ queryKey: [...PROCESSES_KEY, includeSuperseded], queryFn: () => client.request(ProcessDefinitionsQuery, { includeSuperseded }) });
  // Every process is loaded: the headers sort on the client (words in pinyin order, the status by
  // its label); by default the API's order.
  const source = (d: Definition) => (d.template ? t('appr.processes.template') : (d.bank?.name ?? t('appr.processes.own')));
  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('appr.processes.title')}</h2>
        <Space>
          <Space size={6}>
            <Switch size="small" checked={includeSuperseded} onChange={setIncludeSuperseded} />
            <span>{t('appr.processes.includeSuperseded')}</span>
          </Space>
          {can('PROCESS_ADMIN') && (
            <Button type="primary" icon={<UploadOutlined />} onClick={() => setUploading(true)} data-testid="process-upload">
              {t('appr.processes.upload')}
            </Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('appr.processes.hint')}</Typography.Paragraph>
      <Card>
        <ListError query={list} />
        <DataTable<Definition>
          rowKey="id"
          size="middle"
          pagination={false}
          loading={list.isFetching}
          dataSource={list.isError ? [] : (list.data?.processDefinitions ?? [])}
          data-testid="processes-table"
          columns={[
            {
              title: t('appr.processes.source'),
              key: 'source',
              sorter: sorterOf(source),
              render: (_: unknown, d) => (d.template ? <Tag color="blue">{t('appr.processes.template')}</Tag> : <Tag color="green">{d.bank?.name ?? t('appr.processes.own')}</Tag>),
            },
            { title: t('appr.processes.key'), dataIndex: 'key', sorter: sorterOf((d: Definition) => d.key), render: (v: string) => <span className="cic-mono">{v}</span> },
            { title: t('appr.processes.name'), dataIndex: 'name', sorter: sorterOf((d: Definition) => d.name) },
            { title: t('appr.processes.version'), dataIndex: 'version', sorter: sorterOf((d: Definition) => d.version), render: (v: number) => t('appr.versionN', { v }) },
            { title: t('common.status'), dataIndex: 'status', sorter: sorterOf((d: Definition) => enumLabel(t, 'processStatus', d.status)), render: (v: string) => <EnumTag prefix="processStatus" value={v} colors={{ ACTIVE: 'success', SUPERSEDED: 'default' }} testId="process-status" /> },
            {
              title: t('appr.processes.lanes'),
              render: (_: unknown, d) => (
                <Space direction="vertical" size={0}>
                  {d.lanes.map((l) => (
                    <span key={l.name} style={{ fontSize: 12 }}>
                      {l.name}：{enumLabel(t, 'role', l.role)} @ {enumLabel(t, 'level', l.level)}
                    </span>
                  ))}
                </Space>
              ),
            },
            { title: t('appr.processes.createdBy'), key: 'createdAt', sorter: sorterOf((d: Definition) => d.createdAt, byTime), render: (_: unknown, d) => `${d.createdBy} · ${beijingTime(d.createdAt)}` },
            {
              title: t('common.actions'),
              render: (_: unknown, d) => (
                <Space size={0}>
                  <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setViewing(d)} data-testid="process-view">
                    {t('appr.processes.view')}
                  </Button>
                  <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => downloadXml(d)}>
                    {t('appr.processes.download')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {viewing && <DiagramModal definition={viewing} onClose={() => setViewing(null)} />}
      {uploading && <UploadModal onClose={() => setUploading(false)} />}
    </div>
  );
}
