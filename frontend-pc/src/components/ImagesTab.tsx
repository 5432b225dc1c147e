import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Image, Input, Modal, Result, Row, Space, Spin, Tag, Typography, Upload } from 'antd';
import { CameraOutlined, DeleteOutlined, SafetyOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError } from '../api/client';
import { deleteImage, loadCustomerImages, verifyImage, type CustomerImage, type ImageVerification } from '../api/images';
import { enumLabel, useI18n } from '../i18n';
import { useSession } from '../session';

const VERDICT_TYPE = { AUTHENTIC: 'success', ALTERED: 'error', UNKNOWN: 'warning' } as const;

function ImageCard({ image, onDelete, canDelete }: { image: CustomerImage; onDelete: () => void; canDelete: boolean }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      cover={
        image.thumbnailUrl ? (
          <Image src={image.thumbnailUrl} preview={image.url ? { src: image.url } : false} height={150} style={{ objectFit: 'cover' }} alt={image.kind} />
        ) : (
          <div style={{ height: 150, display: 'grid', placeItems: 'center', background: '#fafafa' }}>
            <Tag>{image.status}</Tag>
          </div>
        )
      }
      actions={
        canDelete && !image.deletedAt
          ? [
              <Button key="delete" type="text" danger size="small" icon={<DeleteOutlined />} onClick={onDelete}>
                {t('images.delete')}
              </Button>,
            ]
          : undefined
      }
    >
      <Space direction="vertical" size={2} style={{ fontSize: 12 }}>
        <Space>
          <Typography.Text strong>{image.kindLabel ?? image.kind}</Typography.Text>
          {image.deletedAt && <Tag color="red">{t('images.deleted')}</Tag>}
        </Space>
        <span>
          {t('images.takenAt')}: {dayjs(image.takenAt).format('YYYY-MM-DD HH:mm')}
        </span>
        {image.latitude !== null && image.longitude !== null && (
          <span>
            {t('images.location')}: {image.latitude.toFixed(5)}, {image.longitude.toFixed(5)}
            {image.accuracyM !== null ? ` ±${Math.round(image.accuracyM)}m` : ''}
          </span>
        )}
        {image.uploadedBy && (
          <span>
            {t('images.uploadedBy')}: {image.uploadedBy.name}（{image.uploadedBy.employeeNo}）
          </span>
        )}
        {image.deleteReason && <Typography.Text type="danger">{image.deleteReason}</Typography.Text>}
      </Space>
    </Card>
  );
}

export function ImagesTab({ customerId }: { customerId: string }) {
  const { t, locale } = useI18n();
  const { has } = useSession();
  const { message, modal } = App.useApp();
  const [verification, setVerification] = useState<ImageVerification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const images = useQuery({ queryKey: ['customerImages', customerId], queryFn: () => loadCustomerImages(customerId) });

  if (images.isLoading) return <Spin />;
  if (images.error) return <Alert type="error" showIcon message={images.error instanceof ApiError ? images.error.display(locale) : String(images.error)} />;
  if (!images.data?.available) {
    return <Result icon={<CameraOutlined style={{ color: '#0f7a5c' }} />} title={t('images.comingSoon')} subTitle={t('images.comingSoonHint')} data-testid="images-coming-soon" />;
  }
  const canDelete = has('CUSTOMER_MANAGER', 'BRANCH_MANAGER', 'BANK_APPROVER', 'BANK_ADMIN');
  const remove = (image: CustomerImage) => {
    let reason = '';
    modal.confirm({
      title: t('images.delete'),
      content: <Input.TextArea placeholder={t('images.deleteReason')} onChange={(e) => (reason = e.target.value)} />,
      okButtonProps: { danger: true },
      onOk: async () => {
        if (!reason.trim()) {
          message.error(t('images.deleteReason'));
          throw new Error('reason');
        }
        try {
          await deleteImage(image.id, reason.trim());
          await images.refetch();
        } catch (e) {
          message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
        }
      },
    });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card size="small">
        <Space>
          <Upload
            accept="image/*"
            showUploadList={false}
            beforeUpload={(file) => {
              setVerifying(true);
              verifyImage(file)
                .then(setVerification)
                .catch((e) => message.error(e instanceof ApiError ? e.display(locale) : t('common.failed')))
                .finally(() => setVerifying(false));
              return false;
            }}
          >
            <Button icon={<SafetyOutlined />} loading={verifying}>
              {t('images.verify')}
            </Button>
          </Upload>
          <Typography.Text type="secondary">{t('images.verifyHint')}</Typography.Text>
        </Space>
      </Card>
      {images.data.images.length === 0 ? (
        <Empty description={t('images.empty')} />
      ) : (
        <Image.PreviewGroup>
          <Row gutter={[16, 16]}>
            {images.data.images.map((image) => (
              <Col span={6} key={image.id}>
                <ImageCard image={image} canDelete={canDelete} onDelete={() => remove(image)} />
              </Col>
            ))}
          </Row>
        </Image.PreviewGroup>
      )}
      <Modal open={verification !== null} footer={null} onCancel={() => setVerification(null)} title={t('images.verify')} width={640}>
        {verification && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert
              type={verification.verdict ? VERDICT_TYPE[verification.verdict] : 'warning'}
              showIcon
              message={enumLabel(t, 'images.verdict', verification.verdict ?? 'UNKNOWN')}
              description={verification.reason}
            />
            {verification.image && (
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label={t('images.kind')}>{verification.image.kindLabel ?? verification.image.kind}</Descriptions.Item>
                <Descriptions.Item label={t('images.takenAt')}>{dayjs(verification.image.takenAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
                <Descriptions.Item label={t('images.uploadedBy')}>{verification.image.uploadedBy?.name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="SHA-256">
                  <span className="cic-mono" style={{ fontSize: 11 }}>
                    {verification.image.resultSha256?.slice(0, 16)}…
                  </span>
                </Descriptions.Item>
              </Descriptions>
            )}
          </Space>
        )}
      </Modal>
    </Space>
  );
}
