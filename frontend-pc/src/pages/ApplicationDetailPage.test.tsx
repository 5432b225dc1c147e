import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { client } from '../api/client';
import { ApplicationQuery, ApproveTaskMutation, ChangeQuotaMutation, RejectTaskMutation, ScorecardsQuery } from '../api/operations';
import { renderWithProviders } from '../test/render';
import ApplicationDetailPage from './ApplicationDetailPage';

// bpmn-js needs a real browser (SVG measurements): the diagram is the browser suite's; here a stub
// shows what the page hands it.
vi.mock('../components/BpmnDiagram', () => ({
  BpmnDiagram: ({ instance }: { instance?: { currentElements: string[]; completedElements: string[] } | null }) => (
    <div data-testid="bpmn-diagram" data-current={instance?.currentElements.join(',')} data-done={instance?.completedElements.join(',')} />
  ),
}));

const session = { permissions: [] as string[], me: { orgUnit: { bankId: 'b1' } }, can: (...wanted: string[]) => wanted.some((p) => session.permissions.includes(p)) };
vi.mock('../session', () => ({ useSession: () => session }));

afterEach(() => vi.restoreAllMocks());

const SLOW = { timeout: 5_000 };

const task = (over: Record<string, unknown> = {}) => ({
  id: 't1', elementId: 'branch_review', name: '网点负责人审批', status: 'OPEN', outcome: null, createdAt: '2026-12-03T07:08:43Z', dueAt: '2026-12-05T07:08:43Z',
  completedAt: null, overdue: false, claimedBy: null, viewerCan: { claim: true, release: false, decide: true }, delegates: [], ...over,
});

function application(over: Record<string, unknown> = {}) {
  return {
    id: 'a1', number: 'SQ2026120300000001', status: 'IN_APPROVAL', channel: 'BRANCH', productCode: 'NONG_E_DAI', amount: '120000.00', term: 12,
    repaymentMethod: 'EQUAL_INSTALLMENT', purpose: '扩大茶园种植，购买茶苗和有机肥', overReason: null, score: 82, grade: 'A', recommendedQuota: '150000.00',
    sampled: false, approvedAmount: null, approvedTerm: null, rate: '4.35', createdAt: '2026-12-03T07:08:43Z', updatedAt: '2026-12-03T07:08:43Z', decidedAt: null,
    customer: { id: 'c1', name: '张丽慧' },
    rating: null,
    product: { id: 'p1', name: '农e贷', code: 'NONG_E_DAI', version: 1, terms: [12, 24], repaymentMethods: ['EQUAL_INSTALLMENT'], amountMin: '1000.00', amountMax: '300000.00', rateMin: '3.85', rateMax: '6.50' },
    applicant: { id: 'u1', name: '赵国平', employeeNo: 'FZ0101' },
    branch: { id: 'o1', name: '福州鼓楼支行' },
    attachments: [],
    process: { definition: { id: 'd1', key: 'MULTI_LEVEL', name: '多级审批（按金额分级）', version: 1 }, bpmnXml: '<xml/>', currentElements: ['branch_review'], completedElements: ['start'] },
    history: [{ id: 'h1', action: 'SUBMITTED', elementId: null, elementName: null, amount: '120000.00', term: 12, comment: null, at: '2026-12-03T07:08:43Z', system: false, actor: { id: 'u1', name: '赵国平', username: 'fz1.cm1' }, toUser: null }],
    tasks: [task()],
    quota: null,
    viewerCan: { resubmit: false, withdraw: false },
    ...over,
  };
}

function api(answers: { application: unknown[]; approve?: unknown; reject?: unknown; quota?: unknown }) {
  const calls: { doc: unknown; variables: unknown }[] = [];
  vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
    calls.push({ doc, variables });
    if (doc === ApplicationQuery) return { application: answers.application.length > 1 ? answers.application.shift() : answers.application[0] };
    if (doc === ApproveTaskMutation) return { approveTask: answers.approve };
    if (doc === RejectTaskMutation) return { rejectTask: answers.reject };
    if (doc === ChangeQuotaMutation) return { changeQuota: answers.quota };
    if (doc === ScorecardsQuery) return { scorecards: [] };
    throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
  });
  return calls;
}

const render = () =>
  renderWithProviders(
    <Routes>
      <Route path="/applications/:id" element={<ApplicationDetailPage />} />
    </Routes>,
    { route: '/applications/a1' },
  );

describe('ApplicationDetailPage', { timeout: 30_000 }, () => {
  it('shows the application in words, the step waiting and the diagram of the instance', async () => {
    session.permissions = ['APPLICATION_READ', 'APPROVAL_DECIDE'];
    api({ application: [application()] });
    render();
    expect(await screen.findByTestId('application-number', {}, SLOW)).toHaveTextContent('SQ2026120300000001');
    expect(screen.getByTestId('application-customer')).toHaveTextContent('张丽慧');
    expect(screen.getByTestId('application-customer').getAttribute('href')).toBe('/archives/c1');
    expect(screen.getByTestId('application-product')).toHaveTextContent('农e贷（第 1 版）');
    expect(screen.getByTestId('application-amount')).toHaveTextContent('¥120,000.00');
    expect(screen.getByTestId('application-summary')).toHaveTextContent('等额本息');
    expect(screen.getByTestId('application-rate')).toHaveTextContent('4.35%');
    expect(screen.getAllByTestId('application-status')[0]).toHaveTextContent('审批中');
    expect(screen.getByTestId('current-task-name')).toHaveTextContent('网点负责人审批');
    expect(screen.getByTestId('bpmn-diagram').dataset.current).toBe('branch_review');
    expect(screen.getByTestId('bpmn-diagram').dataset.done).toBe('start');
    expect(screen.getByTestId('history-action')).toHaveTextContent('提交申请');
    expect(screen.getByTestId('application-history')).toHaveTextContent('2026-12-03 15:08');
    // No codes on the page.
    expect(document.body.textContent).not.toMatch(/IN_APPROVAL|EQUAL_INSTALLMENT|SUBMITTED/);
    expect(screen.getByTestId('task-claim')).toBeInTheDocument();
    expect(screen.queryByTestId('task-release')).toBeNull();
    expect(screen.getByTestId('task-delegate')).toBeDisabled();
    expect(screen.queryByTestId('quota-card')).toBeNull();
  });

  it('approves with the requested amount by default, refuses more before sending, and reads the application again', async () => {
    session.permissions = ['APPLICATION_READ', 'APPROVAL_DECIDE'];
    const moved = application({
      tasks: [task({ status: 'DONE', viewerCan: { claim: false, release: false, decide: false } }), task({ id: 't2', elementId: 'bank_review', name: '信贷部审批', viewerCan: { claim: false, release: false, decide: false } })],
      process: { definition: { id: 'd1', key: 'MULTI_LEVEL', name: '多级审批（按金额分级）', version: 1 }, bpmnXml: '<xml/>', currentElements: ['bank_review'], completedElements: ['start', 'branch_review', 'gw_branch'] },
      approvedAmount: '100000.00',
      approvedTerm: 12,
    });
    const calls = api({ application: [application(), moved], approve: { task: { id: 't1', status: 'DONE' }, application: { id: 'a1', status: 'IN_APPROVAL' }, errors: [] } });
    render();
    fireEvent.click(await screen.findByTestId('task-approve', {}, SLOW));
    const amount = (await screen.findByRole('textbox', { name: '金额（元）' }, SLOW)) as HTMLInputElement;
    expect(amount.value).toBe('120000.00');
    fireEvent.change(amount, { target: { value: '130000' } });
    fireEvent.click(document.getElementById('action-confirm')!);
    expect(await screen.findByText('不能超过 120000.00 元', {}, SLOW)).toBeInTheDocument();
    expect(calls.some((c) => c.doc === ApproveTaskMutation)).toBe(false);
    fireEvent.change(amount, { target: { value: '100000' } });
    const rate = screen.getByRole('textbox', { name: '年利率（%）' }) as HTMLInputElement;
    expect(rate.value).toBe('4.35');
    fireEvent.change(rate, { target: { value: '7' } });
    fireEvent.click(document.getElementById('action-confirm')!);
    expect(await screen.findByText('年利率须在 3.85% 至 6.50% 之间', {}, SLOW)).toBeInTheDocument();
    fireEvent.change(rate, { target: { value: '4.35' } });
    fireEvent.change(document.getElementById('action_comment')!, { target: { value: '同意' } });
    fireEvent.click(document.getElementById('action-confirm')!);
    await waitFor(() => expect(calls.find((c) => c.doc === ApproveTaskMutation)?.variables).toEqual({ input: { id: 't1', amount: '100000', term: 12, rate: null, comment: '同意' } }), SLOW);
    await waitFor(() => expect(screen.getByTestId('bpmn-diagram').dataset.current).toBe('bank_review'), SLOW);
    expect(screen.getByTestId('current-task-name')).toHaveTextContent('信贷部审批');
    expect(screen.getByTestId('application-approved')).toHaveTextContent('¥100,000.00 · 12 个月');
    expect(screen.queryByTestId('task-approve')).toBeNull();
  });

  it("puts the API's refusal of a rejection on the reason", async () => {
    session.permissions = ['APPLICATION_READ', 'APPROVAL_DECIDE'];
    const refusal = { field: 'reason', code: 'REASON_REQUIRED', message: '拒绝须说明理由', messageEn: 'a reason is required' };
    api({ application: [application()], reject: { task: null, application: null, errors: [refusal] } });
    render();
    fireEvent.click(await screen.findByTestId('task-reject', {}, SLOW));
    await waitFor(() => expect(document.getElementById('action_reason')).not.toBeNull(), SLOW);
    fireEvent.click(document.getElementById('action-confirm')!);
    expect(await screen.findByText('必填', {}, SLOW)).toBeInTheDocument();
    fireEvent.change(document.getElementById('action_reason')!, { target: { value: '收入证明不足' } });
    fireEvent.click(document.getElementById('action-confirm')!);
    const message = await screen.findByText('拒绝须说明理由', {}, SLOW);
    expect(message.closest('.ant-form-item')).toContainElement(document.getElementById('action_reason'));
  });

  it('shows the quota when approved, with freeze and revoke for quota administrators', async () => {
    session.permissions = ['APPLICATION_READ', 'QUOTA_ADMIN'];
    const approved = application({
      status: 'APPROVED',
      tasks: [task({ status: 'DONE', viewerCan: { claim: false, release: false, decide: false } })],
      process: { definition: { id: 'd1', key: 'MULTI_LEVEL', name: '多级审批（按金额分级）', version: 1 }, bpmnXml: '<xml/>', currentElements: [], completedElements: ['start', 'branch_review', 'end'] },
      quota: { id: 'q1', productCode: 'NONG_E_DAI', status: 'ACTIVE', amount: '120000.00', usedAmount: '0.00', availableAmount: '120000.00', term: 12, rate: '4.35', repaymentMethod: 'EQUAL_INSTALLMENT', validFrom: '2026-12-03', validTo: '2027-12-03', createdAt: '2026-12-03T08:00:00Z', updatedAt: '2026-12-03T08:00:00Z' },
    });
    const calls = api({ application: [approved], quota: { quota: null, errors: [] } });
    render();
    const card = await screen.findByTestId('quota-card', {}, SLOW);
    expect(within(card).getByTestId('quota-status')).toHaveTextContent('有效');
    expect(within(card).getByTestId('quota-amount')).toHaveTextContent('¥120,000.00');
    expect(screen.queryByTestId('current-tasks')).toBeNull();
    expect(screen.queryByTestId('quota-unfreeze')).toBeNull();
    fireEvent.click(within(card).getByTestId('quota-freeze'));
    await waitFor(() => expect(document.getElementById('action_reason')).not.toBeNull(), SLOW);
    fireEvent.change(document.getElementById('action_reason')!, { target: { value: '客户涉诉，暂停用信' } });
    fireEvent.click(document.getElementById('action-confirm')!);
    await waitFor(() => expect(calls.find((c) => c.doc === ChangeQuotaMutation)?.variables).toEqual({ input: { id: 'q1', change: 'FREEZE', reason: '客户涉诉，暂停用信' } }), SLOW);
  });

  it('offers no quota buttons without QUOTA_ADMIN', async () => {
    session.permissions = ['APPLICATION_READ'];
    const approved = application({
      status: 'APPROVED',
      tasks: [],
      quota: { id: 'q1', productCode: 'NONG_E_DAI', status: 'ACTIVE', amount: '120000.00', usedAmount: '0.00', availableAmount: '120000.00', term: 12, rate: '4.35', repaymentMethod: 'EQUAL_INSTALLMENT', validFrom: '2026-12-03', validTo: '2027-12-03', createdAt: '2026-12-03T08:00:00Z', updatedAt: '2026-12-03T08:00:00Z' },
    });
    api({ application: [approved] });
    render();
    await screen.findByTestId('quota-card', {}, SLOW);
    expect(screen.queryByTestId('quota-freeze')).toBeNull();
  });
});
