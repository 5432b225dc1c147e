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
    "\n  query ImportBatches($first: Int!) {\n    importBatches(first: $first) {\n      batchId status running fileName branchName createdByName createdAt finishedAt\n      totalRows estimatedRows imported skipped failed failure errorWorkbookUrl\n    }\n  }\n": typeof types.ImportBatchesDocument,
    "\n  query BankExtraFields {\n    extraFieldDefinitions(includeInactive: true) {\n      code labelZh labelEn kind required choices minValue maxValue pattern maxLength position active\n    }\n  }\n": typeof types.BankExtraFieldsDocument,
    "\n  mutation DefineExtraField($input: ExtraFieldDefinitionInput!) {\n    defineExtraField(input: $input) {\n      definition { code labelZh kind active }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.DefineExtraFieldDocument,
    "\n  query BankLogo {\n    bankLogo { width height sha256 uploadedAt dataUrl }\n  }\n": typeof types.BankLogoDocument,
    "\n  mutation UploadBankLogo($file: Upload!) {\n    uploadBankLogo(file: $file) {\n      logo { width height sha256 uploadedAt dataUrl }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.UploadBankLogoDocument,
    "\n  mutation RemoveBankLogo {\n    removeBankLogo { errors { field code message messageEn } }\n  }\n": typeof types.RemoveBankLogoDocument,
    "\n  query Me {\n    me {\n      kind\n      roles\n      permissions\n      searchFilters { filter allowed counted }\n      user { id name username employeeNo }\n      orgUnit { id name code level bankId }\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment CustomerListFields on Customer {\n    id\n    version\n    name\n    idNumber\n    mobile\n    status\n    channel\n    gender\n    birthDate\n    updatedAt\n    address { regionCode regionName villageCode }\n    branch { id name }\n    manager { id name employeeNo }\n    evaluation { completeness precise }\n    blacklisted\n  }\n": typeof types.CustomerListFieldsFragmentDoc,
    "\n  query Customers($filter: CustomerFilter, $first: Int!, $after: String, $order: ArchiveOrder! = NAME_ASC) {\n    customers(filter: $filter, first: $first, after: $after, order: $order) {\n      estimatedTotal\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...CustomerListFields } }\n    }\n  }\n": typeof types.CustomersDocument,
    "\n  query CustomersFailingRule($code: String!, $first: Int!, $after: String, $order: ArchiveOrder! = NAME_ASC) {\n    customersFailingRule(code: $code, first: $first, after: $after, order: $order) {\n      estimatedTotal\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...CustomerListFields } }\n    }\n  }\n": typeof types.CustomersFailingRuleDocument,
    "\n  fragment CustomerDetailFields on Customer {\n    id\n    version\n    status\n    channel\n    name\n    gender\n    birthDate\n    idNumber\n    idExpiry\n    idLongTerm\n    ethnicity\n    education\n    maritalStatus\n    health\n    mobile\n    altPhone\n    returnReasons\n    submittedAt\n    verifiedAt\n    createdAt\n    updatedAt\n    ecifCustomerNo\n    blacklisted\n    address { regionCode regionName townshipCode villageCode line }\n    household { size registerNo isHead }\n    familyMembers { relation name occupation annualIncome labourCapacity idNumber }\n    land { contractedMu rentedMu crops }\n    livestock { kind count value }\n    assets { kind description value }\n    income { farming business wages other total }\n    liabilities { lender amount overdue overdueAmount }\n    business { name industry creditCode licenceNo annualTurnover employees }\n    social { villageCreditRating remarks }\n    consent { wordingVersion consentedAt channel formImageRef shareWithFederation }\n    branch { id name code }\n    manager { id name employeeNo }\n    viewerCan { edit submit verify returnForRework close transfer uploadImage deleteImage }\n    revealable { type field }\n    extraFields {\n      code\n      definition { code labelZh labelEn kind }\n      ... on TextFieldValue { text }\n      ... on NumberFieldValue { number }\n      ... on DateFieldValue { date }\n      ... on ChoiceFieldValue { choice }\n      ... on BooleanFieldValue { flag }\n    }\n    evaluation {\n      completeness\n      precise\n      evaluatedAt\n      violations { code severity origin message messageEn overridable }\n    }\n  }\n": typeof types.CustomerDetailFieldsFragmentDoc,
    "\n  query Customer($id: ID!) {\n    customer(id: $id) { ...CustomerDetailFields }\n  }\n": typeof types.CustomerDocument,
    "\n  query CustomerBankBusiness($id: ID!) {\n    customer(id: $id) {\n      id\n      bankBusiness {\n        asOf\n        depositBalance depositAvg90d depositBand depositAccounts\n        loanBalance loanBand loanCount overdueDays maxOverdueDays worstClass\n        wealthBalance wealthBand wealthCount\n        customerSince monthsAsCustomer\n        services activeServices30d\n        trend { month asOf depositBalance loanBalance depositBand loanBand }\n      }\n    }\n  }\n": typeof types.CustomerBankBusinessDocument,
    "\n  fragment RatingFields on Rating {\n    score grade gradeLabel\n    card { id name version province maxScore }\n    items { code label value bin points maxPoints }\n    reasons vetoes vetoReasons recommendedQuota ratedAt\n  }\n": typeof types.RatingFieldsFragmentDoc,
    "\n  query CustomerRating($id: ID!) {\n    customer(id: $id) {\n      id\n      rating { ...RatingFields }\n      ratingHistory { quarter score grade ratedAt }\n    }\n  }\n": typeof types.CustomerRatingDocument,
    "\n  mutation RateCustomer($id: ID!) {\n    rateCustomer(id: $id) {\n      rating { ...RatingFields }\n      errors { code field message messageEn }\n    }\n  }\n": typeof types.RateCustomerDocument,
    "\n  query CustomerHistory($id: ID!) {\n    customer(id: $id) {\n      id\n      history {\n        version action channel changedAt changedByClient note changedBy { id name employeeNo }\n        changes { path label labelEn kind enumType before after withheld }\n      }\n      assignments { assignedAt fromManagerId toManagerId fromBranchId toBranchId reason }\n    }\n  }\n": typeof types.CustomerHistoryDocument,
    "\n  query ExtraFieldDefinitions {\n    extraFieldDefinitions { code labelZh labelEn kind required choices minValue maxValue pattern maxLength position }\n  }\n": typeof types.ExtraFieldDefinitionsDocument,
    "\n  query Regions($parentCode: String) {\n    regions(parentCode: $parentCode) { code name level hasChildren }\n  }\n": typeof types.RegionsDocument,
    "\n  fragment ArchivePayloadFields on ArchivePayload {\n    customer { ...CustomerDetailFields }\n    errors { field code message messageEn }\n    warnings { code message messageEn relatedIds }\n    conflict { serverVersion current { ...CustomerDetailFields } }\n    duplicateOf\n    violations { code severity origin message messageEn }\n  }\n": typeof types.ArchivePayloadFieldsFragmentDoc,
    "\n  fragment ArchiveTransitionPayloadFields on ArchiveTransitionPayload {\n    customer { ...CustomerDetailFields }\n    errors { field code message messageEn }\n    conflict { serverVersion current { ...CustomerDetailFields } }\n    violations { code severity origin message messageEn }\n  }\n": typeof types.ArchiveTransitionPayloadFieldsFragmentDoc,
    "\n  mutation CreateArchive($input: CreateArchiveInput!) {\n    createArchive(input: $input) { ...ArchivePayloadFields }\n  }\n": typeof types.CreateArchiveDocument,
    "\n  mutation UpdateArchive($input: UpdateArchiveInput!) {\n    updateArchive(input: $input) { ...ArchivePayloadFields }\n  }\n": typeof types.UpdateArchiveDocument,
    "\n  mutation SubmitArchive($input: ArchiveTransitionInput!) {\n    submitArchive(input: $input) { ...ArchiveTransitionPayloadFields }\n  }\n": typeof types.SubmitArchiveDocument,
    "\n  mutation VerifyArchive($input: ArchiveTransitionInput!) {\n    verifyArchive(input: $input) {\n      customer { ...CustomerDetailFields }\n      errors { field code message messageEn }\n      violations { code severity origin message messageEn }\n    }\n  }\n": typeof types.VerifyArchiveDocument,
    "\n  query CustomerVerification($id: ID!) {\n    customer(id: $id) {\n      id\n      version\n      status\n      manager { id }\n      branch { id }\n      verification {\n        canVerify needsOverride overrideAllowed batchAllowed\n        blockers { field code message messageEn }\n        violations { code severity origin message messageEn overridable }\n      }\n    }\n  }\n": typeof types.CustomerVerificationDocument,
    "\n  query ReviewInbox($first: Int!, $after: String, $order: TimeOrder! = TIME_ASC) {\n    reviewInbox(first: $first, after: $after, order: $order) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id version name submittedAt\n          branch { id name }\n          manager { id name employeeNo }\n          evaluation { completeness violations { code severity } }\n          verification { batchAllowed blockers { code message messageEn } }\n        }\n      }\n    }\n  }\n": typeof types.ReviewInboxDocument,
    "\n  query ReviewInboxCount {\n    reviewInbox(first: 1) { totalCount }\n  }\n": typeof types.ReviewInboxCountDocument,
    "\n  mutation VerifyArchives($input: VerifyArchivesInput!) {\n    verifyArchives(input: $input) {\n      verified { id name status }\n      failed { id errors { field code message messageEn } }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.VerifyArchivesDocument,
    "\n  mutation ReturnArchive($input: ArchiveTransitionInput!) {\n    returnArchive(input: $input) { ...ArchiveTransitionPayloadFields }\n  }\n": typeof types.ReturnArchiveDocument,
    "\n  mutation CloseArchive($input: ArchiveTransitionInput!) {\n    closeArchive(input: $input) { ...ArchiveTransitionPayloadFields }\n  }\n": typeof types.CloseArchiveDocument,
    "\n  mutation TransferArchives($input: TransferArchivesInput!) {\n    transferArchives(input: $input) { moved errors { field code message messageEn } }\n  }\n": typeof types.TransferArchivesDocument,
    "\n  mutation Reveal($input: RevealInput!) {\n    reveal(input: $input) { value errors { field code message messageEn } }\n  }\n": typeof types.RevealDocument,
    "\n  query AuditRecords($first: Int!, $after: String, $action: String, $targetType: String, $targetId: String, $actorUsername: String, $order: TimeOrder! = TIME_DESC) {\n    auditRecords(first: $first, after: $after, action: $action, targetType: $targetType, targetId: $targetId, actorUsername: $actorUsername, order: $order) {\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id occurredAt action actorUserId actorUsername actorClientId targetType targetId targetField detail requestId } }\n    }\n  }\n": typeof types.AuditRecordsDocument,
    "\n  query OrgUnits($rootId: ID) {\n    orgUnits(rootId: $rootId) { id code name level status parentId bankId depth }\n  }\n": typeof types.OrgUnitsDocument,
    "\n  query StaffUsers($first: Int!, $after: String, $orgUnitId: ID, $status: StaffStatus, $role: Role, $search: String) {\n    staffUsers(first: $first, after: $after, orgUnitId: $orgUnitId, status: $status, role: $role, search: $search) {\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id username employeeNo name roles status createdAt phone lockedUntil orgUnit { id name code level } } }\n    }\n  }\n": typeof types.StaffUsersDocument,
    "\n  mutation CreateOrgUnit($input: CreateOrgUnitInput!) {\n    createOrgUnit(input: $input) { orgUnit { id code name level status parentId bankId depth } errors { field code message messageEn } }\n  }\n": typeof types.CreateOrgUnitDocument,
    "\n  mutation UpdateOrgUnit($input: UpdateOrgUnitInput!) {\n    updateOrgUnit(input: $input) { orgUnit { id code name level status parentId bankId depth } errors { field code message messageEn } }\n  }\n": typeof types.UpdateOrgUnitDocument,
    "\n  mutation CreateStaffUser($input: CreateStaffUserInput!) {\n    createStaffUser(input: $input) { user { id username name roles status } pendingChange { id status } errors { field code message messageEn } }\n  }\n": typeof types.CreateStaffUserDocument,
    "\n  mutation SetStaffUserStatus($input: SetStaffUserStatusInput!) {\n    setStaffUserStatus(input: $input) { user { id status } errors { field code message messageEn } }\n  }\n": typeof types.SetStaffUserStatusDocument,
    "\n  mutation SetStaffUserRoles($input: SetStaffUserRolesInput!) {\n    setStaffUserRoles(input: $input) { user { id roles } pendingChange { id status } errors { field code message messageEn } }\n  }\n": typeof types.SetStaffUserRolesDocument,
    "\n  mutation ResetStaffUserPassword($input: ResetStaffUserPasswordInput!) {\n    resetStaffUserPassword(input: $input) { user { id lockedUntil } errors { field code message messageEn } }\n  }\n": typeof types.ResetStaffUserPasswordDocument,
    "\n  mutation UnlockStaffUser($input: UnlockStaffUserInput!) {\n    unlockStaffUser(input: $input) { user { id lockedUntil } errors { field code message messageEn } }\n  }\n": typeof types.UnlockStaffUserDocument,
    "\n  mutation UpdateStaffUser($input: UpdateStaffUserInput!) {\n    updateStaffUser(input: $input) { user { id name phone } errors { field code message messageEn } }\n  }\n": typeof types.UpdateStaffUserDocument,
    "\n  mutation MoveStaffUser($input: MoveStaffUserInput!) {\n    moveStaffUser(input: $input) { user { id orgUnit { id name code level } } errors { field code message messageEn } }\n  }\n": typeof types.MoveStaffUserDocument,
    "\n  fragment RuleFields on Rule { code kind severity enabled messageZh messageEn params segment overrides overridable position }\n": typeof types.RuleFieldsFragmentDoc,
    "\n  query RuleFieldCatalog {\n    ruleFields { path label type presenceOnly }\n  }\n": typeof types.RuleFieldCatalogDocument,
    "\n  query RuleSets($scope: RuleScope, $includeSuperseded: Boolean!) {\n    ruleSets(scope: $scope, includeSuperseded: $includeSuperseded) {\n      id scope bankId version status name effectiveFrom publishedAt\n      rules { ...RuleFields }\n    }\n  }\n": typeof types.RuleSetsDocument,
    "\n  mutation SaveRuleSet($input: SaveRuleSetInput!) {\n    saveRuleSet(input: $input) {\n      ruleSet { id scope bankId version status name effectiveFrom publishedAt rules { ...RuleFields } }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.SaveRuleSetDocument,
    "\n  mutation DryRunRuleSet($id: ID!, $sample: Int) {\n    dryRunRuleSet(id: $id, sample: $sample) {\n      report {\n        archives sampled newlyFailing newlyPassing preciseBefore preciseAfter\n        byRule { code severity message messageEn newlyFailing newlyPassing failing }\n        byBranch { branchId branchName archives newlyFailing newlyPassing preciseBefore preciseAfter }\n      }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.DryRunRuleSetDocument,
    "\n  mutation PublishRuleSet($id: ID!) {\n    publishRuleSet(id: $id) {\n      ruleSet { id status version publishedAt }\n      run { id status total done }\n      pendingChange { id status }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.PublishRuleSetDocument,
    "\n  fragment PendingChangeFields on PendingChange {\n    id kind status targetType targetId requestedAt decidedAt decisionNote\n    username name roles previousRoles ruleSetVersion ruleSetScope scorecardVersion scorecardScope scorecardBank\n    requestedBy { id name username }\n    decidedBy { id name username }\n    viewerCanDecide viewerIsRequester\n    evaluationRun { ...EvaluationRunFields }\n  }\n": typeof types.PendingChangeFieldsFragmentDoc,
    "\n  query PendingChanges($status: ChangeStatus, $first: Int!, $after: String, $order: TimeOrder! = TIME_DESC) {\n    pendingChanges(status: $status, first: $first, after: $after, order: $order) {\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...PendingChangeFields } }\n    }\n  }\n": typeof types.PendingChangesDocument,
    "\n  fragment PendingChangePayloadFields on PendingChangePayload { change { ...PendingChangeFields } errors { field code message messageEn } }\n": typeof types.PendingChangePayloadFieldsFragmentDoc,
    "\n  mutation ApprovePendingChange($id: ID!) { approvePendingChange(id: $id) { ...PendingChangePayloadFields } }\n": typeof types.ApprovePendingChangeDocument,
    "\n  mutation RejectPendingChange($input: RejectPendingChangeInput!) { rejectPendingChange(input: $input) { ...PendingChangePayloadFields } }\n": typeof types.RejectPendingChangeDocument,
    "\n  mutation CancelPendingChange($id: ID!) { cancelPendingChange(id: $id) { ...PendingChangePayloadFields } }\n": typeof types.CancelPendingChangeDocument,
    "\n  fragment EvaluationRunFields on EvaluationRun { id status total done startedAt finishedAt }\n": typeof types.EvaluationRunFieldsFragmentDoc,
    "\n  query EvaluationRun($id: ID!) {\n    evaluationRun(id: $id) { ...EvaluationRunFields }\n  }\n": typeof types.EvaluationRunDocument,
    "\n  query ArchiveStatistics($orgUnitId: ID) {\n    archiveStatistics(orgUnitId: $orgUnitId) {\n      unit { ...UnitStatisticsFields }\n      children { ...UnitStatisticsFields }\n      managers { manager { id name } archives evaluated complete precise preciseRate }\n    }\n  }\n": typeof types.ArchiveStatisticsDocument,
    "\n  fragment UnitStatisticsFields on OrgUnitStatistics {\n    orgUnit { id name code level }\n    archives evaluated complete precise preciseRate\n    topFailingRules { code severity count message messageEn }\n  }\n": typeof types.UnitStatisticsFieldsFragmentDoc,
    "\n  mutation ImportArchives($file: Upload!, $branchId: ID!, $manager: String) {\n    importArchives(file: $file, branchId: $branchId, managerEmployeeNo: $manager) {\n      ...ImportReportFields\n    }\n  }\n": typeof types.ImportArchivesDocument,
    "\n  query ImportBatch($id: ID!) {\n    importBatch(id: $id) { ...ImportReportFields }\n  }\n": typeof types.ImportBatchDocument,
    "\n  fragment ImportReportFields on ImportReport {\n    batchId status fileName totalRows imported skipped failed repeated createdAt failure errorWorkbookUrl\n    running estimatedRows finishedAt branchName createdByName\n    fileErrors { field code message messageEn }\n    errors(first: 200) { row column code message messageEn }\n    skips(first: 200) { row column code message messageEn }\n  }\n": typeof types.ImportReportFieldsFragmentDoc,
    "\n  query ArchiveTrend($orgUnitId: ID, $months: Int!) {\n    archiveTrend(orgUnitId: $orgUnitId, months: $months) { month channel archives }\n  }\n": typeof types.ArchiveTrendDocument,
    "\n  fragment CustomerImageFields on CustomerImage {\n    id customerId kind kindLabel status takenAt receivedAt processedAt\n    latitude longitude accuracyM deviceId uploadedByNo uploadedBy { id name employeeNo }\n    width height originalSha256 resultSha256 keyId c2pa failure deletedAt deleteReason purgedAt\n    url thumbnailUrl\n  }\n": typeof types.CustomerImageFieldsFragmentDoc,
    "\n  query CustomerImages($id: ID!, $includeDeleted: Boolean!) {\n    customer(id: $id) {\n      id\n      viewerCan { deleteImage }\n      images(includeDeleted: $includeDeleted) { ...CustomerImageFields }\n    }\n  }\n": typeof types.CustomerImagesDocument,
    "\n  mutation UploadImage($input: UploadImageInput!, $file: Upload!) {\n    uploadImage(input: $input, file: $file) {\n      image { id kind status }\n      duplicate\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.UploadImageDocument,
    "\n  mutation DeleteImage($id: ID!, $reason: String!) {\n    deleteImage(id: $id, reason: $reason) {\n      image { id deletedAt deleteReason }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.DeleteImageDocument,
    "\n  mutation VerifyImage($file: Upload!) {\n    verifyImage(file: $file) {\n      verdict reason details\n      errors { field code message messageEn }\n      image { ...CustomerImageFields signature manifest }\n    }\n  }\n": typeof types.VerifyImageDocument,
    "\n  query WarehouseImports($first: Int!, $after: String, $rejects: Int!, $order: TimeOrder! = TIME_DESC) {\n    warehouseImports(first: $first, after: $after, order: $order) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id bankId subject businessDate source fileName encoding status\n          recordCount importedCount rejectedCount unmatchedCount\n          errorCode errorMessage errorMessageEn startedBy startedAt finishedAt\n          rejects(first: $rejects) { lineNo code field message messageEn }\n        }\n      }\n    }\n  }\n": typeof types.WarehouseImportsDocument,
    "\n  fragment ScorecardFields on Scorecard {\n    id name version status province bankId basePoints maxScore createdBy createdAt approvedBy publishedAt\n    bank { id name }\n    items { code label variable variableLabel kind maxPoints bins { label points min max values missing } }\n    grades { code label min quotaCap incomeMultiple watch }\n    vetoes\n    pendingChange { id status requestedAt viewerIsRequester viewerCanDecide requestedBy { id name } }\n  }\n": typeof types.ScorecardFieldsFragmentDoc,
    "\n  query Scorecards($includeSuperseded: Boolean!) {\n    scorecards(includeSuperseded: $includeSuperseded) { ...ScorecardFields }\n  }\n": typeof types.ScorecardsDocument,
    "\n  query Scorecard($id: ID!) {\n    scorecard(id: $id) { ...ScorecardFields }\n  }\n": typeof types.ScorecardDocument,
    "\n  query ScorecardVariables {\n    scorecardVariables { path label numeric }\n  }\n": typeof types.ScorecardVariablesDocument,
    "\n  mutation SaveScorecard($input: SaveScorecardInput!) {\n    saveScorecard(input: $input) {\n      scorecard { ...ScorecardFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.SaveScorecardDocument,
    "\n  mutation DryRunScorecard($id: ID!, $sample: Int) {\n    dryRunScorecard(id: $id, sample: $sample) {\n      report {\n        archives sampled banks meanInForce meanDraft upgraded downgraded newlyVetoed\n        inForce { id name version province }\n        grades { grade label inForce draft }\n        bands { fromScore inForce draft }\n        moves { fromGrade toGrade count }\n      }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.DryRunScorecardDocument,
    "\n  mutation DeleteScorecard($id: ID!) {\n    deleteScorecard(id: $id) {\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.DeleteScorecardDocument,
    "\n  mutation RequestScorecardPublish($id: ID!) {\n    requestScorecardPublish(id: $id) {\n      scorecard { ...ScorecardFields }\n      change { id status }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.RequestScorecardPublishDocument,
    "\n  query RatingMigration($orgUnitId: ID!, $fromQuarter: String!, $toQuarter: String!) {\n    ratingMigration(orgUnitId: $orgUnitId, fromQuarter: $fromQuarter, toQuarter: $toQuarter) { fromGrade toGrade count }\n  }\n": typeof types.RatingMigrationDocument,
    "\n  query RatingDistribution($orgUnitId: ID!, $quarter: String!) {\n    ratingDistribution(orgUnitId: $orgUnitId, quarter: $quarter) {\n      orgUnit { id name code level }\n      total\n      grades { grade count }\n    }\n  }\n": typeof types.RatingDistributionDocument,
    "\n  query RatingWarnings($orgUnitId: ID, $quarter: String, $mine: Boolean!, $first: Int!) {\n    ratingWarnings(orgUnitId: $orgUnitId, quarter: $quarter, mine: $mine, first: $first) {\n      customerId quarter kind fromGrade toGrade newVetoes managerId\n      customer { id name branch { id name } manager { id name } }\n    }\n  }\n": typeof types.RatingWarningsDocument,
    "\n  fragment ProductFields on Product {\n    id code version status name description amountMin amountMax terms rateMin rateMax\n    repaymentMethods channels sampleRate validFrom validTo createdBy createdAt\n    eligibility { preciseArchive minGrade noVeto ageMin ageMax regions }\n    processes { maxAmount processKey }\n    bank { id name code }\n  }\n": typeof types.ProductFieldsFragmentDoc,
    "\n  query Products($includeRetired: Boolean!) {\n    products(includeRetired: $includeRetired) { ...ProductFields }\n  }\n": typeof types.ProductsDocument,
    "\n  mutation SaveProduct($input: ProductInput!) {\n    saveProduct(input: $input) {\n      product { ...ProductFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.SaveProductDocument,
    "\n  mutation RetireProduct($id: ID!) {\n    retireProduct(id: $id) {\n      product { id status }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.RetireProductDocument,
    "\n  fragment ProcessDefinitionFields on ProcessDefinition {\n    id key version status name template createdBy createdAt\n    bank { id name code }\n    lanes { name role level }\n    tasks { id name lane }\n    timers { id name task duration interrupting }\n  }\n": typeof types.ProcessDefinitionFieldsFragmentDoc,
    "\n  query ProcessDefinitions($includeSuperseded: Boolean!) {\n    processDefinitions(includeSuperseded: $includeSuperseded) { ...ProcessDefinitionFields }\n  }\n": typeof types.ProcessDefinitionsDocument,
    "\n  query ProcessDefinitionXml($id: ID!) {\n    processDefinition(id: $id) { id key name version bpmnXml }\n  }\n": typeof types.ProcessDefinitionXmlDocument,
    "\n  mutation UploadProcess($input: UploadProcessInput!) {\n    uploadProcess(input: $input) {\n      process { ...ProcessDefinitionFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.UploadProcessDocument,
    "\n  query ApplicationCheck($customerId: ID!, $productId: ID!) {\n    applicationCheck(customerId: $customerId, productId: $productId, channel: BRANCH) {\n      eligible\n      reasons { code message messageEn }\n      recommendedQuota\n      rating { score grade gradeLabel }\n      product { id }\n    }\n  }\n": typeof types.ApplicationCheckDocument,
    "\n  fragment ApplicationListFields on Application {\n    id number status productCode amount term createdAt decidedAt\n    customer { id name }\n    product { id name }\n    applicant { id name }\n    branch { id name }\n    process { currentElements }\n    tasks { id name status }\n  }\n": typeof types.ApplicationListFieldsFragmentDoc,
    "\n  query Applications($status: [ApplicationStatus!], $customerId: ID, $mine: Boolean!, $first: Int!, $after: String, $order: ApplicationOrder! = CREATED_DESC) {\n    applications(status: $status, customerId: $customerId, mine: $mine, first: $first, after: $after, order: $order) {\n      edges { node { ...ApplicationListFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ApplicationsDocument,
    "\n  fragment ApplicationTaskFields on ApprovalTask {\n    id elementId name status outcome createdAt dueAt completedAt overdue\n    claimedBy { id name }\n    viewerCan { claim release decide }\n    delegates { id name employeeNo }\n  }\n": typeof types.ApplicationTaskFieldsFragmentDoc,
    "\n  fragment QuotaFields on Quota {\n    id productCode status amount usedAmount availableAmount term rate repaymentMethod validFrom validTo createdAt updatedAt\n  }\n": typeof types.QuotaFieldsFragmentDoc,
    "\n  fragment ApplicationDetailFields on Application {\n    id number status channel productCode amount term repaymentMethod purpose overReason\n    score grade recommendedQuota sampled approvedAmount approvedTerm rate createdAt updatedAt decidedAt\n    customer { id name }\n    rating { ...RatingFields }\n    product { id name code version terms repaymentMethods amountMin amountMax rateMin rateMax }\n    applicant { id name employeeNo }\n    branch { id name }\n    attachments { ...CustomerImageFields }\n    process { definition { id key name version } bpmnXml currentElements completedElements }\n    history { id action elementId elementName amount term rate comment at system actor { id name username } toUser { id name } }\n    tasks { ...ApplicationTaskFields }\n    quota { ...QuotaFields }\n    viewerCan { resubmit withdraw }\n  }\n": typeof types.ApplicationDetailFieldsFragmentDoc,
    "\n  query Application($id: ID!) {\n    application(id: $id) { ...ApplicationDetailFields }\n  }\n": typeof types.ApplicationDocument,
    "\n  query ApprovalTasks($box: TaskBox!, $overdue: Boolean!, $first: Int!, $after: String, $order: TaskOrder! = CREATED_ASC) {\n    approvalTasks(box: $box, overdue: $overdue, first: $first, after: $after, order: $order) {\n      edges {\n        node {\n          id elementId name status createdAt dueAt overdue\n          claimedBy { id name }\n          application { id number amount term customer { id name } product { id name } branch { id name } applicant { id name } }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ApprovalTasksDocument,
    "\n  query ApprovalInboxCounts {\n    approvalInboxCounts { queue mine overdue }\n  }\n": typeof types.ApprovalInboxCountsDocument,
    "\n  fragment ApplicationPayloadFields on ApplicationPayload {\n    application { id number status }\n    errors { field code message messageEn }\n  }\n": typeof types.ApplicationPayloadFieldsFragmentDoc,
    "\n  mutation SubmitApplication($input: SubmitApplicationInput!) {\n    submitApplication(input: $input) { ...ApplicationPayloadFields }\n  }\n": typeof types.SubmitApplicationDocument,
    "\n  mutation ResubmitApplication($input: ResubmitApplicationInput!) {\n    resubmitApplication(input: $input) { ...ApplicationPayloadFields }\n  }\n": typeof types.ResubmitApplicationDocument,
    "\n  mutation WithdrawApplication($input: WithdrawApplicationInput!) {\n    withdrawApplication(input: $input) { ...ApplicationPayloadFields }\n  }\n": typeof types.WithdrawApplicationDocument,
    "\n  fragment TaskPayloadFields on ApprovalTaskPayload {\n    task { id status }\n    application { id status }\n    errors { field code message messageEn }\n  }\n": typeof types.TaskPayloadFieldsFragmentDoc,
    "\n  mutation ClaimTask($id: ID!) {\n    claimTask(id: $id) { ...TaskPayloadFields }\n  }\n": typeof types.ClaimTaskDocument,
    "\n  mutation ReleaseTask($id: ID!) {\n    releaseTask(id: $id) { ...TaskPayloadFields }\n  }\n": typeof types.ReleaseTaskDocument,
    "\n  mutation ApproveTask($input: ApproveTaskInput!) {\n    approveTask(input: $input) { ...TaskPayloadFields }\n  }\n": typeof types.ApproveTaskDocument,
    "\n  mutation RejectTask($input: RejectTaskInput!) {\n    rejectTask(input: $input) { ...TaskPayloadFields }\n  }\n": typeof types.RejectTaskDocument,
    "\n  mutation ReturnTask($input: ReturnTaskInput!) {\n    returnTask(input: $input) { ...TaskPayloadFields }\n  }\n": typeof types.ReturnTaskDocument,
    "\n  mutation DelegateTask($input: DelegateTaskInput!) {\n    delegateTask(input: $input) { ...TaskPayloadFields }\n  }\n": typeof types.DelegateTaskDocument,
    "\n  mutation ChangeQuota($input: ChangeQuotaInput!) {\n    changeQuota(input: $input) {\n      quota { ...QuotaFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.ChangeQuotaDocument,
    "\n  query CustomerLoans($customerId: ID!) {\n    quotas(customerId: $customerId, first: 50) { edges { node { ...QuotaFields reservedAmount } } }\n    loans(customerId: $customerId) {\n      id number productCode status amount term rate account disbursedAmount outstanding overdueDays reason createdAt disbursedAt closedAt\n    }\n    textMessages(customerId: $customerId) { id event status reason to text attempts createdAt sentAt receiptAt }\n  }\n": typeof types.CustomerLoansDocument,
    "\n  fragment SegmentModelFields on SegmentModel {\n    id name description condition expression reminder fields status version createdAt updatedAt evaluatedAt\n    owner { id name level }\n    viewerCanEdit memberCount\n  }\n": typeof types.SegmentModelFieldsFragmentDoc,
    "\n  query SegmentModels($status: SegmentModelStatus) {\n    segmentModels(status: $status) { ...SegmentModelFields }\n  }\n": typeof types.SegmentModelsDocument,
    "\n  query SegmentModel($id: ID!) {\n    segmentModel(id: $id) {\n      ...SegmentModelFields\n      countsByUnit { unit { id name code } members }\n      trend { day members }\n    }\n  }\n": typeof types.SegmentModelDocument,
    "\n  query SegmentModelMembers($id: ID!, $first: Int!, $after: String) {\n    segmentModel(id: $id) {\n      id\n      members(first: $first, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        edges { cursor node { id name idNumber status blacklisted branch { id name } manager { id name } } }\n      }\n    }\n  }\n": typeof types.SegmentModelMembersDocument,
    "\n  query SegmentFields {\n    segmentFields { path label type presenceOnly }\n  }\n": typeof types.SegmentFieldsDocument,
    "\n  mutation SaveSegmentModel($input: SaveSegmentModelInput!) {\n    saveSegmentModel(input: $input) {\n      model { ...SegmentModelFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.SaveSegmentModelDocument,
    "\n  mutation EvaluateSegmentModel($id: ID!) {\n    evaluateSegmentModel(id: $id) {\n      model { ...SegmentModelFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.EvaluateSegmentModelDocument,
    "\n  mutation RetireSegmentModel($id: ID!) {\n    retireSegmentModel(id: $id) {\n      model { ...SegmentModelFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.RetireSegmentModelDocument,
    "\n  fragment ReminderFields on Reminder {\n    id kind title dueOn status snoozedUntil note createdAt closedAt overdue\n    customer { id name }\n  }\n": typeof types.ReminderFieldsFragmentDoc,
    "\n  query MyReminders($status: ReminderStatus!, $first: Int!) {\n    myReminders(status: $status, first: $first) { ...ReminderFields }\n  }\n": typeof types.MyRemindersDocument,
    "\n  mutation WorkReminder($input: WorkReminderInput!) {\n    workReminder(input: $input) {\n      reminder { ...ReminderFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.WorkReminderDocument,
    "\n  fragment ContactFields on Contact {\n    id channel outcome note contactedAt reminderId\n    staff { id name }\n  }\n": typeof types.ContactFieldsFragmentDoc,
    "\n  mutation LogContact($input: LogContactInput!) {\n    logContact(input: $input) {\n      contact { ...ContactFields }\n      errors { field code message messageEn }\n    }\n  }\n": typeof types.LogContactDocument,
    "\n  query CustomerContacts($customerId: ID!) {\n    customerContacts(customerId: $customerId) { ...ContactFields }\n  }\n": typeof types.CustomerContactsDocument,
    "\n  query ReminderLoad($orgUnitId: ID) {\n    reminderLoad(orgUnitId: $orgUnitId) {\n      open overdue\n      manager { id name employeeNo orgUnit { id name } }\n    }\n  }\n": typeof types.ReminderLoadDocument,
    "\n  query ContactStats($since: Date!, $until: Date!, $orgUnitId: ID) {\n    contactStats(since: $since, until: $until, orgUnitId: $orgUnitId) {\n      contacts customers\n      staff { id name employeeNo orgUnit { id name } }\n    }\n  }\n": typeof types.ContactStatsDocument,
    "\n  fragment ReportFigures on ReportRow {\n    archives verified evaluated precise preciseRate rated\n    quotasActive quotaAmount quotaUsed quotaUseRate\n    created applications decided approved rejected approvalRate meanDecisionHours approvedAmount\n    quotasGranted grantedAmount\n    reminders remindersDone contacts contactedReminders convertedApplications convertedQuotas\n  }\n": typeof types.ReportFiguresFragmentDoc,
    "\n  query ReportSummary($since: Date!, $until: Date!, $orgUnitId: ID) {\n    report(since: $since, until: $until, orgUnitId: $orgUnitId, first: 1) {\n      orgUnit { id name level parentId bankId }\n      level asOf startsAfter\n      total {\n        ...ReportFigures\n        grades { grade count }\n        gradeMoves { fromGrade toGrade count }\n      }\n    }\n  }\n": typeof types.ReportSummaryDocument,
    "\n  query ReportRanking(\n    $since: Date!, $until: Date!, $orgUnitId: ID, $level: ReportLevel, $orderBy: ReportOrder!, $descending: Boolean!,\n    $first: Int!, $offset: Int!, $nameContains: String\n  ) {\n    report(\n      since: $since, until: $until, orgUnitId: $orgUnitId, level: $level, orderBy: $orderBy, descending: $descending,\n      first: $first, offset: $offset, nameContains: $nameContains\n    ) {\n      level offset rowCount\n      rows {\n        orgUnit { id name level }\n        manager { id name employeeNo }\n        unassigned\n        ...ReportFigures\n        grades { grade count }\n      }\n    }\n  }\n": typeof types.ReportRankingDocument,
    "\n  query ReportTrend($since: Date!, $until: Date!, $orgUnitId: ID) {\n    reportTrend(since: $since, until: $until, orgUnitId: $orgUnitId) { day archives precise preciseRate created }\n  }\n": typeof types.ReportTrendDocument,
    "\n  query MonthlyReports($orgUnitId: ID) {\n    monthlyReports(orgUnitId: $orgUnitId) { id month size createdAt downloadPath orgUnit { id name level } }\n  }\n": typeof types.MonthlyReportsDocument,
};
const documents: Documents = {
    "\n  query ImportBatches($first: Int!) {\n    importBatches(first: $first) {\n      batchId status running fileName branchName createdByName createdAt finishedAt\n      totalRows estimatedRows imported skipped failed failure errorWorkbookUrl\n    }\n  }\n": types.ImportBatchesDocument,
    "\n  query BankExtraFields {\n    extraFieldDefinitions(includeInactive: true) {\n      code labelZh labelEn kind required choices minValue maxValue pattern maxLength position active\n    }\n  }\n": types.BankExtraFieldsDocument,
    "\n  mutation DefineExtraField($input: ExtraFieldDefinitionInput!) {\n    defineExtraField(input: $input) {\n      definition { code labelZh kind active }\n      errors { field code message messageEn }\n    }\n  }\n": types.DefineExtraFieldDocument,
    "\n  query BankLogo {\n    bankLogo { width height sha256 uploadedAt dataUrl }\n  }\n": types.BankLogoDocument,
    "\n  mutation UploadBankLogo($file: Upload!) {\n    uploadBankLogo(file: $file) {\n      logo { width height sha256 uploadedAt dataUrl }\n      errors { field code message messageEn }\n    }\n  }\n": types.UploadBankLogoDocument,
    "\n  mutation RemoveBankLogo {\n    removeBankLogo { errors { field code message messageEn } }\n  }\n": types.RemoveBankLogoDocument,
    "\n  query Me {\n    me {\n      kind\n      roles\n      permissions\n      searchFilters { filter allowed counted }\n      user { id name username employeeNo }\n      orgUnit { id name code level bankId }\n    }\n  }\n": types.MeDocument,
    "\n  fragment CustomerListFields on Customer {\n    id\n    version\n    name\n    idNumber\n    mobile\n    status\n    channel\n    gender\n    birthDate\n    updatedAt\n    address { regionCode regionName villageCode }\n    branch { id name }\n    manager { id name employeeNo }\n    evaluation { completeness precise }\n    blacklisted\n  }\n": types.CustomerListFieldsFragmentDoc,
    "\n  query Customers($filter: CustomerFilter, $first: Int!, $after: String, $order: ArchiveOrder! = NAME_ASC) {\n    customers(filter: $filter, first: $first, after: $after, order: $order) {\n      estimatedTotal\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...CustomerListFields } }\n    }\n  }\n": types.CustomersDocument,
    "\n  query CustomersFailingRule($code: String!, $first: Int!, $after: String, $order: ArchiveOrder! = NAME_ASC) {\n    customersFailingRule(code: $code, first: $first, after: $after, order: $order) {\n      estimatedTotal\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...CustomerListFields } }\n    }\n  }\n": types.CustomersFailingRuleDocument,
    "\n  fragment CustomerDetailFields on Customer {\n    id\n    version\n    status\n    channel\n    name\n    gender\n    birthDate\n    idNumber\n    idExpiry\n    idLongTerm\n    ethnicity\n    education\n    maritalStatus\n    health\n    mobile\n    altPhone\n    returnReasons\n    submittedAt\n    verifiedAt\n    createdAt\n    updatedAt\n    ecifCustomerNo\n    blacklisted\n    address { regionCode regionName townshipCode villageCode line }\n    household { size registerNo isHead }\n    familyMembers { relation name occupation annualIncome labourCapacity idNumber }\n    land { contractedMu rentedMu crops }\n    livestock { kind count value }\n    assets { kind description value }\n    income { farming business wages other total }\n    liabilities { lender amount overdue overdueAmount }\n    business { name industry creditCode licenceNo annualTurnover employees }\n    social { villageCreditRating remarks }\n    consent { wordingVersion consentedAt channel formImageRef shareWithFederation }\n    branch { id name code }\n    manager { id name employeeNo }\n    viewerCan { edit submit verify returnForRework close transfer uploadImage deleteImage }\n    revealable { type field }\n    extraFields {\n      code\n      definition { code labelZh labelEn kind }\n      ... on TextFieldValue { text }\n      ... on NumberFieldValue { number }\n      ... on DateFieldValue { date }\n      ... on ChoiceFieldValue { choice }\n      ... on BooleanFieldValue { flag }\n    }\n    evaluation {\n      completeness\n      precise\n      evaluatedAt\n      violations { code severity origin message messageEn overridable }\n    }\n  }\n": types.CustomerDetailFieldsFragmentDoc,
    "\n  query Customer($id: ID!) {\n    customer(id: $id) { ...CustomerDetailFields }\n  }\n": types.CustomerDocument,
    "\n  query CustomerBankBusiness($id: ID!) {\n    customer(id: $id) {\n      id\n      bankBusiness {\n        asOf\n        depositBalance depositAvg90d depositBand depositAccounts\n        loanBalance loanBand loanCount overdueDays maxOverdueDays worstClass\n        wealthBalance wealthBand wealthCount\n        customerSince monthsAsCustomer\n        services activeServices30d\n        trend { month asOf depositBalance loanBalance depositBand loanBand }\n      }\n    }\n  }\n": types.CustomerBankBusinessDocument,
    "\n  fragment RatingFields on Rating {\n    score grade gradeLabel\n    card { id name version province maxScore }\n    items { code label value bin points maxPoints }\n    reasons vetoes vetoReasons recommendedQuota ratedAt\n  }\n": types.RatingFieldsFragmentDoc,
    "\n  query CustomerRating($id: ID!) {\n    customer(id: $id) {\n      id\n      rating { ...RatingFields }\n      ratingHistory { quarter score grade ratedAt }\n    }\n  }\n": types.CustomerRatingDocument,
    "\n  mutation RateCustomer($id: ID!) {\n    rateCustomer(id: $id) {\n      rating { ...RatingFields }\n      errors { code field message messageEn }\n    }\n  }\n": types.RateCustomerDocument,
    "\n  query CustomerHistory($id: ID!) {\n    customer(id: $id) {\n      id\n      history {\n        version action channel changedAt changedByClient note changedBy { id name employeeNo }\n        changes { path label labelEn kind enumType before after withheld }\n      }\n      assignments { assignedAt fromManagerId toManagerId fromBranchId toBranchId reason }\n    }\n  }\n": types.CustomerHistoryDocument,
    "\n  query ExtraFieldDefinitions {\n    extraFieldDefinitions { code labelZh labelEn kind required choices minValue maxValue pattern maxLength position }\n  }\n": types.ExtraFieldDefinitionsDocument,
    "\n  query Regions($parentCode: String) {\n    regions(parentCode: $parentCode) { code name level hasChildren }\n  }\n": types.RegionsDocument,
    "\n  fragment ArchivePayloadFields on ArchivePayload {\n    customer { ...CustomerDetailFields }\n    errors { field code message messageEn }\n    warnings { code message messageEn relatedIds }\n    conflict { serverVersion current { ...CustomerDetailFields } }\n    duplicateOf\n    violations { code severity origin message messageEn }\n  }\n": types.ArchivePayloadFieldsFragmentDoc,
    "\n  fragment ArchiveTransitionPayloadFields on ArchiveTransitionPayload {\n    customer { ...CustomerDetailFields }\n    errors { field code message messageEn }\n    conflict { serverVersion current { ...CustomerDetailFields } }\n    violations { code severity origin message messageEn }\n  }\n": types.ArchiveTransitionPayloadFieldsFragmentDoc,
    "\n  mutation CreateArchive($input: CreateArchiveInput!) {\n    createArchive(input: $input) { ...ArchivePayloadFields }\n  }\n": types.CreateArchiveDocument,
    "\n  mutation UpdateArchive($input: UpdateArchiveInput!) {\n    updateArchive(input: $input) { ...ArchivePayloadFields }\n  }\n": types.UpdateArchiveDocument,
    "\n  mutation SubmitArchive($input: ArchiveTransitionInput!) {\n    submitArchive(input: $input) { ...ArchiveTransitionPayloadFields }\n  }\n": types.SubmitArchiveDocument,
    "\n  mutation VerifyArchive($input: ArchiveTransitionInput!) {\n    verifyArchive(input: $input) {\n      customer { ...CustomerDetailFields }\n      errors { field code message messageEn }\n      violations { code severity origin message messageEn }\n    }\n  }\n": types.VerifyArchiveDocument,
    "\n  query CustomerVerification($id: ID!) {\n    customer(id: $id) {\n      id\n      version\n      status\n      manager { id }\n      branch { id }\n      verification {\n        canVerify needsOverride overrideAllowed batchAllowed\n        blockers { field code message messageEn }\n        violations { code severity origin message messageEn overridable }\n      }\n    }\n  }\n": types.CustomerVerificationDocument,
    "\n  query ReviewInbox($first: Int!, $after: String, $order: TimeOrder! = TIME_ASC) {\n    reviewInbox(first: $first, after: $after, order: $order) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id version name submittedAt\n          branch { id name }\n          manager { id name employeeNo }\n          evaluation { completeness violations { code severity } }\n          verification { batchAllowed blockers { code message messageEn } }\n        }\n      }\n    }\n  }\n": types.ReviewInboxDocument,
    "\n  query ReviewInboxCount {\n    reviewInbox(first: 1) { totalCount }\n  }\n": types.ReviewInboxCountDocument,
    "\n  mutation VerifyArchives($input: VerifyArchivesInput!) {\n    verifyArchives(input: $input) {\n      verified { id name status }\n      failed { id errors { field code message messageEn } }\n      errors { field code message messageEn }\n    }\n  }\n": types.VerifyArchivesDocument,
    "\n  mutation ReturnArchive($input: ArchiveTransitionInput!) {\n    returnArchive(input: $input) { ...ArchiveTransitionPayloadFields }\n  }\n": types.ReturnArchiveDocument,
    "\n  mutation CloseArchive($input: ArchiveTransitionInput!) {\n    closeArchive(input: $input) { ...ArchiveTransitionPayloadFields }\n  }\n": types.CloseArchiveDocument,
    "\n  mutation TransferArchives($input: TransferArchivesInput!) {\n    transferArchives(input: $input) { moved errors { field code message messageEn } }\n  }\n": types.TransferArchivesDocument,
    "\n  mutation Reveal($input: RevealInput!) {\n    reveal(input: $input) { value errors { field code message messageEn } }\n  }\n": types.RevealDocument,
    "\n  query AuditRecords($first: Int!, $after: String, $action: String, $targetType: String, $targetId: String, $actorUsername: String, $order: TimeOrder! = TIME_DESC) {\n    auditRecords(first: $first, after: $after, action: $action, targetType: $targetType, targetId: $targetId, actorUsername: $actorUsername, order: $order) {\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id occurredAt action actorUserId actorUsername actorClientId targetType targetId targetField detail requestId } }\n    }\n  }\n": types.AuditRecordsDocument,
    "\n  query OrgUnits($rootId: ID) {\n    orgUnits(rootId: $rootId) { id code name level status parentId bankId depth }\n  }\n": types.OrgUnitsDocument,
    "\n  query StaffUsers($first: Int!, $after: String, $orgUnitId: ID, $status: StaffStatus, $role: Role, $search: String) {\n    staffUsers(first: $first, after: $after, orgUnitId: $orgUnitId, status: $status, role: $role, search: $search) {\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id username employeeNo name roles status createdAt phone lockedUntil orgUnit { id name code level } } }\n    }\n  }\n": types.StaffUsersDocument,
    "\n  mutation CreateOrgUnit($input: CreateOrgUnitInput!) {\n    createOrgUnit(input: $input) { orgUnit { id code name level status parentId bankId depth } errors { field code message messageEn } }\n  }\n": types.CreateOrgUnitDocument,
    "\n  mutation UpdateOrgUnit($input: UpdateOrgUnitInput!) {\n    updateOrgUnit(input: $input) { orgUnit { id code name level status parentId bankId depth } errors { field code message messageEn } }\n  }\n": types.UpdateOrgUnitDocument,
    "\n  mutation CreateStaffUser($input: CreateStaffUserInput!) {\n    createStaffUser(input: $input) { user { id username name roles status } pendingChange { id status } errors { field code message messageEn } }\n  }\n": types.CreateStaffUserDocument,
    "\n  mutation SetStaffUserStatus($input: SetStaffUserStatusInput!) {\n    setStaffUserStatus(input: $input) { user { id status } errors { field code message messageEn } }\n  }\n": types.SetStaffUserStatusDocument,
    "\n  mutation SetStaffUserRoles($input: SetStaffUserRolesInput!) {\n    setStaffUserRoles(input: $input) { user { id roles } pendingChange { id status } errors { field code message messageEn } }\n  }\n": types.SetStaffUserRolesDocument,
    "\n  mutation ResetStaffUserPassword($input: ResetStaffUserPasswordInput!) {\n    resetStaffUserPassword(input: $input) { user { id lockedUntil } errors { field code message messageEn } }\n  }\n": types.ResetStaffUserPasswordDocument,
    "\n  mutation UnlockStaffUser($input: UnlockStaffUserInput!) {\n    unlockStaffUser(input: $input) { user { id lockedUntil } errors { field code message messageEn } }\n  }\n": types.UnlockStaffUserDocument,
    "\n  mutation UpdateStaffUser($input: UpdateStaffUserInput!) {\n    updateStaffUser(input: $input) { user { id name phone } errors { field code message messageEn } }\n  }\n": types.UpdateStaffUserDocument,
    "\n  mutation MoveStaffUser($input: MoveStaffUserInput!) {\n    moveStaffUser(input: $input) { user { id orgUnit { id name code level } } errors { field code message messageEn } }\n  }\n": types.MoveStaffUserDocument,
    "\n  fragment RuleFields on Rule { code kind severity enabled messageZh messageEn params segment overrides overridable position }\n": types.RuleFieldsFragmentDoc,
    "\n  query RuleFieldCatalog {\n    ruleFields { path label type presenceOnly }\n  }\n": types.RuleFieldCatalogDocument,
    "\n  query RuleSets($scope: RuleScope, $includeSuperseded: Boolean!) {\n    ruleSets(scope: $scope, includeSuperseded: $includeSuperseded) {\n      id scope bankId version status name effectiveFrom publishedAt\n      rules { ...RuleFields }\n    }\n  }\n": types.RuleSetsDocument,
    "\n  mutation SaveRuleSet($input: SaveRuleSetInput!) {\n    saveRuleSet(input: $input) {\n      ruleSet { id scope bankId version status name effectiveFrom publishedAt rules { ...RuleFields } }\n      errors { field code message messageEn }\n    }\n  }\n": types.SaveRuleSetDocument,
    "\n  mutation DryRunRuleSet($id: ID!, $sample: Int) {\n    dryRunRuleSet(id: $id, sample: $sample) {\n      report {\n        archives sampled newlyFailing newlyPassing preciseBefore preciseAfter\n        byRule { code severity message messageEn newlyFailing newlyPassing failing }\n        byBranch { branchId branchName archives newlyFailing newlyPassing preciseBefore preciseAfter }\n      }\n      errors { field code message messageEn }\n    }\n  }\n": types.DryRunRuleSetDocument,
    "\n  mutation PublishRuleSet($id: ID!) {\n    publishRuleSet(id: $id) {\n      ruleSet { id status version publishedAt }\n      run { id status total done }\n      pendingChange { id status }\n      errors { field code message messageEn }\n    }\n  }\n": types.PublishRuleSetDocument,
    "\n  fragment PendingChangeFields on PendingChange {\n    id kind status targetType targetId requestedAt decidedAt decisionNote\n    username name roles previousRoles ruleSetVersion ruleSetScope scorecardVersion scorecardScope scorecardBank\n    requestedBy { id name username }\n    decidedBy { id name username }\n    viewerCanDecide viewerIsRequester\n    evaluationRun { ...EvaluationRunFields }\n  }\n": types.PendingChangeFieldsFragmentDoc,
    "\n  query PendingChanges($status: ChangeStatus, $first: Int!, $after: String, $order: TimeOrder! = TIME_DESC) {\n    pendingChanges(status: $status, first: $first, after: $after, order: $order) {\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...PendingChangeFields } }\n    }\n  }\n": types.PendingChangesDocument,
    "\n  fragment PendingChangePayloadFields on PendingChangePayload { change { ...PendingChangeFields } errors { field code message messageEn } }\n": types.PendingChangePayloadFieldsFragmentDoc,
    "\n  mutation ApprovePendingChange($id: ID!) { approvePendingChange(id: $id) { ...PendingChangePayloadFields } }\n": types.ApprovePendingChangeDocument,
    "\n  mutation RejectPendingChange($input: RejectPendingChangeInput!) { rejectPendingChange(input: $input) { ...PendingChangePayloadFields } }\n": types.RejectPendingChangeDocument,
    "\n  mutation CancelPendingChange($id: ID!) { cancelPendingChange(id: $id) { ...PendingChangePayloadFields } }\n": types.CancelPendingChangeDocument,
    "\n  fragment EvaluationRunFields on EvaluationRun { id status total done startedAt finishedAt }\n": types.EvaluationRunFieldsFragmentDoc,
    "\n  query EvaluationRun($id: ID!) {\n    evaluationRun(id: $id) { ...EvaluationRunFields }\n  }\n": types.EvaluationRunDocument,
    "\n  query ArchiveStatistics($orgUnitId: ID) {\n    archiveStatistics(orgUnitId: $orgUnitId) {\n      unit { ...UnitStatisticsFields }\n      children { ...UnitStatisticsFields }\n      managers { manager { id name } archives evaluated complete precise preciseRate }\n    }\n  }\n": types.ArchiveStatisticsDocument,
    "\n  fragment UnitStatisticsFields on OrgUnitStatistics {\n    orgUnit { id name code level }\n    archives evaluated complete precise preciseRate\n    topFailingRules { code severity count message messageEn }\n  }\n": types.UnitStatisticsFieldsFragmentDoc,
    "\n  mutation ImportArchives($file: Upload!, $branchId: ID!, $manager: String) {\n    importArchives(file: $file, branchId: $branchId, managerEmployeeNo: $manager) {\n      ...ImportReportFields\n    }\n  }\n": types.ImportArchivesDocument,
    "\n  query ImportBatch($id: ID!) {\n    importBatch(id: $id) { ...ImportReportFields }\n  }\n": types.ImportBatchDocument,
    "\n  fragment ImportReportFields on ImportReport {\n    batchId status fileName totalRows imported skipped failed repeated createdAt failure errorWorkbookUrl\n    running estimatedRows finishedAt branchName createdByName\n    fileErrors { field code message messageEn }\n    errors(first: 200) { row column code message messageEn }\n    skips(first: 200) { row column code message messageEn }\n  }\n": types.ImportReportFieldsFragmentDoc,
    "\n  query ArchiveTrend($orgUnitId: ID, $months: Int!) {\n    archiveTrend(orgUnitId: $orgUnitId, months: $months) { month channel archives }\n  }\n": types.ArchiveTrendDocument,
    "\n  fragment CustomerImageFields on CustomerImage {\n    id customerId kind kindLabel status takenAt receivedAt processedAt\n    latitude longitude accuracyM deviceId uploadedByNo uploadedBy { id name employeeNo }\n    width height originalSha256 resultSha256 keyId c2pa failure deletedAt deleteReason purgedAt\n    url thumbnailUrl\n  }\n": types.CustomerImageFieldsFragmentDoc,
    "\n  query CustomerImages($id: ID!, $includeDeleted: Boolean!) {\n    customer(id: $id) {\n      id\n      viewerCan { deleteImage }\n      images(includeDeleted: $includeDeleted) { ...CustomerImageFields }\n    }\n  }\n": types.CustomerImagesDocument,
    "\n  mutation UploadImage($input: UploadImageInput!, $file: Upload!) {\n    uploadImage(input: $input, file: $file) {\n      image { id kind status }\n      duplicate\n      errors { field code message messageEn }\n    }\n  }\n": types.UploadImageDocument,
    "\n  mutation DeleteImage($id: ID!, $reason: String!) {\n    deleteImage(id: $id, reason: $reason) {\n      image { id deletedAt deleteReason }\n      errors { field code message messageEn }\n    }\n  }\n": types.DeleteImageDocument,
    "\n  mutation VerifyImage($file: Upload!) {\n    verifyImage(file: $file) {\n      verdict reason details\n      errors { field code message messageEn }\n      image { ...CustomerImageFields signature manifest }\n    }\n  }\n": types.VerifyImageDocument,
    "\n  query WarehouseImports($first: Int!, $after: String, $rejects: Int!, $order: TimeOrder! = TIME_DESC) {\n    warehouseImports(first: $first, after: $after, order: $order) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id bankId subject businessDate source fileName encoding status\n          recordCount importedCount rejectedCount unmatchedCount\n          errorCode errorMessage errorMessageEn startedBy startedAt finishedAt\n          rejects(first: $rejects) { lineNo code field message messageEn }\n        }\n      }\n    }\n  }\n": types.WarehouseImportsDocument,
    "\n  fragment ScorecardFields on Scorecard {\n    id name version status province bankId basePoints maxScore createdBy createdAt approvedBy publishedAt\n    bank { id name }\n    items { code label variable variableLabel kind maxPoints bins { label points min max values missing } }\n    grades { code label min quotaCap incomeMultiple watch }\n    vetoes\n    pendingChange { id status requestedAt viewerIsRequester viewerCanDecide requestedBy { id name } }\n  }\n": types.ScorecardFieldsFragmentDoc,
    "\n  query Scorecards($includeSuperseded: Boolean!) {\n    scorecards(includeSuperseded: $includeSuperseded) { ...ScorecardFields }\n  }\n": types.ScorecardsDocument,
    "\n  query Scorecard($id: ID!) {\n    scorecard(id: $id) { ...ScorecardFields }\n  }\n": types.ScorecardDocument,
    "\n  query ScorecardVariables {\n    scorecardVariables { path label numeric }\n  }\n": types.ScorecardVariablesDocument,
    "\n  mutation SaveScorecard($input: SaveScorecardInput!) {\n    saveScorecard(input: $input) {\n      scorecard { ...ScorecardFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.SaveScorecardDocument,
    "\n  mutation DryRunScorecard($id: ID!, $sample: Int) {\n    dryRunScorecard(id: $id, sample: $sample) {\n      report {\n        archives sampled banks meanInForce meanDraft upgraded downgraded newlyVetoed\n        inForce { id name version province }\n        grades { grade label inForce draft }\n        bands { fromScore inForce draft }\n        moves { fromGrade toGrade count }\n      }\n      errors { field code message messageEn }\n    }\n  }\n": types.DryRunScorecardDocument,
    "\n  mutation DeleteScorecard($id: ID!) {\n    deleteScorecard(id: $id) {\n      errors { field code message messageEn }\n    }\n  }\n": types.DeleteScorecardDocument,
    "\n  mutation RequestScorecardPublish($id: ID!) {\n    requestScorecardPublish(id: $id) {\n      scorecard { ...ScorecardFields }\n      change { id status }\n      errors { field code message messageEn }\n    }\n  }\n": types.RequestScorecardPublishDocument,
    "\n  query RatingMigration($orgUnitId: ID!, $fromQuarter: String!, $toQuarter: String!) {\n    ratingMigration(orgUnitId: $orgUnitId, fromQuarter: $fromQuarter, toQuarter: $toQuarter) { fromGrade toGrade count }\n  }\n": types.RatingMigrationDocument,
    "\n  query RatingDistribution($orgUnitId: ID!, $quarter: String!) {\n    ratingDistribution(orgUnitId: $orgUnitId, quarter: $quarter) {\n      orgUnit { id name code level }\n      total\n      grades { grade count }\n    }\n  }\n": types.RatingDistributionDocument,
    "\n  query RatingWarnings($orgUnitId: ID, $quarter: String, $mine: Boolean!, $first: Int!) {\n    ratingWarnings(orgUnitId: $orgUnitId, quarter: $quarter, mine: $mine, first: $first) {\n      customerId quarter kind fromGrade toGrade newVetoes managerId\n      customer { id name branch { id name } manager { id name } }\n    }\n  }\n": types.RatingWarningsDocument,
    "\n  fragment ProductFields on Product {\n    id code version status name description amountMin amountMax terms rateMin rateMax\n    repaymentMethods channels sampleRate validFrom validTo createdBy createdAt\n    eligibility { preciseArchive minGrade noVeto ageMin ageMax regions }\n    processes { maxAmount processKey }\n    bank { id name code }\n  }\n": types.ProductFieldsFragmentDoc,
    "\n  query Products($includeRetired: Boolean!) {\n    products(includeRetired: $includeRetired) { ...ProductFields }\n  }\n": types.ProductsDocument,
    "\n  mutation SaveProduct($input: ProductInput!) {\n    saveProduct(input: $input) {\n      product { ...ProductFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.SaveProductDocument,
    "\n  mutation RetireProduct($id: ID!) {\n    retireProduct(id: $id) {\n      product { id status }\n      errors { field code message messageEn }\n    }\n  }\n": types.RetireProductDocument,
    "\n  fragment ProcessDefinitionFields on ProcessDefinition {\n    id key version status name template createdBy createdAt\n    bank { id name code }\n    lanes { name role level }\n    tasks { id name lane }\n    timers { id name task duration interrupting }\n  }\n": types.ProcessDefinitionFieldsFragmentDoc,
    "\n  query ProcessDefinitions($includeSuperseded: Boolean!) {\n    processDefinitions(includeSuperseded: $includeSuperseded) { ...ProcessDefinitionFields }\n  }\n": types.ProcessDefinitionsDocument,
    "\n  query ProcessDefinitionXml($id: ID!) {\n    processDefinition(id: $id) { id key name version bpmnXml }\n  }\n": types.ProcessDefinitionXmlDocument,
    "\n  mutation UploadProcess($input: UploadProcessInput!) {\n    uploadProcess(input: $input) {\n      process { ...ProcessDefinitionFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.UploadProcessDocument,
    "\n  query ApplicationCheck($customerId: ID!, $productId: ID!) {\n    applicationCheck(customerId: $customerId, productId: $productId, channel: BRANCH) {\n      eligible\n      reasons { code message messageEn }\n      recommendedQuota\n      rating { score grade gradeLabel }\n      product { id }\n    }\n  }\n": types.ApplicationCheckDocument,
    "\n  fragment ApplicationListFields on Application {\n    id number status productCode amount term createdAt decidedAt\n    customer { id name }\n    product { id name }\n    applicant { id name }\n    branch { id name }\n    process { currentElements }\n    tasks { id name status }\n  }\n": types.ApplicationListFieldsFragmentDoc,
    "\n  query Applications($status: [ApplicationStatus!], $customerId: ID, $mine: Boolean!, $first: Int!, $after: String, $order: ApplicationOrder! = CREATED_DESC) {\n    applications(status: $status, customerId: $customerId, mine: $mine, first: $first, after: $after, order: $order) {\n      edges { node { ...ApplicationListFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ApplicationsDocument,
    "\n  fragment ApplicationTaskFields on ApprovalTask {\n    id elementId name status outcome createdAt dueAt completedAt overdue\n    claimedBy { id name }\n    viewerCan { claim release decide }\n    delegates { id name employeeNo }\n  }\n": types.ApplicationTaskFieldsFragmentDoc,
    "\n  fragment QuotaFields on Quota {\n    id productCode status amount usedAmount availableAmount term rate repaymentMethod validFrom validTo createdAt updatedAt\n  }\n": types.QuotaFieldsFragmentDoc,
    "\n  fragment ApplicationDetailFields on Application {\n    id number status channel productCode amount term repaymentMethod purpose overReason\n    score grade recommendedQuota sampled approvedAmount approvedTerm rate createdAt updatedAt decidedAt\n    customer { id name }\n    rating { ...RatingFields }\n    product { id name code version terms repaymentMethods amountMin amountMax rateMin rateMax }\n    applicant { id name employeeNo }\n    branch { id name }\n    attachments { ...CustomerImageFields }\n    process { definition { id key name version } bpmnXml currentElements completedElements }\n    history { id action elementId elementName amount term rate comment at system actor { id name username } toUser { id name } }\n    tasks { ...ApplicationTaskFields }\n    quota { ...QuotaFields }\n    viewerCan { resubmit withdraw }\n  }\n": types.ApplicationDetailFieldsFragmentDoc,
    "\n  query Application($id: ID!) {\n    application(id: $id) { ...ApplicationDetailFields }\n  }\n": types.ApplicationDocument,
    "\n  query ApprovalTasks($box: TaskBox!, $overdue: Boolean!, $first: Int!, $after: String, $order: TaskOrder! = CREATED_ASC) {\n    approvalTasks(box: $box, overdue: $overdue, first: $first, after: $after, order: $order) {\n      edges {\n        node {\n          id elementId name status createdAt dueAt overdue\n          claimedBy { id name }\n          application { id number amount term customer { id name } product { id name } branch { id name } applicant { id name } }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ApprovalTasksDocument,
    "\n  query ApprovalInboxCounts {\n    approvalInboxCounts { queue mine overdue }\n  }\n": types.ApprovalInboxCountsDocument,
    "\n  fragment ApplicationPayloadFields on ApplicationPayload {\n    application { id number status }\n    errors { field code message messageEn }\n  }\n": types.ApplicationPayloadFieldsFragmentDoc,
    "\n  mutation SubmitApplication($input: SubmitApplicationInput!) {\n    submitApplication(input: $input) { ...ApplicationPayloadFields }\n  }\n": types.SubmitApplicationDocument,
    "\n  mutation ResubmitApplication($input: ResubmitApplicationInput!) {\n    resubmitApplication(input: $input) { ...ApplicationPayloadFields }\n  }\n": types.ResubmitApplicationDocument,
    "\n  mutation WithdrawApplication($input: WithdrawApplicationInput!) {\n    withdrawApplication(input: $input) { ...ApplicationPayloadFields }\n  }\n": types.WithdrawApplicationDocument,
    "\n  fragment TaskPayloadFields on ApprovalTaskPayload {\n    task { id status }\n    application { id status }\n    errors { field code message messageEn }\n  }\n": types.TaskPayloadFieldsFragmentDoc,
    "\n  mutation ClaimTask($id: ID!) {\n    claimTask(id: $id) { ...TaskPayloadFields }\n  }\n": types.ClaimTaskDocument,
    "\n  mutation ReleaseTask($id: ID!) {\n    releaseTask(id: $id) { ...TaskPayloadFields }\n  }\n": types.ReleaseTaskDocument,
    "\n  mutation ApproveTask($input: ApproveTaskInput!) {\n    approveTask(input: $input) { ...TaskPayloadFields }\n  }\n": types.ApproveTaskDocument,
    "\n  mutation RejectTask($input: RejectTaskInput!) {\n    rejectTask(input: $input) { ...TaskPayloadFields }\n  }\n": types.RejectTaskDocument,
    "\n  mutation ReturnTask($input: ReturnTaskInput!) {\n    returnTask(input: $input) { ...TaskPayloadFields }\n  }\n": types.ReturnTaskDocument,
    "\n  mutation DelegateTask($input: DelegateTaskInput!) {\n    delegateTask(input: $input) { ...TaskPayloadFields }\n  }\n": types.DelegateTaskDocument,
    "\n  mutation ChangeQuota($input: ChangeQuotaInput!) {\n    changeQuota(input: $input) {\n      quota { ...QuotaFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.ChangeQuotaDocument,
    "\n  query CustomerLoans($customerId: ID!) {\n    quotas(customerId: $customerId, first: 50) { edges { node { ...QuotaFields reservedAmount } } }\n    loans(customerId: $customerId) {\n      id number productCode status amount term rate account disbursedAmount outstanding overdueDays reason createdAt disbursedAt closedAt\n    }\n    textMessages(customerId: $customerId) { id event status reason to text attempts createdAt sentAt receiptAt }\n  }\n": types.CustomerLoansDocument,
    "\n  fragment SegmentModelFields on SegmentModel {\n    id name description condition expression reminder fields status version createdAt updatedAt evaluatedAt\n    owner { id name level }\n    viewerCanEdit memberCount\n  }\n": types.SegmentModelFieldsFragmentDoc,
    "\n  query SegmentModels($status: SegmentModelStatus) {\n    segmentModels(status: $status) { ...SegmentModelFields }\n  }\n": types.SegmentModelsDocument,
    "\n  query SegmentModel($id: ID!) {\n    segmentModel(id: $id) {\n      ...SegmentModelFields\n      countsByUnit { unit { id name code } members }\n      trend { day members }\n    }\n  }\n": types.SegmentModelDocument,
    "\n  query SegmentModelMembers($id: ID!, $first: Int!, $after: String) {\n    segmentModel(id: $id) {\n      id\n      members(first: $first, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        edges { cursor node { id name idNumber status blacklisted branch { id name } manager { id name } } }\n      }\n    }\n  }\n": types.SegmentModelMembersDocument,
    "\n  query SegmentFields {\n    segmentFields { path label type presenceOnly }\n  }\n": types.SegmentFieldsDocument,
    "\n  mutation SaveSegmentModel($input: SaveSegmentModelInput!) {\n    saveSegmentModel(input: $input) {\n      model { ...SegmentModelFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.SaveSegmentModelDocument,
    "\n  mutation EvaluateSegmentModel($id: ID!) {\n    evaluateSegmentModel(id: $id) {\n      model { ...SegmentModelFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.EvaluateSegmentModelDocument,
    "\n  mutation RetireSegmentModel($id: ID!) {\n    retireSegmentModel(id: $id) {\n      model { ...SegmentModelFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.RetireSegmentModelDocument,
    "\n  fragment ReminderFields on Reminder {\n    id kind title dueOn status snoozedUntil note createdAt closedAt overdue\n    customer { id name }\n  }\n": types.ReminderFieldsFragmentDoc,
    "\n  query MyReminders($status: ReminderStatus!, $first: Int!) {\n    myReminders(status: $status, first: $first) { ...ReminderFields }\n  }\n": types.MyRemindersDocument,
    "\n  mutation WorkReminder($input: WorkReminderInput!) {\n    workReminder(input: $input) {\n      reminder { ...ReminderFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.WorkReminderDocument,
    "\n  fragment ContactFields on Contact {\n    id channel outcome note contactedAt reminderId\n    staff { id name }\n  }\n": types.ContactFieldsFragmentDoc,
    "\n  mutation LogContact($input: LogContactInput!) {\n    logContact(input: $input) {\n      contact { ...ContactFields }\n      errors { field code message messageEn }\n    }\n  }\n": types.LogContactDocument,
    "\n  query CustomerContacts($customerId: ID!) {\n    customerContacts(customerId: $customerId) { ...ContactFields }\n  }\n": types.CustomerContactsDocument,
    "\n  query ReminderLoad($orgUnitId: ID) {\n    reminderLoad(orgUnitId: $orgUnitId) {\n      open overdue\n      manager { id name employeeNo orgUnit { id name } }\n    }\n  }\n": types.ReminderLoadDocument,
    "\n  query ContactStats($since: Date!, $until: Date!, $orgUnitId: ID) {\n    contactStats(since: $since, until: $until, orgUnitId: $orgUnitId) {\n      contacts customers\n      staff { id name employeeNo orgUnit { id name } }\n    }\n  }\n": types.ContactStatsDocument,
    "\n  fragment ReportFigures on ReportRow {\n    archives verified evaluated precise preciseRate rated\n    quotasActive quotaAmount quotaUsed quotaUseRate\n    created applications decided approved rejected approvalRate meanDecisionHours approvedAmount\n    quotasGranted grantedAmount\n    reminders remindersDone contacts contactedReminders convertedApplications convertedQuotas\n  }\n": types.ReportFiguresFragmentDoc,
    "\n  query ReportSummary($since: Date!, $until: Date!, $orgUnitId: ID) {\n    report(since: $since, until: $until, orgUnitId: $orgUnitId, first: 1) {\n      orgUnit { id name level parentId bankId }\n      level asOf startsAfter\n      total {\n        ...ReportFigures\n        grades { grade count }\n        gradeMoves { fromGrade toGrade count }\n      }\n    }\n  }\n": types.ReportSummaryDocument,
    "\n  query ReportRanking(\n    $since: Date!, $until: Date!, $orgUnitId: ID, $level: ReportLevel, $orderBy: ReportOrder!, $descending: Boolean!,\n    $first: Int!, $offset: Int!, $nameContains: String\n  ) {\n    report(\n      since: $since, until: $until, orgUnitId: $orgUnitId, level: $level, orderBy: $orderBy, descending: $descending,\n      first: $first, offset: $offset, nameContains: $nameContains\n    ) {\n      level offset rowCount\n      rows {\n        orgUnit { id name level }\n        manager { id name employeeNo }\n        unassigned\n        ...ReportFigures\n        grades { grade count }\n      }\n    }\n  }\n": types.ReportRankingDocument,
    "\n  query ReportTrend($since: Date!, $until: Date!, $orgUnitId: ID) {\n    reportTrend(since: $since, until: $until, orgUnitId: $orgUnitId) { day archives precise preciseRate created }\n  }\n": types.ReportTrendDocument,
    "\n  query MonthlyReports($orgUnitId: ID) {\n    monthlyReports(orgUnitId: $orgUnitId) { id month size createdAt downloadPath orgUnit { id name level } }\n  }\n": types.MonthlyReportsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportBatches($first: Int!) {\n    importBatches(first: $first) {\n      batchId status running fileName branchName createdByName createdAt finishedAt\n      totalRows estimatedRows imported skipped failed failure errorWorkbookUrl\n    }\n  }\n"): typeof import('./graphql').ImportBatchesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BankExtraFields {\n    extraFieldDefinitions(includeInactive: true) {\n      code labelZh labelEn kind required choices minValue maxValue pattern maxLength position active\n    }\n  }\n"): typeof import('./graphql').BankExtraFieldsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DefineExtraField($input: ExtraFieldDefinitionInput!) {\n    defineExtraField(input: $input) {\n      definition { code labelZh kind active }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').DefineExtraFieldDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BankLogo {\n    bankLogo { width height sha256 uploadedAt dataUrl }\n  }\n"): typeof import('./graphql').BankLogoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadBankLogo($file: Upload!) {\n    uploadBankLogo(file: $file) {\n      logo { width height sha256 uploadedAt dataUrl }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').UploadBankLogoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveBankLogo {\n    removeBankLogo { errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').RemoveBankLogoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      kind\n      roles\n      permissions\n      searchFilters { filter allowed counted }\n      user { id name username employeeNo }\n      orgUnit { id name code level bankId }\n    }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerListFields on Customer {\n    id\n    version\n    name\n    idNumber\n    mobile\n    status\n    channel\n    gender\n    birthDate\n    updatedAt\n    address { regionCode regionName villageCode }\n    branch { id name }\n    manager { id name employeeNo }\n    evaluation { completeness precise }\n    blacklisted\n  }\n"): typeof import('./graphql').CustomerListFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customers($filter: CustomerFilter, $first: Int!, $after: String, $order: ArchiveOrder! = NAME_ASC) {\n    customers(filter: $filter, first: $first, after: $after, order: $order) {\n      estimatedTotal\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...CustomerListFields } }\n    }\n  }\n"): typeof import('./graphql').CustomersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomersFailingRule($code: String!, $first: Int!, $after: String, $order: ArchiveOrder! = NAME_ASC) {\n    customersFailingRule(code: $code, first: $first, after: $after, order: $order) {\n      estimatedTotal\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...CustomerListFields } }\n    }\n  }\n"): typeof import('./graphql').CustomersFailingRuleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerDetailFields on Customer {\n    id\n    version\n    status\n    channel\n    name\n    gender\n    birthDate\n    idNumber\n    idExpiry\n    idLongTerm\n    ethnicity\n    education\n    maritalStatus\n    health\n    mobile\n    altPhone\n    returnReasons\n    submittedAt\n    verifiedAt\n    createdAt\n    updatedAt\n    ecifCustomerNo\n    blacklisted\n    address { regionCode regionName townshipCode villageCode line }\n    household { size registerNo isHead }\n    familyMembers { relation name occupation annualIncome labourCapacity idNumber }\n    land { contractedMu rentedMu crops }\n    livestock { kind count value }\n    assets { kind description value }\n    income { farming business wages other total }\n    liabilities { lender amount overdue overdueAmount }\n    business { name industry creditCode licenceNo annualTurnover employees }\n    social { villageCreditRating remarks }\n    consent { wordingVersion consentedAt channel formImageRef shareWithFederation }\n    branch { id name code }\n    manager { id name employeeNo }\n    viewerCan { edit submit verify returnForRework close transfer uploadImage deleteImage }\n    revealable { type field }\n    extraFields {\n      code\n      definition { code labelZh labelEn kind }\n      ... on TextFieldValue { text }\n      ... on NumberFieldValue { number }\n      ... on DateFieldValue { date }\n      ... on ChoiceFieldValue { choice }\n      ... on BooleanFieldValue { flag }\n    }\n    evaluation {\n      completeness\n      precise\n      evaluatedAt\n      violations { code severity origin message messageEn overridable }\n    }\n  }\n"): typeof import('./graphql').CustomerDetailFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customer($id: ID!) {\n    customer(id: $id) { ...CustomerDetailFields }\n  }\n"): typeof import('./graphql').CustomerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerBankBusiness($id: ID!) {\n    customer(id: $id) {\n      id\n      bankBusiness {\n        asOf\n        depositBalance depositAvg90d depositBand depositAccounts\n        loanBalance loanBand loanCount overdueDays maxOverdueDays worstClass\n        wealthBalance wealthBand wealthCount\n        customerSince monthsAsCustomer\n        services activeServices30d\n        trend { month asOf depositBalance loanBalance depositBand loanBand }\n      }\n    }\n  }\n"): typeof import('./graphql').CustomerBankBusinessDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RatingFields on Rating {\n    score grade gradeLabel\n    card { id name version province maxScore }\n    items { code label value bin points maxPoints }\n    reasons vetoes vetoReasons recommendedQuota ratedAt\n  }\n"): typeof import('./graphql').RatingFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerRating($id: ID!) {\n    customer(id: $id) {\n      id\n      rating { ...RatingFields }\n      ratingHistory { quarter score grade ratedAt }\n    }\n  }\n"): typeof import('./graphql').CustomerRatingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RateCustomer($id: ID!) {\n    rateCustomer(id: $id) {\n      rating { ...RatingFields }\n      errors { code field message messageEn }\n    }\n  }\n"): typeof import('./graphql').RateCustomerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerHistory($id: ID!) {\n    customer(id: $id) {\n      id\n      history {\n        version action channel changedAt changedByClient note changedBy { id name employeeNo }\n        changes { path label labelEn kind enumType before after withheld }\n      }\n      assignments { assignedAt fromManagerId toManagerId fromBranchId toBranchId reason }\n    }\n  }\n"): typeof import('./graphql').CustomerHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExtraFieldDefinitions {\n    extraFieldDefinitions { code labelZh labelEn kind required choices minValue maxValue pattern maxLength position }\n  }\n"): typeof import('./graphql').ExtraFieldDefinitionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Regions($parentCode: String) {\n    regions(parentCode: $parentCode) { code name level hasChildren }\n  }\n"): typeof import('./graphql').RegionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArchivePayloadFields on ArchivePayload {\n    customer { ...CustomerDetailFields }\n    errors { field code message messageEn }\n    warnings { code message messageEn relatedIds }\n    conflict { serverVersion current { ...CustomerDetailFields } }\n    duplicateOf\n    violations { code severity origin message messageEn }\n  }\n"): typeof import('./graphql').ArchivePayloadFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArchiveTransitionPayloadFields on ArchiveTransitionPayload {\n    customer { ...CustomerDetailFields }\n    errors { field code message messageEn }\n    conflict { serverVersion current { ...CustomerDetailFields } }\n    violations { code severity origin message messageEn }\n  }\n"): typeof import('./graphql').ArchiveTransitionPayloadFieldsFragmentDoc;
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
export function graphql(source: "\n  mutation SubmitArchive($input: ArchiveTransitionInput!) {\n    submitArchive(input: $input) { ...ArchiveTransitionPayloadFields }\n  }\n"): typeof import('./graphql').SubmitArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyArchive($input: ArchiveTransitionInput!) {\n    verifyArchive(input: $input) {\n      customer { ...CustomerDetailFields }\n      errors { field code message messageEn }\n      violations { code severity origin message messageEn }\n    }\n  }\n"): typeof import('./graphql').VerifyArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerVerification($id: ID!) {\n    customer(id: $id) {\n      id\n      version\n      status\n      manager { id }\n      branch { id }\n      verification {\n        canVerify needsOverride overrideAllowed batchAllowed\n        blockers { field code message messageEn }\n        violations { code severity origin message messageEn overridable }\n      }\n    }\n  }\n"): typeof import('./graphql').CustomerVerificationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewInbox($first: Int!, $after: String, $order: TimeOrder! = TIME_ASC) {\n    reviewInbox(first: $first, after: $after, order: $order) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id version name submittedAt\n          branch { id name }\n          manager { id name employeeNo }\n          evaluation { completeness violations { code severity } }\n          verification { batchAllowed blockers { code message messageEn } }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ReviewInboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewInboxCount {\n    reviewInbox(first: 1) { totalCount }\n  }\n"): typeof import('./graphql').ReviewInboxCountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyArchives($input: VerifyArchivesInput!) {\n    verifyArchives(input: $input) {\n      verified { id name status }\n      failed { id errors { field code message messageEn } }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').VerifyArchivesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReturnArchive($input: ArchiveTransitionInput!) {\n    returnArchive(input: $input) { ...ArchiveTransitionPayloadFields }\n  }\n"): typeof import('./graphql').ReturnArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseArchive($input: ArchiveTransitionInput!) {\n    closeArchive(input: $input) { ...ArchiveTransitionPayloadFields }\n  }\n"): typeof import('./graphql').CloseArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TransferArchives($input: TransferArchivesInput!) {\n    transferArchives(input: $input) { moved errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').TransferArchivesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reveal($input: RevealInput!) {\n    reveal(input: $input) { value errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').RevealDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditRecords($first: Int!, $after: String, $action: String, $targetType: String, $targetId: String, $actorUsername: String, $order: TimeOrder! = TIME_DESC) {\n    auditRecords(first: $first, after: $after, action: $action, targetType: $targetType, targetId: $targetId, actorUsername: $actorUsername, order: $order) {\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id occurredAt action actorUserId actorUsername actorClientId targetType targetId targetField detail requestId } }\n    }\n  }\n"): typeof import('./graphql').AuditRecordsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrgUnits($rootId: ID) {\n    orgUnits(rootId: $rootId) { id code name level status parentId bankId depth }\n  }\n"): typeof import('./graphql').OrgUnitsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffUsers($first: Int!, $after: String, $orgUnitId: ID, $status: StaffStatus, $role: Role, $search: String) {\n    staffUsers(first: $first, after: $after, orgUnitId: $orgUnitId, status: $status, role: $role, search: $search) {\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id username employeeNo name roles status createdAt phone lockedUntil orgUnit { id name code level } } }\n    }\n  }\n"): typeof import('./graphql').StaffUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrgUnit($input: CreateOrgUnitInput!) {\n    createOrgUnit(input: $input) { orgUnit { id code name level status parentId bankId depth } errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').CreateOrgUnitDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrgUnit($input: UpdateOrgUnitInput!) {\n    updateOrgUnit(input: $input) { orgUnit { id code name level status parentId bankId depth } errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').UpdateOrgUnitDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateStaffUser($input: CreateStaffUserInput!) {\n    createStaffUser(input: $input) { user { id username name roles status } pendingChange { id status } errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').CreateStaffUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetStaffUserStatus($input: SetStaffUserStatusInput!) {\n    setStaffUserStatus(input: $input) { user { id status } errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').SetStaffUserStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetStaffUserRoles($input: SetStaffUserRolesInput!) {\n    setStaffUserRoles(input: $input) { user { id roles } pendingChange { id status } errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').SetStaffUserRolesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetStaffUserPassword($input: ResetStaffUserPasswordInput!) {\n    resetStaffUserPassword(input: $input) { user { id lockedUntil } errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').ResetStaffUserPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnlockStaffUser($input: UnlockStaffUserInput!) {\n    unlockStaffUser(input: $input) { user { id lockedUntil } errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').UnlockStaffUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateStaffUser($input: UpdateStaffUserInput!) {\n    updateStaffUser(input: $input) { user { id name phone } errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').UpdateStaffUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveStaffUser($input: MoveStaffUserInput!) {\n    moveStaffUser(input: $input) { user { id orgUnit { id name code level } } errors { field code message messageEn } }\n  }\n"): typeof import('./graphql').MoveStaffUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RuleFields on Rule { code kind severity enabled messageZh messageEn params segment overrides overridable position }\n"): typeof import('./graphql').RuleFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RuleFieldCatalog {\n    ruleFields { path label type presenceOnly }\n  }\n"): typeof import('./graphql').RuleFieldCatalogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RuleSets($scope: RuleScope, $includeSuperseded: Boolean!) {\n    ruleSets(scope: $scope, includeSuperseded: $includeSuperseded) {\n      id scope bankId version status name effectiveFrom publishedAt\n      rules { ...RuleFields }\n    }\n  }\n"): typeof import('./graphql').RuleSetsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveRuleSet($input: SaveRuleSetInput!) {\n    saveRuleSet(input: $input) {\n      ruleSet { id scope bankId version status name effectiveFrom publishedAt rules { ...RuleFields } }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').SaveRuleSetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DryRunRuleSet($id: ID!, $sample: Int) {\n    dryRunRuleSet(id: $id, sample: $sample) {\n      report {\n        archives sampled newlyFailing newlyPassing preciseBefore preciseAfter\n        byRule { code severity message messageEn newlyFailing newlyPassing failing }\n        byBranch { branchId branchName archives newlyFailing newlyPassing preciseBefore preciseAfter }\n      }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').DryRunRuleSetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishRuleSet($id: ID!) {\n    publishRuleSet(id: $id) {\n      ruleSet { id status version publishedAt }\n      run { id status total done }\n      pendingChange { id status }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').PublishRuleSetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PendingChangeFields on PendingChange {\n    id kind status targetType targetId requestedAt decidedAt decisionNote\n    username name roles previousRoles ruleSetVersion ruleSetScope scorecardVersion scorecardScope scorecardBank\n    requestedBy { id name username }\n    decidedBy { id name username }\n    viewerCanDecide viewerIsRequester\n    evaluationRun { ...EvaluationRunFields }\n  }\n"): typeof import('./graphql').PendingChangeFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingChanges($status: ChangeStatus, $first: Int!, $after: String, $order: TimeOrder! = TIME_DESC) {\n    pendingChanges(status: $status, first: $first, after: $after, order: $order) {\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...PendingChangeFields } }\n    }\n  }\n"): typeof import('./graphql').PendingChangesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PendingChangePayloadFields on PendingChangePayload { change { ...PendingChangeFields } errors { field code message messageEn } }\n"): typeof import('./graphql').PendingChangePayloadFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApprovePendingChange($id: ID!) { approvePendingChange(id: $id) { ...PendingChangePayloadFields } }\n"): typeof import('./graphql').ApprovePendingChangeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectPendingChange($input: RejectPendingChangeInput!) { rejectPendingChange(input: $input) { ...PendingChangePayloadFields } }\n"): typeof import('./graphql').RejectPendingChangeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelPendingChange($id: ID!) { cancelPendingChange(id: $id) { ...PendingChangePayloadFields } }\n"): typeof import('./graphql').CancelPendingChangeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EvaluationRunFields on EvaluationRun { id status total done startedAt finishedAt }\n"): typeof import('./graphql').EvaluationRunFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EvaluationRun($id: ID!) {\n    evaluationRun(id: $id) { ...EvaluationRunFields }\n  }\n"): typeof import('./graphql').EvaluationRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArchiveStatistics($orgUnitId: ID) {\n    archiveStatistics(orgUnitId: $orgUnitId) {\n      unit { ...UnitStatisticsFields }\n      children { ...UnitStatisticsFields }\n      managers { manager { id name } archives evaluated complete precise preciseRate }\n    }\n  }\n"): typeof import('./graphql').ArchiveStatisticsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UnitStatisticsFields on OrgUnitStatistics {\n    orgUnit { id name code level }\n    archives evaluated complete precise preciseRate\n    topFailingRules { code severity count message messageEn }\n  }\n"): typeof import('./graphql').UnitStatisticsFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportArchives($file: Upload!, $branchId: ID!, $manager: String) {\n    importArchives(file: $file, branchId: $branchId, managerEmployeeNo: $manager) {\n      ...ImportReportFields\n    }\n  }\n"): typeof import('./graphql').ImportArchivesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportBatch($id: ID!) {\n    importBatch(id: $id) { ...ImportReportFields }\n  }\n"): typeof import('./graphql').ImportBatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ImportReportFields on ImportReport {\n    batchId status fileName totalRows imported skipped failed repeated createdAt failure errorWorkbookUrl\n    running estimatedRows finishedAt branchName createdByName\n    fileErrors { field code message messageEn }\n    errors(first: 200) { row column code message messageEn }\n    skips(first: 200) { row column code message messageEn }\n  }\n"): typeof import('./graphql').ImportReportFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArchiveTrend($orgUnitId: ID, $months: Int!) {\n    archiveTrend(orgUnitId: $orgUnitId, months: $months) { month channel archives }\n  }\n"): typeof import('./graphql').ArchiveTrendDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerImageFields on CustomerImage {\n    id customerId kind kindLabel status takenAt receivedAt processedAt\n    latitude longitude accuracyM deviceId uploadedByNo uploadedBy { id name employeeNo }\n    width height originalSha256 resultSha256 keyId c2pa failure deletedAt deleteReason purgedAt\n    url thumbnailUrl\n  }\n"): typeof import('./graphql').CustomerImageFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerImages($id: ID!, $includeDeleted: Boolean!) {\n    customer(id: $id) {\n      id\n      viewerCan { deleteImage }\n      images(includeDeleted: $includeDeleted) { ...CustomerImageFields }\n    }\n  }\n"): typeof import('./graphql').CustomerImagesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadImage($input: UploadImageInput!, $file: Upload!) {\n    uploadImage(input: $input, file: $file) {\n      image { id kind status }\n      duplicate\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').UploadImageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteImage($id: ID!, $reason: String!) {\n    deleteImage(id: $id, reason: $reason) {\n      image { id deletedAt deleteReason }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').DeleteImageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyImage($file: Upload!) {\n    verifyImage(file: $file) {\n      verdict reason details\n      errors { field code message messageEn }\n      image { ...CustomerImageFields signature manifest }\n    }\n  }\n"): typeof import('./graphql').VerifyImageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WarehouseImports($first: Int!, $after: String, $rejects: Int!, $order: TimeOrder! = TIME_DESC) {\n    warehouseImports(first: $first, after: $after, order: $order) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id bankId subject businessDate source fileName encoding status\n          recordCount importedCount rejectedCount unmatchedCount\n          errorCode errorMessage errorMessageEn startedBy startedAt finishedAt\n          rejects(first: $rejects) { lineNo code field message messageEn }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').WarehouseImportsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScorecardFields on Scorecard {\n    id name version status province bankId basePoints maxScore createdBy createdAt approvedBy publishedAt\n    bank { id name }\n    items { code label variable variableLabel kind maxPoints bins { label points min max values missing } }\n    grades { code label min quotaCap incomeMultiple watch }\n    vetoes\n    pendingChange { id status requestedAt viewerIsRequester viewerCanDecide requestedBy { id name } }\n  }\n"): typeof import('./graphql').ScorecardFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Scorecards($includeSuperseded: Boolean!) {\n    scorecards(includeSuperseded: $includeSuperseded) { ...ScorecardFields }\n  }\n"): typeof import('./graphql').ScorecardsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Scorecard($id: ID!) {\n    scorecard(id: $id) { ...ScorecardFields }\n  }\n"): typeof import('./graphql').ScorecardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScorecardVariables {\n    scorecardVariables { path label numeric }\n  }\n"): typeof import('./graphql').ScorecardVariablesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveScorecard($input: SaveScorecardInput!) {\n    saveScorecard(input: $input) {\n      scorecard { ...ScorecardFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').SaveScorecardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DryRunScorecard($id: ID!, $sample: Int) {\n    dryRunScorecard(id: $id, sample: $sample) {\n      report {\n        archives sampled banks meanInForce meanDraft upgraded downgraded newlyVetoed\n        inForce { id name version province }\n        grades { grade label inForce draft }\n        bands { fromScore inForce draft }\n        moves { fromGrade toGrade count }\n      }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').DryRunScorecardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteScorecard($id: ID!) {\n    deleteScorecard(id: $id) {\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').DeleteScorecardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestScorecardPublish($id: ID!) {\n    requestScorecardPublish(id: $id) {\n      scorecard { ...ScorecardFields }\n      change { id status }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').RequestScorecardPublishDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RatingMigration($orgUnitId: ID!, $fromQuarter: String!, $toQuarter: String!) {\n    ratingMigration(orgUnitId: $orgUnitId, fromQuarter: $fromQuarter, toQuarter: $toQuarter) { fromGrade toGrade count }\n  }\n"): typeof import('./graphql').RatingMigrationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RatingDistribution($orgUnitId: ID!, $quarter: String!) {\n    ratingDistribution(orgUnitId: $orgUnitId, quarter: $quarter) {\n      orgUnit { id name code level }\n      total\n      grades { grade count }\n    }\n  }\n"): typeof import('./graphql').RatingDistributionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RatingWarnings($orgUnitId: ID, $quarter: String, $mine: Boolean!, $first: Int!) {\n    ratingWarnings(orgUnitId: $orgUnitId, quarter: $quarter, mine: $mine, first: $first) {\n      customerId quarter kind fromGrade toGrade newVetoes managerId\n      customer { id name branch { id name } manager { id name } }\n    }\n  }\n"): typeof import('./graphql').RatingWarningsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProductFields on Product {\n    id code version status name description amountMin amountMax terms rateMin rateMax\n    repaymentMethods channels sampleRate validFrom validTo createdBy createdAt\n    eligibility { preciseArchive minGrade noVeto ageMin ageMax regions }\n    processes { maxAmount processKey }\n    bank { id name code }\n  }\n"): typeof import('./graphql').ProductFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Products($includeRetired: Boolean!) {\n    products(includeRetired: $includeRetired) { ...ProductFields }\n  }\n"): typeof import('./graphql').ProductsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveProduct($input: ProductInput!) {\n    saveProduct(input: $input) {\n      product { ...ProductFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').SaveProductDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetireProduct($id: ID!) {\n    retireProduct(id: $id) {\n      product { id status }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').RetireProductDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProcessDefinitionFields on ProcessDefinition {\n    id key version status name template createdBy createdAt\n    bank { id name code }\n    lanes { name role level }\n    tasks { id name lane }\n    timers { id name task duration interrupting }\n  }\n"): typeof import('./graphql').ProcessDefinitionFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProcessDefinitions($includeSuperseded: Boolean!) {\n    processDefinitions(includeSuperseded: $includeSuperseded) { ...ProcessDefinitionFields }\n  }\n"): typeof import('./graphql').ProcessDefinitionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProcessDefinitionXml($id: ID!) {\n    processDefinition(id: $id) { id key name version bpmnXml }\n  }\n"): typeof import('./graphql').ProcessDefinitionXmlDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadProcess($input: UploadProcessInput!) {\n    uploadProcess(input: $input) {\n      process { ...ProcessDefinitionFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').UploadProcessDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApplicationCheck($customerId: ID!, $productId: ID!) {\n    applicationCheck(customerId: $customerId, productId: $productId, channel: BRANCH) {\n      eligible\n      reasons { code message messageEn }\n      recommendedQuota\n      rating { score grade gradeLabel }\n      product { id }\n    }\n  }\n"): typeof import('./graphql').ApplicationCheckDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApplicationListFields on Application {\n    id number status productCode amount term createdAt decidedAt\n    customer { id name }\n    product { id name }\n    applicant { id name }\n    branch { id name }\n    process { currentElements }\n    tasks { id name status }\n  }\n"): typeof import('./graphql').ApplicationListFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Applications($status: [ApplicationStatus!], $customerId: ID, $mine: Boolean!, $first: Int!, $after: String, $order: ApplicationOrder! = CREATED_DESC) {\n    applications(status: $status, customerId: $customerId, mine: $mine, first: $first, after: $after, order: $order) {\n      edges { node { ...ApplicationListFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').ApplicationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApplicationTaskFields on ApprovalTask {\n    id elementId name status outcome createdAt dueAt completedAt overdue\n    claimedBy { id name }\n    viewerCan { claim release decide }\n    delegates { id name employeeNo }\n  }\n"): typeof import('./graphql').ApplicationTaskFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuotaFields on Quota {\n    id productCode status amount usedAmount availableAmount term rate repaymentMethod validFrom validTo createdAt updatedAt\n  }\n"): typeof import('./graphql').QuotaFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApplicationDetailFields on Application {\n    id number status channel productCode amount term repaymentMethod purpose overReason\n    score grade recommendedQuota sampled approvedAmount approvedTerm rate createdAt updatedAt decidedAt\n    customer { id name }\n    rating { ...RatingFields }\n    product { id name code version terms repaymentMethods amountMin amountMax rateMin rateMax }\n    applicant { id name employeeNo }\n    branch { id name }\n    attachments { ...CustomerImageFields }\n    process { definition { id key name version } bpmnXml currentElements completedElements }\n    history { id action elementId elementName amount term rate comment at system actor { id name username } toUser { id name } }\n    tasks { ...ApplicationTaskFields }\n    quota { ...QuotaFields }\n    viewerCan { resubmit withdraw }\n  }\n"): typeof import('./graphql').ApplicationDetailFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Application($id: ID!) {\n    application(id: $id) { ...ApplicationDetailFields }\n  }\n"): typeof import('./graphql').ApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApprovalTasks($box: TaskBox!, $overdue: Boolean!, $first: Int!, $after: String, $order: TaskOrder! = CREATED_ASC) {\n    approvalTasks(box: $box, overdue: $overdue, first: $first, after: $after, order: $order) {\n      edges {\n        node {\n          id elementId name status createdAt dueAt overdue\n          claimedBy { id name }\n          application { id number amount term customer { id name } product { id name } branch { id name } applicant { id name } }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').ApprovalTasksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApprovalInboxCounts {\n    approvalInboxCounts { queue mine overdue }\n  }\n"): typeof import('./graphql').ApprovalInboxCountsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApplicationPayloadFields on ApplicationPayload {\n    application { id number status }\n    errors { field code message messageEn }\n  }\n"): typeof import('./graphql').ApplicationPayloadFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitApplication($input: SubmitApplicationInput!) {\n    submitApplication(input: $input) { ...ApplicationPayloadFields }\n  }\n"): typeof import('./graphql').SubmitApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResubmitApplication($input: ResubmitApplicationInput!) {\n    resubmitApplication(input: $input) { ...ApplicationPayloadFields }\n  }\n"): typeof import('./graphql').ResubmitApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WithdrawApplication($input: WithdrawApplicationInput!) {\n    withdrawApplication(input: $input) { ...ApplicationPayloadFields }\n  }\n"): typeof import('./graphql').WithdrawApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskPayloadFields on ApprovalTaskPayload {\n    task { id status }\n    application { id status }\n    errors { field code message messageEn }\n  }\n"): typeof import('./graphql').TaskPayloadFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClaimTask($id: ID!) {\n    claimTask(id: $id) { ...TaskPayloadFields }\n  }\n"): typeof import('./graphql').ClaimTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReleaseTask($id: ID!) {\n    releaseTask(id: $id) { ...TaskPayloadFields }\n  }\n"): typeof import('./graphql').ReleaseTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveTask($input: ApproveTaskInput!) {\n    approveTask(input: $input) { ...TaskPayloadFields }\n  }\n"): typeof import('./graphql').ApproveTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectTask($input: RejectTaskInput!) {\n    rejectTask(input: $input) { ...TaskPayloadFields }\n  }\n"): typeof import('./graphql').RejectTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReturnTask($input: ReturnTaskInput!) {\n    returnTask(input: $input) { ...TaskPayloadFields }\n  }\n"): typeof import('./graphql').ReturnTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DelegateTask($input: DelegateTaskInput!) {\n    delegateTask(input: $input) { ...TaskPayloadFields }\n  }\n"): typeof import('./graphql').DelegateTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeQuota($input: ChangeQuotaInput!) {\n    changeQuota(input: $input) {\n      quota { ...QuotaFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').ChangeQuotaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerLoans($customerId: ID!) {\n    quotas(customerId: $customerId, first: 50) { edges { node { ...QuotaFields reservedAmount } } }\n    loans(customerId: $customerId) {\n      id number productCode status amount term rate account disbursedAmount outstanding overdueDays reason createdAt disbursedAt closedAt\n    }\n    textMessages(customerId: $customerId) { id event status reason to text attempts createdAt sentAt receiptAt }\n  }\n"): typeof import('./graphql').CustomerLoansDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SegmentModelFields on SegmentModel {\n    id name description condition expression reminder fields status version createdAt updatedAt evaluatedAt\n    owner { id name level }\n    viewerCanEdit memberCount\n  }\n"): typeof import('./graphql').SegmentModelFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SegmentModels($status: SegmentModelStatus) {\n    segmentModels(status: $status) { ...SegmentModelFields }\n  }\n"): typeof import('./graphql').SegmentModelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SegmentModel($id: ID!) {\n    segmentModel(id: $id) {\n      ...SegmentModelFields\n      countsByUnit { unit { id name code } members }\n      trend { day members }\n    }\n  }\n"): typeof import('./graphql').SegmentModelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SegmentModelMembers($id: ID!, $first: Int!, $after: String) {\n    segmentModel(id: $id) {\n      id\n      members(first: $first, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        edges { cursor node { id name idNumber status blacklisted branch { id name } manager { id name } } }\n      }\n    }\n  }\n"): typeof import('./graphql').SegmentModelMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SegmentFields {\n    segmentFields { path label type presenceOnly }\n  }\n"): typeof import('./graphql').SegmentFieldsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveSegmentModel($input: SaveSegmentModelInput!) {\n    saveSegmentModel(input: $input) {\n      model { ...SegmentModelFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').SaveSegmentModelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EvaluateSegmentModel($id: ID!) {\n    evaluateSegmentModel(id: $id) {\n      model { ...SegmentModelFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').EvaluateSegmentModelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetireSegmentModel($id: ID!) {\n    retireSegmentModel(id: $id) {\n      model { ...SegmentModelFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').RetireSegmentModelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReminderFields on Reminder {\n    id kind title dueOn status snoozedUntil note createdAt closedAt overdue\n    customer { id name }\n  }\n"): typeof import('./graphql').ReminderFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyReminders($status: ReminderStatus!, $first: Int!) {\n    myReminders(status: $status, first: $first) { ...ReminderFields }\n  }\n"): typeof import('./graphql').MyRemindersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkReminder($input: WorkReminderInput!) {\n    workReminder(input: $input) {\n      reminder { ...ReminderFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').WorkReminderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactFields on Contact {\n    id channel outcome note contactedAt reminderId\n    staff { id name }\n  }\n"): typeof import('./graphql').ContactFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogContact($input: LogContactInput!) {\n    logContact(input: $input) {\n      contact { ...ContactFields }\n      errors { field code message messageEn }\n    }\n  }\n"): typeof import('./graphql').LogContactDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerContacts($customerId: ID!) {\n    customerContacts(customerId: $customerId) { ...ContactFields }\n  }\n"): typeof import('./graphql').CustomerContactsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReminderLoad($orgUnitId: ID) {\n    reminderLoad(orgUnitId: $orgUnitId) {\n      open overdue\n      manager { id name employeeNo orgUnit { id name } }\n    }\n  }\n"): typeof import('./graphql').ReminderLoadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactStats($since: Date!, $until: Date!, $orgUnitId: ID) {\n    contactStats(since: $since, until: $until, orgUnitId: $orgUnitId) {\n      contacts customers\n      staff { id name employeeNo orgUnit { id name } }\n    }\n  }\n"): typeof import('./graphql').ContactStatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReportFigures on ReportRow {\n    archives verified evaluated precise preciseRate rated\n    quotasActive quotaAmount quotaUsed quotaUseRate\n    created applications decided approved rejected approvalRate meanDecisionHours approvedAmount\n    quotasGranted grantedAmount\n    reminders remindersDone contacts contactedReminders convertedApplications convertedQuotas\n  }\n"): typeof import('./graphql').ReportFiguresFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportSummary($since: Date!, $until: Date!, $orgUnitId: ID) {\n    report(since: $since, until: $until, orgUnitId: $orgUnitId, first: 1) {\n      orgUnit { id name level parentId bankId }\n      level asOf startsAfter\n      total {\n        ...ReportFigures\n        grades { grade count }\n        gradeMoves { fromGrade toGrade count }\n      }\n    }\n  }\n"): typeof import('./graphql').ReportSummaryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportRanking(\n    $since: Date!, $until: Date!, $orgUnitId: ID, $level: ReportLevel, $orderBy: ReportOrder!, $descending: Boolean!,\n    $first: Int!, $offset: Int!, $nameContains: String\n  ) {\n    report(\n      since: $since, until: $until, orgUnitId: $orgUnitId, level: $level, orderBy: $orderBy, descending: $descending,\n      first: $first, offset: $offset, nameContains: $nameContains\n    ) {\n      level offset rowCount\n      rows {\n        orgUnit { id name level }\n        manager { id name employeeNo }\n        unassigned\n        ...ReportFigures\n        grades { grade count }\n      }\n    }\n  }\n"): typeof import('./graphql').ReportRankingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportTrend($since: Date!, $until: Date!, $orgUnitId: ID) {\n    reportTrend(since: $since, until: $until, orgUnitId: $orgUnitId) { day archives precise preciseRate created }\n  }\n"): typeof import('./graphql').ReportTrendDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonthlyReports($orgUnitId: ID) {\n    monthlyReports(orgUnitId: $orgUnitId) { id month size createdAt downloadPath orgUnit { id name level } }\n  }\n"): typeof import('./graphql').MonthlyReportsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
