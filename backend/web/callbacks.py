"""Callbacks of connected systems: the SMS platform's delivery receipts and replies.

They carry no bearer token: each body is signed with the shared secret (``X-Sms-Signature``,
HMAC-SHA256, backend/integrations/sms.py); an unsigned or badly signed one is refused with 401
and changes nothing. Applying a receipt is idempotent: the platform may send one twice.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.db.session import transaction
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
