// Every option list of the archive form, from the one table both front ends label enums with
// (@cic/shared/labels, tested against the schema): the PAD offers the values the PC offers, in
// the same order, with the same words, and neither can drift from the other.
import { ENUM_LABELS } from '@cic/shared/labels';

/** The form's choice groups (the PAD's i18n groups) and the schema enum each one is. */
export const OPTION_ENUMS = {
  education: 'Education',
  maritalStatus: 'MaritalStatus',
  health: 'Health',
  relation: 'Relation',
  labour: 'LabourCapacity',
  livestock: 'LivestockKind',
  asset: 'AssetKind',
  rating: 'VillageRating',
} as const;

export type OptionGroup = keyof typeof OPTION_ENUMS;

/** The values of a choice group, in the shared table's order. */
export function optionValues(group: OptionGroup): string[] {
  return Object.keys(ENUM_LABELS[OPTION_ENUMS[group]]);
}
