import { describe, expect, it } from 'vitest';
import { apiErrorLabel, clockText, describeApiError, waitText } from './apiErrors';
import { REFUSED_SEARCH, apiError as error } from './testing';

// 2026-03-01 10:00:00 in the test's time zone.
const NOW = new Date(2026, 2, 1, 10, 0, 0).getTime();

const { forbidden, limited, nonAscii } = REFUSED_SEARCH;

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
    expect(describeApiError(error('RATE_LIMITED', 'slow down'), 'zh')).toBe('查询个人信息的次数已达上限，请稍后重试');
    expect(describeApiError(forbidden, 'zh')).toBe('您的角色无权执行此操作');
    expect(describeApiError(error('INTERNAL', 'Internal error; quote request id 8f3a2c'), 'zh')).toBe('服务器内部错误，请联系管理员（请求编号 8f3a2c）');
    expect(describeApiError(error('SERVICE_UNAVAILABLE', 'redis down'), 'zh')).toBe('服务暂时不可用，请稍后重试');
    expect(describeApiError(error('HTTP_502', 'HTTP 502'), 'en')).toBe('The server is unavailable for now; try again later');
  });

  it("take the API's Chinese message, and its English one without the argument path", () => {
    expect(describeApiError(nonAscii, 'zh')).toBe('只能使用半角数字和字母');
    expect(describeApiError(nonAscii, 'en')).toBe('only ASCII digits and letters are allowed');
    expect(describeApiError(error('BAD_USER_INPUT', 'first: must be between 1 and 100', { field: 'first' }), 'zh')).toBe('请求中的值有误，请检查后重试');
    const unavailable = error('SERVICE_UNAVAILABLE', 'lookups unavailable', { messageZh: '查询服务暂不可用，请稍后再试' });
    expect(describeApiError(unavailable, 'zh')).toBe('查询服务暂不可用，请稍后再试');
  });

  it('have short labels for a failure code, a generic one for codes they do not know', () => {
    expect(apiErrorLabel('INTERNAL', 'zh')).toBe('服务器内部错误');
    expect(apiErrorLabel('HTTP_503', 'zh')).toBe('服务器暂时不可用');
    expect(apiErrorLabel('SOMETHING_NEW', 'en')).toBe('unknown error');
    expect(apiErrorLabel(null, 'zh')).toBe('未知错误');
  });
});
