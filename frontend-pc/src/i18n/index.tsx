import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { enumLabel as sharedEnumLabel } from '@cic/shared/labels';
import { en, zh, type MessageKey } from './messages';

export type Locale = 'zh' | 'en';
/** `t`; it carries its locale for the shared enum labels. */
export type Translate = ((key: MessageKey, vars?: Record<string, string | number>) => string) & { readonly locale?: Locale };

const translator = (locale: Locale): Translate => Object.assign((key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars), { locale });

const tables: Record<Locale, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'cic.pc.locale';

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = tables[locale][key] ?? zh[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

/** The workbench's prefixes of the API's enums: their labels are the shared ones
 * (@cic/shared/labels, one table for both front ends, tested against the schema). */
const SCHEMA_ENUMS: Record<string, string> = {
  status: 'ArchiveStatus', channel: 'Channel', education: 'Education', marital: 'MaritalStatus', health: 'Health', relation: 'Relation',
  labour: 'LabourCapacity', livestock: 'LivestockKind', asset: 'AssetKind', rating: 'VillageRating', imageKind: 'ImageKind',
  'images.status': 'ImageStatus', 'images.verdict': 'ImageVerdict', role: 'Role', level: 'OrgLevel', 'org.userStatus': 'StaffStatus',
  changeKind: 'ChangeKind', changeStatus: 'ChangeStatus', severity: 'Severity', ruleKind: 'RuleKind', origin: 'RuleScope',
  amountBand: 'AmountBand', loanClass: 'LoanClass', ratingVeto: 'RatingVeto', service: 'ServiceKind', warehouseSubject: 'WarehouseSubject',
  warehouseStatus: 'WarehouseImportStatus', warehouseError: 'WarehouseErrorCode', warehouseReject: 'WarehouseRejectCode',
  scorecardStatus: 'ScorecardStatus', scorecardItemKind: 'ScorecardItemKind', ratingWarningKind: 'RatingWarningKind',
  applicationStatus: 'ApplicationStatus', applicationChannel: 'ApplicationChannel', taskStatus: 'ApprovalTaskStatus',
  applicationEventAction: 'ApplicationEventAction', processStatus: 'ProcessStatus', quotaStatus: 'QuotaStatus', taskBox: 'TaskBox',
  quotaChange: 'QuotaChange', productStatus: 'ProductStatus', repayment: 'RepaymentMethod', productChannel: 'ProductChannel',
  approvalError: 'ApprovalErrorCode', productError: 'ProductErrorCode', loanStatus: 'LoanStatus', textEvent: 'TextMessageEvent',
  textStatus: 'TextMessageStatus', segmentStatus: 'SegmentModelStatus', marketingError: 'MarketingErrorCode', fieldType: 'FieldType',
  reminderKind: 'ReminderKind', reminderStatus: 'ReminderStatus', reminderAction: 'ReminderAction', contactChannel: 'ContactChannel',
  contactOutcome: 'ContactOutcome', reportLevel: 'ReportLevel', reportOrder: 'ReportOrder',
};

/** A label for an enum value, e.g. enumLabel(t, 'status', 'DRAFT'); unknown values show as they are. */
export function enumLabel(t: Translate, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const schemaEnum = SCHEMA_ENUMS[prefix];
  if (schemaEnum) return sharedEnumLabel(schemaEnum, value, t.locale ?? 'zh');
  const key = `${prefix}.${value}` as MessageKey;
  return key in zh ? t(key) : value;
}

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18n>({
  locale: 'zh',
  setLocale: () => undefined,
  t: translator('zh'),
});

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setState] = useState<Locale>(() => {
    if (initial) return initial;
    const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
    return saved === 'en' ? 'en' : 'zh';
  });
  const setLocale = useCallback((next: Locale) => {
    setState(next);
    if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const value = useMemo<I18n>(() => ({ locale, setLocale, t: translator(locale) }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export type { MessageKey };
