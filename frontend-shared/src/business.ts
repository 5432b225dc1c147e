// The customer's business with the bank (`Customer.bankBusiness`, docs/business-data.md) as both
// front ends show it. Amounts are the API's `Money`: a decimal string of yuan ("65000.00"), never
// fen. Where the field policy withholds a figure (a province analyst gets `null`), the amount's
// `AmountBand` is shown instead: the band is always present.
import { enumLabel } from './labels';
import type { Locale } from './locale';

/** A Money value (yuan as a decimal string) with thousands separators and two decimals:
 * "65000" -> "¥65,000.00"; null -> "—". */
export function formatYuan(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const [whole, fraction = ''] = value.trim().split('.');
  const negative = whole.startsWith('-');
  const digits = (negative ? whole.slice(1) : whole).replace(/^0+(?=\d)/, '') || '0';
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${grouped}.${(fraction + '00').slice(0, 2)}`;
}

/** The figure when the API gave it, else the label of its band ("5万-10万元"). */
export function amountOrBand(amount: string | null | undefined, band: string | null | undefined, locale: Locale): string {
  if (amount !== null && amount !== undefined && amount !== '') return formatYuan(amount);
  return band ? enumLabel('AmountBand', band, locale) : '—';
}

/** Whether the figures were withheld (the viewer sees bands only). */
export function amountsWithheld(b: { depositBalance?: string | null; loanBalance?: string | null }): boolean {
  return (b.depositBalance === null || b.depositBalance === undefined) && (b.loanBalance === null || b.loanBalance === undefined);
}

export interface BusinessSummaryInput {
  depositBalance?: string | null;
  depositBand: string;
  loanBalance?: string | null;
  loanBand: string;
  overdueDays: number;
}

/** One line: "存款 ¥65,000.00 · 贷款 ¥120,000.50 · 逾期 12 天" (bands where the figures are withheld). */
export function businessSummary(b: BusinessSummaryInput, locale: Locale): string {
  const deposit = amountOrBand(b.depositBalance, b.depositBand, locale);
  const loan = amountOrBand(b.loanBalance, b.loanBand, locale);
  return locale === 'zh'
    ? `存款 ${deposit} · 贷款 ${loan} · 逾期 ${b.overdueDays} 天`
    : `Deposits ${deposit} · Loans ${loan} · Overdue ${b.overdueDays} ${b.overdueDays === 1 ? 'day' : 'days'}`;
}

/** Ant Design tag colours of the five-category loan classes: green for normal, red for the
 * non-performing ones. */
export const LOAN_CLASS_COLORS: Readonly<Record<string, string>> = {
  NORMAL: 'green',
  SPECIAL_MENTION: 'gold',
  SUBSTANDARD: 'orange',
  DOUBTFUL: 'volcano',
  LOSS: 'red',
};
