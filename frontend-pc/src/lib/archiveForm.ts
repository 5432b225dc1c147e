// The archive form's values <-> the API's ArchiveInput, and the field-by-field comparison the
// version-conflict dialog shows. Pure functions, tested in archiveForm.test.ts.
import type { ArchiveInput, ConsentInput, CustomerDetailFieldsFragment, ExtraFieldInput, VillageRating } from '../gql/graphql';
import type { NamePath } from '@cic/shared/userErrors';

type Customer = CustomerDetailFieldsFragment;

export interface ArchiveFormValues {
  name?: string;
  idNumber?: string;
  idExpiry?: string | null;
  idLongTerm?: boolean;
  ethnicity?: string | null;
  education?: string | null;
  maritalStatus?: string | null;
  health?: string | null;
  mobile?: string | null;
  altPhone?: string | null;
  /** province, city, county, township, village */
  addressPath?: string[];
  addressLine?: string | null;
  household?: { size?: number | null; registerNo?: string | null; isHead?: boolean };
  familyMembers?: { relation?: string; name?: string; idNumber?: string | null; occupation?: string | null; annualIncome?: string | null; labourCapacity?: string }[];
  land?: { contractedMu?: string | null; rentedMu?: string | null; crops?: string[] };
  livestock?: { kind?: string; count?: number | null; value?: string | null }[];
  assets?: { kind?: string; description?: string | null; value?: string | null }[];
  income?: { farming?: string | null; business?: string | null; wages?: string | null; other?: string | null };
  liabilities?: { lender?: string; amount?: string | null; overdue?: boolean; overdueAmount?: string | null }[];
  hasBusiness?: boolean;
  business?: { name?: string; industry?: string | null; creditCode?: string | null; licenceNo?: string | null; annualTurnover?: string | null; employees?: number | null };
  social?: { villageCreditRating?: string | null; remarks?: string | null };
  consentRecorded?: boolean;
  /** 客户同意省联社其他成员行查询其基本信息 (ConsentInput.shareWithFederation) */
  consentShare?: boolean;
  /** the consent record the archive has on the server (not a form field) */
  consent?: Customer['consent'];
  extra?: Record<string, string | boolean | null | undefined>;
}

/** The cascader path of a county (and township, village) code: GB/T 2260 province and city prefixes. */
export function regionPath(regionCode?: string | null, townshipCode?: string | null, villageCode?: string | null): string[] {
  if (!regionCode || regionCode.length !== 6) return [];
  const path = [regionCode.slice(0, 2) + '0000', regionCode.slice(0, 4) + '00', regionCode];
  if (townshipCode) path.push(townshipCode);
  if (townshipCode && villageCode) path.push(villageCode);
  return path;
}

const blank = (v: string | null | undefined) => (v === undefined || v === null || String(v).trim() === '' ? null : String(v).trim());
const money = (v: string | number | null | undefined) => (v === undefined || v === null || v === '' ? null : String(v));
const zeroless = (v: string | null | undefined) => (v === null || v === undefined || Number(v) === 0 ? null : v);

export function customerToForm(c: Customer): ArchiveFormValues {
  const extra: Record<string, string | boolean | null> = {};
  for (const f of c.extraFields) {
    if ('text' in f) extra[f.code] = f.text;
    else if ('number' in f) extra[f.code] = String(f.number);
    else if ('date' in f) extra[f.code] = f.date;
    else if ('choice' in f) extra[f.code] = f.choice;
    else if ('flag' in f) extra[f.code] = f.flag;
  }
  return {
    name: c.name ?? '',
    idNumber: c.idNumber ?? '',
    idExpiry: c.idExpiry ?? null,
    idLongTerm: c.idLongTerm,
    ethnicity: c.ethnicity ?? null,
    education: c.education ?? null,
    maritalStatus: c.maritalStatus ?? null,
    health: c.health ?? null,
    mobile: c.mobile ?? null,
    altPhone: c.altPhone ?? null,
    addressPath: regionPath(c.address.regionCode, c.address.townshipCode, c.address.villageCode),
    addressLine: c.address.line ?? null,
    household: { size: c.household.size, registerNo: c.household.registerNo ?? null, isHead: c.household.isHead },
    familyMembers: c.familyMembers.map((m) => ({
      relation: m.relation,
      name: m.name ?? '',
      idNumber: m.idNumber ?? null,
      occupation: m.occupation ?? null,
      annualIncome: zeroless(m.annualIncome),
      labourCapacity: m.labourCapacity,
    })),
    land: { contractedMu: zeroless(c.land.contractedMu), rentedMu: zeroless(c.land.rentedMu), crops: [...c.land.crops] },
    livestock: c.livestock.map((l) => ({ kind: l.kind, count: l.count, value: zeroless(l.value) })),
    assets: c.assets.map((a) => ({ kind: a.kind, description: a.description ?? null, value: zeroless(a.value) })),
    income: { farming: zeroless(c.income.farming), business: zeroless(c.income.business), wages: zeroless(c.income.wages), other: zeroless(c.income.other) },
    liabilities: c.liabilities.map((l) => ({ lender: l.lender, amount: zeroless(l.amount), overdue: l.overdue, overdueAmount: zeroless(l.overdueAmount) })),
    hasBusiness: !!c.business,
    business: c.business
      ? {
          name: c.business.name,
          industry: c.business.industry ?? null,
          creditCode: c.business.creditCode ?? null,
          licenceNo: c.business.licenceNo ?? null,
          annualTurnover: zeroless(c.business.annualTurnover),
          employees: c.business.employees,
        }
      : undefined,
    social: { villageCreditRating: c.social.villageCreditRating ?? null, remarks: c.social.remarks ?? null },
    consentRecorded: !!c.consent,
    consentShare: c.consent?.shareWithFederation ?? false,
    consent: c.consent ?? null,
    extra,
  };
}

export function formToInput(v: ArchiveFormValues): ArchiveInput {
  const path = v.addressPath ?? [];
  return {
    name: (v.name ?? '').trim(),
    idNumber: (v.idNumber ?? '').replace(/\s+/g, '').toUpperCase(),
    idExpiry: v.idLongTerm ? null : blank(v.idExpiry),
    idLongTerm: !!v.idLongTerm,
    ethnicity: blank(v.ethnicity),
    education: (v.education || null) as ArchiveInput['education'],
    maritalStatus: (v.maritalStatus || null) as ArchiveInput['maritalStatus'],
    health: (v.health || null) as ArchiveInput['health'],
    mobile: blank(v.mobile),
    altPhone: blank(v.altPhone),
    address: {
      regionCode: path[2] ?? null,
      townshipCode: path[3] ?? null,
      villageCode: path[4] ?? null,
      line: blank(v.addressLine),
    },
    household: { size: v.household?.size ?? 1, registerNo: blank(v.household?.registerNo), isHead: v.household?.isHead ?? true },
    familyMembers: (v.familyMembers ?? []).map((m) => ({
      relation: (m.relation ?? 'OTHER') as NonNullable<ArchiveInput['familyMembers']>[number]['relation'],
      name: (m.name ?? '').trim(),
      idNumber: blank(m.idNumber),
      occupation: blank(m.occupation),
      annualIncome: money(m.annualIncome),
      labourCapacity: (m.labourCapacity ?? 'FULL') as NonNullable<ArchiveInput['familyMembers']>[number]['labourCapacity'],
    })),
    land: { contractedMu: money(v.land?.contractedMu), rentedMu: money(v.land?.rentedMu), crops: v.land?.crops ?? [] },
    livestock: (v.livestock ?? []).map((l) => ({
      kind: (l.kind ?? 'OTHER') as NonNullable<ArchiveInput['livestock']>[number]['kind'],
      count: l.count ?? 0,
      value: money(l.value),
    })),
    assets: (v.assets ?? []).map((a) => ({
      kind: (a.kind ?? 'OTHER') as NonNullable<ArchiveInput['assets']>[number]['kind'],
      description: blank(a.description),
      value: money(a.value),
    })),
    income: { farming: money(v.income?.farming), business: money(v.income?.business), wages: money(v.income?.wages), other: money(v.income?.other) },
    liabilities: (v.liabilities ?? []).map((l) => ({ lender: (l.lender ?? '').trim(), amount: money(l.amount), overdue: !!l.overdue, overdueAmount: money(l.overdueAmount) })),
    business:
      v.hasBusiness && v.business
        ? {
            name: (v.business.name ?? '').trim(),
            industry: blank(v.business.industry),
            creditCode: blank(v.business.creditCode),
            licenceNo: blank(v.business.licenceNo),
            annualTurnover: money(v.business.annualTurnover),
            employees: v.business.employees ?? 0,
          }
        : null,
    social: { villageCreditRating: (v.social?.villageCreditRating || null) as VillageRating | null, remarks: blank(v.social?.remarks) },
  };
}

export function extraToInput(extra: ArchiveFormValues['extra'], codes: string[]): ExtraFieldInput[] {
  return codes.map((code) => {
    const value = extra?.[code];
    return { code, value: value === undefined || value === null || value === '' ? null : typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value) };
  });
}

/**
 * The consent to send with a save: a new record when the consent is recorded now; the stored
 * record with its new share flag when only that changed (the customer agreed to, or withdrew,
 * sharing with the other member banks); otherwise null, and the API keeps what it has.
 */
export function consentToInput(v: ArchiveFormValues, wordingVersion: string, now: Date = new Date()): ConsentInput | null {
  const share = !!v.consentShare;
  const stored = v.consent;
  if (stored) {
    if (share === stored.shareWithFederation) return null;
    const { wordingVersion: version, consentedAt, channel, formImageRef } = stored;
    return { wordingVersion: version, consentedAt, channel, formImageRef: formImageRef ?? null, shareWithFederation: share };
  }
  if (!v.consentRecorded) return null;
  return { wordingVersion, consentedAt: now.toISOString(), channel: 'PC', shareWithFederation: share };
}

/** Error paths that the form shows on another field than the path names. */
export function formNameForError(name: NamePath): NamePath {
  const key = name.join('.');
  if (key === 'address.regionCode' || key === 'address.townshipCode' || key === 'address.villageCode') return ['addressPath'];
  if (key === 'address.line') return ['addressLine'];
  if (name[0] === 'extraFields') return ['extra', ...name.slice(1)];
  return name;
}

/** Flatten an ArchiveInput into "path: value" pairs for the conflict table. */
export function flattenInput(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = '';
    return out;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      out[prefix] = value.join('、');
      return out;
    }
    value.forEach((v, i) => flattenInput(v, `${prefix}[${i}]`, out));
    if (value.length === 0) out[prefix] = '';
    return out;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flattenInput(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out[prefix] = String(value);
  return out;
}

export interface ConflictRow {
  field: string;
  server: string;
  mine: string;
  /** what saving "my edits on top of the server version" will send */
  result: string;
  /** the server's copy and mine differ */
  changed: boolean;
}

/** Normalise amounts so "80000" and "80000.00" compare equal. */
function normal(v: string): string {
  return /^-?\d+(\.\d+)?$/.test(v) ? String(Number(v)) : v;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Three-way merge of form values: what I changed since I opened the archive (base -> mine) is
 * applied on top of the server's newer copy; everything I did not touch takes the server's value.
 * Objects merge key by key; lists and plain values are taken whole.
 */
export function mergeEdits<T>(base: T, mine: T, server: T): T {
  if (isPlainObject(base) && isPlainObject(mine) && isPlainObject(server)) {
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(server)])) {
      out[key] = mergeEdits(base[key], mine[key], server[key]);
    }
    return out as T;
  }
  return same(base, mine) ? server : mine;
}

/** Each field of either side, whether the server's copy and mine differ, and the merged result (differences first). */
export function conflictRows(server: ArchiveInput, mine: ArchiveInput, merged: ArchiveInput = mine): ConflictRow[] {
  const a = flattenInput(server);
  const b = flattenInput(mine);
  const c = flattenInput(merged);
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b), ...Object.keys(c)])];
  const rows = fields.map((field) => {
    const s = a[field] ?? '';
    const m = b[field] ?? '';
    return { field, server: s, mine: m, result: c[field] ?? '', changed: normal(s) !== normal(m) };
  });
  return rows.filter((r) => r.server !== '' || r.mine !== '').sort((x, y) => Number(y.changed) - Number(x.changed));
}

/** Where a field of an archive input is labelled: the message key of its label (`field.*`). */
const FIELD_KEYS: Record<string, string> = {
  'household.size': 'field.householdSize', 'household.registerNo': 'field.registerNo', 'household.isHead': 'field.isHead',
  'address.regionCode': 'field.regionCode', 'address.townshipCode': 'field.townshipCode', 'address.villageCode': 'field.villageCode',
  'address.line': 'field.addressLine', 'income.farming': 'field.incomeFarming', 'income.business': 'field.incomeBusiness',
  'income.wages': 'field.incomeWages', 'income.other': 'field.incomeOther', 'land.contractedMu': 'field.contractedMu',
  'land.rentedMu': 'field.rentedMu', 'land.crops': 'field.crops', 'social.villageCreditRating': 'field.villageCreditRating',
  'livestock.kind': 'field.livestockKind', 'assets.kind': 'field.assetKind', 'business.name': 'field.businessName',
  'consent.wordingVersion': 'field.consentWording', 'consent.consentedAt': 'field.consentedAt', 'consent.channel': 'field.consentChannel',
};
/** The enum (its PC label prefix, i18n SCHEMA_ENUMS) of a field's values, by the field's last name. */
const VALUE_ENUMS: Record<string, string> = {
  education: 'education', maritalStatus: 'marital', health: 'health', relation: 'relation', labourCapacity: 'labour',
  'livestock.kind': 'livestock', 'assets.kind': 'asset', villageCreditRating: 'rating', 'consent.channel': 'channel',
};

/** A flattened field path (`familyMembers[0].relation`) in words (家庭成员1 · 关系). */
export function conflictFieldLabel(field: string, t: (key: string) => string, has: (key: string) => boolean): string {
  const item = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(field);
  if (item) {
    const [, list, index, name] = item;
    const key = FIELD_KEYS[`${list}.${name}`] ?? `field.${name}`;
    const listLabel = has(`field.${list}`) ? t(`field.${list}`) : list;
    return `${listLabel}${Number(index) + 1} · ${has(key) ? t(key) : name}`;
  }
  const key = FIELD_KEYS[field] ?? `field.${field.split('.').pop()}`;
  return has(key) ? t(key) : field;
}

/** A flattened value in words: an enum value by its label, true/false as 是/否. */
export function conflictValueLabel(field: string, value: string, label: (prefix: string, value: string) => string, yesNo: (v: boolean) => string): string {
  if (value === 'true' || value === 'false') return yesNo(value === 'true');
  const bare = field.replace(/\[\d+\]/g, '');
  const prefix = VALUE_ENUMS[bare] ?? VALUE_ENUMS[bare.split('.').pop() ?? ''];
  return prefix && value ? label(prefix, value) : value;
}
