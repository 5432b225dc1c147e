// What each role may see and do in the workbench. The API enforces all of it; this only keeps
// the menu and the buttons to what the caller's roles allow (docs/customers.md, docs/security.md).
import type { MessageKey } from './i18n';

export type Role =
  | 'CUSTOMER_MANAGER'
  | 'BRANCH_MANAGER'
  | 'BANK_APPROVER'
  | 'BANK_ADMIN'
  | 'PROVINCE_ADMIN'
  | 'PROVINCE_ANALYST'
  | 'AUDITOR';

export type ArchiveStatus = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'VERIFIED' | 'ARCHIVED';

export interface MenuEntry {
  key: string;
  path: string;
  label: MessageKey;
  roles: Role[] | 'any';
}

const ALL: Role[] | 'any' = 'any';
const REVIEWERS: Role[] = ['BRANCH_MANAGER', 'BANK_APPROVER'];
/** Who decides dual-control requests (docs/security.md "Dual control"); auditors read them. */
const DECIDERS: Role[] = ['BANK_ADMIN', 'PROVINCE_ADMIN'];

export const MENU: MenuEntry[] = [
  { key: 'dashboard', path: '/dashboard', label: 'menu.dashboard', roles: ALL },
  { key: 'archives', path: '/archives', label: 'menu.archives', roles: ALL },
  { key: 'review', path: '/review', label: 'menu.review', roles: REVIEWERS },
  { key: 'newArchive', path: '/archives/new', label: 'menu.newArchive', roles: ['CUSTOMER_MANAGER', 'BRANCH_MANAGER'] },
  { key: 'import', path: '/import', label: 'menu.import', roles: ['BRANCH_MANAGER', 'BANK_ADMIN'] },
  {
    key: 'rules',
    path: '/rules',
    label: 'menu.rules',
    roles: ['BRANCH_MANAGER', 'BANK_APPROVER', 'BANK_ADMIN', 'PROVINCE_ADMIN', 'PROVINCE_ANALYST'],
  },
  { key: 'org', path: '/org', label: 'menu.org', roles: ['BANK_ADMIN', 'PROVINCE_ADMIN'] },
  { key: 'approvals', path: '/approvals', label: 'menu.approvals', roles: [...DECIDERS, 'AUDITOR'] },
  { key: 'audit', path: '/audit', label: 'menu.audit', roles: ['AUDITOR'] },
];

export function hasAny(roles: readonly string[], allowed: readonly Role[] | 'any'): boolean {
  return allowed === 'any' || roles.some((r) => (allowed as readonly string[]).includes(r));
}

export function menuFor(roles: readonly string[]): MenuEntry[] {
  return MENU.filter((m) => hasAny(roles, m.roles));
}

/** The page a role lands on after login. */
export function homeFor(roles: readonly string[]): string {
  if (hasAny(roles, ['CUSTOMER_MANAGER', 'BRANCH_MANAGER', 'BANK_APPROVER'])) return '/archives';
  if (hasAny(roles, ['AUDITOR'])) return '/audit';
  return '/dashboard';
}

const COLLECTORS: Role[] = ['CUSTOMER_MANAGER', 'BRANCH_MANAGER', 'BANK_APPROVER'];

export interface ArchiveActions {
  edit: boolean;
  submit: boolean;
  verify: boolean;
  returnForRework: boolean;
  close: boolean;
  transfer: boolean;
}

export function archiveActions(roles: readonly string[], status: ArchiveStatus): ArchiveActions {
  const reviewer = hasAny(roles, REVIEWERS);
  return {
    edit: status !== 'ARCHIVED' && hasAny(roles, COLLECTORS) && (status !== 'SUBMITTED' || reviewer),
    submit: (status === 'DRAFT' || status === 'RETURNED') && hasAny(roles, COLLECTORS),
    verify: status === 'SUBMITTED' && reviewer,
    returnForRework: status === 'SUBMITTED' && reviewer,
    close: status !== 'ARCHIVED' && hasAny(roles, ['BRANCH_MANAGER', 'BANK_ADMIN']),
    transfer: status !== 'ARCHIVED' && hasAny(roles, ['BRANCH_MANAGER', 'BANK_ADMIN']),
  };
}

/** How a role sees a field (backend/auth/policies.py `Visibility`), least to most. */
export type Visibility = 'HIDDEN' | 'MASKED' | 'REVEAL' | 'FULL';
const RANK: Record<Visibility, number> = { HIDDEN: 0, MASKED: 1, REVEAL: 2, FULL: 3 };

interface FieldPolicy {
  rules: Partial<Record<Role, Visibility>>;
  /** for roles the rules do not name */
  default: Visibility;
}

const CUSTOMER_PHONE: FieldPolicy = {
  rules: { CUSTOMER_MANAGER: 'FULL', BRANCH_MANAGER: 'FULL', BANK_APPROVER: 'REVEAL', AUDITOR: 'REVEAL', BANK_ADMIN: 'MASKED', PROVINCE_ADMIN: 'MASKED', PROVINCE_ANALYST: 'MASKED' },
  default: 'HIDDEN',
};
const ADDRESS_LINE: FieldPolicy = {
  rules: { CUSTOMER_MANAGER: 'FULL', BRANCH_MANAGER: 'FULL', BANK_APPROVER: 'FULL', AUDITOR: 'REVEAL', BANK_ADMIN: 'MASKED', PROVINCE_ADMIN: 'MASKED', PROVINCE_ANALYST: 'MASKED' },
  default: 'HIDDEN',
};

/**
 * The archive fields of the API's field policy table (backend/auth/policies.py FIELD_POLICIES),
 * for staff roles. permissions.test.ts compares it with the backend's table, so a change there
 * fails here until this copy follows. The API applies the policy; the workbench only uses it to
 * offer what the role can use (reveal buttons, search filters).
 */
export const FIELD_POLICIES = {
  'Customer.idNumber': {
    rules: { CUSTOMER_MANAGER: 'REVEAL', BRANCH_MANAGER: 'REVEAL', BANK_APPROVER: 'REVEAL', AUDITOR: 'REVEAL', BANK_ADMIN: 'MASKED', PROVINCE_ADMIN: 'MASKED', PROVINCE_ANALYST: 'MASKED' },
    default: 'HIDDEN',
  },
  'Customer.mobile': CUSTOMER_PHONE,
  'Customer.altPhone': CUSTOMER_PHONE,
  'Customer.name': { rules: { PROVINCE_ANALYST: 'MASKED' }, default: 'FULL' },
  'Address.line': ADDRESS_LINE,
  'Household.registerNo': ADDRESS_LINE,
  'Social.remarks': ADDRESS_LINE,
} satisfies Record<string, FieldPolicy>;

export type PolicyField = keyof typeof FIELD_POLICIES;

/** The caller's visibility of a field: the most permissive of their roles (as the API decides). */
export function visibility(roles: readonly string[], field: PolicyField): Visibility {
  const policy: FieldPolicy = FIELD_POLICIES[field];
  const matched = roles.filter((r): r is Role => r in policy.rules).map((r) => policy.rules[r]!);
  if (!matched.length) return policy.default;
  return matched.reduce((best, v) => (RANK[v] > RANK[best] ? v : best));
}

/** Whether the role sees the field masked and may reveal it through the audited `reveal` mutation. */
export function canReveal(roles: readonly string[], field: PolicyField | string): boolean {
  return field in FIELD_POLICIES && visibility(roles, field as PolicyField) === 'REVEAL';
}

/** The archive search's filters that test a protected value, and the field each tests
 * (resolvers/customers.py `_protected_filters`). */
export const PROTECTED_FILTERS = { idNumber: 'Customer.idNumber', mobile: 'Customer.mobile', name: 'Customer.name' } as const satisfies Record<string, PolicyField>;
export type ProtectedFilter = keyof typeof PROTECTED_FILTERS;

/**
 * Searching by a protected value follows the policy of the value (docs/customers.md "Search"):
 * refused (FORBIDDEN) below REVEAL, so such filters are not offered; with REVEAL allowed but
 * audited and counted against the protected-lookup limit (`countsAsLookup`).
 */
export function canSearchBy(roles: readonly string[], filter: ProtectedFilter): boolean {
  return RANK[visibility(roles, PROTECTED_FILTERS[filter])] >= RANK.REVEAL;
}

export function countsAsLookup(roles: readonly string[], filter: ProtectedFilter): boolean {
  return visibility(roles, PROTECTED_FILTERS[filter]) === 'REVEAL';
}

export function isMasked(value: string | null | undefined): boolean {
  return !!value && value.includes('*');
}

export function canEditRules(roles: readonly string[], scope: 'PROVINCE' | 'BANK'): boolean {
  return scope === 'PROVINCE' ? hasAny(roles, ['PROVINCE_ADMIN']) : hasAny(roles, ['BANK_ADMIN']);
}

export function canImport(roles: readonly string[]): boolean {
  return hasAny(roles, ['BRANCH_MANAGER', 'BANK_ADMIN']);
}

/** deleteImage: the roles its schema description names (backend/images/service.py DELETERS). */
export function canDeleteImages(roles: readonly string[]): boolean {
  return hasAny(roles, ['CUSTOMER_MANAGER', 'BRANCH_MANAGER', 'BANK_APPROVER', 'BANK_ADMIN']);
}

/** The review inbox (reviewInbox, verifyArchives). */
export function canReview(roles: readonly string[]): boolean {
  return hasAny(roles, REVIEWERS);
}

/** pendingChanges: administrators decide, auditors read. */
export function canSeePendingChanges(roles: readonly string[]): boolean {
  return hasAny(roles, [...DECIDERS, 'AUDITOR']);
}

export function canDecidePendingChanges(roles: readonly string[]): boolean {
  return hasAny(roles, DECIDERS);
}
