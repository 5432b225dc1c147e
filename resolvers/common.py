"""Helpers every resolver module uses.

Ids are parsed here for every resolver: ``parse_id`` (numeric) and ``parse_uuid``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, TypeVar

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import Info

from backend.auth.fieldcrypt import DecryptionError
from backend.db.session import transaction
from backend.errors import BadInput, DomainError, FieldError
from backend.inputs import parse_int_id
from backend.inputs import parse_uuid as parse_uuid  # shared with every resolver
from schema.common import Connection, Edge, PageInfo, decode_cursor

T = TypeVar("T")
M = TypeVar("M")
R = TypeVar("R")


def asked(info: Info, *path: str) -> set[str]:
    """The names of the fields the request asks under this field, down ``path`` (``asked(info,
    "edges", "node")``: what a list asks of its nodes), fragments (named or inline) opened. Read
    from graphql-core's syntax tree: Strawberry's ``info.selected_fields`` first converts the whole
    selection into its own objects, which cost an archive's detail a tenth of its time."""
    return asked_with(info, path, ())[0]


def asked_with(info: Info, path: tuple[str, ...], below: tuple[str, ...]) -> tuple[set[str], dict[str, set[str]]]:
    """``asked(info, *path)``, and for each name in ``below`` what is asked under that field there
    (``asked(info, *path, name)``), in one walk of the syntax tree."""
    raw = info._raw_info
    fragments = raw.fragments

    def fields(selection_set: SelectionSetNode | None) -> Iterator[FieldNode]:
        for selection in selection_set.selections if selection_set is not None else ():
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from fields(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
                yield from fields(fragments[selection.name.value].selection_set)

    level: list[FieldNode] = list(raw.field_nodes)
    for name in path:
        level = [field for node in level for field in fields(node.selection_set) if field.name.value == name]
    names: set[str] = set()
    under: dict[str, set[str]] = {name: set() for name in below}
    for node in level:
        for field in fields(node.selection_set):
            names.add(field.name.value)
            if field.name.value in under:
                under[field.name.value].update(f.name.value for f in fields(field.selection_set))
    return names, under


async def read_one(info: Info, read: Callable[[AsyncSession], Awaitable[M | None]], as_type: Callable[[M], T]) -> T | None:
    """A query of one row in the caller's scope: ``read`` it in a reader session and answer it as
    its GraphQL type, or null (unknown, or not the caller's to read)."""
    async with info.context.reader() as session:
        row = await read(session)
    return None if row is None else as_type(row)


async def run_mutation(info: Info, work: Callable[[AsyncSession], Awaitable[T]]) -> tuple[T | None, list[FieldError]]:
    """Run one mutation field as its own transaction (``backend.db.session.transaction``).

    Committed when ``work`` returns: the payload then says it is stored (no errors). A
    ``DomainError`` rolls it back (nothing half-written) and comes back as payload errors;
    anything else rolls it back and becomes this field's top-level error. Either way the other
    mutation fields of the request keep their own outcome. Reads after it (the payload's fields,
    later fields) see what it committed (``Context.wrote``); ``work`` may prime the payload's
    loaders in its transaction (``Context.answer_loaders``), kept only once it committed.
    """
    ctx = info.context
    committed = False
    try:
        async with transaction(ctx.services.db.sessions) as session:
            done = await work(session)
        committed = True
    except DomainError as exc:
        return None, exc.errors
    finally:
        ctx.wrote(committed)
    if ctx.services.replicas is not None:  # the caller's next requests read their write too
        await ctx.services.replicas.wrote(ctx.principal)
    return done, []


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


def seal_cursor(info: Info, purpose: str, values: list[Any]) -> str:
    """An opaque page cursor: the keyset values (a customer's name, say) encrypted with the field
    key and bound to the purpose and the caller, so a cursor reveals nothing and works only for
    the one who got it."""
    blob = info.context.services.cipher.encrypt(json.dumps(values, ensure_ascii=False), context=_cursor_context(info, purpose))
    return base64.urlsafe_b64encode(blob).decode().rstrip("=")


def open_cursor(info: Info, purpose: str, cursor: str | None, field: str = "after") -> list[Any] | None:
    if not cursor:
        return None
    try:
        blob = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(info.context.services.cipher.decrypt(blob, context=_cursor_context(info, purpose)))
    except (ValueError, binascii.Error, IndexError, DecryptionError, UnicodeDecodeError):
        raise BadInput(field, "not a cursor returned by this API to you") from None
    if not isinstance(values, list):
        raise BadInput(field, "not a cursor returned by this API to you")
    return values


def open_id_cursor(info: Info, purpose: str, cursor: str | None) -> int | None:
    """The id in a sealed cursor of a list paged on its id (``sealed_connection``)."""
    values = open_cursor(info, purpose, cursor)
    if values is None:
        return None
    if len(values) != 1 or type(values[0]) is not int:
        raise BadInput("after", "not a cursor returned by this API to you")
    return values[0]


def sealed_connection(
    info: Info, purpose: str, rows: Sequence[R], first: int, key: Callable[[R], list[Any]], node: Callable[[R], T]
) -> Connection[T]:
    """A page from ``first + 1`` fetched rows, each row's cursor its ``key`` sealed (``seal_cursor``):
    bound to the list, its order and the caller, so another order's cursor is refused
    (``BAD_USER_INPUT``)."""
    edges = [Edge(cursor=seal_cursor(info, purpose, key(r)), node=node(r)) for r in rows[:first]]
    return Connection(edges=edges, page_info=PageInfo(has_next_page=len(rows) > first, end_cursor=edges[-1].cursor if edges else None))


def _cursor_context(info: Info, purpose: str) -> str:
    viewer = info.context.viewer
    return f"cursor:{purpose}:{viewer.user_id or viewer.client_id}"
