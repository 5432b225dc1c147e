"""``GET /images/view/<token>``: the bytes behind a signed view URL (``backend.images.urls``),
streamed from the object store."""

from __future__ import annotations

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.customers.models import Customer
from backend.images.models import CustomerImage, ImageStatus
from backend.images.storage import ObjectStoreUnavailable
from backend.images.urls import Variant, open_view
from backend.services import Services


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers={"Cache-Control": "no-store"})


async def view(request: Request) -> Response:
    services: Services = request.app.state.services
    grant = open_view(services.settings, request.path_params["token"])
    if grant is None:
        return _error(403, "invalid_or_expired", "the view link is invalid or has expired; ask the API for a new one")
    async with services.db.sessions() as session:
        row = (
            await session.execute(
                select(CustomerImage, Customer.org_path)
                .join(Customer, (Customer.bank_id == CustomerImage.bank_id) & (Customer.id == CustomerImage.customer_id))
                .where(CustomerImage.bank_id == grant.bank_id, CustomerImage.id == grant.image_id)
            )
        ).one_or_none()
        if row is None or row[0].deleted_at is not None or row[0].status != ImageStatus.READY:
            return _error(404, "not_found", "no such image (deleted, or not processed yet)")
        image, org_path = row
        key = image.image_key if grant.variant == Variant.FULL else image.thumbnail_key
        try:
            stored = await services.objects.head(key)
        except ObjectStoreUnavailable:
            return _error(503, "storage_unavailable", "the object store is unavailable; try again")
        if stored is None:
            return _error(404, "not_found", "the image object is missing")
        if grant.variant == Variant.FULL:
            viewer = Principal(kind="staff", scope_path=org_path, user_id=grant.user_id, username=grant.username)
            await audit.record(
                session, action="image.view", org_path=org_path, principal=viewer, target_type="CustomerImage",
                target_id=str(image.id), detail={"customer_id": str(image.customer_id), "kind": image.kind.value},
            )
            await session.commit()
    etag = image.image_sha256 if grant.variant == Variant.FULL else image.thumbnail_sha256
    return StreamingResponse(
        services.objects.stream(key),
        media_type="image/jpeg",
        headers={
            "Content-Length": str(stored.size),
            "Cache-Control": f"private, max-age={services.settings.image_url_ttl_seconds}",
            "ETag": f'"{etag}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f'inline; filename="{image.id}{"-thumb" if grant.variant == Variant.THUMBNAIL else ""}.jpg"',
        },
    )
