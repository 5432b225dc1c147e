"""Rate limits shared by every API node: fixed windows counted in Redis.

A limit is spent before the work it guards; when Redis cannot be reached the guarded work is
refused (fail closed: a limit that silently stops counting is no limit).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


class RateLimited(Exception):
    """Too many requests: a top-level GraphQL error with code RATE_LIMITED and retryAfterSeconds."""

    def __init__(self, retry_after: int, what: str) -> None:
        super().__init__(f"too many {what}; retry in {retry_after} s")
        self.retry_after = retry_after
        self.extensions = {"code": "RATE_LIMITED", "retryAfterSeconds": retry_after}


class RateLimitUnavailable(Exception):
    """The counter store is down: the guarded work is refused (SERVICE_UNAVAILABLE)."""

    def __init__(self) -> None:
        super().__init__("the rate limiter is unavailable; try again later")
        self.extensions = {"code": "SERVICE_UNAVAILABLE"}


async def spend(redis: Any, namespace: str, subject: str, limits: tuple[Limit, ...], *, what: str, cost: int = 1) -> None:
    """Count ``cost`` against every window of ``subject``; raise ``RateLimited`` when one is over."""
    if redis is None:
        raise RateLimitUnavailable()
    now = int(time.time())
    keys = [f"{namespace}:rl:{subject}:{limit.seconds}:{now // limit.seconds}" for limit in limits]
    try:
        pipe = redis.pipeline(transaction=True)
        for key, limit in zip(keys, limits, strict=True):
            pipe.incrby(key, cost)
            pipe.expire(key, limit.seconds + 5)
        counts = (await pipe.execute())[0::2]
    except (RedisError, OSError) as exc:
        raise RateLimitUnavailable() from exc
    for count, limit in zip(counts, limits, strict=True):
        if count > limit.count:
            raise RateLimited(limit.seconds - now % limit.seconds, what)
