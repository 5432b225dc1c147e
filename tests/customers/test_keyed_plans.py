"""How an archive's statements keep their plans: a change's are planned once per connection
(``backend.db.session.keyed_plans``; by default PostgreSQL plans a statement on a table
partitioned by bank anew at every execution), a detail's because the bank is written into it
(``backend.db.tenancy.of_bank``), and a save's answer is read in the save's own transaction."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.session import keyed_plans
from backend.errors import DomainError
from tests.customers.archive_fixtures import CREATE, archive
from tests.helpers import gql, login
from tests.platform.test_tenant_rls import principal_of

# The plans of this connection's prepared statements that lock an archive by id (other tests
# may have run it on the same pooled connection before: the test compares before and after).
PLANS = """SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) FROM pg_prepared_statements
WHERE statement LIKE 'SELECT customers.bank_id, customers.id,%FOR UPDATE%'"""
SETTING = text("SELECT current_setting('plan_cache_mode')")


async def test_a_change_plans_its_statements_once_and_only_for_its_transaction(client, services):
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "channel": "PC"}}, token=cm)
    cid = uuid.UUID(created["data"]["createArchive"]["customer"]["id"])
    principal = await principal_of(client, services, "fz1.cm1")
    async with services.db.primary.connect() as connection:  # one connection throughout
        session = AsyncSession(bind=connection, expire_on_commit=False)
        try:
            before = tuple((await session.execute(text(PLANS))).one())
            refused = 0
            for _ in range(3):  # three changes, each refused (a stale version) after the archive is locked
                try:
                    await services.customers(session).submit(principal, cid, 99)
                except DomainError:
                    refused += 1
            assert refused == 3
            assert await session.scalar(SETTING) == "force_generic_plan"
            after = tuple((await session.execute(text(PLANS))).one())
            await session.rollback()
            assert await session.scalar(SETTING) == "auto"  # LOCAL: it ended with the transaction
        finally:
            await session.close()
    # The archive locked by id three times: one plan made and kept, none made for the values.
    assert (after[0] - before[0], after[1] - before[1]) == (3, 0)


async def test_keyed_plans_is_a_setting_of_the_transaction(services):
    async with services.db.primary.connect() as connection:
        session = AsyncSession(bind=connection)
        try:
            await keyed_plans(session)
            assert await session.scalar(SETTING) == "force_generic_plan"
            await session.commit()
            assert await session.scalar(SETTING) == "auto"
        finally:
            await session.close()


async def test_a_save_and_an_upload_each_run_with_kept_plans_and_the_answer_reads_in_the_write(client, services, monkeypatch):
    """Through the API: the change and the upload have the setting in force when they go on to
    their statements, and a save's answer (its manager, branch, evaluation) is read in the
    save's own transaction, before its commit, not in a transaction of its own after it."""
    import backend.customers.service
    import backend.images.service
    from backend.customers.repository import CustomerRepository
    from schema.context import Context
    from tests.customers.archive_fixtures import UPDATE
    from tests.images.photos import capture, photo, upload

    seen: list[tuple[str, str]] = []

    def spy(where: str):
        async def asked(session: AsyncSession) -> None:
            await keyed_plans(session)
            seen.append((where, await session.scalar(SETTING)))

        return asked

    for module, where in ((backend.customers.service, "change"), (backend.images.service, "upload")):
        monkeypatch.setattr(module, "keyed_plans", spy(where))
    answers: list[int | None] = []
    brought = CustomerRepository.brought

    async def spied_brought(self, *args, **kwargs):
        # The id of the transaction the answer is read in: assigned only in one that wrote.
        answers.append(await self.session.scalar(text("SELECT txid_current_if_assigned()")))
        return await brought(self, *args, **kwargs)

    monkeypatch.setattr(CustomerRepository, "brought", spied_brought)
    readers: list[str] = []  # the read sessions requests open (``Context.reader``)
    reader = Context.reader

    def counted_reader(self):
        readers.append(self.request_id)
        return reader(self)

    monkeypatch.setattr(Context, "reader", counted_reader)
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "channel": "PC"}}, token=cm)
    cid = created["data"]["createArchive"]["customer"]["id"]
    readers.clear()
    saved = await gql(client, UPDATE, {"i": {"id": cid, "version": 1, "archive": archive(name="张建华")}}, token=cm)
    # Everything the answer shows was primed in the save's transaction, and the primed loaders
    # outlived its commit (``Context.wrote``): no read session after it.
    assert readers == [], readers
    answer = saved["data"]["updateArchive"]
    assert answer["errors"] == [] and answer["customer"]["name"] == "张建华" and answer["customer"]["manager"] == {"username": "fz1.cm1"}
    uploaded = await upload(client, cm, capture(cid, "HOUSE"), photo(320, 240, seed=3))
    assert uploaded["errors"] == []
    assert ("change", "force_generic_plan") in seen and ("upload", "force_generic_plan") in seen
    assert len(answers) == 2 and all(txid is not None for txid in answers), answers  # the create's answer and the save's


async def test_an_archives_detail_is_planned_once_per_connection(client, services):
    """The readable statements write the caller's bank in (``backend.db.tenancy.of_bank``), so
    PostgreSQL prunes the other banks' partitions when it plans and keeps the general plan of a
    lookup by id from the sixth execution on, without any setting: an archive's detail was
    planned anew at every request while the bank was a parameter."""
    from backend.customers.repository import EVERY_PERSON_COLUMN, CustomerRepository

    detail = """SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) FROM pg_prepared_statements
    WHERE statement LIKE 'SELECT customers.bank_id, customers.id,%LEFT OUTER JOIN staff_users AS manager%'
      AND statement NOT LIKE '%LIMIT%' AND statement NOT LIKE '%FOR UPDATE%'"""
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "channel": "PC"}}, token=cm)
    cid = uuid.UUID(created["data"]["createArchive"]["customer"]["id"])
    principal = await principal_of(client, services, "fz1.manager")
    async with services.db.primary.connect() as connection:  # one connection throughout
        session = AsyncSession(bind=connection)
        try:
            before = tuple((await session.execute(text(detail))).one())
            for _ in range(8):
                found = await CustomerRepository(session).get_with(principal, cid, people=EVERY_PERSON_COLUMN)
                assert found is not None and found[0].id == cid
            assert await session.scalar(SETTING) == "auto"  # nothing asked for kept plans
            after = tuple((await session.execute(text(detail))).one())
        finally:
            await session.close()
    generic, custom = after[0] - before[0], after[1] - before[1]
    # At most the first five of a fresh statement planned for their values; the rest ran the kept plan.
    assert generic + custom == 8 and generic >= 3 and custom <= 5, (generic, custom)


async def test_a_branchs_name_search_is_planned_once_per_connection(client, services):
    """A branch's name search (the PC's and the tablet's list, the benchmark's query) runs one plan
    per connection: its name key's range is two bound comparisons (``prefix_end``), an index range
    in the general plan, and the statement says one plan suits all its values
    (``CustomerRepository``'s ``ONE_PLAN``), so the read engine runs it with
    ``force_generic_plan``. Left to ``auto``, PostgreSQL planned it anew at every execution at a
    million archives (half of the database's CPU for a search)."""
    from backend.customers.repository import CustomerFilter, CustomerRepository, People
    from backend.db.tenancy import acting_for, banks_of

    search = """SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) FROM pg_prepared_statements
    WHERE statement LIKE 'SELECT customers.bank_id, customers.id,%' AND statement LIKE '%customers.name_sort >=%LIMIT%'"""
    principal = await principal_of(client, services, "fz1.manager")
    token = acting_for.set(banks_of(principal))  # as in a request: under the tenant policies
    try:
        async with services.db.replica.connect() as connection:  # one connection throughout
            session = AsyncSession(bind=connection)
            try:
                before = tuple((await session.execute(text(search))).one())
                for prefix in ["王", "李", "张", "陈", "林", "黄", "吴", "郑"]:
                    await CustomerRepository(session).search(
                        principal, CustomerFilter(name_prefix=prefix), after=None, limit=21, people=People.of(None, None)
                    )
                after = tuple((await session.execute(text(search))).one())
            finally:
                await session.close()
    finally:
        acting_for.reset(token)
    generic, custom = after[0] - before[0], after[1] - before[1]
    # Every execution ran the one plan (``ONE_PLAN``: force_generic_plan on the read engine), none
    # was planned for its values, whatever PostgreSQL's estimates of the surnames would have chosen.
    assert (generic, custom) == (8, 0), (generic, custom)


async def test_a_branchs_name_search_reads_its_index_range_in_the_general_plan(client, services):
    """The general plan of a branch's name search (the one PostgreSQL keeps) reads the branch's
    pinyin-ordered index over the name key's range: the range's ends are bound comparisons, which
    a general plan can use as index conditions (``^@`` with a bound prefix it could only filter
    by), and the scope's prefix is written in, not bound."""
    from sqlalchemy import event

    from backend.customers.repository import CustomerFilter, CustomerRepository, People
    from backend.db.tenancy import acting_for, banks_of

    principal = await principal_of(client, services, "fz1.manager")
    seen: list[tuple[str, tuple]] = []

    def capture(_conn, _cursor, statement, parameters, *_args) -> None:  # noqa: ANN001
        if "name_sort" in statement and "LIMIT" in statement:
            seen.append((statement, tuple(parameters)))

    token = acting_for.set(banks_of(principal))
    event.listen(services.db.replica.sync_engine, "before_cursor_execute", capture)
    try:
        async with services.db.replica.connect() as connection:
            session = AsyncSession(bind=connection)
            try:
                await CustomerRepository(session).search(
                    principal, CustomerFilter(name_prefix="王"), after=None, limit=21, people=People.of(None, None)
                )
                sql, values = seen[-1]
                assert f"customers.org_path ^@ '{principal.scope_path}'" in sql  # written in
                assert "customers.name_sort >= $" in sql and "customers.name_sort < $" in sql and "name_sort ^@" not in sql
                raw = (await connection.get_raw_connection()).driver_connection
                await raw.execute(f"SET plan_cache_mode = force_generic_plan; PREPARE general_plan AS {sql}")
                try:
                    # EXECUTE takes no bound values: the request's, written as literals.
                    arguments = ", ".join(str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'" for v in values)
                    plan = await raw.fetchval(f"EXPLAIN (FORMAT JSON) EXECUTE general_plan({arguments})")
                    plan = json.loads(plan) if isinstance(plan, str) else plan  # (the dialect may decode JSON itself)
                finally:
                    await raw.execute("DEALLOCATE general_plan; RESET plan_cache_mode")
            finally:
                await session.close()
    finally:
        event.remove(services.db.replica.sync_engine, "before_cursor_execute", capture)
        acting_for.reset(token)
    scans = [node for node in _nodes(plan[0]["Plan"]) if node.get("Relation Name", "").startswith("customers")]
    assert scans, plan
    conditions = " ".join(node.get("Index Cond", "") for node in scans)
    assert "name_sort >= ($" in conditions and "name_sort < ($" in conditions, scans


def _nodes(node: dict):  # noqa: ANN202
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def test_one_plan_only_for_a_search_whose_values_cannot_change_its_best_plan():
    """``ONE_PLAN`` marks a page or count only where no value decides between two indexes: the
    name key's range (with its end) in the name order, an identifier's blind index, a keyset
    position; never an update-time range, a village, a region or a manager."""
    from backend.customers.repository import _one_plan

    name = {"name_key": "wang2", "name_key_end": "wang3", "name_prefix": "王"}
    assert _one_plan(name, by_name=True) and _one_plan({**name, "after_value": "wang2 王五", "after_id": 1}, by_name=True)
    assert _one_plan({}, by_name=False) and _one_plan({"id_number_bidx": b"x"}, by_name=True)
    assert not _one_plan(name, by_name=False)  # in the update order, how many names the key keeps picks the index
    assert not _one_plan({"name_key": "x", "name_prefix": "x"}, by_name=True)  # no end: ``^@``, no range
    for value in ("village_code", "region_code", "manager_id", "updated_from", "updated_to"):
        assert not _one_plan({**name, value: "1"}, by_name=True), value
