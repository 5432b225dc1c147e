"""Rating archives with the card in force, explaining a rating, and the quarterly batch.

``RatingService.rate_customer`` is the real-time path (on demand; docs/rating.md lists when it
runs); ``rate_quarter`` is the batch the CLI and the cron job run. Both execute the statement
the card compiles to (``backend.rating.card``), so they agree to the point.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit import service as audit
from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.customers.models import Customer
from backend.customers.repository import CustomerRepository, readable_customers
from backend.db.session import transaction
from backend.customers.validation import to_field_errors
from backend.dual_control.models import ChangeKind, PendingChange
from backend.dual_control.repository import PendingChangeRepository
from backend.dual_control.service import DualControlService, executor
from backend.errors import BadInput, DomainError, FieldError, PermissionDenied, field_error, not_found
from backend.orgs.models import OrgLevel, OrgUnit
from backend.outbox.service import Outbox
from backend.rating.card import INELIGIBLE, MAX_SCORE, VETOES, Card, compile_card, draft_from_fit, variable
from backend.rating.models import CardStatus, CustomerRating, RatingHistory, RatingRun, RatingWarning, RunStatus, Scorecard
from backend.rating.repository import RatingRepository
from backend.rating.tasks import RERATE, CardRef
from backend.rules.engine import extra_kinds

PROVINCE_CARD_FILE = Path(__file__).with_name("province_card.json")
CHUNK = 50_000  # archives per batch statement (and per transaction: a killed batch loses at most one)
REASONS = 3  # the items that lowered the score most, as the explanation's reasons
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
DRY_RUN_SAMPLE = (100, 100_000)  # archives per bank a dry run may sample


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
# The card's statement by card and the bank's extra fields' kinds: compiling it took about 0.5 ms
# of every real-time rating (each straight-through application rates its archive).
_COMPILED: dict[tuple[int, tuple[tuple[str, str], ...]], str] = {}


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


@dataclass
class GradeCount:
    code: str
    label: str
    in_force: int = 0
    draft: int = 0


@dataclass
class CardDryRun:
    """A card rated over a sample next to the card in force: the distributions and what moves."""

    in_force: Scorecard  # the card compared with (for a province card: the province's in force)
    archives: int = 0
    sampled: bool = True
    banks: int = 0
    mean_in_force: float = 0.0
    mean_draft: float = 0.0
    upgraded: int = 0
    downgraded: int = 0
    newly_vetoed: int = 0
    grades: list[GradeCount] = field(default_factory=list)  # the draft's grades, best first, then D
    bands: list[tuple[int, int, int]] = field(default_factory=list)  # (band start, in force, draft), 100 points each
    moves: dict[tuple[str, str], int] = field(default_factory=dict)  # (grade in force, draft grade) -> archives


def administered_scope(principal: Principal) -> int | None:
    """The scope whose cards the caller administers (RATING_ADMIN): None for the province's card
    (a province administrator), else the caller's bank (a bank administrator)."""
    if principal.can(Permission.RATING_ADMIN):
        if principal.org_level == OrgLevel.PROVINCE:
            return None
        if principal.org_level == OrgLevel.BANK and principal.bank_id is not None:
            return principal.bank_id
    raise PermissionDenied(Permission.RATING_ADMIN.value)


class RatingService:
    def __init__(self, session: AsyncSession, outbox: Outbox | None = None) -> None:
        self.session = session
        self.outbox = outbox
        self.repo = RatingRepository(session)

    # -- cards: draft, dry run, publish with a second administrator's approval -----------------
    async def scorecards(self, principal: Principal, *, include_superseded: bool = False) -> list[Scorecard]:
        return await self.repo.visible_cards(principal, include_superseded=include_superseded)

    async def scorecard(self, principal: Principal, card_id: int) -> Scorecard | None:
        return await self.repo.card(principal, card_id)

    async def _administered(self, principal: Principal, card_id: int) -> Scorecard:
        scope = administered_scope(principal)
        row = await self.repo.card(principal, card_id, for_update=True)
        if row is None or row.bank_id != scope:
            raise not_found("评分卡")
        return row

    async def checked(self, definition: dict[str, Any], bank_id: int | None) -> Card:
        """A card as a bank (or the province) may publish it: the card model's rules, and every
        extra field it reads defined by that bank (the province's card reads none: each bank has
        its own)."""
        try:
            card = Card.model_validate(definition)
        except ValidationError as exc:
            raise DomainError(*to_field_errors(exc)) from None
        kinds = await extra_kinds(self.session, bank_id) if bank_id is not None else {}
        errors = []
        for n, item in enumerate(card.items):
            if not item.variable.startswith("extra."):
                continue
            found = variable(item.variable, kinds)
            if bank_id is None:
                errors.append(FieldError(f"items[{n}].variable", "EXTRA_FIELD_IN_PROVINCE_CARD", "省级评分卡不能读取各行社自定义的扩展字段", "the province's card cannot read a bank's extra field"))
            elif found is None:
                errors.append(FieldError(f"items[{n}].variable", "UNKNOWN_EXTRA_FIELD", f"本行社没有可评分的扩展字段 {item.variable}", f"the bank defines no scorable extra field {item.variable}"))
            elif found.numeric != (item.kind == "NUMERIC"):
                errors.append(FieldError(f"items[{n}].kind", "EXTRA_KIND_MISMATCH", f"扩展字段 {item.variable} 是{'数值' if found.numeric else '分类'}型", f"{item.variable} is {'numeric' if found.numeric else 'a category'}"))
        if errors:
            raise DomainError(*errors)
        return card

    async def save_card(self, principal: Principal, card_id: int | None, definition: dict[str, Any]) -> Scorecard:
        """Create a draft card of the caller's scope, or replace a draft's definition."""
        scope = administered_scope(principal)
        row = None
        if card_id is not None:
            row = await self._administered(principal, card_id)
            if row.status != CardStatus.DRAFT:
                raise field_error("id", "PUBLISHED_IS_IMMUTABLE", "已发布的评分卡不能修改，请新建草稿", "a published card cannot change: start a new draft")
            if await PendingChangeRepository(self.session).open_for("Scorecard", str(row.id)) is not None:
                raise field_error(
                    "id", "PUBLISH_PENDING", "该草稿的发布申请正在等待复核，撤回申请后才能修改",
                    "the draft waits for a second administrator to approve its publication: withdraw the request to edit it",
                )
        card = await self.checked(definition, scope)
        return await self._store_draft(scope, row, card, principal=principal)

    async def import_fitted(self, bank_id: int, fitted: dict[str, Any], mapping: dict[str, str], *, name: str, by: str) -> Scorecard:
        """A fitted card (``cic rating fit``) as a new draft of the bank, its columns mapped to CIC
        variables and the grading policy of the bank's card in force (``cic rating import``, run
        by an operator). It is dry-run and published like any draft: in the PC, by two admins."""
        in_force = await self.repo.card_in_force(bank_id)
        if in_force is None:
            raise RuntimeError("no scorecard in force: `cic migrate` loads the province's")
        card = await self.checked(draft_from_fit(fitted, mapping, card_of(in_force), name), bank_id)
        return await self._store_draft(bank_id, None, card, actor=by)

    async def _store_draft(
        self, scope: int | None, row: Scorecard | None, card: Card, *, principal: Principal | None = None, actor: str | None = None
    ) -> Scorecard:
        if row is None:
            author = principal.username if principal is not None else actor
            row = Scorecard(bank_id=scope, version=await self.repo.next_version(scope), status=CardStatus.DRAFT, created_by=author or "?")
            self.session.add(row)
        row.name, row.definition = card.name, card.model_dump(mode="json")
        await self.session.flush()
        await audit.record(
            self.session, action="rating.save_card", org_path=await self._org_path(scope), principal=principal, actor_username=actor,
            target_type="Scorecard", target_id=str(row.id), detail={"version": row.version, "items": [i.code for i in card.items]},
        )
        return row

    async def dry_run(self, principal: Principal, card_id: int, *, sample: int | None) -> CardDryRun:
        """Rate a sample of the archives the card would rate (its bank's; for the province's card,
        those of every bank without a card of its own) with the card and with the card in force,
        side by side: nothing is stored."""
        if sample is not None and not DRY_RUN_SAMPLE[0] <= sample <= DRY_RUN_SAMPLE[1]:
            raise field_error(
                "sample", "OUT_OF_RANGE", f"抽样数须在{DRY_RUN_SAMPLE[0]}至{DRY_RUN_SAMPLE[1]}之间",
                f"the sample is {DRY_RUN_SAMPLE[0]} to {DRY_RUN_SAMPLE[1]} archives per bank",
            )
        row = await self._administered(principal, card_id)
        card = await self.checked(row.definition, row.bank_id)
        if row.bank_id is not None:
            banks = [row.bank_id]
            in_force = await self.repo.card_in_force(row.bank_id)
        else:
            banks = await self.repo.banks_on_province_card()
            in_force = await self.repo.card_in_force(None)
        if in_force is None:
            raise RuntimeError("no scorecard in force: `cic migrate` loads the province's")
        kinds = await extra_kinds(self.session, row.bank_id) if row.bank_id is not None else {}
        old = card_of(in_force)
        rows = await self.repo.compare(compile_card(card, row.id, kinds), compile_card(old, in_force.id, kinds), banks, sample)
        report = CardDryRun(in_force=in_force, sampled=sample is not None, banks=len(banks))
        new_rank = {g.code: n for n, g in enumerate(card.grades)} | {INELIGIBLE: len(card.grades)}
        old_rank = {g.code: n for n, g in enumerate(old.grades)} | {INELIGIBLE: len(old.grades)}
        counts = {g.code: GradeCount(g.code, g.label) for g in card.grades} | {INELIGIBLE: GradeCount(INELIGIBLE, "D（不予授信）")}
        for g in old.grades:  # a grade only the card in force has
            counts.setdefault(g.code, GradeCount(g.code, g.label))
        bands = {b: [0, 0] for b in range(MAX_SCORE // 100)}
        total_old = total_new = 0
        for before, after, band_before, band_after, n, sum_old, sum_new, vetoed in rows:
            report.archives += n
            total_old, total_new = total_old + sum_old, total_new + sum_new
            counts[before].in_force += n
            counts[after].draft += n
            bands[min(band_before, len(bands) - 1)][0] += n
            bands[min(band_after, len(bands) - 1)][1] += n
            report.moves[(before, after)] = report.moves.get((before, after), 0) + n
            report.upgraded += n if new_rank[after] < old_rank[before] else 0
            report.downgraded += n if new_rank[after] > old_rank[before] else 0
            report.newly_vetoed += vetoed
        if report.archives:
            report.mean_in_force, report.mean_draft = total_old / report.archives, total_new / report.archives
        report.grades = list(counts.values())
        report.bands = [(b * 100, old_n, new_n) for b, (old_n, new_n) in bands.items()]
        return report

    async def request_publish(self, principal: Principal, card_id: int) -> tuple[Scorecard, PendingChange]:
        """Ask for a draft to go into force: a second administrator of the same scope approves it
        (``dual_control``), which publishes it. The draft is frozen meanwhile."""
        row = await self._administered(principal, card_id)
        if row.status != CardStatus.DRAFT:
            raise field_error("id", "NOT_A_DRAFT", "只有草稿可以发布", "only a draft can be published")
        await self.checked(row.definition, row.bank_id)
        change = await DualControlService(self.session, None).request(
            principal, ChangeKind.SCORECARD_PUBLISH, org_path=await self._org_path(row.bank_id), target_type="Scorecard",
            target_id=row.id,
            detail={"name": row.name, "version": row.version, "scope": "PROVINCE" if row.bank_id is None else "BANK", "bank": await self._bank_name(row.bank_id)},
        )
        return row, change

    async def publish(self, checker: Principal, card_id: int) -> Scorecard:
        """Put a draft into force (the approval of its publication request): the scope's card in
        force is superseded, and the archives it rates are re-rated by a job."""
        row = await self._administered(checker, card_id)
        if row.status != CardStatus.DRAFT:
            raise field_error("id", "NOT_A_DRAFT", "只有草稿可以发布", "only a draft can be published")
        await self.checked(row.definition, row.bank_id)
        await self.repo.supersede(row.bank_id)
        row.status, row.approved_by, row.published_at = CardStatus.PUBLISHED, checker.username, datetime.now(UTC)
        await self.session.flush()
        if self.outbox is not None:
            await self.outbox.enqueue(self.session, RERATE, CardRef(row.id))
        await audit.record(
            self.session, action="rating.publish_card", org_path=await self._org_path(row.bank_id), principal=checker,
            target_type="Scorecard", target_id=str(row.id), detail={"version": row.version, "requestedBy": row.created_by},
        )
        return row

    async def rerated_banks(self, card_id: int) -> list[int]:
        """The banks a published card is in force for (its bank, or every bank without its own)."""
        row = await self.session.get(Scorecard, card_id)
        if row is None or row.status != CardStatus.PUBLISHED:
            return []  # superseded before the job ran: the newer card's job re-rates
        return [row.bank_id] if row.bank_id is not None else await self.repo.banks_on_province_card()

    async def _bank_name(self, bank_id: int | None) -> str | None:
        return await self.session.scalar(select(OrgUnit.name).where(OrgUnit.id == bank_id)) if bank_id is not None else None

    async def delete_draft(self, principal: Principal, card_id: int) -> None:
        """Discard a draft of the caller's scope (not one waiting for approval); its version
        number is free again (the audit log keeps the card's id)."""
        row = await self._administered(principal, card_id)
        if row.status != CardStatus.DRAFT:
            raise field_error("id", "PUBLISHED_IS_IMMUTABLE", "已发布的评分卡不能删除", "a published card cannot be deleted")
        if await PendingChangeRepository(self.session).open_for("Scorecard", str(row.id)) is not None:
            raise field_error(
                "id", "PUBLISH_PENDING", "该草稿的发布申请正在等待复核，撤回申请后才能删除",
                "the draft waits for a second administrator to approve its publication: withdraw the request to delete it",
            )
        await self.session.delete(row)
        await self.session.flush()
        await audit.record(
            self.session, action="rating.delete_card", org_path=await self._org_path(row.bank_id), principal=principal,
            target_type="Scorecard", target_id=str(row.id), detail={"version": row.version},
        )

    async def _org_path(self, bank_id: int | None) -> str:
        if bank_id is None:
            return "/"
        return await self.session.scalar(select(OrgUnit.path).where(OrgUnit.id == bank_id)) or "/"

    async def compiled(self, bank_id: int) -> str:
        """The rating statement of the card in force for the bank, read with the bank's extra
        fields' kinds in one statement and compiled once per process for that pair."""
        row, extras = await self.repo.card_and_kinds(bank_id)
        if row is None:
            raise RuntimeError("no scorecard in force: `cic migrate` loads the province's")
        key = (row.id, tuple(sorted(extras.items())))
        if (statement := _COMPILED.get(key)) is None:
            if len(_COMPILED) >= 1_000:
                _COMPILED.clear()
            statement = _COMPILED[key] = compile_card(card_of(row), row.id, extras)
        return statement

    async def rate(self, bank_id: int, customer_id: uuid.UUID) -> CustomerRating | None:
        """Rate one archive now with the card in force (real time)."""
        compiled = await self.compiled(bank_id)
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

    async def histories(
        self, principal: Principal, keys: list[tuple[int, uuid.UUID]], limit: int = 8
    ) -> dict[tuple[int, uuid.UUID], list[RatingHistory]]:
        """The last ``limit`` quarters of each archive, newest first."""
        return await self.repo.histories(principal, keys, limit)

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
        for name, quarter in (("fromQuarter", before), ("toQuarter", after)):
            if not _QUARTER.match(quarter):
                raise BadInput(name, "a quarter is written like 2026Q4", reason="QUARTER_INVALID", message_zh="季度的格式应为 2026Q4")
        unit = await self.repo.unit(principal, org_unit_id)
        if unit is None:
            raise not_found("机构", "orgUnitId")
        return await self.repo.migration(unit.path, before, after)

    async def distribution(self, principal: Principal, org_unit_id: int, quarter: str) -> list[tuple[OrgUnit, dict[str, int]]]:
        """The quarter's grade distribution under an org unit in the caller's scope, by its
        children (biggest first), the unit's own archives as a row of their own."""
        if not _QUARTER.match(quarter):
            raise BadInput("quarter", "a quarter is written like 2026Q4", reason="QUARTER_INVALID", message_zh="季度的格式应为 2026Q4")
        unit = await self.repo.unit(principal, org_unit_id)
        if unit is None:
            raise not_found("机构", "orgUnitId")
        counts: dict[int, dict[str, int]] = {}
        for unit_id, grade, n in await self.repo.distribution(unit.path, quarter):
            counts.setdefault(unit_id, {})[grade] = n
        units = {u.id: u for u in (await self.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(list(counts))))).all()}
        return sorted(((units[i], c) for i, c in counts.items()), key=lambda r: (-sum(r[1].values()), r[0].code))

    async def archives(self, principal: Principal, ids: list[uuid.UUID]) -> dict[uuid.UUID, Customer]:
        """The archives of a worklist the caller may read."""
        return await CustomerRepository(self.session).get_many(principal, list(set(ids)))

    async def warnings(
        self, principal: Principal, quarter: str | None, *, mine: bool, limit: int, org_unit_id: int | None = None
    ) -> list[RatingWarning]:
        """Warnings within the caller's scope (``org_unit_id``: under that unit of it); ``mine``:
        the caller's worklist as a customer manager."""
        manager = principal.user_id if mine else None
        if mine and manager is None:
            return []
        under = None
        if org_unit_id is not None:
            unit = await self.repo.unit(principal, org_unit_id)
            if unit is None:
                raise not_found("机构", "orgUnitId")
            under = unit.path
        return await self.repo.warnings(principal, quarter, manager, limit, under=under)


async def rate_bank(sessions: async_sessionmaker[AsyncSession], bank_id: int, *, chunk: int = CHUNK, workers: int = 1) -> int:
    """Re-rate every archive of a bank (its business data changed, or its card), a chunk per
    transaction, ``workers`` connections at once, each over its share of the ids (ids are
    random: equal shares); the quarter's history is the batch's. Answers how many."""
    space = 1 << 128
    shares = [
        # ids in (first, last]: (None, b1 - 1], (b1 - 1, b2 - 1], ..., (b(n-1) - 1, None]
        (uuid.UUID(int=k * space // workers - 1) if k else None, uuid.UUID(int=(k + 1) * space // workers - 1) if k < workers - 1 else None)
        for k in range(max(1, workers))
    ]

    async def share(first: uuid.UUID | None, last: uuid.UUID | None) -> int:
        rated, after = 0, first
        while True:
            async with transaction(sessions) as session:
                service = RatingService(session)
                compiled = await service.compiled(bank_id)
                count, after = await service.repo.rate_chunk(compiled, bank_id, after, chunk, last=last)
            rated += count
            if count < chunk:
                return rated

    return sum(await asyncio.gather(*(share(first, last) for first, last in shares)))


@dataclass(frozen=True)
class RunOutcome:
    bank_code: str
    quarter: str
    rated: int  # by this call
    total: int  # by the run when this call ended, this call included
    resumed: bool
    already_done: bool = False


async def rate_quarter(
    sessions: async_sessionmaker[AsyncSession], quarter: str, *, banks: list[str] | None = None,
    on_chunk: Callable[[str, int], None] | None = None, chunk: int = CHUNK, workers: int = 1,
) -> list[RunOutcome]:  # fmt: skip
    """Rate every archive of every bank (or of ``banks``) once for the quarter.

    Each bank has a (bank, quarter) run row, created with the bank's chunks of ``chunk``
    archives (by id) and the card in force; ``workers`` connections then claim chunks one at a
    time (``FOR UPDATE SKIP LOCKED``) and rate each in its own transaction, which marks it rated.
    A second process does the same alongside, a rerun after a crash rates only the chunks not
    yet rated, and whoever rates the last chunk closes the run and records the warnings."""
    check_quarter(quarter)
    async with sessions() as session:
        stmt = select(OrgUnit).where(OrgUnit.level == OrgLevel.BANK)
        if banks is not None:
            stmt = stmt.where(OrgUnit.code.in_(banks))
        bank_units = list((await session.scalars(stmt.order_by(OrgUnit.code))).all())
    outcomes = []
    for bank in bank_units:
        async with transaction(sessions) as session:
            service = RatingService(session)
            in_force = await service.repo.card_in_force(bank.id)
            if in_force is None:
                raise RuntimeError("no scorecard in force: `cic migrate` loads the province's")
            run = await service.repo.claim_run(bank.id, quarter, in_force.id, chunk)
            status, before, card_id = run.status, run.rated, run.card_id
        if status == RunStatus.DONE:
            outcomes.append(RunOutcome(bank.code, quarter, 0, before, False, already_done=True))
            continue
        async with sessions() as session:
            card_row = await session.get(Scorecard, card_id)
            assert card_row is not None
            compiled = compile_card(card_of(card_row), card_row.id, await extra_kinds(session, bank.id))
        rated = sum(await asyncio.gather(*(_rate_chunks(sessions, bank, quarter, compiled, on_chunk) for _ in range(max(1, workers)))))
        async with transaction(sessions) as session:
            service = RatingService(session)
            if (finished := await service.repo.finish_run(bank.id, quarter)) is not None:
                await service.warn(bank.id, quarter, card_row)
            total = finished.rated if finished is not None else (await session.get(RatingRun, (bank.id, quarter))).rated  # type: ignore[union-attr]
        outcomes.append(RunOutcome(bank.code, quarter, rated, total, resumed=before > 0))
    return outcomes


async def _rate_chunks(
    sessions: async_sessionmaker[AsyncSession], bank: OrgUnit, quarter: str, compiled: str, on_chunk: Callable[[str, int], None] | None
) -> int:
    """One connection's share of a run: claim a chunk, rate it, commit; until none is left."""
    rated = 0
    while True:
        async with transaction(sessions) as session:
            repo = RatingRepository(session)
            claimed = await repo.claim_chunk(bank.id, quarter)
            if claimed is None:
                return rated
            count = await repo.rate_range(compiled, bank.id, claimed.after, claimed.last, quarter)
            claimed.rated, claimed.rated_at = count, datetime.now(UTC)
        rated += count
        if on_chunk is not None and count:
            on_chunk(bank.code, count)


@executor(ChangeKind.SCORECARD_PUBLISH)
async def _approve_publication(services: Any, session: AsyncSession, checker: Principal, change: PendingChange) -> None:
    await RatingService(session, services.outbox).publish(checker, int(change.target_id))
