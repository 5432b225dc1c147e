// Chinese by default, English on a switch (kept in localStorage). t('key') looks up a message;
// label(path) names an archive field for the form and the conflict screen.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { apiErrorLabel } from '@cic/shared/apiErrors';
import { enumLabel as sharedEnumLabel } from '@cic/shared/labels';
import { EN, ZH, type Messages } from './messages';

/** The PAD's groups that are the API's enums: their labels are the shared ones (@cic/shared/labels,
 * one table for both front ends, tested against the schema). The others (queue and photo states,
 * the local-only status LOCAL) are the PAD's own, in messages.ts. */
const SCHEMA_ENUMS: Record<string, string> = {
  education: 'Education', maritalStatus: 'MaritalStatus', health: 'Health', relation: 'Relation', labour: 'LabourCapacity',
  livestock: 'LivestockKind', asset: 'AssetKind', rating: 'VillageRating', image: 'ImageKind', status: 'ArchiveStatus',
  ratingVeto: 'RatingVeto', application: 'ApplicationStatus', repayment: 'RepaymentMethod', quota: 'QuotaStatus', approvalError: 'ApprovalErrorCode',
  reminderKind: 'ReminderKind', reminderStatus: 'ReminderStatus', reminderAction: 'ReminderAction', contactChannel: 'ContactChannel', contactOutcome: 'ContactOutcome',
  marketingError: 'MarketingErrorCode',
};

export type Locale = 'zh' | 'en';

export interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: (key: keyof Messages, vars?: Record<string, string | number>) => string;
  label: (path: string) => string;
  enumLabel: (group: string, value: string | null | undefined) => string;
  /** A failure code in words (an unknown code gets a generic phrase, never the code). */
  errorLabel: (code: string | null | undefined) => string;
}

const Context = createContext<I18n | null>(null);

function format(text: string, vars?: Record<string, string | number>): string {
  return vars ? text.replace(/\{(\w+)\}/g, (_m, k) => String(vars[k] ?? '')) : text;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => (localStorage.getItem('cic.pad.locale') === 'en' ? 'en' : 'zh'));
  const value = useMemo<I18n>(() => {
    const messages = locale === 'zh' ? ZH : EN;
    return {
      locale,
      setLocale: (l) => {
        localStorage.setItem('cic.pad.locale', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        setLocaleState(l);
      },
      t: (key, vars) => format(typeof messages[key] === 'string' ? (messages[key] as string) : String(key), vars),
      label: (path) => {
        const key = path.replace(/\[\d+\]/g, '');
        if (key.startsWith('extraFields.')) return key.slice('extraFields.'.length);
        return messages.fields[key] ?? key;
      },
      enumLabel: (group, v) => {
        if (!v) return '';
        const own = messages.enums[group]?.[v];
        if (own) return own;
        return SCHEMA_ENUMS[group] ? sharedEnumLabel(SCHEMA_ENUMS[group], v, locale) : v;
      },
      errorLabel: (code) => apiErrorLabel(code, locale),
    };
  }, [locale]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
