"""Worker side of images: process a received upload, resume stalled ones, purge deleted ones.

Processing is exactly-once in effect without holding a database transaction across slow work:

1. read the row (short read); skip it if it is gone, deleted or already READY;
2. fetch the original, watermark/sign/thumbnail it in a thread (one image at a time per worker
   process, so a worker stays under its memory budget), and store the derivatives under keys
   unique to this attempt;
3. in one short transaction, claim the job key and lock the row: the first attempt to get
   there records its keys and hashes; a later or concurrent attempt finds READY, deletes the
   objects it wrote, and stops.

So a worker killed at any point, a redelivered job, or two workers racing leave exactly one
recorded derivative, and the recorded hashes always describe the stored objects. Object store
or database errors propagate to the job, which retries with backoff; the sweeper
(``resume_pending``) queues again any image still RECEIVED after ``image_resume_after_seconds``
(e.g. when its retries ran out during a long outage).
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select, text, update

from backend.audit.models import AuditRecord
from backend.auth.masking import mask_id_number
from backend.customers.models import Customer
from backend.db.session import transaction
from backend.images.logo import watermark_logo
from backend.images.models import BankLogo, CustomerImage, ImageStatus
from backend.images.processing import (
    CaptureRecord,
    ImageLimits,
    ProcessedImage,
    WatermarkSpec,
    process_image,
)
from backend.images.storage import ObjectNotFound, ObjectStoreUnavailable
from backend.images.tasks import PROCESS_IMAGE
from backend.logging import log
from backend.orgs.models import OrgUnit
from backend.outbox.service import run_once, send_messages

if TYPE_CHECKING:
    from backend.services import Services


async def process_upload(services: Services, bank_id: int, image_id: uuid.UUID, job_key: str) -> str:
    settings = services.settings
    async with services.db.sessions() as session:
        row = (
            await session.execute(
                select(CustomerImage, Customer, OrgUnit.code, OrgUnit.name, BankLogo.object_key)
                .join(Customer, (Customer.bank_id == CustomerImage.bank_id) & (Customer.id == CustomerImage.customer_id))
                .join(OrgUnit, OrgUnit.id == CustomerImage.bank_id)
                .outerjoin(BankLogo, BankLogo.bank_id == CustomerImage.bank_id)
                .where(CustomerImage.bank_id == bank_id, CustomerImage.id == image_id)
            )
        ).one_or_none()
        if row is None:
            return "missing"
        image, customer, bank_code, bank_name, logo_key = row
        if image.deleted_at is not None:
            return "deleted"
        if image.status != ImageStatus.RECEIVED:
            return "already_" + image.status.value.lower()
        masked_id = mask_id_number(services.customers(session).id_number(customer))

    original = await services.objects.get(image.original_key)  # ObjectStoreUnavailable: retried
    capture = CaptureRecord(
        image_id=str(image.id), bank_id=image.bank_id, bank_code=bank_code, customer_id=str(image.customer_id),
        kind=image.kind.value, taken_at=image.taken_at, received_at=image.received_at,
        latitude=image.latitude, longitude=image.longitude, accuracy_m=image.accuracy_m,
        device_id=image.device_id, staff_id=image.uploaded_by, staff_no=image.uploaded_by_no,
    )
    # The bank's own logo when it uploaded one (backend/images/logo.py), else the generated seal.
    logo = await watermark_logo(services.objects, logo_key)
    mark = WatermarkSpec(bank_name=bank_name, masked_id_number=masked_id, staff_no=image.uploaded_by_no, logo=logo)
    log.info("image_processing_started", image_id=str(image_id))
    if settings.image_process_delay_seconds:
        await asyncio.sleep(settings.image_process_delay_seconds)  # fault drills: a window to kill the worker in
    async with services.image_slot:
        try:
            done = await asyncio.to_thread(
                process_image, original, capture, mark, services.image_keys,
                max_edge=settings.image_max_edge, thumb_edge=settings.image_thumbnail_edge,
                limits=ImageLimits(max_bytes=settings.image_max_bytes, max_pixels=settings.image_max_pixels),
            )
        except Exception as exc:  # noqa: BLE001 - anything the image library raises is about this file
            return await _mark_failed(services, bank_id, image_id, job_key, exc)

    attempt = secrets.token_hex(6)
    base = f"images/{bank_id}/{image.customer_id}/{image_id}/{attempt}"
    keys = (f"{base}.jpg", f"{base}-thumb.jpg")
    meta = {"image-id": str(image_id), "key-id": done.key_id, "signature": done.signature}
    await services.objects.put(keys[0], done.image, content_type="image/jpeg", metadata={**meta, "sha256": done.image_sha256})
    await services.objects.put(keys[1], done.thumbnail, content_type="image/jpeg", metadata={**meta, "sha256": done.thumbnail_sha256})

    try:
        outcome = await _record(services, bank_id, image_id, job_key, keys, done)
    except BaseException:
        await _discard(services, keys)  # not recorded: leave no orphan (best effort)
        raise
    if outcome == "duplicate":
        await _discard(services, keys)
    log.info("image_processed" if outcome == "processed" else "image_already_processed", image_id=str(image_id))
    return outcome


async def _record(services: Services, bank_id: int, image_id: uuid.UUID, job_key: str, keys: tuple[str, str], done: ProcessedImage) -> str:
    """Claim the job and record the derivative, unless another attempt already did."""
    async with transaction(services.db.sessions) as session:
        first = await run_once(session, job_key, PROCESS_IMAGE.name)
        current = await session.get(CustomerImage, (bank_id, image_id), with_for_update=True)
        if not first or current is None or current.status != ImageStatus.RECEIVED or current.deleted_at is not None:
            outcome = "duplicate"
        else:
            current.status = ImageStatus.READY
            current.image_key, current.thumbnail_key = keys
            current.image_sha256 = done.image_sha256
            current.thumbnail_sha256 = done.thumbnail_sha256
            current.width, current.height = done.width, done.height
            current.image_size = len(done.image)
            current.manifest = done.manifest
            current.signature = done.signature
            current.key_id = done.key_id
            current.c2pa = done.c2pa
            current.processed_at = done.processed_at
            current.attempts = current.attempts + 1
            current.failure = None
            outcome = "processed"
    return outcome


async def _discard(services: Services, keys: tuple[str, ...]) -> None:
    for key in keys:
        try:
            await services.objects.delete(key)
        except (ObjectStoreUnavailable, ObjectNotFound):
            log.warning("image_orphan_left", key=key)


async def _mark_failed(services: Services, bank_id: int, image_id: uuid.UUID, job_key: str, exc: Exception) -> str:
    log.error("image_processing_failed", image_id=str(image_id), error=type(exc).__name__, detail=str(exc)[:200])
    async with transaction(services.db.sessions) as session:
        if not await run_once(session, job_key, PROCESS_IMAGE.name):
            return "duplicate"
        await session.execute(
            update(CustomerImage)
            .where(CustomerImage.bank_id == bank_id, CustomerImage.id == image_id, CustomerImage.status == ImageStatus.RECEIVED)
            .values(status=ImageStatus.FAILED, failure=f"{type(exc).__name__}: {exc}"[:500], attempts=CustomerImage.attempts + 1)
        )
    return "failed"


async def resume_pending(services: Services, batch: int = 1000) -> int:
    """Queue again images still RECEIVED long after their last queueing (one statement)."""
    async with transaction(services.db.sessions) as session:
        ids = list(
            await session.scalars(
                text(
                    """
                    WITH due AS (
                        SELECT bank_id, id FROM customer_images
                        WHERE status = 'RECEIVED' AND deleted_at IS NULL
                          AND queued_at < now() - make_interval(secs => :after)
                        ORDER BY queued_at LIMIT :batch FOR UPDATE SKIP LOCKED
                    ), touched AS (
                        UPDATE customer_images i SET queued_at = now() FROM due
                        WHERE i.bank_id = due.bank_id AND i.id = due.id RETURNING i.bank_id, i.id
                    )
                    INSERT INTO outbox (task, payload, attempts)
                    SELECT :task, jsonb_build_object('bank_id', bank_id, 'image_id', id::text), 0 FROM touched
                    RETURNING id
                    """
                ),
                {"after": float(services.settings.image_resume_after_seconds), "batch": batch, "task": PROCESS_IMAGE.name},
            )
        )
    if ids and services.redis is not None:
        await send_messages(services.db.sessions, services.redis, ids)
    if ids:
        log.info("images_requeued", count=len(ids))
    return len(ids)


async def purge_due(services: Services, batch: int = 500) -> int:
    """Delete the objects of images soft-deleted longer ago than the retention period.

    The row stays (hashes, manifest, who deleted it and why) with ``purged_at`` set, so a copy
    of a purged image can still be verified. Stops at the first object-store outage; the next
    run continues.
    """
    purged = 0
    async with transaction(services.db.sessions) as session:
        rows = (
            await session.execute(
                select(CustomerImage, Customer.org_path)
                .join(Customer, (Customer.bank_id == CustomerImage.bank_id) & (Customer.id == CustomerImage.customer_id))
                .where(
                    CustomerImage.deleted_at.is_not(None),
                    CustomerImage.purged_at.is_(None),
                    CustomerImage.purge_after <= datetime.now(UTC),
                )
                .order_by(CustomerImage.purge_after)
                .limit(batch)
                .with_for_update(of=CustomerImage, skip_locked=True)
            )
        ).all()
        now = datetime.now(UTC)
        for image, org_path in rows:
            try:
                for key in (image.original_key, image.image_key, image.thumbnail_key):
                    if key:
                        await services.objects.delete(key)
            except ObjectStoreUnavailable:
                log.warning("image_purge_store_unavailable")
                break
            image.purged_at = now
            purged += 1
            session.add(
                AuditRecord(
                    action="image.purge", org_path=org_path, actor_username="system", target_type="CustomerImage",
                    target_id=str(image.id),
                    detail={"customer_id": str(image.customer_id), "deleted_at": image.deleted_at.isoformat(), "reason": image.delete_reason},
                )
            )
    if purged:
        log.info("images_purged", count=purged)
    return purged
