"""Rating archives with the card in force, explaining a rating, and the quarterly batch.

``RatingService.rate_customer`` is the real-time path (on demand; docs/rating.md lists when it
runs); ``rate_quarter`` is the batch the CLI and the cron job run. Both execute the statement
the card compiles to (``backend.rating.card``), so they agree to the point.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.customers.models import Customer
from backend.customers.repository import readable_customers
from backend.db.session import transaction
from backend.errors import BadInput, PermissionDenied, not_found
from backend.orgs.models import OrgLevel, OrgUnit
from backend.rating.card import INELIGIBLE, VETOES, Card, compile_card
from backend.rating.models import CardStatus, CustomerRating, RatingHistory, RatingWarning, RunStatus, Scorecard
from backend.rating.repository import RatingRepository
from backend.rules.engine import extra_kinds

PROVINCE_CARD_FILE = Path(__file__).with_name("province_card.json")
CHUNK = 50_000  # archives per batch statement (and per transaction: a killed batch loses at most one)
REASONS = 3  # the items that lowered the score most, as the explanation's reasons
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def previous_quarter(quarter: str) -> str:
    year, q = int(quarter[:4]), int(quarter[-1])
    return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"


def check_quarter(quarter: str) -> str:
    if not _QUARTER.match(quarter):
        raise ValueError(f"{quarter!r} is not a quarter like 2026Q4")
    return quarter


_CARDS: dict[int, Card] = {}  # parsed cards by id: a published card never changes


def card_of(row: Scorecard) -> Card:
    """A stored card, parsed once per process (not once per rating)."""
    if (card := _CARDS.get(row.id)) is None:
        card = _CARDS[row.id] = Card.model_validate(row.definition)
    return card


async def ensure_province_card(session: AsyncSession) -> bool:
    """Publish the shipped province card as version 1 when the province has none (reference
    data, like the rule baseline)."""
    if await session.scalar(select(func.count()).select_from(Scorecard).where(Scorecard.bank_id.is_(None))):
        return False
    card = Card.model_validate_json(PROVINCE_CARD_FILE.read_text(encoding="utf-8"))
    session.add(
        Scorecard(
            bank_id=None, version=1, status=CardStatus.PUBLISHED, name=card.name, definition=card.model_dump(mode="json"),
            created_by="system", approved_by="system", published_at=datetime.now(UTC),
        )
    )  # fmt: skip
    await session.flush()
    return True


@dataclass(frozen=True)
class ItemVerdict:
    code: str
    label: str
    value: str | None
    bin: str
    points: int
    max_points: int


@dataclass(frozen=True)
class Explanation:
    items: list[ItemVerdict]
    reasons: list[str]  # Chinese, the items that lowered the score most first
    vetoes: list[str]  # Chinese


def explain(rating: CustomerRating | RatingHistory, card: Card) -> Explanation:
    """Each item's contribution to a stored rating, and why it is not higher, in words a
    customer manager can tell the farmer (PIPL art. 24)."""
    items = [
        ItemVerdict(item.code, item.label, value, item.bins[n].label, item.bins[n].points, item.max_points)
        for item, n, value in zip(card.items, rating.bins, rating.item_values, strict=True)
    ]
    lost = sorted((i for i in items if i.points < i.max_points), key=lambda i: (i.points - i.max_points, i.code))
    reasons = [f"{i.label}为“{i.bin}”，得{i.points}分（满分{i.max_points}分）" for i in lost[:REASONS]]
    return Explanation(items, reasons, [VETOES[v][0] for v in rating.vetoes])


class RatingService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = RatingRepository(session)

    async def compiled(self, bank_id: int) -> tuple[Scorecard, str]:
        row = await self.repo.card_in_force(bank_id)
        if row is None:
            raise RuntimeError("no scorecard in force: `cic migrate` loads the province's")
        return row, compile_card(card_of(row), row.id, await extra_kinds(self.session, bank_id))

    async def rate(self, bank_id: int, customer_id: uuid.UUID) -> CustomerRating | None:
        """Rate one archive now with the card in force (real time)."""
        _, compiled = await self.compiled(bank_id)
        return await self.repo.rate_one(compiled, bank_id, customer_id)

    async def rate_customer(self, principal: Principal, customer_id: uuid.UUID) -> CustomerRating:
        """``rateCustomer``: a member of staff who works on the archive asks for its rating now."""
        if not principal.can(Permission.ARCHIVE_EDIT):
            raise PermissionDenied(Permission.ARCHIVE_EDIT.value)
        archive = (await self.session.scalars(readable_customers(principal).where(Customer.id == customer_id))).one_or_none()
        if archive is None:
            raise not_found("客户档案")
        rating = await self.rate(archive.bank_id, archive.id)
        assert rating is not None
        return rating

    async def ratings(
        self, principal: Principal, keys: list[tuple[int, uuid.UUID]]
    ) -> dict[tuple[int, uuid.UUID], CustomerRating | RatingHistory]:
        return await self.repo.ratings(principal, keys)

    async def history(self, principal: Principal, bank_id: int, customer_id: uuid.UUID, limit: int = 8) -> list[RatingHistory]:
        return await self.repo.history(principal, bank_id, customer_id, limit)

    async def cards(self, ids: list[int]) -> dict[int, Scorecard]:
        return await self.repo.cards(ids)

    async def warn(self, bank_id: int, quarter: str, card_row: Scorecard) -> int:
        """The bank's grade-migration warnings of the quarter against the one before (when its
        batch finishes), with the grades of the card it was rated with."""
        card = card_of(card_row)
        ranks = {g.code: n for n, g in enumerate(card.grades)} | {INELIGIBLE: len(card.grades)}
        return await self.repo.warn(bank_id, quarter, previous_quarter(quarter), ranks, [g.code for g in card.grades if g.watch])

    async def migration(self, principal: Principal, org_unit_id: int, before: str, after: str) -> list[tuple[str, str, int]]:
        """The grade migration matrix of an org unit in the caller's scope between two quarters."""
        for field, quarter in (("fromQuarter", before), ("toQuarter", after)):
            if not _QUARTER.match(quarter):
                raise BadInput(field, "a quarter is written like 2026Q4", reason="QUARTER_INVALID", message_zh="季度的格式应为 2026Q4")
        unit = await self.repo.unit(principal, org_unit_id)
        if unit is None:
            raise not_found("机构", "orgUnitId")
        return await self.repo.migration(unit.path, before, after)

    async def warnings(self, principal: Principal, quarter: str | None, *, mine: bool, limit: int) -> list[RatingWarning]:
        """Warnings within the caller's scope; ``mine``: the caller's worklist as a customer manager."""
        manager = principal.user_id if mine else None
        if mine and manager is None:
            return []
        return await self.repo.warnings(principal, quarter, manager, limit)


async def rate_bank(sessions: async_sessionmaker[AsyncSession], bank_id: int, *, chunk: int = CHUNK) -> int:
    """Re-rate every archive of a bank (its business data changed: a warehouse delivery), a
    chunk per transaction; the quarter's history is the batch's. Answers how many."""
    rated, after = 0, None
    while True:
        async with transaction(sessions) as session:
            service = RatingService(session)
            _, compiled = await service.compiled(bank_id)
            count, after = await service.repo.rate_chunk(compiled, bank_id, after, chunk)
        rated += count
        if count < chunk:
            return rated


@dataclass(frozen=True)
class RunOutcome:
    bank_code: str
    quarter: str
    rated: int  # by this call
    total: int  # by the run, this call included
    resumed: bool
    already_done: bool = False


async def rate_quarter(
    sessions: async_sessionmaker[AsyncSession], quarter: str, *, banks: list[str] | None = None,
    on_chunk: Callable[[str, int], None] | None = None, chunk: int = CHUNK,
) -> list[RunOutcome]:  # fmt: skip
    """Rate every archive of every bank (or of ``banks``) once for the quarter. Each bank has a
    (bank, quarter) run row, locked while a chunk is rated: a second worker waits and then
    continues after the chunk (exactly once), and a rerun after a crash resumes after the last
    committed chunk instead of starting again."""
    check_quarter(quarter)
    async with sessions() as session:
        stmt = select(OrgUnit).where(OrgUnit.level == OrgLevel.BANK)
        if banks is not None:
            stmt = stmt.where(OrgUnit.code.in_(banks))
        bank_units = list((await session.scalars(stmt.order_by(OrgUnit.code))).all())
    outcomes = []
    for bank in bank_units:
        rated, total, resumed, done = 0, 0, False, False
        while True:
            async with transaction(sessions) as session:
                service = RatingService(session)
                card, compiled = await service.compiled(bank.id)
                run = await service.repo.claim_run(bank.id, quarter, card.id)
                if run.status == RunStatus.DONE:
                    done, total = rated == 0, run.rated
                    break
                if rated == 0 and run.rated > 0:
                    resumed = True
                count, last = await service.repo.rate_chunk(compiled, bank.id, run.after, chunk, quarter=quarter)
                run.rated += count
                rated += count
                total = run.rated
                if last is not None:
                    run.after = last
                if count < chunk:
                    run.status, run.finished_at = RunStatus.DONE, datetime.now(UTC)
                    await service.warn(bank.id, quarter, card)
            if on_chunk is not None and count:
                on_chunk(bank.code, count)
            if run.status == RunStatus.DONE:
                break
        outcomes.append(RunOutcome(bank.code, quarter, rated, total, resumed, already_done=done))
    return outcomes

