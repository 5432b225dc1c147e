"""Callbacks of connected systems: the SMS platform's delivery receipts and replies, and the
lending platform's loan events.

SMS callbacks carry no bearer token: each body is signed with the shared secret
(``X-Sms-Signature``, HMAC-SHA256, backend/integrations/sms.py). The lending platform's carry
both a CIC bearer token of a client holding the ``lending:callback`` scope and its body signature
(``X-Lending-Signature``). An unauthenticated one is refused with 401 and changes nothing.
Applying either is idempotent: platforms send some callbacks twice, and out of order.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.auth.permissions import Permission
from backend.db.session import transaction
from backend.integrations.lending import CALLBACK_SIGNATURE as LENDING_SIGNATURE
from backend.integrations.lending import signature_valid as lending_signature_valid
from backend.loans.service import CallbackInvalid, UnknownLoan
from backend.web.auth import bearer_principal
from backend.integrations.sms import SIGNATURE_HEADER, signature_valid
from backend.logging import log

MAX_BODY = 16_384


async def _signed_json(request: Request) -> dict | Response:
    services = request.app.state.services
    body = await request.body()
    if len(body) > MAX_BODY:
        return JSONResponse({"code": "TOO_LARGE"}, status_code=413)
    if not signature_valid(services.settings.sms_callback_secret.get_secret_value(), body, request.headers.get(SIGNATURE_HEADER)):
        log.warning("sms_callback_bad_signature")
        return JSONResponse({"code": "BAD_SIGNATURE"}, status_code=401)
    try:
        data = json.loads(body)
    except ValueError:
        return JSONResponse({"code": "INVALID_REQUEST"}, status_code=400)
    return data if isinstance(data, dict) else JSONResponse({"code": "INVALID_REQUEST"}, status_code=400)


async def sms_receipt(request: Request) -> Response:
    data = await _signed_json(request)
    if isinstance(data, Response):
        return data
    try:
        message_id = uuid.UUID(str(data.get("messageId")))
    except ValueError:
        return JSONResponse({"code": "INVALID_REQUEST"}, status_code=400)
    services = request.app.state.services
    async with transaction(services.db.sessions) as session:
        known = await services.notifications(session).receipt(
            message_id, str(data.get("providerId") or ""), str(data.get("status") or ""), data.get("code"), datetime.now(UTC)
        )
    return JSONResponse({"ok": True}) if known else JSONResponse({"code": "UNKNOWN_MESSAGE"}, status_code=404)


async def sms_reply(request: Request) -> Response:
    """A customer's reply: TD (退订) opts the number out of the bank's messages."""
    data = await _signed_json(request)
    if isinstance(data, Response):
        return data
    mobile, text, bank = str(data.get("mobile") or ""), str(data.get("text") or "").strip().upper(), data.get("bankId")
    if not (len(mobile) == 11 and mobile.isdigit()) or not isinstance(bank, int):
        return JSONResponse({"code": "INVALID_REQUEST"}, status_code=400)
    if text in {"TD", "T", "退订"}:
        services = request.app.state.services
        async with transaction(services.db.sessions) as session:
            await services.notifications(session).opt_out(bank, mobile, "REPLY")
    return JSONResponse({"ok": True})


async def lending_event(request: Request) -> Response:
    """One loan event of the lending platform (backend/integrations/lending.py): 200 when stored
    (applied, stale or a duplicate), 4xx when it never will be, 5xx to be sent again."""
    services = request.app.state.services
    principal, why = await bearer_principal(services, request.headers.get("authorization", ""))
    if principal is None:
        return JSONResponse({"code": "UNAUTHENTICATED", "reason": why or "a bearer token is required"}, status_code=401,
                            headers={"WWW-Authenticate": 'Bearer realm="cic"'})
    if not principal.can(Permission.LENDING_CALLBACK):
        return JSONResponse({"code": "FORBIDDEN", "reason": "requires the lending:callback scope"}, status_code=403)
    body = await request.body()
    if len(body) > MAX_BODY:
        return JSONResponse({"code": "TOO_LARGE"}, status_code=413)
    secret = services.settings.lending_signing_secret.get_secret_value()
    if not lending_signature_valid(secret, body, request.headers.get(LENDING_SIGNATURE)):
        log.warning("lending_callback_bad_signature")
        return JSONResponse({"code": "BAD_SIGNATURE"}, status_code=401)
    try:
        data = json.loads(body)
    except ValueError:
        return JSONResponse({"code": "INVALID_REQUEST", "field": "body", "reason": "must be JSON"}, status_code=400)
    try:
        async with transaction(services.db.sessions) as session:
            outcome, loan = await services.loans(session).apply_event(principal, data)
    except CallbackInvalid as exc:
        return JSONResponse({"code": "INVALID_REQUEST", "field": exc.field, "reason": exc.reason}, status_code=400)
    except UnknownLoan:
        return JSONResponse({"code": "UNKNOWN_LOAN", "reason": "no loan with this requestId"}, status_code=404)
    log.info("lending_callback", outcome=outcome, loan=loan.number, type=data.get("type"), seq=data.get("seq"))
    return JSONResponse({"ok": True, "outcome": outcome})
