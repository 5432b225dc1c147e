// The archive as the PAD edits it (a draft: every section of ArchiveInput plus consent and the
// bank's extra fields), and the conversions: server copy -> draft, draft -> mutation input, and
// the flat field list the conflict screen compares.
import type {
  ArchiveFieldsFragment,
  ArchiveInput,
  AssetKind,
  ConsentInput,
  Education,
  ExtraFieldInput,
  Health,
  LabourCapacity,
  LivestockKind,
  MaritalStatus,
  Relation,
  VillageRating,
} from '../gql/graphql';
import { canonicalIdentifier, extraFieldValue } from '@cic/shared/archive';

export type ServerArchive = ArchiveFieldsFragment;

export interface FamilyMemberDraft {
  relation: Relation;
  name: string;
  idNumber: string;
  occupation: string;
  annualIncome: string;
  labourCapacity: LabourCapacity;
}
export interface LivestockDraft {
  kind: LivestockKind;
  count: string;
  value: string;
}
export interface AssetDraft {
  kind: AssetKind;
  description: string;
  value: string;
}
export interface LiabilityDraft {
  lender: string;
  amount: string;
  overdue: boolean;
  overdueAmount: string;
}
export interface BusinessDraft {
  name: string;
  industry: string;
  creditCode: string;
  licenceNo: string;
  annualTurnover: string;
  employees: string;
}
export interface ConsentDraft {
  wordingVersion: string;
  consentedAt: string;
  channel: string;
  formImageRef: string | null;
  /** The customer agreed that other member banks may prefill from ECIF what this bank registered. */
  shareWithFederation?: boolean;
}

export interface ArchiveDraft {
  name: string;
  idNumber: string;
  idExpiry: string;
  idLongTerm: boolean;
  ethnicity: string;
  education: Education | null;
  maritalStatus: MaritalStatus | null;
  health: Health | null;
  mobile: string;
  altPhone: string;
  address: { regionCode: string; townshipCode: string; villageCode: string; line: string };
  household: { size: string; registerNo: string; isHead: boolean };
  familyMembers: FamilyMemberDraft[];
  land: { contractedMu: string; rentedMu: string; crops: string };
  livestock: LivestockDraft[];
  assets: AssetDraft[];
  income: { farming: string; business: string; wages: string; other: string };
  liabilities: LiabilityDraft[];
  business: BusinessDraft | null;
  social: { villageCreditRating: VillageRating | null; remarks: string };
  consent: ConsentDraft | null;
  extraFields: Record<string, string>;
}

export const CONSENT_WORDING_VERSION = 'v2024.1';

export function emptyDraft(): ArchiveDraft {
  return {
    name: '',
    idNumber: '',
    idExpiry: '',
    idLongTerm: false,
    ethnicity: '',
    education: null,
    maritalStatus: null,
    health: null,
    mobile: '',
    altPhone: '',
    address: { regionCode: '', townshipCode: '', villageCode: '', line: '' },
    household: { size: '1', registerNo: '', isHead: true },
    familyMembers: [],
    land: { contractedMu: '', rentedMu: '', crops: '' },
    livestock: [],
    assets: [],
    income: { farming: '', business: '', wages: '', other: '' },
    liabilities: [],
    business: null,
    social: { villageCreditRating: null, remarks: '' },
    consent: null,
    extraFields: {},
  };
}

export function emptyFamilyMember(): FamilyMemberDraft {
  return { relation: 'CHILD', name: '', idNumber: '', occupation: '', annualIncome: '', labourCapacity: 'FULL' };
}
export function emptyLivestock(): LivestockDraft {
  return { kind: 'PIG', count: '', value: '' };
}
export function emptyAsset(): AssetDraft {
  return { kind: 'HOUSE', description: '', value: '' };
}
export function emptyLiability(): LiabilityDraft {
  return { lender: '', amount: '', overdue: false, overdueAmount: '' };
}
export function emptyBusiness(): BusinessDraft {
  return { name: '', industry: '', creditCode: '', licenceNo: '', annualTurnover: '', employees: '0' };
}

/** Money and areas as the server prints them ("0.00" is "nothing entered" in a form). */
function amount(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const n = Number(value);
  return n === 0 ? '' : String(value);
}

const s = (v: string | null | undefined): string => v ?? '';

/** The draft keeps every extra field as text (booleans as true/false, as they are sent). */
function extraValue(field: ArchiveFieldsFragment['extraFields'][number]): string {
  const value = extraFieldValue(field);
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : (value ?? '');
}

export function draftFromServer(c: ServerArchive): ArchiveDraft {
  return {
    name: s(c.name),
    idNumber: s(c.idNumber),
    idExpiry: s(c.idExpiry),
    idLongTerm: c.idLongTerm,
    ethnicity: s(c.ethnicity),
    education: c.education ?? null,
    maritalStatus: c.maritalStatus ?? null,
    health: c.health ?? null,
    mobile: s(c.mobile),
    altPhone: s(c.altPhone),
    address: {
      regionCode: s(c.address.regionCode),
      townshipCode: s(c.address.townshipCode),
      villageCode: s(c.address.villageCode),
      line: s(c.address.line),
    },
    household: { size: String(c.household.size), registerNo: s(c.household.registerNo), isHead: c.household.isHead },
    familyMembers: c.familyMembers.map((m) => ({
      relation: m.relation,
      name: s(m.name),
      idNumber: s(m.idNumber),
      occupation: s(m.occupation),
      annualIncome: amount(m.annualIncome),
      labourCapacity: m.labourCapacity,
    })),
    land: { contractedMu: amount(c.land.contractedMu), rentedMu: amount(c.land.rentedMu), crops: c.land.crops.join('、') },
    livestock: c.livestock.map((l) => ({ kind: l.kind, count: String(l.count), value: amount(l.value) })),
    assets: c.assets.map((a) => ({ kind: a.kind, description: s(a.description), value: amount(a.value) })),
    income: {
      farming: amount(c.income.farming),
      business: amount(c.income.business),
      wages: amount(c.income.wages),
      other: amount(c.income.other),
    },
    liabilities: c.liabilities.map((l) => ({ lender: l.lender, amount: amount(l.amount), overdue: l.overdue, overdueAmount: amount(l.overdueAmount) })),
    business: c.business
      ? {
          name: c.business.name,
          industry: s(c.business.industry),
          creditCode: s(c.business.creditCode),
          licenceNo: s(c.business.licenceNo),
          annualTurnover: amount(c.business.annualTurnover),
          employees: String(c.business.employees),
        }
      : null,
    social: { villageCreditRating: c.social.villageCreditRating ?? null, remarks: s(c.social.remarks) },
    consent: c.consent
      ? {
          wordingVersion: c.consent.wordingVersion, consentedAt: c.consent.consentedAt, channel: c.consent.channel,
          formImageRef: c.consent.formImageRef ?? null, shareWithFederation: c.consent.shareWithFederation,
        }
      : null,
    extraFields: Object.fromEntries(c.extraFields.map((f) => [f.code, extraValue(f)])),
  };
}

const opt = (v: string): string | null => (v.trim() === '' ? null : v.trim());
/** An identifier in its canonical form (identifier.ts: full-width digits and Ｘ as ASCII), or null. */
const ident = (v: string): string | null => canonicalIdentifier(v) || null;
const money = (v: string): string | null => (v.trim() === '' ? null : v.trim().replace(/,/g, ''));
const int = (v: string): number => (v.trim() === '' ? 0 : Number(v.trim()));

/** Crops are typed as one line: 水稻、茶叶 or 水稻, 茶叶. */
export function splitCrops(text: string): string[] {
  return text
    .split(/[、,，;；\s]+/)
    .map((c) => c.trim())
    .filter(Boolean);
}

export function toArchiveInput(d: ArchiveDraft): ArchiveInput {
  return {
    name: d.name.trim(),
    idNumber: canonicalIdentifier(d.idNumber).toUpperCase(),
    idExpiry: d.idLongTerm ? null : opt(d.idExpiry),
    idLongTerm: d.idLongTerm,
    ethnicity: opt(d.ethnicity),
    education: d.education,
    maritalStatus: d.maritalStatus,
    health: d.health,
    mobile: ident(d.mobile),
    altPhone: ident(d.altPhone),
    address: {
      regionCode: ident(d.address.regionCode),
      townshipCode: ident(d.address.townshipCode),
      villageCode: ident(d.address.villageCode),
      line: opt(d.address.line),
    },
    household: { size: int(d.household.size), registerNo: opt(d.household.registerNo), isHead: d.household.isHead },
    familyMembers: d.familyMembers.map((m) => ({
      relation: m.relation,
      name: m.name.trim(),
      idNumber: ident(m.idNumber)?.toUpperCase() ?? null,
      occupation: opt(m.occupation),
      annualIncome: money(m.annualIncome),
      labourCapacity: m.labourCapacity,
    })),
    land: { contractedMu: money(d.land.contractedMu), rentedMu: money(d.land.rentedMu), crops: splitCrops(d.land.crops) },
    livestock: d.livestock.map((l) => ({ kind: l.kind, count: int(l.count), value: money(l.value) })),
    assets: d.assets.map((a) => ({ kind: a.kind, description: opt(a.description), value: money(a.value) })),
    income: { farming: money(d.income.farming), business: money(d.income.business), wages: money(d.income.wages), other: money(d.income.other) },
    liabilities: d.liabilities.map((l) => ({ lender: l.lender.trim(), amount: money(l.amount), overdue: l.overdue, overdueAmount: money(l.overdueAmount) })),
    business: d.business
      ? {
          name: d.business.name.trim(),
          industry: opt(d.business.industry),
          creditCode: ident(d.business.creditCode)?.toUpperCase() ?? null,
          licenceNo: opt(d.business.licenceNo),
          annualTurnover: money(d.business.annualTurnover),
          employees: int(d.business.employees),
        }
      : null,
    social: { villageCreditRating: d.social.villageCreditRating, remarks: opt(d.social.remarks) },
  };
}

export function toConsentInput(d: ArchiveDraft): ConsentInput | null {
  return d.consent ? { ...d.consent, shareWithFederation: d.consent.shareWithFederation ?? false } : null;
}

export function toExtraFieldInputs(d: ArchiveDraft): ExtraFieldInput[] {
  return Object.entries(d.extraFields)
    .filter(([, value]) => value !== '')
    .map(([code, value]) => ({ code, value }));
}

// -- flat fields, for comparing two versions ------------------------------------------------

/** The paths the conflict screen compares one by one; lists are compared as a whole. */
export const SCALAR_PATHS = [
  'name',
  'idNumber',
  'idExpiry',
  'idLongTerm',
  'ethnicity',
  'education',
  'maritalStatus',
  'health',
  'mobile',
  'altPhone',
  'address.regionCode',
  'address.townshipCode',
  'address.villageCode',
  'address.line',
  'household.size',
  'household.registerNo',
  'household.isHead',
  'land.contractedMu',
  'land.rentedMu',
  'land.crops',
  'income.farming',
  'income.business',
  'income.wages',
  'income.other',
  'social.villageCreditRating',
  'social.remarks',
] as const;
export const LIST_PATHS = ['familyMembers', 'livestock', 'assets', 'liabilities', 'business', 'consent'] as const;

/** The value at a path of the draft (`extraFields.<code>` for extra fields). */
export function getPath(d: ArchiveDraft, path: string): unknown {
  let node: unknown = d;
  for (const key of path.split('.')) {
    if (node === null || node === undefined) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of the draft with the value at `path` replaced. */
export function setPath(d: ArchiveDraft, path: string, value: unknown): ArchiveDraft {
  const keys = path.split('.');
  const copy = structuredClone(d) as unknown as Record<string, unknown>;
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === null || node[key] === undefined) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = structuredClone(value);
  return copy as unknown as ArchiveDraft;
}

/** Canonical text of a value, so "" and null, "12.5" and "12.50" compare equal. */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const t = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(t) && !/^0\d/.test(t) && t.length < 16) return String(Number(t));
    return t;
  }
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return JSON.stringify(value, (_k, v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) && v.trim().length < 16 && !/^0\d/.test(v.trim()) ? String(Number(v)) : v));
}

export function comparablePaths(...drafts: ArchiveDraft[]): string[] {
  const extra = new Set<string>();
  for (const d of drafts) Object.keys(d.extraFields).forEach((code) => extra.add(`extraFields.${code}`));
  return [...SCALAR_PATHS, ...LIST_PATHS, ...[...extra].sort()];
}
