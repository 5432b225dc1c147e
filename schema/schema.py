"""Assembles Query and Mutation from the domain resolvers, plus the schema extensions."""

from __future__ import annotations

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.permission import PermissionExtension
from strawberry.schema.config import StrawberryConfig

from backend.config import Settings, get_settings
from backend.auth.permissions import Permission, roles_with
from resolvers import audit as audit_resolvers
from schema.business import WarehouseImport
from resolvers import auth as auth_resolvers
from resolvers import business as business_resolvers
from resolvers import customers as customer_resolvers
from resolvers import dual_control as dual_control_resolvers
from resolvers import ecif as ecif_resolvers
from resolvers import images as image_resolvers
from resolvers import imports as import_resolvers
from resolvers import orgs as org_resolvers
from resolvers import rules as rule_resolvers
from resolvers import statistics as statistics_resolvers
from schema.audit import AuditRecord
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
from schema.ecif import EcifRecord
from schema.extensions import MaskUnexpectedErrors, attach_field_policies
from schema.images import (
    CustomerImage,
    DeleteImagePayload,
    ImageVerification,
    UploadImagePayload,
)
from schema.imports import ImportReport
from schema.inputs import SCALARS as INPUT_SCALARS
from schema.inputs import attach_input_guard
from schema.orgs import OrgUnit, OrgUnitPayload, StaffUser, StaffUserPayload
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
    return f"Requires {permission.value}: {holders}{extra}."


@strawberry.type
class Query:
    me: Viewer = strawberry.field(
        resolver=auth_resolvers.me,
        extensions=[PermissionExtension([IsAuthenticated()], use_directives=False)],
        description="The caller: staff user with org unit and roles, or machine client with scopes.",
    )
    org_units: list[OrgUnit] = strawberry.field(
        resolver=org_resolvers.org_units, extensions=needs(Permission.ORG_READ), description="The caller's org subtree. " + says(Permission.ORG_READ)
    )
    org_unit: OrgUnit | None = strawberry.field(resolver=org_resolvers.org_unit, extensions=needs(Permission.ORG_READ), description=says(Permission.ORG_READ))
    staff_users: Connection[StaffUser] = strawberry.field(
        resolver=org_resolvers.staff_users, extensions=needs(Permission.ORG_READ), description="Staff in the caller's subtree. " + says(Permission.ORG_READ)
    )
    staff_user: StaffUser | None = strawberry.field(
        resolver=org_resolvers.staff_user, extensions=needs(Permission.ORG_READ), description=says(Permission.ORG_READ)
    )
    customer: Customer | None = strawberry.field(
        resolver=customer_resolvers.customer, extensions=needs(Permission.ARCHIVE_READ), description="One archive in your scope. " + says(Permission.ARCHIVE_READ)
    )
    customers: CustomerSearchResult = strawberry.field(
        resolver=customer_resolvers.customers,
        extensions=needs(Permission.ARCHIVE_READ),
        description="Search archives in your scope (name prefix, exact ID number or mobile, region, village, "
        "org unit, manager, status, channel, updated range), ordered by name, keyset-paged. " + says(Permission.ARCHIVE_READ),
    )
    review_inbox: ReviewInbox = strawberry.field(
        resolver=customer_resolvers.review_inbox,
        extensions=needs(Permission.ARCHIVE_REVIEW),
        description="Archives waiting for verification (待审核) in your scope, oldest submission first, with their exact "
        "count. " + says(Permission.ARCHIVE_REVIEW),
    )
    regions: list[Region] = strawberry.field(
        resolver=customer_resolvers.regions,
        extensions=[PermissionExtension([IsAuthenticated()], use_directives=False)],
        description="Cascading region picker: no parent = provinces; then cities, counties, townships, villages.",
    )
    ecif_lookup: EcifRecord | None = strawberry.field(
        resolver=ecif_resolvers.ecif_lookup,
        extensions=needs(Permission.ECIF_LOOKUP),
        description="What ECIF knows about a resident ID number, to prefill a new archive (null: unknown to ECIF). "
        "Bad ID numbers are BAD_USER_INPUT; ECIF down is ECIF_UNAVAILABLE; every answered lookup is audited. "
        + says(Permission.ECIF_LOOKUP),
    )
    extra_field_definitions: list[ExtraFieldDefinition] = strawberry.field(
        resolver=customer_resolvers.extra_field_definitions, extensions=needs(Permission.ARCHIVE_READ), description="Your bank's extra archive fields."
    )
    image: CustomerImage | None = strawberry.field(
        resolver=image_resolvers.image, extensions=needs(Permission.ARCHIVE_READ), description="One archive photo in your scope (e.g. to poll until READY). " + says(Permission.ARCHIVE_READ)
    )
    import_batch: ImportReport | None = strawberry.field(
        resolver=import_resolvers.import_batch,
        extensions=needs(Permission.ARCHIVE_IMPORT),
        description="An archive import batch in your scope, e.g. to poll a PENDING one. " + says(Permission.ARCHIVE_IMPORT),
    )
    rule_sets: list[RuleSet] = strawberry.field(
        resolver=rule_resolvers.rule_sets,
        extensions=needs(Permission.RULES_READ),
        description="The province baseline and your bank's rule sets (drafts and published). " + says(Permission.RULES_READ),
    )
    rule_fields: list[RuleField] = strawberry.field(
        resolver=rule_resolvers.rule_fields,
        extensions=needs(Permission.RULES_READ),
        description="The fields rules can name: the catalog, then your bank's extra fields (`extra.<code>`). " + says(Permission.RULES_READ),
    )
    evaluation_run: EvaluationRun | None = strawberry.field(
        resolver=rule_resolvers.evaluation_run, extensions=needs(Permission.RULES_READ), description="Progress of a re-evaluation after a publish."
    )
    archive_statistics: ArchiveStatistics | None = strawberry.field(
        resolver=statistics_resolvers.archive_statistics,
        extensions=needs(Permission.STATISTICS_READ),
        description="Filing statistics (archives, evaluated, complete, precise, most failed rules) of an org unit in your "
        "scope (default: your own) and of each of its direct children. An unknown or out-of-scope `orgUnitId` is "
        "BAD_USER_INPUT. " + says(Permission.STATISTICS_READ),
    )
    customers_failing_rule: CustomerSearchResult | None = strawberry.field(
        resolver=statistics_resolvers.customers_failing_rule,
        extensions=needs(Permission.STATISTICS_READ),
        description="Archives in your scope whose latest evaluation violates the rule `code`, ordered by name, "
        "keyset-paged like `customers`. A customer manager sees their own archives unless `managerId` is given. "
        + says(Permission.STATISTICS_READ),
    )
    archive_trend: list[ChannelMonthCount] = strawberry.field(
        resolver=statistics_resolvers.archive_trend,
        extensions=needs(Permission.STATISTICS_READ),
        description="Archives created per calendar month (UTC) and channel over the last `months` (1-36) months, in the "
        "subtree of an org unit in your scope (default: your own); months without archives are left out. An unknown or "
        "out-of-scope `orgUnitId` is BAD_USER_INPUT. " + says(Permission.STATISTICS_READ),
    )
    pending_changes: Connection[PendingChange] = strawberry.field(
        resolver=dual_control_resolvers.pending_changes,
        extensions=needs(Permission.CHANGE_READ),
        description="Requests waiting for (or decided by) a second administrator in your subtree, newest first: accounts "
        "and role grants that can read personal data, rule set publications. " + says(Permission.CHANGE_READ),
    )
    warehouse_imports: Connection[WarehouseImport] = strawberry.field(
        resolver=business_resolvers.warehouse_imports,
        extensions=needs(Permission.WAREHOUSE_READ),
        description="Imports of the data warehouse's daily feeds for the banks in your scope, newest first: each "
        "subject and business date, its status, counts and quarantined rows (docs/business-data.md). "
        + says(Permission.WAREHOUSE_READ),
    )
    audit_records: Connection[AuditRecord] = strawberry.field(
        resolver=audit_resolvers.audit_records,
        extensions=needs(Permission.AUDIT_READ),
        description="Audit log within the caller's subtree, newest first. " + says(Permission.AUDIT_READ),
    )


@strawberry.type(
    description="Every field is its own transaction: committed when it answers without `errors`, rolled back "
    "when it answers with them, and null with a top-level error (FORBIDDEN, ...) when it was refused. The fields "
    "of one request run in order and keep their own outcomes."
)
class Mutation:
    create_org_unit: OrgUnitPayload | None = strawberry.mutation(
        resolver=org_resolvers.create_org_unit, extensions=needs(Permission.ORG_ADMIN), description=says(Permission.ORG_ADMIN)
    )
    update_org_unit: OrgUnitPayload | None = strawberry.mutation(
        resolver=org_resolvers.update_org_unit, extensions=needs(Permission.ORG_ADMIN), description=says(Permission.ORG_ADMIN)
    )
    create_staff_user: StaffUserPayload | None = strawberry.mutation(
        resolver=org_resolvers.create_staff_user,
        extensions=needs(Permission.ORG_ADMIN),
        description="Create an account. One whose roles can read personal data starts PENDING (no login) until a second "
        "administrator approves the returned `pendingChange`. " + says(Permission.ORG_ADMIN),
    )
    set_staff_user_status: StaffUserPayload | None = strawberry.mutation(
        resolver=org_resolvers.set_staff_user_status,
        extensions=needs(Permission.ORG_ADMIN),
        description="Disable or enable a staff user (disabling ends their sessions). " + says(Permission.ORG_ADMIN),
    )
    set_staff_user_roles: StaffUserPayload | None = strawberry.mutation(
        resolver=org_resolvers.set_staff_user_roles,
        extensions=needs(Permission.ORG_ADMIN),
        description="Replace an account's roles. Adding a role that can read personal data returns a `pendingChange` for a "
        "second administrator; the roles stay as they are until then. " + says(Permission.ORG_ADMIN),
    )
    approve_pending_change: PendingChangePayload | None = strawberry.mutation(
        resolver=dual_control_resolvers.approve_pending_change,
        extensions=needs(Permission.CHANGE_DECIDE),
        description="Approve a request of another administrator in your scope; the change takes effect now (audited). "
        + says(Permission.CHANGE_DECIDE),
    )
    reject_pending_change: PendingChangePayload | None = strawberry.mutation(
        resolver=dual_control_resolvers.reject_pending_change,
        extensions=needs(Permission.CHANGE_DECIDE),
        description="Reject a request of another administrator with a reason (audited). " + says(Permission.CHANGE_DECIDE),
    )
    cancel_pending_change: PendingChangePayload | None = strawberry.mutation(
        resolver=dual_control_resolvers.cancel_pending_change,
        extensions=needs(Permission.CHANGE_DECIDE),
        description="Withdraw your own pending request (audited). " + says(Permission.CHANGE_DECIDE),
    )
    define_extra_field: ExtraFieldDefinitionPayload | None = strawberry.mutation(
        resolver=customer_resolvers.define_extra_field,
        extensions=needs(Permission.EXTRA_FIELD_ADMIN),
        description="Add or change one of your bank's extra archive fields. " + says(Permission.EXTRA_FIELD_ADMIN),
    )
    save_rule_set: RuleSetPayload | None = strawberry.mutation(
        resolver=rule_resolvers.save_rule_set,
        extensions=needs(Permission.RULES_ADMIN),
        description="Create or replace a draft rule set (PROVINCE: province admins; BANK: your bank's admins). "
        "Every rule is validated; a bank set may tighten but never weaken the baseline. " + says(Permission.RULES_ADMIN),
    )
    dry_run_rule_set: DryRunPayload | None = strawberry.mutation(
        resolver=rule_resolvers.dry_run_rule_set,
        extensions=needs(Permission.RULES_ADMIN),
        description="Evaluate a draft against the archives (or a sample) without storing anything. " + says(Permission.RULES_ADMIN),
    )
    publish_rule_set: PublishPayload | None = strawberry.mutation(
        resolver=rule_resolvers.publish_rule_set,
        extensions=needs(Permission.RULES_ADMIN),
        description="Request the publication of a draft: a second administrator of the same scope approves the returned "
        "`pendingChange`, which publishes it (immutable from then on) and re-evaluates the affected archives. "
        + says(Permission.RULES_ADMIN),
    )
    create_archive: ArchivePayload | None = strawberry.mutation(
        resolver=customer_resolvers.create_archive,
        extensions=needs(Permission.ARCHIVE_COLLECT),
        description="Collect a new archive (DRAFT; self-service archives start SUBMITTED). "
        "Requires CUSTOMER_MANAGER or BRANCH_MANAGER, or a client with the self_service scope.",
    )
    update_archive: ArchivePayload | None = strawberry.mutation(
        resolver=customer_resolvers.update_archive,
        extensions=needs(Permission.ARCHIVE_EDIT),
        description="Replace the archive's content; `version` must be the one the edit is based on. " + says(Permission.ARCHIVE_EDIT),
    )
    submit_archive: ArchiveTransitionPayload | None = strawberry.mutation(
        resolver=customer_resolvers.submit_archive, extensions=needs(Permission.ARCHIVE_EDIT), description="DRAFT/RETURNED -> SUBMITTED (needs consent). " + says(Permission.ARCHIVE_EDIT)
    )
    verify_archive: VerifyArchivePayload | None = strawberry.mutation(
        resolver=customer_resolvers.verify_archive,
        extensions=needs(Permission.ARCHIVE_REVIEW),
        description="SUBMITTED -> VERIFIED; pushes to ECIF. Not by whoever collected the archive or changed it after "
        "submission (SELF_VERIFICATION, EDITED_BY_REVIEWER). Open ERROR violations refuse it (OPEN_VIOLATIONS) unless all "
        "are overridable and `overrideReason` says why (audited). " + says(Permission.ARCHIVE_REVIEW)
    )
    verify_archives: VerifyArchivesPayload | None = strawberry.mutation(
        resolver=customer_resolvers.verify_archives,
        extensions=needs(Permission.ARCHIVE_REVIEW),
        description="Verify up to 100 archives of the review inbox at once; only archives without any open rule violation "
        "(the others are returned in `failed` with the reason, and stay SUBMITTED). Four eyes apply to each. "
        + says(Permission.ARCHIVE_REVIEW),
    )
    return_archive: ArchiveTransitionPayload | None = strawberry.mutation(
        resolver=customer_resolvers.return_archive, extensions=needs(Permission.ARCHIVE_REVIEW), description="SUBMITTED -> RETURNED with reasons. " + says(Permission.ARCHIVE_REVIEW)
    )
    close_archive: ArchiveTransitionPayload | None = strawberry.mutation(
        resolver=customer_resolvers.close_archive, extensions=needs(Permission.ARCHIVE_CLOSE), description="Any -> ARCHIVED (closed) with a reason. " + says(Permission.ARCHIVE_CLOSE)
    )
    transfer_archives: TransferPayload | None = strawberry.mutation(
        resolver=customer_resolvers.transfer_archives, extensions=needs(Permission.ARCHIVE_TRANSFER), description="Move archives to another manager (and branch). " + says(Permission.ARCHIVE_TRANSFER)
    )
    transfer_manager_archives: TransferPayload | None = strawberry.mutation(
        resolver=customer_resolvers.transfer_manager_archives,
        extensions=needs(Permission.ARCHIVE_TRANSFER),
        description="Move every archive of a (leaving) manager to another. " + says(Permission.ARCHIVE_TRANSFER),
    )
    import_archives: ImportReport | None = strawberry.mutation(
        resolver=import_resolvers.import_archives,
        extensions=needs(Permission.ARCHIVE_IMPORT),
        description="Import a workbook of legacy archives (the template of GET /imports/archives/template.xlsx) into a "
        "branch as DRAFT archives of channel IMPORT. Send it as a multipart request (GraphQL multipart spec) with the "
        "header `x-cic-csrf: 1`. Rows whose ID number the bank already holds are skipped; the identical file imported "
        "again returns the earlier report. Files over 5,000 rows are imported by the worker (status PENDING). "
        + says(Permission.ARCHIVE_IMPORT),
    )
    upload_image: UploadImagePayload | None = strawberry.mutation(
        resolver=image_resolvers.upload_image,
        extensions=needs(Permission.IMAGE_UPLOAD),
        description="Store a photo of an archive (multipart request with the header `x-cic-csrf: 1`). The original is stored "
        "and recorded before the answer; the worker then watermarks, signs and thumbnails it (status RECEIVED -> READY). "
        "The same clientUploadId again returns the same image (`duplicate: true`). Refused before anything is stored: "
        "non-images, truncated files, decompression bombs, files over the size or pixel limit, bad coordinates, archives "
        "outside your scope. " + says(Permission.IMAGE_UPLOAD),
    )
    delete_image: DeleteImagePayload | None = strawberry.mutation(
        resolver=image_resolvers.delete_image,
        extensions=needs(Permission.IMAGE_DELETE),
        description="Soft-delete a photo with a reason (audited); its objects are purged after the retention period. "
        + says(Permission.IMAGE_DELETE),
    )
    verify_image: ImageVerification | None = strawberry.mutation(
        resolver=image_resolvers.verify_image,
        extensions=needs(Permission.IMAGE_VERIFY),
        description="Is this file an image CIC issued, unchanged? AUTHENTIC (with its capture record when in your scope), "
        "ALTERED (one changed byte) or UNKNOWN (no CIC provenance, e.g. re-saved). Multipart with `x-cic-csrf: 1`; audited. "
        + says(Permission.IMAGE_VERIFY),
    )
    reveal: RevealPayload | None = strawberry.mutation(
        resolver=auth_resolvers.reveal,
        extensions=needs(Permission.REVEAL),
        description="The full value of a protected field where the field policy allows; every call is audited. "
        + says(Permission.REVEAL),
    )


def _policy_types() -> list[type]:
    """Every Strawberry type of every schema module (discovered: a domain's policy entries need
    no edit here)."""
    import importlib
    import pkgutil

    import schema

    modules = [importlib.import_module(f"schema.{m.name}") for m in pkgutil.iter_modules(schema.__path__) if m.name != "schema"]
    return [
        obj
        for module in modules
        for obj in vars(module).values()
        if isinstance(obj, type) and hasattr(obj, "__strawberry_definition__")
    ]


class CICSchema(strawberry.Schema):
    """Strawberry logs every error of a response at ERROR with a traceback; here the errors a
    client caused (refused, invalid, limited: they carry a code) are expected and not logged,
    and the unexpected ones are logged once, with the request id, by ``MaskUnexpectedErrors``."""

    def process_errors(self, errors, execution_context=None) -> None:  # type: ignore[override]
        for error in errors:
            if not (error.extensions or {}).get("code"):
                super().process_errors([error], execution_context)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or get_settings()
    # The validation cache is keyed by the validation rules; the depth and alias limiters create
    # a new rule class per instance, so build them once and add the same rule classes to every
    # request (a fresh limiter per request would make every validation a cache miss).
    attach_field_policies(_policy_types())
    attach_input_guard(Query, Mutation)
    limit_rules = [
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
    ]
    extensions = [
        lambda: ParserCache(maxsize=1000),
        lambda: ValidationCache(maxsize=1000),
        lambda: AddValidationRules(limit_rules),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: MaskUnexpectedErrors(hide_suggestions=not settings.is_development),
    ]
    if not settings.is_development:
        extensions.append(DisableIntrospection)
    return CICSchema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        types=[TextFieldValue, NumberFieldValue, DateFieldValue, ChoiceFieldValue, BooleanFieldValue],
        config=StrawberryConfig(scalar_map={Money: MONEY_SCALAR, **INPUT_SCALARS}),
    )
