import { describe, expect, it } from 'vitest';
import { translate, type Translate } from '../i18n';
import { ruleSummary } from './ruleSummary';
import { indexFields } from './segments';

const zh: Translate = Object.assign((key: Parameters<Translate>[0], vars?: Record<string, string | number>) => translate('zh', key, vars), { locale: 'zh' as const });
const fields = indexFields([
  { path: 'customer.maritalStatus', label: '婚姻状况', type: 'STRING', presenceOnly: false },
  { path: 'customer.age', label: '年龄', type: 'NUMBER', presenceOnly: false },
  { path: 'familyMembers.hasSpouse', label: '配偶信息', type: 'BOOLEAN', presenceOnly: false },
  { path: 'business', label: '经营信息', type: 'BOOLEAN', presenceOnly: false },
  { path: 'household.size', label: '家庭人口', type: 'NUMBER', presenceOnly: false },
  { path: 'customer.education', label: '文化程度', type: 'STRING', presenceOnly: false },
]);
const CODE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{4,}\b/;

describe('a rule in words', () => {
  it.each([
    [{ kind: 'REQUIRED', params: { field: 'customer.maritalStatus' } }, '婚姻状况 须填写'],
    [{ kind: 'RANGE', params: { field: 'household.size', min: 1, max: 20 } }, '家庭人口 须在 1 至 20 之间'],
    [{ kind: 'ALLOWED_VALUES', params: { field: 'customer.education', values: ['PRIMARY', 'JUNIOR'] } }, '文化程度 须为 小学、初中 之一'],
    [
      { kind: 'CONDITIONAL_REQUIRED', params: { if: { all: [{ field: 'customer.age', op: 'GE', value: 60 }, { any: [{ field: 'customer.maritalStatus', op: 'EQ', value: 'MARRIED' }, { field: 'business', op: 'EQ', value: true }] }] }, field: 'familyMembers.hasSpouse' } },
      '当 年龄 大于等于 60 且 （婚姻状况 等于 已婚 或 经营信息 等于 是） 时，配偶信息 须填写',
    ],
    [{ kind: 'REQUIRED_IMAGES', params: { kinds: ['ID_FRONT', 'VISIT_PHOTO'] } }, '须有影像：'],
    [{ kind: 'FRESHNESS', params: { months: 24 } }, '24 个月内须复核'],
    [{ kind: 'REQUIRED', params: { field: 'customer.age' }, segment: { field: 'business', op: 'PRESENT' } }, '年龄 须填写；适用于：经营信息 已填写'],
  ])('%j', (rule, text) => {
    const words = ruleSummary({ segment: null, ...rule }, fields, zh);
    expect(words.startsWith(text)).toBe(true);
    expect(CODE.test(words), words).toBe(false);
  });
});
