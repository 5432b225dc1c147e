"""The customer manager of record (客户经理归属) from the information management system.

``assign_manager_of_record`` is the body of the ``customers.assign_manager`` job, queued when an
archive arrives without a manager (a self-service filing) and when an application arrives for
such an archive. It asks the information management system (``backend.integrations.ims``) who
the bank's manager of the person is and assigns them when they are an active customer manager of
the archive's branch. Anything else leaves the archive unassigned, for a person to assign in the
PC, and says why in the audit log (``customer.manager_lookup``).

Like the ECIF number, the assignment is a system change: the archive's ``version`` stays (an
offline tablet edit must not conflict with it); a ``customer_changes`` row (action ``ASSIGN``) and
the assignment history (``customer_assignments``) record it.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.contexts import ID_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.customers.models import Customer, CustomerAssignment, CustomerChange
from backend.customers.tasks import ArchiveRef
from backend.integrations.ims import ImsRejected, InformationManagement
from backend.orgs.models import Role, StaffStatus, StaffUser
from backend.orgs.repository import OrgRepository

SYSTEM_CHANNEL = "SYSTEM"


async def assign_manager_of_record(session: AsyncSession, ims: InformationManagement | None, cipher: FieldCipher, ref: ArchiveRef) -> str:
    """Returns the outcome: assigned | has_manager | not_configured | not_found | rejected |
    unknown_employee | other_branch | not_customer_manager. ``ImsUnavailable`` propagates (the job retries)."""
    c = (await session.execute(
        select(Customer).where(Customer.bank_id == ref.bank_id, Customer.id == ref.customer_id).with_for_update()
    )).scalar_one_or_none()  # fmt: skip
    if c is None:
        return "gone"
    if c.manager_id is not None:
        return "has_manager"
    if ims is None:
        return "not_configured"
    bank_code = await OrgRepository(session).code_of(c.bank_id)
    target = {"org_path": c.org_path, "target_type": "Customer", "target_id": str(c.id)}
    try:
        found = await ims.manager_of(bank_code, cipher.decrypt(c.id_number_encrypted, context=ID_CONTEXT))
    except ImsRejected as exc:
        outcome, detail = "rejected", {"code": exc.code}
    else:
        outcome, detail, staff = "not_found", {}, None
        if found is not None:
            detail = {"employeeNo": found.employee_no}
            staff = (await session.execute(
                select(StaffUser).where(StaffUser.employee_no == found.employee_no, StaffUser.bank_id == c.bank_id)
            )).scalar_one_or_none()  # fmt: skip
            if staff is None:
                outcome = "unknown_employee"
            elif staff.org_unit_id != c.branch_id:
                outcome = "other_branch"  # moving the archive to another branch is a person's decision
            elif staff.status != StaffStatus.ACTIVE or Role.CUSTOMER_MANAGER.value not in staff.roles:
                outcome = "not_customer_manager"  # left, or not a customer manager
            else:
                outcome = "assigned"
        if outcome == "assigned" and staff is not None:
            await session.execute(
                update(Customer).where(Customer.bank_id == c.bank_id, Customer.id == c.id)
                .values(manager_id=staff.id, updated_at=Customer.updated_at).execution_options(synchronize_session=False)
            )  # fmt: skip
            session.add(CustomerAssignment(
                bank_id=c.bank_id, customer_id=c.id, from_branch_id=c.branch_id, to_branch_id=c.branch_id, from_manager_id=None,
                to_manager_id=staff.id, reason="信息管理系统归属客户经理", assigned_by=None,
            ))  # fmt: skip
            session.add(CustomerChange(
                bank_id=c.bank_id, customer_id=c.id, version=c.version, action="ASSIGN", channel=SYSTEM_CHANNEL, changed_by=None,
                changed_by_client=None, diff={"managerId": [None, staff.id]}, note="信息管理系统归属客户经理",
            ))  # fmt: skip
            detail["managerId"] = staff.id
    await audit.record(session, action="customer.manager_lookup", actor_username="system", **target,
                       detail={"outcome": outcome, **detail})
    return outcome
