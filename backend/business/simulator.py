"""A data-warehouse stand-in: realistic T+1 feeds for the archives in the database.

``cic simulate warehouse --date D --out DIR`` writes, for each bank, one file per subject and
the flag file, as the warehouse would (docs/business-data.md):

* each archive's accounts are stable from day to day (drawn from the archive id), balances
  drift a little with the date, and are correlated with the archive's stated income and assets;
* about 15 % of the customers do no business with the bank; 20 % hold a loan, some overdue
  (classified by overdue days); 10 % hold wealth products; most signed some e-banking;
* a few people without an archive, a few deliberately broken rows per file, and (with
  ``broken_trailer``) one file whose trailer counts one record too many;
* the loan and blacklist files in GBK, the others in UTF-8;
* the first archive of each bank (by id) always on the blacklist, so the demo shows the flag.

Development, tests and ``bench/`` use it; nothing in production does.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.contexts import ID_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.business.feed import FeedWriter, file_name, flag_name
from backend.business.models import Subject
from backend.customers.models import Customer
from backend.orgs.models import OrgLevel, OrgUnit

GBK_SUBJECTS = {Subject.LOAN, Subject.BLACKLIST}
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number(rng: random.Random) -> str:
    """A valid resident ID number of nobody in the archives (region 350121, born 1960-1999)."""
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
    first17 = f"350121{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _classify(overdue: int) -> str:
    if overdue == 0:
        return "NORMAL"
    if overdue <= 90:
        return "SPECIAL_MENTION"
    if overdue <= 180:
        return "SUBSTANDARD"
    if overdue <= 360:
        return "DOUBTFUL"
    return "LOSS"


@dataclass
class _Person:
    key: str  # stable seed
    id_number: str
    ecif_no: str | None
    income: int  # fen a year
    assets: int  # fen

    @property
    def tag(self) -> str:
        """What the person's account numbers are made of: the key's last twelve characters (an
        archive id's random tail; its first ones are the time it was made, shared by neighbours)."""
        return self.key[-12:]


def _money(section: Any) -> int:
    if isinstance(section, dict):
        return sum(int(v) for k, v in section.items() if k != "total" and isinstance(v, (int, float)))
    if isinstance(section, list):
        return sum(int(i.get("value") or 0) for i in section if isinstance(i, dict) and isinstance(i.get("value"), (int, float)))
    return 0


def _records(person: _Person, day: date, seed: int) -> dict[Subject, list[str]]:
    # The same accounts every day, and in every database that holds the same people: seeded by who
    # the person is, not by the archive's id (a fresh id each time the demo loads).
    rng = random.Random(f"{seed}:{person.id_number}")
    out: dict[Subject, list[str]] = {s: [] for s in Subject}
    if rng.random() < 0.15:
        return out  # no business with the bank
    drift = 1 + 0.08 * math.sin(day.toordinal() / 29 + rng.random() * 6.28)
    base = max(person.income, 2_000_000) * rng.uniform(0.1, 1.2) + person.assets * rng.uniform(0.0, 0.05)
    ecif = person.ecif_no or ""
    since = date(2008, 1, 1) + timedelta(days=rng.randrange(5000))
    for n in range(1 + (rng.random() < 0.4)):
        balance = int(base * drift / (n + 1))
        product = "CURRENT" if n == 0 else "TIME"
        matures = f"{since + timedelta(days=365 * 3):%Y%m%d}" if product == "TIME" else ""
        out[Subject.DEPOSIT].append(
            f"D{person.tag}{n}|{person.id_number}|{ecif}|{product}|{since:%Y%m%d}|{matures}|{_yuan(balance)}|"
            f"{_yuan(int(balance * rng.uniform(0.85, 1.1)))}"
        )
    if rng.random() < 0.2:
        principal = int(rng.choice((30_000, 50_000, 100_000, 200_000, 300_000)) * 100)
        overdue = rng.choice((0,) * 18 + (rng.randrange(1, 60), rng.randrange(91, 400)))
        opened = day - timedelta(days=rng.randrange(30, 700))
        out[Subject.LOAN].append(
            f"L{person.tag}|{person.id_number}|{ecif}|农e贷|{opened:%Y%m%d}|{opened + timedelta(days=1095):%Y%m%d}|"
            f"{_yuan(principal)}|{_yuan(int(principal * rng.uniform(0.3, 1.0)))}|{overdue}|{_classify(overdue)}"
        )
    if rng.random() < 0.1:
        out[Subject.WEALTH].append(
            f"W{person.tag}|{person.id_number}|{ecif}|FJ-LC-{rng.randrange(100, 999)}|{rng.randrange(1, 4)}|"
            f"{_yuan(int(base * rng.uniform(0.2, 0.8)))}|{day + timedelta(days=rng.randrange(30, 365)):%Y%m%d}"
        )
    for service, share in (("MOBILE_BANKING", 0.6), ("PAYROLL", 0.15), ("UTILITY", 0.3)):
        if rng.random() < share:
            active = day - timedelta(days=rng.randrange(0, 90))
            out[Subject.SERVICE].append(
                f"S{person.tag}{service[:2]}|{person.id_number}|{ecif}|{service}|{since:%Y%m%d}|{active:%Y%m%d}|"
                f"{rng.randrange(0, 40)}|{_yuan(rng.randrange(0, 2_000_000))}"
            )
    if rng.random() < 0.01:
        lift = rng.random() < 0.3 and day.toordinal() % 3 == 0
        out[Subject.BLACKLIST].append(
            f"B{person.tag}|{person.id_number}|{ecif}|{'LIFT' if lift else 'ADD'}|COURT|失信被执行人|{since:%Y%m%d}|"
        )
    return out


BROKEN = {
    # One of each kind of broken row the import must quarantine.
    Subject.DEPOSIT: ["DBROKEN1|350121199001011234||CURRENT|20200101||12.345|1.00", "DBROKEN2|too|few"],
    Subject.LOAN: ["LBROKEN1|350121199001011239||农e贷|20201399||100.00|50.00|0|NORMAL"],
    Subject.WEALTH: ["WBROKEN1|350121199001011239||FJ-LC-1|9x|100.00|"],
    Subject.SERVICE: ["SBROKEN1|350121199001011239||TELEX|20200101|20200101|1|1.00"],
    Subject.BLACKLIST: [],
}


async def _people(session: AsyncSession, cipher: FieldCipher, bank_id: int, batch: int = 10_000) -> AsyncIterator[list[_Person]]:
    """The bank's archives in batches (a server-side cursor: a million archives need no more
    memory than ten thousand)."""
    stmt = (
        select(Customer.id, Customer.id_number_encrypted, Customer.ecif_customer_no, Customer.profile)
        .where(Customer.bank_id == bank_id)
        .order_by(Customer.id)
        .execution_options(yield_per=batch)
    )
    result = await session.stream(stmt)
    async for rows in result.partitions(batch):
        numbers = cipher.decrypt_many([r.id_number_encrypted for r in rows], context=ID_CONTEXT)
        people = []
        for row, number in zip(rows, numbers, strict=True):
            if number is None:
                continue
            profile = row.profile or {}
            people.append(_Person(str(row.id), number, row.ecif_customer_no, _money(profile.get("income")), _money(profile.get("assets"))))
        yield people


async def simulate_warehouse(
    session: AsyncSession,
    cipher: FieldCipher,
    out: Path,
    business_date: date,
    *,
    bank_codes: list[str] | None = None,
    seed: int = 7,
    broken_rows: bool = True,
    broken_trailer: bool = False,
    strangers: int = 3,
) -> dict[str, dict[str, int]]:
    """Write one day's delivery per bank into ``out``; answer the records written per bank and subject."""
    out.mkdir(parents=True, exist_ok=True)
    stmt = select(OrgUnit).where(OrgUnit.level == OrgLevel.BANK).order_by(OrgUnit.code)
    if bank_codes:
        stmt = stmt.where(OrgUnit.code.in_(bank_codes))
    written: dict[str, dict[str, int]] = {}
    for nth, bank in enumerate((await session.scalars(stmt)).all()):
        writers = {
            subject: FeedWriter(out / file_name(bank.code, subject, business_date), subject, bank.code, business_date,
                                encoding="GBK" if subject in GBK_SUBJECTS else "UTF-8")
            for subject in Subject
        }  # fmt: skip
        demo_blacklisted = False
        rng = random.Random(f"{seed}:{bank.code}:strangers")
        strangers_ = [_Person(f"x{uuid.UUID(int=rng.getrandbits(128)).hex}", _id_number(rng), None, 3_000_000, 0) for _ in range(strangers)]
        async for people in _people(session, cipher, bank.id):
            if people and not demo_blacklisted:
                # One archive of each bank is always on the blacklist, so the demo shows the flag.
                first, demo_blacklisted = people[0], True
                writers[Subject.BLACKLIST].write(
                    f"BDEMO{first.tag[:8]}|{first.id_number}|{first.ecif_no or ''}|ADD|COURT|失信被执行人|20260101|"
                )
            for person in people:
                for subject, records in _records(person, business_date, seed).items():
                    for record in records:
                        writers[subject].write(record)
        for person in strangers_:
            for subject, records in _records(person, business_date, seed).items():
                for record in records:
                    writers[subject].write(record)
        written[bank.code] = {s.value: w.count for s, w in writers.items()}
        for subject, writer in writers.items():
            if broken_rows:
                for record in BROKEN[subject]:
                    writer.write(record)
            # One damaged file: the first bank's wealth file counts one record too many.
            writer.close(trailer_count_off_by=1 if broken_trailer and nth == 0 and subject == Subject.WEALTH else 0)
        (out / flag_name(bank.code, business_date)).write_text("", encoding="ascii")  # written last
    return written
