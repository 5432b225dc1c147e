"""Use cases of customer archives: collect, validate, deduplicate, protect, track.

Services flush; the request or job commits. Every write records a field-level diff in
``customer_changes`` (personal values masked) and an audit record.
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.permissions import Permission
from backend.customers.tasks import ASSIGN_MANAGER, PUSH_TO_ECIF, ArchiveRef
from backend.audit import service as audit
from backend.auth.contexts import (
    ADDRESS_CONTEXT,
    ALT_PHONE_CONTEXT,
    FAMILY_ID_CONTEXT,
    ID_CONTEXT,
    MOBILE_CONTEXT,
    REGISTER_NO_CONTEXT,
    REMARKS_CONTEXT,
)
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.masking import mask_code, mask_id_number, mask_phone, mask_text
from backend.auth.principal import Principal
from backend.auth.reveal import Revealed, revealable
from backend.customers import history
from backend.identifiers import parse_resident_id
from backend.customers.models import (
    ArchiveStatus,
    Channel,
    Customer,
    CustomerAssignment,
    CustomerChange,
    ExtraFieldDefinition,
    ExtraFieldKind,
    Village,
)
from backend.customers.repository import CustomerRepository, forget_extra_fields
from backend.customers.sorting import name_sort_key
from backend.db.bulk import bulk_insert
from backend.db.ids import new_id
from backend.db.session import keyed_plans
from backend.customers.validation import ArchiveInput, camel, validate_archive
from backend.errors import (
    DomainError,
    FieldError,
    PermissionDenied,
    field_error,
    not_found,
)
from backend.inputs import (
    MAX_DECIMALS,
    MAX_NUMBER_DIGITS,
    MAX_TEXT,
    column_length,
    date_problem,
    parse_uuid,
    sane_decimal,
)
from backend.orgs.models import OrgLevel, OrgUnit, Role, StaffStatus, StaffUser
from backend.orgs.repository import OrgRepository
from backend.outbox.service import Outbox

# Encrypted free-text and document fields inside ``customers.profile``: (section, key, context).
# Stored as ``<key>_encrypted`` (base64); a profile written before they were encrypted still holds
# ``<key>`` in plain text, which is read as it is until ``cic keys rotate`` encrypts it.
PROFILE_SECRETS = (("household", "register_no", REGISTER_NO_CONTEXT), ("social", "remarks", REMARKS_CONTEXT))

CONSENT_CHANNELS = {"PC", "PAD", "SELF_SERVICE", "PAPER"}
MAX_REASON = 200  # characters of one return reason
MAX_RETURN_REASONS = 20
EDITABLE = {ArchiveStatus.DRAFT, ArchiveStatus.RETURNED, ArchiveStatus.VERIFIED, ArchiveStatus.SUBMITTED}


@dataclass
class Warning:
    code: str
    message: str
    message_en: str
    related_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ArchiveHooks:
    """What other domains contribute to an archive's life. ``backend.services`` passes them in,
    so the customers domain imports no other domain's code (the rules and images domains depend
    on customers, not the other way round):

    * ``evaluate(session, bank_id, customer_id)``: evaluate the archive against the rules in force
      and store the result (rules); the result has ``violations`` (dicts with code and severity).
    * ``rules_in_force(session, bank_id)``: code -> (message zh, message en, overridable) (rules).
    * ``evaluate_many(session, bank_id, ids)``: the same for many archives of a bank, set-based.
    * ``consent_form_ref(session, bank_id, customer_id)``: the id of the archive's current
      consent-form photo, if any (images).
    """

    evaluate: Callable[[AsyncSession, int, uuid.UUID], Awaitable[Any]]
    evaluate_many: Callable[[AsyncSession, int, list[uuid.UUID]], Awaitable[Any]]
    rules_in_force: Callable[[AsyncSession, int], Awaitable[Mapping[str, tuple[str, str, bool]]]]
    consent_form_ref: Callable[[AsyncSession, int, uuid.UUID], Awaitable[str | None]]


@dataclass
class Verification:
    blockers: list[FieldError]  # why the caller may not verify at all
    needs_override: bool  # open ERROR violations
    override_allowed: bool  # every open ERROR is of an overridable rule
    batch_allowed: bool  # no open violation of any severity

    @property
    def can_verify(self) -> bool:
        return not self.blockers and not self.needs_override


@dataclass
class ArchiveResult:
    customer: Customer
    warnings: list[Warning] = field(default_factory=list)


class DuplicateArchive(DomainError):
    def __init__(self, existing_id: uuid.UUID | None) -> None:
        super().__init__(
            FieldError("idNumber", "DUPLICATE_ARCHIVE", "本行已有该身份证号码的客户档案", "this bank already has an archive for this ID number")
        )
        self.existing_id = existing_id


class VersionConflict(DomainError):
    def __init__(self, current: Customer) -> None:
        super().__init__(
            FieldError(
                "version",
                "VERSION_CONFLICT",
                f"档案已被他人修改（当前版本 {current.version}），请对比后重新提交",
                f"the archive changed meanwhile (server version {current.version})",
            )
        )
        self.current = current


def _now() -> datetime:
    return datetime.now(UTC)


def _principal_channel(principal: Principal, requested: Channel | None) -> Channel:
    if not principal.is_staff:
        return Channel.SELF_SERVICE
    if requested in (Channel.PC, Channel.PAD):
        return requested
    return Channel.PC


class CustomerService:
    def __init__(self, session: AsyncSession, cipher: FieldCipher, outbox: Outbox, hooks: ArchiveHooks) -> None:
        self.session = session
        self.cipher = cipher
        self.outbox = outbox
        self.hooks = hooks
        self.repo = CustomerRepository(session)

    # -- reading plain values ---------------------------------------------------------------
    def id_number(self, c: Customer) -> str:
        return self.cipher.decrypt(c.id_number_encrypted, context=ID_CONTEXT)

    def mobile(self, c: Customer) -> str | None:
        return self.cipher.decrypt(c.mobile_encrypted, context=MOBILE_CONTEXT) if c.mobile_encrypted else None

    def alt_phone(self, c: Customer) -> str | None:
        return self.cipher.decrypt(c.alt_phone_encrypted, context=ALT_PHONE_CONTEXT) if c.alt_phone_encrypted else None

    def address_line(self, c: Customer) -> str | None:
        return self.cipher.decrypt(c.address_encrypted, context=ADDRESS_CONTEXT) if c.address_encrypted else None

    def profile_secret(self, profile: dict[str, Any] | None, section: str, key: str) -> str | None:
        return profile_secret(self.cipher, profile, section, key)

    def snapshot(self, c: Any, *, masked: bool = True) -> dict[str, Any]:
        return snapshot(self.cipher, c, masked=masked)

    # -- create -----------------------------------------------------------------------------
    async def create(
        self,
        principal: Principal,
        data: dict[str, Any],
        *,
        branch_id: int | None = None,
        manager_id: int | None = None,
        channel: Channel | None = None,
        consent: dict[str, Any] | None = None,
        extra: list[dict[str, Any]] | None = None,
        customer_id: uuid.UUID | None = None,
    ) -> ArchiveResult:
        self_service = not principal.is_staff
        if not principal.can(Permission.ARCHIVE_COLLECT):
            raise PermissionDenied("collecting archives requires ARCHIVE_COLLECT (or the self_service scope)")
        branch = await self._branch_for(principal, branch_id)
        errors: list[FieldError] = []
        archive, extra_values, consent_value = await self._validate_input(branch.bank_id, data, extra or [], consent, None, errors)
        manager = await self._manager_for(principal, branch, manager_id, errors) if not self_service else None
        if errors:
            raise DomainError(*errors)
        assert archive is not None and branch.bank_id is not None
        if self_service and consent_value is None:
            raise field_error("consent", "CONSENT_REQUIRED", "提交档案须有客户授权记录", "an archive is submitted only with the customer's consent")
        bidx = self.cipher.blind_index(archive.id_number, context=ID_CONTEXT)
        await self._refuse_duplicate(principal, branch.bank_id, bidx)
        if customer_id is not None:
            await self._refuse_taken_id(customer_id)
        channel_value = _principal_channel(principal, channel)
        now = _now()
        customer = Customer(
            bank_id=branch.bank_id,
            id=customer_id or new_id(),
            branch_id=branch.id,
            org_path=branch.path,
            manager_id=manager.id if manager else None,
            status=ArchiveStatus.SUBMITTED if self_service else ArchiveStatus.DRAFT,
            channel=channel_value,
            version=1,
            created_by=principal.user_id,
            created_by_client=principal.client_id,
            submitted_at=now if self_service else None,
            consent=consent_value,
            extra=extra_values,
        )
        self._apply(customer, archive, bidx)
        self.session.add(customer)
        await self.session.flush()
        warnings = await self._warnings(principal, customer)
        await self._record(principal, customer, "CREATE", creation_diff(self.snapshot(customer)))
        if manager is None and self.outbox is not None:  # a self-service filing: its manager of record
            await self.outbox.enqueue(self.session, ASSIGN_MANAGER, ArchiveRef(customer.bank_id, customer.id))
        return ArchiveResult(customer, warnings)

    async def _validate_input(
        self,
        bank_id: int | None,
        data: dict[str, Any],
        extra: list[dict[str, Any]] | None,
        consent: dict[str, Any] | None,
        current: Customer | None,
        errors: list[FieldError],
    ) -> tuple[ArchiveInput | None, dict[str, Any], dict[str, Any] | None]:
        """Validate everything a create or update carries, collecting all errors at once.

        ``extra`` / ``consent`` left out (None) of an update keep the archive's current values.
        """
        archive: ArchiveInput | None = None
        try:
            archive = validate_archive(data)
        except DomainError as exc:
            errors.extend(exc.errors)
        if extra is None and current is not None:
            extra_values = current.extra
        else:
            extra_values, extra_errors = await self._validate_extra(bank_id, extra or [])
            errors.extend(extra_errors)
        if archive is not None:
            errors.extend(await self._check_address(bank_id, archive))
        consent_value = current.consent if current is not None else None
        if consent is not None:
            try:
                consent_value = _validate_consent(consent)
            except DomainError as exc:
                errors.extend(exc.errors)
        return archive, extra_values, consent_value

    async def _branch_for(self, principal: Principal, branch_id: int | None) -> OrgUnit:
        if branch_id is None:
            if principal.org_level != OrgLevel.BRANCH:
                raise field_error("branchId", "REQUIRED", "请选择网点", "branchId is required")
            branch_id = principal.org_id
        branch = await OrgRepository(self.session).branch(principal, branch_id=branch_id)
        if branch is None:
            raise not_found("网点", "branchId")
        return branch

    async def _manager_for(self, principal: Principal, branch: OrgUnit, manager_id: int | None, errors: list[FieldError]) -> StaffUser | None:
        if manager_id is None:
            if principal.has_any_role(Role.CUSTOMER_MANAGER) and principal.org_id == branch.id:
                manager_id = principal.user_id
            else:
                errors.append(FieldError("managerId", "REQUIRED", "请选择负责的客户经理", "managerId is required"))
                return None
        manager = await self.session.get(StaffUser, manager_id)
        if (
            manager is None
            or manager.org_unit_id != branch.id
            or manager.status != StaffStatus.ACTIVE
            or Role.CUSTOMER_MANAGER.value not in manager.roles
        ):
            errors.append(FieldError("managerId", "INVALID_MANAGER", "负责人须为该网点在岗的客户经理", "the manager must be an active customer manager of the branch"))
            return None
        return manager

    async def _refuse_duplicate(self, principal: Principal, bank_id: int, bidx: bytes, exclude: uuid.UUID | None = None) -> None:
        existing = await self.repo.by_id_number(bank_id, bidx)
        if existing is not None and existing.id != exclude:
            visible = principal.can_read_path(existing.org_path)
            raise DuplicateArchive(existing.id if visible else None)

    async def _refuse_taken_id(self, customer_id: uuid.UUID) -> None:
        """A client-chosen archive id must be new in every bank, not only in its own (the primary
        key is (bank_id, id)): reads by id across banks, at province level, expect one row. A
        global unique index would stop the table from being partitioned by bank, so the check is
        here, under a transaction-level advisory lock keyed on the id that serializes concurrent
        creates of it until commit."""
        key = int.from_bytes(customer_id.bytes[:8], "big", signed=True)
        await self.session.execute(select(func.pg_advisory_xact_lock(key)))
        # Across banks, also those row-level security hides from the caller (migration 0024).
        if await self.session.scalar(text("SELECT cic_archive_id_taken(:id)"), {"id": customer_id}):
            raise field_error("id", "ID_TAKEN", "该档案编号已被使用，请重新生成", "this archive id is already taken")

    async def _warnings(self, principal: Principal, c: Customer) -> list[Warning]:
        similar = await self.repo.similar(c.bank_id, c.name, c.birth_date, c.mobile_bidx, exclude=c.id)
        warnings: dict[str, Warning] = {}
        for other_id, path, kind in similar:
            w = warnings.setdefault(
                kind,
                Warning(kind, "本行已有同名且出生日期相同的档案，请确认不是同一人" if kind != "SAME_MOBILE" else "本行已有使用该手机号码的档案",
                        "same name and birth date as another archive" if kind != "SAME_MOBILE" else "another archive has this mobile number"),
            )
            if principal.can_read_path(path):
                w.related_ids.append(str(other_id))
        return list(warnings.values())

    def _apply(self, c: Customer, a: ArchiveInput, bidx: bytes) -> None:
        for key, value in archive_columns(self.cipher, [a], bidxs=[bidx])[0].items():
            setattr(c, key, value)

    def family_id_number(self, member: dict[str, Any]) -> str | None:
        blob = member.get("id_number_encrypted")
        return self.cipher.decrypt(base64.b64decode(blob), context=FAMILY_ID_CONTEXT) if blob else None

    def keep_masked_values(self, c: Customer, data: dict[str, Any]) -> dict[str, Any]:
        """An editor shows personal values as the caller sees them (masked) and sends them back
        untouched: a value equal to the mask of the stored one means "unchanged", and the stored
        plaintext is kept. So a reviewer who may not see an ID number in full (and nobody sees
        family members' in full) can still correct the rest of the archive without erasing them.
        A masked value that does not match the stored one is left as it is and fails validation."""
        data = dict(data)
        for key, current, mask in (
            ("id_number", self.id_number(c), mask_id_number),
            ("mobile", self.mobile(c), mask_phone),
            ("alt_phone", self.alt_phone(c), mask_phone),
        ):
            value = data.get(key)
            if current and isinstance(value, str) and "*" in value and value == mask(current):
                data[key] = current
        for section, key, _context in PROFILE_SECRETS:
            part, stored_value = data.get(section), self.profile_secret(c.profile, section, key)
            mask = {"register_no": mask_code, "remarks": mask_text}[key]
            if isinstance(part, dict) and stored_value and isinstance(part.get(key), str) and "*" in part[key] and part[key] == mask(stored_value):
                data[section] = {**part, key: stored_value}
        address, line = data.get("address"), self.address_line(c)
        if isinstance(address, dict) and line and isinstance(address.get("line"), str) and "*" in address["line"] and address["line"] == mask_text(line):
            data["address"] = {**address, "line": line}
        stored = list((c.profile or {}).get("family_members") or [])
        members = data.get("family_members")
        if isinstance(members, list) and stored:
            taken: set[int] = set()
            kept = []
            for i, member in enumerate(members):
                number = member.get("id_number") if isinstance(member, dict) else None
                if isinstance(number, str) and "*" in number:
                    # The member at the same position first, then any other with that mask.
                    for j in ([i] if i < len(stored) else []) + list(range(len(stored))):
                        if j not in taken and stored[j].get("id_number_masked") == number:
                            taken.add(j)
                            member = {**member, "id_number": self.family_id_number(stored[j])}
                            break
                kept.append(member)
            data["family_members"] = kept
        return data

    # -- update -----------------------------------------------------------------------------
    async def update(
        self,
        principal: Principal,
        customer_id: uuid.UUID,
        expected_version: int,
        data: dict[str, Any],
        *,
        channel: Channel | None = None,
        consent: dict[str, Any] | None = None,
        extra: list[dict[str, Any]] | None = None,
    ) -> ArchiveResult:
        c = await self._for_write(principal, customer_id, expected_version, Permission.ARCHIVE_EDIT, stale_ok=True)
        # A stale version is a conflict unless the archive already holds exactly what is sent: a
        # save sent again after its answer was lost (a tablet's link dropped) meets its own write,
        # and answering it as saved overwrites nobody (docs/customers.md, "Saving twice").
        stale = c.version != expected_version
        if c.status == ArchiveStatus.SUBMITTED and principal.is_staff and not principal.can(Permission.ARCHIVE_REVIEW):
            raise VersionConflict(c) if stale else field_error("status", "UNDER_REVIEW", "档案审核中，不能修改", "the archive is under review")
        errors: list[FieldError] = []
        data = self.keep_masked_values(c, data)
        archive, extra_values, consent_value = await self._validate_input(c.bank_id, data, extra, consent, c, errors)
        if errors:
            raise VersionConflict(c) if stale else DomainError(*errors)
        assert archive is not None
        bidx = self.cipher.blind_index(archive.id_number, context=ID_CONTEXT)
        if bidx != c.id_number_bidx:
            if stale:
                raise VersionConflict(c)
            await self._refuse_duplicate(principal, c.bank_id, bidx, exclude=c.id)
        if consent_value and not consent_value.get("form_image_ref"):
            # A client that does not track the consent-form photo (sends no reference) keeps the
            # one CIC linked when the photo was uploaded.
            if ref := await self.hooks.consent_form_ref(self.session, c.bank_id, c.id):
                consent_value = {**consent_value, "form_image_ref": ref}
        # Compare before touching the row: a no-op leaves the archive exactly as loaded (no
        # UPDATE, no new version, nothing expired that the payload would have to reload).
        columns = archive_columns(self.cipher, [archive], bidxs=[bidx])[0]
        before = self.snapshot(c, masked=False)
        after = self.snapshot(SimpleNamespace(**({a: getattr(c, a) for a in SNAPSHOT_ATTRIBUTES} | columns | {"extra": extra_values})), masked=False)
        diff = _diff(before, after)
        if consent_value != c.consent:
            diff["consent"] = [_consent_summary(c.consent), _consent_summary(consent_value)]
        if stale:
            if diff:
                raise VersionConflict(c)
            return ArchiveResult(c, await self._warnings(principal, c))  # as the first answer said
        if not diff:
            return ArchiveResult(c, [])
        for key, value in columns.items():
            setattr(c, key, value)
        c.extra = extra_values
        c.consent = consent_value
        if c.status == ArchiveStatus.VERIFIED:
            c.status = ArchiveStatus.DRAFT  # a changed archive is verified again
            diff["status"] = [ArchiveStatus.VERIFIED.value, ArchiveStatus.DRAFT.value]
        c.version = expected_version + 1
        c.updated_at = _now()
        await self.session.flush()
        await self._record(principal, c, "UPDATE", diff, channel=_principal_channel(principal, channel))
        return ArchiveResult(c, await self._warnings(principal, c))

    async def _for_write(
        self, principal: Principal, customer_id: uuid.UUID, expected_version: int, permission: Permission, *, stale_ok: bool = False
    ) -> Customer:
        """The archive locked for a change; a stale ``expected_version`` is a ``VersionConflict``
        unless ``stale_ok`` (the caller decides, comparing what it would write)."""
        if not principal.is_staff or not principal.can(permission):
            raise PermissionDenied(f"changing archives this way requires {permission.value}")
        # A change's statements (the archive, its villages, history, evaluation and rating) all
        # look rows up by key: planned once per connection, not at every change.
        await keyed_plans(self.session)
        c = await self.repo.get(principal, customer_id, for_update=True)
        if c is None:
            raise not_found("客户档案")
        if c.status == ArchiveStatus.ARCHIVED:
            raise field_error("status", "ARCHIVE_CLOSED", "档案已归档关闭，不能修改", "the archive is closed")
        if c.version != expected_version and not stale_ok:
            raise VersionConflict(c)
        return c

    # -- lifecycle ----------------------------------------------------------------------------
    async def submit(self, principal: Principal, customer_id: uuid.UUID, version: int) -> Customer:
        c = await self._for_write(principal, customer_id, version, Permission.ARCHIVE_EDIT, stale_ok=True)
        if c.version != version:
            # Sent again after its answer was lost: the version after the one it names is this
            # caller's submission of it, and the archive still awaits review. Anything else is a
            # conflict (docs/customers.md, "Saving twice").
            if c.status == ArchiveStatus.SUBMITTED and c.version == version + 1:
                latest = await self.repo.history(c.id, c.bank_id, limit=1)
                if latest and (latest[0].version, latest[0].action, latest[0].changed_by) == (c.version, "SUBMIT", principal.user_id):
                    return c
            raise VersionConflict(c)
        if c.status not in (ArchiveStatus.DRAFT, ArchiveStatus.RETURNED):
            raise _bad_transition(c.status, ArchiveStatus.SUBMITTED)
        if not c.consent:
            raise field_error("consent", "CONSENT_REQUIRED", "提交前须记录客户授权（采集与征信查询授权书）", "the customer's consent must be recorded before submitting")
        return await self._transition(principal, c, ArchiveStatus.SUBMITTED, submitted_at=_now(), return_reasons=None)

    async def verify(
        self, principal: Principal, customer_id: uuid.UUID, version: int, manager_id: int | None = None,
        *, override_reason: str | None = None, batch: bool = False,
    ) -> Customer:
        """SUBMITTED -> VERIFIED by a second person, with the archive meeting the rules in force.

        Four eyes: neither whoever collected the archive nor whoever changed its content since it
        was submitted may verify it. Open ERROR violations (re-evaluated now) block it, unless every
        one of them is of an overridable rule and the reviewer writes why (audited as
        ``customer.verify_override``). ``batch`` verifies only archives without any violation.
        """
        c = await self._for_write(principal, customer_id, version, Permission.ARCHIVE_REVIEW)
        edited = principal.user_id is not None and await self.repo.edited_since_submission(c.bank_id, c.id, principal.user_id)
        if (blocker := verify_blocker(principal, c, edited_since_submission=edited)) is not None:
            raise DomainError(blocker)
        evaluation = await self.hooks.evaluate(self.session, c.bank_id, c.id)
        violations = evaluation.violations if evaluation else []
        rules = await self.hooks.rules_in_force(self.session, c.bank_id)
        errors = [v for v in violations if v["severity"] == "ERROR"]
        if batch and violations:
            raise field_error(
                "id", "HAS_VIOLATIONS", "档案有未通过的规则，请逐份审核", "the archive has open rule violations: verify it on its own"
            )
        note = None
        if errors:
            wording = "；".join(rules[v["code"]][0] if v["code"] in rules else v["code"] for v in errors[:5])
            wording_en = "; ".join(rules[v["code"]][1] if v["code"] in rules else v["code"] for v in errors[:5])
            if override_reason is None:
                raise field_error(
                    "overrideReason", "OPEN_VIOLATIONS", f"档案有{len(errors)}项错误级规则未通过：{wording}",
                    f"{len(errors)} ERROR rule(s) not met: {wording_en}",
                )
            fixed = [v for v in errors if not (v["code"] in rules and rules[v["code"]][2])]
            if fixed:
                names = "；".join(rules[v["code"]][0] if v["code"] in rules else v["code"] for v in fixed[:5])
                raise field_error(
                    "overrideReason", "NOT_OVERRIDABLE", f"以下规则不允许强制通过，须先补正档案：{names}",
                    "these rules cannot be overridden; correct the archive first",
                )
            note = override_reason.strip()
            if not 10 <= len(note) <= 500:
                raise field_error("overrideReason", "REASON_REQUIRED", "强制通过须填写理由（10-500字）", "an override needs a reason of 10-500 characters")
            await audit.record(
                self.session, action="customer.verify_override", org_path=c.org_path, principal=principal,
                target_type="Customer", target_id=str(c.id), detail={"version": c.version, "rules": [v["code"] for v in errors], "reason": note},
            )
        changes: dict[str, Any] = {}
        if c.manager_id is None or manager_id is not None:
            branch = await self.session.get_one(OrgUnit, c.branch_id)
            field_errors: list[FieldError] = []
            manager = await self._manager_for(principal, branch, manager_id, field_errors)
            if field_errors:
                raise DomainError(*field_errors)
            assert manager is not None
            changes["manager_id"] = manager.id
        c = await self._transition(
            principal, c, ArchiveStatus.VERIFIED, note=note, verified_at=_now(), verified_by=principal.user_id, reviewed_at=_now(), **changes
        )
        await self.outbox.enqueue(self.session, PUSH_TO_ECIF, ArchiveRef(c.bank_id, c.id))
        return c

    async def verify_many(self, principal: Principal, items: list[tuple[uuid.UUID, int]]) -> tuple[list[Customer], dict[uuid.UUID, list[FieldError]]]:
        """Batch verification from the review inbox: each archive on its own (a SAVEPOINT each),
        only archives without any open violation; the others are reported, not verified."""
        if not items:
            raise field_error("items", "REQUIRED", "请选择要审核的档案", "choose archives to verify")
        if len(items) > 100:
            raise field_error("items", "TOO_MANY", "一次最多审核100份档案", "at most 100 archives at a time")
        verified: list[Customer] = []
        failed: dict[uuid.UUID, list[FieldError]] = {}
        for customer_id, version in items:
            try:
                async with self.session.begin_nested():
                    verified.append(await self.verify(principal, customer_id, version, batch=True))
            except DomainError as exc:
                failed[customer_id] = exc.errors
        return verified, failed

    async def return_for_rework(self, principal: Principal, customer_id: uuid.UUID, version: int, reasons: list[str]) -> Customer:
        c = await self._for_write(principal, customer_id, version, Permission.ARCHIVE_REVIEW)
        reasons = [r.strip() for r in reasons if r and r.strip()]
        if not reasons:
            raise field_error("reasons", "REASON_REQUIRED", "退回时须填写原因", "at least one reason is required")
        if any(len(r) > MAX_REASON for r in reasons):
            raise field_error("reasons", "TOO_LONG", f"每条退回原因不超过{MAX_REASON}字", f"each reason has at most {MAX_REASON} characters")
        if len(reasons) > MAX_RETURN_REASONS:
            raise field_error("reasons", "TOO_MANY_ITEMS", f"退回原因最多{MAX_RETURN_REASONS}条", f"at most {MAX_RETURN_REASONS} reasons")
        if c.status != ArchiveStatus.SUBMITTED:
            raise _bad_transition(c.status, ArchiveStatus.RETURNED)
        return await self._transition(principal, c, ArchiveStatus.RETURNED, return_reasons=reasons, reviewed_at=_now())

    async def close(self, principal: Principal, customer_id: uuid.UUID, version: int, reason: str) -> Customer:
        c = await self._for_write(principal, customer_id, version, Permission.ARCHIVE_CLOSE)
        if not reason.strip():
            raise field_error("reason", "REASON_REQUIRED", "归档关闭须填写原因", "a reason is required")
        _refuse_long_note(reason.strip(), "reason")
        return await self._transition(principal, c, ArchiveStatus.ARCHIVED, note=reason.strip())

    async def _transition(self, principal: Principal, c: Customer, to: ArchiveStatus, note: str | None = None, **values: Any) -> Customer:
        before = c.status
        diff: dict[str, Any] = {"status": [before.value, to.value]}
        for key, value in values.items():
            setattr(c, key, value)
        if "return_reasons" in values and values["return_reasons"]:
            diff["returnReasons"] = [None, values["return_reasons"]]
        if "manager_id" in values:
            diff["managerId"] = [None, values["manager_id"]]
        c.status = to
        c.version += 1
        c.updated_at = _now()
        await self.session.flush()
        action = {
            ArchiveStatus.SUBMITTED: "SUBMIT",
            ArchiveStatus.VERIFIED: "VERIFY",
            ArchiveStatus.RETURNED: "RETURN",
            ArchiveStatus.ARCHIVED: "ARCHIVE",
        }[to]
        await self._record(principal, c, action, diff, note=note)
        return c

    # -- assignment ---------------------------------------------------------------------------
    async def transfer(self, principal: Principal, customer_ids: list[uuid.UUID], to_manager_id: int, reason: str | None) -> int:
        """Move chosen archives to another customer manager (and their branch), set-based."""
        _require_transferrer(principal)
        if not customer_ids:
            raise field_error("customerIds", "REQUIRED", "请选择要移交的档案", "choose archives to transfer")
        to_user, to_branch = await self._receiver(principal, to_manager_id, reason)
        found = await self.repo.get_many(principal, customer_ids)
        missing = [str(i) for i in customer_ids if i not in found]
        if missing:
            raise field_error("customerIds", "NOT_FOUND", f"{len(missing)}份档案不存在或无权访问", f"not found: {', '.join(missing[:5])}")
        if any(c.bank_id != to_branch.bank_id for c in found.values()):
            raise field_error("toManagerId", "OTHER_BANK", "不能移交给其他法人行社", "archives stay within their bank")
        moving = [(c.bank_id, c.id, c.branch_id, c.manager_id) for c in found.values() if c.manager_id != to_user.id]
        return await self._move(principal, moving, to_user, to_branch, reason)

    async def transfer_all(self, principal: Principal, from_manager_id: int, to_manager_id: int, reason: str | None) -> int:
        """A manager leaves: every archive they are responsible for (in the caller's scope) moves,
        in a fixed number of statements however many there are."""
        _require_transferrer(principal)
        to_user, to_branch = await self._receiver(principal, to_manager_id, reason)
        if from_manager_id == to_user.id:
            return 0
        moving = await self.repo.managed_by(principal, from_manager_id, bank_id=to_branch.bank_id)
        return await self._move(principal, moving, to_user, to_branch, reason)

    async def _receiver(self, principal: Principal, to_manager_id: int, reason: str | None) -> tuple[StaffUser, OrgUnit]:
        if reason is not None:
            _refuse_long_note(reason, "reason")
        found = await self.repo.staff_in_scope(principal, to_manager_id)
        if found is None or found[0].status != StaffStatus.ACTIVE or Role.CUSTOMER_MANAGER.value not in found[0].roles:
            raise field_error("toManagerId", "INVALID_MANAGER", "接收人须为在岗的客户经理", "the receiver must be an active customer manager in your scope")
        return found

    async def _move(
        self, principal: Principal, moving: list[tuple[int, uuid.UUID, int, int | None]], to_user: StaffUser, to_branch: OrgUnit, reason: str | None
    ) -> int:
        """Reassign archives (bank_id, id, from branch, from manager): one UPDATE, the assignment
        and history rows in bulk, one audit record, one re-evaluation of the moved archives."""
        if not moving:
            return 0
        versions = await self.repo.reassign([(b, i) for b, i, _, _ in moving], manager_id=to_user.id, branch_id=to_branch.id, org_path=to_branch.path)
        now = _now()
        assignments, changes = [], []
        for bank_id, customer_id, from_branch, from_manager in moving:
            assignments.append({
                "bank_id": bank_id, "customer_id": customer_id, "from_branch_id": from_branch, "to_branch_id": to_branch.id,
                "from_manager_id": from_manager, "to_manager_id": to_user.id, "reason": reason, "assigned_by": principal.user_id,
                "assigned_at": now,
            })
            diff: dict[str, Any] = {"managerId": [from_manager, to_user.id]}
            if from_branch != to_branch.id:
                diff["branchId"] = [from_branch, to_branch.id]
            changes.append({
                "bank_id": bank_id, "customer_id": customer_id, "version": versions[(bank_id, customer_id)], "action": "TRANSFER",
                "channel": Channel.PC.value, "changed_by": principal.user_id, "changed_by_client": principal.client_id,
                "changed_at": now, "diff": diff, "note": reason,
            })
        await bulk_insert(self.session, CustomerAssignment.__table__, assignments)
        await bulk_insert(self.session, CustomerChange.__table__, changes)
        await audit.record(
            self.session, action="customer.transfer", org_path=to_branch.path, principal=principal, target_type="StaffUser",
            target_id=str(to_user.id),
            detail={"archives": len(moving), "toBranch": to_branch.id, "fromManagers": sorted({m for *_, m in moving if m is not None}),
                    "ids": [str(i) for _, i, _, _ in moving[:50]]},
        )
        for bank_id in {b for b, *_ in moving}:
            await self.hooks.evaluate_many(self.session, bank_id, [i for b, i, _, _ in moving if b == bank_id])
        return len(moving)

    async def _check_address(self, bank_id: int | None, a: ArchiveInput) -> list[FieldError]:
        """Township and village codes must be in the bank's dictionary, under the chosen county."""
        address = a.address
        codes = [c for c in (address.township_code, address.village_code) if c]
        if not codes:
            return []
        known = {
            v.code: v
            for v in await self.session.scalars(select(Village).where(Village.bank_id == bank_id, Village.code.in_(codes)))
        }
        errors: list[FieldError] = []
        township = known.get(address.township_code or "")
        if address.township_code and (township is None or township.level != "TOWNSHIP" or township.parent_code != address.region_code):
            errors.append(FieldError("address.townshipCode", "UNKNOWN_TOWNSHIP", "乡镇不在本行字典中，或不属于所选区县", "township not in the bank's dictionary under this county"))
        village = known.get(address.village_code or "")
        if address.village_code and (village is None or village.level != "VILLAGE" or village.parent_code != address.township_code):
            errors.append(FieldError("address.villageCode", "UNKNOWN_VILLAGE", "村不在本行字典中，或不属于所选乡镇", "village not in the bank's dictionary under this township"))
        return errors

    # -- bank extra fields --------------------------------------------------------------------
    async def _validate_extra(self, bank_id: int | None, values: list[dict[str, Any]]) -> tuple[dict[str, Any], list[FieldError]]:
        definitions = {
            d.code: d
            for d in await self.session.scalars(
                select(ExtraFieldDefinition).where(ExtraFieldDefinition.bank_id == bank_id, ExtraFieldDefinition.active.is_(True))
            )
        }
        given = {v["code"]: v.get("value") for v in values}
        out: dict[str, Any] = {}
        errors: list[FieldError] = []
        for code in given:
            if code not in definitions:
                errors.append(FieldError(f"extraFields.{code}", "UNKNOWN_FIELD", "本行未定义该扩展字段", "no such extra field in this bank"))
        for code, d in definitions.items():
            raw = given.get(code)
            path = f"extraFields.{code}"
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if d.required:
                    errors.append(FieldError(path, "REQUIRED", f"{d.label_zh}为必填项", f"{d.label_en} is required"))
                continue
            try:
                out[code] = _extra_value(d, str(raw).strip())
            except DomainError as exc:
                errors.extend(FieldError(path, e.code, f"{d.label_zh}：{e.message}", f"{d.label_en}: {e.message_en}") for e in exc.errors)
        return out, errors

    # -- history ------------------------------------------------------------------------------
    async def _record(self, principal: Principal, c: Customer, action: str, diff: dict[str, Any], *, channel: Channel | None = None, note: str | None = None) -> None:
        self.session.add(
            CustomerChange(
                bank_id=c.bank_id, customer_id=c.id, version=c.version, action=action,
                channel=(channel or c.channel).value if principal.is_staff else Channel.SELF_SERVICE.value,
                changed_by=principal.user_id, changed_by_client=principal.client_id, diff=history.seal(self.cipher, diff), note=note,
            )
        )
        await audit.record(
            self.session, action=f"customer.{action.lower()}", org_path=c.org_path, principal=principal,
            target_type="Customer", target_id=str(c.id), detail={"version": c.version, "fields": sorted(diff)[:50]},
        )
        # Every change is evaluated against the integrity rules in force (violations, completeness,
        # precise filing); the payload reads the stored result.
        await self.hooks.evaluate(self.session, c.bank_id, c.id)


# The snapshot's paths whose values history keeps masked, and their masks.
MASKED_PATHS = {"idNumber": mask_id_number, "mobile": mask_phone, "altPhone": mask_phone, "address.line": mask_text}


def snapshot(cipher: FieldCipher, c: Any, *, masked: bool = True) -> dict[str, Any]:
    """The archive as a flat dict of input paths: the diff basis. ``masked`` (history's view)
    masks the values of ``MASKED_PATHS``; a change is decided on the plain values (``masked=
    False``), since two values can share a mask (a corrected birth date inside an ID number, a
    house number in the address line) and a save that compared masks would drop such a change."""
    flat: dict[str, Any] = {
        "name": c.name,
        "idNumber": cipher.decrypt(c.id_number_encrypted, context=ID_CONTEXT),
        "idExpiry": c.id_expiry.isoformat() if c.id_expiry else None,
        "idLongTerm": c.id_long_term,
        "ethnicity": c.ethnicity,
        "education": c.education,
        "maritalStatus": c.marital_status,
        "health": c.health,
        "mobile": cipher.decrypt(c.mobile_encrypted, context=MOBILE_CONTEXT) if c.mobile_encrypted else None,
        "altPhone": cipher.decrypt(c.alt_phone_encrypted, context=ALT_PHONE_CONTEXT) if c.alt_phone_encrypted else None,
        "address.regionCode": c.region_code,
        "address.townshipCode": c.township_code,
        "address.villageCode": c.village_code,
        "address.line": cipher.decrypt(c.address_encrypted, context=ADDRESS_CONTEXT) if c.address_encrypted else None,
    }
    if masked:
        for path in MASKED_PATHS:
            flat[path] = _masked(path, flat[path])
    _flatten(c.profile or {}, "", flat)
    for section, key, _context in PROFILE_SECRETS:
        flat.pop(f"{section}.{camel(key)}", None)  # a legacy plain value: the decrypted one below
        flat[f"{section}.{camel(key)}"] = profile_secret(cipher, c.profile, section, key)
    for key, value in (c.extra or {}).items():
        flat[f"extraFields.{key}"] = value
    return flat


@dataclass(frozen=True)
class ArchiveActions:
    """What the caller may do with an archive now, from the permission table and its status (the
    API still checks every action; this is what a client shows). Verifying can be blocked further
    by four eyes or open violations: ``verification`` says so."""

    edit: bool
    submit: bool
    verify: bool
    return_for_rework: bool
    close: bool
    transfer: bool
    upload_image: bool
    delete_image: bool


def archive_actions(principal: Principal, c: Customer) -> ArchiveActions:
    status, open_ = c.status, c.status != ArchiveStatus.ARCHIVED
    review = principal.can(Permission.ARCHIVE_REVIEW) and status == ArchiveStatus.SUBMITTED
    return ArchiveActions(
        edit=open_ and principal.can(Permission.ARCHIVE_EDIT) and (status != ArchiveStatus.SUBMITTED or principal.can(Permission.ARCHIVE_REVIEW)),
        submit=principal.can(Permission.ARCHIVE_EDIT) and status in (ArchiveStatus.DRAFT, ArchiveStatus.RETURNED),
        verify=review,
        return_for_rework=review,
        close=open_ and principal.can(Permission.ARCHIVE_CLOSE),
        transfer=open_ and principal.can(Permission.ARCHIVE_TRANSFER),
        upload_image=open_ and principal.can(Permission.IMAGE_UPLOAD),
        delete_image=principal.can(Permission.IMAGE_DELETE),
    )


def verify_blocker(principal: Principal, c: Customer, *, edited_since_submission: bool) -> FieldError | None:
    """Why this reviewer may not verify this archive (None: they may, rules permitting)."""
    if not principal.is_staff or not principal.can(Permission.ARCHIVE_REVIEW):
        return FieldError("id", "NOT_A_REVIEWER", "只有网点负责人和审批人可以审核档案", "only branch managers and approvers verify archives")
    if c.status != ArchiveStatus.SUBMITTED:
        return _bad_transition(c.status, ArchiveStatus.VERIFIED).errors[0]
    if c.created_by == principal.user_id and c.channel != Channel.SELF_SERVICE:
        return FieldError("id", "SELF_VERIFICATION", "不能审核自己采集的档案", "you cannot verify an archive you collected")
    if edited_since_submission:
        return FieldError(
            "id", "EDITED_BY_REVIEWER", "您在档案提交后修改过其内容，须由另一位审核人审核",
            "you changed the archive after it was submitted: another reviewer must verify it",
        )
    return None


def verification(
    principal: Principal, c: Customer, violations: list[dict[str, Any]], *, edited_since_submission: bool, overridable: Mapping[str, bool]
) -> Verification:
    """What the verify dialog shows: who may verify, whether the open violations (of the stored
    evaluation) need an override and would accept one (``overridable``: rule code -> flag, of the
    rules in force), whether batch verification may include it. Pure: the caller loads the facts."""
    blocker = verify_blocker(principal, c, edited_since_submission=edited_since_submission)
    errors = [v for v in violations if v["severity"] == "ERROR"]
    return Verification(
        blockers=[blocker] if blocker else [],
        needs_override=bool(errors),
        override_allowed=bool(errors) and all(overridable.get(v["code"], False) for v in errors),
        batch_allowed=not violations,
    )


def archive_columns(cipher: FieldCipher, archives: Sequence[ArchiveInput], *, bidxs: Sequence[bytes] | None = None) -> list[dict[str, Any]]:
    """The stored columns of validated archives: personal values encrypted, blind indexes,
    gender and birth date derived from the ID number, the profile with family members' ID numbers
    encrypted (and a masked twin). Pure; one key setup per column for the whole batch.

    ``CustomerService._apply`` uses it for one archive, the bulk import for thousands.
    """
    ids = [a.id_number for a in archives]
    id_encrypted = cipher.encrypt_many(ids, context=ID_CONTEXT)
    id_bidx = list(bidxs) if bidxs is not None else cipher.blind_index_many(ids, context=ID_CONTEXT)
    mobiles = [a.mobile for a in archives]
    mobile_encrypted = _optional_many(cipher.encrypt_many, mobiles, MOBILE_CONTEXT)
    mobile_bidx = _optional_many(cipher.blind_index_many, mobiles, MOBILE_CONTEXT)
    alt_encrypted = _optional_many(cipher.encrypt_many, [a.alt_phone for a in archives], ALT_PHONE_CONTEXT)
    address_encrypted = _optional_many(cipher.encrypt_many, [a.address.line for a in archives], ADDRESS_CONTEXT)
    profiles = [a.profile() for a in archives]
    members = [m for p in profiles for m in p["family_members"]]
    numbers = [m.pop("id_number") for m in members]
    for member, number, blob in zip(members, numbers, _optional_many(cipher.encrypt_many, numbers, FAMILY_ID_CONTEXT), strict=True):
        member["id_number_encrypted"] = base64.b64encode(blob).decode() if blob else None
        member["id_number_masked"] = mask_id_number(number) if number else None
    for section, key, context in PROFILE_SECRETS:
        values = [p[section].pop(key, None) for p in profiles]
        for profile, blob in zip(profiles, _optional_many(cipher.encrypt_many, values, context), strict=True):
            profile[section][f"{key}_encrypted"] = base64.b64encode(blob).decode() if blob else None
    rows = []
    for i, a in enumerate(archives):
        rid = parse_resident_id(a.id_number)
        rows.append(
            {
                "name": a.name,
                "name_sort": name_sort_key(a.name),
                "id_number_encrypted": id_encrypted[i],
                "id_number_bidx": id_bidx[i],
                "id_expiry": a.id_expiry,
                "id_long_term": a.id_long_term,
                "gender": rid.gender,
                "birth_date": rid.birth_date,
                "ethnicity": a.ethnicity,
                "education": a.education,
                "marital_status": a.marital_status,
                "health": a.health,
                "mobile_encrypted": mobile_encrypted[i],
                "mobile_bidx": mobile_bidx[i],
                "alt_phone_encrypted": alt_encrypted[i],
                "region_code": a.address.region_code,
                "township_code": a.address.township_code,
                "village_code": a.address.village_code,
                "address_encrypted": address_encrypted[i],
                "profile": profiles[i],
            }
        )
    return rows


def profile_secret(cipher: FieldCipher, profile: dict[str, Any] | None, section: str, key: str) -> str | None:
    """An encrypted value of the profile (``PROFILE_SECRETS``), decrypted; a legacy plain one as it is."""
    part = (profile or {}).get(section) or {}
    blob = part.get(f"{key}_encrypted")
    context = next(c for s_, k, c in PROFILE_SECRETS if (s_, k) == (section, key))
    if blob:
        return cipher.decrypt(base64.b64decode(blob), context=context)
    return part.get(key) or None


def _optional_many(fn: Any, values: list[str | None], context: str) -> list[Any]:
    """Apply a batch function (``encrypt_many``...) to the present values; None stays None."""
    results = iter(fn([v for v in values if v], context=context))
    return [next(results) if v else None for v in values]


# What ``CustomerService.snapshot`` reads of an archive.
SNAPSHOT_ATTRIBUTES = (
    "name", "id_number_encrypted", "id_expiry", "id_long_term", "ethnicity", "education", "marital_status", "health",
    "mobile_encrypted", "alt_phone_encrypted", "region_code", "township_code", "village_code", "address_encrypted",
    "profile", "extra",
)


def _consent_summary(consent: dict[str, Any] | None) -> str | None:
    """How a consent record appears in the history diff: wording version and channel."""
    if not consent:
        return None
    return f"{consent['wording_version']}/{consent['channel']}" + ("/share" if consent.get("share_with_federation") else "")


def creation_diff(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The history diff of a new archive: every filled field, from nothing."""
    return {k: [None, v] for k, v in snapshot.items() if v not in (None, "", [], False, 0, "0.00")}


def _refuse_long_note(text: str, field: str) -> None:
    """A reason kept as the history note (and the assignment's reason) fits its column."""
    limit = column_length(CustomerChange.note)
    if len(text) > limit:
        raise field_error(field, "TOO_LONG", f"原因不超过{limit}字", f"a reason has at most {limit} characters")


def _require_transferrer(principal: Principal) -> None:
    if not principal.can(Permission.ARCHIVE_TRANSFER):
        raise PermissionDenied("transferring archives requires ARCHIVE_TRANSFER")


def _bad_transition(current: ArchiveStatus, target: ArchiveStatus) -> DomainError:
    names = {"DRAFT": "草稿", "SUBMITTED": "已提交", "RETURNED": "已退回", "VERIFIED": "已审核", "ARCHIVED": "已归档"}
    return field_error(
        "status", "INVALID_TRANSITION", f"档案当前为“{names[current.value]}”，不能变为“{names[target.value]}”",
        f"an archive in status {current.value} cannot become {target.value}",
    )


def _validate_consent(raw: dict[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    version = str(raw.get("wording_version") or "").strip()
    if not version or len(version) > 32:
        errors.append(FieldError("consent.wordingVersion", "REQUIRED", "须填写授权书文本版本", "the wording version is required"))
    channel = str(raw.get("channel") or "")
    if channel not in CONSENT_CHANNELS:
        errors.append(FieldError("consent.channel", "INVALID_CHOICE", "授权渠道须为 PC、PAD、SELF_SERVICE 或 PAPER", "channel must be PC, PAD, SELF_SERVICE or PAPER"))
    at = raw.get("consented_at")
    if not isinstance(at, datetime):
        errors.append(FieldError("consent.consentedAt", "REQUIRED", "须填写授权时间", "the consent time is required"))
    elif at.astimezone(UTC) > _now():
        errors.append(FieldError("consent.consentedAt", "IN_FUTURE", "授权时间不能晚于当前时间", "the consent time is in the future"))
    ref = raw.get("form_image_ref")
    if ref is not None and len(str(ref)) > 200:
        errors.append(FieldError("consent.formImageRef", "TOO_LONG", "授权书影像编号过长", "form image reference is too long"))
    if errors:
        raise DomainError(*errors)
    assert isinstance(at, datetime)
    return {
        "wording_version": version, "consented_at": at.astimezone(UTC).isoformat(), "channel": channel, "form_image_ref": ref,
        "share_with_federation": raw.get("share_with_federation") is True,
    }


def extra_value(d: Any, raw: str) -> Any:
    """One extra field's value from its text, checked against its definition (pure: the bulk
    import checks its rows with it too). Raises ``DomainError`` (field None) when it fails."""
    return _extra_value(d, raw)


def _extra_value(d: ExtraFieldDefinition, raw: str) -> Any:
    def bad(code: str, zh: str, en: str) -> DomainError:
        return DomainError(FieldError(None, code, zh, en))

    if d.kind == ExtraFieldKind.TEXT:
        if d.max_length and len(raw) > d.max_length:
            raise bad("TOO_LONG", f"不超过{d.max_length}个字符", f"at most {d.max_length} characters")
        if d.pattern and not re.fullmatch(d.pattern, raw):
            raise bad("PATTERN_MISMATCH", "格式不符合要求", "does not match the required pattern")
        return raw
    if d.kind == ExtraFieldKind.NUMBER:
        number = sane_decimal(raw)
        if number is None:
            raise bad("INVALID_NUMBER", f"须为数字（最多{MAX_NUMBER_DIGITS}位整数、{MAX_DECIMALS}位小数）", "must be a number of sane size")
        low, high = _number_bound(d.min_value), _number_bound(d.max_value)
        if low is not None and number < low:
            raise bad("OUT_OF_RANGE", f"不能小于{d.min_value}", f"must be at least {d.min_value}")
        if high is not None and number > high:
            raise bad("OUT_OF_RANGE", f"不能大于{d.max_value}", f"must be at most {d.max_value}")
        return str(number)
    if d.kind == ExtraFieldKind.DATE:
        value = _date_value(raw)
        if value is None:
            raise bad("INVALID_DATE", "日期格式须为YYYY-MM-DD", "date must be YYYY-MM-DD")
        low_date, high_date = _date_value(d.min_value), _date_value(d.max_value)
        if low_date and value < low_date or high_date and value > high_date:
            raise bad("OUT_OF_RANGE", "日期超出允许范围", "date out of range")
        return value.isoformat()
    if d.kind == ExtraFieldKind.CHOICE:
        if raw not in (d.choices or []):
            raise bad("INVALID_CHOICE", "取值不在选项中", "not one of the choices")
        return raw
    if raw.lower() in ("true", "1", "yes", "是"):
        return True
    if raw.lower() in ("false", "0", "no", "否"):
        return False
    raise bad("INVALID_BOOLEAN", "须为是或否", "must be yes or no")


def _number_bound(text: str | None) -> Decimal | None:
    """A NUMBER field's stored bound; one that is no sane number (stored before bounds were
    checked) bounds nothing."""
    return sane_decimal(text) if text is not None else None


def _date_value(text: str | None) -> date | None:
    """A date typed as YYYY-MM-DD within the years a client may send, else None."""
    try:
        value = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return value if value is not None and date_problem(value) is None else None


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    from backend.customers.validation import camel

    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_encrypted"):  # ciphertexts change on every save; the masked twin is compared
                continue
            _flatten(item, f"{prefix}.{camel(key)}" if prefix else camel(key), out)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for i, item in enumerate(value):
            _flatten(item, f"{prefix}[{i}]", out)
        out[f"{prefix}.length"] = len(value)
    else:
        out[prefix] = value


def _masked(path: str, value: Any) -> Any:
    mask = MASKED_PATHS.get(path)
    return mask(value) if mask is not None and value else value


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What changed between two plain snapshots (``snapshot(..., masked=False)``), each side as
    history shows it: a path of ``MASKED_PATHS`` masked, even where both masks read the same."""
    return {
        k: [_masked(k, before.get(k)), _masked(k, after.get(k))]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


def _reveal_loader(read: Any):
    """A reveal loader of an archive's value; ``read(cipher, customer)`` gives the plain value."""

    async def load(session: AsyncSession, cipher: FieldCipher, principal: Principal, record_id: str) -> Revealed | None:
        c = await CustomerRepository(session).get(principal, parse_uuid(record_id))
        if c is None:
            return None
        return Revealed(org_path=c.org_path, owner=None, value=read(cipher, c))

    return load


def _column(column: str, context: str) -> Any:
    def read(cipher: FieldCipher, c: Customer) -> str | None:
        blob = getattr(c, column)
        return cipher.decrypt(blob, context=context) if blob else None

    return read


revealable("Customer", "idNumber")(_reveal_loader(_column("id_number_encrypted", ID_CONTEXT)))
revealable("Customer", "mobile")(_reveal_loader(_column("mobile_encrypted", MOBILE_CONTEXT)))
revealable("Customer", "altPhone")(_reveal_loader(_column("alt_phone_encrypted", ALT_PHONE_CONTEXT)))
# Values of nested types (Address, Household, Social): the record id is the archive's.
revealable("Address", "line")(_reveal_loader(_column("address_encrypted", ADDRESS_CONTEXT)))
revealable("Household", "registerNo")(_reveal_loader(lambda cipher, c: profile_secret(cipher, c.profile, "household", "register_no")))
revealable("Social", "remarks")(_reveal_loader(lambda cipher, c: profile_secret(cipher, c.profile, "social", "remarks")))



EXTRA_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
MAX_CHOICES = 200


@dataclass
class ExtraFieldSpec:
    code: str
    label_zh: str
    label_en: str
    kind: ExtraFieldKind
    required: bool = False
    choices: list[str] | None = None
    min_value: str | None = None
    max_value: str | None = None
    pattern: str | None = None
    max_length: int | None = None
    position: int = 0
    active: bool = True


async def define_extra_field(session: AsyncSession, principal: Principal, spec: ExtraFieldSpec) -> ExtraFieldDefinition:
    """A bank admin adds or changes one of the bank's extra archive fields."""
    if not principal.can(Permission.EXTRA_FIELD_ADMIN) or principal.bank_id is None:
        raise PermissionDenied("defining extra fields requires EXTRA_FIELD_ADMIN at a bank")
    errors: list[FieldError] = []
    if not EXTRA_CODE_RE.fullmatch(spec.code):
        errors.append(FieldError("code", "INVALID_FORMAT", "字段代码须为2-48位小写字母开头的字母、数字、下划线", "code: 2-48 of a-z 0-9 _, starting with a letter"))
    label = column_length(ExtraFieldDefinition.label_zh)
    if not spec.label_zh.strip() or len(spec.label_zh) > label:
        errors.append(FieldError("labelZh", "REQUIRED", f"须填写中文名称（不超过{label}字）", f"a Chinese label (max {label}) is required"))
    if not spec.label_en.strip() or len(spec.label_en) > label:
        errors.append(FieldError("labelEn", "REQUIRED", f"须填写英文名称（不超过{label}字）", f"an English label (max {label}) is required"))
    if spec.kind == ExtraFieldKind.CHOICE and not spec.choices:
        errors.append(FieldError("choices", "REQUIRED", "选项型字段须提供选项", "a CHOICE field needs choices"))
    if spec.choices and (len(spec.choices) > MAX_CHOICES or any(not c.strip() or len(c) > label for c in spec.choices)):
        errors.append(FieldError("choices", "INVALID_CHOICES", f"最多{MAX_CHOICES}个选项，每个1-{label}字", f"at most {MAX_CHOICES} choices of 1-{label} characters"))
    if spec.pattern:
        try:
            if len(spec.pattern) > column_length(ExtraFieldDefinition.pattern):
                errors.append(FieldError("pattern", "TOO_LONG", "正则表达式过长", "the pattern is too long"))
            else:
                re.compile(spec.pattern)
        except re.error:
            errors.append(FieldError("pattern", "INVALID_PATTERN", "正则表达式无效", "the pattern is not a valid regular expression"))
    if spec.max_length is not None and not 1 <= spec.max_length <= MAX_TEXT:
        errors.append(FieldError("maxLength", "OUT_OF_RANGE", f"最大长度须在1到{MAX_TEXT}之间", f"maxLength must be 1-{MAX_TEXT}"))
    bounds = {}
    for name, value in (("minValue", spec.min_value), ("maxValue", spec.max_value)):
        if value is None:
            continue
        bound = sane_decimal(value) if spec.kind == ExtraFieldKind.NUMBER else _date_value(value)
        if bound is None or len(value) > column_length(ExtraFieldDefinition.min_value):
            errors.append(FieldError(name, "INVALID_BOUND", "范围值须与字段类型一致（数字或YYYY-MM-DD）", "bounds must match the kind (number or date)"))
        else:
            bounds[name] = bound
    if len(bounds) == 2 and bounds["minValue"] > bounds["maxValue"]:
        errors.append(FieldError("maxValue", "INVALID_BOUND", "最大值不能小于最小值", "maxValue is below minValue"))
    if errors:
        raise DomainError(*errors)
    existing = await session.get(ExtraFieldDefinition, (principal.bank_id, spec.code))
    if existing is not None and existing.kind != spec.kind:
        in_use = await session.scalar(
            select(Customer.id).where(Customer.bank_id == principal.bank_id, Customer.extra.has_key(spec.code)).limit(1)
        )
        if in_use is not None:
            raise field_error("kind", "KIND_IN_USE", "已有档案填写了该字段，不能更改类型", "archives already hold values of this field; its kind cannot change")
    definition = existing or ExtraFieldDefinition(bank_id=principal.bank_id, code=spec.code)
    for attr in ("label_zh", "label_en", "kind", "required", "choices", "min_value", "max_value", "pattern", "max_length", "position", "active"):
        setattr(definition, attr, getattr(spec, attr))
    session.add(definition)
    await session.flush()
    forget_extra_fields()  # this process shows archives with the changed definition at once
    bank_path = await session.scalar(select(OrgUnit.path).where(OrgUnit.id == principal.bank_id))
    await audit.record(
        session, action="customer.extra_field", org_path=bank_path or "/", principal=principal,
        target_type="ExtraFieldDefinition", target_id=spec.code, detail={"kind": spec.kind.value, "required": spec.required, "active": spec.active},
    )
    return definition
