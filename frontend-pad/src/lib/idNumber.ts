// Resident ID numbers (GB 11643) checked on the device with the server's rules
// (backend/customers/identity.py parse_resident_id, python-stdnum's cn.ric): 18 characters (a
// 15-digit first-generation number is converted), 17 digits then a digit or X, the ISO 7064
// MOD 11-2 check character, a real birth date (1900 .. today), and a region code not abolished
// before the birth year (GB/T 2260 history, src/lib/idRegions.json from stdnum's table).
// src/lib/idVectors.json holds the server's answers for a few hundred numbers; the tests compare.
import regions from './idRegions.json';
import { NON_ASCII, canonicalIdentifier, hasNonAscii } from '@cic/shared/archive';

export { isMasked } from '@cic/shared/archive';

export type IdErrorCode =
  | 'NON_ASCII_CHARACTERS'
  | 'ID_INVALID_LENGTH'
  | 'ID_INVALID_FORMAT'
  | 'ID_INVALID_CHECKSUM'
  | 'ID_INVALID_BIRTH_DATE'
  | 'ID_UNKNOWN_REGION';

export interface ParsedId {
  number: string;
  birthDate: string; // YYYY-MM-DD
  gender: 'MALE' | 'FEMALE';
  regionCode: string;
  convertedFrom15: boolean;
}

export type IdResult = { ok: true; value: ParsedId } | { ok: false; code: IdErrorCode; message: string; messageEn: string };

const MESSAGES: Record<IdErrorCode, [string, string]> = {
  NON_ASCII_CHARACTERS: [NON_ASCII.message, NON_ASCII.messageEn],
  ID_INVALID_LENGTH: ['身份证号码应为18位（或15位旧号码）', 'ID number must have 18 (or legacy 15) characters'],
  ID_INVALID_FORMAT: ['身份证号码前17位须为数字，末位为数字或X', 'ID number: 17 digits then a digit or X'],
  ID_INVALID_CHECKSUM: ['身份证号码校验位错误，请核对', 'ID number check digit is wrong'],
  ID_INVALID_BIRTH_DATE: ['身份证号码中的出生日期无效', 'the birth date in the ID number is invalid'],
  ID_UNKNOWN_REGION: ['身份证号码中的地区代码不存在', 'the region code in the ID number does not exist'],
};

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const REGIONS = regions as Record<string, string>;

/** The check character of the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** A 15-digit first-generation number: century "19" inserted and a check character added. */
export function upgrade15(number: string): string {
  const first17 = number.slice(0, 6) + '19' + number.slice(6);
  return first17 + checkCharacter(first17);
}

function fail(code: IdErrorCode): IdResult {
  const [message, messageEn] = MESSAGES[code];
  return { ok: false, code, message, messageEn };
}

function realDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Is the region code genuine for someone born in that year? The code is the one of the office
 * that issued the number, possibly years after the birth, so a code created later is fine; only
 * one abolished before the birth year (every period ended before it) is refused (the server's
 * region_valid_for_birth). */
export function regionValidIn(code: string, year: number): boolean {
  const periods = REGIONS[code];
  if (periods === undefined) return false;
  if (periods === '') return true;
  return periods.split(',').some((period) => {
    const end = period.split('-')[1];
    return !end || year <= Number(end);
  });
}

export function isoToday(now: Date = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

export function parseResidentId(raw: string, today: string = isoToday()): IdResult {
  // Full-width digits and Ｘ are the same number; other digits are refused (identifier.ts).
  let number = canonicalIdentifier(raw).toUpperCase();
  if (hasNonAscii(number)) return fail('NON_ASCII_CHARACTERS');
  let converted = false;
  if (number.length === 15) {
    if (!/^\d{15}$/.test(number)) return fail('ID_INVALID_FORMAT');
    number = upgrade15(number);
    converted = true;
  }
  if (number.length !== 18) return fail('ID_INVALID_LENGTH');
  if (!/^\d{17}/.test(number)) return fail('ID_INVALID_FORMAT');
  if (number[17] !== checkCharacter(number)) return fail('ID_INVALID_CHECKSUM');
  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  if (!realDate(year, month, day)) return fail('ID_INVALID_BIRTH_DATE');
  if (!regionValidIn(number.slice(0, 6), year)) return fail('ID_UNKNOWN_REGION');
  const birthDate = number.slice(6, 10) + '-' + number.slice(10, 12) + '-' + number.slice(12, 14);
  if (birthDate > today || year < 1900) return fail('ID_INVALID_BIRTH_DATE');
  return {
    ok: true,
    value: {
      number,
      birthDate,
      gender: Number(number[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
      regionCode: number.slice(0, 6),
      convertedFrom15: converted,
    },
  };
}

/** Age in whole years on `today` (YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string = isoToday()): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

