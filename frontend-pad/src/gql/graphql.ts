/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AddressInput = {
  line?: string | null | undefined;
  regionCode?: string | null | undefined;
  townshipCode?: string | null | undefined;
  villageCode?: string | null | undefined;
};

/** An amount's order of magnitude, for roles that see bands instead of figures. */
export type AmountBand =
  | 'FROM_10K_TO_50K'
  | 'FROM_50K_TO_100K'
  | 'FROM_100K_TO_500K'
  | 'FROM_500K_TO_1M'
  | 'NONE'
  | 'OVER_1M'
  | 'UNDER_10K';

/** Where the application was made. */
export type ApplicationChannel =
  | 'BRANCH'
  | 'MOBILE_BANKING'
  | 'PAD';

/** Where a quota application stands. */
export type ApplicationStatus =
  | 'APPROVED'
  | 'IN_APPROVAL'
  | 'REJECTED'
  | 'RETURNED'
  | 'WITHDRAWN';

/** Why an application, an approval step, a process upload or a quota change was refused; eligibility reasons (NOT_PRECISE, VETOED, GRADE_TOO_LOW...) included. */
export type ApprovalErrorCode =
  | 'AGE_OUT_OF_RANGE'
  | 'AGE_RANGE'
  | 'AMOUNT_OUT_OF_RANGE'
  | 'AMOUNT_RANGE'
  | 'APPLICATION_CLOSED'
  | 'APPLICATION_ID_TAKEN'
  | 'APPLICATION_OPEN_EXISTS'
  | 'APPROVED_ABOVE_REQUEST'
  | 'ARCHIVE_CLOSED'
  | 'ATTACHMENT_UNKNOWN'
  | 'BPMN_BOUNDARY'
  | 'BPMN_CONDITION'
  | 'BPMN_GATEWAY_CONDITION'
  | 'BPMN_INVALID'
  | 'BPMN_LANE_LEVEL'
  | 'BPMN_LANE_ROLE'
  | 'BPMN_NOT_BPMN'
  | 'BPMN_NOT_XML'
  | 'BPMN_NO_END'
  | 'BPMN_ONE_PROCESS'
  | 'BPMN_ONE_START'
  | 'BPMN_PROCESS_ID'
  | 'BPMN_TASK_LANE'
  | 'BPMN_TIMER'
  | 'BPMN_UNSUPPORTED_ELEMENT'
  | 'BPMN_UNSUPPORTED_EVENT'
  | 'CHANNEL_NOT_OFFERED'
  | 'CHANNEL_REQUIRED'
  | 'CONTROL_CHARACTER'
  | 'DATE_OUT_OF_RANGE'
  | 'DELEGATE_NOT_CANDIDATE'
  | 'GRADE_TOO_LOW'
  | 'ID_INVALID_BIRTH_DATE'
  | 'ID_INVALID_CHECKSUM'
  | 'ID_INVALID_FORMAT'
  | 'ID_INVALID_LENGTH'
  | 'ID_UNKNOWN_REGION'
  | 'INVALID'
  | 'INVALID_BOOLEAN'
  | 'INVALID_CHOICE'
  | 'INVALID_CODE'
  | 'INVALID_CREDIT_CODE'
  | 'INVALID_DATE'
  | 'INVALID_ID'
  | 'INVALID_MONEY'
  | 'INVALID_NUMBER'
  | 'INVALID_REGION'
  | 'NON_ASCII_CHARACTERS'
  | 'NOT_ADMINISTERED'
  | 'NOT_APPLICANT'
  | 'NOT_CANDIDATE'
  | 'NOT_CLAIMED'
  | 'NOT_FOUND'
  | 'NOT_PRECISE'
  | 'NOT_RATED'
  | 'NOT_RETURNED'
  | 'OUT_OF_RANGE'
  | 'OVER_REASON_REQUIRED'
  | 'PROCESS_BANDS'
  | 'PRODUCT_NOT_OFFERED'
  | 'PURPOSE_REQUIRED'
  | 'QUOTA_STATUS'
  | 'RATE_OUT_OF_RANGE'
  | 'RATE_RANGE'
  | 'REASON_REQUIRED'
  | 'REGION_NOT_COVERED'
  | 'REPAYMENT_NOT_OFFERED'
  | 'REPAYMENT_REQUIRED'
  | 'REQUIRED'
  | 'SAME_APPROVER_TWICE'
  | 'SAMPLE_RATE'
  | 'SELF_APPROVAL'
  | 'TASK_CLAIMED_BY_OTHER'
  | 'TASK_CLOSED'
  | 'TERMS_REQUIRED'
  | 'TERM_NOT_OFFERED'
  | 'TOO_DEEP'
  | 'TOO_LONG'
  | 'TOO_MANY_ITEMS'
  | 'TOO_SHORT'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_GRADE'
  | 'UNKNOWN_PROCESS'
  | 'VALIDITY'
  | 'VETOED';

/** OPEN: in its queue; CLAIMED: held by one approver. */
export type ApprovalTaskStatus =
  | 'CANCELLED'
  | 'CLAIMED'
  | 'DONE'
  | 'OPEN'
  | 'SUSPENDED';

/** Why an archive, its lifecycle step, a transfer or an extra-field definition was refused. */
export type ArchiveErrorCode =
  | 'AGE_OUT_OF_RANGE'
  | 'AMOUNT_TOO_LARGE'
  | 'ARCHIVE_CLOSED'
  | 'CONSENT_REQUIRED'
  | 'CONTROL_CHARACTER'
  | 'DATE_OUT_OF_RANGE'
  | 'DUPLICATE_ARCHIVE'
  | 'EDITED_BY_REVIEWER'
  | 'EXPIRY_CONFLICT'
  | 'HAS_VIOLATIONS'
  | 'ID_EXPIRED'
  | 'ID_INVALID_BIRTH_DATE'
  | 'ID_INVALID_CHECKSUM'
  | 'ID_INVALID_FORMAT'
  | 'ID_INVALID_LENGTH'
  | 'ID_TAKEN'
  | 'ID_UNKNOWN_REGION'
  | 'INVALID'
  | 'INVALID_AREA'
  | 'INVALID_BOOLEAN'
  | 'INVALID_BOUND'
  | 'INVALID_CHOICE'
  | 'INVALID_CHOICES'
  | 'INVALID_CREDIT_CODE'
  | 'INVALID_DATE'
  | 'INVALID_FORMAT'
  | 'INVALID_ID'
  | 'INVALID_MANAGER'
  | 'INVALID_MOBILE'
  | 'INVALID_MONEY'
  | 'INVALID_NAME'
  | 'INVALID_NUMBER'
  | 'INVALID_PATTERN'
  | 'INVALID_PHONE'
  | 'INVALID_TRANSITION'
  | 'IN_FUTURE'
  | 'KIND_IN_USE'
  | 'MULTIPLE_SPOUSES'
  | 'NEGATIVE_AMOUNT'
  | 'NON_ASCII_CHARACTERS'
  | 'NOT_A_REVIEWER'
  | 'NOT_FOUND'
  | 'NOT_OVERRIDABLE'
  | 'OPEN_VIOLATIONS'
  | 'OTHER_BANK'
  | 'OUT_OF_RANGE'
  | 'OVERDUE_EXCEEDS_AMOUNT'
  | 'PATTERN_MISMATCH'
  | 'REASON_REQUIRED'
  | 'REQUIRED'
  | 'SAME_AS_CUSTOMER'
  | 'SELF_VERIFICATION'
  | 'TOO_DEEP'
  | 'TOO_LONG'
  | 'TOO_MANY'
  | 'TOO_MANY_ITEMS'
  | 'TOO_SHORT'
  | 'UNDER_REVIEW'
  | 'UNKNOWN_ETHNICITY'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_REGION'
  | 'UNKNOWN_TOWNSHIP'
  | 'UNKNOWN_VILLAGE'
  | 'VERSION_CONFLICT';

/** The whole archive as the collector sees it (derived fields are the server's). */
export type ArchiveInput = {
  address?: AddressInput | null | undefined;
  altPhone?: string | null | undefined;
  assets?: Array<AssetInput>;
  business?: BusinessInput | null | undefined;
  education?: Education | null | undefined;
  ethnicity?: string | null | undefined;
  familyMembers?: Array<FamilyMemberInput>;
  health?: Health | null | undefined;
  household?: HouseholdInput | null | undefined;
  idExpiry?: string | null | undefined;
  idLongTerm?: boolean;
  idNumber: string;
  income?: IncomeInput | null | undefined;
  land?: LandInput | null | undefined;
  liabilities?: Array<LiabilityInput>;
  livestock?: Array<LivestockInput>;
  maritalStatus?: MaritalStatus | null | undefined;
  mobile?: string | null | undefined;
  name: string;
  social?: SocialInput | null | undefined;
};

export type ArchiveStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'RETURNED'
  | 'SUBMITTED'
  | 'VERIFIED';

export type ArchiveTransitionInput = {
  id: string | number;
  /** Responsible manager (verify). */
  managerId?: string | number | null | undefined;
  /** Verify despite open ERROR violations of overridable rules: why (10-500 characters; audited). */
  overrideReason?: string | null | undefined;
  /** Why it is closed (close). */
  reason?: string | null | undefined;
  /** Why it goes back (return). */
  reasons?: Array<string> | null | undefined;
  version: number;
};

export type AssetInput = {
  description?: string | null | undefined;
  kind: AssetKind;
  value?: string | null | undefined;
};

export type AssetKind =
  | 'DEPOSIT'
  | 'HOUSE'
  | 'MACHINERY'
  | 'OTHER'
  | 'VEHICLE';

export type BusinessInput = {
  annualTurnover?: string | null | undefined;
  creditCode?: string | null | undefined;
  employees?: number;
  industry?: string | null | undefined;
  licenceNo?: string | null | undefined;
  name: string;
};

export type Channel =
  | 'IMPORT'
  | 'PAD'
  | 'PC'
  | 'SELF_SERVICE';

export type ConsentInput = {
  /** PC, PAD, SELF_SERVICE or PAPER */
  channel: string;
  consentedAt: string;
  formImageRef?: string | null | undefined;
  /** 客户同意省联社其他成员行查询其基本信息: other member banks may prefill name, gender, birth date, ethnicity, region, mobile and address from ECIF. Without it they see only that ECIF knows the person. */
  shareWithFederation?: boolean;
  wordingVersion: string;
};

/** How the customer was met: a visit, a call, at the branch. */
export type ContactChannel =
  | 'BRANCH'
  | 'CALL'
  | 'OTHER'
  | 'VISIT';

/** What came of the contact. */
export type ContactOutcome =
  | 'APPLIED'
  | 'FOLLOW_UP'
  | 'INTERESTED'
  | 'NOT_INTERESTED'
  | 'UNREACHABLE';

export type CreateArchiveInput = {
  archive: ArchiveInput;
  branchId?: string | number | null | undefined;
  channel?: Channel | null | undefined;
  consent?: ConsentInput | null | undefined;
  extraFields?: Array<ExtraFieldInput> | null | undefined;
  /** Client-generated UUID (offline PAD drafts). */
  id?: string | number | null | undefined;
  managerId?: string | number | null | undefined;
};

export type Education =
  | 'BACHELOR'
  | 'COLLEGE'
  | 'JUNIOR'
  | 'NONE'
  | 'POSTGRADUATE'
  | 'PRIMARY'
  | 'SENIOR'
  | 'VOCATIONAL';

/** A bank extra field value, as text; it is parsed by the field's kind. */
export type ExtraFieldInput = {
  code: string;
  value?: string | null | undefined;
};

export type ExtraFieldKind =
  | 'BOOLEAN'
  | 'CHOICE'
  | 'DATE'
  | 'NUMBER'
  | 'TEXT';

export type FamilyMemberInput = {
  annualIncome?: string | null | undefined;
  idNumber?: string | null | undefined;
  labourCapacity?: LabourCapacity;
  name: string;
  occupation?: string | null | undefined;
  relation: Relation;
};

export type Health =
  | 'DISABLED'
  | 'FAIR'
  | 'GOOD'
  | 'POOR';

export type HouseholdInput = {
  isHead?: boolean;
  registerNo?: string | null | undefined;
  size?: number;
};

/** Why an image upload, deletion or verification was refused. */
export type ImageErrorCode =
  | 'ACCURACY_OUT_OF_RANGE'
  | 'ALREADY_DELETED'
  | 'ARCHIVE_CLOSED'
  | 'CLIENT_UPLOAD_ID_REUSED'
  | 'CONTROL_CHARACTER'
  | 'DATE_OUT_OF_RANGE'
  | 'DECOMPRESSION_BOMB'
  | 'EMPTY_FILE'
  | 'ID_INVALID_BIRTH_DATE'
  | 'ID_INVALID_CHECKSUM'
  | 'ID_INVALID_FORMAT'
  | 'ID_INVALID_LENGTH'
  | 'ID_UNKNOWN_REGION'
  | 'INVALID'
  | 'INVALID_CREDIT_CODE'
  | 'INVALID_DATE'
  | 'INVALID_ID'
  | 'LATITUDE_OUT_OF_RANGE'
  | 'LOCATION_INCOMPLETE'
  | 'LOGO_TOO_SMALL'
  | 'LONGITUDE_OUT_OF_RANGE'
  | 'NON_ASCII_CHARACTERS'
  | 'NOT_AN_IMAGE'
  | 'NOT_FOUND'
  | 'REASON_REQUIRED'
  | 'STORAGE_UNAVAILABLE'
  | 'TAKEN_AT_IN_FUTURE'
  | 'TAKEN_AT_TOO_OLD'
  | 'TOO_DEEP'
  | 'TOO_LARGE'
  | 'TOO_LONG'
  | 'TOO_MANY_ITEMS'
  | 'TOO_MANY_PIXELS'
  | 'TRUNCATED'
  | 'UNSUPPORTED_FORMAT';

/** What the photo shows. */
export type ImageKind =
  | 'BUSINESS'
  | 'CONSENT_FORM'
  | 'HOUSE'
  | 'HOUSEHOLD_REGISTER'
  | 'ID_BACK'
  | 'ID_FRONT'
  | 'LAND'
  | 'LIVESTOCK'
  | 'OTHER'
  | 'SIGNATURE'
  | 'VISIT_PHOTO';

/** RECEIVED: stored, waiting for the worker; READY: watermarked, signed, viewable; FAILED: the original could not be processed (see `failure`). */
export type ImageStatus =
  | 'FAILED'
  | 'READY'
  | 'RECEIVED';

export type IncomeInput = {
  business?: string | null | undefined;
  farming?: string | null | undefined;
  other?: string | null | undefined;
  wages?: string | null | undefined;
};

export type LabourCapacity =
  | 'FULL'
  | 'NONE'
  | 'PARTIAL';

export type LandInput = {
  contractedMu?: string | null | undefined;
  crops?: Array<string>;
  rentedMu?: string | null | undefined;
};

export type LiabilityInput = {
  amount?: string | null | undefined;
  lender: string;
  overdue?: boolean;
  overdueAmount?: string | null | undefined;
};

export type LivestockInput = {
  count: number;
  kind: LivestockKind;
  value?: string | null | undefined;
};

export type LivestockKind =
  | 'AQUATIC'
  | 'CATTLE'
  | 'OTHER'
  | 'PIG'
  | 'POULTRY'
  | 'SHEEP';

/** A contact to log; `id` is made by the client (a UUID), so a retry stores it once. */
export type LogContactInput = {
  channel: ContactChannel;
  contactedAt: string;
  customerId: string | number;
  id: string | number;
  note?: string | null | undefined;
  outcome: ContactOutcome;
  /** The reminder that prompted it: logging closes it. */
  reminderId?: string | number | null | undefined;
};

export type MaritalStatus =
  | 'DIVORCED'
  | 'MARRIED'
  | 'SINGLE'
  | 'WIDOWED';

/** Why a segment model was refused: its condition (unknown field, wrong type, a personal field tested for more than presence, a field your role may not see) or its state. */
export type MarketingErrorCode =
  | 'CONTACT_ID_TAKEN'
  | 'CONTACT_TIME'
  | 'CONTROL_CHARACTER'
  | 'DATE_OUT_OF_RANGE'
  | 'EXPRESSION_SYNTAX'
  | 'EXPRESSION_UNSUPPORTED'
  | 'FIELD_NOT_VISIBLE'
  | 'ID_INVALID_BIRTH_DATE'
  | 'ID_INVALID_CHECKSUM'
  | 'ID_INVALID_FORMAT'
  | 'ID_INVALID_LENGTH'
  | 'ID_UNKNOWN_REGION'
  | 'INVALID'
  | 'INVALID_CONDITION'
  | 'INVALID_CREDIT_CODE'
  | 'INVALID_DATE'
  | 'INVALID_EXPRESSION'
  | 'INVALID_ID'
  | 'INVALID_OPERATOR'
  | 'MODEL_RETIRED'
  | 'NON_ASCII_CHARACTERS'
  | 'NOT_FOUND'
  | 'PRESENCE_ONLY'
  | 'REASON_REQUIRED'
  | 'REMINDER_CLOSED'
  | 'REQUIRED'
  | 'SNOOZE_DATE'
  | 'TOO_DEEP'
  | 'TOO_LONG'
  | 'TOO_MANY_ITEMS'
  | 'UNKNOWN_FIELD'
  | 'WRONG_TYPE';

/** Where the product can be applied for. */
export type ProductChannel =
  | 'BRANCH'
  | 'MOBILE_BANKING'
  | 'PAD';

/** ACTIVE: the version in force. */
export type ProductStatus =
  | 'ACTIVE'
  | 'RETIRED'
  | 'SUPERSEDED';

export type QuotaStatus =
  | 'ACTIVE'
  | 'EXPIRED'
  | 'FROZEN'
  | 'REVOKED';

/** What forces the ineligible grade whatever the points. */
export type RatingVeto =
  | 'BLACKLISTED'
  | 'LOSS_CLASS'
  | 'NOT_PRECISE'
  | 'OVERDUE_90';

export type Relation =
  | 'CHILD'
  | 'GRANDCHILD'
  | 'GRANDPARENT'
  | 'OTHER'
  | 'PARENT'
  | 'SIBLING'
  | 'SPOUSE';

/** DONE, SNOOZE (until a day) or DISMISS (with a reason). */
export type ReminderAction =
  | 'DISMISS'
  | 'DONE'
  | 'SNOOZE';

/** Why the reminder was raised. */
export type ReminderKind =
  | 'APPROVAL_OVERDUE'
  | 'ARCHIVE_RETURNED'
  | 'DEPOSIT_MATURING'
  | 'GRADE_MIGRATION'
  | 'ID_EXPIRING'
  | 'MODEL'
  | 'NOT_PRECISE'
  | 'QUOTA_EXPIRING';

export type ReminderStatus =
  | 'DISMISSED'
  | 'DONE'
  | 'OPEN'
  | 'SNOOZED';

/** How a loan is repaid. */
export type RepaymentMethod =
  | 'BULLET'
  | 'EQUAL_INSTALLMENT'
  | 'EQUAL_PRINCIPAL'
  | 'INTEREST_FIRST';

export type Role =
  | 'AUDITOR'
  | 'BANK_ADMIN'
  | 'BANK_APPROVER'
  | 'BRANCH_MANAGER'
  | 'CUSTOMER_MANAGER'
  | 'PROVINCE_ADMIN'
  | 'PROVINCE_ANALYST';

export type RuleKind =
  | 'ALLOWED_VALUES'
  | 'CONDITIONAL_REQUIRED'
  | 'EXPRESSION'
  | 'FRESHNESS'
  | 'ID_CONSISTENCY'
  | 'PATTERN'
  | 'RANGE'
  | 'REQUIRED'
  | 'REQUIRED_IMAGES';

export type RuleScope =
  | 'BANK'
  | 'PROVINCE';

export type RuleSetStatus =
  | 'DRAFT'
  | 'PUBLISHED'
  | 'SUPERSEDED';

export type Severity =
  | 'ERROR'
  | 'WARNING';

export type SocialInput = {
  remarks?: string | null | undefined;
  villageCreditRating?: VillageRating | null | undefined;
};

/** A quota application; `id` may be chosen by the client (the PAD offline) so a retry is idempotent. */
export type SubmitApplicationInput = {
  amount: string;
  attachmentIds?: Array<string | number>;
  channel?: ApplicationChannel;
  customerId: string | number;
  id?: string | number | null | undefined;
  overReason?: string | null | undefined;
  productId: string | number;
  purpose: string;
  repaymentMethod: RepaymentMethod;
  term: number;
};

export type UpdateArchiveInput = {
  archive: ArchiveInput;
  channel?: Channel | null | undefined;
  consent?: ConsentInput | null | undefined;
  extraFields?: Array<ExtraFieldInput> | null | undefined;
  id: string | number;
  /** The version this edit is based on. */
  version: number;
};

/** Capture metadata of an uploaded photo; the server adds the receive time and the uploader. */
export type UploadImageInput = {
  accuracyM?: number | null | undefined;
  /** A UUID the client makes once per photo: uploading again with it returns the same image, never a second one. */
  clientUploadId: string | number;
  customerId: string | number;
  deviceId?: string | null | undefined;
  kind: ImageKind;
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
  takenAt: string;
};

export type VillageRating =
  | 'A'
  | 'AA'
  | 'AAA'
  | 'B'
  | 'C'
  | 'UNRATED';

export type WorkReminderInput = {
  action: ReminderAction;
  id: string | number;
  /** What was done; DISMISS: why (required). */
  note?: string | null | undefined;
  /** SNOOZE: the day it comes back (within 90 days). */
  until?: string | null | undefined;
};

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { roles: Array<Role>, user: { id: string, name: string, username: string, employeeNo: string } | null, orgUnit: { id: string, name: string, code: string, bankId: string | null } | null } };

export type ArchiveFieldsFragment = { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, gender: string | null, birthDate: string | null, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, updatedAt: string, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, idNumber: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, extraFields: Array<
    | { flag: boolean, code: string }
    | { choice: string, code: string }
    | { date: string, code: string }
    | { number: string, code: string }
    | { text: string, code: string }
  >, evaluation: { completeness: number, precise: boolean, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null };

export type ArchiveBusinessFieldsFragment = { blacklisted: boolean | null, bankBusiness: { asOf: string, depositBalance: string | null, depositBand: AmountBand, loanBalance: string | null, loanBand: AmountBand, overdueDays: number } | null };

export type ArchiveRatingFieldsFragment = { rating: { score: number, grade: string, gradeLabel: string, reasons: Array<string> | null, vetoes: Array<RatingVeto>, vetoReasons: Array<string>, recommendedQuota: string | null, ratedAt: string, card: { name: string, version: number, maxScore: number } } | null };

export type ImageFieldsFragment = { id: string, customerId: string, kind: ImageKind, status: ImageStatus, takenAt: string, thumbnailUrl: string | null };

export type MyArchivesQueryVariables = Exact<{
  managerId: string | number;
  first: number;
  after?: string | null | undefined;
}>;


export type MyArchivesQuery = { customers: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, gender: string | null, birthDate: string | null, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, updatedAt: string, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, idNumber: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, extraFields: Array<
          | { flag: boolean, code: string }
          | { choice: string, code: string }
          | { date: string, code: string }
          | { number: string, code: string }
          | { text: string, code: string }
        >, evaluation: { completeness: number, precise: boolean, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null, bankBusiness: { asOf: string, depositBalance: string | null, depositBand: AmountBand, loanBalance: string | null, loanBand: AmountBand, overdueDays: number } | null, rating: { score: number, grade: string, gradeLabel: string, reasons: Array<string> | null, vetoes: Array<RatingVeto>, vetoReasons: Array<string>, recommendedQuota: string | null, ratedAt: string, card: { name: string, version: number, maxScore: number } } | null } }> } };

export type ArchiveQueryVariables = Exact<{
  id: string | number;
}>;


export type ArchiveQuery = { customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, gender: string | null, birthDate: string | null, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, updatedAt: string, blacklisted: boolean | null, images: Array<{ id: string, customerId: string, kind: ImageKind, status: ImageStatus, takenAt: string, thumbnailUrl: string | null }>, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, idNumber: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, extraFields: Array<
      | { flag: boolean, code: string }
      | { choice: string, code: string }
      | { date: string, code: string }
      | { number: string, code: string }
      | { text: string, code: string }
    >, evaluation: { completeness: number, precise: boolean, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null, bankBusiness: { asOf: string, depositBalance: string | null, depositBand: AmountBand, loanBalance: string | null, loanBand: AmountBand, overdueDays: number } | null, rating: { score: number, grade: string, gradeLabel: string, reasons: Array<string> | null, vetoes: Array<RatingVeto>, vetoReasons: Array<string>, recommendedQuota: string | null, ratedAt: string, card: { name: string, version: number, maxScore: number } } | null } | null };

export type ArchiveVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type ArchiveVersionQuery = { customer: { id: string, version: number } | null };

export type ImageQueryVariables = Exact<{
  id: string | number;
}>;


export type ImageQuery = { image: { id: string, customerId: string, kind: ImageKind, status: ImageStatus, takenAt: string, thumbnailUrl: string | null } | null };

export type ReferenceQueryVariables = Exact<{ [key: string]: never; }>;


export type ReferenceQuery = { extraFieldDefinitions: Array<{ code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind, required: boolean, choices: Array<string> | null, minValue: string | null, maxValue: string | null, pattern: string | null, maxLength: number | null, position: number }>, ruleSets: Array<{ scope: RuleScope, status: RuleSetStatus, rules: Array<{ code: string, kind: RuleKind, enabled: boolean, params: any, overrides: string | null }> }>, regions: Array<{ code: string, name: string, level: string, hasChildren: boolean }> };

export type RegionsQueryVariables = Exact<{
  parentCode?: string | null | undefined;
}>;


export type RegionsQuery = { regions: Array<{ code: string, name: string, level: string, hasChildren: boolean }> };

export type ArchivePayloadFieldsFragment = { duplicateOf: string | null, customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, gender: string | null, birthDate: string | null, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, updatedAt: string, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, idNumber: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, extraFields: Array<
      | { flag: boolean, code: string }
      | { choice: string, code: string }
      | { date: string, code: string }
      | { number: string, code: string }
      | { text: string, code: string }
    >, evaluation: { completeness: number, precise: boolean, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, conflict: { serverVersion: number, current: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, gender: string | null, birthDate: string | null, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, updatedAt: string, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, idNumber: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, extraFields: Array<
        | { flag: boolean, code: string }
        | { choice: string, code: string }
        | { date: string, code: string }
        | { number: string, code: string }
        | { text: string, code: string }
      >, evaluation: { completeness: number, precise: boolean, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null } } | null, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> };

export type CreateArchiveMutationVariables = Exact<{
  input: CreateArchiveInput;
}>;


export type CreateArchiveMutation = { createArchive: { duplicateOf: string | null, customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, gender: string | null, birthDate: string | null, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, updatedAt: string, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, idNumber: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, extraFields: Array<
        | { flag: boolean, code: string }
        | { choice: string, code: string }
        | { date: string, code: string }
        | { number: string, code: string }
        | { text: string, code: string }
      >, evaluation: { completeness: number, precise: boolean, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, conflict: { serverVersion: number, current: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, gender: string | null, birthDate: string | null, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, updatedAt: string, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, idNumber: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, extraFields: Array<
          | { flag: boolean, code: string }
          | { choice: string, code: string }
          | { date: string, code: string }
          | { number: string, code: string }
          | { text: string, code: string }
        >, evaluation: { completeness: number, precise: boolean, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null } } | null, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null };

export type UpdateArchiveMutationVariables = Exact<{
  input: UpdateArchiveInput;
}>;


export type UpdateArchiveMutation = { updateArchive: { duplicateOf: string | null, customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, gender: string | null, birthDate: string | null, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, updatedAt: string, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, idNumber: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, extraFields: Array<
        | { flag: boolean, code: string }
        | { choice: string, code: string }
        | { date: string, code: string }
        | { number: string, code: string }
        | { text: string, code: string }
      >, evaluation: { completeness: number, precise: boolean, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, conflict: { serverVersion: number, current: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, gender: string | null, birthDate: string | null, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, updatedAt: string, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, idNumber: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, extraFields: Array<
          | { flag: boolean, code: string }
          | { choice: string, code: string }
          | { date: string, code: string }
          | { number: string, code: string }
          | { text: string, code: string }
        >, evaluation: { completeness: number, precise: boolean, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null } } | null, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null };

export type SubmitArchiveMutationVariables = Exact<{
  input: ArchiveTransitionInput;
}>;


export type SubmitArchiveMutation = { submitArchive: { customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, gender: string | null, birthDate: string | null, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, updatedAt: string, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, idNumber: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, extraFields: Array<
        | { flag: boolean, code: string }
        | { choice: string, code: string }
        | { date: string, code: string }
        | { number: string, code: string }
        | { text: string, code: string }
      >, evaluation: { completeness: number, precise: boolean, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, conflict: { serverVersion: number, current: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, gender: string | null, birthDate: string | null, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, updatedAt: string, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, idNumber: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, extraFields: Array<
          | { flag: boolean, code: string }
          | { choice: string, code: string }
          | { date: string, code: string }
          | { number: string, code: string }
          | { text: string, code: string }
        >, evaluation: { completeness: number, precise: boolean, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null } } | null, violations: Array<{ code: string, severity: Severity, message: string, messageEn: string }> } | null };

export type UploadImageMutationVariables = Exact<{
  input: UploadImageInput;
  file: File;
}>;


export type UploadImageMutation = { uploadImage: { duplicate: boolean, image: { id: string, customerId: string, kind: ImageKind, status: ImageStatus, takenAt: string, thumbnailUrl: string | null } | null, errors: Array<{ field: string | null, code: ImageErrorCode, message: string, messageEn: string }> } | null };

export type ProductFieldsFragment = { id: string, code: string, name: string, status: ProductStatus, amountMin: string, amountMax: string, terms: Array<number>, repaymentMethods: Array<RepaymentMethod>, channels: Array<ProductChannel>, eligibility: { preciseArchive: boolean, minGrade: string | null, noVeto: boolean, ageMin: number, ageMax: number } };

export type ProductsQueryVariables = Exact<{ [key: string]: never; }>;


export type ProductsQuery = { products: Array<{ id: string, code: string, name: string, status: ProductStatus, amountMin: string, amountMax: string, terms: Array<number>, repaymentMethods: Array<RepaymentMethod>, channels: Array<ProductChannel>, eligibility: { preciseArchive: boolean, minGrade: string | null, noVeto: boolean, ageMin: number, ageMax: number } }> };

export type ApplicationCheckQueryVariables = Exact<{
  customerId: string | number;
  productId: string | number;
}>;


export type ApplicationCheckQuery = { applicationCheck: { eligible: boolean, recommendedQuota: string, reasons: Array<{ code: ApprovalErrorCode, message: string, messageEn: string }>, rating: { grade: string, score: number } | null, product: { id: string, code: string } } };

export type ApplicationFieldsFragment = { id: string, number: string, status: ApplicationStatus, channel: ApplicationChannel, productCode: string, amount: string, term: number, repaymentMethod: RepaymentMethod, purpose: string, overReason: string | null, approvedAmount: string | null, createdAt: string, decidedAt: string | null, process: { currentElements: Array<string> } | null, tasks: Array<{ name: string, status: ApprovalTaskStatus }>, quota: { status: QuotaStatus, amount: string, availableAmount: string, validTo: string } | null };

export type ApplicationsQueryVariables = Exact<{
  customerId: string | number;
  first: number;
}>;


export type ApplicationsQuery = { applications: { edges: Array<{ node: { id: string, number: string, status: ApplicationStatus, channel: ApplicationChannel, productCode: string, amount: string, term: number, repaymentMethod: RepaymentMethod, purpose: string, overReason: string | null, approvedAmount: string | null, createdAt: string, decidedAt: string | null, process: { currentElements: Array<string> } | null, tasks: Array<{ name: string, status: ApprovalTaskStatus }>, quota: { status: QuotaStatus, amount: string, availableAmount: string, validTo: string } | null } }> } };

export type SubmitApplicationMutationVariables = Exact<{
  input: SubmitApplicationInput;
}>;


export type SubmitApplicationMutation = { submitApplication: { application: { id: string, number: string, status: ApplicationStatus, channel: ApplicationChannel, productCode: string, amount: string, term: number, repaymentMethod: RepaymentMethod, purpose: string, overReason: string | null, approvedAmount: string | null, createdAt: string, decidedAt: string | null, process: { currentElements: Array<string> } | null, tasks: Array<{ name: string, status: ApprovalTaskStatus }>, quota: { status: QuotaStatus, amount: string, availableAmount: string, validTo: string } | null } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type ReminderFieldsFragment = { id: string, kind: ReminderKind, title: string, dueOn: string, status: ReminderStatus, snoozedUntil: string | null, note: string | null, createdAt: string, closedAt: string | null, overdue: boolean, customer: { id: string, name: string | null } | null };

export type MyRemindersQueryVariables = Exact<{
  first: number;
}>;


export type MyRemindersQuery = { myReminders: Array<{ id: string, kind: ReminderKind, title: string, dueOn: string, status: ReminderStatus, snoozedUntil: string | null, note: string | null, createdAt: string, closedAt: string | null, overdue: boolean, customer: { id: string, name: string | null } | null }> };

export type WorkReminderMutationVariables = Exact<{
  input: WorkReminderInput;
}>;


export type WorkReminderMutation = { workReminder: { reminder: { id: string, kind: ReminderKind, title: string, dueOn: string, status: ReminderStatus, snoozedUntil: string | null, note: string | null, createdAt: string, closedAt: string | null, overdue: boolean, customer: { id: string, name: string | null } | null } | null, errors: Array<{ field: string | null, code: MarketingErrorCode, message: string, messageEn: string }> } | null };

export type ContactFieldsFragment = { id: string, channel: ContactChannel, outcome: ContactOutcome, note: string | null, contactedAt: string, reminderId: string | null, staff: { name: string } | null };

export type CustomerContactsQueryVariables = Exact<{
  customerId: string | number;
}>;


export type CustomerContactsQuery = { customerContacts: Array<{ id: string, channel: ContactChannel, outcome: ContactOutcome, note: string | null, contactedAt: string, reminderId: string | null, staff: { name: string } | null }> };

export type LogContactMutationVariables = Exact<{
  input: LogContactInput;
}>;


export type LogContactMutation = { logContact: { contact: { id: string, channel: ContactChannel, outcome: ContactOutcome, note: string | null, contactedAt: string, reminderId: string | null, staff: { name: string } | null } | null, errors: Array<{ field: string | null, code: MarketingErrorCode, message: string, messageEn: string }> } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ArchiveBusinessFieldsFragmentDoc = new TypedDocumentString(`
    fragment ArchiveBusinessFields on Customer {
  blacklisted
  bankBusiness {
    asOf
    depositBalance
    depositBand
    loanBalance
    loanBand
    overdueDays
  }
}
    `, {"fragmentName":"ArchiveBusinessFields"}) as unknown as TypedDocumentString<ArchiveBusinessFieldsFragment, unknown>;
export const ArchiveRatingFieldsFragmentDoc = new TypedDocumentString(`
    fragment ArchiveRatingFields on Customer {
  rating {
    score
    grade
    gradeLabel
    card {
      name
      version
      maxScore
    }
    reasons
    vetoes
    vetoReasons
    recommendedQuota
    ratedAt
  }
}
    `, {"fragmentName":"ArchiveRatingFields"}) as unknown as TypedDocumentString<ArchiveRatingFieldsFragment, unknown>;
export const ImageFieldsFragmentDoc = new TypedDocumentString(`
    fragment ImageFields on CustomerImage {
  id
  customerId
  kind
  status
  takenAt
  thumbnailUrl
}
    `, {"fragmentName":"ImageFields"}) as unknown as TypedDocumentString<ImageFieldsFragment, unknown>;
export const ArchiveFieldsFragmentDoc = new TypedDocumentString(`
    fragment ArchiveFields on Customer {
  id
  version
  status
  channel
  name
  idNumber
  idExpiry
  idLongTerm
  gender
  birthDate
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  address {
    regionCode
    regionName
    townshipCode
    villageCode
    line
  }
  household {
    size
    registerNo
    isHead
  }
  familyMembers {
    relation
    name
    idNumber
    occupation
    annualIncome
    labourCapacity
  }
  land {
    contractedMu
    rentedMu
    crops
  }
  livestock {
    kind
    count
    value
  }
  assets {
    kind
    description
    value
  }
  income {
    farming
    business
    wages
    other
    total
  }
  liabilities {
    lender
    amount
    overdue
    overdueAmount
  }
  business {
    name
    industry
    creditCode
    licenceNo
    annualTurnover
    employees
  }
  social {
    villageCreditRating
    remarks
  }
  consent {
    wordingVersion
    consentedAt
    channel
    formImageRef
    shareWithFederation
  }
  extraFields {
    code
    ... on TextFieldValue {
      text
    }
    ... on NumberFieldValue {
      number
    }
    ... on DateFieldValue {
      date
    }
    ... on ChoiceFieldValue {
      choice
    }
    ... on BooleanFieldValue {
      flag
    }
  }
  returnReasons
  updatedAt
  evaluation {
    completeness
    precise
    violations {
      code
      severity
      message
      messageEn
    }
  }
}
    `, {"fragmentName":"ArchiveFields"}) as unknown as TypedDocumentString<ArchiveFieldsFragment, unknown>;
export const ArchivePayloadFieldsFragmentDoc = new TypedDocumentString(`
    fragment ArchivePayloadFields on ArchivePayload {
  customer {
    ...ArchiveFields
  }
  errors {
    field
    code
    message
    messageEn
  }
  conflict {
    serverVersion
    current {
      ...ArchiveFields
    }
  }
  duplicateOf
  violations {
    code
    severity
    message
    messageEn
  }
}
    fragment ArchiveFields on Customer {
  id
  version
  status
  channel
  name
  idNumber
  idExpiry
  idLongTerm
  gender
  birthDate
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  address {
    regionCode
    regionName
    townshipCode
    villageCode
    line
  }
  household {
    size
    registerNo
    isHead
  }
  familyMembers {
    relation
    name
    idNumber
    occupation
    annualIncome
    labourCapacity
  }
  land {
    contractedMu
    rentedMu
    crops
  }
  livestock {
    kind
    count
    value
  }
  assets {
    kind
    description
    value
  }
  income {
    farming
    business
    wages
    other
    total
  }
  liabilities {
    lender
    amount
    overdue
    overdueAmount
  }
  business {
    name
    industry
    creditCode
    licenceNo
    annualTurnover
    employees
  }
  social {
    villageCreditRating
    remarks
  }
  consent {
    wordingVersion
    consentedAt
    channel
    formImageRef
    shareWithFederation
  }
  extraFields {
    code
    ... on TextFieldValue {
      text
    }
    ... on NumberFieldValue {
      number
    }
    ... on DateFieldValue {
      date
    }
    ... on ChoiceFieldValue {
      choice
    }
    ... on BooleanFieldValue {
      flag
    }
  }
  returnReasons
  updatedAt
  evaluation {
    completeness
    precise
    violations {
      code
      severity
      message
      messageEn
    }
  }
}`, {"fragmentName":"ArchivePayloadFields"}) as unknown as TypedDocumentString<ArchivePayloadFieldsFragment, unknown>;
export const ProductFieldsFragmentDoc = new TypedDocumentString(`
    fragment ProductFields on Product {
  id
  code
  name
  status
  amountMin
  amountMax
  terms
  repaymentMethods
  channels
  eligibility {
    preciseArchive
    minGrade
    noVeto
    ageMin
    ageMax
  }
}
    `, {"fragmentName":"ProductFields"}) as unknown as TypedDocumentString<ProductFieldsFragment, unknown>;
export const ApplicationFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApplicationFields on Application {
  id
  number
  status
  channel
  productCode
  amount
  term
  repaymentMethod
  purpose
  overReason
  approvedAmount
  createdAt
  decidedAt
  process {
    currentElements
  }
  tasks {
    name
    status
  }
  quota {
    status
    amount
    availableAmount
    validTo
  }
}
    `, {"fragmentName":"ApplicationFields"}) as unknown as TypedDocumentString<ApplicationFieldsFragment, unknown>;
export const ReminderFieldsFragmentDoc = new TypedDocumentString(`
    fragment ReminderFields on Reminder {
  id
  kind
  title
  dueOn
  status
  snoozedUntil
  note
  createdAt
  closedAt
  overdue
  customer {
    id
    name
  }
}
    `, {"fragmentName":"ReminderFields"}) as unknown as TypedDocumentString<ReminderFieldsFragment, unknown>;
export const ContactFieldsFragmentDoc = new TypedDocumentString(`
    fragment ContactFields on Contact {
  id
  channel
  outcome
  note
  contactedAt
  reminderId
  staff {
    name
  }
}
    `, {"fragmentName":"ContactFields"}) as unknown as TypedDocumentString<ContactFieldsFragment, unknown>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    roles
    user {
      id
      name
      username
      employeeNo
    }
    orgUnit {
      id
      name
      code
      bankId
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const MyArchivesDocument = new TypedDocumentString(`
    query MyArchives($managerId: ID!, $first: Int!, $after: String) {
  customers(filter: {managerId: $managerId}, first: $first, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...ArchiveFields
        ...ArchiveBusinessFields
        ...ArchiveRatingFields
      }
    }
  }
}
    fragment ArchiveFields on Customer {
  id
  version
  status
  channel
  name
  idNumber
  idExpiry
  idLongTerm
  gender
  birthDate
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  address {
    regionCode
    regionName
    townshipCode
    villageCode
    line
  }
  household {
    size
    registerNo
    isHead
  }
  familyMembers {
    relation
    name
    idNumber
    occupation
    annualIncome
    labourCapacity
  }
  land {
    contractedMu
    rentedMu
    crops
  }
  livestock {
    kind
    count
    value
  }
  assets {
    kind
    description
    value
  }
  income {
    farming
    business
    wages
    other
    total
  }
  liabilities {
    lender
    amount
    overdue
    overdueAmount
  }
  business {
    name
    industry
    creditCode
    licenceNo
    annualTurnover
    employees
  }
  social {
    villageCreditRating
    remarks
  }
  consent {
    wordingVersion
    consentedAt
    channel
    formImageRef
    shareWithFederation
  }
  extraFields {
    code
    ... on TextFieldValue {
      text
    }
    ... on NumberFieldValue {
      number
    }
    ... on DateFieldValue {
      date
    }
    ... on ChoiceFieldValue {
      choice
    }
    ... on BooleanFieldValue {
      flag
    }
  }
  returnReasons
  updatedAt
  evaluation {
    completeness
    precise
    violations {
      code
      severity
      message
      messageEn
    }
  }
}
fragment ArchiveBusinessFields on Customer {
  blacklisted
  bankBusiness {
    asOf
    depositBalance
    depositBand
    loanBalance
    loanBand
    overdueDays
  }
}
fragment ArchiveRatingFields on Customer {
  rating {
    score
    grade
    gradeLabel
    card {
      name
      version
      maxScore
    }
    reasons
    vetoes
    vetoReasons
    recommendedQuota
    ratedAt
  }
}`) as unknown as TypedDocumentString<MyArchivesQuery, MyArchivesQueryVariables>;
export const ArchiveDocument = new TypedDocumentString(`
    query Archive($id: ID!) {
  customer(id: $id) {
    ...ArchiveFields
    ...ArchiveBusinessFields
    ...ArchiveRatingFields
    images {
      ...ImageFields
    }
  }
}
    fragment ArchiveFields on Customer {
  id
  version
  status
  channel
  name
  idNumber
  idExpiry
  idLongTerm
  gender
  birthDate
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  address {
    regionCode
    regionName
    townshipCode
    villageCode
    line
  }
  household {
    size
    registerNo
    isHead
  }
  familyMembers {
    relation
    name
    idNumber
    occupation
    annualIncome
    labourCapacity
  }
  land {
    contractedMu
    rentedMu
    crops
  }
  livestock {
    kind
    count
    value
  }
  assets {
    kind
    description
    value
  }
  income {
    farming
    business
    wages
    other
    total
  }
  liabilities {
    lender
    amount
    overdue
    overdueAmount
  }
  business {
    name
    industry
    creditCode
    licenceNo
    annualTurnover
    employees
  }
  social {
    villageCreditRating
    remarks
  }
  consent {
    wordingVersion
    consentedAt
    channel
    formImageRef
    shareWithFederation
  }
  extraFields {
    code
    ... on TextFieldValue {
      text
    }
    ... on NumberFieldValue {
      number
    }
    ... on DateFieldValue {
      date
    }
    ... on ChoiceFieldValue {
      choice
    }
    ... on BooleanFieldValue {
      flag
    }
  }
  returnReasons
  updatedAt
  evaluation {
    completeness
    precise
    violations {
      code
      severity
      message
      messageEn
    }
  }
}
fragment ArchiveBusinessFields on Customer {
  blacklisted
  bankBusiness {
    asOf
    depositBalance
    depositBand
    loanBalance
    loanBand
    overdueDays
  }
}
fragment ArchiveRatingFields on Customer {
  rating {
    score
    grade
    gradeLabel
    card {
      name
      version
      maxScore
    }
    reasons
    vetoes
    vetoReasons
    recommendedQuota
    ratedAt
  }
}
fragment ImageFields on CustomerImage {
  id
  customerId
  kind
  status
  takenAt
  thumbnailUrl
}`) as unknown as TypedDocumentString<ArchiveQuery, ArchiveQueryVariables>;
export const ArchiveVersionDocument = new TypedDocumentString(`
    query ArchiveVersion($id: ID!) {
  customer(id: $id) {
    id
    version
  }
}
    `) as unknown as TypedDocumentString<ArchiveVersionQuery, ArchiveVersionQueryVariables>;
export const ImageDocument = new TypedDocumentString(`
    query Image($id: ID!) {
  image(id: $id) {
    ...ImageFields
  }
}
    fragment ImageFields on CustomerImage {
  id
  customerId
  kind
  status
  takenAt
  thumbnailUrl
}`) as unknown as TypedDocumentString<ImageQuery, ImageQueryVariables>;
export const ReferenceDocument = new TypedDocumentString(`
    query Reference {
  extraFieldDefinitions {
    code
    labelZh
    labelEn
    kind
    required
    choices
    minValue
    maxValue
    pattern
    maxLength
    position
  }
  ruleSets {
    scope
    status
    rules {
      code
      kind
      enabled
      params
      overrides
    }
  }
  regions {
    code
    name
    level
    hasChildren
  }
}
    `) as unknown as TypedDocumentString<ReferenceQuery, ReferenceQueryVariables>;
export const RegionsDocument = new TypedDocumentString(`
    query Regions($parentCode: String) {
  regions(parentCode: $parentCode) {
    code
    name
    level
    hasChildren
  }
}
    `) as unknown as TypedDocumentString<RegionsQuery, RegionsQueryVariables>;
export const CreateArchiveDocument = new TypedDocumentString(`
    mutation CreateArchive($input: CreateArchiveInput!) {
  createArchive(input: $input) {
    ...ArchivePayloadFields
  }
}
    fragment ArchiveFields on Customer {
  id
  version
  status
  channel
  name
  idNumber
  idExpiry
  idLongTerm
  gender
  birthDate
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  address {
    regionCode
    regionName
    townshipCode
    villageCode
    line
  }
  household {
    size
    registerNo
    isHead
  }
  familyMembers {
    relation
    name
    idNumber
    occupation
    annualIncome
    labourCapacity
  }
  land {
    contractedMu
    rentedMu
    crops
  }
  livestock {
    kind
    count
    value
  }
  assets {
    kind
    description
    value
  }
  income {
    farming
    business
    wages
    other
    total
  }
  liabilities {
    lender
    amount
    overdue
    overdueAmount
  }
  business {
    name
    industry
    creditCode
    licenceNo
    annualTurnover
    employees
  }
  social {
    villageCreditRating
    remarks
  }
  consent {
    wordingVersion
    consentedAt
    channel
    formImageRef
    shareWithFederation
  }
  extraFields {
    code
    ... on TextFieldValue {
      text
    }
    ... on NumberFieldValue {
      number
    }
    ... on DateFieldValue {
      date
    }
    ... on ChoiceFieldValue {
      choice
    }
    ... on BooleanFieldValue {
      flag
    }
  }
  returnReasons
  updatedAt
  evaluation {
    completeness
    precise
    violations {
      code
      severity
      message
      messageEn
    }
  }
}
fragment ArchivePayloadFields on ArchivePayload {
  customer {
    ...ArchiveFields
  }
  errors {
    field
    code
    message
    messageEn
  }
  conflict {
    serverVersion
    current {
      ...ArchiveFields
    }
  }
  duplicateOf
  violations {
    code
    severity
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<CreateArchiveMutation, CreateArchiveMutationVariables>;
export const UpdateArchiveDocument = new TypedDocumentString(`
    mutation UpdateArchive($input: UpdateArchiveInput!) {
  updateArchive(input: $input) {
    ...ArchivePayloadFields
  }
}
    fragment ArchiveFields on Customer {
  id
  version
  status
  channel
  name
  idNumber
  idExpiry
  idLongTerm
  gender
  birthDate
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  address {
    regionCode
    regionName
    townshipCode
    villageCode
    line
  }
  household {
    size
    registerNo
    isHead
  }
  familyMembers {
    relation
    name
    idNumber
    occupation
    annualIncome
    labourCapacity
  }
  land {
    contractedMu
    rentedMu
    crops
  }
  livestock {
    kind
    count
    value
  }
  assets {
    kind
    description
    value
  }
  income {
    farming
    business
    wages
    other
    total
  }
  liabilities {
    lender
    amount
    overdue
    overdueAmount
  }
  business {
    name
    industry
    creditCode
    licenceNo
    annualTurnover
    employees
  }
  social {
    villageCreditRating
    remarks
  }
  consent {
    wordingVersion
    consentedAt
    channel
    formImageRef
    shareWithFederation
  }
  extraFields {
    code
    ... on TextFieldValue {
      text
    }
    ... on NumberFieldValue {
      number
    }
    ... on DateFieldValue {
      date
    }
    ... on ChoiceFieldValue {
      choice
    }
    ... on BooleanFieldValue {
      flag
    }
  }
  returnReasons
  updatedAt
  evaluation {
    completeness
    precise
    violations {
      code
      severity
      message
      messageEn
    }
  }
}
fragment ArchivePayloadFields on ArchivePayload {
  customer {
    ...ArchiveFields
  }
  errors {
    field
    code
    message
    messageEn
  }
  conflict {
    serverVersion
    current {
      ...ArchiveFields
    }
  }
  duplicateOf
  violations {
    code
    severity
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<UpdateArchiveMutation, UpdateArchiveMutationVariables>;
export const SubmitArchiveDocument = new TypedDocumentString(`
    mutation SubmitArchive($input: ArchiveTransitionInput!) {
  submitArchive(input: $input) {
    customer {
      ...ArchiveFields
    }
    errors {
      field
      code
      message
      messageEn
    }
    conflict {
      serverVersion
      current {
        ...ArchiveFields
      }
    }
    violations {
      code
      severity
      message
      messageEn
    }
  }
}
    fragment ArchiveFields on Customer {
  id
  version
  status
  channel
  name
  idNumber
  idExpiry
  idLongTerm
  gender
  birthDate
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  address {
    regionCode
    regionName
    townshipCode
    villageCode
    line
  }
  household {
    size
    registerNo
    isHead
  }
  familyMembers {
    relation
    name
    idNumber
    occupation
    annualIncome
    labourCapacity
  }
  land {
    contractedMu
    rentedMu
    crops
  }
  livestock {
    kind
    count
    value
  }
  assets {
    kind
    description
    value
  }
  income {
    farming
    business
    wages
    other
    total
  }
  liabilities {
    lender
    amount
    overdue
    overdueAmount
  }
  business {
    name
    industry
    creditCode
    licenceNo
    annualTurnover
    employees
  }
  social {
    villageCreditRating
    remarks
  }
  consent {
    wordingVersion
    consentedAt
    channel
    formImageRef
    shareWithFederation
  }
  extraFields {
    code
    ... on TextFieldValue {
      text
    }
    ... on NumberFieldValue {
      number
    }
    ... on DateFieldValue {
      date
    }
    ... on ChoiceFieldValue {
      choice
    }
    ... on BooleanFieldValue {
      flag
    }
  }
  returnReasons
  updatedAt
  evaluation {
    completeness
    precise
    violations {
      code
      severity
      message
      messageEn
    }
  }
}`) as unknown as TypedDocumentString<SubmitArchiveMutation, SubmitArchiveMutationVariables>;
export const UploadImageDocument = new TypedDocumentString(`
    mutation UploadImage($input: UploadImageInput!, $file: Upload!) {
  uploadImage(input: $input, file: $file) {
    image {
      ...ImageFields
    }
    duplicate
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment ImageFields on CustomerImage {
  id
  customerId
  kind
  status
  takenAt
  thumbnailUrl
}`) as unknown as TypedDocumentString<UploadImageMutation, UploadImageMutationVariables>;
export const ProductsDocument = new TypedDocumentString(`
    query Products {
  products {
    ...ProductFields
  }
}
    fragment ProductFields on Product {
  id
  code
  name
  status
  amountMin
  amountMax
  terms
  repaymentMethods
  channels
  eligibility {
    preciseArchive
    minGrade
    noVeto
    ageMin
    ageMax
  }
}`) as unknown as TypedDocumentString<ProductsQuery, ProductsQueryVariables>;
export const ApplicationCheckDocument = new TypedDocumentString(`
    query ApplicationCheck($customerId: ID!, $productId: ID!) {
  applicationCheck(customerId: $customerId, productId: $productId, channel: PAD) {
    eligible
    reasons {
      code
      message
      messageEn
    }
    recommendedQuota
    rating {
      grade
      score
    }
    product {
      id
      code
    }
  }
}
    `) as unknown as TypedDocumentString<ApplicationCheckQuery, ApplicationCheckQueryVariables>;
export const ApplicationsDocument = new TypedDocumentString(`
    query Applications($customerId: ID!, $first: Int!) {
  applications(customerId: $customerId, first: $first) {
    edges {
      node {
        ...ApplicationFields
      }
    }
  }
}
    fragment ApplicationFields on Application {
  id
  number
  status
  channel
  productCode
  amount
  term
  repaymentMethod
  purpose
  overReason
  approvedAmount
  createdAt
  decidedAt
  process {
    currentElements
  }
  tasks {
    name
    status
  }
  quota {
    status
    amount
    availableAmount
    validTo
  }
}`) as unknown as TypedDocumentString<ApplicationsQuery, ApplicationsQueryVariables>;
export const SubmitApplicationDocument = new TypedDocumentString(`
    mutation SubmitApplication($input: SubmitApplicationInput!) {
  submitApplication(input: $input) {
    application {
      ...ApplicationFields
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment ApplicationFields on Application {
  id
  number
  status
  channel
  productCode
  amount
  term
  repaymentMethod
  purpose
  overReason
  approvedAmount
  createdAt
  decidedAt
  process {
    currentElements
  }
  tasks {
    name
    status
  }
  quota {
    status
    amount
    availableAmount
    validTo
  }
}`) as unknown as TypedDocumentString<SubmitApplicationMutation, SubmitApplicationMutationVariables>;
export const MyRemindersDocument = new TypedDocumentString(`
    query MyReminders($first: Int!) {
  myReminders(status: OPEN, first: $first) {
    ...ReminderFields
  }
}
    fragment ReminderFields on Reminder {
  id
  kind
  title
  dueOn
  status
  snoozedUntil
  note
  createdAt
  closedAt
  overdue
  customer {
    id
    name
  }
}`) as unknown as TypedDocumentString<MyRemindersQuery, MyRemindersQueryVariables>;
export const WorkReminderDocument = new TypedDocumentString(`
    mutation WorkReminder($input: WorkReminderInput!) {
  workReminder(input: $input) {
    reminder {
      ...ReminderFields
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment ReminderFields on Reminder {
  id
  kind
  title
  dueOn
  status
  snoozedUntil
  note
  createdAt
  closedAt
  overdue
  customer {
    id
    name
  }
}`) as unknown as TypedDocumentString<WorkReminderMutation, WorkReminderMutationVariables>;
export const CustomerContactsDocument = new TypedDocumentString(`
    query CustomerContacts($customerId: ID!) {
  customerContacts(customerId: $customerId) {
    ...ContactFields
  }
}
    fragment ContactFields on Contact {
  id
  channel
  outcome
  note
  contactedAt
  reminderId
  staff {
    name
  }
}`) as unknown as TypedDocumentString<CustomerContactsQuery, CustomerContactsQueryVariables>;
export const LogContactDocument = new TypedDocumentString(`
    mutation LogContact($input: LogContactInput!) {
  logContact(input: $input) {
    contact {
      ...ContactFields
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment ContactFields on Contact {
  id
  channel
  outcome
  note
  contactedAt
  reminderId
  staff {
    name
  }
}`) as unknown as TypedDocumentString<LogContactMutation, LogContactMutationVariables>;