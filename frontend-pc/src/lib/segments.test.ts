import { describe, expect, it } from 'vitest';
import { translate, type Translate } from '../i18n';
import {
  adaptValue,
  builderProblems,
  builderToCondition,
  codeOptions,
  conditionToBuilder,
  describeCondition,
  errorTarget,
  fieldGroup,
  indexFields,
  opsFor,
  rankUnits,
  readableMessage,
  trendOption,
  valueKind,
  withField,
  withOp,
  type Builder,
  type ConditionRow,
  type SegmentField,
} from './segments';

const tr = (locale: 'zh' | 'en'): Translate => Object.assign((key: Parameters<Translate>[0], vars?: Record<string, string | number>) => translate(locale, key, vars), { locale });
const t = tr('zh');

// Some of what `segmentFields` answers (backend/marketing/segments.py, backend/rules/fields.py).
const FIELDS: SegmentField[] = [
  { path: 'biz.depositBalance', label: '存款余额(元)', type: 'NUMBER', presenceOnly: false },
  { path: 'biz.loanCount', label: '贷款笔数', type: 'NUMBER', presenceOnly: false },
  { path: 'rating.grade', label: '评级', type: 'STRING', presenceOnly: false },
  { path: 'customer.education', label: '文化程度', type: 'STRING', presenceOnly: false },
  { path: 'customer.age', label: '年龄', type: 'NUMBER', presenceOnly: false },
  { path: 'customer.mobile', label: '手机号码', type: 'STRING', presenceOnly: true },
  { path: 'customer.idExpiry', label: '证件有效期', type: 'DATE', presenceOnly: false },
  { path: 'customer.idLongTerm', label: '证件长期有效', type: 'BOOLEAN', presenceOnly: false },
  { path: 'business.industry', label: '行业', type: 'STRING', presenceOnly: false },
  { path: 'business', label: '经营信息', type: 'BOOLEAN', presenceOnly: false },
  { path: 'familyMembers', label: '家庭成员', type: 'COUNT', presenceOnly: false },
  { path: 'extra.land_cert', label: '土地确权证号', type: 'STRING', presenceOnly: false },
];
const index = indexFields(FIELDS);
const GRADES = { order: ['AAA', 'AA', 'A', 'D'], labels: { AAA: 'AAA（优秀）', AA: 'AA（较好）', A: 'A（良好）', D: 'D（不予授信）' } };
const strip = (b: Builder) => ({ combinator: b.combinator, rows: b.rows.map(({ field, op, value }) => ({ field, op, value })) });
const row = (field: string | undefined, op: string, value?: ConditionRow['value']): ConditionRow => ({ key: 'k', field, op, value });

describe('the condition builder: rows <-> condition JSON', () => {
  const DEMO = { all: [{ field: 'biz.depositBalance', op: 'GE', value: 50000 }, { field: 'biz.loanCount', op: 'EQ', value: 0 }] };

  it('loads one level of all/any into rows and writes the same condition back', () => {
    const { builder, editable } = conditionToBuilder(DEMO);
    expect(editable).toBe(true);
    expect(strip(builder)).toEqual({
      combinator: 'all',
      rows: [
        { field: 'biz.depositBalance', op: 'GE', value: 50000 },
        { field: 'biz.loanCount', op: 'EQ', value: 0 },
      ],
    });
    expect(builderToCondition(builder, index)).toEqual(DEMO);
    const any = { any: [{ field: 'customer.education', op: 'IN', value: ['JUNIOR', 'PRIMARY'] }, { field: 'customer.mobile', op: 'ABSENT' }] };
    const loaded = conditionToBuilder(any);
    expect(loaded.builder.combinator).toBe('any');
    expect(builderToCondition(loaded.builder, index)).toEqual(any);
  });

  it('takes a single field condition as a group of one, and starts a new model with one empty row', () => {
    const single = conditionToBuilder({ field: 'customer.age', op: 'LT', value: 60 });
    expect(single.editable).toBe(true);
    expect(builderToCondition(single.builder, index)).toEqual({ all: [{ field: 'customer.age', op: 'LT', value: 60 }] });
    const fresh = conditionToBuilder(null);
    expect(strip(fresh.builder)).toEqual({ combinator: 'all', rows: [{ field: undefined, op: 'EQ', value: undefined }] });
    expect(new Set([...fresh.builder.rows, ...conditionToBuilder(null).builder.rows].map((r) => r.key)).size).toBe(2);
  });

  it('does not edit a nested condition (shown in words instead)', () => {
    const nested = { all: [{ field: 'customer.age', op: 'GE', value: 18 }, { any: [{ field: 'rating.grade', op: 'EQ', value: 'AAA' }, { field: 'biz.loanCount', op: 'EQ', value: 0 }] }] };
    expect(conditionToBuilder(nested)).toEqual({ builder: { combinator: 'all', rows: [] }, editable: false });
    expect(conditionToBuilder({ all: [], any: [] }).editable).toBe(false);
    expect(describeCondition(nested, index, t, GRADES)).toBe('年龄 大于等于 18 且 （评级 等于 AAA（优秀） 或 贷款笔数 等于 0）');
  });

  it('writes numbers for number fields, trimmed texts, no value for presence, lists for 属于', () => {
    const builder: Builder = {
      combinator: 'any',
      rows: [
        row('customer.age', 'IN', ['30', ' 40 ', '三十']),
        row('business.industry', 'EQ', '  养殖 '),
        row('customer.mobile', 'PRESENT', 'left over'),
        row('customer.idLongTerm', 'EQ', false),
        row('customer.idExpiry', 'LT', '2027-01-01'),
        row('familyMembers', 'GE', '2'),
        row('customer.education', 'IN', 'JUNIOR'),
      ],
    };
    expect(builderToCondition(builder, index)).toEqual({
      any: [
        // A value that is no number goes as typed: the API answers WRONG_TYPE on that row's value.
        { field: 'customer.age', op: 'IN', value: [30, 40, '三十'] },
        { field: 'business.industry', op: 'EQ', value: '养殖' },
        { field: 'customer.mobile', op: 'PRESENT' },
        { field: 'customer.idLongTerm', op: 'EQ', value: false },
        { field: 'customer.idExpiry', op: 'LT', value: '2027-01-01' },
        { field: 'familyMembers', op: 'GE', value: 2 },
        { field: 'customer.education', op: 'IN', value: ['JUNIOR'] },
      ],
    });
  });

  it('finds rows without a field or a value before asking the API', () => {
    const builder: Builder = { combinator: 'all', rows: [row(undefined, 'EQ'), row('customer.age', 'GE'), row('customer.mobile', 'ABSENT'), row('customer.education', 'IN', []), row('customer.age', 'GE', 0)] };
    expect(builderProblems(builder, t)).toEqual({ 0: { field: ['请选择字段'] }, 1: { value: ['请填写取值'] }, 3: { value: ['请填写取值'] } });
  });
});

describe('fields, operators and values', () => {
  it('offers presence only for personal fields, comparisons for numbers and dates, 等于/不等于/属于 for texts', () => {
    expect(opsFor(index.get('customer.mobile'))).toEqual(['PRESENT', 'ABSENT']);
    expect(opsFor(index.get('customer.age'))).toEqual(['EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'IN', 'PRESENT', 'ABSENT']);
    expect(opsFor(index.get('customer.idExpiry'))).toContain('LT');
    expect(opsFor(index.get('customer.education'))).toEqual(['EQ', 'NE', 'IN', 'PRESENT', 'ABSENT']);
    expect(opsFor(index.get('customer.idLongTerm'))).toEqual(['EQ', 'NE']);
    // A stored condition's operator stays offered.
    expect(opsFor(index.get('customer.education'), 'GT')).toEqual(['EQ', 'NE', 'IN', 'PRESENT', 'ABSENT', 'GT']);
  });

  it('picks the input: a number, a date, 是/否, a code list (one or several), a text or tags', () => {
    expect(valueKind(index.get('customer.age'), 'GE', false)).toBe('number');
    expect(valueKind(index.get('customer.age'), 'IN', false)).toBe('tags');
    expect(valueKind(index.get('customer.idExpiry'), 'LT', false)).toBe('date');
    expect(valueKind(index.get('customer.idLongTerm'), 'EQ', false)).toBe('boolean');
    expect(valueKind(index.get('customer.education'), 'EQ', true)).toBe('choice');
    expect(valueKind(index.get('customer.education'), 'IN', true)).toBe('choices');
    expect(valueKind(index.get('business.industry'), 'NE', false)).toBe('text');
    expect(valueKind(index.get('customer.mobile'), 'PRESENT', false)).toBe('none');
  });

  it('shows code lists with their labels: education from the shared labels, grades from the card in force', () => {
    expect(codeOptions('customer.education', t)?.slice(0, 3)).toEqual([
      { value: 'NONE', label: '未受教育' },
      { value: 'PRIMARY', label: '小学' },
      { value: 'JUNIOR', label: '初中' },
    ]);
    expect(codeOptions('customer.education', tr('en'))?.[2]).toEqual({ value: 'JUNIOR', label: 'Junior high' });
    expect(codeOptions('customer.gender', t)).toEqual([{ value: 'MALE', label: '男' }, { value: 'FEMALE', label: '女' }]);
    expect(codeOptions('rating.grade', t, GRADES)?.map((o) => o.label)).toEqual(['AAA（优秀）', 'AA（较好）', 'A（良好）', 'D（不予授信）']);
    expect(codeOptions('business.industry', t)).toBeNull();
    expect(codeOptions(undefined, t)).toBeNull();
  });

  it('keeps what still fits when the operator or the field changes', () => {
    expect(adaptValue('choice', 'choices', 'JUNIOR')).toEqual(['JUNIOR']);
    expect(adaptValue('choices', 'choice', ['JUNIOR', 'PRIMARY'])).toBe('JUNIOR');
    expect(adaptValue('tags', 'number', ['30', '40'])).toBe(30);
    expect(adaptValue('number', 'tags', 30)).toEqual([30]);
    expect(adaptValue('number', 'none', 30)).toBeUndefined();
    expect(adaptValue('none', 'tags', undefined)).toEqual([]);
    expect(withOp(row('customer.education', 'EQ', 'JUNIOR'), 'IN', index.get('customer.education'), true).value).toEqual(['JUNIOR']);
    const hasCodes = (path: string | undefined) => path === 'customer.education';
    // Another number field keeps the number; a personal field offers presence only; a code list starts empty.
    expect(withField(row('customer.age', 'GE', 30), 'biz.loanCount', index, hasCodes)).toMatchObject({ field: 'biz.loanCount', op: 'GE', value: 30 });
    expect(withField(row('customer.age', 'GE', 30), 'customer.mobile', index, hasCodes)).toMatchObject({ field: 'customer.mobile', op: 'PRESENT', value: undefined });
    expect(withField(row('customer.age', 'IN', ['30']), 'customer.education', index, hasCodes)).toMatchObject({ op: 'IN', value: [] });
    expect(withField(row(undefined, 'EQ'), 'customer.idLongTerm', index, hasCodes)).toMatchObject({ op: 'EQ', value: undefined });
  });

  it('groups the fields: rating, quotas and business, contacts, archive, extra fields', () => {
    expect(FIELDS.map((f) => fieldGroup(f.path))).toEqual(['business', 'business', 'business', 'archive', 'archive', 'archive', 'archive', 'archive', 'archive', 'archive', 'archive', 'extra']);
    expect(['quota.available', 'contact.daysSinceLast', 'rating.score'].map(fieldGroup)).toEqual(['business', 'contact', 'business']);
  });
});

describe('refusals', () => {
  it('land next to the row part the path names, on the condition, or on the name', () => {
    expect(errorTarget('condition.all[1].value')).toEqual({ kind: 'row', index: 1, part: 'value' });
    expect(errorTarget('condition.any[0].op')).toEqual({ kind: 'row', index: 0, part: 'op' });
    expect(errorTarget('condition.all[2].field')).toEqual({ kind: 'row', index: 2, part: 'field' });
    expect(errorTarget('condition.all[3]')).toEqual({ kind: 'row', index: 3, part: 'row' });
    expect(errorTarget('condition')).toEqual({ kind: 'condition' });
    expect(errorTarget('condition.all[1].any[0].value')).toEqual({ kind: 'condition' });
    expect(errorTarget('name')).toEqual({ kind: 'form', name: 'name' });
    expect(errorTarget('id')).toEqual({ kind: 'general' });
    expect(errorTarget(null)).toEqual({ kind: 'general' });
  });

  it('name fields and types in words, never as paths or codes', () => {
    expect(readableMessage('取值与字段类型（NUMBER）不符', index, t)).toBe('取值与字段类型（数字）不符');
    expect(readableMessage('value does not fit the field type NUMBER', index, tr('en'))).toBe('value does not fit the field type Number');
    expect(readableMessage('您的角色不能按“biz.depositBalance”筛选客户', index, t)).toBe('您的角色不能按“存款余额(元)”筛选客户');
    expect(readableMessage('未知的档案字段“business”', index, t)).toBe('未知的档案字段“经营信息”');
    // Plain words that are also paths stay words unless quoted.
    expect(readableMessage('the business of biz.loanCount', index, tr('en'))).toBe('the business of 贷款笔数');
  });
});

describe('the condition in words', () => {
  it('uses field labels, operator words and value labels', () => {
    expect(describeCondition({ all: [{ field: 'biz.depositBalance', op: 'GE', value: 50000 }, { field: 'biz.loanCount', op: 'EQ', value: 0 }] }, index, t)).toBe(
      '存款余额(元) 大于等于 50000 且 贷款笔数 等于 0',
    );
    expect(describeCondition({ any: [{ field: 'customer.education', op: 'IN', value: ['JUNIOR', 'PRIMARY'] }, { field: 'customer.mobile', op: 'ABSENT' }] }, index, t)).toBe(
      '文化程度 属于 初中、小学 或 手机号码 未填写',
    );
    expect(describeCondition({ field: 'customer.idLongTerm', op: 'EQ', value: true }, index, tr('en'))).toBe('证件长期有效 equals Yes');
    // A field the caller's role may not see is not named.
    expect(describeCondition({ field: 'biz.wealthBalance', op: 'GT', value: 0 }, index, t)).toBe('您的角色不可见的字段 大于 0');
  });
});

describe('counts', () => {
  it('rank the branches most members first, with their share', () => {
    const ranked = rankUnits([
      { unit: { id: '5', name: '仓山支行' }, members: 10 },
      { unit: { id: '3', name: '鼓楼支行' }, members: 30 },
      { unit: { id: '4', name: '台江支行' }, members: 10 },
    ]);
    expect(ranked.map((r) => [r.rank, r.name, r.members])).toEqual([
      [1, '鼓楼支行', 30],
      [2, '仓山支行', 10],
      [3, '台江支行', 10],
    ]);
    expect(ranked[0].share).toBe(60);
    expect(rankUnits([])).toEqual([]);
  });

  it('draw the trend by day', () => {
    const option = trendOption([{ day: '2026-12-04', members: 12 }, { day: '2026-12-03', members: 9 }], '客户数') as { xAxis: { data: string[] }; series: { data: number[]; name: string }[] };
    expect(option.xAxis.data).toEqual(['2026-12-03', '2026-12-04']);
    expect(option.series[0]).toMatchObject({ name: '客户数', data: [9, 12] });
  });
});
