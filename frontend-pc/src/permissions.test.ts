import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIELD_POLICIES,
  archiveActions,
  canDecidePendingChanges,
  canDeleteImages,
  canEditRules,
  canReveal,
  canReview,
  canSearchBy,
  canSeePendingChanges,
  countsAsLookup,
  homeFor,
  menuFor,
  visibility,
  type PolicyField,
  type Role,
} from './permissions';

const ROLES: Role[] = ['CUSTOMER_MANAGER', 'BRANCH_MANAGER', 'BANK_APPROVER', 'BANK_ADMIN', 'PROVINCE_ADMIN', 'PROVINCE_ANALYST', 'AUDITOR'];

const keys = (roles: string[]) => menuFor(roles).map((m) => m.key);

describe('menu by role', () => {
  it('shows each role only what it may use', () => {
    expect(keys(['CUSTOMER_MANAGER'])).toEqual(['dashboard', 'archives', 'newArchive']);
    expect(keys(['BRANCH_MANAGER'])).toEqual(['dashboard', 'archives', 'review', 'newArchive', 'import', 'rules']);
    expect(keys(['BANK_APPROVER'])).toEqual(['dashboard', 'archives', 'review', 'rules']);
    expect(keys(['BANK_ADMIN'])).toEqual(['dashboard', 'archives', 'import', 'rules', 'org', 'approvals']);
    expect(keys(['PROVINCE_ADMIN'])).toEqual(['dashboard', 'archives', 'rules', 'org', 'approvals']);
    expect(keys(['PROVINCE_ANALYST'])).toEqual(['dashboard', 'archives', 'rules']);
    expect(keys(['AUDITOR'])).toEqual(['dashboard', 'archives', 'approvals', 'audit']);
  });

  it('unions the entries of several roles', () => {
    expect(keys(['AUDITOR', 'BANK_ADMIN'])).toEqual(['dashboard', 'archives', 'import', 'rules', 'org', 'approvals', 'audit']);
  });

  it('gives the review inbox to reviewers and the approvals to administrators (auditors read them)', () => {
    expect(canReview(['BRANCH_MANAGER'])).toBe(true);
    expect(canReview(['CUSTOMER_MANAGER'])).toBe(false);
    expect(canSeePendingChanges(['AUDITOR'])).toBe(true);
    expect(canDecidePendingChanges(['AUDITOR'])).toBe(false);
    expect(canDecidePendingChanges(['BANK_ADMIN'])).toBe(true);
    expect(canSeePendingChanges(['PROVINCE_ANALYST'])).toBe(false);
  });

  it('lands collectors on the archives and others on the dashboard or audit log', () => {
    expect(homeFor(['CUSTOMER_MANAGER'])).toBe('/archives');
    expect(homeFor(['PROVINCE_ANALYST'])).toBe('/dashboard');
    expect(homeFor(['AUDITOR'])).toBe('/audit');
  });
});

describe('archive actions', () => {
  it('lets reviewers verify and return submitted archives, never collectors', () => {
    expect(archiveActions(['BRANCH_MANAGER'], 'SUBMITTED')).toMatchObject({ verify: true, returnForRework: true, edit: true, submit: false });
    expect(archiveActions(['CUSTOMER_MANAGER'], 'SUBMITTED')).toMatchObject({ verify: false, returnForRework: false, edit: false });
    expect(archiveActions(['CUSTOMER_MANAGER'], 'RETURNED')).toMatchObject({ edit: true, submit: true });
  });

  it('leaves closed archives alone and keeps analysts read-only', () => {
    expect(Object.values(archiveActions(['BRANCH_MANAGER'], 'ARCHIVED')).some(Boolean)).toBe(false);
    expect(Object.values(archiveActions(['PROVINCE_ANALYST'], 'DRAFT')).some(Boolean)).toBe(false);
  });
});

describe('reveal and rule editing', () => {
  it('follows the field policy', () => {
    expect(canReveal(['BRANCH_MANAGER'], 'Customer.idNumber')).toBe(true);
    expect(canReveal(['BRANCH_MANAGER'], 'Customer.mobile')).toBe(false);
    expect(canReveal(['BANK_APPROVER'], 'Customer.mobile')).toBe(true);
    expect(canReveal(['PROVINCE_ANALYST'], 'Customer.idNumber')).toBe(false);
    expect(canReveal(['AUDITOR'], 'Address.line')).toBe(true);
    expect(canReveal(['BANK_ADMIN', 'PROVINCE_ANALYST'], 'Address.line')).toBe(false);
    // The register number and the remarks are shown like the address line.
    for (const field of ['Household.registerNo', 'Social.remarks']) {
      expect(ROLES.filter((r) => canReveal([r], field)), field).toEqual(['AUDITOR']);
    }
    // Several roles: the most permissive wins (an approver who audits sees the address in full).
    expect(visibility(['AUDITOR', 'BANK_APPROVER'], 'Address.line')).toBe('FULL');
    expect(canReveal(['AUDITOR', 'BANK_APPROVER'], 'Address.line')).toBe(false);
    expect(canReveal(['AUDITOR'], 'Customer.birthDate')).toBe(false); // not a field the workbench reveals
  });

  it('lets bank admins edit bank rules and province admins the baseline', () => {
    expect(canEditRules(['BANK_ADMIN'], 'BANK')).toBe(true);
    expect(canEditRules(['BANK_ADMIN'], 'PROVINCE')).toBe(false);
    expect(canEditRules(['PROVINCE_ADMIN'], 'PROVINCE')).toBe(true);
  });
});

describe('image deletion', () => {
  it('is for the roles deleteImage names', () => {
    for (const role of ['CUSTOMER_MANAGER', 'BRANCH_MANAGER', 'BANK_APPROVER', 'BANK_ADMIN']) expect(canDeleteImages([role]), role).toBe(true);
    for (const role of ['PROVINCE_ADMIN', 'PROVINCE_ANALYST', 'AUDITOR']) expect(canDeleteImages([role]), role).toBe(false);
  });
});

describe('search filters on protected values', () => {
  const usable = (role: Role) => (['idNumber', 'mobile', 'name'] as const).filter((f) => canSearchBy([role], f));

  it('are offered only to roles that see the value in full or may reveal it', () => {
    expect(usable('PROVINCE_ANALYST')).toEqual([]);
    expect(usable('BANK_ADMIN')).toEqual(['name']);
    expect(usable('PROVINCE_ADMIN')).toEqual(['name']);
    expect(usable('CUSTOMER_MANAGER')).toEqual(['idNumber', 'mobile', 'name']);
    expect(usable('AUDITOR')).toEqual(['idNumber', 'mobile', 'name']);
    expect(canSearchBy(['PROVINCE_ANALYST', 'AUDITOR'], 'idNumber')).toBe(true);
  });

  it('count against the lookup limit where the value is only revealable', () => {
    expect(countsAsLookup(['BRANCH_MANAGER'], 'idNumber')).toBe(true);
    expect(countsAsLookup(['BRANCH_MANAGER'], 'mobile')).toBe(false);
    expect(countsAsLookup(['BANK_APPROVER'], 'mobile')).toBe(true);
    expect(countsAsLookup(['AUDITOR'], 'name')).toBe(false);
  });
});

describe("the API's field policy table", () => {
  // backend/auth/policies.py read by the backend's own Python (the repository's virtualenv).
  const root = path.resolve(__dirname, '..', '..');
  const python = path.join(root, '.venv', 'bin', 'python');
  const dump = `
import json
from backend.auth.policies import FIELD_POLICIES
print(json.dumps({k: {"rules": {r: v.name for r, v in p.rules.items()}, "default": p.default.name} for k, p in FIELD_POLICIES.items()}))
`;

  it('is what the workbench assumes, role by role', () => {
    expect(existsSync(python), 'the backend is not installed: run `python3 -m uv sync --frozen` in the repository').toBe(true);
    const backend = JSON.parse(execFileSync(python, ['-c', dump], { cwd: root, encoding: 'utf8' })) as Record<string, { rules: Record<string, string>; default: string }>;
    const effective = (p: { rules: Record<string, string>; default: string }) => {
      // Org-level keys (LEVEL/ROLE) would need the workbench to know the caller's level too.
      expect(Object.keys(p.rules).filter((k) => k.includes('/'))).toEqual([]);
      return Object.fromEntries(ROLES.map((r) => [r, p.rules[r] ?? p.default]));
    };
    for (const field of Object.keys(FIELD_POLICIES) as PolicyField[]) {
      expect(backend[field], field).toBeDefined();
      expect(Object.fromEntries(ROLES.map((r) => [r, visibility([r], field)])), field).toEqual(effective(backend[field]));
    }
    // Birth date and gender follow the ID number: the detail page says so where they are withheld.
    expect(effective(backend['Customer.birthDate'])).toEqual(effective(backend['Customer.idNumber']));
    expect(effective(backend['Customer.gender'])).toEqual(effective(backend['Customer.idNumber']));
  }, 30_000);
});
