"""Assembles Query and Mutation from the domain resolvers, plus the schema extensions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import specified_rules
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter
from strawberry.permission import PermissionExtension
from strawberry.schema.config import StrawberryConfig

from backend.config import Settings, get_settings
from backend.auth.permissions import CUSTOMER_SCOPE_PERMISSIONS, Permission, roles_with
from resolvers import approvals as approval_resolvers
from resolvers import audit as audit_resolvers
from schema.business import WarehouseImport
from resolvers import auth as auth_resolvers
from resolvers import business as business_resolvers
from resolvers import customers as customer_resolvers
from resolvers import dual_control as dual_control_resolvers
from resolvers import ecif as ecif_resolvers
from resolvers import images as image_resolvers
from resolvers import loans as loan_resolvers
from resolvers import marketing as marketing_resolvers
from resolvers import reports as report_resolvers
from resolvers import mobile_banking as mobile_banking_resolvers
from resolvers import notifications as notification_resolvers
from resolvers import imports as import_resolvers
from resolvers import orgs as org_resolvers
from resolvers import products as product_resolvers
from resolvers import rating as rating_resolvers
from resolvers import rules as rule_resolvers
from resolvers import statistics as statistics_resolvers
from schema.approvals import (
    Application,
    ApplicationCheck,
    ApplicationPayload,
    ApprovalInboxCounts,
    ApprovalTask,
    ApprovalTaskPayload,
    ProcessDefinition,
    ProcessPayload,
    Quota,
    QuotaPayload,
)
from schema.audit import AuditRecord
from schema.loans import DrawdownPayload, Loan
from schema.notifications import TextMessage
from schema.mobile_banking import MyApplicationPayload, MyBanking
from schema.products import Product, ProductPayload
from schema.auth import RevealPayload, Viewer
from schema.common import Connection
from schema.customers import (
    MONEY_SCALAR,
    ArchivePayload,
    ArchiveTransitionPayload,
    BooleanFieldValue,
    ChoiceFieldValue,
    Customer,
    CustomerSearchResult,
    DateFieldValue,
    ExtraFieldDefinition,
    ExtraFieldDefinitionPayload,
    Money,
    NumberFieldValue,
    Region,
    ReviewInbox,
    TextFieldValue,
    TransferPayload,
    VerifyArchivePayload,
    VerifyArchivesPayload,
)
from schema.dual_control import PendingChange, PendingChangePayload
from schema.marketing import (
    Contact, ContactPayload, Reminder, ReminderLoad, ReminderPayload, SegmentModel, SegmentModelPayload, StaffContactCount,
)
from schema.reports import MonthlyReport, Report, ReportPoint
from schema.ecif import EcifRecord
from schema.documents import Documents
from schema.execution import CICExecutionContext, compile_fields, compile_inputs
from schema.extensions import MaskUnexpectedErrors, apply_field_policies
from schema.images import (
    BankLogo,
    BankLogoPayload,
    CustomerImage,
    DeleteImagePayload,
    ImageVerification,
    UploadImagePayload,
)
from schema.imports import ImportReport
from schema.inputs import SCALARS as INPUT_SCALARS
from schema.inputs import attach_input_guard
from schema.orgs import OrgUnit, OrgUnitPayload, StaffUser, StaffUserPayload
from schema.rating import (
    RatePayload,
    RatingDistributionRow,
    RatingMigrationCell,
    RatingWarning,
    Scorecard,
    ScorecardDryRunPayload,
    ScorecardPayload,
    ScorecardPublishPayload,
    ScorecardVariable,
)
from schema.permissions import HasPermission, IsAuthenticated
from schema.rules import (
    ArchiveStatistics,
    ChannelMonthCount,
    DryRunPayload,
    EvaluationRun,
    PublishPayload,
    RuleField,
    RuleSet,
    RuleSetPayload,
)



def needs(permission: Permission) -> list[PermissionExtension]:
    """The field's guard: an authenticated caller holding ``permission`` (FORBIDDEN otherwise)."""
    return [PermissionExtension(permissions=[IsAuthenticated(), HasPermission(permission)], use_directives=False)]


def says(permission: Permission) -> str:
    """What the field's description says it needs, from the one permission table."""
    holders = ", ".join(r.value for r in roles_with(permission))
    extra = " (or a client with the `self_service` scope)" if permission == Permission.ARCHIVE_COLLECT else ""
    if not holders:
        scopes = [s for s, held in CUSTOMER_SCOPE_PERMISSIONS.items() if permission in held]
        return f"Requires {permission.value}: a customer's token with the scope {', '.join(scopes)}."
    return f"Requires {permission.value}: {holders}{extra}."


def _described(about: str, permission: Permission) -> str:
    return f"{about} {says(permission)}" if about else says(permission)


def field_for(resolver: Callable[..., Any], permission: Permission, about: str = "") -> Any:
    """A query field for callers holding ``permission``; its description ends with who does."""
    return strawberry.field(resolver=resolver, extensions=needs(permission), description=_described(about, permission))


def mutation_for(resolver: Callable[..., Any], permission: Permission, about: str = "") -> Any:
    """A mutation field for callers holding ``permission``; its description ends with who does."""
    return strawberry.mutation(resolver=resolver, extensions=needs(permission), description=_described(about, permission))


@strawberry.type
class Query:
    me: Viewer = strawberry.field(
        resolver=auth_resolvers.me,
        extensions=[PermissionExtension([IsAuthenticated()], use_directives=False)],
        description="The caller: staff user with org unit and roles, or machine client with scopes.",
    )
    org_units: list[OrgUnit] = field_for(org_resolvers.org_units, Permission.ORG_READ, "The caller's org subtree.")
    org_unit: OrgUnit | None = field_for(org_resolvers.org_unit, Permission.ORG_READ)
    staff_users: Connection[StaffUser] = field_for(org_resolvers.staff_users, Permission.ORG_READ, "Staff in the caller's subtree.")
    staff_user: StaffUser | None = field_for(org_resolvers.staff_user, Permission.ORG_READ)
    customer: Customer | None = field_for(customer_resolvers.customer, Permission.ARCHIVE_READ, "One archive in your scope.")
    rating_migration: list[RatingMigrationCell] = field_for(
        rating_resolvers.rating_migration, Permission.ARCHIVE_READ,
        "The grade migration matrix of an org unit in your scope between two quarters (docs/rating.md).",
    )
    rating_distribution: list[RatingDistributionRow] = field_for(
        rating_resolvers.rating_distribution, Permission.ARCHIVE_READ,
        "The grade distribution of an org unit in your scope in a quarter, by its child units (docs/rating.md).",
    )
    scorecards: list[Scorecard] = field_for(
        rating_resolvers.scorecards, Permission.ARCHIVE_READ,
        "Scorecards: the province's and your bank's (province users: every bank's), drafts and the card in force.",
    )
    scorecard: Scorecard | None = field_for(rating_resolvers.scorecard, Permission.ARCHIVE_READ, "One scorecard you may read.")
    scorecard_variables: list[ScorecardVariable] = field_for(
        rating_resolvers.scorecard_variables, Permission.RATING_ADMIN,
        "What a card may read: business aggregates, archive fields that are not personal, your bank's extra fields.",
    )
    rating_warnings: list[RatingWarning] = field_for(
        rating_resolvers.rating_warnings, Permission.ARCHIVE_READ,
        "Grade-migration warnings in your scope (down two grades or more, into a watch grade, a new veto); `mine`: your worklist.",
    )
    customers: CustomerSearchResult = field_for(
        customer_resolvers.customers,
        Permission.ARCHIVE_READ,
        "Search archives in your scope (name prefix, exact ID number or mobile, region, village, "
        "org unit, manager, status, channel, updated range), ordered by `order` (default: name in pinyin order), keyset-paged.",
    )
    review_inbox: ReviewInbox = field_for(
        customer_resolvers.review_inbox,
        Permission.ARCHIVE_REVIEW,
        "Archives waiting for verification (待审核) in your scope, in `order` (oldest submission first by default), with their "
        "exact count; a cursor works only with the order it came from.",
    )
    regions: list[Region] = strawberry.field(
        resolver=customer_resolvers.regions,
        extensions=[PermissionExtension([IsAuthenticated()], use_directives=False)],
        description="Cascading region picker: no parent = provinces; then cities, counties, townships, villages.",
    )
    ecif_lookup: EcifRecord | None = field_for(
        ecif_resolvers.ecif_lookup,
        Permission.ECIF_LOOKUP,
        "What ECIF knows about a resident ID number, to prefill a new archive (null: unknown to ECIF). "
        "Bad ID numbers are BAD_USER_INPUT; ECIF down is ECIF_UNAVAILABLE; every answered lookup is audited.",
    )
    extra_field_definitions: list[ExtraFieldDefinition] = strawberry.field(
        resolver=customer_resolvers.extra_field_definitions, extensions=needs(Permission.ARCHIVE_READ), description="Your bank's extra archive fields."
    )
    image: CustomerImage | None = field_for(image_resolvers.image, Permission.ARCHIVE_READ, "One archive photo in your scope (e.g. to poll until READY).")
    bank_logo: BankLogo | None = field_for(
        image_resolvers.bank_logo, Permission.ORG_ADMIN, "Your bank's watermark logo, or null when its photos carry the seal generated from its name."
    )
    import_batch: ImportReport | None = field_for(import_resolvers.import_batch, Permission.ARCHIVE_IMPORT, "An archive import batch in your scope, e.g. to poll a PENDING one.")
    import_batches: list[ImportReport] = field_for(
        import_resolvers.import_batches, Permission.ARCHIVE_IMPORT,
        "The newest archive import batches in your scope (at most 100; optionally of one branch), running ones with their progress.",
    )
    rule_sets: list[RuleSet] = field_for(rule_resolvers.rule_sets, Permission.RULES_READ, "The province baseline and your bank's rule sets (drafts and published).")
    rule_fields: list[RuleField] = field_for(
        rule_resolvers.rule_fields,
        Permission.RULES_READ,
        "The fields rules can name: the catalog, then your bank's extra fields (`extra.<code>`).",
    )
    evaluation_run: EvaluationRun | None = strawberry.field(
        resolver=rule_resolvers.evaluation_run, extensions=needs(Permission.RULES_READ), description="Progress of a re-evaluation after a publish."
    )
    archive_statistics: ArchiveStatistics | None = field_for(
        statistics_resolvers.archive_statistics,
        Permission.STATISTICS_READ,
        "Filing statistics (archives, evaluated, complete, precise, most failed rules) of an org unit in your "
        "scope (default: your own) and of each of its direct children. An unknown or out-of-scope `orgUnitId` is "
        "BAD_USER_INPUT.",
    )
    customers_failing_rule: CustomerSearchResult | None = field_for(
        statistics_resolvers.customers_failing_rule,
        Permission.STATISTICS_READ,
        "Archives in your scope whose latest evaluation violates the rule `code`, in `order` (the name in pinyin order "
        "by default), keyset-paged like `customers`. A customer manager sees their own archives unless `managerId` is given.",
    )
    archive_trend: list[ChannelMonthCount] = field_for(
        statistics_resolvers.archive_trend,
        Permission.STATISTICS_READ,
        "Archives created per calendar month (UTC) and channel over the last `months` (1-36) months, in the "
        "subtree of an org unit in your scope (default: your own); months without archives are left out. An unknown or "
        "out-of-scope `orgUnitId` is BAD_USER_INPUT.",
    )
    pending_changes: Connection[PendingChange] = field_for(
        dual_control_resolvers.pending_changes,
        Permission.CHANGE_READ,
        "Requests waiting for (or decided by) a second administrator in your subtree, in `order` (newest first by default; "
        "a cursor works only with the order it came from): accounts "
        "and role grants that can read personal data, rule set publications.",
    )
    segment_models: list[SegmentModel] = field_for(
        marketing_resolvers.segment_models, Permission.MODEL_READ,
        "Segment models shared down to your unit (province, bank, branch) and those defined within your subtree; "
        "members and counts within your scope (docs/marketing.md).",
    )
    segment_model: SegmentModel | None = field_for(marketing_resolvers.segment_model, Permission.MODEL_READ)
    my_reminders: list[Reminder] = field_for(
        marketing_resolvers.my_reminders, Permission.REMINDER_WORK,
        "Your reminders (提醒), the most urgent first: a segment model's new members, grade migrations, quotas and ID cards "
        "expiring, returned or no longer precise archives, maturing deposits, overdue approval tasks (docs/marketing.md).",
    )
    reminder_load: list[ReminderLoad] = field_for(
        marketing_resolvers.reminder_load, Permission.REMINDER_SUPERVISE,
        "Open and overdue reminders per manager in a unit of your subtree (default: your own), the most overdue first.",
    )
    customer_contacts: list[Contact] = field_for(
        marketing_resolvers.customer_contacts, Permission.ARCHIVE_READ, "An archive's visits and calls (客户接触), newest first."
    )
    contact_stats: list[StaffContactCount] = field_for(
        marketing_resolvers.contact_stats, Permission.REMINDER_SUPERVISE,
        "Contacts and distinct customers per member of staff in a unit of your subtree and a period (contact frequency).",
    )
    report: Report = field_for(
        report_resolvers.report, Permission.REPORT_READ,
        "The report centre (报表中心): an org unit of your subtree over a period, with one row per bank, branch or customer "
        "manager below it for ranking and drill-down (docs/reports.md).",
    )
    report_trend: list[ReportPoint] = field_for(
        report_resolvers.report_trend, Permission.REPORT_READ, "An org unit's archives, precise rate and daily flows, day by day."
    )
    monthly_reports: list[MonthlyReport] = field_for(
        report_resolvers.monthly_reports, Permission.REPORT_READ, "Monthly report workbooks (月报) of your subtree, newest first."
    )
    segment_fields: list[RuleField] = field_for(
        marketing_resolvers.segment_fields, Permission.MODEL_READ,
        "What a segment model may test: the rating and business fields your role may see, then the rule fields.",
    )
    warehouse_imports: Connection[WarehouseImport] = field_for(
        business_resolvers.warehouse_imports,
        Permission.WAREHOUSE_READ,
        "Imports of the data warehouse's daily feeds for the banks in your scope, in `order` (newest first by default; a cursor "
        "works only with the order it came from): each "
        "subject and business date, its status, counts and quarantined rows (docs/business-data.md).",
    )
    audit_records: Connection[AuditRecord] = field_for(audit_resolvers.audit_records, Permission.AUDIT_READ,
        "Audit log within the caller's subtree, in `order` (newest first by default); a cursor works only with the order it came from.",
    )
    products: list[Product] = field_for(
        product_resolvers.products, Permission.PRODUCT_READ,
        "Credit products of the banks in your scope (the province: every bank's), current versions unless `includeRetired`.",
    )
    product: Product | None = field_for(product_resolvers.product, Permission.PRODUCT_READ, "One product version in your scope.")
    process_definitions: list[ProcessDefinition] = field_for(
        approval_resolvers.process_definitions, Permission.APPLICATION_READ,
        "Approval processes (BPMN): the shipped templates and your bank's own (docs/approvals.md).",
    )
    process_definition: ProcessDefinition | None = field_for(approval_resolvers.process_definition, Permission.APPLICATION_READ)
    application_check: ApplicationCheck = field_for(
        approval_resolvers.application_check, Permission.APPLICATION_READ,
        "Whether an archive in your scope may apply for a product, with the reasons, the rating and the recommended quota.",
    )
    applications: Connection[Application] = field_for(
        approval_resolvers.applications, Permission.APPLICATION_READ,
        "Quota applications in your scope, in `order` (newest first by default; the customer's name in pinyin order); "
        "a cursor works only with the order it came from.",
    )
    application: Application | None = field_for(approval_resolvers.application, Permission.APPLICATION_READ, "One quota application in your scope.")
    approval_tasks: Connection[ApprovalTask] = field_for(
        approval_resolvers.approval_tasks, Permission.APPROVAL_DECIDE,
        "Your approval inbox, in `order` (oldest first by default): QUEUE (unclaimed tasks of your role at your unit) or "
        "MINE (claimed by you); a cursor works only with the order it came from.",
    )
    approval_task: ApprovalTask | None = field_for(approval_resolvers.approval_task, Permission.APPLICATION_READ)
    approval_inbox_counts: ApprovalInboxCounts = field_for(
        approval_resolvers.approval_inbox_counts, Permission.APPLICATION_READ, "How many approval tasks wait for you (the menu badge)."
    )
    quotas: Connection[Quota] = field_for(approval_resolvers.quotas, Permission.APPLICATION_READ, "Quotas in your scope, newest first.")
    loans: list[Loan] = field_for(
        loan_resolvers.loans, Permission.APPLICATION_READ,
        "An archive's drawdowns (用信) at the lending platform, in your scope, newest first (at most 100).",
    )
    text_messages: list[TextMessage] = field_for(
        notification_resolvers.text_messages, Permission.APPLICATION_READ,
        "The text messages (短信) sent to an archive's customer, in your scope, newest first (at most 100); numbers masked.",
    )
    my_banking: MyBanking = strawberry.field(
        resolver=mobile_banking_resolvers.my_banking,
        extensions=[PermissionExtension([IsAuthenticated()], use_directives=False)],
        description="Mobile banking: the customer a token of the JWT bearer grant is bound to (RFC 7523; docs/channels.md): "
        "filing status, products open to them, quotas, applications, loans. Any other caller: FORBIDDEN.",
    )


@strawberry.type(
    description="Every field is its own transaction: committed when it answers without `errors`, rolled back "
    "when it answers with them, and null with a top-level error (FORBIDDEN, ...) when it was refused. The fields "
    "of one request run in order and keep their own outcomes."
)
class Mutation:
    create_org_unit: OrgUnitPayload | None = mutation_for(org_resolvers.create_org_unit, Permission.ORG_ADMIN)
    update_org_unit: OrgUnitPayload | None = mutation_for(org_resolvers.update_org_unit, Permission.ORG_ADMIN)
    create_staff_user: StaffUserPayload | None = mutation_for(
        org_resolvers.create_staff_user,
        Permission.ORG_ADMIN,
        "Create an account. One whose roles can read personal data starts PENDING (no login) until a second "
        "administrator approves the returned `pendingChange`.",
    )
    set_staff_user_status: StaffUserPayload | None = mutation_for(org_resolvers.set_staff_user_status, Permission.ORG_ADMIN, "Disable or enable a staff user (disabling ends their sessions).")
    set_staff_user_roles: StaffUserPayload | None = mutation_for(
        org_resolvers.set_staff_user_roles,
        Permission.ORG_ADMIN,
        "Replace an account's roles. Adding a role that can read personal data returns a `pendingChange` for a "
        "second administrator; the roles stay as they are until then.",
    )
    reset_staff_user_password: StaffUserPayload | None = mutation_for(
        org_resolvers.reset_staff_user_password,
        Permission.ORG_ADMIN,
        "Set a temporary password for a staff member of your subtree (the strength rule of a new account's): "
        "the account's lock is lifted and its sessions end. Never your own.",
    )
    unlock_staff_user: StaffUserPayload | None = mutation_for(
        org_resolvers.unlock_staff_user, Permission.ORG_ADMIN,
        "Lift the lock that too many failed logins put on an account of your subtree (NOT_LOCKED when there is none).",
    )
    update_staff_user: StaffUserPayload | None = mutation_for(
        org_resolvers.update_staff_user, Permission.ORG_ADMIN, "Correct a staff member's name or mobile number.",
    )
    move_staff_user: StaffUserPayload | None = mutation_for(
        org_resolvers.move_staff_user,
        Permission.ORG_ADMIN,
        "Move a staff member to another open unit of your subtree where their roles are allowed (OUT_OF_SCOPE, "
        "UNIT_CLOSED, ROLE_NOT_ALLOWED_AT_LEVEL otherwise); their archives stay with their unit.",
    )
    save_segment_model: SegmentModelPayload | None = mutation_for(
        marketing_resolvers.save_segment_model, Permission.MODEL_ADMIN,
        "Define a segment model of your unit (shared with its subtree), or a new version of one of your unit's; "
        "evaluated at once.",
    )
    evaluate_segment_model: SegmentModelPayload | None = mutation_for(
        marketing_resolvers.evaluate_segment_model, Permission.MODEL_ADMIN, "Evaluate one of your unit's models now (all run nightly)."
    )
    retire_segment_model: SegmentModelPayload | None = mutation_for(
        marketing_resolvers.retire_segment_model, Permission.MODEL_ADMIN, "Stop evaluating one of your unit's models (its last members stay)."
    )
    log_contact: ContactPayload | None = mutation_for(
        marketing_resolvers.log_contact, Permission.REMINDER_WORK,
        "Log a visit or call with a customer (from the PC or the PAD; the client makes the id, so a retry stores it once); "
        "naming the reminder that prompted it closes that reminder.",
    )
    work_reminder: ReminderPayload | None = mutation_for(
        marketing_resolvers.work_reminder, Permission.REMINDER_WORK,
        "Mark one of your reminders done, snooze it until a day, or dismiss it with a reason (a supervisor may work any in their subtree).",
    )
    approve_pending_change: PendingChangePayload | None = mutation_for(
        dual_control_resolvers.approve_pending_change,
        Permission.CHANGE_DECIDE,
        "Approve a request of another administrator in your scope; the change takes effect now (audited).",
    )
    reject_pending_change: PendingChangePayload | None = mutation_for(
        dual_control_resolvers.reject_pending_change,
        Permission.CHANGE_DECIDE,
        "Reject a request of another administrator with a reason (audited).",
    )
    cancel_pending_change: PendingChangePayload | None = mutation_for(dual_control_resolvers.cancel_pending_change, Permission.CHANGE_DECIDE, "Withdraw your own pending request (audited).")
    define_extra_field: ExtraFieldDefinitionPayload | None = mutation_for(
        customer_resolvers.define_extra_field,
        Permission.EXTRA_FIELD_ADMIN,
        "Add or change one of your bank's extra archive fields.",
    )
    save_rule_set: RuleSetPayload | None = mutation_for(
        rule_resolvers.save_rule_set,
        Permission.RULES_ADMIN,
        "Create or replace a draft rule set (PROVINCE: province admins; BANK: your bank's admins). "
        "Every rule is validated; a bank set may tighten but never weaken the baseline.",
    )
    dry_run_rule_set: DryRunPayload | None = mutation_for(
        rule_resolvers.dry_run_rule_set,
        Permission.RULES_ADMIN,
        "Evaluate a draft against the archives (or a sample) without storing anything.",
    )
    publish_rule_set: PublishPayload | None = mutation_for(
        rule_resolvers.publish_rule_set,
        Permission.RULES_ADMIN,
        "Request the publication of a draft: a second administrator of the same scope approves the returned "
        "`pendingChange`, which publishes it (immutable from then on) and re-evaluates the affected archives.",
    )
    create_archive: ArchivePayload | None = strawberry.mutation(
        resolver=customer_resolvers.create_archive,
        extensions=needs(Permission.ARCHIVE_COLLECT),
        description="Collect a new archive (DRAFT; self-service archives start SUBMITTED). "
        "Requires CUSTOMER_MANAGER or BRANCH_MANAGER, or a client with the self_service scope.",
    )
    update_archive: ArchivePayload | None = mutation_for(
        customer_resolvers.update_archive,
        Permission.ARCHIVE_EDIT,
        "Replace the archive's content; `version` must be the one the edit is based on.",
    )
    submit_archive: ArchiveTransitionPayload | None = mutation_for(customer_resolvers.submit_archive, Permission.ARCHIVE_EDIT, "DRAFT/RETURNED -> SUBMITTED (needs consent).")
    verify_archive: VerifyArchivePayload | None = mutation_for(
        customer_resolvers.verify_archive,
        Permission.ARCHIVE_REVIEW,
        "SUBMITTED -> VERIFIED; pushes to ECIF. Not by whoever collected the archive or changed it after "
        "submission (SELF_VERIFICATION, EDITED_BY_REVIEWER). Open ERROR violations refuse it (OPEN_VIOLATIONS) unless all "
        "are overridable and `overrideReason` says why (audited).",
    )
    verify_archives: VerifyArchivesPayload | None = mutation_for(
        customer_resolvers.verify_archives,
        Permission.ARCHIVE_REVIEW,
        "Verify up to 100 archives of the review inbox at once; only archives without any open rule violation "
        "(the others are returned in `failed` with the reason, and stay SUBMITTED). Four eyes apply to each.",
    )
    return_archive: ArchiveTransitionPayload | None = mutation_for(customer_resolvers.return_archive, Permission.ARCHIVE_REVIEW, "SUBMITTED -> RETURNED with reasons.")
    close_archive: ArchiveTransitionPayload | None = mutation_for(customer_resolvers.close_archive, Permission.ARCHIVE_CLOSE, "Any -> ARCHIVED (closed) with a reason.")
    transfer_archives: TransferPayload | None = mutation_for(customer_resolvers.transfer_archives, Permission.ARCHIVE_TRANSFER, "Move archives to another manager (and branch).")
    transfer_manager_archives: TransferPayload | None = mutation_for(
        customer_resolvers.transfer_manager_archives,
        Permission.ARCHIVE_TRANSFER,
        "Move every archive of a (leaving) manager to another.",
    )
    import_archives: ImportReport | None = mutation_for(
        import_resolvers.import_archives,
        Permission.ARCHIVE_IMPORT,
        "Import a workbook of legacy archives (the template of GET /imports/archives/template.xlsx) into a "
        "branch as DRAFT archives of channel IMPORT. Send it as a multipart request (GraphQL multipart spec) with the "
        "header `x-cic-csrf: 1`. Rows whose ID number the bank already holds are skipped; the identical file imported "
        "again returns the earlier report. Files over 5,000 rows are imported by the worker (status PENDING).",
    )
    upload_bank_logo: BankLogoPayload | None = mutation_for(
        image_resolvers.upload_bank_logo, Permission.ORG_ADMIN,
        "Upload your bank's logo for the watermark of its new photos: PNG or JPEG, at most 2 MB, at least 64 px on its short side; "
        "re-encoded as PNG (at most 512 px). Audited. Send it as a multipart request with the header x-cic-csrf: 1.",
    )
    remove_bank_logo: BankLogoPayload | None = mutation_for(
        image_resolvers.remove_bank_logo, Permission.ORG_ADMIN, "Remove your bank's logo: new photos carry the generated seal again. Audited."
    )
    upload_image: UploadImagePayload | None = mutation_for(
        image_resolvers.upload_image,
        Permission.IMAGE_UPLOAD,
        "Store a photo of an archive (multipart request with the header `x-cic-csrf: 1`). The original is stored "
        "and recorded before the answer; the worker then watermarks, signs and thumbnails it (status RECEIVED -> READY). "
        "The same clientUploadId again returns the same image (`duplicate: true`). Refused before anything is stored: "
        "non-images, truncated files, decompression bombs, files over the size or pixel limit, bad coordinates, archives "
        "outside your scope.",
    )
    delete_image: DeleteImagePayload | None = mutation_for(
        image_resolvers.delete_image,
        Permission.IMAGE_DELETE,
        "Soft-delete a photo with a reason (audited); its objects are purged after the retention period.",
    )
    verify_image: ImageVerification | None = mutation_for(
        image_resolvers.verify_image,
        Permission.IMAGE_VERIFY,
        "Is this file an image CIC issued, unchanged? AUTHENTIC (with its capture record when in your scope), "
        "ALTERED (one changed byte) or UNKNOWN (no CIC provenance, e.g. re-saved). Multipart with `x-cic-csrf: 1`; audited.",
    )
    reveal: RevealPayload | None = mutation_for(
        auth_resolvers.reveal,
        Permission.REVEAL,
        "The full value of a protected field where the field policy allows; every call is audited.",
    )
    save_scorecard: ScorecardPayload | None = mutation_for(
        rating_resolvers.save_scorecard, Permission.RATING_ADMIN,
        "Create or replace a draft scorecard of your scope (PROVINCE: province admins; else your bank's admins). "
        "Every rule of the card model is checked; a published card never changes.",
    )
    delete_scorecard: ScorecardPayload | None = mutation_for(
        rating_resolvers.delete_scorecard, Permission.RATING_ADMIN,
        "Discard a draft scorecard of your scope (not one waiting for approval); `errors` is empty when it is gone.",
    )
    dry_run_scorecard: ScorecardDryRunPayload | None = mutation_for(
        rating_resolvers.dry_run_scorecard, Permission.RATING_ADMIN,
        "Rate a sample of archives with a card and with the card in force, side by side (nothing is stored).",
    )
    request_scorecard_publish: ScorecardPublishPayload | None = mutation_for(
        rating_resolvers.request_scorecard_publish, Permission.RATING_ADMIN,
        "Ask for a draft card to go into force: a second administrator of your scope approves it (approvePendingChange), "
        "which publishes it and re-rates the archives it is in force for.",
    )
    save_product: ProductPayload | None = mutation_for(
        product_resolvers.save_product, Permission.PRODUCT_ADMIN,
        "Save a product: a new version goes into force; applications keep the version they were made under.",
    )
    retire_product: ProductPayload | None = mutation_for(product_resolvers.retire_product, Permission.PRODUCT_ADMIN, "Withdraw a product from sale.")
    upload_process: ProcessPayload | None = mutation_for(
        approval_resolvers.upload_process, Permission.PROCESS_ADMIN,
        "Upload a bank's BPMN process (or a new version): validated (supported elements, lanes mapped to roles and levels, "
        "conditions over the application's variables); running applications keep their version.",
    )
    submit_application: ApplicationPayload | None = mutation_for(
        approval_resolvers.submit_application, Permission.APPLICATION_SUBMIT,
        "Apply for a quota for an archive in your scope: eligibility checked, the process of the product's amount band started.",
    )
    resubmit_application: ApplicationPayload | None = mutation_for(
        approval_resolvers.resubmit_application, Permission.APPLICATION_SUBMIT, "Resubmit a returned application (yours)."
    )
    withdraw_application: ApplicationPayload | None = mutation_for(
        approval_resolvers.withdraw_application, Permission.APPLICATION_SUBMIT, "Withdraw an open application (yours)."
    )
    claim_task: ApprovalTaskPayload | None = mutation_for(approval_resolvers.claim_task, Permission.APPROVAL_DECIDE, "Claim a task of your queue.")
    release_task: ApprovalTaskPayload | None = mutation_for(
        approval_resolvers.release_task, Permission.APPROVAL_DECIDE, "Put a task you hold back into its queue."
    )
    approve_task: ApprovalTaskPayload | None = mutation_for(
        approval_resolvers.approve_task, Permission.APPROVAL_DECIDE,
        "Approve a step (four eyes: never the applicant, never two levels of one application); the process moves on.",
    )
    reject_task: ApprovalTaskPayload | None = mutation_for(
        approval_resolvers.reject_task, Permission.APPROVAL_DECIDE, "Reject the application, with the reason; the process ends."
    )
    return_task: ApprovalTaskPayload | None = mutation_for(
        approval_resolvers.return_task, Permission.APPROVAL_DECIDE,
        "Return the application to its applicant for more information; the step waits for the resubmission.",
    )
    delegate_task: ApprovalTaskPayload | None = mutation_for(
        approval_resolvers.delegate_task, Permission.APPROVAL_DECIDE, "Hand a task to another holder of its role at its unit."
    )
    change_quota: QuotaPayload | None = mutation_for(
        approval_resolvers.change_quota, Permission.QUOTA_ADMIN, "Freeze, unfreeze or revoke a quota, with the reason (audited)."
    )
    apply_for_quota: MyApplicationPayload | None = mutation_for(
        mobile_banking_resolvers.apply_for_quota, Permission.SELF_APPLY,
        "Mobile banking: the customer applies for a quota themselves (channel MOBILE_BANKING); the product's process decides, "
        "within the recommended quota often straight through.",
    )
    draw_down: DrawdownPayload | None = mutation_for(
        mobile_banking_resolvers.draw_down, Permission.SELF_DRAWDOWN,
        "Mobile banking: draw on one of the customer's active quotas; the amount is reserved and the loan handed to the lending "
        "platform by the worker (status REQUESTED -> ACCEPTED -> DISBURSED).",
    )
    rate_customer: RatePayload | None = mutation_for(
        rating_resolvers.rate_customer,
        Permission.ARCHIVE_EDIT,
        "Rate an archive in your scope now with the card in force (the same statement as the quarterly batch).",
    )


class CICSchema(strawberry.Schema):
    """Strawberry's schema with the request's document from ``schema.documents`` (parsed and
    validated once per query text) and its errors masked by ``MaskUnexpectedErrors``, instead of
    per-request schema extensions.

    Strawberry logs every error of a response at ERROR with a traceback; here the errors a
    client caused (refused, invalid, limited: they carry a code) are expected and not logged,
    and the unexpected ones are logged once, with the request id, by ``MaskUnexpectedErrors``."""

    def __init__(self, *args: Any, rules: tuple[Any, ...], max_tokens: int, hide_suggestions: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = Documents(self._schema, rules, max_tokens)
        self.hide_suggestions = hide_suggestions

    def _create_execution_context(self, query, allowed_operation_types, *args: Any, **kwargs: Any):  # type: ignore[override]
        context = super()._create_execution_context(query, allowed_operation_types, *args, **kwargs)
        documents = self.documents
        context.parse_options["max_tokens"] = documents.max_tokens
        context.validation_rules = documents.rules
        document = documents.valid(query) if isinstance(query, str) else None
        if document is not None:
            context.graphql_document = document
            context.pre_execution_errors = []  # validated with these rules when it was cached
        return context

    async def _handle_execution_result(self, context, result, extensions_runner, *, skip_process_errors=False):  # type: ignore[override]
        handled = await super()._handle_execution_result(context, result, extensions_runner, skip_process_errors=skip_process_errors)
        if getattr(handled, "errors", None):
            masking = MaskUnexpectedErrors(hide_suggestions=self.hide_suggestions)
            masking.execution_context = context
            handled.errors = masking._process_errors(handled.errors)
        return handled

    def process_errors(self, errors, execution_context=None) -> None:  # type: ignore[override]
        for error in errors:
            if not (error.extensions or {}).get("code"):
                super().process_errors([error], execution_context)


def build_schema(settings: Settings | None = None, *, compiled: bool = True) -> strawberry.Schema:
    """The schema. ``compiled=False`` leaves every field on graphql-core's and Strawberry's general
    path (``schema.execution``): the reference that tests/platform/test_execution.py compares with."""
    settings = settings or get_settings()
    attach_input_guard(Query, Mutation)
    # graphql-core's rules, the depth and alias limits, and no introspection outside development:
    # one tuple for the whole process (schema.documents caches what passed them).
    rules = (
        *specified_rules,
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
        *(() if settings.is_development else (NoSchemaIntrospectionCustomRule,)),
    )
    schema = CICSchema(
        query=Query,
        mutation=Mutation,
        types=[TextFieldValue, NumberFieldValue, DateFieldValue, ChoiceFieldValue, BooleanFieldValue],
        config=StrawberryConfig(scalar_map={Money: MONEY_SCALAR, **INPUT_SCALARS}),
        execution_context_class=CICExecutionContext if compiled else None,
        rules=rules,
        max_tokens=settings.graphql_max_tokens,
        hide_suggestions=not settings.is_development,
    )
    apply_field_policies(schema._schema)
    if compiled:
        compile_fields(schema)
        compile_inputs(schema)
    return schema
