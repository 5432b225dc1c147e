import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDENTIFIER_KEYS, auditActionLabel, auditDetailWords, auditTargetLabel, fieldLabel } from './auditWords';

/** Every match of `pattern`'s first group in the backend's source. */
function backendWritten(pattern: RegExp): string[] {
  const root = path.resolve(__dirname, '../../..');
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.py')) for (const m of readFileSync(file, 'utf8').matchAll(pattern)) found.add(m[1]);
    }
  };
  for (const dir of ['backend', 'resolvers', 'workers']) walk(path.join(root, dir));
  return [...found].sort();
}

/** Every `action="domain.verb"` the backend writes to the audit log, read from its source. */
const backendActions = () => backendWritten(/action="([a-z_]+\.[a-z_.]+)"/g);

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

  it('has words for every target type the backend writes, a reveal\'s types among them', () => {
    const types = [...backendWritten(/target_type="(\w+)"/g), ...backendWritten(/revealable\("(\w+)"/g)];
    expect(types.length).toBeGreaterThan(20);
    expect(types.filter((type) => auditTargetLabel(type, 'zh') === null)).toEqual([]);
    expect(auditTargetLabel('StaffUser', 'zh')).toBe('员工');
    expect(auditTargetLabel('Nobody', 'zh')).toBeNull();
  });

  it("reads a scorecard's publication request and its saved items in words, the items' codes as identifiers", () => {
    // dual_control.request for a scorecard (backend/rating/service.py request_publish).
    const detail = { kind: 'SCORECARD_PUBLISH', target: 'Scorecard:12', requestedBy: 7, note: null, name: '本行卡', version: 2, scope: 'BANK', bank: '福州农商行' };
    expect(auditDetailWords(detail, 'zh', 'dual_control.request')).toEqual([
      ['类型', '发布评分卡'],
      ['对象', '评分卡 12'],
      ['发起人', '7'],
      ['备注', '—'],
      ['名称', '本行卡'],
      ['版本', '2'],
      ['范围', '法人行社'],
      ['法人行社', '福州农商行'],
    ]);
    expect(auditDetailWords({ scope: 'PROVINCE' }, 'en', 'rules.publish')).toEqual([['scope', 'Province']]);
    // rating.save_card writes {"items": ["MAX_OVERDUE", ...]}: the card's item codes.
    expect(auditDetailWords({ items: ['MAX_OVERDUE', 'AGE'] }, 'zh', 'rating.save_card')).toEqual([['评分项', 'MAX_OVERDUE、AGE']]);
    expect(IDENTIFIER_KEYS.has('items')).toBe(true);
  });

  it('has words for every detail key the backend writes', () => {
    // The keys of every `detail={...}` literal in the backend's source, and of a service's own
    // audit helper given its detail: self._audit(..., {...}).
    const details = backendWritten(/(?:detail=|_audit\w*\([^\n{]*)\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g);
    const keys = new Set(details.flatMap((body) => [...body.matchAll(/"(\w+)"\s*:/g)].map((k) => k[1])));
    expect(keys.size).toBeGreaterThan(50);
    const unlabelled = [...keys].filter((key) => auditDetailWords({ [key]: 1 }, 'zh')[0][0] === key);
    expect(unlabelled).toEqual([]);
  });

  it("shows an ECIF lookup's fields by their labels", () => {
    expect(auditDetailWords({ fields: ['birth_date', 'mobile', 'not_a_field'] }, 'zh', 'ecif.lookup')).toEqual([['字段', '出生日期、手机号码、not_a_field']]);
    // The audit page's field column reads the same labels (a reveal's `targetField`).
    expect([fieldLabel('registerNo', 'zh'), fieldLabel('birthDate', 'en'), fieldLabel('nope', 'zh')]).toEqual(['户口簿编号', 'Birth date', null]);
  });

  it("reads a refused sign-in's reason and factor, and a text message not sent, in words", () => {
    expect(auditDetailWords({ reason: 'bad_credentials', method: 'FINGERPRINT' }, 'zh', 'auth.login_failed')).toEqual([
      ['原因', '用户名或密码错误'],
      ['方式', '指纹'],
    ]);
    expect(auditDetailWords({ method: 'PASSWORD', client_id: 'cic-pc' }, 'zh', 'auth.login')).toEqual([['方式', '密码'], ['接入方', 'cic-pc']]);
    expect(auditDetailWords({ reason: 'OPTED_OUT' }, 'zh', 'sms.suppressed')).toEqual([['原因', '客户已退订']]);
    // An empty filter reads as nothing, not as an empty string.
    expect(auditDetailWords({ filter: {}, rows: 60 }, 'zh', 'customer.export')).toEqual([['筛选条件', '—'], ['行数', '60']]);
  });
});
