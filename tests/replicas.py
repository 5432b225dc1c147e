"""A PostgreSQL primary and its streaming replica, for the tests of reads from a replica.

Both are started here, in a temporary directory, from the PostgreSQL that the embedded server
(pgserver) ships: the machine's PostgreSQL (CI's) accepts no replication connections (its
pg_hba.conf has no ``replication`` line), and a test does not reconfigure the machine's server.
The primary is made by ``initdb`` (which allows replication from loopback), the replica by
``pg_basebackup -R`` from it, each on a port of its own; run as the ``pgserver`` system user when
the tests run as root (PostgreSQL refuses to run as root), as pgserver itself does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.faults import free_port


def _bin(name: str) -> str:
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


class StreamingPair:
    def __init__(self) -> None:
        self.user: str | None = None
        if os.geteuid() == 0:
            from pgserver.utils import ensure_user_exists

            self.user = "pgserver"
            ensure_user_exists(self.user)
        self.base = Path(tempfile.mkdtemp(prefix="cic-replica-"))
        if self.user is not None:
            shutil.chown(self.base, self.user)
        self.primary_dir, self.replica_dir = self.base / "primary", self.base / "replica"
        self.primary_port, self.replica_port = free_port(), free_port()

    def _run(self, *args: str) -> None:
        subprocess.run(args, check=True, capture_output=True, user=self.user, timeout=300)

    def _conf(self, data: Path, lines: list[str]) -> None:
        with open(data / "postgresql.auto.conf", "a", encoding="utf-8") as conf:
            conf.write("".join(f"{line}\n" for line in lines))

    def start(self) -> None:
        self._run(_bin("initdb"), "-D", str(self.primary_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C")
        self._conf(self.primary_dir, [
            f"port = {self.primary_port}", "listen_addresses = '127.0.0.1'", f"unix_socket_directories = '{self.base}'",
            "wal_level = replica", "max_wal_senders = 4", "fsync = off", "synchronous_commit = off",
        ])  # fmt: skip
        self._pg_ctl(self.primary_dir, "start")
        self._run(_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
                  "-D", str(self.replica_dir), "-R", "-X", "stream", "-c", "fast")  # fmt: skip
        self._conf(self.replica_dir, [f"port = {self.replica_port}", "hot_standby = on"])
        self.start_replica()

    def _pg_ctl(self, data: Path, action: str) -> None:
        extra = ["-m", "fast"] if action == "stop" else ["-l", str(data.parent / f"{data.name}.log")]
        self._run(_bin("pg_ctl"), "-D", str(data), "-w", "-t", "120", *extra, action)

    def start_replica(self) -> None:
        self._pg_ctl(self.replica_dir, "start")

    def stop_replica(self) -> None:
        self._pg_ctl(self.replica_dir, "stop")

    def url(self, port: int) -> str:
        return f"postgresql://postgres@127.0.0.1:{port}/postgres"

    @property
    def primary_url(self) -> str:
        return self.url(self.primary_port)

    @property
    def replica_url(self) -> str:
        return self.url(self.replica_port)

    def stop(self) -> None:
        for data in (self.replica_dir, self.primary_dir):
            if (data / "postmaster.pid").exists():
                subprocess.run([_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True, user=self.user, timeout=120)
        shutil.rmtree(self.base, ignore_errors=True)
