import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { client } from '../api/client';
import { ApprovePendingChangeMutation, EvaluationRunQuery, PendingChangesQuery, RejectPendingChangeMutation } from '../api/operations';
import { renderWithProviders } from '../test/render';
import ApprovalsPage from './ApprovalsPage';

afterEach(() => vi.restoreAllMocks());

const SLOW = { timeout: 5_000 };

function change(id: string, over: Record<string, unknown>) {
  return {
    id, kind: 'STAFF_USER_CREATE', status: 'PENDING', targetType: 'StaffUser', targetId: '90', requestedAt: '2026-03-01T08:00:00Z',
    decidedAt: null, decisionNote: null, username: `user${id}`, name: `姓名${id}`, roles: ['CUSTOMER_MANAGER'], previousRoles: [],
    ruleSetVersion: null, ruleSetScope: null, requestedBy: { id: '4', name: '邓海峰', username: 'fz.admin' }, decidedBy: null,
    viewerCanDecide: false, viewerIsRequester: false, ...over,
  };
}

const LIST = [
  change('1', { viewerCanDecide: true }),
  change('2', { viewerIsRequester: true, kind: 'STAFF_ROLES_GRANT', roles: ['CUSTOMER_MANAGER', 'AUDITOR'], previousRoles: ['CUSTOMER_MANAGER'] }),
  change('3', { kind: 'RULE_SET_PUBLISH', targetType: 'RuleSet', username: null, name: '本行完整性规则', roles: [], ruleSetVersion: 2, ruleSetScope: 'BANK' }),
];

function api(rejectAnswers: unknown[] = [], asked: unknown[] = []) {
  const reject = vi.fn();
  vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
    if (doc === PendingChangesQuery) asked.push(variables);
    if (doc === PendingChangesQuery) return { pendingChanges: { pageInfo: { hasNextPage: false, endCursor: null }, edges: LIST.map((node) => ({ cursor: node.id, node })) } };
    if (doc === RejectPendingChangeMutation) {
      reject(variables);
      return { rejectPendingChange: rejectAnswers.shift() };
    }
    throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
  });
  return reject;
}

const row = (text: string) => screen.getByText(text).closest('tr') as HTMLElement;

describe('ApprovalsPage', () => {
  it('offers approve and reject where the viewer may decide, withdraw to the requester, and nothing else', async () => {
    api();
    renderWithProviders(<ApprovalsPage />);
    await screen.findByText('姓名1', {}, SLOW);
    expect(within(row('姓名1')).getByTestId('approve-change')).toBeInTheDocument();
    expect(within(row('姓名1')).getByTestId('reject-change')).toBeInTheDocument();
    expect(within(row('姓名1')).queryByTestId('withdraw-change')).toBeNull();
    expect(within(row('姓名1')).getByText('开通账号')).toBeInTheDocument();
    expect(within(row('姓名1')).getByText('客户经理')).toBeInTheDocument();

    const grant = row('姓名2');
    expect(within(grant).getByTestId('withdraw-change')).toBeInTheDocument();
    expect(within(grant).queryByTestId('approve-change')).toBeNull();
    expect(within(grant).getByText('授予角色')).toBeInTheDocument();
    expect(within(grant).getByText('审计员')).toBeInTheDocument();

    const publication = row('本行完整性规则');
    expect(within(publication).getByText('发布规则集')).toBeInTheDocument();
    expect(publication).toHaveTextContent('版本 2');
    expect(within(publication).getByText('仅查看')).toBeInTheDocument();
    expect(within(publication).queryByRole('button')).toBeNull();
  });

  it('asks the API for the oldest requests first from the first page when the time header is clicked', async () => {
    const asked: unknown[] = [];
    api([], asked);
    renderWithProviders(<ApprovalsPage />);
    await screen.findByText('姓名1', {}, SLOW);
    expect(asked).toContainEqual({ status: 'PENDING', first: 50, after: null, order: 'TIME_DESC' });
    const time = screen.getByText('申请时间', { selector: 'th *' });
    expect(time.closest('th')).toHaveAttribute('aria-sort', 'descending');
    fireEvent.click(time);
    await waitFor(() => expect(asked).toContainEqual({ status: 'PENDING', first: 50, after: null, order: 'TIME_ASC' }));
    expect(time.closest('th')).toHaveAttribute('aria-sort', 'ascending');
  });

  it('rejects only with a reason, and shows a refusal of the reason on its field', async () => {
    const refusal = { field: 'reason', code: 'REASON_REQUIRED', message: '驳回须填写原因（2-500字）', messageEn: 'reason' };
    const reject = api([{ change: null, errors: [refusal] }]);
    renderWithProviders(<ApprovalsPage />);
    await screen.findByText('姓名1', {}, SLOW);
    fireEvent.click(within(row('姓名1')).getByTestId('reject-change'));
    await waitFor(() => expect(document.getElementById('reject-confirm')).not.toBeNull(), SLOW);
    const confirm = document.getElementById('reject-confirm')!;
    fireEvent.click(confirm);
    expect(await screen.findByText('必填', {}, SLOW)).toBeInTheDocument();
    expect(reject).not.toHaveBeenCalled();
    fireEvent.change(document.getElementById('reject-reason')!, { target: { value: '工号不符' } });
    fireEvent.click(confirm);
    expect(await screen.findByText('驳回须填写原因（2-500字）', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(reject).toHaveBeenCalledWith({ input: { id: '1', reason: '工号不符' } }));
  }, 15_000);

  it("follows an approved publication's re-evaluation until it is done", async () => {
    const run = (status: string, done: number) => ({ id: 'r1', status, total: 180, done, startedAt: '2026-03-01T08:00:00Z', finishedAt: status === 'DONE' ? '2026-03-01T08:01:00Z' : null });
    const publication = (evaluationRun: unknown) =>
      change('7', { kind: 'RULE_SET_PUBLISH', status: 'APPROVED', targetType: 'RuleSet', username: null, name: '本行完整性规则', roles: [], ruleSetVersion: 3, ruleSetScope: 'BANK', evaluationRun });
    const answers = [run('RUNNING', 60), run('DONE', 180)];
    vi.spyOn(client, 'request').mockImplementation(async (doc: unknown) => {
      if (doc === PendingChangesQuery) {
        const node = publication(answers.length > 1 ? answers.shift() : answers[0]);
        return { pendingChanges: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ cursor: '7', node }] } };
      }
      throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
    });
    renderWithProviders(<ApprovalsPage />);
    const progress = await screen.findByTestId('evaluation-run', {}, SLOW);
    expect(progress).toHaveTextContent('校验中');
    expect(progress).toHaveTextContent('重新校验：60 / 180');
    // The list is asked again while the run is unfinished.
    await waitFor(() => expect(screen.getByTestId('evaluation-run')).toHaveTextContent('已完成'), { timeout: 10_000 });
    expect(screen.getByTestId('evaluation-run')).toHaveTextContent('重新校验：180 / 180');
  }, 20_000);

  it('shows the approver the re-evaluation the publication started', async () => {
    const pending = change('8', { kind: 'RULE_SET_PUBLISH', targetType: 'RuleSet', username: null, name: '本行完整性规则', roles: [], ruleSetVersion: 3, ruleSetScope: 'BANK', viewerCanDecide: true });
    const running = { id: 'r2', status: 'RUNNING', total: 10, done: 0, startedAt: null, finishedAt: null };
    vi.spyOn(client, 'request').mockImplementation(async (doc: unknown) => {
      if (doc === PendingChangesQuery) return { pendingChanges: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ cursor: '8', node: pending }] } };
      if (doc === ApprovePendingChangeMutation) return { approvePendingChange: { change: { ...pending, status: 'APPROVED', evaluationRun: running }, errors: [] } };
      if (doc === EvaluationRunQuery) return { evaluationRun: { ...running, status: 'DONE', done: 10, finishedAt: '2026-03-01T08:01:00Z' } };
      throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
    });
    renderWithProviders(<ApprovalsPage />);
    fireEvent.click(await screen.findByTestId('approve-change', {}, SLOW));
    await waitFor(() => expect(document.getElementById('approve-confirm')).not.toBeNull(), SLOW);
    fireEvent.click(document.getElementById('approve-confirm')!);
    const approved = await screen.findByTestId('approved-publication', {}, SLOW);
    await waitFor(() => expect(within(approved).getByTestId('evaluation-run')).toHaveTextContent('已完成'), SLOW);
    expect(approved).toHaveTextContent('已批准“本行完整性规则”的发布，档案已全部重新校验');
    expect(approved).toHaveTextContent('重新校验：10 / 10');
  }, 20_000);

  it('names a scorecard publication by the card, its bank and version, and approving it publishes the card', async () => {
    const pending = change('9', {
      kind: 'SCORECARD_PUBLISH', targetType: 'Scorecard', targetId: '12', username: null, name: '福州农商行农户信用评分卡（试行）', roles: [],
      scorecardVersion: 2, scorecardScope: 'BANK', scorecardBank: '福州农村商业银行', viewerCanDecide: true,
    });
    const approve = vi.fn();
    vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
      if (doc === PendingChangesQuery) return { pendingChanges: { pageInfo: { hasNextPage: false, endCursor: null }, edges: approve.mock.calls.length ? [] : [{ cursor: '9', node: pending }] } };
      if (doc === ApprovePendingChangeMutation) {
        approve(variables);
        return { approvePendingChange: { change: { ...pending, status: 'APPROVED', evaluationRun: null }, errors: [] } };
      }
      throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
    });
    renderWithProviders(<ApprovalsPage />);
    const target = await screen.findByTestId('scorecard-target', {}, SLOW);
    expect(target).toHaveTextContent('福州农商行农户信用评分卡（试行）');
    expect(target).toHaveTextContent('福州农村商业银行 · 第 2 版');
    expect(within(target).getByRole('link')).toHaveAttribute('href', '/scorecards/12');
    expect(within(row('福州农商行农户信用评分卡（试行）')).getByText('发布评分卡')).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('approve-change'));
    await waitFor(() => expect(document.getElementById('approve-confirm')).not.toBeNull(), SLOW);
    fireEvent.click(document.getElementById('approve-confirm')!);
    expect(await screen.findByText('已批准，评分卡已发布，正在按新评分卡重新评级', {}, SLOW)).toBeInTheDocument();
    expect(approve).toHaveBeenCalledWith({ id: '9' });
    // Not a rule set: no re-evaluation run to follow.
    expect(screen.queryByTestId('approved-publication')).toBeNull();
  }, 20_000);
});
