"""Starlette application factory: /graphql, /auth/*, /health, /ready, /metrics, /pc, /pad."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import structlog
from arq import create_pool
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from strawberry.asgi import GraphQL

from backend.config import PROJECT_ROOT, Settings, get_settings
from backend.db import warmup
from backend.db.engine import Database, create_database
from backend.db.replica import ReplicaRouter
from backend.logging import configure_logging, log
from backend.queue import redis_settings
from backend.services import Services
from backend.web import auth as auth_endpoints
from backend.web.auth import bearer_principal
from backend.web import exports as customer_export
from backend.web import reports as report_downloads
from backend.web import callbacks as callback_endpoints
from backend.web import images as image_endpoints
from backend.web import imports as import_endpoints
from backend.web.admission import Admission, AdmissionMiddleware
from backend.web.frontends import SinglePageApp
from backend.web.graphql_http import PlainGraphQL
from backend.web.guards import (
    BodyLimited,
    frontend_headers,
    metrics_guard,
    with_headers,
)
from backend.web.imports import multipart_csrf_refusal
from backend.web.observability import RequestContextMiddleware, metrics
from schema.context import Context
from schema.schema import build_schema


class CICGraphQL(GraphQL):
    async def __call__(self, scope, receive, send) -> None:  # type: ignore[override]
        # File uploads (multipart) must not be sendable by a cross-site form: see docs/imports.md.
        if scope["type"] == "http":
            refusal = multipart_csrf_refusal(scope["method"], Request(scope).headers)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    def encode_json(self, data: object) -> str:
        # orjson: a list page's answer in a fraction of the stdlib's time (encoding was 2 % of a
        # search's CPU), Chinese as itself rather than \u escapes. A str, as Strawberry's
        # multipart streaming puts it into a str.
        return orjson.dumps(data).decode()

    def decode_json(self, data: str | bytes) -> object:
        # JSON nested deeper than Python's recursion limit is a bad request (400), not a crash.
        try:
            return json.loads(data)
        except RecursionError:
            raise json.JSONDecodeError("nested too deeply", "", 0) from None

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        services: Services = request.app.state.services
        principal, auth_error = await bearer_principal(services, request.headers.get("authorization", ""))
        if principal is not None:
            structlog.contextvars.bind_contextvars(user_id=principal.user_id, client_id=principal.client_id)
        return Context(
            services=services,
            principal=principal,
            auth_error=auth_error,
            request_id=request.scope.get("state", {}).get("request_id", ""),
        )


async def health(_request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def ready(request: Request) -> Response:
    services: Services = request.app.state.services
    checks: dict[str, str] = {}
    try:
        async with services.db.primary.connect() as conn:
            await conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        assert services.redis is not None
        await services.redis.ping()
        checks["redis"] = "ok"
    except Exception as exc:
        checks["redis"] = f"error: {type(exc).__name__}"
    try:
        await services.objects.ping()
        checks["objects"] = "ok"
    except Exception as exc:
        checks["objects"] = f"error: {type(exc).__name__}"
    ok = all(v == "ok" for v in checks.values())
    return JSONResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)


def _frontend(name: str, settings: Settings, root: Path = PROJECT_ROOT) -> Mount | Route:
    dist = root / f"frontend-{name}" / "dist"
    if (dist / "index.html").exists():
        return Mount(f"/{name}", app=with_headers(SinglePageApp(directory=Path(dist), html=True), frontend_headers(settings)), name=name)

    async def not_built(_request: Request) -> Response:
        return PlainTextResponse(f"The {name.upper()} front end is not built yet (frontend-{name}/dist).", status_code=404)

    return Route(f"/{name}", not_built)


async def _warm_up(db: Database, redis: Any, settings: Settings) -> tuple[warmup.StatementLog | None, asyncio.Task[None] | None]:
    """Prepare the fleet's most run statements on this process's pooled connections before it
    serves, and from now on add what it runs to that list (backend/db/warmup.py)."""
    pools = {"primary": (db.primary, settings.database_pool_size), "replica": (db.replica, settings.database_pool_size),
             "identity": (db.identity, settings.database_identity_pool_size)}
    return await warmup.start(pools, redis, settings.queue_name, timeout=settings.database_warmup_seconds,
                              period=settings.statement_log_seconds)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()
    configure_logging(settings.log_level)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        db = create_database(settings)
        redis = await create_pool(redis_settings(settings), default_queue_name=settings.queue_name)
        replicas = None
        if settings.database_replica_url:
            replicas = ReplicaRouter(
                db, redis, prefix=settings.queue_name, check_seconds=settings.replica_check_seconds,
                max_lag_seconds=settings.replica_max_lag_seconds,
            )  # fmt: skip
        watching = asyncio.create_task(replicas.watch()) if replicas is not None else None
        app.state.services = Services(settings=settings, db=db, redis=redis, replicas=replicas)
        statements, publishing = await _warm_up(db, redis, settings)
        # Long-lived start-up objects leave the collector's view: full collections then scan only
        # request garbage (measured: search p99 141 ms -> 30 ms at 1M archives).
        gc.collect()
        gc.freeze()
        log.info("api_started", env=settings.env.value)
        try:
            yield
        finally:
            if watching is not None:
                watching.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watching
            await warmup.stop(statements, publishing, redis, settings.queue_name)
            await app.state.services.close_clients()
            await redis.aclose()
            await db.dispose()

    graphql = CICGraphQL(
        build_schema(settings),
        graphql_ide="graphiql" if settings.is_development else None,
        allow_queries_via_get=False,
        multipart_uploads_enabled=True,  # importArchives(file: Upload!); guarded by multipart_csrf_refusal
    )
    routes = [
        # First: Starlette tries the routes in order, and nearly every request is to /graphql.
        # GET serves GraphiQL in development only; queries always go by POST.
        Route(
            "/graphql",
            BodyLimited(PlainGraphQL(graphql), json_limit=settings.graphql_max_body_bytes, upload_limit=settings.upload_max_body_bytes),
            methods=["GET", "POST"] if settings.is_development else ["POST"],
        ),
        Route("/auth/token", auth_endpoints.token, methods=["POST"]),
        Route("/auth/revoke", auth_endpoints.revoke, methods=["POST"]),
        Route("/auth/jwks", auth_endpoints.jwks, methods=["GET"]),
        Route("/auth/methods", auth_endpoints.methods, methods=["GET"]),
        Route("/health", health),
        Route("/ready", ready),
        Route("/metrics", metrics_guard(metrics, settings)),
        Route("/imports/archives/template.xlsx", import_endpoints.archive_template, methods=["GET"]),
        Route("/imports/{batch_id}/errors.xlsx", import_endpoints.error_workbook, methods=["GET"]),
        Route("/exports/customers.xlsx", customer_export.export_customers, methods=["GET"]),
        Route("/exports/report.xlsx", report_downloads.export_report, methods=["GET"]),
        Route("/reports/monthly/{file_id}.xlsx", report_downloads.monthly_report, methods=["GET"]),
        Route("/images/view/{token}", image_endpoints.view, methods=["GET"]),
        Route("/images/verify", image_endpoints.verify_public, methods=["POST"]),
        Route("/callbacks/sms/receipts", callback_endpoints.sms_receipt, methods=["POST"]),
        Route("/callbacks/sms/replies", callback_endpoints.sms_reply, methods=["POST"]),
        Route("/callbacks/lending/events", callback_endpoints.lending_event, methods=["POST"]),
        Route("/.well-known/cic/image-signing-keys.json", image_endpoints.signing_keys, methods=["GET"]),
        Route("/.well-known/cic/c2pa-trust-anchors.pem", image_endpoints.trust_anchors, methods=["GET"]),
        _frontend("pc", settings),
        _frontend("pad", settings),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.admission = Admission(settings.admission_limit, settings.admission_max_wait_seconds)
    app.add_middleware(AdmissionMiddleware, admission=app.state.admission)
    app.add_middleware(RequestContextMiddleware)
    return app
