// Device-side checks before an archive is queued, with the server's field paths and codes
// (backend/customers/validation.py) so the same error lands on the same field. The server stays
// the judge: whatever it refuses comes back with the same shape and is shown the same way.
import type { ArchiveDraft, FamilyMemberDraft } from './archive';
import type { LabourCapacity } from '../gql/graphql';
import { NON_ASCII, canonicalIdentifier, hasNonAscii, isMasked } from '@cic/shared/archive';
import { errorKey as errorKeyOf } from '@cic/shared/userErrors';
import { ageOn, isoToday, parseResidentId } from './idNumber';

export interface FieldError {
  field: string | null;
  code: string;
  message: string;
  messageEn: string;
}

export interface ExtraFieldSpec {
  code: string;
  labelZh: string;
  labelEn: string;
  kind: 'TEXT' | 'NUMBER' | 'DATE' | 'CHOICE' | 'BOOLEAN';
  required: boolean;
  choices?: string[] | null;
  minValue?: string | null;
  maxValue?: string | null;
  pattern?: string | null;
  maxLength?: number | null;
}

export const ETHNICITIES = (
  '汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 ' +
  '高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 ' +
  '怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族'
).split(' ');

const NAME_RE = /^[\u3400-\u9fffA-Za-z·• ]{1,30}$/;
const MOBILE_RE = /^1[3-9]\d{9}$/;
const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const MONEY_RE = /^\d+(\.\d{1,2})?$/;
const MAX_YUAN = 1e11;

/** GB 32100 unified social credit code: 18 characters, MOD 31 check character. */
export function validCreditCode(raw: string): boolean {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const code = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(code[i]) * (3 ** i % 31);
  return alphabet[(31 - (sum % 31)) % 31] === code[17];
}

export function validate(d: ArchiveDraft, extraSpecs: ExtraFieldSpec[] = [], today: string = isoToday()): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, code: string, message: string, messageEn: string) => errors.push({ field, code, message, messageEn });
  const person = (field: string, value: string) => {
    if (!value.trim()) add(field, 'REQUIRED', '此项为必填项', 'this field is required');
    else if (!NAME_RE.test(value.trim())) add(field, 'INVALID_NAME', '姓名只能包含汉字、字母和间隔号，1-30个字符', 'name: 1-30 Chinese characters or letters');
  };
  const money = (field: string, value: string) => {
    const v = value.trim().replace(/,/g, '');
    if (!v) return;
    if (v.startsWith('-')) add(field, 'NEGATIVE_AMOUNT', '金额不能为负数', 'amount cannot be negative');
    else if (!/^\d+(\.\d+)?$/.test(v)) add(field, 'INVALID_MONEY', '金额格式不正确', 'money must be a decimal number of yuan');
    else if (!MONEY_RE.test(v)) add(field, 'INVALID_MONEY', '金额最多保留两位小数', 'money has at most 2 decimals');
    else if (Number(v) > MAX_YUAN) add(field, 'AMOUNT_TOO_LARGE', '金额超出合理范围', 'amount is implausibly large');
  };
  const area = (field: string, value: string) => {
    const v = value.trim();
    if (!v) return;
    if (!/^\d+(\.\d{1,2})?$/.test(v)) add(field, 'INVALID_AREA', '面积格式不正确（亩），最多两位小数', 'area must be a number of mu with at most 2 decimals');
    else if (Number(v) > 100000) add(field, 'OUT_OF_RANGE', '面积须在0到100000亩之间', 'area must be 0-100000 mu');
  };
  const whole = (field: string, value: string, min: number, max: number) => {
    const v = value.trim();
    if (!/^\d+$/.test(v)) add(field, 'INVALID_NUMBER', '须为整数', 'must be a whole number');
    else if (Number(v) < min) add(field, 'OUT_OF_RANGE', '数值小于允许的最小值', 'value below the minimum');
    else if (Number(v) > max) add(field, 'OUT_OF_RANGE', '数值大于允许的最大值', 'value above the maximum');
  };

  person('name', d.name);
  let ownId: string | null = null;
  if (!canonicalIdentifier(d.idNumber)) add('idNumber', 'REQUIRED', '此项为必填项', 'this field is required');
  else if (!isMasked(d.idNumber)) {
    const parsed = parseResidentId(d.idNumber, today);
    if (!parsed.ok) add('idNumber', parsed.code, parsed.message, parsed.messageEn);
    else {
      ownId = parsed.value.number;
      const age = ageOn(parsed.value.birthDate, today);
      if (age < 16 || age > 100) add('idNumber', 'AGE_OUT_OF_RANGE', '客户年龄须在16到100岁之间', 'customer age must be 16-100');
    }
  }
  if (!d.idLongTerm && d.idExpiry && d.idExpiry < today) add('idExpiry', 'ID_EXPIRED', '身份证已过有效期', 'the ID card has expired');
  /** An identifier as the server reads it (full-width digits are ASCII ones); false when it is
   * empty, masked (unchanged) or refused here for characters outside ASCII. */
  const identifier = (field: string, raw: string): string | false => {
    const value = canonicalIdentifier(raw);
    if (!value || isMasked(value)) return false;
    if (hasNonAscii(value)) {
      add(field, NON_ASCII.code, NON_ASCII.message, NON_ASCII.messageEn);
      return false;
    }
    return value;
  };
  const mobile = identifier('mobile', d.mobile);
  if (mobile !== false && !MOBILE_RE.test(mobile))
    add('mobile', 'INVALID_MOBILE', '手机号码格式不正确（11位，1开头）', 'mobile number must be 11 digits starting with 1');
  const altPhone = identifier('altPhone', d.altPhone);
  if (altPhone !== false && !PHONE_RE.test(altPhone))
    add('altPhone', 'INVALID_PHONE', '电话号码格式不正确（手机或区号-号码）', 'phone must be a mobile or an area-code number');
  if (d.ethnicity && !ETHNICITIES.includes(d.ethnicity))
    add('ethnicity', 'UNKNOWN_ETHNICITY', '民族须为56个民族之一，如"汉族"', 'ethnicity must be one of the 56 recognised groups');
  if (d.address.line.length > 200) add('address.line', 'TOO_LONG', '内容过长', 'too long');

  whole('household.size', d.household.size, 1, 30);
  let spouses = 0;
  d.familyMembers.forEach((m, i) => {
    const at = `familyMembers[${i}]`;
    person(`${at}.name`, m.name);
    if (m.relation === 'SPOUSE' && ++spouses > 1) add(`${at}.relation`, 'MULTIPLE_SPOUSES', '家庭成员中只能有一位配偶', 'at most one spouse');
    if (m.idNumber.trim() && !isMasked(m.idNumber)) {
      const parsed = parseResidentId(m.idNumber, today);
      if (!parsed.ok) add(`${at}.idNumber`, parsed.code, parsed.message, parsed.messageEn);
      else if (ownId && parsed.value.number === ownId)
        add(`${at}.idNumber`, 'SAME_AS_CUSTOMER', '家庭成员的身份证号不能与客户本人相同', 'a family member has the customer\'s ID number');
    }
    money(`${at}.annualIncome`, m.annualIncome);
  });
  area('land.contractedMu', d.land.contractedMu);
  area('land.rentedMu', d.land.rentedMu);
  d.livestock.forEach((l, i) => {
    whole(`livestock[${i}].count`, l.count, 0, 1_000_000);
    money(`livestock[${i}].value`, l.value);
  });
  d.assets.forEach((a, i) => money(`assets[${i}].value`, a.value));
  (['farming', 'business', 'wages', 'other'] as const).forEach((k) => money(`income.${k}`, d.income[k]));
  d.liabilities.forEach((l, i) => {
    if (!l.lender.trim()) add(`liabilities[${i}].lender`, 'REQUIRED', '此项不能为空', 'this field cannot be empty');
    money(`liabilities[${i}].amount`, l.amount);
    money(`liabilities[${i}].overdueAmount`, l.overdueAmount);
    if (Number(l.overdueAmount || 0) > Number(l.amount || 0))
      add(`liabilities[${i}].overdueAmount`, 'OVERDUE_EXCEEDS_AMOUNT', '逾期金额不能大于负债金额', 'overdue amount exceeds the liability');
  });
  if (d.business) {
    if (!d.business.name.trim()) add('business.name', 'REQUIRED', '此项不能为空', 'this field cannot be empty');
    const creditCode = identifier('business.creditCode', d.business.creditCode);
    if (creditCode !== false && !validCreditCode(creditCode))
      add('business.creditCode', 'INVALID_CREDIT_CODE', '统一社会信用代码无效（18位，校验位须正确）', 'invalid unified social credit code');
    money('business.annualTurnover', d.business.annualTurnover);
    whole('business.employees', d.business.employees || '0', 0, 100000);
  }
  if (d.social.remarks.length > 500) add('social.remarks', 'TOO_LONG', '内容过长', 'too long');

  for (const spec of extraSpecs) {
    const field = `extraFields.${spec.code}`;
    const value = (d.extraFields[spec.code] ?? '').trim();
    if (!value) {
      if (spec.required) add(field, 'REQUIRED', '此项为必填项', 'this field is required');
      continue;
    }
    if (spec.kind === 'NUMBER') {
      if (!/^-?\d+(\.\d+)?$/.test(value)) add(field, 'INVALID_NUMBER', '须为数字', 'must be a number');
      else if ((spec.minValue && Number(value) < Number(spec.minValue)) || (spec.maxValue && Number(value) > Number(spec.maxValue)))
        add(field, 'OUT_OF_RANGE', `须在${spec.minValue ?? ''}到${spec.maxValue ?? ''}之间`, `must be between ${spec.minValue ?? ''} and ${spec.maxValue ?? ''}`);
    } else if (spec.kind === 'CHOICE' && spec.choices && !spec.choices.includes(value)) {
      add(field, 'INVALID_CHOICE', '取值不在允许的选项中', 'value is not one of the allowed options');
    } else if (spec.kind === 'TEXT') {
      if (spec.maxLength && value.length > spec.maxLength) add(field, 'TOO_LONG', '内容过长', 'too long');
      else if (spec.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(value)) add(field, 'PATTERN_MISMATCH', '格式不符合要求', 'does not match the required pattern');
    }
  }
  return errors;
}

/** The age below which a family member is not of working age: the Labour Law (劳动法, art. 15)
 * forbids employing anyone under 16. */
export const WORKING_AGE = 16;

/** The labour capacity a family member gets until the manager picks one, from the birth date in
 * the member's ID number: a child (under 16) has none (无劳动力), anyone older full (完全劳动力),
 * the default of a row without an ID number. null when the number does not tell (masked, invalid). */
export function labourDefault(idNumber: string, today: string = isoToday()): LabourCapacity | null {
  if (!idNumber.trim() || isMasked(idNumber)) return null;
  const parsed = parseResidentId(idNumber, today);
  if (!parsed.ok) return null;
  return ageOn(parsed.value.birthDate, today) < WORKING_AGE ? 'NONE' : 'FULL';
}

/** A family member with a new ID number: the labour capacity follows the age in it while it is
 * still what the previous number gave (the manager's own pick is never overwritten). */
export function withMemberIdNumber(member: FamilyMemberDraft, idNumber: string, today: string = isoToday()): FamilyMemberDraft {
  const before = labourDefault(member.idNumber, today) ?? 'FULL';
  const after = labourDefault(idNumber, today);
  const labourCapacity = after && member.labourCapacity === before ? after : member.labourCapacity;
  return { ...member, idNumber, labourCapacity };
}

/** The device checks of the fields the manager has left (or that a save found wrong): shown under
 * them while typing goes on, ODK style, before anything is saved. `touched` holds error keys
 * (`familyMembers.0.idNumber`). */
export function liveErrors(d: ArchiveDraft, specs: ExtraFieldSpec[], touched: ReadonlySet<string>, today: string = isoToday()): FieldError[] {
  if (touched.size === 0) return [];
  return validate(d, specs, today).filter((e) => touched.has(errorKeyOf(e.field)));
}

export { errorKey } from '@cic/shared/userErrors';
