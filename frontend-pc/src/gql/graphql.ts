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

/** One step of an application's history. */
export type ApplicationEventAction =
  | 'APPROVED'
  | 'AUTO_APPROVED'
  | 'CLAIMED'
  | 'COMPLETED'
  | 'DELEGATED'
  | 'ESCALATED'
  | 'REJECTED'
  | 'RELEASED'
  | 'REMINDED'
  | 'RESUBMITTED'
  | 'RETURNED'
  | 'SUBMITTED'
  | 'WITHDRAWN';

/** The order of the application list: when it was made, the amount applied for, or the customer's name in pinyin order (拼音: 阿明, 李四, 王五, 张三). */
export type ApplicationOrder =
  | 'AMOUNT_ASC'
  | 'AMOUNT_DESC'
  | 'CREATED_ASC'
  | 'CREATED_DESC'
  | 'CUSTOMER_NAME_ASC'
  | 'CUSTOMER_NAME_DESC';

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

/** Approve a step: amount and term at most what was asked (and what the previous level approved). */
export type ApproveTaskInput = {
  amount?: string | null | undefined;
  comment?: string | null | undefined;
  id: string | number;
  /** Annual rate in percent within the product's range; default: the priced one. */
  rate?: string | null | undefined;
  term?: number | null | undefined;
};

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

/** The order of the archive list: the name in pinyin order (拼音: 阿明, 李四, 王五, 张三), or the last change. */
export type ArchiveOrder =
  | 'NAME_ASC'
  | 'NAME_DESC'
  | 'UPDATED_ASC'
  | 'UPDATED_DESC';

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

/** Why a saved archive may be a duplicate of another of the bank's archives. */
export type ArchiveWarningCode =
  | 'SAME_MOBILE'
  | 'SAME_NAME_AND_BIRTH_DATE';

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

/** Why a reveal of a protected field was refused. */
export type AuthErrorCode =
  | 'CONTROL_CHARACTER'
  | 'DATE_OUT_OF_RANGE'
  | 'ID_INVALID_BIRTH_DATE'
  | 'ID_INVALID_CHECKSUM'
  | 'ID_INVALID_FORMAT'
  | 'ID_INVALID_LENGTH'
  | 'ID_UNKNOWN_REGION'
  | 'INVALID'
  | 'INVALID_CREDIT_CODE'
  | 'INVALID_DATE'
  | 'INVALID_ID'
  | 'NON_ASCII_CHARACTERS'
  | 'NOT_FOUND'
  | 'NOT_REVEALABLE'
  | 'TOO_DEEP'
  | 'TOO_LONG'
  | 'TOO_MANY_ITEMS';

export type BusinessInput = {
  annualTurnover?: string | null | undefined;
  creditCode?: string | null | undefined;
  employees?: number;
  industry?: string | null | undefined;
  licenceNo?: string | null | undefined;
  name: string;
};

/** What the request would change. */
export type ChangeKind =
  | 'RULE_SET_PUBLISH'
  | 'SCORECARD_PUBLISH'
  | 'STAFF_ROLES_GRANT'
  | 'STAFF_USER_CREATE';

export type ChangeQuotaInput = {
  change: QuotaChange;
  id: string | number;
  reason: string;
};

export type ChangeStatus =
  | 'APPROVED'
  | 'CANCELLED'
  | 'PENDING'
  | 'REJECTED';

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

export type CreateOrgUnitInput = {
  code: string;
  name: string;
  parentId: string | number;
};

export type CreateStaffUserInput = {
  employeeNo: string;
  initialPassword: string;
  name: string;
  orgUnitId: string | number;
  phone?: string | null | undefined;
  roles: Array<Role>;
  username: string;
};

export type CustomerFilter = {
  channels?: Array<Channel> | null | undefined;
  /** Exact, through the blind index. */
  idNumber?: string | null | undefined;
  managerId?: string | number | null | undefined;
  /** Exact, through the blind index. */
  mobile?: string | null | undefined;
  namePrefix?: string | null | undefined;
  /** A bank or branch in your scope. */
  orgUnitId?: string | number | null | undefined;
  regionCode?: string | null | undefined;
  statuses?: Array<ArchiveStatus> | null | undefined;
  updatedFrom?: string | null | undefined;
  updatedTo?: string | null | undefined;
  villageCode?: string | null | undefined;
};

export type DelegateTaskInput = {
  comment?: string | null | undefined;
  id: string | number;
  toUserId: string | number;
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

export type ExtraFieldDefinitionInput = {
  active?: boolean;
  choices?: Array<string> | null | undefined;
  code: string;
  kind: ExtraFieldKind;
  labelEn: string;
  labelZh: string;
  maxLength?: number | null | undefined;
  maxValue?: string | null | undefined;
  minValue?: string | null | undefined;
  pattern?: string | null | undefined;
  position?: number;
  required?: boolean;
};

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

/** STRING, NUMBER, DATE, BOOLEAN, or COUNT (a list, by its length). */
export type FieldType =
  | 'BOOLEAN'
  | 'COUNT'
  | 'DATE'
  | 'NUMBER'
  | 'STRING';

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

/** The answer of verifyImage. */
export type ImageVerdict =
  | 'ALTERED'
  | 'AUTHENTIC'
  | 'UNKNOWN';

/** Why a workbook or one of its rows was refused; rows are checked as archives are (ArchiveErrorCode). */
export type ImportErrorCode =
  | 'AGE_OUT_OF_RANGE'
  | 'ALREADY_EXISTS'
  | 'AMOUNT_TOO_LARGE'
  | 'ARCHIVE_CLOSED'
  | 'CONSENT_REQUIRED'
  | 'CONTROL_CHARACTER'
  | 'DATE_OUT_OF_RANGE'
  | 'DUPLICATE_ARCHIVE'
  | 'DUPLICATE_COLUMN'
  | 'DUPLICATE_IN_FILE'
  | 'EDITED_BY_REVIEWER'
  | 'EMPTY_FILE'
  | 'EXPIRY_CONFLICT'
  | 'FILE_TOO_LARGE'
  | 'HAS_VIOLATIONS'
  | 'ID_EXPIRED'
  | 'ID_INVALID_BIRTH_DATE'
  | 'ID_INVALID_CHECKSUM'
  | 'ID_INVALID_FORMAT'
  | 'ID_INVALID_LENGTH'
  | 'ID_STORED_AS_NUMBER'
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
  | 'INVALID_FILE'
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
  | 'MISSING_COLUMNS'
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
  | 'TOO_MANY_ROWS'
  | 'TOO_SHORT'
  | 'UNDER_REVIEW'
  | 'UNKNOWN_ETHNICITY'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_MANAGER'
  | 'UNKNOWN_REGION'
  | 'UNKNOWN_TOWNSHIP'
  | 'UNKNOWN_VILLAGE'
  | 'VERSION_CONFLICT';

export type ImportStatus =
  | 'DONE'
  | 'FAILED'
  | 'PENDING';

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

/** Five-category loan classification (贷款五级分类), best to worst. */
export type LoanClass =
  | 'DOUBTFUL'
  | 'LOSS'
  | 'NORMAL'
  | 'SPECIAL_MENTION'
  | 'SUBSTANDARD';

/** Where a drawdown stands at the lending platform. */
export type LoanStatus =
  | 'ACCEPTED'
  | 'CLOSED'
  | 'DISBURSED'
  | 'OVERDUE'
  | 'REFUSED'
  | 'REQUESTED';

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

export type MoveStaffUserInput = {
  orgUnitId: string | number;
  userId: string | number;
};

/** Why an org unit or staff-user change (put under dual control where it grants access) was refused. */
export type OrgErrorCode =
  | 'ALREADY_DECIDED'
  | 'CANNOT_CHANGE_SELF'
  | 'CONTROL_CHARACTER'
  | 'DATE_OUT_OF_RANGE'
  | 'DUPLICATE'
  | 'ID_INVALID_BIRTH_DATE'
  | 'ID_INVALID_CHECKSUM'
  | 'ID_INVALID_FORMAT'
  | 'ID_INVALID_LENGTH'
  | 'ID_UNKNOWN_REGION'
  | 'INVALID'
  | 'INVALID_CREDIT_CODE'
  | 'INVALID_DATE'
  | 'INVALID_FORMAT'
  | 'INVALID_ID'
  | 'INVALID_LENGTH'
  | 'INVALID_MOBILE'
  | 'INVALID_PARENT'
  | 'INVALID_STATUS_CHANGE'
  | 'NON_ASCII_CHARACTERS'
  | 'NOT_FOUND'
  | 'NOT_LOCKED'
  | 'NOT_REQUESTER'
  | 'OUT_OF_SCOPE'
  | 'PENDING_CHANGE_EXISTS'
  | 'REASON_REQUIRED'
  | 'ROLES_REQUIRED'
  | 'ROLE_NOT_ALLOWED_AT_LEVEL'
  | 'SAME_PERSON'
  | 'STALE_REQUEST'
  | 'TOO_DEEP'
  | 'TOO_LONG'
  | 'TOO_MANY_ITEMS'
  | 'UNIT_CLOSED'
  | 'WEAK_PASSWORD';

/** PROVINCE (省联社) > BANK (法人行社) > BRANCH (网点) */
export type OrgLevel =
  | 'BANK'
  | 'BRANCH'
  | 'PROVINCE';

export type OrgStatus =
  | 'ACTIVE'
  | 'CLOSED';

/** Why a decision on a pending change was refused, or why the approved change could not be applied (the codes of the change itself: staff users, rule sets, scorecards). */
export type PendingChangeErrorCode =
  | 'ALREADY_DECIDED'
  | 'BASELINE_CODE'
  | 'CANNOT_CHANGE_SELF'
  | 'CATEGORIES_OVERLAP'
  | 'CONTROL_CHARACTER'
  | 'DATE_OUT_OF_RANGE'
  | 'DUPLICATE'
  | 'DUPLICATE_GRADE'
  | 'DUPLICATE_ITEM_CODE'
  | 'EXPRESSION_INVALID'
  | 'EXPRESSION_NOT_BOOLEAN'
  | 'EXPRESSION_SYNTAX'
  | 'EXTRA_FIELD_IN_PROVINCE_CARD'
  | 'EXTRA_KIND_MISMATCH'
  | 'GRADES_NOT_DESCENDING'
  | 'ID_INVALID_BIRTH_DATE'
  | 'ID_INVALID_CHECKSUM'
  | 'ID_INVALID_FORMAT'
  | 'ID_INVALID_LENGTH'
  | 'ID_UNKNOWN_REGION'
  | 'INELIGIBLE_GRADE_RESERVED'
  | 'INVALID'
  | 'INVALID_CONDITION'
  | 'INVALID_CREDIT_CODE'
  | 'INVALID_DATE'
  | 'INVALID_EXPRESSION'
  | 'INVALID_FORMAT'
  | 'INVALID_ID'
  | 'INVALID_IMAGE_KINDS'
  | 'INVALID_LENGTH'
  | 'INVALID_MOBILE'
  | 'INVALID_OPERATOR'
  | 'INVALID_PARAMS'
  | 'INVALID_PARENT'
  | 'INVALID_PATTERN'
  | 'INVALID_STATUS_CHANGE'
  | 'KIND_MISMATCH'
  | 'MISSING_BIN'
  | 'NON_ASCII_CHARACTERS'
  | 'NOT_A_DRAFT'
  | 'NOT_FOUND'
  | 'NOT_LOCKED'
  | 'NOT_REQUESTER'
  | 'OUT_OF_RANGE'
  | 'OUT_OF_SCOPE'
  | 'PENDING_CHANGE_EXISTS'
  | 'PRESENCE_ONLY'
  | 'PUBLISHED_IS_IMMUTABLE'
  | 'PUBLISH_PENDING'
  | 'RANGES_EXPECTED'
  | 'RANGES_GAP_OR_OVERLAP'
  | 'RANGES_NOT_OPEN'
  | 'REASON_REQUIRED'
  | 'REQUIRED'
  | 'ROLES_REQUIRED'
  | 'ROLE_NOT_ALLOWED_AT_LEVEL'
  | 'SAME_PERSON'
  | 'SCORE_ABOVE_MAX'
  | 'SLOW_PATTERN'
  | 'STALE_REQUEST'
  | 'TOO_DEEP'
  | 'TOO_LONG'
  | 'TOO_MANY_ITEMS'
  | 'UNIT_CLOSED'
  | 'UNKNOWN_BASELINE_RULE'
  | 'UNKNOWN_EXTRA_FIELD'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_VARIABLE'
  | 'UNKNOWN_VETO'
  | 'WEAKENS_BASELINE'
  | 'WEAK_PASSWORD'
  | 'WRONG_TYPE';

/** A permission of the one table; roles hold them. */
export type Permission =
  | 'APPLICATION_READ'
  | 'APPLICATION_SUBMIT'
  | 'APPROVAL_DECIDE'
  | 'ARCHIVE_CLOSE'
  | 'ARCHIVE_COLLECT'
  | 'ARCHIVE_EDIT'
  | 'ARCHIVE_IMPORT'
  | 'ARCHIVE_READ'
  | 'ARCHIVE_REVIEW'
  | 'ARCHIVE_TRANSFER'
  | 'AUDIT_READ'
  | 'CHANGE_DECIDE'
  | 'CHANGE_READ'
  | 'ECIF_LOOKUP'
  | 'EXTRA_FIELD_ADMIN'
  | 'IMAGE_DELETE'
  | 'IMAGE_UPLOAD'
  | 'IMAGE_VERIFY'
  | 'LENDING_CALLBACK'
  | 'MODEL_ADMIN'
  | 'MODEL_READ'
  | 'ORG_ADMIN'
  | 'ORG_READ'
  | 'PROCESS_ADMIN'
  | 'PRODUCT_ADMIN'
  | 'PRODUCT_READ'
  | 'QUOTA_ADMIN'
  | 'RATING_ADMIN'
  | 'REMINDER_SUPERVISE'
  | 'REMINDER_WORK'
  | 'REPORT_READ'
  | 'REVEAL'
  | 'RULES_ADMIN'
  | 'RULES_READ'
  | 'SELF_APPLY'
  | 'SELF_DRAWDOWN'
  | 'SELF_PRODUCTS'
  | 'SELF_STATUS'
  | 'STATISTICS_READ'
  | 'WAREHOUSE_READ';

export type ProcessStatus =
  | 'ACTIVE'
  | 'SUPERSEDED';

/** Where the product can be applied for. */
export type ProductChannel =
  | 'BRANCH'
  | 'MOBILE_BANKING'
  | 'PAD';

export type ProductEligibilityInput = {
  ageMax?: number;
  ageMin?: number;
  minGrade?: string | null | undefined;
  noVeto?: boolean;
  preciseArchive?: boolean;
  regions?: Array<string>;
};

/** Why a product could not be saved or retired. */
export type ProductErrorCode =
  | 'AGE_RANGE'
  | 'AMOUNT_RANGE'
  | 'CHANNEL_REQUIRED'
  | 'CONTROL_CHARACTER'
  | 'DATE_OUT_OF_RANGE'
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
  | 'NOT_FOUND'
  | 'OUT_OF_RANGE'
  | 'PROCESS_BANDS'
  | 'RATE_RANGE'
  | 'REPAYMENT_REQUIRED'
  | 'REQUIRED'
  | 'SAMPLE_RATE'
  | 'TERMS_REQUIRED'
  | 'TOO_DEEP'
  | 'TOO_LONG'
  | 'TOO_MANY_ITEMS'
  | 'TOO_SHORT'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_GRADE'
  | 'UNKNOWN_PROCESS'
  | 'VALIDITY';

/** A product's terms: saving stores a new version and supersedes the one in force. */
export type ProductInput = {
  amountMax: string;
  amountMin: string;
  /** Province administrators: the bank; else yours. */
  bankId?: string | number | null | undefined;
  channels: Array<ProductChannel>;
  code: string;
  description?: string | null | undefined;
  eligibility: ProductEligibilityInput;
  name: string;
  processes: Array<ProductProcessBandInput>;
  rateMax: string;
  /** Annual rate in percent, at most two decimals, e.g. "4.35". */
  rateMin: string;
  repaymentMethods: Array<RepaymentMethod>;
  sampleRate?: number;
  terms: Array<number>;
  validFrom: string;
  validTo?: string | null | undefined;
};

export type ProductProcessBandInput = {
  /** Yuan, inclusive; null on the last band. */
  maxAmount?: string | null | undefined;
  processKey: string;
};

/** ACTIVE: the version in force. */
export type ProductStatus =
  | 'ACTIVE'
  | 'RETIRED'
  | 'SUPERSEDED';

/** What a quota change does. */
export type QuotaChange =
  | 'FREEZE'
  | 'REVOKE'
  | 'UNFREEZE';

export type QuotaStatus =
  | 'ACTIVE'
  | 'EXPIRED'
  | 'FROZEN'
  | 'REVOKED';

/** Why a rating request, a scorecard draft, a dry run or a publication (put under dual control) was refused. */
export type RatingErrorCode =
  | 'ALREADY_DECIDED'
  | 'CATEGORIES_OVERLAP'
  | 'CONTROL_CHARACTER'
  | 'DATE_OUT_OF_RANGE'
  | 'DUPLICATE_GRADE'
  | 'DUPLICATE_ITEM_CODE'
  | 'EXTRA_FIELD_IN_PROVINCE_CARD'
  | 'EXTRA_KIND_MISMATCH'
  | 'GRADES_NOT_DESCENDING'
  | 'ID_INVALID_BIRTH_DATE'
  | 'ID_INVALID_CHECKSUM'
  | 'ID_INVALID_FORMAT'
  | 'ID_INVALID_LENGTH'
  | 'ID_UNKNOWN_REGION'
  | 'INELIGIBLE_GRADE_RESERVED'
  | 'INVALID'
  | 'INVALID_BOOLEAN'
  | 'INVALID_CHOICE'
  | 'INVALID_CREDIT_CODE'
  | 'INVALID_DATE'
  | 'INVALID_ID'
  | 'INVALID_NUMBER'
  | 'KIND_MISMATCH'
  | 'MISSING_BIN'
  | 'NON_ASCII_CHARACTERS'
  | 'NOT_A_DRAFT'
  | 'NOT_FOUND'
  | 'NOT_REQUESTER'
  | 'OUT_OF_RANGE'
  | 'PENDING_CHANGE_EXISTS'
  | 'PUBLISHED_IS_IMMUTABLE'
  | 'PUBLISH_PENDING'
  | 'RANGES_EXPECTED'
  | 'RANGES_GAP_OR_OVERLAP'
  | 'RANGES_NOT_OPEN'
  | 'REASON_REQUIRED'
  | 'REQUIRED'
  | 'SAME_PERSON'
  | 'SCORE_ABOVE_MAX'
  | 'TOO_DEEP'
  | 'TOO_LONG'
  | 'TOO_MANY_ITEMS'
  | 'TOO_SHORT'
  | 'UNKNOWN_EXTRA_FIELD'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_VARIABLE'
  | 'UNKNOWN_VETO';

/** What forces the ineligible grade whatever the points. */
export type RatingVeto =
  | 'BLACKLISTED'
  | 'LOSS_CLASS'
  | 'NOT_PRECISE'
  | 'OVERDUE_90';

/** Why a rating migration warns the customer manager. */
export type RatingWarningKind =
  | 'DOWNGRADE'
  | 'NEW_VETO'
  | 'WATCH';

export type RejectPendingChangeInput = {
  id: string | number;
  reason: string;
};

export type RejectTaskInput = {
  id: string | number;
  reason: string;
};

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

/** The rows a report lists: the units or customer managers one or more levels below its unit. */
export type ReportLevel =
  | 'BANK'
  | 'BRANCH'
  | 'MANAGER';

/** What a ranking is ordered by: a figure of ReportRow. */
export type ReportOrder =
  | 'APPLICATIONS'
  | 'APPROVAL_RATE'
  | 'APPROVED'
  | 'APPROVED_AMOUNT'
  | 'ARCHIVES'
  | 'CONTACTED_REMINDERS'
  | 'CONTACTS'
  | 'CONVERTED_APPLICATIONS'
  | 'CONVERTED_QUOTAS'
  | 'CREATED'
  | 'DECIDED'
  | 'EVALUATED'
  | 'GRANTED_AMOUNT'
  | 'MEAN_DECISION_HOURS'
  | 'PRECISE'
  | 'PRECISE_RATE'
  | 'QUOTAS_ACTIVE'
  | 'QUOTAS_GRANTED'
  | 'QUOTA_AMOUNT'
  | 'QUOTA_USED'
  | 'QUOTA_USE_RATE'
  | 'RATED'
  | 'REJECTED'
  | 'REMINDERS'
  | 'REMINDERS_DONE'
  | 'VERIFIED';

/** A temporary password an administrator sets for a staff member (the rule of a new account's). */
export type ResetStaffUserPasswordInput = {
  newPassword: string;
  userId: string | number;
};

/** A returned application, completed: what changes (unset fields stay). */
export type ResubmitApplicationInput = {
  amount?: string | null | undefined;
  attachmentIds?: Array<string | number> | null | undefined;
  comment?: string | null | undefined;
  id: string | number;
  overReason?: string | null | undefined;
  purpose?: string | null | undefined;
  term?: number | null | undefined;
};

export type ReturnTaskInput = {
  /** What the applicant must add. */
  comment: string;
  id: string | number;
};

/** A protected field of one record, e.g. type `StaffUser`, field `phone`. */
export type RevealInput = {
  field: string;
  id: string | number;
  type: string;
};

export type Role =
  | 'AUDITOR'
  | 'BANK_ADMIN'
  | 'BANK_APPROVER'
  | 'BRANCH_MANAGER'
  | 'CUSTOMER_MANAGER'
  | 'PROVINCE_ADMIN'
  | 'PROVINCE_ANALYST';

/** Why a rule set, a rule, a dry run or a publication (put under dual control) was refused. */
export type RuleErrorCode =
  | 'ALREADY_DECIDED'
  | 'BASELINE_CODE'
  | 'CONTROL_CHARACTER'
  | 'DATE_OUT_OF_RANGE'
  | 'DUPLICATE'
  | 'EXPRESSION_INVALID'
  | 'EXPRESSION_NOT_BOOLEAN'
  | 'EXPRESSION_SYNTAX'
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
  | 'INVALID_FORMAT'
  | 'INVALID_ID'
  | 'INVALID_IMAGE_KINDS'
  | 'INVALID_OPERATOR'
  | 'INVALID_PARAMS'
  | 'INVALID_PATTERN'
  | 'NON_ASCII_CHARACTERS'
  | 'NOT_A_DRAFT'
  | 'NOT_FOUND'
  | 'NOT_REQUESTER'
  | 'OUT_OF_RANGE'
  | 'PENDING_CHANGE_EXISTS'
  | 'PRESENCE_ONLY'
  | 'PUBLISHED_IS_IMMUTABLE'
  | 'PUBLISH_PENDING'
  | 'REASON_REQUIRED'
  | 'REQUIRED'
  | 'SAME_PERSON'
  | 'SLOW_PATTERN'
  | 'TOO_DEEP'
  | 'TOO_LONG'
  | 'TOO_MANY_ITEMS'
  | 'UNKNOWN_BASELINE_RULE'
  | 'UNKNOWN_FIELD'
  | 'WEAKENS_BASELINE'
  | 'WRONG_TYPE';

export type RuleInput = {
  code: string;
  enabled?: boolean;
  kind: RuleKind;
  /** Optional: without it English readers see the Chinese message. */
  messageEn?: string;
  messageZh: string;
  /** Reviewers may verify despite an ERROR of this rule, with a written reason (audited). */
  overridable?: boolean;
  /** The baseline rule this bank rule tightens. */
  overrides?: string | null | undefined;
  /** Kind-specific: field, pattern, min, max, values, if, expression, kinds, months. */
  params: any;
  /** Applies only where this condition holds. */
  segment?: any;
  severity: Severity;
};

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

export type SaveRuleSetInput = {
  effectiveFrom?: string | null | undefined;
  /** A draft to replace; omit to start a new draft. */
  id?: string | number | null | undefined;
  name: string;
  rules: Array<RuleInput>;
  scope?: RuleScope;
};

/** A card draft: new (no `id`) or replacing a draft of yours. */
export type SaveScorecardInput = {
  basePoints: number;
  grades: Array<ScorecardGradeInput>;
  id?: string | number | null | undefined;
  items: Array<ScorecardItemInput>;
  name: string;
  vetoes: Array<RatingVeto>;
};

/** A new segment model of your unit (no `id`), or a new version of one of your unit's. */
export type SaveSegmentModelInput = {
  /** The condition builder's tree; or give `expression`. */
  condition?: any;
  description?: string | null | undefined;
  /** The condition in CEL instead (advanced users): comparisons, `in [...]`, `has(field)`, `!has(field)`, `&&`, `||`. */
  expression?: string | null | undefined;
  id?: string | number | null | undefined;
  name: string;
  /** A reminder for each new member's manager, e.g. 推荐农e贷. */
  reminder?: string | null | undefined;
};

export type ScorecardBinInput = {
  label: string;
  max?: number | null | undefined;
  min?: number | null | undefined;
  missing?: boolean;
  points: number;
  values?: Array<string> | null | undefined;
};

export type ScorecardGradeInput = {
  code: string;
  incomeMultiple: number;
  label: string;
  min: number;
  /** Yuan. */
  quotaCap: number;
  watch?: boolean;
};

export type ScorecardItemInput = {
  bins: Array<ScorecardBinInput>;
  code: string;
  kind: ScorecardItemKind;
  label: string;
  variable: string;
};

/** How an item bins its variable: numeric ranges or categories. */
export type ScorecardItemKind =
  | 'CATEGORY'
  | 'NUMERIC';

/** A card's life: draft, in force, superseded. */
export type ScorecardStatus =
  | 'DRAFT'
  | 'PUBLISHED'
  | 'SUPERSEDED';

/** ACTIVE: evaluated nightly; RETIRED: kept, no longer evaluated. */
export type SegmentModelStatus =
  | 'ACTIVE'
  | 'RETIRED';

/** Intermediate business a customer signed up for. */
export type ServiceKind =
  | 'MOBILE_BANKING'
  | 'ONLINE_BANKING'
  | 'PAYROLL'
  | 'POS'
  | 'UTILITY';

export type SetStaffUserRolesInput = {
  roles: Array<Role>;
  userId: string | number;
};

export type SetStaffUserStatusInput = {
  reason?: string | null | undefined;
  status: StaffStatus;
  userId: string | number;
};

export type Severity =
  | 'ERROR'
  | 'WARNING';

export type SocialInput = {
  remarks?: string | null | undefined;
  villageCreditRating?: VillageRating | null | undefined;
};

export type StaffStatus =
  | 'ACTIVE'
  | 'DISABLED'
  | 'PENDING'
  | 'REJECTED';

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

/** Which approval tasks: QUEUE, unclaimed in your role's queue at your unit; MINE, held by you. */
export type TaskBox =
  | 'MINE'
  | 'QUEUE';

/** The order of the approval inbox: waiting longest first (first come, first served) or newest first, or the application's amount. */
export type TaskOrder =
  | 'AMOUNT_ASC'
  | 'AMOUNT_DESC'
  | 'CREATED_ASC'
  | 'CREATED_DESC';

/** What a text message tells the customer. */
export type TextMessageEvent =
  | 'APPLICATION_REJECTED'
  | 'APPLICATION_RETURNED'
  | 'LOAN_DISBURSED'
  | 'QUOTA_APPROVED'
  | 'REMINDER';

/** Where a text message stands. */
export type TextMessageStatus =
  | 'DELIVERED'
  | 'FAILED'
  | 'QUEUED'
  | 'SENT'
  | 'SUPPRESSED';

/** The order of a list sorted by its time: TIME_DESC newest first, TIME_ASC oldest first (ties by id). */
export type TimeOrder =
  | 'TIME_ASC'
  | 'TIME_DESC';

export type TransferArchivesInput = {
  customerIds: Array<string | number>;
  reason?: string | null | undefined;
  toManagerId: string | number;
};

export type UnlockStaffUserInput = {
  userId: string | number;
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

export type UpdateOrgUnitInput = {
  id: string | number;
  name?: string | null | undefined;
  status?: OrgStatus | null | undefined;
};

/** A staff member's name and mobile number; null keeps a field, an empty phone removes it. */
export type UpdateStaffUserInput = {
  name?: string | null | undefined;
  phone?: string | null | undefined;
  userId: string | number;
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

export type UploadProcessInput = {
  /** Province administrators: the bank; else yours. */
  bankId?: string | number | null | undefined;
  bpmnXml: string;
};

export type VerifyArchivesInput = {
  /** 1-100 archives from the review inbox. */
  items: Array<VerifyItemInput>;
};

export type VerifyItemInput = {
  id: string | number;
  version: number;
};

export type VillageRating =
  | 'A'
  | 'AA'
  | 'AAA'
  | 'B'
  | 'C'
  | 'UNRATED';

/** Why a warehouse feed file was refused as a whole. */
export type WarehouseErrorCode =
  | 'BANK_MISMATCH'
  | 'CHECKSUM_MISMATCH'
  | 'DATE_MISMATCH'
  | 'DATE_SUPERSEDED'
  | 'ENCODING_UNSUPPORTED'
  | 'HEADER_INVALID'
  | 'HEADER_MISSING'
  | 'SUBJECT_MISMATCH'
  | 'SUBJECT_UNKNOWN'
  | 'TRAILER_COUNT_MISMATCH'
  | 'TRAILER_MISSING'
  | 'VERSION_UNSUPPORTED';

export type WarehouseImportStatus =
  | 'DONE'
  | 'REFUSED';

/** Why a row of a feed file was quarantined. */
export type WarehouseRejectCode =
  | 'DUPLICATE_KEY'
  | 'FIELD_COUNT'
  | 'INVALID_AMOUNT'
  | 'INVALID_CODE'
  | 'INVALID_DATE'
  | 'INVALID_ENCODING'
  | 'INVALID_ID'
  | 'INVALID_INT'
  | 'REQUIRED'
  | 'TOO_LONG';

/** What a warehouse feed file holds. */
export type WarehouseSubject =
  | 'BLACKLIST'
  | 'DEPOSIT'
  | 'LOAN'
  | 'SERVICE'
  | 'WEALTH';

export type WithdrawApplicationInput = {
  id: string | number;
  reason?: string | null | undefined;
};

export type WorkReminderInput = {
  action: ReminderAction;
  id: string | number;
  /** What was done; DISMISS: why (required). */
  note?: string | null | undefined;
  /** SNOOZE: the day it comes back (within 90 days). */
  until?: string | null | undefined;
};

export type ImportBatchesQueryVariables = Exact<{
  first: number;
}>;


export type ImportBatchesQuery = { importBatches: Array<{ batchId: string | null, status: ImportStatus | null, running: boolean, fileName: string | null, branchName: string | null, createdByName: string | null, createdAt: string | null, finishedAt: string | null, totalRows: number, estimatedRows: number | null, imported: number, skipped: number, failed: number, failure: string | null, errorWorkbookUrl: string | null }> };

export type BankExtraFieldsQueryVariables = Exact<{ [key: string]: never; }>;


export type BankExtraFieldsQuery = { extraFieldDefinitions: Array<{ code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind, required: boolean, choices: Array<string> | null, minValue: string | null, maxValue: string | null, pattern: string | null, maxLength: number | null, position: number, active: boolean }> };

export type DefineExtraFieldMutationVariables = Exact<{
  input: ExtraFieldDefinitionInput;
}>;


export type DefineExtraFieldMutation = { defineExtraField: { definition: { code: string, labelZh: string, kind: ExtraFieldKind, active: boolean } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }> } | null };

export type BankLogoQueryVariables = Exact<{ [key: string]: never; }>;


export type BankLogoQuery = { bankLogo: { width: number, height: number, sha256: string, uploadedAt: string, dataUrl: string } | null };

export type UploadBankLogoMutationVariables = Exact<{
  file: File;
}>;


export type UploadBankLogoMutation = { uploadBankLogo: { logo: { width: number, height: number, sha256: string, uploadedAt: string, dataUrl: string } | null, errors: Array<{ field: string | null, code: ImageErrorCode, message: string, messageEn: string }> } | null };

export type RemoveBankLogoMutationVariables = Exact<{ [key: string]: never; }>;


export type RemoveBankLogoMutation = { removeBankLogo: { errors: Array<{ field: string | null, code: ImageErrorCode, message: string, messageEn: string }> } | null };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { kind: string, roles: Array<Role>, permissions: Array<Permission>, searchFilters: Array<{ filter: string, allowed: boolean, counted: boolean }>, user: { id: string, name: string, username: string, employeeNo: string } | null, orgUnit: { id: string, name: string, code: string, level: OrgLevel, bankId: string | null } | null } };

export type CustomerListFieldsFragment = { id: string, version: number, name: string | null, idNumber: string | null, mobile: string | null, status: ArchiveStatus, channel: Channel, gender: string | null, birthDate: string | null, updatedAt: string, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, villageCode: string | null }, branch: { id: string, name: string } | null, manager: { id: string, name: string, employeeNo: string } | null, evaluation: { completeness: number, precise: boolean } | null };

export type CustomersQueryVariables = Exact<{
  filter?: CustomerFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
  order?: ArchiveOrder;
}>;


export type CustomersQuery = { customers: { estimatedTotal: number, totalCount: number | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, version: number, name: string | null, idNumber: string | null, mobile: string | null, status: ArchiveStatus, channel: Channel, gender: string | null, birthDate: string | null, updatedAt: string, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, villageCode: string | null }, branch: { id: string, name: string } | null, manager: { id: string, name: string, employeeNo: string } | null, evaluation: { completeness: number, precise: boolean } | null } }> } };

export type CustomersFailingRuleQueryVariables = Exact<{
  code: string;
  first: number;
  after?: string | null | undefined;
  order?: ArchiveOrder;
}>;


export type CustomersFailingRuleQuery = { customersFailingRule: { estimatedTotal: number, totalCount: number | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, version: number, name: string | null, idNumber: string | null, mobile: string | null, status: ArchiveStatus, channel: Channel, gender: string | null, birthDate: string | null, updatedAt: string, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, villageCode: string | null }, branch: { id: string, name: string } | null, manager: { id: string, name: string, employeeNo: string } | null, evaluation: { completeness: number, precise: boolean } | null } }> } | null };

export type CustomerDetailFieldsFragment = { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
    | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
    | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
    | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
    | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
    | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
  >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null };

export type CustomerQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerQuery = { customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
      | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
    >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } | null };

export type CustomerBankBusinessQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerBankBusinessQuery = { customer: { id: string, bankBusiness: { asOf: string, depositBalance: string | null, depositAvg90d: string | null, depositBand: AmountBand, depositAccounts: number, loanBalance: string | null, loanBand: AmountBand, loanCount: number, overdueDays: number, maxOverdueDays: number, worstClass: LoanClass | null, wealthBalance: string | null, wealthBand: AmountBand, wealthCount: number, customerSince: string | null, monthsAsCustomer: number, services: Array<ServiceKind>, activeServices30d: number, trend: Array<{ month: string, asOf: string, depositBalance: string | null, loanBalance: string | null, depositBand: AmountBand, loanBand: AmountBand }> } | null } | null };

export type RatingFieldsFragment = { score: number, grade: string, gradeLabel: string, reasons: Array<string> | null, vetoes: Array<RatingVeto>, vetoReasons: Array<string>, recommendedQuota: string | null, ratedAt: string, card: { id: string, name: string, version: number, province: boolean, maxScore: number }, items: Array<{ code: string, label: string, value: string | null, bin: string, points: number, maxPoints: number }> | null };

export type CustomerRatingQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerRatingQuery = { customer: { id: string, rating: { score: number, grade: string, gradeLabel: string, reasons: Array<string> | null, vetoes: Array<RatingVeto>, vetoReasons: Array<string>, recommendedQuota: string | null, ratedAt: string, card: { id: string, name: string, version: number, province: boolean, maxScore: number }, items: Array<{ code: string, label: string, value: string | null, bin: string, points: number, maxPoints: number }> | null } | null, ratingHistory: Array<{ quarter: string, score: number, grade: string, ratedAt: string }> } | null };

export type RateCustomerMutationVariables = Exact<{
  id: string | number;
}>;


export type RateCustomerMutation = { rateCustomer: { rating: { score: number, grade: string, gradeLabel: string, reasons: Array<string> | null, vetoes: Array<RatingVeto>, vetoReasons: Array<string>, recommendedQuota: string | null, ratedAt: string, card: { id: string, name: string, version: number, province: boolean, maxScore: number }, items: Array<{ code: string, label: string, value: string | null, bin: string, points: number, maxPoints: number }> | null } | null, errors: Array<{ code: RatingErrorCode, field: string | null, message: string, messageEn: string }> } | null };

export type CustomerHistoryQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerHistoryQuery = { customer: { id: string, history: Array<{ version: number, action: string, channel: string, changedAt: string, changedByClient: string | null, note: string | null, changedBy: { id: string, name: string, employeeNo: string } | null, changes: Array<{ path: string, label: string, labelEn: string, kind: string, enumType: string | null, before: string | null, after: string | null, withheld: boolean }> }>, assignments: Array<{ assignedAt: string, fromManagerId: string | null, toManagerId: string | null, fromBranchId: string | null, toBranchId: string, reason: string | null }> } | null };

export type ExtraFieldDefinitionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ExtraFieldDefinitionsQuery = { extraFieldDefinitions: Array<{ code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind, required: boolean, choices: Array<string> | null, minValue: string | null, maxValue: string | null, pattern: string | null, maxLength: number | null, position: number }> };

export type RegionsQueryVariables = Exact<{
  parentCode?: string | null | undefined;
}>;


export type RegionsQuery = { regions: Array<{ code: string, name: string, level: string, hasChildren: boolean }> };

export type ArchivePayloadFieldsFragment = { duplicateOf: string | null, customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
      | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
    >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, warnings: Array<{ code: ArchiveWarningCode, message: string, messageEn: string, relatedIds: Array<string> }>, conflict: { serverVersion: number, current: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
        | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } } | null, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string }> };

export type ArchiveTransitionPayloadFieldsFragment = { customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
      | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
    >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, conflict: { serverVersion: number, current: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
        | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } } | null, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string }> };

export type CreateArchiveMutationVariables = Exact<{
  input: CreateArchiveInput;
}>;


export type CreateArchiveMutation = { createArchive: { duplicateOf: string | null, customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
        | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, warnings: Array<{ code: ArchiveWarningCode, message: string, messageEn: string, relatedIds: Array<string> }>, conflict: { serverVersion: number, current: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
          | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } } | null, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string }> } | null };

export type UpdateArchiveMutationVariables = Exact<{
  input: UpdateArchiveInput;
}>;


export type UpdateArchiveMutation = { updateArchive: { duplicateOf: string | null, customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
        | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, warnings: Array<{ code: ArchiveWarningCode, message: string, messageEn: string, relatedIds: Array<string> }>, conflict: { serverVersion: number, current: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
          | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } } | null, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string }> } | null };

export type SubmitArchiveMutationVariables = Exact<{
  input: ArchiveTransitionInput;
}>;


export type SubmitArchiveMutation = { submitArchive: { customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
        | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, conflict: { serverVersion: number, current: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
          | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } } | null, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string }> } | null };

export type VerifyArchiveMutationVariables = Exact<{
  input: ArchiveTransitionInput;
}>;


export type VerifyArchiveMutation = { verifyArchive: { customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
        | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string }> } | null };

export type CustomerVerificationQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerVerificationQuery = { customer: { id: string, version: number, status: ArchiveStatus, manager: { id: string } | null, branch: { id: string } | null, verification: { canVerify: boolean, needsOverride: boolean, overrideAllowed: boolean, batchAllowed: boolean, blockers: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } } | null };

export type ReviewInboxQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  order?: TimeOrder;
}>;


export type ReviewInboxQuery = { reviewInbox: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, version: number, name: string | null, submittedAt: string | null, branch: { id: string, name: string } | null, manager: { id: string, name: string, employeeNo: string } | null, evaluation: { completeness: number, violations: Array<{ code: string, severity: Severity }> } | null, verification: { batchAllowed: boolean, blockers: Array<{ code: ArchiveErrorCode, message: string, messageEn: string }> } } }> } };

export type ReviewInboxCountQueryVariables = Exact<{ [key: string]: never; }>;


export type ReviewInboxCountQuery = { reviewInbox: { totalCount: number } };

export type VerifyArchivesMutationVariables = Exact<{
  input: VerifyArchivesInput;
}>;


export type VerifyArchivesMutation = { verifyArchives: { verified: Array<{ id: string, name: string | null, status: ArchiveStatus }>, failed: Array<{ id: string, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }> }>, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }> } | null };

export type ReturnArchiveMutationVariables = Exact<{
  input: ArchiveTransitionInput;
}>;


export type ReturnArchiveMutation = { returnArchive: { customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
        | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, conflict: { serverVersion: number, current: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
          | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } } | null, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string }> } | null };

export type CloseArchiveMutationVariables = Exact<{
  input: ArchiveTransitionInput;
}>;


export type CloseArchiveMutation = { closeArchive: { customer: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
        | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
      >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } | null, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }>, conflict: { serverVersion: number, current: { id: string, version: number, status: ArchiveStatus, channel: Channel, name: string | null, gender: string | null, birthDate: string | null, idNumber: string | null, idExpiry: string | null, idLongTerm: boolean, ethnicity: string | null, education: Education | null, maritalStatus: MaritalStatus | null, health: Health | null, mobile: string | null, altPhone: string | null, returnReasons: Array<string> | null, submittedAt: string | null, verifiedAt: string | null, createdAt: string, updatedAt: string, ecifCustomerNo: string | null, blacklisted: boolean | null, address: { regionCode: string | null, regionName: string | null, townshipCode: string | null, villageCode: string | null, line: string | null }, household: { size: number, registerNo: string | null, isHead: boolean }, familyMembers: Array<{ relation: Relation, name: string | null, occupation: string | null, annualIncome: string, labourCapacity: LabourCapacity, idNumber: string | null }>, land: { contractedMu: string, rentedMu: string, crops: Array<string> }, livestock: Array<{ kind: LivestockKind, count: number, value: string }>, assets: Array<{ kind: AssetKind, description: string | null, value: string }>, income: { farming: string, business: string, wages: string, other: string, total: string }, liabilities: Array<{ lender: string, amount: string, overdue: boolean, overdueAmount: string }>, business: { name: string, industry: string | null, creditCode: string | null, licenceNo: string | null, annualTurnover: string, employees: number } | null, social: { villageCreditRating: VillageRating | null, remarks: string | null }, consent: { wordingVersion: string, consentedAt: string, channel: string, formImageRef: string | null, shareWithFederation: boolean } | null, branch: { id: string, name: string, code: string } | null, manager: { id: string, name: string, employeeNo: string } | null, viewerCan: { edit: boolean, submit: boolean, verify: boolean, returnForRework: boolean, close: boolean, transfer: boolean, uploadImage: boolean, deleteImage: boolean }, revealable: Array<{ type: string, field: string }>, extraFields: Array<
          | { flag: boolean, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { choice: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { date: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { number: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
          | { text: string, code: string, definition: { code: string, labelZh: string, labelEn: string, kind: ExtraFieldKind } | null }
        >, evaluation: { completeness: number, precise: boolean, evaluatedAt: string, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string, overridable: boolean }> } | null } } | null, violations: Array<{ code: string, severity: Severity, origin: RuleScope, message: string, messageEn: string }> } | null };

export type TransferArchivesMutationVariables = Exact<{
  input: TransferArchivesInput;
}>;


export type TransferArchivesMutation = { transferArchives: { moved: number, errors: Array<{ field: string | null, code: ArchiveErrorCode, message: string, messageEn: string }> } | null };

export type RevealMutationVariables = Exact<{
  input: RevealInput;
}>;


export type RevealMutation = { reveal: { value: string | null, errors: Array<{ field: string | null, code: AuthErrorCode, message: string, messageEn: string }> } | null };

export type AuditRecordsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  action?: string | null | undefined;
  targetType?: string | null | undefined;
  targetId?: string | null | undefined;
  actorUsername?: string | null | undefined;
  order?: TimeOrder;
}>;


export type AuditRecordsQuery = { auditRecords: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, occurredAt: string, action: string, actorUserId: string | null, actorUsername: string | null, actorClientId: string | null, targetType: string | null, targetId: string | null, targetField: string | null, detail: any, requestId: string | null } }> } };

export type OrgUnitsQueryVariables = Exact<{
  rootId?: string | number | null | undefined;
}>;


export type OrgUnitsQuery = { orgUnits: Array<{ id: string, code: string, name: string, level: OrgLevel, status: OrgStatus, parentId: string | null, bankId: string | null, depth: number }> };

export type StaffUsersQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  orgUnitId?: string | number | null | undefined;
  status?: StaffStatus | null | undefined;
  role?: Role | null | undefined;
  search?: string | null | undefined;
}>;


export type StaffUsersQuery = { staffUsers: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, username: string, employeeNo: string, name: string, roles: Array<Role>, status: StaffStatus, createdAt: string, phone: string | null, lockedUntil: string | null, orgUnit: { id: string, name: string, code: string, level: OrgLevel } | null } }> } };

export type CreateOrgUnitMutationVariables = Exact<{
  input: CreateOrgUnitInput;
}>;


export type CreateOrgUnitMutation = { createOrgUnit: { orgUnit: { id: string, code: string, name: string, level: OrgLevel, status: OrgStatus, parentId: string | null, bankId: string | null, depth: number } | null, errors: Array<{ field: string | null, code: OrgErrorCode, message: string, messageEn: string }> } | null };

export type UpdateOrgUnitMutationVariables = Exact<{
  input: UpdateOrgUnitInput;
}>;


export type UpdateOrgUnitMutation = { updateOrgUnit: { orgUnit: { id: string, code: string, name: string, level: OrgLevel, status: OrgStatus, parentId: string | null, bankId: string | null, depth: number } | null, errors: Array<{ field: string | null, code: OrgErrorCode, message: string, messageEn: string }> } | null };

export type CreateStaffUserMutationVariables = Exact<{
  input: CreateStaffUserInput;
}>;


export type CreateStaffUserMutation = { createStaffUser: { user: { id: string, username: string, name: string, roles: Array<Role>, status: StaffStatus } | null, pendingChange: { id: string, status: ChangeStatus } | null, errors: Array<{ field: string | null, code: OrgErrorCode, message: string, messageEn: string }> } | null };

export type SetStaffUserStatusMutationVariables = Exact<{
  input: SetStaffUserStatusInput;
}>;


export type SetStaffUserStatusMutation = { setStaffUserStatus: { user: { id: string, status: StaffStatus } | null, errors: Array<{ field: string | null, code: OrgErrorCode, message: string, messageEn: string }> } | null };

export type SetStaffUserRolesMutationVariables = Exact<{
  input: SetStaffUserRolesInput;
}>;


export type SetStaffUserRolesMutation = { setStaffUserRoles: { user: { id: string, roles: Array<Role> } | null, pendingChange: { id: string, status: ChangeStatus } | null, errors: Array<{ field: string | null, code: OrgErrorCode, message: string, messageEn: string }> } | null };

export type ResetStaffUserPasswordMutationVariables = Exact<{
  input: ResetStaffUserPasswordInput;
}>;


export type ResetStaffUserPasswordMutation = { resetStaffUserPassword: { user: { id: string, lockedUntil: string | null } | null, errors: Array<{ field: string | null, code: OrgErrorCode, message: string, messageEn: string }> } | null };

export type UnlockStaffUserMutationVariables = Exact<{
  input: UnlockStaffUserInput;
}>;


export type UnlockStaffUserMutation = { unlockStaffUser: { user: { id: string, lockedUntil: string | null } | null, errors: Array<{ field: string | null, code: OrgErrorCode, message: string, messageEn: string }> } | null };

export type UpdateStaffUserMutationVariables = Exact<{
  input: UpdateStaffUserInput;
}>;


export type UpdateStaffUserMutation = { updateStaffUser: { user: { id: string, name: string, phone: string | null } | null, errors: Array<{ field: string | null, code: OrgErrorCode, message: string, messageEn: string }> } | null };

export type MoveStaffUserMutationVariables = Exact<{
  input: MoveStaffUserInput;
}>;


export type MoveStaffUserMutation = { moveStaffUser: { user: { id: string, orgUnit: { id: string, name: string, code: string, level: OrgLevel } | null } | null, errors: Array<{ field: string | null, code: OrgErrorCode, message: string, messageEn: string }> } | null };

export type RuleFieldsFragment = { code: string, kind: RuleKind, severity: Severity, enabled: boolean, messageZh: string, messageEn: string, params: any, segment: any, overrides: string | null, overridable: boolean, position: number };

export type RuleFieldCatalogQueryVariables = Exact<{ [key: string]: never; }>;


export type RuleFieldCatalogQuery = { ruleFields: Array<{ path: string, label: string, type: FieldType, presenceOnly: boolean }> };

export type RuleSetsQueryVariables = Exact<{
  scope?: RuleScope | null | undefined;
  includeSuperseded: boolean;
}>;


export type RuleSetsQuery = { ruleSets: Array<{ id: string, scope: RuleScope, bankId: string | null, version: number, status: RuleSetStatus, name: string, effectiveFrom: string, publishedAt: string | null, rules: Array<{ code: string, kind: RuleKind, severity: Severity, enabled: boolean, messageZh: string, messageEn: string, params: any, segment: any, overrides: string | null, overridable: boolean, position: number }> }> };

export type SaveRuleSetMutationVariables = Exact<{
  input: SaveRuleSetInput;
}>;


export type SaveRuleSetMutation = { saveRuleSet: { ruleSet: { id: string, scope: RuleScope, bankId: string | null, version: number, status: RuleSetStatus, name: string, effectiveFrom: string, publishedAt: string | null, rules: Array<{ code: string, kind: RuleKind, severity: Severity, enabled: boolean, messageZh: string, messageEn: string, params: any, segment: any, overrides: string | null, overridable: boolean, position: number }> } | null, errors: Array<{ field: string | null, code: RuleErrorCode, message: string, messageEn: string }> } | null };

export type DryRunRuleSetMutationVariables = Exact<{
  id: string | number;
  sample?: number | null | undefined;
}>;


export type DryRunRuleSetMutation = { dryRunRuleSet: { report: { archives: number, sampled: boolean, newlyFailing: number, newlyPassing: number, preciseBefore: number, preciseAfter: number, byRule: Array<{ code: string, severity: Severity, message: string, messageEn: string, newlyFailing: number, newlyPassing: number, failing: number }>, byBranch: Array<{ branchId: string, branchName: string, archives: number, newlyFailing: number, newlyPassing: number, preciseBefore: number, preciseAfter: number }> } | null, errors: Array<{ field: string | null, code: RuleErrorCode, message: string, messageEn: string }> } | null };

export type PublishRuleSetMutationVariables = Exact<{
  id: string | number;
}>;


export type PublishRuleSetMutation = { publishRuleSet: { ruleSet: { id: string, status: RuleSetStatus, version: number, publishedAt: string | null } | null, run: { id: string, status: string, total: number, done: number } | null, pendingChange: { id: string, status: ChangeStatus } | null, errors: Array<{ field: string | null, code: RuleErrorCode, message: string, messageEn: string }> } | null };

export type PendingChangeFieldsFragment = { id: string, kind: ChangeKind, status: ChangeStatus, targetType: string, targetId: string, requestedAt: string, decidedAt: string | null, decisionNote: string | null, username: string | null, name: string | null, roles: Array<Role>, previousRoles: Array<Role>, ruleSetVersion: number | null, ruleSetScope: string | null, scorecardVersion: number | null, scorecardScope: string | null, scorecardBank: string | null, viewerCanDecide: boolean, viewerIsRequester: boolean, requestedBy: { id: string, name: string, username: string } | null, decidedBy: { id: string, name: string, username: string } | null, evaluationRun: { id: string, status: string, total: number, done: number, startedAt: string | null, finishedAt: string | null } | null };

export type PendingChangesQueryVariables = Exact<{
  status?: ChangeStatus | null | undefined;
  first: number;
  after?: string | null | undefined;
  order?: TimeOrder;
}>;


export type PendingChangesQuery = { pendingChanges: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, kind: ChangeKind, status: ChangeStatus, targetType: string, targetId: string, requestedAt: string, decidedAt: string | null, decisionNote: string | null, username: string | null, name: string | null, roles: Array<Role>, previousRoles: Array<Role>, ruleSetVersion: number | null, ruleSetScope: string | null, scorecardVersion: number | null, scorecardScope: string | null, scorecardBank: string | null, viewerCanDecide: boolean, viewerIsRequester: boolean, requestedBy: { id: string, name: string, username: string } | null, decidedBy: { id: string, name: string, username: string } | null, evaluationRun: { id: string, status: string, total: number, done: number, startedAt: string | null, finishedAt: string | null } | null } }> } };

export type PendingChangePayloadFieldsFragment = { change: { id: string, kind: ChangeKind, status: ChangeStatus, targetType: string, targetId: string, requestedAt: string, decidedAt: string | null, decisionNote: string | null, username: string | null, name: string | null, roles: Array<Role>, previousRoles: Array<Role>, ruleSetVersion: number | null, ruleSetScope: string | null, scorecardVersion: number | null, scorecardScope: string | null, scorecardBank: string | null, viewerCanDecide: boolean, viewerIsRequester: boolean, requestedBy: { id: string, name: string, username: string } | null, decidedBy: { id: string, name: string, username: string } | null, evaluationRun: { id: string, status: string, total: number, done: number, startedAt: string | null, finishedAt: string | null } | null } | null, errors: Array<{ field: string | null, code: PendingChangeErrorCode, message: string, messageEn: string }> };

export type ApprovePendingChangeMutationVariables = Exact<{
  id: string | number;
}>;


export type ApprovePendingChangeMutation = { approvePendingChange: { change: { id: string, kind: ChangeKind, status: ChangeStatus, targetType: string, targetId: string, requestedAt: string, decidedAt: string | null, decisionNote: string | null, username: string | null, name: string | null, roles: Array<Role>, previousRoles: Array<Role>, ruleSetVersion: number | null, ruleSetScope: string | null, scorecardVersion: number | null, scorecardScope: string | null, scorecardBank: string | null, viewerCanDecide: boolean, viewerIsRequester: boolean, requestedBy: { id: string, name: string, username: string } | null, decidedBy: { id: string, name: string, username: string } | null, evaluationRun: { id: string, status: string, total: number, done: number, startedAt: string | null, finishedAt: string | null } | null } | null, errors: Array<{ field: string | null, code: PendingChangeErrorCode, message: string, messageEn: string }> } | null };

export type RejectPendingChangeMutationVariables = Exact<{
  input: RejectPendingChangeInput;
}>;


export type RejectPendingChangeMutation = { rejectPendingChange: { change: { id: string, kind: ChangeKind, status: ChangeStatus, targetType: string, targetId: string, requestedAt: string, decidedAt: string | null, decisionNote: string | null, username: string | null, name: string | null, roles: Array<Role>, previousRoles: Array<Role>, ruleSetVersion: number | null, ruleSetScope: string | null, scorecardVersion: number | null, scorecardScope: string | null, scorecardBank: string | null, viewerCanDecide: boolean, viewerIsRequester: boolean, requestedBy: { id: string, name: string, username: string } | null, decidedBy: { id: string, name: string, username: string } | null, evaluationRun: { id: string, status: string, total: number, done: number, startedAt: string | null, finishedAt: string | null } | null } | null, errors: Array<{ field: string | null, code: PendingChangeErrorCode, message: string, messageEn: string }> } | null };

export type CancelPendingChangeMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelPendingChangeMutation = { cancelPendingChange: { change: { id: string, kind: ChangeKind, status: ChangeStatus, targetType: string, targetId: string, requestedAt: string, decidedAt: string | null, decisionNote: string | null, username: string | null, name: string | null, roles: Array<Role>, previousRoles: Array<Role>, ruleSetVersion: number | null, ruleSetScope: string | null, scorecardVersion: number | null, scorecardScope: string | null, scorecardBank: string | null, viewerCanDecide: boolean, viewerIsRequester: boolean, requestedBy: { id: string, name: string, username: string } | null, decidedBy: { id: string, name: string, username: string } | null, evaluationRun: { id: string, status: string, total: number, done: number, startedAt: string | null, finishedAt: string | null } | null } | null, errors: Array<{ field: string | null, code: PendingChangeErrorCode, message: string, messageEn: string }> } | null };

export type EvaluationRunFieldsFragment = { id: string, status: string, total: number, done: number, startedAt: string | null, finishedAt: string | null };

export type EvaluationRunQueryVariables = Exact<{
  id: string | number;
}>;


export type EvaluationRunQuery = { evaluationRun: { id: string, status: string, total: number, done: number, startedAt: string | null, finishedAt: string | null } | null };

export type ArchiveStatisticsQueryVariables = Exact<{
  orgUnitId?: string | number | null | undefined;
}>;


export type ArchiveStatisticsQuery = { archiveStatistics: { unit: { archives: number, evaluated: number, complete: number, precise: number, preciseRate: number, orgUnit: { id: string, name: string, code: string, level: OrgLevel }, topFailingRules: Array<{ code: string, severity: Severity, count: number, message: string, messageEn: string }> }, children: Array<{ archives: number, evaluated: number, complete: number, precise: number, preciseRate: number, orgUnit: { id: string, name: string, code: string, level: OrgLevel }, topFailingRules: Array<{ code: string, severity: Severity, count: number, message: string, messageEn: string }> }>, managers: Array<{ archives: number, evaluated: number, complete: number, precise: number, preciseRate: number, manager: { id: string, name: string } | null }> } | null };

export type UnitStatisticsFieldsFragment = { archives: number, evaluated: number, complete: number, precise: number, preciseRate: number, orgUnit: { id: string, name: string, code: string, level: OrgLevel }, topFailingRules: Array<{ code: string, severity: Severity, count: number, message: string, messageEn: string }> };

export type ImportArchivesMutationVariables = Exact<{
  file: File;
  branchId: string | number;
  manager?: string | null | undefined;
}>;


export type ImportArchivesMutation = { importArchives: { batchId: string | null, status: ImportStatus | null, fileName: string | null, totalRows: number, imported: number, skipped: number, failed: number, repeated: boolean, createdAt: string | null, failure: string | null, errorWorkbookUrl: string | null, running: boolean, estimatedRows: number | null, finishedAt: string | null, branchName: string | null, createdByName: string | null, fileErrors: Array<{ field: string | null, code: ImportErrorCode, message: string, messageEn: string }>, errors: Array<{ row: number, column: string | null, code: ImportErrorCode, message: string, messageEn: string }>, skips: Array<{ row: number, column: string | null, code: ImportErrorCode, message: string, messageEn: string }> } | null };

export type ImportBatchQueryVariables = Exact<{
  id: string | number;
}>;


export type ImportBatchQuery = { importBatch: { batchId: string | null, status: ImportStatus | null, fileName: string | null, totalRows: number, imported: number, skipped: number, failed: number, repeated: boolean, createdAt: string | null, failure: string | null, errorWorkbookUrl: string | null, running: boolean, estimatedRows: number | null, finishedAt: string | null, branchName: string | null, createdByName: string | null, fileErrors: Array<{ field: string | null, code: ImportErrorCode, message: string, messageEn: string }>, errors: Array<{ row: number, column: string | null, code: ImportErrorCode, message: string, messageEn: string }>, skips: Array<{ row: number, column: string | null, code: ImportErrorCode, message: string, messageEn: string }> } | null };

export type ImportReportFieldsFragment = { batchId: string | null, status: ImportStatus | null, fileName: string | null, totalRows: number, imported: number, skipped: number, failed: number, repeated: boolean, createdAt: string | null, failure: string | null, errorWorkbookUrl: string | null, running: boolean, estimatedRows: number | null, finishedAt: string | null, branchName: string | null, createdByName: string | null, fileErrors: Array<{ field: string | null, code: ImportErrorCode, message: string, messageEn: string }>, errors: Array<{ row: number, column: string | null, code: ImportErrorCode, message: string, messageEn: string }>, skips: Array<{ row: number, column: string | null, code: ImportErrorCode, message: string, messageEn: string }> };

export type ArchiveTrendQueryVariables = Exact<{
  orgUnitId?: string | number | null | undefined;
  months: number;
}>;


export type ArchiveTrendQuery = { archiveTrend: Array<{ month: string, channel: Channel, archives: number }> };

export type CustomerImageFieldsFragment = { id: string, customerId: string, kind: ImageKind, kindLabel: string, status: ImageStatus, takenAt: string, receivedAt: string, processedAt: string | null, latitude: number | null, longitude: number | null, accuracyM: number | null, deviceId: string | null, uploadedByNo: string, width: number | null, height: number | null, originalSha256: string, resultSha256: string | null, keyId: string | null, c2pa: boolean, failure: string | null, deletedAt: string | null, deleteReason: string | null, purgedAt: string | null, url: string | null, thumbnailUrl: string | null, uploadedBy: { id: string, name: string, employeeNo: string } | null };

export type CustomerImagesQueryVariables = Exact<{
  id: string | number;
  includeDeleted: boolean;
}>;


export type CustomerImagesQuery = { customer: { id: string, viewerCan: { deleteImage: boolean }, images: Array<{ id: string, customerId: string, kind: ImageKind, kindLabel: string, status: ImageStatus, takenAt: string, receivedAt: string, processedAt: string | null, latitude: number | null, longitude: number | null, accuracyM: number | null, deviceId: string | null, uploadedByNo: string, width: number | null, height: number | null, originalSha256: string, resultSha256: string | null, keyId: string | null, c2pa: boolean, failure: string | null, deletedAt: string | null, deleteReason: string | null, purgedAt: string | null, url: string | null, thumbnailUrl: string | null, uploadedBy: { id: string, name: string, employeeNo: string } | null }> } | null };

export type UploadImageMutationVariables = Exact<{
  input: UploadImageInput;
  file: File;
}>;


export type UploadImageMutation = { uploadImage: { duplicate: boolean, image: { id: string, kind: ImageKind, status: ImageStatus } | null, errors: Array<{ field: string | null, code: ImageErrorCode, message: string, messageEn: string }> } | null };

export type DeleteImageMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type DeleteImageMutation = { deleteImage: { image: { id: string, deletedAt: string | null, deleteReason: string | null } | null, errors: Array<{ field: string | null, code: ImageErrorCode, message: string, messageEn: string }> } | null };

export type VerifyImageMutationVariables = Exact<{
  file: File;
}>;


export type VerifyImageMutation = { verifyImage: { verdict: ImageVerdict | null, reason: string | null, details: Array<string>, errors: Array<{ field: string | null, code: ImageErrorCode, message: string, messageEn: string }>, image: { signature: string | null, manifest: any, id: string, customerId: string, kind: ImageKind, kindLabel: string, status: ImageStatus, takenAt: string, receivedAt: string, processedAt: string | null, latitude: number | null, longitude: number | null, accuracyM: number | null, deviceId: string | null, uploadedByNo: string, width: number | null, height: number | null, originalSha256: string, resultSha256: string | null, keyId: string | null, c2pa: boolean, failure: string | null, deletedAt: string | null, deleteReason: string | null, purgedAt: string | null, url: string | null, thumbnailUrl: string | null, uploadedBy: { id: string, name: string, employeeNo: string } | null } | null } | null };

export type WarehouseImportsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  rejects: number;
  order?: TimeOrder;
}>;


export type WarehouseImportsQuery = { warehouseImports: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, bankId: string, subject: WarehouseSubject, businessDate: string, source: string, fileName: string | null, encoding: string | null, status: WarehouseImportStatus, recordCount: number, importedCount: number, rejectedCount: number, unmatchedCount: number, errorCode: WarehouseErrorCode | null, errorMessage: string | null, errorMessageEn: string | null, startedBy: string, startedAt: string, finishedAt: string | null, rejects: Array<{ lineNo: number, code: WarehouseRejectCode, field: string | null, message: string, messageEn: string }> } }> } };

export type ScorecardFieldsFragment = { id: string, name: string, version: number, status: ScorecardStatus, province: boolean, bankId: string | null, basePoints: number, maxScore: number, createdBy: string, createdAt: string, approvedBy: string | null, publishedAt: string | null, vetoes: Array<RatingVeto>, bank: { id: string, name: string } | null, items: Array<{ code: string, label: string, variable: string, variableLabel: string, kind: ScorecardItemKind, maxPoints: number, bins: Array<{ label: string, points: number, min: number | null, max: number | null, values: Array<string> | null, missing: boolean }> }>, grades: Array<{ code: string, label: string, min: number, quotaCap: number, incomeMultiple: number, watch: boolean }>, pendingChange: { id: string, status: ChangeStatus, requestedAt: string, viewerIsRequester: boolean, viewerCanDecide: boolean, requestedBy: { id: string, name: string } | null } | null };

export type ScorecardsQueryVariables = Exact<{
  includeSuperseded: boolean;
}>;


export type ScorecardsQuery = { scorecards: Array<{ id: string, name: string, version: number, status: ScorecardStatus, province: boolean, bankId: string | null, basePoints: number, maxScore: number, createdBy: string, createdAt: string, approvedBy: string | null, publishedAt: string | null, vetoes: Array<RatingVeto>, bank: { id: string, name: string } | null, items: Array<{ code: string, label: string, variable: string, variableLabel: string, kind: ScorecardItemKind, maxPoints: number, bins: Array<{ label: string, points: number, min: number | null, max: number | null, values: Array<string> | null, missing: boolean }> }>, grades: Array<{ code: string, label: string, min: number, quotaCap: number, incomeMultiple: number, watch: boolean }>, pendingChange: { id: string, status: ChangeStatus, requestedAt: string, viewerIsRequester: boolean, viewerCanDecide: boolean, requestedBy: { id: string, name: string } | null } | null }> };

export type ScorecardQueryVariables = Exact<{
  id: string | number;
}>;


export type ScorecardQuery = { scorecard: { id: string, name: string, version: number, status: ScorecardStatus, province: boolean, bankId: string | null, basePoints: number, maxScore: number, createdBy: string, createdAt: string, approvedBy: string | null, publishedAt: string | null, vetoes: Array<RatingVeto>, bank: { id: string, name: string } | null, items: Array<{ code: string, label: string, variable: string, variableLabel: string, kind: ScorecardItemKind, maxPoints: number, bins: Array<{ label: string, points: number, min: number | null, max: number | null, values: Array<string> | null, missing: boolean }> }>, grades: Array<{ code: string, label: string, min: number, quotaCap: number, incomeMultiple: number, watch: boolean }>, pendingChange: { id: string, status: ChangeStatus, requestedAt: string, viewerIsRequester: boolean, viewerCanDecide: boolean, requestedBy: { id: string, name: string } | null } | null } | null };

export type ScorecardVariablesQueryVariables = Exact<{ [key: string]: never; }>;


export type ScorecardVariablesQuery = { scorecardVariables: Array<{ path: string, label: string, numeric: boolean }> };

export type SaveScorecardMutationVariables = Exact<{
  input: SaveScorecardInput;
}>;


export type SaveScorecardMutation = { saveScorecard: { scorecard: { id: string, name: string, version: number, status: ScorecardStatus, province: boolean, bankId: string | null, basePoints: number, maxScore: number, createdBy: string, createdAt: string, approvedBy: string | null, publishedAt: string | null, vetoes: Array<RatingVeto>, bank: { id: string, name: string } | null, items: Array<{ code: string, label: string, variable: string, variableLabel: string, kind: ScorecardItemKind, maxPoints: number, bins: Array<{ label: string, points: number, min: number | null, max: number | null, values: Array<string> | null, missing: boolean }> }>, grades: Array<{ code: string, label: string, min: number, quotaCap: number, incomeMultiple: number, watch: boolean }>, pendingChange: { id: string, status: ChangeStatus, requestedAt: string, viewerIsRequester: boolean, viewerCanDecide: boolean, requestedBy: { id: string, name: string } | null } | null } | null, errors: Array<{ field: string | null, code: RatingErrorCode, message: string, messageEn: string }> } | null };

export type DryRunScorecardMutationVariables = Exact<{
  id: string | number;
  sample?: number | null | undefined;
}>;


export type DryRunScorecardMutation = { dryRunScorecard: { report: { archives: number, sampled: boolean, banks: number, meanInForce: number, meanDraft: number, upgraded: number, downgraded: number, newlyVetoed: number, inForce: { id: string, name: string, version: number, province: boolean }, grades: Array<{ grade: string, label: string, inForce: number, draft: number }>, bands: Array<{ fromScore: number, inForce: number, draft: number }>, moves: Array<{ fromGrade: string, toGrade: string, count: number }> } | null, errors: Array<{ field: string | null, code: RatingErrorCode, message: string, messageEn: string }> } | null };

export type DeleteScorecardMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteScorecardMutation = { deleteScorecard: { errors: Array<{ field: string | null, code: RatingErrorCode, message: string, messageEn: string }> } | null };

export type RequestScorecardPublishMutationVariables = Exact<{
  id: string | number;
}>;


export type RequestScorecardPublishMutation = { requestScorecardPublish: { scorecard: { id: string, name: string, version: number, status: ScorecardStatus, province: boolean, bankId: string | null, basePoints: number, maxScore: number, createdBy: string, createdAt: string, approvedBy: string | null, publishedAt: string | null, vetoes: Array<RatingVeto>, bank: { id: string, name: string } | null, items: Array<{ code: string, label: string, variable: string, variableLabel: string, kind: ScorecardItemKind, maxPoints: number, bins: Array<{ label: string, points: number, min: number | null, max: number | null, values: Array<string> | null, missing: boolean }> }>, grades: Array<{ code: string, label: string, min: number, quotaCap: number, incomeMultiple: number, watch: boolean }>, pendingChange: { id: string, status: ChangeStatus, requestedAt: string, viewerIsRequester: boolean, viewerCanDecide: boolean, requestedBy: { id: string, name: string } | null } | null } | null, change: { id: string, status: ChangeStatus } | null, errors: Array<{ field: string | null, code: RatingErrorCode, message: string, messageEn: string }> } | null };

export type RatingMigrationQueryVariables = Exact<{
  orgUnitId: string | number;
  fromQuarter: string;
  toQuarter: string;
}>;


export type RatingMigrationQuery = { ratingMigration: Array<{ fromGrade: string, toGrade: string, count: number }> };

export type RatingDistributionQueryVariables = Exact<{
  orgUnitId: string | number;
  quarter: string;
}>;


export type RatingDistributionQuery = { ratingDistribution: Array<{ total: number, orgUnit: { id: string, name: string, code: string, level: OrgLevel }, grades: Array<{ grade: string, count: number }> }> };

export type RatingWarningsQueryVariables = Exact<{
  orgUnitId?: string | number | null | undefined;
  quarter?: string | null | undefined;
  mine: boolean;
  first: number;
}>;


export type RatingWarningsQuery = { ratingWarnings: Array<{ customerId: string, quarter: string, kind: RatingWarningKind, fromGrade: string, toGrade: string, newVetoes: Array<RatingVeto>, managerId: string | null, customer: { id: string, name: string | null, branch: { id: string, name: string } | null, manager: { id: string, name: string } | null } | null }> };

export type ProductFieldsFragment = { id: string, code: string, version: number, status: ProductStatus, name: string, description: string | null, amountMin: string, amountMax: string, terms: Array<number>, rateMin: string, rateMax: string, repaymentMethods: Array<RepaymentMethod>, channels: Array<ProductChannel>, sampleRate: number, validFrom: string, validTo: string | null, createdBy: string, createdAt: string, eligibility: { preciseArchive: boolean, minGrade: string | null, noVeto: boolean, ageMin: number, ageMax: number, regions: Array<string> }, processes: Array<{ maxAmount: string | null, processKey: string }>, bank: { id: string, name: string, code: string } | null };

export type ProductsQueryVariables = Exact<{
  includeRetired: boolean;
}>;


export type ProductsQuery = { products: Array<{ id: string, code: string, version: number, status: ProductStatus, name: string, description: string | null, amountMin: string, amountMax: string, terms: Array<number>, rateMin: string, rateMax: string, repaymentMethods: Array<RepaymentMethod>, channels: Array<ProductChannel>, sampleRate: number, validFrom: string, validTo: string | null, createdBy: string, createdAt: string, eligibility: { preciseArchive: boolean, minGrade: string | null, noVeto: boolean, ageMin: number, ageMax: number, regions: Array<string> }, processes: Array<{ maxAmount: string | null, processKey: string }>, bank: { id: string, name: string, code: string } | null }> };

export type SaveProductMutationVariables = Exact<{
  input: ProductInput;
}>;


export type SaveProductMutation = { saveProduct: { product: { id: string, code: string, version: number, status: ProductStatus, name: string, description: string | null, amountMin: string, amountMax: string, terms: Array<number>, rateMin: string, rateMax: string, repaymentMethods: Array<RepaymentMethod>, channels: Array<ProductChannel>, sampleRate: number, validFrom: string, validTo: string | null, createdBy: string, createdAt: string, eligibility: { preciseArchive: boolean, minGrade: string | null, noVeto: boolean, ageMin: number, ageMax: number, regions: Array<string> }, processes: Array<{ maxAmount: string | null, processKey: string }>, bank: { id: string, name: string, code: string } | null } | null, errors: Array<{ field: string | null, code: ProductErrorCode, message: string, messageEn: string }> } | null };

export type RetireProductMutationVariables = Exact<{
  id: string | number;
}>;


export type RetireProductMutation = { retireProduct: { product: { id: string, status: ProductStatus } | null, errors: Array<{ field: string | null, code: ProductErrorCode, message: string, messageEn: string }> } | null };

export type ProcessDefinitionFieldsFragment = { id: string, key: string, version: number, status: ProcessStatus, name: string, template: boolean, createdBy: string, createdAt: string, bank: { id: string, name: string, code: string } | null, lanes: Array<{ name: string, role: Role, level: OrgLevel }>, tasks: Array<{ id: string, name: string, lane: string }>, timers: Array<{ id: string, name: string, task: string, duration: string, interrupting: boolean }> };

export type ProcessDefinitionsQueryVariables = Exact<{
  includeSuperseded: boolean;
}>;


export type ProcessDefinitionsQuery = { processDefinitions: Array<{ id: string, key: string, version: number, status: ProcessStatus, name: string, template: boolean, createdBy: string, createdAt: string, bank: { id: string, name: string, code: string } | null, lanes: Array<{ name: string, role: Role, level: OrgLevel }>, tasks: Array<{ id: string, name: string, lane: string }>, timers: Array<{ id: string, name: string, task: string, duration: string, interrupting: boolean }> }> };

export type ProcessDefinitionXmlQueryVariables = Exact<{
  id: string | number;
}>;


export type ProcessDefinitionXmlQuery = { processDefinition: { id: string, key: string, name: string, version: number, bpmnXml: string } | null };

export type UploadProcessMutationVariables = Exact<{
  input: UploadProcessInput;
}>;


export type UploadProcessMutation = { uploadProcess: { process: { id: string, key: string, version: number, status: ProcessStatus, name: string, template: boolean, createdBy: string, createdAt: string, bank: { id: string, name: string, code: string } | null, lanes: Array<{ name: string, role: Role, level: OrgLevel }>, tasks: Array<{ id: string, name: string, lane: string }>, timers: Array<{ id: string, name: string, task: string, duration: string, interrupting: boolean }> } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type ApplicationCheckQueryVariables = Exact<{
  customerId: string | number;
  productId: string | number;
}>;


export type ApplicationCheckQuery = { applicationCheck: { eligible: boolean, recommendedQuota: string, reasons: Array<{ code: ApprovalErrorCode, message: string, messageEn: string }>, rating: { score: number, grade: string, gradeLabel: string } | null, product: { id: string } } };

export type ApplicationListFieldsFragment = { id: string, number: string, status: ApplicationStatus, productCode: string, amount: string, term: number, createdAt: string, decidedAt: string | null, customer: { id: string, name: string | null } | null, product: { id: string, name: string } | null, applicant: { id: string, name: string } | null, branch: { id: string, name: string } | null, process: { currentElements: Array<string> } | null, tasks: Array<{ id: string, name: string, status: ApprovalTaskStatus }> };

export type ApplicationsQueryVariables = Exact<{
  status?: Array<ApplicationStatus> | ApplicationStatus | null | undefined;
  customerId?: string | number | null | undefined;
  mine: boolean;
  first: number;
  after?: string | null | undefined;
  order?: ApplicationOrder;
}>;


export type ApplicationsQuery = { applications: { edges: Array<{ node: { id: string, number: string, status: ApplicationStatus, productCode: string, amount: string, term: number, createdAt: string, decidedAt: string | null, customer: { id: string, name: string | null } | null, product: { id: string, name: string } | null, applicant: { id: string, name: string } | null, branch: { id: string, name: string } | null, process: { currentElements: Array<string> } | null, tasks: Array<{ id: string, name: string, status: ApprovalTaskStatus }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ApplicationTaskFieldsFragment = { id: string, elementId: string, name: string, status: ApprovalTaskStatus, outcome: ApplicationEventAction | null, createdAt: string, dueAt: string | null, completedAt: string | null, overdue: boolean, claimedBy: { id: string, name: string } | null, viewerCan: { claim: boolean, release: boolean, decide: boolean }, delegates: Array<{ id: string, name: string, employeeNo: string }> };

export type QuotaFieldsFragment = { id: string, productCode: string, status: QuotaStatus, amount: string, usedAmount: string, availableAmount: string, term: number, rate: string, repaymentMethod: RepaymentMethod, validFrom: string, validTo: string, createdAt: string, updatedAt: string };

export type ApplicationDetailFieldsFragment = { id: string, number: string, status: ApplicationStatus, channel: ApplicationChannel, productCode: string, amount: string, term: number, repaymentMethod: RepaymentMethod, purpose: string, overReason: string | null, score: number | null, grade: string | null, recommendedQuota: string, sampled: boolean, approvedAmount: string | null, approvedTerm: number | null, rate: string, createdAt: string, updatedAt: string, decidedAt: string | null, customer: { id: string, name: string | null } | null, rating: { score: number, grade: string, gradeLabel: string, reasons: Array<string> | null, vetoes: Array<RatingVeto>, vetoReasons: Array<string>, recommendedQuota: string | null, ratedAt: string, card: { id: string, name: string, version: number, province: boolean, maxScore: number }, items: Array<{ code: string, label: string, value: string | null, bin: string, points: number, maxPoints: number }> | null } | null, product: { id: string, name: string, code: string, version: number, terms: Array<number>, repaymentMethods: Array<RepaymentMethod>, amountMin: string, amountMax: string, rateMin: string, rateMax: string } | null, applicant: { id: string, name: string, employeeNo: string } | null, branch: { id: string, name: string } | null, attachments: Array<{ id: string, customerId: string, kind: ImageKind, kindLabel: string, status: ImageStatus, takenAt: string, receivedAt: string, processedAt: string | null, latitude: number | null, longitude: number | null, accuracyM: number | null, deviceId: string | null, uploadedByNo: string, width: number | null, height: number | null, originalSha256: string, resultSha256: string | null, keyId: string | null, c2pa: boolean, failure: string | null, deletedAt: string | null, deleteReason: string | null, purgedAt: string | null, url: string | null, thumbnailUrl: string | null, uploadedBy: { id: string, name: string, employeeNo: string } | null }>, process: { bpmnXml: string, currentElements: Array<string>, completedElements: Array<string>, definition: { id: string, key: string, name: string, version: number } } | null, history: Array<{ id: string, action: ApplicationEventAction, elementId: string | null, elementName: string | null, amount: string | null, term: number | null, rate: string | null, comment: string | null, at: string, system: boolean, actor: { id: string, name: string, username: string } | null, toUser: { id: string, name: string } | null }>, tasks: Array<{ id: string, elementId: string, name: string, status: ApprovalTaskStatus, outcome: ApplicationEventAction | null, createdAt: string, dueAt: string | null, completedAt: string | null, overdue: boolean, claimedBy: { id: string, name: string } | null, viewerCan: { claim: boolean, release: boolean, decide: boolean }, delegates: Array<{ id: string, name: string, employeeNo: string }> }>, quota: { id: string, productCode: string, status: QuotaStatus, amount: string, usedAmount: string, availableAmount: string, term: number, rate: string, repaymentMethod: RepaymentMethod, validFrom: string, validTo: string, createdAt: string, updatedAt: string } | null, viewerCan: { resubmit: boolean, withdraw: boolean } };

export type ApplicationQueryVariables = Exact<{
  id: string | number;
}>;


export type ApplicationQuery = { application: { id: string, number: string, status: ApplicationStatus, channel: ApplicationChannel, productCode: string, amount: string, term: number, repaymentMethod: RepaymentMethod, purpose: string, overReason: string | null, score: number | null, grade: string | null, recommendedQuota: string, sampled: boolean, approvedAmount: string | null, approvedTerm: number | null, rate: string, createdAt: string, updatedAt: string, decidedAt: string | null, customer: { id: string, name: string | null } | null, rating: { score: number, grade: string, gradeLabel: string, reasons: Array<string> | null, vetoes: Array<RatingVeto>, vetoReasons: Array<string>, recommendedQuota: string | null, ratedAt: string, card: { id: string, name: string, version: number, province: boolean, maxScore: number }, items: Array<{ code: string, label: string, value: string | null, bin: string, points: number, maxPoints: number }> | null } | null, product: { id: string, name: string, code: string, version: number, terms: Array<number>, repaymentMethods: Array<RepaymentMethod>, amountMin: string, amountMax: string, rateMin: string, rateMax: string } | null, applicant: { id: string, name: string, employeeNo: string } | null, branch: { id: string, name: string } | null, attachments: Array<{ id: string, customerId: string, kind: ImageKind, kindLabel: string, status: ImageStatus, takenAt: string, receivedAt: string, processedAt: string | null, latitude: number | null, longitude: number | null, accuracyM: number | null, deviceId: string | null, uploadedByNo: string, width: number | null, height: number | null, originalSha256: string, resultSha256: string | null, keyId: string | null, c2pa: boolean, failure: string | null, deletedAt: string | null, deleteReason: string | null, purgedAt: string | null, url: string | null, thumbnailUrl: string | null, uploadedBy: { id: string, name: string, employeeNo: string } | null }>, process: { bpmnXml: string, currentElements: Array<string>, completedElements: Array<string>, definition: { id: string, key: string, name: string, version: number } } | null, history: Array<{ id: string, action: ApplicationEventAction, elementId: string | null, elementName: string | null, amount: string | null, term: number | null, rate: string | null, comment: string | null, at: string, system: boolean, actor: { id: string, name: string, username: string } | null, toUser: { id: string, name: string } | null }>, tasks: Array<{ id: string, elementId: string, name: string, status: ApprovalTaskStatus, outcome: ApplicationEventAction | null, createdAt: string, dueAt: string | null, completedAt: string | null, overdue: boolean, claimedBy: { id: string, name: string } | null, viewerCan: { claim: boolean, release: boolean, decide: boolean }, delegates: Array<{ id: string, name: string, employeeNo: string }> }>, quota: { id: string, productCode: string, status: QuotaStatus, amount: string, usedAmount: string, availableAmount: string, term: number, rate: string, repaymentMethod: RepaymentMethod, validFrom: string, validTo: string, createdAt: string, updatedAt: string } | null, viewerCan: { resubmit: boolean, withdraw: boolean } } | null };

export type ApprovalTasksQueryVariables = Exact<{
  box: TaskBox;
  overdue: boolean;
  first: number;
  after?: string | null | undefined;
  order?: TaskOrder;
}>;


export type ApprovalTasksQuery = { approvalTasks: { edges: Array<{ node: { id: string, elementId: string, name: string, status: ApprovalTaskStatus, createdAt: string, dueAt: string | null, overdue: boolean, claimedBy: { id: string, name: string } | null, application: { id: string, number: string, amount: string, term: number, customer: { id: string, name: string | null } | null, product: { id: string, name: string } | null, branch: { id: string, name: string } | null, applicant: { id: string, name: string } | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ApprovalInboxCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type ApprovalInboxCountsQuery = { approvalInboxCounts: { queue: number, mine: number, overdue: number } };

export type ApplicationPayloadFieldsFragment = { application: { id: string, number: string, status: ApplicationStatus } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> };

export type SubmitApplicationMutationVariables = Exact<{
  input: SubmitApplicationInput;
}>;


export type SubmitApplicationMutation = { submitApplication: { application: { id: string, number: string, status: ApplicationStatus } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type ResubmitApplicationMutationVariables = Exact<{
  input: ResubmitApplicationInput;
}>;


export type ResubmitApplicationMutation = { resubmitApplication: { application: { id: string, number: string, status: ApplicationStatus } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type WithdrawApplicationMutationVariables = Exact<{
  input: WithdrawApplicationInput;
}>;


export type WithdrawApplicationMutation = { withdrawApplication: { application: { id: string, number: string, status: ApplicationStatus } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type TaskPayloadFieldsFragment = { task: { id: string, status: ApprovalTaskStatus } | null, application: { id: string, status: ApplicationStatus } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> };

export type ClaimTaskMutationVariables = Exact<{
  id: string | number;
}>;


export type ClaimTaskMutation = { claimTask: { task: { id: string, status: ApprovalTaskStatus } | null, application: { id: string, status: ApplicationStatus } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type ReleaseTaskMutationVariables = Exact<{
  id: string | number;
}>;


export type ReleaseTaskMutation = { releaseTask: { task: { id: string, status: ApprovalTaskStatus } | null, application: { id: string, status: ApplicationStatus } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type ApproveTaskMutationVariables = Exact<{
  input: ApproveTaskInput;
}>;


export type ApproveTaskMutation = { approveTask: { task: { id: string, status: ApprovalTaskStatus } | null, application: { id: string, status: ApplicationStatus } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type RejectTaskMutationVariables = Exact<{
  input: RejectTaskInput;
}>;


export type RejectTaskMutation = { rejectTask: { task: { id: string, status: ApprovalTaskStatus } | null, application: { id: string, status: ApplicationStatus } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type ReturnTaskMutationVariables = Exact<{
  input: ReturnTaskInput;
}>;


export type ReturnTaskMutation = { returnTask: { task: { id: string, status: ApprovalTaskStatus } | null, application: { id: string, status: ApplicationStatus } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type DelegateTaskMutationVariables = Exact<{
  input: DelegateTaskInput;
}>;


export type DelegateTaskMutation = { delegateTask: { task: { id: string, status: ApprovalTaskStatus } | null, application: { id: string, status: ApplicationStatus } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type ChangeQuotaMutationVariables = Exact<{
  input: ChangeQuotaInput;
}>;


export type ChangeQuotaMutation = { changeQuota: { quota: { id: string, productCode: string, status: QuotaStatus, amount: string, usedAmount: string, availableAmount: string, term: number, rate: string, repaymentMethod: RepaymentMethod, validFrom: string, validTo: string, createdAt: string, updatedAt: string } | null, errors: Array<{ field: string | null, code: ApprovalErrorCode, message: string, messageEn: string }> } | null };

export type CustomerLoansQueryVariables = Exact<{
  customerId: string | number;
}>;


export type CustomerLoansQuery = { quotas: { edges: Array<{ node: { reservedAmount: string, id: string, productCode: string, status: QuotaStatus, amount: string, usedAmount: string, availableAmount: string, term: number, rate: string, repaymentMethod: RepaymentMethod, validFrom: string, validTo: string, createdAt: string, updatedAt: string } }> }, loans: Array<{ id: string, number: string, productCode: string, status: LoanStatus, amount: string, term: number, rate: string, account: string, disbursedAmount: string, outstanding: string, overdueDays: number, reason: string | null, createdAt: string, disbursedAt: string | null, closedAt: string | null }>, textMessages: Array<{ id: string, event: TextMessageEvent, status: TextMessageStatus, reason: string | null, to: string | null, text: string, attempts: number, createdAt: string, sentAt: string | null, receiptAt: string | null }> };

export type SegmentModelFieldsFragment = { id: string, name: string, description: string | null, condition: any, expression: string, reminder: string | null, fields: Array<string>, status: SegmentModelStatus, version: number, createdAt: string, updatedAt: string, evaluatedAt: string | null, viewerCanEdit: boolean, memberCount: number, owner: { id: string, name: string, level: OrgLevel } | null };

export type SegmentModelsQueryVariables = Exact<{
  status?: SegmentModelStatus | null | undefined;
}>;


export type SegmentModelsQuery = { segmentModels: Array<{ id: string, name: string, description: string | null, condition: any, expression: string, reminder: string | null, fields: Array<string>, status: SegmentModelStatus, version: number, createdAt: string, updatedAt: string, evaluatedAt: string | null, viewerCanEdit: boolean, memberCount: number, owner: { id: string, name: string, level: OrgLevel } | null }> };

export type SegmentModelQueryVariables = Exact<{
  id: string | number;
}>;


export type SegmentModelQuery = { segmentModel: { id: string, name: string, description: string | null, condition: any, expression: string, reminder: string | null, fields: Array<string>, status: SegmentModelStatus, version: number, createdAt: string, updatedAt: string, evaluatedAt: string | null, viewerCanEdit: boolean, memberCount: number, countsByUnit: Array<{ members: number, unit: { id: string, name: string, code: string } }>, trend: Array<{ day: string, members: number }>, owner: { id: string, name: string, level: OrgLevel } | null } | null };

export type SegmentModelMembersQueryVariables = Exact<{
  id: string | number;
  first: number;
  after?: string | null | undefined;
}>;


export type SegmentModelMembersQuery = { segmentModel: { id: string, members: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string | null, idNumber: string | null, status: ArchiveStatus, blacklisted: boolean | null, branch: { id: string, name: string } | null, manager: { id: string, name: string } | null } }> } } | null };

export type SegmentFieldsQueryVariables = Exact<{ [key: string]: never; }>;


export type SegmentFieldsQuery = { segmentFields: Array<{ path: string, label: string, type: FieldType, presenceOnly: boolean }> };

export type SaveSegmentModelMutationVariables = Exact<{
  input: SaveSegmentModelInput;
}>;


export type SaveSegmentModelMutation = { saveSegmentModel: { model: { id: string, name: string, description: string | null, condition: any, expression: string, reminder: string | null, fields: Array<string>, status: SegmentModelStatus, version: number, createdAt: string, updatedAt: string, evaluatedAt: string | null, viewerCanEdit: boolean, memberCount: number, owner: { id: string, name: string, level: OrgLevel } | null } | null, errors: Array<{ field: string | null, code: MarketingErrorCode, message: string, messageEn: string }> } | null };

export type EvaluateSegmentModelMutationVariables = Exact<{
  id: string | number;
}>;


export type EvaluateSegmentModelMutation = { evaluateSegmentModel: { model: { id: string, name: string, description: string | null, condition: any, expression: string, reminder: string | null, fields: Array<string>, status: SegmentModelStatus, version: number, createdAt: string, updatedAt: string, evaluatedAt: string | null, viewerCanEdit: boolean, memberCount: number, owner: { id: string, name: string, level: OrgLevel } | null } | null, errors: Array<{ field: string | null, code: MarketingErrorCode, message: string, messageEn: string }> } | null };

export type RetireSegmentModelMutationVariables = Exact<{
  id: string | number;
}>;


export type RetireSegmentModelMutation = { retireSegmentModel: { model: { id: string, name: string, description: string | null, condition: any, expression: string, reminder: string | null, fields: Array<string>, status: SegmentModelStatus, version: number, createdAt: string, updatedAt: string, evaluatedAt: string | null, viewerCanEdit: boolean, memberCount: number, owner: { id: string, name: string, level: OrgLevel } | null } | null, errors: Array<{ field: string | null, code: MarketingErrorCode, message: string, messageEn: string }> } | null };

export type ReminderFieldsFragment = { id: string, kind: ReminderKind, title: string, dueOn: string, status: ReminderStatus, snoozedUntil: string | null, note: string | null, createdAt: string, closedAt: string | null, overdue: boolean, customer: { id: string, name: string | null } | null };

export type MyRemindersQueryVariables = Exact<{
  status: ReminderStatus;
  first: number;
}>;


export type MyRemindersQuery = { myReminders: Array<{ id: string, kind: ReminderKind, title: string, dueOn: string, status: ReminderStatus, snoozedUntil: string | null, note: string | null, createdAt: string, closedAt: string | null, overdue: boolean, customer: { id: string, name: string | null } | null }> };

export type WorkReminderMutationVariables = Exact<{
  input: WorkReminderInput;
}>;


export type WorkReminderMutation = { workReminder: { reminder: { id: string, kind: ReminderKind, title: string, dueOn: string, status: ReminderStatus, snoozedUntil: string | null, note: string | null, createdAt: string, closedAt: string | null, overdue: boolean, customer: { id: string, name: string | null } | null } | null, errors: Array<{ field: string | null, code: MarketingErrorCode, message: string, messageEn: string }> } | null };

export type ContactFieldsFragment = { id: string, channel: ContactChannel, outcome: ContactOutcome, note: string | null, contactedAt: string, reminderId: string | null, staff: { id: string, name: string } | null };

export type LogContactMutationVariables = Exact<{
  input: LogContactInput;
}>;


export type LogContactMutation = { logContact: { contact: { id: string, channel: ContactChannel, outcome: ContactOutcome, note: string | null, contactedAt: string, reminderId: string | null, staff: { id: string, name: string } | null } | null, errors: Array<{ field: string | null, code: MarketingErrorCode, message: string, messageEn: string }> } | null };

export type CustomerContactsQueryVariables = Exact<{
  customerId: string | number;
}>;


export type CustomerContactsQuery = { customerContacts: Array<{ id: string, channel: ContactChannel, outcome: ContactOutcome, note: string | null, contactedAt: string, reminderId: string | null, staff: { id: string, name: string } | null }> };

export type ReminderLoadQueryVariables = Exact<{
  orgUnitId?: string | number | null | undefined;
}>;


export type ReminderLoadQuery = { reminderLoad: Array<{ open: number, overdue: number, manager: { id: string, name: string, employeeNo: string, orgUnit: { id: string, name: string } | null } | null }> };

export type ContactStatsQueryVariables = Exact<{
  since: string;
  until: string;
  orgUnitId?: string | number | null | undefined;
}>;


export type ContactStatsQuery = { contactStats: Array<{ contacts: number, customers: number, staff: { id: string, name: string, employeeNo: string, orgUnit: { id: string, name: string } | null } | null }> };

export type ReportFiguresFragment = { archives: number, verified: number, evaluated: number, precise: number, preciseRate: number, rated: number, quotasActive: number, quotaAmount: string, quotaUsed: string, quotaUseRate: number, created: number, applications: number, decided: number, approved: number, rejected: number, approvalRate: number, meanDecisionHours: number | null, approvedAmount: string, quotasGranted: number, grantedAmount: string, reminders: number, remindersDone: number, contacts: number, contactedReminders: number, convertedApplications: number, convertedQuotas: number };

export type ReportSummaryQueryVariables = Exact<{
  since: string;
  until: string;
  orgUnitId?: string | number | null | undefined;
}>;


export type ReportSummaryQuery = { report: { level: ReportLevel, asOf: string | null, startsAfter: string | null, orgUnit: { id: string, name: string, level: OrgLevel, parentId: string | null, bankId: string | null }, total: { archives: number, verified: number, evaluated: number, precise: number, preciseRate: number, rated: number, quotasActive: number, quotaAmount: string, quotaUsed: string, quotaUseRate: number, created: number, applications: number, decided: number, approved: number, rejected: number, approvalRate: number, meanDecisionHours: number | null, approvedAmount: string, quotasGranted: number, grantedAmount: string, reminders: number, remindersDone: number, contacts: number, contactedReminders: number, convertedApplications: number, convertedQuotas: number, grades: Array<{ grade: string, count: number }>, gradeMoves: Array<{ fromGrade: string, toGrade: string, count: number }> } } };

export type ReportRankingQueryVariables = Exact<{
  since: string;
  until: string;
  orgUnitId?: string | number | null | undefined;
  level?: ReportLevel | null | undefined;
  orderBy: ReportOrder;
  descending: boolean;
  first: number;
  offset: number;
  nameContains?: string | null | undefined;
}>;


export type ReportRankingQuery = { report: { level: ReportLevel, offset: number, rowCount: number, rows: Array<{ unassigned: boolean, archives: number, verified: number, evaluated: number, precise: number, preciseRate: number, rated: number, quotasActive: number, quotaAmount: string, quotaUsed: string, quotaUseRate: number, created: number, applications: number, decided: number, approved: number, rejected: number, approvalRate: number, meanDecisionHours: number | null, approvedAmount: string, quotasGranted: number, grantedAmount: string, reminders: number, remindersDone: number, contacts: number, contactedReminders: number, convertedApplications: number, convertedQuotas: number, orgUnit: { id: string, name: string, level: OrgLevel } | null, manager: { id: string, name: string, employeeNo: string } | null, grades: Array<{ grade: string, count: number }> }> } };

export type ReportTrendQueryVariables = Exact<{
  since: string;
  until: string;
  orgUnitId?: string | number | null | undefined;
}>;


export type ReportTrendQuery = { reportTrend: Array<{ day: string, archives: number, precise: number, preciseRate: number, created: number | null }> };

export type MonthlyReportsQueryVariables = Exact<{
  orgUnitId?: string | number | null | undefined;
}>;


export type MonthlyReportsQuery = { monthlyReports: Array<{ id: string, month: string, size: number, createdAt: string, downloadPath: string, orgUnit: { id: string, name: string, level: OrgLevel } | null }> };

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
export const CustomerListFieldsFragmentDoc = new TypedDocumentString(`
    fragment CustomerListFields on Customer {
  id
  version
  name
  idNumber
  mobile
  status
  channel
  gender
  birthDate
  updatedAt
  address {
    regionCode
    regionName
    villageCode
  }
  branch {
    id
    name
  }
  manager {
    id
    name
    employeeNo
  }
  evaluation {
    completeness
    precise
  }
  blacklisted
}
    `, {"fragmentName":"CustomerListFields"}) as unknown as TypedDocumentString<CustomerListFieldsFragment, unknown>;
export const CustomerDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment CustomerDetailFields on Customer {
  id
  version
  status
  channel
  name
  gender
  birthDate
  idNumber
  idExpiry
  idLongTerm
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  returnReasons
  submittedAt
  verifiedAt
  createdAt
  updatedAt
  ecifCustomerNo
  blacklisted
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
    occupation
    annualIncome
    labourCapacity
    idNumber
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
  branch {
    id
    name
    code
  }
  manager {
    id
    name
    employeeNo
  }
  viewerCan {
    edit
    submit
    verify
    returnForRework
    close
    transfer
    uploadImage
    deleteImage
  }
  revealable {
    type
    field
  }
  extraFields {
    code
    definition {
      code
      labelZh
      labelEn
      kind
    }
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
  evaluation {
    completeness
    precise
    evaluatedAt
    violations {
      code
      severity
      origin
      message
      messageEn
      overridable
    }
  }
}
    `, {"fragmentName":"CustomerDetailFields"}) as unknown as TypedDocumentString<CustomerDetailFieldsFragment, unknown>;
export const ArchivePayloadFieldsFragmentDoc = new TypedDocumentString(`
    fragment ArchivePayloadFields on ArchivePayload {
  customer {
    ...CustomerDetailFields
  }
  errors {
    field
    code
    message
    messageEn
  }
  warnings {
    code
    message
    messageEn
    relatedIds
  }
  conflict {
    serverVersion
    current {
      ...CustomerDetailFields
    }
  }
  duplicateOf
  violations {
    code
    severity
    origin
    message
    messageEn
  }
}
    fragment CustomerDetailFields on Customer {
  id
  version
  status
  channel
  name
  gender
  birthDate
  idNumber
  idExpiry
  idLongTerm
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  returnReasons
  submittedAt
  verifiedAt
  createdAt
  updatedAt
  ecifCustomerNo
  blacklisted
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
    occupation
    annualIncome
    labourCapacity
    idNumber
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
  branch {
    id
    name
    code
  }
  manager {
    id
    name
    employeeNo
  }
  viewerCan {
    edit
    submit
    verify
    returnForRework
    close
    transfer
    uploadImage
    deleteImage
  }
  revealable {
    type
    field
  }
  extraFields {
    code
    definition {
      code
      labelZh
      labelEn
      kind
    }
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
  evaluation {
    completeness
    precise
    evaluatedAt
    violations {
      code
      severity
      origin
      message
      messageEn
      overridable
    }
  }
}`, {"fragmentName":"ArchivePayloadFields"}) as unknown as TypedDocumentString<ArchivePayloadFieldsFragment, unknown>;
export const ArchiveTransitionPayloadFieldsFragmentDoc = new TypedDocumentString(`
    fragment ArchiveTransitionPayloadFields on ArchiveTransitionPayload {
  customer {
    ...CustomerDetailFields
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
      ...CustomerDetailFields
    }
  }
  violations {
    code
    severity
    origin
    message
    messageEn
  }
}
    fragment CustomerDetailFields on Customer {
  id
  version
  status
  channel
  name
  gender
  birthDate
  idNumber
  idExpiry
  idLongTerm
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  returnReasons
  submittedAt
  verifiedAt
  createdAt
  updatedAt
  ecifCustomerNo
  blacklisted
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
    occupation
    annualIncome
    labourCapacity
    idNumber
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
  branch {
    id
    name
    code
  }
  manager {
    id
    name
    employeeNo
  }
  viewerCan {
    edit
    submit
    verify
    returnForRework
    close
    transfer
    uploadImage
    deleteImage
  }
  revealable {
    type
    field
  }
  extraFields {
    code
    definition {
      code
      labelZh
      labelEn
      kind
    }
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
  evaluation {
    completeness
    precise
    evaluatedAt
    violations {
      code
      severity
      origin
      message
      messageEn
      overridable
    }
  }
}`, {"fragmentName":"ArchiveTransitionPayloadFields"}) as unknown as TypedDocumentString<ArchiveTransitionPayloadFieldsFragment, unknown>;
export const RuleFieldsFragmentDoc = new TypedDocumentString(`
    fragment RuleFields on Rule {
  code
  kind
  severity
  enabled
  messageZh
  messageEn
  params
  segment
  overrides
  overridable
  position
}
    `, {"fragmentName":"RuleFields"}) as unknown as TypedDocumentString<RuleFieldsFragment, unknown>;
export const EvaluationRunFieldsFragmentDoc = new TypedDocumentString(`
    fragment EvaluationRunFields on EvaluationRun {
  id
  status
  total
  done
  startedAt
  finishedAt
}
    `, {"fragmentName":"EvaluationRunFields"}) as unknown as TypedDocumentString<EvaluationRunFieldsFragment, unknown>;
export const PendingChangeFieldsFragmentDoc = new TypedDocumentString(`
    fragment PendingChangeFields on PendingChange {
  id
  kind
  status
  targetType
  targetId
  requestedAt
  decidedAt
  decisionNote
  username
  name
  roles
  previousRoles
  ruleSetVersion
  ruleSetScope
  scorecardVersion
  scorecardScope
  scorecardBank
  requestedBy {
    id
    name
    username
  }
  decidedBy {
    id
    name
    username
  }
  viewerCanDecide
  viewerIsRequester
  evaluationRun {
    ...EvaluationRunFields
  }
}
    fragment EvaluationRunFields on EvaluationRun {
  id
  status
  total
  done
  startedAt
  finishedAt
}`, {"fragmentName":"PendingChangeFields"}) as unknown as TypedDocumentString<PendingChangeFieldsFragment, unknown>;
export const PendingChangePayloadFieldsFragmentDoc = new TypedDocumentString(`
    fragment PendingChangePayloadFields on PendingChangePayload {
  change {
    ...PendingChangeFields
  }
  errors {
    field
    code
    message
    messageEn
  }
}
    fragment PendingChangeFields on PendingChange {
  id
  kind
  status
  targetType
  targetId
  requestedAt
  decidedAt
  decisionNote
  username
  name
  roles
  previousRoles
  ruleSetVersion
  ruleSetScope
  scorecardVersion
  scorecardScope
  scorecardBank
  requestedBy {
    id
    name
    username
  }
  decidedBy {
    id
    name
    username
  }
  viewerCanDecide
  viewerIsRequester
  evaluationRun {
    ...EvaluationRunFields
  }
}
fragment EvaluationRunFields on EvaluationRun {
  id
  status
  total
  done
  startedAt
  finishedAt
}`, {"fragmentName":"PendingChangePayloadFields"}) as unknown as TypedDocumentString<PendingChangePayloadFieldsFragment, unknown>;
export const UnitStatisticsFieldsFragmentDoc = new TypedDocumentString(`
    fragment UnitStatisticsFields on OrgUnitStatistics {
  orgUnit {
    id
    name
    code
    level
  }
  archives
  evaluated
  complete
  precise
  preciseRate
  topFailingRules {
    code
    severity
    count
    message
    messageEn
  }
}
    `, {"fragmentName":"UnitStatisticsFields"}) as unknown as TypedDocumentString<UnitStatisticsFieldsFragment, unknown>;
export const ImportReportFieldsFragmentDoc = new TypedDocumentString(`
    fragment ImportReportFields on ImportReport {
  batchId
  status
  fileName
  totalRows
  imported
  skipped
  failed
  repeated
  createdAt
  failure
  errorWorkbookUrl
  running
  estimatedRows
  finishedAt
  branchName
  createdByName
  fileErrors {
    field
    code
    message
    messageEn
  }
  errors(first: 200) {
    row
    column
    code
    message
    messageEn
  }
  skips(first: 200) {
    row
    column
    code
    message
    messageEn
  }
}
    `, {"fragmentName":"ImportReportFields"}) as unknown as TypedDocumentString<ImportReportFieldsFragment, unknown>;
export const ScorecardFieldsFragmentDoc = new TypedDocumentString(`
    fragment ScorecardFields on Scorecard {
  id
  name
  version
  status
  province
  bankId
  basePoints
  maxScore
  createdBy
  createdAt
  approvedBy
  publishedAt
  bank {
    id
    name
  }
  items {
    code
    label
    variable
    variableLabel
    kind
    maxPoints
    bins {
      label
      points
      min
      max
      values
      missing
    }
  }
  grades {
    code
    label
    min
    quotaCap
    incomeMultiple
    watch
  }
  vetoes
  pendingChange {
    id
    status
    requestedAt
    viewerIsRequester
    viewerCanDecide
    requestedBy {
      id
      name
    }
  }
}
    `, {"fragmentName":"ScorecardFields"}) as unknown as TypedDocumentString<ScorecardFieldsFragment, unknown>;
export const ProductFieldsFragmentDoc = new TypedDocumentString(`
    fragment ProductFields on Product {
  id
  code
  version
  status
  name
  description
  amountMin
  amountMax
  terms
  rateMin
  rateMax
  repaymentMethods
  channels
  sampleRate
  validFrom
  validTo
  createdBy
  createdAt
  eligibility {
    preciseArchive
    minGrade
    noVeto
    ageMin
    ageMax
    regions
  }
  processes {
    maxAmount
    processKey
  }
  bank {
    id
    name
    code
  }
}
    `, {"fragmentName":"ProductFields"}) as unknown as TypedDocumentString<ProductFieldsFragment, unknown>;
export const ProcessDefinitionFieldsFragmentDoc = new TypedDocumentString(`
    fragment ProcessDefinitionFields on ProcessDefinition {
  id
  key
  version
  status
  name
  template
  createdBy
  createdAt
  bank {
    id
    name
    code
  }
  lanes {
    name
    role
    level
  }
  tasks {
    id
    name
    lane
  }
  timers {
    id
    name
    task
    duration
    interrupting
  }
}
    `, {"fragmentName":"ProcessDefinitionFields"}) as unknown as TypedDocumentString<ProcessDefinitionFieldsFragment, unknown>;
export const ApplicationListFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApplicationListFields on Application {
  id
  number
  status
  productCode
  amount
  term
  createdAt
  decidedAt
  customer {
    id
    name
  }
  product {
    id
    name
  }
  applicant {
    id
    name
  }
  branch {
    id
    name
  }
  process {
    currentElements
  }
  tasks {
    id
    name
    status
  }
}
    `, {"fragmentName":"ApplicationListFields"}) as unknown as TypedDocumentString<ApplicationListFieldsFragment, unknown>;
export const RatingFieldsFragmentDoc = new TypedDocumentString(`
    fragment RatingFields on Rating {
  score
  grade
  gradeLabel
  card {
    id
    name
    version
    province
    maxScore
  }
  items {
    code
    label
    value
    bin
    points
    maxPoints
  }
  reasons
  vetoes
  vetoReasons
  recommendedQuota
  ratedAt
}
    `, {"fragmentName":"RatingFields"}) as unknown as TypedDocumentString<RatingFieldsFragment, unknown>;
export const CustomerImageFieldsFragmentDoc = new TypedDocumentString(`
    fragment CustomerImageFields on CustomerImage {
  id
  customerId
  kind
  kindLabel
  status
  takenAt
  receivedAt
  processedAt
  latitude
  longitude
  accuracyM
  deviceId
  uploadedByNo
  uploadedBy {
    id
    name
    employeeNo
  }
  width
  height
  originalSha256
  resultSha256
  keyId
  c2pa
  failure
  deletedAt
  deleteReason
  purgedAt
  url
  thumbnailUrl
}
    `, {"fragmentName":"CustomerImageFields"}) as unknown as TypedDocumentString<CustomerImageFieldsFragment, unknown>;
export const ApplicationTaskFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApplicationTaskFields on ApprovalTask {
  id
  elementId
  name
  status
  outcome
  createdAt
  dueAt
  completedAt
  overdue
  claimedBy {
    id
    name
  }
  viewerCan {
    claim
    release
    decide
  }
  delegates {
    id
    name
    employeeNo
  }
}
    `, {"fragmentName":"ApplicationTaskFields"}) as unknown as TypedDocumentString<ApplicationTaskFieldsFragment, unknown>;
export const QuotaFieldsFragmentDoc = new TypedDocumentString(`
    fragment QuotaFields on Quota {
  id
  productCode
  status
  amount
  usedAmount
  availableAmount
  term
  rate
  repaymentMethod
  validFrom
  validTo
  createdAt
  updatedAt
}
    `, {"fragmentName":"QuotaFields"}) as unknown as TypedDocumentString<QuotaFieldsFragment, unknown>;
export const ApplicationDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApplicationDetailFields on Application {
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
  score
  grade
  recommendedQuota
  sampled
  approvedAmount
  approvedTerm
  rate
  createdAt
  updatedAt
  decidedAt
  customer {
    id
    name
  }
  rating {
    ...RatingFields
  }
  product {
    id
    name
    code
    version
    terms
    repaymentMethods
    amountMin
    amountMax
    rateMin
    rateMax
  }
  applicant {
    id
    name
    employeeNo
  }
  branch {
    id
    name
  }
  attachments {
    ...CustomerImageFields
  }
  process {
    definition {
      id
      key
      name
      version
    }
    bpmnXml
    currentElements
    completedElements
  }
  history {
    id
    action
    elementId
    elementName
    amount
    term
    rate
    comment
    at
    system
    actor {
      id
      name
      username
    }
    toUser {
      id
      name
    }
  }
  tasks {
    ...ApplicationTaskFields
  }
  quota {
    ...QuotaFields
  }
  viewerCan {
    resubmit
    withdraw
  }
}
    fragment RatingFields on Rating {
  score
  grade
  gradeLabel
  card {
    id
    name
    version
    province
    maxScore
  }
  items {
    code
    label
    value
    bin
    points
    maxPoints
  }
  reasons
  vetoes
  vetoReasons
  recommendedQuota
  ratedAt
}
fragment CustomerImageFields on CustomerImage {
  id
  customerId
  kind
  kindLabel
  status
  takenAt
  receivedAt
  processedAt
  latitude
  longitude
  accuracyM
  deviceId
  uploadedByNo
  uploadedBy {
    id
    name
    employeeNo
  }
  width
  height
  originalSha256
  resultSha256
  keyId
  c2pa
  failure
  deletedAt
  deleteReason
  purgedAt
  url
  thumbnailUrl
}
fragment ApplicationTaskFields on ApprovalTask {
  id
  elementId
  name
  status
  outcome
  createdAt
  dueAt
  completedAt
  overdue
  claimedBy {
    id
    name
  }
  viewerCan {
    claim
    release
    decide
  }
  delegates {
    id
    name
    employeeNo
  }
}
fragment QuotaFields on Quota {
  id
  productCode
  status
  amount
  usedAmount
  availableAmount
  term
  rate
  repaymentMethod
  validFrom
  validTo
  createdAt
  updatedAt
}`, {"fragmentName":"ApplicationDetailFields"}) as unknown as TypedDocumentString<ApplicationDetailFieldsFragment, unknown>;
export const ApplicationPayloadFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApplicationPayloadFields on ApplicationPayload {
  application {
    id
    number
    status
  }
  errors {
    field
    code
    message
    messageEn
  }
}
    `, {"fragmentName":"ApplicationPayloadFields"}) as unknown as TypedDocumentString<ApplicationPayloadFieldsFragment, unknown>;
export const TaskPayloadFieldsFragmentDoc = new TypedDocumentString(`
    fragment TaskPayloadFields on ApprovalTaskPayload {
  task {
    id
    status
  }
  application {
    id
    status
  }
  errors {
    field
    code
    message
    messageEn
  }
}
    `, {"fragmentName":"TaskPayloadFields"}) as unknown as TypedDocumentString<TaskPayloadFieldsFragment, unknown>;
export const SegmentModelFieldsFragmentDoc = new TypedDocumentString(`
    fragment SegmentModelFields on SegmentModel {
  id
  name
  description
  condition
  expression
  reminder
  fields
  status
  version
  createdAt
  updatedAt
  evaluatedAt
  owner {
    id
    name
    level
  }
  viewerCanEdit
  memberCount
}
    `, {"fragmentName":"SegmentModelFields"}) as unknown as TypedDocumentString<SegmentModelFieldsFragment, unknown>;
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
    id
    name
  }
}
    `, {"fragmentName":"ContactFields"}) as unknown as TypedDocumentString<ContactFieldsFragment, unknown>;
export const ReportFiguresFragmentDoc = new TypedDocumentString(`
    fragment ReportFigures on ReportRow {
  archives
  verified
  evaluated
  precise
  preciseRate
  rated
  quotasActive
  quotaAmount
  quotaUsed
  quotaUseRate
  created
  applications
  decided
  approved
  rejected
  approvalRate
  meanDecisionHours
  approvedAmount
  quotasGranted
  grantedAmount
  reminders
  remindersDone
  contacts
  contactedReminders
  convertedApplications
  convertedQuotas
}
    `, {"fragmentName":"ReportFigures"}) as unknown as TypedDocumentString<ReportFiguresFragment, unknown>;
export const ImportBatchesDocument = new TypedDocumentString(`
    query ImportBatches($first: Int!) {
  importBatches(first: $first) {
    batchId
    status
    running
    fileName
    branchName
    createdByName
    createdAt
    finishedAt
    totalRows
    estimatedRows
    imported
    skipped
    failed
    failure
    errorWorkbookUrl
  }
}
    `) as unknown as TypedDocumentString<ImportBatchesQuery, ImportBatchesQueryVariables>;
export const BankExtraFieldsDocument = new TypedDocumentString(`
    query BankExtraFields {
  extraFieldDefinitions(includeInactive: true) {
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
    active
  }
}
    `) as unknown as TypedDocumentString<BankExtraFieldsQuery, BankExtraFieldsQueryVariables>;
export const DefineExtraFieldDocument = new TypedDocumentString(`
    mutation DefineExtraField($input: ExtraFieldDefinitionInput!) {
  defineExtraField(input: $input) {
    definition {
      code
      labelZh
      kind
      active
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<DefineExtraFieldMutation, DefineExtraFieldMutationVariables>;
export const BankLogoDocument = new TypedDocumentString(`
    query BankLogo {
  bankLogo {
    width
    height
    sha256
    uploadedAt
    dataUrl
  }
}
    `) as unknown as TypedDocumentString<BankLogoQuery, BankLogoQueryVariables>;
export const UploadBankLogoDocument = new TypedDocumentString(`
    mutation UploadBankLogo($file: Upload!) {
  uploadBankLogo(file: $file) {
    logo {
      width
      height
      sha256
      uploadedAt
      dataUrl
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<UploadBankLogoMutation, UploadBankLogoMutationVariables>;
export const RemoveBankLogoDocument = new TypedDocumentString(`
    mutation RemoveBankLogo {
  removeBankLogo {
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<RemoveBankLogoMutation, RemoveBankLogoMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    kind
    roles
    permissions
    searchFilters {
      filter
      allowed
      counted
    }
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
      level
      bankId
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const CustomersDocument = new TypedDocumentString(`
    query Customers($filter: CustomerFilter, $first: Int!, $after: String, $order: ArchiveOrder! = NAME_ASC) {
  customers(filter: $filter, first: $first, after: $after, order: $order) {
    estimatedTotal
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...CustomerListFields
      }
    }
  }
}
    fragment CustomerListFields on Customer {
  id
  version
  name
  idNumber
  mobile
  status
  channel
  gender
  birthDate
  updatedAt
  address {
    regionCode
    regionName
    villageCode
  }
  branch {
    id
    name
  }
  manager {
    id
    name
    employeeNo
  }
  evaluation {
    completeness
    precise
  }
  blacklisted
}`) as unknown as TypedDocumentString<CustomersQuery, CustomersQueryVariables>;
export const CustomersFailingRuleDocument = new TypedDocumentString(`
    query CustomersFailingRule($code: String!, $first: Int!, $after: String, $order: ArchiveOrder! = NAME_ASC) {
  customersFailingRule(code: $code, first: $first, after: $after, order: $order) {
    estimatedTotal
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...CustomerListFields
      }
    }
  }
}
    fragment CustomerListFields on Customer {
  id
  version
  name
  idNumber
  mobile
  status
  channel
  gender
  birthDate
  updatedAt
  address {
    regionCode
    regionName
    villageCode
  }
  branch {
    id
    name
  }
  manager {
    id
    name
    employeeNo
  }
  evaluation {
    completeness
    precise
  }
  blacklisted
}`) as unknown as TypedDocumentString<CustomersFailingRuleQuery, CustomersFailingRuleQueryVariables>;
export const CustomerDocument = new TypedDocumentString(`
    query Customer($id: ID!) {
  customer(id: $id) {
    ...CustomerDetailFields
  }
}
    fragment CustomerDetailFields on Customer {
  id
  version
  status
  channel
  name
  gender
  birthDate
  idNumber
  idExpiry
  idLongTerm
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  returnReasons
  submittedAt
  verifiedAt
  createdAt
  updatedAt
  ecifCustomerNo
  blacklisted
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
    occupation
    annualIncome
    labourCapacity
    idNumber
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
  branch {
    id
    name
    code
  }
  manager {
    id
    name
    employeeNo
  }
  viewerCan {
    edit
    submit
    verify
    returnForRework
    close
    transfer
    uploadImage
    deleteImage
  }
  revealable {
    type
    field
  }
  extraFields {
    code
    definition {
      code
      labelZh
      labelEn
      kind
    }
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
  evaluation {
    completeness
    precise
    evaluatedAt
    violations {
      code
      severity
      origin
      message
      messageEn
      overridable
    }
  }
}`) as unknown as TypedDocumentString<CustomerQuery, CustomerQueryVariables>;
export const CustomerBankBusinessDocument = new TypedDocumentString(`
    query CustomerBankBusiness($id: ID!) {
  customer(id: $id) {
    id
    bankBusiness {
      asOf
      depositBalance
      depositAvg90d
      depositBand
      depositAccounts
      loanBalance
      loanBand
      loanCount
      overdueDays
      maxOverdueDays
      worstClass
      wealthBalance
      wealthBand
      wealthCount
      customerSince
      monthsAsCustomer
      services
      activeServices30d
      trend {
        month
        asOf
        depositBalance
        loanBalance
        depositBand
        loanBand
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerBankBusinessQuery, CustomerBankBusinessQueryVariables>;
export const CustomerRatingDocument = new TypedDocumentString(`
    query CustomerRating($id: ID!) {
  customer(id: $id) {
    id
    rating {
      ...RatingFields
    }
    ratingHistory {
      quarter
      score
      grade
      ratedAt
    }
  }
}
    fragment RatingFields on Rating {
  score
  grade
  gradeLabel
  card {
    id
    name
    version
    province
    maxScore
  }
  items {
    code
    label
    value
    bin
    points
    maxPoints
  }
  reasons
  vetoes
  vetoReasons
  recommendedQuota
  ratedAt
}`) as unknown as TypedDocumentString<CustomerRatingQuery, CustomerRatingQueryVariables>;
export const RateCustomerDocument = new TypedDocumentString(`
    mutation RateCustomer($id: ID!) {
  rateCustomer(id: $id) {
    rating {
      ...RatingFields
    }
    errors {
      code
      field
      message
      messageEn
    }
  }
}
    fragment RatingFields on Rating {
  score
  grade
  gradeLabel
  card {
    id
    name
    version
    province
    maxScore
  }
  items {
    code
    label
    value
    bin
    points
    maxPoints
  }
  reasons
  vetoes
  vetoReasons
  recommendedQuota
  ratedAt
}`) as unknown as TypedDocumentString<RateCustomerMutation, RateCustomerMutationVariables>;
export const CustomerHistoryDocument = new TypedDocumentString(`
    query CustomerHistory($id: ID!) {
  customer(id: $id) {
    id
    history {
      version
      action
      channel
      changedAt
      changedByClient
      note
      changedBy {
        id
        name
        employeeNo
      }
      changes {
        path
        label
        labelEn
        kind
        enumType
        before
        after
        withheld
      }
    }
    assignments {
      assignedAt
      fromManagerId
      toManagerId
      fromBranchId
      toBranchId
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerHistoryQuery, CustomerHistoryQueryVariables>;
export const ExtraFieldDefinitionsDocument = new TypedDocumentString(`
    query ExtraFieldDefinitions {
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
}
    `) as unknown as TypedDocumentString<ExtraFieldDefinitionsQuery, ExtraFieldDefinitionsQueryVariables>;
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
    fragment CustomerDetailFields on Customer {
  id
  version
  status
  channel
  name
  gender
  birthDate
  idNumber
  idExpiry
  idLongTerm
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  returnReasons
  submittedAt
  verifiedAt
  createdAt
  updatedAt
  ecifCustomerNo
  blacklisted
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
    occupation
    annualIncome
    labourCapacity
    idNumber
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
  branch {
    id
    name
    code
  }
  manager {
    id
    name
    employeeNo
  }
  viewerCan {
    edit
    submit
    verify
    returnForRework
    close
    transfer
    uploadImage
    deleteImage
  }
  revealable {
    type
    field
  }
  extraFields {
    code
    definition {
      code
      labelZh
      labelEn
      kind
    }
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
  evaluation {
    completeness
    precise
    evaluatedAt
    violations {
      code
      severity
      origin
      message
      messageEn
      overridable
    }
  }
}
fragment ArchivePayloadFields on ArchivePayload {
  customer {
    ...CustomerDetailFields
  }
  errors {
    field
    code
    message
    messageEn
  }
  warnings {
    code
    message
    messageEn
    relatedIds
  }
  conflict {
    serverVersion
    current {
      ...CustomerDetailFields
    }
  }
  duplicateOf
  violations {
    code
    severity
    origin
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
    fragment CustomerDetailFields on Customer {
  id
  version
  status
  channel
  name
  gender
  birthDate
  idNumber
  idExpiry
  idLongTerm
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  returnReasons
  submittedAt
  verifiedAt
  createdAt
  updatedAt
  ecifCustomerNo
  blacklisted
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
    occupation
    annualIncome
    labourCapacity
    idNumber
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
  branch {
    id
    name
    code
  }
  manager {
    id
    name
    employeeNo
  }
  viewerCan {
    edit
    submit
    verify
    returnForRework
    close
    transfer
    uploadImage
    deleteImage
  }
  revealable {
    type
    field
  }
  extraFields {
    code
    definition {
      code
      labelZh
      labelEn
      kind
    }
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
  evaluation {
    completeness
    precise
    evaluatedAt
    violations {
      code
      severity
      origin
      message
      messageEn
      overridable
    }
  }
}
fragment ArchivePayloadFields on ArchivePayload {
  customer {
    ...CustomerDetailFields
  }
  errors {
    field
    code
    message
    messageEn
  }
  warnings {
    code
    message
    messageEn
    relatedIds
  }
  conflict {
    serverVersion
    current {
      ...CustomerDetailFields
    }
  }
  duplicateOf
  violations {
    code
    severity
    origin
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<UpdateArchiveMutation, UpdateArchiveMutationVariables>;
export const SubmitArchiveDocument = new TypedDocumentString(`
    mutation SubmitArchive($input: ArchiveTransitionInput!) {
  submitArchive(input: $input) {
    ...ArchiveTransitionPayloadFields
  }
}
    fragment CustomerDetailFields on Customer {
  id
  version
  status
  channel
  name
  gender
  birthDate
  idNumber
  idExpiry
  idLongTerm
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  returnReasons
  submittedAt
  verifiedAt
  createdAt
  updatedAt
  ecifCustomerNo
  blacklisted
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
    occupation
    annualIncome
    labourCapacity
    idNumber
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
  branch {
    id
    name
    code
  }
  manager {
    id
    name
    employeeNo
  }
  viewerCan {
    edit
    submit
    verify
    returnForRework
    close
    transfer
    uploadImage
    deleteImage
  }
  revealable {
    type
    field
  }
  extraFields {
    code
    definition {
      code
      labelZh
      labelEn
      kind
    }
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
  evaluation {
    completeness
    precise
    evaluatedAt
    violations {
      code
      severity
      origin
      message
      messageEn
      overridable
    }
  }
}
fragment ArchiveTransitionPayloadFields on ArchiveTransitionPayload {
  customer {
    ...CustomerDetailFields
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
      ...CustomerDetailFields
    }
  }
  violations {
    code
    severity
    origin
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<SubmitArchiveMutation, SubmitArchiveMutationVariables>;
export const VerifyArchiveDocument = new TypedDocumentString(`
    mutation VerifyArchive($input: ArchiveTransitionInput!) {
  verifyArchive(input: $input) {
    customer {
      ...CustomerDetailFields
    }
    errors {
      field
      code
      message
      messageEn
    }
    violations {
      code
      severity
      origin
      message
      messageEn
    }
  }
}
    fragment CustomerDetailFields on Customer {
  id
  version
  status
  channel
  name
  gender
  birthDate
  idNumber
  idExpiry
  idLongTerm
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  returnReasons
  submittedAt
  verifiedAt
  createdAt
  updatedAt
  ecifCustomerNo
  blacklisted
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
    occupation
    annualIncome
    labourCapacity
    idNumber
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
  branch {
    id
    name
    code
  }
  manager {
    id
    name
    employeeNo
  }
  viewerCan {
    edit
    submit
    verify
    returnForRework
    close
    transfer
    uploadImage
    deleteImage
  }
  revealable {
    type
    field
  }
  extraFields {
    code
    definition {
      code
      labelZh
      labelEn
      kind
    }
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
  evaluation {
    completeness
    precise
    evaluatedAt
    violations {
      code
      severity
      origin
      message
      messageEn
      overridable
    }
  }
}`) as unknown as TypedDocumentString<VerifyArchiveMutation, VerifyArchiveMutationVariables>;
export const CustomerVerificationDocument = new TypedDocumentString(`
    query CustomerVerification($id: ID!) {
  customer(id: $id) {
    id
    version
    status
    manager {
      id
    }
    branch {
      id
    }
    verification {
      canVerify
      needsOverride
      overrideAllowed
      batchAllowed
      blockers {
        field
        code
        message
        messageEn
      }
      violations {
        code
        severity
        origin
        message
        messageEn
        overridable
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerVerificationQuery, CustomerVerificationQueryVariables>;
export const ReviewInboxDocument = new TypedDocumentString(`
    query ReviewInbox($first: Int!, $after: String, $order: TimeOrder! = TIME_ASC) {
  reviewInbox(first: $first, after: $after, order: $order) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        version
        name
        submittedAt
        branch {
          id
          name
        }
        manager {
          id
          name
          employeeNo
        }
        evaluation {
          completeness
          violations {
            code
            severity
          }
        }
        verification {
          batchAllowed
          blockers {
            code
            message
            messageEn
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ReviewInboxQuery, ReviewInboxQueryVariables>;
export const ReviewInboxCountDocument = new TypedDocumentString(`
    query ReviewInboxCount {
  reviewInbox(first: 1) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<ReviewInboxCountQuery, ReviewInboxCountQueryVariables>;
export const VerifyArchivesDocument = new TypedDocumentString(`
    mutation VerifyArchives($input: VerifyArchivesInput!) {
  verifyArchives(input: $input) {
    verified {
      id
      name
      status
    }
    failed {
      id
      errors {
        field
        code
        message
        messageEn
      }
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<VerifyArchivesMutation, VerifyArchivesMutationVariables>;
export const ReturnArchiveDocument = new TypedDocumentString(`
    mutation ReturnArchive($input: ArchiveTransitionInput!) {
  returnArchive(input: $input) {
    ...ArchiveTransitionPayloadFields
  }
}
    fragment CustomerDetailFields on Customer {
  id
  version
  status
  channel
  name
  gender
  birthDate
  idNumber
  idExpiry
  idLongTerm
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  returnReasons
  submittedAt
  verifiedAt
  createdAt
  updatedAt
  ecifCustomerNo
  blacklisted
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
    occupation
    annualIncome
    labourCapacity
    idNumber
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
  branch {
    id
    name
    code
  }
  manager {
    id
    name
    employeeNo
  }
  viewerCan {
    edit
    submit
    verify
    returnForRework
    close
    transfer
    uploadImage
    deleteImage
  }
  revealable {
    type
    field
  }
  extraFields {
    code
    definition {
      code
      labelZh
      labelEn
      kind
    }
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
  evaluation {
    completeness
    precise
    evaluatedAt
    violations {
      code
      severity
      origin
      message
      messageEn
      overridable
    }
  }
}
fragment ArchiveTransitionPayloadFields on ArchiveTransitionPayload {
  customer {
    ...CustomerDetailFields
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
      ...CustomerDetailFields
    }
  }
  violations {
    code
    severity
    origin
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<ReturnArchiveMutation, ReturnArchiveMutationVariables>;
export const CloseArchiveDocument = new TypedDocumentString(`
    mutation CloseArchive($input: ArchiveTransitionInput!) {
  closeArchive(input: $input) {
    ...ArchiveTransitionPayloadFields
  }
}
    fragment CustomerDetailFields on Customer {
  id
  version
  status
  channel
  name
  gender
  birthDate
  idNumber
  idExpiry
  idLongTerm
  ethnicity
  education
  maritalStatus
  health
  mobile
  altPhone
  returnReasons
  submittedAt
  verifiedAt
  createdAt
  updatedAt
  ecifCustomerNo
  blacklisted
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
    occupation
    annualIncome
    labourCapacity
    idNumber
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
  branch {
    id
    name
    code
  }
  manager {
    id
    name
    employeeNo
  }
  viewerCan {
    edit
    submit
    verify
    returnForRework
    close
    transfer
    uploadImage
    deleteImage
  }
  revealable {
    type
    field
  }
  extraFields {
    code
    definition {
      code
      labelZh
      labelEn
      kind
    }
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
  evaluation {
    completeness
    precise
    evaluatedAt
    violations {
      code
      severity
      origin
      message
      messageEn
      overridable
    }
  }
}
fragment ArchiveTransitionPayloadFields on ArchiveTransitionPayload {
  customer {
    ...CustomerDetailFields
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
      ...CustomerDetailFields
    }
  }
  violations {
    code
    severity
    origin
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<CloseArchiveMutation, CloseArchiveMutationVariables>;
export const TransferArchivesDocument = new TypedDocumentString(`
    mutation TransferArchives($input: TransferArchivesInput!) {
  transferArchives(input: $input) {
    moved
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<TransferArchivesMutation, TransferArchivesMutationVariables>;
export const RevealDocument = new TypedDocumentString(`
    mutation Reveal($input: RevealInput!) {
  reveal(input: $input) {
    value
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<RevealMutation, RevealMutationVariables>;
export const AuditRecordsDocument = new TypedDocumentString(`
    query AuditRecords($first: Int!, $after: String, $action: String, $targetType: String, $targetId: String, $actorUsername: String, $order: TimeOrder! = TIME_DESC) {
  auditRecords(
    first: $first
    after: $after
    action: $action
    targetType: $targetType
    targetId: $targetId
    actorUsername: $actorUsername
    order: $order
  ) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        occurredAt
        action
        actorUserId
        actorUsername
        actorClientId
        targetType
        targetId
        targetField
        detail
        requestId
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AuditRecordsQuery, AuditRecordsQueryVariables>;
export const OrgUnitsDocument = new TypedDocumentString(`
    query OrgUnits($rootId: ID) {
  orgUnits(rootId: $rootId) {
    id
    code
    name
    level
    status
    parentId
    bankId
    depth
  }
}
    `) as unknown as TypedDocumentString<OrgUnitsQuery, OrgUnitsQueryVariables>;
export const StaffUsersDocument = new TypedDocumentString(`
    query StaffUsers($first: Int!, $after: String, $orgUnitId: ID, $status: StaffStatus, $role: Role, $search: String) {
  staffUsers(
    first: $first
    after: $after
    orgUnitId: $orgUnitId
    status: $status
    role: $role
    search: $search
  ) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        username
        employeeNo
        name
        roles
        status
        createdAt
        phone
        lockedUntil
        orgUnit {
          id
          name
          code
          level
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StaffUsersQuery, StaffUsersQueryVariables>;
export const CreateOrgUnitDocument = new TypedDocumentString(`
    mutation CreateOrgUnit($input: CreateOrgUnitInput!) {
  createOrgUnit(input: $input) {
    orgUnit {
      id
      code
      name
      level
      status
      parentId
      bankId
      depth
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<CreateOrgUnitMutation, CreateOrgUnitMutationVariables>;
export const UpdateOrgUnitDocument = new TypedDocumentString(`
    mutation UpdateOrgUnit($input: UpdateOrgUnitInput!) {
  updateOrgUnit(input: $input) {
    orgUnit {
      id
      code
      name
      level
      status
      parentId
      bankId
      depth
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateOrgUnitMutation, UpdateOrgUnitMutationVariables>;
export const CreateStaffUserDocument = new TypedDocumentString(`
    mutation CreateStaffUser($input: CreateStaffUserInput!) {
  createStaffUser(input: $input) {
    user {
      id
      username
      name
      roles
      status
    }
    pendingChange {
      id
      status
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<CreateStaffUserMutation, CreateStaffUserMutationVariables>;
export const SetStaffUserStatusDocument = new TypedDocumentString(`
    mutation SetStaffUserStatus($input: SetStaffUserStatusInput!) {
  setStaffUserStatus(input: $input) {
    user {
      id
      status
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<SetStaffUserStatusMutation, SetStaffUserStatusMutationVariables>;
export const SetStaffUserRolesDocument = new TypedDocumentString(`
    mutation SetStaffUserRoles($input: SetStaffUserRolesInput!) {
  setStaffUserRoles(input: $input) {
    user {
      id
      roles
    }
    pendingChange {
      id
      status
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<SetStaffUserRolesMutation, SetStaffUserRolesMutationVariables>;
export const ResetStaffUserPasswordDocument = new TypedDocumentString(`
    mutation ResetStaffUserPassword($input: ResetStaffUserPasswordInput!) {
  resetStaffUserPassword(input: $input) {
    user {
      id
      lockedUntil
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<ResetStaffUserPasswordMutation, ResetStaffUserPasswordMutationVariables>;
export const UnlockStaffUserDocument = new TypedDocumentString(`
    mutation UnlockStaffUser($input: UnlockStaffUserInput!) {
  unlockStaffUser(input: $input) {
    user {
      id
      lockedUntil
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<UnlockStaffUserMutation, UnlockStaffUserMutationVariables>;
export const UpdateStaffUserDocument = new TypedDocumentString(`
    mutation UpdateStaffUser($input: UpdateStaffUserInput!) {
  updateStaffUser(input: $input) {
    user {
      id
      name
      phone
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateStaffUserMutation, UpdateStaffUserMutationVariables>;
export const MoveStaffUserDocument = new TypedDocumentString(`
    mutation MoveStaffUser($input: MoveStaffUserInput!) {
  moveStaffUser(input: $input) {
    user {
      id
      orgUnit {
        id
        name
        code
        level
      }
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<MoveStaffUserMutation, MoveStaffUserMutationVariables>;
export const RuleFieldCatalogDocument = new TypedDocumentString(`
    query RuleFieldCatalog {
  ruleFields {
    path
    label
    type
    presenceOnly
  }
}
    `) as unknown as TypedDocumentString<RuleFieldCatalogQuery, RuleFieldCatalogQueryVariables>;
export const RuleSetsDocument = new TypedDocumentString(`
    query RuleSets($scope: RuleScope, $includeSuperseded: Boolean!) {
  ruleSets(scope: $scope, includeSuperseded: $includeSuperseded) {
    id
    scope
    bankId
    version
    status
    name
    effectiveFrom
    publishedAt
    rules {
      ...RuleFields
    }
  }
}
    fragment RuleFields on Rule {
  code
  kind
  severity
  enabled
  messageZh
  messageEn
  params
  segment
  overrides
  overridable
  position
}`) as unknown as TypedDocumentString<RuleSetsQuery, RuleSetsQueryVariables>;
export const SaveRuleSetDocument = new TypedDocumentString(`
    mutation SaveRuleSet($input: SaveRuleSetInput!) {
  saveRuleSet(input: $input) {
    ruleSet {
      id
      scope
      bankId
      version
      status
      name
      effectiveFrom
      publishedAt
      rules {
        ...RuleFields
      }
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment RuleFields on Rule {
  code
  kind
  severity
  enabled
  messageZh
  messageEn
  params
  segment
  overrides
  overridable
  position
}`) as unknown as TypedDocumentString<SaveRuleSetMutation, SaveRuleSetMutationVariables>;
export const DryRunRuleSetDocument = new TypedDocumentString(`
    mutation DryRunRuleSet($id: ID!, $sample: Int) {
  dryRunRuleSet(id: $id, sample: $sample) {
    report {
      archives
      sampled
      newlyFailing
      newlyPassing
      preciseBefore
      preciseAfter
      byRule {
        code
        severity
        message
        messageEn
        newlyFailing
        newlyPassing
        failing
      }
      byBranch {
        branchId
        branchName
        archives
        newlyFailing
        newlyPassing
        preciseBefore
        preciseAfter
      }
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<DryRunRuleSetMutation, DryRunRuleSetMutationVariables>;
export const PublishRuleSetDocument = new TypedDocumentString(`
    mutation PublishRuleSet($id: ID!) {
  publishRuleSet(id: $id) {
    ruleSet {
      id
      status
      version
      publishedAt
    }
    run {
      id
      status
      total
      done
    }
    pendingChange {
      id
      status
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<PublishRuleSetMutation, PublishRuleSetMutationVariables>;
export const PendingChangesDocument = new TypedDocumentString(`
    query PendingChanges($status: ChangeStatus, $first: Int!, $after: String, $order: TimeOrder! = TIME_DESC) {
  pendingChanges(status: $status, first: $first, after: $after, order: $order) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...PendingChangeFields
      }
    }
  }
}
    fragment PendingChangeFields on PendingChange {
  id
  kind
  status
  targetType
  targetId
  requestedAt
  decidedAt
  decisionNote
  username
  name
  roles
  previousRoles
  ruleSetVersion
  ruleSetScope
  scorecardVersion
  scorecardScope
  scorecardBank
  requestedBy {
    id
    name
    username
  }
  decidedBy {
    id
    name
    username
  }
  viewerCanDecide
  viewerIsRequester
  evaluationRun {
    ...EvaluationRunFields
  }
}
fragment EvaluationRunFields on EvaluationRun {
  id
  status
  total
  done
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<PendingChangesQuery, PendingChangesQueryVariables>;
export const ApprovePendingChangeDocument = new TypedDocumentString(`
    mutation ApprovePendingChange($id: ID!) {
  approvePendingChange(id: $id) {
    ...PendingChangePayloadFields
  }
}
    fragment PendingChangeFields on PendingChange {
  id
  kind
  status
  targetType
  targetId
  requestedAt
  decidedAt
  decisionNote
  username
  name
  roles
  previousRoles
  ruleSetVersion
  ruleSetScope
  scorecardVersion
  scorecardScope
  scorecardBank
  requestedBy {
    id
    name
    username
  }
  decidedBy {
    id
    name
    username
  }
  viewerCanDecide
  viewerIsRequester
  evaluationRun {
    ...EvaluationRunFields
  }
}
fragment PendingChangePayloadFields on PendingChangePayload {
  change {
    ...PendingChangeFields
  }
  errors {
    field
    code
    message
    messageEn
  }
}
fragment EvaluationRunFields on EvaluationRun {
  id
  status
  total
  done
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<ApprovePendingChangeMutation, ApprovePendingChangeMutationVariables>;
export const RejectPendingChangeDocument = new TypedDocumentString(`
    mutation RejectPendingChange($input: RejectPendingChangeInput!) {
  rejectPendingChange(input: $input) {
    ...PendingChangePayloadFields
  }
}
    fragment PendingChangeFields on PendingChange {
  id
  kind
  status
  targetType
  targetId
  requestedAt
  decidedAt
  decisionNote
  username
  name
  roles
  previousRoles
  ruleSetVersion
  ruleSetScope
  scorecardVersion
  scorecardScope
  scorecardBank
  requestedBy {
    id
    name
    username
  }
  decidedBy {
    id
    name
    username
  }
  viewerCanDecide
  viewerIsRequester
  evaluationRun {
    ...EvaluationRunFields
  }
}
fragment PendingChangePayloadFields on PendingChangePayload {
  change {
    ...PendingChangeFields
  }
  errors {
    field
    code
    message
    messageEn
  }
}
fragment EvaluationRunFields on EvaluationRun {
  id
  status
  total
  done
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<RejectPendingChangeMutation, RejectPendingChangeMutationVariables>;
export const CancelPendingChangeDocument = new TypedDocumentString(`
    mutation CancelPendingChange($id: ID!) {
  cancelPendingChange(id: $id) {
    ...PendingChangePayloadFields
  }
}
    fragment PendingChangeFields on PendingChange {
  id
  kind
  status
  targetType
  targetId
  requestedAt
  decidedAt
  decisionNote
  username
  name
  roles
  previousRoles
  ruleSetVersion
  ruleSetScope
  scorecardVersion
  scorecardScope
  scorecardBank
  requestedBy {
    id
    name
    username
  }
  decidedBy {
    id
    name
    username
  }
  viewerCanDecide
  viewerIsRequester
  evaluationRun {
    ...EvaluationRunFields
  }
}
fragment PendingChangePayloadFields on PendingChangePayload {
  change {
    ...PendingChangeFields
  }
  errors {
    field
    code
    message
    messageEn
  }
}
fragment EvaluationRunFields on EvaluationRun {
  id
  status
  total
  done
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<CancelPendingChangeMutation, CancelPendingChangeMutationVariables>;
export const EvaluationRunDocument = new TypedDocumentString(`
    query EvaluationRun($id: ID!) {
  evaluationRun(id: $id) {
    ...EvaluationRunFields
  }
}
    fragment EvaluationRunFields on EvaluationRun {
  id
  status
  total
  done
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<EvaluationRunQuery, EvaluationRunQueryVariables>;
export const ArchiveStatisticsDocument = new TypedDocumentString(`
    query ArchiveStatistics($orgUnitId: ID) {
  archiveStatistics(orgUnitId: $orgUnitId) {
    unit {
      ...UnitStatisticsFields
    }
    children {
      ...UnitStatisticsFields
    }
    managers {
      manager {
        id
        name
      }
      archives
      evaluated
      complete
      precise
      preciseRate
    }
  }
}
    fragment UnitStatisticsFields on OrgUnitStatistics {
  orgUnit {
    id
    name
    code
    level
  }
  archives
  evaluated
  complete
  precise
  preciseRate
  topFailingRules {
    code
    severity
    count
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<ArchiveStatisticsQuery, ArchiveStatisticsQueryVariables>;
export const ImportArchivesDocument = new TypedDocumentString(`
    mutation ImportArchives($file: Upload!, $branchId: ID!, $manager: String) {
  importArchives(file: $file, branchId: $branchId, managerEmployeeNo: $manager) {
    ...ImportReportFields
  }
}
    fragment ImportReportFields on ImportReport {
  batchId
  status
  fileName
  totalRows
  imported
  skipped
  failed
  repeated
  createdAt
  failure
  errorWorkbookUrl
  running
  estimatedRows
  finishedAt
  branchName
  createdByName
  fileErrors {
    field
    code
    message
    messageEn
  }
  errors(first: 200) {
    row
    column
    code
    message
    messageEn
  }
  skips(first: 200) {
    row
    column
    code
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<ImportArchivesMutation, ImportArchivesMutationVariables>;
export const ImportBatchDocument = new TypedDocumentString(`
    query ImportBatch($id: ID!) {
  importBatch(id: $id) {
    ...ImportReportFields
  }
}
    fragment ImportReportFields on ImportReport {
  batchId
  status
  fileName
  totalRows
  imported
  skipped
  failed
  repeated
  createdAt
  failure
  errorWorkbookUrl
  running
  estimatedRows
  finishedAt
  branchName
  createdByName
  fileErrors {
    field
    code
    message
    messageEn
  }
  errors(first: 200) {
    row
    column
    code
    message
    messageEn
  }
  skips(first: 200) {
    row
    column
    code
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<ImportBatchQuery, ImportBatchQueryVariables>;
export const ArchiveTrendDocument = new TypedDocumentString(`
    query ArchiveTrend($orgUnitId: ID, $months: Int!) {
  archiveTrend(orgUnitId: $orgUnitId, months: $months) {
    month
    channel
    archives
  }
}
    `) as unknown as TypedDocumentString<ArchiveTrendQuery, ArchiveTrendQueryVariables>;
export const CustomerImagesDocument = new TypedDocumentString(`
    query CustomerImages($id: ID!, $includeDeleted: Boolean!) {
  customer(id: $id) {
    id
    viewerCan {
      deleteImage
    }
    images(includeDeleted: $includeDeleted) {
      ...CustomerImageFields
    }
  }
}
    fragment CustomerImageFields on CustomerImage {
  id
  customerId
  kind
  kindLabel
  status
  takenAt
  receivedAt
  processedAt
  latitude
  longitude
  accuracyM
  deviceId
  uploadedByNo
  uploadedBy {
    id
    name
    employeeNo
  }
  width
  height
  originalSha256
  resultSha256
  keyId
  c2pa
  failure
  deletedAt
  deleteReason
  purgedAt
  url
  thumbnailUrl
}`) as unknown as TypedDocumentString<CustomerImagesQuery, CustomerImagesQueryVariables>;
export const UploadImageDocument = new TypedDocumentString(`
    mutation UploadImage($input: UploadImageInput!, $file: Upload!) {
  uploadImage(input: $input, file: $file) {
    image {
      id
      kind
      status
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
    `) as unknown as TypedDocumentString<UploadImageMutation, UploadImageMutationVariables>;
export const DeleteImageDocument = new TypedDocumentString(`
    mutation DeleteImage($id: ID!, $reason: String!) {
  deleteImage(id: $id, reason: $reason) {
    image {
      id
      deletedAt
      deleteReason
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteImageMutation, DeleteImageMutationVariables>;
export const VerifyImageDocument = new TypedDocumentString(`
    mutation VerifyImage($file: Upload!) {
  verifyImage(file: $file) {
    verdict
    reason
    details
    errors {
      field
      code
      message
      messageEn
    }
    image {
      ...CustomerImageFields
      signature
      manifest
    }
  }
}
    fragment CustomerImageFields on CustomerImage {
  id
  customerId
  kind
  kindLabel
  status
  takenAt
  receivedAt
  processedAt
  latitude
  longitude
  accuracyM
  deviceId
  uploadedByNo
  uploadedBy {
    id
    name
    employeeNo
  }
  width
  height
  originalSha256
  resultSha256
  keyId
  c2pa
  failure
  deletedAt
  deleteReason
  purgedAt
  url
  thumbnailUrl
}`) as unknown as TypedDocumentString<VerifyImageMutation, VerifyImageMutationVariables>;
export const WarehouseImportsDocument = new TypedDocumentString(`
    query WarehouseImports($first: Int!, $after: String, $rejects: Int!, $order: TimeOrder! = TIME_DESC) {
  warehouseImports(first: $first, after: $after, order: $order) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        bankId
        subject
        businessDate
        source
        fileName
        encoding
        status
        recordCount
        importedCount
        rejectedCount
        unmatchedCount
        errorCode
        errorMessage
        errorMessageEn
        startedBy
        startedAt
        finishedAt
        rejects(first: $rejects) {
          lineNo
          code
          field
          message
          messageEn
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WarehouseImportsQuery, WarehouseImportsQueryVariables>;
export const ScorecardsDocument = new TypedDocumentString(`
    query Scorecards($includeSuperseded: Boolean!) {
  scorecards(includeSuperseded: $includeSuperseded) {
    ...ScorecardFields
  }
}
    fragment ScorecardFields on Scorecard {
  id
  name
  version
  status
  province
  bankId
  basePoints
  maxScore
  createdBy
  createdAt
  approvedBy
  publishedAt
  bank {
    id
    name
  }
  items {
    code
    label
    variable
    variableLabel
    kind
    maxPoints
    bins {
      label
      points
      min
      max
      values
      missing
    }
  }
  grades {
    code
    label
    min
    quotaCap
    incomeMultiple
    watch
  }
  vetoes
  pendingChange {
    id
    status
    requestedAt
    viewerIsRequester
    viewerCanDecide
    requestedBy {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ScorecardsQuery, ScorecardsQueryVariables>;
export const ScorecardDocument = new TypedDocumentString(`
    query Scorecard($id: ID!) {
  scorecard(id: $id) {
    ...ScorecardFields
  }
}
    fragment ScorecardFields on Scorecard {
  id
  name
  version
  status
  province
  bankId
  basePoints
  maxScore
  createdBy
  createdAt
  approvedBy
  publishedAt
  bank {
    id
    name
  }
  items {
    code
    label
    variable
    variableLabel
    kind
    maxPoints
    bins {
      label
      points
      min
      max
      values
      missing
    }
  }
  grades {
    code
    label
    min
    quotaCap
    incomeMultiple
    watch
  }
  vetoes
  pendingChange {
    id
    status
    requestedAt
    viewerIsRequester
    viewerCanDecide
    requestedBy {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ScorecardQuery, ScorecardQueryVariables>;
export const ScorecardVariablesDocument = new TypedDocumentString(`
    query ScorecardVariables {
  scorecardVariables {
    path
    label
    numeric
  }
}
    `) as unknown as TypedDocumentString<ScorecardVariablesQuery, ScorecardVariablesQueryVariables>;
export const SaveScorecardDocument = new TypedDocumentString(`
    mutation SaveScorecard($input: SaveScorecardInput!) {
  saveScorecard(input: $input) {
    scorecard {
      ...ScorecardFields
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment ScorecardFields on Scorecard {
  id
  name
  version
  status
  province
  bankId
  basePoints
  maxScore
  createdBy
  createdAt
  approvedBy
  publishedAt
  bank {
    id
    name
  }
  items {
    code
    label
    variable
    variableLabel
    kind
    maxPoints
    bins {
      label
      points
      min
      max
      values
      missing
    }
  }
  grades {
    code
    label
    min
    quotaCap
    incomeMultiple
    watch
  }
  vetoes
  pendingChange {
    id
    status
    requestedAt
    viewerIsRequester
    viewerCanDecide
    requestedBy {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<SaveScorecardMutation, SaveScorecardMutationVariables>;
export const DryRunScorecardDocument = new TypedDocumentString(`
    mutation DryRunScorecard($id: ID!, $sample: Int) {
  dryRunScorecard(id: $id, sample: $sample) {
    report {
      archives
      sampled
      banks
      meanInForce
      meanDraft
      upgraded
      downgraded
      newlyVetoed
      inForce {
        id
        name
        version
        province
      }
      grades {
        grade
        label
        inForce
        draft
      }
      bands {
        fromScore
        inForce
        draft
      }
      moves {
        fromGrade
        toGrade
        count
      }
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<DryRunScorecardMutation, DryRunScorecardMutationVariables>;
export const DeleteScorecardDocument = new TypedDocumentString(`
    mutation DeleteScorecard($id: ID!) {
  deleteScorecard(id: $id) {
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteScorecardMutation, DeleteScorecardMutationVariables>;
export const RequestScorecardPublishDocument = new TypedDocumentString(`
    mutation RequestScorecardPublish($id: ID!) {
  requestScorecardPublish(id: $id) {
    scorecard {
      ...ScorecardFields
    }
    change {
      id
      status
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment ScorecardFields on Scorecard {
  id
  name
  version
  status
  province
  bankId
  basePoints
  maxScore
  createdBy
  createdAt
  approvedBy
  publishedAt
  bank {
    id
    name
  }
  items {
    code
    label
    variable
    variableLabel
    kind
    maxPoints
    bins {
      label
      points
      min
      max
      values
      missing
    }
  }
  grades {
    code
    label
    min
    quotaCap
    incomeMultiple
    watch
  }
  vetoes
  pendingChange {
    id
    status
    requestedAt
    viewerIsRequester
    viewerCanDecide
    requestedBy {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<RequestScorecardPublishMutation, RequestScorecardPublishMutationVariables>;
export const RatingMigrationDocument = new TypedDocumentString(`
    query RatingMigration($orgUnitId: ID!, $fromQuarter: String!, $toQuarter: String!) {
  ratingMigration(
    orgUnitId: $orgUnitId
    fromQuarter: $fromQuarter
    toQuarter: $toQuarter
  ) {
    fromGrade
    toGrade
    count
  }
}
    `) as unknown as TypedDocumentString<RatingMigrationQuery, RatingMigrationQueryVariables>;
export const RatingDistributionDocument = new TypedDocumentString(`
    query RatingDistribution($orgUnitId: ID!, $quarter: String!) {
  ratingDistribution(orgUnitId: $orgUnitId, quarter: $quarter) {
    orgUnit {
      id
      name
      code
      level
    }
    total
    grades {
      grade
      count
    }
  }
}
    `) as unknown as TypedDocumentString<RatingDistributionQuery, RatingDistributionQueryVariables>;
export const RatingWarningsDocument = new TypedDocumentString(`
    query RatingWarnings($orgUnitId: ID, $quarter: String, $mine: Boolean!, $first: Int!) {
  ratingWarnings(
    orgUnitId: $orgUnitId
    quarter: $quarter
    mine: $mine
    first: $first
  ) {
    customerId
    quarter
    kind
    fromGrade
    toGrade
    newVetoes
    managerId
    customer {
      id
      name
      branch {
        id
        name
      }
      manager {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RatingWarningsQuery, RatingWarningsQueryVariables>;
export const ProductsDocument = new TypedDocumentString(`
    query Products($includeRetired: Boolean!) {
  products(includeRetired: $includeRetired) {
    ...ProductFields
  }
}
    fragment ProductFields on Product {
  id
  code
  version
  status
  name
  description
  amountMin
  amountMax
  terms
  rateMin
  rateMax
  repaymentMethods
  channels
  sampleRate
  validFrom
  validTo
  createdBy
  createdAt
  eligibility {
    preciseArchive
    minGrade
    noVeto
    ageMin
    ageMax
    regions
  }
  processes {
    maxAmount
    processKey
  }
  bank {
    id
    name
    code
  }
}`) as unknown as TypedDocumentString<ProductsQuery, ProductsQueryVariables>;
export const SaveProductDocument = new TypedDocumentString(`
    mutation SaveProduct($input: ProductInput!) {
  saveProduct(input: $input) {
    product {
      ...ProductFields
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment ProductFields on Product {
  id
  code
  version
  status
  name
  description
  amountMin
  amountMax
  terms
  rateMin
  rateMax
  repaymentMethods
  channels
  sampleRate
  validFrom
  validTo
  createdBy
  createdAt
  eligibility {
    preciseArchive
    minGrade
    noVeto
    ageMin
    ageMax
    regions
  }
  processes {
    maxAmount
    processKey
  }
  bank {
    id
    name
    code
  }
}`) as unknown as TypedDocumentString<SaveProductMutation, SaveProductMutationVariables>;
export const RetireProductDocument = new TypedDocumentString(`
    mutation RetireProduct($id: ID!) {
  retireProduct(id: $id) {
    product {
      id
      status
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    `) as unknown as TypedDocumentString<RetireProductMutation, RetireProductMutationVariables>;
export const ProcessDefinitionsDocument = new TypedDocumentString(`
    query ProcessDefinitions($includeSuperseded: Boolean!) {
  processDefinitions(includeSuperseded: $includeSuperseded) {
    ...ProcessDefinitionFields
  }
}
    fragment ProcessDefinitionFields on ProcessDefinition {
  id
  key
  version
  status
  name
  template
  createdBy
  createdAt
  bank {
    id
    name
    code
  }
  lanes {
    name
    role
    level
  }
  tasks {
    id
    name
    lane
  }
  timers {
    id
    name
    task
    duration
    interrupting
  }
}`) as unknown as TypedDocumentString<ProcessDefinitionsQuery, ProcessDefinitionsQueryVariables>;
export const ProcessDefinitionXmlDocument = new TypedDocumentString(`
    query ProcessDefinitionXml($id: ID!) {
  processDefinition(id: $id) {
    id
    key
    name
    version
    bpmnXml
  }
}
    `) as unknown as TypedDocumentString<ProcessDefinitionXmlQuery, ProcessDefinitionXmlQueryVariables>;
export const UploadProcessDocument = new TypedDocumentString(`
    mutation UploadProcess($input: UploadProcessInput!) {
  uploadProcess(input: $input) {
    process {
      ...ProcessDefinitionFields
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment ProcessDefinitionFields on ProcessDefinition {
  id
  key
  version
  status
  name
  template
  createdBy
  createdAt
  bank {
    id
    name
    code
  }
  lanes {
    name
    role
    level
  }
  tasks {
    id
    name
    lane
  }
  timers {
    id
    name
    task
    duration
    interrupting
  }
}`) as unknown as TypedDocumentString<UploadProcessMutation, UploadProcessMutationVariables>;
export const ApplicationCheckDocument = new TypedDocumentString(`
    query ApplicationCheck($customerId: ID!, $productId: ID!) {
  applicationCheck(
    customerId: $customerId
    productId: $productId
    channel: BRANCH
  ) {
    eligible
    reasons {
      code
      message
      messageEn
    }
    recommendedQuota
    rating {
      score
      grade
      gradeLabel
    }
    product {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<ApplicationCheckQuery, ApplicationCheckQueryVariables>;
export const ApplicationsDocument = new TypedDocumentString(`
    query Applications($status: [ApplicationStatus!], $customerId: ID, $mine: Boolean!, $first: Int!, $after: String, $order: ApplicationOrder! = CREATED_DESC) {
  applications(
    status: $status
    customerId: $customerId
    mine: $mine
    first: $first
    after: $after
    order: $order
  ) {
    edges {
      node {
        ...ApplicationListFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ApplicationListFields on Application {
  id
  number
  status
  productCode
  amount
  term
  createdAt
  decidedAt
  customer {
    id
    name
  }
  product {
    id
    name
  }
  applicant {
    id
    name
  }
  branch {
    id
    name
  }
  process {
    currentElements
  }
  tasks {
    id
    name
    status
  }
}`) as unknown as TypedDocumentString<ApplicationsQuery, ApplicationsQueryVariables>;
export const ApplicationDocument = new TypedDocumentString(`
    query Application($id: ID!) {
  application(id: $id) {
    ...ApplicationDetailFields
  }
}
    fragment RatingFields on Rating {
  score
  grade
  gradeLabel
  card {
    id
    name
    version
    province
    maxScore
  }
  items {
    code
    label
    value
    bin
    points
    maxPoints
  }
  reasons
  vetoes
  vetoReasons
  recommendedQuota
  ratedAt
}
fragment CustomerImageFields on CustomerImage {
  id
  customerId
  kind
  kindLabel
  status
  takenAt
  receivedAt
  processedAt
  latitude
  longitude
  accuracyM
  deviceId
  uploadedByNo
  uploadedBy {
    id
    name
    employeeNo
  }
  width
  height
  originalSha256
  resultSha256
  keyId
  c2pa
  failure
  deletedAt
  deleteReason
  purgedAt
  url
  thumbnailUrl
}
fragment ApplicationTaskFields on ApprovalTask {
  id
  elementId
  name
  status
  outcome
  createdAt
  dueAt
  completedAt
  overdue
  claimedBy {
    id
    name
  }
  viewerCan {
    claim
    release
    decide
  }
  delegates {
    id
    name
    employeeNo
  }
}
fragment QuotaFields on Quota {
  id
  productCode
  status
  amount
  usedAmount
  availableAmount
  term
  rate
  repaymentMethod
  validFrom
  validTo
  createdAt
  updatedAt
}
fragment ApplicationDetailFields on Application {
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
  score
  grade
  recommendedQuota
  sampled
  approvedAmount
  approvedTerm
  rate
  createdAt
  updatedAt
  decidedAt
  customer {
    id
    name
  }
  rating {
    ...RatingFields
  }
  product {
    id
    name
    code
    version
    terms
    repaymentMethods
    amountMin
    amountMax
    rateMin
    rateMax
  }
  applicant {
    id
    name
    employeeNo
  }
  branch {
    id
    name
  }
  attachments {
    ...CustomerImageFields
  }
  process {
    definition {
      id
      key
      name
      version
    }
    bpmnXml
    currentElements
    completedElements
  }
  history {
    id
    action
    elementId
    elementName
    amount
    term
    rate
    comment
    at
    system
    actor {
      id
      name
      username
    }
    toUser {
      id
      name
    }
  }
  tasks {
    ...ApplicationTaskFields
  }
  quota {
    ...QuotaFields
  }
  viewerCan {
    resubmit
    withdraw
  }
}`) as unknown as TypedDocumentString<ApplicationQuery, ApplicationQueryVariables>;
export const ApprovalTasksDocument = new TypedDocumentString(`
    query ApprovalTasks($box: TaskBox!, $overdue: Boolean!, $first: Int!, $after: String, $order: TaskOrder! = CREATED_ASC) {
  approvalTasks(
    box: $box
    overdue: $overdue
    first: $first
    after: $after
    order: $order
  ) {
    edges {
      node {
        id
        elementId
        name
        status
        createdAt
        dueAt
        overdue
        claimedBy {
          id
          name
        }
        application {
          id
          number
          amount
          term
          customer {
            id
            name
          }
          product {
            id
            name
          }
          branch {
            id
            name
          }
          applicant {
            id
            name
          }
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ApprovalTasksQuery, ApprovalTasksQueryVariables>;
export const ApprovalInboxCountsDocument = new TypedDocumentString(`
    query ApprovalInboxCounts {
  approvalInboxCounts {
    queue
    mine
    overdue
  }
}
    `) as unknown as TypedDocumentString<ApprovalInboxCountsQuery, ApprovalInboxCountsQueryVariables>;
export const SubmitApplicationDocument = new TypedDocumentString(`
    mutation SubmitApplication($input: SubmitApplicationInput!) {
  submitApplication(input: $input) {
    ...ApplicationPayloadFields
  }
}
    fragment ApplicationPayloadFields on ApplicationPayload {
  application {
    id
    number
    status
  }
  errors {
    field
    code
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<SubmitApplicationMutation, SubmitApplicationMutationVariables>;
export const ResubmitApplicationDocument = new TypedDocumentString(`
    mutation ResubmitApplication($input: ResubmitApplicationInput!) {
  resubmitApplication(input: $input) {
    ...ApplicationPayloadFields
  }
}
    fragment ApplicationPayloadFields on ApplicationPayload {
  application {
    id
    number
    status
  }
  errors {
    field
    code
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<ResubmitApplicationMutation, ResubmitApplicationMutationVariables>;
export const WithdrawApplicationDocument = new TypedDocumentString(`
    mutation WithdrawApplication($input: WithdrawApplicationInput!) {
  withdrawApplication(input: $input) {
    ...ApplicationPayloadFields
  }
}
    fragment ApplicationPayloadFields on ApplicationPayload {
  application {
    id
    number
    status
  }
  errors {
    field
    code
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<WithdrawApplicationMutation, WithdrawApplicationMutationVariables>;
export const ClaimTaskDocument = new TypedDocumentString(`
    mutation ClaimTask($id: ID!) {
  claimTask(id: $id) {
    ...TaskPayloadFields
  }
}
    fragment TaskPayloadFields on ApprovalTaskPayload {
  task {
    id
    status
  }
  application {
    id
    status
  }
  errors {
    field
    code
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<ClaimTaskMutation, ClaimTaskMutationVariables>;
export const ReleaseTaskDocument = new TypedDocumentString(`
    mutation ReleaseTask($id: ID!) {
  releaseTask(id: $id) {
    ...TaskPayloadFields
  }
}
    fragment TaskPayloadFields on ApprovalTaskPayload {
  task {
    id
    status
  }
  application {
    id
    status
  }
  errors {
    field
    code
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<ReleaseTaskMutation, ReleaseTaskMutationVariables>;
export const ApproveTaskDocument = new TypedDocumentString(`
    mutation ApproveTask($input: ApproveTaskInput!) {
  approveTask(input: $input) {
    ...TaskPayloadFields
  }
}
    fragment TaskPayloadFields on ApprovalTaskPayload {
  task {
    id
    status
  }
  application {
    id
    status
  }
  errors {
    field
    code
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<ApproveTaskMutation, ApproveTaskMutationVariables>;
export const RejectTaskDocument = new TypedDocumentString(`
    mutation RejectTask($input: RejectTaskInput!) {
  rejectTask(input: $input) {
    ...TaskPayloadFields
  }
}
    fragment TaskPayloadFields on ApprovalTaskPayload {
  task {
    id
    status
  }
  application {
    id
    status
  }
  errors {
    field
    code
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<RejectTaskMutation, RejectTaskMutationVariables>;
export const ReturnTaskDocument = new TypedDocumentString(`
    mutation ReturnTask($input: ReturnTaskInput!) {
  returnTask(input: $input) {
    ...TaskPayloadFields
  }
}
    fragment TaskPayloadFields on ApprovalTaskPayload {
  task {
    id
    status
  }
  application {
    id
    status
  }
  errors {
    field
    code
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<ReturnTaskMutation, ReturnTaskMutationVariables>;
export const DelegateTaskDocument = new TypedDocumentString(`
    mutation DelegateTask($input: DelegateTaskInput!) {
  delegateTask(input: $input) {
    ...TaskPayloadFields
  }
}
    fragment TaskPayloadFields on ApprovalTaskPayload {
  task {
    id
    status
  }
  application {
    id
    status
  }
  errors {
    field
    code
    message
    messageEn
  }
}`) as unknown as TypedDocumentString<DelegateTaskMutation, DelegateTaskMutationVariables>;
export const ChangeQuotaDocument = new TypedDocumentString(`
    mutation ChangeQuota($input: ChangeQuotaInput!) {
  changeQuota(input: $input) {
    quota {
      ...QuotaFields
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment QuotaFields on Quota {
  id
  productCode
  status
  amount
  usedAmount
  availableAmount
  term
  rate
  repaymentMethod
  validFrom
  validTo
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ChangeQuotaMutation, ChangeQuotaMutationVariables>;
export const CustomerLoansDocument = new TypedDocumentString(`
    query CustomerLoans($customerId: ID!) {
  quotas(customerId: $customerId, first: 50) {
    edges {
      node {
        ...QuotaFields
        reservedAmount
      }
    }
  }
  loans(customerId: $customerId) {
    id
    number
    productCode
    status
    amount
    term
    rate
    account
    disbursedAmount
    outstanding
    overdueDays
    reason
    createdAt
    disbursedAt
    closedAt
  }
  textMessages(customerId: $customerId) {
    id
    event
    status
    reason
    to
    text
    attempts
    createdAt
    sentAt
    receiptAt
  }
}
    fragment QuotaFields on Quota {
  id
  productCode
  status
  amount
  usedAmount
  availableAmount
  term
  rate
  repaymentMethod
  validFrom
  validTo
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CustomerLoansQuery, CustomerLoansQueryVariables>;
export const SegmentModelsDocument = new TypedDocumentString(`
    query SegmentModels($status: SegmentModelStatus) {
  segmentModels(status: $status) {
    ...SegmentModelFields
  }
}
    fragment SegmentModelFields on SegmentModel {
  id
  name
  description
  condition
  expression
  reminder
  fields
  status
  version
  createdAt
  updatedAt
  evaluatedAt
  owner {
    id
    name
    level
  }
  viewerCanEdit
  memberCount
}`) as unknown as TypedDocumentString<SegmentModelsQuery, SegmentModelsQueryVariables>;
export const SegmentModelDocument = new TypedDocumentString(`
    query SegmentModel($id: ID!) {
  segmentModel(id: $id) {
    ...SegmentModelFields
    countsByUnit {
      unit {
        id
        name
        code
      }
      members
    }
    trend {
      day
      members
    }
  }
}
    fragment SegmentModelFields on SegmentModel {
  id
  name
  description
  condition
  expression
  reminder
  fields
  status
  version
  createdAt
  updatedAt
  evaluatedAt
  owner {
    id
    name
    level
  }
  viewerCanEdit
  memberCount
}`) as unknown as TypedDocumentString<SegmentModelQuery, SegmentModelQueryVariables>;
export const SegmentModelMembersDocument = new TypedDocumentString(`
    query SegmentModelMembers($id: ID!, $first: Int!, $after: String) {
  segmentModel(id: $id) {
    id
    members(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          idNumber
          status
          blacklisted
          branch {
            id
            name
          }
          manager {
            id
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SegmentModelMembersQuery, SegmentModelMembersQueryVariables>;
export const SegmentFieldsDocument = new TypedDocumentString(`
    query SegmentFields {
  segmentFields {
    path
    label
    type
    presenceOnly
  }
}
    `) as unknown as TypedDocumentString<SegmentFieldsQuery, SegmentFieldsQueryVariables>;
export const SaveSegmentModelDocument = new TypedDocumentString(`
    mutation SaveSegmentModel($input: SaveSegmentModelInput!) {
  saveSegmentModel(input: $input) {
    model {
      ...SegmentModelFields
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment SegmentModelFields on SegmentModel {
  id
  name
  description
  condition
  expression
  reminder
  fields
  status
  version
  createdAt
  updatedAt
  evaluatedAt
  owner {
    id
    name
    level
  }
  viewerCanEdit
  memberCount
}`) as unknown as TypedDocumentString<SaveSegmentModelMutation, SaveSegmentModelMutationVariables>;
export const EvaluateSegmentModelDocument = new TypedDocumentString(`
    mutation EvaluateSegmentModel($id: ID!) {
  evaluateSegmentModel(id: $id) {
    model {
      ...SegmentModelFields
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment SegmentModelFields on SegmentModel {
  id
  name
  description
  condition
  expression
  reminder
  fields
  status
  version
  createdAt
  updatedAt
  evaluatedAt
  owner {
    id
    name
    level
  }
  viewerCanEdit
  memberCount
}`) as unknown as TypedDocumentString<EvaluateSegmentModelMutation, EvaluateSegmentModelMutationVariables>;
export const RetireSegmentModelDocument = new TypedDocumentString(`
    mutation RetireSegmentModel($id: ID!) {
  retireSegmentModel(id: $id) {
    model {
      ...SegmentModelFields
    }
    errors {
      field
      code
      message
      messageEn
    }
  }
}
    fragment SegmentModelFields on SegmentModel {
  id
  name
  description
  condition
  expression
  reminder
  fields
  status
  version
  createdAt
  updatedAt
  evaluatedAt
  owner {
    id
    name
    level
  }
  viewerCanEdit
  memberCount
}`) as unknown as TypedDocumentString<RetireSegmentModelMutation, RetireSegmentModelMutationVariables>;
export const MyRemindersDocument = new TypedDocumentString(`
    query MyReminders($status: ReminderStatus!, $first: Int!) {
  myReminders(status: $status, first: $first) {
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
    id
    name
  }
}`) as unknown as TypedDocumentString<LogContactMutation, LogContactMutationVariables>;
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
    id
    name
  }
}`) as unknown as TypedDocumentString<CustomerContactsQuery, CustomerContactsQueryVariables>;
export const ReminderLoadDocument = new TypedDocumentString(`
    query ReminderLoad($orgUnitId: ID) {
  reminderLoad(orgUnitId: $orgUnitId) {
    open
    overdue
    manager {
      id
      name
      employeeNo
      orgUnit {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ReminderLoadQuery, ReminderLoadQueryVariables>;
export const ContactStatsDocument = new TypedDocumentString(`
    query ContactStats($since: Date!, $until: Date!, $orgUnitId: ID) {
  contactStats(since: $since, until: $until, orgUnitId: $orgUnitId) {
    contacts
    customers
    staff {
      id
      name
      employeeNo
      orgUnit {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ContactStatsQuery, ContactStatsQueryVariables>;
export const ReportSummaryDocument = new TypedDocumentString(`
    query ReportSummary($since: Date!, $until: Date!, $orgUnitId: ID) {
  report(since: $since, until: $until, orgUnitId: $orgUnitId, first: 1) {
    orgUnit {
      id
      name
      level
      parentId
      bankId
    }
    level
    asOf
    startsAfter
    total {
      ...ReportFigures
      grades {
        grade
        count
      }
      gradeMoves {
        fromGrade
        toGrade
        count
      }
    }
  }
}
    fragment ReportFigures on ReportRow {
  archives
  verified
  evaluated
  precise
  preciseRate
  rated
  quotasActive
  quotaAmount
  quotaUsed
  quotaUseRate
  created
  applications
  decided
  approved
  rejected
  approvalRate
  meanDecisionHours
  approvedAmount
  quotasGranted
  grantedAmount
  reminders
  remindersDone
  contacts
  contactedReminders
  convertedApplications
  convertedQuotas
}`) as unknown as TypedDocumentString<ReportSummaryQuery, ReportSummaryQueryVariables>;
export const ReportRankingDocument = new TypedDocumentString(`
    query ReportRanking($since: Date!, $until: Date!, $orgUnitId: ID, $level: ReportLevel, $orderBy: ReportOrder!, $descending: Boolean!, $first: Int!, $offset: Int!, $nameContains: String) {
  report(
    since: $since
    until: $until
    orgUnitId: $orgUnitId
    level: $level
    orderBy: $orderBy
    descending: $descending
    first: $first
    offset: $offset
    nameContains: $nameContains
  ) {
    level
    offset
    rowCount
    rows {
      orgUnit {
        id
        name
        level
      }
      manager {
        id
        name
        employeeNo
      }
      unassigned
      ...ReportFigures
      grades {
        grade
        count
      }
    }
  }
}
    fragment ReportFigures on ReportRow {
  archives
  verified
  evaluated
  precise
  preciseRate
  rated
  quotasActive
  quotaAmount
  quotaUsed
  quotaUseRate
  created
  applications
  decided
  approved
  rejected
  approvalRate
  meanDecisionHours
  approvedAmount
  quotasGranted
  grantedAmount
  reminders
  remindersDone
  contacts
  contactedReminders
  convertedApplications
  convertedQuotas
}`) as unknown as TypedDocumentString<ReportRankingQuery, ReportRankingQueryVariables>;
export const ReportTrendDocument = new TypedDocumentString(`
    query ReportTrend($since: Date!, $until: Date!, $orgUnitId: ID) {
  reportTrend(since: $since, until: $until, orgUnitId: $orgUnitId) {
    day
    archives
    precise
    preciseRate
    created
  }
}
    `) as unknown as TypedDocumentString<ReportTrendQuery, ReportTrendQueryVariables>;
export const MonthlyReportsDocument = new TypedDocumentString(`
    query MonthlyReports($orgUnitId: ID) {
  monthlyReports(orgUnitId: $orgUnitId) {
    id
    month
    size
    createdAt
    downloadPath
    orgUnit {
      id
      name
      level
    }
  }
}
    `) as unknown as TypedDocumentString<MonthlyReportsQuery, MonthlyReportsQueryVariables>;