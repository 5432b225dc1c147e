"""The per-token caller cache: reused within its TTL, re-read after it.

The cache reads a clock the test moves (``Clock``), so its TTL passes without waiting for it."""

from __future__ import annotations

import httpx
from asgi_lifespan import LifespanManager

from backend.auth.principal import Principal
from backend.services import principal_cache
from backend.web.app import create_app
from tests.helpers import gql, login


class Clock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def test_entries_expire_and_the_cache_stays_bounded():
    clock = Clock()
    cache = principal_cache(0.05, max_entries=3, clock=clock)
    principal = Principal(kind="staff", scope_path="/1/")
    cache["a"] = principal
    assert cache.get("a") is principal
    clock.advance(0.04)
    assert cache.get("a") is principal  # still within its time
    clock.advance(0.02)
    assert "a" not in cache and cache.get("a", "gone") == "gone"
    for key in "bcde":
        cache[key] = None
    assert len(cache) <= 3
    assert "e" in cache and cache["e"] is None  # an inactive account is kept as such


async def test_a_disabled_user_is_cut_off_once_the_cache_entry_expires(settings, services):
    app = create_app(settings.model_copy(update={"principal_cache_seconds": 0.3}))
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        clock = Clock()
        app.state.services.principals = principal_cache(0.3, clock=clock)
        token = await login(c, "fz1.cm2")
        assert (await gql(c, "{ me { kind } }", token=token))["data"]["me"]["kind"] == "staff"
        admin = await login(c, "fz.admin")
        users = await gql(c, '{ staffUsers(search: "fz1.cm2") { edges { node { id } } } }', token=admin)
        user_id = users["data"]["staffUsers"]["edges"][0]["node"]["id"]
        await gql(
            c,
            "mutation($i: SetStaffUserStatusInput!) { setStaffUserStatus(input: $i) { errors { code } } }",
            {"i": {"userId": user_id, "status": "DISABLED"}},
            token=admin,
        )
        clock.advance(0.35)
        after = await gql(c, "{ me { kind } }", token=token)
    assert after["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
