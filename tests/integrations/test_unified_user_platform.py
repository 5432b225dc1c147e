"""The HTTP adapter of the unified user platform against its simulator, over a real socket."""

from __future__ import annotations

import asyncio
import socket

import pytest
import uvicorn

from backend.integrations.unified_user import (
    HttpUnifiedUserPlatform,
    UnifiedUserPlatformError,
    simulator_app,
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def simulator_url():
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(simulator_app(), host="127.0.0.1", port=port, log_config=None))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


async def test_http_adapter_sets_and_verifies_passwords(simulator_url):
    uup = HttpUnifiedUserPlatform(simulator_url)
    await uup.set_password("fz1.cm1", "Secret123")
    assert await uup.verify_password("fz1.cm1", "Secret123") is True
    assert await uup.verify_password("fz1.cm1", "wrong") is False
    assert await uup.verify_password("nobody", "Secret123") is False


async def test_unreachable_platform_is_a_clear_error():
    uup = HttpUnifiedUserPlatform(f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(UnifiedUserPlatformError, match="unreachable"):
        await uup.verify_password("fz1.cm1", "x")


async def test_login_answers_503_when_the_platform_is_down(settings, services):
    import httpx
    from asgi_lifespan import LifespanManager

    from backend.web.app import create_app

    app = create_app(settings.model_copy(update={"uup_url": f"http://127.0.0.1:{_free_port()}"}))
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.post("/auth/token", data={"grant_type": "password", "username": "fz1.cm1", "password": "x1234567"})
    assert response.status_code == 503
    assert response.json()["error"] == "temporarily_unavailable"
    assert response.json()["code"] == "UUP_UNAVAILABLE"


async def test_login_through_the_http_platform(settings, services, simulator_url):
    import httpx
    from asgi_lifespan import LifespanManager

    from backend.web.app import create_app

    await HttpUnifiedUserPlatform(simulator_url).set_password("fz1.cm1", "Platform123")
    app = create_app(settings.model_copy(update={"uup_url": simulator_url}))
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        ok = await c.post("/auth/token", data={"grant_type": "password", "username": "fz1.cm1", "password": "Platform123"})
        # The local demo password is not what the platform knows.
        refused = await c.post("/auth/token", data={"grant_type": "password", "username": "fz1.cm1", "password": "Cic@2026demo"})
    assert ok.status_code == 200 and ok.json()["access_token"]
    assert refused.json()["code"] == "INVALID_CREDENTIALS"
