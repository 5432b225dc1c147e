"""The per-customer aggregates the rating reads, computed over columns (polars).

Each subject's snapshot rows reduce to one row of *facts* per customer (``facts``): while a
file is imported, from the rows just loaded, so the aggregates never read back what the import
has just written; for a subject this run did not import, from its table. The facts of every
subject and the bank's previous aggregates (what must carry over) then give the new
aggregates (``combine``), which the repository writes by one binary COPY. docs/business-data.md
("Aggregates") defines each figure; ``tests/business/test_aggregates.py`` holds them to it.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import polars as pl

from backend.business.feed import LAYOUTS
from backend.business.models import LoanClass, Subject
from backend.db.copy import fixed_width

CLASSES = [c.value for c in LoanClass]  # best to worst: the worst class is the highest rank
SERVICES = sorted(next(c for c in LAYOUTS[Subject.SERVICE] if c.name == "service").values)
ACTIVE_DAYS = 30  # a service is active when used in the 30 days before the business date

# An archive id's 16 bytes as one unsigned 128-bit number (big-endian: the numbers sort as the
# bytes do, and as PostgreSQL's uuid): grouped, joined and sorted on, it costs about half of the
# bytes (polars hashes and compares a binary value through its view).
_ID_NUMBER = pl.col("customer_id").bin.reinterpret(dtype=pl.UInt128, endianness="big")
_LOW_64 = (1 << 64) - 1


def _id_bytes(numbers: pl.Series) -> pl.Series:
    """The ids' 16 bytes back from their numbers (``_ID_NUMBER``)."""
    wide = np.empty((len(numbers), 2), dtype=">u8")
    wide[:, 0] = (numbers // (1 << 64)).cast(pl.UInt64).to_numpy()
    wide[:, 1] = (numbers & _LOW_64).cast(pl.UInt64).to_numpy()
    return fixed_width(wide.view(np.uint8)).alias(numbers.name)


# One row per customer and subject; a figure the subject does not speak to is null. The rows
# the facts are made of hold an archive as its id's 16 bytes (``customer_id``), not the id's
# 36-character text (binary COPY sends the bytes as they are); the facts hold it as its number
# (``_ID_NUMBER``), what they are grouped, joined and sorted on.
FACTS: dict[str, pl.DataType] = {
    "customer_id": pl.UInt128(),
    "deposit": pl.Int64(), "deposit_90d": pl.Int64(), "deposits": pl.Int64(), "since": pl.Date(),
    "loan": pl.Int64(), "loans": pl.Int64(), "overdue": pl.Int64(), "class_rank": pl.Int64(),
    "wealth": pl.Int64(), "holdings": pl.Int64(),
    "signed": pl.Int64(), "active": pl.Int64(),  # services as bit masks (bit i: SERVICES[i])
    "black": pl.Boolean(),
}  # fmt: skip

# The columns of each subject's rows the facts are made from (what is read back from a table).
SOURCE_COLUMNS: dict[Subject, dict[str, pl.DataType]] = {
    Subject.DEPOSIT: {"customer_id": pl.Binary(), "balance": pl.Int64(), "avg_balance_90d": pl.Int64(), "opened_on": pl.Date()},
    Subject.LOAN: {"customer_id": pl.Binary(), "balance": pl.Int64(), "overdue_days": pl.Int64(), "classification": pl.String(),
                   "opened_on": pl.Date()},
    Subject.WEALTH: {"customer_id": pl.Binary(), "amount": pl.Int64()},
    Subject.SERVICE: {"customer_id": pl.Binary(), "service": pl.String(), "signed_on": pl.Date(), "last_active_on": pl.Date()},
    Subject.BLACKLIST: {"customer_id": pl.Binary(), "effective_on": pl.Date(), "expires_on": pl.Date(), "lifted_on": pl.Date()},
}  # fmt: skip


def _bit(column: str) -> pl.Expr:
    return pl.col(column).replace_strict({s: 1 << i for i, s in enumerate(SERVICES)}, return_dtype=pl.Int64)


def _mask(bits: pl.Expr) -> pl.Expr:
    """The bitwise OR of a group's service bits, as the sum of each bit's max: polars
    aggregates a max per group in its fast path, a ``bitwise_or`` not (twice the time of the
    whole reduction of the sign-ups)."""
    return pl.sum_horizontal([(bits & (1 << i)).max() for i in range(len(SERVICES))])


def facts(subject: Subject, rows: pl.DataFrame, business_date: date) -> pl.DataFrame:
    """One row of facts per customer from a subject's rows (``SOURCE_COLUMNS``); rows of people
    without an archive count for nobody."""
    rows = rows.filter(pl.col("customer_id").is_not_null()).with_columns(_ID_NUMBER)
    if subject == Subject.DEPOSIT:
        per = [pl.col("balance").sum().alias("deposit"), pl.col("avg_balance_90d").sum().alias("deposit_90d"),
               pl.len().cast(pl.Int64).alias("deposits"), pl.col("opened_on").min().alias("since")]  # fmt: skip
    elif subject == Subject.LOAN:
        rank = pl.col("classification").replace_strict({c: i + 1 for i, c in enumerate(CLASSES)}, return_dtype=pl.Int64)
        per = [pl.col("balance").sum().alias("loan"), (pl.col("balance") > 0).sum().cast(pl.Int64).alias("loans"),
               pl.col("overdue_days").max().alias("overdue"), rank.max().alias("class_rank"),
               pl.col("opened_on").min().alias("since")]  # fmt: skip
    elif subject == Subject.WEALTH:
        per = [pl.col("amount").sum().alias("wealth"), pl.len().cast(pl.Int64).alias("holdings")]
    elif subject == Subject.SERVICE:
        recent = pl.col("last_active_on") > pl.lit(business_date - timedelta(days=ACTIVE_DAYS))
        rows = rows.with_columns(_bit("service").alias("bit")).with_columns(
            pl.when(recent).then(pl.col("bit")).otherwise(0).alias("active_bit")
        )
        per = [pl.col("signed_on").min().alias("since"), _mask(pl.col("bit")).alias("signed"),
               _mask(pl.col("active_bit")).alias("active")]  # fmt: skip
    else:  # the blacklist: an entry in force on the date
        rows = rows.filter(
            pl.col("lifted_on").is_null()
            & (pl.col("effective_on") <= business_date)
            & (pl.col("expires_on").is_null() | (pl.col("expires_on") >= business_date))
        )
        per = [pl.lit(True).alias("black")]
    found = rows.group_by("customer_id").agg(per)
    return found.select(pl.col(name).cast(dtype) if name in found.columns else pl.lit(None, dtype).alias(name) for name, dtype in FACTS.items())


# The previous aggregates' columns that carry over (read as they are deleted).
CARRIED: dict[str, pl.DataType] = {
    "customer_id": pl.Binary(), "max_overdue_days": pl.Int64(), "customer_since": pl.Date(), "months_as_customer": pl.Int64(),
}  # fmt: skip


def _months(since: pl.Expr, business_date: date) -> pl.Expr:
    """Whole months from ``since`` to the date (what PostgreSQL's age() counts)."""
    whole = business_date.year * 12 + business_date.month - (since.dt.year().cast(pl.Int64) * 12 + since.dt.month().cast(pl.Int64))
    return whole - (since.dt.day() > business_date.day).cast(pl.Int64)


def combine(subject_facts: list[pl.DataFrame], previous: pl.DataFrame, bank_id: int, business_date: date) -> pl.DataFrame:
    """The bank's new aggregates (``business_aggregates``' columns) from every
    subject's facts and the previous aggregates' carried columns (``CARRIED``), in key order:
    written so, a range of customers is a range of the table's blocks (the rating batch reads
    one per chunk; the ids sort as their bytes, the order of PostgreSQL's uuid)."""
    every = pl.concat(subject_facts) if subject_facts else pl.DataFrame(schema=FACTS)
    previous = previous.with_columns(_ID_NUMBER)
    # Every aggregation here is one polars runs in its fast path (sum, min, max, len). The
    # service masks and the blacklist flag each come from one subject's facts, one row per
    # customer, so their max is their OR (``bitwise_or`` and ``any`` per group took half the
    # time of this step).
    per = every.group_by("customer_id").agg(
        pl.col("deposit").sum().alias("deposit_balance"), pl.col("deposit_90d").sum().alias("deposit_avg_90d"),
        pl.col("deposits").sum().alias("deposit_accounts"), pl.col("loan").sum().alias("loan_balance"),
        pl.col("loans").sum().alias("loan_count"), pl.col("overdue").max().alias("overdue_days"),
        pl.col("class_rank").max(), pl.col("wealth").sum().alias("wealth_balance"), pl.col("holdings").sum().alias("wealth_count"),
        pl.col("since").min(), pl.col("signed").max(), pl.col("active").max(),
        pl.col("black").max().alias("blacklisted"), pl.len().alias("present"),
    )  # fmt: skip
    both = per.join(previous, on="customer_id", how="full", coalesce=True)
    present = pl.col("present").is_not_null()
    sets = {m: json.dumps([s for i, s in enumerate(SERVICES) if m >> i & 1]) for m in range(1 << len(SERVICES))}
    out = both.select(
        pl.lit(bank_id, pl.Int64).alias("bank_id"),
        "customer_id",
        pl.lit(business_date, pl.Date).alias("as_of"),
        *[pl.col(c).fill_null(0) for c in ("deposit_balance", "deposit_avg_90d", "deposit_accounts", "loan_balance", "loan_count",
                                           "overdue_days")],
        # The worst seen since the first import: a loan brought current does not lower it.
        pl.max_horizontal(pl.col("max_overdue_days"), pl.col("overdue_days"), pl.lit(0)).alias("max_overdue_days"),
        pl.col("class_rank").replace_strict({i + 1: c for i, c in enumerate(CLASSES)}, default=None, return_dtype=pl.String)
        .alias("worst_class"),
        *[pl.col(c).fill_null(0) for c in ("wealth_balance", "wealth_count")],
        # A customer whose business has all gone keeps a row of zeros (the rating must see "no
        # business", not an old figure), with their first date and months as they were.
        pl.when(present).then(pl.col("since")).otherwise(pl.col("customer_since")).alias("customer_since"),
        pl.when(~present).then(pl.col("months_as_customer")).when(pl.col("since").is_null()).then(0)
        .otherwise(_months(pl.col("since"), business_date)).alias("months_as_customer"),
        pl.col("signed").fill_null(0).replace_strict(sets, return_dtype=pl.String).alias("services"),
        pl.col("active").fill_null(0).cast(pl.UInt64).bitwise_count_ones().cast(pl.Int64).alias("active_services_30d"),
        pl.col("blacklisted").fill_null(False),
    ).sort("customer_id")  # fmt: skip
    return out.with_columns(_id_bytes(out["customer_id"]))
