/** Money comes as a decimal string of yuan ("1234.50"); show it with thousands separators
 * (one implementation for both front ends: @cic/shared/business). */
export { formatYuan as formatMoney } from '@cic/shared/business';
