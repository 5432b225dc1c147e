import { useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { ApiError, client, committed } from '../api/client';
import { TransferArchivesMutation } from '../api/operations';
import { useI18n } from '../i18n';
import { ManagerSelect } from './common';

export function TransferModal({ open, customerIds, onClose }: { open: boolean; customerIds: string[]; onClose: (moved: boolean) => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ toManagerId: string; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    try {
      const data = await client.request(TransferArchivesMutation, {
        input: { customerIds, toManagerId: values.toManagerId, reason: values.reason || null },
      });
      const payload = committed(data.transferArchives, 'transferArchives');
      if (payload.errors.length) {
        message.error(payload.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；'));
        return;
      }
      message.success(t('transfer.done', { n: payload.moved }));
      form.resetFields();
      onClose(true);
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={`${t('transfer.title')} · ${t('archives.selected', { n: customerIds.length })}`} onCancel={() => onClose(false)} onOk={submit} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="toManagerId" label={t('transfer.toManager')} rules={[{ required: true, message: t('validation.required') }]}>
          <ManagerSelect />
        </Form.Item>
        <Form.Item name="reason" label={t('transfer.reason')}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
