import { describe, expect, it } from 'vitest';
import { en, zh } from './messages';
import { translate } from './index';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message tables', () => {
  it('have the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('have the same placeholders in both languages', () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it('fill placeholders and keep unknown ones', () => {
    expect(translate('zh', 'conflict.explain', { yours: 2, server: 3 })).toContain('版本 2');
    expect(translate('en', 'common.total', { n: 180 })).toBe('about 180 (estimate)');
    expect(translate('en', 'common.total')).toBe('about {n} (estimate)');
  });
});
