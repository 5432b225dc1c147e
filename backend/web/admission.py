"""Admission of new sessions while the API is saturated: work already under way goes first.

An API process shares its CPU among every request it has taken. When a burst arrives at once
(100 mobile-banking customers applying together, 20,000 staff logging in at eight), every
journey then advances at the same slow pace and all of them finish near the end: the median
customer waits about as long as the last. Served in order instead, half of them would be done in
half that time, and the last no later.

So a process counts the requests it is working on (the API's own work: GraphQL, the token and
revocation endpoints, the partners' callbacks; not health probes, metrics, front-end files or
multipart uploads, which mostly wait on the network) and a grant that *opens a new session* (a
staff password or fingerprint login, a mobile bank's assertion for its customer) waits its turn,
first come first served, while ``limit`` requests are under way. Requests of sessions already
open, refreshes, machine clients and callbacks are never held. A login that has waited
``max_wait`` seconds goes ahead regardless, so a steady overload delays logins but never starves
them, and nothing is refused. Below saturation nobody waits.

``cic_admission_waiting`` (a gauge) and ``cic_admission_wait_seconds`` (a histogram with the
outcome ``admitted`` or ``timed_out``) show the queue in /metrics. docs/operations.md
"Admission" says how to size ``CIC_ADMISSION_LIMIT``.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from prometheus_client import Gauge, Histogram
from starlette.types import ASGIApp, Receive, Scope, Send

WAITING = Gauge("cic_admission_waiting", "New-session grants waiting for their turn in this process")
WAITED = Histogram(
    "cic_admission_wait_seconds", "How long a new-session grant waited for its turn", ["outcome"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16),
)
COUNTED_PREFIXES = ("/graphql", "/auth/token", "/auth/revoke", "/callbacks/")


def counted(scope: Scope) -> bool:
    """Whether a request is API work that holds the process's CPU (see the module's text)."""
    path = scope.get("path", "")
    if not path.startswith(COUNTED_PREFIXES):
        return False
    for name, value in scope.get("headers") or ():
        if name == b"content-type":
            return not value.lower().startswith(b"multipart/")
    return True


class Admission:
    """One process's count of requests under way and the queue of new sessions waiting."""

    def __init__(self, limit: int, max_wait: float) -> None:
        self.limit = limit  # 0: nobody ever waits
        self.max_wait = max_wait
        self.running = 0
        self._waiting: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        """New sessions waiting for their turn now."""
        return sum(1 for turn in self._waiting if not turn.done())

    def enter(self) -> None:
        self.running += 1

    def leave(self) -> None:
        self.running -= 1
        self._hand_over()

    def _hand_over(self) -> None:
        while self._waiting and self.running < self.limit:
            turn = self._waiting.popleft()
            if not turn.done():
                self.running += 1  # the slot passes to the waiter before anyone else can take it
                turn.set_result(None)

    async def turn(self) -> None:
        """Wait, if the process is saturated, until this new session may go ahead. The caller is a
        counted request: it steps out of the count while it waits and is back in it on return."""
        if self.limit <= 0:
            return
        self.running -= 1
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        self._hand_over()  # behind the logins already waiting, or at once when there is room
        if turn.done():
            return
        WAITING.inc()
        started = time.perf_counter()
        outcome = "admitted"
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.max_wait)
        except TimeoutError:
            outcome = "timed_out"
        finally:
            WAITING.dec()
            if not turn.done() or turn.cancelled():
                # timed out, or the client went away: no slot is handed to it later, and the
                # request counts as under way again until it ends (a handed slot already does)
                turn.cancel()
                self.running += 1
            WAITED.labels(outcome).observe(time.perf_counter() - started)


class AdmissionMiddleware:
    """Counts the requests of ``counted`` in ``admission`` while they run."""

    def __init__(self, app: ASGIApp, admission: Admission) -> None:
        self.app, self.admission = app, admission

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not counted(scope):
            await self.app(scope, receive, send)
            return
        self.admission.enter()
        try:
            await self.app(scope, receive, send)
        finally:
            self.admission.leave()
