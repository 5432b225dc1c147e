"""DataLoaders, created per request in the context (never at module level)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from backend.approvals.models import Application, ApplicationEvent, ApprovalTask, ProcessDefinition, Quota
from backend.business.models import BusinessAggregate, WarehouseReject
from backend.customers.models import (
    Customer,
    CustomerAssignment,
    CustomerChange,
    ExtraFieldDefinition,
)
from backend.images.models import CustomerImage
from backend.orgs.models import OrgUnit, StaffUser
from backend.products.models import Product
from backend.customers.repository import CustomerRepository, People
from backend.images.repository import ImageRepository
from backend.orgs.repository import OrgRepository
from backend.rating.models import CustomerRating, RatingHistory, Scorecard
from backend.rating.service import RatingService
from backend.rules.repository import RuleRepository
from backend.rules.models import ArchiveEvaluation, EvaluationRun
from resolvers.common import asked_with
from schema.common import NOT_HELD, columns_read, held
from schema.orgs import ORG_UNIT_COLUMNS, STAFF_USER_COLUMNS

if TYPE_CHECKING:
    from strawberry import Info

    from schema.context import Context

CustomerKey = tuple[int, uuid.UUID]
K = TypeVar("K")
T = TypeVar("T")
V = TypeVar("V")


class SharedLoader(DataLoader):
    """A DataLoader whose one future per key, shared by every field that asks for the key, is
    never cancelled by one of them. graphql-core cancels the sibling fields of a field that failed
    (``gather_with_cancel``); a cancelled task cancels the future it awaits, so with Strawberry's
    loader the other fields awaiting the same key (an archive's rule messages, asked by its
    evaluation and its violations) received ``CancelledError``, which no field handler catches:
    one field's database error became an HTTP 500 for the whole request instead of an error on
    that field (bench/sustained_load.py, docs/load-report.md). Each ``load`` is shielded instead."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # (convert, key) -> (the loaded row, convert(row)): ``schema.common.loaded`` converts a row
        # once per request however many list rows share it (a page's one manager and branch).
        self.conversions: dict[tuple[object, object], tuple[object, object]] = {}

    def load(self, key):  # type: ignore[no-untyped-def, override]
        return asyncio.shield(super().load(key))


async def _prime(loader: SharedLoader, fetch: Callable[[AsyncSession, Sequence[K]], Awaitable[list[V]]], session: AsyncSession, keys: Iterable[K]) -> None:
    """``loader`` primed with ``fetch``'s answers in ``session`` for the keys it does not hold yet."""
    wanted = [k for k in dict.fromkeys(keys) if held(loader, k) is NOT_HELD]
    if wanted:
        loader.prime_many(dict(zip(wanted, await fetch(session, wanted), strict=True)))


class _Loader:
    """A request's loader, built on first use: a request uses a few of the ``Loaders``, and building
    all of them for every request cost a detail 3 % of its time. ``in_session``: the batch function
    takes a session (the ones ``Loaders.prime_archives`` also runs in a caller's session), given
    one of its own (``Loaders._reading``)."""

    def __init__(self, batch: str, *, in_session: bool = False) -> None:
        self.batch = batch
        self.in_session = in_session

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, loaders: Loaders | None, owner: type) -> SharedLoader:
        if loaders is None:
            return self  # type: ignore[return-value]
        fetch = getattr(loaders, self.batch)
        loader = SharedLoader(loaders._reading(fetch) if self.in_session else fetch)
        loaders.__dict__[self.name] = loader  # from now on the instance's attribute answers
        return loader


class Loaders:
    org_unit = _Loader("_org_units", in_session=True)
    staff_user = _Loader("_staff_users", in_session=True)
    staff_lockout = _Loader("_load_staff_lockouts")
    extra_fields = _Loader("_extra_fields", in_session=True)
    customer_history = _Loader("_load_history")
    customer_assignments = _Loader("_load_assignments")
    customer_images = _Loader("_load_images")
    evaluation = _Loader("_evaluations", in_session=True)
    rule_messages = _Loader("_rule_messages", in_session=True)
    edited_since_submission = _Loader("_load_edited_since_submission")
    rule_set_run = _Loader("_load_rule_set_runs")
    business = _Loader("_business", in_session=True)
    warehouse_rejects = _Loader("_load_warehouse_rejects")
    rating = _Loader("_load_ratings")
    scorecard = _Loader("_load_scorecards")
    rating_history = _Loader("_load_rating_history")
    archive = _Loader("_load_archives")
    product = _Loader("_load_products")
    process_definition = _Loader("_load_process_definitions")
    application = _Loader("_load_applications")
    application_events = _Loader("_load_application_events")
    application_tasks = _Loader("_load_application_tasks")
    application_quota = _Loader("_load_application_quotas")
    application_workflow = _Loader("_load_application_workflows")
    segment_counts = _Loader("_load_segment_counts")
    segment_owner = _Loader("_load_segment_owners")

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        # What archives' own statements brought along (``prime_brought``): by the archive
        # object's id, (the archive, its manager, its branch); and each person converted once.
        self._brought: dict[int, tuple[Any, Any, Any]] = {}
        self._converted: dict[int, tuple[Any, Any]] = {}

    def brought_person(self, archive: Any, which: int, convert: Callable[[Any], T]) -> T | None | object:
        """``convert`` of the manager (``which`` 1) or branch (2) that ``archive``'s own statement
        brought along (None where the caller may not read them), converted once per request;
        ``NOT_HELD`` when its statement brought none (the loaders answer). The brought rows hold
        only the columns the fields asked of them read (``People``), so they never prime the shared
        ``staff_user`` and ``org_unit`` loaders, whose other readers expect whole rows."""
        entry = self._brought.get(id(archive))
        if entry is None or entry[0] is not archive:
            return NOT_HELD
        person = entry[which]
        if person is None:
            return None
        done = self._converted.get(id(person))
        if done is None or done[0] is not person:
            done = self._converted[id(person)] = (person, convert(person))
        return done[1]  # type: ignore[return-value]

    def _reading(self, fetch: Callable[[AsyncSession, Sequence[K]], Awaitable[list[V]]]) -> Callable[[Sequence[K]], Awaitable[list[V]]]:
        """A loader's batch function: ``fetch`` in a reader session of its own."""

        async def load(keys: Sequence[K]) -> list[V]:
            async with self._ctx.reader() as session:
                return await fetch(session, keys)

        return load

    async def _load_segment_owners(self, ids: Sequence[int]) -> list[OrgUnit | None]:
        """The units owning segment models the caller has read (shared from above: not in their subtree)."""
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await ctx.services.marketing(session).owners(ctx.viewer, list(set(ids)))
        return [found.get(i) for i in ids]

    async def _load_segment_counts(self, ids: Sequence[int]) -> list[list[tuple[OrgUnit, int]]]:
        """Segment models' members per branch within the caller's scope (their counts)."""
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await ctx.services.marketing(session).counts_by_unit(ctx.viewer, list(set(ids)))
        return [found.get(i, []) for i in ids]

    async def _load_application_workflows(self, ids: Sequence[uuid.UUID]) -> list[dict | None]:
        """The serialized processes of applications the caller read in scope (the diagram)."""
        async with self._ctx.reader() as session:
            found = await self._ctx.services.approvals(session).workflows(list(set(ids)))
        return [found.get(i) for i in ids]

    async def _load_archives(self, ids: Sequence[uuid.UUID]) -> list[Customer | None]:
        """Archives by id, in the caller's scope (applications, quotas)."""
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await CustomerRepository(session).get_many(ctx.viewer, list(set(ids)))
        return [found.get(i) for i in ids]

    async def _load_products(self, ids: Sequence[int]) -> list[Product | None]:
        """Product versions by id (of applications the caller read in scope)."""
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await ctx.services.products(session).by_ids(list(set(ids)))
        return [found.get(i) for i in ids]

    async def _load_process_definitions(self, ids: Sequence[int]) -> list[ProcessDefinition | None]:
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await ctx.services.approvals(session).processes_by_id(list(set(ids)))
        return [found.get(i) for i in ids]

    async def _load_applications(self, ids: Sequence[uuid.UUID]) -> list[Application | None]:
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await ctx.services.approvals(session).applications_by_id(ctx.viewer, list(set(ids)))
        return [found.get(i) for i in ids]

    async def _load_application_events(self, ids: Sequence[uuid.UUID]) -> list[list[ApplicationEvent]]:
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await ctx.services.approvals(session).events_of(ctx.viewer, list(set(ids)))
        return [found.get(i, []) for i in ids]

    async def _load_application_tasks(self, ids: Sequence[uuid.UUID]) -> list[list[ApprovalTask]]:
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await ctx.services.approvals(session).tasks_of(ctx.viewer, list(set(ids)))
        return [found.get(i, []) for i in ids]

    async def _load_application_quotas(self, ids: Sequence[uuid.UUID]) -> list[Quota | None]:
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await ctx.services.approvals(session).quota_of_applications(ctx.viewer, list(set(ids)))
        return [found.get(i) for i in ids]

    async def _load_ratings(self, keys: Sequence[CustomerKey]) -> list[CustomerRating | RatingHistory | None]:
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await RatingService(session).ratings(ctx.viewer, list(keys))
        return [found.get(k) for k in keys]

    async def _load_rating_history(self, keys: Sequence[CustomerKey]) -> list[list[RatingHistory]]:
        """Each archive's quarters, newest first (one statement for a page of archives)."""
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await RatingService(session).histories(ctx.viewer, list(keys))
        return [found.get(k, []) for k in keys]

    async def _load_scorecards(self, ids: Sequence[int]) -> list[Scorecard | None]:
        """Cards by id (reference data: which card a rating the caller may read was made with)."""
        async with self._ctx.reader() as session:
            found = await RatingService(session).cards(list(ids))
        return [found.get(i) for i in ids]

    async def _load_warehouse_rejects(self, keys: Sequence[tuple[int, int]]) -> list[list[WarehouseReject]]:
        """Keys (import id, at most how many); one statement per distinct limit."""
        ctx = self._ctx
        found: dict[tuple[int, int], list[WarehouseReject]] = {}
        async with ctx.reader() as session:
            service = ctx.services.business(session)
            for limit in sorted({limit for _, limit in keys}):
                ids = [i for i, n in keys if n == limit]
                for import_id, rows in (await service.rejects(ctx.viewer, ids, limit=limit)).items():
                    found[(import_id, limit)] = rows
        return [found.get(k, []) for k in keys]

    async def _business(self, session: AsyncSession, keys: Sequence[CustomerKey]) -> list[BusinessAggregate | None]:
        ctx = self._ctx
        found = await ctx.services.business(session).aggregates(ctx.viewer, list(keys))
        return [found.get(k) for k in keys]

    # What a list page's own statement can bring along for the fields asked of its rows (its
    # archives' rows of these classes, outer-joined: ``CustomerRepository.search(joined=...)``),
    # and the loader each primes: (loader, the fields that need it, class).
    _JOINABLE = (("evaluation", frozenset({"evaluation"}), ArchiveEvaluation),
                 ("business", frozenset({"blacklisted", "bankBusiness"}), BusinessAggregate))  # fmt: skip

    @classmethod
    def brings(cls, info: Info, *path: str) -> tuple[set[str], People | None, tuple[type, ...]]:
        """The fields asked of the archive at ``path`` under ``info``'s field, and what its own
        statement (a list page's, a detail's, a save's answer) brings along for them: its manager's
        and branch's columns that the fields asked of them read (``people``; None when neither is
        asked), and the classes of its joined rows (``joined``), as ``CustomerRepository`` and
        ``prime_brought`` take them."""
        asked, under = asked_with(info, path, ("manager", "branch"))
        people = None
        if "manager" in asked or "branch" in asked:
            people = People.of(columns_read(STAFF_USER_COLUMNS, under["manager"]), columns_read(ORG_UNIT_COLUMNS, under["branch"]))
        return asked, people, tuple(model for _, fields, model in cls._JOINABLE if not fields.isdisjoint(asked))

    def prime_brought(self, listed: Sequence[Any], *, people: People | None, joined: tuple[type, ...]) -> None:
        """Keep what a list page or a detail brought along with its archives
        (``CustomerRepository.search`` / ``get_with``): with ``people``, the managers and branches
        (None where the caller may not read one) for ``brought_person``, and prime the loaders with
        the ``Listed.joined`` rows in the order of ``joined``. ``prime_archives`` then reads none of
        them again; a row without one primes None, as the loader would have answered."""
        if people:
            for r in listed:
                self._brought[id(r.archive)] = (r.archive, r.manager, r.branch)
        for i, model in enumerate(joined):
            loader = getattr(self, next(name for name, _, m in self._JOINABLE if m is model))
            loader.prime_many({(r.archive.bank_id, r.archive.id): r.joined[i] for r in listed})

    async def prime_archives(self, session: AsyncSession, archives: Sequence[Any], asked: Collection[str]) -> None:
        """What the GraphQL fields ``asked`` of ``archives`` (a list page's rows, or one archive)
        need from the loaders, read in the caller's own session with the statements the loaders
        would run, for the keys they do not hold yet: the evaluation and its banks' rule wording,
        the warehouse aggregate, the banks' extra-field definitions, the branch and the manager.
        Those fields then answer at once (``schema.common.held``): no task per row, and one
        session (checkout, transaction, tenant setting) instead of one per loader (docs/load-report.md)."""
        keys = [(a.bank_id, a.id) for a in archives]
        banks = [a.bank_id for a in archives]
        if "evaluation" in asked:
            await _prime(self.evaluation, self._evaluations, session, keys)
            await _prime(self.rule_messages, self._rule_messages, session, banks)
        if "blacklisted" in asked or "bankBusiness" in asked:
            await _prime(self.business, self._business, session, keys)
        if "extraFields" in asked:
            await _prime(self.extra_fields, self._extra_fields, session, banks)
        # The branch and manager of an archive whose statement brought none (a saved archive that
        # left the caller's scope); ``brought_person`` answers the others.
        alone = [a for a in archives if id(a) not in self._brought] if "branch" in asked or "manager" in asked else []
        if "branch" in asked and alone:
            await _prime(self.org_unit, self._org_units, session, [a.branch_id for a in alone])
        if "manager" in asked and alone:
            await _prime(self.staff_user, self._staff_users, session, [a.manager_id for a in alone if a.manager_id is not None])

    async def _org_units(self, session: AsyncSession, ids: Sequence[int]) -> list[OrgUnit | None]:
        found = await OrgRepository(session).org_units_by_ids(self._ctx.viewer, ids)
        return [found.get(i) for i in ids]

    async def _staff_users(self, session: AsyncSession, ids: Sequence[int]) -> list[StaffUser | None]:
        found = await OrgRepository(session).staff_users_by_ids(self._ctx.viewer, ids)
        return [found.get(i) for i in ids]

    async def _load_staff_lockouts(self, ids: Sequence[int]) -> list[datetime | None]:
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await OrgRepository(session).lockouts(ctx.viewer, ids)
        return [found.get(i) for i in ids]

    @staticmethod
    async def _extra_fields(session: AsyncSession, bank_ids: Sequence[int]) -> list[dict[str, ExtraFieldDefinition]]:
        found = await CustomerRepository(session).shown_extra_field_definitions(bank_ids)
        return [{d.code: d for d in found.get(b, [])} for b in bank_ids]

    # The archives these belong to were loaded through the caller's scope already.
    async def _load_history(self, keys: Sequence[CustomerKey]) -> list[list[CustomerChange]]:
        async with self._ctx.reader() as session:
            found = await CustomerRepository(session).changes_of(keys)
        return [found.get(k, []) for k in keys]

    async def _load_assignments(self, keys: Sequence[CustomerKey]) -> list[list[CustomerAssignment]]:
        async with self._ctx.reader() as session:
            found = await CustomerRepository(session).changes_of(keys, CustomerAssignment)
        return [found.get(k, []) for k in keys]

    async def _load_images(self, keys: Sequence[CustomerKey]) -> list[list[CustomerImage]]:
        """Images of many archives, oldest first (the order they were taken)."""
        async with self._ctx.reader() as session:
            found = await ImageRepository(session).of_archives(keys)
        return [found.get(k, []) for k in keys]

    @staticmethod
    async def _evaluations(session: AsyncSession, keys: Sequence[CustomerKey]) -> list[ArchiveEvaluation | None]:
        found = await RuleRepository(session).evaluations_of(keys)
        return [found.get(k) for k in keys]

    async def _load_edited_since_submission(self, keys: Sequence[CustomerKey]) -> list[bool]:
        """Whether the caller changed each archive after its latest submission (four eyes)."""
        user_id = self._ctx.viewer.user_id
        if user_id is None:
            return [False for _ in keys]

        async with self._ctx.reader() as session:
            edited = await CustomerRepository(session).edited_since_submission_many(list(keys), user_id)
        return [k in edited for k in keys]

    async def _load_rule_set_runs(self, rule_set_ids: Sequence[uuid.UUID]) -> list[EvaluationRun | None]:
        """The latest re-evaluation run of each rule set (started by its publication)."""
        async with self._ctx.reader() as session:
            latest = await RuleRepository(session).latest_runs(rule_set_ids)
        return [latest.get(i) for i in rule_set_ids]

    @staticmethod
    async def _rule_messages(session: AsyncSession, bank_ids: Sequence[int]) -> list[dict[str, tuple[str, str]]]:
        from backend.rules.engine import rules_in_force

        return [await rules_in_force(session, b) for b in bank_ids]
