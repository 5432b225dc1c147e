// What the caller may do comes from the API (backend/auth/permissions.py, the one table):
// `me.permissions` for menus and pages, `me.searchFilters` for the protected search filters, and
// per archive `viewerCan` (buttons) and `revealable` (the reveal links). The workbench keeps no
// role list: this file only says which permission each menu entry needs, in the API's terms.
import type { MessageKey } from './i18n';
import type { MeQuery, Permission } from './gql/graphql';

export type { Permission };

export interface MenuEntry {
  key: string;
  path: string;
  label: MessageKey;
  /** the permission the entry's page needs */
  permission: Permission;
}

export const MENU: MenuEntry[] = [
  { key: 'dashboard', path: '/dashboard', label: 'menu.dashboard', permission: 'STATISTICS_READ' },
  // 报表中心 (docs/reports.md): the figures of one's unit and the ranking of the units below it.
  { key: 'reports', path: '/reports', label: 'menu.reports', permission: 'REPORT_READ' },
  // The rating screens are for every member of staff (ARCHIVE_READ: the API's rating queries).
  { key: 'ratingAnalysis', path: '/rating-analysis', label: 'menu.ratingAnalysis', permission: 'ARCHIVE_READ' },
  // 客户分析模型 (docs/marketing.md): every member of staff reads the models shared with their unit.
  { key: 'segments', path: '/segments', label: 'menu.segments', permission: 'MODEL_READ' },
  // 提醒 (docs/marketing.md): one's own inbox, and the supervisors' view of their units.
  { key: 'reminders', path: '/reminders', label: 'menu.reminders', permission: 'REMINDER_WORK' },
  { key: 'reminderSupervision', path: '/reminders/supervision', label: 'menu.reminderSupervision', permission: 'REMINDER_SUPERVISE' },
  { key: 'archives', path: '/archives', label: 'menu.archives', permission: 'ARCHIVE_READ' },
  { key: 'review', path: '/review', label: 'menu.review', permission: 'ARCHIVE_REVIEW' },
  // Quota applications and their approvals (docs/approvals.md).
  { key: 'approvalTasks', path: '/approval-tasks', label: 'menu.approvalTasks', permission: 'APPROVAL_DECIDE' },
  { key: 'applications', path: '/applications', label: 'menu.applications', permission: 'APPLICATION_READ' },
  { key: 'newArchive', path: '/archives/new', label: 'menu.newArchive', permission: 'ARCHIVE_COLLECT' },
  { key: 'import', path: '/import', label: 'menu.import', permission: 'ARCHIVE_IMPORT' },
  { key: 'rules', path: '/rules', label: 'menu.rules', permission: 'RULES_READ' },
  { key: 'scorecards', path: '/scorecards', label: 'menu.scorecards', permission: 'ARCHIVE_READ' },
  { key: 'products', path: '/products', label: 'menu.products', permission: 'PRODUCT_READ' },
  { key: 'processes', path: '/processes', label: 'menu.processes', permission: 'PROCESS_ADMIN' },
  { key: 'org', path: '/org', label: 'menu.org', permission: 'ORG_ADMIN' },
  // 本行设置: a bank's extra archive fields and its watermark logo (bank administrators).
  { key: 'bankSettings', path: '/bank-settings', label: 'menu.bankSettings', permission: 'EXTRA_FIELD_ADMIN' },
  { key: 'warehouse', path: '/warehouse', label: 'menu.warehouse', permission: 'WAREHOUSE_READ' },
  { key: 'approvals', path: '/approvals', label: 'menu.approvals', permission: 'CHANGE_READ' },
  { key: 'audit', path: '/audit', label: 'menu.audit', permission: 'AUDIT_READ' },
];

export function menuFor(permissions: readonly Permission[]): MenuEntry[] {
  return MENU.filter((m) => permissions.includes(m.permission));
}

/** The page a caller lands on after login: collectors and reviewers their archives, auditors the
 * audit log, everyone else the dashboard. */
export function homeFor(permissions: readonly Permission[]): string {
  if (permissions.includes('ARCHIVE_EDIT')) return '/archives';
  if (permissions.includes('AUDIT_READ')) return '/audit';
  if (permissions.includes('STATISTICS_READ')) return '/dashboard';
  return '/archives';
}

/** Rule sets are administered in one's own scope (RULES_ADMIN): the baseline at the province,
 * a bank's sets at the bank. */
export function canEditRules(permissions: readonly Permission[], orgLevel: string | null | undefined, scope: 'PROVINCE' | 'BANK'): boolean {
  return permissions.includes('RULES_ADMIN') && orgLevel === scope;
}

/** The archive search's filters that test a protected value, by the `CustomerFilter` argument
 * the API's `me.searchFilters` names (resolvers/customers.py `_protected_filters`). */
export const PROTECTED_FILTERS = { idNumber: 'idNumber', mobile: 'mobile', name: 'namePrefix' } as const;
export type ProtectedFilter = keyof typeof PROTECTED_FILTERS;

/** `me.searchFilters`: per protected filter, whether the caller may use it and whether it is counted. */
export type SearchFilterRules = MeQuery['me']['searchFilters'];
type Rules = SearchFilterRules;

/** Whether the field policy lets the caller search by the filter (the API refuses it otherwise). */
export function canSearchBy(rules: Rules, filter: ProtectedFilter): boolean {
  return rules.some((r) => r.filter === PROTECTED_FILTERS[filter] && r.allowed);
}

/** Such searches are audited and count against the caller's protected-lookup limit. */
export function countsAsLookup(rules: Rules, filter: ProtectedFilter): boolean {
  return rules.some((r) => r.filter === PROTECTED_FILTERS[filter] && r.allowed && r.counted);
}

/** Whether the archive's `revealable` list offers this field. */
export function canReveal(revealable: readonly { type: string; field: string }[], type: string, field: string): boolean {
  return revealable.some((r) => r.type === type && r.field === field);
}
