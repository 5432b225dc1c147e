import { describe, expect, it } from 'vitest';
import type { QueueEntry, QueueState } from './db';
import { queueSummary } from './sync';
import { codeLabel, failureText, refusalText } from './queueStatus';
import { EN, ZH } from '../i18n/messages';

// The queue tab and the top bar count the rows they show, say 需处理 for what waits for the
// manager, and word every refusal in Chinese (the server's message, else a shared label).

const NOW = Date.parse('2026-06-01T08:00:00Z');
let seq = 0;
const entry = (state: QueueState, patch: Partial<QueueEntry> = {}): QueueEntry => ({
  seq: ++seq, op: 'saveArchive', archiveId: `a-${seq}`, photoId: null, state, attempts: 1, failures: 0, nextAttemptAt: 0, lastError: null,
  createdAt: '2026-06-01T07:00:00Z', doneAt: state === 'done' ? '2026-06-01T07:30:00Z' : null, ...patch,
});

describe('queue counts', () => {
  it('counts the rows of the list: done, waiting by themselves, waiting for the manager', () => {
    const rows = [
      ...Array.from({ length: 7 }, () => entry('done')),
      entry('pending'),
      entry('running'),
      entry('retry', { nextAttemptAt: NOW + 30_000 }),
      entry('conflict'),
      entry('rejected'),
      entry('failed'),
    ];
    const summary = queueSummary(rows, NOW);
    expect(summary).toEqual({ done: 7, waiting: 3, attention: 3, nextRetryAt: NOW + 30_000 });
    // "已完成 0 项" above done rows cannot happen: the done count is the done rows'.
    expect(summary.done).toBe(rows.filter((r) => r.state === 'done').length);
    expect(summary.done + summary.waiting + summary.attention).toBe(rows.length);
  });

  it('announces no retry time for an entry already sent or whose time has passed', () => {
    expect(queueSummary([entry('done', { nextAttemptAt: NOW + 60_000 })], NOW).nextRetryAt).toBeNull();
    expect(queueSummary([entry('retry', { nextAttemptAt: NOW - 1 })], NOW).nextRetryAt).toBeNull();
    expect(queueSummary([entry('retry', { nextAttemptAt: NOW + 9_000 }), entry('retry', { nextAttemptAt: NOW + 4_000 })], NOW).nextRetryAt).toBe(NOW + 4_000);
  });
});

describe('status words', () => {
  it('says 需处理 for a conflict, in both languages words not codes', () => {
    const zh = (ZH.enums as Record<string, Record<string, string>>).queueState;
    const en = (EN.enums as Record<string, Record<string, string>>).queueState;
    expect(zh.conflict).toBe('需处理');
    expect(ZH.syncAttention).toBe('{n} 项需处理');
    const states: QueueState[] = ['pending', 'running', 'retry', 'conflict', 'rejected', 'failed', 'done'];
    for (const s of states) {
      expect(zh[s]).toMatch(/[\u4e00-\u9fff]/);
      expect(en[s]).toBeTruthy();
    }
  });
});

describe('rejected reasons in words', () => {
  it('words a kept code with the shared labels, never the code', () => {
    expect(failureText('DUPLICATE_ARCHIVE', 'zh')).toBe('该客户已有档案');
    expect(failureText('DUPLICATE_ARCHIVE', 'en')).toBe('the customer already has an archive');
    expect(failureText('DUPLICATE_ARCHIVE, ID_INVALID_CHECKSUM', 'zh')).not.toMatch(/[A-Z_]{4,}/);
    expect(failureText('NETWORK_UNAVAILABLE', 'zh')).toBe('网络不可用');
    expect(failureText('HTTP_502', 'zh')).toBe('服务器暂时不可用');
    expect(failureText('SOMETHING_NEW', 'zh')).toBe('未知错误');
    expect(failureText(null, 'zh')).toBe('被服务器拒绝');
    // A photo's refusal is kept as the server's words: shown as they are.
    expect(failureText('图片格式不受支持', 'zh')).toBe('图片格式不受支持');
    expect(codeLabel('REFUSED', 'zh')).toBe('被服务器拒绝');
  });

  it("prefers the server's message (messageZh) and falls back to the code's label", () => {
    const errors = [{ code: 'DUPLICATE_ARCHIVE', message: '本行已有该身份证号码的客户档案', messageEn: 'this bank already has an archive for this ID number' }];
    expect(refusalText(errors, 'DUPLICATE_ARCHIVE', 'zh')).toBe('本行已有该身份证号码的客户档案');
    expect(refusalText(errors, 'DUPLICATE_ARCHIVE', 'en')).toBe('this bank already has an archive for this ID number');
    expect(refusalText([{ code: 'DUPLICATE_ARCHIVE', message: '', messageEn: '' }], null, 'zh')).toBe('该客户已有档案');
    expect(refusalText([], 'DUPLICATE_ARCHIVE', 'zh')).toBe('该客户已有档案');
    expect(refusalText(undefined, 'SNOOZE_DATE', 'zh')).not.toContain('SNOOZE_DATE');
  });
});
