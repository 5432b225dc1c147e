// Photos from the PC: choose the kind, then drop files on (or click) the Dragger. Each file goes
// to uploadImage like the PAD's (same kinds, same checks, the worker watermarks, signs and
// thumbnails it); the Images tab below shows it processing, then with its watermark.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Card, Select, Space, Typography, Upload, type UploadProps } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { enumOptions } from '@cic/shared/labels';
import { ApiError, client, committed } from '../api/client';
import { UploadImageMutation } from '../api/operations';
import { useI18n } from '../i18n';
import { MAX_PHOTO_BYTES, megabytes, photoProblem, takenAtOf } from '../lib/photoUpload';

export function PhotoUpload({ customerId }: { customerId: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [kind, setKind] = useState('VISIT_PHOTO');
  const size = megabytes(MAX_PHOTO_BYTES);

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    const problem = photoProblem(file);
    if (problem === 'wrongType') message.error(t('upload.wrongType', { name: file.name }));
    if (problem === 'tooBig') message.error(t('upload.tooBig', { name: file.name, size }));
    return problem ? Upload.LIST_IGNORE : true;
  };

  const customRequest: UploadProps['customRequest'] = async ({ file, onSuccess, onError }) => {
    const photo = file as File;
    try {
      const input = { customerId, kind: kind as never, clientUploadId: crypto.randomUUID(), takenAt: takenAtOf(photo.lastModified) };
      const payload = committed((await client.upload(UploadImageMutation, { input, file: null as never }, { file: photo })).uploadImage, 'uploadImage');
      if (payload.errors.length) {
        const reason = payload.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；');
        message.error(t('upload.failed', { name: photo.name, reason }));
        onError?.(new Error(reason));
        return;
      }
      message.success(t('upload.done', { name: photo.name }));
      onSuccess?.(payload.image);
      await queries.invalidateQueries({ queryKey: ['customerImages', customerId] });
      await queries.invalidateQueries({ queryKey: ['customer', customerId] });
    } catch (e) {
      const reason = e instanceof ApiError ? e.display(locale) : t('common.failed');
      message.error(t('upload.failed', { name: photo.name, reason }));
      onError?.(e as Error);
    }
  };

  return (
    <Card size="small" title={t('upload.title')} style={{ marginBottom: 16 }} data-testid="photo-upload">
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        <Space>
          <label htmlFor="photo-kind">{t('upload.kind')}</label>
          <Select id="photo-kind" value={kind} onChange={setKind} options={enumOptions('ImageKind', locale)} style={{ width: 180 }} data-testid="photo-kind" />
        </Space>
        <Upload.Dragger
          multiple
          beforeUpload={beforeUpload}
          customRequest={customRequest}
          data-testid="photo-dragger"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('upload.drop')}</p>
          <Typography.Text type="secondary">{t('upload.hint', { size })}</Typography.Text>
        </Upload.Dragger>
      </Space>
    </Card>
  );
}
