import { describe, expect, it } from 'vitest';
import { REFUSED_SEARCH, apiError as error } from '@cic/shared/testing';
import { SEARCH_FILTERS } from '../test/searchFilters';
import { searchRefusal } from './apiErrors';

// 2026-03-01 10:00:00 in the test's time zone.
const NOW = new Date(2026, 2, 1, 10, 0, 0).getTime();

const { forbidden, limited, nonAscii } = REFUSED_SEARCH;
const { PROVINCE_ANALYST: ANALYST, BANK_ADMIN, BRANCH_MANAGER } = SEARCH_FILTERS;

describe('a refused archive search', () => {
  it('names the protected filter a role may not use', () => {
    expect(searchRefusal(forbidden, ['idNumber'], ANALYST, 'zh')).toEqual({
      kind: 'forbidden',
      filters: ['idNumber'],
      text: '您的角色看到的身份证号码是脱敏的，不能按身份证号码查询',
    });
    // Every refused filter of the search, not only the first one the API stopped at.
    expect(searchRefusal(forbidden, ['idNumber', 'mobile', 'name'], ANALYST, 'zh')?.text).toBe(
      '您的角色看到的身份证号码、手机号码、姓名是脱敏的，不能按身份证号码、手机号码、姓名查询',
    );
    expect(searchRefusal(forbidden, ['name'], BANK_ADMIN, 'en')).toBeNull(); // not about a filter this search sent
  });

  it('names the counted filter and when to retry when the lookup limit is spent', () => {
    const refusal = searchRefusal(limited, ['idNumber', 'name'], BRANCH_MANAGER, 'zh', NOW);
    expect(refusal).toEqual({ kind: 'rateLimited', filters: ['idNumber'], text: '按身份证号码查询个人信息的次数已达上限，请在 42 秒后重试（约 10:00:42）' });
  });

  it("puts the API's message of a malformed filter after the filter's label", () => {
    expect(searchRefusal(nonAscii, ['mobile'], BRANCH_MANAGER, 'zh')).toEqual({ kind: 'badInput', filters: [], text: '手机号码（精确）：只能使用半角数字和字母' });
    expect(searchRefusal(nonAscii, ['mobile'], BRANCH_MANAGER, 'en')?.text).toBe('Mobile (exact): only ASCII digits and letters are allowed');
    expect(searchRefusal(error('INTERNAL', 'Internal error; quote request id 1'), [], BRANCH_MANAGER, 'zh')).toBeNull();
  });
});
