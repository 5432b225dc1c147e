import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { client } from '../api/client';
import { DeleteScorecardMutation, SaveScorecardMutation, ScorecardQuery, ScorecardVariablesQuery, ScorecardsQuery } from '../api/operations';
import { renderWithProviders } from '../test/render';
import ScorecardEditorPage from './ScorecardEditorPage';

vi.mock('../components/Chart', () => ({ Chart: ({ testId }: { testId?: string }) => <div data-testid={testId} /> }));

// A bank admin of FZ (bank 2): RATING_ADMIN of the bank's cards.
const session = {
  me: { orgUnit: { id: '2', name: '福州农村商业银行', code: 'FJ-FZ', level: 'BANK', bankId: '2' }, user: { id: '4', name: '邓海峰' } },
  roles: ['BANK_ADMIN'],
  permissions: ['ARCHIVE_READ', 'RATING_ADMIN', 'CHANGE_READ', 'CHANGE_DECIDE'],
  can: () => true,
};
vi.mock('../session', () => ({ useSession: () => session }));

const SLOW = { timeout: 5_000 };

const province = {
  id: '1', name: '全省农户信用评分卡（1200分制）', version: 1, status: 'PUBLISHED', province: true, bankId: null, basePoints: 200, maxScore: 410,
  createdBy: 'system', createdAt: '2026-12-01T00:00:00Z', approvedBy: 'system', publishedAt: '2026-12-01T00:00:00Z', bank: null, pendingChange: null,
  items: [
    {
      code: 'INCOME', label: '家庭年收入(元)', variable: 'income.total', variableLabel: '家庭年收入(元)', kind: 'NUMERIC', maxPoints: 160,
      bins: [
        { label: '缺失', points: 0, min: null, max: null, values: null, missing: true },
        { label: '50000以下', points: 60, min: null, max: 50000, values: null, missing: false },
        { label: '50000及以上', points: 160, min: 50000, max: null, values: null, missing: false },
      ],
    },
    {
      code: 'EDUCATION', label: '文化程度', variable: 'customer.education', variableLabel: '文化程度', kind: 'CATEGORY', maxPoints: 50,
      bins: [
        { label: '缺失或其他', points: 10, min: null, max: null, values: null, missing: true },
        { label: '高中及以上', points: 50, min: null, max: null, values: ['SENIOR', 'COLLEGE'], missing: false },
      ],
    },
  ],
  grades: [
    { code: 'A', label: 'A（良好）', min: 600, quotaCap: 200000, incomeMultiple: 3, watch: false },
    { code: 'C', label: 'C（较差）', min: 0, quotaCap: 0, incomeMultiple: 0, watch: true },
  ],
  vetoes: ['BLACKLISTED', 'NOT_PRECISE'],
};

const VARIABLES = [
  { path: 'income.total', label: '家庭年收入(元)', numeric: true },
  { path: 'customer.education', label: '文化程度', numeric: false },
];

function api(saveAnswers: unknown[] = [], card: unknown = province) {
  const saves = vi.fn();
  vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
    if (doc === ScorecardsQuery) return { scorecards: [province] };
    if (doc === ScorecardQuery) return { scorecard: card };
    if (doc === ScorecardVariablesQuery) return { scorecardVariables: VARIABLES };
    if (doc === SaveScorecardMutation) {
      saves(variables);
      return { saveScorecard: saveAnswers.shift() };
    }
    throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
  });
  return saves;
}

function Where() {
  return <span data-testid="where">{useLocation().pathname}</span>;
}

function open(route: string) {
  renderWithProviders(
    <>
      <Routes>
        <Route path="/scorecards/:id" element={<ScorecardEditorPage />} />
      </Routes>
      <Where />
    </>,
    { route },
  );
}

const input = (id: string) => document.getElementById(id) as HTMLInputElement;

afterEach(() => vi.restoreAllMocks());

describe('ScorecardEditorPage', { timeout: 30_000 }, () => {
  it('copies the card in force into a new draft; the best possible score follows the points', async () => {
    api();
    open('/scorecards/new');
    await screen.findByTestId('scorecard-copied-from', {}, SLOW);
    expect(screen.getByTestId('scorecard-copied-from')).toHaveTextContent('全省农户信用评分卡（1200分制）（第 1 版，省联社评分卡）');
    expect(screen.getByTestId('scorecard-scope')).toHaveTextContent('福州农村商业银行');
    expect(input('scorecard-name').value).toBe('全省农户信用评分卡（1200分制）');
    expect(screen.getByTestId('max-score')).toHaveTextContent('410');
    // The copy as loaded: nothing to lose yet.
    expect(screen.getByTestId('scorecard-clean')).toHaveTextContent('尚未修改');
    fireEvent.click(screen.getAllByTestId('toggle-bins')[0]);
    fireEvent.change(await waitFor(() => input('bin-points-0-2')), { target: { value: '100' } });
    await waitFor(() => expect(screen.getByTestId('max-score')).toHaveTextContent('350'));
    expect(screen.getByTestId('scorecard-dirty')).toHaveTextContent('有未保存的修改');
    // Back to the points as loaded: no change left.
    fireEvent.change(input('bin-points-0-2'), { target: { value: '160' } });
    await waitFor(() => expect(screen.getByTestId('scorecard-clean')).toHaveTextContent('尚未修改'));
    fireEvent.change(input('bin-points-0-2'), { target: { value: '100' } });
    fireEvent.change(input('scorecard-base'), { target: { value: '1150' } });
    await waitFor(() => expect(screen.getByTestId('max-score-help')).toHaveTextContent('最高分 1300 超过 1200 分'));
  });

  it("shows the API's errors on the field and row they name, and opens the bins they are about", async () => {
    const errors = [
      { field: 'basePoints', code: 'SCORE_ABOVE_MAX', message: '基础分加各项最高分超过1200分', messageEn: 'too high' },
      { field: 'items[0].bins[1].points', code: 'OUT_OF_RANGE', message: '数值小于允许的最小值', messageEn: 'below the minimum' },
      { field: 'items[1].bins', code: 'CATEGORIES_OVERLAP', message: '每个分类分箱须列出取值，且不能与其他分箱重复', messageEn: 'overlap' },
      { field: 'items[1].code', code: 'INVALID', message: '内容不符合要求', messageEn: 'bad code' },
      { field: 'grades', code: 'TOO_SHORT', message: '内容过短', messageEn: 'too short' },
    ];
    const saves = api([{ scorecard: null, errors }]);
    open('/scorecards/new');
    await screen.findByTestId('scorecard-copied-from', {}, SLOW);
    fireEvent.click(screen.getByTestId('save-scorecard'));
    await screen.findByTestId('scorecard-error-count', {}, SLOW);
    expect(screen.getByTestId('scorecard-error-count')).toHaveTextContent('请按提示修改 5 处错误');
    // The input went out as the card's copy, as a new draft.
    expect(saves).toHaveBeenCalledTimes(1);
    const sent = saves.mock.calls[0][0].input;
    expect(sent).toMatchObject({ id: null, name: province.name, basePoints: 200, vetoes: ['BLACKLISTED', 'NOT_PRECISE'] });
    expect(sent.items[1].bins[1]).toEqual({ label: '高中及以上', points: 50, min: null, max: null, values: ['SENIOR', 'COLLEGE'], missing: false });
    // basePoints: on its field.
    expect(input('scorecard-base').closest('.ant-form-item')).toHaveTextContent('基础分加各项最高分超过1200分');
    // items[0].bins[1].points: under that bin's points, its bins opened, its row marked.
    const points = input('bin-points-0-1');
    expect(points.closest('td')).toHaveTextContent('数值小于允许的最小值');
    expect(points.closest('tr')).toHaveClass('cic-row-error');
    // items[1].bins: above the second item's bins; items[1].code: under its code.
    const bins = screen.getAllByTestId('bins-editor').find((el) => el.dataset.item === '1')!;
    expect(within(bins).getByTestId('bins-error')).toHaveTextContent('每个分类分箱须列出取值，且不能与其他分箱重复');
    expect(input('item-code-1').closest('td')).toHaveTextContent('内容不符合要求');
    expect(input('item-code-1').closest('tr')).toHaveClass('cic-row-error');
    expect(input('item-code-0').closest('td')).not.toHaveTextContent('内容不符合要求');
    // grades: above the grades table.
    expect(screen.getByTestId('grades-error')).toHaveTextContent('内容过短');
    expect(screen.getByTestId('where')).toHaveTextContent('/scorecards/new');
  });

  it('refuses an emptied number before asking the API, on its field', async () => {
    const saves = api();
    open('/scorecards/new');
    await screen.findByTestId('scorecard-copied-from', {}, SLOW);
    fireEvent.click(screen.getAllByTestId('toggle-bins')[1]);
    fireEvent.change(await waitFor(() => input('bin-points-1-1')), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('save-scorecard'));
    await waitFor(() => expect(input('bin-points-1-1').closest('td')).toHaveTextContent('必填'), SLOW);
    expect(saves).not.toHaveBeenCalled();
  });

  it('moves a saved new draft to its address and says it is saved', async () => {
    const saved = { ...province, id: '9', status: 'DRAFT', province: false, bankId: '2', bank: { id: '2', name: '福州农村商业银行' }, approvedBy: null, publishedAt: null, createdBy: 'fz.admin' };
    api([{ scorecard: saved, errors: [] }], saved);
    open('/scorecards/new');
    await screen.findByTestId('scorecard-copied-from', {}, SLOW);
    fireEvent.click(screen.getByTestId('save-scorecard'));
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/scorecards/9'), SLOW);
    expect(await screen.findByText('所有修改已保存', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByTestId('scorecard-status')).toHaveTextContent('草稿');
  });

  it('asks before leaving unsaved edits: staying keeps them; after a save it leaves without asking', async () => {
    const saved = { ...province, id: '9', name: '福州农商行评分卡', status: 'DRAFT', province: false, bankId: '2', bank: { id: '2', name: '福州农村商业银行' }, approvedBy: null, publishedAt: null, createdBy: 'fz.admin' };
    api([{ scorecard: saved, errors: [] }], saved);
    open('/scorecards/new');
    await screen.findByTestId('scorecard-copied-from', {}, SLOW);
    fireEvent.change(input('scorecard-name'), { target: { value: '福州农商行评分卡' } });
    fireEvent.click(screen.getByTestId('scorecard-back'));
    await screen.findByText('评分卡有未保存的修改，离开后将丢失。', {}, SLOW);
    fireEvent.click(document.getElementById('leave-cancel')!);
    await waitFor(() => expect(screen.queryByText('评分卡有未保存的修改，离开后将丢失。')).toBeNull(), SLOW);
    expect(screen.getByTestId('where')).toHaveTextContent('/scorecards/new');
    expect(input('scorecard-name').value).toBe('福州农商行评分卡');
    // Saved: the move to its address and the way back ask nothing.
    fireEvent.click(screen.getByTestId('save-scorecard'));
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/scorecards/9'), SLOW);
    expect(await screen.findByTestId('scorecard-clean', {}, SLOW)).toHaveTextContent('所有修改已保存');
    fireEvent.click(screen.getByTestId('scorecard-back'));
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent(/^\/scorecards$/), SLOW);
    expect(screen.queryByText('评分卡有未保存的修改，离开后将丢失。')).toBeNull();
  });

  it('opens a published card read only', async () => {
    api();
    open('/scorecards/1');
    await screen.findByTestId('scorecard-read-only', {}, SLOW);
    expect(screen.getByTestId('scorecard-status')).toHaveTextContent('已发布');
    expect(input('scorecard-name')).toBeDisabled();
    expect(input('item-code-0')).toBeDisabled();
    expect(screen.queryByTestId('scorecard-save-bar')).toBeNull();
    expect(screen.queryByTestId('scorecard-dry-run')).toBeNull();
  });

  it('deletes a saved draft once confirmed and goes back to the list', async () => {
    const draft = { ...province, id: '9', status: 'DRAFT', province: false, bankId: '2', bank: { id: '2', name: '福州农村商业银行' }, approvedBy: null, publishedAt: null, createdBy: 'fz.admin' };
    const deletes = vi.fn();
    vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
      if (doc === ScorecardsQuery) return { scorecards: [province, draft] };
      if (doc === ScorecardQuery) return { scorecard: draft };
      if (doc === ScorecardVariablesQuery) return { scorecardVariables: VARIABLES };
      if (doc === DeleteScorecardMutation) {
        deletes(variables);
        return { deleteScorecard: { errors: [] } };
      }
      throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
    });
    open('/scorecards/9');
    fireEvent.click(await screen.findByTestId('delete-scorecard', {}, SLOW));
    await waitFor(() => expect(document.getElementById('delete-confirm')).not.toBeNull(), SLOW);
    expect(deletes).not.toHaveBeenCalled();
    fireEvent.click(document.getElementById('delete-confirm')!);
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent(/^\/scorecards$/), SLOW);
    expect(deletes).toHaveBeenCalledWith({ id: '9' });
    expect(await screen.findByText('草稿已删除', {}, SLOW)).toBeInTheDocument();
  });
});
