"""Calling a connected system many times at once (a batch of handoffs, of text messages)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
E = TypeVar("E", bound=Exception)


async def side_by_side(calls: Sequence[Callable[[], Awaitable[T]]], *, at_once: int, answers: type[E]) -> list[T | E]:
    """Run ``calls`` with at most ``at_once`` in flight; each one's result, or the exception it
    raised when that is one of the system's own ``answers`` (down, refused): an answer about one
    item, kept with that item. Any other exception (a bug, not an answer) is raised once every
    call has finished, so none is left running."""
    limit = asyncio.Semaphore(at_once)

    async def one(call: Callable[[], Awaitable[T]]) -> T | E:
        async with limit:
            try:
                return await call()
            except answers as exc:
                return exc

    results = await asyncio.gather(*(one(call) for call in calls), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, answers):
            raise result
    return results  # type: ignore[return-value]
