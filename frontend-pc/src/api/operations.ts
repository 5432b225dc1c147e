// Every GraphQL operation of the workbench, typed by graphql-codegen (`npm run codegen`)
// from ../schema/schema.graphql.
import { graphql } from '../gql';

export const MeQuery = graphql(`
  query Me {
    me {
      kind
      roles
      permissions
      searchFilters { filter allowed counted }
      user { id name username employeeNo }
      orgUnit { id name code level bankId }
    }
  }
`);

export const CustomerListFields = graphql(`
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
    address { regionCode regionName villageCode }
    branch { id name }
    manager { id name employeeNo }
    evaluation { completeness precise }
    blacklisted
  }
`);

export const CustomersQuery = graphql(`
  query Customers($filter: CustomerFilter, $first: Int!, $after: String, $order: ArchiveOrder! = NAME_ASC) {
    customers(filter: $filter, first: $first, after: $after, order: $order) {
      estimatedTotal
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...CustomerListFields } }
    }
  }
`);

export const CustomersFailingRuleQuery = graphql(`
  query CustomersFailingRule($code: String!, $first: Int!, $after: String, $order: ArchiveOrder! = NAME_ASC) {
    customersFailingRule(code: $code, first: $first, after: $after, order: $order) {
      estimatedTotal
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...CustomerListFields } }
    }
  }
`);

export const CustomerDetailFields = graphql(`
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
    address { regionCode regionName townshipCode villageCode line }
    household { size registerNo isHead }
    familyMembers { relation name occupation annualIncome labourCapacity idNumber }
    land { contractedMu rentedMu crops }
    livestock { kind count value }
    assets { kind description value }
    income { farming business wages other total }
    liabilities { lender amount overdue overdueAmount }
    business { name industry creditCode licenceNo annualTurnover employees }
    social { villageCreditRating remarks }
    consent { wordingVersion consentedAt channel formImageRef shareWithFederation }
    branch { id name code }
    manager { id name employeeNo }
    viewerCan { edit submit verify returnForRework close transfer uploadImage deleteImage }
    revealable { type field }
    extraFields {
      code
      definition { code labelZh labelEn kind }
      ... on TextFieldValue { text }
      ... on NumberFieldValue { number }
      ... on DateFieldValue { date }
      ... on ChoiceFieldValue { choice }
      ... on BooleanFieldValue { flag }
    }
    evaluation {
      completeness
      precise
      evaluatedAt
      violations { code severity origin message messageEn overridable }
    }
  }
`);

export const CustomerQuery = graphql(`
  query Customer($id: ID!) {
    customer(id: $id) { ...CustomerDetailFields }
  }
`);

// The 业务往来 tab: the warehouse's figures (null for a viewer the field policy gives bands only).
export const CustomerBankBusinessQuery = graphql(`
  query CustomerBankBusiness($id: ID!) {
    customer(id: $id) {
      id
      bankBusiness {
        asOf
        depositBalance depositAvg90d depositBand depositAccounts
        loanBalance loanBand loanCount overdueDays maxOverdueDays worstClass
        wealthBalance wealthBand wealthCount
        customerSince monthsAsCustomer
        services activeServices30d
        trend { month asOf depositBalance loanBalance depositBand loanBand }
      }
    }
  }
`);

export const RatingFields = graphql(`
  fragment RatingFields on Rating {
    score grade gradeLabel
    card { id name version province maxScore }
    items { code label value bin points maxPoints }
    reasons vetoes vetoReasons recommendedQuota ratedAt
  }
`);

export const CustomerRatingQuery = graphql(`
  query CustomerRating($id: ID!) {
    customer(id: $id) {
      id
      rating { ...RatingFields }
      ratingHistory { quarter score grade ratedAt }
    }
  }
`);

export const RateCustomerMutation = graphql(`
  mutation RateCustomer($id: ID!) {
    rateCustomer(id: $id) {
      rating { ...RatingFields }
      errors { code field message messageEn }
    }
  }
`);

export const CustomerHistoryQuery = graphql(`
  query CustomerHistory($id: ID!) {
    customer(id: $id) {
      id
      history {
        version action channel changedAt changedByClient note changedBy { id name employeeNo }
        changes { path label labelEn kind enumType before after withheld }
      }
      assignments { assignedAt fromManagerId toManagerId fromBranchId toBranchId reason }
    }
  }
`);

export const ExtraFieldDefinitionsQuery = graphql(`
  query ExtraFieldDefinitions {
    extraFieldDefinitions { code labelZh labelEn kind required choices minValue maxValue pattern maxLength position }
  }
`);

export const RegionsQuery = graphql(`
  query Regions($parentCode: String) {
    regions(parentCode: $parentCode) { code name level hasChildren }
  }
`);

export const ArchivePayloadFields = graphql(`
  fragment ArchivePayloadFields on ArchivePayload {
    customer { ...CustomerDetailFields }
    errors { field code message messageEn }
    warnings { code message messageEn relatedIds }
    conflict { serverVersion current { ...CustomerDetailFields } }
    duplicateOf
    violations { code severity origin message messageEn }
  }
`);

export const ArchiveTransitionPayloadFields = graphql(`
  fragment ArchiveTransitionPayloadFields on ArchiveTransitionPayload {
    customer { ...CustomerDetailFields }
    errors { field code message messageEn }
    conflict { serverVersion current { ...CustomerDetailFields } }
    violations { code severity origin message messageEn }
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
    submitArchive(input: $input) { ...ArchiveTransitionPayloadFields }
  }
`);

export const VerifyArchiveMutation = graphql(`
  mutation VerifyArchive($input: ArchiveTransitionInput!) {
    verifyArchive(input: $input) {
      customer { ...CustomerDetailFields }
      errors { field code message messageEn }
      violations { code severity origin message messageEn }
    }
  }
`);

export const CustomerVerificationQuery = graphql(`
  query CustomerVerification($id: ID!) {
    customer(id: $id) {
      id
      version
      status
      manager { id }
      branch { id }
      verification {
        canVerify needsOverride overrideAllowed batchAllowed
        blockers { field code message messageEn }
        violations { code severity origin message messageEn overridable }
      }
    }
  }
`);

export const ReviewInboxQuery = graphql(`
  query ReviewInbox($first: Int!, $after: String, $order: TimeOrder! = TIME_ASC) {
    reviewInbox(first: $first, after: $after, order: $order) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id version name submittedAt
          branch { id name }
          manager { id name employeeNo }
          evaluation { completeness violations { code severity } }
          verification { batchAllowed blockers { code message messageEn } }
        }
      }
    }
  }
`);

export const ReviewInboxCountQuery = graphql(`
  query ReviewInboxCount {
    reviewInbox(first: 1) { totalCount }
  }
`);

export const VerifyArchivesMutation = graphql(`
  mutation VerifyArchives($input: VerifyArchivesInput!) {
    verifyArchives(input: $input) {
      verified { id name status }
      failed { id errors { field code message messageEn } }
      errors { field code message messageEn }
    }
  }
`);

export const ReturnArchiveMutation = graphql(`
  mutation ReturnArchive($input: ArchiveTransitionInput!) {
    returnArchive(input: $input) { ...ArchiveTransitionPayloadFields }
  }
`);

export const CloseArchiveMutation = graphql(`
  mutation CloseArchive($input: ArchiveTransitionInput!) {
    closeArchive(input: $input) { ...ArchiveTransitionPayloadFields }
  }
`);

export const TransferArchivesMutation = graphql(`
  mutation TransferArchives($input: TransferArchivesInput!) {
    transferArchives(input: $input) { moved errors { field code message messageEn } }
  }
`);

export const RevealMutation = graphql(`
  mutation Reveal($input: RevealInput!) {
    reveal(input: $input) { value errors { field code message messageEn } }
  }
`);

export const AuditRecordsQuery = graphql(`
  query AuditRecords($first: Int!, $after: String, $action: String, $targetType: String, $targetId: String, $actorUsername: String, $order: TimeOrder! = TIME_DESC) {
    auditRecords(first: $first, after: $after, action: $action, targetType: $targetType, targetId: $targetId, actorUsername: $actorUsername, order: $order) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id occurredAt action actorUserId actorUsername actorClientId targetType targetId targetField detail requestId } }
    }
  }
`);

export const OrgUnitsQuery = graphql(`
  query OrgUnits($rootId: ID) {
    orgUnits(rootId: $rootId) { id code name level status parentId bankId depth }
  }
`);

export const StaffUsersQuery = graphql(`
  query StaffUsers($first: Int!, $after: String, $orgUnitId: ID, $status: StaffStatus, $role: Role, $search: String) {
    staffUsers(first: $first, after: $after, orgUnitId: $orgUnitId, status: $status, role: $role, search: $search) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id username employeeNo name roles status createdAt phone lockedUntil orgUnit { id name code level } } }
    }
  }
`);

export const CreateOrgUnitMutation = graphql(`
  mutation CreateOrgUnit($input: CreateOrgUnitInput!) {
    createOrgUnit(input: $input) { orgUnit { id code name level status parentId bankId depth } errors { field code message messageEn } }
  }
`);

export const UpdateOrgUnitMutation = graphql(`
  mutation UpdateOrgUnit($input: UpdateOrgUnitInput!) {
    updateOrgUnit(input: $input) { orgUnit { id code name level status parentId bankId depth } errors { field code message messageEn } }
  }
`);

export const CreateStaffUserMutation = graphql(`
  mutation CreateStaffUser($input: CreateStaffUserInput!) {
    createStaffUser(input: $input) { user { id username name roles status } pendingChange { id status } errors { field code message messageEn } }
  }
`);

export const SetStaffUserStatusMutation = graphql(`
  mutation SetStaffUserStatus($input: SetStaffUserStatusInput!) {
    setStaffUserStatus(input: $input) { user { id status } errors { field code message messageEn } }
  }
`);

export const SetStaffUserRolesMutation = graphql(`
  mutation SetStaffUserRoles($input: SetStaffUserRolesInput!) {
    setStaffUserRoles(input: $input) { user { id roles } pendingChange { id status } errors { field code message messageEn } }
  }
`);

export const ResetStaffUserPasswordMutation = graphql(`
  mutation ResetStaffUserPassword($input: ResetStaffUserPasswordInput!) {
    resetStaffUserPassword(input: $input) { user { id lockedUntil } errors { field code message messageEn } }
  }
`);

export const UnlockStaffUserMutation = graphql(`
  mutation UnlockStaffUser($input: UnlockStaffUserInput!) {
    unlockStaffUser(input: $input) { user { id lockedUntil } errors { field code message messageEn } }
  }
`);

export const UpdateStaffUserMutation = graphql(`
  mutation UpdateStaffUser($input: UpdateStaffUserInput!) {
    updateStaffUser(input: $input) { user { id name phone } errors { field code message messageEn } }
  }
`);

export const MoveStaffUserMutation = graphql(`
  mutation MoveStaffUser($input: MoveStaffUserInput!) {
    moveStaffUser(input: $input) { user { id orgUnit { id name code level } } errors { field code message messageEn } }
  }
`);

export const RuleFields = graphql(`
  fragment RuleFields on Rule { code kind severity enabled messageZh messageEn params segment overrides overridable position }
`);

export const RuleFieldCatalogQuery = graphql(`
  query RuleFieldCatalog {
    ruleFields { path label type presenceOnly }
  }
`);

export const RuleSetsQuery = graphql(`
  query RuleSets($scope: RuleScope, $includeSuperseded: Boolean!) {
    ruleSets(scope: $scope, includeSuperseded: $includeSuperseded) {
      id scope bankId version status name effectiveFrom publishedAt
      rules { ...RuleFields }
    }
  }
`);

export const SaveRuleSetMutation = graphql(`
  mutation SaveRuleSet($input: SaveRuleSetInput!) {
    saveRuleSet(input: $input) {
      ruleSet { id scope bankId version status name effectiveFrom publishedAt rules { ...RuleFields } }
      errors { field code message messageEn }
    }
  }
`);

export const DryRunRuleSetMutation = graphql(`
  mutation DryRunRuleSet($id: ID!, $sample: Int) {
    dryRunRuleSet(id: $id, sample: $sample) {
      report {
        archives sampled newlyFailing newlyPassing preciseBefore preciseAfter
        byRule { code severity message messageEn newlyFailing newlyPassing failing }
        byBranch { branchId branchName archives newlyFailing newlyPassing preciseBefore preciseAfter }
      }
      errors { field code message messageEn }
    }
  }
`);

export const PublishRuleSetMutation = graphql(`
  mutation PublishRuleSet($id: ID!) {
    publishRuleSet(id: $id) {
      ruleSet { id status version publishedAt }
      run { id status total done }
      pendingChange { id status }
      errors { field code message messageEn }
    }
  }
`);

export const PendingChangeFields = graphql(`
  fragment PendingChangeFields on PendingChange {
    id kind status targetType targetId requestedAt decidedAt decisionNote
    username name roles previousRoles ruleSetVersion ruleSetScope scorecardVersion scorecardScope scorecardBank
    requestedBy { id name username }
    decidedBy { id name username }
    viewerCanDecide viewerIsRequester
    evaluationRun { ...EvaluationRunFields }
  }
`);

export const PendingChangesQuery = graphql(`
  query PendingChanges($status: ChangeStatus, $first: Int!, $after: String, $order: TimeOrder! = TIME_DESC) {
    pendingChanges(status: $status, first: $first, after: $after, order: $order) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...PendingChangeFields } }
    }
  }
`);

export const PendingChangePayloadFields = graphql(`
  fragment PendingChangePayloadFields on PendingChangePayload { change { ...PendingChangeFields } errors { field code message messageEn } }
`);

export const ApprovePendingChangeMutation = graphql(`
  mutation ApprovePendingChange($id: ID!) { approvePendingChange(id: $id) { ...PendingChangePayloadFields } }
`);

export const RejectPendingChangeMutation = graphql(`
  mutation RejectPendingChange($input: RejectPendingChangeInput!) { rejectPendingChange(input: $input) { ...PendingChangePayloadFields } }
`);

export const CancelPendingChangeMutation = graphql(`
  mutation CancelPendingChange($id: ID!) { cancelPendingChange(id: $id) { ...PendingChangePayloadFields } }
`);

export const EvaluationRunFields = graphql(`
  fragment EvaluationRunFields on EvaluationRun { id status total done startedAt finishedAt }
`);

export const EvaluationRunQuery = graphql(`
  query EvaluationRun($id: ID!) {
    evaluationRun(id: $id) { ...EvaluationRunFields }
  }
`);

export const ArchiveStatisticsQuery = graphql(`
  query ArchiveStatistics($orgUnitId: ID) {
    archiveStatistics(orgUnitId: $orgUnitId) {
      unit { ...UnitStatisticsFields }
      children { ...UnitStatisticsFields }
      managers { manager { id name } archives evaluated complete precise preciseRate }
    }
  }
`);

export const UnitStatisticsFields = graphql(`
  fragment UnitStatisticsFields on OrgUnitStatistics {
    orgUnit { id name code level }
    archives evaluated complete precise preciseRate
    topFailingRules { code severity count message messageEn }
  }
`);

export const ImportArchivesMutation = graphql(`
  mutation ImportArchives($file: Upload!, $branchId: ID!, $manager: String) {
    importArchives(file: $file, branchId: $branchId, managerEmployeeNo: $manager) {
      ...ImportReportFields
    }
  }
`);

export const ImportBatchQuery = graphql(`
  query ImportBatch($id: ID!) {
    importBatch(id: $id) { ...ImportReportFields }
  }
`);

export const ImportReportFields = graphql(`
  fragment ImportReportFields on ImportReport {
    batchId status fileName totalRows imported skipped failed repeated createdAt failure errorWorkbookUrl
    running estimatedRows finishedAt branchName createdByName
    fileErrors { field code message messageEn }
    errors(first: 200) { row column code message messageEn }
    skips(first: 200) { row column code message messageEn }
  }
`);

export const ArchiveTrendQuery = graphql(`
  query ArchiveTrend($orgUnitId: ID, $months: Int!) {
    archiveTrend(orgUnitId: $orgUnitId, months: $months) { month channel archives }
  }
`);

export const CustomerImageFields = graphql(`
  fragment CustomerImageFields on CustomerImage {
    id customerId kind kindLabel status takenAt receivedAt processedAt
    latitude longitude accuracyM deviceId uploadedByNo uploadedBy { id name employeeNo }
    width height originalSha256 resultSha256 keyId c2pa failure deletedAt deleteReason purgedAt
    url thumbnailUrl
  }
`);

export const CustomerImagesQuery = graphql(`
  query CustomerImages($id: ID!, $includeDeleted: Boolean!) {
    customer(id: $id) {
      id
      viewerCan { deleteImage }
      images(includeDeleted: $includeDeleted) { ...CustomerImageFields }
    }
  }
`);

export const UploadImageMutation = graphql(`
  mutation UploadImage($input: UploadImageInput!, $file: Upload!) {
    uploadImage(input: $input, file: $file) {
      image { id kind status }
      duplicate
      errors { field code message messageEn }
    }
  }
`);

export const DeleteImageMutation = graphql(`
  mutation DeleteImage($id: ID!, $reason: String!) {
    deleteImage(id: $id, reason: $reason) {
      image { id deletedAt deleteReason }
      errors { field code message messageEn }
    }
  }
`);

export const VerifyImageMutation = graphql(`
  mutation VerifyImage($file: Upload!) {
    verifyImage(file: $file) {
      verdict reason details
      errors { field code message messageEn }
      image { ...CustomerImageFields signature manifest }
    }
  }
`);

export const WarehouseImportsQuery = graphql(`
  query WarehouseImports($first: Int!, $after: String, $rejects: Int!, $order: TimeOrder! = TIME_DESC) {
    warehouseImports(first: $first, after: $after, order: $order) {
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id bankId subject businessDate source fileName encoding status
          recordCount importedCount rejectedCount unmatchedCount
          errorCode errorMessage errorMessageEn startedBy startedAt finishedAt
          rejects(first: $rejects) { lineNo code field message messageEn }
        }
      }
    }
  }
`);

// Scorecards (docs/rating.md): the cards of the caller's scope, their drafts, dry runs and
// publication requests (a second administrator approves them through approvePendingChange).
export const ScorecardFields = graphql(`
  fragment ScorecardFields on Scorecard {
    id name version status province bankId basePoints maxScore createdBy createdAt approvedBy publishedAt
    bank { id name }
    items { code label variable variableLabel kind maxPoints bins { label points min max values missing } }
    grades { code label min quotaCap incomeMultiple watch }
    vetoes
    pendingChange { id status requestedAt viewerIsRequester viewerCanDecide requestedBy { id name } }
  }
`);

export const ScorecardsQuery = graphql(`
  query Scorecards($includeSuperseded: Boolean!) {
    scorecards(includeSuperseded: $includeSuperseded) { ...ScorecardFields }
  }
`);

export const ScorecardQuery = graphql(`
  query Scorecard($id: ID!) {
    scorecard(id: $id) { ...ScorecardFields }
  }
`);

export const ScorecardVariablesQuery = graphql(`
  query ScorecardVariables {
    scorecardVariables { path label numeric }
  }
`);

export const SaveScorecardMutation = graphql(`
  mutation SaveScorecard($input: SaveScorecardInput!) {
    saveScorecard(input: $input) {
      scorecard { ...ScorecardFields }
      errors { field code message messageEn }
    }
  }
`);

export const DryRunScorecardMutation = graphql(`
  mutation DryRunScorecard($id: ID!, $sample: Int) {
    dryRunScorecard(id: $id, sample: $sample) {
      report {
        archives sampled banks meanInForce meanDraft upgraded downgraded newlyVetoed
        inForce { id name version province }
        grades { grade label inForce draft }
        bands { fromScore inForce draft }
        moves { fromGrade toGrade count }
      }
      errors { field code message messageEn }
    }
  }
`);

export const DeleteScorecardMutation = graphql(`
  mutation DeleteScorecard($id: ID!) {
    deleteScorecard(id: $id) {
      errors { field code message messageEn }
    }
  }
`);

export const RequestScorecardPublishMutation = graphql(`
  mutation RequestScorecardPublish($id: ID!) {
    requestScorecardPublish(id: $id) {
      scorecard { ...ScorecardFields }
      change { id status }
      errors { field code message messageEn }
    }
  }
`);

// 评级分析: the migration matrix, the grade distribution by child unit and the warnings worklist.
export const RatingMigrationQuery = graphql(`
  query RatingMigration($orgUnitId: ID!, $fromQuarter: String!, $toQuarter: String!) {
    ratingMigration(orgUnitId: $orgUnitId, fromQuarter: $fromQuarter, toQuarter: $toQuarter) { fromGrade toGrade count }
  }
`);

export const RatingDistributionQuery = graphql(`
  query RatingDistribution($orgUnitId: ID!, $quarter: String!) {
    ratingDistribution(orgUnitId: $orgUnitId, quarter: $quarter) {
      orgUnit { id name code level }
      total
      grades { grade count }
    }
  }
`);

export const RatingWarningsQuery = graphql(`
  query RatingWarnings($orgUnitId: ID, $quarter: String, $mine: Boolean!, $first: Int!) {
    ratingWarnings(orgUnitId: $orgUnitId, quarter: $quarter, mine: $mine, first: $first) {
      customerId quarter kind fromGrade toGrade newVetoes managerId
      customer { id name branch { id name } manager { id name } }
    }
  }
`);

// Quota applications and their BPMN approvals (docs/approvals.md): products, processes, the
// approval inbox, an application with its diagram, history and tasks, quotas.
export const ProductFields = graphql(`
  fragment ProductFields on Product {
    id code version status name description amountMin amountMax terms rateMin rateMax
    repaymentMethods channels sampleRate validFrom validTo createdBy createdAt
    eligibility { preciseArchive minGrade noVeto ageMin ageMax regions }
    processes { maxAmount processKey }
    bank { id name code }
  }
`);

export const ProductsQuery = graphql(`
  query Products($includeRetired: Boolean!) {
    products(includeRetired: $includeRetired) { ...ProductFields }
  }
`);

export const SaveProductMutation = graphql(`
  mutation SaveProduct($input: ProductInput!) {
    saveProduct(input: $input) {
      product { ...ProductFields }
      errors { field code message messageEn }
    }
  }
`);

export const RetireProductMutation = graphql(`
  mutation RetireProduct($id: ID!) {
    retireProduct(id: $id) {
      product { id status }
      errors { field code message messageEn }
    }
  }
`);

export const ProcessDefinitionFields = graphql(`
  fragment ProcessDefinitionFields on ProcessDefinition {
    id key version status name template createdBy createdAt
    bank { id name code }
    lanes { name role level }
    tasks { id name lane }
    timers { id name task duration interrupting }
  }
`);

export const ProcessDefinitionsQuery = graphql(`
  query ProcessDefinitions($includeSuperseded: Boolean!) {
    processDefinitions(includeSuperseded: $includeSuperseded) { ...ProcessDefinitionFields }
  }
`);

export const ProcessDefinitionXmlQuery = graphql(`
  query ProcessDefinitionXml($id: ID!) {
    processDefinition(id: $id) { id key name version bpmnXml }
  }
`);

export const UploadProcessMutation = graphql(`
  mutation UploadProcess($input: UploadProcessInput!) {
    uploadProcess(input: $input) {
      process { ...ProcessDefinitionFields }
      errors { field code message messageEn }
    }
  }
`);

export const ApplicationCheckQuery = graphql(`
  query ApplicationCheck($customerId: ID!, $productId: ID!) {
    applicationCheck(customerId: $customerId, productId: $productId, channel: BRANCH) {
      eligible
      reasons { code message messageEn }
      recommendedQuota
      rating { score grade gradeLabel }
      product { id }
    }
  }
`);

export const ApplicationListFields = graphql(`
  fragment ApplicationListFields on Application {
    id number status productCode amount term createdAt decidedAt
    customer { id name }
    product { id name }
    applicant { id name }
    branch { id name }
    process { currentElements }
    tasks { id name status }
  }
`);

export const ApplicationsQuery = graphql(`
  query Applications($status: [ApplicationStatus!], $customerId: ID, $mine: Boolean!, $first: Int!, $after: String, $order: ApplicationOrder! = CREATED_DESC) {
    applications(status: $status, customerId: $customerId, mine: $mine, first: $first, after: $after, order: $order) {
      edges { node { ...ApplicationListFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const ApplicationTaskFields = graphql(`
  fragment ApplicationTaskFields on ApprovalTask {
    id elementId name status outcome createdAt dueAt completedAt overdue
    claimedBy { id name }
    viewerCan { claim release decide }
    delegates { id name employeeNo }
  }
`);

export const QuotaFields = graphql(`
  fragment QuotaFields on Quota {
    id productCode status amount usedAmount availableAmount term rate repaymentMethod validFrom validTo createdAt updatedAt
  }
`);

export const ApplicationDetailFields = graphql(`
  fragment ApplicationDetailFields on Application {
    id number status channel productCode amount term repaymentMethod purpose overReason
    score grade recommendedQuota sampled approvedAmount approvedTerm rate createdAt updatedAt decidedAt
    customer { id name }
    rating { ...RatingFields }
    product { id name code version terms repaymentMethods amountMin amountMax rateMin rateMax }
    applicant { id name employeeNo }
    branch { id name }
    attachments { ...CustomerImageFields }
    process { definition { id key name version } bpmnXml currentElements completedElements }
    history { id action elementId elementName amount term rate comment at system actor { id name username } toUser { id name } }
    tasks { ...ApplicationTaskFields }
    quota { ...QuotaFields }
    viewerCan { resubmit withdraw }
  }
`);

export const ApplicationQuery = graphql(`
  query Application($id: ID!) {
    application(id: $id) { ...ApplicationDetailFields }
  }
`);

export const ApprovalTasksQuery = graphql(`
  query ApprovalTasks($box: TaskBox!, $overdue: Boolean!, $first: Int!, $after: String, $order: TaskOrder! = CREATED_ASC) {
    approvalTasks(box: $box, overdue: $overdue, first: $first, after: $after, order: $order) {
      edges {
        node {
          id elementId name status createdAt dueAt overdue
          claimedBy { id name }
          application { id number amount term customer { id name } product { id name } branch { id name } applicant { id name } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const ApprovalInboxCountsQuery = graphql(`
  query ApprovalInboxCounts {
    approvalInboxCounts { queue mine overdue }
  }
`);

export const ApplicationPayloadFields = graphql(`
  fragment ApplicationPayloadFields on ApplicationPayload {
    application { id number status }
    errors { field code message messageEn }
  }
`);

export const SubmitApplicationMutation = graphql(`
  mutation SubmitApplication($input: SubmitApplicationInput!) {
    submitApplication(input: $input) { ...ApplicationPayloadFields }
  }
`);

export const ResubmitApplicationMutation = graphql(`
  mutation ResubmitApplication($input: ResubmitApplicationInput!) {
    resubmitApplication(input: $input) { ...ApplicationPayloadFields }
  }
`);

export const WithdrawApplicationMutation = graphql(`
  mutation WithdrawApplication($input: WithdrawApplicationInput!) {
    withdrawApplication(input: $input) { ...ApplicationPayloadFields }
  }
`);

export const TaskPayloadFields = graphql(`
  fragment TaskPayloadFields on ApprovalTaskPayload {
    task { id status }
    application { id status }
    errors { field code message messageEn }
  }
`);

export const ClaimTaskMutation = graphql(`
  mutation ClaimTask($id: ID!) {
    claimTask(id: $id) { ...TaskPayloadFields }
  }
`);

export const ReleaseTaskMutation = graphql(`
  mutation ReleaseTask($id: ID!) {
    releaseTask(id: $id) { ...TaskPayloadFields }
  }
`);

export const ApproveTaskMutation = graphql(`
  mutation ApproveTask($input: ApproveTaskInput!) {
    approveTask(input: $input) { ...TaskPayloadFields }
  }
`);

export const RejectTaskMutation = graphql(`
  mutation RejectTask($input: RejectTaskInput!) {
    rejectTask(input: $input) { ...TaskPayloadFields }
  }
`);

export const ReturnTaskMutation = graphql(`
  mutation ReturnTask($input: ReturnTaskInput!) {
    returnTask(input: $input) { ...TaskPayloadFields }
  }
`);

export const DelegateTaskMutation = graphql(`
  mutation DelegateTask($input: DelegateTaskInput!) {
    delegateTask(input: $input) { ...TaskPayloadFields }
  }
`);

export const ChangeQuotaMutation = graphql(`
  mutation ChangeQuota($input: ChangeQuotaInput!) {
    changeQuota(input: $input) {
      quota { ...QuotaFields }
      errors { field code message messageEn }
    }
  }
`);

// The archive's 用信与短信 tab (docs/channels.md, "What staff see"): its quotas, its drawdowns at
// the lending platform and the text messages CIC sent its customer.
export const CustomerLoansQuery = graphql(`
  query CustomerLoans($customerId: ID!) {
    quotas(customerId: $customerId, first: 50) { edges { node { ...QuotaFields reservedAmount } } }
    loans(customerId: $customerId) {
      id number productCode status amount term rate account disbursedAmount outstanding overdueDays reason createdAt disbursedAt closedAt
    }
    textMessages(customerId: $customerId) { id event status reason to text attempts createdAt sentAt receiptAt }
  }
`);

// 客户分析模型 (docs/marketing.md): segment models shared down the org tree, the fields a model
// may test, members and counts within the caller's scope; save (evaluated at once), evaluate, retire.
export const SegmentModelFields = graphql(`
  fragment SegmentModelFields on SegmentModel {
    id name description condition expression reminder fields status version createdAt updatedAt evaluatedAt
    owner { id name level }
    viewerCanEdit memberCount
  }
`);

export const SegmentModelsQuery = graphql(`
  query SegmentModels($status: SegmentModelStatus) {
    segmentModels(status: $status) { ...SegmentModelFields }
  }
`);

export const SegmentModelQuery = graphql(`
  query SegmentModel($id: ID!) {
    segmentModel(id: $id) {
      ...SegmentModelFields
      countsByUnit { unit { id name code } members }
      trend { day members }
    }
  }
`);

// Apart from the model: `members` is refused (FORBIDDEN) when the model tests a field the
// caller's role may not see, and the counts must still show.
export const SegmentModelMembersQuery = graphql(`
  query SegmentModelMembers($id: ID!, $first: Int!, $after: String) {
    segmentModel(id: $id) {
      id
      members(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id name idNumber status blacklisted branch { id name } manager { id name } } }
      }
    }
  }
`);

export const SegmentFieldsQuery = graphql(`
  query SegmentFields {
    segmentFields { path label type presenceOnly }
  }
`);

export const SaveSegmentModelMutation = graphql(`
  mutation SaveSegmentModel($input: SaveSegmentModelInput!) {
    saveSegmentModel(input: $input) {
      model { ...SegmentModelFields }
      errors { field code message messageEn }
    }
  }
`);

export const EvaluateSegmentModelMutation = graphql(`
  mutation EvaluateSegmentModel($id: ID!) {
    evaluateSegmentModel(id: $id) {
      model { ...SegmentModelFields }
      errors { field code message messageEn }
    }
  }
`);

export const RetireSegmentModelMutation = graphql(`
  mutation RetireSegmentModel($id: ID!) {
    retireSegmentModel(id: $id) {
      model { ...SegmentModelFields }
      errors { field code message messageEn }
    }
  }
`);

// 提醒 and 客户接触 (docs/marketing.md): the caller's reminders by status, working one (done,
// snooze, dismiss), logging a contact (the client makes its id: a retry stores it once), an
// archive's contacts, and for supervisors the open reminders per manager and the contacts per
// member of staff.
export const ReminderFields = graphql(`
  fragment ReminderFields on Reminder {
    id kind title dueOn status snoozedUntil note createdAt closedAt overdue
    customer { id name }
  }
`);

export const MyRemindersQuery = graphql(`
  query MyReminders($status: ReminderStatus!, $first: Int!) {
    myReminders(status: $status, first: $first) { ...ReminderFields }
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
    id channel outcome note contactedAt reminderId
    staff { id name }
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

export const CustomerContactsQuery = graphql(`
  query CustomerContacts($customerId: ID!) {
    customerContacts(customerId: $customerId) { ...ContactFields }
  }
`);

export const ReminderLoadQuery = graphql(`
  query ReminderLoad($orgUnitId: ID) {
    reminderLoad(orgUnitId: $orgUnitId) {
      open overdue
      manager { id name employeeNo orgUnit { id name } }
    }
  }
`);

export const ContactStatsQuery = graphql(`
  query ContactStats($since: Date!, $until: Date!, $orgUnitId: ID) {
    contactStats(since: $since, until: $until, orgUnitId: $orgUnitId) {
      contacts customers
      staff { id name employeeNo orgUnit { id name } }
    }
  }
`);

// 报表中心 (docs/reports.md): a unit's figures over a period (stocks as of `asOf`, flows within
// the period; amounts in fen), one page of its ranking of banks, branches or customer managers
// (ordered, paged and filtered by name by the API), its daily trend and its monthly workbooks.
export const ReportFigures = graphql(`
  fragment ReportFigures on ReportRow {
    archives verified evaluated precise preciseRate rated
    quotasActive quotaAmount quotaUsed quotaUseRate
    created applications decided approved rejected approvalRate meanDecisionHours approvedAmount
    quotasGranted grantedAmount
    reminders remindersDone contacts contactedReminders convertedApplications convertedQuotas
  }
`);

export const ReportSummaryQuery = graphql(`
  query ReportSummary($since: Date!, $until: Date!, $orgUnitId: ID) {
    report(since: $since, until: $until, orgUnitId: $orgUnitId, first: 1) {
      orgUnit { id name level parentId bankId }
      level asOf startsAfter
      total {
        ...ReportFigures
        grades { grade count }
        gradeMoves { fromGrade toGrade count }
      }
    }
  }
`);

export const ReportRankingQuery = graphql(`
  query ReportRanking(
    $since: Date!, $until: Date!, $orgUnitId: ID, $level: ReportLevel, $orderBy: ReportOrder!, $descending: Boolean!,
    $first: Int!, $offset: Int!, $nameContains: String
  ) {
    report(
      since: $since, until: $until, orgUnitId: $orgUnitId, level: $level, orderBy: $orderBy, descending: $descending,
      first: $first, offset: $offset, nameContains: $nameContains
    ) {
      level offset rowCount
      rows {
        orgUnit { id name level }
        manager { id name employeeNo }
        unassigned
        ...ReportFigures
        grades { grade count }
      }
    }
  }
`);

export const ReportTrendQuery = graphql(`
  query ReportTrend($since: Date!, $until: Date!, $orgUnitId: ID) {
    reportTrend(since: $since, until: $until, orgUnitId: $orgUnitId) { day archives precise preciseRate created }
  }
`);

export const MonthlyReportsQuery = graphql(`
  query MonthlyReports($orgUnitId: ID) {
    monthlyReports(orgUnitId: $orgUnitId) { id month size createdAt downloadPath orgUnit { id name level } }
  }
`);
