import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENUM_LABELS, enumLabel, enumOptions } from './labels';

/** Every enum of the committed SDL (`cic schema export`), name -> values. */
function schemaEnums(): Record<string, string[]> {
  const sdl = readFileSync(path.resolve(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
  const enums: Record<string, string[]> = {};
  for (const m of sdl.matchAll(/^enum (\w+) \{([^}]*)\}/gm)) {
    // Values are bare NAMES on their own line; descriptions ("""...""") and comments are skipped.
    const body = m[2].replace(/"""[\s\S]*?"""/g, '').replace(/"[^"\n]*"/g, '');
    enums[m[1]] = body.split('\n').map((l) => l.trim().split(/\s/)[0]).filter((v) => /^[A-Z][A-Z0-9_]*$/.test(v));
  }
  return enums;
}

describe('enum labels', () => {
  const enums = schemaEnums();

  it('read the schema', () => {
    expect(Object.keys(enums).length).toBeGreaterThan(30);
    expect(enums.ArchiveErrorCode).toContain('VERSION_CONFLICT');
    expect(enums.Permission).toContain('ARCHIVE_REVIEW');
  });

  it('name every value of every enum of the API in Chinese and in English', () => {
    const missing: string[] = [];
    for (const [name, values] of Object.entries(enums)) {
      for (const value of values) {
        const label = ENUM_LABELS[name]?.[value];
        if (!label || !label[0].trim() || !label[1].trim()) missing.push(`${name}.${value}`);
        else if (/[\u4e00-\u9fff]/.test(label[1])) missing.push(`${name}.${value} (English label has Chinese)`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keep no label for an enum the API does not have', () => {
    expect(Object.keys(ENUM_LABELS).filter((name) => !(name in enums))).toEqual([]);
  });

  it('are looked up by enum and locale, and say an unknown value as it is', () => {
    expect(enumLabel('ArchiveStatus', 'SUBMITTED', 'zh')).toBe('已提交');
    expect(enumLabel('ArchiveStatus', 'SUBMITTED', 'en')).toBe('Submitted');
    expect(enumLabel('ArchiveErrorCode', 'VERSION_CONFLICT', 'zh')).toBe('版本冲突');
    expect(enumLabel('Role', 'NEW_ROLE', 'zh')).toBe('NEW_ROLE');
    expect(enumLabel('Role', null, 'zh')).toBe('');
    expect(enumOptions('Severity', 'en')).toEqual([{ value: 'ERROR', label: 'Error' }, { value: 'WARNING', label: 'Warning' }]);
  });
});
