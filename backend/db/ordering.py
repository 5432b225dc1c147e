"""The order of a paged list sorted by its time column alone (issue 18, docs/screens.md#sortable-lists):
newest or oldest first, ties by id. The audit log, pending changes and warehouse imports page on
their id, which is their time order (each row's time is its insert's ``now()``, so the id's index
serves both directions); the review inbox pages on (submitted_at, id)."""

from __future__ import annotations

from enum import StrEnum


class TimeOrder(StrEnum):
    TIME_DESC = "TIME_DESC"  # newest first
    TIME_ASC = "TIME_ASC"  # oldest first

    @property
    def descending(self) -> bool:
        return self is TimeOrder.TIME_DESC
