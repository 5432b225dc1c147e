"""ECIF lookup for prefilling a new archive."""

from __future__ import annotations

from graphql import GraphQLError
from sqlalchemy import select
from strawberry import Info

from backend.audit import service as audit
from backend.auth.lookups import spend_protected_lookup
from backend.auth.masking import mask_id_number
from backend.customers.identity import IdentifierError, parse_resident_id
from backend.db.session import transaction
from backend.errors import BadInput
from backend.integrations.ecif import (
    EcifError,
    EcifNotConfigured,
    EcifRejected,
    EcifUnavailable,
)
from backend.logging import log
from backend.orgs.models import OrgUnit
from schema.ecif import EcifRecord


async def ecif_lookup(info: Info, id_number: str) -> EcifRecord | None:
    """What ECIF knows about a resident ID number (null if nothing); every answered lookup is audited."""
    ctx = info.context
    principal = ctx.viewer
    try:
        number = parse_resident_id(id_number).number
    except IdentifierError as exc:
        raise BadInput("idNumber", exc.message_en) from None
    await spend_protected_lookup(ctx.services, principal)
    try:
        record = await ctx.services.ecif.lookup(number)
    except EcifNotConfigured:
        raise GraphQLError("ECIF is not configured", extensions={"code": "ECIF_UNAVAILABLE"}) from None
    except EcifUnavailable:
        raise GraphQLError("ECIF is unavailable; try again later", extensions={"code": "ECIF_UNAVAILABLE"}) from None
    except EcifRejected as exc:
        raise GraphQLError(f"ECIF refused the lookup: {exc.code}", extensions={"code": "ECIF_REJECTED"}) from None
    except EcifError:
        log.warning("ecif_lookup_failed", exc_info=True)
        raise GraphQLError("ECIF answered unexpectedly", extensions={"code": "ECIF_UNAVAILABLE"}) from None
    # Audited in its own short transaction: the lookup happened whatever else this request does.
    # A query has no write session (reads go to the replica), so this is the one write.
    async with transaction(ctx.services.db.sessions) as session:
        bank_code = await session.scalar(select(OrgUnit.code).where(OrgUnit.id == principal.bank_id)) if principal.bank_id else None
        # Another bank's registration comes back with only what the customer agreed to share.
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
    return EcifRecord.from_record(shown, own_bank=bank_code in record.org_codes) if record and shown else None


_PERSONAL = {"name", "gender", "birth_date", "mobile", "address", "region_code", "ethnicity"}
