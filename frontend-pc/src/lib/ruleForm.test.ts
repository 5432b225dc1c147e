import { describe, expect, it } from 'vitest';
import { SegmentJsonError, describeParams, formToRule, parseScalar, ruleErrorTarget, ruleToForm, type ApiRule } from './ruleForm';

const rule = (kind: string, params: Record<string, unknown>, extra: Partial<ApiRule> = {}): ApiRule => ({
  code: 'FZ_X',
  kind,
  severity: 'ERROR',
  enabled: true,
  messageZh: '中',
  messageEn: 'en',
  params,
  segment: null,
  overrides: null,
  overridable: false,
  ...extra,
});

describe('rule form', () => {
  it.each([
    ['REQUIRED', { field: 'customer.altPhone' }],
    ['PATTERN', { field: 'household.registerNo', pattern: '^HK\\d{4}$' }],
    ['RANGE', { field: 'household.size', min: 1, max: 12 }],
    ['RANGE', { field: 'customer.birthDate', min: '1930-01-01' }],
    ['ALLOWED_VALUES', { field: 'social.villageCreditRating', values: ['AAA', 'AA'] }],
    ['CONDITIONAL_REQUIRED', { if: { field: 'customer.maritalStatus', op: 'EQ', value: 'MARRIED' }, field: 'familyMembers.hasSpouse' }],
    ['CONDITIONAL_REQUIRED', { if: { field: 'business', op: 'PRESENT' }, field: 'business.creditCode' }],
    ['CONDITIONAL_REQUIRED', { if: { field: 'customer.education', op: 'IN', value: ['NONE', 'PRIMARY'] }, field: 'customer.altPhone' }],
    ['EXPRESSION', { expression: "!liabilities.exists(l, l.overdue) || social.villageCreditRating != ''" }],
    ['ID_CONSISTENCY', {}],
    ['REQUIRED_IMAGES', { kinds: ['ID_FRONT', 'HOUSE'] }],
    ['FRESHNESS', { months: 24 }],
  ])('round-trips a %s rule', (kind, params) => {
    const api = rule(kind, params, { segment: { field: 'business', op: 'PRESENT' }, overrides: kind === 'RANGE' ? 'BASE_HOUSEHOLD_SIZE' : null });
    const back = formToRule(ruleToForm(api));
    expect(back).toEqual({ ...api, params });
  });

  it('keeps whether reviewers may override the rule, off unless ticked', () => {
    const api = rule('EXPRESSION', { expression: 'income.total > 0.0' }, { overridable: true });
    expect(ruleToForm(api).overridable).toBe(true);
    expect(formToRule(ruleToForm(api)).overridable).toBe(true);
    expect(formToRule({ ...ruleToForm(api), overridable: undefined }).overridable).toBe(false);
    expect(ruleToForm(rule('REQUIRED', { field: 'customer.name' }, { overridable: undefined })).overridable).toBe(false);
  });

  it('upper-cases codes, parses numbers and refuses a bad segment', () => {
    const form = { ...ruleToForm(rule('RANGE', { field: 'household.size' })), code: ' fz_size ', min: ' 2 ', max: '' };
    expect(formToRule(form)).toMatchObject({ code: 'FZ_SIZE', params: { field: 'household.size', min: 2 } });
    expect(() => formToRule({ ...form, segment: '{"field":' })).toThrow(SegmentJsonError);
    expect(parseScalar('true')).toBe(true);
    expect(parseScalar('MARRIED')).toBe('MARRIED');
    expect(parseScalar(' ')).toBeNull();
  });

  it('locates errors on the rule and the field they name', () => {
    expect(ruleErrorTarget('rules[2].params.expression')).toEqual({ index: 2, field: 'expression' });
    expect(ruleErrorTarget('rules[0].params.if.field')).toEqual({ index: 0, field: 'condition' });
    expect(ruleErrorTarget('rules[1].code')).toEqual({ index: 1, field: 'code' });
    expect(ruleErrorTarget('rules[3]')).toEqual({ index: 3, field: 'code' });
    expect(ruleErrorTarget('name')).toBeNull();
  });

  it('describes parameters briefly', () => {
    expect(describeParams(rule('CONDITIONAL_REQUIRED', { if: { field: 'customer.maritalStatus', op: 'EQ', value: 'MARRIED' }, field: 'customer.altPhone' }))).toBe(
      'if customer.maritalStatus EQ "MARRIED"  customer.altPhone',
    );
    expect(describeParams(rule('RANGE', { field: 'household.size', min: 1, max: 20 }))).toBe('household.size  [1 .. 20]');
  });
});
