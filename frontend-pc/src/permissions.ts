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

/** Fields a role may reveal in full through the audited `reveal` mutation (backend/auth/policies.py). */
const REVEAL: Record<string, Role[]> = {
  'Customer.idNumber': ['CUSTOMER_MANAGER', 'BRANCH_MANAGER', 'BANK_APPROVER', 'AUDITOR'],
  'Customer.mobile': ['BANK_APPROVER', 'AUDITOR'],
  'Customer.altPhone': ['BANK_APPROVER', 'AUDITOR'],
  'Address.line': ['AUDITOR'],
};

export function canReveal(roles: readonly string[], typeField: keyof typeof REVEAL | string): boolean {
  const allowed = REVEAL[typeField];
  return !!allowed && hasAny(roles, allowed);
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
