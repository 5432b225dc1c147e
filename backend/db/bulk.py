"""Set-based inserts: many rows in one statement per chunk, through PostgreSQL arrays."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

BULK_CHUNK = 10_000


def _array_type(column) -> str:
    return re.sub(r' COLLATE "[^"]+"', "", column.type.compile(dialect=postgresql.dialect())) + "[]"


def _bulk_value(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


async def bulk_insert(session: AsyncSession, table: Table, rows: list[dict[str, Any]], *, suffix: str = "") -> list[Any]:
    """``INSERT INTO t (cols) SELECT * FROM unnest($1::type[], ...) <suffix>``: one statement per
    ``BULK_CHUNK`` rows with one array parameter per column, whatever the number of rows (no
    per-row statements, no bind-parameter limit). Returns what ``suffix``'s RETURNING returns."""
    if not rows:
        return []
    names = list(rows[0])
    arrays = ", ".join(f"CAST(:{name} AS {_array_type(table.c[name])})" for name in names)
    sql = text(f"INSERT INTO {table.name} ({', '.join(names)}) SELECT * FROM unnest({arrays}) {suffix}")
    returned: list[Any] = []
    for start in range(0, len(rows), BULK_CHUNK):
        chunk = rows[start : start + BULK_CHUNK]
        result = await session.execute(sql, {name: [_bulk_value(r[name]) for r in chunk] for name in names})
        if "RETURNING" in suffix:
            returned.extend(result.scalars())
    return returned
