// Shared by the four-eyes screens: the menu count (refreshed by react-query, every minute and
// whenever a verification invalidates its key) and small labels.
import { useQuery } from '@tanstack/react-query';
import { Space, Tag } from 'antd';
import { client } from '../api/client';
import { ReviewInboxCountQuery } from '../api/operations';
import { useI18n } from '../i18n';
import { violationCounts, type ViolationLike } from '../lib/fourEyes';

/** How often the menu counts are refreshed when nothing invalidates them earlier. */
export const BADGE_REFRESH_MS = 60_000;

/** Query key: invalidating the prefix refreshes both the list and the menu count. */
export const REVIEW_INBOX_KEY = ['reviewInbox'] as const;

/** `reviewInbox.totalCount`: archives waiting for the caller's verification. */
export function useReviewCount(enabled: boolean): number {
  const count = useQuery({
    queryKey: [...REVIEW_INBOX_KEY, 'count'],
    enabled,
    queryFn: () => client.request(ReviewInboxCountQuery, {}),
    refetchInterval: BADGE_REFRESH_MS,
    staleTime: 0,
  });
  return count.data?.reviewInbox.totalCount ?? 0;
}

/** "错误 2  警告 1", or "通过" without violations. */
export function ViolationCountTags({ violations }: { violations: readonly ViolationLike[] | null | undefined }) {
  const { t } = useI18n();
  const { errors, warnings } = violationCounts(violations);
  if (!errors && !warnings) return <Tag color="green">{t('review.clean')}</Tag>;
  return (
    <Space size={4} data-testid="violation-counts">
      {errors > 0 && <Tag color="red">{t('review.errors', { n: errors })}</Tag>}
      {warnings > 0 && <Tag color="gold">{t('review.warnings', { n: warnings })}</Tag>}
    </Space>
  );
}
