import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDENTIFIER_KEYS, auditActionLabel, auditDetailWords } from './auditWords';

/** Every `action="domain.verb"` the backend writes to the audit log, read from its source. */
function backendActions(): string[] {
  const root = path.resolve(__dirname, '../../..');
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.py')) for (const m of readFileSync(file, 'utf8').matchAll(/action="([a-z_]+\.[a-z_.]+)"/g)) found.add(m[1]);
    }
  };
  for (const dir of ['backend', 'resolvers', 'workers']) walk(path.join(root, dir));
  return [...found].sort();
}

describe('the audit log in words', () => {
  it('has words for every action the backend writes', () => {
    const actions = backendActions();
    expect(actions.length).toBeGreaterThan(30);
    expect(actions.filter((a) => auditActionLabel(a, 'zh') === null)).toEqual([]);
    expect(auditActionLabel('staff_user.status', 'zh')).toBe('员工 · 状态变更');
    expect(auditActionLabel('customer.update', 'en')).toBe('Archive · updated');
    expect(auditActionLabel('nobody.knows', 'zh')).toBeNull();
  });

  it('reads a detail with labels, enum words, money in yuan and nested values', () => {
    expect(auditDetailWords({ to: 'ACTIVE', from: 'DISABLED', reason: null }, 'zh', 'staff_user.status')).toEqual([
      ['新值', '在用'],
      ['原值', '已停用'],
      ['原因', '—'],
    ]);
    expect(auditDetailWords({ amount: 1200000, subject: 'LOAN', rows: 1234, roles: ['BANK_ADMIN'], nested: { to: 'FROZEN' } }, 'zh', 'quota.status')).toEqual([
      ['金额', '¥12,000.00'],
      ['数据类别', '贷款'],
      ['行数', '1,234'],
      ['角色', '法人行管理员'],
      ['nested', '新值：已冻结'],
    ]);
    // A value with two meanings and no key to tell them apart stays as written.
    expect(auditDetailWords({ x: 'DISABLED' }, 'zh')).toEqual([['x', 'DISABLED']]);
  });

  it("shows the codes of an override's rules as written, as identifiers the page marks", () => {
    // customer.verify_override writes {"rules": ["BASE_INCOME"]}: the bank's own rule codes.
    expect(auditDetailWords({ rules: ['BASE_INCOME', 'BASE_MOBILE'] }, 'zh', 'customer.verify_override')).toEqual([['规则', 'BASE_INCOME、BASE_MOBILE']]);
    expect(IDENTIFIER_KEYS.has('rules')).toBe(true);
  });
});
