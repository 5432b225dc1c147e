"""Rate limits per client address, counted in Redis (the ``limits`` library), shared by all API nodes.

A limit is written in the library's notation (``10/minute``, ``100 per hour``) and counted with
one of its strategies (``sliding-window-counter``, ``fixed-window``, ``moving-window``). The
counters live in the queue's Redis under ``<queue name>:ratelimit``, so deployments sharing a
Redis stay apart, and use the connection pool the API already has.

Clients are counted by address; an IPv6 client by its /64, which one subscriber usually holds
whole (counting single IPv6 addresses would let one client take a fresh address per request).
"""

from __future__ import annotations

import ipaddress
import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import RedisStorage
from limits.aio.strategies import STRATEGIES
from limits.errors import StorageError
from redis.asyncio import Redis


class RateLimitUnavailable(Exception):
    """The counters cannot be read (Redis down): the caller refuses rather than go unlimited.
    In GraphQL a top-level error with code SERVICE_UNAVAILABLE."""

    extensions = {"code": "SERVICE_UNAVAILABLE", "messageZh": "服务暂时不可用，请稍后重试"}


class RateLimited(Exception):
    """Over a limit: in GraphQL a top-level error with code RATE_LIMITED and retryAfterSeconds."""

    def __init__(self, retry_after: int, what: str) -> None:
        super().__init__(f"too many {what}; retry in {retry_after} s")
        self.retry_after = retry_after
        self.extensions = {
            "code": "RATE_LIMITED", "retryAfterSeconds": retry_after, "messageZh": f"查询过于频繁，请在{retry_after}秒后重试",
        }


def parse_limit(value: str) -> RateLimitItem:
    """``10/minute`` -> the limit; ValueError for anything the library cannot read."""
    try:
        return parse(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a rate limit such as '10/minute': {exc}") from None


def check_strategy(name: str) -> str:
    if name not in STRATEGIES:
        raise ValueError(f"{name!r} is not one of {', '.join(sorted(STRATEGIES))}")
    return name


def client_bucket(host: str | None) -> str:
    """What is counted for a client: its IPv4 address, or the /64 of its IPv6 address."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class RateLimiter:
    def __init__(self, redis: Redis, *, name: str, limit: str, strategy: str, prefix: str) -> None:
        self.name = name
        self.limit = parse_limit(limit)
        # The strategy is part of the key: their counters have different Redis types.
        storage = RedisStorage(
            "async+redis://", implementation="redispy", key_prefix=f"{prefix}:{strategy}", wrap_exceptions=True,
            connection_pool=redis.connection_pool,
        )
        self._strategy = STRATEGIES[check_strategy(strategy)](storage)

    async def hit(self, client: str, cost: int = 1) -> int | None:
        """Count ``cost`` requests of ``client``: None when allowed, else the seconds to wait."""
        try:
            if await self._strategy.hit(self.limit, self.name, client, cost=cost):
                return None
            stats = await self._strategy.get_window_stats(self.limit, self.name, client)
        except StorageError as exc:
            raise RateLimitUnavailable(type(exc.storage_error).__name__) from exc
        return max(1, math.ceil(stats.reset_time - time.time()))
