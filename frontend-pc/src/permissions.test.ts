import { describe, expect, it } from 'vitest';
import { archiveActions, canDecidePendingChanges, canDeleteImages, canEditRules, canReveal, canReview, canSeePendingChanges, homeFor, menuFor } from './permissions';

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
