/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      roles\n      user { id name username employeeNo }\n      orgUnit { id name code bankId }\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment ArchiveFields on Customer {\n    id\n    version\n    status\n    channel\n    name\n    idNumber\n    idExpiry\n    idLongTerm\n    gender\n    birthDate\n    ethnicity\n    education\n    maritalStatus\n    health\n    mobile\n    altPhone\n    address { regionCode regionName townshipCode villageCode line }\n    household { size registerNo isHead }\n    familyMembers { relation name idNumber occupation annualIncome labourCapacity }\n    land { contractedMu rentedMu crops }\n    livestock { kind count value }\n    assets { kind description value }\n    income { farming business wages other total }\n    liabilities { lender amount overdue overdueAmount }\n    business { name industry creditCode licenceNo annualTurnover employees }\n    social { villageCreditRating remarks }\n    consent { wordingVersion consentedAt channel formImageRef shareWithFederation }\n    extraFields {\n      code\n      ... on TextFieldValue { text }\n      ... on NumberFieldValue { number }\n      ... on DateFieldValue { date }\n      ... on ChoiceFieldValue { choice }\n      ... on BooleanFieldValue { flag }\n    }\n    returnReasons\n    updatedAt\n    evaluation { completeness precise violations { code severity message messageEn } }\n  }\n": typeof types.ArchiveFieldsFragmentDoc,
    "\n  fragment ArchiveBusinessFields on Customer {\n    blacklisted\n    bankBusiness { asOf depositBalance depositBand loanBalance loanBand overdueDays }\n  }\n": typeof types.ArchiveBusinessFieldsFragmentDoc,
    "\n  fragment ArchiveRatingFields on Customer {\n    rating {\n      score\n      grade\n      gradeLabel\n      card { name version maxScore }\n      reasons\n      vetoes\n      vetoReasons\n      recommendedQuota\n      ratedAt\n    }\n  }\n": typeof types.ArchiveRatingFieldsFragmentDoc,
    "\n  fragment ImageFields on CustomerImage {\n    id\n    customerId\n    kind\n    status\n    takenAt\n    thumbnailUrl\n  }\n": typeof types.ImageFieldsFragmentDoc,
    "\n  query MyArchives($managerId: ID!, $first: Int!, $after: String) {\n    customers(filter: { managerId: $managerId }, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...ArchiveFields ...ArchiveBusinessFields ...ArchiveRatingFields } }\n    }\n  }\n": typeof types.MyArchivesDocument,
    "\n  query Archive($id: ID!) {\n    customer(id: $id) {\n      ...ArchiveFields\n      ...ArchiveBusinessFields\n      ...ArchiveRatingFields\n      images { ...ImageFields }\n    }\n  }\n": typeof types.ArchiveDocument,
    "\n  query ArchiveVersion($id: ID!) {\n    customer(id: $id) { id version }\n  }\n": typeof types.ArchiveVersionDocument,
    "\n  query Image($id: ID!) {\n    image(id: $id) { ...ImageFields }\n  }\n": typeof types.ImageDocument,
    "\n  query Reference {\n    extraFieldDefinitions { code labelZh labelEn kind required choices minValue maxValue pattern maxLength position }\n    ruleSets { scope status rules { code kind enabled params overrides } }\n    regions { code name level hasChildren }\n  }\n": typeof types.ReferenceDocument,
    "\n  query Regions($parentCode: String) {\n    regions(parentCode: $parentCode) { code name level hasChildren }\n  }\n": typeof types.RegionsDocument,
    "\n  fragment ArchivePayloadFields on ArchivePayload {\n    customer { ...ArchiveFields }\n    errors { field code message messageEn }\n    conflict { serverVersion current { ...ArchiveFields } }\n    duplicateOf\n    violations { code severity message messageEn }\n  }\n": typeof types.ArchivePayloadFieldsFragmentDoc,
    "\n  mutation CreateArchive($input: CreateArchiveInput!) {\n    createArchive(input: $input) { ...ArchivePayloadFields }\n  }\n": typeof types.CreateArchiveDocument,
    "\n  mutation UpdateArchive($input: UpdateArchiveInput!) {\n    updateArchive(input: $input) { ...ArchivePayloadFields }\n  }\n": typeof types.UpdateArchiveDocument,
    "\n  mutation SubmitArchive($input: ArchiveTransitionInput!) {\n    submitArchive(input: $input) {\n      customer { ...ArchiveFields }\n      errors { field code message messageEn }\n      conflict { serverVersion current { ...ArchiveFields } }\n      violations { code severity message messageEn }\n    }\n  }\n": typeof types.SubmitArchiveDocument,
    "\n  mutation UploadImage($input: UploadImageInput!, $file: Upload!) {\n    uploadImage(input: $input, file: $file) {\n      image { ...ImageFields }\n      duplicate\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.UploadImageDocument,
    "\n  fragment ProductFields on Product {\n    id\n    code\n    name\n    status\n    amountMin\n    amountMax\n    terms\n    repaymentMethods\n    channels\n    eligibility { preciseArchive minGrade noVeto ageMin ageMax }\n  }\n": typeof types.ProductFieldsFragmentDoc,
    "\n  query Products {\n    products { ...ProductFields }\n  }\n": typeof types.ProductsDocument,
    "\n  query ApplicationCheck($customerId: ID!, $productId: ID!) {\n    applicationCheck(customerId: $customerId, productId: $productId, channel: PAD) {\n      eligible\n      reasons { code message messageEn }\n      recommendedQuota\n      rating { grade score }\n      product { id code }\n    }\n  }\n": typeof types.ApplicationCheckDocument,
    "\n  fragment ApplicationFields on Application {\n    id\n    number\n    status\n    channel\n    productCode\n    amount\n    term\n    repaymentMethod\n    purpose\n    overReason\n    approvedAmount\n    createdAt\n    decidedAt\n    process { currentElements }\n    tasks { name status }\n    quota { status amount availableAmount validTo }\n  }\n": typeof types.ApplicationFieldsFragmentDoc,
    "\n  query Applications($customerId: ID!, $first: Int!) {\n    applications(customerId: $customerId, first: $first) {\n      edges { node { ...ApplicationFields } }\n    }\n  }\n": typeof types.ApplicationsDocument,
    "\n  mutation SubmitApplication($input: SubmitApplicationInput!) {\n    submitApplication(input: $input) {\n      application { ...ApplicationFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.SubmitApplicationDocument,
    "\n  fragment ReminderFields on Reminder {\n    id\n    kind\n    title\n    dueOn\n    status\n    snoozedUntil\n    note\n    createdAt\n    closedAt\n    overdue\n    customer { id name }\n  }\n": typeof types.ReminderFieldsFragmentDoc,
    "\n  query MyReminders($first: Int!) {\n    myReminders(status: OPEN, first: $first) { ...ReminderFields }\n  }\n": typeof types.MyRemindersDocument,
    "\n  mutation WorkReminder($input: WorkReminderInput!) {\n    workReminder(input: $input) {\n      reminder { ...ReminderFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.WorkReminderDocument,
    "\n  fragment ContactFields on Contact {\n    id\n    channel\n    outcome\n    note\n    contactedAt\n    reminderId\n    staff { name }\n  }\n": typeof types.ContactFieldsFragmentDoc,
    "\n  query CustomerContacts($customerId: ID!) {\n    customerContacts(customerId: $customerId) { ...ContactFields }\n  }\n": typeof types.CustomerContactsDocument,
    "\n  mutation LogContact($input: LogContactInput!) {\n    logContact(input: $input) {\n      contact { ...ContactFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.LogContactDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      roles\n      user { id name username employeeNo }\n      orgUnit { id name code bankId }\n    }\n  }\n": types.MeDocument,
    "\n  fragment ArchiveFields on Customer {\n    id\n    version\n    status\n    channel\n    name\n    idNumber\n    idExpiry\n    idLongTerm\n    gender\n    birthDate\n    ethnicity\n    education\n    maritalStatus\n    health\n    mobile\n    altPhone\n    address { regionCode regionName townshipCode villageCode line }\n    household { size registerNo isHead }\n    familyMembers { relation name idNumber occupation annualIncome labourCapacity }\n    land { contractedMu rentedMu crops }\n    livestock { kind count value }\n    assets { kind description value }\n    income { farming business wages other total }\n    liabilities { lender amount overdue overdueAmount }\n    business { name industry creditCode licenceNo annualTurnover employees }\n    social { villageCreditRating remarks }\n    consent { wordingVersion consentedAt channel formImageRef shareWithFederation }\n    extraFields {\n      code\n      ... on TextFieldValue { text }\n      ... on NumberFieldValue { number }\n      ... on DateFieldValue { date }\n      ... on ChoiceFieldValue { choice }\n      ... on BooleanFieldValue { flag }\n    }\n    returnReasons\n    updatedAt\n    evaluation { completeness precise violations { code severity message messageEn } }\n  }\n": types.ArchiveFieldsFragmentDoc,
    "\n  fragment ArchiveBusinessFields on Customer {\n    blacklisted\n    bankBusiness { asOf depositBalance depositBand loanBalance loanBand overdueDays }\n  }\n": types.ArchiveBusinessFieldsFragmentDoc,
    "\n  fragment ArchiveRatingFields on Customer {\n    rating {\n      score\n      grade\n      gradeLabel\n      card { name version maxScore }\n      reasons\n      vetoes\n      vetoReasons\n      recommendedQuota\n      ratedAt\n    }\n  }\n": types.ArchiveRatingFieldsFragmentDoc,
    "\n  fragment ImageFields on CustomerImage {\n    id\n    customerId\n    kind\n    status\n    takenAt\n    thumbnailUrl\n  }\n": types.ImageFieldsFragmentDoc,
    "\n  query MyArchives($managerId: ID!, $first: Int!, $after: String) {\n    customers(filter: { managerId: $managerId }, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...ArchiveFields ...ArchiveBusinessFields ...ArchiveRatingFields } }\n    }\n  }\n": types.MyArchivesDocument,
    "\n  query Archive($id: ID!) {\n    customer(id: $id) {\n      ...ArchiveFields\n      ...ArchiveBusinessFields\n      ...ArchiveRatingFields\n      images { ...ImageFields }\n    }\n  }\n": types.ArchiveDocument,
    "\n  query ArchiveVersion($id: ID!) {\n    customer(id: $id) { id version }\n  }\n": types.ArchiveVersionDocument,
    "\n  query Image($id: ID!) {\n    image(id: $id) { ...ImageFields }\n  }\n": types.ImageDocument,
    "\n  query Reference {\n    extraFieldDefinitions { code labelZh labelEn kind required choices minValue maxValue pattern maxLength position }\n    ruleSets { scope status rules { code kind enabled params overrides } }\n    regions { code name level hasChildren }\n  }\n": types.ReferenceDocument,
    "\n  query Regions($parentCode: String) {\n    regions(parentCode: $parentCode) { code name level hasChildren }\n  }\n": types.RegionsDocument,
    "\n  fragment ArchivePayloadFields on ArchivePayload {\n    customer { ...ArchiveFields }\n    errors { field code message messageEn }\n    conflict { serverVersion current { ...ArchiveFields } }\n    duplicateOf\n    violations { code severity message messageEn }\n  }\n": types.ArchivePayloadFieldsFragmentDoc,
    "\n  mutation CreateArchive($input: CreateArchiveInput!) {\n    createArchive(input: $input) { ...ArchivePayloadFields }\n  }\n": types.CreateArchiveDocument,
    "\n  mutation UpdateArchive($input: UpdateArchiveInput!) {\n    updateArchive(input: $input) { ...ArchivePayloadFields }\n  }\n": types.UpdateArchiveDocument,
    "\n  mutation SubmitArchive($input: ArchiveTransitionInput!) {\n    submitArchive(input: $input) {\n      customer { ...ArchiveFields }\n      errors { field code message messageEn }\n      conflict { serverVersion current { ...ArchiveFields } }\n      violations { code severity message messageEn }\n    }\n  }\n": types.SubmitArchiveDocument,
    "\n  mutation UploadImage($input: UploadImageInput!, $file: Upload!) {\n    uploadImage(input: $input, file: $file) {\n      image { ...ImageFields }\n      duplicate\n      errors { field code message messageEn }\n    }\n  }\n": types.UploadImageDocument,
    "\n  fragment ProductFields on Product {\n    id\n    code\n    name\n    status\n    amountMin\n    amountMax\n    terms\n    repaymentMethods\n    channels\n    eligibility { preciseArchive minGrade noVeto ageMin ageMax }\n  }\n": types.ProductFieldsFragmentDoc,
    "\n  query Products {\n    products { ...ProductFields }\n  }\n": types.ProductsDocument,
    "\n  query ApplicationCheck($customerId: ID!, $productId: ID!) {\n    applicationCheck(customerId: $customerId, productId: $productId, channel: PAD) {\n      eligible\n      reasons { code message messageEn }\n      recommendedQuota\n      rating { grade score }\n      product { id code }\n    }\n  }\n": types.ApplicationCheckDocument,
    "\n  fragment ApplicationFields on Application {\n    id\n    number\n    status\n    channel\n    productCode\n    amount\n    term\n    repaymentMethod\n    purpose\n    overReason\n    approvedAmount\n    createdAt\n    decidedAt\n    process { currentElements }\n    tasks { name status }\n    quota { status amount availableAmount validTo }\n  }\n": types.ApplicationFieldsFragmentDoc,
    "\n  query Applications($customerId: ID!, $first: Int!) {\n    applications(customerId: $customerId, first: $first) {\n      edges { node { ...ApplicationFields } }\n    }\n  }\n": types.ApplicationsDocument,
    "\n  mutation SubmitApplication($input: SubmitApplicationInput!) {\n    submitApplication(input: $input) {\n      application { ...ApplicationFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.SubmitApplicationDocument,
    "\n  fragment ReminderFields on Reminder {\n    id\n    kind\n    title\n    dueOn\n    status\n    snoozedUntil\n    note\n    createdAt\n    closedAt\n    overdue\n    customer { id name }\n  }\n": types.ReminderFieldsFragmentDoc,
    "\n  query MyReminders($first: Int!) {\n    myReminders(status: OPEN, first: $first) { ...ReminderFields }\n  }\n": types.MyRemindersDocument,
    "\n  mutation WorkReminder($input: WorkReminderInput!) {\n    workReminder(input: $input) {\n      reminder { ...ReminderFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.WorkReminderDocument,
    "\n  fragment ContactFields on Contact {\n    id\n    channel\n    outcome\n    note\n    contactedAt\n    reminderId\n    staff { name }\n  }\n": types.ContactFieldsFragmentDoc,
    "\n  query CustomerContacts($customerId: ID!) {\n    customerContacts(customerId: $customerId) { ...ContactFields }\n  }\n": types.CustomerContactsDocument,
    "\n  mutation LogContact($input: LogContactInput!) {\n    logContact(input: $input) {\n      contact { ...ContactFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.LogContactDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      roles\n      user { id name username employeeNo }\n      orgUnit { id name code bankId }\n    }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArchiveFields on Customer {\n    id\n    version\n    status\n    channel\n    name\n    idNumber\n    idExpiry\n    idLongTerm\n    gender\n    birthDate\n    ethnicity\n    education\n    maritalStatus\n    health\n    mobile\n    altPhone\n    address { regionCode regionName townshipCode villageCode line }\n    household { size registerNo isHead }\n    familyMembers { relation name idNumber occupation annualIncome labourCapacity }\n    land { contractedMu rentedMu crops }\n    livestock { kind count value }\n    assets { kind description value }\n    income { farming business wages other total }\n    liabilities { lender amount overdue overdueAmount }\n    business { name industry creditCode licenceNo annualTurnover employees }\n    social { villageCreditRating remarks }\n    consent { wordingVersion consentedAt channel formImageRef shareWithFederation }\n    extraFields {\n      code\n      ... on TextFieldValue { text }\n      ... on NumberFieldValue { number }\n      ... on DateFieldValue { date }\n      ... on ChoiceFieldValue { choice }\n      ... on BooleanFieldValue { flag }\n    }\n    returnReasons\n    updatedAt\n    evaluation { completeness precise violations { code severity message messageEn } }\n  }\n"): typeof import('./graphql').ArchiveFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArchiveBusinessFields on Customer {\n    blacklisted\n    bankBusiness { asOf depositBalance depositBand loanBalance loanBand overdueDays }\n  }\n"): typeof import('./graphql').ArchiveBusinessFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArchiveRatingFields on Customer {\n    rating {\n      score\n      grade\n      gradeLabel\n      card { name version maxScore }\n      reasons\n      vetoes\n      vetoReasons\n      recommendedQuota\n      ratedAt\n    }\n  }\n"): typeof import('./graphql').ArchiveRatingFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ImageFields on CustomerImage {\n    id\n    customerId\n    kind\n    status\n    takenAt\n    thumbnailUrl\n  }\n"): typeof import('./graphql').ImageFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyArchives($managerId: ID!, $first: Int!, $after: String) {\n    customers(filter: { managerId: $managerId }, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...ArchiveFields ...ArchiveBusinessFields ...ArchiveRatingFields } }\n    }\n  }\n"): typeof import('./graphql').MyArchivesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Archive($id: ID!) {\n    customer(id: $id) {\n      ...ArchiveFields\n      ...ArchiveBusinessFields\n      ...ArchiveRatingFields\n      images { ...ImageFields }\n    }\n  }\n"): typeof import('./graphql').ArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArchiveVersion($id: ID!) {\n    customer(id: $id) { id version }\n  }\n"): typeof import('./graphql').ArchiveVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Image($id: ID!) {\n    image(id: $id) { ...ImageFields }\n  }\n"): typeof import('./graphql').ImageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Reference {\n    extraFieldDefinitions { code labelZh labelEn kind required choices minValue maxValue pattern maxLength position }\n    ruleSets { scope status rules { code kind enabled params overrides } }\n    regions { code name level hasChildren }\n  }\n"): typeof import('./graphql').ReferenceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Regions($parentCode: String) {\n    regions(parentCode: $parentCode) { code name level hasChildren }\n  }\n"): typeof import('./graphql').RegionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArchivePayloadFields on ArchivePayload {\n    customer { ...ArchiveFields }\n    errors { field code message messageEn }\n    conflict { serverVersion current { ...ArchiveFields } }\n    duplicateOf\n    violations { code severity message messageEn }\n  }\n"): typeof import('./graphql').ArchivePayloadFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateArchive($input: CreateArchiveInput!) {\n    createArchive(input: $input) { ...ArchivePayloadFields }\n  }\n"): typeof import('./graphql').CreateArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateArchive($input: UpdateArchiveInput!) {\n    updateArchive(input: $input) { ...ArchivePayloadFields }\n  }\n"): typeof import('./graphql').UpdateArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitArchive($input: ArchiveTransitionInput!) {\n    submitArchive(input: $input) {\n      customer { ...ArchiveFields }\n      errors { field code message messageEn }\n      conflict { serverVersion current { ...ArchiveFields } }\n      violations { code severity message messageEn }\n    }\n  }\n"): typeof import('./graphql').SubmitArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadImage($input: UploadImageInput!, $file: Upload!) {\n    uploadImage(input: $input, file: $file) {\n      image { ...ImageFields }\n      duplicate\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').UploadImageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProductFields on Product {\n    id\n    code\n    name\n    status\n    amountMin\n    amountMax\n    terms\n    repaymentMethods\n    channels\n    eligibility { preciseArchive minGrade noVeto ageMin ageMax }\n  }\n"): typeof import('./graphql').ProductFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Products {\n    products { ...ProductFields }\n  }\n"): typeof import('./graphql').ProductsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApplicationCheck($customerId: ID!, $productId: ID!) {\n    applicationCheck(customerId: $customerId, productId: $productId, channel: PAD) {\n      eligible\n      reasons { code message messageEn }\n      recommendedQuota\n      rating { grade score }\n      product { id code }\n    }\n  }\n"): typeof import('./graphql').ApplicationCheckDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApplicationFields on Application {\n    id\n    number\n    status\n    channel\n    productCode\n    amount\n    term\n    repaymentMethod\n    purpose\n    overReason\n    approvedAmount\n    createdAt\n    decidedAt\n    process { currentElements }\n    tasks { name status }\n    quota { status amount availableAmount validTo }\n  }\n"): typeof import('./graphql').ApplicationFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Applications($customerId: ID!, $first: Int!) {\n    applications(customerId: $customerId, first: $first) {\n      edges { node { ...ApplicationFields } }\n    }\n  }\n"): typeof import('./graphql').ApplicationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitApplication($input: SubmitApplicationInput!) {\n    submitApplication(input: $input) {\n      application { ...ApplicationFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').SubmitApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReminderFields on Reminder {\n    id\n    kind\n    title\n    dueOn\n    status\n    snoozedUntil\n    note\n    createdAt\n    closedAt\n    overdue\n    customer { id name }\n  }\n"): typeof import('./graphql').ReminderFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyReminders($first: Int!) {\n    myReminders(status: OPEN, first: $first) { ...ReminderFields }\n  }\n"): typeof import('./graphql').MyRemindersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkReminder($input: WorkReminderInput!) {\n    workReminder(input: $input) {\n      reminder { ...ReminderFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').WorkReminderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactFields on Contact {\n    id\n    channel\n    outcome\n    note\n    contactedAt\n    reminderId\n    staff { name }\n  }\n"): typeof import('./graphql').ContactFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerContacts($customerId: ID!) {\n    customerContacts(customerId: $customerId) { ...ContactFields }\n  }\n"): typeof import('./graphql').CustomerContactsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogContact($input: LogContactInput!) {\n    logContact(input: $input) {\n      contact { ...ContactFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').LogContactDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
