"""How tests wait: on the event itself, never on a sleep or a fixed deadline.

The suite must pass on a busy machine (and two copies of it may run at once on one), so a test
waits for what it is waiting for: a line a process writes (``ProcessOutput``), a process's exit,
a server's start-up (``serving``), a row, a job result or a Redis key (``until``). None of these
waits has a deadline that a slow machine could miss.

One limit remains, and it is a hang guard, not a deadline: a wait that lasts longer than
``HANG_GUARD_SECONDS`` (15 minutes; ``CIC_TEST_HANG_GUARD_SECONDS``) can no longer be slow, only
stuck, and fails with what it was waiting for, so a broken test ends instead of blocking CI.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import subprocess
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")

HANG_GUARD_SECONDS = float(os.environ.get("CIC_TEST_HANG_GUARD_SECONDS", "900"))


@contextlib.asynccontextmanager
async def hang_guard(what: str) -> AsyncIterator[None]:
    try:
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            yield
    except TimeoutError:
        raise AssertionError(f"hung: still waiting for {what} after {HANG_GUARD_SECONDS:.0f} s (hang guard)") from None


async def until(condition: Callable[[], Awaitable[T]], what: str, *, interval: float = 0.05) -> T:
    """Poll ``condition`` until it returns something truthy, and return that.

    For states that announce themselves nowhere (a row's status, a Redis key): the poll has no
    deadline, only the hang guard."""
    async with hang_guard(what):
        while not (value := await condition()):
            await asyncio.sleep(interval)
        return value


class ProcessOutput:
    """The output lines of a child process (stdout with stderr merged into it), read as they come
    by a thread, so a test can wait for a line: a readiness message, a log event.

    ``wait_for`` finds the matches of one pattern in order: a call starts after the line the
    previous call with that pattern matched, so waiting twice for the same event waits for its
    second occurrence; waits for different patterns do not depend on the order of the lines. The
    output ending (the process exited) before a match fails the wait with the output's tail.
    """

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None, "start the process with stdout=PIPE, stderr=STDOUT, text=True"
        self.process = process
        self.lines: list[str] = []
        self._next: dict[str, int] = {}
        self._ended = False
        self._failed: BaseException | None = None
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        # The bytes, each line decoded on its own with bad bytes replaced: a child that writes
        # something not UTF-8 (or a line cut by another process's write) must not end the reading
        # (a reader that died left every wait to the hang guard, 15 minutes).
        stream = self.process.stdout
        assert stream is not None
        raw = getattr(stream, "buffer", stream)
        try:
            for line in raw:
                text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
                with self._changed:
                    self.lines.append(text)
                    self._changed.notify_all()
        except BaseException as exc:  # reported by the waits instead of leaving them to the guard
            self._failed = exc
        finally:
            with self._changed:
                self._ended = True
                self._changed.notify_all()

    @property
    def text(self) -> str:
        with self._changed:
            return "".join(self.lines)

    def tail(self, count: int = 30) -> str:
        with self._changed:
            return "".join(self.lines[-count:])

    def wait_for(self, pattern: str | re.Pattern[str]) -> re.Match[str]:
        """Block until a line matches ``pattern`` (a regular expression)."""
        regex = re.compile(pattern)
        found: list[re.Match[str]] = []

        def matched() -> bool:
            for index in range(self._next.get(regex.pattern, 0), len(self.lines)):
                if match := regex.search(self.lines[index]):
                    self._next[regex.pattern] = index + 1
                    found.append(match)
                    return True
            return self._ended

        with self._changed:
            waited = self._changed.wait_for(matched, timeout=HANG_GUARD_SECONDS)
        if found:
            return found[0]
        if not waited:
            raise AssertionError(f"hung: no line matching {regex.pattern!r} after {HANG_GUARD_SECONDS:.0f} s (hang guard):\n{self.tail()}")
        if self._failed is not None:
            raise AssertionError(f"reading the output failed ({self._failed!r}) before a line matching {regex.pattern!r}:\n{self.tail()}")
        raise AssertionError(f"the process exited ({self.process.wait()}) before a line matching {regex.pattern!r}:\n{self.tail()}")

    async def line(self, pattern: str | re.Pattern[str]) -> re.Match[str]:
        """``wait_for`` from a coroutine, without blocking the event loop."""
        return await asyncio.to_thread(self.wait_for, pattern)

    async def event(self, name: str) -> re.Match[str]:
        """Wait for a structlog JSON line of the event ``name`` (CIC_LOG_LEVEL=INFO)."""
        return await self.line(f'"event": "{re.escape(name)}"')

    def exit_code(self) -> int:
        """Wait for the process to exit and its output to be read to the end."""
        code = self.process.wait(timeout=HANG_GUARD_SECONDS)
        self._reader.join(timeout=HANG_GUARD_SECONDS)
        return code


@contextlib.asynccontextmanager
async def serving(app: Any, **config: Any) -> AsyncIterator[str]:
    """Serve an ASGI app with uvicorn in this event loop, on a port the OS chose; yield its URL
    once the server listens.

    The socket is bound before the server starts and handed to it, so no other process can take
    the port in between (which a "free port" looked up first allows)."""
    import uvicorn

    listening = asyncio.Event()

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            listening.set()

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = Server(uvicorn.Config(app, log_config=None, access_log=False, **config))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with hang_guard("the server to start"):
            started = asyncio.create_task(listening.wait())
            await asyncio.wait({started, task}, return_when=asyncio.FIRST_COMPLETED)
            started.cancel()
        if not server.started:
            raise RuntimeError("the server stopped during start-up") from (task.exception() if task.done() else None)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()
