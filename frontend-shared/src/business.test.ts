import { describe, expect, it } from 'vitest';
import { amountOrBand, amountsWithheld, businessSummary, formatYuan } from './business';
import { enumLabel } from './labels';

describe('business figures', () => {
  it('are yuan with thousands separators and two decimals, never fen', () => {
    expect(formatYuan('65000.00')).toBe('¥65,000.00');
    expect(formatYuan('65000')).toBe('¥65,000.00');
    expect(formatYuan('1234567.5')).toBe('¥1,234,567.50');
    expect(formatYuan('0.00')).toBe('¥0.00');
    expect(formatYuan('-12.3')).toBe('-¥12.30');
    expect(formatYuan(null)).toBe('—');
  });

  it('show the band where the field policy withholds the figure', () => {
    expect(amountOrBand('65000.00', 'FROM_50K_TO_100K', 'zh')).toBe('¥65,000.00');
    expect(amountOrBand(null, 'FROM_50K_TO_100K', 'zh')).toBe('5万-10万元');
    expect(amountOrBand(null, 'NONE', 'zh')).toBe('无');
    expect(amountOrBand(null, 'OVER_1M', 'en')).toBe('Over ¥1M');
    expect(amountsWithheld({ depositBalance: null, loanBalance: null })).toBe(true);
    expect(amountsWithheld({ depositBalance: '0.00', loanBalance: null })).toBe(false);
  });

  it('fit in one line', () => {
    const b = { depositBalance: '65000.00', depositBand: 'FROM_50K_TO_100K', loanBalance: '120000.50', loanBand: 'FROM_100K_TO_500K', overdueDays: 12 };
    expect(businessSummary(b, 'zh')).toBe('存款 ¥65,000.00 · 贷款 ¥120,000.50 · 逾期 12 天');
    expect(businessSummary({ ...b, depositBalance: null, loanBalance: null }, 'zh')).toBe('存款 5万-10万元 · 贷款 10万-50万元 · 逾期 12 天');
    expect(businessSummary({ ...b, overdueDays: 1 }, 'en')).toBe('Deposits ¥65,000.00 · Loans ¥120,000.50 · Overdue 1 day');
  });

  it('have labels for the warehouse codes in words', () => {
    expect(enumLabel('WarehouseErrorCode', 'TRAILER_COUNT_MISMATCH', 'zh')).toBe('文件尾行记录数不符');
    expect(enumLabel('WarehouseRejectCode', 'INVALID_ID', 'zh')).toBe('身份证号码无效');
    expect(enumLabel('LoanClass', 'SUBSTANDARD', 'zh')).toBe('次级');
    expect(enumLabel('ServiceKind', 'POS', 'zh')).toBe('POS收单');
    expect(enumLabel('WarehouseImportStatus', 'REFUSED', 'zh')).toBe('已拒收');
  });
});
