"""The aggregates' definitions (docs/business-data.md, "Aggregates"), over columns."""

import uuid
from datetime import date

import polars as pl

from backend.business.aggregates import CARRIED, SOURCE_COLUMNS, combine, facts
from backend.business.models import Subject

DAY = date(2026, 11, 30)
# Archives are their ids' 16 bytes in every frame (the aggregates key on them as 128-bit numbers).
A, B, C, GONE = (uuid.UUID(int=n << 64 | n).bytes for n in (3, 1, 2, 0xFFFF_FFFF_FFFF_FFFF))


def _rows(subject: Subject, rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SOURCE_COLUMNS[subject], orient="row")


def test_every_figure_follows_its_definition_and_what_has_gone_carries_over():
    every = [
        facts(Subject.DEPOSIT, _rows(Subject.DEPOSIT, [
            (A, 100_00, 90_00, date(2018, 3, 15)), (A, 50_00, 60_00, date(2020, 1, 1)),
            (None, 999_00, 999_00, date(2001, 1, 1)),  # somebody without an archive counts for nobody
        ]), DAY),
        facts(Subject.LOAN, _rows(Subject.LOAN, [
            (A, 300_00, 95, "SUBSTANDARD", date(2019, 1, 1)), (A, 0, 0, "NORMAL", date(2017, 6, 1)),
            (B, 10_00, 3, "SPECIAL_MENTION", date(2025, 12, 31)),
        ]), DAY),
        facts(Subject.WEALTH, _rows(Subject.WEALTH, [(B, 20_00), (B, 5_00)]), DAY),
        facts(Subject.SERVICE, _rows(Subject.SERVICE, [
            (A, "PAYROLL", date(2021, 1, 1), date(2026, 11, 1)),  # used 29 days before: active
            (A, "MOBILE_BANKING", date(2021, 1, 1), date(2026, 10, 31)),  # 30 days before: not
            (A, "POS", date(2021, 1, 1), None),
        ]), DAY),
        facts(Subject.BLACKLIST, _rows(Subject.BLACKLIST, [
            (A, date(2026, 1, 1), None, date(2026, 6, 1)),  # lifted
            (B, date(2026, 1, 1), DAY, None),  # expires today: still in force
            (C, date(2026, 12, 1), None, None),  # not yet effective
        ]), DAY),
    ]  # fmt: skip
    previous = pl.DataFrame(
        [(A, 120, date(2010, 1, 1), 190), (GONE, 400, date(2012, 5, 20), 160)], schema=CARRIED, orient="row"
    )
    out = {r["customer_id"]: r for r in combine(every, previous, 9, DAY).iter_rows(named=True)}
    assert set(out) == {A, B, GONE}  # c's entry is not in force yet: no business
    assert list(out) == [B, A, GONE]  # written in id order: the order of the ids' bytes (PostgreSQL's uuid order)
    a, b, gone = out[A], out[B], out[GONE]
    assert (a["deposit_balance"], a["deposit_avg_90d"], a["deposit_accounts"]) == (150_00, 150_00, 2)
    assert (a["loan_balance"], a["loan_count"], a["overdue_days"], a["worst_class"]) == (300_00, 1, 95, "SUBSTANDARD")
    assert a["max_overdue_days"] == 120  # the worst seen before stays above today's
    assert (a["customer_since"], a["months_as_customer"]) == (date(2017, 6, 1), 9 * 12 + 5)
    assert (a["services"], a["active_services_30d"], a["blacklisted"]) == ('["MOBILE_BANKING", "PAYROLL", "POS"]', 1, False)
    assert (b["wealth_balance"], b["wealth_count"], b["max_overdue_days"], b["blacklisted"]) == (25_00, 2, 3, True)
    assert (b["customer_since"], b["months_as_customer"]) == (date(2025, 12, 31), 10)  # the 30th is before the 31st
    assert (b["services"], b["deposit_accounts"]) == ("[]", 0)
    # Business all gone: zeros, with the largest overdue ever seen and the first date as they were.
    assert (gone["deposit_balance"], gone["loan_balance"], gone["overdue_days"], gone["worst_class"]) == (0, 0, 0, None)
    assert (gone["max_overdue_days"], gone["customer_since"], gone["months_as_customer"]) == (400, date(2012, 5, 20), 160)
    assert set(a) >= {"bank_id", "as_of"} and (a["bank_id"], a["as_of"]) == (9, DAY)
