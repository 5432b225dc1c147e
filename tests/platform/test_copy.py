"""Frames go into tables by binary COPY (``backend.db.copy``) and come back out unchanged."""

import uuid
from datetime import date

import polars as pl
import pytest
from sqlalchemy import BigInteger, Boolean, Column, Date, Integer, LargeBinary, MetaData, String, Table, Uuid, text
from sqlalchemy.dialects.postgresql import JSONB

from backend.db import copy

TABLE = Table(
    "copy_probe", MetaData(),
    Column("n", BigInteger), Column("small", Integer), Column("day", Date), Column("id", Uuid), Column("raw", LargeBinary),
    Column("doc", JSONB), Column("flag", Boolean), Column("name", String(16)),
)  # fmt: skip


async def test_a_frame_goes_in_by_binary_copy_in_chunks_and_comes_back_the_same(services, monkeypatch):
    monkeypatch.setattr(copy, "CHUNK_ROWS", 2)  # several COPY batches
    ids = [uuid.uuid4() for _ in range(5)]
    frame = pl.DataFrame(
        {
            "n": [1, 2**40, None, -5, 0],
            "small": [1, 2, 3, None, 5],
            "day": [date(2026, 11, 30), None, date(2000, 1, 1), date(1970, 1, 1), date(2099, 12, 31)],
            "id": [str(i) for i in ids],
            "raw": [b"\x00\xff", b"", None, b"abc", b"\x01"],
            "doc": ['["POS", "PAYROLL"]', "[]", '{"a": 1}', None, '"中文"'],
            "flag": [True, False, None, True, False],
            "name": ["张三", "", None, "x", "李四"],
        },
        schema_overrides={"raw": pl.Binary},
    )
    async with services.db.sessions() as session:
        raw = (await (await session.connection()).get_raw_connection()).driver_connection
        await raw.execute(
            "CREATE TEMP TABLE copy_probe (n bigint, small integer, day date, id uuid, raw bytea, doc jsonb, flag boolean,"
            " name varchar(16))"
        )
        await copy.copy_frame(raw, "copy_probe", frame, TABLE)
        back = await raw.fetch("SELECT n, small, day, id, raw, doc::text, flag, name FROM copy_probe ORDER BY small NULLS LAST")
        assert [tuple(r) for r in back] == [
            (1, 1, date(2026, 11, 30), ids[0], b"\x00\xff", '["POS", "PAYROLL"]', True, "张三"),
            (2**40, 2, None, ids[1], b"", "[]", False, ""),
            (None, 3, date(2000, 1, 1), ids[2], None, '{"a": 1}', None, None),
            (0, 5, date(2099, 12, 31), ids[4], b"\x01", '"中文"', False, "李四"),
            (-5, None, date(1970, 1, 1), ids[3], b"abc", None, True, "x"),
        ]
        out = await copy.copy_query(raw, "SELECT n, day, name FROM copy_probe WHERE small <= 3 ORDER BY small",
                                    schema={"n": pl.Int64, "day": pl.Date, "name": pl.String})  # fmt: skip
        # An empty string and a null stay apart on the way out too.
        assert out.rows() == [(1, date(2026, 11, 30), "张三"), (2**40, None, ""), (None, date(2000, 1, 1), None)]
        await session.rollback()


def test_a_column_of_the_wrong_kind_is_refused_before_copy():
    with pytest.raises(TypeError, match="day"):
        copy.wire(pl.DataFrame({"day": ["20261130"]}), {"day": Date()})


PARTED = Table(
    "swap_probe", MetaData(),
    Column("bank_id", BigInteger, primary_key=True), Column("n", BigInteger, primary_key=True), Column("day", Date, nullable=False),
    Column("name", String(16)),
)  # fmt: skip


async def test_a_swapped_partition_takes_its_constant_columns_as_defaults_for_the_copy_only(services):
    """The bank and the business date are not sent with every row: the new partition takes them as
    defaults during the COPY, and has none once attached (an insert without them still fails)."""
    async with services.db.sessions() as session:
        await session.execute(text("CREATE TABLE swap_probe (bank_id bigint, n bigint, day date NOT NULL, name varchar(16),"
                                   " PRIMARY KEY (bank_id, n)) PARTITION BY LIST (bank_id)"))  # fmt: skip
        await session.execute(text("CREATE TABLE swap_probe_b7 PARTITION OF swap_probe FOR VALUES IN (7)"))
        await session.execute(text("INSERT INTO swap_probe VALUES (7, 1, DATE '2026-11-29', 'yesterday')"))
        frame = pl.DataFrame({"bank_id": [7, 7], "n": [1, 2], "day": [date(2000, 1, 1)] * 2, "name": ["a", None]})
        await copy.swap_bank_partition(session, PARTED, 7, frame, constants={"day": date(2026, 11, 30)})
        rows = (await session.execute(text("SELECT bank_id, n, day, name FROM swap_probe ORDER BY n"))).all()
        assert [tuple(r) for r in rows] == [(7, 1, date(2026, 11, 30), "a"), (7, 2, date(2026, 11, 30), None)]
        defaults = (await session.execute(text(
            "SELECT count(*) FROM pg_attrdef WHERE adrelid = 'swap_probe_b7'::regclass"
        ))).scalar_one()  # fmt: skip
        assert defaults == 0
        with pytest.raises(ValueError, match="nope is not a column"):
            await copy.swap_bank_partition(session, PARTED, 7, frame, constants={"nope": 1})
        with pytest.raises(TypeError, match="int or a date"):
            await copy.swap_bank_partition(session, PARTED, 7, frame, constants={"name": "x"})
        await session.rollback()
