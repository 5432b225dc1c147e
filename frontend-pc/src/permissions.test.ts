import { describe, expect, it } from 'vitest';
import type { Permission } from './gql/graphql';
import { canEditRules, canReveal, canSearchBy, countsAsLookup, homeFor, menuFor } from './permissions';
import { SEARCH_FILTERS } from './test/searchFilters';

// What `me.permissions` answers for a branch manager, an auditor and a bank admin
// (backend/auth/permissions.py); the workbench only reads it.
const EVERY_STAFF: Permission[] = ['ARCHIVE_READ', 'IMAGE_VERIFY', 'RULES_READ', 'STATISTICS_READ', 'ORG_READ', 'REVEAL'];
const BRANCH_MANAGER: Permission[] = [...EVERY_STAFF, 'ARCHIVE_COLLECT', 'ARCHIVE_EDIT', 'ARCHIVE_REVIEW', 'ARCHIVE_CLOSE', 'ARCHIVE_TRANSFER', 'ARCHIVE_IMPORT'];
const AUDITOR: Permission[] = [...EVERY_STAFF, 'AUDIT_READ', 'CHANGE_READ'];
const BANK_ADMIN: Permission[] = [...EVERY_STAFF, 'ARCHIVE_IMPORT', 'RULES_ADMIN', 'RATING_ADMIN', 'ORG_ADMIN', 'CHANGE_DECIDE', 'CHANGE_READ', 'WAREHOUSE_READ'];

const keys = (permissions: Permission[]) => menuFor(permissions).map((m) => m.key);

describe('the menu', () => {
  it('shows the entries whose permission the API granted (评级分析 and 评分卡 for every member of staff)', () => {
    expect(keys(BRANCH_MANAGER)).toEqual(['dashboard', 'ratingAnalysis', 'archives', 'review', 'newArchive', 'import', 'rules', 'scorecards']);
    expect(keys(AUDITOR)).toEqual(['dashboard', 'ratingAnalysis', 'archives', 'rules', 'scorecards', 'approvals', 'audit']);
    expect(keys(BANK_ADMIN)).toEqual(['dashboard', 'ratingAnalysis', 'archives', 'import', 'rules', 'scorecards', 'org', 'warehouse', 'approvals']);
    expect(keys([])).toEqual([]);
  });

  it('shows the approval inbox to approvers and the applications to whoever may read them', () => {
    const approver: Permission[] = [...EVERY_STAFF, 'APPLICATION_READ', 'APPROVAL_DECIDE', 'PRODUCT_READ', 'QUOTA_ADMIN'];
    expect(keys(approver)).toEqual(['dashboard', 'ratingAnalysis', 'archives', 'approvalTasks', 'applications', 'rules', 'scorecards', 'products']);
    expect(keys([...EVERY_STAFF, 'APPLICATION_READ', 'PROCESS_ADMIN'])).toContain('processes');
    expect(keys([...EVERY_STAFF, 'APPLICATION_READ', 'APPLICATION_SUBMIT'])).not.toContain('approvalTasks');
  });

  it('shows 客户分析模型 to whoever may read the segment models (every member of staff)', () => {
    expect(keys([...EVERY_STAFF, 'MODEL_READ'])).toEqual(['dashboard', 'ratingAnalysis', 'segments', 'archives', 'rules', 'scorecards']);
    expect(keys([...BANK_ADMIN, 'MODEL_READ', 'MODEL_ADMIN'])).toContain('segments');
    expect(keys(EVERY_STAFF)).not.toContain('segments');
  });

  it('shows 我的提醒 to those who work reminders and 提醒督办 to supervisors', () => {
    const manager: Permission[] = [...EVERY_STAFF, 'REMINDER_WORK', 'REMINDER_SUPERVISE'];
    expect(keys(manager)).toEqual(['dashboard', 'ratingAnalysis', 'reminders', 'reminderSupervision', 'archives', 'rules', 'scorecards']);
    expect(keys([...EVERY_STAFF, 'REMINDER_WORK'])).not.toContain('reminderSupervision');
    expect(keys([...EVERY_STAFF, 'REMINDER_SUPERVISE'])).toEqual(['dashboard', 'ratingAnalysis', 'reminderSupervision', 'archives', 'rules', 'scorecards']);
  });

  it('shows 报表中心 to whoever may read reports', () => {
    expect(keys([...EVERY_STAFF, 'REPORT_READ'])).toEqual(['dashboard', 'reports', 'ratingAnalysis', 'archives', 'rules', 'scorecards']);
    expect(keys(EVERY_STAFF)).not.toContain('reports');
  });

  it('lands collectors on the archives and others on the audit log or the dashboard', () => {
    expect(homeFor(BRANCH_MANAGER)).toBe('/archives');
    expect(homeFor(AUDITOR)).toBe('/audit');
    expect(homeFor(BANK_ADMIN)).toBe('/dashboard');
  });

  it('lets rule administrators edit the sets of their own level', () => {
    expect(canEditRules(BANK_ADMIN, 'BANK', 'BANK')).toBe(true);
    expect(canEditRules(BANK_ADMIN, 'BANK', 'PROVINCE')).toBe(false);
    expect(canEditRules(BANK_ADMIN, 'PROVINCE', 'PROVINCE')).toBe(true);
    expect(canEditRules(AUDITOR, 'PROVINCE', 'PROVINCE')).toBe(false);
  });
});

describe('protected search filters and reveals', () => {
  const { PROVINCE_ANALYST: analyst, BRANCH_MANAGER: manager } = SEARCH_FILTERS;

  it("follow the API's searchFilters, by the CustomerFilter argument they name", () => {
    expect((['idNumber', 'mobile', 'name'] as const).filter((f) => canSearchBy(analyst, f))).toEqual([]);
    expect((['idNumber', 'mobile', 'name'] as const).filter((f) => canSearchBy(manager, f))).toEqual(['idNumber', 'mobile', 'name']);
    expect(countsAsLookup(manager, 'idNumber')).toBe(true);
    expect(countsAsLookup(manager, 'name')).toBe(false);
    expect(canSearchBy([], 'idNumber')).toBe(false);
  });

  it("offer a reveal only for what the archive's revealable lists", () => {
    const revealable = [{ type: 'Customer', field: 'idNumber' }, { type: 'Address', field: 'line' }];
    expect(canReveal(revealable, 'Customer', 'idNumber')).toBe(true);
    expect(canReveal(revealable, 'Customer', 'mobile')).toBe(false);
    expect(canReveal(revealable, 'Address', 'line')).toBe(true);
    expect(canReveal([], 'Customer', 'idNumber')).toBe(false);
  });
});
