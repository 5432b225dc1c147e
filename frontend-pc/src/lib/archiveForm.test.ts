import { describe, expect, it } from 'vitest';
import type { CustomerDetailFieldsFragment } from '../gql/graphql';
import { conflictFieldLabel, conflictRows, conflictValueLabel, consentToInput, customerToForm, extraToInput, formNameForError, formToInput, mergeEdits, regionPath } from './archiveForm';

const customer = {
  id: 'c1',
  version: 2,
  status: 'SUBMITTED',
  channel: 'PAD',
  name: '张建国',
  gender: 'MALE',
  birthDate: '1990-03-07',
  idNumber: '350102********1234',
  idExpiry: null,
  idLongTerm: true,
  ethnicity: '汉族',
  education: 'SENIOR',
  maritalStatus: 'MARRIED',
  health: 'GOOD',
  mobile: '13812345678',
  altPhone: null,
  returnReasons: null,
  submittedAt: null,
  verifiedAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  ecifCustomerNo: null,
  address: { regionCode: '350102', regionName: '鼓楼区', townshipCode: '350102001', villageCode: '350102001002', line: '东街1号' },
  household: { size: 4, registerNo: 'HK0001', isHead: true },
  familyMembers: [{ relation: 'SPOUSE', name: '李秀英', occupation: null, annualIncome: '36000.00', labourCapacity: 'FULL', idNumber: '350102********0024' }],
  land: { contractedMu: '12.50', rentedMu: '0.00', crops: ['水稻'] },
  livestock: [{ kind: 'PIG', count: 20, value: '40000.00' }],
  assets: [],
  income: { farming: '80000.00', business: '0.00', wages: '12000.50', other: '0.00', total: '92000.50' },
  liabilities: [{ lender: '农商银行', amount: '50000.00', overdue: false, overdueAmount: '0.00' }],
  business: null,
  social: { villageCreditRating: 'AA', remarks: null },
  consent: null,
  branch: { id: '5', name: '鼓楼支行', code: 'FJ-FZ-01' },
  manager: { id: '9', name: '赵国平', employeeNo: 'E00011' },
  extraFields: [
    { code: 'tea_garden_mu', definition: null, number: '3.5' },
    { code: 'poverty_exited', definition: null, flag: true },
  ],
  evaluation: null,
} as unknown as CustomerDetailFieldsFragment;

describe('archive form values', () => {
  it('derive the region cascader path from the codes', () => {
    expect(regionPath('350102', '350102001', '350102001002')).toEqual(['350000', '350100', '350102', '350102001', '350102001002']);
    expect(regionPath('350102', null, '350102001002')).toEqual(['350000', '350100', '350102']);
    expect(regionPath(null)).toEqual([]);
  });

  it('turn an archive into the input the API takes back unchanged (masked values included)', () => {
    const input = formToInput(customerToForm(customer));
    expect(input).toMatchObject({
      name: '张建国',
      idNumber: '350102********1234',
      idLongTerm: true,
      idExpiry: null,
      address: { regionCode: '350102', townshipCode: '350102001', villageCode: '350102001002', line: '东街1号' },
      household: { size: 4, registerNo: 'HK0001', isHead: true },
      familyMembers: [{ relation: 'SPOUSE', name: '李秀英', idNumber: '350102********0024', annualIncome: '36000.00', labourCapacity: 'FULL' }],
      land: { contractedMu: '12.50', rentedMu: null, crops: ['水稻'] },
      income: { farming: '80000.00', business: null, wages: '12000.50', other: null },
      liabilities: [{ lender: '农商银行', amount: '50000.00', overdue: false, overdueAmount: null }],
      business: null,
      social: { villageCreditRating: 'AA', remarks: null },
    });
  });

  it('send extra fields as text by their definitions', () => {
    const values = customerToForm(customer);
    expect(extraToInput(values.extra, ['tea_garden_mu', 'poverty_exited', 'cooperative'])).toEqual([
      { code: 'tea_garden_mu', value: '3.5' },
      { code: 'poverty_exited', value: 'true' },
      { code: 'cooperative', value: null },
    ]);
  });

  it('show address and extra-field errors on the fields that edit them', () => {
    expect(formNameForError(['address', 'villageCode'])).toEqual(['addressPath']);
    expect(formNameForError(['address', 'line'])).toEqual(['addressLine']);
    expect(formNameForError(['extraFields', 'tea_garden_mu'])).toEqual(['extra', 'tea_garden_mu']);
    expect(formNameForError(['familyMembers', 0, 'idNumber'])).toEqual(['familyMembers', 0, 'idNumber']);
  });
});

describe('consent', () => {
  const now = new Date('2026-03-01T02:00:00Z');
  const stored = { wordingVersion: 'v2024.1', consentedAt: '2026-01-05T01:30:00+00:00', channel: 'PAD', formImageRef: 'IMG-1', shareWithFederation: false };

  it('is recorded now with the share flag the customer chose', () => {
    const values = { ...customerToForm(customer), consentRecorded: true, consentShare: true };
    expect(consentToInput(values, 'v2024.1', now)).toEqual({
      wordingVersion: 'v2024.1', consentedAt: '2026-03-01T02:00:00.000Z', channel: 'PC', shareWithFederation: true,
    });
    expect(consentToInput({ ...values, consentRecorded: false }, 'v2024.1', now)).toBeNull();
  });

  it('keeps the stored record and sends it again only when the share flag changed', () => {
    const values = customerToForm({ ...customer, consent: stored });
    expect(values).toMatchObject({ consentRecorded: true, consentShare: false });
    expect(consentToInput(values, 'v2025.1', now)).toBeNull();
    expect(consentToInput({ ...values, consentShare: true }, 'v2025.1', now)).toEqual({ ...stored, shareWithFederation: true });
  });

  it('follows the server in a conflict unless I changed the flag', () => {
    const base = customerToForm({ ...customer, consent: stored });
    const server = customerToForm({ ...customer, consent: { ...stored, shareWithFederation: true } });
    expect(consentToInput(mergeEdits(base, base, server), 'v2024.1', now)).toBeNull();
    const otherEdit = customerToForm({ ...customer, mobile: '13912345678', consent: stored });
    expect(consentToInput(mergeEdits(base, { ...base, consentShare: true }, otherEdit), 'v2024.1', now)).toEqual({ ...stored, shareWithFederation: true });
  });
});

describe('version conflicts', () => {
  it('keep my changes and take the server for everything I did not touch', () => {
    const base = customerToForm(customer);
    const mine = { ...base, household: { ...base.household, size: 6 } };
    const server = { ...base, mobile: '13912345678', household: { ...base.household, registerNo: 'HK0002' } };
    const merged = mergeEdits(base, mine, server);
    expect(merged.mobile).toBe('13912345678');
    expect(merged.household).toEqual({ size: 6, registerNo: 'HK0002', isHead: true });
  });

  it('take lists whole: my edited list wins, an untouched one follows the server', () => {
    const base = customerToForm(customer);
    const mine = { ...base, livestock: [...(base.livestock ?? []), { kind: 'CATTLE', count: 2, value: null }] };
    const server = { ...base, familyMembers: [] };
    const merged = mergeEdits(base, mine, server);
    expect(merged.livestock).toHaveLength(2);
    expect(merged.familyMembers).toEqual([]);
  });

  it('list differences first with the merged result', () => {
    const base = customerToForm(customer);
    const server = formToInput({ ...base, mobile: '13912345678' });
    const mine = formToInput({ ...base, household: { ...base.household, size: 6 } });
    const merged = formToInput(mergeEdits(base, { ...base, household: { ...base.household, size: 6 } }, { ...base, mobile: '13912345678' }));
    const rows = conflictRows(server, mine, merged);
    expect(rows.slice(0, 2)).toEqual([
      { field: 'mobile', server: '13912345678', mine: '13812345678', result: '13912345678', changed: true },
      { field: 'household.size', server: '4', mine: '6', result: '6', changed: true },
    ]);
    expect(rows.find((r) => r.field === 'income.farming')).toMatchObject({ changed: false });
  });
});

describe('the version-conflict table in words', () => {
  const labels: Record<string, string> = { 'field.householdSize': '家庭人口', 'field.familyMembers': '家庭成员', 'field.relation': '关系', 'field.mobile': '手机号码' };
  const t = (k: string) => labels[k] ?? k;
  const has = (k: string) => k in labels;
  it('labels flat, nested and list fields, and leaves an unknown path as written', () => {
    expect(conflictFieldLabel('household.size', t, has)).toBe('家庭人口');
    expect(conflictFieldLabel('mobile', t, has)).toBe('手机号码');
    expect(conflictFieldLabel('familyMembers[1].relation', t, has)).toBe('家庭成员2 · 关系');
    expect(conflictFieldLabel('extraFields.FZ_X', t, has)).toBe('extraFields.FZ_X');
  });
  it('words enum values by their field, booleans as yes or no, other values as they are', () => {
    const label = (prefix: string, v: string) => `${prefix}:${v}`;
    const yesNo = (yes: boolean) => (yes ? '是' : '否');
    expect(conflictValueLabel('education', 'SENIOR', label, yesNo)).toBe('education:SENIOR');
    expect(conflictValueLabel('familyMembers[0].relation', 'SPOUSE', label, yesNo)).toBe('relation:SPOUSE');
    expect(conflictValueLabel('assets[0].kind', 'HOUSE', label, yesNo)).toBe('asset:HOUSE');
    expect(conflictValueLabel('livestock[0].kind', 'PIG', label, yesNo)).toBe('livestock:PIG');
    expect(conflictValueLabel('household.isHead', 'true', label, yesNo)).toBe('是');
    expect(conflictValueLabel('household.size', '6', label, yesNo)).toBe('6');
  });
});
