"""A change's statements are planned once per connection (``backend.db.session.keyed_plans``): by
default PostgreSQL plans a statement on a table partitioned by bank anew at every execution."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from backend.db.session import keyed_plans, transaction
from backend.errors import DomainError
from tests.customers.archive_fixtures import CREATE, archive
from tests.helpers import gql, login
from tests.platform.test_tenant_rls import principal_of

PLANS = """SELECT generic_plans, custom_plans FROM pg_prepared_statements
WHERE statement LIKE 'SELECT customers.bank_id, customers.id,%FOR UPDATE%'"""


async def test_a_change_plans_its_statements_once_and_only_for_its_transaction(client, services):
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "channel": "PC"}}, token=cm)
    cid = uuid.UUID(created["data"]["createArchive"]["customer"]["id"])
    principal = await principal_of(client, services, "fz1.cm1")
    async with services.db.sessions() as session:
        for _ in range(3):  # three changes on one connection, each in its own transaction
            try:
                await services.customers(session).submit(principal, cid, 99)  # a stale version: refused after the lock
            except DomainError:
                pass
            assert await session.scalar(text("SELECT current_setting('plan_cache_mode')")) == "force_generic_plan"
            await session.rollback()
            assert await session.scalar(text("SELECT current_setting('plan_cache_mode')")) == "auto"  # LOCAL: gone with it
            await session.rollback()
        generic, custom = (await session.execute(text(PLANS))).one()
    # The archive locked by id, three times: one plan made and kept, none made for the values.
    assert (generic, custom) == (3, 0)


async def test_keyed_plans_is_a_setting_of_the_transaction(services):
    async with transaction(services.db.sessions) as session:
        await keyed_plans(session)
        assert await session.scalar(text("SELECT current_setting('plan_cache_mode')")) == "force_generic_plan"
    async with transaction(services.db.sessions) as session:
        assert await session.scalar(text("SELECT current_setting('plan_cache_mode')")) == "auto"
