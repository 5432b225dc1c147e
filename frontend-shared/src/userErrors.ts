// Expected refusals are data: every mutation payload has `errors: [<Domain>Error!]!`, each
// implementing the API's `UserError` interface (field, message, messageEn) with a typed `code`
// (ArchiveErrorCode, ImageErrorCode, ...). `field` is the camelCase input path of the field it is
// about (`familyMembers[0].idNumber`, `rules[2].params.expression`); forms address fields by name
// paths (['familyMembers', 0, 'idNumber']) or by keys (`familyMembers.0.idNumber`). These helpers
// map one to the other and sort errors into "on a field" and "above the form".
import type { Locale } from './locale';

export interface UserError<C extends string = string> {
  field?: string | null;
  code: C;
  message: string;
  messageEn: string;
}

export type NamePath = (string | number)[];

/** The error's message in the UI's language. */
export function userErrorText(e: Pick<UserError, 'message' | 'messageEn'>, locale: Locale): string {
  return locale === 'zh' ? e.message : e.messageEn || e.message;
}

/** "familyMembers[0].idNumber" -> ["familyMembers", 0, "idNumber"]; "input."/"archive." prefixes are dropped. */
export function pathToNamePath(path: string, dropPrefixes: string[] = ['input.', 'archive.']): NamePath {
  let p = path;
  for (const prefix of dropPrefixes) if (p.startsWith(prefix)) p = p.slice(prefix.length);
  const parts: NamePath = [];
  for (const segment of p.split('.')) {
    const re = /([^[\]]+)|\[(\d+)\]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(segment))) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  }
  return parts;
}

/** `familyMembers[0].idNumber` -> `familyMembers.0.idNumber`: one key style for error lookup. */
export function errorKey(field: string | null | undefined): string {
  return (field ?? '').replace(/\[(\d+)\]/g, '.$1');
}

export interface FieldErrors {
  /** errors a form field can show: name path -> messages */
  fields: { name: NamePath; errors: string[] }[];
  /** errors without a field the form knows: shown above the form */
  general: string[];
}

/**
 * Group payload errors by form field. `known(namePath)` says whether the form has that field;
 * errors about unknown fields (or none) become general errors, with their path for context.
 */
export function splitErrors(errors: readonly UserError[], locale: Locale, known: (name: NamePath) => boolean, prefixes?: string[]): FieldErrors {
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const general: string[] = [];
  for (const e of errors) {
    const text = userErrorText(e, locale);
    if (e.field) {
      const name = pathToNamePath(e.field, prefixes);
      if (known(name)) {
        const key = JSON.stringify(name);
        const entry = byField.get(key) ?? { name, errors: [] };
        entry.errors.push(text);
        byField.set(key, entry);
        continue;
      }
      general.push(`${e.field}: ${text}`);
      continue;
    }
    general.push(text);
  }
  return { fields: [...byField.values()], general };
}
