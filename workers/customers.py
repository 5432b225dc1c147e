"""Jobs of the customers domain: registering verified archives with ECIF; the manager of record."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.customers.ecif import register_with_ecif
from backend.customers.manager_of_record import assign_manager_of_record
from backend.customers.tasks import ASSIGN_MANAGER, PUSH_TO_ECIF, ArchiveRef
from backend.integrations.ecif import EcifUnavailable
from backend.integrations.ims import ImsUnavailable
from backend.services import Services
from workers.base import outbox_job


@outbox_job(PUSH_TO_ECIF, retry_on=(EcifUnavailable,))
async def push_to_ecif(services: Services, session: AsyncSession, ref: ArchiveRef) -> str:
    """Register a verified archive with ECIF (``backend.customers.ecif.register_with_ecif``).
    ECIF down: retried with backoff; CIC_ECIF_URL unset: ``services.ecif`` fails loudly."""
    return await register_with_ecif(session, services.ecif, services.cipher, ref)


@outbox_job(ASSIGN_MANAGER, retry_on=(ImsUnavailable,))
async def assign_manager(services: Services, session: AsyncSession, ref: ArchiveRef) -> str:
    """The manager of record of an archive that arrived without one
    (``backend.customers.manager_of_record``). The system down: retried with backoff;
    CIC_IMS_URL unset: nothing to ask, the archive waits for a person."""
    return await assign_manager_of_record(session, services.ims, services.cipher, ref)
