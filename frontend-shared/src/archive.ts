// Archive values as both front ends read, compare and send them: identifiers canonicalised the
// way the server reads them, masked values recognised, the bank's extra-field values taken out of
// their typed union, and amounts compared by meaning.

/** An identifier (ID number, phone, credit code, region code) as typed -> the server's canonical
 * form (backend/customers/identity.py `canonical`): NFKC, so full-width digits and Ｘ typed through
 * a Chinese IME are the ASCII ones, and surrounding blanks removed. */
export function canonicalIdentifier(raw: string | null | undefined): string {
  return (raw ?? '').normalize('NFKC').trim();
}

/** Whether a (canonical) identifier still holds a character outside ASCII (Arabic-Indic digits,
 * a mix of scripts): not the same number to any other system, so the server refuses it. */
export function hasNonAscii(value: string): boolean {
  return /[^\x00-\x7f]/.test(value);
}

/** The server's refusal of such an identifier, word for word. */
export const NON_ASCII = {
  code: 'NON_ASCII_CHARACTERS',
  message: '只能使用半角数字和字母',
  messageEn: 'only ASCII digits and letters are allowed',
} as const;

/** A value the field policy masked (`350102********0016`, `138****5678`, `陈**`). Sent back
 * untouched, it means "unchanged" to the server. */
export function isMasked(value: string | null | undefined): boolean {
  return !!value && value.includes('*');
}

/** An ID number as the archive lists show it to everyone: first 6 and last 4 (a masked one as it is). */
export function maskIdNumber(id: string): string {
  return id.length === 18 && !id.includes('*') ? `${id.slice(0, 6)}********${id.slice(-4)}` : id;
}

/** One of the `ExtraFieldValue` union members (TextFieldValue, NumberFieldValue, ...). */
export type ExtraFieldValueLike =
  | { code: string; text: string }
  | { code: string; number: number | string }
  | { code: string; date: string }
  | { code: string; choice: string }
  | { code: string; flag: boolean }
  | { code: string };

/** The value of an extra field, whatever its kind; null when the union member carries none. */
export function extraFieldValue(f: ExtraFieldValueLike): string | boolean | null {
  if ('text' in f) return f.text;
  if ('number' in f) return String(f.number);
  if ('date' in f) return f.date;
  if ('choice' in f) return f.choice;
  if ('flag' in f) return f.flag;
  return null;
}

/** The text an extra field's value is sent as (`ExtraFieldInput.value`): booleans as true/false. */
export function extraFieldInputValue(value: string | boolean | null | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal as compared by meaning ("80000" and "80000.00", "12.5" and "12.50" are equal);
 * anything else (and identifiers with a leading zero or too long for a double) as it is. */
export function canonicalAmount(value: string): string {
  const t = value.trim();
  return DECIMAL.test(t) && !/^-?0\d/.test(t) && t.length < 16 ? String(Number(t)) : t;
}
