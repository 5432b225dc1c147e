"""Business-data queries; every read starts from a readable statement (the caller's subtree).

The import path is set-based end to end: the rows come checked and matched from
``backend.business.records`` and go in by one COPY per file (the day's snapshot replaces the
bank's rows of the subject); the archives to match against go out by one COPY per delivery; the
per-customer aggregates are recomputed for the bank with ``INSERT ... SELECT``. No statement
runs per row.
"""

from __future__ import annotations

import asyncio
import io
import json
import uuid
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import Select, func, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.auth.principal import Principal
from backend.business.feed import LAYOUTS
from backend.business.models import (
    BusinessAggregate,
    BusinessMonthly,
    ImportStatus,
    Subject,
    WarehouseImport,
    WarehouseReject,
)
from backend.business.records import Rows
from backend.customers.models import Customer
from backend.db.bulk import bulk_insert

TABLES = {
    Subject.DEPOSIT: "deposit_accounts",
    Subject.LOAN: "loan_accounts",
    Subject.WEALTH: "wealth_holdings",
    Subject.SERVICE: "service_signups",
    Subject.BLACKLIST: "blacklist_entries",
}
AGGREGATE_WORK_MEM = "256MB"


async def _stream(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    """Chunks made in a thread as COPY asks for them (the event loop stays free)."""
    it = iter(chunks)
    while (chunk := await asyncio.to_thread(next, it, None)) is not None:
        yield chunk


def readable_imports(principal: Principal) -> Select[tuple[WarehouseImport]]:
    return select(WarehouseImport).where(WarehouseImport.org_path.startswith(principal.scope_path, autoescape=True))


def readable_aggregates(principal: Principal) -> Select[tuple[BusinessAggregate]]:
    """Aggregates of the archives the caller may read (their scope is the archive's)."""
    return (
        select(BusinessAggregate)
        .join(Customer, (Customer.bank_id == BusinessAggregate.bank_id) & (Customer.id == BusinessAggregate.customer_id))
        .where(Customer.org_path.startswith(principal.scope_path, autoescape=True))
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
        """(bidx, ecif_no, customer_id) of every archive of the bank, read by one COPY (an
        index-only scan of the blind-index key): what the day's rows are matched against (no
        archive is decrypted)."""
        out = io.BytesIO()
        await (await self._raw()).copy_from_query(
            "SELECT encode(id_number_bidx, 'hex'), ecif_customer_no, id FROM customers WHERE bank_id = $1",
            bank_id, output=out, format="csv",
        )  # fmt: skip
        out.seek(0)
        keys = pl.read_csv(
            out, has_header=False, schema={"bidx": pl.String, "ecif_no": pl.String, "customer_id": pl.String}
        )
        return keys.with_columns(pl.col("bidx").str.decode("hex"))

    async def replace_snapshot(self, subject: Subject, bank_id: int, rows: Rows) -> None:
        """The day's snapshot replaces the bank's rows of the subject: a delete and one COPY in the
        file's transaction (readers see yesterday's rows until it commits)."""
        table = TABLES[subject]
        await self.session.execute(text(f"DELETE FROM {table} WHERE bank_id = :bank"), {"bank": bank_id})
        await self._copy(table, rows)

    async def _copy(self, table: str, rows: Rows) -> None:
        await (await self._raw()).copy_to_table(table, source=_stream(rows.csv_chunks()), columns=rows.columns, format="csv")

    async def _raw(self) -> Any:
        return (await (await self.session.connection()).get_raw_connection()).driver_connection

    async def apply_blacklist(self, bank_id: int, business_date: date, import_id: int, rows: Rows) -> int:
        """Apply the day's adds, updates and lifts (the file is a list of changes, not a
        snapshot) and keep each as history. Answers the rows applied."""
        await self.session.execute(
            text("CREATE TEMP TABLE wh_matched ON COMMIT DROP AS SELECT * FROM blacklist_entries WITH NO DATA")
        )
        await self.session.execute(text("ALTER TABLE wh_matched ADD COLUMN action text"))
        await self._copy("wh_matched", rows)
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

    async def recompute_aggregates(self, bank_id: int, business_date: date) -> None:
        """Every aggregate of the bank's customers from the snapshots, in one statement
        (docs/business-data.md, "Aggregates")."""
        params = {"bank": bank_id, "date": business_date}
        # One hash table of the bank's customers in memory (about 150 bytes each) rather than
        # batches spilled to disk: the transaction's own setting, gone at commit.
        await self.session.execute(text(f"SET LOCAL work_mem = '{AGGREGATE_WORK_MEM}'"))
        # Each signed service is a bit: the set of services per customer is a bit_or, hashable
        # (a DISTINCT aggregate would sort every row), turned back into its names (in their
        # order) and its size by looking the set up in constant arrays, not per row.
        services = sorted(next(c for c in LAYOUTS[Subject.SERVICE] if c.name == "service").values)
        service_bit = "CASE service " + " ".join(f"WHEN '{v}' THEN {1 << i}" for i, v in enumerate(services)) + " END"
        sets = range(1 << len(services))
        service_sets = ", ".join("'" + json.dumps([v for i, v in enumerate(services) if m >> i & 1]) + "'" for m in sets)
        set_sizes = ", ".join(str(m.bit_count()) for m in sets)
        # Whole months from the first account to the date (what age() counts, without it).
        months = (
            "(date_part('year', CAST(:date AS date)) * 12 + date_part('month', CAST(:date AS date))"
            " - date_part('year', p.since) * 12 - date_part('month', p.since)"
            " - CASE WHEN date_part('day', CAST(:date AS date)) < date_part('day', p.since) THEN 1 ELSE 0 END)::int"
        )
        # A delivery in a new month first closes the last one: its final figures become the
        # month's row of the trend (once a month; the current month is read from the aggregates).
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
            params,
        )
        await self.session.execute(
            text(
                f"""
                WITH old AS (  -- the bank's aggregates are replaced; what must carry over is read as they go
                  DELETE FROM business_aggregates WHERE bank_id = :bank
                  RETURNING customer_id, max_overdue_days, customer_since, months_as_customer),
                facts AS (
                  SELECT customer_id, balance AS deposit, avg_balance_90d AS deposit_90d, 1 AS deposits, opened_on AS since,
                         NULL::bigint AS loan, 0 AS loans, NULL::int AS overdue, NULL::int AS class_rank,
                         NULL::bigint AS wealth, 0 AS holdings, 0 AS signed, 0 AS active, false AS black
                  FROM deposit_accounts WHERE bank_id = :bank AND customer_id IS NOT NULL
                  UNION ALL
                  SELECT customer_id, NULL, NULL, 0, opened_on, balance, (balance > 0)::int, overdue_days,
                         CASE classification WHEN 'NORMAL' THEN 1 WHEN 'SPECIAL_MENTION' THEN 2 WHEN 'SUBSTANDARD' THEN 3
                           WHEN 'DOUBTFUL' THEN 4 WHEN 'LOSS' THEN 5 END, NULL, 0, 0, 0, false
                  FROM loan_accounts WHERE bank_id = :bank AND customer_id IS NOT NULL
                  UNION ALL
                  SELECT customer_id, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, amount, 1, 0, 0, false
                  FROM wealth_holdings WHERE bank_id = :bank AND customer_id IS NOT NULL
                  UNION ALL
                  SELECT customer_id, NULL, NULL, 0, signed_on, NULL, 0, NULL, NULL, NULL, 0, {service_bit},
                         CASE WHEN last_active_on > CAST(:date AS date) - 30 THEN {service_bit} ELSE 0 END, false
                  FROM service_signups WHERE bank_id = :bank AND customer_id IS NOT NULL
                  UNION ALL
                  SELECT customer_id, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, 0, true
                  FROM blacklist_entries
                  WHERE bank_id = :bank AND customer_id IS NOT NULL AND lifted_on IS NULL
                    AND effective_on <= CAST(:date AS date) AND (expires_on IS NULL OR expires_on >= CAST(:date AS date))),
                per_customer AS (  -- one hash aggregate over every fact, no join
                  SELECT customer_id, coalesce(sum(deposit), 0) AS deposit_balance, coalesce(sum(deposit_90d), 0) AS deposit_avg_90d,
                         sum(deposits) AS deposit_accounts, coalesce(sum(loan), 0) AS loan_balance, sum(loans) AS loan_count,
                         coalesce(max(overdue), 0) AS overdue_days, max(class_rank) AS class_rank,
                         coalesce(sum(wealth), 0) AS wealth_balance, sum(holdings) AS wealth_count, min(since) AS since,
                         bit_or(signed) AS signed, bit_or(active) AS active, bool_or(black) AS blacklisted
                  FROM facts GROUP BY customer_id)
                INSERT INTO business_aggregates (
                  bank_id, customer_id, as_of, deposit_balance, deposit_avg_90d, deposit_accounts, loan_balance, loan_count,
                  overdue_days, max_overdue_days, worst_class, wealth_balance, wealth_count, customer_since,
                  months_as_customer, services, active_services_30d, blacklisted)
                -- A customer whose business has all gone keeps a row of zeros (the rating must see
                -- "no business", not an old figure), with the largest overdue ever seen.
                SELECT :bank, customer_id, CAST(:date AS date), coalesce(p.deposit_balance, 0), coalesce(p.deposit_avg_90d, 0),
                       coalesce(p.deposit_accounts, 0), coalesce(p.loan_balance, 0), coalesce(p.loan_count, 0),
                       coalesce(p.overdue_days, 0), greatest(o.max_overdue_days, p.overdue_days, 0),
                       (ARRAY['NORMAL','SPECIAL_MENTION','SUBSTANDARD','DOUBTFUL','LOSS'])[p.class_rank],
                       coalesce(p.wealth_balance, 0), coalesce(p.wealth_count, 0),
                       CASE WHEN p.customer_id IS NULL THEN o.customer_since ELSE p.since END,
                       CASE WHEN p.customer_id IS NULL THEN o.months_as_customer WHEN p.since IS NULL THEN 0
                         ELSE {months} END,
                       coalesce((CAST(ARRAY[{service_sets}] AS jsonb[]))[p.signed + 1], '[]'::jsonb),
                       coalesce((ARRAY[{set_sizes}])[p.active + 1], 0), coalesce(p.blacklisted, false)
                FROM per_customer p FULL JOIN old o USING (customer_id)
                ORDER BY customer_id  -- the key's order: each index page is written once, not at random
                """
            ),
            params,
        )

    # -- reads ----------------------------------------------------------------------------------

    async def imports(self, principal: Principal, *, after_id: int | None, limit: int) -> list[WarehouseImport]:
        stmt = readable_imports(principal)
        if after_id is not None:
            stmt = stmt.where(WarehouseImport.id < after_id)
        return list((await self.session.scalars(stmt.order_by(WarehouseImport.id.desc()).limit(limit))).all())

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
            Customer.org_path.startswith(principal.scope_path, autoescape=True),
            model.bank_id == bank_id,
            model.customer_id == customer_id,
        )
    )
