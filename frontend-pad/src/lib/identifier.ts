// Identifiers (ID numbers, phones, credit codes, region codes) as the server reads them
// (backend/customers/identity.py `canonical`): NFKC first, so full-width digits and Ｘ typed
// through a Chinese IME are the ASCII ones; whatever is still not ASCII afterwards (Arabic-Indic
// digits, a mix of scripts) is refused, because it is not the same number to any other system.
// Used before the device checks and before sending.

/** An identifier as typed -> its canonical form: NFKC, surrounding blanks removed. */
export function canonicalIdentifier(raw: string | null | undefined): string {
  return (raw ?? '').normalize('NFKC').trim();
}

/** Whether a (canonical) identifier still holds a character outside ASCII. */
export function hasNonAscii(value: string): boolean {
  return /[^\x00-\x7f]/.test(value);
}

/** The server's refusal of such an identifier, word for word. */
export const NON_ASCII = {
  code: 'NON_ASCII_CHARACTERS',
  message: '只能使用半角数字和字母',
  messageEn: 'only ASCII digits and letters are allowed',
} as const;
