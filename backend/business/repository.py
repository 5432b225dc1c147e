"""Business-data queries; every read starts from a readable statement (the caller's subtree).

The import path is set-based end to end: the rows come checked and matched from
``backend.business.records`` and go in by one binary COPY per file (the day's snapshot replaces
the bank's rows of the subject); the archives to match against go out by one COPY per delivery;
the per-customer aggregates (``backend.business.aggregates``) replace the bank's by one COPY.
No statement runs per row.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy import Select, func, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.auth.principal import Principal
from backend.business.aggregates import CARRIED, SOURCE_COLUMNS
from backend.business.models import (
    BlacklistEntry,
    BusinessAggregate,
    BusinessMonthly,
    ImportStatus,
    Subject,
    WarehouseImport,
    WarehouseReject,
)
from backend.customers.models import Customer
from backend.db.base import Base
from backend.db.bulk import bulk_insert
from backend.db.copy import copy_frame, copy_query, fixed_width, swap_bank_partition
from backend.db.ordering import keyset_page
from backend.db.prefix import starts_with

_BIDX_BYTES = 32  # HMAC-SHA256
_ID_HEX = "encode(uuid_send({0}), 'hex')"  # an archive id as the hex of its 16 bytes, for a COPY out as CSV


def _select(columns: Mapping[str, pl.DataType]) -> str:
    return ", ".join(_ID_HEX.format(c) if c == "customer_id" else c for c in columns)


TABLES = {
    Subject.DEPOSIT: "deposit_accounts",
    Subject.LOAN: "loan_accounts",
    Subject.WEALTH: "wealth_holdings",
    Subject.SERVICE: "service_signups",
    Subject.BLACKLIST: "blacklist_entries",
}


def readable_imports(principal: Principal) -> Select[tuple[WarehouseImport]]:
    return select(WarehouseImport).where(starts_with(WarehouseImport.org_path, principal.scope_path))


def readable_aggregates(principal: Principal) -> Select[tuple[BusinessAggregate]]:
    """Aggregates of the archives the caller may read (their scope is the archive's)."""
    return (
        select(BusinessAggregate)
        .join(Customer, (Customer.bank_id == BusinessAggregate.bank_id) & (Customer.id == BusinessAggregate.customer_id))
        .where(starts_with(Customer.org_path, principal.scope_path))
        .where(*([Customer.id == principal.customer_id] if principal.kind == "customer" else []))
    )


class WarehouseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- imports ------------------------------------------------------------------------------

    async def lock(self, bank_id: int, subject: Subject, business_date: date) -> None:
        """Serialize imports of one (bank, subject, date) across processes until commit."""
        await self._lock(f"warehouse:{bank_id}:{subject.value}:{business_date.isoformat()}")

    async def lock_aggregates(self, bank_id: int) -> None:
        """Serialize recomputing one bank's aggregates across processes until commit."""
        await self._lock(f"warehouse:{bank_id}:aggregates")

    async def _lock(self, key: str) -> None:
        await self.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": key})

    async def done(self, bank_id: int, subject: Subject, business_date: date) -> WarehouseImport | None:
        stmt = select(WarehouseImport).where(
            WarehouseImport.bank_id == bank_id,
            WarehouseImport.subject == subject,
            WarehouseImport.business_date == business_date,
            WarehouseImport.status == ImportStatus.DONE,
        )
        return (await self.session.scalars(stmt)).one_or_none()

    async def aggregates_as_of(self, bank_id: int) -> date | None:
        stmt = select(func.max(BusinessAggregate.as_of)).where(BusinessAggregate.bank_id == bank_id)
        return (await self.session.execute(stmt)).scalar()

    async def latest_done_date(self, bank_id: int, subject: Subject) -> date | None:
        stmt = select(func.max(WarehouseImport.business_date)).where(
            WarehouseImport.bank_id == bank_id, WarehouseImport.subject == subject, WarehouseImport.status == ImportStatus.DONE
        )
        return (await self.session.execute(stmt)).scalar()

    async def archive_keys(self, bank_id: int) -> pl.DataFrame:
        """(bidx, ecif_no, customer_id: the id's 16 bytes) of every archive of the bank: what the day's rows are
        matched against (no archive is decrypted). The server lays each archive's blind index
        (32 bytes) and id (16) end to end in one value, from an index-only scan of the
        blind-index key, and numpy cuts it apart: a row per archive through COPY cost the
        client a second of CPU per million archives, this a third of that. (One value holds
        up to 1 GB: 22 million archives of a bank.) The archives with an ECIF number come in the
        same pass, as ``<ECIF number>\\x1f<id as hex>`` pairs joined by ``\\x1e`` (a second query
        scanned the bank's archives again: 0.3-0.8 s of server time per million)."""
        blob, ecif_pairs = (
            await self.session.execute(
                text(
                    "SELECT string_agg(id_number_bidx || uuid_send(id), ''::bytea),"
                    f" string_agg(ecif_customer_no || E'\\x1f' || {_ID_HEX.format('id')}, E'\\x1e')"
                    " FILTER (WHERE ecif_customer_no IS NOT NULL)"
                    " FROM customers WHERE bank_id = :bank"
                ),
                {"bank": bank_id},
            )
        ).one()
        rows = np.frombuffer(blob or b"", dtype=np.uint8).reshape(-1, _BIDX_BYTES + 16)
        keys = pl.DataFrame([fixed_width(rows[:, :_BIDX_BYTES]).alias("bidx"), fixed_width(rows[:, _BIDX_BYTES:]).alias("customer_id")])
        if not ecif_pairs:
            return keys.select("bidx", pl.lit(None, pl.String).alias("ecif_no"), "customer_id")
        pair = pl.Series("pair", [ecif_pairs]).str.split("\x1e").explode().str.split_exact("\x1f", 1)
        ecif = pl.DataFrame(pair.struct.unnest()).select(
            pl.col("field_0").alias("ecif_no"), pl.col("field_1").str.decode("hex").alias("customer_id")
        )
        return keys.join(ecif, on="customer_id", how="left").select("bidx", "ecif_no", "customer_id")

    async def replace_snapshot(self, subject: Subject, bank_id: int, business_date: date, rows: pl.DataFrame) -> None:
        """The day's snapshot replaces the bank's partition of the subject's table, in the file's
        transaction (readers see yesterday's rows until it commits)."""
        table = Base.metadata.tables[TABLES[subject]]
        await swap_bank_partition(self.session, table, bank_id, rows, constants={"business_date": business_date})

    async def _raw(self) -> Any:
        return (await (await self.session.connection()).get_raw_connection()).driver_connection

    async def apply_blacklist(self, bank_id: int, business_date: date, import_id: int, rows: pl.DataFrame) -> int:
        """Apply the day's adds, updates and lifts (the file is a list of changes, not a
        snapshot) and keep each as history. Answers the rows applied."""
        await self.session.execute(
            text("CREATE TEMP TABLE wh_matched ON COMMIT DROP AS SELECT * FROM blacklist_entries WITH NO DATA")
        )
        await self.session.execute(text("ALTER TABLE wh_matched ADD COLUMN action text"))
        await copy_frame(await self._raw(), "wh_matched", rows, BlacklistEntry.__table__)  # type: ignore[arg-type]
        result = await self.session.execute(
            text(
                """INSERT INTO blacklist_entries AS b (bank_id, entry_no, id_bidx, ecif_no, customer_id, business_date,
                                                  source, reason_code, effective_on, expires_on, lifted_on)
                SELECT :bank, entry_no, id_bidx, ecif_no, customer_id, CAST(:date AS date), source, reason_code, effective_on,
                       expires_on, CASE WHEN action = 'LIFT' THEN CAST(:date AS date) END
                FROM wh_matched
                ON CONFLICT (bank_id, entry_no) DO UPDATE SET
                  id_bidx = excluded.id_bidx, ecif_no = excluded.ecif_no, customer_id = excluded.customer_id,
                  business_date = excluded.business_date, source = excluded.source, reason_code = excluded.reason_code,
                  effective_on = excluded.effective_on, expires_on = excluded.expires_on, lifted_on = excluded.lifted_on
                WHERE b.business_date <= excluded.business_date"""
            ),
            {"bank": bank_id, "date": business_date},
        )
        await self.session.execute(
            text(
                """INSERT INTO blacklist_changes (bank_id, entry_no, action, business_date, import_id, detail)
                SELECT :bank, entry_no, action, CAST(:date AS date), :import,
                       jsonb_build_object('source', source, 'reasonCode', reason_code,
                                          'effectiveOn', effective_on, 'expiresOn', expires_on)
                FROM wh_matched"""
            ),
            {"bank": bank_id, "date": business_date, "import": import_id},
        )
        return result.rowcount

    async def add_rejects(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            await bulk_insert(self.session, WarehouseReject.__table__, rows)  # type: ignore[arg-type]

    async def subject_rows(self, subject: Subject, bank_id: int) -> pl.DataFrame:
        """The bank's rows of a subject that belong to an archive, in the columns the aggregates
        read (``aggregates.SOURCE_COLUMNS``), by one COPY."""
        columns = SOURCE_COLUMNS[subject]
        query = f"SELECT {_select(columns)} FROM {TABLES[subject]} WHERE bank_id = $1 AND customer_id IS NOT NULL"
        return await self._keyed(query, bank_id, columns)

    async def close_month(self, bank_id: int, business_date: date) -> None:
        """A delivery in a new month first closes the last one: the aggregates' final figures of
        that month become its row of the trend (once a month; the current month is read from
        the aggregates)."""
        await self.session.execute(
            text(
                """INSERT INTO business_monthly AS m (bank_id, customer_id, month, as_of, deposit_balance, loan_balance, wealth_balance)
                SELECT bank_id, customer_id, CAST(date_trunc('month', as_of) AS date), as_of,
                       deposit_balance, loan_balance, wealth_balance
                FROM business_aggregates WHERE bank_id = :bank AND as_of < date_trunc('month', CAST(:date AS date))
                ON CONFLICT (bank_id, customer_id, month) DO UPDATE SET
                  as_of = excluded.as_of, deposit_balance = excluded.deposit_balance,
                  loan_balance = excluded.loan_balance, wealth_balance = excluded.wealth_balance
                WHERE m.as_of <= excluded.as_of"""
            ),
            {"bank": bank_id, "date": business_date},
        )

    async def carried_aggregates(self, bank_id: int) -> pl.DataFrame:
        """What carries over from the bank's aggregates into the next (``aggregates.CARRIED``)."""
        query = f"SELECT {_select(CARRIED)} FROM business_aggregates WHERE bank_id = $1"
        return await self._keyed(query, bank_id, CARRIED)

    async def _keyed(self, query: str, bank_id: int, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
        """``copy_query`` of a query whose ``customer_id`` is selected as ``_ID_HEX``: the frame
        holds the archive id as its 16 bytes, as every frame of the import does."""
        text_schema = {name: pl.String() if name == "customer_id" else dtype for name, dtype in schema.items()}
        frame = await copy_query(await self._raw(), query, bank_id, schema=text_schema)
        return frame.with_columns(pl.col("customer_id").str.decode("hex"))

    async def replace_aggregates(self, bank_id: int, business_date: date, frame: pl.DataFrame) -> None:
        """The bank's aggregates become ``frame`` (as of ``business_date``): its partition swapped in whole."""
        table = BusinessAggregate.__table__
        await swap_bank_partition(self.session, table, bank_id, frame, constants={"as_of": business_date})  # type: ignore[arg-type]

    # -- reads ----------------------------------------------------------------------------------

    async def imports(self, principal: Principal, *, after_id: int | None, limit: int, descending: bool = True) -> list[WarehouseImport]:
        """Newest first (``descending``) or oldest first, keyset-paged by id (the order the imports
        started: each one's ``started_at`` is its insert's time)."""
        stmt = readable_imports(principal)
        return list(await self.session.scalars(keyset_page(stmt, None, WarehouseImport.id, after_id, descending).limit(limit)))

    async def aggregates(
        self, principal: Principal, keys: Sequence[tuple[int, uuid.UUID]]
    ) -> dict[tuple[int, uuid.UUID], BusinessAggregate]:
        stmt = readable_aggregates(principal).where(
            tuple_(BusinessAggregate.bank_id, BusinessAggregate.customer_id).in_(list(keys))
        )
        return {(a.bank_id, a.customer_id): a for a in (await self.session.scalars(stmt)).all()}

    async def rejects(self, principal: Principal, import_ids: Sequence[int], *, limit: int) -> dict[int, list[WarehouseReject]]:
        """The first ``limit`` quarantined rows of each readable import, in one statement."""
        readable = readable_imports(principal).where(WarehouseImport.id.in_(list(import_ids))).with_only_columns(WarehouseImport.id)
        nth = func.row_number().over(partition_by=WarehouseReject.import_id, order_by=WarehouseReject.line_no).label("nth")
        ranked = select(WarehouseReject, nth).where(WarehouseReject.import_id.in_(readable)).subquery()
        row = aliased(WarehouseReject, ranked)
        stmt = select(row).where(ranked.c.nth <= limit).order_by(ranked.c.import_id, ranked.c.line_no)
        found: dict[int, list[WarehouseReject]] = {}
        for reject in (await self.session.scalars(stmt)).all():
            found.setdefault(reject.import_id, []).append(reject)
        return found

    async def closed_months(
        self, principal: Principal, bank_id: int, customer_id: uuid.UUID, before: date, months: int
    ) -> list[BusinessMonthly]:
        """The last ``months`` closed months of an archive before ``before``, newest first."""
        stmt = _of_readable_archive(BusinessMonthly, principal, bank_id, customer_id).where(BusinessMonthly.month < before)
        return list((await self.session.scalars(stmt.order_by(BusinessMonthly.month.desc()).limit(months))).all())


def _of_readable_archive(model: Any, principal: Principal, bank_id: int, customer_id: uuid.UUID) -> Select[Any]:
    """Rows of ``model`` belonging to one archive, if the caller may read the archive."""
    archive = (Customer.bank_id == model.bank_id) & (Customer.id == model.customer_id)
    return (
        select(model)
        .join(Customer, archive)
        .where(
            starts_with(Customer.org_path, principal.scope_path),
            model.bank_id == bank_id,
            model.customer_id == customer_id,
        )
    )
