import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import type { Translate } from '../i18n';
import { pointsPercent, ratingDetailHidden, ratingValue } from './rating';

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
