// Every GraphQL operation of the PAD, typed by graphql-codegen (`npm run codegen`) from
// ../schema/schema.graphql.
import { graphql } from '../gql';

export const MeQuery = graphql(`
  query Me {
    me {
      roles
      user { id name username employeeNo }
      orgUnit { id name code bankId }
    }
  }
`);

export const ArchiveFields = graphql(`
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
    address { regionCode regionName townshipCode villageCode line }
    household { size registerNo isHead }
    familyMembers { relation name idNumber occupation annualIncome labourCapacity }
    land { contractedMu rentedMu crops }
    livestock { kind count value }
    assets { kind description value }
    income { farming business wages other total }
    liabilities { lender amount overdue overdueAmount }
    business { name industry creditCode licenceNo annualTurnover employees }
    social { villageCreditRating remarks }
    consent { wordingVersion consentedAt channel formImageRef shareWithFederation }
    extraFields {
      code
      ... on TextFieldValue { text }
      ... on NumberFieldValue { number }
      ... on DateFieldValue { date }
      ... on ChoiceFieldValue { choice }
      ... on BooleanFieldValue { flag }
    }
    returnReasons
    updatedAt
    evaluation { completeness precise violations { code severity message messageEn } }
  }
`);

// The customer's business with the bank (docs/business-data.md), for the archive's one-line
// summary. Kept beside the server copy in IndexedDB (LocalArchive.business), so it shows offline;
// not part of the editable archive, so the mutations' answers do not carry it.
export const ArchiveBusinessFields = graphql(`
  fragment ArchiveBusinessFields on Customer {
    blacklisted
    bankBusiness { asOf depositBalance depositBand loanBalance loanBand overdueDays }
  }
`);

// The customer's credit rating (docs/rating.md), for the archive's compact 信用评级 block: the
// grade, the score, the vetoes and the top reasons. Server-computed like the business line and
// kept beside the server copy in IndexedDB (LocalArchive.rating), so the last known rating shows
// offline; the mutations' answers do not carry it. `reasons` is null where the field policy
// withholds it.
export const ArchiveRatingFields = graphql(`
  fragment ArchiveRatingFields on Customer {
    rating {
      score
      grade
      gradeLabel
      card { name version maxScore }
      reasons
      vetoes
      vetoReasons
      recommendedQuota
      ratedAt
    }
  }
`);

export const ImageFields = graphql(`
  fragment ImageFields on CustomerImage {
    id
    customerId
    kind
    status
    takenAt
    thumbnailUrl
  }
`);

export const MyArchivesQuery = graphql(`
  query MyArchives($managerId: ID!, $first: Int!, $after: String) {
    customers(filter: { managerId: $managerId }, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { ...ArchiveFields ...ArchiveBusinessFields ...ArchiveRatingFields } }
    }
  }
`);

export const ArchiveQuery = graphql(`
  query Archive($id: ID!) {
    customer(id: $id) {
      ...ArchiveFields
      ...ArchiveBusinessFields
      ...ArchiveRatingFields
      images { ...ImageFields }
    }
  }
`);

export const ArchiveVersionQuery = graphql(`
  query ArchiveVersion($id: ID!) {
    customer(id: $id) { id version }
  }
`);

export const ImageQuery = graphql(`
  query Image($id: ID!) {
    image(id: $id) { ...ImageFields }
  }
`);

export const ReferenceQuery = graphql(`
  query Reference {
    extraFieldDefinitions { code labelZh labelEn kind required choices minValue maxValue pattern maxLength position }
    ruleSets { scope status rules { code kind enabled params overrides } }
    regions { code name level hasChildren }
  }
`);

export const RegionsQuery = graphql(`
  query Regions($parentCode: String) {
    regions(parentCode: $parentCode) { code name level hasChildren }
  }
`);


/** What createArchive and updateArchive answer (ArchivePayload). */
export const ArchivePayloadFields = graphql(`
  fragment ArchivePayloadFields on ArchivePayload {
    customer { ...ArchiveFields }
    errors { field code message messageEn }
    conflict { serverVersion current { ...ArchiveFields } }
    duplicateOf
    violations { code severity message messageEn }
  }
`);

export const CreateArchiveMutation = graphql(`
  mutation CreateArchive($input: CreateArchiveInput!) {
    createArchive(input: $input) { ...ArchivePayloadFields }
  }
`);

export const UpdateArchiveMutation = graphql(`
  mutation UpdateArchive($input: UpdateArchiveInput!) {
    updateArchive(input: $input) { ...ArchivePayloadFields }
  }
`);

export const SubmitArchiveMutation = graphql(`
  mutation SubmitArchive($input: ArchiveTransitionInput!) {
    submitArchive(input: $input) {
      customer { ...ArchiveFields }
      errors { field code message messageEn }
      conflict { serverVersion current { ...ArchiveFields } }
      violations { code severity message messageEn }
    }
  }
`);

export const UploadImageMutation = graphql(`
  mutation UploadImage($input: UploadImageInput!, $file: Upload!) {
    uploadImage(input: $input, file: $file) {
      image { ...ImageFields }
      duplicate
      errors { field code message messageEn }
    }
  }
`);

// -- quota applications (授信申请, docs/approvals.md) -------------------------------------------

/** A product of the bank's catalog, as the application form needs it (cached for offline). */
export const ProductFields = graphql(`
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
    eligibility { preciseArchive minGrade noVeto ageMin ageMax }
  }
`);

export const ProductsQuery = graphql(`
  query Products {
    products { ...ProductFields }
  }
`);

export const ApplicationCheckQuery = graphql(`
  query ApplicationCheck($customerId: ID!, $productId: ID!) {
    applicationCheck(customerId: $customerId, productId: $productId, channel: PAD) {
      eligible
      reasons { code message messageEn }
      recommendedQuota
      rating { grade score }
      product { id code }
    }
  }
`);

/** An application as the archive page lists it: status, current step, the quota once granted. */
export const ApplicationFields = graphql(`
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
    process { currentElements }
    tasks { name status }
    quota { status amount availableAmount validTo }
  }
`);

export const ApplicationsQuery = graphql(`
  query Applications($customerId: ID!, $first: Int!) {
    applications(customerId: $customerId, first: $first) {
      edges { node { ...ApplicationFields } }
    }
  }
`);

export const SubmitApplicationMutation = graphql(`
  mutation SubmitApplication($input: SubmitApplicationInput!) {
    submitApplication(input: $input) {
      application { ...ApplicationFields }
      errors { field code message messageEn }
    }
  }
`);

// -- reminders (提醒) and contacts (客户接触), docs/marketing.md ----------------------------------

/** A reminder as the inbox shows it and keeps it offline (LocalReminder). */
export const ReminderFields = graphql(`
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
    customer { id name }
  }
`);

export const MyRemindersQuery = graphql(`
  query MyReminders($first: Int!) {
    myReminders(status: OPEN, first: $first) { ...ReminderFields }
  }
`);

export const WorkReminderMutation = graphql(`
  mutation WorkReminder($input: WorkReminderInput!) {
    workReminder(input: $input) {
      reminder { ...ReminderFields }
      errors { field code message messageEn }
    }
  }
`);

export const ContactFields = graphql(`
  fragment ContactFields on Contact {
    id
    channel
    outcome
    note
    contactedAt
    reminderId
    staff { name }
  }
`);

export const CustomerContactsQuery = graphql(`
  query CustomerContacts($customerId: ID!) {
    customerContacts(customerId: $customerId) { ...ContactFields }
  }
`);

export const LogContactMutation = graphql(`
  mutation LogContact($input: LogContactInput!) {
    logContact(input: $input) {
      contact { ...ContactFields }
      errors { field code message messageEn }
    }
  }
`);
