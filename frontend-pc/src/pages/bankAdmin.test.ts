import { describe, expect, it } from 'vitest';
import { fieldInput, sameField } from './BankSettingsPage';
import { importPercent } from './ImportPage';

describe('the extra field form', () => {
  it('sends only what the kind uses, the English label falling back to the code', () => {
    const input = fieldInput({ code: ' pig_count ', labelZh: '生猪存栏', labelEn: ' ', kind: 'NUMBER', minValue: '0', maxValue: ' ', maxLength: 5, pattern: 'x', choices: 'a', position: 3 });
    expect(input).toEqual({
      code: 'pig_count', labelZh: '生猪存栏', labelEn: 'pig_count', kind: 'NUMBER', required: false, choices: null,
      minValue: '0', maxValue: null, maxLength: null, pattern: null, position: 3, active: true,
    });
    expect(fieldInput({ code: 'c', labelZh: '合作社', kind: 'CHOICE', choices: '否\n 理事 \n\n' }).choices).toEqual(['否', '理事']);
  });

  it('deactivates a field by sending it back unchanged but for active', () => {
    const stored = { code: 'c', labelZh: '合作社', labelEn: 'Co-op', kind: 'CHOICE' as const, required: true, choices: ['否'], minValue: null, maxValue: null, pattern: null, maxLength: null, position: 3, active: true };
    expect(sameField(stored, false)).toEqual({ ...stored, active: false });
  });
});

describe('the import progress', () => {
  it('is the rows read of the estimate while running, never 100 before the batch is done', () => {
    expect(importPercent({ status: 'PENDING', running: false, totalRows: 0, estimatedRows: 6000 })).toBe(0);
    expect(importPercent({ status: 'PENDING', running: true, totalRows: 2000, estimatedRows: 6000 })).toBe(33);
    expect(importPercent({ status: 'PENDING', running: true, totalRows: 6100, estimatedRows: 6000 })).toBe(99);
    expect(importPercent({ status: 'DONE', running: false, totalRows: 6000, estimatedRows: 6000 })).toBe(100);
  });
});
