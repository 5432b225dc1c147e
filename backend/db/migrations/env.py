import asyncio
import re

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

from backend.db.base import Base, import_all_models
from backend.db.engine import async_url

import_all_models()
target_metadata = Base.metadata


# A table partitioned by bank has one partition per bank, made by the import at run time
# (``backend.db.copy.swap_bank_partition``): not in the models, and not for autogenerate to drop.
BY_BANK = {t.name for t in target_metadata.tables.values() if t.dialect_options["postgresql"].get("partition_by")}
PARTITION = re.compile(r"^(?P<parent>\w+)_b\d+$")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    found = PARTITION.match(name or "") if type_ == "table" and reflected and compare_to is None else None
    return not (found and found["parent"] in BY_BANK)


def do_run_migrations(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True, include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = create_async_engine(async_url(context.config.get_main_option("sqlalchemy.url")))
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=context.config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(run_async_migrations())
