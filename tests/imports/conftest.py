"""Fixtures shared by the import tests."""

from __future__ import annotations

import pytest


@pytest.fixture
async def small_inline_client(settings, services):
    """The API with CIC_IMPORT_INLINE_MAX_ROWS=1: every upload of two or more rows goes to the worker."""
    import httpx
    from asgi_lifespan import LifespanManager

    from backend.web.app import create_app

    app = create_app(settings.model_copy(update={"import_inline_max_rows": 1}))
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c
