"""Reads from a streaming replica (backend/db/replica.py): the read resolvers run against a real
standby of a real primary (tests/replicas.py); a user reads their own write at once; the replica
behind or down sends reads to the primary, counted, never an error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from prometheus_client import REGISTRY
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from backend.db.engine import async_url
from backend.db.replica import lsn
from tests.conftest import reset_database
from tests.helpers import gql, login
from tests.images.test_image_platform import new_archive
from tests.replicas import StreamingPair
from tests.waiting import until

NAME = "query($id: ID!) { customer(id: $id) { id name } }"


@pytest.fixture(scope="module")
async def pair() -> AsyncIterator[StreamingPair]:
    servers = StreamingPair()
    try:
        await asyncio.to_thread(servers.start)
        from backend.db.migrate import upgrade

        await asyncio.to_thread(upgrade, servers.primary_url)
        yield servers
    finally:
        await asyncio.to_thread(servers.stop)


@pytest.fixture(scope="module")
async def replicated(pair, settings) -> AsyncIterator[Any]:
    """CIC on the primary, reading from the replica (checked every 50 ms; behind for 30 s = lag,
    which the lag test shortens)."""
    from backend.web.app import create_app

    app = create_app(settings.model_copy(update={
        "database_url": pair.primary_url, "database_replica_url": pair.replica_url,
        "replica_check_seconds": 0.05, "replica_max_lag_seconds": 30.0,
    }))  # fmt: skip
    async with LifespanManager(app):
        yield app


@pytest.fixture
async def cic(replicated, pair) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    services = replicated.state.services
    await _on_replica(pair, "SELECT pg_wal_replay_resume()")
    await reset_database(services)
    await until(lambda: _caught_up(services), "the replica to replay the demo")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=replicated), base_url="http://cic.test") as client:
        yield client, services


async def _caught_up(services) -> bool:
    state = await services.replicas.check()
    async with services.db.primary.connect() as conn:
        written = (await conn.execute(text("SELECT pg_current_wal_lsn()::text"))).scalar_one()
    return state.healthy and state.replayed >= lsn(written)


async def _on_replica(pair: StreamingPair, statement: str) -> Any:
    engine = create_async_engine(async_url(pair.replica_url), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text(statement))).scalar()
    finally:
        await engine.dispose()


def _fallbacks(reason: str) -> float:
    """The counter as /metrics reports it."""
    return REGISTRY.get_sample_value("cic_replica_fallback_total", {"reason": reason}) or 0.0


async def test_reads_come_from_the_replica_and_a_user_reads_their_own_write_at_once(cic, pair):
    client, services = cic
    cm, manager = await login(client, "fz1.cm1"), await login(client, "fz1.manager")
    # Replay paused: what the primary writes now, the replica does not have.
    await _on_replica(pair, "SELECT pg_wal_replay_pause()")
    before = _fallbacks("own_write")
    customer_id = await new_archive(client, cm)
    # The writer's next request (another request, any API process) reads the primary ...
    mine = await gql(client, NAME, {"id": customer_id}, token=cm)
    assert mine["data"]["customer"]["id"] == customer_id
    assert _fallbacks("own_write") == before + 1
    # ... while the branch manager, who wrote nothing, reads the replica: the archive is not there yet.
    theirs = await gql(client, NAME, {"id": customer_id}, token=manager)
    assert theirs["data"]["customer"] is None
    await _on_replica(pair, "SELECT pg_wal_replay_resume()")
    await until(lambda: _caught_up(services), "the replica to replay the new archive")
    replayed = await gql(client, NAME, {"id": customer_id}, token=manager)
    assert replayed["data"]["customer"]["id"] == customer_id
    # Once the replica has what the writer wrote, the writer reads it there again.
    again = await gql(client, NAME, {"id": customer_id}, token=cm)
    assert again["data"]["customer"]["id"] == customer_id and _fallbacks("own_write") == before + 1


async def test_a_replica_behind_longer_than_allowed_sends_everyone_to_the_primary(cic, pair):
    client, services = cic
    cm, manager = await login(client, "fz1.cm1"), await login(client, "fz1.manager")
    await _on_replica(pair, "SELECT pg_wal_replay_pause()")
    customer_id = await new_archive(client, cm)
    services.replicas.max_lag_seconds = 0.5
    try:
        await until(lambda: _state_is(services, "lag"), "the replica to count as lagging (0.5 s behind)")
        # Read while the limit still holds: the router checks the lag again every few seconds,
        # and with the limit back at 30 s a check between the two would call the replica healthy.
        before = _fallbacks("lag")
        seen = await gql(client, NAME, {"id": customer_id}, token=manager)
        assert seen["data"]["customer"]["id"] == customer_id  # from the primary
        assert _fallbacks("lag") > before  # counted (the token's account lookup and the query each decide)
    finally:
        services.replicas.max_lag_seconds = 30.0
    await _on_replica(pair, "SELECT pg_wal_replay_resume()")
    await until(lambda: _caught_up(services), "the replica to catch up")


async def test_a_replica_down_is_never_an_error(cic, pair):
    client, services = cic
    manager = await login(client, "fz1.manager")
    await asyncio.to_thread(pair.stop_replica)
    try:
        await until(lambda: _state_is(services, "down"), "the replica to count as down")
        before = _fallbacks("down")
        body = await gql(client, '{ staffUsers(search: "fz1.cm1") { edges { node { username } } } }', token=manager)
        assert body == {"data": {"staffUsers": {"edges": [{"node": {"username": "fz1.cm1"}}]}}}
        assert _fallbacks("down") > before
    finally:
        await asyncio.to_thread(pair.start_replica)
    await until(lambda: _caught_up(services), "the replica to be back")


async def _state_is(services, reason: str) -> bool:
    state = services.replicas.state
    return not state.healthy and state.reason == reason
