"""Shared GraphQL types: payload errors and keyset-paged connections; building a type from a model."""

from __future__ import annotations

import base64
import dataclasses
import functools
import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import strawberry
import structlog

from backend.db import ordering
from backend.errors import COMMON_CODES, FieldError

if TYPE_CHECKING:
    from resolvers.dataloaders import SharedLoader

log = structlog.get_logger(__name__)

T = TypeVar("T")


NOT_HELD = object()  # ``held``'s answer when the loader must still fetch the key


def held(loader: SharedLoader, key: Any) -> Any:
    """The loader's value for ``key`` when it already holds it (a list page primed it), else
    ``NOT_HELD``. A resolver that answers from it at once costs graphql-core no awaitable (no task,
    no gather) per row."""
    future = loader.cache_map.get(key) if loader.cache else None
    if future is not None and future.done() and not future.cancelled() and future.exception() is None:
        return future.result()
    return NOT_HELD


def loaded(loader: SharedLoader, key: Any, convert: Callable[[Any], Any], missing: Any = None) -> Any:
    """``convert`` of the loader's row for ``key`` (``missing`` where there is none): at once when
    the loader already holds it (``held``), else an awaitable. graphql-core awaits what a resolver
    returns only when it is awaitable, so a primed page's twenty rows cost no task each."""
    row = held(loader, key)
    if row is not NOT_HELD:
        if row is None:
            return missing
        # A page's twenty rows mostly share one manager and one branch: each row converted once
        # per request (the loader lives for one request), as long as the loader holds that row.
        kept = loader.conversions.get((convert, key))
        if kept is None or kept[0] is not row:
            kept = loader.conversions[(convert, key)] = (row, convert(row))
        return kept[1]

    async def later() -> Any:
        row = await loader.load(key)
        return convert(row) if row is not None else missing

    return later()


@functools.cache
def _init_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)  # type: ignore[arg-type]


def from_attributes(cls: type[T], source: Any, *, partial: bool = False, **given: Any) -> T:
    """An instance of the Strawberry type ``cls`` whose fields are ``given`` or, for the others,
    ``source``'s attribute of the same name (a model's column, a service dataclass's field): a
    ``from_model`` says only what it converts (ids, enums, derived values). ``partial``: ``source``
    holds only the columns the fields asked of it read (``columns_read``), the others are None."""
    names = _init_names(cls)
    if unknown := set(given) - set(names):
        raise TypeError(f"{cls.__name__} has no fields {sorted(unknown)}")
    missing = (None,) if partial else ()
    return cls(**{name: given[name] if name in given else getattr(source, name, *missing) for name in names})


def columns_read(read: dict[str, frozenset[str]], fields: Iterable[str]) -> frozenset[str] | None:
    """The columns of a type's row that the ``fields`` asked of it read, by ``read`` (GraphQL field
    -> the columns its value comes from); None (every column) when one of them is not listed there:
    a field added later reads the whole row until it is listed."""
    try:
        return frozenset().union(*(read[f] for f in fields))
    except KeyError:
        return None


@strawberry.interface(
    description="An error the caller can fix: which input field, a message, and (on each domain's error type) "
    "a stable code from that domain's enum, e.g. `ArchiveError.code: ArchiveErrorCode!`."
)
class UserError:
    field: str | None = strawberry.field(description="Input path, e.g. `phone` or `familyMembers[2].idNumber`.")
    message: str = strawberry.field(description="Message for the UI, in Chinese.")
    message_en: str = strawberry.field(description="The same message in English.")

    CODES: ClassVar[type[StrEnum]]

    @classmethod
    def from_domain(cls, error: FieldError) -> UserError:
        return cls(field=error.field, code=cls.code_of(error.code), message=error.message, message_en=error.message_en)  # type: ignore[call-arg]

    @classmethod
    def of(cls, errors: Iterable[FieldError]) -> list[UserError]:
        return [cls.from_domain(e) for e in errors]

    @classmethod
    def code_of(cls, code: str) -> StrEnum:
        member = cls.CODES.__members__.get(code)
        if member is None:  # tests/platform/test_error_codes.py keeps this from happening
            log.error("error_code_unlisted", code=code, error_type=cls.__name__)
            return cls.CODES["INVALID"]
        return member


def error_codes(name: str, *code_sets: Iterable[str], description: str, common: bool = True) -> type[StrEnum]:
    """The SDL enum ``name``: the codes of ``code_sets`` and (unless ``common=False``) those shared
    by every domain."""
    codes = sorted((COMMON_CODES if common else frozenset()).union(*code_sets))
    enum = StrEnum(name, {code: code for code in codes}, module=sys._getframe(1).f_globals["__name__"])  # type: ignore[misc]
    return strawberry.enum(enum, description=description)  # type: ignore[return-value]


def error_type(name: str, codes: type[StrEnum], *, description: str) -> type[UserError]:
    """A domain's error type: ``UserError`` with ``code: <codes>!`` (e.g. ``ArchiveError``)."""
    namespace = {
        "__annotations__": {"code": codes},
        "__module__": sys._getframe(1).f_globals["__name__"],
        "__doc__": description,
        "CODES": codes,
        "code": strawberry.field(description="Stable English code; the UI shows the message, not the code."),
    }
    return strawberry.type(type(name, (UserError,), namespace), description=description)


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


TimeOrder = strawberry.enum(
    ordering.TimeOrder,
    description="The order of a list sorted by its time: TIME_DESC newest first, TIME_ASC oldest first (ties by id).",
)


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
