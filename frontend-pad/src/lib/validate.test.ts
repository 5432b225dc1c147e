import { describe, expect, it } from 'vitest';
import { emptyBusiness, emptyDraft, emptyFamilyMember, toArchiveInput, type ArchiveDraft } from './archive';
import { errorKey, labourDefault, liveErrors, validCreditCode, validate, withMemberIdNumber } from './validate';

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

  it('reads identifiers typed through a Chinese IME (full-width digits, Ｘ) as the server does', () => {
    expect(codes(draft({ mobile: '１３８１２３４５６７８', altPhone: '０５９１-８７６５４３２１', idNumber: '１１０１０５１９４９１２３１００２ｘ' }))).toEqual([]);
    const spouse = { ...emptyFamilyMember(), relation: 'SPOUSE' as const, name: '李秀英', idNumber: '３５０１０２１９９００１０１００１６' };
    // The family member's full-width number is the customer's own.
    expect(codes(draft({ familyMembers: [spouse] }))).toEqual(['familyMembers[0].idNumber:SAME_AS_CUSTOMER']);
    expect(codes(draft({ business: { ...emptyBusiness(), name: '茶叶合作社', creditCode: '９１３５０１００Ｍ０００１００Ｙ４３' } }))).toEqual([]);
  });

  it('refuses other digits (Arabic-Indic, mixed scripts) with the server\'s code and message', () => {
    const errors = validate(draft({ mobile: '١٣٨١٢٣٤٥٦٧٨', altPhone: '138١٢٣٤5678', idNumber: '٣٥٠١٠٢١٩٩٠٠١٠١٠٠١٦' }), [], TODAY);
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual(['idNumber:NON_ASCII_CHARACTERS', 'mobile:NON_ASCII_CHARACTERS', 'altPhone:NON_ASCII_CHARACTERS']);
    expect(errors.map((e) => e.message)).toEqual(Array(3).fill('只能使用半角数字和字母'));
    expect(codes(draft({ business: { ...emptyBusiness(), name: '茶叶合作社', creditCode: '۹۱۳۵۰۱۰۰M000100Y43' } }))).toEqual(['business.creditCode:NON_ASCII_CHARACTERS']);
  });

  it('sends identifiers in their canonical ASCII form', () => {
    const input = toArchiveInput(
      draft({
        idNumber: '１１０１０５１９４９１２３１００２ｘ',
        mobile: ' １３８１２３４５６７８ ',
        address: { regionCode: '３５０１０２', townshipCode: '', villageCode: '', line: '东街１号' },
        familyMembers: [{ ...emptyFamilyMember(), name: '李秀英', idNumber: '３５０１０２９００１０１００１' }],
        business: { ...emptyBusiness(), name: '茶叶合作社', creditCode: '９１３５０１００ｍ０００１００ｙ４３' },
      }),
    );
    expect(input).toMatchObject({
      idNumber: '11010519491231002X',
      mobile: '13812345678',
      address: { regionCode: '350102', townshipCode: null, line: '东街１号' }, // free text stays as typed
      familyMembers: [{ idNumber: '350102900101001' }],
      business: { creditCode: '91350100M000100Y43' },
    });
  });

  it('normalizes error keys', () => {
    expect(errorKey('familyMembers[2].idNumber')).toBe('familyMembers.2.idNumber');
  });
});

describe('labour capacity from the age in the ID number', () => {
  const CHILD_ID = '35010220160101001X'; // born 2016-01-01: 10 on TODAY
  const ADULT_ID = '350102199001010016';

  it('is none for a minor, full from 16, unknown without a readable number', () => {
    expect(labourDefault(CHILD_ID, TODAY)).toBe('NONE');
    expect(labourDefault(ADULT_ID, TODAY)).toBe('FULL');
    expect(labourDefault('', TODAY)).toBeNull();
    expect(labourDefault('350102********001X', TODAY)).toBeNull();
    expect(labourDefault('350102199001010017', TODAY)).toBeNull(); // bad check digit
  });

  it('follows the ID number typed for a new member, not 完全 for a child', () => {
    const child = withMemberIdNumber(emptyFamilyMember(), CHILD_ID, TODAY);
    expect([child.relation, child.labourCapacity]).toEqual(['CHILD', 'NONE']);
    // A typo fixed: the number now says an adult, and the default follows.
    expect(withMemberIdNumber(child, ADULT_ID, TODAY).labourCapacity).toBe('FULL');
    // Half typed: the default stays what it was.
    expect(withMemberIdNumber(child, CHILD_ID.slice(0, 10), TODAY).labourCapacity).toBe('NONE');
  });

  it('never overwrites what the manager picked', () => {
    const picked = { ...emptyFamilyMember(), labourCapacity: 'PARTIAL' as const };
    expect(withMemberIdNumber(picked, CHILD_ID, TODAY).labourCapacity).toBe('PARTIAL');
    const adultPickedNone = { ...withMemberIdNumber(emptyFamilyMember(), ADULT_ID, TODAY), labourCapacity: 'NONE' as const };
    expect(withMemberIdNumber(adultPickedNone, '350102199001020012', TODAY).labourCapacity).toBe('NONE');
  });
});

describe('inline messages of the fields left', () => {
  it('shows only the checks of touched fields, and drops a message once the value is right', () => {
    const bad = draft({ idNumber: '350102199001010017', mobile: '1381234' });
    expect(liveErrors(bad, [], new Set(), TODAY)).toEqual([]);
    expect(liveErrors(bad, [], new Set(['idNumber']), TODAY).map((e) => `${e.field}:${e.code}:${e.message}`)).toEqual(['idNumber:ID_INVALID_CHECKSUM:身份证号码校验位错误，请核对']);
    expect(liveErrors(draft({ mobile: '1381234' }), [], new Set(['idNumber', 'mobile']), TODAY).map((e) => e.code)).toEqual(['INVALID_MOBILE']);
    expect(liveErrors(draft(), [], new Set(['idNumber', 'mobile']), TODAY)).toEqual([]);
    // A family member's field by its error key.
    const member = { ...emptyFamilyMember(), name: '陈小明', idNumber: '350102199001010017' };
    expect(liveErrors(draft({ familyMembers: [member] }), [], new Set(['familyMembers.0.idNumber']), TODAY).map((e) => e.field)).toEqual(['familyMembers[0].idNumber']);
  });
});
