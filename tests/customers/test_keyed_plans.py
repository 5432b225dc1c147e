"""A change's statements are planned once per connection (``backend.db.session.keyed_plans``): by
default PostgreSQL plans a statement on a table partitioned by bank anew at every execution."""

from __future__ import annotations

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
