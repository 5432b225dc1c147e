// How one labelled change of an archive's history reads (ArchiveChange.changes): the label in
// the user's language, money in yuan, enum values by their labels, yes/no, mu; a value the field
// policy withholds says so instead of looking empty.
import { enumLabel, type EnumName, ENUM_LABELS } from '@cic/shared/labels';
import { formatYuan } from '@cic/shared/business';
import type { Locale } from '@cic/shared/locale';
import type { Translate } from '../i18n';

export interface FieldChange {
  path: string;
  label: string;
  labelEn: string;
  kind: string;
  enumType?: string | null;
  before?: string | null;
  after?: string | null;
  withheld: boolean;
}

export function changeLabel(change: FieldChange, locale: Locale): string {
  return locale === 'zh' ? change.label : change.labelEn;
}

/** One side of a change as text; `null` when there was no value (shown as —). */
export function changeValue(change: FieldChange, value: string | null | undefined, t: Translate, locale: Locale): string | null {
  if (value === null || value === undefined || value === '') return change.withheld ? t('history.withheld') : null;
  switch (change.kind) {
    case 'MONEY':
      return formatYuan(value);
    case 'ENUM':
      return change.enumType && change.enumType in ENUM_LABELS ? enumLabel(change.enumType as EnumName, value, locale) : value;
    case 'BOOLEAN':
      return value === 'true' ? t('common.yes') : value === 'false' ? t('common.no') : value;
    case 'AREA':
      return t('history.mu', { value });
    default:
      return value;
  }
}

/** Who made a change: the staff member by name, a client by its id, nobody (CIC itself) as 系统. */
export function changeActor(change: { changedBy?: { name: string; employeeNo: string } | null; changedByClient?: string | null }, t: Translate): string {
  if (change.changedBy) return `${change.changedBy.name}（${change.changedBy.employeeNo}）`;
  return change.changedByClient ?? t('history.system');
}
