// The 信用评级 tab's reading of a rating (`customer.rating`, docs/rating.md). Pure, tested in
// rating.test.ts.
//
// An item's `value` is what the card read, as the API stores it: a number (yuan for money), or
// for a category item the archive's code (SENIOR, AA, LOSS, true ...). The tab shows words, so a
// code is shown as the label of the enum it belongs to.
import { enumLabel, type Translate } from '../i18n';

/** The enums (by the workbench's prefix, i18n/index.tsx) whose values a card's category items can
 * read: the archive fields of the rules catalog and the loan class of the business aggregates.
 * No value is in two of them. */
const VALUE_ENUMS = ['education', 'marital', 'health', 'rating', 'loanClass', 'status', 'channel', 'gender'] as const;

/** An item's value in words: "—" when missing, 是/否 for a yes/no field, an enum value's label,
 * else the value as the API gives it (numbers). */
export function ratingValue(value: string | null | undefined, t: Translate): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value === 'true') return t('common.yes');
  if (value === 'false') return t('common.no');
  if (/^[A-Z][A-Z0-9_]*$/.test(value)) {
    for (const prefix of VALUE_ENUMS) {
      const label = enumLabel(t, prefix, value);
      if (label !== value) return label;
    }
  }
  return value;
}

/** An item's points as a share of the most it could earn, for a progress bar (0-100). */
export function pointsPercent(points: number, maxPoints: number): number {
  if (maxPoints <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((points / maxPoints) * 100)));
}

/** Whether the field policy withheld the explanation (a province analyst: no items, reasons or
 * quota, only the score and the grade). */
export function ratingDetailHidden(rating: { items?: readonly unknown[] | null }): boolean {
  return rating.items === null || rating.items === undefined;
}
