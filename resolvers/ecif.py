"""ECIF lookup for prefilling a new archive."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry import Info

from backend.auth.lookups import spend_protected_lookup
from backend.identifiers import IdentifierError, parse_resident_id
from backend.customers.ecif import ecif_prefill
from backend.db.session import transaction
from backend.errors import BadInput
from backend.integrations.ecif import (
    EcifError,
    EcifNotConfigured,
    EcifRejected,
    EcifUnavailable,
)
from backend.logging import log
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
        # Audited in its own short transaction: the lookup happened whatever else this request does.
        async with transaction(ctx.services.db.sessions) as session:
            shown, own_bank = await ecif_prefill(session, ctx.services.ecif, principal, number)
    except EcifNotConfigured:
        raise GraphQLError("ECIF is not configured", extensions={"code": "ECIF_UNAVAILABLE"}) from None
    except EcifUnavailable:
        raise GraphQLError("ECIF is unavailable; try again later", extensions={"code": "ECIF_UNAVAILABLE"}) from None
    except EcifRejected as exc:
        raise GraphQLError(f"ECIF refused the lookup: {exc.code}", extensions={"code": "ECIF_REJECTED"}) from None
    except EcifError:
        log.warning("ecif_lookup_failed", exc_info=True)
        raise GraphQLError("ECIF answered unexpectedly", extensions={"code": "ECIF_UNAVAILABLE"}) from None
    return EcifRecord.from_record(shown, own_bank=own_bank) if shown else None
