import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCharacter, parseResidentId, regionValidIn, upgrade15, ageOn } from './idNumber';
import regions from './idRegions.json';
import vectors from './idVectors.json';
// @ts-expect-error plain ESM script without types
import { findLocDat, parseLocDat } from '../../scripts/id-regions.mjs';

describe('resident ID check', () => {
  it('computes the GB 11643 check character', () => {
    expect(checkCharacter('35010219900101001')).toBe('6');
    expect(checkCharacter('11010519491231002')).toBe('X');
  });

  it('converts a 15-digit number', () => {
    const result = parseResidentId('350102900101001');
    expect(result).toMatchObject({ ok: true, value: { number: '350102199001010016', convertedFrom15: true } });
  });

  it('refuses a region code only when unknown or abolished before the birth year', () => {
    expect(regionValidIn('350102', 1965)).toBe(true); // 鼓楼区 from 1983: issued later, genuine
    expect(regionValidIn('110111', 1980)).toBe(true);
    expect(regionValidIn('110103', 2010)).toBe(true); // 崇文区 until 2010
    expect(regionValidIn('110103', 2011)).toBe(false);
    expect(regionValidIn('350120', 1990)).toBe(false); // 福州市区 until 1983
    expect(regionValidIn('359999', 1990)).toBe(false);
  });

  it('gives the answers of the server for every vector (scripts/id_vectors.py)', () => {
    const rows = vectors as [string, string | null, string | null, string | null, string | null][];
    expect(rows.length).toBeGreaterThan(300);
    for (const [raw, code, number, gender, birth] of rows) {
      const result = parseResidentId(raw, '2026-01-01');
      if (code) expect({ raw, code: result.ok ? null : result.code }).toEqual({ raw, code });
      else expect({ raw, value: result.ok ? [result.value.number, result.value.gender, result.value.birthDate] : result.code }).toEqual({ raw, value: [number, gender, birth] });
    }
  });

  it('counts age in whole years', () => {
    expect(ageOn('1990-06-15', '2026-06-14')).toBe(35);
    expect(ageOn('1990-06-15', '2026-06-15')).toBe(36);
  });

  it('upgrades like the server', () => {
    expect(upgrade15('350102900101001')).toBe('350102199001010016');
  });

  it('has the region table of the installed python-stdnum (node scripts/id-regions.mjs)', () => {
    const loc = findLocDat();
    if (!loc) return; // no backend virtualenv here: nothing to compare with
    expect(regions).toEqual(parseLocDat(readFileSync(loc, 'utf8')));
  });
});
