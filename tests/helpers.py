"""Small helpers shared by tests: log in, run GraphQL, read rows."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx

from backend.demo import DEMO_PASSWORD


async def token_response(client: httpx.AsyncClient, username: str, password: str = DEMO_PASSWORD, **extra: str) -> httpx.Response:
    return await client.post(
        "/auth/token", data={"grant_type": "password", "username": username, "password": password, **extra}
    )


async def login(client: httpx.AsyncClient, username: str, password: str = DEMO_PASSWORD) -> str:
    response = await token_response(client, username, password)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


async def gql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def walk_pages(client: httpx.AsyncClient, token: str, query: str, field: str, order: str, first: int) -> list[dict[str, Any]]:
    """Every node of the connection ``field`` in ``order``, ``first`` per page, following its cursors
    (``query`` takes $first, $after and $order); a list longer than one page takes several pages."""
    nodes: list[dict[str, Any]] = []
    after, pages = None, 0
    while True:
        page = await gql(client, query, {"first": first, "after": after, "order": order}, token=token)
        assert "errors" not in page, page
        found = page["data"][field]
        nodes += [e["node"] for e in found["edges"]]
        pages += 1
        if not found["pageInfo"]["hasNextPage"]:
            assert pages > 1 or first >= len(nodes)
            return nodes
        after = found["pageInfo"]["endCursor"]


async def as_user(client: httpx.AsyncClient, username: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    return await gql(client, query, variables, token=await login(client, username))


async def run_burst_worker(settings: Any = None) -> Any:
    """Run the production worker settings in burst mode until the queue is empty.

    With ``settings``, also check that the worker's own start-up (which builds Services from the
    environment) used the test's database, Redis and queue: otherwise the test would exercise
    something else.
    """
    from arq.worker import Worker

    from workers.settings import worker_settings

    options = worker_settings()
    # Cron jobs (image resume/purge) are tested directly; here they would only make job counts
    # depend on the wall clock.
    options.pop("cron_jobs", None)
    options.update(burst=True, handle_signals=False, poll_delay=0.05)
    worker = Worker(**options)
    try:
        await worker.main()
    finally:
        await worker.close()
    if settings is not None:
        used = worker.ctx["services"].settings
        assert worker.queue_name == settings.queue_name
        assert (used.database_url, used.redis_url) == (settings.database_url, settings.redis_url)
        assert worker.ctx["services"].redis.default_queue_name == settings.queue_name
    return worker


def cic(*args: str) -> subprocess.CompletedProcess[str]:
    """``cic ARGS`` in a child process, against the test's services (the settings fixture put them
    in the environment). Blocking: call it through ``asyncio.to_thread`` from a test."""
    return subprocess.run([sys.executable, "-c", "from backend.cli import main; main()", *args], env={**os.environ},
                          capture_output=True, text=True, timeout=600)  # fmt: skip


@contextlib.contextmanager
def cic_environment(values: dict[str, str]) -> Iterator[None]:
    """CIC_* settings for what reads them from the environment (the worker's start-up builds its
    services from ``get_settings()``, as in production); the environment is restored after."""
    from backend.config import get_settings

    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    get_settings.cache_clear()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


async def simulator_call(url: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """A simulator's own interface (``/_sim/...``): POST ``body`` as JSON, or GET without one."""
    async with httpx.AsyncClient() as c:
        response = await (c.post(f"{url}{path}", json=body) if body is not None else c.get(f"{url}{path}"))
        return response.json()


async def twice_at_once(job: Callable[..., Awaitable[Any]], *args: Any) -> str:
    """A cron job delivered to two workers at once (``job(*args)`` twice, concurrently): one runs
    it; the other finds its period done, or held (arq's ``Retry``: tried again once the holder's
    lease ends, it finds it done). Answers what the run returned."""
    from arq import Retry

    results = await asyncio.gather(job(*args), job(*args), return_exceptions=True)
    ran = [r for r in results if isinstance(r, str) and not r.startswith("already")]
    assert len(ran) == 1, results
    other = results[1] if results[0] is ran[0] else results[0]
    if isinstance(other, Retry):
        other = await job(*args)
    assert isinstance(other, str) and other.startswith("already"), results
    return ran[0]
