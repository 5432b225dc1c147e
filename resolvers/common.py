"""Helpers every resolver module uses.

Ids are parsed here for every resolver: ``parse_id`` (numeric) and ``parse_uuid``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import Info

from backend.errors import BadInput, DomainError, FieldError
from backend.inputs import parse_int_id
from backend.inputs import parse_uuid as parse_uuid  # shared with every resolver
from schema.common import decode_cursor

T = TypeVar("T")


async def run_mutation(info: Info, work: Callable[[AsyncSession], Awaitable[T]]) -> tuple[T | None, list[FieldError]]:
    """Run one mutation field in a SAVEPOINT of the request's transaction.

    A ``DomainError`` rolls the savepoint back (nothing half-written) and comes back as payload
    errors; anything else propagates and the whole request is rolled back.
    """
    session = info.context.writer()
    try:
        async with session.begin_nested():
            return await work(session), []
    except DomainError as exc:
        return None, exc.errors


def parse_id(value: str, field: str = "id") -> int:
    """A numeric id argument (ASCII digits within bigint), or ``INVALID_ID`` naming ``field``:
    a payload error inside a mutation, ``BAD_USER_INPUT`` from a query (the input guard)."""
    return parse_int_id(value, field)


def optional_id(value: str | None, field: str) -> int | None:
    return parse_int_id(value, field) if value is not None else None


def page_args(first: int, after: str | None, maximum: int = 200) -> tuple[int, int | None]:
    """Validate ``first``/``after`` of a connection query (top-level BAD_USER_INPUT if wrong)."""
    if first < 1 or first > maximum:
        raise BadInput("first", f"must be between 1 and {maximum}")
    try:
        return first, decode_cursor(after)
    except ValueError:
        raise BadInput("after", "not a cursor returned by this API") from None
