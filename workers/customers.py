"""Jobs of the customers domain: registering verified archives with ECIF."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.customers.ecif import register_with_ecif
from backend.customers.tasks import PUSH_TO_ECIF, ArchiveRef
from backend.integrations.ecif import EcifUnavailable
from backend.services import Services
from workers.base import outbox_job


@outbox_job(PUSH_TO_ECIF, retry_on=(EcifUnavailable,))
async def push_to_ecif(services: Services, session: AsyncSession, ref: ArchiveRef) -> str:
    """Register a verified archive with ECIF (``backend.customers.ecif.register_with_ecif``).
    ECIF down: retried with backoff; CIC_ECIF_URL unset: ``services.ecif`` fails loudly."""
    return await register_with_ecif(session, services.ecif, services.cipher, ref)
