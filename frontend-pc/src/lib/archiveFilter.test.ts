import type { Translate } from '../i18n';
import { describe, expect, it } from 'vitest';
import { countText, orderFromSorter, searchFromParams, searchToParams, sortOrderOf, toCustomerFilter } from './archiveFilter';

describe('archive search in the URL', () => {
  it('round-trips every filter', () => {
    const search = {
      name: '陈',
      idNumber: '350102199003071234',
      mobile: '13812345678',
      region: ['350000', '350100', '350102', '350102001', '350102001001'],
      orgUnitId: '5',
      managerId: '12',
      statuses: ['SUBMITTED', 'RETURNED'],
      channels: ['PAD'],
      updatedFrom: '2026-01-01T00:00:00.000Z',
      updatedTo: '2026-02-01T00:00:00.000Z',
      rule: 'BASE_MOBILE',
    };
    expect(searchFromParams(searchToParams(search))).toEqual(search);
  });

  it('drops unknown statuses and channels and blank values', () => {
    expect(searchFromParams(new URLSearchParams('statuses=DRAFT,NOPE&channels=&name=%20'))).toEqual({ statuses: ['DRAFT'] });
  });

  it('maps the region path to county and village codes and normalises exact values', () => {
    expect(toCustomerFilter({ region: ['350000', '350100', '350102', '350102001', '350102001001'], idNumber: ' 350102 19900307123x ', mobile: '138-1234-5678' })).toMatchObject({
      regionCode: '350102',
      villageCode: '350102001001',
      idNumber: '35010219900307123X',
      mobile: '13812345678',
    });
    expect(toCustomerFilter({ region: ['350000', '350100'] })).toMatchObject({ regionCode: null, villageCode: null, statuses: null });
  });
});

describe('countText', () => {
  const t = ((key: string, vars?: Record<string, string | number>) => `${key}:${vars?.n}`) as unknown as Translate;
  it('shows the exact count, more than 10,000 past the cap, and the estimate only where the list is not counted', () => {
    expect(countText(27, 180, t)).toBe('common.count:27');
    expect(countText(10_001, 180, t)).toBe('common.countOver:10,000');
    expect(countText(null, 180, t)).toBe('common.total:180');
  });
});

describe('the list order', () => {
  it('lives in the URL except for the default, and unknown orders are dropped', () => {
    expect(searchToParams({ order: 'UPDATED_DESC' }).toString()).toBe('order=UPDATED_DESC');
    expect(searchToParams({ order: 'NAME_ASC' }).toString()).toBe('');
    expect(searchFromParams(new URLSearchParams('order=NAME_DESC')).order).toBe('NAME_DESC');
    expect(searchFromParams(new URLSearchParams('order=BY_ID_NUMBER')).order).toBeUndefined();
    expect(toCustomerFilter({ order: 'NAME_DESC' })).not.toHaveProperty('order');
  });

  it('maps column sorters to orders and back', () => {
    expect(orderFromSorter('name', 'descend')).toBe('NAME_DESC');
    expect(orderFromSorter('name', 'ascend')).toBeUndefined(); // the default
    expect(orderFromSorter('updatedAt', 'descend')).toBe('UPDATED_DESC');
    expect(orderFromSorter('updatedAt', 'ascend')).toBe('UPDATED_ASC');
    expect(orderFromSorter('updatedAt', null)).toBeUndefined();
    expect(orderFromSorter('mobile', 'ascend')).toBeUndefined();
    expect(sortOrderOf(undefined, 'name')).toBe('ascend');
    expect(sortOrderOf(undefined, 'updatedAt')).toBeNull();
    expect(sortOrderOf('UPDATED_DESC', 'updatedAt')).toBe('descend');
    expect(sortOrderOf('UPDATED_DESC', 'name')).toBeNull();
  });
});
