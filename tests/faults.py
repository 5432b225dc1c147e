"""Real network faults for tests: a TCP proxy that can be cut, a port that refuses, and a moto
S3 server process.

``TcpProxy`` forwards a loopback port to a real server (PostgreSQL, moto's S3). ``down()``
closes the listener and every open connection, as a crashed or restarting server would;
``up()`` listens again on the same port. The port stays reserved while the proxy is down, so
another test run on the machine cannot take it.

Ports are chosen by the OS (bind to port 0), never fixed: two copies of the suite may run at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator

from tests.waiting import ProcessOutput


def free_port() -> int:
    """A port the OS says is free now, for a program that must be told its port up front. A
    server in this process is better handed a bound socket (``tests.waiting.serving``)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def refused_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound, never listening, so nothing else (another
    test run) can start listening on it while the test expects "connection refused"."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        yield holder.getsockname()[1]


def reserve_port() -> socket.socket:
    """A socket bound to a port the OS chose, with SO_REUSEADDR, never listening: while it is
    open, it keeps that port from everyone else, yet a server told the port may still listen on
    it with SO_REUSEADDR (Linux; uvicorn, asyncio servers and Redis set it). For a process that
    must be told its port up front: reserve, start it, close the reservation when it is done."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


class TcpProxy:
    """Listens on a loopback TCP port; forwards to ``target_host:target_port`` or, with
    ``target_unix``, to a unix socket (the embedded PostgreSQL listens on one)."""

    def __init__(self, target_host: str, target_port: int, port: int | None = None, *, target_unix: str | None = None) -> None:
        self.target = (target_host, target_port)
        self.target_unix = target_unix
        self._reservation = None if port else reserve_port()
        self.port = port or self._reservation.getsockname()[1]
        self._server: asyncio.base_events.Server | None = None
        self._tasks: set[asyncio.Task] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    async def up(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)

    async def down(self) -> None:
        """Refuse new connections and drop the open ones."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            with contextlib.suppress(Exception):
                writer.transport.abort()
        self._writers.clear()
        pipes = list(self._tasks)
        for task in pipes:
            task.cancel()
        # The pipes have ended (each swallows its cancellation and closes its end) when this returns.
        await asyncio.gather(*pipes, return_exceptions=True)

    def close(self) -> None:
        """Give the port back (after ``down()``)."""
        if self._reservation is not None:
            self._reservation.close()
            self._reservation = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            if self.target_unix:
                up_reader, up_writer = await asyncio.open_unix_connection(self.target_unix)
            else:
                up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                with contextlib.suppress(Exception):
                    dst.transport.abort() if dst.transport.is_closing() else dst.close()

        for coro in (pipe(reader, up_writer), pipe(up_reader, writer)):
            task = asyncio.create_task(coro)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)


class MotoServer:
    """moto's S3-compatible server in its own process, on a loopback port the OS chose (moto is
    started with port 0 and says which port it got when it listens)."""

    def __init__(self) -> None:
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )
        # werkzeug prints this once its socket listens; the output is drained until moto exits.
        self.port = int(ProcessOutput(self.process).wait_for(r"Running on http://127\.0\.0\.1:(\d+)")[1])

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(5)
            if self.process.poll() is None:
                self.process.kill()
