// Shared by the quota application and approval screens: query keys, the inbox counts (menu badge
// and tabs), status tags, and running a mutation whose payload carries typed errors.
import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import type { UserError } from '@cic/shared/userErrors';
import { ApiError, client } from '../api/client';
import { ApprovalInboxCountsQuery, ProductsQuery } from '../api/operations';
import { enumLabel, useI18n, type Translate } from '../i18n';
import { BADGE_REFRESH_MS } from './fourEyes';
import { EnumTag } from './common';

/** Query keys: invalidating APPROVALS_KEY refreshes the inbox, its counts and every application read. */
export const APPROVALS_KEY = ['approvals'] as const;
export const PRODUCTS_KEY = ['products'] as const;
export const PROCESSES_KEY = ['processDefinitions'] as const;

/** `approvalInboxCounts`: unclaimed in my queues, held by me, of those overdue. */
export function useInboxCounts(enabled: boolean) {
  const counts = useQuery({
    queryKey: [...APPROVALS_KEY, 'counts'],
    enabled,
    queryFn: () => client.request(ApprovalInboxCountsQuery, {}),
    refetchInterval: BADGE_REFRESH_MS,
    staleTime: 0,
  });
  return counts.data?.approvalInboxCounts ?? { queue: 0, mine: 0, overdue: 0 };
}

/** The products of the caller's bank(s), current versions (and retired ones when asked). */
export function useProducts(includeRetired = false, enabled = true) {
  return useQuery({
    queryKey: [...PRODUCTS_KEY, includeRetired],
    enabled,
    queryFn: () => client.request(ProductsQuery, { includeRetired }),
    staleTime: 60_000,
  });
}

const APPLICATION_COLORS: Record<string, string> = { IN_APPROVAL: 'processing', RETURNED: 'warning', APPROVED: 'success', REJECTED: 'error', WITHDRAWN: 'default' };
const QUOTA_COLORS: Record<string, string> = { ACTIVE: 'success', FROZEN: 'blue', EXPIRED: 'default', REVOKED: 'error' };
const TASK_COLORS: Record<string, string> = { OPEN: 'processing', CLAIMED: 'gold', SUSPENDED: 'warning', DONE: 'success', CANCELLED: 'default' };

export function ApplicationStatusTag({ status }: { status: string }) {
  return <EnumTag prefix="applicationStatus" value={status} colors={APPLICATION_COLORS} testId="application-status" />;
}

export function QuotaStatusTag({ status }: { status: string }) {
  return <EnumTag prefix="quotaStatus" value={status} colors={QUOTA_COLORS} testId="quota-status" />;
}

export function TaskStatusTag({ status }: { status: string }) {
  return <EnumTag prefix="taskStatus" value={status} colors={TASK_COLORS} testId="task-status" />;
}

export function OverdueTag() {
  const { t } = useI18n();
  return (
    <Tag color="red" data-testid="overdue-tag">
      {t('appr.overdue')}
    </Tag>
  );
}

/** A failed request as a payload error (no field), so one path shows both kinds. */
export function failure(e: unknown, t: Translate): UserError {
  return {
    code: 'FAILED',
    message: e instanceof ApiError ? e.display('zh') : t('common.failed'),
    messageEn: e instanceof ApiError ? e.display('en') : t('common.failed'),
  };
}

/** An approval error in words: its message, or the code's label when the API sent none. */
export function errorText(e: UserError, t: Translate): string {
  const text = t.locale === 'en' ? e.messageEn || e.message : e.message;
  return text || enumLabel(t, 'approvalError', e.code);
}
