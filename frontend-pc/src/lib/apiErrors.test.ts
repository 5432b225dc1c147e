import { describe, expect, it } from 'vitest';
import { apiError as error } from '../test/apiError';
import { clockText, describeApiError, searchRefusal, waitText } from './apiErrors';

// 2026-03-01 10:00:00 in the test's time zone.
const NOW = new Date(2026, 2, 1, 10, 0, 0).getTime();

const forbidden = error('FORBIDDEN', 'filter.idNumber: your role sees Customer.idNumber masked and may not search by it');
const limited = error('RATE_LIMITED', 'too many lookups of personal data; retry in 42 s', { retryAfterSeconds: 42 });
const nonAscii = error('BAD_USER_INPUT', 'filter.mobile: only ASCII digits and letters are allowed', {
  field: 'filter.mobile',
  reason: 'NON_ASCII_CHARACTERS',
  messageZh: '只能使用半角数字和字母',
});

describe('API errors in words', () => {
  it('say how long to wait, rounded up, and until when', () => {
    expect(waitText(0.2, 'zh')).toBe('1 秒');
    expect(waitText(42, 'zh')).toBe('42 秒');
    expect(waitText(61, 'zh')).toBe('2 分钟');
    expect(waitText(3 * 3600 + 60, 'en')).toBe('3 h 1 min');
    expect(clockText(42, NOW)).toBe('10:00:42');
    expect(clockText(20 * 3600, NOW)).toBe('03-02 06:00');
  });

  it('word the codes the API sends without a Chinese message', () => {
    expect(describeApiError(limited, 'zh', NOW)).toBe('查询个人信息的次数已达上限，请在 42 秒后重试（约 10:00:42）');
    expect(describeApiError(limited, 'en', NOW)).toBe('Too many lookups of personal data; try again in 42 s (around 10:00:42)');
    expect(describeApiError(forbidden, 'zh')).toBe('您的角色无权执行此操作');
    expect(describeApiError(error('INTERNAL', 'Internal error; quote request id 8f3a2c'), 'zh')).toBe('服务器内部错误，请联系管理员（请求编号 8f3a2c）');
    expect(describeApiError(error('SERVICE_UNAVAILABLE', 'redis down'), 'zh')).toBe('服务暂时不可用，请稍后重试');
  });

  it("take the API's Chinese message of a refused argument, and its English one without the path", () => {
    expect(describeApiError(nonAscii, 'zh')).toBe('只能使用半角数字和字母');
    expect(describeApiError(nonAscii, 'en')).toBe('only ASCII digits and letters are allowed');
    expect(describeApiError(error('BAD_USER_INPUT', 'first: must be between 1 and 100', { field: 'first' }), 'zh')).toBe('请求中的值有误，请检查后重试');
    expect(nonAscii.display('zh')).toBe('只能使用半角数字和字母');
  });
});

describe('a refused archive search', () => {
  it('names the protected filter a role may not use', () => {
    expect(searchRefusal(forbidden, ['idNumber'], ['PROVINCE_ANALYST'], 'zh')).toEqual({
      kind: 'forbidden',
      filters: ['idNumber'],
      text: '您的角色看到的身份证号码是脱敏的，不能按身份证号码查询',
    });
    // Every refused filter of the search, not only the first one the API stopped at.
    expect(searchRefusal(forbidden, ['idNumber', 'mobile', 'name'], ['PROVINCE_ANALYST'], 'zh')?.text).toBe(
      '您的角色看到的身份证号码、手机号码、姓名是脱敏的，不能按身份证号码、手机号码、姓名查询',
    );
    expect(searchRefusal(forbidden, ['name'], ['BANK_ADMIN'], 'en')).toBeNull(); // not about a filter this search sent
  });

  it('names the counted filter and when to retry when the lookup limit is spent', () => {
    const refusal = searchRefusal(limited, ['idNumber', 'name'], ['BRANCH_MANAGER'], 'zh', NOW);
    expect(refusal).toEqual({ kind: 'rateLimited', filters: ['idNumber'], text: '按身份证号码查询个人信息的次数已达上限，请在 42 秒后重试（约 10:00:42）' });
  });

  it("puts the API's message of a malformed filter after the filter's label", () => {
    expect(searchRefusal(nonAscii, ['mobile'], ['BRANCH_MANAGER'], 'zh')).toEqual({ kind: 'badInput', filters: [], text: '手机号码（精确）：只能使用半角数字和字母' });
    expect(searchRefusal(nonAscii, ['mobile'], ['BRANCH_MANAGER'], 'en')?.text).toBe('Mobile (exact): only ASCII digits and letters are allowed');
    expect(searchRefusal(error('INTERNAL', 'Internal error; quote request id 1'), [], ['BRANCH_MANAGER'], 'zh')).toBeNull();
  });
});
