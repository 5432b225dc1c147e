"""The warehouse's T+1 feed files: names, header, records, trailer, flag file.

A business date's delivery for one bank is a folder (or a folder per date) holding one file per
subject and, written last, the flag file that says the delivery is complete::

    <bank code>_<SUBJECT>_<YYYYMMDD>.dat      e.g. FZNSH_DEPOSIT_20261130.dat
    <bank code>_<YYYYMMDD>.ok                 the flag: present = every subject file is complete

A file is lines ending in ``\\n``::

    H|<SUBJECT>|<bank code>|<YYYYMMDD>|<UTF-8 or GBK>|1        the header (ASCII)
    <record>|<record>|...                                     one line per record, '|'-delimited
    T|<record count>|<sha256 hex of the record lines' bytes>  the trailer (ASCII)

The header declares the encoding of the records; the trailer's count and checksum cover every
byte between header and trailer, so a short or damaged file is refused before anything is
imported. Amounts are yuan with at most two decimals; dates ``YYYYMMDD``; an empty field is
null. The record layouts are ``LAYOUTS`` (docs/business-data.md has an example line of each).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from backend.business.models import Subject
from backend.errors import field_error

ENCODINGS = ("UTF-8", "GBK")  # what a header may declare
FORMAT_VERSION = "1"


@dataclass(frozen=True)
class Column:
    name: str  # the column of the snapshot table
    kind: str  # KEY | ID | ECIF | TEXT | CODE | DATE | AMOUNT | INT
    required: bool = True
    values: tuple[str, ...] = ()  # CODE: the allowed values
    max_length: int = 32


def _key(name: str) -> Column:
    return Column(name, "KEY")


_PERSON = (Column("id_number", "ID"), Column("ecif_no", "ECIF", required=False))

LAYOUTS: dict[Subject, tuple[Column, ...]] = {
    Subject.DEPOSIT: (
        _key("account_no"), *_PERSON,
        Column("product", "CODE", values=("CURRENT", "TIME", "OTHER")),
        Column("opened_on", "DATE"), Column("matures_on", "DATE", required=False),
        Column("balance", "AMOUNT"), Column("avg_balance_90d", "AMOUNT"),
    ),
    Subject.LOAN: (
        _key("account_no"), *_PERSON,
        Column("product", "TEXT"),
        Column("opened_on", "DATE"), Column("matures_on", "DATE", required=False),
        Column("principal", "AMOUNT"), Column("balance", "AMOUNT"), Column("overdue_days", "INT"),
        Column("classification", "CODE", values=("NORMAL", "SPECIAL_MENTION", "SUBSTANDARD", "DOUBTFUL", "LOSS")),
    ),
    Subject.WEALTH: (
        _key("holding_no"), *_PERSON,
        Column("product_code", "TEXT"), Column("risk_level", "INT"), Column("amount", "AMOUNT"),
        Column("matures_on", "DATE", required=False),
    ),
    Subject.SERVICE: (
        _key("signup_no"), *_PERSON,
        Column("service", "CODE", values=("MOBILE_BANKING", "ONLINE_BANKING", "PAYROLL", "UTILITY", "POS")),
        Column("signed_on", "DATE"), Column("last_active_on", "DATE", required=False),
        Column("tx_count_30d", "INT"), Column("tx_amount_30d", "AMOUNT"),
    ),
    Subject.BLACKLIST: (
        _key("entry_no"), *_PERSON,
        Column("action", "CODE", values=("ADD", "UPDATE", "LIFT")),
        Column("source", "TEXT"), Column("reason_code", "TEXT"),
        Column("effective_on", "DATE"), Column("expires_on", "DATE", required=False),
    ),
}

# What the rejected rows say, by rule (the field is named with it).
REJECT_MESSAGES: dict[str, tuple[str, str]] = {
    "INVALID_ENCODING": ("含有不符合文件头所声明字符编码的字节", "holds bytes that are not valid in the declared encoding"),
    "FIELD_COUNT": ("字段个数不符合格式", "wrong number of fields"),
    "REQUIRED": ("必填字段为空", "a required field is empty"),
    "TOO_LONG": ("字段超长", "the field is too long"),
    "INVALID_ID": ("身份证号码格式或校验位错误", "not a valid resident ID number"),
    "INVALID_DATE": ("日期须为 YYYYMMDD 格式的有效日期", "not a valid YYYYMMDD date"),
    "INVALID_AMOUNT": ("金额须为最多两位小数的数字", "not an amount with at most two decimals"),
    "INVALID_INT": ("须为非负整数", "not a non-negative integer"),
    "INVALID_CODE": ("代码不在允许的取值中", "not one of the allowed codes"),
    "DUPLICATE_KEY": ("同一文件中主键重复（保留首行）", "the key repeats in the file (the first line is kept)"),
}


def file_name(bank_code: str, subject: Subject, business_date: date) -> str:
    return f"{bank_code}_{subject.value}_{business_date:%Y%m%d}.dat"


def flag_name(bank_code: str, business_date: date) -> str:
    return f"{bank_code}_{business_date:%Y%m%d}.ok"


@dataclass(frozen=True)
class FeedFile:
    """A delivery of one subject whose header, trailer and checksum hold (or, from the warehouse
    database, whose row count matches what the warehouse declared): records ready for COPY."""

    name: str  # the file name, or the warehouse table read
    subject: Subject
    bank_code: str
    business_date: date
    encoding: str  # as declared: UTF-8 | GBK
    record_count: int
    sha256: str  # of the whole file (what makes a rerun of the same file a no-op)
    body: memoryview  # the record lines, as bytes in the declared encoding
    source: str = "FILE"  # FILE | DATABASE


_HEADER = re.compile(rb"^H\|([A-Z]+)\|([A-Za-z0-9_-]{1,32})\|(\d{8})\|([A-Z0-9-]{1,16})\|(\d+)\r?$")
_TRAILER = re.compile(rb"^T\|(\d{1,10})\|([0-9a-f]{64})\r?$")


def declared_count(path: Path) -> int:
    """The record count a file's trailer declares (0 when it has none), from the file's end only:
    for progress bars, before the file is read and checked."""
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - 200))
        trailer = _TRAILER.match(f.read().rstrip(b"\n").rsplit(b"\n", 1)[-1])
    return int(trailer.group(1)) if trailer else 0


def read_feed(path: Path, *, expect_subject: Subject | None = None, expect_date: date | None = None) -> FeedFile:
    """Check a feed file as a whole; raise a ``DomainError`` (field ``file``) naming what is wrong."""
    data = path.read_bytes()
    whole = hashlib.sha256(data).hexdigest()
    first_end = data.find(b"\n")
    if first_end < 0:
        raise field_error("file", "HEADER_MISSING", "文件缺少首行（文件头）", "the file has no header line")
    header = _HEADER.match(data[:first_end])
    if header is None:
        raise field_error("file", "HEADER_INVALID", "文件头格式不正确", "the header line does not follow the format")
    subject_raw, bank_code, date_raw, encoding, version = (g.decode("ascii") for g in header.groups())
    if subject_raw not in Subject.__members__:
        raise field_error("file", "SUBJECT_UNKNOWN", f"未知的数据主题：{subject_raw}", f"unknown subject {subject_raw}")
    subject = Subject(subject_raw)
    try:
        business_date = date(int(date_raw[:4]), int(date_raw[4:6]), int(date_raw[6:]))
    except ValueError:
        raise field_error("file", "HEADER_INVALID", "文件头中的业务日期无效", "the header's business date is not a date") from None
    if encoding not in ENCODINGS:
        raise field_error("file", "ENCODING_UNSUPPORTED", f"不支持的字符编码：{encoding}（仅 UTF-8、GBK）", f"encoding {encoding} is not UTF-8 or GBK")
    if version != FORMAT_VERSION:
        raise field_error("file", "VERSION_UNSUPPORTED", f"不支持的格式版本：{version}", f"format version {version} is not supported")
    if expect_subject is not None and subject != expect_subject:
        raise field_error("file", "SUBJECT_MISMATCH", "文件头的数据主题与文件名不一致", "the header's subject differs from the file name")
    if expect_date is not None and business_date != expect_date:
        raise field_error("file", "DATE_MISMATCH", "文件头的业务日期与所选日期不一致", "the header's business date differs from the date asked for")
    body_end = data.rstrip(b"\n").rfind(b"\n")
    trailer = _TRAILER.match(data[body_end + 1 :].rstrip(b"\n")) if body_end >= first_end else None
    if trailer is None or body_end < first_end:
        raise field_error("file", "TRAILER_MISSING", "文件缺少尾行（记录数与校验和），文件可能未传输完整", "the trailer is missing: the file may be incomplete")
    body = memoryview(data)[first_end + 1 : body_end + 1]
    count = data.count(b"\n", first_end + 1, body_end + 1)  # no copy of the body
    expected_count, checksum = int(trailer.group(1)), trailer.group(2).decode("ascii")
    if count != expected_count:
        raise field_error(
            "file", "TRAILER_COUNT_MISMATCH", f"尾行记录数为 {expected_count}，文件实有 {count} 行记录",
            f"the trailer says {expected_count} records, the file holds {count}",
        )
    if hashlib.sha256(body).hexdigest() != checksum:
        raise field_error("file", "CHECKSUM_MISMATCH", "文件校验和不符，文件可能已损坏", "the checksum does not match: the file is damaged")
    return FeedFile(path.name, subject, bank_code, business_date, encoding, count, whole, body)


class FeedWriter:
    """Writes a feed file as the warehouse does, one record at a time in constant memory: the
    records go to a side file while their count and checksum are kept, then the file is put
    together (header, records, trailer) under its final name."""

    def __init__(self, path: Path, subject: Subject, bank_code: str, business_date: date, *, encoding: str = "UTF-8") -> None:
        self.path, self.subject, self.bank_code, self.business_date, self.encoding = path, subject, bank_code, business_date, encoding
        self.codec = "gbk" if encoding == "GBK" else "utf-8"
        self.body_path = path.with_suffix(path.suffix + ".body")
        self.body = self.body_path.open("wb")
        self.digest = hashlib.sha256()
        self.count = 0

    def write(self, record: str) -> None:
        data = (record + "\n").encode(self.codec)
        self.body.write(data)
        self.digest.update(data)
        self.count += 1

    def close(self, *, trailer_count_off_by: int = 0) -> None:
        """Finish the file; ``trailer_count_off_by`` writes a wrong count (a damaged delivery, for tests)."""
        self.body.close()
        header = f"H|{self.subject.value}|{self.bank_code}|{self.business_date:%Y%m%d}|{self.encoding}|{FORMAT_VERSION}\n"
        trailer = f"T|{self.count + trailer_count_off_by}|{self.digest.hexdigest()}\n"
        part = self.path.with_suffix(self.path.suffix + ".part")
        with part.open("wb") as out, self.body_path.open("rb") as body:
            out.write(header.encode("ascii"))
            shutil.copyfileobj(body, out, 1 << 20)
            out.write(trailer.encode("ascii"))
        part.replace(self.path)
        self.body_path.unlink()


def write_feed(path: Path, subject: Subject, bank_code: str, business_date: date, records: list[str], *, encoding: str = "UTF-8") -> None:
    """Write a whole feed file at once (tests)."""
    writer = FeedWriter(path, subject, bank_code, business_date, encoding=encoding)
    for record in records:
        writer.write(record)
    writer.close()
