import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { client } from '../api/client';
import { ApplicationCheckQuery, CustomerImagesQuery, ProductsQuery, SubmitApplicationMutation } from '../api/operations';
import { renderWithProviders } from '../test/render';
import { ApplyModal } from './ApplyModal';

afterEach(() => vi.restoreAllMocks());

const SLOW = { timeout: 5_000 };

const product = (id: string, name: string) => ({
  id, code: id === 'p1' ? 'NONG_E_DAI' : 'FU_E_DAI', version: 1, status: 'ACTIVE', name, description: null, amountMin: '1000.00', amountMax: '300000.00',
  terms: [12, 24], rateMin: '3.85', rateMax: '6.50', repaymentMethods: ['EQUAL_INSTALLMENT', 'BULLET'], channels: ['BRANCH'], sampleRate: 0,
  validFrom: '2026-01-01', validTo: null, createdBy: 'fz.admin', createdAt: '2026-01-01T00:00:00Z',
  eligibility: { preciseArchive: true, minGrade: null, noVeto: true, ageMin: 18, ageMax: 65, regions: [] }, processes: [{ maxAmount: null, processKey: 'MULTI_LEVEL' }], bank: null,
});

function api(check: Record<string, unknown>, submit?: unknown) {
  const calls: { doc: unknown; variables: unknown }[] = [];
  vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
    calls.push({ doc, variables });
    if (doc === ProductsQuery) return { products: [product('p1', '农e贷'), product('p2', '富e贷')] };
    if (doc === CustomerImagesQuery) return { customer: { id: 'c1', viewerCan: { deleteImage: false }, images: [] } };
    if (doc === ApplicationCheckQuery) return { applicationCheck: { product: { id: (variables as { productId: string }).productId }, ...check } };
    if (doc === SubmitApplicationMutation) return { submitApplication: submit };
    throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
  });
  return calls;
}

const render = () =>
  renderWithProviders(
    <Routes>
      <Route path="/" element={<ApplyModal open customer={{ id: 'c1', name: '石明俊' }} onClose={() => undefined} />} />
      <Route path="/applications/:id" element={<div data-testid="opened">opened</div>} />
    </Routes>,
  );

async function chooseProduct(name: string) {
  const select = await screen.findByRole('combobox', { name: '产品' }, SLOW);
  fireEvent.mouseDown(select);
  fireEvent.click(await screen.findByText((text) => text.startsWith(name), { selector: '.ant-select-item-option-content' }, SLOW));
}

describe('ApplyModal', { timeout: 30_000 }, () => {
  it("says why a customer may not apply, in the API's words, and offers no submit", async () => {
    api({ eligible: false, recommendedQuota: '0.00', rating: { score: 40, grade: 'D', gradeLabel: '不宜授信' }, reasons: [{ code: 'NOT_PRECISE', message: '档案未达到建档精准', messageEn: 'not precise' }] });
    render();
    await chooseProduct('农e贷');
    expect(await screen.findByTestId('apply-check', {}, SLOW)).toHaveTextContent('不符合准入条件');
    expect(screen.getByTestId('apply-reasons')).toHaveTextContent('档案未达到建档精准');
    expect(document.getElementById('apply-submit')).toBeDisabled();
    expect(screen.queryByRole('textbox', { name: '金额（元）' })).toBeNull();
  });

  it('prefills the recommended quota, wants a reason above it, submits and opens the application', async () => {
    const calls = api(
      { eligible: true, recommendedQuota: '80000.00', rating: { score: 82, grade: 'A', gradeLabel: '优秀' }, reasons: [] },
      { application: { id: 'new1', number: 'SQ2026120300000009', status: 'IN_APPROVAL' }, errors: [] },
    );
    render();
    await chooseProduct('农e贷');
    expect(await screen.findByTestId('apply-rating', {}, SLOW)).toHaveTextContent('评级 优秀（82 分），推荐额度 ¥80,000.00');
    const amount = (await screen.findByRole('textbox', { name: '金额（元）' }, SLOW)) as HTMLInputElement;
    await waitFor(() => expect(amount.value).toBe('80000.00'));
    fireEvent.change(amount, { target: { value: '120000' } });
    fireEvent.change(screen.getByRole('textbox', { name: '用途' }), { target: { value: '扩大茶园种植' } });
    const reason = await screen.findByRole('textbox', { name: '超推荐额度理由' }, SLOW);
    fireEvent.change(reason, { target: { value: '茶园' } });
    fireEvent.click(document.getElementById('apply-submit')!);
    expect(await screen.findByText('金额超过推荐额度，请说明理由（至少 5 个字）', {}, SLOW)).toBeInTheDocument();
    expect(calls.some((c) => c.doc === SubmitApplicationMutation)).toBe(false);
    fireEvent.change(reason, { target: { value: '新增茶园十亩，茶苗费用较高' } });
    fireEvent.click(document.getElementById('apply-submit')!);
    await screen.findByTestId('opened', {}, SLOW);
    expect(calls.find((c) => c.doc === SubmitApplicationMutation)?.variables).toEqual({
      input: { customerId: 'c1', productId: 'p1', amount: '120000', term: 12, repaymentMethod: 'EQUAL_INSTALLMENT', purpose: '扩大茶园种植', overReason: '新增茶园十亩，茶苗费用较高', attachmentIds: [], channel: 'BRANCH' },
    });
  });
});
