"""One async engine per process, traced, and the plain DSN that asyncpg's LISTEN needs."""

import asyncio
import logging

from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

log = logging.getLogger(__name__)


def create_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    # hide_parameters: error messages must not quote rows (names, phones, identity numbers).
    engine = create_async_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, hide_parameters=True
    )
    # Statements are traced with their placeholders only: parameters (personal data) are not.
    SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine, enable_commenter=False)
    return engine


def asyncpg_dsn(url: str) -> str:
    """`postgresql+asyncpg://…` as plain libpq syntax, for a raw asyncpg connection."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def wait_for_database(engine: AsyncEngine, attempts: int = 60) -> None:
    for attempt in range(attempts):
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return
        except Exception as error:
            if attempt == attempts - 1:
                raise
            log.warning("database not ready (%s), retrying", type(error).__name__)
            await asyncio.sleep(min(0.2 * 2**attempt, 2.0))
