"""Image resolvers: upload, delete and verify (multipart with the CSRF header), read one image."""

from __future__ import annotations

import strawberry
from strawberry import Info
from strawberry.file_uploads import Upload

from backend.images.logo import MAX_LOGO_BYTES, LogoService
from backend.images.service import UploadInput
from resolvers.common import parse_uuid, read_one, run_mutation
from schema.images import (
    BankLogo,
    BankLogoPayload,
    ImageError,
    CustomerImage,
    DeleteImagePayload,
    ImageVerdict,
    ImageVerification,
    UploadImageInput,
    UploadImagePayload,
)


async def _read(info: Info, file: Upload) -> bytes:
    limit = info.context.services.settings.image_max_bytes
    return await file.read(limit + 1)  # one byte over the limit: the service refuses it as TOO_LARGE


async def upload_image(info: Info, input: UploadImageInput, file: Upload) -> UploadImagePayload:
    """Store a photo for an archive; processing (watermark, signature, thumbnail) follows in the worker."""
    ctx = info.context
    data = await _read(info, file)

    async def work(session):
        inp = UploadInput(
            customer_id=parse_uuid(input.customer_id, "customerId"), kind=input.kind,
            client_upload_id=parse_uuid(input.client_upload_id, "clientUploadId"), taken_at=input.taken_at,
            latitude=input.latitude, longitude=input.longitude, accuracy_m=input.accuracy_m,
            device_id=input.device_id.strip() if input.device_id else None,
        )
        return await ctx.services.images(session).upload(ctx.viewer, data, inp)

    result, errors = await run_mutation(info, work)
    if result is None:
        return UploadImagePayload(errors=ImageError.of(errors))
    return UploadImagePayload(image=CustomerImage.from_model(result.image), duplicate=result.duplicate)


async def delete_image(info: Info, id: strawberry.ID, reason: str) -> DeleteImagePayload:
    """Soft-delete with a reason; the objects are purged after the retention period."""
    ctx = info.context

    async def work(session):
        return await ctx.services.images(session).delete(ctx.viewer, parse_uuid(id), reason)

    image, errors = await run_mutation(info, work)
    if image is None:
        return DeleteImagePayload(errors=ImageError.of(errors))
    return DeleteImagePayload(image=CustomerImage.from_model(image))


async def verify_image(info: Info, file: Upload) -> ImageVerification:
    """AUTHENTIC, ALTERED or UNKNOWN for a file claimed to be a CIC image."""
    ctx = info.context
    data = await _read(info, file)

    async def work(session):
        return await ctx.services.images(session).verify(ctx.viewer, data)

    result, errors = await run_mutation(info, work)
    if result is None:
        return ImageVerification(errors=ImageError.of(errors))
    return ImageVerification(
        verdict=ImageVerdict(result.verdict), reason=result.reason, details=result.details,
        image=CustomerImage.from_model(result.image) if result.image else None,
    )


async def image(info: Info, id: strawberry.ID) -> CustomerImage | None:
    """One image in your scope (e.g. to poll until READY)."""
    ctx = info.context
    key = parse_uuid(id)
    return await read_one(info, lambda session: ctx.services.images(session).get(ctx.viewer, key), CustomerImage.from_model)


# The bank's watermark logo (backend/images/logo.py).

async def bank_logo(info: Info) -> BankLogo | None:
    """Your bank's watermark logo, or null when its photos carry the generated seal."""
    ctx = info.context
    async with ctx.reader() as session:
        service = LogoService(session, ctx.services.objects)
        row = await service.current(ctx.viewer)
        return BankLogo.from_model(row, await service.image(ctx.viewer)) if row is not None else None


async def upload_bank_logo(info: Info, file: Upload) -> BankLogoPayload:
    ctx = info.context
    data = await file.read(MAX_LOGO_BYTES + 1)  # one byte over the limit: the service refuses it as TOO_LARGE

    async def work(session):
        service = LogoService(session, ctx.services.objects)
        row = await service.upload(ctx.viewer, data)
        return row, await service.image(ctx.viewer)

    result, errors = await run_mutation(info, work)
    if result is None:
        return BankLogoPayload(errors=ImageError.of(errors))
    row, png = result
    return BankLogoPayload(logo=BankLogo.from_model(row, png))


async def remove_bank_logo(info: Info) -> BankLogoPayload:
    ctx = info.context

    async def work(session):
        return await LogoService(session, ctx.services.objects).remove(ctx.viewer)

    _, errors = await run_mutation(info, work)
    return BankLogoPayload(errors=ImageError.of(errors))
