"""The customers domain and ECIF (统一客户号): registering verified archives, prefilling new ones.

``register_with_ecif`` is the body of the ``customers.push_to_ecif`` job; ``ecif_prefill`` answers
``ecifLookup``; ``enqueue_missing_ecif_pushes`` is ``cic ecif resync``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.masking import mask_id_number
from backend.auth.principal import Principal
from sqlalchemy import text, update

from backend.auth.contexts import ADDRESS_CONTEXT, ID_CONTEXT, MOBILE_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.customers.models import ArchiveStatus, Customer, CustomerChange
from backend.customers.tasks import PUSH_TO_ECIF, ArchiveRef
from backend.integrations.ecif import SHAREABLE, EcifClient, EcifCustomer, EcifRecord, EcifRejected
from backend.logging import log
from backend.orgs.repository import OrgRepository

_PERSONAL = {"name", "gender", "birth_date", "mobile", "address", "region_code", "ethnicity"}


async def ecif_prefill(session: AsyncSession, ecif: EcifClient, principal: Principal, number: str) -> tuple[EcifRecord | None, bool]:
    """What ECIF knows about a (normalized) resident ID number, as the caller's bank may see it:
    whole when the bank registered the person, else only the fields the customer agreed to share.
    Returns (record, registered by the caller's bank); audits the answered lookup (``ecif.lookup``,
    the ID number masked, which fields came back). ECIF's errors propagate (``EcifError``)."""
    record = await ecif.lookup(number)
    bank_code = await OrgRepository(session).code_of(principal.bank_id)
    shown = record.for_bank(bank_code) if record else None
    await audit.record(
        session, action="ecif.lookup", org_path=principal.scope_path, principal=principal,
        target_type="EcifRecord", target_id=record.customer_no if record else None,
        detail={
            "idNumber": mask_id_number(number), "found": record is not None,
            "otherBank": bool(record) and bank_code not in record.org_codes,
            "fields": sorted(k for k, v in vars(shown).items() if v not in (None, (), "") and k in _PERSONAL) if shown else [],
        },
    )
    return shown, bool(record) and bank_code in record.org_codes


ECIF_CHANNEL = "SYSTEM"  # customer_changes.channel of changes made by CIC itself, not a person


async def register_with_ecif(session: AsyncSession, ecif: EcifClient, cipher: FieldCipher, ref: ArchiveRef) -> str:
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
    bank_id, customer_id = ref.bank_id, ref.customer_id
    c = await session.get(Customer, (bank_id, customer_id))
    if c is None or c.status != ArchiveStatus.VERIFIED:
        log.info("ecif_push_skipped", customer_id=str(customer_id), status=c.status.value if c else None)
        return "skipped"
    bank_code = await OrgRepository(session).code_of(c.bank_id)
    person = EcifCustomer(
        id_number=cipher.decrypt(c.id_number_encrypted, context=ID_CONTEXT),
        name=c.name,
        gender=c.gender,
        birth_date=c.birth_date,
        mobile=cipher.decrypt(c.mobile_encrypted, context=MOBILE_CONTEXT) if c.mobile_encrypted else None,
        address=cipher.decrypt(c.address_encrypted, context=ADDRESS_CONTEXT) if c.address_encrypted else None,
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
        {"task": PUSH_TO_ECIF.name, "status": ArchiveStatus.VERIFIED.value, "limit": limit},
    )
    return result.rowcount or 0
