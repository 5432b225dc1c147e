"""The HTTP adapter of the unified user platform against its simulator, over a real socket."""

from __future__ import annotations

import pytest

from backend.integrations.unified_user import (
    HttpUnifiedUserPlatform,
    UnifiedUserPlatformError,
    simulator_app,
)
from tests.faults import refused_port
from tests.waiting import serving


@pytest.fixture
async def simulator_url():
    async with serving(simulator_app()) as url:
        yield url


async def test_http_adapter_sets_and_verifies_passwords(simulator_url):
    uup = HttpUnifiedUserPlatform(simulator_url)
    await uup.set_password("fz1.cm1", "Secret123")
    assert await uup.verify_password("fz1.cm1", "Secret123") is True
    assert await uup.verify_password("fz1.cm1", "wrong") is False
    assert await uup.verify_password("nobody", "Secret123") is False


async def test_unreachable_platform_is_a_clear_error():
    with refused_port() as port:
        uup = HttpUnifiedUserPlatform(f"http://127.0.0.1:{port}")
        with pytest.raises(UnifiedUserPlatformError, match="unreachable"):
            await uup.verify_password("fz1.cm1", "x")


async def test_login_answers_503_when_the_platform_is_down(settings, services):
    import httpx
    from asgi_lifespan import LifespanManager

    from backend.web.app import create_app

    with refused_port() as port:
        app = create_app(settings.model_copy(update={"uup_url": f"http://127.0.0.1:{port}"}))
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
