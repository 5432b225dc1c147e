// The Images tab of an archive: thumbnails with kind and status (RECEIVED polls until READY), the
// full-size viewer (signed links, each full view audited by the API), capture facts, soft delete
// with a reason, and "verify an image file" (verifyImage: AUTHENTIC / ALTERED / UNKNOWN).
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Collapse, Descriptions, Empty, Form, Image, Input, Modal, Row, Space, Spin, Switch, Tag, Tooltip, Typography, Upload } from 'antd';
import {
  CheckCircleFilled,
  CloseCircleFilled,
  DeleteOutlined,
  ExclamationCircleFilled,
  FileImageOutlined,
  SafetyCertificateOutlined,
  SyncOutlined,
  WarningOutlined,
  ZoomInOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, client, committed } from '../api/client';
import { CustomerImagesQuery, DeleteImageMutation, VerifyImageMutation } from '../api/operations';
import type { CustomerImageFieldsFragment, VerifyImageMutation as VerifyImageResult } from '../gql/graphql';
import { enumLabel, useI18n, type MessageKey, type Translate } from '../i18n';
import { formatBytes, formatLocation, refetchInterval, shortHash, SignedLinkCache } from '../lib/images';
import { QueryError } from './common';

type CustomerImage = CustomerImageFieldsFragment;
type Verification = VerifyImageResult['verifyImage'];

const dt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
const VERDICT_TYPE = { AUTHENTIC: 'success', ALTERED: 'error', UNKNOWN: 'warning' } as const;
const VERDICT_ICON = { AUTHENTIC: <CheckCircleFilled />, ALTERED: <CloseCircleFilled />, UNKNOWN: <ExclamationCircleFilled /> };
const DELETE_REASONS: MessageKey[] = ['images.deleteReason.blurry', 'images.deleteReason.wrongCustomer', 'images.deleteReason.wrongKind', 'images.deleteReason.duplicate'];

function useKindLabel() {
  const { t, locale } = useI18n();
  return (image: Pick<CustomerImage, 'kind' | 'kindLabel'>) => (locale === 'zh' ? image.kindLabel : enumLabel(t, 'imageKind', image.kind));
}

function uploader(image: CustomerImage): string {
  return image.uploadedBy ? `${image.uploadedBy.name}（${image.uploadedBy.employeeNo}）` : image.uploadedByNo;
}

/** The capture facts of an image, in the order both the card and the verification dialog show them. */
function captureFacts(image: CustomerImage, t: Translate): { key: string; label: string; value: ReactNode }[] {
  const location = formatLocation(image.latitude, image.longitude, image.accuracyM);
  const facts: { key: string; label: string; value: ReactNode }[] = [
    { key: 'takenAt', label: t('images.takenAt'), value: dt(image.takenAt) },
    { key: 'location', label: t('images.location'), value: location ?? <Typography.Text type="secondary">{t('images.noLocation')}</Typography.Text> },
    { key: 'device', label: t('images.device'), value: image.deviceId ?? '—' },
    { key: 'uploadedBy', label: t('images.uploadedBy'), value: uploader(image) },
  ];
  if (image.resultSha256) {
    facts.push({
      key: 'sha256',
      label: t('images.sha256'),
      value: (
        <Typography.Text className="cic-mono" copyable={{ text: image.resultSha256 }} data-testid="image-sha256" title={image.resultSha256}>
          {shortHash(image.resultSha256, 6)}
        </Typography.Text>
      ),
    });
  }
  if (image.status === 'READY') {
    facts.push({
      key: 'c2pa',
      label: t('images.c2pa'),
      value: image.c2pa ? (
        <Typography.Text type="success">
          <SafetyCertificateOutlined /> {t('common.yes')}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">{t('common.no')}</Typography.Text>
      ),
    });
  }
  if (image.failure) facts.push({ key: 'failure', label: t('images.failedHint'), value: <Typography.Text type="danger">{image.failure}</Typography.Text> });
  if (image.deletedAt) {
    facts.push({ key: 'deletedAt', label: t('images.deletedAt'), value: dt(image.deletedAt) });
    facts.push({ key: 'deleteReason', label: t('images.deleteReason'), value: <Typography.Text type="danger">{image.deleteReason ?? '—'}</Typography.Text> });
  }
  return facts;
}

function ImageStatusTag({ image }: { image: CustomerImage }) {
  const { t } = useI18n();
  if (image.deletedAt) return <Tag color="default" icon={<DeleteOutlined />}>{t('images.deleted')}</Tag>;
  const label = enumLabel(t, 'images.status', image.status);
  if (image.status === 'RECEIVED') return <Tag color="processing" icon={<SyncOutlined spin />} data-testid="image-status">{label}</Tag>;
  if (image.status === 'FAILED') return <Tag color="error" icon={<WarningOutlined />} data-testid="image-status">{label}</Tag>;
  return <Tag color="success" icon={<SafetyCertificateOutlined />} data-testid="image-status">{label}</Tag>;
}

function Thumbnail({ image, onOpen, onError }: { image: CustomerImage; onOpen: () => void; onError: () => void }) {
  const { t } = useI18n();
  const kindLabel = useKindLabel();
  if (image.deletedAt || image.status !== 'READY' || !image.thumbnailUrl) {
    const [icon, text] = image.deletedAt
      ? [<DeleteOutlined key="i" />, t('images.deleted')]
      : image.status === 'FAILED'
        ? [<WarningOutlined key="i" style={{ color: '#cf1322' }} />, t('images.failedHint')]
        : [<Spin key="i" />, t('images.processingHint')];
    return (
      <div className="cic-thumb cic-thumb-placeholder">
        {icon}
        <span>{text}</span>
      </div>
    );
  }
  return (
    <button type="button" className="cic-thumb" onClick={onOpen} data-testid="image-thumbnail" title={t('images.view')}>
      <img src={image.thumbnailUrl} alt={kindLabel(image)} onError={onError} />
      <span className="cic-thumb-mask">
        <ZoomInOutlined /> {t('images.view')}
      </span>
    </button>
  );
}

function ImageCard({ image, canDelete, onOpen, onDelete, onLinkError }: { image: CustomerImage; canDelete: boolean; onOpen: () => void; onDelete: () => void; onLinkError: () => void }) {
  const { t } = useI18n();
  const kindLabel = useKindLabel();
  const actions: ReactNode[] = [];
  if (image.url && !image.deletedAt) {
    actions.push(
      <Button key="view" type="text" size="small" icon={<ZoomInOutlined />} onClick={onOpen}>
        {t('images.view')}
      </Button>,
    );
  }
  if (canDelete && !image.deletedAt) {
    actions.push(
      <Button key="delete" type="text" size="small" danger icon={<DeleteOutlined />} onClick={onDelete} data-testid="image-delete">
        {t('common.delete')}
      </Button>,
    );
  }
  return (
    <Card
      size="small"
      className={`cic-image-card${image.deletedAt ? ' cic-image-deleted' : ''}`}
      cover={<Thumbnail image={image} onOpen={onOpen} onError={onLinkError} />}
      actions={actions.length ? actions : undefined}
      data-testid="image-card"
      data-kind={image.kind}
      data-status={image.deletedAt ? 'DELETED' : image.status}
      data-image-id={image.id}
    >
      <div className="cic-image-card-head">
        <Typography.Text strong data-testid="image-kind">
          {kindLabel(image)}
        </Typography.Text>
        <ImageStatusTag image={image} />
      </div>
      <dl className="cic-facts">
        {captureFacts(image, t).map((f) => (
          <div key={f.key}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function DeleteImageModal({ image, onClose, onDeleted }: { image: CustomerImage | null; onClose: () => void; onDeleted: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const kindLabel = useKindLabel();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!image) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const { reason } = values;
    setBusy(true);
    try {
      const data = await client.request(DeleteImageMutation, { id: image.id, reason: reason.trim() });
      const errors = committed(data.deleteImage, 'deleteImage').errors;
      if (errors.length) {
        const text = errors.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；');
        if (errors.some((e) => e.field === 'reason')) form.setFields([{ name: 'reason', errors: [text] }]);
        else message.error(text);
        return;
      }
      message.success(t('images.deletedDone'));
      form.resetFields();
      await onDeleted();
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={image !== null}
      title={t('images.delete')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('images.deleteConfirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, id: 'delete-image-confirm' }}
      destroyOnHidden
      width={520}
    >
      {image && (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Space size={12} align="start">
            {image.thumbnailUrl ? (
              <img src={image.thumbnailUrl} alt={kindLabel(image)} className="cic-thumb-mini" />
            ) : (
              <div className="cic-thumb-mini cic-thumb-placeholder">
                <FileImageOutlined />
              </div>
            )}
            <Space direction="vertical" size={0}>
              <Typography.Text strong>{kindLabel(image)}</Typography.Text>
              <Typography.Text type="secondary">
                {t('images.takenAt')} {dt(image.takenAt)} · {uploader(image)}
              </Typography.Text>
            </Space>
          </Space>
          <Typography.Text type="secondary">{t('images.deleteExplain')}</Typography.Text>
          <Form form={form} layout="vertical" requiredMark={false}>
            <Space size={[6, 6]} wrap style={{ marginBottom: 8 }}>
              {DELETE_REASONS.map((key) => (
                <Tag.CheckableTag key={key} checked={false} onChange={() => form.setFieldsValue({ reason: t(key) })} className="cic-reason-chip">
                  {t(key)}
                </Tag.CheckableTag>
              ))}
            </Space>
            <Form.Item
              name="reason"
              label={t('images.deleteReason')}
              rules={[{ validator: (_, v: string | undefined) => ((v ?? '').trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error(t('images.deleteReasonRequired')))) }]}
            >
              <Input.TextArea rows={3} maxLength={200} showCount id="delete-image-reason" />
            </Form.Item>
          </Form>
        </Space>
      )}
    </Modal>
  );
}

function VerificationModal({ result, onClose }: { result: { file: File; verification: Verification } | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const kindLabel = useKindLabel();
  const v = result?.verification;
  const verdict = v?.verdict ?? 'UNKNOWN';
  const image = v?.image ?? null;
  return (
    <Modal open={result !== null} footer={null} onCancel={onClose} title={t('images.verifyTitle')} width={900} destroyOnHidden>
      {result && v && (
        <Space direction="vertical" style={{ width: '100%' }} size={16} data-testid="verify-result" data-verdict={v.errors.length ? 'ERROR' : verdict}>
          <Typography.Text type="secondary">
            <FileImageOutlined /> {t('images.verifyFile')}: {result.file.name}（{formatBytes(result.file.size)}）
          </Typography.Text>
          {v.errors.length ? (
            <Alert type="error" showIcon message={v.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；')} />
          ) : (
            <Alert
              type={VERDICT_TYPE[verdict]}
              showIcon
              icon={VERDICT_ICON[verdict]}
              className="cic-verdict"
              message={<span data-testid="verify-verdict">{enumLabel(t, 'images.verdict', verdict)}</span>}
              description={
                <Space direction="vertical" size={2}>
                  <span>{v.reason ? enumLabel(t, 'images.reason', v.reason) : null}</span>
                  {v.details.length > 0 && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {v.details.join('; ')}
                    </Typography.Text>
                  )}
                </Space>
              }
            />
          )}
          {image ? (
            <div>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('images.matchedRecord')}
              </Typography.Title>
              <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
                {image.thumbnailUrl && <img src={image.thumbnailUrl} alt={kindLabel(image)} className="cic-thumb-record" />}
                <Descriptions size="small" column={2} bordered style={{ flex: 1 }} styles={{ label: { whiteSpace: 'nowrap', width: 104 } }} data-testid="verify-record">
                  <Descriptions.Item label={t('images.kind')}>
                    <Space size={6}>
                      {kindLabel(image)}
                      <ImageStatusTag image={image} />
                    </Space>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('images.archive')}>
                    <Link to={`/archives/${image.customerId}`} onClick={onClose}>
                      {t('images.openArchive')}
                    </Link>
                  </Descriptions.Item>
                  {captureFacts(image, t)
                    .filter((f) => f.key !== 'sha256')
                    .map((f) => (
                      <Descriptions.Item key={f.key} label={f.label}>
                        {f.value}
                      </Descriptions.Item>
                    ))}
                  <Descriptions.Item label={t('images.keyId')}>
                    <span className="cic-mono">{image.keyId ?? '—'}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('images.sha256')} span={2}>
                    <Typography.Text className="cic-mono" style={{ fontSize: 11 }} copyable>
                      {image.resultSha256 ?? '—'}
                    </Typography.Text>
                  </Descriptions.Item>
                </Descriptions>
              </div>
              {image.manifest && (
                <Collapse
                  size="small"
                  ghost
                  style={{ marginTop: 8 }}
                  items={[{ key: 'manifest', label: t('images.manifest'), children: <pre className="cic-manifest">{JSON.stringify(image.manifest, null, 2)}</pre> }]}
                />
              )}
            </div>
          ) : (
            !v.errors.length && <Typography.Text type="secondary">{t('images.noRecord')}</Typography.Text>
          )}
        </Space>
      )}
    </Modal>
  );
}

export function ImagesTab({ customerId }: { customerId: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const kindLabel = useKindLabel();
  const [includeDeleted, setIncludeDeleted] = useState(false);
  const [viewer, setViewer] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<CustomerImage | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<{ file: File; verification: Verification } | null>(null);
  const links = useRef(new SignedLinkCache()).current;
  const query = useQuery({
    queryKey: ['customerImages', customerId, includeDeleted],
    queryFn: () => client.request(CustomerImagesQuery, { id: customerId, includeDeleted }),
    // Poll while the worker has an image; otherwise refetch in time for fresh signed links.
    refetchInterval: (q) => refetchInterval(q.state.data?.customer?.images),
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
  const images = useMemo(() => (query.data?.customer?.images ?? []).map((i) => links.stable(i)), [query.data, links]);
  const viewable = images.filter((i) => i.url && !i.deletedAt);
  const processing = images.filter((i) => i.status === 'RECEIVED' && !i.deletedAt).length;
  const shown = images.filter((i) => !i.deletedAt).length;

  if (query.isLoading) return <Spin />;
  if (query.error) return <QueryError error={query.error} />;

  const refreshLinks = (id: string) => {
    links.forget(id);
    void query.refetch();
  };
  const verify = (file: File) => {
    setVerifying(true);
    client
      .upload(VerifyImageMutation, { file }, { file })
      .then((data) => setVerification({ file, verification: data.verifyImage }))
      .catch((e) => message.error(e instanceof ApiError ? e.display(locale) : t('common.failed')))
      .finally(() => setVerifying(false));
  };
  const current = viewer !== null ? viewable[viewer] : undefined;

  return (
    <div className="cic-images" data-testid="images-tab">
      <div className="cic-images-toolbar">
        <Space size={12} align="center">
          <Typography.Text strong style={{ fontSize: 15 }}>
            {t('images.title')}
          </Typography.Text>
          <Typography.Text type="secondary" data-testid="images-summary">
            {t('images.summary', { n: shown })}
          </Typography.Text>
          {processing > 0 && (
            <Tag color="processing" icon={<SyncOutlined spin />}>
              {t('images.summaryProcessing', { n: processing })}
            </Tag>
          )}
        </Space>
        <Space size={16} align="center">
          <label className="cic-switch-label">
            <Switch size="small" checked={includeDeleted} onChange={setIncludeDeleted} data-testid="images-show-deleted" /> {t('images.showDeleted')}
          </label>
          <Tooltip title={t('images.verifyHint')} placement="bottomRight">
            <span>
              <Upload
                accept="image/jpeg,image/png,image/webp"
                showUploadList={false}
                beforeUpload={(file) => {
                  verify(file);
                  return false;
                }}
              >
                <Button icon={<SafetyCertificateOutlined />} loading={verifying} data-testid="verify-image">
                  {t('images.verify')}
                </Button>
              </Upload>
            </span>
          </Tooltip>
        </Space>
      </div>
      {images.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<Space direction="vertical" size={2}><span>{t('images.empty')}</span><Typography.Text type="secondary">{t('images.emptyHint')}</Typography.Text></Space>} />
      ) : (
        <Row gutter={[16, 16]}>
          {images.map((image) => (
            <Col xs={24} sm={12} lg={8} xl={6} key={image.id}>
              <ImageCard
                image={image}
                canDelete={!!query.data?.customer?.viewerCan.deleteImage}
                onOpen={() => {
                  const index = viewable.findIndex((i) => i.id === image.id);
                  if (index >= 0) setViewer(index);
                }}
                onDelete={() => setDeleting(image)}
                onLinkError={() => refreshLinks(image.id)}
              />
            </Col>
          ))}
        </Row>
      )}
      <Image.PreviewGroup
        classNames={{ popup: { root: 'cic-viewer' } }}
        items={viewable.map((i) => ({ src: i.url!, alt: kindLabel(i) }))}
        preview={{
          open: viewer !== null && current !== undefined,
          current: viewer ?? 0,
          onOpenChange: (open) => {
            if (!open) setViewer(null);
          },
          onChange: (index) => setViewer(index),
          actionsRender: (node) =>
            current ? (
              <div className="cic-viewer-footer" data-testid="image-viewer-caption">
                <div className="cic-viewer-caption">
                  <strong>{kindLabel(current)}</strong>
                  <span>
                    {t('images.takenAt')} {dt(current.takenAt)}
                  </span>
                  <span>{formatLocation(current.latitude, current.longitude, current.accuracyM) ?? t('images.noLocation')}</span>
                  <span>{uploader(current)}</span>
                  {current.width && current.height ? (
                    <span>
                      {current.width}×{current.height}
                    </span>
                  ) : null}
                  {current.c2pa && (
                    <span>
                      <SafetyCertificateOutlined /> C2PA
                    </span>
                  )}
                </div>
                {node}
              </div>
            ) : (
              node
            ),
        }}
      />
      <DeleteImageModal
        image={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={async () => {
          setDeleting(null);
          await queries.invalidateQueries({ queryKey: ['customerImages', customerId] });
          // Deleting evaluates the archive again (BASE_REQUIRED_IMAGES): refresh its integrity.
          await queries.invalidateQueries({ queryKey: ['customer', customerId] });
        }}
      />
      <VerificationModal result={verification} onClose={() => setVerification(null)} />
    </div>
  );
}
