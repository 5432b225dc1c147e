"""Jobs of the customers domain."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.customers.models import ArchiveStatus, Customer, CustomerChange
from backend.integrations.ecif import (
    SHAREABLE,
    EcifCustomer,
    EcifRejected,
    EcifUnavailable,
)
from backend.logging import log
from backend.orgs.models import OrgUnit
from backend.services import Services
from workers.base import outbox_job

PUSH_TO_ECIF = "customers.push_to_ecif"
ECIF_CHANNEL = "SYSTEM"  # customer_changes.channel of changes made by CIC itself, not a person


@outbox_job(PUSH_TO_ECIF, retry_on=(EcifUnavailable,))
async def push_to_ecif(services: Services, session: AsyncSession, payload: dict[str, Any]) -> str:
    """Register a verified archive with ECIF and keep the unified customer number it answers.

    * ECIF down (connect error, timeout, 429, 5xx): ``EcifUnavailable`` rolls the transaction
      back and the job retries with backoff (``outbox_job(retry_on=...)``). A retry after a lost
      answer is safe: ECIF is idempotent by ID number and answers the same number.
    * ECIF refuses (4xx): permanent. Recorded in the audit log (``customer.ecif_rejected``) and
      committed, so the job is not retried with the same refused data; the archive keeps no
      number until it is verified again.
    * CIC_ECIF_URL unset: ``EcifNotConfigured`` fails the job loudly (nothing is claimed).

    Storing the number is a system change, not an edit: the archive's ``version`` and
    ``updated_at`` stay as they are (an offline tablet edit based on the current version must
    not conflict with it); a ``customer_changes`` row (action ``ECIF``) and the audit record
    ``customer.ecif_registered`` say what happened.
    """
    bank_id, customer_id = int(payload["bank_id"]), uuid.UUID(str(payload["customer_id"]))
    c = await session.get(Customer, (bank_id, customer_id))
    if c is None or c.status != ArchiveStatus.VERIFIED:
        log.info("ecif_push_skipped", customer_id=str(customer_id), status=c.status.value if c else None)
        return "skipped"
    ecif = services.ecif  # EcifNotConfigured when CIC_ECIF_URL is unset
    customers = services.customers(session)
    bank_code = await session.scalar(select(OrgUnit.code).where(OrgUnit.id == c.bank_id))
    person = EcifCustomer(
        id_number=customers.id_number(c),
        name=c.name,
        gender=c.gender,
        birth_date=c.birth_date,
        mobile=customers.mobile(c),
        address=customers.address_line(c),
        region_code=c.region_code,
        ethnicity=c.ethnicity,
        org_code=bank_code,
        share_fields=SHAREABLE if (c.consent or {}).get("share_with_federation") else (),
    )
    target = {"org_path": c.org_path, "target_type": "Customer", "target_id": str(c.id)}
    try:
        number = await ecif.register(person)
    except EcifRejected as exc:
        log.warning("ecif_push_rejected", customer_id=str(c.id), code=exc.code)
        await audit.record(
            session, action="customer.ecif_rejected", **target,
            detail={"version": c.version, "status": exc.status, "code": exc.code, "reason": exc.reason[:200]},
        )
        return "rejected"

    before = c.ecif_customer_no
    if before != number:
        # A plain UPDATE: no version bump (see above); updated_at is kept explicitly because the
        # column's onupdate would otherwise move it.
        await session.execute(
            update(Customer)
            .where(Customer.bank_id == c.bank_id, Customer.id == c.id)
            .values(ecif_customer_no=number, updated_at=Customer.updated_at)
            .execution_options(synchronize_session=False)
        )
        session.add(
            CustomerChange(
                bank_id=c.bank_id, customer_id=c.id, version=c.version, action="ECIF", channel=ECIF_CHANNEL,
                changed_by=None, changed_by_client=None, diff={"ecifCustomerNo": [before, number]},
                note="ECIF 统一客户号登记",
            )
        )
    await audit.record(
        session, action="customer.ecif_registered", **target,
        detail={"version": c.version, "ecifCustomerNo": number, "changed": before != number},
    )
    return "registered"


async def enqueue_missing_ecif_pushes(session: AsyncSession, *, limit: int = 100_000) -> int:
    """Queue a push for every VERIFIED archive that has no ECIF number (``cic ecif resync``).

    For pushes that could not complete: ECIF down longer than the job's tries, CIC_ECIF_URL
    missing, or a refusal fixed on ECIF's side. The rows go to the outbox unsent; the workers'
    relay sends them. A push of an archive that meanwhile got its number is harmless (ECIF answers
    the same number; nothing changes but an audit record).
    """
    # One INSERT ... SELECT: set-based, however many archives are missing their number.
    result = await session.execute(
        text(
            """
            INSERT INTO outbox (task, payload, attempts, created_at)
            SELECT :task, jsonb_build_object('bank_id', bank_id, 'customer_id', id::text), 0, now()
            FROM customers
            WHERE status = :status AND ecif_customer_no IS NULL
            ORDER BY bank_id, id
            LIMIT :limit
            """
        ),
        {"task": PUSH_TO_ECIF, "status": ArchiveStatus.VERIFIED.value, "limit": limit},
    )
    return result.rowcount or 0
