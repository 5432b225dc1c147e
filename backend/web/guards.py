"""HTTP-level guards: request-body caps, browser security headers, the metrics endpoint.

* ``/graphql`` refuses a body over ``CIC_GRAPHQL_MAX_BODY_BYTES`` (JSON; 1 MiB) or
  ``CIC_UPLOAD_MAX_BODY_BYTES`` (multipart uploads; 32 MiB) with 413 before anything parses it,
  whether the client declared a length or streamed the body.
* The front ends (``/pc/``, ``/pad/``) carry a Content-Security-Policy (only our own scripts,
  styles inline because Ant Design injects them, images from us, data: and blob: for previews,
  connections to us and to the fingerprint reader's local service when one is configured),
  ``X-Frame-Options: DENY``, ``Referrer-Policy: no-referrer`` and ``X-Content-Type-Options``.
* ``/metrics`` in production answers only with ``Authorization: Bearer <CIC_METRICS_TOKEN>``
  (404 without a configured token): it tells how the system is used.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

def content_security_policy(connect: tuple[str, ...] = ()) -> str:
    """Our own scripts only; ``connect`` adds origins the pages may call (the fingerprint reader's
    local service)."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            " ".join(["connect-src 'self'", *connect]),
            "worker-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def frontend_headers(settings: Any) -> dict[str, str]:
    """The front ends' security headers; the reader's origin joins connect-src when configured."""
    reader = settings.fingerprint_reader_url
    return {
        "content-security-policy": content_security_policy((origin(reader),) if reader else ()),
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff",
        "permissions-policy": "camera=(self), geolocation=(self), microphone=()",
    }


def with_headers(app: ASGIApp, headers: dict[str, str]) -> ASGIApp:
    """``app`` with ``headers`` set on every response it starts."""
    encoded = [(k.encode(), v.encode()) for k, v in headers.items()]

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in encoded}
                message = {**message, "headers": [h for h in message.get("headers", []) if h[0].lower() not in names] + encoded}
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped


class BodyLimited:
    """``app`` behind a request-body cap: multipart bodies ``upload_limit``, others ``json_limit``.
    (A class, so that a Starlette ``Route`` treats it as an ASGI app, not a request function.)"""

    def __init__(self, app: ASGIApp, *, json_limit: int, upload_limit: int) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        # The two headers it reads, not a dict of all of them (on every GraphQL request).
        content_type, declared = b"", None
        for name, value in scope.get("headers", []):
            name = name.lower()
            if name == b"content-type":
                content_type = value
            elif name == b"content-length":
                declared = value.decode("latin-1")
        limit = self.upload_limit if content_type.startswith(b"multipart/") else self.json_limit
        if declared is not None:
            if not declared.isdigit() or int(declared) > limit:
                await _too_large(scope, receive, send, limit)
                return
            await self.app(scope, receive, send)
            return
        # Streamed without a length: read it up to the cap, then replay it.
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await _too_large(scope, receive, send, limit)
                return
        await self.app(scope, replaying(body, receive), send)


def replaying(body: bytes, receive: Receive) -> Receive:
    """``receive`` with ``body`` (already read whole) given again first."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = JSONResponse(
        {"error": "payload_too_large", "code": "REQUEST_TOO_LARGE", "message": f"请求内容超过{limit // 1024} KB上限",
         "messageEn": f"the request body exceeds {limit} bytes"},
        status_code=413,
    )
    await response(scope, receive, send)


def metrics_guard(endpoint: Callable[[Request], Awaitable[Response]], settings: Any) -> Callable[[Request], Awaitable[Response]]:
    """``/metrics`` open in development and tests, behind a bearer token in production."""

    async def guarded(request: Request) -> Response:
        if settings.is_production:
            token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
            presented = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            if not token or not hmac.compare_digest(presented.encode(), token.encode()):
                return Response(status_code=404)
        return await endpoint(request)

    return guarded
