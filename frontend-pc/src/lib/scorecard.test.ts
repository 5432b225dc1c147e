import { describe, expect, it } from 'vitest';
import { translate, type Translate } from '../i18n';
import type { ScorecardFieldsFragment } from '../gql/graphql';
import {
  addBin,
  administersCard,
  canAdministerScorecards,
  cardErrorTarget,
  cardInForce,
  cardToDraft,
  cardsInForce,
  categoryOptions,
  draftToInput,
  errorCount,
  groupCardErrors,
  itemMaxPoints,
  itemsWithErrors,
  maxScore,
  missingNumbers,
  withVariable,
} from './scorecard';

const tr = (locale: 'zh' | 'en'): Translate => Object.assign((key: Parameters<Translate>[0], vars?: Record<string, string | number>) => translate(locale, key, vars), { locale });

// Two items of the shipped province card (backend/rating/province_card.json), as `scorecard` answers them.
const card: ScorecardFieldsFragment = {
  id: '1', name: '全省农户信用评分卡（1200分制）', version: 1, status: 'PUBLISHED', province: true, bankId: null, basePoints: 200, maxScore: 410,
  createdBy: 'system', createdAt: '2026-12-01T00:00:00Z', approvedBy: 'system', publishedAt: '2026-12-01T00:00:00Z', bank: null, pendingChange: null,
  items: [
    {
      code: 'INCOME', label: '家庭年收入(元)', variable: 'income.total', variableLabel: '家庭年收入(元)', kind: 'NUMERIC', maxPoints: 160,
      bins: [
        { label: '缺失', points: 0, min: null, max: null, values: null, missing: true },
        { label: '20000以下', points: 20, min: null, max: 20000, values: null, missing: false },
        { label: '20000至50000', points: 60, min: 20000, max: 50000, values: null, missing: false },
        { label: '50000及以上', points: 160, min: 50000, max: null, values: null, missing: false },
      ],
    },
    {
      code: 'EDUCATION', label: '文化程度', variable: 'customer.education', variableLabel: '文化程度', kind: 'CATEGORY', maxPoints: 50,
      bins: [
        { label: '缺失或其他', points: 10, min: null, max: null, values: null, missing: true },
        { label: '初中及以下', points: 20, min: null, max: null, values: ['NONE', 'PRIMARY', 'JUNIOR'], missing: false },
        { label: '高中及以上', points: 50, min: null, max: null, values: ['SENIOR', 'COLLEGE'], missing: false },
      ],
    },
  ],
  grades: [
    { code: 'AAA', label: 'AAA（特优）', min: 1000, quotaCap: 500000, incomeMultiple: 5, watch: false },
    { code: 'C', label: 'C（较差）', min: 0, quotaCap: 0, incomeMultiple: 0, watch: true },
  ],
  vetoes: ['BLACKLISTED', 'NOT_PRECISE'],
};

describe('a card copied into a draft', () => {
  it('keeps every item, bin, grade and veto, and goes back into the same SaveScorecardInput', () => {
    const draft = cardToDraft(card);
    expect(draft.name).toBe(card.name);
    expect(draft.items.map((i) => i.bins.length)).toEqual([4, 3]);
    expect(new Set([...draft.items.map((i) => i.key), ...draft.items.flatMap((i) => i.bins.map((b) => b.key))]).size).toBe(9);
    const input = draftToInput(draft, null);
    expect(input).toEqual({
      id: null,
      name: card.name,
      basePoints: 200,
      items: card.items.map(({ code, label, variable, kind, bins }) => ({ code, label, variable, kind, bins })),
      grades: card.grades,
      vetoes: ['BLACKLISTED', 'NOT_PRECISE'],
    });
  });

  it('is a copy: editing the draft leaves the card alone', () => {
    const draft = cardToDraft(card);
    draft.items[0].bins[3].points = 150;
    draft.items[1].bins[2].values.push('BACHELOR');
    draft.vetoes.pop();
    expect(card.items[0].bins[3].points).toBe(160);
    expect(card.items[1].bins[2].values).toEqual(['SENIOR', 'COLLEGE']);
    expect(card.vetoes).toHaveLength(2);
  });

  it('sends a bin only what its kind uses, trimmed, with the draft id', () => {
    const draft = cardToDraft(card);
    draft.name = '  本行评分卡 ';
    draft.items[0].bins[1].values = ['stray'];
    draft.items[1].bins[1].min = 3;
    draft.items[1].bins[0].values = ['X'];
    const input = draftToInput(draft, '7');
    expect(input.id).toBe('7');
    expect(input.name).toBe('本行评分卡');
    expect(input.items[0].bins[1]).toEqual({ label: '20000以下', points: 20, min: null, max: 20000, values: null, missing: false });
    expect(input.items[1].bins[1]).toEqual({ label: '初中及以下', points: 20, min: null, max: null, values: ['NONE', 'PRIMARY', 'JUNIOR'], missing: false });
    expect(input.items[1].bins[0]).toEqual({ label: '缺失或其他', points: 10, min: null, max: null, values: null, missing: true });
  });
});

describe('the best possible score', () => {
  it('is the base points plus each item’s best bin, live as points change', () => {
    const draft = cardToDraft(card);
    expect(maxScore(draft)).toBe(410);
    expect(itemMaxPoints(draft.items[0])).toBe(160);
    draft.items[0].bins[3].points = 100; // the best bin is now 100
    expect(maxScore(draft)).toBe(350);
    draft.items[0].bins[3].points = null; // an emptied field counts as 0
    expect(itemMaxPoints(draft.items[0])).toBe(60);
    draft.basePoints = null;
    expect(maxScore(draft)).toBe(110);
    expect(maxScore({ basePoints: 1000, items: [{ bins: [{ points: 150 }, { points: 201 }] }] })).toBe(1201);
  });
});

describe('editing items', () => {
  it('follows the variable’s kind, keeping the missing bin and the label', () => {
    const draft = cardToDraft(card);
    const education = draft.items[1];
    const numeric = withVariable(education, { path: 'customer.age', label: '年龄', numeric: true });
    expect(numeric).toMatchObject({ variable: 'customer.age', kind: 'NUMERIC', label: '文化程度' });
    expect(numeric.bins).toHaveLength(2);
    expect(numeric.bins[0]).toMatchObject({ missing: true, label: '缺失或其他', points: 10, values: [] });
    expect(numeric.bins[1]).toMatchObject({ missing: false, min: null, max: null });
    // Same kind: the bins stay; an empty label takes the variable's.
    const same = withVariable({ ...education, label: '' }, { path: 'customer.maritalStatus', label: '婚姻状况', numeric: false });
    expect(same.bins).toBe(education.bins);
    expect(same.label).toBe('婚姻状况');
  });

  it('adds a range after the last one, starting where it ends', () => {
    const draft = cardToDraft(card);
    const income = addBin({ ...draft.items[0], bins: draft.items[0].bins.slice(0, 3) }); // missing, <20000, 20000-50000
    expect(income.bins.map((b) => [b.min, b.max])).toEqual([[null, null], [null, 20000], [20000, 50000], [50000, null]]);
    const education = addBin(draft.items[1]);
    expect(education.bins).toHaveLength(4);
    expect(education.bins[3]).toMatchObject({ min: null, values: [], missing: false });
  });

  it('refuses empty numbers before the API at the paths it would name', () => {
    const draft = cardToDraft(card);
    draft.basePoints = null;
    draft.items[1].bins[2].points = null;
    draft.grades[0].quotaCap = null;
    expect(missingNumbers(draft).map((e) => e.field)).toEqual(['basePoints', 'items[1].bins[2].points', 'grades[0].quotaCap']);
    expect(missingNumbers(cardToDraft(card))).toEqual([]);
  });

  it('offers the values of a category variable in words', () => {
    expect(categoryOptions('customer.education', false, tr('zh')).slice(0, 2)).toEqual([
      { value: 'NONE', label: '未受教育' },
      { value: 'PRIMARY', label: '小学' },
    ]);
    expect(categoryOptions('biz.worstClass', false, tr('en')).map((o) => o.label)).toContain('Loss');
    expect(categoryOptions('liabilities.overdue', false, tr('zh'))).toEqual([
      { value: 'true', label: '是' },
      { value: 'false', label: '否' },
    ]);
    expect(categoryOptions('business.industry', false, tr('zh'))).toEqual([]);
  });
});

describe("the API's field paths", () => {
  it('point at the card, an item, a bin or a grade', () => {
    expect(cardErrorTarget('name')).toEqual({ kind: 'card', field: 'name' });
    expect(cardErrorTarget('basePoints')).toEqual({ kind: 'card', field: 'basePoints' });
    expect(cardErrorTarget('grades')).toEqual({ kind: 'card', field: 'grades' });
    expect(cardErrorTarget('items')).toEqual({ kind: 'card', field: 'items' });
    expect(cardErrorTarget('vetoes')).toEqual({ kind: 'card', field: 'vetoes' });
    expect(cardErrorTarget('items[0].variable')).toEqual({ kind: 'item', index: 0, field: 'variable' });
    expect(cardErrorTarget('items[2].bins')).toEqual({ kind: 'item', index: 2, field: 'bins' });
    expect(cardErrorTarget('items[3]')).toEqual({ kind: 'item', index: 3, field: 'code' });
    expect(cardErrorTarget('items[2].bins[1].points')).toEqual({ kind: 'bin', index: 2, bin: 1, field: 'points' });
    expect(cardErrorTarget('input.items[10].bins[0].label')).toEqual({ kind: 'bin', index: 10, bin: 0, field: 'label' });
    expect(cardErrorTarget('grades[3].incomeMultiple')).toEqual({ kind: 'grade', index: 3, field: 'incomeMultiple' });
    expect(cardErrorTarget('id')).toBeNull();
    expect(cardErrorTarget('sample')).toBeNull();
    expect(cardErrorTarget(null)).toBeNull();
  });

  it('group the errors by what they are about, in the UI’s language', () => {
    const errors = groupCardErrors(
      [
        { field: 'name', code: 'REQUIRED', message: '此项不能为空', messageEn: 'this field cannot be empty' },
        { field: 'items[0].code', code: 'INVALID', message: '内容不符合要求', messageEn: 'bad code' },
        { field: 'items[2].bins', code: 'RANGES_GAP_OR_OVERLAP', message: '各区间须首尾相接', messageEn: 'ranges must follow each other' },
        { field: 'items[1].bins[1].points', code: 'OUT_OF_RANGE', message: '数值小于允许的最小值', messageEn: 'value below the minimum' },
        { field: 'grades', code: 'TOO_SHORT', message: '内容过短', messageEn: 'too short' },
        { field: 'grades[1].min', code: 'OUT_OF_RANGE', message: '超出范围', messageEn: 'out of range' },
        { field: 'id', code: 'PUBLISH_PENDING', message: '发布申请待复核', messageEn: 'publication pending' },
      ],
      'en',
    );
    expect(errors.card).toEqual({ name: ['this field cannot be empty'], grades: ['too short'] });
    expect(errors.items).toEqual({ 0: { code: ['bad code'] }, 2: { bins: ['ranges must follow each other'] } });
    expect(errors.bins).toEqual({ '1.1': { points: ['value below the minimum'] } });
    expect(errors.grades).toEqual({ 1: { min: ['out of range'] } });
    expect(errors.general).toEqual(['publication pending']);
    expect(errorCount(errors)).toBe(7);
    // The items whose bins editor opens: their own errors and their bins'.
    expect(itemsWithErrors(errors)).toEqual([0, 1, 2]);
  });
});

describe('who administers which card, and which is in force', () => {
  const province = { id: '1', status: 'PUBLISHED', province: true, bankId: null };
  const fz = { id: '2', status: 'PUBLISHED', province: false, bankId: '2' };
  const fzDraft = { id: '3', status: 'DRAFT', province: false, bankId: '2' };
  const qz = { id: '4', status: 'PUBLISHED', province: false, bankId: '6' };
  const old = { id: '5', status: 'SUPERSEDED', province: false, bankId: '2' };

  it('gives RATING_ADMIN at the province the province card, at a bank its own cards', () => {
    expect(canAdministerScorecards(['RATING_ADMIN'], 'BANK')).toBe(true);
    expect(canAdministerScorecards(['RATING_ADMIN'], 'BRANCH')).toBe(false);
    expect(canAdministerScorecards(['ARCHIVE_READ'], 'PROVINCE')).toBe(false);
    const bankAdmin = { level: 'BANK', bankId: '2' };
    expect(administersCard(['RATING_ADMIN'], bankAdmin, fzDraft)).toBe(true);
    expect(administersCard(['RATING_ADMIN'], bankAdmin, province)).toBe(false);
    expect(administersCard(['RATING_ADMIN'], bankAdmin, qz)).toBe(false);
    expect(administersCard(['RATING_ADMIN'], { level: 'PROVINCE', bankId: null }, province)).toBe(true);
    expect(administersCard(['RATING_ADMIN'], { level: 'PROVINCE', bankId: null }, fzDraft)).toBe(false);
    expect(administersCard(['ARCHIVE_READ'], bankAdmin, fzDraft)).toBe(false);
  });

  it("puts a bank's own published card in force for it, else the province's", () => {
    expect(cardInForce([province, fz, fzDraft, qz, old], '2')).toBe(fz);
    expect(cardInForce([province, fzDraft, old], '2')).toBe(province);
    expect(cardInForce([province, fz], null)).toBe(province);
    expect(cardInForce([fzDraft], '2')).toBeUndefined();
    expect([...cardsInForce([province, fz, fzDraft, old], '2')]).toEqual(['2']);
    expect([...cardsInForce([province, fzDraft], '2')]).toEqual(['1']);
    // At the province every published card is in force for its banks.
    expect([...cardsInForce([province, fz, qz, old], null)]).toEqual(['1', '2', '4']);
  });
});
