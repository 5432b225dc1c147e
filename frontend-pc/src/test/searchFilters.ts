import type { SearchFilterRules } from '../permissions';

const rule = (filter: string, allowed: boolean, counted = false) => ({ filter, allowed, counted });

/** `me.searchFilters` as the API answers it for each role (backend/auth/lookups.py): which
 * protected filters the role may search by, and which of them count as lookups of personal data. */
export const SEARCH_FILTERS: Record<'PROVINCE_ANALYST' | 'BANK_ADMIN' | 'CUSTOMER_MANAGER' | 'BRANCH_MANAGER', SearchFilterRules> = {
  PROVINCE_ANALYST: [rule('idNumber', false), rule('mobile', false), rule('namePrefix', false)],
  BANK_ADMIN: [rule('idNumber', false), rule('mobile', false), rule('namePrefix', true)],
  CUSTOMER_MANAGER: [rule('idNumber', true, true), rule('mobile', true), rule('namePrefix', true)],
  BRANCH_MANAGER: [rule('idNumber', true, true), rule('mobile', true), rule('namePrefix', true)],
};
