// Shared by the four-eyes screens: the menu counts (refreshed by react-query, every minute and
// whenever a verification or a decision invalidates their keys) and small labels.
import { useQuery } from '@tanstack/react-query';
import { Button, Progress, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { client } from '../api/client';
import { EvaluationRunQuery, PendingChangesQuery, ReviewInboxCountQuery } from '../api/operations';
import { enumLabel, useI18n } from '../i18n';
import { decidableCount, runFinished, runPercent, violationCounts, type RunLike, type ViolationLike } from '../lib/fourEyes';
import { EnumTag, Notice } from './common';

/** How often the menu counts are refreshed when nothing invalidates them earlier. */
export const BADGE_REFRESH_MS = 60_000;

/** Query keys: invalidating the prefix refreshes both the lists and the menu counts. */
export const REVIEW_INBOX_KEY = ['reviewInbox'] as const;
export const PENDING_CHANGES_KEY = ['pendingChanges'] as const;

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

/** The pending requests this administrator may decide (at most the first 200 listed). */
export function useDecidableCount(enabled: boolean): number {
  const pending = useQuery({
    queryKey: [...PENDING_CHANGES_KEY, 'PENDING', 'badge'],
    enabled,
    queryFn: () => client.request(PendingChangesQuery, { status: 'PENDING', first: 200, after: null }),
    refetchInterval: BADGE_REFRESH_MS,
    staleTime: 0,
  });
  return decidableCount(pending.data?.pendingChanges.edges.map((e) => e.node) ?? []);
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

const CHANGE_STATUS_COLORS: Record<string, string> = { PENDING: 'processing', APPROVED: 'success', REJECTED: 'error', CANCELLED: 'default' };

export function ChangeStatusTag({ status }: { status: string }) {
  return <EnumTag prefix="changeStatus" value={status} colors={CHANGE_STATUS_COLORS} testId="change-status" />;
}

export function RoleTags({ roles }: { roles: readonly string[] }) {
  const { t } = useI18n();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r}>{enumLabel(t, 'role', r)}</Tag>
      ))}
    </>
  );
}

/** How often an unfinished re-evaluation is asked for its progress. */
export const RUN_POLL_MS = 1_000;

/** A re-evaluation run by id (`evaluationRun`), polled until it has ended. */
export function useEvaluationRun(runId: string | null | undefined) {
  const run = useQuery({
    queryKey: ['evaluationRun', runId],
    enabled: !!runId,
    queryFn: () => client.request(EvaluationRunQuery, { id: runId! }),
    refetchInterval: (q) => (runFinished(q.state.data?.evaluationRun) ? false : RUN_POLL_MS),
  });
  return run.data?.evaluationRun ?? null;
}

const RUN_STATUS_COLORS: Record<string, string> = { PENDING: 'default', RUNNING: 'processing', DONE: 'success', FAILED: 'error' };

/** The re-evaluation of the archives after a publication: a bar, its status and "done / total". */
export function EvaluationRunProgress({ run, width = 220 }: { run: RunLike; width?: number }) {
  const { t } = useI18n();
  return (
    <Space size={8} data-testid="evaluation-run" data-status={run.status}>
      <Progress
        aria-label={t('rules.evaluationProgress')}
        percent={runPercent(run)}
        size="small"
        status={run.status === 'FAILED' ? 'exception' : run.status === 'DONE' ? 'success' : 'active'}
        style={{ width, margin: 0 }}
      />
      <EnumTag prefix="runStatus" value={run.status} colors={RUN_STATUS_COLORS} testId="run-status" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('rules.runProgress', { done: run.done, total: run.total })}
      </Typography.Text>
    </Space>
  );
}

/** A draft frozen by its publication request (rule sets, scorecards): who asked and when, the way
 * to the approvals, and 撤回 for the requester. */
export function PublicationPendingNotice({
  pending, message, testId, withdrawing, onWithdraw,
}: {
  pending: { requestedBy?: { name: string } | null; requestedAt: string; viewerIsRequester: boolean };
  message: string;
  testId: string;
  withdrawing?: boolean;
  onWithdraw: () => void;
}) {
  const { t } = useI18n();
  return (
    <Notice
      type="info"
      data-testid={testId}
      message={message}
      description={
        <Space direction="vertical" size={4}>
          <span>{t('fourEyes.frozen', { name: pending.requestedBy?.name ?? '—', at: dayjs(pending.requestedAt).format('YYYY-MM-DD HH:mm') })}</span>
          <Space>
            <Link to="/approvals" data-testid="approvals-link">
              {t('fourEyes.toApprovals')}
            </Link>
            {pending.viewerIsRequester && (
              <Button size="small" loading={withdrawing} onClick={onWithdraw} data-testid="withdraw-publish">
                {t('approvals.withdraw')}
              </Button>
            )}
          </Space>
        </Space>
      }
    />
  );
}
