import { describe, expect, it } from 'vitest';
import { translate, type Translate } from '../i18n';
import { changeActor, changeLabel, changeValue, type FieldChange } from './history';

const translator = (locale: 'zh' | 'en'): Translate => Object.assign((key: Parameters<Translate>[0], vars?: Record<string, string | number>) => translate(locale, key, vars), { locale });
const zh = translator('zh');
const en = translator('en');
const change = (over: Partial<FieldChange>): FieldChange => ({ path: 'x', label: '标签', labelEn: 'Label', kind: 'TEXT', before: null, after: null, withheld: false, ...over });

describe('a history change as people read it', () => {
  it('shows money in yuan, not fen or a bare number', () => {
    const c = change({ kind: 'MONEY', label: '种养殖收入', before: '80000.00', after: '85000.50' });
    expect(changeValue(c, c.before, zh, 'zh')).toBe('¥80,000.00');
    expect(changeValue(c, c.after, zh, 'zh')).toBe('¥85,000.50');
  });

  it('shows enum values by their label in the reader’s language', () => {
    const c = change({ kind: 'ENUM', enumType: 'Education', after: 'COLLEGE' });
    expect(changeValue(c, c.after, zh, 'zh')).toBe('大专');
    expect(changeValue(c, c.after, en, 'en')).toBe('College');
    expect(changeValue(change({ kind: 'ENUM', enumType: 'ArchiveStatus' }), 'VERIFIED', zh, 'zh')).toBe('已审核');
  });

  it('shows yes/no, mu, and the label in the reader’s language', () => {
    expect(changeValue(change({ kind: 'BOOLEAN' }), 'true', zh, 'zh')).toBe('是');
    expect(changeValue(change({ kind: 'AREA' }), '12.50', zh, 'zh')).toBe('12.50 亩');
    expect(changeLabel(change({}), 'zh')).toBe('标签');
    expect(changeLabel(change({}), 'en')).toBe('Label');
  });

  it('says a withheld value is withheld, and an absent one is absent', () => {
    expect(changeValue(change({ withheld: true }), null, zh, 'zh')).toBe('无权查看');
    expect(changeValue(change({}), null, zh, 'zh')).toBeNull();
  });

  it('names the actor, and CIC itself as 系统', () => {
    expect(changeActor({ changedBy: { name: '陈敏', employeeNo: 'FZ1001' } }, zh)).toBe('陈敏（FZ1001）');
    expect(changeActor({ changedBy: null, changedByClient: null }, zh)).toBe('系统');
    expect(changeActor({ changedBy: null, changedByClient: 'mobile-banking' }, zh)).toBe('mobile-banking');
  });
});
