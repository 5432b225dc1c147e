"""The bank's watermark logo: thin resolvers over ``backend.images.logo.LogoService``."""

from __future__ import annotations

from strawberry import Info
from strawberry.file_uploads import Upload

from backend.images.logo import MAX_LOGO_BYTES, LogoService
from resolvers.common import run_mutation
from schema.bank_logo import BankLogo, BankLogoPayload
from schema.images import ImageError


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
        row = await LogoService(session, ctx.services.objects).upload(ctx.viewer, data)
        return row, await LogoService(session, ctx.services.objects).image(ctx.viewer)

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
