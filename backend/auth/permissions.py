"""Authorization decided once: what each permission allows, and which roles hold it.

Every guard reads this table: the GraphQL field declarations (``schema.permissions``), the
services' checks (``principal.can(Permission.X)``), and the clients (``me { permissions }``, and
per object ``viewerCan``), so no role list is copied anywhere. What a caller may *see* of a
field is the field-policy table's business (``backend.auth.policies``); what they may *do* is
this one's. Org scope (which rows) is the repositories' readable statements.
"""

from __future__ import annotations

from enum import StrEnum

from backend.auth.roles import Role


class Permission(StrEnum):
    ARCHIVE_READ = "ARCHIVE_READ"  # search and read archives, export a search
    ARCHIVE_COLLECT = "ARCHIVE_COLLECT"  # create archives (also mobile-banking self-service)
    ARCHIVE_EDIT = "ARCHIVE_EDIT"  # change and submit archives
    ARCHIVE_REVIEW = "ARCHIVE_REVIEW"  # the review inbox, verify, return, correct under review
    ARCHIVE_CLOSE = "ARCHIVE_CLOSE"
    ARCHIVE_TRANSFER = "ARCHIVE_TRANSFER"
    ARCHIVE_IMPORT = "ARCHIVE_IMPORT"  # Excel imports and their error workbooks
    ECIF_LOOKUP = "ECIF_LOOKUP"  # prefill from ECIF
    IMAGE_UPLOAD = "IMAGE_UPLOAD"
    IMAGE_DELETE = "IMAGE_DELETE"
    IMAGE_VERIFY = "IMAGE_VERIFY"
    EXTRA_FIELD_ADMIN = "EXTRA_FIELD_ADMIN"  # a bank's extra archive fields
    RULES_READ = "RULES_READ"
    RULES_ADMIN = "RULES_ADMIN"  # drafts, dry runs, publication requests (of one's own scope)
    RATING_ADMIN = "RATING_ADMIN"  # scorecard drafts, dry runs, publication requests (of one's own scope)
    STATISTICS_READ = "STATISTICS_READ"
    ORG_READ = "ORG_READ"
    ORG_ADMIN = "ORG_ADMIN"  # org units and staff accounts
    CHANGE_DECIDE = "CHANGE_DECIDE"  # approve or reject another administrator's request
    CHANGE_READ = "CHANGE_READ"  # see the requests waiting for (or decided by) a second administrator
    AUDIT_READ = "AUDIT_READ"
    WAREHOUSE_READ = "WAREHOUSE_READ"  # the warehouse feeds' import status and history (business data)
    PRODUCT_READ = "PRODUCT_READ"  # the product catalog
    PRODUCT_ADMIN = "PRODUCT_ADMIN"  # a bank's products (new versions, retirement)
    PROCESS_ADMIN = "PROCESS_ADMIN"  # a bank's approval processes (BPMN uploads)
    APPLICATION_READ = "APPLICATION_READ"  # quota applications, their history and diagram, quotas
    APPLICATION_SUBMIT = "APPLICATION_SUBMIT"  # apply for a quota for an archive, resubmit, withdraw
    APPROVAL_DECIDE = "APPROVAL_DECIDE"  # approval tasks: claim, approve, reject, return, delegate
    QUOTA_ADMIN = "QUOTA_ADMIN"  # freeze, unfreeze and revoke quotas
    MODEL_READ = "MODEL_READ"  # segment models shared down to one's unit, their counts and (field policy) members
    MODEL_ADMIN = "MODEL_ADMIN"  # define, change, evaluate and retire segment models of one's own unit
    REMINDER_WORK = "REMINDER_WORK"  # one's own reminders: the inbox, done, snooze, dismiss
    REMINDER_SUPERVISE = "REMINDER_SUPERVISE"  # the reminders of one's subtree, by manager and unit
    REPORT_READ = "REPORT_READ"  # the report centre of one's subtree: figures, rankings, trend, exports, monthly reports
    REVEAL = "REVEAL"  # ask for a full value (the field policy decides whether it is given)
    # A customer's own, through mobile banking (a token bound to one customer; docs/channels.md).
    SELF_PRODUCTS = "SELF_PRODUCTS"  # the products open to me
    SELF_STATUS = "SELF_STATUS"  # my filing status, quotas, applications and loans
    SELF_APPLY = "SELF_APPLY"  # apply for a quota myself
    SELF_DRAWDOWN = "SELF_DRAWDOWN"  # draw down my quota
    LENDING_CALLBACK = "LENDING_CALLBACK"  # the lending platform reports what became of a loan


P = Permission
_EVERY_STAFF = {
    P.ARCHIVE_READ, P.IMAGE_VERIFY, P.RULES_READ, P.STATISTICS_READ, P.ORG_READ, P.REVEAL, P.PRODUCT_READ, P.APPLICATION_READ,
    P.MODEL_READ,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CUSTOMER_MANAGER: frozenset(
        _EVERY_STAFF | {P.ARCHIVE_COLLECT, P.ARCHIVE_EDIT, P.ECIF_LOOKUP, P.IMAGE_UPLOAD, P.IMAGE_DELETE, P.APPLICATION_SUBMIT,
                        P.REMINDER_WORK}
    ),
    Role.BRANCH_MANAGER: frozenset(
        _EVERY_STAFF
        | {P.ARCHIVE_COLLECT, P.ARCHIVE_EDIT, P.ARCHIVE_REVIEW, P.ARCHIVE_CLOSE, P.ARCHIVE_TRANSFER, P.ARCHIVE_IMPORT,
           P.ECIF_LOOKUP, P.IMAGE_UPLOAD, P.IMAGE_DELETE, P.APPLICATION_SUBMIT, P.APPROVAL_DECIDE, P.MODEL_ADMIN,
           P.REMINDER_WORK, P.REMINDER_SUPERVISE, P.REPORT_READ}
    ),
    Role.BANK_APPROVER: frozenset(
        _EVERY_STAFF | {P.ARCHIVE_EDIT, P.ARCHIVE_REVIEW, P.IMAGE_UPLOAD, P.IMAGE_DELETE, P.APPROVAL_DECIDE, P.QUOTA_ADMIN, P.REMINDER_WORK}
    ),
    Role.BANK_ADMIN: frozenset(
        _EVERY_STAFF
        | {P.ARCHIVE_CLOSE, P.ARCHIVE_TRANSFER, P.ARCHIVE_IMPORT, P.IMAGE_DELETE, P.EXTRA_FIELD_ADMIN, P.RULES_ADMIN,
           P.RATING_ADMIN, P.ORG_ADMIN, P.CHANGE_DECIDE, P.CHANGE_READ, P.WAREHOUSE_READ, P.PRODUCT_ADMIN, P.PROCESS_ADMIN,
           P.QUOTA_ADMIN, P.MODEL_ADMIN, P.REMINDER_SUPERVISE, P.REPORT_READ}
    ),
    Role.PROVINCE_ADMIN: frozenset(
        _EVERY_STAFF | {P.RULES_ADMIN, P.RATING_ADMIN, P.ORG_ADMIN, P.CHANGE_DECIDE, P.CHANGE_READ, P.WAREHOUSE_READ, P.PRODUCT_ADMIN,
                        P.PROCESS_ADMIN, P.MODEL_ADMIN, P.REMINDER_SUPERVISE, P.REPORT_READ}
    ),
    Role.PROVINCE_ANALYST: frozenset(_EVERY_STAFF | {P.MODEL_ADMIN, P.REMINDER_SUPERVISE, P.REPORT_READ}),
    Role.AUDITOR: frozenset(_EVERY_STAFF | {P.AUDIT_READ, P.CHANGE_READ}),
}

# What a machine client's OAuth scopes allow (it holds no role).
SCOPE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "self_service": frozenset({P.ARCHIVE_COLLECT}),
    "lending:callback": frozenset({P.LENDING_CALLBACK}),
}

# What the scopes of a token bound to one customer allow (the mobile bank's JWT bearer grant):
# only ever that customer's own records.
CUSTOMER_SCOPE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "products:read": frozenset({P.SELF_PRODUCTS}),
    "quota:read": frozenset({P.SELF_STATUS}),
    "quota:apply": frozenset({P.SELF_APPLY}),
    "loan:drawdown": frozenset({P.SELF_DRAWDOWN}),
}
CUSTOMER_SCOPES = frozenset(CUSTOMER_SCOPE_PERMISSIONS)


def roles_with(permission: Permission) -> tuple[Role, ...]:
    """The roles holding a permission, in the enum's order (field descriptions say who may)."""
    return tuple(r for r in Role if permission in ROLE_PERMISSIONS[r])


def permissions_of(roles: frozenset[Role], scopes: frozenset[str], *, kind: str) -> frozenset[Permission]:
    if kind == "staff":
        return frozenset().union(*(ROLE_PERMISSIONS[r] for r in roles)) if roles else frozenset()
    table = CUSTOMER_SCOPE_PERMISSIONS if kind == "customer" else SCOPE_PERMISSIONS
    return frozenset().union(*(table.get(s, frozenset()) for s in scopes)) if scopes else frozenset()
