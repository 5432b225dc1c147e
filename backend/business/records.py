"""A feed's record lines split, checked, matched and typed, vectorized (polars), then COPY'd.

The whole file is checked as columns, not row by row: the lines are read into a DataFrame (the
stage), each field is tested by the rules of its kind in ``LAYOUTS`` (the first rule a line
fails is its reject reason, in the order ``_rules`` lists them), the first line of each key is
kept, and the valid rows get their person's blind index and the archive they match. What
leaves here is a frame in the target table's columns and types, ready for one binary ``COPY``
(``backend.db.copy``).

Why in the application and not in SQL: PostgreSQL evaluates a regular expression or a check
digit per row in the executor (about 3 to 15 microseconds each; validation was 40 % of the
import), while polars runs the same tests over whole columns in native code on every core.
The database still does what only it can: it holds the archives to match and it takes the rows.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl

from backend.business.feed import LAYOUTS, Column, FeedFile
from backend.business.models import Subject

# GB 11643: weights of the first 17 digits; the check character is CHECK[sum % 11].
_WEIGHTS = np.array((7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2))
_CHECK = "10X98765432"
_DATE = r"^(1[89]|2[0-9])[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$"
_AMOUNT = r"^[0-9]{1,13}(\.[0-9]{1,2})?$"
_INT = r"^[0-9]{1,9}$"
_REPLACEMENT = "\ufffd"  # what a byte sequence invalid in the declared encoding decodes to
FIRST_LINE = 2  # the first record is the file's second line (after the header)


def _rules(column: Column) -> list[tuple[pl.Expr, str]]:
    """(invalid when, problem) for one field, in the order they are tested."""
    f = pl.col(column.name)
    present = f != ""
    rules: list[tuple[pl.Expr, str]] = []
    if column.required:
        rules.append((f == "", "REQUIRED"))
    if column.kind == "ID":
        rules.append((present & ~pl.col(_valid_id(column)), "INVALID_ID"))
    elif column.kind == "DATE":
        real = f.str.strptime(pl.Date, "%Y%m%d", strict=False).is_not_null()
        rules.append((present & ~(f.str.contains(_DATE) & real), "INVALID_DATE"))
    elif column.kind == "AMOUNT":
        rules.append((present & ~f.str.contains(_AMOUNT), "INVALID_AMOUNT"))
    elif column.kind == "INT":
        rules.append((present & ~f.str.contains(_INT), "INVALID_INT"))
    elif column.kind == "CODE":
        rules.append((present & ~f.is_in(list(column.values)), "INVALID_CODE"))
    else:  # KEY, ECIF, TEXT
        rules.append((f.str.len_chars() > column.max_length, "TOO_LONG"))
    return rules


def _valid_id(column: Column) -> str:
    return f"{column.name}__valid"


def valid_ids(numbers: pl.Series) -> pl.Series:
    """GB 11643 over a whole column: 17 digits, then the check character of their weighted sum.
    The well-formed numbers are laid side by side as an (n, 18) byte matrix, so the sum is one
    matrix product (a string slice per digit cost ten times as much)."""
    shaped = numbers.str.contains(r"^[0-9]{17}[0-9X]$").fill_null(False)
    valid = np.zeros(len(numbers), dtype=bool)
    if shaped.any():
        chars = np.frombuffer(numbers.filter(shaped).str.join("").item().encode("ascii"), dtype=np.uint8).reshape(-1, 18)
        expected = np.frombuffer(_CHECK.encode("ascii"), dtype=np.uint8)[(chars[:, :17] - ord("0")).astype(np.int64) @ _WEIGHTS % 11]
        valid[shaped.to_numpy()] = chars[:, 17] == expected
    return pl.Series(numbers.name, valid)


@dataclass
class Checked:
    """The valid rows (one text column per field, "" when empty) and the rejected lines
    (``line_no`` in the file, ``code``, ``field``, ``line``)."""

    valid: pl.DataFrame
    rejects: pl.DataFrame


def check(feed: FeedFile) -> Checked:
    """Split and check every record line of a feed; the first line of each key is kept and the
    repeats are rejected as ``DUPLICATE_KEY``."""
    layout = LAYOUTS[feed.subject]
    names = [c.name for c in layout]
    body = bytes(feed.body)
    if feed.encoding == "GBK":
        body = body.decode("gbk", errors="replace").encode("utf-8")
    lines = pl.read_csv(
        body, has_header=False, separator="\x1f", quote_char=None, schema={"line": pl.String},
        encoding="utf8-lossy",
    ).select(pl.int_range(pl.len(), dtype=pl.Int64).alias("n"), pl.col("line").fill_null("").str.strip_suffix("\r"))  # fmt: skip
    fields = pl.col("line").str.split_exact("|", len(layout) - 1).struct.rename_fields(names)
    frame = lines.with_columns(pl.col("line").str.count_matches("|", literal=True).alias("bars"), fields.alias("f")).unnest("f")
    frame = frame.with_columns(pl.col(names).fill_null(""))
    frame = frame.with_columns(valid_ids(frame[c.name]).alias(_valid_id(c)) for c in layout if c.kind == "ID")
    tests = [(pl.col("line").str.contains(_REPLACEMENT, literal=True), "INVALID_ENCODING|"),
             (pl.col("bars") != len(layout) - 1, "FIELD_COUNT|")]  # fmt: skip
    tests += [(invalid, f"{code}|{column.name}") for column in layout for invalid, code in _rules(column)]
    # Every test over every line once; the reason (the first test failed) only for the few lines
    # that fail one: a chain of when/then over every line cost half as much again.
    frame = frame.with_columns(pl.any_horizontal(invalid for invalid, _ in tests).alias("bad"))
    problem = pl.when(tests[0][0]).then(pl.lit(tests[0][1]))
    for invalid, reason in tests[1:]:
        problem = problem.when(invalid).then(pl.lit(reason))
    bad = frame.filter("bad").select("n", "line", problem.alias("problem"))
    # The first valid line of each key is kept; its repeats are rejected.
    key = names[0]
    ok = frame.select("n", "line", *names, "bad").filter(~pl.col("bad"))
    first = ok[key].is_first_distinct()
    if not first.all():
        bad = pl.concat([bad, ok.filter(~first).select("n", "line", pl.lit(f"DUPLICATE_KEY|{key}").alias("problem"))]).sort("n")
        ok = ok.filter(first)
    reason = pl.col("problem").str.split_exact("|", 1)
    rejects = bad.select(
        (pl.col("n") + FIRST_LINE).alias("line_no"),
        reason.struct.field("field_0").alias("code"),
        reason.struct.field("field_1").replace("", None).alias("field"),
        pl.col("line"),
    )
    valid = ok.select(names)
    return Checked(valid, rejects)


def typed(column: Column) -> pl.Expr:
    """A field as its target column holds it: amounts in fen, integers, dates; empty as null."""
    f = pl.col(column.name)
    f = pl.when(f == "").then(None).otherwise(f)  # empty is null before any cast
    if column.kind == "AMOUNT":
        # Exact: a valid amount has at most 13 digits and two decimals (``_AMOUNT``), which a
        # decimal(15, 2) holds; polars parses it natively (half the time of splitting at the point).
        value = (f.cast(pl.Decimal(15, 2)) * 100).cast(pl.Int64)
    elif column.kind == "INT":
        value = f.cast(pl.Int64)
    elif column.kind == "DATE":
        value = f.str.strptime(pl.Date, "%Y%m%d")
    else:
        value = f
    return value.alias(column.name)


ArchiveKeys = Callable[[], Awaitable[pl.DataFrame]]

# A valid ID number's first 17 digits as a number: they determine the check character, so they
# name the person, and polars hashes and joins an integer in half the time of the 18-character
# text.
_PERSON = pl.col("id_number").str.slice(0, 17).cast(pl.Int64).alias("person")
# The blind index's first 16 bytes as one 128-bit number, what the join to the archives hashes
# (the same halving); the whole index is compared after it. Two archives of a bank whose
# indexes share 16 bytes (HMAC-SHA256: about 1e-25 for ten million) would repeat the person's
# rows, and the snapshot's key would refuse the file: never a wrong match.
_BIDX_KEY = pl.col("bidx").bin.head(16).bin.reinterpret(dtype=pl.UInt128, endianness="big").alias("bidx_key")


@dataclass
class Matcher:
    """Matches one bank's rows of one delivery to its archives: by ECIF unified number first,
    else by the blind index of the ID number. The bank's (blind index, ECIF number, archive)
    triples are read once per delivery (``archive_keys``), and each ID number's blind index is
    computed once per delivery whatever number of subjects name it. Files of the delivery may
    be matched at once (the work runs in threads). Matches only valid rows (``check``)."""

    archive_keys: ArchiveKeys  # -> bidx (binary), ecif_no, customer_id (the id's 16 bytes)
    blind_index_many: Callable[[list[str]], list[bytes]]
    _by_ecif: pl.DataFrame | None = None
    _by_bidx: pl.DataFrame | None = None
    _people: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema={"person": pl.Int64, "bidx": pl.Binary, "by_bidx": pl.Binary})
    )
    _loading: asyncio.Lock = field(default_factory=asyncio.Lock)
    _indexing: threading.Lock = field(default_factory=threading.Lock)

    async def prepare(self) -> None:
        """Read the bank's archives, once (a delivery starts this while its files are checked)."""
        async with self._loading:
            if self._by_bidx is None:
                archives = await self.archive_keys()
                self._by_ecif = (
                    archives.filter(pl.col("ecif_no").is_not_null())
                    .sort("ecif_no", "customer_id")
                    .unique("ecif_no", keep="first", maintain_order=True)
                    .select("ecif_no", pl.col("customer_id").alias("by_ecif"))
                )
                self._by_bidx = archives.select(_BIDX_KEY, pl.col("bidx").alias("archive_bidx"), pl.col("customer_id").alias("by_bidx"))

    async def match(self, valid: pl.DataFrame) -> pl.DataFrame:
        """``valid`` with ``bidx`` and ``customer_id`` (null when no archive matches)."""
        await self.prepare()
        return await asyncio.to_thread(self._match, valid)

    def _match(self, valid: pl.DataFrame) -> pl.DataFrame:
        assert self._by_ecif is not None and self._by_bidx is not None
        valid = valid.with_columns(_PERSON)
        with self._indexing:  # one thread adds a number's blind index, once
            new = valid.select("person", "id_number").unique("person").join(self._people, on="person", how="anti")
            if new.height:  # each new person's blind index, and the archive it finds (once per person)
                indexes = pl.Series("bidx", self.blind_index_many(new["id_number"].to_list()), dtype=pl.Binary)
                found = (
                    new.select("person", indexes)
                    .with_columns(_BIDX_KEY)
                    .join(self._by_bidx, on="bidx_key", how="left")
                    .select("person", "bidx", pl.when(pl.col("bidx") == pl.col("archive_bidx")).then(pl.col("by_bidx")).alias("by_bidx"))
                )
                self._people = pl.concat([self._people, found])
            people = self._people
        return (
            valid.with_columns(pl.when(pl.col("ecif_no") == "").then(None).otherwise(pl.col("ecif_no")).alias("ecif_no"))
            .join(people, on="person", how="left")
            .join(self._by_ecif, on="ecif_no", how="left")
            .with_columns(pl.coalesce("by_ecif", "by_bidx").alias("customer_id"))
            .drop("person", "by_ecif", "by_bidx")
        )


def snapshot_rows(matched: pl.DataFrame, subject: Subject, bank_id: int, business_date: date) -> pl.DataFrame:
    """The matched rows in the target table's columns and types (in the file's order: the
    partition's key is built after the load, so the order costs nothing)."""
    layout = [c for c in LAYOUTS[subject] if c.kind not in ("ID", "ECIF")]
    return matched.select(
        pl.lit(bank_id, dtype=pl.Int64).alias("bank_id"),
        pl.col("bidx").alias("id_bidx"),
        pl.col("ecif_no"),
        pl.col("customer_id"),
        pl.lit(business_date, dtype=pl.Date).alias("business_date"),
        *[typed(c) for c in layout],
    )
