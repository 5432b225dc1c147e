import { describe, expect, it } from 'vitest';
import { emptyDraft, setPath, type ArchiveDraft } from './archive';
import { conflictRows, merge } from './conflict';

function draft(patch: Record<string, unknown>): ArchiveDraft {
  let d = { ...emptyDraft(), name: '陈建国', idNumber: '350102********0016', mobile: '13812345678' };
  for (const [path, value] of Object.entries(patch)) d = setPath(d, path, value);
  return d;
}

describe('conflict rows', () => {
  const base = draft({ 'household.size': '4', 'address.line': '东街1号' });

  it('lists only fields that differ, defaulting to whoever changed them', () => {
    const mine = draft({ 'household.size': '6', 'address.line': '东街1号' });
    const theirs = draft({ 'household.size': '4', 'address.line': '东街1号', mobile: '13912345678' });
    const rows = conflictRows(base, mine, theirs);
    expect(rows.map((r) => [r.path, r.choice, r.both])).toEqual([
      ['mobile', 'theirs', false],
      ['household.size', 'mine', false],
    ]);
    const merged = merge(mine, theirs, rows);
    expect(merged.mobile).toBe('13912345678');
    expect(merged.household.size).toBe('6');
  });

  it('marks fields both sides changed and lets the manager choose', () => {
    const mine = draft({ 'household.size': '4', 'address.line': '东街2号' });
    const theirs = draft({ 'household.size': '4', 'address.line': '东街3号' });
    const rows = conflictRows(base, mine, theirs);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ path: 'address.line', both: true, choice: 'mine', mine: '东街2号', theirs: '东街3号' });
    expect(merge(mine, theirs, rows).address.line).toBe('东街2号');
    expect(merge(mine, theirs, [{ ...rows[0], choice: 'theirs' }]).address.line).toBe('东街3号');
  });

  it('treats equal numbers and empty values as the same', () => {
    const mine = draft({ 'land.contractedMu': '12.5', 'income.wages': '' });
    const theirs = draft({ 'land.contractedMu': '12.50', 'income.wages': '' });
    expect(conflictRows(base, mine, theirs)).toEqual([]);
  });

  it('compares lists as a whole and extra fields one by one', () => {
    const member = { relation: 'SPOUSE', name: '李秀英', idNumber: '', occupation: '', annualIncome: '36000', labourCapacity: 'FULL' };
    const mine = draft({ familyMembers: [member], 'extraFields.tea_garden_mu': '3' });
    const theirs = draft({ familyMembers: [], 'extraFields.tea_garden_mu': '5' });
    const rows = conflictRows(null, mine, theirs);
    expect(rows.map((r) => r.path)).toEqual(['familyMembers', 'extraFields.tea_garden_mu']);
    const merged = merge(mine, theirs, rows.map((r) => ({ ...r, choice: r.path === 'familyMembers' ? 'mine' : 'theirs' })));
    expect(merged.familyMembers).toEqual([member]);
    expect(merged.extraFields.tea_garden_mu).toBe('5');
  });

  it('compares consent times as instants', () => {
    const mine = draft({ consent: { wordingVersion: 'v2024.1', consentedAt: '2026-01-05T09:30:00+08:00', channel: 'PAD', formImageRef: null } });
    const theirs = draft({ consent: { wordingVersion: 'v2024.1', consentedAt: '2026-01-05T01:30:00+00:00', channel: 'PAD', formImageRef: null } });
    expect(conflictRows(base, mine, theirs)).toEqual([]);
  });
});
