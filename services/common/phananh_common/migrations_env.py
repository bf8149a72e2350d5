"""The body of every service's Alembic `env.py`: online migrations over the async engine."""

import asyncio

from alembic import context
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine


def _migrate(connection, target_metadata) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


async def _run(url: str, target_metadata) -> None:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(_migrate, target_metadata)
        await connection.commit()
    await engine.dispose()


def run_migrations(target_metadata: list[MetaData]) -> None:
    url = context.config.attributes.get("database_url") or context.config.get_main_option(
        "sqlalchemy.url"
    )
    asyncio.run(_run(url, target_metadata))
