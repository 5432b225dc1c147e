"""A feed's record lines split, checked, matched and typed, vectorized (polars), then COPY'd.

The whole file is checked as columns, not row by row: the lines are read into a DataFrame (the
stage), each field is tested by the rules of its kind in ``LAYOUTS`` (the first rule a line
fails is its reject reason, in the order ``_rules`` lists them), the first line of each key is
kept, and the valid rows get their person's blind index and the archive they match. What
leaves here is CSV in the target table's columns, ready for one ``COPY``.

Why in the application and not in SQL: PostgreSQL evaluates a regular expression or a check
digit per row in the executor (about 3 to 15 microseconds each; validation was 40 % of the
import), while polars runs the same tests over whole columns in native code on every core.
The database still does what only it can: it holds the archives to match and it takes the rows.
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import polars as pl

from backend.business.feed import LAYOUTS, Column, FeedFile
from backend.business.models import Subject

# GB 11643: weights of the first 17 digits; the check character is CHECK[sum % 11].
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
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
        digits = sum(f.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(_WEIGHTS))
        check = pl.lit(_CHECK).str.slice((digits % 11).cast(pl.Int64), 1)
        rules.append((present & ~(f.str.contains(r"^[0-9]{17}[0-9X]$") & (f.str.slice(17, 1) == check)), "INVALID_ID"))
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
    problem = pl.when(pl.col("line").str.contains(_REPLACEMENT, literal=True)).then(pl.lit("INVALID_ENCODING|"))
    problem = problem.when(pl.col("bars") != len(layout) - 1).then(pl.lit("FIELD_COUNT|"))
    for column in layout:
        for invalid, code in _rules(column):
            problem = problem.when(invalid).then(pl.lit(f"{code}|{column.name}"))
    frame = frame.with_columns(problem.otherwise(None).alias("problem"))
    key = names[0]
    frame = frame.with_columns(
        pl.when(pl.col("problem").is_null() & ~pl.col(key).is_first_distinct().over(pl.col("problem").is_null()))
        .then(pl.lit(f"DUPLICATE_KEY|{key}"))
        .otherwise(pl.col("problem"))
        .alias("problem")
    )
    problem = pl.col("problem").str.split_exact("|", 1)
    rejects = frame.filter(pl.col("problem").is_not_null()).select(
        (pl.col("n") + FIRST_LINE).alias("line_no"),
        problem.struct.field("field_0").alias("code"),
        problem.struct.field("field_1").replace("", None).alias("field"),
        pl.col("line"),
    )
    valid = frame.filter(pl.col("problem").is_null()).select(names)
    return Checked(valid, rejects)


def typed(column: Column) -> pl.Expr:
    """A field as its target column takes it from COPY: amounts in fen, empty as null."""
    f = pl.col(column.name)
    if column.kind == "AMOUNT":
        parts = f.str.split_exact(".", 1)
        yuan = parts.struct.field("field_0").cast(pl.Int64)
        fen = parts.struct.field("field_1").str.pad_end(2, "0").cast(pl.Int64).fill_null(0)
        value = yuan * 100 + fen
    else:
        value = f
    return pl.when(f == "").then(None).otherwise(value).alias(column.name)


ArchiveKeys = Callable[[], Awaitable[pl.DataFrame]]


@dataclass
class Matcher:
    """Matches one bank's rows of one delivery to its archives: by ECIF unified number first,
    else by the blind index of the ID number. The bank's (blind index, ECIF number, archive)
    triples are read once per delivery (``archive_keys``), and each ID number's blind index is
    computed once per delivery whatever number of subjects name it. Files of the delivery may
    be matched at once (the work runs in threads)."""

    archive_keys: ArchiveKeys  # -> bidx (binary), ecif_no, customer_id
    blind_index_many: Callable[[list[str]], list[bytes]]
    _by_ecif: pl.DataFrame | None = None
    _by_bidx: pl.DataFrame | None = None
    _people: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema={"id_number": pl.String, "bidx": pl.Binary}))
    _loading: asyncio.Lock = field(default_factory=asyncio.Lock)
    _indexing: threading.Lock = field(default_factory=threading.Lock)

    async def match(self, valid: pl.DataFrame) -> pl.DataFrame:
        """``valid`` with ``bidx`` and ``customer_id`` (null when no archive matches)."""
        async with self._loading:
            if self._by_bidx is None:
                archives = await self.archive_keys()
                self._by_ecif = (
                    archives.filter(pl.col("ecif_no").is_not_null())
                    .sort("ecif_no", "customer_id")
                    .unique("ecif_no", keep="first", maintain_order=True)
                    .select("ecif_no", pl.col("customer_id").alias("by_ecif"))
                )
                self._by_bidx = archives.select("bidx", pl.col("customer_id").alias("by_bidx"))
        return await asyncio.to_thread(self._match, valid)

    def _match(self, valid: pl.DataFrame) -> pl.DataFrame:
        assert self._by_ecif is not None and self._by_bidx is not None
        with self._indexing:  # one thread adds a number's blind index, once
            new = valid.select(pl.col("id_number").unique()).join(self._people, on="id_number", how="anti")["id_number"].to_list()
            if new:
                indexes = pl.Series("bidx", self.blind_index_many(new), dtype=pl.Binary)
                self._people = pl.concat([self._people, pl.DataFrame([pl.Series("id_number", new, dtype=pl.String), indexes])])
            people = self._people
        return (
            valid.with_columns(pl.when(pl.col("ecif_no") == "").then(None).otherwise(pl.col("ecif_no")).alias("ecif_no"))
            .join(people, on="id_number", how="left")
            .join(self._by_ecif, on="ecif_no", how="left")
            .join(self._by_bidx, on="bidx", how="left")
            .with_columns(pl.coalesce("by_ecif", "by_bidx").alias("customer_id"))
            .drop("by_ecif", "by_bidx")
        )


CSV_ROWS = 100_000  # rows per chunk of CSV handed to COPY: the whole file's CSV never exists at once


@dataclass
class Rows:
    """Rows ready for COPY into ``columns``, sorted by the primary key (each index page is then
    written once rather than at random), turned into CSV a chunk at a time."""

    columns: list[str]
    frame: pl.DataFrame

    def csv_chunks(self) -> Iterator[bytes]:
        for start in range(0, self.frame.height, CSV_ROWS):
            out = io.BytesIO()
            self.frame.slice(start, CSV_ROWS).write_csv(out, include_header=False)
            yield out.getvalue()


def snapshot_rows(matched: pl.DataFrame, subject: Subject, bank_id: int, business_date: str) -> Rows:
    """The matched rows in the target table's columns (a blind index as bytea hex)."""
    layout = [c for c in LAYOUTS[subject] if c.kind not in ("ID", "ECIF")]
    frame = matched.select(
        pl.lit(bank_id).alias("bank_id"),
        ("\\x" + pl.col("bidx").bin.encode("hex")).alias("id_bidx"),
        pl.col("ecif_no"),
        pl.col("customer_id"),
        pl.lit(business_date).alias("business_date"),
        *[typed(c) for c in layout],
    ).sort(layout[0].name)
    return Rows(frame.columns, frame)
