"""Customer queries; every read starts from ``readable_customers`` (the caller's org subtree)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple

from cachetools import TTLCache
from sqlalchemy import Select, and_, bindparam, case, false, func, inspect, select, text, true, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, load_only

from backend.auth.principal import Principal, customer_only
from backend.customers.models import (
    ArchiveStatus,
    Channel,
    Customer,
    CustomerAssignment,
    CustomerChange,
    ExtraFieldDefinition,
    Village,
)
from backend.customers.sorting import pinyin_key
from backend.orgs.models import OrgUnit, StaffUser  # noqa: E402 (after the domain's own)
from backend.orgs.repository import readable_org_unit, readable_staff_user, readable_staff_users  # noqa: E402
from backend.db import driver
from backend.db.ordering import keyset_page
from backend.db.prefix import in_subtree, prefix_end, starts_with
from backend.db.tenancy import of_bank

_Later = aliased(CustomerChange)
# Made once: an alias built per statement costs more than the rest of the statement (its columns adapted anew).
_Manager = aliased(StaffUser, name="manager")
_Branch = aliased(OrgUnit, name="branch")
# Statements with a caller's scope written in, kept by (scope, shape): ``_kept``. Oldest out first.
_KEPT: dict[tuple, Select] = {}
STATEMENTS_KEPT = 2048


# A kept statement whose best plan is the same for all its values: run with one plan per
# connection (``backend.db.driver.GENERAL_PLAN``); a key lookup, planned well either way, leaves the
# connection's plan mode as it is (``ANY_PLAN``).
ONE_PLAN = {driver.PLAN: driver.GENERAL_PLAN}
ANY_PLAN = {driver.PLAN: driver.ANY_PLAN}
# The search's values that leave its best plan as it is: the name key's bound range (an index
# range in any plan), an identifier's blind index (one archive or two) and a keyset position.
# Not the others: how many archives an update-time range, a village, a region or a manager keeps
# decides between the order's index and that filter's (a village of 30 archives in a bank of
# 100,000 is read from its own index and sorted; a plan made for the average village might not).
_ONE_PLAN_VALUES = frozenset({"name_key", "name_key_end", "name_prefix", "id_number_bidx", "mobile_bidx", "after_value", "after_id"})


def _one_plan(params: dict[str, Any], *, by_name: bool) -> bool:
    """Whether a page or count with these values keeps one plan: only the values above, and a name
    key only with its range's end (``^@`` with a bound key is no index range) and read in the name
    order (in the update order, how many names the key keeps decides between the two indexes; a
    count reads no order)."""
    if not params.keys() <= _ONE_PLAN_VALUES:
        return False
    return "name_key" not in params or ("name_key_end" in params and by_name)


def _kept(key: tuple, build: Callable[[], Select]) -> Select:
    """The statement kept under ``key``, built once (``_KEPT``: at most ``STATEMENTS_KEPT``, the oldest
    forgotten first). A statement with the caller's scope written into it is keyed by that scope
    (``_scope_key``) and takes the request's values as bind parameters: building it anew per
    request cost a search a tenth of its CPU, an archive's detail a sixth (SQLAlchemy's
    expression objects, then their cache key)."""
    stmt = _KEPT.get(key)
    if stmt is None:
        stmt = build()
        if len(_KEPT) >= STATEMENTS_KEPT:
            _KEPT.pop(next(iter(_KEPT)))
        _KEPT[key] = stmt
    return stmt


def _scope_key(principal: Principal) -> tuple:
    """What of the caller the readable statements (``readable_customers``, and the manager's and
    branch's in ``_bring``) write into a statement."""
    return (principal.kind, principal.scope_path, principal.bank_id, principal.customer_id)


# The planner's row estimate of the archives: the sum over the partitions (migration 0026; the
# partitioned parent holds no rows of its own, and autovacuum never analyzes it). 0: none analyzed.
ESTIMATE = """SELECT COALESCE(sum(c.reltuples) FILTER (WHERE c.reltuples > 0), 0)::bigint
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'customers'::regclass"""
_ESTIMATE: TTLCache = TTLCache(maxsize=1, ttl=60.0)  # the estimate this process read, for a minute
EXACT_BELOW = 10_000
# The banks' extra-field definitions as this process last read them for showing archives, kept
# for ``DEFINITIONS_SECONDS``: ``CustomerRepository.shown_extra_field_definitions``.
# Another process may show a changed label or a new field up to this long after the change.
DEFINITIONS_SECONDS = 2.0
SHOWN_DEFINITIONS: TTLCache = TTLCache(maxsize=1_000, ttl=DEFINITIONS_SECONDS)  # bank id -> definitions


def forget_extra_fields() -> None:
    """A definition changed: this process reads them afresh for showing archives."""
    SHOWN_DEFINITIONS.clear()


# The columns a list page's rows always carry, whatever their fields read: the keys, what the
# loaders are primed by (``Loaders.prime_brought``, ``prime_archives``), and the page's order
# column (its cursors: ``ArchiveOrder.position``) is added per order.
PAGE_KEYS = frozenset({"bank_id", "id", "branch_id", "manager_id"})


class ListedRow:
    """A listed row's columns as attributes (``row.name``), as the mapped object has them; a list
    only reads them. A column the list did not select (``search(columns=...)``: one that no field
    asked of the page reads) raises AttributeError, as the mapped object's ``raiseload`` raised."""

    def __init__(self, columns: Any) -> None:
        self.__dict__.update(columns)


class People(NamedTuple):
    """Which columns of each archive's manager (``StaffUser``) and branch (``OrgUnit``) a statement
    brings along: names of the class's columns, ``id`` first (null where the caller may not read
    the person). A list asking ``manager { name }`` reads two of the manager's thirteen columns."""

    manager: tuple[str, ...]
    branch: tuple[str, ...]

    @staticmethod
    @functools.lru_cache(maxsize=256)
    def of(manager: frozenset[str] | None, branch: frozenset[str] | None) -> People:
        """The people with these columns (None: every column), in their tables' order, ``id`` first
        (kept: a request's fields ask one of a few sets)."""
        return People(*(tuple(c.key for c in model.__table__.columns if c.key == "id" or wanted is None or c.key in wanted)
                         for model, wanted in ((StaffUser, manager), (OrgUnit, branch))))  # fmt: skip


EVERY_PERSON_COLUMN = People.of(None, None)


def _bring(stmt: Select, principal: Principal, people: People | None, joined: tuple[type, ...]) -> Select:
    """``stmt`` (of archives) with each archive's manager and branch (``people``' columns, as their
    readable statements give them, else null) and its row of each ``joined`` class, outer-joined,
    after the archive's columns in that order (``_brought`` reads them)."""
    if people:
        manager, branch = _Manager, _Branch
        stmt = (
            stmt.add_columns(*(getattr(manager, c) for c in people.manager), *(getattr(branch, c) for c in people.branch))
            .outerjoin_from(Customer, manager, and_(manager.id == Customer.manager_id, readable_staff_user(principal, manager)))
            .outerjoin_from(Customer, branch, and_(branch.id == Customer.branch_id, readable_org_unit(principal, branch)))
        )
    for model in joined:
        stmt = stmt.add_columns(*_joined_columns(model)[1]).outerjoin_from(
            Customer, model, and_(model.bank_id == Customer.bank_id, model.customer_id == Customer.id)  # type: ignore[attr-defined]
        )
    return stmt


def _brought_columns(people: People | None, joined: tuple[type, ...]) -> int:
    return (len(people.manager) + len(people.branch) if people else 0) + sum(len(_joined_columns(model)[0]) for model in joined)


def _brought(values: Sequence[Any], people: People | None, joined: tuple[type, ...], seen: dict[tuple[str, Any], ListedRow]
             ) -> tuple[Any, Any, tuple[ListedRow | None, ...]]:  # fmt: skip
    """What ``_bring`` added to a row (``values``, after the archive's columns): the manager, the
    branch (None without ``people``; one ``ListedRow`` per person in ``seen``) and the ``joined``
    rows (None where the archive has none)."""
    at = 0
    manager = branch = None
    if people:
        at = len(people.manager) + len(people.branch)
        manager = _person(seen, "manager", people.manager, values[: len(people.manager)])
        branch = _person(seen, "branch", people.branch, values[len(people.manager) : at])
    others = []
    for model in joined:
        attrs = _joined_columns(model)[0]
        row = values[at : at + len(attrs)]
        at += len(attrs)
        # The outer join found none: its customer_id (never null in a row) is null.
        others.append(None if row[0] is None else ListedRow(zip(attrs, row)))
    return manager, branch, tuple(others)


def _person(seen: dict[tuple[str, Any], ListedRow], kind: str, keys: tuple[str, ...], values: Sequence[Any]) -> ListedRow | None:
    """A page's manager or branch (None where the caller may not read it: the outer join found
    nothing), one object per person as the identity map gave."""
    if values[0] is None:
        return None
    found = seen.get((kind, values[0]))
    if found is None:
        found = seen[(kind, values[0])] = ListedRow(zip(keys, values))
    return found


class Listed(NamedTuple):
    """A row of the archive list: the archive, and (when asked for) its manager and branch, each
    a ``ListedRow`` with the columns of its mapped class; and its row of each ``joined`` class
    (None where it has none)."""

    archive: ListedRow
    manager: ListedRow | None
    branch: ListedRow | None
    joined: tuple[ListedRow | None, ...] = ()


@functools.cache
def _joined_columns(model: type) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The attribute names and columns of a class joined to a list's archives, ``customer_id``
    first (null in a joined row only where the outer join found none)."""
    attrs = sorted(inspect(model).column_attrs, key=lambda a: a.key != "customer_id")
    return tuple(a.key for a in attrs), tuple(a.columns[0] for a in attrs)


def readable_customers(principal: Principal) -> Select[tuple[Customer]]:
    stmt = select(Customer).where(in_subtree(Customer.org_path, principal.scope_path))
    if principal.bank_id is not None:  # within the bank's subtree anyway; names the one partition to read (migration 0026)
        stmt = stmt.where(of_bank(Customer.bank_id, principal.bank_id))
    return customer_only(stmt, principal, Customer.id)


def scope_condition(path: str):
    """The narrowest predicate equivalent to ``org_path LIKE path%`` for a customer row.

    Archives hang off branches (paths ``/province/bank/branch/``), so a branch scope is an
    equality and a bank scope is its ``bank_id``: both let the (…, name, id) indexes return rows
    in keyset order. Both name the bank, so the planner reads the one partition that holds it
    (migration 0026). The province scope ``/`` is everything.
    """
    ids = [p for p in path.strip("/").split("/") if p]
    if path == "/":
        return None
    bank = [of_bank(Customer.bank_id, int(ids[1]))] if len(ids) >= 2 and ids[1].isdigit() else []
    return and_(*bank, Customer.org_path == path if len(ids) == 3 else in_subtree(Customer.org_path, path))


class ArchiveOrder(StrEnum):
    """The orders of the archive list, each read in keyset order from an index in every scope
    (branch, bank, province): the name in pinyin order, or the last change."""

    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"
    UPDATED_DESC = "UPDATED_DESC"
    UPDATED_ASC = "UPDATED_ASC"

    @property
    def by_name(self) -> bool:
        return self in (ArchiveOrder.NAME_ASC, ArchiveOrder.NAME_DESC)

    @property
    def column(self):
        return Customer.name_sort if self.by_name else Customer.updated_at

    @property
    def descending(self) -> bool:
        return self.endswith("_DESC")

    def position(self, c: Customer) -> tuple[Any, uuid.UUID]:
        """The keyset position of an archive in this order."""
        return (c.name_sort if self.by_name else c.updated_at), c.id


@dataclass
class CustomerFilter:
    name_prefix: str | None = None
    id_number_bidx: bytes | None = None
    mobile_bidx: bytes | None = None
    region_code: str | None = None
    village_code: str | None = None
    org_path: str | None = None  # a branch or bank inside the caller's scope
    manager_id: int | None = None
    statuses: list[ArchiveStatus] | None = None
    channels: list[Channel] | None = None
    updated_from: datetime | None = None
    updated_to: datetime | None = None


class CustomerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, principal: Principal, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer | None:
        def build() -> Select:
            stmt = readable_customers(principal).where(Customer.id == bindparam("customer_id"))
            return stmt.with_for_update() if for_update else stmt

        stmt = _kept(("get", *_scope_key(principal), for_update), build)
        return (await self.session.scalars(stmt, {"customer_id": customer_id})).one_or_none()

    async def get_many(self, principal: Principal, ids: list[uuid.UUID]) -> dict[uuid.UUID, Customer]:
        rows = await self.session.scalars(readable_customers(principal).where(Customer.id.in_(ids)))
        return {r.id: r for r in rows}

    async def by_id_number(self, bank_id: int, bidx: bytes) -> Customer | None:
        """Unscoped on purpose: deduplication must see the whole bank."""
        return (
            await self.session.scalars(select(Customer).where(Customer.bank_id == bank_id, Customer.id_number_bidx == bidx))
        ).one_or_none()

    async def similar(self, bank_id: int, name: str, birth_date, mobile_bidx: bytes | None, exclude: uuid.UUID | None) -> list[tuple[uuid.UUID, str, str]]:
        """Archives of the same bank with the same name and birth date, or the same mobile."""
        conditions = [(Customer.name == name) & (Customer.birth_date == birth_date)]
        if mobile_bidx is not None:
            conditions.append(Customer.mobile_bidx == mobile_bidx)
        stmt = select(Customer.id, Customer.org_path, Customer.name, Customer.mobile_bidx).where(
            Customer.bank_id == bank_id, conditions[0] if len(conditions) == 1 else (conditions[0] | conditions[1])
        )
        if exclude is not None:
            stmt = stmt.where(Customer.id != exclude)
        rows = (await self.session.execute(stmt.limit(20))).all()
        out = []
        for row in rows:
            kind = "SAME_MOBILE" if mobile_bidx is not None and row.mobile_bidx == mobile_bidx else "SAME_NAME_AND_BIRTH_DATE"
            out.append((row.id, row.org_path, kind))
        return out

    async def search(
        self,
        principal: Principal,
        f: CustomerFilter,
        *,
        after: tuple[Any, uuid.UUID] | None,
        limit: int,
        order: ArchiveOrder = ArchiveOrder.NAME_ASC,
        columns: frozenset[str] | None = None,
        people: People | None = None,
        joined: tuple[type, ...] = (),
    ) -> list[Listed]:
        """Keyset-paged by (the order's column, id), ``after`` being ``order.position`` of the
        last row seen; no COUNT over millions of rows. With ``columns`` (names of the archive's
        columns) the rows carry only those, ``PAGE_KEYS`` and the order's column: a page reads
        what its fields show, not the archive's forty columns (reading another raises instead of
        querying); None reads every column. With
        ``people``, each row's manager and branch come along in the same statement, each as its
        readable statement would give it (``None`` where the caller may not read it): the list's
        names without two more round trips. ``joined``: mapped classes of other domains keyed by
        the archive's ``(bank_id, customer_id)``, such as its evaluation (the caller names them:
        this domain imports none of them); each row's one row of each comes along, outer-joined.
        They are the archive's own data, so the archive's scope is theirs.

        The statement is built once per caller scope and shape (which filters, order, page size)
        and kept (``_kept``); a request binds its values to it. Building it anew took a tenth of a
        search's time (SQLAlchemy's expression objects and their cache key); the scope itself
        stays written into the kept statement, so no request's values can widen it."""
        params = self._values(f, after)
        key = ("page", *_scope_key(principal), f.org_path, frozenset(params), order, limit, columns, people, joined)
        stmt = _kept(key, lambda: self._page(principal, f, params, after is not None, limit, order, columns, people, joined))
        return await self._listed(stmt, params, people, joined)

    async def _listed(self, stmt: Select, params: dict[str, Any], people: People | None, joined: tuple[type, ...]) -> list[Listed]:
        """``stmt``'s rows (built by ``_bring``) read as plain rows, not ORM objects: a page's 21
        archives and their managers and branches as mapped instances were a tenth of a search's CPU
        (identity map, instance state), and the ORM's loading a tenth of an archive's detail; a
        read only reads them. Each entity becomes a ``ListedRow``: its columns as attributes. The
        kept statement runs on the driver's prepared statement (``backend.db.driver.fetch``)."""
        keys, rows = await driver.fetch(await self.session.connection(), stmt, params)
        archive_columns = len(rows[0]) - _brought_columns(people, joined) if rows else 0
        names = keys[:archive_columns]
        people_seen: dict[tuple[str, Any], ListedRow] = {}
        return [
            Listed(ListedRow(zip(names, row[:archive_columns])), *_brought(row[archive_columns:], people, joined, people_seen))  # type: ignore[arg-type]
            for row in rows
        ]

    async def get_with(
        self, principal: Principal, customer_id: uuid.UUID, *, people: People | None = None, joined: tuple[type, ...] = ()
    ) -> Listed | None:
        """The archive as ``get`` reads it, and in the same statement what ``search`` brings along
        with ``people`` and ``joined``: an archive's detail in one statement instead of one per
        loader. Read as the search's rows are (``_listed``): the archive, its manager and branch
        (None where the caller may not read one) and the ``joined`` rows as ``ListedRow``, for
        reading; a write reads the mapped archive with ``get``."""
        stmt = _kept(
            ("get_with", *_scope_key(principal), people, joined),
            lambda: _bring(readable_customers(principal).where(Customer.id == bindparam("customer_id")), principal, people, joined).execution_options(
                **ANY_PLAN
            ),
        )
        found = await self._listed(stmt, {"customer_id": customer_id}, people, joined)
        return found[0] if found else None

    async def brought(self, principal: Principal, archive: Any, *, people: People | None = None, joined: tuple[type, ...] = ()) -> Listed | None:
        """What ``get_with`` brings along, for an archive the caller holds already (a saved
        archive's answer): one statement, without reading the archive's own columns again. None
        when the caller may not read the archive any more (transferred out of their scope)."""
        stmt = _kept(
            ("brought", *_scope_key(principal), people, joined),
            lambda: _bring(
                readable_customers(principal).with_only_columns(Customer.id).where(Customer.id == bindparam("customer_id")), principal, people, joined
            ).execution_options(**ANY_PLAN),
        )
        found = await self._listed(stmt, {"customer_id": archive.id}, people, joined)
        return Listed(archive, *found[0][1:]) if found else None

    @staticmethod
    def _values(f: CustomerFilter, after: tuple[Any, uuid.UUID] | None) -> dict[str, Any]:
        """The request's values of a search, by the names ``_matching`` binds them to."""
        values: dict[str, Any] = {}
        if f.name_prefix:
            values["name_key"], values["name_prefix"] = pinyin_key(f.name_prefix), f.name_prefix
            if (end := prefix_end(values["name_key"])) is not None:
                values["name_key_end"] = end
        for name in ("id_number_bidx", "mobile_bidx", "region_code", "village_code", "manager_id", "statuses", "channels", "updated_from", "updated_to"):
            value = getattr(f, name)
            if value is not None and value != [] and value != "":
                values[name] = list(value) if isinstance(value, list) else value
        if after is not None:
            values["after_value"], values["after_id"] = after
        return values

    def _page(self, principal: Principal, f: CustomerFilter, params: dict[str, Any], paged: bool, limit: int,
              order: ArchiveOrder, columns: frozenset[str] | None, people: People | None, joined: tuple[type, ...]) -> Select:  # fmt: skip
        stmt = self._matching(principal, f, params)
        if columns is not None:
            read = sorted(columns | PAGE_KEYS | {order.column.key})
            stmt = stmt.options(load_only(*(getattr(Customer, c) for c in read), raiseload=True))
        stmt = _bring(stmt, principal, people, joined)
        position = (bindparam("after_value", params["after_value"]), bindparam("after_id", params["after_id"])) if paged else None
        page = keyset_page(stmt, order.column, Customer.id, position, order.descending).limit(limit)
        return page.execution_options(**ONE_PLAN) if _one_plan(params, by_name=order.by_name) else page

    async def count(self, principal: Principal, f: CustomerFilter, *, cap: int) -> int:
        """How many archives the search finds, counted up to ``cap + 1`` (more than ``cap``: the
        caller says so instead of a figure): a branch's list shows its exact count, a province's
        never counts millions of rows."""
        params = self._values(f, None)

        def build() -> Select:
            counting = self.counting(principal, f, cap=cap, bound=params)
            return counting.execution_options(**ONE_PLAN) if _one_plan(params, by_name=True) else counting

        stmt = _kept(("count", *_scope_key(principal), f.org_path, frozenset(params), cap), build)
        # On the session's connection and the driver, as ``_listed`` reads the page: the ORM's
        # execution of a Core statement (its compile state and result set-up) was half the count's CPU.
        _keys, rows = await driver.fetch(await self.session.connection(), stmt, params)
        return int(rows[0][0] or 0) if rows else 0

    def counting(self, principal: Principal, f: CustomerFilter, *, cap: int, bound: dict[str, Any] | None = None) -> Select[tuple[int]]:
        """``count``'s statement (``bound``: with the filter's values as bind parameters, kept by
        ``count`` as the page's statement is). For a name prefix in a branch or a bank it reads
        only the pinyin-ordered index of that scope, which carries the columns it tests (migration
        0027)."""
        matching = self._matching(principal, f, bound).with_only_columns(Customer.id).limit(cap + 1).subquery()
        return select(func.count()).select_from(matching)

    def _matching(self, principal: Principal, f: CustomerFilter, bound: dict[str, Any] | None = None):
        """The search's statement without order and page. With ``bound`` (``_values``), the
        filter's values are bind parameters of those names, for a statement kept and reused."""

        def value(name: str, plain: Any) -> Any:
            if bound is None:
                return plain
            return bindparam(name, bound[name], expanding=isinstance(bound[name], list))

        stmt = readable_customers(principal)
        # The scope is already enforced; restate it (or the narrower filter) in the form the
        # indexes can use for ordered reads.
        # (A filter outside the scope yields nothing through the readable statement anyway.)
        narrowest = max(f.org_path or "", principal.scope_path, key=len)
        condition = scope_condition(narrowest)
        if condition is not None:
            stmt = stmt.where(condition)
        if f.name_prefix:
            # The prefix's pinyin key is a prefix of the name's key: the range the pinyin-ordered
            # indexes read, in the page's order; the name itself then tells homophones apart, as a
            # filter only (inside a CASE, never an index range). As a range of the (org_path,
            # name, id) index it misled the planner at 8.5 million archives: a surname's 20,000
            # archives of a branch read and sorted for a page of 20 (150 ms, not 1.5 ms), the
            # name range's estimate being a hundredth of the truth. Inside a CASE the test is
            # estimated as a boolean expression without statistics, to keep half the key's range;
            # as ``(name || '') ^@`` PostgreSQL took it to keep 0.5 %, expected fewer rows than a
            # page for 吴 and 杨 at 1 million archives, and read their whole range and sorted it
            # (20 ms, not 0.2). Per row it costs what the operator costs (a count of 10,001: 2.8 ms;
            # behind a PL/pgSQL function, 4.7 ms).
            # The key's range is written as two comparisons, not ``^@``: with its ends as bind
            # parameters the kept statement has one general plan (an index range of the bound
            # values), which PostgreSQL keeps instead of planning the search at every execution
            # (half of the database's CPU for a branch's search: docs/benchmarks.md).
            key = pinyin_key(f.name_prefix)
            end = prefix_end(key)
            in_range = (
                starts_with(Customer.name_sort, value("name_key", key))
                if end is None
                else and_(Customer.name_sort >= value("name_key", key), Customer.name_sort < value("name_key_end", end))
            )
            stmt = stmt.where(in_range, case((starts_with(Customer.name, value("name_prefix", f.name_prefix)), true()), else_=false()))
        if f.id_number_bidx is not None:
            stmt = stmt.where(Customer.id_number_bidx == value("id_number_bidx", f.id_number_bidx))
        if f.mobile_bidx is not None:
            stmt = stmt.where(Customer.mobile_bidx == value("mobile_bidx", f.mobile_bidx))
        if f.region_code:
            stmt = stmt.where(Customer.region_code == value("region_code", f.region_code))
        if f.village_code:
            stmt = stmt.where(Customer.village_code == value("village_code", f.village_code))
        if f.manager_id is not None:
            stmt = stmt.where(Customer.manager_id == value("manager_id", f.manager_id))
        if f.statuses:
            stmt = stmt.where(Customer.status.in_(value("statuses", f.statuses)))
        if f.channels:
            stmt = stmt.where(Customer.channel.in_(value("channels", f.channels)))
        if f.updated_from is not None:
            stmt = stmt.where(Customer.updated_at >= value("updated_from", f.updated_from))
        if f.updated_to is not None:
            stmt = stmt.where(Customer.updated_at < value("updated_to", f.updated_to))
        return stmt

    async def estimated_count(self) -> int:
        """All archives (not only the caller's): the planner's estimate, cached 60 s; exact below 10,000."""
        if (kept := _ESTIMATE.get("customers")) is not None:
            return kept
        value = int(await self.session.scalar(text(ESTIMATE)) or 0)
        if value < EXACT_BELOW:
            # Never analyzed (-1) or small: count, but never more than EXACT_BELOW rows (and do
            # not cache: a small table changes visibly).
            return int(await self.session.scalar(text(f"SELECT count(*) FROM (SELECT 1 FROM customers LIMIT {EXACT_BELOW}) s")) or 0)
        _ESTIMATE["customers"] = value
        return value

    async def managed_by(self, principal: Principal, manager_id: int, *, bank_id: int) -> list[tuple[int, uuid.UUID, int, int | None]]:
        """(bank_id, id, branch_id, manager_id) of the archives a manager holds in the caller's
        scope and the given bank, locked for a reassignment."""
        stmt = (
            readable_customers(principal)
            .with_only_columns(Customer.bank_id, Customer.id, Customer.branch_id, Customer.manager_id)
            .where(Customer.manager_id == manager_id, Customer.bank_id == bank_id)
            .order_by(Customer.bank_id, Customer.id)
            .with_for_update()
        )
        return [tuple(r) for r in (await self.session.execute(stmt)).all()]

    async def reassign(
        self, keys: list[tuple[int, uuid.UUID]], *, manager_id: int, branch_id: int, org_path: str
    ) -> dict[tuple[int, uuid.UUID], int]:
        """One UPDATE moving archives (already read in scope) to a manager and branch; new versions."""
        table = Customer.__table__
        result = await self.session.execute(
            update(table)
            .where(tuple_(table.c.bank_id, table.c.id).in_(keys))
            .values(manager_id=manager_id, branch_id=branch_id, org_path=org_path, version=table.c.version + 1, updated_at=func.now())
            .returning(table.c.bank_id, table.c.id, table.c.version)
        )
        return {(r.bank_id, r.id): r.version for r in result}

    async def staff_in_scope(self, principal: Principal, user_id: int) -> tuple[StaffUser, OrgUnit] | None:
        """A staff user of the caller's subtree with their org unit (a receiver of archives)."""
        row = (
            await self.session.execute(
                readable_staff_users(principal).add_columns(OrgUnit).where(StaffUser.id == user_id)
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def edited_since_submission(self, bank_id: int, customer_id: uuid.UUID, user_id: int) -> bool:
        """Whether the user changed the archive's content after its latest submission."""
        return (bank_id, customer_id) in await self.edited_since_submission_many([(bank_id, customer_id)], user_id)

    async def edited_since_submission_many(self, keys: list[tuple[int, uuid.UUID]], user_id: int) -> set[tuple[int, uuid.UUID]]:
        """Of these archives, those the user changed after their latest submission (one statement)."""
        last_submit = (
            select(func.coalesce(func.max(CustomerChange.id), 0))
            .where(
                CustomerChange.bank_id == _Later.bank_id, CustomerChange.customer_id == _Later.customer_id,
                CustomerChange.action == "SUBMIT",
            )
            .scalar_subquery()
        )
        rows = await self.session.execute(
            select(_Later.bank_id, _Later.customer_id).distinct().where(
                tuple_(_Later.bank_id, _Later.customer_id).in_(keys), _Later.action == "UPDATE", _Later.changed_by == user_id,
                _Later.id > last_submit,
            )
        )
        return {(r.bank_id, r.customer_id) for r in rows}

    async def review_inbox(
        self, principal: Principal, *, after: tuple[datetime, uuid.UUID] | None, limit: int, descending: bool = False
    ) -> list[Customer]:
        """Archives waiting for verification in the caller's scope, oldest submission first (or
        newest, ``descending``), keyset-paged on (submitted_at, id)."""
        stmt = readable_customers(principal).where(Customer.status == ArchiveStatus.SUBMITTED)
        if (condition := scope_condition(principal.scope_path)) is not None:
            stmt = stmt.where(condition)
        stmt = keyset_page(stmt, Customer.submitted_at, Customer.id, after, descending)
        return list(await self.session.scalars(stmt.limit(limit)))

    async def review_count(self, principal: Principal) -> int:
        stmt = readable_customers(principal).where(Customer.status == ArchiveStatus.SUBMITTED)
        if (condition := scope_condition(principal.scope_path)) is not None:
            stmt = stmt.where(condition)
        return int(await self.session.scalar(stmt.with_only_columns(func.count())) or 0)

    async def villages(self, bank_id: int | None, parent_code: str) -> list[Village]:
        """The bank's townships (under a county) or villages (under a township), by code."""
        return list(
            await self.session.scalars(select(Village).where(Village.bank_id == bank_id, Village.parent_code == parent_code).order_by(Village.code))
        )

    async def extra_field_definitions(self, bank_ids: Sequence[int], *, active_only: bool = True) -> dict[int, list[ExtraFieldDefinition]]:
        """The banks' extra archive fields, in display order."""
        stmt = select(ExtraFieldDefinition).where(ExtraFieldDefinition.bank_id.in_(list(bank_ids)))
        if active_only:
            stmt = stmt.where(ExtraFieldDefinition.active.is_(True))
        found: dict[int, list[ExtraFieldDefinition]] = {b: [] for b in bank_ids}
        for d in await self.session.scalars(stmt.order_by(ExtraFieldDefinition.position, ExtraFieldDefinition.code)):
            found[d.bank_id].append(d)
        return found

    async def shown_extra_field_definitions(self, bank_ids: Sequence[int]) -> dict[int, list[ExtraFieldDefinition]]:
        """Every extra field of the banks (retired ones too: archives keep their values), in
        display order, for showing archives' values: what this process read within
        ``DEFINITIONS_SECONDS`` will do (a detail and a save's answer read no definition table).
        Validating a save reads them afresh; ``forget_extra_fields`` drops what this process
        kept when it changes a definition."""
        found = {b: kept for b in bank_ids if (kept := SHOWN_DEFINITIONS.get(b)) is not None}
        missing = [b for b in dict.fromkeys(bank_ids) if b not in found]
        if missing:
            for b, definitions in (await self.extra_field_definitions(missing, active_only=False)).items():
                SHOWN_DEFINITIONS[b] = found[b] = definitions
        return found

    async def changes_of(self, keys: Sequence[tuple[int, uuid.UUID]], model: Any = CustomerChange) -> dict[tuple[int, uuid.UUID], list[Any]]:
        """History rows (or assignments, ``model=CustomerAssignment``) of archives already read in
        scope, newest first."""
        rows = await self.session.scalars(
            select(model).where(tuple_(model.bank_id, model.customer_id).in_(list(keys))).order_by(model.id.desc())
        )
        grouped: dict[tuple[int, uuid.UUID], list[Any]] = {}
        for r in rows:
            grouped.setdefault((r.bank_id, r.customer_id), []).append(r)
        return grouped

    async def history(self, customer_id: uuid.UUID, bank_id: int, limit: int = 200) -> list[CustomerChange]:
        return list(
            await self.session.scalars(
                select(CustomerChange)
                .where(CustomerChange.bank_id == bank_id, CustomerChange.customer_id == customer_id)
                .order_by(CustomerChange.id.desc())
                .limit(limit)
            )
        )

    async def assignments(self, customer_id: uuid.UUID, bank_id: int) -> list[CustomerAssignment]:
        return list(
            await self.session.scalars(
                select(CustomerAssignment)
                .where(CustomerAssignment.bank_id == bank_id, CustomerAssignment.customer_id == customer_id)
                .order_by(CustomerAssignment.id.desc())
            )
        )
