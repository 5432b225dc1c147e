"""Business-data queries; every read starts from a readable statement (the caller's subtree).

The import path is set-based end to end: the record lines go into a temporary staging table by
COPY (in the file's declared encoding), are split and validated in one statement each, matched
to archives through the blind index of the ID number, and upserted into the snapshot table;
the per-customer aggregates are recomputed for the bank with ``INSERT ... SELECT``. No
statement runs per row.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.auth.principal import Principal
from backend.business.feed import LAYOUTS, Column
from backend.business.models import (
    BusinessAggregate,
    BusinessMonthly,
    ImportStatus,
    Subject,
    WarehouseImport,
    WarehouseReject,
)
from backend.customers.models import Customer
from backend.db.bulk import bulk_insert

TABLES = {
    Subject.DEPOSIT: "deposit_accounts",
    Subject.LOAN: "loan_accounts",
    Subject.WEALTH: "wealth_holdings",
    Subject.SERVICE: "service_signups",
    Subject.BLACKLIST: "blacklist_entries",
}
COPY_CHUNK = 1 << 20
# The valid rows with their person's blind index and the archive they match: by ECIF number
# first, else by the blind index (hash joins over the bank's archives, not a lookup per row).
MATCH_JOINS = """wh_valid v JOIN wh_person p ON p.id_number = v.f[2]
    LEFT JOIN (SELECT DISTINCT ON (ecif_customer_no) ecif_customer_no, id FROM customers
               WHERE bank_id = :bank AND ecif_customer_no IS NOT NULL ORDER BY ecif_customer_no, id) ce
      ON ce.ecif_customer_no = nullif(v.f[3], '')
    LEFT JOIN customers cb ON cb.bank_id = :bank AND cb.id_number_bidx = p.bidx"""


def readable_imports(principal: Principal) -> Select[tuple[WarehouseImport]]:
    return select(WarehouseImport).where(WarehouseImport.org_path.startswith(principal.scope_path, autoescape=True))


def readable_aggregates(principal: Principal) -> Select[tuple[BusinessAggregate]]:
    """Aggregates of the archives the caller may read (their scope is the archive's)."""
    return (
        select(BusinessAggregate)
        .join(Customer, (Customer.bank_id == BusinessAggregate.bank_id) & (Customer.id == BusinessAggregate.customer_id))
        .where(Customer.org_path.startswith(principal.scope_path, autoescape=True))
    )


def _check(column: Column, i: int) -> list[tuple[str, str]]:
    """(condition that makes field ``i`` invalid, problem) in the order they are tested."""
    f = f"f[{i}]"
    checks: list[tuple[str, str]] = []
    if column.required:
        checks.append((f"{f} = ''", "REQUIRED"))
    present = f"{f} <> '' AND "
    kind = column.kind
    if kind == "ID":
        checks.append((present + f"NOT ({f} ~ '^[0-9]{{17}}[0-9X]$' AND cic_id_check_ok({f}))", "INVALID_ID"))
    elif kind == "DATE":
        checks.append((present + f"NOT cic_is_date({f})", "INVALID_DATE"))
    elif kind == "AMOUNT":
        checks.append((present + f"{f} !~ '^[0-9]{{1,13}}(\\.[0-9]{{1,2}})?$'", "INVALID_AMOUNT"))
    elif kind == "INT":
        checks.append((present + f"{f} !~ '^[0-9]{{1,9}}$'", "INVALID_INT"))
    elif kind == "CODE":
        allowed = ", ".join(f"'{v}'" for v in column.values)
        checks.append((present + f"{f} NOT IN ({allowed})", "INVALID_CODE"))
    else:  # KEY, ECIF, TEXT
        checks.append((f"length({f}) > {column.max_length}", "TOO_LONG"))
    return checks


def _value(column: Column, i: int) -> str:
    f = f"v.f[{i}]"
    return {
        "DATE": f"to_date(nullif({f}, ''), 'YYYYMMDD')",
        "AMOUNT": f"round(nullif({f}, '')::numeric * 100)::bigint",
        "INT": f"nullif({f}, '')::int",
    }.get(column.kind, f"nullif({f}, '')")


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

    async def stage(self, chunks: AsyncIterator[bytes], encoding: str) -> None:
        """COPY the record lines, one text column each, into a temporary table numbered by line."""
        await self.session.execute(
            text("CREATE TEMP TABLE wh_stage (line_no bigint GENERATED ALWAYS AS IDENTITY, line text) ON COMMIT DROP")
        )
        raw = (await (await self.session.connection()).get_raw_connection()).driver_connection
        # CSV with a delimiter and a quote that never occur in a record: every line is one field,
        # and no character of it is an escape.
        await raw.copy_to_table(
            "wh_stage", source=chunks, columns=["line"], format="csv", delimiter="\x02", quote="\x01", encoding=encoding
        )

    async def validate(self, subject: Subject) -> list[tuple[int, str, str | None]]:
        """Split the staged lines into ``wh_valid`` (line_no, f text[]); answer the rejected lines
        as (line number, problem code, field)."""
        layout = LAYOUTS[subject]
        # OFFSET 0 keeps the split in its subquery: flattened, every f[i] would split the line again.
        cases = [f"WHEN cardinality(f) <> {len(layout)} THEN 'FIELD_COUNT|'"]
        for i, column in enumerate(layout, start=1):
            cases += [f"WHEN {cond} THEN '{problem}|{column.name}'" for cond, problem in _check(column, i)]
        await self.session.execute(
            text(
                f"""CREATE TEMP TABLE wh_checked ON COMMIT DROP AS
                SELECT line_no, f, CASE {' '.join(cases)} END AS problem
                FROM (SELECT line_no, string_to_array(rtrim(line, E'\\r'), '|') AS f FROM wh_stage OFFSET 0) s"""
            )
        )
        # The first line of each key (a hash aggregate over the keys, not a sort of the rows).
        await self.session.execute(
            text(
                """CREATE TEMP TABLE wh_valid ON COMMIT DROP AS
                SELECT c.line_no, c.f FROM wh_checked c
                JOIN (SELECT min(line_no) AS line_no FROM wh_checked WHERE problem IS NULL GROUP BY f[1]) k USING (line_no)"""
            )
        )
        await self.session.execute(text("ANALYZE wh_valid"))  # temporary tables get no statistics otherwise
        rows = await self.session.execute(
            text(
                """SELECT line_no, split_part(problem, '|', 1), nullif(split_part(problem, '|', 2), '')
                FROM wh_checked WHERE problem IS NOT NULL
                UNION ALL
                SELECT c.line_no, 'DUPLICATE_KEY', :key FROM wh_checked c
                WHERE c.problem IS NULL AND NOT EXISTS (SELECT 1 FROM wh_valid v WHERE v.line_no = c.line_no)
                ORDER BY 1"""
            ),
            {"key": layout[0].name},
        )
        return [(int(n), code, field) for n, code, field in rows]

    async def staged_lines(self, line_nos: Sequence[int]) -> dict[int, str]:
        rows = await self.session.execute(
            text("SELECT line_no, line FROM wh_stage WHERE line_no = ANY(:n)"), {"n": list(line_nos)}
        )
        return {int(n): line for n, line in rows}

    async def id_numbers(self) -> list[str]:
        return list((await self.session.execute(text("SELECT DISTINCT f[2] FROM wh_valid"))).scalars())

    async def load_people(self, pairs: list[tuple[str, bytes]]) -> None:
        """The blind index of each ID number in the file, for the join (the numbers themselves
        stay in this transaction's temporary tables only)."""
        await self.session.execute(text("CREATE TEMP TABLE wh_person (id_number text PRIMARY KEY, bidx bytea) ON COMMIT DROP"))
        raw = (await (await self.session.connection()).get_raw_connection()).driver_connection
        await raw.copy_records_to_table("wh_person", records=pairs, columns=["id_number", "bidx"])
        await self.session.execute(text("ANALYZE wh_person"))

    async def upsert_snapshot(self, subject: Subject, bank_id: int, business_date: date) -> tuple[int, int]:
        """Upsert the valid rows, matched to archives (ECIF number first, then the blind index);
        drop the bank's rows the day's snapshot no longer holds. Answers (rows, unmatched)."""
        layout = LAYOUTS[subject]
        table = TABLES[subject]
        data = [(c.name, _value(c, i)) for i, c in enumerate(layout, start=1) if c.kind not in ("ID", "ECIF")]
        names = ", ".join(n for n, _ in data)
        values = ", ".join(v for _, v in data)
        updates = ", ".join(f"{n} = excluded.{n}" for n, _ in data[1:])
        matched = f"""
            SELECT v.*, p.bidx, nullif(v.f[3], '') AS ecif_no, coalesce(ce.id, cb.id) AS customer_id
            FROM {MATCH_JOINS}"""
        await self.session.execute(text(f"CREATE TEMP TABLE wh_matched ON COMMIT DROP AS {matched}"), {"bank": bank_id})
        result = await self.session.execute(
            text(
                f"""INSERT INTO {table} (bank_id, id_bidx, ecif_no, customer_id, business_date, {names})
                SELECT :bank, v.bidx, v.ecif_no, v.customer_id, CAST(:date AS date), {values} FROM wh_matched v
                ON CONFLICT (bank_id, {layout[0].name}) DO UPDATE SET
                  id_bidx = excluded.id_bidx, ecif_no = excluded.ecif_no, customer_id = excluded.customer_id,
                  business_date = excluded.business_date, {updates}
                WHERE {table}.business_date <= excluded.business_date"""
            ),
            {"bank": bank_id, "date": business_date},
        )
        await self.session.execute(
            text(f"DELETE FROM {table} WHERE bank_id = :bank AND business_date < :date"), {"bank": bank_id, "date": business_date}
        )
        unmatched = (await self.session.execute(text("SELECT count(*) FROM wh_matched WHERE customer_id IS NULL"))).scalar_one()
        return result.rowcount, int(unmatched)

    async def apply_blacklist(self, bank_id: int, business_date: date, import_id: int) -> tuple[int, int]:
        """Apply the day's adds, updates and lifts (the file is a list of changes, not a
        snapshot) and keep each as history. Answers (rows, unmatched)."""
        layout = LAYOUTS[Subject.BLACKLIST]
        data = {c.name: _value(c, i) for i, c in enumerate(layout, start=1)}
        await self.session.execute(
            text(
                f"""CREATE TEMP TABLE wh_matched ON COMMIT DROP AS
                SELECT v.f[1] AS entry_no, {data['action']} AS action, p.bidx, nullif(v.f[3], '') AS ecif_no,
                       coalesce(ce.id, cb.id) AS customer_id,
                       {data['source']} AS source, {data['reason_code']} AS reason_code,
                       {data['effective_on']} AS effective_on, {data['expires_on']} AS expires_on
                FROM {MATCH_JOINS}"""
            ),
            {"bank": bank_id},
        )
        result = await self.session.execute(
            text(
                """INSERT INTO blacklist_entries AS b (bank_id, entry_no, id_bidx, ecif_no, customer_id, business_date,
                                                  source, reason_code, effective_on, expires_on, lifted_on)
                SELECT :bank, entry_no, bidx, ecif_no, customer_id, CAST(:date AS date), source, reason_code, effective_on,
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
        unmatched = (await self.session.execute(text("SELECT count(*) FROM wh_matched WHERE customer_id IS NULL"))).scalar_one()
        return result.rowcount, int(unmatched)

    async def add_rejects(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            await bulk_insert(self.session, WarehouseReject.__table__, rows)  # type: ignore[arg-type]

    async def recompute_aggregates(self, bank_id: int, business_date: date) -> int:
        """Every aggregate of the bank's customers from the snapshots, in one statement, then
        the month-end row of the trend (docs/business-data.md, "Aggregates")."""
        params = {"bank": bank_id, "date": business_date}
        result = await self.session.execute(
            text(
                """
                WITH dep AS (
                  SELECT customer_id, sum(balance) AS balance, sum(avg_balance_90d) AS avg90, count(*) AS n,
                         min(opened_on) AS since
                  FROM deposit_accounts WHERE bank_id = :bank AND customer_id IS NOT NULL GROUP BY customer_id),
                loan AS (
                  SELECT customer_id, sum(balance) AS balance, count(*) FILTER (WHERE balance > 0) AS n,
                         max(overdue_days) AS overdue, min(opened_on) AS since,
                         max(CASE classification WHEN 'NORMAL' THEN 1 WHEN 'SPECIAL_MENTION' THEN 2
                               WHEN 'SUBSTANDARD' THEN 3 WHEN 'DOUBTFUL' THEN 4 WHEN 'LOSS' THEN 5 END) AS worst
                  FROM loan_accounts WHERE bank_id = :bank AND customer_id IS NOT NULL GROUP BY customer_id),
                wealth AS (
                  SELECT customer_id, sum(amount) AS amount, count(*) AS n
                  FROM wealth_holdings WHERE bank_id = :bank AND customer_id IS NOT NULL GROUP BY customer_id),
                svc AS (
                  SELECT customer_id, jsonb_agg(DISTINCT service ORDER BY service) AS services, min(signed_on) AS since,
                         count(DISTINCT service) FILTER (WHERE last_active_on > CAST(:date AS date) - 30) AS active
                  FROM service_signups WHERE bank_id = :bank AND customer_id IS NOT NULL GROUP BY customer_id),
                black AS (
                  SELECT DISTINCT customer_id FROM blacklist_entries
                  WHERE bank_id = :bank AND customer_id IS NOT NULL AND lifted_on IS NULL
                    AND effective_on <= CAST(:date AS date) AND (expires_on IS NULL OR expires_on >= CAST(:date AS date))),
                who AS (
                  SELECT customer_id FROM dep UNION SELECT customer_id FROM loan UNION SELECT customer_id FROM wealth
                  UNION SELECT customer_id FROM svc UNION SELECT customer_id FROM black),
                agg AS (
                  SELECT w.customer_id,
                         coalesce(dep.balance, 0) AS deposit_balance, coalesce(dep.avg90, 0) AS deposit_avg_90d,
                         coalesce(dep.n, 0) AS deposit_accounts,
                         coalesce(loan.balance, 0) AS loan_balance, coalesce(loan.n, 0) AS loan_count,
                         coalesce(loan.overdue, 0) AS overdue_days,
                         (ARRAY['NORMAL','SPECIAL_MENTION','SUBSTANDARD','DOUBTFUL','LOSS'])[loan.worst] AS worst_class,
                         coalesce(wealth.amount, 0) AS wealth_balance, coalesce(wealth.n, 0) AS wealth_count,
                         least(dep.since, loan.since, svc.since) AS since,
                         coalesce(svc.services, '[]'::jsonb) AS services, coalesce(svc.active, 0) AS active,
                         black.customer_id IS NOT NULL AS blacklisted
                  FROM who w LEFT JOIN dep USING (customer_id) LEFT JOIN loan USING (customer_id)
                  LEFT JOIN wealth USING (customer_id) LEFT JOIN svc USING (customer_id) LEFT JOIN black USING (customer_id))
                INSERT INTO business_aggregates AS a (
                  bank_id, customer_id, as_of, deposit_balance, deposit_avg_90d, deposit_accounts, loan_balance, loan_count,
                  overdue_days, max_overdue_days, worst_class, wealth_balance, wealth_count, customer_since,
                  months_as_customer, services, active_services_30d, blacklisted)
                SELECT :bank, customer_id, CAST(:date AS date), deposit_balance, deposit_avg_90d, deposit_accounts, loan_balance, loan_count,
                       overdue_days, overdue_days, worst_class, wealth_balance, wealth_count, since,
                       CASE WHEN since IS NULL THEN 0 ELSE
                         (extract(year FROM age(CAST(:date AS date), since)) * 12 + extract(month FROM age(CAST(:date AS date), since)))::int END,
                       services, active, blacklisted
                FROM agg
                ON CONFLICT (bank_id, customer_id) DO UPDATE SET
                  as_of = excluded.as_of, deposit_balance = excluded.deposit_balance,
                  deposit_avg_90d = excluded.deposit_avg_90d, deposit_accounts = excluded.deposit_accounts,
                  loan_balance = excluded.loan_balance, loan_count = excluded.loan_count,
                  overdue_days = excluded.overdue_days,
                  max_overdue_days = greatest(a.max_overdue_days, excluded.overdue_days),
                  worst_class = excluded.worst_class, wealth_balance = excluded.wealth_balance,
                  wealth_count = excluded.wealth_count, customer_since = excluded.customer_since,
                  months_as_customer = excluded.months_as_customer, services = excluded.services,
                  active_services_30d = excluded.active_services_30d, blacklisted = excluded.blacklisted
                """
            ),
            params,
        )
        # Customers with no business left keep their row with everything at zero (the rating
        # must see "no business", not an old figure).
        await self.session.execute(
            text(
                """UPDATE business_aggregates SET as_of = CAST(:date AS date), deposit_balance = 0, deposit_avg_90d = 0,
                     deposit_accounts = 0, loan_balance = 0, loan_count = 0, overdue_days = 0, worst_class = NULL,
                     wealth_balance = 0, wealth_count = 0, services = '[]'::jsonb, active_services_30d = 0, blacklisted = false
                   WHERE bank_id = :bank AND as_of < CAST(:date AS date)"""
            ),
            params,
        )
        await self.session.execute(
            text(
                """INSERT INTO business_monthly AS m (bank_id, customer_id, month, as_of, deposit_balance, loan_balance, wealth_balance)
                SELECT bank_id, customer_id, CAST(date_trunc('month', CAST(:date AS date)) AS date), as_of,
                       deposit_balance, loan_balance, wealth_balance
                FROM business_aggregates WHERE bank_id = :bank
                ON CONFLICT (bank_id, customer_id, month) DO UPDATE SET
                  as_of = excluded.as_of, deposit_balance = excluded.deposit_balance,
                  loan_balance = excluded.loan_balance, wealth_balance = excluded.wealth_balance
                WHERE m.as_of <= excluded.as_of"""
            ),
            params,
        )
        return result.rowcount

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

    async def monthly(self, principal: Principal, bank_id: int, customer_id: uuid.UUID, months: int = 12) -> list[BusinessMonthly]:
        stmt = _of_readable_archive(BusinessMonthly, principal, bank_id, customer_id).order_by(BusinessMonthly.month.desc())
        return list(reversed((await self.session.scalars(stmt.limit(months))).all()))


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
