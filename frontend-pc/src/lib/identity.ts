// What a resident ID number (GB 11643) holds that the workbench shows once the full number is
// known: the birth date. The API withholds `birthDate` wherever it masks the ID number (the 6+4
// mask hides exactly the birth date); after an audited reveal of the number it is no secret.

/** The birth date in an 18-digit (or first-generation 15-digit) ID number, as YYYY-MM-DD; null
 * when the number holds no real date. */
export function birthDateOf(idNumber: string): string | null {
  const n = idNumber.trim().toUpperCase();
  const digits = /^\d{17}[\dX]$/.test(n) ? n.slice(6, 14) : /^\d{15}$/.test(n) ? '19' + n.slice(6, 12) : null;
  if (!digits) return null;
  const [y, m, d] = [Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}
