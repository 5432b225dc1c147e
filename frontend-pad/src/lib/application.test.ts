// The application form's device checks: the server's fields, codes and Chinese messages
// (backend/approvals/service.py), and what is sent.
import { describe, expect, it } from 'vitest';
import { currentStep, emptyApplication, fenToMoney, overRecommendation, padProducts, toFen, toSubmitInput, validateApplication, type ApplicationDraft, type Product } from './application';

const NONG_E_DAI: Product = {
  id: '1', code: 'NONG_E_DAI', name: '农e贷', status: 'ACTIVE', amountMin: '10000.00', amountMax: '500000.00', terms: [12, 24, 36],
  repaymentMethods: ['EQUAL_INSTALLMENT', 'INTEREST_FIRST', 'BULLET'], channels: ['BRANCH', 'PAD', 'MOBILE_BANKING'],
  eligibility: { preciseArchive: true, minGrade: 'B', noVeto: true, ageMin: 18, ageMax: 65 },
};

function filled(patch: Partial<ApplicationDraft> = {}): ApplicationDraft {
  return { ...emptyApplication(NONG_E_DAI, '17814.00'), amount: '15000', term: 12, repaymentMethod: 'EQUAL_INSTALLMENT', purpose: '购买化肥和种子', ...patch };
}

const codes = (d: ApplicationDraft, recommended: string | null = '17814.00') => validateApplication(d, NONG_E_DAI, recommended).map((e) => `${e.field}:${e.code}`);

describe('application form checks', () => {
  it('accepts a complete application within the recommended quota', () => {
    expect(validateApplication(filled(), NONG_E_DAI, '17814.00')).toEqual([]);
  });

  it('requires a product first', () => {
    expect(validateApplication({ ...filled(), productId: '' }, null, null)).toEqual([{ field: 'productId', code: 'REQUIRED', message: '请选择产品', messageEn: 'choose a product' }]);
  });

  it("checks the amount against the product's range, with the server's message", () => {
    const [low] = validateApplication(filled({ amount: '9999.99' }), NONG_E_DAI, null);
    expect(low).toMatchObject({ field: 'amount', code: 'AMOUNT_OUT_OF_RANGE', message: '申请金额须在10,000-500,000元之间' });
    expect(codes(filled({ amount: '500000.01' }), null)).toEqual(['amount:AMOUNT_OUT_OF_RANGE']);
    expect(codes(filled({ amount: '500000' }), null)).toEqual([]);
  });

  it('reads amounts as the server does: two decimals at most, separators and full-width digits allowed', () => {
    expect(toFen('15,000.5')).toBe(1_500_050);
    expect(toFen('１５０００')).toBe(1_500_000);
    expect([toFen('15000.123'), toFen('-1'), toFen('1e5'), toFen('')]).toEqual([null, null, null, null]);
    expect(codes(filled({ amount: '15000.123' }))).toEqual(['amount:INVALID_MONEY']);
    expect(fenToMoney(1_500_050)).toBe('15000.50');
  });

  it('requires a term and a repayment method the product offers', () => {
    expect(codes(filled({ term: null, repaymentMethod: null }))).toEqual(['term:TERM_NOT_OFFERED', 'repaymentMethod:REPAYMENT_REQUIRED']);
    const [term, repayment] = validateApplication(filled({ term: 60, repaymentMethod: 'EQUAL_PRINCIPAL' }), NONG_E_DAI, null);
    expect([term.message, repayment.code]).toEqual(['期限须为12、24、36个月之一', 'REPAYMENT_NOT_OFFERED']);
  });

  it('counts the purpose in characters (2-200), as the server does', () => {
    expect(codes(filled({ purpose: ' 肥 ' }))).toEqual(['purpose:PURPOSE_REQUIRED']);
    expect(codes(filled({ purpose: '𠀀𠀀' }))).toEqual([]); // two characters outside the BMP: four UTF-16 units
    expect(codes(filled({ purpose: '买'.repeat(201) }))).toEqual(['purpose:PURPOSE_REQUIRED']);
  });

  it('requires a reason of at least 5 characters above the recommended quota', () => {
    const over = filled({ amount: '20000' });
    expect(overRecommendation(over, '17814.00')).toBe(true);
    const [error] = validateApplication(over, NONG_E_DAI, '17814.00');
    expect(error).toEqual({
      field: 'overReason', code: 'OVER_REASON_REQUIRED', message: '申请金额超过推荐额度17,814元，须说明理由（至少5个字）',
      messageEn: 'an amount above the recommended quota needs a reason of at least 5 characters',
    });
    expect(codes({ ...over, overReason: '扩大种植' })).toEqual(['overReason:OVER_REASON_REQUIRED']);
    expect(codes({ ...over, overReason: '扩大茶园面积' })).toEqual([]);
    // The recommended quota itself is not "above" it; unknown (offline, never checked): the server judges.
    expect(codes(filled({ amount: '17814' }))).toEqual([]);
    expect(codes(over, null)).toEqual([]);
  });

  it("sends the tablet's id, the amount as Money, the PAD channel and a trimmed purpose", () => {
    expect(toSubmitInput('app-1', 'c-1', filled({ amount: '１５,０００', purpose: ' 购买化肥 ', overReason: ' ' }))).toEqual({
      id: 'app-1', customerId: 'c-1', productId: '1', amount: '15000.00', term: 12, repaymentMethod: 'EQUAL_INSTALLMENT', purpose: '购买化肥',
      overReason: null, channel: 'PAD', attachmentIds: [],
    });
  });

  it('offers the products on sale on the PAD only', () => {
    const branchOnly = { ...NONG_E_DAI, id: '2', channels: ['BRANCH' as const] };
    const retired = { ...NONG_E_DAI, id: '3', status: 'RETIRED' as const };
    expect(padProducts([NONG_E_DAI, branchOnly, retired]).map((p) => p.id)).toEqual(['1']);
  });

  it('names the step an application waits at from its open tasks', () => {
    expect(currentStep({ process: { currentElements: ['Task_branch'] }, tasks: [{ name: '提交', status: 'DONE' }, { name: '网点负责人审批', status: 'OPEN' }] })).toBe('网点负责人审批');
    expect(currentStep({ process: null, tasks: [{ name: '人工复核', status: 'SUSPENDED' }] })).toBe('人工复核');
    expect(currentStep({ process: null, tasks: [] })).toBe('');
  });
});
