"""Keyset paging of the lists staff sort (docs/screens.md#sortable-lists): ``keyset_page`` for a
list in (a column, id) order, and ``TimeOrder``, the order of a list sorted by its time alone:
newest or oldest first, ties by id. The audit log, pending changes and warehouse imports page on
their id, which is their time order (each row's time is its insert's ``now()``, so the id's index
serves both directions); the review inbox pages on (submitted_at, id)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func


def keyset_page(stmt: Select, column: Any, id_column: Any, after: tuple[Any, Any] | None, descending: bool) -> Select:
    """``stmt`` in the order (``column``, ``id_column``), from the row after ``after`` (the (value,
    id) position of the last row seen). With ``column`` None the id alone is the order and ``after``
    is an id."""
    if column is None:
        if after is not None:
            stmt = stmt.where(id_column < after if descending else id_column > after)
        return stmt.order_by(id_column.desc() if descending else id_column)
    if after is not None:
        here, past = func.row(column, id_column), func.row(after[0], after[1])
        stmt = stmt.where(here < past if descending else here > past)
    return stmt.order_by(*((column.desc(), id_column.desc()) if descending else (column, id_column)))


class TimeOrder(StrEnum):
    TIME_DESC = "TIME_DESC"  # newest first
    TIME_ASC = "TIME_ASC"  # oldest first

    @property
    def descending(self) -> bool:
        return self is TimeOrder.TIME_DESC
