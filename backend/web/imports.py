"""HTTP endpoints of imports, and the CSRF guard of multipart GraphQL uploads.

* ``GET /imports/archives/template.xlsx`` - the template workbook (any staff bearer token): for
  staff of a bank, with the bank's extra-field columns and township/village codes.
* ``GET /imports/{batch_id}/errors.xlsx`` - a batch's error workbook: branch managers and bank
  admins whose scope holds the batch; anybody else gets 404 (a batch out of scope does not
  exist for them). It holds full personal values, so every download is audited.
* ``multipart_csrf_refusal`` - file uploads reach ``/graphql`` as ``multipart/form-data``, which a
  browser sends cross-site as a "simple" request without a preflight. Such a POST must carry a
  header no simple request can have (``x-cic-csrf: 1`` or ``apollo-require-preflight: true``).
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.auth.principal import Principal
from backend.db.session import transaction
from backend.imports.template import XLSX_MEDIA_TYPE
from backend.services import Services
from backend.web.auth import bearer_principal

CSRF_HEADERS = ("x-cic-csrf", "apollo-require-preflight")


def carries_csrf_header(headers) -> bool:
    """Whether the request has a header that no simple cross-site request can carry."""
    return any(headers.get(name, "").strip() for name in CSRF_HEADERS)


def multipart_csrf_refusal(method: str, headers) -> Response | None:
    """The 400 answer to a multipart POST without a non-simple header, else None."""
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if method != "POST" or content_type != "multipart/form-data":
        return None
    if carries_csrf_header(headers):
        return None
    message = (
        "multipart/form-data requests to /graphql must carry the header 'x-cic-csrf: 1' "
        "(or 'apollo-require-preflight: true'): cross-site forms cannot send it"
    )
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "CSRF_HEADER_REQUIRED", "messageZh": "文件上传请求须带 x-cic-csrf 请求头"}}]},
        status_code=400,
    )


async def _principal(request: Request) -> Principal | Response:
    """The staff caller of a download, through the same ``bearer_principal`` as GraphQL (its
    principal cache, and the caller's banks for row-level security), or the 401/403 to answer."""
    services: Services = request.app.state.services
    header = request.headers.get("authorization", "")
    challenge = {"WWW-Authenticate": 'Bearer realm="cic"'}
    principal, why = await bearer_principal(services, header)
    if principal is None:
        error = "invalid_token" if why and header.lower().startswith("bearer ") else "unauthenticated"
        message = why if error == "invalid_token" else "a staff bearer token is required"
        return JSONResponse({"error": error, "message": message}, status_code=401, headers=challenge)
    if not principal.is_staff:
        return JSONResponse({"error": "forbidden", "message": "staff only"}, status_code=403)
    return principal


def _attachment(content: bytes, file_name: str, ascii_name: str) -> Response:
    """An .xlsx download named in Chinese (RFC 6266 ``filename*``) with an ASCII fallback."""
    return Response(
        content,
        media_type=XLSX_MEDIA_TYPE,
        headers={
            "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}",
            "Cache-Control": "no-store",
        },
    )


async def archive_template(request: Request) -> Response:
    principal = await _principal(request)
    if isinstance(principal, Response):
        return principal
    services: Services = request.app.state.services
    async with (await services.reads(principal))() as session:
        content = await services.imports(session).template(principal)  # the bank's columns and codes
    return _attachment(content, "客户档案导入模板.xlsx", "cic-archive-template.xlsx")


async def error_workbook(request: Request) -> Response:
    principal = await _principal(request)
    if isinstance(principal, Response):
        return principal
    not_found = JSONResponse({"error": "not_found", "message": "no such import batch in your scope"}, status_code=404)
    try:
        batch_id = uuid.UUID(request.path_params["batch_id"])
    except ValueError:
        return not_found
    services: Services = request.app.state.services
    async with transaction(services.db.sessions) as session:
        found = await services.imports(session).error_workbook(principal, batch_id)
    if found is None:
        return not_found
    batch, content = found
    stem = batch.file_name.rsplit(".", 1)[0] or "导入"
    return _attachment(content, f"{stem}-错误明细.xlsx", f"import-errors-{batch.id}.xlsx")
