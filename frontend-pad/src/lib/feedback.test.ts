import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formTarget, ruleTargets } from './feedback';
import { countyChain, mostCommonCounty } from './regionStart';
import { emptyDraft } from './archive';
import type { LocalArchive } from './db';

// A rule not met links to the field that meets it; the region picker opens at the officer's county.

const baseline = JSON.parse(readFileSync(path.resolve(__dirname, '../../../backend/rules/baseline.json'), 'utf8')) as {
  rules: { code: string; kind: string; params: Record<string, unknown> }[];
};
const published = [{ status: 'PUBLISHED', rules: baseline.rules.map((r) => ({ ...r, enabled: true })) }];

describe('rule violations lead to their field', () => {
  it('knows the field of every baseline rule about the form', () => {
    const targets = ruleTargets(published);
    const where = Object.fromEntries(Object.entries(targets).map(([code, p]) => [code, formTarget(p)]));
    expect(where.BASE_NAME).toEqual({ section: 'identity', elementId: 'f-name' });
    expect(where.BASE_ID_CONSISTENT).toEqual({ section: 'identity', elementId: 'f-idNumber' });
    expect(where.BASE_ID_VALIDITY).toEqual({ section: 'identity', elementId: 'f-idExpiry' });
    expect(where.BASE_MOBILE).toEqual({ section: 'contact', elementId: 'f-mobile' });
    expect(where.BASE_REGION).toEqual({ section: 'contact', elementId: 'f-address-region' });
    expect(where.BASE_ADDRESS).toEqual({ section: 'contact', elementId: 'f-address-line' });
    expect(where.BASE_HOUSEHOLD_SIZE).toEqual({ section: 'household', elementId: 'f-household-size' });
    expect(where.BASE_SPOUSE).toEqual({ section: 'family', elementId: 'f-familyMembers' });
    expect(where.BASE_INCOME).toEqual({ section: 'income', elementId: 'f-income-farming' });
    expect(where.BASE_BUSINESS_CREDIT_CODE).toEqual({ section: 'business', elementId: 'f-business-creditCode' });
    expect(where.BASE_OVERDUE_REMARK).toEqual({ section: 'liabilities', elementId: 'f-liabilities' });
    expect(where.BASE_REQUIRED_IMAGES).toEqual({ section: 'photos', elementId: null });
    expect(where.BASE_CONSENT_FORM).toEqual({ section: 'photos', elementId: null });
    expect(targets.BASE_FRESHNESS).toBeUndefined();
    // Every other rule about the form has a place on it.
    for (const rule of baseline.rules.filter((r) => r.kind !== 'FRESHNESS')) expect(where[rule.code], rule.code).toBeTruthy();
  });

  it("takes a bank's own rules and extra fields, not drafts or disabled sets", () => {
    const targets = ruleTargets([
      { status: 'PUBLISHED', rules: [{ code: 'FZ_TEA', kind: 'RANGE', enabled: true, params: { field: 'extra.tea_garden_mu', min: 0 } }] },
      { status: 'DRAFT', rules: [{ code: 'FZ_DRAFT', kind: 'REQUIRED', enabled: true, params: { field: 'customer.altPhone' } }] },
    ]);
    expect(targets).toEqual({ FZ_TEA: 'extra.tea_garden_mu' });
    expect(formTarget(targets.FZ_TEA)).toEqual({ section: 'extra', elementId: 'f-extraFields-tea_garden_mu' });
  });
});

describe("the officer's county", () => {
  const archive = (county: string): LocalArchive => ({ server: null, draft: { ...emptyDraft(), address: { ...emptyDraft().address, regionCode: county } } }) as unknown as LocalArchive;

  it('is where most of the archives on the tablet are; a tie goes to the newest', () => {
    expect(mostCommonCounty([archive('350112'), archive('350102'), archive('350102'), archive('')])).toBe('350102');
    expect(mostCommonCounty([archive('350112'), archive('350102')])).toBe('350112');
    expect(mostCommonCounty([archive('')])).toBeNull();
  });

  it('opens below its province and city', () => {
    expect(countyChain('350102')).toEqual(['350000', '350100', '350102']);
    expect(countyChain('110000')).toEqual(['110000']);
  });
});
