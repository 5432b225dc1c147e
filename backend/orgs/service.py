"""Use cases for the org tree and staff users. Services flush; the request commits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.permissions import Permission
from backend.auth.tasks import END_SESSIONS, StaffRef
from backend.audit import service as audit
from backend.auth.contexts import PHONE_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.masking import mask_phone
from backend.auth.policies import roles_that_read_personal_data
from backend.auth.principal import Principal
from backend.auth.repository import AuthRepository
from backend.auth.reveal import Revealed, revealable
from backend.identifiers import MOBILE_RE, IdentifierError, canonical
from backend.dual_control.models import ChangeKind, PendingChange
from backend.dual_control.service import DualControlService, executor
from backend.errors import (
    DomainError,
    FieldError,
    PermissionDenied,
    field_error,
    not_found,
)
from backend.inputs import parse_int_id
from backend.integrations.unified_user import UnifiedUserPlatform
from backend.orgs.models import (
    CHILD_LEVEL,
    ROLE_LEVELS,
    OrgLevel,
    OrgStatus,
    OrgUnit,
    Role,
    StaffStatus,
    StaffUser,
)
from backend.orgs.repository import OrgRepository, readable_staff_users
from backend.outbox.service import Outbox

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")
USERNAME_RE = re.compile(r"^[a-z][a-z0-9_.-]{2,63}$")
EMPLOYEE_NO_RE = re.compile(r"^[A-Z0-9]{4,32}$")


@dataclass
class StaffChange:
    """A staff account after a create or role change, and the request that waits for a second
    administrator when the change needs one."""

    user: StaffUser
    pending: PendingChange | None = None


@dataclass
class NewStaffUser:
    username: str
    employee_no: str
    name: str
    org_unit_id: int
    roles: list[Role]
    password: str
    phone: str | None = None


def _canonical_phone(raw: str | None) -> str | None:
    """Full-width digits typed through an IME become ASCII; other digits fail the (ASCII) pattern."""
    if raw is None:
        return None
    try:
        return canonical(raw)
    except IdentifierError:
        return raw


def _require_admin(principal: Principal) -> None:
    if not principal.is_staff or not principal.can(Permission.ORG_ADMIN):
        raise PermissionDenied("only province or bank administrators may change the organization")


def validate_password(password: str, field: str = "password") -> FieldError | None:
    if len(password) < 8 or not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
        return FieldError(field, "WEAK_PASSWORD", "密码至少8位，且须同时包含字母和数字", "password needs 8+ characters with letters and digits")
    return None


# The roles as the front ends name them (frontend-shared/src/labels.ts), for messages in words.
ROLE_NAMES_ZH = {
    Role.CUSTOMER_MANAGER: "客户经理", Role.BRANCH_MANAGER: "网点负责人", Role.BANK_APPROVER: "法人行审核员",
    Role.BANK_ADMIN: "法人行管理员", Role.PROVINCE_ADMIN: "省联社管理员", Role.PROVINCE_ANALYST: "省联社分析员", Role.AUDITOR: "审计员",
}


def validate_roles(roles: list[Role], level: OrgLevel, field: str = "roles") -> FieldError | None:
    if not roles:
        return FieldError(field, "ROLES_REQUIRED", "至少需要一个角色", "at least one role is required")
    wrong = [r.value for r in roles if level not in ROLE_LEVELS[r]]
    if wrong:
        return FieldError(
            field,
            "ROLE_NOT_ALLOWED_AT_LEVEL",
            f"角色{'、'.join(ROLE_NAMES_ZH[Role(r)] for r in wrong)}不能设置在{ {'PROVINCE': '省联社', 'BANK': '法人行社', 'BRANCH': '网点'}[level.value] }层级",
            f"roles {', '.join(wrong)} cannot be held at {level.value} level",
        )
    return None


class OrgService:
    def __init__(self, session: AsyncSession, cipher: FieldCipher, outbox: Outbox) -> None:
        self.session = session
        self.cipher = cipher
        self.outbox = outbox
        self.repo = OrgRepository(session)

    # -- org units ------------------------------------------------------------------------------
    async def create_org_unit(self, principal: Principal, *, parent_id: int, code: str, name: str) -> OrgUnit:
        _require_admin(principal)
        parent = await self.repo.org_unit(principal, parent_id)
        if parent is None:
            # A bank admin cannot read the province (their bank's parentId), so the bank rule below
            # would never fire: refuse a new bank outright instead of answering NOT_FOUND.
            if not principal.has_any_role(Role.PROVINCE_ADMIN) and (
                await self.session.scalar(select(OrgUnit.level).where(OrgUnit.id == parent_id)) == OrgLevel.PROVINCE
            ):
                raise PermissionDenied("only province administrators may create banks")
            raise not_found("上级机构", "parentId")
        child_level = CHILD_LEVEL.get(parent.level)
        errors: list[FieldError] = []
        if child_level is None:
            errors.append(FieldError("parentId", "INVALID_PARENT", "网点下不能再设下级机构", "a branch cannot have child units"))
        elif child_level == OrgLevel.BANK and not principal.has_any_role(Role.PROVINCE_ADMIN):
            raise PermissionDenied("only province administrators may create banks")
        code = code.strip().upper()
        name = name.strip()
        if not CODE_RE.match(code):
            errors.append(FieldError("code", "INVALID_FORMAT", "机构代码须为2-32位大写字母、数字或短横线", "code must be 2-32 of A-Z, 0-9, '-'"))
        if not 1 <= len(name) <= 100:
            errors.append(FieldError("name", "INVALID_LENGTH", "机构名称须为1-100个字符", "name must be 1-100 characters"))
        if not errors and await self.repo.org_code_taken(code):
            errors.append(FieldError("code", "DUPLICATE", "机构代码已存在", "an org unit with this code exists"))
        if errors:
            raise DomainError(*errors)
        assert child_level is not None
        new_id = await self.session.scalar(text("SELECT nextval(pg_get_serial_sequence('org_units', 'id'))"))
        unit = OrgUnit(
            id=new_id,
            code=code,
            name=name,
            level=child_level,
            parent_id=parent.id,
            bank_id=new_id if child_level == OrgLevel.BANK else parent.bank_id,
            path=f"{parent.path}{new_id}/",
        )
        self.session.add(unit)
        await self.session.flush()
        await audit.record(
            self.session, action="org_unit.create", org_path=unit.path, principal=principal,
            target_type="OrgUnit", target_id=unit.id, detail={"code": code, "name": name, "level": child_level.value},
        )
        return unit

    async def update_org_unit(
        self, principal: Principal, org_unit_id: int, *, name: str | None = None, status: OrgStatus | None = None
    ) -> OrgUnit:
        _require_admin(principal)
        unit = await self.repo.org_unit(principal, org_unit_id)
        if unit is None:
            raise not_found("机构")
        if unit.path == principal.scope_path or (principal.scope_path == "/" and unit.level == OrgLevel.PROVINCE):
            raise PermissionDenied("administrators cannot change their own org unit")
        changes: dict[str, list[str]] = {}
        if name is not None:
            name = name.strip()
            if not 1 <= len(name) <= 100:
                raise field_error("name", "INVALID_LENGTH", "机构名称须为1-100个字符", "name must be 1-100 characters")
            changes["name"] = [unit.name, name]
            unit.name = name
        if status is not None and status != unit.status:
            changes["status"] = [unit.status.value, status.value]
            unit.status = status
        await self.session.flush()
        await audit.record(
            self.session, action="org_unit.update", org_path=unit.path, principal=principal,
            target_type="OrgUnit", target_id=unit.id, detail={"changes": changes},
        )
        return unit

    # -- staff users ----------------------------------------------------------------------------
    async def create_staff_user(self, principal: Principal, uup: UnifiedUserPlatform, new: NewStaffUser) -> StaffChange:
        """A new account. One whose roles read personal data starts PENDING (no login) until a
        second administrator approves it (``dual_control``)."""
        _require_admin(principal)
        unit = await self.repo.org_unit(principal, new.org_unit_id)
        if unit is None:
            raise not_found("机构", "orgUnitId")
        username = new.username.strip().lower()
        employee_no = new.employee_no.strip().upper()
        name = new.name.strip()
        errors: list[FieldError] = []
        if not USERNAME_RE.match(username):
            errors.append(FieldError("username", "INVALID_FORMAT", "用户名须为3-64位小写字母开头的字母、数字、._-", "username: 3-64 chars, a-z first, then a-z 0-9 . _ -"))
        if not EMPLOYEE_NO_RE.match(employee_no):
            errors.append(FieldError("employeeNo", "INVALID_FORMAT", "工号须为4-32位字母或数字", "employee number: 4-32 letters or digits"))
        if not 1 <= len(name) <= 64:
            errors.append(FieldError("name", "INVALID_LENGTH", "姓名须为1-64个字符", "name must be 1-64 characters"))
        phone = _canonical_phone(new.phone)
        if phone is not None and not MOBILE_RE.match(phone):
            errors.append(FieldError("phone", "INVALID_MOBILE", "手机号码格式不正确（11位，1开头）", "mobile number must be 11 digits starting with 1"))
        if (e := validate_roles(new.roles, unit.level)) is not None:
            errors.append(e)
        if (e := validate_password(new.password)) is not None:
            errors.append(e)
        if not errors:
            dup_user, dup_emp = await self.repo.exists_username_or_employee_no(username, employee_no)
            if dup_user:
                errors.append(FieldError("username", "DUPLICATE", "用户名已存在", "username is taken"))
            if dup_emp:
                errors.append(FieldError("employeeNo", "DUPLICATE", "工号已存在", "employee number is taken"))
        if errors:
            raise DomainError(*errors)
        needs_approval = bool(set(new.roles) & roles_that_read_personal_data())
        user = StaffUser(
            username=username,
            employee_no=employee_no,
            name=name,
            org_unit_id=unit.id,
            bank_id=unit.bank_id,
            roles=sorted({r.value for r in new.roles}),
            status=StaffStatus.PENDING if needs_approval else StaffStatus.ACTIVE,
        )
        self.set_phone(user, phone or None)
        self.session.add(user)
        await self.session.flush()
        await uup.set_password(username, new.password)
        await audit.record(
            self.session, action="staff_user.create", org_path=unit.path, principal=principal,
            target_type="StaffUser", target_id=user.id,
            detail={"username": username, "employee_no": employee_no, "roles": user.roles, "org_unit_id": unit.id,
                    "status": user.status.value},
        )
        pending = None
        if needs_approval:
            pending = await DualControlService(self.session, None).request(
                principal, ChangeKind.STAFF_USER_CREATE, org_path=unit.path, target_type="StaffUser", target_id=user.id,
                detail={"username": username, "name": name, "roles": user.roles},
            )
        return StaffChange(user, pending)

    def set_phone(self, user: StaffUser, phone: str | None) -> None:
        user.phone_encrypted = self.cipher.encrypt(phone, context=PHONE_CONTEXT) if phone else None
        user.phone_bidx = self.cipher.blind_index(phone, context=PHONE_CONTEXT) if phone else None

    async def _admin_target(self, principal: Principal, user_id: int, *, self_allowed: bool = False) -> tuple[StaffUser, OrgUnit]:
        _require_admin(principal)
        user = await self.repo.staff_user(principal, user_id)
        if user is None:
            raise not_found("员工", "userId")
        if user.id == principal.user_id and not self_allowed:
            raise field_error(
                "userId", "CANNOT_CHANGE_SELF", "不能修改自己的状态、角色、密码或所属机构",
                "administrators cannot change their own status, roles, password or unit",
            )
        unit = await self.session.get_one(OrgUnit, user.org_unit_id)
        return user, unit

    async def set_staff_status(self, principal: Principal, user_id: int, status: StaffStatus, reason: str | None) -> StaffUser:
        user, unit = await self._admin_target(principal, user_id)
        if status not in (StaffStatus.ACTIVE, StaffStatus.DISABLED) or user.status in (StaffStatus.PENDING, StaffStatus.REJECTED):
            raise field_error(
                "status", "INVALID_STATUS_CHANGE", "待复核或已驳回的账户不能启用或停用；请在复核中处理",
                "an account waiting for approval or rejected is decided through dual control, not enabled or disabled",
            )
        if user.status == status:
            return user
        before = user.status
        user.status = status
        await self.session.flush()
        await audit.record(
            self.session, action="staff_user.status", org_path=unit.path, principal=principal,
            target_type="StaffUser", target_id=user.id, detail={"from": before.value, "to": status.value, "reason": reason},
        )
        if status == StaffStatus.DISABLED:
            await self.outbox.enqueue(self.session, END_SESSIONS, StaffRef(user.id))
        return user

    async def set_staff_roles(self, principal: Principal, user_id: int, roles: list[Role], *, approved: bool = False) -> StaffChange:
        """Change an account's roles. Adding a role that reads personal data is a request that a
        second administrator approves (``approved=True`` is that approval being applied);
        removing roles, or adding others, takes effect at once."""
        user, unit = await self._admin_target(principal, user_id)
        if (e := validate_roles(roles, unit.level)) is not None:
            raise DomainError(e)
        if Role.PROVINCE_ADMIN in roles and not principal.has_any_role(Role.PROVINCE_ADMIN):
            raise PermissionDenied("only province administrators may grant PROVINCE_ADMIN")
        wanted = sorted({r.value for r in roles})
        added = {Role(r) for r in wanted} - {Role(r) for r in user.roles}
        if not approved and added & roles_that_read_personal_data():
            pending = await DualControlService(self.session, None).request(
                principal, ChangeKind.STAFF_ROLES_GRANT, org_path=unit.path, target_type="StaffUser", target_id=user.id,
                detail={"username": user.username, "name": user.name, "roles": wanted, "previousRoles": sorted(user.roles)},
            )
            return StaffChange(user, pending)
        before = list(user.roles)
        user.roles = sorted({r.value for r in roles})
        await self.session.flush()
        await audit.record(
            self.session, action="staff_user.roles", org_path=unit.path, principal=principal,
            target_type="StaffUser", target_id=user.id, detail={"from": before, "to": user.roles},
        )
        return StaffChange(user)


    async def reset_staff_password(self, principal: Principal, uup: UnifiedUserPlatform, user_id: int, password: str) -> StaffUser:
        """An administrator sets a temporary password for someone who forgot theirs: the same
        strength rule as a new account's, the lock lifted, every session of the account ended
        at once (the old password may be known to someone else). The password is never
        recorded; the unified user platform stores its hash."""
        user, unit = await self._admin_target(principal, user_id)
        if user.status == StaffStatus.REJECTED:
            raise field_error(
                "userId", "INVALID_STATUS_CHANGE", "已驳回的账户不能重置密码", "a rejected account's password cannot be reset",
            )
        if (e := validate_password(password, "newPassword")) is not None:
            raise DomainError(e)
        await uup.set_password(user.username, password)
        auth = AuthRepository(self.session)
        was_locked = await auth.clear_throttle(user.username) is not None
        ended = await auth.revoke_tokens(datetime.now(UTC), user_id=user.id)
        await audit.record(
            self.session, action="staff_user.reset_password", org_path=unit.path, principal=principal,
            target_type="StaffUser", target_id=user.id, detail={"unlocked": was_locked, "sessionsEnded": ended},
        )
        return user

    async def unlock_staff_user(self, principal: Principal, user_id: int) -> StaffUser:
        """Lift the lock that too many failed logins put on an account (``login_throttles``),
        before it runs out by itself, and forget the failures counted so far."""
        user, unit = await self._admin_target(principal, user_id, self_allowed=True)
        locked_until = await AuthRepository(self.session).clear_throttle(user.username)
        if locked_until is None:
            raise field_error("userId", "NOT_LOCKED", "该账户未被锁定", "the account is not locked")
        await audit.record(
            self.session, action="staff_user.unlock", org_path=unit.path, principal=principal,
            target_type="StaffUser", target_id=user.id, detail={"until": locked_until.isoformat()},
        )
        return user

    async def update_staff_profile(
        self, principal: Principal, user_id: int, *, name: str | None = None, phone: str | None = None
    ) -> StaffUser:
        """Correct a staff member's name or mobile number (None keeps it; an empty phone removes
        it). The number stays encrypted with its blind index; the audit holds it masked."""
        user, unit = await self._admin_target(principal, user_id, self_allowed=True)
        errors: list[FieldError] = []
        if name is not None:
            name = name.strip()
            if not 1 <= len(name) <= 64:
                errors.append(FieldError("name", "INVALID_LENGTH", "姓名须为1-64个字符", "name must be 1-64 characters"))
        if phone is not None:
            phone = _canonical_phone(phone.strip()) or ""
            if phone and not MOBILE_RE.match(phone):
                errors.append(FieldError("phone", "INVALID_MOBILE", "手机号码格式不正确（11位，1开头）", "mobile number must be 11 digits starting with 1"))
        if errors:
            raise DomainError(*errors)
        before: dict[str, str | None] = {}
        after: dict[str, str | None] = {}
        if name is not None and name != user.name:
            before["name"], after["name"] = user.name, name
            user.name = name
        if phone is not None:
            old = self.cipher.decrypt(user.phone_encrypted, context=PHONE_CONTEXT) if user.phone_encrypted else None
            if (old or "") != phone:
                before["mobile"] = mask_phone(old) if old else None
                after["mobile"] = mask_phone(phone) if phone else None
                self.set_phone(user, phone or None)
        if not after:
            return user
        await self.session.flush()
        await audit.record(
            self.session, action="staff_user.profile", org_path=unit.path, principal=principal,
            target_type="StaffUser", target_id=user.id, detail={"from": before, "to": after},
        )
        return user

    async def move_staff_user(self, principal: Principal, user_id: int, org_unit_id: int) -> StaffUser:
        """Move an account to another unit of the caller's subtree. Its roles must be allowed at
        the new unit's level (a change of roles is a separate step, under dual control where it
        grants personal data). Its scope follows within seconds: every request reads the account
        (cached for ``principal_cache_seconds``). Archives and reminders stay with their unit."""
        user, unit = await self._admin_target(principal, user_id)
        if user.status in (StaffStatus.PENDING, StaffStatus.REJECTED):
            raise field_error(
                "userId", "INVALID_STATUS_CHANGE", "待复核或已驳回的账户不能调动；请先在复核中处理",
                "an account waiting for approval or rejected cannot be moved",
            )
        target = await self.repo.org_unit(principal, org_unit_id)
        if target is None:
            raise field_error("orgUnitId", "OUT_OF_SCOPE", "目标机构不在您的管理范围内", "the unit is outside your part of the organization")
        if target.id == unit.id:
            return user
        if target.status != OrgStatus.ACTIVE:
            raise field_error("orgUnitId", "UNIT_CLOSED", "目标机构已撤销，不能调入员工", "the unit is closed")
        if (e := validate_roles([Role(r) for r in user.roles], target.level, "orgUnitId")) is not None:
            raise DomainError(e)
        user.org_unit_id = target.id
        user.bank_id = target.bank_id
        await self.session.flush()
        await audit.record(
            self.session, action="staff_user.move", org_path=target.path, principal=principal,
            target_type="StaffUser", target_id=user.id,
            detail={"from": unit.name, "to": target.name, "code": target.code},
        )
        return user


async def _drop_new_account(services, session: AsyncSession, principal: Principal, change: PendingChange) -> None:
    user = await session.get(StaffUser, int(change.target_id), with_for_update=True)
    if user is not None and user.status == StaffStatus.PENDING:
        user.status = StaffStatus.REJECTED
        await session.flush()


@executor(ChangeKind.STAFF_USER_CREATE, drop=_drop_new_account)
async def _approve_new_account(services, session: AsyncSession, checker: Principal, change: PendingChange) -> None:
    """The second administrator activates an account created with roles that read personal data."""
    _require_admin(checker)
    repo = OrgRepository(session)
    user = await repo.staff_user(checker, int(change.target_id))
    if user is None:
        raise not_found("员工", "id")
    if user.status != StaffStatus.PENDING:
        raise field_error("id", "STALE_REQUEST", "账户状态已变化，申请已失效", "the account is no longer waiting for approval")
    if Role.PROVINCE_ADMIN.value in user.roles and not checker.has_any_role(Role.PROVINCE_ADMIN):
        raise PermissionDenied("only province administrators may approve PROVINCE_ADMIN")
    user.status = StaffStatus.ACTIVE
    await session.flush()
    unit = await session.get_one(OrgUnit, user.org_unit_id)
    await audit.record(
        session, action="staff_user.activate", org_path=unit.path, principal=checker, target_type="StaffUser", target_id=user.id,
        detail={"roles": user.roles, "requestedBy": change.requested_by},
    )


@executor(ChangeKind.STAFF_ROLES_GRANT)
async def _approve_role_grant(services, session: AsyncSession, checker: Principal, change: PendingChange) -> None:
    """The second administrator applies a role grant, unless the roles changed meanwhile."""
    _require_admin(checker)
    user = await OrgRepository(session).staff_user(checker, int(change.target_id))
    if user is None:
        raise not_found("员工", "id")
    if sorted(user.roles) != change.detail.get("previousRoles"):
        raise field_error("id", "STALE_REQUEST", "账户角色已变化，申请已失效，请重新提交", "the account's roles changed since the request")
    orgs = OrgService(session, services.cipher, services.outbox)
    await orgs.set_staff_roles(checker, user.id, [Role(r) for r in change.detail["roles"]], approved=True)


@revealable("StaffUser", "phone")
async def _reveal_staff_phone(session: AsyncSession, cipher: FieldCipher, principal: Principal, record_id: str) -> Revealed | None:
    user_id = parse_int_id(record_id)
    row = (
        await session.execute(
            readable_staff_users(principal).with_only_columns(StaffUser.phone_encrypted, OrgUnit.path).where(StaffUser.id == user_id)
        )
    ).first()
    if row is None:
        return None
    value = cipher.decrypt(row.phone_encrypted, context=PHONE_CONTEXT) if row.phone_encrypted else None
    return Revealed(org_path=row.path, owner=SimpleNamespace(id=str(user_id)), value=value)
