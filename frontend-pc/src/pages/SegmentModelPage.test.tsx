import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { ApiError, client } from '../api/client';
import { SaveSegmentModelMutation, ScorecardsQuery, SegmentFieldsQuery, SegmentModelMembersQuery, SegmentModelQuery } from '../api/operations';
import type { SegmentModelQuery as SegmentModelResult } from '../gql/graphql';
import { renderWithProviders } from '../test/render';
import { SegmentModelDrawer } from '../components/segments';
import SegmentModelPage from './SegmentModelPage';

vi.mock('../components/Chart', () => ({ Chart: ({ testId }: { testId?: string }) => <div data-testid={testId} /> }));

// A province analyst: MODEL_ADMIN of the province's models, no business amounts (field policy).
const session = {
  me: { orgUnit: { id: '1', name: '福建省农村信用社联合社', code: 'FJ', level: 'PROVINCE', bankId: null }, user: { id: '3', name: '陈分析' } },
  roles: ['PROVINCE_ANALYST'],
  permissions: ['ARCHIVE_READ', 'MODEL_READ', 'MODEL_ADMIN'],
  can: (p: string) => session.permissions.includes(p),
};
vi.mock('../session', () => ({ useSession: () => session }));

const SLOW = { timeout: 5_000 };

const FIELDS = [
  { path: 'biz.loanCount', label: '贷款笔数', type: 'NUMBER', presenceOnly: false },
  { path: 'customer.education', label: '文化程度', type: 'STRING', presenceOnly: false },
  { path: 'customer.age', label: '年龄', type: 'NUMBER', presenceOnly: false },
  { path: 'customer.mobile', label: '手机号码', type: 'STRING', presenceOnly: true },
];

const model = {
  id: '7', name: '存款5万元以上、无贷款', description: '可推荐农e贷的优质存款客户', reminder: '推荐农e贷', fields: ['biz.depositBalance', 'biz.loanCount'], status: 'ACTIVE', version: 1,
  condition: { all: [{ field: 'biz.depositBalance', op: 'GE', value: 50000 }, { field: 'biz.loanCount', op: 'EQ', value: 0 }] },
  expression: 'biz.depositBalance >= 50000 && biz.loanCount == 0',
  createdAt: '2026-12-04T01:40:00Z', updatedAt: '2026-12-04T01:40:00Z', evaluatedAt: '2026-12-04T01:40:00Z',
  owner: { id: '1', name: '福建省农村信用社联合社', level: 'PROVINCE' }, viewerCanEdit: true, memberCount: 42,
  countsByUnit: [
    { unit: { id: '12', name: '福州农商行仓山支行', code: 'FJ-FZ-02' }, members: 12 },
    { unit: { id: '11', name: '福州农商行鼓楼支行', code: 'FJ-FZ-01' }, members: 30 },
  ],
  trend: [{ day: '2026-12-04', members: 42 }],
} satisfies NonNullable<SegmentModelResult['segmentModel']>;

function api(answers: { members?: unknown; saves?: unknown[] } = {}) {
  const saves = vi.fn();
  vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
    if (doc === SegmentFieldsQuery) return { segmentFields: FIELDS };
    if (doc === ScorecardsQuery) return { scorecards: [] };
    if (doc === SegmentModelQuery) return { segmentModel: model };
    if (doc === SegmentModelMembersQuery) {
      if (answers.members instanceof Error) throw answers.members;
      return answers.members;
    }
    if (doc === SaveSegmentModelMutation) {
      saves(variables);
      return { saveSegmentModel: answers.saves?.shift() };
    }
    throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
  });
  return saves;
}

afterEach(() => vi.restoreAllMocks());

describe('SegmentModelPage', () => {
  it('shows the counts, the ranking and, for a model testing a field the role may not see, why there is no member list', async () => {
    const forbidden = new ApiError('the model filters on biz.depositBalance, which your role may not see', 'FORBIDDEN', [], '该模型按您的角色不可见的字段筛选，不能查看名单');
    api({ members: forbidden });
    renderWithProviders(
      <Routes>
        <Route path="/segments/:id" element={<SegmentModelPage />} />
      </Routes>,
      { route: '/segments/7' },
    );
    expect(await screen.findByTestId('segment-members-forbidden', {}, SLOW)).toHaveTextContent('该模型按您的角色不可见的字段筛选，不能查看名单');
    expect(screen.queryByTestId('segment-members')).toBeNull();
    expect(screen.getByTestId('segment-name')).toHaveTextContent('存款5万元以上、无贷款');
    expect(screen.getByTestId('segment-member-count')).toHaveTextContent('42');
    expect(screen.getByTestId('segment-owner')).toHaveTextContent('福建省农村信用社联合社省联社');
    // Most members first, whatever the order the rows came in.
    const rows = screen.getAllByTestId('segment-unit-row');
    expect(rows.map((r) => within(r).getAllByRole('cell')[1].textContent)).toEqual(['福州农商行鼓楼支行', '福州农商行仓山支行']);
    expect(within(rows[0]).getByTestId('segment-unit-members')).toHaveTextContent('30');
    // The condition in words; a field the analyst's role may not see is not named.
    await waitFor(() => expect(screen.getByTestId('segment-condition')).toHaveTextContent('您的角色不可见的字段 大于等于 50000 且 贷款笔数 等于 0'));
    expect(screen.getByTestId('segment-evaluate')).toBeInTheDocument();
    expect(screen.getByTestId('segment-trend')).toBeInTheDocument();
    expect(screen.getByTestId('segment-reminder')).toHaveTextContent('推荐农e贷');
  }, 20_000);

  it('lists the members with masked ID numbers and links to their archives', async () => {
    const node = { id: 'c1', name: '林建国', idNumber: '350102********1234', status: 'VERIFIED', blacklisted: false, branch: { id: '11', name: '福州农商行鼓楼支行' }, manager: { id: '9', name: '王经理' } };
    api({ members: { segmentModel: { id: '7', members: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ cursor: 'a', node }] } } } });
    renderWithProviders(
      <Routes>
        <Route path="/segments/:id" element={<SegmentModelPage />} />
      </Routes>,
      { route: '/segments/7' },
    );
    const link = await screen.findByTestId('segment-member-link', {}, SLOW);
    expect(link).toHaveTextContent('林建国');
    expect(link).toHaveAttribute('href', '/archives/c1');
    const table = screen.getByTestId('segment-members');
    expect(within(table).getByText('350102********1234')).toHaveClass('cic-masked');
    expect(within(table).getByText('已审核')).toBeInTheDocument();
    expect(within(table).getByText('王经理')).toBeInTheDocument();
  }, 20_000);
});

describe('SegmentModelDrawer', () => {
  it('builds the condition from rows and saves it', async () => {
    const saved = { ...model, id: '8', name: '初中及以下文化程度', condition: { all: [{ field: 'customer.education', op: 'IN', value: ['JUNIOR', 'PRIMARY'] }] }, memberCount: 5 };
    const saves = api({ saves: [{ model: saved, errors: [] }] });
    const onSaved = vi.fn();
    renderWithProviders(<SegmentModelDrawer model={null} onClose={() => undefined} onSaved={onSaved} />);
    fireEvent.change(await screen.findByLabelText('模型名称', {}, SLOW), { target: { value: '初中及以下文化程度' } });
    const row = screen.getByTestId('condition-row');
    fireEvent.mouseDown(within(row).getAllByRole('combobox')[0]);
    fireEvent.click(await screen.findByText('文化程度', { selector: '.ant-select-item-option-content' }, SLOW));
    fireEvent.mouseDown(within(row).getAllByRole('combobox')[1]);
    fireEvent.click(await screen.findByText('属于', { selector: '.ant-select-item-option-content' }, SLOW));
    fireEvent.mouseDown(within(row).getAllByRole('combobox')[2]);
    fireEvent.click(await screen.findByText('初中', { selector: '.ant-select-item-option-content' }, SLOW));
    fireEvent.click(await screen.findByText('小学', { selector: '.ant-select-item-option-content' }, SLOW));
    fireEvent.click(screen.getByTestId('segment-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(saves).toHaveBeenCalledWith({
      input: {
        id: null, name: '初中及以下文化程度', description: null, reminder: null, expression: null,
        condition: { all: [{ field: 'customer.education', op: 'IN', value: ['JUNIOR', 'PRIMARY'] }] },
      },
    });
  }, 60_000); // a dozen pickers and typed values through jsdom: about 10 s alone, three times that on a loaded 2-core machine

  it("shows the API's refusals next to the row they name, in words", async () => {
    const errors = [
      { field: 'condition.all[1].value', code: 'WRONG_TYPE', message: '取值与字段类型（NUMBER）不符', messageEn: 'value does not fit the field type NUMBER' },
      { field: 'condition', code: 'FIELD_NOT_VISIBLE', message: '您的角色不能按“biz.depositBalance”筛选客户', messageEn: 'your role may not filter on biz.depositBalance' },
    ];
    const existing = { ...model, condition: { any: [{ field: 'biz.loanCount', op: 'EQ', value: 0 }, { field: 'customer.age', op: 'IN', value: ['三十'] }] } };
    const saves = api({ saves: [{ model: null, errors }] });
    renderWithProviders(<SegmentModelDrawer model={existing} onClose={() => undefined} onSaved={() => undefined} />);
    const rows = await screen.findAllByTestId('condition-row', {}, SLOW);
    expect(rows).toHaveLength(2);
    await waitFor(() => expect(within(rows[0]).getByText('贷款笔数')).toBeInTheDocument());
    expect(within(rows[1]).getByText('三十')).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('segment-save'));
    expect(await within(rows[1]).findByTestId('condition-error', {}, SLOW)).toHaveTextContent('取值与字段类型（数字）不符');
    expect(within(rows[0]).queryByTestId('condition-error')).toBeNull();
    expect(screen.getByTestId('condition-errors')).toHaveTextContent('您的角色不能按“biz.depositBalance”筛选客户');
    expect(saves).toHaveBeenCalledWith({
      input: {
        id: '7', name: '存款5万元以上、无贷款', description: '可推荐农e贷的优质存款客户', reminder: '推荐农e贷', expression: null,
        condition: { any: [{ field: 'biz.loanCount', op: 'EQ', value: 0 }, { field: 'customer.age', op: 'IN', value: ['三十'] }] },
      },
    });
    expect(document.body.textContent).not.toMatch(/WRONG_TYPE|FIELD_NOT_VISIBLE/);
  }, 20_000);

  it('opens a nested condition in CEL, which the builder cannot show, and saves the edited expression', async () => {
    const nested = { all: [{ field: 'customer.age', op: 'GE', value: 18 }, { any: [{ field: 'customer.mobile', op: 'PRESENT' }, { field: 'biz.loanCount', op: 'EQ', value: 0 }] }] };
    const expression = 'customer.age >= 18 && (has(customer.mobile) || biz.loanCount == 0)';
    const refusal = { field: 'expression', code: 'EXPRESSION_UNSUPPORTED', message: '模型表达式只支持比较、in、has()、&& 与 ||（第1行第1列）', messageEn: 'expected a comparison' };
    const saves = api({ saves: [{ model: null, errors: [refusal] }, { model: { ...model, condition: nested, expression }, errors: [] }] });
    renderWithProviders(<SegmentModelDrawer model={{ ...model, condition: nested, expression }} onClose={() => undefined} onSaved={() => undefined} />);
    const text = (await screen.findByTestId('condition-expression', {}, SLOW)) as HTMLTextAreaElement;
    expect(text.value).toBe(expression);
    expect(screen.queryByTestId('condition-builder')).toBeNull();
    fireEvent.change(text, { target: { value: 'customer.age + 1 >= 18' } });
    fireEvent.click(screen.getByTestId('segment-save'));
    expect(await within(screen.getByTestId('condition-cel')).findByTestId('condition-error', {}, SLOW)).toHaveTextContent('模型表达式只支持比较、in、has()、&& 与 ||');
    expect(saves.mock.calls[0][0].input).toMatchObject({ condition: null, expression: 'customer.age + 1 >= 18' });
    fireEvent.change(text, { target: { value: expression } });
    fireEvent.click(screen.getByTestId('segment-save'));
    await waitFor(() => expect(saves).toHaveBeenCalledTimes(2));
    expect(saves.mock.calls[1][0].input).toMatchObject({ condition: null, expression });
    expect(document.body.textContent).not.toMatch(/EXPRESSION_UNSUPPORTED/);
  }, 20_000);
});
