import { describe, expect, it } from 'vitest';
import { translate, type Translate } from '../i18n';
import { formatYuan } from '@cic/shared/business';
import {
  applyProblems,
  approvalCeiling,
  approveProblems,
  bandProblems,
  beijingTime,
  currentStep,
  diagramMarkers,
  doneFlows,
  fenToYuan,
  overRecommendation,
  productFormValues,
  productInput,
  timelineEntries,
  toFen,
  waitedFor,
} from './approvals';

const zh: Translate = Object.assign((key: Parameters<Translate>[0], vars?: Record<string, string | number>) => translate('zh', key, vars), { locale: 'zh' as const });
const en: Translate = Object.assign((key: Parameters<Translate>[0], vars?: Record<string, string | number>) => translate('en', key, vars), { locale: 'en' as const });

describe('money and time', () => {
  it('reads yuan strings as fen, exactly', () => {
    expect(toFen('120000.00')).toBe(12_000_000);
    expect(toFen('80000')).toBe(8_000_000);
    expect(toFen('12.5')).toBe(1250);
    expect(toFen(' 0.07 ')).toBe(7);
    expect(toFen('1.234')).toBeNull();
    expect(toFen('-5')).toBeNull();
    expect(toFen('abc')).toBeNull();
    expect(toFen('')).toBeNull();
    expect(toFen(null)).toBeNull();
    expect(fenToYuan(12_000_050)).toBe('120000.50');
    expect(fenToYuan(7)).toBe('0.07');
  });

  it('shows times in Beijing time whatever the zone of the browser', () => {
    expect(beijingTime('2026-12-03T07:08:43.571607+00:00')).toBe('2026-12-03 15:08');
    expect(beijingTime('2026-12-31T20:00:00Z', true)).toBe('2027-01-01 04:00:00');
    expect(beijingTime(null)).toBe('—');
    expect(beijingTime('not a time')).toBe('—');
  });

  it('says how long a task has waited', () => {
    const now = Date.parse('2026-12-05T10:00:00Z');
    expect(waitedFor('2026-12-03T07:30:00Z', zh, now)).toBe('已等待 2 天 2 小时');
    expect(waitedFor('2026-12-05T08:15:00Z', zh, now)).toBe('已等待 1 小时 45 分钟');
    expect(waitedFor('2026-12-05T09:59:50Z', en, now)).toBe('waiting 1 min');
  });
});

describe('the diagram', () => {
  const atBank = { completedElements: ['start', 'branch_review', 'gw_branch'], currentElements: ['bank_review'] };

  it('marks waiting steps current and the passed ones done, each once', () => {
    expect(diagramMarkers(atBank)).toEqual([
      { id: 'bank_review', marker: 'cic-current' },
      { id: 'start', marker: 'cic-done' },
      { id: 'branch_review', marker: 'cic-done' },
      { id: 'gw_branch', marker: 'cic-done' },
    ]);
  });

  it('keeps a step returned to current, and leaves out what the diagram does not draw', () => {
    const loop = { completedElements: ['start', 'review', 'review'], currentElements: ['review', 'review'] };
    expect(diagramMarkers(loop)).toEqual([
      { id: 'review', marker: 'cic-current' },
      { id: 'start', marker: 'cic-done' },
    ]);
    expect(diagramMarkers(atBank, (id) => id !== 'gw_branch').map((m) => m.id)).toEqual(['bank_review', 'start', 'branch_review']);
    expect(diagramMarkers(null)).toEqual([]);
  });

  it('marks an ended process all done, nothing current', () => {
    const ended = { completedElements: ['start', 'branch_review', 'gw_branch', 'bank_review', 'gw_bank', 'end_bank'], currentElements: [] };
    expect(diagramMarkers(ended).every((m) => m.marker === 'cic-done')).toBe(true);
    expect(diagramMarkers(ended)).toHaveLength(6);
  });

  it('marks the flows of the path taken', () => {
    const flows = [
      { id: 'f1', source: 'start', target: 'branch_review' },
      { id: 'f2', source: 'branch_review', target: 'gw_branch' },
      { id: 'f3', source: 'gw_branch', target: 'end_branch' },
      { id: 'f4', source: 'gw_branch', target: 'bank_review' },
      { id: 'f5', source: 'bank_review', target: 'gw_bank' },
    ];
    expect(doneFlows(flows, atBank)).toEqual(['f1', 'f2', 'f4']);
    expect(doneFlows(flows, null)).toEqual([]);
  });
});

describe('the history', () => {
  const history = [
    { id: '1', action: 'SUBMITTED', amount: '120000.00', term: 12, at: '2026-12-03T07:08:43Z', system: false, actor: { name: '赵国平' } },
    { id: '2', action: 'APPROVED', elementName: '网点负责人审批', amount: '100000.00', term: 12, rate: '4.35', comment: '同意', at: '2026-12-03T08:00:00Z', system: false, actor: { name: '王丽娟' } },
    { id: '3', action: 'DELEGATED', elementName: '信贷部审批', at: '2026-12-03T09:00:00Z', system: false, actor: { name: '潘晓燕' }, toUser: { name: '林志明' } },
    { id: '4', action: 'REJECTED', elementName: '信贷部审批', comment: '收入证明不足', at: '2026-12-03T10:00:00Z', system: false, actor: { name: '林志明' } },
    { id: '5', action: 'ESCALATED', elementName: '网点负责人审批', at: '2026-12-05T08:00:00Z', system: true, actor: null },
  ];

  it('names each step in words with the step, who, the amount and term, the comment and Beijing time', () => {
    const entries = timelineEntries(history, zh, formatYuan);
    expect(entries.map((e) => e.title)).toEqual(['提交申请', '审批通过 · 网点负责人审批', '转办 · 信贷部审批', '拒绝 · 信贷部审批', '超时上报 · 网点负责人审批']);
    expect(entries.map((e) => e.who)).toEqual(['赵国平', '王丽娟', '潘晓燕 → 林志明', '林志明', '系统']);
    expect(entries[1].amount).toBe('¥100,000.00 · 12 个月 · 年利率 4.35%');
    expect(entries[2].amount).toBeNull();
    expect(entries[1].comment).toBe('同意');
    expect(entries[0].at).toBe('2026-12-03 15:08');
    expect(entries.map((e) => e.color)).toEqual(['blue', 'green', 'blue', 'red', 'orange']);
  });

  it('in English too', () => {
    const entries = timelineEntries(history.slice(0, 2), en, formatYuan);
    expect(entries[1].title).toBe('Approved · 网点负责人审批');
    expect(entries[1].amount).toBe('¥100,000.00 · 12 months · rate 4.35%');
  });

  it('says the step an application waits at', () => {
    expect(currentStep([{ name: '网点负责人审批', status: 'DONE' }, { name: '信贷部审批', status: 'OPEN' }])).toBe('信贷部审批');
    expect(currentStep([{ name: '网点负责人审批', status: 'DONE' }])).toBe('—');
    expect(currentStep(null)).toBe('—');
  });
});

describe('the application form', () => {
  const product = { amountMin: '1000.00', amountMax: '300000.00', terms: [12, 24, 36], repaymentMethods: ['EQUAL_INSTALLMENT'] };
  const valid = { amount: '50000', term: 12, repaymentMethod: 'EQUAL_INSTALLMENT', purpose: '购买化肥' };
  const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

  it('takes a complete application within the recommendation', () => {
    expect(applyProblems(valid, product, '80000.00')).toEqual([]);
  });

  it('wants every field, an amount in the range and a term offered', () => {
    expect(fields(applyProblems({}, product, null))).toEqual(['amount', 'term', 'repaymentMethod', 'purpose']);
    expect(applyProblems({ ...valid, amount: '500' }, product, null)[0]).toMatchObject({ field: 'amount', key: 'appr.form.amountRange' });
    expect(applyProblems({ ...valid, amount: '1.005' }, product, null)[0]).toMatchObject({ field: 'amount', key: 'appr.form.amountInvalid' });
    expect(applyProblems({ ...valid, term: 18 }, product, null)[0]).toMatchObject({ field: 'term', key: 'appr.form.termNotOffered' });
    expect(applyProblems({ ...valid, purpose: '种' }, product, null)[0]).toMatchObject({ field: 'purpose', key: 'appr.form.purposeLength' });
  });

  it('wants a reason of five characters above the recommended quota', () => {
    expect(overRecommendation('80000.01', '80000.00')).toBe(true);
    expect(overRecommendation('80000', '80000.00')).toBe(false);
    expect(overRecommendation('80000', null)).toBe(false);
    const above = { ...valid, amount: '120000' };
    expect(fields(applyProblems(above, product, '80000.00'))).toEqual(['overReason']);
    expect(fields(applyProblems({ ...above, overReason: '扩大种植' }, product, '80000.00'))).toEqual(['overReason']);
    expect(applyProblems({ ...above, overReason: '扩大茶园种植' }, product, '80000.00')).toEqual([]);
  });
});

describe('the approve form', () => {
  it('defaults to what the previous level approved, else what was asked', () => {
    expect(approvalCeiling({ amount: '120000.00', term: 24, approvedAmount: null, approvedTerm: null })).toEqual({ amount: '120000.00', term: 24 });
    expect(approvalCeiling({ amount: '120000.00', term: 24, approvedAmount: '100000.00', approvedTerm: 12 })).toEqual({ amount: '100000.00', term: 12 });
  });

  it('refuses an amount or term above the ceiling, or nothing', () => {
    const ceiling = { amount: '100000.00', term: 12 };
    expect(approveProblems({ amount: '100000', term: 12 }, ceiling)).toEqual([]);
    expect(approveProblems({ amount: '100000.01', term: 12 }, ceiling)[0]).toMatchObject({ field: 'amount', key: 'appr.form.aboveCeiling' });
    expect(approveProblems({ amount: '0', term: 12 }, ceiling)[0]).toMatchObject({ field: 'amount', key: 'appr.form.amountInvalid' });
    expect(approveProblems({ amount: '5000', term: 24 }, ceiling)[0]).toMatchObject({ field: 'term', key: 'appr.form.termAboveCeiling' });
  });

  it("takes a rate within the product's range, or none (the priced one)", () => {
    const ceiling = { amount: '100000.00', term: 12 };
    const rates = { rateMin: '3.85', rateMax: '6.50' };
    expect(approveProblems({ amount: '100000', term: 12, rate: '4.35' }, ceiling, rates)).toEqual([]);
    expect(approveProblems({ amount: '100000', term: 12, rate: '' }, ceiling, rates)).toEqual([]);
    expect(approveProblems({ amount: '100000', term: 12, rate: '6.5' }, ceiling, rates)).toEqual([]);
    expect(approveProblems({ amount: '100000', term: 12, rate: '6.51' }, ceiling, rates)[0]).toMatchObject({ field: 'rate', key: 'appr.form.rateRange' });
    expect(approveProblems({ amount: '100000', term: 12, rate: '4.355' }, ceiling, rates)[0]).toMatchObject({ field: 'rate', key: 'appr.form.rateInvalid' });
  });
});

describe('the product form', () => {
  const product = {
    code: 'NONG_E_DAI', name: '农e贷', description: null, amountMin: '1000.00', amountMax: '300000.00', terms: [24, 12], rateMin: '3.85', rateMax: '6.50',
    repaymentMethods: ['EQUAL_INSTALLMENT', 'BULLET'], channels: ['BRANCH', 'PAD'], sampleRate: 5, validFrom: '2026-01-01', validTo: null,
    eligibility: { preciseArchive: true, minGrade: 'B', noVeto: true, ageMin: 18, ageMax: 65, regions: ['3501', '3502'] },
    processes: [{ maxAmount: '50000.00', processKey: 'STRAIGHT_THROUGH' }, { maxAmount: null, processKey: 'MULTI_LEVEL' }],
  };

  it('goes from a product to the form and back to ProductInput', () => {
    const values = productFormValues(product);
    expect(values.regions).toBe('3501\n3502');
    expect(values.processes).toEqual([{ maxAmount: '50000.00', processKey: 'STRAIGHT_THROUGH' }, { maxAmount: undefined, processKey: 'MULTI_LEVEL' }]);
    const input = productInput({ ...values, regions: '3501, 3502 \n3503', description: '  ' });
    expect(input.terms).toEqual([12, 24]);
    expect(input.description).toBeNull();
    expect(input.validTo).toBeNull();
    expect(input.eligibility).toEqual({ preciseArchive: true, minGrade: 'B', noVeto: true, ageMin: 18, ageMax: 65, regions: ['3501', '3502', '3503'] });
    expect(input.processes).toEqual([{ maxAmount: '50000.00', processKey: 'STRAIGHT_THROUGH' }, { maxAmount: null, processKey: 'MULTI_LEVEL' }]);
  });

  it('checks the bands: ascending limits, only the last one open, a process each', () => {
    expect(bandProblems(product.processes)).toEqual([]);
    expect(bandProblems([])).toEqual([{ field: 'processes', key: 'appr.product.bandsRequired' }]);
    expect(bandProblems([{ maxAmount: null, processKey: 'A' }, { maxAmount: '1000', processKey: 'B' }])[0]).toMatchObject({ field: 'processes.0.maxAmount', key: 'appr.product.bandOpenNotLast' });
    expect(bandProblems([{ maxAmount: '5000', processKey: 'A' }, { maxAmount: '5000', processKey: 'B' }])[0]).toMatchObject({ field: 'processes.1.maxAmount', key: 'appr.product.bandsAscending' });
    expect(bandProblems([{ maxAmount: null, processKey: '' }])[0]).toMatchObject({ field: 'processes.0.processKey', key: 'validation.required' });
  });
});
