"""Reads from a streaming replica, and when to read the primary instead (docs/operations.md,
"Read replica").

With ``CIC_DATABASE_REPLICA_URL`` set, each API process watches the replica (``ReplicaRouter.watch``:
every ``CIC_REPLICA_CHECK_SECONDS`` it reads the primary's WAL position and the replica's replayed
one), and a request's reads go to the replica unless

* the replica did not answer its last check (``down``), or has not replayed what the primary wrote
  more than ``CIC_REPLICA_MAX_LAG_SECONDS`` ago (``lag``);
* the caller wrote what the replica has not replayed yet (``own_write``): after each mutation the
  primary's WAL position is kept for the caller in Redis (``OWN_WRITE_SECONDS``, shared by every API
  process), and the replica's last replayed position must have reached it. A user reads their
  own write at once, whichever process answers (within one request the context already reads the
  primary after a mutation).

Every read sent to the primary instead counts in ``cic_replica_fallback_total{reason}``; the
replica lagging or down is never an error for the reader. Without a replica URL none of this
runs: reads use read-only sessions of the primary.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from prometheus_client import Counter, Gauge
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.auth.principal import Principal
from backend.db.engine import Database
from backend.logging import log

OWN_WRITE_SECONDS = 300  # how long a caller's last write position is kept (a replica that far behind is down)
FALLBACKS = Counter("cic_replica_fallback_total", "Reads sent to the primary instead of the replica", ["reason"])
REPLAY_LAG = Gauge("cic_replica_replay_lag_bytes", "WAL the replica had not replayed at its last check")

# Lua: keep the larger of the stored and the given position (two mutations of one caller may
# commit in one order and record in the other).
_KEEP_MAX = """
local current = redis.call('GET', KEYS[1])
if (not current) or tonumber(current) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
return 0
"""


def lsn(value: str) -> int:
    """A ``pg_lsn`` as text (``16/B374D848``) as a number."""
    high, low = value.split("/")
    return (int(high, 16) << 32) | int(low, 16)


@dataclass
class ReplicaState:
    healthy: bool = False  # answered its last check, and was not too far behind
    reason: str = "down"  # why not, when not healthy
    replayed: int = 0  # the WAL position the replica had replayed at the last check


class ReplicaRouter:
    def __init__(self, db: Database, redis: Redis | None, *, prefix: str, check_seconds: float, max_lag_seconds: float) -> None:
        self.db = db
        self.redis = redis
        self.prefix = prefix
        self.check_seconds = check_seconds
        self.max_lag_seconds = max_lag_seconds
        self.state = ReplicaState()
        self._behind_since: float | None = None

    # -- watching ---------------------------------------------------------------------------

    async def check(self) -> ReplicaState:
        """One look at both servers; the state every read decides on until the next."""
        try:
            async with self.db.primary.connect() as primary:
                written = lsn((await primary.execute(text("SELECT pg_current_wal_lsn()::text"))).scalar_one())
            async with self.db.replica.connect() as replica:
                replayed_text = (await replica.execute(text("SELECT pg_last_wal_replay_lsn()::text"))).scalar_one()
        except Exception as exc:  # noqa: BLE001 - any failure means the replica is not to be read now
            if self.state.healthy or self.state.reason != "down":
                log.warning("replica_unavailable", error=type(exc).__name__)
            self.state = ReplicaState(healthy=False, reason="down")
            return self.state
        if replayed_text is None:  # not a standby (a misconfigured URL): never trusted
            self.state = ReplicaState(healthy=False, reason="down")
            return self.state
        replayed = lsn(replayed_text)
        REPLAY_LAG.set(max(0, written - replayed))
        now = time.monotonic()
        if replayed >= written:
            self._behind_since = None
        elif self._behind_since is None:
            self._behind_since = now
        lagging = self._behind_since is not None and now - self._behind_since > self.max_lag_seconds
        self.state = ReplicaState(healthy=not lagging, reason="lag" if lagging else "", replayed=replayed)
        return self.state

    async def watch(self) -> None:
        """Check the replica every ``check_seconds`` for the life of the process."""
        while True:
            await self.check()
            await asyncio.sleep(self.check_seconds)

    # -- routing ----------------------------------------------------------------------------

    def _key(self, principal: Principal) -> str:
        who = principal.user_id if principal.kind == "staff" else (principal.customer_id or principal.client_id)
        return f"{self.prefix}:wrote:{principal.kind}:{who}"

    async def wrote(self, principal: Principal | None) -> None:
        """After a mutation committed: the caller's reads wait for the replica to replay it."""
        if principal is None or self.redis is None:
            return
        try:
            async with self.db.primary.connect() as primary:
                position = lsn((await primary.execute(text("SELECT pg_current_wal_lsn()::text"))).scalar_one())
            await self.redis.eval(_KEEP_MAX, 1, self._key(principal), position, OWN_WRITE_SECONDS)
        except Exception:  # noqa: BLE001 - the write is committed; only its read-back may meet a lagging replica
            log.warning("replica_write_position_unrecorded", exc_info=True)

    async def sessions_for(self, principal: Principal | None) -> async_sessionmaker[AsyncSession]:
        """Where this request's reads go."""
        state = self.state
        if not state.healthy:
            FALLBACKS.labels(state.reason).inc()
            return self.db.sessions
        if principal is not None and self.redis is not None:
            try:
                written = await self.redis.get(self._key(principal))
            except Exception:  # noqa: BLE001 - the caller's last write unknown: the primary is always right
                FALLBACKS.labels("own_write").inc()
                return self.db.sessions
            if written is not None and int(written) > state.replayed:
                FALLBACKS.labels("own_write").inc()
                return self.db.sessions
        return self.db.read_sessions
