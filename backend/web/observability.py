"""Request ids, per-request log context and Prometheus metrics (pure ASGI middleware)."""

from __future__ import annotations

import re
import time
import uuid

import structlog
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.audit.service import RequestMeta, request_meta
from backend.db.tenancy import acting_for
from backend.logging import log

REQUESTS = Counter("cic_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "cic_http_request_duration_seconds", "HTTP request latency", ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
KNOWN_ROUTES = ("/graphql", "/auth/token", "/auth/revoke", "/auth/jwks", "/health", "/ready", "/metrics")


def _route(path: str) -> str:
    for prefix in ("/pc", "/pad"):
        if path == prefix or path.startswith(prefix + "/"):
            return prefix
    return path if path in KNOWN_ROUTES else "other"


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        client = scope.get("client")
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        token = request_meta.set(RequestMeta(request_id=request_id, ip=client[0] if client else None))
        tenant = acting_for.set(None)  # the caller's banks, once authenticated (backend/db/tenancy.py)
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except ClientDisconnect:
            # The client went away (a tablet losing its network mid-upload): nothing to answer, and
            # nothing wrong with the server.
            log.info("client_disconnected", path=scope.get("path"))
            status = 499
        except Exception:
            log.exception("unhandled_error", path=scope.get("path"))
            raise
        finally:
            route = _route(scope.get("path", ""))
            elapsed = time.perf_counter() - started
            REQUESTS.labels(scope.get("method", ""), route, str(status)).inc()
            LATENCY.labels(scope.get("method", ""), route).observe(elapsed)
            if route != "/metrics":
                log.info("request", method=scope.get("method"), path=scope.get("path"), status=status, ms=round(elapsed * 1000, 1))
            request_meta.reset(token)
            acting_for.reset(tenant)


async def metrics(_request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
