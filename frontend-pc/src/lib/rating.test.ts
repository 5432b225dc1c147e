import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import type { Translate } from '../i18n';
import { historyGradeLabels, pointsPercent, ratingDetailHidden, ratingValue, waterfallOption, waterfallSteps } from './rating';

const tr = (locale: 'zh' | 'en'): Translate => Object.assign((key: Parameters<Translate>[0], vars?: Record<string, string | number>) => translate(locale, key, vars), { locale });

describe('rating values', () => {
  it('show words, not codes', () => {
    const t = tr('zh');
    expect(ratingValue(null, t)).toBe('—');
    expect(ratingValue('35000.5', t)).toBe('35000.5');
    expect(ratingValue('SENIOR', t)).toBe('高中');
    expect(ratingValue('NONE', t)).toBe('未受教育');
    expect(ratingValue('AA', t)).toBe('AA');
    expect(ratingValue('LOSS', t)).toBe('损失');
    expect(ratingValue('MARRIED', t)).toBe('已婚');
    expect(ratingValue('true', t)).toBe('是');
    expect(ratingValue('SOMETHING_NEW', t)).toBe('SOMETHING_NEW');
    expect(ratingValue('SENIOR', tr('en'))).toBe('Senior high');
  });

  it('give a progress share and tell a withheld explanation', () => {
    expect(pointsPercent(60, 160)).toBe(38);
    expect(pointsPercent(0, 0)).toBe(0);
    expect(pointsPercent(200, 100)).toBe(100);
    expect(ratingDetailHidden({ items: null })).toBe(true);
    expect(ratingDetailHidden({ items: [] })).toBe(false);
  });
});

describe('the score waterfall', () => {
  const items = [
    { label: '家庭年收入(元)', points: 100 },
    { label: '文化程度', points: 50 },
    { label: '近90日日均存款(元)', points: 0 },
  ];

  it('starts from the base points (the score less the items), adds each item, ends at the score', () => {
    const steps = waterfallSteps(670, items, { base: '基础分', total: '总分' });
    expect(steps).toEqual([
      { name: '基础分', start: 0, end: 520, kind: 'base' },
      { name: '家庭年收入(元)', start: 520, end: 620, kind: 'item' },
      { name: '文化程度', start: 620, end: 670, kind: 'item' },
      { name: '近90日日均存款(元)', start: 670, end: 670, kind: 'item' },
      { name: '总分', start: 0, end: 670, kind: 'total' },
    ]);
    // A score clipped to the scale: the base points absorb the clipping, the bars still end at the score.
    const clipped = waterfallSteps(1200, [{ label: 'x', points: 700 }, { label: 'y', points: 600 }], { base: 'b', total: 't' });
    expect(clipped[0].end).toBe(-100);
    expect(clipped[2].end).toBe(1200);
  });

  it('stacks each bar on an invisible one up to where it starts', () => {
    const option = waterfallOption(waterfallSteps(670, items, { base: '基础分', total: '总分' }), 1200, '得分') as {
      xAxis: { max: number };
      series: { data: (number | { value: number })[]; stack: string }[];
    };
    expect(option.xAxis.max).toBe(1200);
    expect(option.series.map((s) => s.stack)).toEqual(['waterfall', 'waterfall']);
    expect(option.series[0].data).toEqual([0, 520, 620, 670, 0]);
    expect(option.series[1].data.map((d) => (typeof d === 'number' ? d : d.value))).toEqual([520, 100, 50, 0, 670]);
  });
});

describe('history grades', () => {
  it('are said by the labels of the card the rating was made with, then the other cards, D as ineligible', () => {
    const cards = [
      { id: '1', grades: [{ code: 'A', label: 'A（良好）' }, { code: 'OLD', label: '旧等级' }] },
      { id: '2', grades: [{ code: 'A', label: 'A（本行）' }] },
    ];
    const label = historyGradeLabels(cards, '2', 'D（不予授信）');
    expect(label('A')).toBe('A（本行）');
    expect(label('OLD')).toBe('旧等级');
    expect(label('D')).toBe('D（不予授信）');
    expect(label('ZZ')).toBe('ZZ');
    expect(historyGradeLabels([], null, 'D')('A')).toBe('A');
  });
});
