// The browser tests' text scan (../../e2e-support/screen-audit.ts), on texts whose verdict is known.
import { describe, expect, it } from 'vitest';
import { textProblems } from '../../e2e-support/screen-audit';

describe('the screen text scan', () => {
  it('names codes, enum values, placeholders, English component texts and message keys', () => {
    const problems = textProblems(
      ['BASE_CONSENT_FORM', '角色：PROVINCE_ADMIN', '操作人 SYSTEM', '手机号 null', 'Cancel', '10 / page', 'archives.title', '状态 PENDING'],
      new Set(['archives.title']),
    );
    expect(problems.map((p) => p.why)).toEqual([
      'code BASE_CONSENT_FORM',
      'code PROVINCE_ADMIN',
      'enum value SYSTEM',
      'placeholder null',
      'component text in English',
      'component text in English',
      'untranslated message key',
      'enum value PENDING',
    ]);
  });

  it('lets Chinese labels, grades, channel names, numbers and file names pass', () => {
    expect(
      textProblems(['省联社管理员', '评级 AAA', 'BBB', '来源 PC', 'PAD 采集', '共 1,234 条', 'report-2026-12.xlsx', 'FJ-FZ_LOAN_20261203.dat', 'ECIF 客户号', '350121********1234']),
    ).toEqual([]);
  });
});
