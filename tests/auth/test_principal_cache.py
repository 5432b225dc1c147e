"""The per-token caller cache: reused within its TTL, re-read after it."""

from __future__ import annotations

import asyncio

import httpx
from asgi_lifespan import LifespanManager

from backend.auth.principal import Principal
from backend.services import PrincipalCache
from backend.web.app import create_app
from tests.helpers import gql, login


async def test_entries_expire_and_the_cache_stays_bounded():
    cache = PrincipalCache(ttl=0.05, max_entries=3)
    principal = Principal(kind="staff", scope_path="/1/")
    cache.put("a", principal)
    assert cache.get("a") == (True, principal)
    await asyncio.sleep(0.06)
    assert cache.get("a") == (False, None)
    for key in "bcde":
        cache.put(key, None)
    assert len(cache._entries) <= 3
    assert cache.get("e") == (True, None)


async def test_a_disabled_user_is_cut_off_once_the_cache_entry_expires(settings, services):
    app = create_app(settings.model_copy(update={"principal_cache_seconds": 0.3}))
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
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
        await asyncio.sleep(0.35)
        after = await gql(c, "{ me { kind } }", token=token)
    assert after["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
