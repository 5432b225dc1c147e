"""Shared GraphQL types: payload errors and keyset-paged connections."""

from __future__ import annotations

import base64
from typing import Generic, TypeVar

import strawberry

from backend.errors import FieldError

T = TypeVar("T")


@strawberry.type(description="An error the caller can fix: which input field, a stable code, a message.")
class UserError:
    field: str | None = strawberry.field(description="Input path, e.g. `phone` or `familyMembers[2].idNumber`.")
    code: str = strawberry.field(description="Stable English code, e.g. `DUPLICATE`, `INVALID_FORMAT`.")
    message: str = strawberry.field(description="Message for the UI, in Chinese.")
    message_en: str = strawberry.field(description="The same message in English.")

    @classmethod
    def from_domain(cls, error: FieldError) -> UserError:
        return cls(field=error.field, code=error.code, message=error.message, message_en=error.message_en)


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A keyset-paged list (Relay connection, forward paging).")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"k:{key}".encode()).decode()


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        kind, _, value = raw.partition(":")
        if kind != "k":
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("invalid cursor") from exc


def connection(nodes: list[T], keys: list[int], first: int) -> Connection[T]:
    """Build a page from ``first + 1`` fetched rows (the extra row only says "there is more")."""
    has_next = len(nodes) > first
    nodes, keys = nodes[:first], keys[:first]
    edges = [Edge(cursor=encode_cursor(k), node=n) for n, k in zip(nodes, keys, strict=True)]
    return Connection(edges=edges, page_info=PageInfo(has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None))
