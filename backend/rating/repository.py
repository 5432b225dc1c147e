"""Rating queries; every read starts from a readable statement (the caller's subtree).

Rating itself is one statement per set of archives (``backend.rating.card.compile_card``): one
archive in real time, a keyset chunk of a bank in the quarterly batch. No statement per row.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, bindparam, func, or_, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.orm.util import identity_key

from backend.auth.principal import Principal, customer_only
from backend.customers.models import Customer
from backend.orgs.models import OrgLevel, OrgUnit
from backend.rating.card import scoped
from backend.rules.engine import extra_kinds_column, extra_kinds_of
from backend.db.prefix import starts_with
from backend.db.session import hold
from backend.rating.models import (
    CardStatus,
    CustomerRating,
    RatingHistory,
    RatingRun,
    RatingRunChunk,
    RatingWarning,
    RunStatus,
    Scorecard,
)

# JIT compiling a card's statement (a hundred-odd expressions, with optimization) costs more than
# it saves: about 2 s of a 7 s statement over 250,000 archives, paid again by every chunk of the
# batch (docs/benchmarks.md). The rating statements run without it.
NO_JIT = text("SET LOCAL jit = off")
# A chunk of the batch joins tens of thousands of archives to their aggregates and evaluations:
# hash joins. At 8.5 million archives the planner, its estimate of a chunk's evaluations off by
# thousands (one row), chose a nested loop over a materialized inner side instead, every archive
# against every evaluation of the chunk: a chunk of 50,000 took minutes, not half a second
# (docs/benchmarks.md "Province scale"). Batch statements run without nested loops.
BATCH = text("SELECT set_config('jit', 'off', true), set_config('enable_nestloop', 'off', true)")
COLUMNS = "bank_id, customer_id, card_id, score, grade, bins, item_values, vetoes, quota"
_UPDATE = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS.split(", ")[2:]) + ", rated_at = excluded.rated_at"
NO_ID = uuid.UUID(int=0)


def _id_range(*, after: bool, last: bool) -> tuple[str, str]:
    """The conditions (``scoped``'s ``where`` and ``keys``) of a bank's archives with ids in
    ``(:after, :last]``, either bound left out when ``False``."""
    where, keys = "c.bank_id = :bank AND c.status <> 'ARCHIVED'", "k.bank_id = :bank"
    if after:
        where, keys = f"{where} AND c.id > :after", f"{keys} AND k.customer_id > :after"
    if last:
        where, keys = f"{where} AND c.id <= :last", f"{keys} AND k.customer_id <= :last"
    return where, keys


def readable_cards(principal: Principal) -> Select[tuple[Scorecard]]:
    """Scorecards the caller may read: the province's, and those of the banks in (or above) their
    subtree: a bank's staff read their bank's cards, the province's staff every bank's."""
    banks = select(OrgUnit.id).where(OrgUnit.level == OrgLevel.BANK, starts_with(OrgUnit.path, principal.scope_path))
    mine = [Scorecard.bank_id == principal.bank_id] if principal.bank_id is not None else []
    return select(Scorecard).where(or_(Scorecard.bank_id.is_(None), Scorecard.bank_id.in_(banks), *mine))


def readable_ratings(model: Any, principal: Principal) -> Select[Any]:
    """Ratings (current or history) of the archives the caller may read."""
    archive = (Customer.bank_id == model.bank_id) & (Customer.id == model.customer_id)
    stmt = select(model).join(Customer, archive).where(starts_with(Customer.org_path, principal.scope_path))
    return customer_only(stmt, principal, Customer.id)


def _in_force(bank: Any) -> Select:
    """The bank's latest published card, else the province's (``None``: the province's)."""
    return (
        select(Scorecard)
        .where(Scorecard.status == CardStatus.PUBLISHED, or_(Scorecard.bank_id == bank, Scorecard.bank_id.is_(None)))
        .order_by(Scorecard.bank_id.is_(None), Scorecard.version.desc())
        .limit(1)
    )


# A real-time rating reads the card in force and the bank's extra fields' kinds (its compiled
# statement's key) in one statement (built once).
_CARD_AND_KINDS = _in_force(bindparam("bank")).add_columns(extra_kinds_column(bindparam("bank")))


class RatingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def card_and_kinds(self, bank_id: int) -> tuple[Scorecard | None, dict[str, str]]:
        """The card in force for the bank and the bank's extra fields' kinds, in one statement.
        The card stays held: an application of this rating asks for it by id next."""
        found = (await self.session.execute(_CARD_AND_KINDS, {"bank": bank_id})).first()
        if found is None:
            return None, {}
        card, kinds = found
        hold(self.session, card)
        return card, extra_kinds_of(kinds)

    async def card_in_force(self, bank_id: int | None) -> Scorecard | None:
        """The bank's latest published card, else the province's (``None``: the province's)."""
        card = (await self.session.scalars(_in_force(bank_id))).first()
        if card is not None:
            hold(self.session, card)
        return card

    async def card(self, principal: Principal, card_id: int, *, for_update: bool = False) -> Scorecard | None:
        stmt = readable_cards(principal).where(Scorecard.id == card_id)
        if for_update:
            stmt = stmt.with_for_update(of=Scorecard)
        return (await self.session.scalars(stmt)).one_or_none()

    async def visible_cards(self, principal: Principal, *, include_superseded: bool) -> list[Scorecard]:
        """The province's cards first, then each bank's; newest version first."""
        stmt = readable_cards(principal)
        if not include_superseded:
            stmt = stmt.where(Scorecard.status != CardStatus.SUPERSEDED)
        stmt = stmt.order_by(Scorecard.bank_id.is_not(None), Scorecard.bank_id, Scorecard.version.desc())
        return list((await self.session.scalars(stmt)).all())

    async def next_version(self, bank_id: int | None) -> int:
        latest = await self.session.scalar(
            select(func.max(Scorecard.version)).where(func.coalesce(Scorecard.bank_id, 0) == (bank_id or 0))
        )
        return (latest or 0) + 1

    async def supersede(self, bank_id: int | None) -> None:
        """The scope's published card gives way (a new one is being published)."""
        await self.session.execute(
            update(Scorecard)
            .where(func.coalesce(Scorecard.bank_id, 0) == (bank_id or 0), Scorecard.status == CardStatus.PUBLISHED)
            .values(status=CardStatus.SUPERSEDED)
        )

    async def banks_on_province_card(self) -> list[int]:
        """Banks with no published card of their own: the province's card is theirs."""
        own = select(Scorecard.bank_id).where(Scorecard.status == CardStatus.PUBLISHED, Scorecard.bank_id.is_not(None))
        stmt = select(OrgUnit.id).where(OrgUnit.level == OrgLevel.BANK, OrgUnit.id.not_in(own)).order_by(OrgUnit.id)
        return list((await self.session.scalars(stmt)).all())

    async def compare(self, draft: str, in_force: str, banks: list[int], sample: int | None) -> list[tuple[Any, ...]]:
        """Rate a sample of the banks' archives (the first ``sample`` of each bank by id: ids are
        random, so this is a random sample, and the same one every time) with a draft card and
        with the card in force, in one statement: (grade in force, draft grade, band in force,
        draft band, archives, sum of scores in force, sum of draft scores, newly vetoed), a band
        being a hundred points."""
        if sample is None:
            archives = "SELECT id FROM customers WHERE bank_id = ANY(:banks) AND status <> 'ARCHIVED'"
        else:
            archives = """SELECT s.id FROM unnest(CAST(:banks AS bigint[])) b(id) CROSS JOIN LATERAL (
                            SELECT id FROM customers WHERE bank_id = b.id AND status <> 'ARCHIVED' ORDER BY id LIMIT :sample) s"""
        where = "c.bank_id = ANY(:banks) AND c.id IN (SELECT id FROM s)"
        keys = "k.bank_id = ANY(:banks)"
        await self.session.execute(NO_JIT)
        rows = await self.session.execute(
            text(
                f"""WITH s AS MATERIALIZED ({archives}),
                o AS MATERIALIZED ({scoped(in_force, where, keys)}),
                d AS MATERIALIZED ({scoped(draft, where, keys)})
                SELECT o.grade, d.grade, o.score / 100, d.score / 100, count(*), sum(o.score), sum(d.score),
                       count(*) FILTER (WHERE NOT d.vetoes <@ o.vetoes)
                FROM o JOIN d ON d.bank_id = o.bank_id AND d.customer_id = o.customer_id
                GROUP BY 1, 2, 3, 4"""
            ),
            {"banks": banks} | ({"sample": sample} if sample is not None else {}),
        )
        return [tuple(r) for r in rows.all()]

    async def rate_one(self, compiled: str, bank_id: int, customer_id: uuid.UUID) -> CustomerRating | None:
        query = scoped(compiled, "c.bank_id = :bank AND c.id = :id", "k.bank_id = :bank AND k.customer_id = :id")
        write = text(f"INSERT INTO customer_ratings ({COLUMNS}, rated_at) SELECT v.*, now() FROM ({query}) v "
                     f"ON CONFLICT (bank_id, customer_id) DO UPDATE SET {_UPDATE} RETURNING customer_ratings.*")  # fmt: skip
        stmt = select(CustomerRating).from_statement(write).execution_options(populate_existing=True)
        return (await self.session.scalars(stmt, {"bank": bank_id, "id": customer_id})).one_or_none()

    async def rate_chunk(
        self, compiled: str, bank_id: int, after: uuid.UUID | None, limit: int, *, last: uuid.UUID | None = None
    ) -> tuple[int, uuid.UUID | None]:
        """Rate the next ``limit`` archives of the bank after ``after`` (and up to ``last``, by
        id) into the current ratings, in one statement; answers how many and the last id."""
        await self.session.execute(BATCH)
        where, keys = _id_range(after=True, last=last is not None)
        where += " ORDER BY c.id LIMIT :limit"
        write = f"""INSERT INTO customer_ratings ({COLUMNS}, rated_at) SELECT v.*, now() FROM v
                    ON CONFLICT (bank_id, customer_id) DO UPDATE SET {_UPDATE}"""
        row = (
            await self.session.execute(
                text(
                    f"""WITH v AS MATERIALIZED ({scoped(compiled, where, keys)}), w AS ({write})
                    SELECT count(*), (SELECT customer_id FROM v ORDER BY customer_id DESC LIMIT 1) FROM v"""
                ),
                {"bank": bank_id, "after": after or NO_ID, "limit": limit} | ({"last": last} if last is not None else {}),
            )
        ).one()
        return row[0], row[1]

    async def claim_run(self, bank_id: int, quarter: str, card_id: int, chunk: int) -> RatingRun:
        """The bank's run of the quarter, created with its chunks if there is none (locked until
        commit: a second worker waits here, then sees what the first committed)."""
        await self.session.execute(
            text("INSERT INTO rating_runs (bank_id, quarter, status, card_id, rated) VALUES (:bank, :quarter, 'RUNNING', :card, 0) "
                 "ON CONFLICT (bank_id, quarter) DO NOTHING"),
            {"bank": bank_id, "quarter": quarter, "card": card_id},
        )  # fmt: skip
        run = await self.session.get(RatingRun, (bank_id, quarter), with_for_update=True, populate_existing=True)
        assert run is not None
        chunks = select(func.count()).select_from(RatingRunChunk).where(RatingRunChunk.bank_id == bank_id, RatingRunChunk.quarter == quarter)
        if run.status == RunStatus.RUNNING and not await self.session.scalar(chunks):
            await self._fix_chunks(bank_id, quarter, chunk)
        return run

    async def _fix_chunks(self, bank_id: int, quarter: str, size: int) -> None:
        """Cut the bank's archives into chunks of ``size`` by id: the last id of every full chunk
        is a boundary (one index-only pass); the last chunk is open above, so an archive created
        during the run falls into a chunk too."""
        bounds = (
            await self.session.scalars(
                text("SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM customers "
                     "WHERE bank_id = :bank AND status <> 'ARCHIVED') s WHERE n % :size = 0 ORDER BY id"),
                {"bank": bank_id, "size": size},
            )
        ).all()  # fmt: skip
        edges = [None, *bounds, None]
        self.session.add_all(
            RatingRunChunk(bank_id=bank_id, quarter=quarter, chunk=n, after=after, last=last)
            for n, (after, last) in enumerate(zip(edges, edges[1:], strict=False))
        )
        await self.session.flush()

    async def claim_chunk(self, bank_id: int, quarter: str) -> RatingRunChunk | None:
        """The next chunk of the run nobody has rated or is rating, locked until commit."""
        stmt = (
            select(RatingRunChunk)
            .where(RatingRunChunk.bank_id == bank_id, RatingRunChunk.quarter == quarter, RatingRunChunk.rated.is_(None))
            .order_by(RatingRunChunk.chunk)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        return (await self.session.scalars(stmt)).first()

    async def rate_range(self, compiled: str, bank_id: int, after: uuid.UUID | None, last: uuid.UUID | None, quarter: str) -> int:
        """Rate the bank's archives with ids in ``(after, last]`` into the quarter's history, in
        one statement; answers how many."""
        await self.session.execute(BATCH)
        where, keys = _id_range(after=after is not None, last=last is not None)
        params = {"bank": bank_id, "quarter": quarter} | ({"after": after} if after is not None else {}) | ({"last": last} if last is not None else {})
        result = await self.session.execute(
            text(f"""INSERT INTO rating_history ({COLUMNS}, rated_at, quarter) SELECT v.*, now(), :quarter FROM ({scoped(compiled, where, keys)}) v
                     ON CONFLICT (bank_id, customer_id, quarter) DO UPDATE SET {_UPDATE}"""),
            params,
        )  # fmt: skip
        await self.session.execute(
            update(RatingRun).where(RatingRun.bank_id == bank_id, RatingRun.quarter == quarter).values(rated=RatingRun.rated + result.rowcount)
        )
        return result.rowcount

    async def finish_run(self, bank_id: int, quarter: str) -> RatingRun | None:
        """Mark the run done if every chunk is rated (answers it, locked, when this call did)."""
        run = await self.session.get(RatingRun, (bank_id, quarter), with_for_update=True, populate_existing=True)
        pending = select(RatingRunChunk.chunk).where(
            RatingRunChunk.bank_id == bank_id, RatingRunChunk.quarter == quarter, RatingRunChunk.rated.is_(None)
        )
        if run is None or run.status != RunStatus.RUNNING or (await self.session.scalars(pending.limit(1))).first() is not None:
            return None
        run.status, run.finished_at = RunStatus.DONE, func.now()
        await self.session.flush()
        return run

    async def ratings(
        self, principal: Principal, keys: Sequence[tuple[int, uuid.UUID]]
    ) -> dict[tuple[int, uuid.UUID], CustomerRating | RatingHistory]:
        """Each archive's latest rating: the real-time one or the last quarter's batch, whichever
        is newer (the batch writes only the history: one write per archive, not two)."""
        found: dict[tuple[int, uuid.UUID], CustomerRating | RatingHistory] = {}
        current = readable_ratings(CustomerRating, principal).where(tuple_(CustomerRating.bank_id, CustomerRating.customer_id).in_(list(keys)))
        latest = (
            readable_ratings(RatingHistory, principal)
            .where(tuple_(RatingHistory.bank_id, RatingHistory.customer_id).in_(list(keys)))
            .order_by(RatingHistory.bank_id, RatingHistory.customer_id, RatingHistory.quarter.desc())
            .ext(distinct_on(RatingHistory.bank_id, RatingHistory.customer_id))
        )
        for stmt in (current, latest):
            for r in (await self.session.scalars(stmt)).all():
                key = (r.bank_id, r.customer_id)
                if key not in found or found[key].rated_at < r.rated_at:
                    found[key] = r
        return found

    async def histories(
        self, principal: Principal, keys: Sequence[tuple[int, uuid.UUID]], limit: int
    ) -> dict[tuple[int, uuid.UUID], list[RatingHistory]]:
        """The last ``limit`` quarters of each archive the caller may read, newest first, in one
        statement (a window over the archives' history)."""
        ranked = (
            readable_ratings(RatingHistory, principal)
            .add_columns(
                func.row_number().over(partition_by=(RatingHistory.bank_id, RatingHistory.customer_id), order_by=RatingHistory.quarter.desc()).label("n")
            )
            .where(tuple_(RatingHistory.bank_id, RatingHistory.customer_id).in_(list(keys)))
            .subquery()
        )
        latest = aliased(RatingHistory, ranked)
        stmt = select(latest).where(ranked.c.n <= limit).order_by(latest.bank_id, latest.customer_id, latest.quarter.desc())
        found: dict[tuple[int, uuid.UUID], list[RatingHistory]] = {}
        for row in (await self.session.scalars(stmt)).all():
            found.setdefault((row.bank_id, row.customer_id), []).append(row)
        return found

    async def cards(self, ids: Sequence[int]) -> dict[int, Scorecard]:
        """The cards by id; those this session holds (the card in force, which a rating just used)
        from its identity map, without a statement."""
        found = {i: card for i in set(ids) if (card := self.session.identity_map.get(identity_key(Scorecard, i))) is not None}
        if missing := [i for i in set(ids) if i not in found]:
            rows = (await self.session.scalars(select(Scorecard).where(Scorecard.id.in_(missing)))).all()
            hold(self.session, *rows)
            found |= {c.id: c for c in rows}
        return found

    async def warn(self, bank_id: int, quarter: str, previous: str, ranks: dict[str, int], watch: list[str]) -> int:
        """Record the bank's warnings of ``quarter`` against ``previous`` in one statement:
        down two grades or more (``ranks``: 0 best), into a ``watch`` grade, a new veto. Each
        goes to the archive's manager. Answers how many."""
        rank = "CASE {} " + " ".join(f"WHEN '{g}' THEN {r}" for g, r in ranks.items()) + " END"
        watching = "ARRAY[" + ", ".join(f"'{g}'" for g in watch) + "]::varchar[]"
        result = await self.session.execute(
            text(
                f"""INSERT INTO rating_warnings (bank_id, customer_id, quarter, kind, from_grade, to_grade, new_vetoes, manager_id, org_path)
                SELECT h.bank_id, h.customer_id, h.quarter, k.kind, p.grade, h.grade,
                       ARRAY(SELECT unnest(h.vetoes) EXCEPT SELECT unnest(p.vetoes)), c.manager_id, c.org_path
                FROM rating_history h
                JOIN rating_history p ON p.bank_id = h.bank_id AND p.customer_id = h.customer_id AND p.quarter = :previous
                JOIN customers c ON c.bank_id = h.bank_id AND c.id = h.customer_id
                CROSS JOIN LATERAL (VALUES
                  ('DOWNGRADE', {rank.format('h.grade')} - {rank.format('p.grade')} >= 2),
                  ('WATCH', h.grade = ANY({watching}) AND NOT p.grade = ANY({watching})),
                  ('NEW_VETO', NOT h.vetoes <@ p.vetoes)) k(kind, fires)
                WHERE h.bank_id = :bank AND h.quarter = :quarter AND k.fires
                ON CONFLICT DO NOTHING"""
            ),
            {"bank": bank_id, "quarter": quarter, "previous": previous},
        )
        return result.rowcount

    async def unit(self, principal: Principal, org_unit_id: int) -> OrgUnit | None:
        """An org unit in the caller's subtree (whose migration matrix they may see)."""
        stmt = select(OrgUnit).where(OrgUnit.id == org_unit_id, starts_with(OrgUnit.path, principal.scope_path))
        return (await self.session.scalars(stmt)).one_or_none()

    async def migration(self, unit_path: str, before: str, after: str) -> list[tuple[str, str, int]]:
        """(grade before, grade after, archives) of the archives under ``unit_path`` rated in both
        quarters: the migration matrix, one statement."""
        then = aliased(RatingHistory)
        stmt = (
            select(then.grade, RatingHistory.grade, func.count())
            .join(then, (then.bank_id == RatingHistory.bank_id) & (then.customer_id == RatingHistory.customer_id) & (then.quarter == before))
            .join(Customer, (Customer.bank_id == RatingHistory.bank_id) & (Customer.id == RatingHistory.customer_id))
            .where(RatingHistory.quarter == after, starts_with(Customer.org_path, unit_path))
            .group_by(then.grade, RatingHistory.grade)
        )
        return [(r[0], r[1], r[2]) for r in (await self.session.execute(stmt)).all()]

    async def distribution(self, unit_path: str, quarter: str) -> list[tuple[int, str, int]]:
        """(unit, grade, archives) of the quarter's ratings under ``unit_path``, by the unit's
        children (an archive kept at the unit itself counts for the unit), one statement."""
        child = "left(c.org_path, length(:path) + strpos(substr(c.org_path, length(:path) + 1), '/'))"
        rows = await self.session.execute(
            text(
                f"""SELECT u.id, h.grade, count(*)
                FROM rating_history h
                JOIN customers c ON c.bank_id = h.bank_id AND c.id = h.customer_id
                JOIN org_units u ON u.path = {child}
                WHERE h.quarter = :quarter AND starts_with(c.org_path, :path)
                GROUP BY u.id, h.grade"""
            ),
            {"path": unit_path, "quarter": quarter},
        )
        return [(r[0], r[1], r[2]) for r in rows.all()]

    async def warnings(
        self, principal: Principal, quarter: str | None, manager_id: int | None, limit: int, *, under: str | None = None
    ) -> list[RatingWarning]:
        """Warnings of archives in the caller's scope (and ``under`` a unit's path of it), newest
        quarter first; ``manager_id``: one manager's worklist."""
        stmt = select(RatingWarning).where(starts_with(RatingWarning.org_path, principal.scope_path))
        if under is not None:
            stmt = stmt.where(starts_with(RatingWarning.org_path, under))
        if quarter is not None:
            stmt = stmt.where(RatingWarning.quarter == quarter)
        if manager_id is not None:
            stmt = stmt.where(RatingWarning.manager_id == manager_id)
        stmt = stmt.order_by(RatingWarning.quarter.desc(), RatingWarning.org_path, RatingWarning.customer_id, RatingWarning.kind)
        return list((await self.session.scalars(stmt.limit(limit))).all())
