import { describe, expect, it } from 'vitest';
import { emptyDraft, emptyFamilyMember, type ArchiveDraft } from './archive';
import { errorKey, validCreditCode, validate } from './validate';

const TODAY = '2026-06-01';
function draft(patch: Partial<ArchiveDraft> = {}): ArchiveDraft {
  return { ...emptyDraft(), name: '陈建国', idNumber: '350102199001010016', mobile: '13812345678', ...patch };
}
const codes = (d: ArchiveDraft) => validate(d, [], TODAY).map((e) => `${e.field}:${e.code}`);

describe('device-side validation', () => {
  it('accepts a plain valid archive', () => {
    expect(codes(draft())).toEqual([]);
  });

  it('puts ID errors on the ID field with the server code', () => {
    expect(codes(draft({ idNumber: '350102199001010017' }))).toEqual(['idNumber:ID_INVALID_CHECKSUM']);
    expect(codes(draft({ idNumber: '35010220160101001X' }))).toEqual(['idNumber:AGE_OUT_OF_RANGE']);
    expect(codes(draft({ idNumber: '350102********0016' }))).toEqual([]); // masked: unchanged
  });

  it('checks family members, money and liabilities with input paths', () => {
    const spouse = { ...emptyFamilyMember(), relation: 'SPOUSE' as const, name: '李秀英', idNumber: '350102199001010016' };
    const d = draft({
      familyMembers: [spouse, { ...spouse, idNumber: '', annualIncome: '12.345' }],
      liabilities: [{ lender: '农商行', amount: '100', overdue: true, overdueAmount: '200' }],
      mobile: '12345',
    });
    expect(codes(d)).toEqual([
      'mobile:INVALID_MOBILE',
      'familyMembers[0].idNumber:SAME_AS_CUSTOMER',
      'familyMembers[1].relation:MULTIPLE_SPOUSES',
      'familyMembers[1].annualIncome:INVALID_MONEY',
      'liabilities[0].overdueAmount:OVERDUE_EXCEEDS_AMOUNT',
    ]);
  });

  it('checks credit codes (GB 32100) and extra fields', () => {
    expect(validCreditCode('91350100M000100Y43')).toBe(true);
    expect(validCreditCode('91350100M000100Y44')).toBe(false);
    const errors = validate(draft({ extraFields: { tea_garden_mu: '20000' } }), [
      { code: 'tea_garden_mu', labelZh: '茶园面积', labelEn: 'Tea', kind: 'NUMBER', required: false, minValue: '0', maxValue: '10000' },
      { code: 'cooperative', labelZh: '合作社', labelEn: 'Coop', kind: 'CHOICE', required: true, choices: ['否'] },
    ], TODAY);
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual(['extraFields.tea_garden_mu:OUT_OF_RANGE', 'extraFields.cooperative:REQUIRED']);
  });

  it('normalizes error keys', () => {
    expect(errorKey('familyMembers[2].idNumber')).toBe('familyMembers.2.idNumber');
  });
});
