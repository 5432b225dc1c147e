"""Where the warehouse's deliveries come from: a folder of feed files (the default), or the
warehouse's own database through a read-only engine (``CIC_WAREHOUSE_DATABASE_URL``).

Both answer the same ``FeedFile`` (record lines in the feed format), so everything after it,
checks, matching, the snapshot COPY, aggregates, is one import path.

The database contract (docs/business-data.md, "Warehouse database"): a table per subject,
``cic_feed_deposit``, ``cic_feed_loan``, ``cic_feed_wealth``, ``cic_feed_service`` and
``cic_feed_blacklist``, with ``bank_code``, ``business_date`` and one column per field of the
subject's layout (same names, typed: dates as ``date``, amounts as ``numeric`` yuan, counts as
integers); and ``cic_feed_ready (bank_code, business_date, subject, record_count)``, the flag:
a row is written once the subject's rows for that date are complete, with how many there are.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.business.feed import LAYOUTS, FeedFile, file_name, read_feed
from backend.business.models import Subject
from backend.errors import field_error


class FeedSource(Protocol):
    kind: str

    def name(self, bank_code: str, subject: Subject, business_date: date) -> str:
        """What an import record names as read: the file, or the warehouse table."""
        ...

    async def dates(self, since: date) -> list[date]:
        """Business dates from ``since`` on with a complete delivery of some bank, oldest first."""
        ...

    async def banks(self, business_date: date) -> list[str]:
        """Bank codes whose delivery for the date is complete."""
        ...

    async def feed(self, bank_code: str, subject: Subject, business_date: date) -> FeedFile | None:
        """The subject's delivery, checked as a whole (a ``DomainError`` when refused); None
        when the delivery has no such subject."""
        ...


_FLAG = re.compile(r"^([A-Za-z0-9_-]{1,32})_(\d{8})\.ok$")


def delivered_dates(directory: Path, *, since: date) -> list[date]:
    """Business dates from ``since`` on with at least one flag file in the folder, oldest first."""
    days = set()
    for p in directory.glob("*.ok"):
        if (m := _FLAG.match(p.name)) is not None:
            try:
                day = datetime.strptime(m.group(2), "%Y%m%d").date()
            except ValueError:
                continue
            if day >= since:
                days.add(day)
    return sorted(days)


def delivered_banks(directory: Path, business_date: date) -> list[str]:
    """Bank codes whose flag file for the date is in the folder (the delivery is complete)."""
    day = f"{business_date:%Y%m%d}"
    return sorted(m.group(1) for p in directory.glob(f"*_{day}.ok") if (m := _FLAG.match(p.name)) and m.group(2) == day)


class FileSource:
    kind = "FILE"

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def name(self, bank_code: str, subject: Subject, business_date: date) -> str:
        return file_name(bank_code, subject, business_date)

    async def dates(self, since: date) -> list[date]:
        return delivered_dates(self.directory, since=since)

    async def banks(self, business_date: date) -> list[str]:
        return delivered_banks(self.directory, business_date)

    async def feed(self, bank_code: str, subject: Subject, business_date: date) -> FeedFile | None:
        path = self.directory / file_name(bank_code, subject, business_date)
        if not path.exists():
            return None
        # Reading and hashing a file runs in a thread: another file's COPY goes on meanwhile.
        feed = await asyncio.to_thread(read_feed, path, expect_subject=subject, expect_date=business_date)
        if feed.bank_code != bank_code:
            raise field_error("file", "BANK_MISMATCH", "文件头的机构代码与文件名不一致", "the header's bank code differs from the file name")
        return feed


_SQL_TYPES = {"DATE": "date", "AMOUNT": "numeric(15, 2)", "INT": "integer"}


def contract_ddl() -> list[str]:
    """The warehouse database's tables as CIC reads them (for the warehouse team, the tests and
    a development warehouse): one table per subject, and the ready flags."""
    statements = [
        "CREATE TABLE cic_feed_ready (bank_code text NOT NULL, business_date date NOT NULL, subject text NOT NULL, "
        "record_count integer NOT NULL, PRIMARY KEY (bank_code, business_date, subject))"
    ]
    for subject, layout in LAYOUTS.items():
        columns = ", ".join(f"{c.name} {_SQL_TYPES.get(c.kind, 'text')}" for c in layout)
        statements.append(
            f"CREATE TABLE cic_feed_{subject.value.lower()} (bank_code text NOT NULL, business_date date NOT NULL, {columns})"
        )
    return statements


def _text(column) -> str:
    name = column.name
    if column.kind == "DATE":
        return f"coalesce(to_char({name}, 'YYYYMMDD'), '')"
    if column.kind == "AMOUNT":
        return f"coalesce(to_char({name}, 'FM9999999999990.00'), '')"
    return f"coalesce({name}::text, '')"


class DatabaseSource:
    kind = "DATABASE"

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    def name(self, bank_code: str, subject: Subject, business_date: date) -> str:
        return f"cic_feed_{subject.value.lower()}"

    async def dates(self, since: date) -> list[date]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT DISTINCT business_date FROM cic_feed_ready WHERE business_date >= :s ORDER BY 1"), {"s": since}
            )
            return [r[0] for r in rows]

    async def banks(self, business_date: date) -> list[str]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT DISTINCT bank_code FROM cic_feed_ready WHERE business_date = :d ORDER BY 1"), {"d": business_date}
            )
            return [r[0] for r in rows]

    async def feed(self, bank_code: str, subject: Subject, business_date: date) -> FeedFile | None:
        table = self.name(bank_code, subject, business_date)
        params = {"b": bank_code, "d": business_date, "s": subject.value}
        async with self.engine.connect() as conn:
            declared = (
                await conn.execute(
                    text("SELECT record_count FROM cic_feed_ready WHERE bank_code = :b AND business_date = :d AND subject = :s"),
                    params,
                )
            ).scalar()
            if declared is None:
                return None
            layout = LAYOUTS[subject]
            line = " || '|' || ".join(_text(c) for c in layout)
            result = await conn.stream(
                text(f"SELECT {line} FROM {table} WHERE bank_code = :b AND business_date = :d ORDER BY {layout[0].name}"), params
            )
            body = b"".join([(row[0] + "\n").encode("utf-8") async for row in result])
        count = body.count(b"\n")
        if count != declared:
            raise field_error(
                "file", "TRAILER_COUNT_MISMATCH", f"仓库声明 {declared} 条记录，实有 {count} 条",
                f"the warehouse declared {declared} records, {count} are there",
            )  # fmt: skip
        digest = hashlib.sha256(body).hexdigest()
        return FeedFile(table, subject, bank_code, business_date, "UTF-8", count, digest, memoryview(body), source="DATABASE")
