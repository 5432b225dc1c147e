"""HTTP endpoints of images.

* ``GET /images/view/<token>``: the bytes behind a signed view URL (``backend.images.urls``),
  read from the object store (and decrypted).
* ``GET /.well-known/cic/image-signing-keys.json`` and ``GET /.well-known/cic/c2pa-trust-anchors.pem``:
  the public key ring of the capture manifests and the C2PA roots CIC trusts, for anyone who
  verifies an image offline. No login; cacheable.
* ``POST /images/verify``: verification without login (a multipart upload of the file, with the
  header ``x-cic-csrf: 1``), rate-limited per client address, answering only the facts an
  anonymous verifier may have (``backend.images.service.ImageService.verify_public``).
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.customers.models import Customer
from backend.db.session import transaction
from backend.errors import DomainError, FieldError
from backend.images.models import CustomerImage, ImageStatus
from backend.images.service import PublicVerification
from backend.images.storage import ObjectNotFound, ObjectStoreUnavailable
from backend.images.urls import Variant, open_view
from backend.logging import log
from backend.ratelimit import RateLimitUnavailable, client_bucket
from backend.services import Services
from backend.web.imports import carries_csrf_header


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers={"Cache-Control": "no-store"})


async def view(request: Request) -> Response:
    services: Services = request.app.state.services
    grant = open_view(services.settings, request.path_params["token"])
    if grant is None:
        return _error(403, "invalid_or_expired", "the view link is invalid or has expired; ask the API for a new one")
    async with transaction(services.db.sessions) as session:
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
            data = await services.objects.get(key)  # sealed objects open whole (GCM), so no streaming
        except ObjectStoreUnavailable:
            return _error(503, "storage_unavailable", "the object store is unavailable; try again")
        except ObjectNotFound:
            return _error(404, "not_found", "the image object is missing")
        if grant.variant == Variant.FULL:
            viewer = Principal(kind="staff", scope_path=org_path, user_id=grant.user_id, username=grant.username)
            await audit.record(
                session, action="image.view", org_path=org_path, principal=viewer, target_type="CustomerImage",
                target_id=str(image.id), detail={"customer_id": str(image.customer_id), "kind": image.kind.value},
            )
    etag = image.image_sha256 if grant.variant == Variant.FULL else image.thumbnail_sha256
    return Response(
        data,
        media_type="image/jpeg",
        headers={
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


# --- public verification ------------------------------------------------------------------------

MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around the file


def _refused(status: int, *errors: FieldError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"field": e.field, "code": e.code, "message": e.message, "messageEn": e.message_en} for e in errors]},
        status_code=status, headers={"Cache-Control": "no-store", **(headers or {})},
    )


TOO_LARGE = FieldError("file", "TOO_LARGE", "文件超过上传大小限制", "the file is larger than the upload limit")
FILE_REQUIRED = FieldError(
    "file", "FILE_REQUIRED", "请以 multipart/form-data 上传字段 file", "send the image as the multipart/form-data field 'file'"
)


async def _body_within(request: Request, cap: int) -> bytes | None:
    """The request body, or None as soon as it is longer than ``cap`` (nothing more is read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def _uploaded_file(request: Request, body: bytes) -> bytes | None:
    """The bytes of the multipart field ``file`` in ``body``, or None."""
    sent = False

    async def replay() -> dict:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        async with Request(request.scope, replay).form(max_files=1, max_fields=10) as form:
            upload = form.get("file")
            return await upload.read() if isinstance(upload, UploadFile) else None
    except (HTTPException, MultiPartException):  # a malformed multipart body
        return None


def public_answer(answer: PublicVerification) -> dict:
    """The JSON of POST /images/verify. This list of keys is the whole disclosure policy for an
    anonymous verifier (docs/images.md, "Verify an image yourself"); tests assert it exactly."""
    capture = answer.capture
    return {
        "verdict": answer.verdict,
        "reason": answer.reason,
        "details": answer.details,
        "capture": None if capture is None else {
            "imageId": capture.image_id,
            "kind": capture.kind,
            "kindLabel": capture.kind_label,
            "takenAt": capture.taken_at,
            "signedAt": capture.signed_at,
            "bankName": capture.bank_name,
            "keyId": capture.key_id,
            "sha256": capture.sha256,
        },
    }


async def verify_public(request: Request) -> Response:
    services: Services = request.app.state.services
    if not carries_csrf_header(request.headers):
        return _refused(400, FieldError(None, "CSRF_HEADER_REQUIRED", "请求须带 x-cic-csrf 请求头", "send the header 'x-cic-csrf: 1'"))
    try:
        wait = await services.verify_limiter.hit(client_bucket(request.client.host if request.client else None))
    except RateLimitUnavailable as exc:
        log.warning("rate_limit_unavailable", limiter="image-verify", error=str(exc))
        return _refused(503, FieldError(None, "UNAVAILABLE", "验证服务暂不可用，请稍后重试", "verification is unavailable; try again later"))
    if wait is not None:
        return _refused(
            429, FieldError(None, "RATE_LIMITED", f"验证请求过于频繁，请{wait}秒后再试", f"too many verifications; try again in {wait} s"),
            headers={"Retry-After": str(wait)},
        )
    body = await _body_within(request, services.settings.image_max_bytes + MULTIPART_OVERHEAD)
    if body is None:
        return _refused(413, TOO_LARGE)
    data = await _uploaded_file(request, body)
    if data is None:
        return _refused(400, FILE_REQUIRED)
    try:
        async with transaction(services.db.sessions) as session:
            answer = await services.images(session).verify_public(data)
    except DomainError as exc:
        return _refused(413 if any(e.code == "TOO_LARGE" for e in exc.errors) else 400, *exc.errors)
    return JSONResponse(public_answer(answer), headers={"Cache-Control": "no-store"})
