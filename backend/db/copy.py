"""Frames into tables by binary COPY, and query results out of them by COPY, for set-based work
in polars.

A frame goes in as PostgreSQL's binary COPY format, encoded from Arrow in native code by pgpq:
the server reads integers, dates, UUIDs and byte strings as they are instead of parsing text
(a third less server time than CSV for the warehouse's snapshot rows), and nothing is turned
into text on the way. Each column is cast to the wire type of its target column (``wire``);
a column the frame and the table disagree on is a ``TypeError`` here, not a COPY error later.

A table that a load replaces per bank is partitioned by bank (``LIST (bank_id)``), and the load
swaps a whole partition (``swap_bank_partition``): a fresh table is filled, indexed once, and
attached in place of the old partition in the same transaction. Deleting the bank's rows and
inserting the day's instead leaves a dead duplicate behind every key, which each insert into the
unique index must look up (twice the time of a load into a fresh table), and bloats the table
until vacuum.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
from pgpq import ArrowToPostgresBinaryEncoder
from sqlalchemy import BigInteger, Boolean, Date, Integer, LargeBinary, SmallInteger, String, Table, Uuid, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeEngine

CHUNK_ROWS = 100_000  # rows per COPY message batch: a whole file's wire bytes never exist at once
_JSONB_VERSION = "\x01"  # jsonb's binary input: a version byte, then the JSON text


def _wire(name: str, dtype: pl.DataType, target: TypeEngine[Any]) -> pl.Expr:
    col = pl.col(name)
    if isinstance(target, BigInteger):
        return col.cast(pl.Int64)
    if isinstance(target, SmallInteger):
        return col.cast(pl.Int16)
    if isinstance(target, Integer):
        return col.cast(pl.Int32)
    if isinstance(target, Boolean):
        return col.cast(pl.Boolean)
    if isinstance(target, Uuid):  # 16 bytes; from the text form when the frame holds that
        return col.str.replace_all("-", "", literal=True).str.decode("hex") if dtype == pl.String else col
    if isinstance(target, JSONB):
        return (_JSONB_VERSION + col).cast(pl.Binary)
    if isinstance(target, Date):
        if dtype != pl.Date:
            raise TypeError(f"column {name} goes into a date column and must be a polars Date, not {dtype}")
        return col
    if isinstance(target, LargeBinary):
        return col.cast(pl.Binary)
    if isinstance(target, String):  # text, varchar and the string-backed enums alike
        return col.cast(pl.String)
    raise TypeError(f"column {name}: no binary COPY mapping for {target!r}")


def wire(frame: pl.DataFrame, types: Mapping[str, TypeEngine[Any]]) -> pl.DataFrame:
    """``frame`` with each column as binary COPY sends it to a column of its ``types`` entry
    (a column without one is text)."""
    return frame.select(_wire(name, frame.schema[name], types.get(name, String())).alias(name) for name in frame.columns)


def fixed_width(values: np.ndarray) -> pl.Series:
    """Rows of a (n, width) byte matrix as a binary column (through Arrow's fixed-size binary)."""
    n, width = values.shape
    array = pa.FixedSizeBinaryArray.from_buffers(pa.binary(width), n, [None, pa.py_buffer(np.ascontiguousarray(values))])
    return pl.Series(pl.from_arrow(array)).cast(pl.Binary)


def binary_chunks(frame: pl.DataFrame) -> Iterator[bytes]:
    """The COPY binary stream of a wired frame: header, ``CHUNK_ROWS`` rows at a time, trailer."""
    arrow = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
    encoder = ArrowToPostgresBinaryEncoder(arrow.schema)
    yield bytes(encoder.write_header())
    for batch in arrow.to_batches(max_chunksize=CHUNK_ROWS):
        yield bytes(encoder.write_batch(batch))
    yield bytes(encoder.finish())


async def _in_thread(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """Chunks made in a thread as COPY asks for them (the event loop stays free)."""
    while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
        yield chunk


async def copy_frame(raw: Any, table: str, frame: pl.DataFrame, types: Mapping[str, TypeEngine[Any]] | Table) -> None:
    """COPY ``frame`` into ``table`` (asyncpg connection ``raw``) in binary; ``types`` are the
    target columns' types, or the table whose columns they are."""
    if isinstance(types, Table):
        types = {c.name: c.type for c in types.columns}
    wired = await asyncio.to_thread(wire, frame, types)
    await raw.copy_to_table(table, source=_in_thread(binary_chunks(wired)), columns=wired.columns, format="binary")


async def copy_query(raw: Any, query: str, *args: Any, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """The rows of ``query`` (a SELECT, or a DML statement with RETURNING) as a frame of
    ``schema``, by one COPY out as CSV."""
    out = io.BytesIO()
    await raw.copy_from_query(query, *args, output=out, format="csv")
    out.seek(0)
    return pl.read_csv(out, has_header=False, schema=dict(schema), try_parse_dates=False)


async def ensure_bank_partition(session: AsyncSession, table: Table, bank_id: int) -> None:
    """Give the bank a partition of ``table`` (partitioned by ``LIST (bank_id)``) if it has none
    yet: a row written before the bank's first import (a loan callback's aggregates) needs one.
    Named as ``swap_bank_partition`` names it; concurrent callers wait on one advisory lock."""
    if not isinstance(bank_id, int):
        raise TypeError("bank_id must be an int")  # it is written into DDL
    part = f"{table.name}_b{bank_id}"
    if (await session.execute(text("SELECT to_regclass(:part)"), {"part": part})).scalar_one() is not None:
        return
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:part))"), {"part": part})
    if (await session.execute(text("SELECT to_regclass(:part)"), {"part": part})).scalar_one() is not None:
        return
    # A request acts as the tenant role (backend/db/tenancy.py), which may not create tables: the
    # partition is made as the tables' owner, then the request's role is set again. Both settings
    # are local to the transaction, so a failed statement rolls the role back with it.
    role = (await session.execute(text("SELECT current_setting('role'), set_config('role', 'none', true)"))).scalar_one()
    await session.execute(text(f"CREATE TABLE {part} PARTITION OF {table.name} FOR VALUES IN ({bank_id})"))
    await session.execute(text(f"ALTER INDEX {part}_pkey RENAME TO pk_{part}"))
    await session.execute(text("SELECT set_config('role', :role, true)"), {"role": role})


def _literal(value: Any) -> str:
    """A constant column's value as SQL, for the DDL of a default (ints and dates only)."""
    if isinstance(value, bool | datetime) or not isinstance(value, int | date):
        raise TypeError(f"a constant column's value must be an int or a date, not {value!r}")
    return str(value) if isinstance(value, int) else f"DATE '{value.isoformat()}'"


async def swap_bank_partition(
    session: AsyncSession, table: Table, bank_id: int, frame: pl.DataFrame, *, constants: Mapping[str, Any] | None = None
) -> None:
    """Make ``frame`` the bank's rows of ``table`` (partitioned by ``LIST (bank_id)``), in the
    session's transaction: the rows are COPY'd into a new table, its primary key is built once
    over them and its statistics gathered, then the bank's partition is dropped and the new
    table attached in its place.

    ``bank_id`` and the ``constants`` (a column the frame holds one value of, e.g. the business
    date; ints and dates) are not sent: the new table takes them as column defaults during the
    COPY, which are dropped after it. A column sent costs the server a field to read per row
    and the client one to encode (about a tenth of a snapshot's COPY for these two).

    Readers see the old rows until the commit; from the drop to the commit (the end of the
    caller's transaction: keep it short) they wait for it."""
    if not isinstance(bank_id, int):
        raise TypeError("bank_id must be an int")  # it is written into DDL
    part, staged = f"{table.name}_b{bank_id}", f"{table.name}_b{bank_id}_next"
    key = ", ".join(c.name for c in table.primary_key.columns)
    fixed = {"bank_id": bank_id, **(constants or {})}
    for name in fixed:
        if name not in table.columns or table.columns[name].server_default is not None:
            raise ValueError(f"{name} is not a column of {table.name} without a default")
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    await session.execute(text(f"CREATE TABLE {staged} (LIKE {table.name} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"))
    # The partition constraint, proved by a check: attaching does not scan the rows again.
    await session.execute(text(f"ALTER TABLE {staged} ADD CONSTRAINT {part}_bank CHECK (bank_id = {bank_id})"))
    defaults = ", ".join(f"ALTER {name} SET DEFAULT {_literal(value)}" for name, value in fixed.items())
    await session.execute(text(f"ALTER TABLE {staged} {defaults}"))
    await copy_frame(raw, staged, frame.drop(fixed, strict=False), table)
    await session.execute(text(f"ALTER TABLE {staged} " + ", ".join(f"ALTER {name} DROP DEFAULT" for name in fixed)))
    await session.execute(text(f"ALTER TABLE {staged} ADD CONSTRAINT pk_{staged} PRIMARY KEY ({key})"))
    # Statistics now, not when autovacuum comes by: a fresh table has none, and the planner
    # would take the bank's rows for a few thousand (a sort of all of them per rating chunk).
    await session.execute(text(f"ANALYZE {staged}"))
    for statement in (
        f"DROP TABLE IF EXISTS {part}",
        f"ALTER TABLE {staged} RENAME TO {part}",
        f"ALTER INDEX pk_{staged} RENAME TO pk_{part}",
        f"ALTER TABLE {table.name} ATTACH PARTITION {part} FOR VALUES IN ({bank_id})",
    ):
        await session.execute(text(statement))
