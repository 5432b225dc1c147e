// The customer's business with the bank in one line ("存款 ¥65,000.00 · 贷款 ¥120,000.50 · 逾期
// 12 天", bands where the field policy withholds the figures) and the blacklist tag, from the
// archive row in IndexedDB: it shows offline, as of the last refresh.
import { Tag } from 'antd-mobile';
import { businessSummary } from '@cic/shared/business';
import { useI18n } from '../i18n';
import type { LocalArchive } from '../lib/db';

export function BlacklistedTag({ a }: { a: Pick<LocalArchive, 'blacklisted'> }) {
  const { t } = useI18n();
  return a.blacklisted ? (
    <Tag color="danger" fill="solid" data-testid="blacklisted-tag">
      {t('blacklisted')}
    </Tag>
  ) : null;
}

export function BusinessLine({ a }: { a: Pick<LocalArchive, 'business'> }) {
  const { t, locale } = useI18n();
  const b = a.business;
  if (!b) return null;
  return (
    <div className="business-line" data-testid="business-line" title={t('businessAsOf', { date: b.asOf })}>
      {businessSummary(b, locale)}
    </div>
  );
}
