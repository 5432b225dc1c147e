"""Importing the warehouse's feeds, and reading business data for an archive.

``import_delivery`` is the unit of work the CLI (``cic warehouse import``) and the cron job
run: for each bank whose flag file for the date is present, each subject file in a transaction
of its own (``WarehouseService.import_feed``), so a crash loses at most the file in progress,
which the next run imports again from the start. A refused file is recorded, in its own
transaction, with the reason. docs/business-data.md describes the whole path.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.service import record as audit
from backend.auth.contexts import ID_CONTEXT, WAREHOUSE_REJECT_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.business.aggregates import combine
from backend.business.aggregates import facts as subject_facts
from backend.business.feed import FeedFile
from backend.business.sources import FeedSource, FileSource
from backend.business.models import BusinessAggregate, BusinessMonthly, ImportStatus, Subject, WarehouseImport, WarehouseReject
from backend.business.records import Matcher, check, snapshot_rows
from backend.business.repository import WarehouseRepository
from backend.db.session import transaction
from backend.errors import DomainError, PermissionDenied, field_error
from backend.logging import log
from backend.orgs.models import OrgLevel, OrgUnit
from backend.rating.service import rate_bank

# Subjects in the order they are reported.
ORDER = (Subject.DEPOSIT, Subject.LOAN, Subject.WEALTH, Subject.SERVICE, Subject.BLACKLIST)
# The files in the order they start loading: the largest first (deposits, then sign-ups: about
# 1.2 and 0.9 rows per customer), so that two at a time finish together.
LOAD_ORDER = (Subject.DEPOSIT, Subject.SERVICE, Subject.LOAN, Subject.WEALTH, Subject.BLACKLIST)


class WarehouseService:
    def __init__(self, session: AsyncSession, cipher: FieldCipher) -> None:
        self.session = session
        self.cipher = cipher
        self.repo = WarehouseRepository(session)

    async def import_feed(
        self, feed: FeedFile, bank: OrgUnit, matcher: Matcher, *, started_by: str, facts: dict[Subject, pl.DataFrame],
        preparing: contextlib.AbstractAsyncContextManager[None] | None = None,
    ) -> tuple[WarehouseImport, bool]:
        """Import one checked file into the bank's snapshot of its subject, matched by the
        delivery's ``matcher``; answers the record and whether this call imported it. A subject
        and date already imported (by anyone) is not imported again: the finished record is
        answered. A snapshot file imported puts its per-customer facts (what the aggregates are
        made of) into ``facts``."""
        repo = self.repo
        await repo.lock(bank.id, feed.subject, feed.business_date)
        if (done := await repo.done(bank.id, feed.subject, feed.business_date)) is not None:
            return done, False
        latest = await repo.latest_done_date(bank.id, feed.subject)
        if latest is not None and latest > feed.business_date and feed.subject != Subject.BLACKLIST:
            raise field_error(
                "file", "DATE_SUPERSEDED", f"已导入更晚的业务日期 {latest:%Y-%m-%d}，不能再以旧快照覆盖",
                f"a later business date ({latest}) is already imported",
            )
        job = WarehouseImport(
            bank_id=bank.id, org_path=bank.path, subject=feed.subject, business_date=feed.business_date, source=feed.source,
            file_name=feed.name, file_sha256=feed.sha256, encoding=feed.encoding, status=ImportStatus.DONE,
            record_count=feed.record_count, started_by=started_by,
        )
        self.session.add(job)
        await self.session.flush()
        # The checks run in a thread (polars releases the GIL): the event loop keeps feeding the
        # other file's COPY meanwhile, and the bank's archives are read (once per delivery)
        # while the first file is checked. ``preparing`` is the file's turn to be checked
        # (``_Turns``).
        async with preparing or contextlib.nullcontext():
            checked, _ = await asyncio.gather(asyncio.to_thread(check, feed), matcher.prepare())
        matched = await matcher.match(checked.valid)
        rejects = checked.rejects
        del checked
        imported, unmatched = matched.height, matched["customer_id"].null_count()
        rows = await asyncio.to_thread(snapshot_rows, matched, feed.subject, bank.id, feed.business_date)
        del matched  # the file's frames go as soon as they are not needed: two files load at once
        if feed.subject == Subject.BLACKLIST:
            imported = await repo.apply_blacklist(bank.id, feed.business_date, job.id, rows)
        else:
            # The file's facts for the aggregates are reduced here while the database loads its rows.
            reducing = asyncio.create_task(asyncio.to_thread(subject_facts, feed.subject, rows, feed.business_date))
            try:
                await repo.replace_snapshot(feed.subject, bank.id, feed.business_date, rows)
            finally:
                reduced = await reducing
            facts[feed.subject] = reduced
            del rows
        sealed = self.cipher.encrypt_many(rejects["line"].to_list(), context=WAREHOUSE_REJECT_CONTEXT)
        await repo.add_rejects(
            [
                {"bank_id": bank.id, "import_id": job.id, "line_no": n, "code": code, "field": field, "line_encrypted": blob}
                for (n, code, field), blob in zip(rejects.select("line_no", "code", "field").iter_rows(), sealed, strict=True)
            ]
        )
        job.imported_count, job.rejected_count, job.unmatched_count = imported, len(rejects), unmatched
        job.finished_at = datetime.now(UTC)
        await audit(
            self.session, action="warehouse.import", org_path=bank.path, actor_username=started_by,
            target_type="warehouse_import", target_id=job.id,
            detail={"subject": feed.subject.value, "businessDate": feed.business_date.isoformat(), "rows": imported,
                    "rejected": len(rejects), "unmatched": unmatched},
        )  # fmt: skip
        return job, True

    async def refresh_aggregates(
        self, bank: OrgUnit, business_date: date, *, imported: bool, facts: dict[Subject, pl.DataFrame]
    ) -> bool:
        """Recompute the bank's aggregates once per delivery: when this run imported a subject,
        or when they are older than the date (a run that stopped between its last subject and
        this step). ``facts`` are those of the subjects this run imported; the others' (and the
        blacklist's, a list of changes) are read from their tables. Answers whether it
        recomputed."""
        repo = self.repo
        await repo.lock_aggregates(bank.id)
        as_of = await repo.aggregates_as_of(bank.id)
        if not imported and as_of is not None and as_of >= business_date:
            return False
        if as_of is not None and as_of > business_date:
            return False  # a later date's figures stand; an old delivery does not roll them back
        every = []
        for subject in ORDER:
            found = facts.get(subject)
            if found is None:
                rows = await repo.subject_rows(subject, bank.id)
                found = await asyncio.to_thread(subject_facts, subject, rows, business_date)
            every.append(found)
        await repo.close_month(bank.id, business_date)
        previous = await repo.carried_aggregates(bank.id)
        await repo.replace_aggregates(bank.id, business_date, await asyncio.to_thread(combine, every, previous, bank.id, business_date))
        return True

    async def record_refusal(
        self, bank: OrgUnit, subject: Subject, business_date: date, name: str, source: str, error: DomainError, *, started_by: str
    ) -> WarehouseImport:
        first = error.errors[0]
        job = WarehouseImport(
            bank_id=bank.id, org_path=bank.path, subject=subject, business_date=business_date, source=source,
            file_name=name, status=ImportStatus.REFUSED, error_code=first.code, error_message=first.message[:500],
            error_message_en=first.message_en[:500],
            started_by=started_by, finished_at=datetime.now(UTC),
        )  # fmt: skip
        self.session.add(job)
        await self.session.flush()
        return job

    async def bank(self, code: str) -> OrgUnit | None:
        stmt = select(OrgUnit).where(OrgUnit.code == code, OrgUnit.level == OrgLevel.BANK)
        return (await self.session.scalars(stmt)).one_or_none()

    # -- reads ----------------------------------------------------------------------------------

    def _require(self, principal: Principal, permission: Permission) -> None:
        if not principal.can(permission):
            raise PermissionDenied(permission.value)

    async def imports(self, principal: Principal, *, after_id: int | None, limit: int, descending: bool = True) -> list[WarehouseImport]:
        self._require(principal, Permission.WAREHOUSE_READ)
        return await self.repo.imports(principal, after_id=after_id, limit=limit, descending=descending)

    async def rejects(self, principal: Principal, import_ids: list[int], *, limit: int) -> dict[int, list[WarehouseReject]]:
        self._require(principal, Permission.WAREHOUSE_READ)
        return await self.repo.rejects(principal, import_ids, limit=limit)

    async def aggregates(self, principal: Principal, keys: list[tuple[int, uuid.UUID]]) -> dict[tuple[int, uuid.UUID], BusinessAggregate]:
        """The aggregates of archives the caller may read (a DataLoader batch)."""
        return await self.repo.aggregates(principal, keys)

    async def trend(self, principal: Principal, current: BusinessAggregate, months: int = 12) -> list[BusinessMonthly]:
        """Month-end figures of the last ``months`` months, oldest first: the closed months from
        the trend table, the current month from the aggregates themselves."""
        this_month = current.as_of.replace(day=1)
        closed = await self.repo.closed_months(principal, current.bank_id, current.customer_id, this_month, months - 1)
        now = BusinessMonthly(
            bank_id=current.bank_id, customer_id=current.customer_id, month=this_month, as_of=current.as_of,
            deposit_balance=current.deposit_balance, loan_balance=current.loan_balance, wealth_balance=current.wealth_balance,
        )  # fmt: skip
        return [*reversed(closed), now]


@dataclass(frozen=True)
class FileOutcome:
    bank_code: str
    subject: Subject
    name: str  # the file (or warehouse table) read
    status: ImportStatus
    imported: int = 0
    rejected: int = 0
    unmatched: int = 0
    error: str | None = None  # the refusal's code
    fresh: bool = False  # imported by this run (not found done)


async def import_delivery(
    sessions: async_sessionmaker[AsyncSession],
    cipher: FieldCipher,
    source: FeedSource | Path,
    business_date: date,
    *,
    started_by: str,
    banks: list[str] | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
    parallel_files: int = 2,
    rate: bool = True,
) -> list[FileOutcome]:
    """Import every complete delivery of the date: a folder's (flag file present) or the
    warehouse database's (``cic_feed_ready`` rows). ``parallel_files`` files load at once, each
    on its own connection (``CIC_WAREHOUSE_PARALLEL_FILES``): the database is the bottleneck,
    and one COPY keeps one server core busy. A bank whose aggregates changed has its archives
    rated again (``rate``; docs/rating.md), the business data being part of the score."""
    source = FileSource(source) if isinstance(source, Path) else source
    complete = await source.banks(business_date)
    outcomes: list[FileOutcome] = []
    for code in [c for c in banks if c in complete] if banks is not None else complete:
        async with transaction(sessions) as session:
            bank = await WarehouseService(session, cipher).bank(code)
        if bank is None:
            log.warning("warehouse_unknown_bank", bank_code=code)
            continue
        matcher = _delivery_matcher(sessions, cipher, bank.id)
        facts: dict[Subject, pl.DataFrame] = {}
        gate, turns = asyncio.Semaphore(parallel_files), _Turns(LOAD_ORDER)

        async def one(subject: Subject) -> FileOutcome | None:
            async with gate:
                outcome = await _import_subject(sessions, cipher, source, bank, subject, business_date, started_by, matcher, facts, turns)
            if outcome is not None and on_file is not None:
                on_file(outcome)
            return outcome

        # The files are independent: they load side by side, each in its own transaction, the
        # largest first (the semaphore lets them in in the order they ask).
        async with asyncio.TaskGroup() as group:
            files = {subject: group.create_task(one(subject)) for subject in LOAD_ORDER}
        mine = [o for o in (files[s].result() for s in ORDER) if o is not None]
        if mine:
            async with transaction(sessions) as session:
                fresh = any(o.fresh for o in mine)
                changed = await WarehouseService(session, cipher).refresh_aggregates(bank, business_date, imported=fresh, facts=facts)
            if changed and rate:
                await rate_bank(sessions, bank.id, workers=parallel_files)
        outcomes += mine
    return outcomes


class _Turns:
    """A delivery's files are checked (this process's work, on every core) one at a time, in
    load order, each after the one before it: the next file is checked while this one is
    matched (one core: its new people's blind indexes) and loaded into the database, and the
    largest file reaches the database first. Checked side by side, the two largest files were
    checked together, then matched together while the database idled, then loaded together."""

    def __init__(self, order: Sequence[Subject]) -> None:
        self._order = list(order)
        self._over = {subject: asyncio.Event() for subject in order}

    @contextlib.asynccontextmanager
    async def turn(self, subject: Subject) -> AsyncIterator[None]:
        at = self._order.index(subject)
        if at:
            await self._over[self._order[at - 1]].wait()
        try:
            yield
        finally:
            self.end(subject)

    def end(self, subject: Subject) -> None:
        """The file's turn is over: checked, or not to be (imported before, absent, refused)."""
        self._over[subject].set()


def _delivery_matcher(sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher, bank_id: int) -> Matcher:
    """One matcher for a bank's whole delivery: its archives are read once, in a session of their own."""

    async def archive_keys() -> pl.DataFrame:
        async with sessions() as session:
            return await WarehouseRepository(session).archive_keys(bank_id)

    return Matcher(archive_keys, lambda ids: cipher.blind_index_many(ids, context=ID_CONTEXT))


async def _import_subject(
    sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher, source: FeedSource, bank: OrgUnit, subject: Subject,
    business_date: date, started_by: str, matcher: Matcher, facts: dict[Subject, pl.DataFrame], turns: _Turns,
) -> FileOutcome | None:  # fmt: skip
    try:
        return await _import_file(sessions, cipher, source, bank, subject, business_date, started_by, matcher, facts, turns)
    finally:
        turns.end(subject)  # whatever became of it, the next file's turn comes


async def _import_file(
    sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher, source: FeedSource, bank: OrgUnit, subject: Subject,
    business_date: date, started_by: str, matcher: Matcher, facts: dict[Subject, pl.DataFrame], turns: _Turns,
) -> FileOutcome | None:  # fmt: skip
    async with sessions() as session:  # a date already imported is not read again (a rerun is cheap)
        done = await WarehouseRepository(session).done(bank.id, subject, business_date)
    if done is not None:
        return FileOutcome(bank.code, subject, done.file_name or "", done.status, done.imported_count, done.rejected_count, done.unmatched_count)
    name = source.name(bank.code, subject, business_date)
    try:
        feed = await source.feed(bank.code, subject, business_date)
        if feed is None:
            return None
        mine: dict[Subject, pl.DataFrame] = {}
        async with transaction(sessions) as session:
            service = WarehouseService(session, cipher)
            job, fresh = await service.import_feed(feed, bank, matcher, started_by=started_by, facts=mine, preparing=turns.turn(subject))
        facts.update(mine)  # once the rows they come from are committed
        return FileOutcome(bank.code, subject, name, job.status, job.imported_count, job.rejected_count, job.unmatched_count, fresh=fresh)
    except DomainError as refused:
        async with transaction(sessions) as session:
            service = WarehouseService(session, cipher)
            await service.record_refusal(bank, subject, business_date, name, source.kind, refused, started_by=started_by)
        log.warning("warehouse_file_refused", file=name, code=refused.errors[0].code)
        return FileOutcome(bank.code, subject, name, ImportStatus.REFUSED, error=refused.errors[0].code)
