// The sync queue in words: why an entry waits for the manager, in the UI's language, never as a
// code. The server words its refusals (`message` / `messageEn`, the messageZh of a top-level
// error); where only a code is kept (an entry's lastError, "DUPLICATE_ARCHIVE, INVALID_ID"), the
// shared labels word it: the client's failure phrases (@cic/shared/apiErrors), then the API's
// error codes (@cic/shared/labels), else a generic phrase.
import { API_ERROR_LABELS, apiErrorLabel } from '@cic/shared/apiErrors';
import { ENUM_LABELS } from '@cic/shared/labels';
import type { Locale } from '@cic/shared/locale';

/** One code in words. */
export function codeLabel(code: string, locale: Locale): string {
  if (API_ERROR_LABELS[code] || code.startsWith('HTTP_5')) return apiErrorLabel(code, locale);
  const label = ENUM_LABELS.ArchiveErrorCode[code];
  return label ? label[locale === 'zh' ? 0 : 1] : apiErrorLabel('UNKNOWN', locale);
}

const CODES = /^[A-Z][A-Z0-9_]*(?:\s*,\s*[A-Z][A-Z0-9_]*)*$/;

/** A kept failure (codes joined by commas, or a message the server wrote) in words. */
export function failureText(value: string | null | undefined, locale: Locale): string {
  const text = (value ?? '').trim();
  if (!text) return apiErrorLabel('REFUSED', locale);
  if (!CODES.test(text)) return text;
  return [...new Set(text.split(/\s*,\s*/).map((c) => codeLabel(c, locale)))].join(locale === 'zh' ? '；' : '; ');
}

/** The server's refusal of an entry, in the UI's language: each error's message, else its code's
 * label; the kept codes when there are no errors (a row refreshed since). */
export function refusalText(errors: { code: string; message: string; messageEn?: string | null }[] | undefined, fallback: string | null | undefined, locale: Locale): string {
  const sep = locale === 'zh' ? '；' : '; ';
  const words = (errors ?? []).map((e) => (locale === 'zh' ? e.message : e.messageEn || e.message) || codeLabel(e.code, locale)).filter(Boolean);
  return words.length ? [...new Set(words)].join(sep) : failureText(fallback, locale);
}
