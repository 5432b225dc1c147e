"""Unified user platform (统一用户平台): who checks staff passwords.

``LocalUnifiedUserPlatform`` keeps argon2id hashes in CIC's own table (the embedded default and
the demo); ``HttpUnifiedUserPlatform`` asks the bank's platform over HTTP. ``simulator_app``
is a Starlette stand-in for that platform, used by development runs and tests.
"""

from __future__ import annotations

from typing import Protocol

import httpx
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from backend.auth.models import LocalCredential
from backend.auth.passwords import hash_password, hash_password_off_loop, verify_password, verify_password_off_loop


class UnifiedUserPlatform(Protocol):
    async def verify_password(self, username: str, password: str) -> bool: ...

    async def set_password(self, username: str, password: str) -> None: ...


class LocalUnifiedUserPlatform:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def verify_password(self, username: str, password: str) -> bool:
        credential = await self.session.get(LocalCredential, username)
        # verify_password spends the same time on an unknown username (dummy hash).
        return await verify_password_off_loop(credential.password_hash if credential else None, password)

    async def set_password(self, username: str, password: str, *, password_hash: str | None = None) -> None:
        hashed = password_hash or await hash_password_off_loop(password)
        await self.session.execute(
            insert(LocalCredential)
            .values(username=username, password_hash=hashed)
            .on_conflict_do_update(index_elements=[LocalCredential.username], set_={"password_hash": hashed})
        )


class UnifiedUserPlatformError(RuntimeError):
    pass


class HttpUnifiedUserPlatform:
    def __init__(self, base_url: str, client: httpx.AsyncClient | None = None) -> None:
        self.client = client or httpx.AsyncClient(base_url=base_url, timeout=5.0)

    async def verify_password(self, username: str, password: str) -> bool:
        try:
            response = await self.client.post("/api/v1/authenticate", json={"username": username, "password": password})
        except httpx.HTTPError as exc:
            raise UnifiedUserPlatformError("unified user platform unreachable") from exc
        if response.status_code >= 500:
            raise UnifiedUserPlatformError(f"unified user platform answered {response.status_code}")
        return response.status_code == 200 and response.json().get("authenticated") is True

    async def set_password(self, username: str, password: str) -> None:
        response = await self.client.put(f"/api/v1/users/{username}/password", json={"password": password})
        if response.status_code != 204:
            raise UnifiedUserPlatformError(f"could not set password: {response.status_code}")


def simulator_app() -> Starlette:
    """An in-memory unified user platform speaking the same HTTP contract."""
    hashes: dict[str, str] = {}

    async def authenticate(request: Request) -> JSONResponse:
        body = await request.json()
        ok = verify_password(hashes.get(body.get("username", "")), body.get("password", ""))
        return JSONResponse({"authenticated": ok}, status_code=200 if ok else 401)

    async def set_password(request: Request) -> JSONResponse:
        body = await request.json()
        hashes[request.path_params["username"]] = hash_password(body["password"])
        return JSONResponse(None, status_code=204)

    return Starlette(
        routes=[
            Route("/api/v1/authenticate", authenticate, methods=["POST"]),
            Route("/api/v1/users/{username}/password", set_password, methods=["PUT"]),
        ]
    )
