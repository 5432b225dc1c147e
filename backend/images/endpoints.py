"""HTTP endpoints of images.

* ``GET /images/view/<token>``: the bytes behind a signed view URL (``backend.images.urls``),
  streamed from the object store.
* ``GET /.well-known/cic/image-signing-keys.json`` and ``GET /.well-known/cic/c2pa-trust-anchors.pem``:
  the public key ring of the capture manifests and the C2PA roots CIC trusts, for anyone who
  verifies an image offline. No login; cacheable.
"""

from __future__ import annotations

import hashlib
import json

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


WELL_KNOWN_MAX_AGE = 3600  # a rotation reaches verifiers within the hour


def _published(request: Request, body: bytes, media_type: str) -> Response:
    """A public document: cacheable by anyone, readable from any origin, 304 when unchanged."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {
        "Cache-Control": f"public, max-age={WELL_KNOWN_MAX_AGE}",
        "ETag": etag,
        "Access-Control-Allow-Origin": "*",
        "X-Content-Type-Options": "nosniff",
    }
    if etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


async def signing_keys(request: Request) -> Response:
    """The manifest key ring, JWKS-style: the current key and the retired ones with their windows."""
    services: Services = request.app.state.services
    body = json.dumps({"keys": [key.jwk() for key in services.image_keys.ring()]}, indent=2).encode()
    return _published(request, body, "application/json")


async def trust_anchors(request: Request) -> Response:
    """The C2PA trust anchors (PEM): the root of the signing chain plus CIC_C2PA_TRUST_ANCHORS_FILE."""
    services: Services = request.app.state.services
    from backend.images.c2pa_signing import trust_anchors_for

    signer = services.image_keys.c2pa
    body = signer.trust_anchors_pem if signer is not None else trust_anchors_for(services.settings)
    return _published(request, body, "application/x-pem-file")
